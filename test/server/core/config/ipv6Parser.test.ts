import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { primaryAddress6 } from "../../../../server/src/core/config/routingView";
import {
  formatIpv6,
  formatIpv6Prefix,
  type Ipv6Prefix,
} from "../../../../server/src/core/ipv6/address";

const prefix = (p: Ipv6Prefix | undefined) => p && formatIpv6Prefix(p);

describe("config/parser: IPv6 lines", () => {
  const model = parseConfig(
    [
      "interface GigabitEthernet0/0",
      " ipv6 address FE80::1 link-local",
      " ipv6 address 2001:DB8:0:1::/64 eui-64",
      " ipv6 address 2001:db8:0:2::1/64",
      " ipv6 traffic-filter WAN-IN in",
      "interface Tunnel0",
      " ipv6 nhrp network-id 7",
      " ipv6 nhrp map 2001:DB8:100::1/128 198.51.100.1",
      " ipv6 nhrp nhs 2001:DB8:100::1",
      " ipv6 nhrp nhs dynamic nbma 198.51.100.2",
      " tunnel mode gre multipoint",
      "ipv6 route ::/0 2001:DB8:0:2::FFFF",
      "ipv6 route vrf RED 2001:DB8:10::/48 GigabitEthernet 0/0 FE80::2 200 name LAB",
      "ipv6 route 2001:DB8:20::/48 Tunnel0 permanent",
      "ipv6 access-list WAN-IN",
      " remark IKE and ESP from the peers",
      " sequence 10 permit udp host 2001:DB8::1 eq isakmp any eq 500",
      " permit esp 2001:DB8::/32 any",
      " permit icmp any any nd-ns",
      " deny ipv6 any any log",
      " permit bogus any any",
      "",
    ].join("\n"),
  );
  const [wan, tunnel] = model.interfaces;

  it("reads interface addresses, telling link-local and EUI-64 ones apart", () => {
    assert.deepEqual(
      wan!.addresses6!.map((a) => [prefix(a.prefix), a.linkLocal, !!a.eui64]),
      [
        ["FE80::1/128", true, false],
        ["2001:DB8:0:1::/64", false, true],
        ["2001:DB8:0:2::1/64", false, false],
      ],
    );
    // The EUI-64 address itself is not in the config: the written one is the interface's.
    assert.equal(formatIpv6(primaryAddress6(wan!)!), "2001:DB8:0:2::1");
    assert.deepEqual(
      wan!.trafficFilters!.map((f) => [f.name, f.direction]),
      [["WAN-IN", "in"]],
    );
  });

  it("reads ipv6 route lines in their forms", () => {
    assert.deepEqual(
      model.routes6.map((r) => [
        prefix(r.prefix),
        r.exitInterface?.name,
        r.nextHop && formatIpv6(r.nextHop),
        r.distance,
        r.vrf,
      ]),
      [
        ["::/0", undefined, "2001:DB8:0:2::FFFF", 1, undefined],
        ["2001:DB8:10::/48", "GigabitEthernet0/0", "FE80::2", 200, "RED"],
        ["2001:DB8:20::/48", "Tunnel0", undefined, 1, undefined],
      ],
    );
  });

  it("reads IPv6 access lists entry by entry, and keeps the lines it cannot read", () => {
    const [acl] = model.acls6;
    assert.equal(acl?.name, "WAN-IN");
    assert.deepEqual(
      acl!.entries.map((e) => [
        e.action,
        e.protocol,
        prefix(e.source),
        e.sourcePort?.ports,
        prefix(e.destination),
        e.destinationPort?.ports,
      ]),
      [
        ["permit", 17, "2001:DB8::1/128", [500], "::/0", [500]],
        ["permit", 50, "2001:DB8::/32", undefined, "::/0", undefined],
        ["permit", 58, "::/0", undefined, "::/0", undefined],
        ["deny", undefined, "::/0", undefined, "::/0", undefined],
      ],
    );
    assert.deepEqual(
      acl!.unreadable.map((n) => n.text.trim()),
      ["permit bogus any any"],
    );
  });

  it("reads the IPv6 overlay's NHRP: network id, servers and mappings to IPv4 NBMA addresses", () => {
    const nhrp = tunnel!.nhrp6!;
    assert.equal(nhrp.networkId?.value, 7);
    assert.deepEqual(
      nhrp.maps.map((m) => [formatIpv6(m.address), m.nbma]),
      [["2001:DB8:100::1", 0xc6336401]],
    );
    assert.deepEqual(
      nhrp.servers.map((s) => [s.address && formatIpv6(s.address), s.nbma]),
      [
        ["2001:DB8:100::1", undefined],
        [undefined, 0xc6336402],
      ],
    );
  });
});

