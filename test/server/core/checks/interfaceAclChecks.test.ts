import * as assert from "node:assert/strict";
import {
  appendConfig,
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

const SEED_OSAKA_ACL = fixture("seed-tokyo.ios")
  .replace("hostname Tokyo", "hostname Osaka")
  .replace(/172\.16\.6\.2/g, "PEER")
  .replace(
    " ip address 172.16.5.1 255.255.255.0\n crypto map mjlnetmap",
    " ip address 172.16.6.2 255.255.255.0\n ip access-group 102 in\n crypto map mjlnetmap",
  )
  .replace(/PEER/g, "172.16.5.1")
  .replace(
    "ip route 0.0.0.0 0.0.0.0 172.16.5.5",
    "ip route 0.0.0.0 0.0.0.0 172.16.6.5",
  )
  .replace("ip address 10.1.1.1", "ip address 10.2.2.1")
  .replace(
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
    [
      "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      "access-list 102 permit icmp any any",
      "access-list 102 permit esp any any",
      "access-list 102 permit ahp any any",
      "access-list 102 permit tcp any any",
      "access-list 102 permit udp any any eq domain",
      "access-list 102 permit udp any any eq ntp",
    ].join("\n"),
  );

describe("checks/interfaceAclChecks", () => {
  describe("acl-blocks-isakmp and acl-blocks-nat-t (seed 8-52 to 8-54)", () => {
    it("flags the implicit deny of ISAKMP and NAT-T on the access-group line", () => {
      const found = analyse(SEED_OSAKA_ACL);
      const [isakmp] = findingsOf(found, "acl-blocks-isakmp");
      const [natT] = findingsOf(found, "acl-blocks-nat-t");
      assert.ok(isakmp && natT);
      assert.equal(isakmp.severity, "error");
      assert.equal(natT.severity, "warning");
      assert.equal(
        textAt(SEED_OSAKA_ACL, isakmp.range),
        "ip access-group 102 in",
      );
      assert.match(
        isakmp.message,
        /ISAKMP \(UDP 500\) from peer 172\.16\.5\.1 to 172\.16\.6\.2 by the implicit deny/,
      );
      assert.ok(
        isakmp.related?.some(
          (r) =>
            textAt(SEED_OSAKA_ACL, r.range) ===
            "access-list 102 permit udp any any eq ntp",
        ),
      );
      assert.deepEqual(
        findingsOf(found, "acl-blocks-esp", "acl-blocks-ah"),
        [],
      );
    });

    it("appends the permit to the numbered ACL (preferred) or removes the ACL from the interface", () => {
      const results = assertFixesCure(SEED_OSAKA_ACL, "acl-blocks-isakmp");
      const permit = results.find((r) => r.fix.isPreferred);
      assert.ok(permit);
      assert.deepEqual(permit.fix.cli, [
        "access-list 102 permit udp host 172.16.5.1 host 172.16.6.2 eq isakmp",
      ]);
      assert.match(
        permit.after,
        /eq ntp\naccess-list 102 permit udp host 172\.16\.5\.1 host 172\.16\.6\.2 eq isakmp\n/,
      );
      const remove = results.find(
        (r) => r.fix.title === "Remove access list 102 from Serial4/0",
      );
      assert.deepEqual(remove?.fix.cli, [
        "interface Serial4/0",
        " no ip access-group 102 in",
      ]);
      assertFixesCure(SEED_OSAKA_ACL, "acl-blocks-nat-t");
    });

    it("flags an explicit deny in a named ACL and inserts the permit before it with a free sequence number", () => {
      const text = fixture("interface-acls.ios");
      const [f] = findingsOf(analyse(text), "acl-blocks-isakmp");
      assert.ok(f);
      assert.equal(textAt(text, f.range), "20 deny udp any any eq isakmp");
      const [result] = assertFixesCure(text, "acl-blocks-isakmp");
      assert.deepEqual(result?.fix.cli, [
        "ip access-list extended EDGE-IN",
        " 15 permit udp host 192.0.2.2 host 192.0.2.1 eq isakmp",
      ]);
      assert.match(
        result?.after ?? "",
        /\n 10 permit esp host 192\.0\.2\.2 host 192\.0\.2\.1\n 15 permit udp host 192\.0\.2\.2 host 192\.0\.2\.1 eq isakmp\n 20 deny udp any any eq isakmp\n/,
      );
    });

    it("lowers NAT-T to information between public addresses, where NAT may never be on the path", () => {
      const text = fixture("interface-acls.ios").replace(
        " 30 permit udp any any eq non500-isakmp\n",
        "",
      );
      const [f] = findingsOf(analyse(text), "acl-blocks-nat-t");
      assert.equal(f?.severity, "information");
      assert.match(f?.message ?? "", /both addresses are public/);
      const keepalive = appendConfig(text, "crypto isakmp nat keepalive 20\n");
      assert.equal(
        findingsOf(analyse(keepalive), "acl-blocks-nat-t")[0]?.severity,
        "warning",
      );
    });

    it("does not flag NAT-T when NAT transparency is off, nor an ACL that permits IKE", () => {
      const off = appendConfig(
        SEED_OSAKA_ACL,
        "no crypto ipsec nat-transparency udp-encapsulation\n",
      );
      assert.deepEqual(findingsOf(analyse(off), "acl-blocks-nat-t"), []);
      const ok = SEED_OSAKA_ACL.replace(
        "access-list 102 permit icmp any any",
        "access-list 102 permit udp host 172.16.5.1 host 172.16.6.2 eq isakmp\naccess-list 102 permit udp any any eq non500-isakmp\naccess-list 102 permit icmp any any",
      );
      assert.deepEqual(
        findingsOf(analyse(ok), "acl-blocks-isakmp", "acl-blocks-nat-t"),
        [],
      );
    });
  });

  describe("acl-blocks-esp and acl-blocks-ah (seed 8-95 to 8-97)", () => {
    const text = fixture("interface-acls.ios");

    it("flags `deny esp any any` before the permit, on the deny", () => {
      const [f] = findingsOf(analyse(text), "acl-blocks-esp");
      assert.ok(f);
      assert.equal(textAt(text, f.range), "access-list 105 deny esp any any");
      assert.match(f.message, /decaps stay at zero/);
    });

    it("rewrites the numbered ACL to put the permit before the deny", () => {
      const results = assertFixesCure(text, "acl-blocks-esp");
      const permit = results.find((r) => r.fix.isPreferred);
      assert.ok(permit);
      assert.deepEqual(permit.fix.cli, [
        "no access-list 105",
        "access-list 105 permit udp any any eq isakmp",
        "access-list 105 permit udp any any eq non500-isakmp",
        "access-list 105 permit esp host 172.16.5.1 host 172.16.6.2",
        "access-list 105 deny esp any any",
        "access-list 105 permit ip any any",
      ]);
      assert.match(
        permit.after,
        /non500-isakmp\naccess-list 105 permit esp host 172\.16\.5\.1 host 172\.16\.6\.2\naccess-list 105 deny esp any any\n/,
      );
    });

    it("flags AH only where a transform set uses it", () => {
      const [ah] = findingsOf(analyse(text), "acl-blocks-ah");
      assert.ok(ah);
      assert.match(ah.message, /AH \(IP protocol 51\) from peer 192\.0\.2\.2/);
      assertFixesCure(text, "acl-blocks-ah");
      const espOnly = text.replace(
        "set transform-set AH",
        "set transform-set ESP",
      );
      assert.deepEqual(findingsOf(analyse(espOnly), "acl-blocks-ah"), []);
    });

    it("asks only AH of a set that bundles AH with ESP: ESP travels inside AH", () => {
      const ahOnly = text.replace(
        " 10 permit esp host 192.0.2.2 host 192.0.2.1",
        " 10 permit ahp host 192.0.2.2 host 192.0.2.1",
      );
      const blocked = analyse(ahOnly).filter(
        (f) =>
          (f.code === "acl-blocks-esp" || f.code === "acl-blocks-ah") &&
          f.message.includes("EDGE-IN"),
      );
      assert.deepEqual(blocked, []);
      // With ESP alone in the set, the same ACL drops it.
      const espSet = ahOnly.replace(
        "crypto ipsec transform-set AH ah-sha-hmac esp-aes",
        "crypto ipsec transform-set AH esp-aes esp-sha-hmac",
      );
      assert.match(
        findingsOf(analyse(espSet), "acl-blocks-esp").find((f) =>
          f.message.includes("EDGE-IN"),
        )?.message ?? "",
        /denies ESP \(IP protocol 50\) from peer 192\.0\.2\.2/,
      );
    });

    it("ignores ACLs it cannot read, undefined ACLs and outbound ACLs", () => {
      const unreadable = text.replace(
        "access-list 105 deny esp any any",
        "access-list 105 deny esp any any\naccess-list 105 permit object-group X any any",
      );
      assert.deepEqual(findingsOf(analyse(unreadable), "acl-blocks-esp"), []);
      const outbound = text.replace(
        "ip access-group 105 in",
        "ip access-group 105 out",
      );
      assert.deepEqual(findingsOf(analyse(outbound), "acl-blocks-esp"), []);
    });
  });

  describe("IPv6 traffic filters on a tunnel over IPv6", () => {
    const text = fixture("ipv6-traffic-filter.ios");

    it("finds the line that drops the peer's ESP, and permits it before that line", () => {
      const found = analyse(text).filter((f) =>
        f.code.startsWith("acl-blocks"),
      );
      assert.deepEqual(
        found.map((f) => [f.code, textAt(text, f.range)]),
        [["acl-blocks-esp", "deny esp any any"]],
      );
      assert.match(
        found[0]!.message,
        /^IPv6 access list WAN-IN, inbound on GigabitEthernet0\/0, denies ESP \(IP protocol 50\) from peer 2001:DB8:0:1::1 to 2001:DB8:0:2::1 by line `deny esp any any`:/,
      );
      const [permit] = assertFixesCure(text, "acl-blocks-esp");
      assert.match(
        permit!.after,
        /^ permit esp host 2001:DB8:0:1::1 host 2001:DB8:0:2::1\n deny esp any any$/m,
      );
      // At the console the line needs a number below the deny's (20), or it goes last.
      assert.deepEqual(permit!.fix.cli, [
        "ipv6 access-list WAN-IN",
        " sequence 15 permit esp host 2001:DB8:0:1::1 host 2001:DB8:0:2::1",
      ]);
    });

    it("tells the implicit deny apart, asks no NAT-T of IPv6, and renumbers a list without room", () => {
      const noIke = text.replace(
        " permit udp host 2001:DB8:0:1::1 host 2001:DB8:0:2::1 eq isakmp\n",
        "",
      );
      const [ike, ...rest] = findingsOf(analyse(noIke), "acl-blocks-isakmp");
      assert.equal(rest.length, 0);
      assert.match(ike!.message, /by the implicit deny at its end/);
      assert.equal(textAt(noIke, ike!.range), "ipv6 traffic-filter WAN-IN in");
      assert.deepEqual(findingsOf(analyse(noIke), "acl-blocks-nat-t"), []);
      const numbered = text
        .replace(" permit udp host", " sequence 10 permit udp host")
        .replace(" deny esp any any", " sequence 11 deny esp any any");
      const [esp] = findingsOf(analyse(numbered), "acl-blocks-esp");
      assert.deepEqual(esp!.fixes![0]!.cli, [
        "ipv6 access-list resequence WAN-IN 10 10",
        "ipv6 access-list WAN-IN",
        " sequence 15 permit esp host 2001:DB8:0:1::1 host 2001:DB8:0:2::1",
      ]);
    });

    it("warns of a traffic filter that names no IPv6 access list", () => {
      const undefinedFilter = text.replace(
        "traffic-filter WAN-IN in",
        "traffic-filter WAN-OUT in",
      );
      const [f, ...rest] = findingsOf(
        analyse(undefinedFilter),
        "undefined-reference",
      );
      assert.equal(rest.length, 0);
      assert.equal(f!.severity, "warning");
      assert.equal(textAt(undefinedFilter, f!.range), "WAN-OUT");
      assert.match(
        f!.message,
        /^IPv6 access list WAN-OUT is used here but never defined: IOS then filters nothing/,
      );
    });

    it("draws no verdict through a list it cannot read whole, or a filter that is not defined", () => {
      for (const variant of [
        text.replace(
          " deny esp any any",
          " deny esp any any\n evaluate REFLECT",
        ),
        text.replace("ipv6 access-list WAN-IN", "ipv6 access-list OTHER"),
        text.replace("traffic-filter WAN-IN in", "traffic-filter WAN-IN out"),
      ]) {
        assert.deepEqual(findingsOf(analyse(variant), "acl-blocks-esp"), []);
      }
    });
  });

  describe("ACL lines with object groups", () => {
    const text = fixture("object-group-acls.ios");

    it("flags a service group line that denies ESP and IKE before the permit", () => {
      const found = analyse(text);
      for (const code of ["acl-blocks-esp", "acl-blocks-isakmp"] as const) {
        const [f] = findingsOf(found, code);
        assert.ok(f, code);
        assert.equal(
          textAt(text, f.range),
          "deny object-group VPN-CONTROL host 198.51.100.1 any",
        );
      }
      // The other peer's traffic is not in the group line's source.
      assert.ok(
        !findingsOf(found, "acl-blocks-esp").some((f) =>
          f.message.includes("198.51.100.2"),
        ),
      );
    });

    it("puts the permit before the group line, without groups", () => {
      const results = assertFixesCure(text, "acl-blocks-esp");
      const permit = results.find((r) => r.fix.isPreferred);
      assert.ok(permit);
      assert.match(
        permit.after,
        /\n permit esp host 198\.51\.100\.1 host 203\.0\.113\.1\n deny object-group VPN-CONTROL/,
      );
      // A group that no longer holds ESP lets it through.
      const withoutEsp = text.replace(
        " udp eq isakmp\n esp\n",
        " udp eq isakmp\n",
      );
      assert.deepEqual(findingsOf(analyse(withoutEsp), "acl-blocks-esp"), []);
      assert.equal(
        findingsOf(analyse(withoutEsp), "acl-blocks-isakmp").length,
        1,
      );
    });
  });

  describe("acl-blocks-tunneled-traffic", () => {
    it("flags decrypted traffic the inbound ACL denies on releases that check it twice", () => {
      const [f] = findingsOf(
        analyse(SEED_OSAKA_ACL),
        "acl-blocks-tunneled-traffic",
      );
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.match(
        f.message,
        /UDP traffic from 10\.1\.1\.0\/24 to 10\.2\.2\.0\/24/,
      );
      assert.match(f.message, /12\.3\(8\)T/);
      const [result] = assertFixesCure(
        SEED_OSAKA_ACL,
        "acl-blocks-tunneled-traffic",
      );
      assert.deepEqual(result?.fix.cli, [
        "access-list 102 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("stays quiet from 12.4 on, and when the ACL lets the inner traffic in", () => {
      const newer = SEED_OSAKA_ACL.replace("version 12.3", "version 12.4");
      assert.deepEqual(
        findingsOf(analyse(newer), "acl-blocks-tunneled-traffic"),
        [],
      );
      const open = SEED_OSAKA_ACL.replace(
        "access-list 102 permit icmp any any",
        "access-list 102 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\naccess-list 102 permit icmp any any",
      );
      assert.deepEqual(
        findingsOf(analyse(open), "acl-blocks-tunneled-traffic"),
        [],
      );
    });
  });
});
