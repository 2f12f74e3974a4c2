import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  completionAt,
  type CompletionEntry,
} from "../../../server/src/core/completion";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../server/src/core/document";
import { parseDocument } from "../../../server/src/core/languageService";
import { corpus, example } from "../../support/configFixtures";
import { appendConfig } from "../../support/configAnalysis";

const TOKYO = example("tokyo.ios");
const fixture = (path: string): string =>
  readFileSync(join(__dirname, "../../fixtures", path), "utf8");
const ZONE_FIREWALL = fixture("configs/zone-firewall.ios");
const FLEX_HUB = fixture("peers/flexvpn/hub.ios");
const GRE = fixture("configs/gre-over-ipsec.ios");
const CRYPTO_MAP = corpus("cfg_batfish_ios-crypto-map.cfg");

/**
 * Completion at a `|` in a line inserted into a config after the line `after` (or at the end):
 * the line is typed by the user, so it is part of the document as the server would see it.
 */
function complete(
  config: string,
  typed: string,
  after?: string,
): CompletionEntry[] {
  const lines = config.split(/\r?\n/);
  const at = after === undefined ? lines.length : lines.indexOf(after) + 1;
  assert.ok(after === undefined || at > 0, `line not found: ${after}`);
  const character = typed.indexOf("|");
  lines.splice(at, 0, typed.replace("|", ""));
  const parsed = parseDocument(
    {
      uri: "file:///lab/r.ios",
      languageId: "cisco-ios",
      text: lines.join("\n"),
    },
    DEFAULT_ANALYSIS_SETTINGS,
  );
  return completionAt(parsed, { line: at, character });
}

const labels = (items: CompletionEntry[]): string[] =>
  items.map((i) => i.label);
const inserts = (items: CompletionEntry[]): string[] =>
  items.map((i) => i.insertText);

function includesAll(actual: string[], expected: string[]): void {
  for (const e of expected) {
    assert.ok(actual.includes(e), `${e} missing from ${actual.join(" | ")}`);
  }
}

