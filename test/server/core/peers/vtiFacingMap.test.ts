import * as assert from "node:assert/strict";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../../../../server/src/core/peers/tunnelReport";
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
 * A head office that moved its branch tunnel to a static VTI, facing a branch that still has a
 * crypto map toward it: the two point at each other, but a VTI negotiates any to any and the
 * crypto map its ACL's networks, so phase 2 fails both ways.
 */
describe("a static VTI facing a crypto map", () => {
  const ws = fixture("vti-facing-map");
  const names = ws.names();

  it("pairs the two ends instead of calling each one-sided", () => {
    const [pa] = pairs(ws);
    assert.equal(pairs(ws).length, 1);
    assert.deepEqual([pa!.pair.a.label, pa!.pair.b?.label].sort(), [
      "crypto map VPN 10",
      "interface Tunnel10",
    ]);
    assert.ok(!allCodes(ws).some((c) => c.endsWith("one-sided-peer")));
  });

  it("fails phase 2 both ways in the report, saying why", () => {
    const text = renderTunnelReportText(reportOf(analyseWorkspace(ws.view)));
    assert.match(text, /PHASE2_FAILED {2}BR crypto map VPN 10/);
    assert.match(text, /BR -> HQ: PHASE2_FAILED/);
    assert.match(text, /HQ -> BR: PHASE2_FAILED/);
    assert.match(text, /a VTI and a crypto map do not interoperate/);
  });

  it("marks the branch's match address and the head office's tunnel mode", () => {
    const [onBranch] = findingsOf(ws, "branch.ios", "tunnel-mode-mismatch");
    const [onHq] = findingsOf(ws, "hq.ios", "tunnel-mode-mismatch");
    assert.equal(
      rangeText(ws, "branch.ios", onBranch!.range),
      "match address 150",
    );
    assert.equal(
      rangeText(ws, "hq.ios", onHq!.range),
      "tunnel mode ipsec ipv4",
    );
    assert.match(
      onBranch!.message,
      /HQ's Tunnel10 is a VTI .* any to any, while BR's crypto map VPN 10 negotiates the flows of its ACL 150 \(10\.2\.0\.0\/24 to 10\.1\.0\.0\/24\)/,
    );
  });

  it("turns the branch's entry into a VTI, which brings the tunnel up", () => {
    const [onBranch] = findingsOf(ws, "branch.ios", "tunnel-mode-mismatch");
    const [fix] = onBranch!.fixes!;
    assert.deepEqual(fix!.cli, [
      "crypto ipsec profile VTI-HQ",
      " set transform-set TS",
      "interface Tunnel0",
      " description VTI to HQ",
      " ip unnumbered GigabitEthernet0/0",
      " tunnel source GigabitEthernet0/0",
      " tunnel mode ipsec ipv4",
      " tunnel destination 203.0.113.1",
      " tunnel protection ipsec profile VTI-HQ",
      "ip route 10.1.0.0 255.255.255.0 Tunnel0",
      "no crypto map VPN 10",
      "interface GigabitEthernet0/0",
      " no crypto map VPN",
    ]);
    const after = applyFix(ws, "branch.ios", fix!, names);
    assert.deepEqual(
      pairs(after).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    assert.deepEqual(
      allCodes(after).filter((c) => !c.endsWith("weak-crypto")),
      [],
    );
    assert.doesNotMatch(after.text("branch.ios"), /crypto map VPN/);
  });

  it("leaves a crypto map that protects ip any any alone: it proposes what the VTI does", () => {
    const any = workspace(
      { name: "hq.ios", text: ws.text("hq.ios") },
      {
        name: "branch.ios",
        text: ws
          .text("branch.ios")
          .replace(
            "access-list 150 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255",
            "access-list 150 permit ip any any",
          ),
      },
    );
    assert.deepEqual(
      pairs(any).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
  });
});

describe("a dynamic VTI answering a crypto map", () => {
  const ws = fixture("dvti-facing-map");

  it("pairs the branch's crypto map with the hub's virtual template, which takes its selectors", () => {
    const [pa, ...others] = pairs(ws);
    assert.equal(others.length, 0);
    assert.equal(
      pa!.pair.b?.label,
      "interface Virtual-Template1 (dynamic VTI)",
    );
    assert.equal(pa!.outcome, "ONE_WAY");
    assert.equal(pa!.forward?.outcome, "ESTABLISHED");
    assert.deepEqual(allCodes(ws), []);
  });

  it("fails phase 2 when no isakmp profile clones the template", () => {
    const uncloned = workspace(
      { name: "branch.ios", text: ws.text("branch.ios") },
      {
        name: "hub.ios",
        text: ws.text("hub.ios").replace(" virtual-template 1\n", ""),
      },
    );
    assert.equal(pairs(uncloned)[0]!.forward?.outcome, "PHASE2_FAILED");
  });
});

describe("a multi-SA VTI facing a crypto map", () => {
  const ws = fixture("multi-sa-vti");

  it("negotiates the VTI's policy ACL against the map's: mirrored, the tunnel comes up", () => {
    assert.deepEqual(
      pairs(ws).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    assert.deepEqual(allCodes(ws), []);
  });

  it("judges the two ACLs as two crypto maps' are", () => {
    const wider = workspace(
      { name: "branch.ios", text: ws.text("branch.ios") },
      {
        name: "hq.ios",
        text: ws
          .text("hq.ios")
          .replace(
            " permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255",
            " permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.0.255",
          ),
      },
    );
    const [pa] = pairs(wider);
    assert.equal(pa!.outcome, "ONE_WAY");
    const [onHq] = findingsOf(wider, "hq.ios", "crypto-acl-not-mirrored");
    assert.match(onHq!.message, /ACL 150 on BR and BR-FLOWS on HQ/);
    assert.ok(!allCodes(wider).some((c) => c.endsWith("tunnel-mode-mismatch")));
  });
});

describe("a static VTI on IOS XE 16.12 or later facing a crypto map", () => {
  const base = fixture("vti-facing-map");
  const ws = workspace(
    { name: "branch.ios", text: base.text("branch.ios") },
    {
      name: "hq.ios",
      text: base
        .text("hq.ios")
        .replace("hostname HQ", "version 17.6\nhostname HQ"),
    },
  );

  it("also offers to keep the VTI and negotiate the branch's flows (multi-SA VTI), which brings it up", () => {
    const [onHq] = findingsOf(ws, "hq.ios", "tunnel-mode-mismatch");
    const multiSa = onHq!.fixes!.find((f) => /multi-SA VTI/.test(f.title));
    assert.deepEqual(multiSa!.cli, [
      "ip access-list extended BR-FLOWS",
      " permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255",
      "interface Tunnel10",
      " tunnel protection ipsec policy ipv4 BR-FLOWS",
    ]);
    const after = applyFix(ws, "hq.ios", multiSa!, ws.names());
    assert.deepEqual(
      pairs(after).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    assert.deepEqual(allCodes(after), []);
  });

  it("does not offer it on an older release, where the VTI cannot", () => {
    const [onHq] = findingsOf(base, "hq.ios", "tunnel-mode-mismatch");
    assert.ok(!onHq!.fixes!.some((f) => /multi-SA/.test(f.title)));
  });
});

describe("an IPv6 static VTI facing an IPv6 crypto map", () => {
  const ws = fixture("ipv6-vti-facing-map");

  it("fails phase 2 both ways, on the same grounds as over IPv4", () => {
    const [pa] = pairs(ws);
    assert.equal(pa!.outcome, "PHASE2_FAILED");
    const [onHq] = findingsOf(ws, "hq.ios", "tunnel-mode-mismatch");
    assert.match(
      onHq!.message,
      /BRANCH's Tunnel0 is a VTI \(`tunnel mode ipsec ipv6`\), which negotiates any to any, while HQ's crypto map ipv6 BRANCH-V6 10 negotiates the flows of its ACL BRANCH-V6-TRAFFIC \(2001:DB8:10::\/48 to 2001:DB8:20::\/48\)/,
    );
  });

  it("migrates HQ's IPv6 entry to an IPv6 VTI, and the tunnel comes up", () => {
    const [onHq] = findingsOf(ws, "hq.ios", "tunnel-mode-mismatch");
    // The multi-SA fix writes an IPv4 policy ACL: only the migration is offered.
    const [fix, ...others] = onHq!.fixes!;
    assert.equal(others.length, 0);
    assert.equal(
      fix!.title,
      "Replace crypto map ipv6 BRANCH-V6 10 with a VTI to BRANCH (Tunnel0, as BRANCH has)",
    );
    assert.deepEqual(fix!.cli, [
      "crypto ipsec profile VTI-BRANCH",
      " set transform-set AES256-SHA256",
      "interface Tunnel0",
      " description VTI to BRANCH",
      " ipv6 enable",
      " tunnel source GigabitEthernet0/0",
      " tunnel mode ipsec ipv6",
      " tunnel destination 2001:DB8:FFFF:1::2",
      " tunnel protection ipsec profile VTI-BRANCH",
      "ipv6 route 2001:DB8:20::/48 Tunnel0",
      "no crypto map ipv6 BRANCH-V6 10",
      "interface GigabitEthernet0/0",
      " no ipv6 crypto map BRANCH-V6",
    ]);
    const fixed = applyFix(ws, "hq.ios", fix!, ["hq.ios", "branch.ios"]);
    assert.doesNotMatch(fixed.text("hq.ios"), /^[^!\n]*crypto map/m);
    assert.match(
      fixed.text("hq.ios"),
      /\nipv6 route ::\/0 2001:DB8:FFFF:1::FFFF\nipv6 route 2001:DB8:20::\/48 Tunnel0\n/,
    );
    const [pa] = pairs(fixed);
    assert.equal(pa!.outcome, "ESTABLISHED");
    assert.deepEqual(findingsOf(fixed, "hq.ios", "tunnel-mode-mismatch"), []);
  });
});
