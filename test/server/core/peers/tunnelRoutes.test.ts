import * as assert from "node:assert/strict";
import {
  allCodes,
  applyFix,
  findingsOf,
  fixture,
  pairs,
  rangeText,
  workspace,
} from "./support";

/**
 * Two routers with a VTI between them and only a default route toward the provider: the tunnel
 * comes up, but neither routes the other's LAN into it.
 */
describe("point-to-point tunnels whose peer's networks are not routed into them", () => {
  const ws = fixture("vti-unrouted");
  const names = ws.names();

  it("warns on each router's tunnel, naming the network and the route that takes it elsewhere", () => {
    assert.deepEqual(
      pairs(ws).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    const [onA] = findingsOf(ws, "a.ios", "no-route-to-remote-network");
    assert.equal(onA!.severity, "warning");
    assert.equal(rangeText(ws, "a.ios", onA!.range), "Tunnel1");
    assert.match(
      onA!.message,
      /^A routes B's network 10\.2\.0\.0\/24 \(GigabitEthernet0\/1\) through GigabitEthernet0\/0 \(the default route via 203\.0\.113\.254\), not into Tunnel1/,
    );
    assert.equal(
      findingsOf(ws, "b.ios", "no-route-to-remote-network").length,
      1,
    );
  });

  it("adds the route into the tunnel, which leaves nothing to say on that router", () => {
    const [onA] = findingsOf(ws, "a.ios", "no-route-to-remote-network");
    const [fix] = onA!.fixes!;
    assert.deepEqual(fix!.cli, ["ip route 10.2.0.0 255.255.255.0 Tunnel1"]);
    const after = applyFix(ws, "a.ios", fix!, names);
    assert.deepEqual(allCodes(after, ["a.ios"]), []);
    assert.deepEqual(allCodes(after, ["b.ios"]), [
      "b.ios no-route-to-remote-network",
    ]);
  });

  it("takes a route through the peer's tunnel address, and leaves tables a routing process fills", () => {
    const viaNextHop = workspace(
      {
        name: "a.ios",
        text: ws
          .text("a.ios")
          .replace(/^end$/m, "ip route 10.2.0.0 255.255.0.0 172.16.1.2\nend"),
      },
      {
        name: "b.ios",
        text: ws
          .text("b.ios")
          .replace(
            /^end$/m,
            "router ospf 1\n network 172.16.1.0 0.0.0.3 area 0\nend",
          ),
      },
    );
    assert.deepEqual(allCodes(viaNextHop), []);
  });
});
