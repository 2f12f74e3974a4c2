import * as assert from "node:assert/strict";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  allCodes,
  allFindings,
  edited,
  findingsOf,
  fixture,
  pairs,
  type Workspace,
} from "./support";

/**
 * IPsec failover with HSRP: two head office routers share a standby group's virtual address, and
 * `crypto map VPN redundancy VPN-HA` makes the active one talk IKE and IPsec from it. The branch
 * points its peer and key at the virtual address, which neither router has as its own.
 */

/** Each pair as `router <-> router: outcome` (a pair nothing answers names its one router). */
function outcomes(ws: Workspace): string[] {
  return pairs(ws)
    .map((pa) => {
      const names = [pa.pair.a.router.name, pa.pair.b?.router.name ?? "-"];
      return `${names.sort().join(" <-> ")}: ${pa.outcome}`;
    })
    .sort();
}

describe("IPsec failover with HSRP (crypto map redundancy)", () => {
  const ws = fixture("hsrp-failover");

  it("pairs the branch with both head office routers at the virtual address, without findings", () => {
    assert.deepEqual(outcomes(ws), [
      "BRANCH <-> HQ-A: ESTABLISHED",
      "BRANCH <-> HQ-B: ESTABLISHED",
    ]);
    assert.deepEqual(allCodes(ws), []);
  });

  it("finds the settings the standby router does not share, which break the tunnel after a failover", () => {
    const drifted = edited(ws, "hq-b.ios", [
      "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
      "crypto ipsec transform-set TS esp-aes esp-sha-hmac",
    ]);
    assert.deepEqual(outcomes(drifted), [
      "BRANCH <-> HQ-A: ESTABLISHED",
      "BRANCH <-> HQ-B: PHASE2_FAILED",
    ]);
    assert.equal(
      findingsOf(drifted, "hq-b.ios", "transform-set-mismatch").length,
      1,
    );
    assert.deepEqual(
      findingsOf(drifted, "hq-a.ios", "transform-set-mismatch"),
      [],
    );
  });

  it("takes the interface's own address without redundancy, or when no standby group bears its name", () => {
    for (const line of [
      " crypto map VPN\n",
      " crypto map VPN redundancy VPN-HA2\n",
    ]) {
      const changed = edited(ws, "hq-a.ios", [
        " crypto map VPN redundancy VPN-HA\n",
        line,
      ]);
      // HQ-A now talks from 203.0.113.2, which no entry of the branch points at; HQ-B still
      // serves it.
      assert.deepEqual(outcomes(changed), [
        "- <-> HQ-A: MISSING_PEER",
        "BRANCH <-> HQ-B: ESTABLISHED",
      ]);
      const [found] = findingsOf(changed, "hq-a.ios", "one-sided-peer");
      assert.ok(found, line);
      assert.match(
        found.message,
        /^BRANCH owns 198\.51\.100\.2, but no crypto map entry of BRANCH points back at this router/,
      );
    }
  });

  it("reports a redundancy that names no standby group, with the name of the one there", () => {
    const misnamed = edited(ws, "hq-a.ios", [
      " crypto map VPN redundancy VPN-HA\n",
      " crypto map VPN redundancy VPN-HA2\n",
    ]);
    const [found, ...more] = allFindings(misnamed, "hq-a.ios").filter(
      (f) => f.code === "undefined-reference",
    );
    assert.ok(found);
    assert.deepEqual(more, []);
    assert.equal(found.severity, "warning");
    assert.match(
      found.message,
      /^HSRP group VPN-HA2 is used here but never defined: the crypto map cannot follow HSRP: .* Did you mean VPN-HA\?$/,
    );
    assert.deepEqual(found.fixes?.[0]?.cli, [
      "interface GigabitEthernet0/0",
      " crypto map VPN redundancy VPN-HA",
    ]);
  });

  it("says in the tunnel report which router answers at the virtual address, and what a failover does", () => {
    const text = renderTunnelReportText(reportOf(analyseWorkspace(ws.view)));
    assert.match(
      text,
      /\n {2}failover: HQ-A talks from 203\.0\.113\.1, the virtual address of its HSRP group VPN-HA on GigabitEthernet0\/0: the router active for the group serves the tunnel; after a failover the peer negotiates the SAs again with the new active router/,
    );
    const stateful = edited(ws, "hq-b.ios", [
      " crypto map VPN redundancy VPN-HA\n",
      " crypto map VPN redundancy VPN-HA stateful\n",
    ]);
    assert.match(
      renderTunnelReportText(reportOf(analyseWorkspace(stateful.view))),
      /failover: HQ-B talks from 203\.0\.113\.1, .*`stateful` copies the SAs to the standby router, so a failover keeps them/,
    );
  });
});
