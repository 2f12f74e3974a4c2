import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

const CODE = "zone-firewall-blocks-ipsec";
const TEXT = fixture("zone-firewall.ios");

const found = (text: string) => findingsOf(analyse(text), CODE);

/** The fixture with the OUTSIDE→self policy replaced by these lines (classes and actions). */
function withPolicy(lines: string[], definitions: string[] = []): string {
  return TEXT.replace(
    [
      "policy-map type inspect OUT-SELF-PM",
      " class type inspect MGMT-CM",
      "  inspect",
      " class class-default",
      "  drop log",
      "",
    ].join("\n"),
    [...definitions, "policy-map type inspect OUT-SELF-PM", ...lines, ""].join(
      "\n",
    ),
  );
}

/** An ACL and a match-any class-map of it that select the peer's ESP. */
const ESP_CLASS = [
  "ip access-list extended ESP-IN",
  " permit esp host 198.51.100.2 host 203.0.113.1",
  "class-map type inspect match-any ESP-CM",
  " match access-group name ESP-IN",
];

describe("checks/zoneFirewallChecks", () => {
  describe("zone-firewall-blocks-ipsec", () => {
    it("flags the OUTSIDE→self zone-pair whose policy passes only SSH and ICMP, on the zone-pair line", () => {
      const [f, ...more] = found(TEXT);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "error");
      assert.equal(
        textAt(TEXT, f.range),
        "zone-pair security OUT-SELF source OUTSIDE destination self",
      );
      assert.match(
        f.message,
        /^Zone-pair OUT-SELF \(OUTSIDE → self\) drops IPsec traffic from peer 198\.51\.100\.2 to 203\.0\.113\.1: in policy-map OUT-SELF-PM, ISAKMP \(UDP 500\), NAT-T \(UDP 4500\) and ESP \(IP protocol 50\) match no class before class-default, which drops them\./,
      );
      assert.match(f.message, /phase 1 never completes/);
      assert.match(f.message, /decaps` stays at zero/);
      // Between public addresses NAT-T may never be needed: said, but not what makes it an error.
      assert.match(f.message, /matters only if NAT appears on the path/);
      const related = (f.related ?? []).map((r) => [
        textAt(TEXT, r.range),
        r.message,
      ]);
      assert.deepEqual(related, [
        [
          "service-policy type inspect OUT-SELF-PM",
          "policy-map OUT-SELF-PM filters this traffic",
        ],
        [
          "class class-default",
          "this class drops ISAKMP (UDP 500), NAT-T (UDP 4500) and ESP (IP protocol 50)",
        ],
        [
          "zone-member security OUTSIDE",
          "GigabitEthernet0/0 is in zone OUTSIDE",
        ],
        ["set peer 198.51.100.2", "peer 198.51.100.2"],
      ]);
    });

    it("passes the peer's IPsec before class-default; the fixed config is clean", () => {
      const [result, ...others] = assertFixesCure(TEXT, CODE);
      assert.ok(result);
      assert.deepEqual(others, []);
      assert.equal(result.fix.isPreferred, true);
      assert.equal(
        result.fix.title,
        "Pass ISAKMP (UDP 500), NAT-T (UDP 4500) and ESP (IP protocol 50) to the router in policy-map OUT-SELF-PM",
      );
      assert.deepEqual(result.fix.cli, [
        "ip access-list extended IPSEC-PEERS",
        " permit udp host 198.51.100.2 host 203.0.113.1 eq isakmp",
        " permit udp host 198.51.100.2 host 203.0.113.1 eq non500-isakmp",
        " permit esp host 198.51.100.2 host 203.0.113.1",
        "class-map type inspect match-any IPSEC-CM",
        " match access-group name IPSEC-PEERS",
        "policy-map type inspect OUT-SELF-PM",
        " class type inspect IPSEC-CM",
        "  pass",
      ]);
      assert.match(
        result.after,
        /\n match access-group name IPSEC-PEERS\npolicy-map type inspect OUT-SELF-PM\n class type inspect MGMT-CM\n {2}inspect\n class type inspect IPSEC-CM\n {2}pass\n class class-default\n/,
      );
      assert.deepEqual(result.findings, []);
    });

    it("reports nothing without a zone-pair to self, for a pair without policy, or for an interface in no zone", () => {
      const noPair = TEXT.replace(
        "zone-pair security OUT-SELF source OUTSIDE destination self\n service-policy type inspect OUT-SELF-PM\n",
        "",
      );
      assert.deepEqual(found(noPair), []);
      assert.deepEqual(analyse(noPair), []);
      const noPolicy = TEXT.replace(
        " service-policy type inspect OUT-SELF-PM\n",
        "",
      );
      assert.deepEqual(found(noPolicy), []);
      const noZone = TEXT.replace(
        " ip address 203.0.113.1 255.255.255.0\n zone-member security OUTSIDE\n",
        " ip address 203.0.113.1 255.255.255.0\n",
      );
      assert.deepEqual(found(noZone), []);
    });

    it("reads an interface in no zone as in zone default when `zone security default` exists (IOS XE)", () => {
      const text = TEXT.replace(
        "zone security OUTSIDE\n",
        "zone security OUTSIDE\nzone security default\n",
      )
        .replace(
          " ip address 203.0.113.1 255.255.255.0\n zone-member security OUTSIDE\n",
          " ip address 203.0.113.1 255.255.255.0\n",
        )
        .replace(
          "zone-pair security OUT-SELF source OUTSIDE destination self",
          "zone-pair security OUT-SELF source default destination self",
        );
      const [f, ...more] = found(text);
      assert.deepEqual(more, []);
      assert.match(
        f?.message ?? "",
        /^Zone-pair OUT-SELF \(default → self\) drops IPsec traffic from peer 198\.51\.100\.2 to 203\.0\.113\.1/,
      );
    });

    it("follows a tunnel sourced from a loopback to the zone of the interface toward the peer", () => {
      const tunnel = (source: string) =>
        TEXT.replace(
          "crypto map VPN 10 ipsec-isakmp\n set peer 198.51.100.2\n set transform-set TS\n match address VPN-TRAFFIC\n",
          "crypto ipsec profile PROT\n set transform-set TS\n",
        )
          .replace(" crypto map VPN\n", "")
          .replace(
            "interface GigabitEthernet0/1\n",
            [
              "interface Loopback0",
              " ip address 192.0.2.1 255.255.255.255",
              "interface Tunnel0",
              " ip address 172.31.0.1 255.255.255.252",
              ` tunnel source ${source}`,
              " tunnel destination 198.51.100.2",
              " tunnel protection ipsec profile PROT",
              "interface GigabitEthernet0/1",
              "",
            ].join("\n"),
          );
      const [f] = found(tunnel("Loopback0"));
      assert.match(
        f?.message ?? "",
        /^Zone-pair OUT-SELF \(OUTSIDE → self\) drops IPsec traffic from peer 198\.51\.100\.2 to 192\.0\.2\.1:/,
      );
      assert.ok(
        f!.related!.some(
          (r) => r.message === "GigabitEthernet0/0 is in zone OUTSIDE",
        ),
      );
      // Routed through the inside interface (zone INSIDE, no zone-pair with self): nothing dropped.
      assert.deepEqual(
        found(
          tunnel("Loopback0").replace(
            "ip route 0.0.0.0 0.0.0.0 203.0.113.254",
            "ip route 0.0.0.0 0.0.0.0 10.10.0.254",
          ),
        ),
        [],
      );
    });

    it("names ISAKMP, not ESP, when the policy passes ESP but not UDP 500", () => {
      const text = withPolicy(
        [
          " class type inspect ESP-CM",
          "  pass",
          " class type inspect MGMT-CM",
          "  inspect",
          " class class-default",
          "  drop log",
        ],
        ESP_CLASS,
      );
      const [f] = found(text);
      assert.ok(f);
      assert.equal(f.severity, "error");
      assert.match(
        f.message,
        /ISAKMP \(UDP 500\) and NAT-T \(UDP 4500\) match no class/,
      );
      assert.doesNotMatch(f.message, /ESP \(IP protocol 50\)/);
      const [result] = assertFixesCure(text, CODE);
      assert.deepEqual(
        result!.fix.cli!.filter((l) => l.startsWith(" permit")),
        [
          " permit udp host 198.51.100.2 host 203.0.113.1 eq isakmp",
          " permit udp host 198.51.100.2 host 203.0.113.1 eq non500-isakmp",
        ],
      );
    });

    it("follows nested class-maps and match-all", () => {
      const nested = [
        "ip access-list extended FROM-PEER",
        " permit ip host 198.51.100.2 host 203.0.113.1",
        "class-map type inspect match-any IKE-OR-ESP",
        " match protocol isakmp",
        " match protocol ipsec-msft",
        " match class-map ESP-CM",
        "class-map type inspect match-all VPN-CM",
        " match class-map IKE-OR-ESP",
        " match access-group name FROM-PEER",
      ];
      const pass = [
        " class type inspect VPN-CM",
        "  pass",
        " class class-default",
        "  drop",
      ];
      assert.deepEqual(found(withPolicy(pass, [...ESP_CLASS, ...nested])), []);
      // Another peer: FROM-PEER no longer matches, so the match-all class does not either.
      const otherPeer = withPolicy(pass, [...ESP_CLASS, ...nested]).replace(
        " permit ip host 198.51.100.2 host 203.0.113.1",
        " permit ip host 198.51.100.99 host 203.0.113.1",
      );
      const [f] = found(otherPeer);
      assert.ok(f);
      assert.match(
        f.message,
        /ISAKMP \(UDP 500\), NAT-T \(UDP 4500\) and ESP \(IP protocol 50\) match no class before class-default/,
      );
      assertFixesCure(otherPeer, CODE);
    });

    it("stays silent when the verdict depends on what it cannot read", () => {
      const unknown = withPolicy(
        [
          " class type inspect VPN-CM",
          "  pass",
          " class class-default",
          "  drop",
        ],
        ["class-map type inspect match-any VPN-CM", " match protocol ipsec"],
      );
      assert.deepEqual(found(unknown), []);
    });

    it("drops in one direction while the other inspects: a warning on one pair, an error on the other for ESP", () => {
      const text = withPolicy(
        [
          " class type inspect ESP-CM",
          "  pass",
          " class class-default",
          "  drop",
        ],
        [
          ...ESP_CLASS,
          "class-map type inspect match-any UDP-CM",
          " match protocol udp",
          "policy-map type inspect SELF-OUT-PM",
          " class type inspect UDP-CM",
          "  inspect",
          " class class-default",
          "  drop",
        ],
      ).replace(
        " service-policy type inspect OUT-SELF-PM\n",
        " service-policy type inspect OUT-SELF-PM\nzone-pair security SELF-OUT source self destination OUTSIDE\n service-policy type inspect SELF-OUT-PM\n",
      );
      const findings = found(text);
      assert.equal(findings.length, 2);
      const [inbound, outbound] = findings;
      assert.match(inbound!.message, /^Zone-pair OUT-SELF /);
      assert.equal(inbound!.severity, "warning");
      assert.match(
        inbound!.message,
        /the peer cannot start IKE with this router; tunnels come up only when this router starts the exchange \(zone-pair SELF-OUT inspects it/,
      );
      assert.match(
        outbound!.message,
        /^Zone-pair SELF-OUT \(self → OUTSIDE\) drops IPsec traffic from 203\.0\.113\.1 to peer 198\.51\.100\.2/,
      );
      assert.equal(outbound!.severity, "error");
      assert.match(
        outbound!.message,
        /ESP \(IP protocol 50\) matches no class before class-default/,
      );
      assert.doesNotMatch(outbound!.message, /ISAKMP/);
      const results = assertFixesCure(text, CODE);
      const out = results.find((r) =>
        r.fix.title.includes("from the router in policy-map SELF-OUT-PM"),
      );
      assert.deepEqual(out?.fix.cli, [
        "ip access-list extended IPSEC-PEERS-OUT",
        " permit esp host 203.0.113.1 host 198.51.100.2",
        "class-map type inspect match-any IPSEC-OUT-CM",
        " match access-group name IPSEC-PEERS-OUT",
        "policy-map type inspect SELF-OUT-PM",
        " class type inspect IPSEC-OUT-CM",
        "  pass",
      ]);
    });

    it("warns about ESP inspected to the router, which must be passed", () => {
      const text = withPolicy(
        [
          " class type inspect VPN-CM",
          "  inspect",
          " class class-default",
          "  drop",
        ],
        [
          ...ESP_CLASS,
          "class-map type inspect match-any VPN-CM",
          " match protocol isakmp",
          " match protocol ipsec-msft",
          " match class-map ESP-CM",
        ],
      );
      const [f] = found(text);
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.match(
        f.message,
        /mishandles IPsec traffic .*: in policy-map OUT-SELF-PM, class VPN-CM inspects ESP \(IP protocol 50\)\. ESP \(IP protocol 50\): the firewall inspects the router's own traffic only for TCP and UDP/,
      );
      // The new class goes before the inspecting one: on the console, that class moves after it.
      const [result] = assertFixesCure(text, CODE);
      assert.deepEqual(result!.fix.cli!.slice(-6), [
        "policy-map type inspect OUT-SELF-PM",
        " no class type inspect VPN-CM",
        " class type inspect IPSEC-CM",
        "  pass",
        " class type inspect VPN-CM",
        "  inspect",
      ]);
      assert.match(
        result!.after,
        /policy-map type inspect OUT-SELF-PM\n class type inspect IPSEC-CM\n {2}pass\n class type inspect VPN-CM\n {2}inspect\n/,
      );
    });

    it("moves the user classes from a dropping class on at the console", () => {
      const text = withPolicy(
        [
          " class type inspect NO-UDP",
          "  drop log",
          " class type inspect MGMT-CM",
          "  inspect",
          " class class-default",
          "  drop",
        ],
        ["class-map type inspect NO-UDP", " match protocol udp"],
      );
      const [f] = found(text);
      assert.ok(f);
      assert.match(
        f.message,
        /class NO-UDP drops ISAKMP \(UDP 500\) and NAT-T \(UDP 4500\); ESP \(IP protocol 50\) matches no class before class-default, which drops it\./,
      );
      const [result] = assertFixesCure(text, CODE);
      assert.deepEqual(result!.fix.cli!.slice(6), [
        "policy-map type inspect OUT-SELF-PM",
        " no class type inspect NO-UDP",
        " no class type inspect MGMT-CM",
        " class type inspect IPSEC-CM",
        "  pass",
        " class type inspect NO-UDP",
        "  drop log",
        " class type inspect MGMT-CM",
        "  inspect",
      ]);
      assert.match(
        result!.after,
        /policy-map type inspect OUT-SELF-PM\n class type inspect IPSEC-CM\n {2}pass\n class type inspect NO-UDP\n/,
      );
    });

    it("appends the class when only the implicit class-default drops, and picks free names", () => {
      const text = withPolicy(
        [" class type inspect MGMT-CM", "  inspect"],
        ["ip access-list extended IPSEC-PEERS", " permit icmp any any"],
      );
      const [f] = found(text);
      assert.match(
        f?.message ?? "",
        /match no class, and the implicit class-default drops them/,
      );
      const [result] = assertFixesCure(text, CODE);
      assert.equal(
        result!.fix.cli![0],
        "ip access-list extended IPSEC-PEERS-2",
      );
      assert.match(
        result!.after,
        /class type inspect MGMT-CM\n {2}inspect\n class type inspect IPSEC-CM\n {2}pass\n/,
      );
    });

    it("lowers a NAT-T-only drop to information between public addresses, to a warning where NAT is likely, and skips it with NAT-T off", () => {
      const text = withPolicy(
        [
          " class type inspect IKE-ESP",
          "  pass",
          " class class-default",
          "  drop",
        ],
        [
          ...ESP_CLASS,
          "class-map type inspect match-any IKE-ESP",
          " match protocol isakmp",
          " match class-map ESP-CM",
        ],
      );
      const [f] = found(text);
      assert.equal(f?.severity, "information");
      assert.match(
        f?.message ?? "",
        /^Zone-pair OUT-SELF .*NAT-T \(UDP 4500\) matches no class/,
      );
      const keepalive = text.replace(
        "crypto isakmp key",
        "crypto isakmp nat keepalive 20\ncrypto isakmp key",
      );
      assert.equal(found(keepalive)[0]?.severity, "warning");
      const off = text.replace(
        "crypto isakmp key",
        "no crypto ipsec nat-transparency udp-encapsulation\ncrypto isakmp key",
      );
      assert.deepEqual(found(off), []);
      const [withoutNatT] = found(
        TEXT.replace(
          "crypto isakmp key",
          "no crypto ipsec nat-transparency udp-encapsulation\ncrypto isakmp key",
        ),
      );
      assert.match(withoutNatT?.message ?? "", /ISAKMP \(UDP 500\) and ESP/);
      assert.doesNotMatch(withoutNatT?.message ?? "", /NAT-T/);
    });

    it("lists every peer whose IPsec uses the zone, tunnel sources included, and AH when a transform set uses it", () => {
      const text = TEXT.replace(
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n",
        [
          "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
          "crypto ipsec transform-set AH-TS ah-sha-hmac esp-aes 256",
          "crypto isakmp key TunnelKey address 192.0.2.50",
          "crypto ipsec profile PROT",
          " set transform-set AH-TS",
          "interface Tunnel0",
          " ip address 172.31.0.1 255.255.255.252",
          " tunnel source GigabitEthernet0/0",
          " tunnel destination 192.0.2.50",
          " tunnel protection ipsec profile PROT",
          "",
        ].join("\n"),
      );
      const [f, ...more] = found(text);
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.match(
        f.message,
        /from peers 198\.51\.100\.2 and 192\.0\.2\.50 to 203\.0\.113\.1: in policy-map OUT-SELF-PM, ISAKMP \(UDP 500\), NAT-T \(UDP 4500\), ESP \(IP protocol 50\) and AH \(IP protocol 51\) match no class/,
      );
      const [result] = assertFixesCure(text, CODE);
      assert.ok(
        result!.fix.cli!.includes(
          " permit ahp host 192.0.2.50 host 203.0.113.1",
        ),
      );
      assert.ok(
        !result!.fix.cli!.includes(
          " permit ahp host 198.51.100.2 host 203.0.113.1",
        ),
      );
    });
  });
});
