import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  appendConfig,
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { REPO_ROOT } from "../../../support/paths";

const BROKEN_TOKYO = fixture("seed-tokyo.ios")
  .replace(
    "interface FastEthernet0/0\n ip address 10.1.1.1 255.255.255.0\n",
    "interface FastEthernet0/0\n ip address 10.1.1.1 255.255.255.0\n crypto map mjlnetmap\n",
  )
  .replace(
    " ip address 172.16.5.1 255.255.255.0\n crypto map mjlnetmap\n",
    " ip address 172.16.5.1 255.255.255.0\n",
  );

describe("checks/routingChecks", () => {
  describe("crypto-map-wrong-interface", () => {
    it("flags the map on the LAN while the route to the peer leaves through the WAN (seed 8-33)", () => {
      const [f, ...rest] = findingsOf(
        analyse(BROKEN_TOKYO),
        "crypto-map-wrong-interface",
      );
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(textAt(BROKEN_TOKYO, f.range), "crypto map mjlnetmap");
      assert.equal(f.range.start.line, 19);
      assert.match(
        f.message,
        /crypto map mjlnetmap is applied to FastEthernet0\/0, but the route to peer 172\.16\.6\.2 leaves through Serial4\/0 \(the default route via 172\.16\.5\.5\)/i,
      );
      const related = (f.related ?? []).map((r) =>
        textAt(BROKEN_TOKYO, r.range),
      );
      assert.ok(related.includes("ip route 0.0.0.0 0.0.0.0 172.16.5.5"));
      assert.ok(related.includes("set peer 172.16.6.2"));
    });

    it("flags a PPPoE branch's map on the Ethernet under its dialer, though the dialer learns its address", () => {
      const text = fixture("pppoe-map-on-ethernet.ios");
      const [f, ...rest] = findingsOf(
        analyse(text),
        "crypto-map-wrong-interface",
      );
      assert.ok(f);
      assert.deepEqual(rest, []);
      assert.match(
        f.message,
        /^Crypto map CMAP is applied to FastEthernet0, but the route to peer 198\.51\.100\.60 leaves through Dialer1 \(the default route out of Dialer1\)/,
      );
      const [move] = assertFixesCure(text, "crypto-map-wrong-interface");
      assert.deepEqual(move!.fix.cli, [
        "interface FastEthernet0",
        " no crypto map CMAP",
        "interface Dialer1",
        " crypto map CMAP",
      ]);
      // On the dialer itself the map is where a learned default route would leave too.
      assert.deepEqual(
        findingsOf(analyse(move!.after), "crypto-map-wrong-interface"),
        [],
      );
    });

    it("moves the map (preferred) or applies it on the exit too; both cure", () => {
      const results = assertFixesCure(
        BROKEN_TOKYO,
        "crypto-map-wrong-interface",
      );
      const move = results.find((r) => r.fix.title.startsWith("Move"));
      assert.ok(move);
      assert.equal(move.fix.isPreferred, true);
      assert.deepEqual(move.fix.cli, [
        "interface FastEthernet0/0",
        " no crypto map mjlnetmap",
        "interface Serial4/0",
        " crypto map mjlnetmap",
      ]);
      assert.equal(move.after, fixture("seed-tokyo.ios"));
      assert.ok(results.some((r) => r.fix.title.startsWith("Also apply")));
    });

    it("merges the entries into the map already on the exit interface", () => {
      const text = fixture("routing.ios");
      const [f] = findingsOf(analyse(text), "crypto-map-wrong-interface");
      assert.match(
        f?.message ?? "",
        /Serial4\/0 already carries crypto map WANMAP/,
      );
      const [result] = assertFixesCure(text, "crypto-map-wrong-interface");
      assert.ok(result);
      assert.match(
        result.after,
        /^crypto map WANMAP 20 ipsec-isakmp\n set peer 172\.16\.6\.2$/m,
      );
      assert.doesNotMatch(result.after, / crypto map mjlnetmap/);
    });

    it("stays quiet when one of the map's interfaces is the exit, or the route is unknown", () => {
      assert.deepEqual(
        findingsOf(
          analyse(fixture("seed-tokyo.ios")),
          "crypto-map-wrong-interface",
        ),
        [],
      );
      const both = BROKEN_TOKYO.replace(
        " ip address 172.16.5.1 255.255.255.0\n",
        " ip address 172.16.5.1 255.255.255.0\n crypto map mjlnetmap\n",
      );
      assert.deepEqual(
        findingsOf(analyse(both), "crypto-map-wrong-interface"),
        [],
      );
      // With OSPF running the default route could come from elsewhere: only connected routes count.
      const ospf = BROKEN_TOKYO.replace(
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\n",
        "router ospf 1\n network 172.16.5.0 0.0.0.255 area 0\n",
      );
      assert.deepEqual(
        findingsOf(analyse(ospf), "crypto-map-wrong-interface"),
        [],
      );
      // A peer on a connected network is decided even then.
      const connected = ospf.replace(/172\.16\.6\.2/g, "172.16.5.2");
      assert.equal(
        findingsOf(analyse(connected), "crypto-map-wrong-interface").length,
        1,
      );
    });
  });

  describe("no-route-to-peer", () => {
    const text = fixture("no-route.ios");

    it("flags a peer no installed route covers, on the peer address, and explains the dead route", () => {
      const [f] = findingsOf(analyse(text), "no-route-to-peer");
      assert.ok(f);
      assert.equal(f.severity, "error");
      assert.equal(textAt(text, f.range), "172.16.6.2");
      assert.match(
        f.message,
        /172\.16\.0\.0\/16 via 192\.168\.99\.1.*not installed.*192\.168\.99\.1/,
      );
      assert.ok(
        f.related?.some(
          (r) =>
            textAt(text, r.range) ===
            "ip route 172.16.0.0 255.255.0.0 192.168.99.1",
        ),
      );
    });

    it("offers a host route out of the point-to-point interface (preferred) and a default route", () => {
      const results = assertFixesCure(text, "no-route-to-peer", {
        "next-hop": "172.16.5.5",
      });
      const host = results.find(
        (r) =>
          r.fix.title === "Add ip route 172.16.6.2 255.255.255.255 Serial4/0",
      );
      assert.ok(host);
      assert.equal(host.fix.isPreferred, true);
      assert.match(
        host.after,
        /^ip route 172\.16\.0\.0 255\.255\.0\.0 192\.168\.99\.1\nip route 172\.16\.6\.2 255\.255\.255\.255 Serial4\/0$/m,
      );
      const def = results.find((r) =>
        r.fix.title.startsWith("Add a default route"),
      );
      assert.ok(def?.fix.snippet);
      assert.deepEqual(def?.fix.cli, ["ip route 0.0.0.0 0.0.0.0 <next-hop>"]);
    });

    it("flags the seed's Tokyo before the default route was added (example 8-30)", () => {
      const before = fixture("seed-tokyo.ios").replace(
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\n",
        "",
      );
      const [f] = findingsOf(analyse(before), "no-route-to-peer");
      assert.ok(f);
      const results = assertFixesCure(before, "no-route-to-peer", {
        "next-hop": "172.16.5.5",
      });
      const def = results.find((r) =>
        r.fix.title.startsWith("Add a default route"),
      );
      // With no `ip route` in the config, the route goes before the closing `end`.
      assert.match(
        def?.after ?? "",
        /\nip route 0\.0\.0\.0 0\.0\.0\.0 172\.16\.5\.5\nend\n$/,
      );
    });

    it("flags a Null0 route toward the peer", () => {
      const discard = fixture("seed-tokyo.ios").replace(
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5",
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\nip route 172.16.6.0 255.255.255.0 Null0",
      );
      const [f] = findingsOf(analyse(discard), "no-route-to-peer");
      assert.match(f?.message ?? "", /discards/);
    });

    it("does not claim an absence it cannot see: routing processes, DHCP, fragments, shut interfaces", () => {
      const none = fixture("seed-tokyo.ios").replace(
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\n",
        "",
      );
      const quiet = (t: string) =>
        assert.deepEqual(findingsOf(analyse(t), "no-route-to-peer"), [], t);
      quiet(
        none.replace(
          "hostname Tokyo",
          "hostname Tokyo\nrouter eigrp 10\n network 172.16.0.0",
        ),
      );
      quiet(
        none.replace(
          " ip address 172.16.5.1 255.255.255.0",
          " ip address dhcp",
        ),
      );
      quiet(none.replace("version 12.3\n", ""));
      quiet(fixture("seed-tokyo.ios"));
      // A shut interface takes its connected route with it: the default route no longer resolves.
      const shut = fixture("seed-tokyo.ios").replace(
        " crypto map mjlnetmap\n",
        " crypto map mjlnetmap\n shutdown\n",
      );
      assert.equal(findingsOf(analyse(shut), "no-route-to-peer").length, 1);
    });
  });

  describe("no-route-to-peer for IPv6 peers", () => {
    const branch = peerFixture("ipv6-vti", "branch.ios");
    const noDefault = branch.replace(
      "ipv6 route ::/0 2001:DB8:0:2::FFFF\n",
      "",
    );

    it("flags a tunnel over IPv6 whose destination no IPv6 route covers, and adds one", () => {
      assert.deepEqual(findingsOf(analyse(branch), "no-route-to-peer"), []);
      const [found, ...rest] = findingsOf(
        analyse(noDefault),
        "no-route-to-peer",
      );
      assert.equal(rest.length, 0);
      assert.equal(textAt(noDefault, found!.range), "2001:DB8:0:1::1");
      assert.match(
        found!.message,
        /^No IPv6 route covers peer 2001:DB8:0:1::1 of Tunnel0:/,
      );
      const [result] = assertFixesCure(noDefault, "no-route-to-peer", {
        "next-hop": "2001:DB8:0:2::FFFF",
      });
      assert.match(
        result!.after,
        /^ipv6 route 2001:DB8:10::\/64 Tunnel0\nipv6 route 2001:DB8:0:1::1\/128 2001:DB8:0:2::FFFF$/m,
      );
      assert.deepEqual(result!.fix.cli, [
        "ipv6 route 2001:DB8:0:1::1/128 <next-hop>",
      ]);
    });

    it("counts a connected prefix or a static route of any length that holds the peer", () => {
      const connected = noDefault.replace(
        " ipv6 address 2001:DB8:0:2::1/64",
        " ipv6 address 2001:DB8:0:2::1/32",
      );
      assert.deepEqual(findingsOf(analyse(connected), "no-route-to-peer"), []);
      const viaInterface = noDefault.replace(
        "ipv6 unicast-routing",
        "ipv6 unicast-routing\nipv6 route 2001:DB8::/32 GigabitEthernet0/0 FE80::1 name WAN",
      );
      assert.deepEqual(
        findingsOf(analyse(viaInterface), "no-route-to-peer"),
        [],
      );
    });

    it("flags an IPv6 destination routed into its own tunnel, and routes it through the underlay", () => {
      const into = branch.replace(
        "ipv6 route 2001:DB8:10::/64 Tunnel0",
        "ipv6 route 2001:DB8::/32 Tunnel0",
      );
      const [found, ...rest] = findingsOf(
        analyse(into),
        "tunnel-recursive-routing",
      );
      assert.equal(rest.length, 0);
      assert.equal(textAt(into, found!.range), "2001:DB8:0:1::1");
      assert.match(
        found!.message,
        /^Tunnel0's destination 2001:DB8:0:1::1 is routed into Tunnel0 itself \(`ipv6 route 2001:DB8::\/32 Tunnel0`\)/,
      );
      // The gateway the default route uses out of the tunnel source.
      const [result] = assertFixesCure(into, "tunnel-recursive-routing");
      assert.deepEqual(result!.fix.cli, [
        "ipv6 route 2001:DB8:0:1::1/128 2001:DB8:0:2::FFFF",
      ]);
      // A next hop on the tunnel's own prefix leads into it too.
      const viaHop = branch.replace(
        "ipv6 route 2001:DB8:10::/64 Tunnel0",
        "ipv6 route 2001:DB8::/32 2001:DB8:FFFF::1",
      );
      assert.equal(
        findingsOf(analyse(viaHop), "tunnel-recursive-routing").length,
        1,
      );
      // A more specific route through the underlay wins.
      const covered = into.replace(
        "ipv6 unicast-routing",
        "ipv6 unicast-routing\nipv6 route 2001:DB8:0:1::/64 2001:DB8:0:2::FFFF",
      );
      assert.deepEqual(
        findingsOf(analyse(covered), "tunnel-recursive-routing"),
        [],
      );
    });

    it("claims no absence where the config may not show every IPv6 route", () => {
      for (const text of [
        noDefault.replace("ipv6 unicast-routing\n", ""),
        appendConfig(noDefault, "ipv6 router ospf 1\n"),
        noDefault.replace(
          "interface GigabitEthernet0/1\n",
          "interface GigabitEthernet0/1\n ipv6 address autoconfig default\n",
        ),
      ]) {
        assert.deepEqual(findingsOf(analyse(text), "no-route-to-peer"), []);
      }
    });
  });

  describe("tunnel-recursive-routing", () => {
    const RECURSIVE = fixture("vti-recursive-routing.ios");

    it("flags a VTI whose destination the default route sends into the tunnel itself", () => {
      const [f, ...rest] = findingsOf(
        analyse(RECURSIVE),
        "tunnel-recursive-routing",
      );
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(f.severity, "error");
      assert.equal(textAt(RECURSIVE, f.range), "203.0.113.2");
      assert.match(
        f.message,
        /Tunnel0's destination 203\.0\.113\.2 is routed into Tunnel0 itself \(the default route out of Tunnel0\)/,
      );
      assert.match(f.message, /%TUN-5-RECURDOWN/);
      const related = (f.related ?? []).map((r) => textAt(RECURSIVE, r.range));
      assert.ok(related.includes("ip route 0.0.0.0 0.0.0.0 Tunnel0"));
      // Not also "no route": the destination has a route, the wrong one.
      assert.deepEqual(findingsOf(analyse(RECURSIVE), "no-route-to-peer"), []);
    });

    it("adds a host route through the underlay's gateway, and that cures it", () => {
      const [r, ...rest] = assertFixesCure(
        RECURSIVE,
        "tunnel-recursive-routing",
      );
      assert.equal(rest.length, 0);
      assert.deepEqual(r!.fix.cli, [
        "ip route 203.0.113.2 255.255.255.255 198.51.100.254",
      ]);
    });

    it("also when a route via the tunnel's far end covers the destination", () => {
      const text = RECURSIVE.replace(
        "ip route 0.0.0.0 0.0.0.0 Tunnel0",
        "ip route 0.0.0.0 0.0.0.0 198.51.100.254\nip route 203.0.113.0 255.255.255.0 10.255.0.2",
      );
      const [f] = findingsOf(analyse(text), "tunnel-recursive-routing");
      assert.ok(f);
      assert.match(f.message, /203\.0\.113\.0\/24 via 10\.255\.0\.2/);
    });

    it("a DMVPN spoke whose hub's NBMA address is routed into its mGRE tunnel", () => {
      const spoke = fs
        .readFileSync(
          path.join(
            REPO_ROOT,
            "test",
            "fixtures",
            "peers",
            "dmvpn",
            "spoke1.ios",
          ),
          "utf8",
        )
        .replace(/router eigrp 10\n(?: .*\n)*/, "")
        .replace(
          "ip route 0.0.0.0 0.0.0.0 198.51.100.1",
          "ip route 0.0.0.0 0.0.0.0 Tunnel0",
        );
      const [f] = findingsOf(analyse(spoke), "tunnel-recursive-routing");
      assert.ok(f);
      assert.equal(textAt(spoke, f.range), "203.0.113.1");
    });

    it("is silent when the destination leaves through the underlay, or a routing process may supply the route", () => {
      const healthy = RECURSIVE.replace(
        "ip route 0.0.0.0 0.0.0.0 Tunnel0",
        "ip route 0.0.0.0 0.0.0.0 198.51.100.254\nip route 10.2.0.0 255.255.0.0 Tunnel0",
      );
      assert.deepEqual(
        findingsOf(analyse(healthy), "tunnel-recursive-routing"),
        [],
      );
      const ospf = `${RECURSIVE.replace("\nend\n", "\n")}router ospf 1\n network 198.51.100.0 0.0.0.255 area 0\nend\n`;
      assert.deepEqual(
        findingsOf(analyse(ospf), "tunnel-recursive-routing"),
        [],
      );
    });
  });

  describe("tunnel-vrf-mismatch", () => {
    const text = fixture("fvrf-tunnels.ios");

    it("flags a protected tunnel whose tunnel vrf is not its source interface's", () => {
      const found = findingsOf(analyse(text), "tunnel-vrf-mismatch");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        ["GigabitEthernet0/0", "tunnel vrf RED", "tunnel vrf INET"],
      );
      assert.match(
        found[0]!.message,
        /^Tunnel1's source GigabitEthernet0\/0 is in VRF INET, but Tunnel1 has no `tunnel vrf INET`: IOS routes 198\.51\.100\.2 and sends IKE and ESP in the global table/,
      );
      assert.match(
        found[1]!.message,
        /^Tunnel2 has `tunnel vrf RED`, but its source GigabitEthernet0\/0 is in VRF INET/,
      );
      assert.match(
        found[2]!.message,
        /^Tunnel4 has `tunnel vrf INET`, but its source GigabitEthernet0\/1 is in the global table.*Remove `tunnel vrf INET`/,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => textAt(text, r.range)),
        ["tunnel source GigabitEthernet0/0"],
      );
    });

    it("sets, corrects or removes tunnel vrf, and the finding is gone", () => {
      const results = assertFixesCure(text, "tunnel-vrf-mismatch");
      assert.deepEqual(
        results.map((r) => [r.fix.title, r.fix.cli]),
        [
          [
            "Add tunnel vrf INET to Tunnel1",
            ["interface Tunnel1", " tunnel vrf INET"],
          ],
          [
            "Set tunnel vrf INET on Tunnel2",
            ["interface Tunnel2", " tunnel vrf INET"],
          ],
          [
            "Remove tunnel vrf INET from Tunnel4",
            ["interface Tunnel4", " no tunnel vrf INET"],
          ],
        ],
      );
      assert.match(
        results[0]!.after,
        /tunnel protection ipsec profile VTI\n tunnel vrf INET\n!\ninterface Tunnel2/,
      );
    });
  });

  describe("no-route-to-remote-network", () => {
    const text = fixture("routing.ios");

    it("flags a remote network routed out of another interface, on the ACL's destination", () => {
      const found = findingsOf(analyse(text), "no-route-to-remote-network");
      const [f] = found;
      assert.equal(found.length, 1);
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.equal(textAt(text, f.range), "10.7.7.0 0.0.0.255");
      assert.match(
        f.message,
        /10\.7\.7\.0\/24.*leaves through FastEthernet0\/0.*10\.7\.0\.0\/16 via 10\.1\.1\.254.*Serial4\/0/,
      );
    });

    it("adds a more specific route through the peer (preferred)", () => {
      const [result] = assertFixesCure(text, "no-route-to-remote-network");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.deepEqual(result.fix.cli, [
        "ip route 10.7.7.0 255.255.255.0 172.16.5.9",
      ]);
    });

    it("flags a remote network no route covers at all", () => {
      const none = fixture("seed-tokyo.ios").replace(
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5",
        "ip route 172.16.6.0 255.255.255.0 172.16.5.5",
      );
      const [f] = findingsOf(analyse(none), "no-route-to-remote-network");
      assert.ok(f);
      assert.match(f.message, /No route covers 10\.2\.2\.0\/24/);
      const [result] = assertFixesCure(none, "no-route-to-remote-network");
      assert.match(
        result?.after ?? "",
        /^ip route 10\.2\.2\.0 255\.255\.255\.0 172\.16\.5\.5$/m,
      );
    });

    it("stays quiet when the map's interface carries the traffic, or routes are incomplete, or RRI adds them", () => {
      assert.deepEqual(
        findingsOf(
          analyse(fixture("seed-tokyo.ios")),
          "no-route-to-remote-network",
        ),
        [],
      );
      const bgp = text.replace(
        "hostname Tokyo",
        "hostname Tokyo\nrouter bgp 65000",
      );
      assert.deepEqual(
        findingsOf(analyse(bgp), "no-route-to-remote-network"),
        [],
      );
      const rri = text.replace(
        " match address 102",
        " match address 102\n reverse-route",
      );
      assert.deepEqual(
        findingsOf(analyse(rri), "no-route-to-remote-network"),
        [],
      );
      // The wrong-interface finding already explains the BROKEN_TOKYO remote network.
      assert.deepEqual(
        findingsOf(analyse(BROKEN_TOKYO), "no-route-to-remote-network"),
        [],
      );
    });
  });
});
