import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  allFindings,
  findingsOf as peerFindingsOf,
  fixture as peerFixtureDir,
} from "../peers/support";

describe("checks/selfPeerChecks", () => {
  const text = fixture("peer-is-self.ios");

  it("flags a crypto map peer and a tunnel destination that are the router's own addresses", () => {
    const found = findingsOf(analyse(text), "peer-is-self");
    assert.deepEqual(
      found.map((f) => [textAt(text, f.range), f.severity]),
      [
        ["203.0.113.12", "error"],
        ["192.0.2.12", "error"],
      ],
    );
    assert.match(
      found[0]!.message,
      /^crypto map HUB 10 sets peer 203\.0\.113\.12, which is this router's own address \(GigabitEthernet0\/0\)/,
    );
    assert.match(found[1]!.message, /^Tunnel1 has tunnel destination/);
    assert.equal(
      textAt(text, found[0]!.related![0]!.range).trim(),
      "interface GigabitEthernet0/0",
    );
  });

  it("says nothing else about those peers: no missing key, and the keys are not unused", () => {
    const codes = analyse(text).map((f) => f.code);
    assert.ok(!codes.includes("missing-psk-for-peer"), codes.join(", "));
    assert.ok(!codes.includes("unused-psk"), codes.join(", "));
  });

  it("offers the addresses the config's keys are for, and types one over the peer", () => {
    const [f] = findingsOf(analyse(text), "peer-is-self");
    assert.match(f!.message, /keys point at 198\.51\.100\.1, 198\.51\.100\.9/);
    const [fix] = f!.fixes!;
    assert.equal(fix!.snippet, true);
    assert.deepEqual(fix!.cli, [
      "crypto map HUB 10 ipsec-isakmp",
      " no set peer 203.0.113.12",
      " set peer <198.51.100.1>",
    ]);
    const results = assertFixesCure(text, "peer-is-self", {
      "198.51.100.1": "198.51.100.1",
    });
    assert.ok(
      results.some((r) => /^ set peer 198\.51\.100\.1$/m.test(r.after)),
    );
    assert.ok(
      results.some((r) =>
        /^ tunnel destination 198\.51\.100\.1$/m.test(r.after),
      ),
    );
  });

  it("writes the one address a lone unused key is for, with no typing", () => {
    const one = text.replace(
      "crypto isakmp key Br12-Hub-Key-2026 address 198.51.100.9\n",
      "",
    );
    const [f] = findingsOf(analyse(one), "peer-is-self");
    const [fix] = f!.fixes!;
    assert.equal(fix!.snippet, undefined);
    assert.match(
      fix!.title,
      /198\.51\.100\.1, the address the config's key is for/,
    );
    assert.deepEqual(fix!.cli, [
      "crypto map HUB 10 ipsec-isakmp",
      " no set peer 203.0.113.12",
      " set peer 198.51.100.1",
    ]);
  });

  it("flags a peer at the router's own HSRP virtual address, on the standby line", () => {
    const hq = peerFixture("hsrp-failover", "hq-a.ios").replace(
      " set peer 198.51.100.2\n",
      " set peer 203.0.113.1\n",
    );
    const [f, ...rest] = findingsOf(analyse(hq), "peer-is-self");
    assert.equal(rest.length, 0);
    assert.equal(textAt(hq, f!.range), "203.0.113.1");
    assert.match(
      f!.message,
      /^crypto map VPN 10 sets peer 203\.0\.113\.1, which is this router's own HSRP virtual address \(standby 1 on GigabitEthernet0\/0\), its own while it is the active router: IKE would send to itself/,
    );
    assert.equal(
      textAt(hq, f!.related![0]!.range).trim(),
      "standby 1 ip 203.0.113.1",
    );
    // The key for the branch is left as the one candidate the fix writes.
    assert.deepEqual(f!.fixes![0]!.cli, [
      "crypto map VPN 10 ipsec-isakmp",
      " no set peer 203.0.113.1",
      " set peer 198.51.100.2",
    ]);
  });

  it("leaves a peer alone whose address the router holds only in another VRF", () => {
    const vrf = text
      .replace("tunnel destination 192.0.2.12", "tunnel destination 192.0.2.99")
      .replace(
        "interface GigabitEthernet0/2\n",
        "interface Loopback9\n vrf forwarding LAB\n ip address 192.0.2.99 255.255.255.255\n!\ninterface GigabitEthernet0/2\n",
      );
    const marks = findingsOf(analyse(vrf), "peer-is-self").map((f) =>
      textAt(vrf, f.range),
    );
    assert.deepEqual(marks, ["203.0.113.12"]);
  });
});

describe("checks/selfPeerChecks in a workspace", () => {
  const ws = peerFixtureDir("self-peer");

  it("says in the pair's finding and the report that the peer is the router's own address", () => {
    const [mismatch] = peerFindingsOf(
      ws,
      "branch.ios",
      "peer-address-mismatch",
    );
    assert.match(
      mismatch!.message,
      /points at 203\.0\.113\.12, which is this router's own address, while HUB points .* should be 198\.51\.100\.1\./,
    );
    const report = renderTunnelReportText(reportOf(analyseWorkspace(ws.view)));
    assert.match(report, /which is BRANCH-12's own address; HUB points back/);
  });

  it("leaves the line to the pair's finding, which names the hub's address", () => {
    const onBranch = allFindings(ws, "branch.ios");
    assert.ok(!onBranch.some((f) => f.code === "peer-is-self"));
    const [mismatch] = onBranch.filter(
      (f) => f.code === "peer-address-mismatch",
    );
    assert.ok(
      mismatch!.fixes!.some((f) => f.cli?.includes(" set peer 198.51.100.1")),
    );
  });
});

describe("checks/selfPeerChecks over IPv6", () => {
  it("flags a tunnel destination that is the router's own IPv6 address, and nothing else of it", () => {
    const text = peerFixture("ipv6-vti", "branch.ios").replace(
      " tunnel destination 2001:DB8:0:1::1",
      " tunnel destination 2001:DB8:0:2::1",
    );
    const found = analyse(text);
    assert.deepEqual(
      found.map((f) => f.code),
      ["peer-is-self"],
    );
    assert.match(
      found[0]!.message,
      /^Tunnel0 has tunnel destination 2001:DB8:0:2::1, which is this router's own address \(GigabitEthernet0\/0\)/,
    );
    assert.equal(found[0]!.fixes![0]!.snippet, true);
  });
});
