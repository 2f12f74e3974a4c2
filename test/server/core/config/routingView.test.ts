import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  cryptoMapAddress,
  describeRoute,
  hasRoute,
  interfaceNamed,
  routingView,
} from "../../../../server/src/core/config/routingView";
import {
  formatIpv4,
  parseIpv4,
} from "../../../../server/src/core/ipv4/address";

const ip = (t: string) => parseIpv4(t)!;

const BASE = [
  "version 15.1",
  "interface Gi0/0",
  " ip address 192.0.2.1 255.255.255.0",
  "interface Gi0/1",
  " ip address 198.51.100.1 255.255.255.0",
  "interface Gi0/2",
  " ip address 203.0.113.1 255.255.255.0",
  " shutdown",
  "interface Gi0/3",
  " vrf forwarding RED",
  " ip address 10.9.9.1 255.255.255.0",
];

const view = (...routes: string[]) =>
  routingView(parseConfig([...BASE, ...routes].join("\n")));

describe("config/routingView", () => {
  it("routes connected networks of interfaces that are up, and not those of shut ones", () => {
    const v = view();
    assert.equal(v.lookup(ip("192.0.2.77"))?.exits[0]?.name, "Gi0/0");
    assert.equal(hasRoute(v.lookup(ip("203.0.113.9"))), false);
    assert.equal(
      describeRoute(v.lookup(ip("192.0.2.77"))!.routes[0]!),
      "the connected network 192.0.2.0/24 of Gi0/0",
    );
  });

  it("resolves next hops recursively and reports the first gateway", () => {
    const v = view(
      "ip route 0.0.0.0 0.0.0.0 10.0.0.1",
      "ip route 10.0.0.0 255.0.0.0 192.0.2.254",
    );
    const lookup = v.lookup(ip("8.8.8.8"))!;
    assert.equal(lookup.exits[0]?.name, "Gi0/0");
    assert.equal(formatIpv4(lookup.resolutions[0]!.gateway!), "192.0.2.254");
    assert.equal(
      describeRoute(lookup.routes[0]!),
      "the default route via 10.0.0.1",
    );
  });

  it("prefers the longest prefix, then the lowest distance, and keeps equal-cost exits", () => {
    const v = view(
      "ip route 0.0.0.0 0.0.0.0 192.0.2.254",
      "ip route 172.16.0.0 255.255.0.0 198.51.100.254",
      "ip route 172.16.0.0 255.255.0.0 192.0.2.253 200",
      "ip route 10.1.0.0 255.255.0.0 192.0.2.254",
      "ip route 10.1.0.0 255.255.0.0 198.51.100.254",
    );
    assert.equal(v.lookup(ip("172.16.1.1"))?.exits[0]?.name, "Gi0/1");
    assert.deepEqual(
      v.lookup(ip("10.1.1.1"))?.exits.map((e) => e.name),
      ["Gi0/0", "Gi0/1"],
    );
    assert.equal(v.lookup(ip("9.9.9.9"))?.exits[0]?.name, "Gi0/0");
  });

  it("does not install routes whose next hop is unreachable, loops, or whose exit is shut; explains them", () => {
    const v = view(
      "ip route 172.16.0.0 255.255.0.0 10.77.0.1",
      "ip route 10.0.0.0 255.0.0.0 172.16.0.1",
      "ip route 203.0.113.128 255.255.255.128 Gi0/2",
    );
    const lookup = v.lookup(ip("172.16.5.5"));
    assert.equal(hasRoute(lookup), false);
    assert.match(lookup!.uninstalled[0]!.resolution.reason!, /next hop/);
    const shut = v.lookup(ip("203.0.113.200"));
    assert.match(
      shut!.uninstalled[0]!.resolution.reason!,
      /Gi0\/2 is shut down/,
    );
  });

  it("treats Null0 as a discard and an unknown exit interface as unknown", () => {
    const v = view(
      "ip route 10.0.0.0 255.0.0.0 Null0",
      "ip route 172.16.0.0 255.240.0.0 Dialer1",
    );
    assert.equal(v.lookup(ip("10.1.1.1"))?.resolutions[0]?.discard, true);
    const unknown = v.lookup(ip("172.17.0.1"))!;
    assert.equal(unknown.resolutions[0]?.unknownExit, "Dialer1");
    assert.deepEqual(unknown.exits, []);
  });

  it("keeps VRFs apart", () => {
    const model = parseConfig(
      [...BASE, "ip route vrf RED 0.0.0.0 0.0.0.0 10.9.9.254"].join("\n"),
    );
    assert.equal(hasRoute(routingView(model).lookup(ip("8.8.8.8"))), false);
    assert.equal(
      routingView(model, "RED").lookup(ip("8.8.8.8"))?.exits[0]?.name,
      "Gi0/3",
    );
    // The global connected network of Gi0/0 is not in RED: RED reaches it by its own default route.
    assert.equal(
      routingView(model, "RED").lookup(ip("192.0.2.5"))?.exits[0]?.name,
      "Gi0/3",
    );
  });

  it("knows when the config shows every route", () => {
    assert.equal(view().complete, true);
    assert.equal(
      routingView(parseConfig([...BASE, "router ospf 1"].join("\n"))).complete,
      false,
    );
    assert.equal(
      routingView(parseConfig(BASE.slice(1).join("\n"))).complete,
      false,
    );
    assert.equal(
      routingView(
        parseConfig(
          [...BASE.slice(1), "ip route 0.0.0.0 0.0.0.0 192.0.2.254"].join("\n"),
        ),
      ).complete,
      true,
    );
    const dhcp = parseConfig(
      [...BASE, "interface Gi0/4", " ip address dhcp"].join("\n"),
    );
    assert.match(routingView(dhcp).incompleteReason ?? "", /DHCP/);
    assert.equal(interfaceNamed(dhcp, "gi 0/4")?.name, "Gi0/4");
  });
});