describe("config/parser: IPv6 crypto maps", () => {
  const model = parseConfig(
    [
      "crypto map ipv6 V6 10 ipsec-isakmp",
      " set peer 2001:db8:ffff:1::2",
      " set transform-set TS",
      " match address V6-LAN",
      "crypto map ipv6 V6 local-address GigabitEthernet0/0",
      "crypto map V6 10 ipsec-isakmp",
      " set peer 192.0.2.2",
      " match address 101",
      "interface GigabitEthernet0/0",
      " crypto map V6",
      " ipv6 crypto map V6",
      "",
    ].join("\n"),
  );

  it("keeps `crypto map ipv6 NAME` apart from the IPv4 map of the same name", () => {
    const v6 = model.cryptoMaps6.get("V6")!;
    const v4 = model.cryptoMaps.get("V6")!;
    assert.equal(v6.ipv6, true);
    assert.equal(v6.localAddress?.name, "GigabitEthernet0/0");
    assert.deepEqual(
      v6.entries.map((e) => [
        e.sequence,
        e.ipv6,
        e.peers.map((p) => p.address6 && formatIpv6(p.address6)),
        e.matchAddress?.kind,
        e.matchAddress?.name,
      ]),
      [[10, true, ["2001:DB8:FFFF:1::2"], "ipv6-acl", "V6-LAN"]],
    );
    assert.deepEqual(
      v4.entries.map((e) => [
        e.ipv6,
        e.peers[0]?.address,
        e.matchAddress?.kind,
      ]),
      [[undefined, 0xc0000202, "acl"]],
    );
  });

  it("reads `ipv6 crypto map NAME` on an interface as a use of the IPv6 map", () => {
    const [iface] = model.interfaces;
    assert.equal(iface!.cryptoMap?.kind, "crypto-map");
    assert.equal(iface!.cryptoMap6?.kind, "ipv6-crypto-map");
    assert.equal(iface!.cryptoMap6?.name, "V6");
    assert.deepEqual(
      model.definitions
        .filter((d) => d.kind.endsWith("crypto-map"))
        .map((d) => `${d.kind} ${d.name}`),
      ["ipv6-crypto-map V6", "crypto-map V6"],
    );
  });
});

describe("config/parser: a dynamic map behind an IPv6 crypto map", () => {
  it("reads the dynamic map's `match address` as an IPv6 ACL", () => {
    const model = parseConfig(
      [
        "crypto dynamic-map DYN6 10",
        " set transform-set TS",
        " match address V6-ANY",
        "crypto map ipv6 V6MAP 65535 ipsec-isakmp dynamic DYN6",
        "ipv6 access-list V6-ANY",
        " permit ipv6 2001:DB8:10::/48 any",
        "",
      ].join("\n"),
    );
    const [entry] = model.dynamicMaps.get("DYN6")!.entries;
    assert.equal(entry!.ipv6, true);
    assert.equal(entry!.matchAddress?.kind, "ipv6-acl");
    assert.equal(model.cryptoMaps6.get("V6MAP")!.entries[0]!.mode, "dynamic");
  });
});