describe("completion", () => {
  it("offers the crypto commands at the top level, with snippets", () => {
    const items = complete(TOKYO, "|");
    includesAll(inserts(items), [
      "crypto isakmp policy",
      "crypto isakmp key",
      "crypto ipsec transform-set",
      "crypto map",
      "crypto dynamic-map",
      "crypto keyring",
      "crypto ipsec profile",
    ]);
    const policy = items.find((i) => i.insertText === "crypto isakmp policy")!;
    assert.equal(policy.kind, "command");
    assert.equal(policy.snippet, "crypto isakmp policy ${1:priority}$0");
    assert.ok(policy.documentation);
    const key = items.find((i) =>
      i.label.startsWith("crypto isakmp key <key> address"),
    )!;
    assert.equal(
      key.snippet,
      "crypto isakmp key ${1:key} address ${2:peer-address}$0",
    );
    // Existing names become snippet choices.
    const map = items.find(
      (i) => i.label === "crypto map <crypto-map> <sequence> ipsec-isakmp",
    )!;
    assert.match(map.snippet!, /\$\{1\|mjlnetmap\|\}/);
  });

  it("continues a command word by word and replaces only the word being typed", () => {
    const items = complete(TOKYO, "crypto isakmp po|");
    includesAll(inserts(items), ["policy", "key", "profile"]);
    const policy = items.find((i) => i.insertText === "policy")!;
    assert.deepEqual(policy.range.start.character, "crypto isakmp ".length);
    assert.deepEqual(policy.range.end.character, "crypto isakmp po".length);
    includesAll(inserts(complete(TOKYO, "crypto |")), [
      "isakmp policy",
      "ipsec transform-set",
      "map",
      "keyring",
    ]);
  });

  it("offers policy attributes and their values inside crypto isakmp policy", () => {
    includesAll(inserts(complete(TOKYO, " |", " authentication pre-share")), [
      "encryption",
      "hash",
      "authentication",
      "group",
      "lifetime",
    ]);
    includesAll(
      labels(complete(TOKYO, " encryption |", " authentication pre-share")),
      ["des", "3des", "aes", "aes 256"],
    );
    includesAll(
      labels(complete(TOKYO, " encryption aes |", " authentication pre-share")),
      ["192", "256"],
    );
    includesAll(
      labels(complete(TOKYO, " hash |", " authentication pre-share")),
      ["md5", "sha", "sha256"],
    );
    includesAll(
      labels(complete(TOKYO, " authentication |", " authentication pre-share")),
      ["pre-share", "rsa-sig"],
    );
    const groups = complete(TOKYO, " group |", " authentication pre-share");
    includesAll(labels(groups), ["2", "14", "19"]);
    assert.match(groups.find((g) => g.label === "1")!.detail!, /broken/);
  });

  it("completes IKEv2 proposals, keyring peers, profiles and set ikev2-profile", () => {
    const ikev2 = [
      TOKYO.replace(/^end\s*$/m, ""),
      "crypto ikev2 proposal PROP",
      " encryption aes-cbc-256",
      "crypto ikev2 keyring KR",
      " peer OSAKA",
      "  address 172.16.6.2",
      "crypto ikev2 profile PROF",
      " keyring local KR",
      "",
    ].join("\n");
    includesAll(inserts(complete(ikev2, "|")), [
      "crypto ikev2 proposal",
      "crypto ikev2 policy",
      "crypto ikev2 keyring",
      "crypto ikev2 profile",
    ]);
    includesAll(inserts(complete(ikev2, " |", " encryption aes-cbc-256")), [
      "encryption",
      "integrity",
      "prf",
      "group",
    ]);
    const ciphers = complete(ikev2, " encryption |", " encryption aes-cbc-256");
    includesAll(labels(ciphers), ["aes-cbc-256", "aes-gcm-128", "3des"]);
    assert.match(ciphers.find((c) => c.label === "des")!.detail!, /broken/);
    // Inside the keyring's peer: the peer's own commands, not the keyring's.
    const peer = inserts(complete(ikev2, "  |", "  address 172.16.6.2"));
    includesAll(peer, [
      "pre-shared-key local",
      "pre-shared-key remote",
      "hostname",
    ]);
    assert.ok(!peer.includes("peer"));
    includesAll(inserts(complete(ikev2, " |", " keyring local KR")), [
      "match identity remote address",
      "authentication local",
      "authentication remote",
      "keyring local",
    ]);
    assert.deepEqual(
      labels(complete(ikev2, " authentication local |", " keyring local KR")),
      ["pre-share", "rsa-sig", "ecdsa-sig"],
    );
    assert.deepEqual(
      labels(complete(ikev2, " set ikev2-profile |", " match address 101")),
      ["PROF"],
    );
    assert.deepEqual(
      labels(complete(ikev2, " keyring local |", " keyring local KR")),
      ["KR"],
    );
  });

  it("offers the commands of a crypto map entry", () => {
    includesAll(inserts(complete(TOKYO, " |", " match address 101")), [
      "set peer",
      "set transform-set",
      "match address",
      "set pfs",
      "set security-association lifetime",
      "set isakmp-profile",
      "set identity",
      "reverse-route",
    ]);
    const withIdentity = appendConfig(
      TOKYO,
      "crypto identity from-mjlnet\n fqdn Niigata.mjlnet.com\n",
    );
    assert.deepEqual(
      labels(complete(withIdentity, " set identity |", " match address 101")),
      ["from-mjlnet"],
    );
    includesAll(labels(complete(TOKYO, " set pfs |", " match address 101")), [
      "group2",
      "group14",
      "group19",
    ]);
    includesAll(
      labels(
        complete(
          TOKYO,
          " set security-association lifetime |",
          " match address 101",
        ),
      ),
      ["seconds", "kilobytes"],
    );
    assert.deepEqual(
      labels(
        complete(
          TOKYO,
          " set security-association lifetime kilobytes |",
          " match address 101",
        ),
      ),
      ["disable"],
    );
  });

  it("offers `disable` after the global and IPsec profile `lifetime kilobytes`", () => {
    assert.deepEqual(
      labels(
        complete(
          TOKYO,
          "crypto ipsec security-association lifetime kilobytes |",
        ),
      ),
      ["disable"],
    );
    assert.deepEqual(
      labels(
        complete(
          appendConfig(TOKYO, "crypto ipsec profile P\n set pfs group14\n"),
          " set security-association lifetime kilobytes |",
          " set pfs group14",
        ),
      ),
      ["disable"],
    );
  });

  it("offers names already defined where a name is expected", () => {
    assert.deepEqual(
      labels(complete(TOKYO, " match address |", " match address 101")),
      ["101"],
    );
    assert.deepEqual(
      labels(complete(TOKYO, " set transform-set |", " match address 101")),
      ["mjlnet"],
    );
    assert.deepEqual(
      labels(
        complete(
          TOKYO,
          " crypto map |",
          " ip address 172.16.5.1 255.255.255.0",
        ),
      ),
      ["mjlnetmap"],
    );
    assert.deepEqual(
      labels(complete(TOKYO, " set peer |", " match address 101")),
      ["172.16.6.2"],
    );
    const reference = complete(
      TOKYO,
      " match address |",
      " match address 101",
    )[0]!;
    assert.equal(reference.kind, "reference");
    includesAll(
      labels(
        complete(CRYPTO_MAP, " set isakmp-profile |", " set peer 1.2.3.4"),
      ),
      ["ISAKMP-PROFILE", "ISAKMP-PROFILE-MATCHED"],
    );
    includesAll(
      labels(
        complete(
          CRYPTO_MAP,
          "   keyring |",
          "   match identity address 1.2.3.4 255.255.255.255",
        ),
      ),
      ["KEYRING", "KEYRING_MATCHED"],
    );
    assert.deepEqual(
      labels(
        complete(
          CRYPTO_MAP,
          " tunnel protection ipsec profile |",
          " tunnel mode ipsec ipv4",
        ),
      ),
      ["IPSEC-PROFILE1"],
    );
    includesAll(
      labels(
        complete(CRYPTO_MAP, "crypto map mymap 40 ipsec-isakmp dynamic |"),
      ),
      ["mydynamicmap"],
    );
    includesAll(
      labels(
        complete(
          CRYPTO_MAP,
          " ip access-group |",
          " ip address 2.3.4.6 255.255.255.0",
        ),
      ),
      ["ACL"],
    );
    includesAll(
      labels(
        complete(
          CRYPTO_MAP,
          " ip access-group ACL |",
          " ip address 2.3.4.6 255.255.255.0",
        ),
      ),
      ["in", "out"],
    );
  });

  it("does not offer a transform set twice on one line", () => {
    const items = labels(
      complete(CRYPTO_MAP, " set transform-set ts1 |", " set peer 3.4.5.6"),
    );
    assert.deepEqual(items, ["ts2"]);
  });

  it("offers transforms that still fit the transform set", () => {
    const first = labels(complete(TOKYO, "crypto ipsec transform-set NEW |"));
    includesAll(first, [
      "esp-aes",
      "esp-aes 256",
      "esp-gcm",
      "esp-sha256-hmac",
      "ah-sha-hmac",
    ]);
    const afterCipher = labels(
      complete(TOKYO, "crypto ipsec transform-set NEW esp-aes 256 |"),
    );
    includesAll(afterCipher, ["esp-sha256-hmac", "esp-sha-hmac"]);
    assert.ok(
      !afterCipher.includes("esp-des") && !afterCipher.includes("esp-gcm"),
      afterCipher.join(" "),
    );
    const afterGcm = labels(
      complete(TOKYO, "crypto ipsec transform-set NEW esp-gcm 256 |"),
    );
    assert.ok(!afterGcm.some((l) => /^esp-/.test(l)), afterGcm.join(" "));
    includesAll(afterGcm, ["comp-lzs"]);
  });

  it("offers an IPv6 crypto map entry IPv6 ACLs and IPv6 peers, and IPv6 maps to `ipv6 crypto map`", () => {
    const hq = readFileSync(
      join(__dirname, "../../fixtures/peers/ipv6-crypto-map/hq.ios"),
      "utf8",
    );
    assert.deepEqual(
      labels(
        complete(hq, " match address |", " match address BRANCH-V6-TRAFFIC"),
      ),
      ["BRANCH-V6-TRAFFIC"],
    );
    assert.deepEqual(
      labels(
        complete(hq, " match address |", " match address BRANCH-V4-TRAFFIC"),
      ),
      ["BRANCH-V4-TRAFFIC"],
    );
    assert.deepEqual(
      labels(complete(hq, " set peer |", " match address BRANCH-V6-TRAFFIC")),
      ["2001:DB8:FFFF:1::2"],
    );
    assert.deepEqual(
      labels(complete(hq, " ipv6 crypto map |", " ipv6 crypto map BRANCH-V6")),
      ["BRANCH-V6"],
    );
    includesAll(labels(complete(hq, "crypto map ipv6 BRANCH-V6 |")), ["20"]);
  });

  it("suggests the next free policy and sequence numbers", () => {
    assert.deepEqual(labels(complete(TOKYO, "crypto isakmp policy |")), ["20"]);
    includesAll(labels(complete(TOKYO, "crypto map mjlnetmap |")), ["20"]);
  });

  it("offers interface and section commands by mode", () => {
    includesAll(
      inserts(complete(TOKYO, " |", " ip address 172.16.5.1 255.255.255.0")),
      [
        "crypto map",
        "ip access-group",
        "ip nat",
        "tunnel protection ipsec profile",
      ],
    );
    includesAll(
      inserts(complete(CRYPTO_MAP, "   |", "   keepalive 10 retry 3")),
      ["keyring", "match identity address", "ca trust-point"],
    );
    includesAll(
      inserts(
        complete(
          CRYPTO_MAP,
          "  |",
          "  pre-shared-key address 3.4.5.6 key psk2",
        ),
      ),
      ["pre-shared-key address", "local-address"],
    );
    includesAll(inserts(complete(CRYPTO_MAP, "  |", "  set pfs group14")), [
      "set transform-set",
      "set pfs",
      "set isakmp-profile",
    ]);
    includesAll(inserts(complete(CRYPTO_MAP, " |", " mode tunnel")), ["mode"]);
    includesAll(labels(complete(CRYPTO_MAP, " mode |", " mode tunnel")), [
      "tunnel",
      "transport",
    ]);
  });

  it("offers nothing in comments, unknown sections, captures and after a complete command", () => {
    assert.deepEqual(complete(TOKYO, "! crypto |"), []);
    assert.deepEqual(
      complete(
        "router bgp 65000\n neighbor 10.0.0.1 remote-as 65001\n",
        " |",
        " neighbor 10.0.0.1 remote-as 65001",
      ),
      [],
    );
    assert.deepEqual(
      complete(TOKYO, " reverse-route |", " match address 101"),
      [],
    );
    const capture = parseDocument(
      {
        uri: "file:///x.ioslog",
        languageId: "cisco-ios-log",
        text: "crypto \n",
      },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.deepEqual(completionAt(capture, { line: 0, character: 7 }), []);
  });

  it("offers no command that is only explained on hover (BGP, end)", () => {
    const top = inserts(complete(TOKYO, "|"));
    includesAll(top, ["crypto map", "hostname"]);
    assert.ok(
      !top.some((t) => t.startsWith("router") || t === "end"),
      top.join(" | "),
    );
  });

  it("offers a FlexVPN profile `virtual-template` with the config's Virtual-Template numbers", () => {
    assert.ok(
      inserts(complete(FLEX_HUB, " |", " keyring local FLEX-KR")).includes(
        "virtual-template",
      ),
    );
    const numbers = complete(
      FLEX_HUB,
      " virtual-template |",
      " keyring local FLEX-KR",
    );
    assert.deepEqual(
      numbers.map((i) => [i.label, i.detail]),
      [["1", "interface Virtual-Template1"]],
    );
  });

  it("offers both dead peer detection modes", () => {
    assert.deepEqual(
      labels(complete(FLEX_HUB, " dpd 60 2 |", " keyring local FLEX-KR")),
      ["on-demand", "periodic"],
    );
    assert.deepEqual(labels(complete(TOKYO, "crypto ikev2 dpd 60 2 |")), [
      "on-demand",
      "periodic",
    ]);
    const dpd = complete(FLEX_HUB, " |", " keyring local FLEX-KR").find(
      (i) => i.insertText === "dpd",
    )!;
    assert.equal(
      dpd.snippet,
      "dpd ${1:seconds} ${2:retry-seconds} ${3|on-demand,periodic|}$0",
    );
  });

  it("offers the built-in zone `self` as a zone-pair's source and destination", () => {
    const source = complete(ZONE_FIREWALL, "zone-pair security ZP source |");
    assert.deepEqual(labels(source), ["INSIDE", "OUTSIDE", "self"]);
    assert.match(source[2]!.detail!, /the router itself/);
    assert.deepEqual(
      labels(
        complete(
          ZONE_FIREWALL,
          "zone-pair security ZP source INSIDE destination |",
        ),
      ),
      ["INSIDE", "OUTSIDE", "self"],
    );
  });

  it("does not offer `self` to an interface's zone-member line", () => {
    assert.deepEqual(
      labels(
        complete(ZONE_FIREWALL, " zone-member security |", " description LAN"),
      ),
      ["INSIDE", "OUTSIDE"],
    );
  });

  it("inserts only the required words of a firewall action", () => {
    const items = complete(ZONE_FIREWALL, "  |", "  inspect");
    const byLabel = new Map(items.map((i) => [i.label, i]));
    assert.equal(byLabel.get("pass [log]")?.insertText, "pass");
    assert.equal(byLabel.get("pass [log]")?.snippet, "pass$0");
    assert.equal(byLabel.get("drop [log]")?.insertText, "drop");
    assert.equal(
      byLabel.get("inspect [<parameter-map>]")?.insertText,
      "inspect",
    );
  });

  it("leaves the interface being configured out of `tunnel source`", () => {
    assert.deepEqual(
      labels(
        complete(GRE, " tunnel source |", " tunnel source GigabitEthernet0/0"),
      ),
      ["Tunnel1", "GigabitEthernet0/0", "GigabitEthernet0/1"],
    );
  });

  describe("in a crypto ACL", () => {
    const after = " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255";

    it("offers protected traffic, not the interface filter's IKE and ESP lines", () => {
      const permit = labels(complete(ZONE_FIREWALL, " permit |", after));
      assert.ok(
        !permit.some((l) => / any any/.test(l)),
        `filter lines offered: ${permit.join(" | ")}`,
      );
      assert.ok(permit.some((l) => l.startsWith("ip <source>")));
      // An ACL no crypto map names still gets the filter lines.
      const filter = labels(
        complete(
          ZONE_FIREWALL,
          " permit |",
          " permit ip 10.20.0.0 0.0.0.255 10.10.0.0 0.0.0.255",
        ),
      );
      includesAll(filter, ["udp any any eq isakmp", "esp any any"]);
    });

    it("offers the LAN as source and known destinations, `host`, and `any` last", () => {
      const source = complete(ZONE_FIREWALL, " permit ip |", after);
      const values = source.filter((i) => i.kind === "value");
      assert.deepEqual(
        values.map((i) => [i.label, i.detail?.split(";")[0]]),
        [
          ["10.10.0.0 0.0.0.255", "network of GigabitEthernet0/1"],
          ["host", "one address"],
          ["any", "every address"],
        ],
      );
      const sorted = [...source].sort((a, b) =>
        a.sortText.localeCompare(b.sortText),
      );
      assert.equal(sorted[sorted.length - 1]!.label, "any");
      assert.deepEqual(
        labels(complete(ZONE_FIREWALL, " permit ip host |", after)),
        ["10.10.0.1"],
      );
      assert.deepEqual(
        labels(
          complete(ZONE_FIREWALL, " permit ip host 10.10.0.1 |", after),
        ).slice(0, 3),
        ["10.20.0.0 0.0.0.255", "host", "any"],
      );
      assert.deepEqual(
        labels(complete(ZONE_FIREWALL, " permit ip 10.10.0.0 |", after)),
        ["0.0.0.255"],
      );
    });
  });

  it("completes after `no` like the positive command", () => {
    includesAll(inserts(complete(TOKYO, "no crypto isakmp |")), ["enable"]);
  });
});

describe("completion: trustpoints", () => {
  const pki = fixture("peers/certificate-chains/tokyo.ios");

  it("offers the revocation checks and auto-enroll in a trustpoint", () => {
    const labels = complete(pki, " |", " revocation-check none").map(
      (c) => c.label,
    );
    for (const expected of [
      "revocation-check crl",
      "revocation-check ocsp",
      "auto-enroll",
      "enrollment",
    ]) {
      assert.ok(
        labels.some((l) => l.startsWith(expected)),
        `${expected} among ${labels.join(", ")}`,
      );
    }
  });
});