describe("config/routingView: the address a crypto map talks from", () => {
  const model = parseConfig(
    [
      "interface Gi0/0",
      " ip address 203.0.113.2 255.255.255.0",
      " standby 1 ip 203.0.113.1",
      " standby 1 ip 203.0.113.9 secondary",
      " standby 1 name VPN-HA",
      " standby 2 ip 203.0.113.5",
      " crypto map VPN redundancy VPN-HA stateful",
      "interface Gi0/1",
      " ip address 198.51.100.2 255.255.255.0",
      " standby ip 198.51.100.1",
      " crypto map VPN redundancy",
      "interface Gi0/2",
      " ip address 192.0.2.2 255.255.255.0",
      " standby 3 ip 192.0.2.1",
      " crypto map VPN",
      "",
    ].join("\n"),
  );
  const at = (name: string) => {
    const iface = interfaceNamed(model, name)!;
    const address = cryptoMapAddress(iface);
    return address === undefined ? undefined : formatIpv4(address);
  };

  it("reads HSRP groups and the redundancy of the crypto map line", () => {
    const gi0 = interfaceNamed(model, "Gi0/0")!;
    assert.deepEqual(
      gi0.standby!.map((g) => [
        g.group,
        g.address && formatIpv4(g.address),
        g.name,
      ]),
      [
        [1, "203.0.113.1", "VPN-HA"],
        [2, "203.0.113.5", undefined],
      ],
    );
    assert.deepEqual(
      {
        group: gi0.cryptoMapRedundancy?.group,
        stateful: gi0.cryptoMapRedundancy?.stateful,
      },
      { group: "VPN-HA", stateful: true },
    );
    assert.equal(gi0.cryptoMap?.name, "VPN");
  });

  it("is the named group's virtual address with redundancy, the first group's without a name, else the interface's", () => {
    assert.equal(at("Gi0/0"), "203.0.113.1");
    assert.equal(at("Gi0/1"), "198.51.100.1");
    assert.equal(at("Gi0/2"), "192.0.2.2");
  });
});
