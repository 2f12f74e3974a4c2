import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { applyFix, assertFixesCure } from "../../../support/fixes";

describe("checks/cryptoMapChecks", () => {
  describe("isakmp-disabled", () => {
    const text = fixture("isakmp-disabled.ios");

    it("flags `no crypto isakmp` while an ipsec-isakmp map exists, on that line", () => {
      const [f, ...rest] = findingsOf(analyse(text), "isakmp-disabled");
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(f.severity, "error");
      assert.equal(textAt(text, f.range), "no crypto isakmp");
      assert.match(f.message, /mjlnetmap 10/);
      assert.ok(
        f.related?.some(
          (r) =>
            textAt(text, r.range) === "crypto map mjlnetmap 10 ipsec-isakmp",
        ),
      );
    });

    it("offers crypto isakmp enable in place of the line, and it cures", () => {
      const [result] = assertFixesCure(text, "isakmp-disabled");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.deepEqual(result.fix.cli, ["crypto isakmp enable"]);
      assert.match(result.after, /^crypto isakmp enable$/m);
      assert.doesNotMatch(result.after, /^no crypto isakmp/m);
    });

    it("also reads `no crypto isakmp enable` and counts tunnel protection as a user", () => {
      const vti = [
        "version 15.4",
        "no crypto isakmp enable",
        "crypto ipsec transform-set T esp-aes esp-sha-hmac",
        "crypto ipsec profile P",
        " set transform-set T",
        "interface Tunnel0",
        " ip address 10.0.0.1 255.255.255.252",
        " tunnel destination 192.0.2.2",
        " tunnel protection ipsec profile P",
        "interface Gi0/0",
        " ip address 192.0.2.1 255.255.255.0",
      ].join("\n");
      const [f] = findingsOf(analyse(vti), "isakmp-disabled");
      assert.ok(f);
      assert.match(f.message, /Tunnel0/);
    });

    it("stays quiet when nothing needs IKE: manual keying only, or ISAKMP left on", () => {
      const manual = text
        .replace(
          "crypto map mjlnetmap 10 ipsec-isakmp",
          "crypto map mjlnetmap 10 ipsec-manual",
        )
        .concat("");
      assert.deepEqual(findingsOf(analyse(manual), "isakmp-disabled"), []);
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "isakmp-disabled"),
        [],
      );
      const noMaps =
        "version 12.3\nno crypto isakmp\ncrypto isakmp policy 10\n authentication pre-share\n";
      assert.deepEqual(findingsOf(analyse(noMaps), "isakmp-disabled"), []);
    });
  });

  describe("crypto-map-not-applied on shut interfaces", () => {
    const text = peerFixture("shut-wan", "branch.ios");

    it("warns when every interface the map is on is shut down, and brings it up", () => {
      const [f, ...rest] = findingsOf(analyse(text), "crypto-map-not-applied");
      assert.equal(rest.length, 0);
      assert.equal(f!.severity, "warning");
      assert.equal(textAt(text, f!.range), "VPN");
      assert.match(
        f!.message,
        /^Crypto map VPN is applied only to GigabitEthernet0\/0 \(shut down\)/,
      );
      const [cured] = assertFixesCure(text, "crypto-map-not-applied");
      assert.deepEqual(cured!.fix.cli, [
        "interface GigabitEthernet0/0",
        " no shutdown",
      ]);
      assert.doesNotMatch(cured!.after, /^ shutdown$/m);
    });

    it("also when the interface has no address in a whole config, and offers one", () => {
      const noAddress = text
        .replace(" shutdown\n", "")
        .replace(" ip address dhcp\n", " no ip address\n");
      const [f] = findingsOf(analyse(noAddress), "crypto-map-not-applied");
      assert.match(f!.message, /GigabitEthernet0\/0 \(without an address\)/);
      assertFixesCure(noAddress, "crypto-map-not-applied", {
        address: "198.51.100.7",
        mask: "255.255.255.0",
      });
      const excerpt = noAddress.replace(/^version .*\n/m, "");
      assert.deepEqual(
        findingsOf(analyse(excerpt), "crypto-map-not-applied"),
        [],
      );
    });
  });

  describe("crypto-map-not-applied", () => {
    const text = fixture("map-faults.ios");

    it("flags a map with entries that no interface carries, on its name", () => {
      const found = findingsOf(analyse(text), "crypto-map-not-applied");
      const lonely = found.find((f) => textAt(text, f.range) === "LONELY");
      assert.ok(lonely, found.map((f) => f.message).join("\n"));
      assert.equal(lonely.severity, "warning");
      assert.match(lonely.message, /GigabitEthernet0\/0.*crypto map MAIN/);
    });

    it("moves the entries into the map of the interface that faces the peer", () => {
      const results = assertFixesCure(text, "crypto-map-not-applied");
      const merge = results.find((r) =>
        /into crypto map MAIN/.test(r.fix.title),
      );
      assert.ok(merge);
      assert.equal(merge.fix.isPreferred, true);
      assert.match(merge.after, /^crypto map MAIN 50 ipsec-isakmp$/m);
      assert.deepEqual(merge.fix.cli?.slice(0, 2), [
        "no crypto map LONELY 10",
        "crypto map MAIN 50 ipsec-isakmp",
      ]);
    });

    it("applies the map to the exit toward the peer when that interface is free", () => {
      const free = fixture("seed-tokyo.ios").replace(
        " crypto map mjlnetmap\n",
        "",
      );
      const [f] = findingsOf(analyse(free), "crypto-map-not-applied");
      assert.ok(f);
      assert.match(f.message, /leaves through Serial4\/0/);
      const [result] = assertFixesCure(free, "crypto-map-not-applied");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.deepEqual(result.fix.cli, [
        "interface Serial4/0",
        " crypto map mjlnetmap",
      ]);
      assert.match(
        result.after,
        /interface Serial4\/0\n ip address 172\.16\.5\.1 255\.255\.255\.0\n crypto map mjlnetmap\n/,
      );
    });

    it("flags a dynamic map that no crypto map entry references, and adds the entry", () => {
      const found = findingsOf(analyse(text), "crypto-map-not-applied");
      const dyn = found.find((f) => textAt(text, f.range) === "DYN");
      assert.ok(dyn);
      const results = assertFixesCure(text, "crypto-map-not-applied");
      const add = results.find((r) => /dynamic DYN/.test(r.fix.title));
      assert.ok(add);
      assert.match(add.after, /^crypto map MAIN 50 ipsec-isakmp dynamic DYN$/m);
    });

    it("stays quiet on applied maps, a map defined only by local-address, and used dynamic maps", () => {
      assert.deepEqual(
        findingsOf(
          analyse(fixture("seed-tokyo.ios")),
          "crypto-map-not-applied",
        ),
        [],
      );
      const local =
        fixture("seed-tokyo.ios") +
        "crypto map OTHER local-address Serial4/0\n";
      assert.deepEqual(
        findingsOf(analyse(local), "crypto-map-not-applied"),
        [],
      );
      const dynamic = [
        "crypto dynamic-map D 10",
        " set transform-set T",
        "crypto map M 10 ipsec-isakmp dynamic D",
        "interface Gi0/0",
        " ip address 192.0.2.1 255.255.255.0",
        " crypto map M",
      ].join("\n");
      assert.deepEqual(
        findingsOf(analyse(dynamic), "crypto-map-not-applied"),
        [],
      );
    });
  });

  describe("crypto-map-incomplete", () => {
    const text = fixture("map-faults.ios");
    const found = () => findingsOf(analyse(text), "crypto-map-incomplete");

    it("flags entries without peer, match address or transform set, on the entry line", () => {
      const messages = found().map(
        (f) => `${textAt(text, f.range)} | ${f.message}`,
      );
      assert.ok(
        messages.some((m) =>
          /^crypto map MAIN 10 ipsec-isakmp \|.*set peer/.test(m),
        ),
        messages.join("\n"),
      );
      assert.ok(
        messages.some((m) =>
          /^crypto map MAIN 20 ipsec-isakmp \|.*match address/.test(m),
        ),
      );
      assert.ok(
        messages.some((m) =>
          /^crypto map MAIN 30 ipsec-isakmp \|.*set transform-set.*12\.4\(20\)T/.test(
            m,
          ),
        ),
      );
      assert.ok(
        messages.some((m) =>
          /^crypto map MAIN 40 ipsec-manual \|.*session-key/.test(m),
        ),
      );
      assert.ok(found().every((f) => f.severity === "error"));
    });

    it("fixes each by adding the missing line under the entry", () => {
      const results = assertFixesCure(text, "crypto-map-incomplete", {
        "peer-address": "192.0.2.3",
        "140": "140",
        spi: "300",
        "hex-key": "0123456789abcdef0123456789abcdef",
      });
      const transform = results.find((r) =>
        /set transform-set TS/.test(r.fix.title),
      );
      assert.ok(transform);
      assert.equal(transform.fix.isPreferred, true);
      assert.equal(transform.fix.snippet, undefined);
      assert.match(
        transform.after,
        /crypto map MAIN 30 ipsec-isakmp\n set peer 192\.0\.2\.3\n match address 120\n set transform-set TS\n/,
      );
      const peer = results.find((r) => /set peer/.test(r.fix.title));
      assert.ok(peer?.fix.snippet);
      assert.deepEqual(peer?.fix.cli, [
        "crypto map MAIN 10 ipsec-isakmp",
        " set peer <peer-address>",
      ]);
    });

    it("depends on the release for a missing transform set", () => {
      const noSet = fixture("seed-tokyo.ios").replace(
        " set transform-set mjlnet\n",
        "",
      );
      const on = (version: string) =>
        findingsOf(
          analyse(noSet.replace("version 12.3", version)),
          "crypto-map-incomplete",
        );
      assert.equal(on("version 12.3")[0]?.severity, "error");
      assert.equal(on("version 12.4")[0]?.severity, "warning");
      assert.deepEqual(on("version 15.1"), []);
      assert.deepEqual(on("version 16.9"), []);
      assert.equal(on("")[0]?.severity, "information");
      // An IKEv2 entry runs a release with default sets, whatever its version line says.
      const ikev2 = noSet.replace(
        " set peer 172.16.6.2\n",
        " set peer 172.16.6.2\n set ikev2-profile PROF\n",
      );
      assert.notEqual(ikev2, noSet);
      for (const version of ["version 12.3", ""]) {
        assert.deepEqual(
          findingsOf(
            analyse(ikev2.replace("version 12.3", version)),
            "crypto-map-incomplete",
          ),
          [],
          version,
        );
      }
    });

    it("reads a config saved while the pager ran as the terminal showed it", () => {
      const paged = fixture("pager-erased.ios");
      assert.ok(paged.includes("--More--"));
      assert.deepEqual(
        analyse(paged)
          .filter((f) => f.severity !== "information")
          .map((f) => f.code),
        [],
      );
    });

    it("does not ask a dynamic map entry for a peer or an ACL", () => {
      const dynamic = [
        "version 15.1",
        "crypto dynamic-map D 10",
        " set transform-set T",
        "crypto ipsec transform-set T esp-aes esp-sha-hmac",
        "crypto map M 10 ipsec-isakmp dynamic D",
      ].join("\n");
      assert.deepEqual(
        findingsOf(analyse(dynamic), "crypto-map-incomplete"),
        [],
      );
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "crypto-map-incomplete"),
        [],
      );
    });

    it("keeps the indentation of the entry's other lines when adding one", () => {
      const tabbed = fixture("map-faults.ios").replace(
        /^ (set|match)/gm,
        "  $1",
      );
      const [f] = findingsOf(analyse(tabbed), "crypto-map-incomplete");
      const fix = f?.fixes?.[0];
      assert.ok(fix);
      const after = applyFix(tabbed, fix, { "peer-address": "192.0.2.3" });
      assert.match(after, /\n {2}set peer 192\.0\.2\.3\n/);
    });
  });

  describe("IPv6 crypto maps", () => {
    // The head office of a dual-stack pair: `crypto map ipv6 BRANCH-V6 10` beside an IPv4 map.
    const hq = peerFixture("ipv6-crypto-map", "hq.ios");

    it("are quiet when applied by `ipv6 crypto map` and complete", () => {
      assert.deepEqual(
        analyse(hq).map((f) => f.code),
        [],
      );
    });

    it("flag an IPv6 map on no interface, and apply it where the route to the peer leaves", () => {
      const text = hq.replace(" ipv6 crypto map BRANCH-V6\n", "");
      const [f, ...rest] = findingsOf(analyse(text), "crypto-map-not-applied");
      assert.ok(f);
      assert.deepEqual(rest, []);
      assert.equal(textAt(text, f.range), "BRANCH-V6");
      assert.equal(
        f.message,
        "IPv6 crypto map BRANCH-V6 has 1 entry but no interface applies it, so no IPv6 traffic meets it and IKE is never triggered; the route toward peer 2001:DB8:FFFF:1::2 leaves through GigabitEthernet0/0. Apply it with `ipv6 crypto map BRANCH-V6` on the interface that faces the peer (`crypto map` applies only IPv4 maps).",
      );
      const [result] = assertFixesCure(text, "crypto-map-not-applied");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.deepEqual(result.fix.cli, [
        "interface GigabitEthernet0/0",
        " ipv6 crypto map BRANCH-V6",
      ]);
    });

    it("do not take `crypto map NAME` on an interface for the IPv6 map of that name", () => {
      const text = hq
        .replace(" ipv6 crypto map BRANCH-V6\n", "")
        .replace(" crypto map BRANCH-V4\n", " crypto map BRANCH-V6\n");
      const codes = analyse(text).map(
        (f) => `${f.code} ${textAt(text, f.range)}`,
      );
      assert.ok(
        codes.includes("crypto-map-not-applied BRANCH-V6"),
        codes.join("\n"),
      );
      assert.ok(
        codes.includes("crypto-map-not-applied BRANCH-V4"),
        codes.join("\n"),
      );
      assert.ok(
        codes.includes("undefined-reference BRANCH-V6"),
        codes.join("\n"),
      );
    });

    it("flag an entry without peer or ACL, offering the IPv6 keys and ACLs nothing else uses", () => {
      const text = hq
        .replace(" set peer 2001:DB8:FFFF:1::2\n", "")
        .replace(" match address BRANCH-V6-TRAFFIC\n", "");
      const found = findingsOf(analyse(text), "crypto-map-incomplete");
      assert.deepEqual(
        found.map((f) => f.message.split(":")[0]),
        [
          "crypto map ipv6 BRANCH-V6 10 has no `set peer`",
          "crypto map ipv6 BRANCH-V6 10 has no `match address`",
        ],
      );
      // The only candidates are offered as the placeholders' values.
      const results = assertFixesCure(text, "crypto-map-incomplete", {
        "2001:DB8:FFFF:1::2": "2001:DB8:FFFF:1::2",
        "BRANCH-V6-TRAFFIC": "BRANCH-V6-TRAFFIC",
      });
      assert.deepEqual(
        results.map((r) => r.fix.title),
        [
          "Add `set peer <2001:DB8:FFFF:1::2>` to crypto map ipv6 BRANCH-V6 10",
          "Add `match address <BRANCH-V6-TRAFFIC>` to crypto map ipv6 BRANCH-V6 10",
        ],
      );
      assert.match(
        results[0]!.after,
        /^crypto map ipv6 BRANCH-V6 10 ipsec-isakmp\n(?: .*\n)* set peer 2001:DB8:FFFF:1::2\n!/m,
      );
    });
  });

  describe("xauth-on-site-to-site", () => {
    const text = fixture("ezvpn-xauth-site-to-site.ios");

    it("flags the site-to-site key of a map that asks every peer for XAUTH, and marks it no-xauth", () => {
      const [f, ...rest] = findingsOf(analyse(text), "xauth-on-site-to-site");
      assert.ok(f);
      assert.deepEqual(rest, []);
      assert.equal(f.severity, "error");
      assert.equal(textAt(text, f.range), "203.0.113.190");
      assert.match(
        f.message,
        /^Crypto map CMAP asks every peer for XAUTH \(`crypto map CMAP client authentication list VPN-XAUTH`\), and the key for 203\.0\.113\.190, the peer of crypto map CMAP 10 /,
      );
      const [result] = assertFixesCure(text, "xauth-on-site-to-site");
      assert.match(
        result!.after,
        /^crypto isakmp key L2lKey2026 address 203\.0\.113\.190 no-xauth$/m,
      );
    });

    it("leaves maps without XAUTH, and peers with their own isakmp profile, alone", () => {
      const withoutXauth = text.replace(
        "crypto map CMAP client authentication list VPN-XAUTH\n",
        "",
      );
      assert.deepEqual(
        findingsOf(analyse(withoutXauth), "xauth-on-site-to-site"),
        [],
      );
      const profiled = text
        .replace(
          "crypto isakmp key L2lKey2026 address 203.0.113.190\n",
          "crypto keyring L2L\n pre-shared-key address 203.0.113.190 key L2lKey2026\ncrypto isakmp profile L2L\n keyring L2L\n match identity address 203.0.113.190 255.255.255.255\n",
        )
        .replace(
          " set peer 203.0.113.190\n",
          " set peer 203.0.113.190\n set isakmp-profile L2L\n",
        );
      assert.deepEqual(
        findingsOf(analyse(profiled), "xauth-on-site-to-site"),
        [],
      );
    });
  });
});
