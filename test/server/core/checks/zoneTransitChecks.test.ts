import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { applyFix, assertFixesCure } from "../../../support/fixes";

const CODE = "zone-firewall-blocks-protected-traffic";
const MAP = fixture("zone-transit.ios");
const VTI = fixture("zone-transit-vti.ios");
/** Both ways joined by zone-pairs, IKE and ESP to the router blocked (another code's fixture). */
const BOTH_WAYS = fixture("zone-firewall.ios");
/** Both ways joined, but the policies drop the VPN's traffic (ACLs copied from elsewhere). */
const POLICY = fixture("zone-transit-policy.ios");

const found = (text: string) => findingsOf(analyse(text), CODE);

describe("checks/zoneTransitChecks", () => {
  describe("crypto map traffic between the LAN's zone and the crypto interface's", () => {
    it("flags zones no zone-pair joins, on the LAN's zone-member line, with the flows and zones named", () => {
      const [f, ...more] = found(MAP);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "error");
      assert.equal(textAt(MAP, f.range), "zone-member security INSIDE");
      assert.equal(
        f.message,
        "No zone-pair joins zones OUTSIDE (GigabitEthernet0/0, crypto map VPN) and INSIDE (GigabitEthernet0/1) in either direction, and the zone-based firewall drops traffic between zones unless a zone-pair's policy passes it: the protected traffic (10.10.0.0/24 ↔ 10.20.0.0/24) never reaches the tunnel from the LAN, and what the peer sends through the tunnel is dropped after decryption.",
      );
      assert.deepEqual(
        (f.related ?? []).map((r) => [textAt(MAP, r.range), r.message]),
        [
          [
            "permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255",
            "protected traffic of the crypto map",
          ],
          [
            "zone-member security OUTSIDE",
            "GigabitEthernet0/0 is in zone OUTSIDE",
          ],
          [
            "zone-member security INSIDE",
            "GigabitEthernet0/1 is in zone INSIDE",
          ],
        ],
      );
    });

    it("inspects the protected traffic both ways with new zone-pairs; the fixed config is clean", () => {
      const [result, ...others] = assertFixesCure(MAP, CODE);
      assert.ok(result);
      assert.deepEqual(others, []);
      assert.equal(
        result.fix.title,
        "Inspect the protected traffic of crypto map VPN from zone OUTSIDE → INSIDE and INSIDE → OUTSIDE",
      );
      assert.deepEqual(result.fix.cli, [
        "ip access-list extended VPN-OUTSIDE-INSIDE-ACL",
        " permit ip 10.20.0.0 0.0.0.255 10.10.0.0 0.0.0.255",
        "class-map type inspect match-any VPN-OUTSIDE-INSIDE-CM",
        " match access-group name VPN-OUTSIDE-INSIDE-ACL",
        "policy-map type inspect VPN-OUTSIDE-INSIDE-PM",
        " class type inspect VPN-OUTSIDE-INSIDE-CM",
        "  inspect",
        "zone-pair security OUTSIDE-INSIDE source OUTSIDE destination INSIDE",
        " service-policy type inspect VPN-OUTSIDE-INSIDE-PM",
        "ip access-list extended VPN-INSIDE-OUTSIDE-ACL",
        " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255",
        "class-map type inspect match-any VPN-INSIDE-OUTSIDE-CM",
        " match access-group name VPN-INSIDE-OUTSIDE-ACL",
        "policy-map type inspect VPN-INSIDE-OUTSIDE-PM",
        " class type inspect VPN-INSIDE-OUTSIDE-CM",
        "  inspect",
        "zone-pair security INSIDE-OUTSIDE source INSIDE destination OUTSIDE",
        " service-policy type inspect VPN-INSIDE-OUTSIDE-PM",
      ]);
      // With no zone-pair yet, written after the zones they name.
      assert.match(
        result.after,
        /zone security OUTSIDE\nip access-list extended VPN-OUTSIDE-INSIDE-ACL\n/,
      );
      assert.deepEqual(result.findings, []);
    });

    it("tells a one-way design as information: the side without a zone-pair cannot start connections", () => {
      const oneWay = BOTH_WAYS.replace(
        "zone-pair security OUT-IN source OUTSIDE destination INSIDE\n service-policy type inspect OUT-IN-PM\n",
        "",
      );
      const [f, ...more] = found(oneWay);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "information");
      assert.equal(
        textAt(oneWay, f.range),
        "zone-pair security IN-OUT source INSIDE destination OUTSIDE",
      );
      assert.equal(
        f.message,
        "Zone-pair IN-OUT (INSIDE → OUTSIDE) has no counterpart from zone OUTSIDE to zone INSIDE: for the traffic crypto map VPN protects (10.10.0.0/24 ↔ 10.20.0.0/24), hosts of the remote network cannot start connections toward GigabitEthernet0/1 (their packets are dropped after decryption); only replies to sessions IN-OUT inspects get through. Add a zone-pair from OUTSIDE to INSIDE if both sides must start connections.",
      );
      assert.equal(
        f.fixes?.[0]?.title,
        "Inspect the protected traffic of crypto map VPN from zone OUTSIDE → INSIDE",
      );
      // The other way round: only the remote side can start.
      const otherWay = BOTH_WAYS.replace(
        "zone-pair security IN-OUT source INSIDE destination OUTSIDE\n service-policy type inspect IN-OUT-PM\n",
        "",
      );
      assert.match(
        found(otherWay)[0]?.message ?? "",
        /^Zone-pair OUT-IN \(OUTSIDE → INSIDE\) has no counterpart from zone INSIDE to zone OUTSIDE: .*hosts of the local network cannot start connections through the tunnel \(their packets are dropped on the way from GigabitEthernet0\/1 to GigabitEthernet0\/0, before encryption\)/,
      );
    });

    it("flags a LAN in no zone beside a crypto interface in one (nothing passes between them)", () => {
      const text = MAP.replace(
        " ip address 10.10.0.1 255.255.255.0\n zone-member security INSIDE\n",
        " ip address 10.10.0.1 255.255.255.0\n",
      );
      const [f, ...more] = found(text);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "error");
      assert.equal(textAt(text, f.range), "zone-member security OUTSIDE");
      assert.match(
        f.message,
        /^GigabitEthernet0\/0 is in zone OUTSIDE but GigabitEthernet0\/1 is in no zone, and the zone-based firewall never passes traffic between a zone member and an interface outside every zone: the traffic crypto map VPN protects \(10\.10\.0\.0\/24 ↔ 10\.20\.0\.0\/24\) is dropped both ways/,
      );
    });

    it("reports nothing when the zones are joined both ways, the LAN shares the crypto interface's zone, or nothing is zoned", () => {
      assert.deepEqual(found(BOTH_WAYS), []);
      const sameZone = MAP.replace(
        " zone-member security INSIDE\n",
        " zone-member security OUTSIDE\n",
      );
      assert.deepEqual(found(sameZone), []);
      const unzoned = MAP.replace(/ zone-member security \w+\n/g, "");
      assert.deepEqual(found(unzoned), []);
    });

    it("puts interfaces in no zone in the default zone when `zone security default` exists (IOS XE)", () => {
      const text = MAP.replace(
        "zone security OUTSIDE\n",
        "zone security OUTSIDE\nzone security default\n",
      ).replace(
        " ip address 10.10.0.1 255.255.255.0\n zone-member security INSIDE\n",
        " ip address 10.10.0.1 255.255.255.0\n",
      );
      const [f, ...more] = found(text);
      assert.deepEqual(more, []);
      assert.equal(textAt(text, f!.range), "zone-member security OUTSIDE");
      assert.match(
        f!.message,
        /^No zone-pair joins zones OUTSIDE \(GigabitEthernet0\/0, crypto map VPN\) and default \(GigabitEthernet0\/1\) in either direction/,
      );
    });

    it("leaves the router's own traffic alone: GRE, and a loopback's address (the self zone)", () => {
      const own = (acl: string) =>
        MAP.replace(
          " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\n",
          acl,
        ).replace(
          "interface GigabitEthernet0/1\n",
          "interface Loopback0\n ip address 10.255.0.1 255.255.255.255\n!\ninterface GigabitEthernet0/1\n",
        );
      assert.deepEqual(
        found(own(" permit gre host 10.255.0.1 host 198.51.100.2\n")),
        [],
      );
      assert.deepEqual(
        found(own(" permit ip host 10.255.0.1 10.20.0.0 0.0.0.255\n")),
        [],
      );
      // The same ACL line from the LAN is transit again.
      assert.equal(
        found(own(" permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\n"))
          .length,
        1,
      );
    });

    it("follows a LAN behind a next router by the route toward it", () => {
      const behind = MAP.replace(
        "permit ip 10.10.0.0 0.0.0.255 10.20.0.0",
        "permit ip 10.30.0.0 0.0.0.255 10.20.0.0",
      ).replace(
        "ip route 0.0.0.0 0.0.0.0 203.0.113.254\n",
        "ip route 0.0.0.0 0.0.0.0 203.0.113.254\nip route 10.30.0.0 255.255.255.0 10.10.0.2\n",
      );
      const [f] = found(behind);
      assert.match(f?.message ?? "", /INSIDE \(GigabitEthernet0\/1\)/);
      assert.match(f?.message ?? "", /10\.30\.0\.0\/24 ↔ 10\.20\.0\.0\/24/);
    });
  });

  describe("the policies of the zone-pairs that join them", () => {
    const INTERNET_FIXED = POLICY.replace(
      " deny ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\n",
      "",
    );

    it("flags a policy that drops the LAN's protected traffic before the map, on its service-policy line", () => {
      const [out, inn, ...more] = found(POLICY);
      assert.ok(out && inn);
      assert.deepEqual(more, []);
      assert.equal(out.severity, "error");
      assert.equal(
        textAt(POLICY, out.range),
        "service-policy type inspect IN-OUT-PM",
      );
      assert.equal(
        out.message,
        "Zone-pair IN-OUT (INSIDE → OUTSIDE) applies policy-map IN-OUT-PM, which drops the traffic crypto map VPN protects (10.10.0.0/24 → 10.20.0.0/24: no class matches it, and class-default drops what none matches): none of the LAN's protected traffic reaches GigabitEthernet0/0 to be encrypted, so the tunnel carries none of it and this router never starts it.",
      );
      // The peer's side is dropped too, and nothing comes back to the LAN either.
      assert.equal(inn.severity, "information");
      assert.equal(
        textAt(POLICY, inn.range),
        "service-policy type inspect OUT-IN-PM",
      );
      assert.equal(
        inn.message,
        "Zone-pair OUT-IN (OUTSIDE → INSIDE) applies policy-map OUT-IN-PM, which drops what the peer's hosts send through the tunnel after decryption (10.20.0.0/24 → 10.10.0.0/24: no class matches it, and class-default drops what none matches): they cannot start connections toward GigabitEthernet0/1.",
      );
    });

    it("tells the peer's side alone as information when the LAN's traffic passes", () => {
      const [f, ...more] = found(INTERNET_FIXED);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "information");
      assert.match(
        f.message,
        /they cannot start connections toward GigabitEthernet0\/1; only replies to sessions the LAN starts come back\. Inspect that traffic in OUT-IN-PM if both sides must start connections\.$/,
      );
    });

    it("adds a class that inspects the flows before class-default; the fixed policies pass them", () => {
      const results = assertFixesCure(POLICY, CODE);
      assert.deepEqual(
        results.map((r) => r.fix.title),
        [
          "Inspect the protected traffic of crypto map VPN in policy-map IN-OUT-PM",
          "Inspect the protected traffic of crypto map VPN in policy-map OUT-IN-PM",
        ],
      );
      assert.deepEqual(results[0]!.fix.cli, [
        "ip access-list extended VPN-INSIDE-OUTSIDE-ACL",
        " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255",
        "class-map type inspect match-any VPN-INSIDE-OUTSIDE-CM",
        " match access-group name VPN-INSIDE-OUTSIDE-ACL",
        "policy-map type inspect IN-OUT-PM",
        " class type inspect VPN-INSIDE-OUTSIDE-CM",
        "  inspect",
      ]);
      // In the file, the class goes above class-default.
      assert.match(
        results[0]!.after,
        /policy-map type inspect IN-OUT-PM\n class type inspect INSIDE-OUT-CM\n  inspect\n class type inspect VPN-INSIDE-OUTSIDE-CM\n  inspect\n class class-default\n/,
      );
      assert.match(
        results[1]!.fix.cli!.join("\n"),
        /permit ip 10\.20\.0\.0 0\.0\.0\.255 10\.10\.0\.0 0\.0\.0\.255/,
      );
      // Both applied: nothing of the family is left.
      const both = applyFix(results[0]!.after, results[1]!.fix);
      assert.deepEqual(found(both), []);
    });

    it("names the flows a policy drops when it drops only some, as a warning", () => {
      const two = POLICY.replace(
        " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\nip access-list extended VPN-IN",
        " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\n permit ip 10.11.0.0 0.0.0.255 10.20.0.0 0.0.0.255\nip access-list extended VPN-IN",
      )
        .replace(
          " ip address 10.10.0.1 255.255.255.0\n",
          " ip address 10.10.0.1 255.255.255.0\n ip address 10.11.0.1 255.255.255.0 secondary\n",
        )
        .replace(
          " permit ip 10.10.0.0 0.0.0.255 any",
          " permit ip 10.10.0.0 0.0.0.255 any\n permit ip 10.11.0.0 0.0.0.255 any",
        );
      const out = found(two).find((f) =>
        f.message.startsWith("Zone-pair IN-OUT"),
      );
      assert.ok(out);
      assert.equal(out.severity, "warning");
      assert.match(
        out.message,
        /drops the traffic crypto map VPN protects \(10\.10\.0\.0\/24 → 10\.20\.0\.0\/24: .*\): that part of the LAN's protected traffic never reaches GigabitEthernet0\/0 to be encrypted\.$/,
      );
    });

    it("names a class that drops on purpose, and offers no class to add after it", () => {
      const dropping = INTERNET_FIXED.replace(
        "policy-map type inspect OUT-IN-PM\n class type inspect VPN-IN-CM\n  inspect\n",
        "policy-map type inspect OUT-IN-PM\n class type inspect ANY-CM\n  drop\n class type inspect VPN-IN-CM\n  inspect\n",
      ).replace(
        "class-map type inspect match-any VPN-IN-CM\n",
        "class-map type inspect match-any ANY-CM\n match protocol tcp\n match protocol udp\n match protocol icmp\nclass-map type inspect match-any VPN-IN-CM\n",
      );
      const [f, ...more] = found(dropping);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.match(f.message, /: class ANY-CM drops it\)/);
      assert.deepEqual(f.fixes, []);
    });

    it("judges nothing the model cannot read, nor a service the peer's hosts never start", () => {
      // An application `match protocol` does not know: the verdict is unknown.
      const unknown = INTERNET_FIXED.replace(
        " match access-group name VPN-IN\n",
        " match protocol some-future-app\n",
      );
      assert.deepEqual(found(unknown), []);
      // Only web traffic from the LAN is protected: the peer's hosts start nothing through it.
      const web = INTERNET_FIXED.replace(
        " permit ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255\nip access-list extended VPN-IN",
        " permit tcp 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255 eq 443\nip access-list extended VPN-IN",
      );
      assert.deepEqual(found(web), []);
      // Every policy passes the traffic: the fixture it was derived from is clean here.
      assert.deepEqual(found(BOTH_WAYS), []);
    });
  });

  describe("protected tunnels", () => {
    it("flags a VTI in no zone when every other interface is a zone member, on its tunnel protection line", () => {
      const [f, ...more] = found(VTI);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "error");
      assert.equal(textAt(VTI, f.range), "tunnel protection ipsec profile VTI");
      assert.match(
        f.message,
        /^Tunnel0 is in no zone while GigabitEthernet0\/1 \(INSIDE\) is a zone member, and the zone-based firewall never passes traffic between a zone member and an interface outside every zone: nothing routed into Tunnel0 can come from a host behind this router/,
      );
    });

    it("puts the tunnel in the LAN's zone; the fixed config is clean", () => {
      const [result, ...others] = assertFixesCure(VTI, CODE);
      assert.ok(result);
      assert.deepEqual(others, []);
      assert.equal(result.fix.title, "Put Tunnel0 in zone INSIDE");
      assert.deepEqual(result.fix.cli, [
        "interface Tunnel0",
        " zone-member security INSIDE",
      ]);
      assert.match(
        result.after,
        /tunnel protection ipsec profile VTI\n zone-member security INSIDE\n/,
      );
      assert.deepEqual(result.findings, []);
    });

    it("flags a tunnel in a zone of its own that no zone-pair joins to the LAN's; not one that a zone-pair joins", () => {
      const ownZone = VTI.replace(
        "zone security OUTSIDE\n",
        "zone security OUTSIDE\nzone security VPN\n",
      ).replace(
        " tunnel protection ipsec profile VTI\n",
        " tunnel protection ipsec profile VTI\n zone-member security VPN\n",
      );
      const [f] = found(ownZone);
      assert.equal(textAt(ownZone, f!.range), "zone-member security VPN");
      assert.match(
        f!.message,
        /^Tunnel0 is in zone VPN, and no zone-pair joins it with the zones of GigabitEthernet0\/1 \(INSIDE\) in either direction/,
      );
      const joined = ownZone.replace(
        "zone-pair security IN-OUT",
        "zone-pair security IN-VPN source INSIDE destination VPN\n service-policy type inspect LAN-OUT-PM\nzone-pair security IN-OUT",
      );
      assert.deepEqual(found(joined), []);
    });

    it("reports nothing when the LAN is in no zone either: the tunnel and the LAN talk freely", () => {
      const text = VTI.replace(
        " ip address 10.10.0.1 255.255.255.0\n zone-member security INSIDE\n",
        " ip address 10.10.0.1 255.255.255.0\n",
      );
      assert.deepEqual(found(text), []);
    });
  });
});
