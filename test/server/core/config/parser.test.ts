import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigModel } from "../../../../server/src/core/config/model";
import {
  interfaceKey,
  parseConfig,
} from "../../../../server/src/core/config/parser";
import { evaluateAcl } from "../../../../server/src/core/ipv4/acl";
import {
  formatIpv4,
  formatPrefix,
  formatWildcard,
  parseIpv4,
} from "../../../../server/src/core/ipv4/address";
import { SHARED, textAt } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";

const ip = (text: string): number => {
  const value = parseIpv4(text);
  assert.ok(value !== undefined, text);
  return value;
};
const example = (name: string) =>
  fs.readFileSync(path.join(REPO_ROOT, "examples", name), "utf8");
const corpus = (name: string) =>
  fs.readFileSync(path.join(SHARED, "corpus", name), "utf8");

describe("config/parser", () => {
  describe("the seed's Tokyo", () => {
    const text = example("tokyo.ios");
    const model = parseConfig(text);

    it("reads hostname and version", () => {
      assert.equal(model.hostname?.name, "Tokyo");
      assert.equal(model.version?.text, "12.3");
      assert.equal(model.version?.major, 12);
      assert.equal(model.version?.minor, 3);
      assert.deepEqual(model.problems, []);
    });

    it("reads interfaces with addresses, prefixes and the crypto map", () => {
      assert.deepEqual(
        model.interfaces.map((i) => i.name),
        ["FastEthernet0/0", "Serial4/0"],
      );
      const serial = model.interfaces[1]!;
      assert.equal(serial.key, "serial4/0");
      assert.equal(formatIpv4(serial.addresses[0]!.address), "172.16.5.1");
      assert.equal(formatPrefix(serial.addresses[0]!.prefix), "172.16.5.0/24");
      assert.equal(serial.cryptoMap?.name, "mjlnetmap");
      assert.equal(textAt(text, serial.cryptoMap!.range), "mjlnetmap");
      assert.equal(serial.shutdown, false);
      assert.equal(textAt(text, serial.nameRange), "Serial4/0");
    });

    it("reads the default route with its next hop", () => {
      const [route] = model.routes;
      assert.equal(formatPrefix(route!.prefix), "0.0.0.0/0");
      assert.equal(formatIpv4(route!.nextHop!), "172.16.5.5");
      assert.equal(route!.distance, 1);
      assert.deepEqual(model.routerProcesses, []);
    });

    it("fills policy defaults and remembers which attributes were written", () => {
      const [policy] = model.isakmpPolicies;
      assert.equal(policy?.priority, 10);
      assert.equal(policy?.hash, "md5");
      assert.equal(policy?.authentication, "pre-share");
      assert.equal(policy?.encryption, "des");
      assert.equal(policy?.group, 1);
      assert.equal(policy?.lifetime, 86400);
      assert.deepEqual(Object.keys(policy!.explicit).sort(), [
        "authentication",
        "hash",
      ]);
    });

    it("reads the key, transform set, crypto map entry and crypto ACL", () => {
      const [key] = model.globalKeys;
      assert.equal(key?.secret.value, "cisco");
      assert.equal(key?.secret.type, 0);
      assert.equal(formatIpv4(key!.address!.address), "172.16.6.2");
      assert.equal(key?.address?.mask, 0xffffffff);
      assert.equal(textAt(text, key!.targetRange), "172.16.6.2");
      const [set] = model.transformSets;
      assert.deepEqual(
        set?.transforms.map((t) => t.name),
        ["esp-des", "esp-md5-hmac"],
      );
      assert.equal(set?.mode, "tunnel");
      const map = model.cryptoMaps.get("mjlnetmap");
      const entry = map?.entries[0];
      assert.equal(entry?.sequence, 10);
      assert.equal(entry?.mode, "ipsec-isakmp");
      assert.equal(formatIpv4(entry!.peers[0]!.address!), "172.16.6.2");
      assert.equal(entry?.matchAddress?.name, "101");
      assert.deepEqual(
        entry?.transformSets.map((r) => r.name),
        ["mjlnet"],
      );
      const acl = model.acls.get("101");
      assert.equal(acl?.kind, "extended");
      assert.equal(acl?.numbered, true);
      const [e] = acl!.entries;
      assert.equal(formatWildcard(e!.source), "10.1.1.0 0.0.0.255");
      assert.equal(formatWildcard(e!.destination), "10.2.2.0 0.0.0.255");
      assert.equal(textAt(text, e!.sourceRange), "10.1.1.0 0.0.0.255");
      assert.equal(textAt(text, e!.destinationRange), "10.2.2.0 0.0.0.255");
    });

    it("records definitions and references for every named object", () => {
      const defs = model.definitions.map((d) => `${d.kind}:${d.name}`);
      for (const d of [
        "crypto-map:mjlnetmap",
        "transform-set:mjlnet",
        "acl:101",
        "interface:Serial4/0",
      ]) {
        assert.ok(defs.includes(d), d);
      }
      const refs = model.references.map((r) => `${r.kind}:${r.name}`);
      for (const r of [
        "crypto-map:mjlnetmap",
        "transform-set:mjlnet",
        "acl:101",
      ]) {
        assert.ok(refs.includes(r), r);
      }
    });
  });

  describe("access lists", () => {
    const text = [
      "access-list 10 remark branch LANs",
      "access-list 10 permit 10.1.1.0 0.0.0.255",
      "access-list 10 deny host 10.9.9.9 log",
      "access-list 102 permit udp host 172.16.5.1 eq isakmp host 172.16.6.2 eq 500",
      "access-list 102 permit udp any any eq non500-isakmp",
      "access-list 102 permit 50 any any",
      "access-list 102 permit ahp any any",
      "access-list 102 permit tcp any range 1024 65535 10.0.0.0 0.255.0.255 eq www 443",
      "access-list 102 deny ip any any log",
      "ip access-list extended EDGE",
      " remark ipsec",
      " 10 permit esp host 192.0.2.2 host 192.0.2.1",
      " 20 deny udp any any eq isakmp",
      " permit icmp any any",
      " permit object-group X any any",
      "ip access-list standard MGMT",
      " permit 192.0.2.0 0.0.0.255",
    ].join("\n");
    const model = parseConfig(text);

    it("reads standard ACLs by source, with remarks kept apart", () => {
      const acl = model.acls.get("10")!;
      assert.equal(acl.kind, "standard");
      assert.equal(acl.remarks.length, 1);
      assert.equal(acl.entries.length, 2);
      assert.equal(acl.entries[1]!.log, true);
      assert.equal(
        evaluateAcl(acl.entries, {
          protocol: 6,
          source: ip("10.1.1.7"),
          destination: ip("8.8.8.8"),
        }).action,
        "permit",
      );
      assert.equal(
        evaluateAcl(acl.entries, {
          protocol: 6,
          source: ip("10.9.9.9"),
          destination: ip("8.8.8.8"),
        }).action,
        "deny",
      );
    });

    it("reads protocols by name and number, port names and operators, and their ranges", () => {
      const acl = model.acls.get("102")!;
      const [isakmp, natT, esp, ah, web] = acl.entries;
      assert.equal(isakmp!.protocol, 17);
      assert.deepEqual(isakmp!.sourcePort, { op: "eq", ports: [500] });
      assert.deepEqual(isakmp!.destinationPort, { op: "eq", ports: [500] });
      assert.equal(textAt(text, isakmp!.sourcePortRange!), "eq isakmp");
      assert.equal(textAt(text, isakmp!.destinationPortRange!), "eq 500");
      assert.deepEqual(natT!.destinationPort, { op: "eq", ports: [4500] });
      assert.equal(esp!.protocol, 50);
      assert.equal(esp!.protocolWord, "50");
      assert.equal(ah!.protocol, 51);
      assert.deepEqual(web!.sourcePort, { op: "range", ports: [1024, 65535] });
      assert.deepEqual(web!.destinationPort, { op: "eq", ports: [80, 443] });
      // 0.255.0.255 is not contiguous: the second and fourth octets are free.
      const packet = {
        protocol: 6,
        source: ip("1.2.3.4"),
        sourcePort: 2000,
        destinationPort: 443,
      };
      assert.equal(
        evaluateAcl([web!], { ...packet, destination: ip("10.77.0.9") }).action,
        "permit",
      );
      assert.equal(
        evaluateAcl([web!], { ...packet, destination: ip("10.77.1.9") }).action,
        "deny",
      );
    });

    it("reads ACL keywords in any case, log words anywhere, and ports neq/lt/gt", () => {
      const acl = parseConfig(
        [
          "access-list 150 PERMIT UDP HOST 10.0.0.1 EQ ISAKMP ANY LOG",
          "access-list 150 deny tcp any neq 22 10.0.0.0 0.0.0.255 lt 1024 log-input",
          "access-list 150 permit ip any any",
          "access-list 150 permit tcp any gt 1023 any eq 99999",
        ].join("\n"),
      ).acls.get("150")!;
      const [udp, tcp, ip, port] = acl.entries;
      assert.deepEqual(
        [udp!.action, udp!.protocol, udp!.protocolWord, udp!.log],
        ["permit", 17, "udp", true],
      );
      assert.deepEqual(udp!.sourcePort, { op: "eq", ports: [500] });
      assert.deepEqual(udp!.sourceRange.start, { line: 0, character: 27 });
      assert.deepEqual(tcp!.sourcePort, { op: "neq", ports: [22] });
      assert.deepEqual(tcp!.destinationPort, { op: "lt", ports: [1024] });
      assert.equal(tcp!.log, true);
      assert.equal(ip!.log, false);
      // A port past 65535 is not a port: the condition ends before it.
      assert.deepEqual(port!.sourcePort, { op: "gt", ports: [1023] });
      assert.equal(port!.destinationPort, undefined);
    });

    it("reads named ACLs with written and implicit sequence numbers, and keeps unreadable lines apart", () => {
      const acl = model.acls.get("EDGE")!;
      assert.equal(acl.numbered, false);
      assert.deepEqual(
        acl.entries.map((e) => e.sequence),
        [10, 20, 30],
      );
      assert.equal(acl.remarks.length, 1);
      assert.equal(acl.unreadable.length, 1);
      assert.equal(
        acl.unreadable[0]!.text.trim(),
        "permit object-group X any any",
      );
      assert.equal(model.acls.get("MGMT")?.kind, "standard");
      // Kept with the ACL, read with its entries when they are asked for: not a parse problem.
      assert.deepEqual(model.problems, []);
    });
  });

  describe("phase 1 objects (corpus: ios-crypto)", () => {
    const text = corpus("cfg_batfish_ios-crypto.cfg");
    const model = parseConfig(text);

    it("sorts policies by priority and fills an empty policy with the defaults", () => {
      assert.deepEqual(
        model.isakmpPolicies.map((p) => p.priority),
        [10, 20, 30],
      );
      const empty = model.isakmpPolicies[1]!;
      assert.deepEqual(
        {
          e: empty.encryption,
          h: empty.hash,
          a: empty.authentication,
          g: empty.group,
          l: empty.lifetime,
        },
        { e: "des", h: "sha", a: "rsa-sig", g: 1, l: 86400 },
      );
      const ten = model.isakmpPolicies[0]!;
      assert.equal(ten.encryption, "aes");
      assert.equal(ten.lifetime, 14400);
      assert.equal(model.isakmpPolicies[2]!.authentication, "rsa-encr");
    });

    it("reads only the policy's own attribute words, whatever else a line says", () => {
      const policy = parseConfig(
        [
          "crypto isakmp policy 5",
          " constructor x",
          " __proto__ y",
          " hash md5",
          " no group 5",
        ].join("\n"),
      ).isakmpPolicies[0]!;
      assert.deepEqual(
        { ...policy, node: undefined, explicit: Object.keys(policy.explicit) },
        {
          encryption: "des",
          hash: "md5",
          authentication: "rsa-sig",
          group: 1,
          lifetime: 86400,
          priority: 5,
          node: undefined,
          explicit: ["hash"],
        },
      );
    });

    it("reads type 6 keys and keys with a mask", () => {
      const [six, masked] = model.globalKeys;
      assert.equal(six?.secret.type, 6);
      assert.equal(formatIpv4(six!.address!.address), "2.2.2.2");
      assert.equal(masked?.secret.value, "psk1");
      assert.equal(formatIpv4(masked!.address!.mask), "255.255.255.0");
      assert.equal(textAt(text, masked!.targetRange), "1.1.1.1 255.255.255.0");
    });

    it("reads keyrings with local addresses as address or interface, and profiles", () => {
      const [byAddress, byInterface] = model.keyrings;
      assert.equal(byAddress?.name, "ISAKMP-KEYRING-ADDRESS");
      assert.equal(formatIpv4(byAddress!.localAddress!.address!), "2.3.4.6");
      assert.equal(
        byInterface?.localAddress?.interface?.name,
        "TenGigabitEthernet0/0",
      );
      assert.equal(byAddress?.keys[0]?.keyring, "ISAKMP-KEYRING-ADDRESS");
      assert.equal(formatIpv4(byAddress!.keys[0]!.address!.address), "1.2.3.4");
      const [profile] = model.isakmpProfiles;
      assert.deepEqual(
        profile?.keyrings.map((k) => k.name),
        ["ISAKMP-KEYRING-ADDRESS"],
      );
      assert.equal(profile?.selfIdentity, "2.3.4.6");
      assert.equal(profile?.matches[0]?.kind, "address");
      assert.equal(formatIpv4(profile!.matches[0]!.address!), "1.2.3.4");
      assert.equal(formatIpv4(profile!.localAddress!.address!), "2.3.4.6");
    });

    it("reads a tunnel whose source is an interface", () => {
      const tunnel = model.interfaces.find((i) => i.name === "Tunnel1")!;
      assert.equal(
        tunnel.tunnel.source?.interface?.name,
        "TenGigabitEthernet0/0",
      );
      assert.equal(formatIpv4(tunnel.tunnel.destination!.address!), "1.2.3.4");
      assert.equal(tunnel.tunnel.protection, undefined);
    });
  });

  describe("crypto maps (corpus: ios-crypto-map, r1, r3)", () => {
    it("reads several entries, isakmp profiles, PFS, dynamic maps and an interface without address", () => {
      const model = parseConfig(corpus("cfg_batfish_ios-crypto-map.cfg"));
      const map = model.cryptoMaps.get("mymap")!;
      assert.deepEqual(
        map.entries.map((e) => e.sequence),
        [10, 20, 30],
      );
      assert.equal(map.entries[0]!.isakmpProfile?.name, "ISAKMP-PROFILE");
      assert.equal(map.entries[0]!.pfs?.group, "group14");
      assert.equal(map.entries[2]!.mode, "dynamic");
      assert.equal(map.entries[2]!.dynamicMap?.name, "mydynamicmap");
      const dynamic = model.dynamicMaps.get("mydynamicmap")!;
      assert.deepEqual(
        dynamic.entries.map((e) => [e.sequence, e.isDynamicMapEntry]),
        [
          [5, true],
          [15, true],
        ],
      );
      const te1 = model.interfaces.find(
        (i) => i.key === "tengigabitethernet0/1",
      )!;
      assert.deepEqual(te1.addresses, []);
      assert.equal(te1.cryptoMap?.name, "mymap");
      const profile = model.ipsecProfiles[0]!;
      assert.deepEqual(
        profile.transformSets.map((s) => s.name),
        ["ts1", "ts2"],
      );
      assert.equal(profile.isakmpProfile?.name, "ISAKMP-PROFILE");
      const tunnel2 = model.interfaces.find((i) => i.name === "Tunnel2")!;
      assert.equal(tunnel2.tunnel.mode, undefined);
      assert.equal(
        model.interfaces.find((i) => i.name === "Tunnel1")!.tunnel.mode,
        "ipsec ipv4",
      );
    });

    it("reads several transform sets on one line and a shut tunnel", () => {
      const model = parseConfig(corpus("cfg_batfish_ios-crypto-ipsec_r1.cfg"));
      const entry = model.cryptoMaps.get("mymap")!.entries[0]!;
      assert.deepEqual(
        entry.transformSets.map((s) => s.name),
        ["ts1", "ts2"],
      );
      assert.equal(
        model.transformSets.find((s) => s.name === "ts1")?.transforms[0]
          ?.keySize,
        256,
      );
      assert.equal(
        model.interfaces.find((i) => i.name === "Tunnel21")?.shutdown,
        true,
      );
    });

    it("reads ipsec-manual entries, several peers, identities, lifetimes and local-address", () => {
      const text = [
        "crypto identity from-mjlnet",
        " fqdn Niigata.mjlnet.com",
        "crypto map M local-address Loopback0",
        "crypto map M 10 ipsec-manual",
        " set peer 192.0.2.2",
        " set peer 192.0.2.3 default",
        " set transform-set T",
        " set security-association lifetime seconds 1800",
        " set security-association lifetime kilobytes 10000",
        " identity from-mjlnet",
        " reverse-route",
        " match address 101",
        "crypto map M 5 ipsec-isakmp",
        " set peer vpn.example.com",
        " no set peer 192.0.2.9",
      ].join("\n");
      const model = parseConfig(text);
      const map = model.cryptoMaps.get("M")!;
      assert.equal(map.localAddress?.name, "Loopback0");
      assert.deepEqual(
        map.entries.map((e) => e.sequence),
        [5, 10],
      );
      const [hostname, manual] = map.entries;
      assert.equal(hostname!.peers[0]!.hostname, "vpn.example.com");
      assert.equal(hostname!.peers.length, 1);
      assert.equal(manual!.mode, "ipsec-manual");
      assert.deepEqual(
        manual!.peers.map((p) => [formatIpv4(p.address!), p.default]),
        [
          ["192.0.2.2", false],
          ["192.0.2.3", true],
        ],
      );
      assert.equal(manual!.lifetimeSeconds?.value, 1800);
      assert.equal(manual!.lifetimeKilobytes?.value, 10000);
      assert.equal(manual!.identity?.name, "from-mjlnet");
      assert.equal(manual!.reverseRoute, true);
      assert.deepEqual(
        model.identities[0]?.entries.map((e) => [e.kind, e.value]),
        [["fqdn", "Niigata.mjlnet.com"]],
      );
    });
  });

  describe("everything else a crypto config leans on", () => {
    const text = [
      "hostname edge",
      "no crypto isakmp enable",
      "no crypto ipsec nat-transparency udp-encapsulation",
      "crypto isakmp key 7 0822455D0A16 hostname peer.example.com",
      "crypto isakmp key k2 address 0.0.0.0 0.0.0.0 no-xauth",
      "crypto pki trustpoint CA",
      " enrollment url http://192.0.2.50",
      "crypto pki certificate chain CA",
      " certificate ca 01",
      "ntp server 192.0.2.123",
      "ntp server pool.ntp.org",
      "sntp server 192.0.2.124",
      "username admin password 7 0822455D0A16",
      "interface GigabitEthernet0/0",
      " ip address 198.51.100.1 255.255.255.0",
      " ip address 198.51.100.200 255.255.255.0 secondary",
      " ip nat outside",
      " ip access-group EDGE in",
      " shutdown",
      " no shutdown",
      "interface GigabitEthernet0/1",
      " vrf forwarding INSIDE",
      " ip address 10.1.1.1 255.255.255.0",
      " ip nat inside",
      "interface Dialer1",
      " ip address negotiated",
      "ip nat inside source list 110 interface GigabitEthernet0/0 overload",
      "ip nat inside source static 10.1.1.10 198.51.100.10",
      "ip nat inside source route-map NONAT pool P",
      "ip route vrf INSIDE 10.9.0.0 255.255.0.0 10.1.1.254 250",
      "ip route 192.0.2.0 255.255.255.0 GigabitEthernet 0/0 198.51.100.254",
      "route-map NONAT permit 10",
      " match ip address 110 120",
      "router ospf 1",
      " network 10.0.0.0 0.255.255.255 area 0",
    ].join("\n");
    const model: ConfigModel = parseConfig(text);

    it("reads `no crypto isakmp enable` and NAT-T turned off", () => {
      assert.equal(model.isakmpDisabled?.line, 1);
      assert.equal(model.natTransparencyDisabled?.line, 2);
    });

    it("reads hostname keys, type 7, wildcard keys and no-xauth", () => {
      const [hostname, wildcard] = model.globalKeys;
      assert.equal(hostname?.hostname, "peer.example.com");
      assert.equal(hostname?.secret.type, 7);
      assert.equal(wildcard?.address?.mask, 0);
      assert.equal(wildcard?.noXauth, true);
      assert.deepEqual(
        model.secrets.filter((s) => s.type === 7).map((s) => s.value),
        ["0822455D0A16", "0822455D0A16"],
      );
    });

    it("reads trustpoints with their certificate chain, NTP and SNTP servers", () => {
      assert.equal(model.trustpoints[0]?.enrollment, "url http://192.0.2.50");
      assert.equal(model.trustpoints[0]?.hasCertificateChain, true);
      assert.deepEqual(
        model.ntpServers.map((s) =>
          s.address !== undefined ? formatIpv4(s.address) : s.hostname,
        ),
        ["192.0.2.123", "pool.ntp.org", "192.0.2.124"],
      );
    });

    it("reads interface details: secondary addresses, NAT side, ACLs, no shutdown, VRF, negotiated addresses", () => {
      const [outside, inside, dialer] = model.interfaces;
      assert.deepEqual(
        outside!.addresses.map((a) => a.secondary),
        [false, true],
      );
      assert.equal(outside!.nat?.side, "outside");
      assert.deepEqual(
        outside!.accessGroups.map((g) => [g.acl.name, g.direction]),
        [["EDGE", "in"]],
      );
      assert.equal(outside!.shutdown, false);
      assert.equal(inside!.vrf, "INSIDE");
      assert.equal(inside!.nat?.side, "inside");
      assert.equal(dialer!.dynamicAddress, true);
    });

    it("reads NAT rules, VRF routes with distance, routes with interface and next hop, route-maps, routing processes", () => {
      const [dynamic, stat, routeMap] = model.natRules;
      assert.equal(dynamic?.acl?.name, "110");
      assert.equal(dynamic?.overload, true);
      assert.equal(dynamic?.interface?.name, "GigabitEthernet0/0");
      assert.equal(stat?.kind, "static");
      assert.equal(formatIpv4(stat!.local!), "10.1.1.10");
      assert.equal(formatIpv4(stat!.global!), "198.51.100.10");
      assert.equal(routeMap?.routeMap?.name, "NONAT");
      assert.equal(routeMap?.pool?.name, "P");
      const [vrfRoute, ifRoute] = model.routes;
      assert.equal(vrfRoute?.vrf, "INSIDE");
      assert.equal(vrfRoute?.distance, 250);
      assert.equal(ifRoute?.exitInterface?.name, "GigabitEthernet0/0");
      assert.equal(formatIpv4(ifRoute!.nextHop!), "198.51.100.254");
      assert.deepEqual(
        model.routeMaps[0]?.matchAcls.map((r) => r.name),
        ["110", "120"],
      );
      assert.deepEqual(
        model.routerProcesses.map((p) => p.protocol),
        ["ospf"],
      );
    });
  });

  describe("VTIs, keyrings and profiles of real AWS configs", () => {
    it("reads the CSR1000v config: keyrings, profiles, four tunnels, a shut interface, BGP", () => {
      const model = parseConfig(
        corpus("cfg_lab-validation_exitgw_csr1000v-16.4.cfg"),
      );
      assert.equal(model.version?.text, "16.4");
      assert.equal(model.keyrings.length, 5);
      assert.equal(model.keyrings[0]!.keys.length, 0);
      assert.equal(model.isakmpProfiles.length, 4);
      const tunnels = model.interfaces.filter((i) => i.tunnel.protection);
      assert.equal(tunnels.length, 4);
      assert.equal(
        formatIpv4(tunnels[0]!.tunnel.source!.address!),
        "172.24.0.10",
      );
      assert.equal(
        model.interfaces.find((i) => i.name === "GigabitEthernet3")?.shutdown,
        true,
      );
      assert.deepEqual(
        model.routerProcesses.map((p) => p.protocol),
        ["bgp"],
      );
      assert.equal(model.trustpoints[0]?.name, "TP-self-signed-329331437");
      assert.equal(model.trustpoints[0]?.hasCertificateChain, true);
    });

    it("reads the AWS template with `exit` lines, indented sections and comment blocks", () => {
      const model = parseConfig(
        corpus("cfg_batfish_aws-generated_vpn-03701a53bba3c48b7.txt"),
      );
      assert.ok(
        model.isakmpPolicies.some(
          (p) => p.priority === 200 && p.encryption === "aes",
        ),
      );
      assert.equal(model.ipsecProfiles[0]?.lifetimeSeconds?.value, 3600);
      assert.equal(model.transformSets[0]?.transforms[0]?.keySize, 128);
      assert.ok(
        model.interfaces.filter((i) => i.tunnel.protection).length >= 2,
      );
    });
  });

  describe("DMVPN phase 3 lines", () => {
    it("reads ip nhrp redirect and shortcut, and their no forms, on tunnel interfaces", () => {
      const model = parseConfig(
        [
          "interface Tunnel0",
          " ip nhrp network-id 10",
          " ip nhrp redirect timeout 30",
          " no ip nhrp shortcut",
          "interface Tunnel1",
          " ip nhrp shortcut",
          " no ip nhrp redirect",
          "interface Tunnel2",
          " ip nhrp network-id 20",
        ].join("\n"),
      );
      const [t0, t1, t2] = model.interfaces;
      const state = (
        s: { enabled: boolean; node: { line: number } } | undefined,
      ) => s && [s.enabled, s.node.line];
      assert.deepEqual(state(t0!.nhrp?.redirect), [true, 2]);
      assert.deepEqual(state(t0!.nhrp?.shortcut), [false, 3]);
      assert.deepEqual(state(t1!.nhrp?.shortcut), [true, 5]);
      assert.deepEqual(state(t1!.nhrp?.redirect), [false, 6]);
      assert.equal(t2!.nhrp?.redirect, undefined);
      assert.equal(t2!.nhrp?.shortcut, undefined);
      assert.equal(t2!.nhrp?.networkId?.value, 20);
    });
  });

  describe("anti-replay windows", () => {
    it("reads the global window and each crypto map entry's and IPsec profile's own", () => {
      const model = parseConfig(
        [
          "crypto ipsec security-association replay window-size 512",
          "crypto ipsec security-association replay window-size lots",
          "crypto map VPN 10 ipsec-isakmp",
          " set peer 192.0.2.1",
          " set security-association replay window-size 128",
          "crypto map VPN 20 ipsec-isakmp",
          " set peer 192.0.2.2",
          " set security-association replay disable",
          "crypto map VPN 30 ipsec-isakmp",
          " set peer 192.0.2.3",
          "crypto ipsec profile P",
          " set security-association replay window-size",
        ].join("\n"),
      );
      const window = (
        w:
          | { size?: number; disabled: boolean; node: { line: number } }
          | undefined,
      ) => w && [w.size, w.disabled, w.node.line];
      // A line IOS would refuse does not undo the one before it.
      assert.deepEqual(window(model.replayWindow), [512, false, 0]);
      const [e10, e20, e30] = model.cryptoMaps.get("VPN")!.entries;
      assert.deepEqual(window(e10!.replayWindow), [128, false, 4]);
      assert.deepEqual(window(e20!.replayWindow), [undefined, true, 7]);
      assert.equal(e30!.replayWindow, undefined);
      // `window-size` alone is the default window.
      assert.deepEqual(window(model.ipsecProfiles[0]!.replayWindow), [
        64,
        false,
        11,
      ]);
    });
  });

  describe("IPsec SA volume lifetimes", () => {
    it("reads `kilobytes disable` globally, on a crypto map entry and in an IPsec profile, with its line", () => {
      const model = parseConfig(
        [
          "crypto ipsec security-association lifetime kilobytes disable",
          "crypto ipsec security-association lifetime seconds 28800",
          "crypto map VPN 10 ipsec-isakmp",
          " set peer 192.0.2.1",
          " set security-association lifetime kilobytes disable",
          "crypto map VPN 20 ipsec-isakmp",
          " set peer 192.0.2.2",
          " set security-association lifetime kilobytes 10000",
          " set security-association lifetime kilobytes lots",
          "crypto ipsec profile P",
          " set security-association lifetime seconds 1800",
          " set security-association lifetime kilobytes disable",
          "crypto ipsec profile Q",
          " set security-association lifetime kilobytes 20000",
        ].join("\n"),
      );
      const written = (
        l: { value: number | string; node: { line: number } } | undefined,
      ) => l && [l.value, l.node.line];
      assert.deepEqual(model.ipsecLifetime, {
        kilobytes: "disabled",
        seconds: 28800,
      });
      const [e10, e20] = model.cryptoMaps.get("VPN")!.entries;
      assert.deepEqual(written(e10!.lifetimeKilobytes), ["disabled", 4]);
      // A line IOS would refuse does not undo the one before it.
      assert.deepEqual(written(e20!.lifetimeKilobytes), [10000, 7]);
      const [p, q] = model.ipsecProfiles;
      assert.deepEqual(written(p!.lifetimeSeconds), [1800, 10]);
      assert.deepEqual(written(p!.lifetimeKilobytes), ["disabled", 11]);
      assert.deepEqual(written(q!.lifetimeKilobytes), [20000, 13]);
    });

    it("takes the last global volume lifetime, a number or `disable`", () => {
      const global = (...lines: string[]) =>
        parseConfig(
          lines
            .map((l) => `crypto ipsec security-association lifetime ${l}`)
            .join("\n"),
        ).ipsecLifetime;
      assert.deepEqual(global("kilobytes 102400", "kilobytes disable"), {
        kilobytes: "disabled",
      });
      assert.deepEqual(global("kilobytes disable", "kilobytes 102400"), {
        kilobytes: 102400,
      });
    });
  });

  describe("robustness", () => {
    it("reads no number longer than IOS takes (10 digits)", () => {
      const model = parseConfig(
        [
          `crypto ipsec transform-set TS esp-aes ${"9".repeat(30)} esp-sha-hmac`,
          "crypto ipsec transform-set T2 esp-aes 4294967295 esp-sha-hmac",
          `crypto map M ${"9".repeat(30)} ipsec-isakmp`,
          " set peer 192.0.2.1",
        ].join("\n"),
      );
      const [ts, t2] = model.transformSets;
      assert.deepEqual(
        ts!.transforms.map((t) => [t.name, t.keySize]),
        [
          ["esp-aes", undefined],
          ["9".repeat(30), undefined],
          ["esp-sha-hmac", undefined],
        ],
      );
      assert.equal(t2!.transforms[0]!.keySize, 4294967295);
      assert.ok(
        [...model.cryptoMaps.values()].every((m) =>
          m.entries.every((e) => Number.isFinite(e.sequence)),
        ),
      );
    });

    it("never throws, on junk, truncated lines and odd endings", () => {
      const junk = [
        "crypto map",
        "crypto map M",
        "crypto map M notanumber",
        "crypto isakmp key",
        "crypto isakmp key 7",
        "crypto keyring",
        "access-list 101 permit",
        "access-list 101 permit tcp any eq",
        "ip route 1.2.3.4",
        "ip route 1.2.3.0 255.0.255.0 1.1.1.1",
        "interface",
        " ip address 1.2.3.4 255.255.0.255",
        "crypto isakmp policy",
        "\u0000\u0001",
        "x".repeat(10000),
      ];
      for (const line of junk) {
        assert.doesNotThrow(() => parseConfig(line));
        assert.doesNotThrow(() =>
          parseConfig(`interface Gi0/0\n${line}\r\n${line}\r`),
        );
      }
      const model = parseConfig(junk.join("\n"));
      assert.ok(
        model.problems.some((p) => /not a valid netmask/.test(p.message)),
      );
    });

    it("records the file's line ending for inserted lines", () => {
      assert.equal(parseConfig("a\r\nb").tree.eol, "\r\n");
      assert.equal(parseConfig("a\nb").tree.eol, "\n");
      assert.equal(parseConfig("a\rb").tree.eol, "\r");
      assert.equal(parseConfig("a").tree.eol, "\n");
    });

    it("matches interface names however they are written", () => {
      assert.equal(interfaceKey("FastEthernet0/0"), interfaceKey("fa 0/0"));
      assert.equal(interfaceKey("Gi0/1.70"), "gigabitethernet0/1.70");
    });

    it("parses in time linear in the size of the config", () => {
      const block = (i: number) =>
        [
          `interface GigabitEthernet0/${i}`,
          ` ip address 10.${(i >> 8) & 255}.${i & 255}.1 255.255.255.0`,
          ` ip access-group 100 in`,
          `access-list 100 permit udp host 192.0.2.${i & 255} any eq isakmp`,
          `crypto map M ${i} ipsec-isakmp`,
          ` set peer 192.0.2.${i & 255}`,
          ` match address 101`,
        ].join("\n");
      const build = (n: number) =>
        Array.from({ length: n }, (_, i) => block(i)).join("\n");
      const time = (text: string) => {
        const start = process.hrtime.bigint();
        parseConfig(text);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const small = build(800);
      const large = build(8000);
      time(small);
      const t1 = Math.min(time(small), time(small));
      const t10 = Math.min(time(large), time(large));
      // Ten times the lines should cost about ten times the time, far from a hundred.
      assert.ok(
        t10 < t1 * 30 + 50,
        `800 blocks: ${t1.toFixed(1)} ms, 8,000 blocks: ${t10.toFixed(1)} ms`,
      );
    });
  });
});
