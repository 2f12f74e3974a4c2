import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/referenceChecks", () => {
  const text = fixture("undefined-references.ios");
  const found = () => findingsOf(analyse(text), "undefined-reference");
  const at = (name: string) =>
    found().find((f) => textAt(text, f.range) === name);

  it("flags every kind of undefined name on the name itself", () => {
    for (const name of [
      "KR9",
      "CA9",
      "MYSTE",
      "PROF2",
      "CRYPTO-ACL",
      "PARTNERZ",
      "DYN-MISSING",
      "OUTSIDE-IN",
      "NOMAP",
      "VTI-PROFILE",
    ]) {
      assert.ok(
        at(name),
        `no finding on ${name}: ${found()
          .map((f) => f.message)
          .join("\n")}`,
      );
    }
    assert.equal(found().length, 10);
  });

  it("leaves defined names alone, whatever order they come in", () => {
    for (const name of [
      "KR1",
      "CA1",
      "MYSET",
      "PROF1",
      "GOOD",
      "CRYPTO-ACL2",
      "PARTNERS",
      "VTI-PROF",
      "CMAP",
    ]) {
      assert.equal(at(name), undefined, name);
    }
    const later =
      "interface Gi0/0\n crypto map LATER\ncrypto map LATER 10 ipsec-isakmp\n";
    assert.deepEqual(findingsOf(analyse(later), "undefined-reference"), []);
  });

  it("reports an undefined interface ACL as a warning: IOS permits all, the tunnel is unharmed", () => {
    const filter = at("OUTSIDE-IN");
    assert.equal(filter?.severity, "warning");
    assert.match(filter?.message ?? "", /permits all/);
    assert.equal(at("CRYPTO-ACL")?.severity, "error");
  });

  it("reports ACLs missing from vty, SNMP, NTP, HTTP and distribute-list commands as warnings", () => {
    const management = [
      "access-list 10 permit 192.0.2.10",
      "snmp-server community S3cret RO 11",
      "ntp access-group peer 12",
      "ip http access-class 13",
      "router ospf 1",
      " distribute-list 14 in",
      "line vty 0 4",
      " access-class 15 in",
      " access-class 10 out",
    ].join("\n");
    const missing = findingsOf(analyse(management), "undefined-reference");
    assert.deepEqual(
      missing.map((f) => [textAt(management, f.range), f.severity]),
      [
        ["11", "warning"],
        ["12", "warning"],
        ["13", "warning"],
        ["14", "warning"],
        ["15", "warning"],
      ],
    );
    assert.ok(missing.every((f) => !f.message.includes("S3cret")));
  });

  it("flags undefined zones, inspect class-maps and policy-maps of the zone-based firewall", () => {
    const text = [
      "zone security OUTSIDE",
      "class-map type inspect match-any MGMT",
      " match class-map NESTED",
      "policy-map type inspect PM",
      " class type inspect MGTM",
      "  inspect",
      "zone-pair security OUT-SELF source OUTSIDE destination self",
      " service-policy type inspect SELF-PM",
      "interface GigabitEthernet0/0",
      " zone-member security OUTSDE",
      "",
    ].join("\n");
    const found = findingsOf(analyse(text), "undefined-reference");
    assert.deepEqual(
      found.map((f) => textAt(text, f.range)),
      ["NESTED", "MGTM", "SELF-PM", "OUTSDE"],
    );
    assert.match(
      found[1]!.message,
      /^Inspect class-map MGTM is used here but never defined: .*Did you mean MGMT\?/,
    );
    assert.match(
      found[3]!.message,
      /^Security zone OUTSDE .*IOS requires a zone to exist/,
    );
    const acl = findingsOf(
      analyse(
        text.replace(
          " match class-map NESTED",
          " match access-group name PEERS",
        ),
      ),
      "undefined-reference",
    )[0];
    assert.equal(acl?.severity, "warning");
    assert.match(acl?.message ?? "", /firewall class-map then selects nothing/);
    // `self` is the router's own zone, never an undefined one.
    assert.ok(!found.some((f) => textAt(text, f.range) === "self"));
  });

  it("reports a `set identity` whose crypto identity is missing", () => {
    const config = "crypto map M 10 ipsec-isakmp\n set identity PARTNERS\n";
    const [f] = findingsOf(analyse(config), "undefined-reference");
    assert.equal(textAt(config, f!.range), "PARTNERS");
    assert.match(f!.message, /Crypto identity PARTNERS/);
  });

  it("suggests the near name, preferred when it is the only one, and points at it", () => {
    const typo = at("MYSTE");
    assert.match(typo?.message ?? "", /Did you mean MYSET\?/);
    const fix = typo?.fixes?.[0];
    assert.equal(fix?.title, "Change to transform set MYSET");
    assert.equal(fix?.isPreferred, true);
    assert.deepEqual(fix?.cli, [
      "crypto map CMAP 10 ipsec-isakmp",
      " set transform-set MYSET",
    ]);
    assert.ok(
      typo?.related?.some((r) =>
        textAt(text, r.range).startsWith("crypto ipsec transform-set MYSET"),
      ),
    );
  });

  it("says when the name exists as another kind", () => {
    const other = [
      "crypto isakmp profile PROFILE",
      "interface Tunnel1",
      " tunnel protection ipsec profile PROFILE",
    ].join("\n");
    const [f] = findingsOf(analyse(other), "undefined-reference");
    assert.match(
      f?.message ?? "",
      /defined as an ISAKMP profile, not an IPsec profile/,
    );
  });

  it("every fix cures its finding without a new error", () => {
    const results = assertFixesCure(text, "undefined-reference", {
      "esp-aes 256": "esp-aes 256",
      "esp-sha-hmac": "esp-sha-hmac",
      "local-network": "10.1.1.0",
      "local-wildcard": "0.0.0.255",
      "remote-network": "10.2.2.0",
      "remote-wildcard": "0.0.0.255",
      MYSET: "MYSET",
    });
    const titles = results.map((r) => r.fix.title);
    for (const expected of [
      "Change to keyring KR1",
      "Change to trustpoint CA1",
      "Change to ISAKMP profile PROF1",
      "Change to access list CRYPTO-ACL2",
      "Define access list CRYPTO-ACL",
      "Define transform set MYSTE",
      "Define dynamic map DYN-MISSING",
      "Define IPsec profile VTI-PROFILE",
      "Remove `crypto map NOMAP` from GigabitEthernet0/1",
      "Remove `ip access-group OUTSIDE-IN in` from GigabitEthernet0/0",
    ]) {
      assert.ok(
        titles.includes(expected),
        `${expected} not in ${titles.join(" / ")}`,
      );
    }
    const define = results.find(
      (r) => r.fix.title === "Define access list CRYPTO-ACL",
    );
    assert.match(
      define?.after ?? "",
      /^ip access-list extended CRYPTO-ACL\n permit ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255$/m,
    );
  });

  it("defines a numbered crypto ACL with its number, and no ACL outside the extended ranges", () => {
    const numbered = fixture("seed-tokyo.ios").replace(
      "match address 101",
      "match address 150",
    );
    const [f] = findingsOf(analyse(numbered), "undefined-reference");
    assert.ok(
      f?.fixes?.some(
        (x) =>
          x.cli?.[0] ===
          "access-list 150 permit ip <local-network> <local-wildcard> <remote-network> <remote-wildcard>",
      ),
    );
    const standard = fixture("seed-tokyo.ios").replace(
      "match address 101",
      "match address 77",
    );
    const [s] = findingsOf(analyse(standard), "undefined-reference");
    assert.ok(s && !s.fixes?.some((x) => x.title.startsWith("Define")));
  });

  it("names IPv6 crypto maps and the IPv6 ACLs of their entries, and defines a missing ACL as an IPv6 one", () => {
    const hq = peerFixture("ipv6-crypto-map", "hq.ios");
    const text = hq
      .replace(" ipv6 crypto map BRANCH-V6\n", " ipv6 crypto map BRANCH-V66\n")
      .replace(" match address BRANCH-V6-TRAFFIC\n", " match address V6-LAN\n");
    const refs = findingsOf(analyse(text), "undefined-reference");
    assert.deepEqual(
      refs.map((f) => [textAt(text, f.range), f.severity]),
      [
        ["V6-LAN", "error"],
        ["BRANCH-V66", "error"],
      ],
    );
    assert.equal(
      refs[0]!.message,
      "IPv6 access list V6-LAN is used here but never defined: the crypto map entry has no traffic to protect and IOS marks it incomplete.",
    );
    assert.equal(
      refs[1]!.message,
      "IPv6 crypto map BRANCH-V66 is used here but never defined: the interface encrypts no IPv6 traffic. Did you mean BRANCH-V6?",
    );
    const results = assertFixesCure(text, "undefined-reference", {
      "local-prefix/length": "2001:DB8:10::/48",
      "remote-prefix/length": "2001:DB8:20::/48",
    });
    const define = results.find(
      (r) => r.fix.title === "Define IPv6 access list V6-LAN",
    );
    assert.ok(define);
    assert.match(
      define.after,
      /^ipv6 access-list V6-LAN\n permit ipv6 2001:DB8:10::\/48 2001:DB8:20::\/48$/m,
    );
  });
});
