import * as fs from "node:fs";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { cryptoMapOrderChecks } from "../../../../server/src/core/checks/cryptoMapOrderChecks";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  buildTunnelReport,
  renderTunnelReportJson,
  renderTunnelReportMarkdown,
  renderTunnelReportText,
  reportOf,
  reportView,
  tunnelAnnotations,
  type TunnelReportView,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  allFindings,
  applyFix,
  BATFISH_RIG,
  edited,
  fixture,
  PEERS,
  REPO,
  workspace,
} from "./support";

const SEED = [
  path.join(REPO, "examples", "tokyo.ios"),
  path.join(REPO, "examples", "osaka.ios"),
];

/** A config of the `shadowed` fixture with an entry of map mjlnetmap inserted before entry `before`. */
function entryBefore(
  text: string,
  before: number,
  sequence: number,
  peer: string,
  acl: number,
): string {
  const line = `crypto map mjlnetmap ${before} ipsec-isakmp`;
  return text.replace(
    line,
    `crypto map mjlnetmap ${sequence} ipsec-isakmp\n set peer ${peer}\n set transform-set mjlnet\n match address ${acl}\n${line}`,
  );
}

describe("peers/tunnelReport", () => {
  it("predicts one outcome per fixture (NOT_STARTED has a test of its own)", () => {
    const expected: [string, string][] = [
      ["policy", "PHASE1_FAILED"],
      ["psk", "PHASE1_KEY_MISMATCH"],
      ["transform", "PHASE2_FAILED"],
      ["acl", "ONE_WAY"],
      ["pfs", "ONE_WAY"],
      ["lifetime", "ONE_WAY"],
      ["dynamic", "ONE_WAY"],
      ["identity", "PHASE2_FAILED"],
      ["ipsec-lifetime", "ESTABLISHED"],
      ["several", "ESTABLISHED"],
      ["psk-type7", "ESTABLISHED"],
      ["psk-type6", "ESTABLISHED"],
      ["vti", "PHASE2_FAILED"],
      ["profile-vrf", "ONE_WAY"],
    ];
    for (const [folder, outcome] of expected) {
      const report = buildTunnelReport(fixture(folder).view);
      assert.deepEqual(
        report.pairs.map((p) => p.outcome),
        [outcome],
        folder,
      );
    }
    const [profile] = buildTunnelReport(fixture("profile-vrf").view).pairs;
    assert.deepEqual(
      profile!.directions.map((d) => [d.initiator, d.outcome]),
      [
        ["Osaka", "PHASE2_FAILED"],
        ["Tokyo", "ESTABLISHED"],
      ],
    );
    assert.match(
      profile!.reasons.join("\n"),
      /Tokyo selects no isakmp profile for Osaka \(isakmp profile OSAKA matches 172\.16\.6\.2 in the global table, but crypto map mjlnetmap 10 reaches it in VRF INET\), and crypto map mjlnetmap 10 requires its profile, so quick mode is refused/,
    );
    const peerAddress = buildTunnelReport(fixture("peer-address").view);
    assert.deepEqual(
      peerAddress.pairs.map((p) => p.outcome),
      ["MISSING_PEER"],
    );
    assert.match(peerAddress.pairs[0]!.reasons[0]!, /172\.16\.4\.2.*no router/);
  });

  it("says why each DMVPN spoke's tunnel carries nothing although IPsec would come up", () => {
    const ok = buildTunnelReport(fixture("dmvpn").view);
    assert.deepEqual(
      ok.pairs.map((p) => [p.a.router, p.outcome]),
      [
        ["Spoke1", "ONE_WAY"],
        ["Spoke2", "ONE_WAY"],
        // The two spokes build a tunnel to each other after an NHRP resolution, either starting it.
        ["Spoke1", "ESTABLISHED"],
      ],
    );
    assert.match(
      ok.pairs[0]!.reasons.join("\n"),
      /only Spoke1 can initiate: Hub's interface Tunnel0 \(multipoint GRE\) learns its spokes when they register/,
    );
    const broken = buildTunnelReport(fixture("dmvpn-broken").view);
    const why = new Map(
      broken.pairs
        .filter((p) => p.b?.router === "Hub")
        .map((p) => [p.a.router, `${p.outcome}: ${p.reasons.join("; ")}`]),
    );
    assert.match(
      why.get("KeySpoke")!,
      /GRE tunnel keys differ \(key 200 against key 100\)/,
    );
    assert.match(why.get("AuthSpoke")!, /NHRP authentication strings differ/);
    assert.match(
      why.get("NhsSpoke")!,
      /registers to next-hop server 172\.16\.0\.254, not Hub's tunnel address 172\.16\.0\.1/,
    );
    // The NHRP string is a secret: the report names no string.
    assert.doesNotMatch(
      JSON.stringify(renderTunnelReportJson(broken)),
      /NHRPold|NHRPauth/,
    );
  });

  it("counts outcomes on a hub's lens instead of naming every spoke", () => {
    const ws = workspace(
      ...["hub.ios", "auth-spoke.ios", "key-spoke.ios", "nhs-spoke.ios"].map(
        (f) => path.join(PEERS, "dmvpn-broken", f),
      ),
      ...["spoke1.ios", "spoke2.ios"].map((f) => path.join(PEERS, "dmvpn", f)),
    );
    const analysis = analyseWorkspace(ws.view);
    const [hub] = tunnelAnnotations(ws.uri("hub.ios"), analysis);
    assert.equal(
      hub!.label,
      "IPsec 5 peers: 3 phase 2 fails, 2 only one side can start it",
    );
    assert.equal(hub!.tooltip?.split("\n").length, 5);
    // A spoke's lens counts its hub and the other spokes it builds tunnels to (a multipoint
    // spoke talks to each of them straight after an NHRP resolution): KeySpoke's GRE key and
    // AuthSpoke's NHRP string differ from Spoke1's too.
    assert.deepEqual(
      tunnelAnnotations(ws.uri("spoke1.ios"), analysis).map((a) => a.label),
      [
        "IPsec 5 peers: 2 phase 2 fails, 2 comes up, 1 only one side can start it",
      ],
    );
  });

  it("knows a hub entry whose traffic an earlier entry takes never starts its tunnel", () => {
    const ws = fixture("shadowed");
    const report = buildTunnelReport(ws.view);
    assert.deepEqual(
      report.pairs.map((p) => [p.b?.router, p.outcome]),
      [
        ["Kyoto", "ESTABLISHED"],
        ["Nagoya", "ONE_WAY"],
      ],
    );
    const nagoya = report.pairs[1]!;
    assert.deepEqual(
      nagoya.directions.map((d) => [d.initiator, d.outcome, !!d.neverStarts]),
      [
        ["Tokyo", "ESTABLISHED", true],
        ["Nagoya", "ESTABLISHED", false],
      ],
    );
    assert.deepEqual(nagoya.reasons, [
      "only Nagoya can initiate: Tokyo never starts it: crypto map mjlnetmap 10 (peer 192.0.2.2), tried before crypto map mjlnetmap 20, permits all of its traffic, so Tokyo encrypts that traffic toward 192.0.2.2 instead, even while SAs the other side started are up (crypto-acl-shadowed)",
    ]);
    const text = renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(text, /Tokyo -> Nagoya: never starts \(see why\)/);
    const md = renderTunnelReportMarkdown(
      report,
      (uri) => path.basename(uri),
      (uri, line) => `${uri}#L${line}`,
    );
    assert.match(
      md,
      /Tokyo initiating: \*\*never starts\*\* \(Tokyo never starts it/,
    );
    // The config check's fix (renumber the entry before the summary) lets Tokyo start it.
    const hub = ws.view.configs.find((c) => c.uri === ws.uri("hub.ios"))!;
    const fix = cryptoMapOrderChecks
      .run(hub.model, { uri: hub.uri, settings: DEFAULT_ANALYSIS_SETTINGS })
      .find((f) => f.code === "crypto-acl-shadowed")!.fixes![0]!;
    assert.match(fix.title, /^Renumber crypto map mjlnetmap 20 to 9, before/);
    const names = ["hub.ios", "kyoto.ios", "nagoya.ios"];
    const fixed = buildTunnelReport(applyFix(ws, "hub.ios", fix, names).view);
    assert.deepEqual(
      fixed.pairs.map((p) => p.outcome),
      ["ESTABLISHED", "ESTABLISHED"],
    );
  });

  it("names every earlier entry that takes part of a never-started entry's traffic", () => {
    const ws = fixture("shadowed");
    // Entry 20 gains a second line, which a new entry 15 toward another peer takes; entry 10
    // still takes the first.
    const hub = entryBefore(
      ws.text("hub.ios"),
      20,
      15,
      "192.0.2.9",
      115,
    ).replace(
      "access-list 120 permit ip 10.1.1.0 0.0.0.255 10.4.4.0 0.0.0.255",
      "access-list 115 permit ip 10.1.1.0 0.0.0.255 192.168.0.0 0.0.255.255\naccess-list 120 permit ip 10.1.1.0 0.0.0.255 10.4.4.0 0.0.0.255\naccess-list 120 permit ip 10.1.1.0 0.0.0.255 192.168.4.0 0.0.0.255",
    );
    const report = buildTunnelReport(
      workspace(
        { name: "hub.ios", text: hub },
        { name: "nagoya.ios", text: ws.text("nagoya.ios") },
      ).view,
    );
    const pair = report.pairs.find((p) => p.b?.router === "Nagoya")!;
    const tokyo = pair.directions.find((d) => d.initiator === "Tokyo")!;
    assert.equal(
      tokyo.neverStarts,
      "Tokyo never starts it: crypto map mjlnetmap 10 (peer 192.0.2.2) and 15 (peer 192.0.2.9), tried before crypto map mjlnetmap 20, permit all of its traffic, so Tokyo encrypts that traffic toward 192.0.2.2 and 192.0.2.9 instead, even while SAs the other side started are up (crypto-acl-shadowed)",
    );
  });

  it("says neither side starts a tunnel whose two entries are both taken by earlier ones", () => {
    const ws = fixture("shadowed");
    // Nagoya gets a summary entry of its own for another peer, before its entry for Tokyo.
    const nagoya = entryBefore(
      ws.text("nagoya.ios"),
      10,
      5,
      "192.0.2.9",
      105,
    ).replace(
      "access-list 101",
      "access-list 105 permit ip 10.4.4.0 0.0.0.255 any\naccess-list 101",
    );
    const report = buildTunnelReport(
      workspace(
        { name: "hub.ios", text: ws.text("hub.ios") },
        { name: "nagoya.ios", text: nagoya },
      ).view,
    );
    const pair = report.pairs.find((p) => p.b?.router === "Nagoya")!;
    assert.equal(pair.outcome, "NOT_STARTED");
    assert.equal(report.summary.NOT_STARTED, 1);
    assert.equal(pair.reasons.length, 2);
    assert.match(
      pair.reasons[0]!,
      /^Tokyo never starts it: crypto map mjlnetmap 10/,
    );
    assert.match(
      pair.reasons[1]!,
      /^Nagoya never starts it: crypto map mjlnetmap 5 \(peer 192\.0\.2\.9\)/,
    );
  });

  it("gives the negotiated proposals of the chapter's working pair, and no key", () => {
    const report = buildTunnelReport(workspace(...SEED).view);
    assert.deepEqual(report.summary.ESTABLISHED, 1);
    const [pair] = report.pairs;
    assert.deepEqual(pair!.phase1, {
      encryption: "des",
      hash: "md5",
      authentication: "pre-share",
      group: 1,
      lifetime: 86400,
      initiatorPolicy: "policy 10",
      responderPolicy: "policy 10",
      keys: "match",
    });
    assert.deepEqual(pair!.phase2, {
      transformSet: "mjlnet",
      responderTransformSet: "mjlnet",
      transforms: "esp-des esp-md5-hmac",
      mode: "tunnel",
      pfs: "none",
      lifetimeSeconds: 3600,
      lifetimeKilobytes: 4608000,
      proxies: ["10.1.1.0/24 to 10.2.2.0/24"],
    });
    assert.deepEqual(
      [
        pair!.a.router,
        pair!.a.address,
        pair!.a.line,
        pair!.b?.router,
        pair!.b?.address,
      ],
      ["Tokyo", "172.16.5.1", 24, "Osaka", "172.16.6.2"],
    );
    const json = renderTunnelReportJson(report);
    assert.deepEqual(JSON.parse(json), report);
    assert.doesNotMatch(json, /cisco/);
  });

  it("says the volume lifetime is disabled instead of giving the default, each side's own when only one disables it", () => {
    const ws = fixture("ipsec-volume-disabled");
    const [pair] = buildTunnelReport(ws.view).pairs;
    assert.deepEqual(pair!.phase2?.lifetimeKilobytes, [
      { router: "Osaka", kilobytes: 4608000 },
      { router: "Tokyo", kilobytes: "disabled" },
    ]);
    const text = (report: ReturnType<typeof buildTunnelReport>) =>
      renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(
      text(buildTunnelReport(ws.view)),
      /phase 2: mjlnet \(esp-des esp-md5-hmac, tunnel\), PFS none, lifetime 3600 s \/ 4608000 KB on Osaka, KB disabled on Tokyo; proxies/,
    );
    // Both sides disable it: the SAs have no volume lifetime at all.
    const both = buildTunnelReport(
      edited(ws, "osaka.ios", [
        "crypto map mjlnetmap 10",
        "crypto ipsec security-association lifetime kilobytes disable\n!\ncrypto map mjlnetmap 10",
      ]).view,
    );
    assert.equal(both.pairs[0]!.phase2?.lifetimeKilobytes, "disabled");
    assert.match(text(both), /lifetime 3600 s \/ KB disabled; proxies/);
    assert.match(
      renderTunnelReportMarkdown(
        both,
        (uri) => path.basename(uri),
        (uri, line) => `${uri}#L${line}`,
      ),
      /- Phase 2: .*lifetime 3600 s \/ KB disabled; proxies/,
    );
  });

  it("renders text and Markdown with paths, outcomes and reasons", () => {
    const report = buildTunnelReport(fixture("acl").view);
    const text = renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(text, /^IPsec tunnels: 1 tunnel pair \(1 ONE_WAY\)/);
    assert.match(
      text,
      /ONE_WAY {2}Osaka crypto map mjlnetmap 10 \(172\.16\.6\.2\) {2}<-> {2}Tokyo/,
    );
    assert.match(text, /at osaka\.ios:\d+, tokyo\.ios:\d+/);
    assert.match(text, /why: only Osaka can initiate/);
    const md = renderTunnelReportMarkdown(
      report,
      (uri) => path.basename(uri),
      (uri, line) => `${uri}#L${line}`,
    );
    assert.match(md, /^# IPsec tunnels/);
    assert.match(md, /## ONE_WAY: Osaka/);
    assert.match(md, /\[osaka\.ios:\d+\]\(file:\/\/.*osaka\.ios#L\d+\)/);
    assert.match(md, /Tokyo initiating: \*\*PHASE2_FAILED\*\*/);
  });

  it("reports a pair behind NAT as paired, with the NAT device's address, instead of MISSING_PEER", () => {
    const ws = fixture("nat");
    const report = buildTunnelReport(ws.view);
    assert.deepEqual(report.summary.MISSING_PEER, 0);
    const [pair] = report.pairs;
    assert.equal(pair!.outcome, "ESTABLISHED");
    assert.deepEqual(
      [pair!.a.router, pair!.a.address, pair!.b?.router, pair!.b?.address],
      ["HQ", "198.51.100.1", "Branch", "192.168.50.2"],
    );
    assert.equal(pair!.nat?.behind, "Branch");
    assert.equal(pair!.nat?.address, "192.168.50.2");
    assert.equal(pair!.nat?.publicAddress, "203.0.113.50");
    assert.match(pair!.nat!.notes.join("\n"), /UDP 500 and 4500/);
    assert.equal(pair!.phase2?.transformSet, "TS");
    const text = renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(
      text,
      /ESTABLISHED {2}HQ crypto map VPN 10 \(198\.51\.100\.1\) {2}<-> {2}Branch crypto map VPN 10 \(192\.168\.50\.2\)/,
    );
    assert.match(
      text,
      /NAT: Branch sits behind NAT, reached at 203\.0\.113\.50/,
    );
    assert.match(
      renderTunnelReportMarkdown(report),
      /- NAT: Branch sits behind NAT, reached at 203\.0\.113\.50/,
    );
    assert.deepEqual(
      JSON.parse(renderTunnelReportJson(report)).pairs[0].nat,
      pair!.nat,
    );
    const analysis = analyseWorkspace(ws.view);
    assert.deepEqual(
      [ws.uri("hq.ios"), ws.uri("branch.ios")].map(
        (uri) => tunnelAnnotations(uri, analysis)[0]?.label,
      ),
      [
        "IPsec Branch: comes up (Branch behind NAT)",
        "IPsec HQ: comes up (Branch behind NAT)",
      ],
    );
  });

  it("says what NAT does to a pair whose negotiation succeeds: NAT-T off, AH", () => {
    const report = buildTunnelReport(
      workspace(
        path.join(REPO, "test", "fixtures", "nat", "natt-hq.ios"),
        path.join(REPO, "test", "fixtures", "nat", "natt-branch.ios"),
      ).view,
    );
    assert.deepEqual(
      report.pairs.map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    const notes = report.pairs[0]!.nat!.notes.join("\n");
    assert.match(notes, /HQ turns NAT-T off/);
    assert.match(notes, /AHTS uses ah-sha-hmac/);
  });

  it("reports a pair with both ends behind NAT, naming both NAT devices' addresses and the evidence", () => {
    const ws = fixture("nat-both");
    const report = buildTunnelReport(ws.view);
    assert.deepEqual(
      report.pairs.map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    const [pair] = report.pairs;
    // Each end is shown at its own private address.
    assert.deepEqual(
      [pair!.a.router, pair!.a.address, pair!.b?.router, pair!.b?.address],
      ["Osaka", "192.168.2.2", "Tokyo", "192.168.1.2"],
    );
    const nat = pair!.nat!;
    assert.deepEqual(
      [nat.behind, nat.address, nat.publicAddress],
      ["Osaka", "192.168.2.2", "198.51.100.20"],
    );
    assert.deepEqual(nat.alsoBehind, {
      router: "Tokyo",
      address: "192.168.1.2",
      publicAddress: "203.0.113.10",
    });
    assert.match(nat.reason, /mirrored crypto ACLs/);
    // A note per direction: each side starts the tunnel only through the other's port forwarding.
    const notes = nat.notes.join("\n");
    assert.match(
      notes,
      /Tokyo reaches Osaka at 198\.51\.100\.20 .*UDP 500 and 4500/,
    );
    assert.match(
      notes,
      /Osaka reaches Tokyo at 203\.0\.113\.10 .*UDP 500 and 4500/,
    );
    const text = renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(
      text,
      /NAT: both ends sit behind NAT: Osaka \(192\.168\.2\.2\) is reached at 198\.51\.100\.20, Tokyo \(192\.168\.1\.2\) is reached at 203\.0\.113\.10/,
    );
    assert.match(
      renderTunnelReportMarkdown(report),
      /- NAT: both ends sit behind NAT/,
    );
    assert.deepEqual(
      JSON.parse(renderTunnelReportJson(report)).pairs[0].nat,
      nat,
    );
    const analysis = analyseWorkspace(ws.view);
    assert.deepEqual(
      [ws.uri("tokyo.ios"), ws.uri("osaka.ios")].map(
        (uri) => tunnelAnnotations(uri, analysis)[0]?.label,
      ),
      [
        "IPsec Osaka: comes up (Osaka and Tokyo behind NAT)",
        "IPsec Tokyo: comes up (Osaka and Tokyo behind NAT)",
      ],
    );
  });

  it("notes an end behind NAT that sends nothing to keep its NAT mapping open while idle", () => {
    const notesOf = (ws: ReturnType<typeof fixture>) =>
      buildTunnelReport(ws.view).pairs[0]!.nat!.notes.filter((n) =>
        /keepalive/.test(n),
      );
    // Both ends behind NAT, neither with keepalives: a note for each, in IKEv1 words.
    assert.deepEqual(
      notesOf(fixture("nat-both")).map((n) => n.split(" ")[0]),
      ["Osaka", "Tokyo"],
    );
    assert.match(
      notesOf(fixture("nat-both"))[0]!,
      /^Osaka sends no NAT keepalives \(`crypto isakmp nat keepalive`\) and no periodic DPD: .*`crypto isakmp nat keepalive 20` on Osaka keeps the mapping open$/,
    );
    // `crypto isakmp nat keepalive 20` on the branch: nothing to say.
    assert.deepEqual(notesOf(fixture("nat")), []);
    // An IKEv2 pair is told the IKEv2 command; periodic DPD in its profile is enough too.
    const v2 = fixture("ikev2/nat-identity");
    assert.match(
      notesOf(v2)[0] ?? "",
      /^Branch sends no NAT keepalives \(`crypto ikev2 nat keepalive`\)/,
    );
    const withDpd = edited(v2, "branch.ios", [
      " keyring local KR\n",
      " keyring local KR\n dpd 10 3 periodic\n",
    ]);
    assert.deepEqual(notesOf(withDpd), []);
    const withKeepalive = edited(v2, "branch.ios", [
      "crypto ikev2 policy POL",
      "crypto ikev2 nat keepalive 20\ncrypto ikev2 policy POL",
    ]);
    assert.deepEqual(notesOf(withKeepalive), []);
  });

  it("notes NAT-T turned off on either end of a pair behind NAT on both ends", () => {
    const ws = fixture("nat-both");
    const off = workspace(
      {
        name: "tokyo.ios",
        text: ws
          .text("tokyo.ios")
          .replace(
            "crypto ipsec transform-set",
            "no crypto ipsec nat-transparency udp-encapsulation\ncrypto ipsec transform-set",
          ),
      },
      { name: "osaka.ios", text: ws.text("osaka.ios") },
    );
    const notes = buildTunnelReport(off.view).pairs[0]!.nat!.notes.join("\n");
    assert.match(notes, /Tokyo turns NAT-T off/);
    assert.doesNotMatch(notes, /Osaka turns NAT-T off/);
  });

  it("puts a code lens on each crypto map entry with its peers' outcomes", () => {
    const ws = fixture("hub");
    const lenses = tunnelAnnotations(
      ws.uri("hub.ios"),
      analyseWorkspace(ws.view),
    );
    assert.deepEqual(
      lenses.map((l) => [l.position.line, l.label]),
      [
        [16, "IPsec Kyoto: comes up"],
        [20, "IPsec Nagoya: phase 1 fails: keys differ"],
        [24, "IPsec Sendai: comes up · Sendai-2: comes up"],
      ],
    );
    assert.ok(lenses.every((l) => l.placement === "lens"));
    const [kyoto] = tunnelAnnotations(
      ws.uri("kyoto.ios"),
      analyseWorkspace(ws.view),
    );
    assert.equal(kyoto?.label, "IPsec Tokyo: comes up");
  });

  /**
   * Batfish's CiscoGrammarTest.testIpsecTopology expects 6 directed IPsec edges on this rig, each
   * with a negotiated phase-1 proposal and key and a phase-2 proposal: r1->r2 and r2->r1 (crypto
   * map mymap), r2->r3 and r3->r2 (Tunnel23), and r1->r3 and r2->r3 through r3's dynamic map. (The
   * corpus header's "each router pair in both directions" is not what the configs say: r3 only
   * answers r1, through its dynamic map; r2's Tunnel21 finds r1's Tunnel21 shut down.)
   */
  describe("the batfish ios-crypto-ipsec rig", () => {
    const analysis = analyseWorkspace(workspace(...BATFISH_RIG).view);
    const directions = analysis.pairs.flatMap((p) =>
      [p.forward, p.reverse].filter((d) => d !== undefined),
    );
    const edge = (d: (typeof directions)[number]) =>
      `${d.initiator.router.name}->${d.responder.router.name} ${d.initiator.kind === "tunnel" ? "tunnel" : d.responder.kind}`;

    it("negotiates phase 1, the keys and a transform set on exactly batfish's 6 edges", () => {
      const negotiated = directions.filter(
        (d) =>
          d.phase1.ok &&
          d.keys?.comparison === "same" &&
          d.phase2.transforms.ok &&
          d.phase2.pfs.ok,
      );
      assert.deepEqual(negotiated.map(edge).sort(), [
        "r1->r2 crypto-map",
        "r1->r3 dynamic-map",
        "r2->r1 crypto-map",
        "r2->r3 dynamic-map",
        "r2->r3 tunnel",
        "r3->r2 tunnel",
      ]);
      // Keys match pairwise: psk2 r1-r2 (the keyring bound to the local address beats r2's
      // unbound KEYRING_FOR_R1 with psk5), psk3 r1-r3, psk4 r2-r3.
      const key = (from: string, to: string, kind: string) =>
        directions.find((d) => edge(d) === `${from}->${to} ${kind}`)!.keys!
          .initiator.lookup.key!.secret.value;
      assert.equal(key("r1", "r2", "crypto-map"), "psk2");
      assert.equal(key("r2", "r1", "crypto-map"), "psk2");
      assert.equal(key("r1", "r3", "dynamic-map"), "psk3");
      assert.equal(key("r2", "r3", "dynamic-map"), "psk4");
      assert.equal(key("r3", "r2", "tunnel"), "psk4");
      // r2 offers only ts2 on mymap; r1 offers ts1 then ts2, so ts2 is the common set both ways.
      const r1r2 = directions.find((d) => edge(d) === "r1->r2 crypto-map")!;
      assert.equal(r1r2.phase2.transforms.chosen?.offer.name, "ts2");
    });

    it("differs from batfish on the crypto map edges only because their ACLs are not mirrored", () => {
      // Every router's ACL is `permit ip host 1.1.1.1 host 2.2.2.2`, the same on both ends rather
      // than mirrored: IOS would reject those proxy identities in quick mode, which batfish does
      // not model. The tunnel-interface edges use any/any proxies and come up.
      const byEdge = new Map(directions.map((d) => [edge(d), d]));
      for (const e of [
        "r1->r2 crypto-map",
        "r2->r1 crypto-map",
        "r1->r3 dynamic-map",
        "r2->r3 dynamic-map",
      ]) {
        const d = byEdge.get(e)!;
        assert.equal(d.outcome, "PHASE2_FAILED", e);
        assert.deepEqual(d.phase2.failures.length, 1, e);
        assert.match(
          d.phase2.failures[0]!,
          /proxy identities host 1\.1\.1\.1 to host 2\.2\.2\.2/,
          e,
        );
      }
      for (const e of ["r2->r3 tunnel", "r3->r2 tunnel"]) {
        assert.equal(byEdge.get(e)!.outcome, "ESTABLISHED", e);
      }
      assert.deepEqual(analysis.pairs.map((p) => p.outcome).sort(), [
        "ESTABLISHED",
        "MISSING_PEER",
        "PHASE2_FAILED",
        "PHASE2_FAILED",
        "PHASE2_FAILED",
      ]);
    });
  });
  describe("a DMVPN cloud of twelve spokes, one with the wrong key", () => {
    const spokeTemplate = fs.readFileSync(
      path.join(PEERS, "dmvpn-spokes", "spoke1.ios"),
      "utf8",
    );
    /** Spoke n: its own tunnel and outside addresses, LAN and name; spoke 12 keys wrongly. */
    const spoke = (n: number): { name: string; text: string } => {
      const outside = `198.51.100.${4 * n + 2}`;
      let text = spokeTemplate
        .replace("hostname Spoke1", `hostname Spoke${n}`)
        .replace("172.16.0.11 255", `172.16.0.${10 + n} 255`)
        .replace("198.51.100.2 255.255.255.252", `${outside} 255.255.255.252`)
        .replace("10.1.0.1 255", `10.${n}.0.1 255`)
        .replace("0.0.0.0 198.51.100.1", `0.0.0.0 198.51.100.${4 * n + 1}`);
      if (n === 12) {
        text = text.replace("key Cl0udK3y", "key Wr0ngK3y");
      }
      return { name: `spoke${n}.ios`, text };
    };
    const ws = workspace(
      path.join(PEERS, "dmvpn-spokes", "hub.ios"),
      ...Array.from({ length: 12 }, (_, i) => spoke(i + 1)),
    );
    const report = buildTunnelReport(ws.view);
    const spokePairs = report.pairs.filter((p) => p.spokes);

    it("keeps every pair in the report and its JSON, spoke pairs marked", () => {
      assert.equal(spokePairs.length, 66);
      const json = JSON.parse(renderTunnelReportJson(report)) as {
        pairs: { spokes?: boolean; outcome: string }[];
      };
      assert.equal(json.pairs.filter((p) => p.spokes).length, 66);
      assert.equal(
        spokePairs.filter((p) => p.outcome === "ESTABLISHED").length,
        55,
      );
    });

    it("summarises the 55 healthy spoke pairs in the text and lists the failing ones", () => {
      const text = renderTunnelReportText(report);
      assert.match(text, /^IPsec tunnels: 78 tunnel pairs \(/);
      const summaries = text.match(
        /^ESTABLISHED {2}55 spoke-to-spoke pairs among 11 spokes: Spoke1, Spoke2, .*Spoke11$/gm,
      );
      assert.equal(summaries?.length, 1, text);
      assert.match(text, /each pair comes up from either spoke/);
      // The failing pairs, each with Spoke12, one by one.
      const blocks = text.split("\n\n").slice(1);
      const spokeToSpoke = blocks.filter((b) =>
        /multipoint GRE.*<->.*multipoint GRE/.test(b.split("\n")[0]!),
      );
      assert.equal(spokeToSpoke.length, 11);
      assert.ok(spokeToSpoke.every((b) => b.includes("Spoke12")));
      assert.ok(spokeToSpoke.every((b) => !b.startsWith("ESTABLISHED")));
      // The hub's twelve pairs stay listed.
      assert.equal(blocks.filter((b) => /<-> {2}Hub /.test(b)).length, 12);
    });

    it("lists every pair with all, and summarises in the editor's Markdown too", () => {
      const all = renderTunnelReportText(report, undefined, { all: true });
      assert.doesNotMatch(all, /spoke-to-spoke pairs among/);
      assert.equal(all.split("\n\n").length - 1, 78);
      const md = renderTunnelReportMarkdown(report);
      assert.match(
        md,
        /^## ESTABLISHED: 55 spoke-to-spoke pairs among 11 spokes: Spoke1, /m,
      );
      assert.match(md, /`ipsec-lens tunnels --all` lists them one by one/);
    });

    it("says when a cloud was too big to pair every two spokes", () => {
      const limited = {
        ...report,
        limitedClouds: [{ spokes: 2000, pairsPerSpoke: 128 }],
      };
      const sentence =
        "A DMVPN cloud of 2,000 spokes is too big to pair every two of them (1,999,000 pairs): each spoke was paired with the 128 spokes nearest it in the workspace's order.";
      assert.equal(renderTunnelReportText(limited).split("\n")[1], sentence);
      assert.ok(
        renderTunnelReportMarkdown(limited).includes(`\n\n${sentence}\n`),
      );
      assert.ok(!renderTunnelReportText(report).includes("too big"));
    });

    it("renders from the view the server sends, through JSON, as from the whole report", () => {
      const sent = JSON.parse(
        JSON.stringify(reportView(report)),
      ) as TunnelReportView;
      // 12 hub pairs, 11 failing spoke pairs and one summary of 55.
      assert.equal(sent.blocks.length, 24);
      assert.equal(sent.pairCount, 78);
      assert.equal(
        renderTunnelReportMarkdown(sent),
        renderTunnelReportMarkdown(report),
      );
      assert.equal(
        renderTunnelReportText(sent),
        renderTunnelReportText(report),
      );
    });
  });

  describe("the summary line", () => {
    const summary = (folder: string) =>
      renderTunnelReportText(
        reportOf(analyseWorkspace(fixture(folder).view)),
      ).split("\n")[0];

    it("says when the ONE_WAY pairs are a dynamic responder's, which never initiates by design", () => {
      assert.equal(
        summary("dmvpn"),
        "IPsec tunnels: 3 tunnel pairs (1 ESTABLISHED, 2 ONE_WAY, all by design: a dynamic responder never initiates)",
      );
      // A one-way tunnel between two static ends is not by design.
      assert.equal(
        summary("aggressive-mode"),
        "IPsec tunnels: 1 tunnel pair (1 ONE_WAY)",
      );
    });
  });

  describe("a side without a route to the other", () => {
    it("fails both directions of a tunnel whose tunnel vrf is not its source's", () => {
      const ws = edited(fixture("vti"), "tokyo.ios", [
        " tunnel source Serial4/0\n",
        " tunnel source Serial4/0\n tunnel vrf INET\n",
      ]);
      const [pa] = analyseWorkspace(ws.view).pairs;
      assert.ok(pa);
      assert.equal(pa.outcome, "PHASE1_FAILED");
      assert.equal(
        pa.forward?.reasons[0],
        "Tokyo's Tunnel0 sends its IKE and ESP in VRF INET, not in the global table where its source Serial4/0 is (tunnel-vrf-mismatch)",
      );
    });

    it("fails both directions of a tunnel routed into itself toward its peer", () => {
      const ws = edited(fixture("vti"), "tokyo.ios", [
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\n",
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\nip route 172.16.6.2 255.255.255.255 Tunnel0\n",
      ]);
      const [pa] = analyseWorkspace(ws.view).pairs;
      assert.ok(pa);
      assert.equal(pa.outcome, "PHASE1_FAILED");
      for (const d of [pa.forward, pa.reverse]) {
        assert.equal(
          d?.reasons[0],
          "Tokyo's Tunnel0 is routed into itself toward 172.16.6.2: IOS shuts it down for recursive routing (tunnel-recursive-routing)",
        );
      }
    });

    it("fails the directions it starts, and the ones whose replies it cannot send", () => {
      const ws = edited(fixture("vti"), "tokyo.ios", [
        "ip route 0.0.0.0 0.0.0.0 172.16.5.5\n",
        "",
      ]);
      const [pa] = analyseWorkspace(ws.view).pairs;
      assert.ok(pa);
      assert.equal(pa.outcome, "PHASE1_FAILED");
      const why = [pa.forward, pa.reverse].map((d) => [
        d?.initiator.router.name,
        d?.reasons[0],
      ]);
      assert.deepEqual(why.sort(), [
        [
          "Osaka",
          "Tokyo has no route back to 172.16.6.2: its replies never leave (no-route-to-peer)",
        ],
        [
          "Tokyo",
          "Tokyo has no route to 172.16.6.2: its IKE packets never leave (no-route-to-peer)",
        ],
      ]);
    });
  });

  /** The text report's lines of the one pair, without the summary, the places and the proposals. */
  const pairLines = (ws: ReturnType<typeof fixture>) =>
    renderTunnelReportText(buildTunnelReport(ws.view), (uri) =>
      path.basename(new URL(uri).pathname),
    )
      .split("\n")
      .filter((l) => /^ {2}(\S+ -> |unencrypted: |dropped: |why: )/.test(l));

  /** Zones OUTSIDE and INSIDE with everything passed between them: the LAN reaches the map. */
  const LAN_ZONES = [
    "zone security OUTSIDE",
    "zone security INSIDE",
    "policy-map type inspect LAN-PM",
    " class class-default",
    "  pass",
    "zone-pair security IN-OUT source INSIDE destination OUTSIDE",
    " service-policy type inspect LAN-PM",
    "zone-pair security OUT-IN source OUTSIDE destination INSIDE",
    " service-policy type inspect LAN-PM",
  ];

  describe("a side whose own filters drop the other's IKE", () => {
    it("fails both directions when the branch's inbound ACL drops ISAKMP: requests and replies alike", () => {
      const ws = fixture("ike-filtered");
      assert.deepEqual(pairLines(ws), [
        "  Branch -> HQ: PHASE1_FAILED",
        "  HQ -> Branch: PHASE1_FAILED",
        "  why: Branch initiating: Branch drops ISAKMP (UDP 500) from 198.51.100.2 in inbound ACL OUTSIDE-IN on GigabitEthernet0/0: the replies to its IKE never arrive (acl-blocks-isakmp)",
        "  why: HQ initiating: Branch drops ISAKMP (UDP 500) from 198.51.100.2 in inbound ACL OUTSIDE-IN on GigabitEthernet0/0: the IKE of HQ never arrives (acl-blocks-isakmp)",
      ]);
      // The single-config finding the reason names, and its fix brings the pair up.
      const [finding] = allFindings(ws, "branch.ios").filter(
        (f) => f.code === "acl-blocks-isakmp",
      );
      assert.ok(finding?.fixes?.length);
      const fixed = applyFix(ws, "branch.ios", finding.fixes[0]!, ws.names());
      const [pair] = JSON.parse(
        renderTunnelReportJson(buildTunnelReport(fixed.view)),
      ).pairs;
      assert.equal(pair.outcome, "ESTABLISHED");
    });

    it("puts an initiator's own ISAKMP turned off before its filters: it sends nothing to be dropped", () => {
      const ws = edited(fixture("ike-filtered"), "branch.ios", [
        "crypto isakmp policy 10",
        "no crypto isakmp enable\ncrypto isakmp policy 10",
      ]);
      const [branchFirst, hqFirst] = pairLines(ws).filter((l) =>
        l.startsWith("  why:"),
      );
      assert.equal(
        branchFirst,
        "  why: Branch initiating: ISAKMP is turned off on the initiator; behind it, once that is fixed: Branch drops ISAKMP (UDP 500) from 198.51.100.2 in inbound ACL OUTSIDE-IN on GigabitEthernet0/0: the replies to its IKE never arrive (acl-blocks-isakmp)",
      );
      // The Branch as responder drops HQ's IKE at its ACL before ISAKMP could answer it.
      assert.match(
        hqFirst ?? "",
        /^ {2}why: HQ initiating: Branch drops ISAKMP \(UDP 500\) from 198\.51\.100\.2 in inbound ACL OUTSIDE-IN on GigabitEthernet0\/0: the IKE of HQ never arrives \(acl-blocks-isakmp\); behind it, once that is fixed: ISAKMP is turned off on the responder$/,
      );
    });

    it("lets the branch start the tunnel when its zone-pair from self inspects IKE, whose replies then come back", () => {
      const zones = [
        ...LAN_ZONES,
        "class-map type inspect match-any IKE-CM",
        " match protocol isakmp",
        "policy-map type inspect OUT-SELF-PM",
        " class class-default",
        "  drop",
        "policy-map type inspect SELF-OUT-PM",
        " class type inspect IKE-CM",
        "  inspect",
        " class class-default",
        "  pass",
        "zone-pair security OUT-SELF source OUTSIDE destination self",
        " service-policy type inspect OUT-SELF-PM",
        "zone-pair security SELF-OUT source self destination OUTSIDE",
        " service-policy type inspect SELF-OUT-PM",
        "!",
        "",
      ].join("\n");
      const ws = edited(
        fixture("ike-filtered"),
        "branch.ios",
        [" ip access-group OUTSIDE-IN in\n", " zone-member security OUTSIDE\n"],
        [
          "interface GigabitEthernet0/0\n",
          `${zones}interface GigabitEthernet0/0\n`,
        ],
        [
          " description LAN\n",
          " description LAN\n zone-member security INSIDE\n",
        ],
      );
      // Inspecting IKE lets its replies back, not ESP: OUT-SELF's class-default drops HQ's ESP.
      assert.deepEqual(pairLines(ws), [
        "  Branch -> HQ: ESTABLISHED, but Branch drops what HQ sends through the tunnel (see dropped)",
        "  HQ -> Branch: PHASE1_FAILED",
        "  dropped: branch.ios:40, zone-firewall-blocks-ipsec: Branch drops ESP (IP protocol 50) from 198.51.100.2 in zone-pair OUT-SELF (OUTSIDE → self): the SAs come up, but every packet HQ sends through them to Branch is lost (HQ's `#pkts encaps` grows, Branch's `#pkts decaps` stays at zero)",
        "  why: only Branch can initiate; when HQ initiates: Branch drops ISAKMP (UDP 500) from 198.51.100.2 in zone-pair OUT-SELF (OUTSIDE → self): the IKE of HQ never arrives (zone-firewall-blocks-ipsec)",
      ]);
    });
  });

  describe("a side whose own filters drop the other's ESP or AH once the SAs are up", () => {
    it("says R2's inbound ACL drops what R1 sends through the tunnel, whichever side starts it", () => {
      const ws = fixture("esp-filtered");
      // The single-config finding the report names.
      const [acl] = allFindings(ws, "r2.ios").filter(
        (f) => f.code === "acl-blocks-esp",
      );
      assert.ok(acl);
      assert.deepEqual(pairLines(ws), [
        "  R1 -> R2: ESTABLISHED, but R2 drops what R1 sends through the tunnel (see dropped)",
        "  R2 -> R1: ESTABLISHED, but R2 drops what R1 sends through the tunnel (see dropped)",
        "  dropped: r2.ios:24, acl-blocks-esp: R2 drops ESP (IP protocol 50) from 198.51.100.1 in inbound ACL 101 on GigabitEthernet0/0: the SAs come up, but every packet R1 sends through them to R2 is lost (R1's `#pkts encaps` grows, R2's `#pkts decaps` stays at zero)",
      ]);
      // The SAs come up: the outcome stays what the negotiation gives.
      const report = JSON.parse(
        renderTunnelReportJson(buildTunnelReport(ws.view)),
      );
      assert.deepEqual(report.summary.ESTABLISHED, 1);
      const [pair] = report.pairs;
      assert.equal(pair.outcome, "ESTABLISHED");
      assert.deepEqual(
        pair.dropped.map((x: Record<string, unknown>) => ({
          ...x,
          uri: path.basename(String(x.uri)),
        })),
        [
          {
            router: "R2",
            uri: "r2.ios",
            line: 24,
            code: "acl-blocks-esp",
            protocol: "ESP",
            from: "R1",
            reason:
              "R2 drops ESP (IP protocol 50) from 198.51.100.1 in inbound ACL 101 on GigabitEthernet0/0: the SAs come up, but every packet R1 sends through them to R2 is lost (R1's `#pkts encaps` grows, R2's `#pkts decaps` stays at zero)",
          },
        ],
      );
      assert.deepEqual(
        pair.directions.map(
          (d: Record<string, unknown>) =>
            `${d.initiator} ${d.outcome} ${JSON.stringify(d.droppedAt)}`,
        ),
        ['R1 ESTABLISHED ["R2"]', 'R2 ESTABLISHED ["R2"]'],
      );
      const markdown = renderTunnelReportMarkdown(
        buildTunnelReport(ws.view),
        (uri) => path.basename(new URL(uri).pathname),
      );
      assert.match(
        markdown,
        /^- R1 initiating: \*\*ESTABLISHED\*\*, but R2 drops what R1 sends through the tunnel \(see dropped\)$/m,
      );
      assert.match(
        markdown,
        /^- Dropped \(r2\.ios:24, acl-blocks-esp\): R2 drops ESP \(IP protocol 50\) from 198\.51\.100\.1 in inbound ACL 101 on GigabitEthernet0\/0: the SAs come up, but every packet R1 sends through them to R2 is lost \(R1's \\`#pkts encaps\\` grows/m,
      );
      for (const [file, other] of [
        ["r1.ios", "R2"],
        ["r2.ios", "R1"],
      ] as const) {
        const [lens] = tunnelAnnotations(
          ws.uri(file),
          analyseWorkspace(ws.view),
        );
        assert.equal(
          lens?.label,
          `IPsec ${other}: comes up, ESP dropped at R2`,
        );
        assert.match(
          lens?.tooltip ?? "",
          /; dropped \(acl-blocks-esp\): R2 drops ESP/,
        );
      }
      // The finding's fix lets ESP in, and nothing is dropped any more.
      const fixed = applyFix(ws, "r2.ios", acl.fixes![0]!, ws.names());
      const [after] = JSON.parse(
        renderTunnelReportJson(buildTunnelReport(fixed.view)),
      ).pairs;
      assert.equal(after.outcome, "ESTABLISHED");
      assert.equal(after.dropped, undefined);
      assert.ok(after.directions.every((d: object) => !("droppedAt" in d)));
    });

    it("judges AH when the transform set uses it: a bundle wraps ESP in AH, so only AH meets the ACL", () => {
      const ah = (ws: ReturnType<typeof fixture>) =>
        ["r1.ios", "r2.ios"].reduce(
          (w, name) =>
            edited(w, name, [
              "transform-set TS esp-aes 256 esp-sha256-hmac",
              "transform-set TS ah-sha256-hmac esp-aes 256",
            ]),
          ws,
        );
      const ws = ah(fixture("esp-filtered"));
      assert.deepEqual(
        buildTunnelReport(ws.view).pairs[0]?.dropped?.map(
          (x) => `${x.router} ${x.line} ${x.code} ${x.protocol} from ${x.from}`,
        ),
        ["R2 24 acl-blocks-ah AH from R1"],
      );
      assert.match(
        pairLines(ws)[2] ?? "",
        /R2 drops AH \(IP protocol 51\) from 198\.51\.100\.1 in inbound ACL 101/,
      );
      // AH let in, ESP still denied: the packets on the wire are AH, and nothing is lost.
      const permitted = edited(ws, "r2.ios", [
        "access-list 101 permit icmp any any",
        "access-list 101 permit ahp host 198.51.100.1 host 203.0.113.2\naccess-list 101 permit icmp any any",
      ]);
      assert.equal(
        buildTunnelReport(permitted.view).pairs[0]?.dropped,
        undefined,
      );
    });

    it("says a zone-pair to self drops the ESP, unless the zone-pair from self inspects ESP itself", () => {
      const zones = (selfOut: string) =>
        [
          ...LAN_ZONES,
          "class-map type inspect match-any IKE-CM",
          " match protocol isakmp",
          " match protocol ipsec-msft",
          "policy-map type inspect OUT-SELF-PM",
          " class type inspect IKE-CM",
          "  pass",
          " class class-default",
          "  drop",
          "zone-pair security OUT-SELF source OUTSIDE destination self",
          " service-policy type inspect OUT-SELF-PM",
          selfOut,
          "interface GigabitEthernet0/0\n",
        ].join("\n");
      const zoned = (selfOut: string) =>
        edited(
          fixture("esp-filtered"),
          "r2.ios",
          [" ip access-group 101 in\n", " zone-member security OUTSIDE\n"],
          ["interface GigabitEthernet0/0\n", zones(selfOut)],
          [
            " description LAN\n",
            " description LAN\n zone-member security INSIDE\n",
          ],
        );
      // No zone-pair from self: the router's own traffic leaves freely, R1's ESP never arrives.
      const ws = zoned("!");
      assert.deepEqual(pairLines(ws), [
        "  R1 -> R2: ESTABLISHED, but R2 drops what R1 sends through the tunnel (see dropped)",
        "  R2 -> R1: ESTABLISHED, but R2 drops what R1 sends through the tunnel (see dropped)",
        "  dropped: r2.ios:38, zone-firewall-blocks-ipsec: R2 drops ESP (IP protocol 50) from 198.51.100.1 in zone-pair OUT-SELF (OUTSIDE → self): the SAs come up, but every packet R1 sends through them to R2 is lost (R1's `#pkts encaps` grows, R2's `#pkts decaps` stays at zero)",
      ]);
      assert.equal(
        ws.text("r2.ios").split("\n")[37],
        "zone-pair security OUT-SELF source OUTSIDE destination self",
      );
      // A zone-pair from self whose class inspects ESP: what IOS lets back then is not known, so
      // the report stays silent (zone-firewall-blocks-ipsec warns about that class).
      const inspecting = zoned(
        [
          "ip access-list extended ESP-OUT",
          " permit esp host 203.0.113.2 host 198.51.100.1",
          "class-map type inspect match-any ESP-CM",
          " match access-group name ESP-OUT",
          "policy-map type inspect SELF-OUT-PM",
          " class type inspect ESP-CM",
          "  inspect",
          " class class-default",
          "  pass",
          "zone-pair security SELF-OUT source self destination OUTSIDE",
          " service-policy type inspect SELF-OUT-PM",
        ].join("\n"),
      );
      assert.deepEqual(pairLines(inspecting), [
        "  R1 -> R2: ESTABLISHED",
        "  R2 -> R1: ESTABLISHED",
      ]);
    });

    it("lists spoke pairs whose spoke admits ESP from the hub only, outside the healthy spokes' summary", () => {
      const template = fs.readFileSync(
        path.join(PEERS, "dmvpn-spokes", "spoke1.ios"),
        "utf8",
      );
      const spoke = (n: number) => {
        let text = template
          .replace("hostname Spoke1", `hostname Spoke${n}`)
          .replace("172.16.0.11 255", `172.16.0.${10 + n} 255`)
          .replace("198.51.100.2 255", `198.51.100.${4 * n + 2} 255`)
          .replace("0.0.0.0 198.51.100.1", `0.0.0.0 198.51.100.${4 * n + 1}`);
        if (n === 6) {
          text = text
            .replace(
              "255.255.255.252\n",
              "255.255.255.252\n ip access-group EDGE in\n",
            )
            .replace(
              "\nend",
              "\nip access-list extended EDGE\n permit udp any any eq isakmp\n permit udp any any eq non500-isakmp\n permit esp host 203.0.113.1 any\n deny ip any any\nend",
            );
        }
        return { name: `spoke${n}.ios`, text };
      };
      const ws = workspace(
        path.join(PEERS, "dmvpn-spokes", "hub.ios"),
        ...Array.from({ length: 6 }, (_, i) => spoke(i + 1)),
      );
      // Every pair analysed first, as the peer checks do: the report then reads each spoke pair's
      // directions negotiated again.
      const analysis = analyseWorkspace(ws.view);
      assert.equal(analysis.pairs.filter((p) => p.dropped).length, 5);
      const report = reportOf(analysis);
      const dropping = report.pairs.filter((p) => p.dropped);
      // Spoke6's five spoke pairs, each ESTABLISHED; its pair with the hub loses nothing.
      assert.deepEqual(
        dropping.map((p) => `${p.a.router}-${p.b?.router} ${p.outcome}`),
        [
          "Spoke1-Spoke6 ESTABLISHED",
          "Spoke2-Spoke6 ESTABLISHED",
          "Spoke3-Spoke6 ESTABLISHED",
          "Spoke4-Spoke6 ESTABLISHED",
          "Spoke5-Spoke6 ESTABLISHED",
        ],
      );
      assert.ok(dropping.every((p) => p.spokes));
      assert.deepEqual(dropping[0]?.dropped, [
        {
          router: "Spoke6",
          uri: ws.uri("spoke6.ios"),
          line: 34,
          code: "acl-blocks-esp",
          protocol: "ESP",
          from: "Spoke1",
          reason:
            "Spoke6 drops ESP (IP protocol 50) from 198.51.100.6 in inbound ACL EDGE on GigabitEthernet0/1: the SAs come up, but every packet Spoke1 sends through them to Spoke6 is lost (Spoke1's `#pkts encaps` grows, Spoke6's `#pkts decaps` stays at zero)",
        },
      ]);
      // The directions, negotiated again when read, keep their notes.
      for (const p of dropping) {
        assert.deepEqual(
          p.directions.map((d) => d.droppedAt),
          [["Spoke6"], ["Spoke6"]],
        );
      }
      const text = renderTunnelReportText(report);
      assert.match(
        text,
        /^ESTABLISHED {2}10 spoke-to-spoke pairs among 5 spokes: Spoke1, Spoke2, Spoke3, Spoke4, Spoke5$/m,
      );
      assert.equal(text.match(/^ {2}dropped: /gm)?.length, 5);
    });

    it("notes both what a side keeps out of the tunnel and what the other side drops", () => {
      const ws = edited(
        fixture("data-plane-nat"),
        "osaka.ios",
        [
          " crypto map mjlnetmap\n",
          " ip access-group 105 in\n crypto map mjlnetmap\n",
        ],
        [
          "end",
          "access-list 105 permit udp any any eq isakmp\naccess-list 105 deny esp any any\nend",
        ],
      );
      const lines = pairLines(ws);
      assert.equal(
        lines[0],
        "  Osaka -> Tokyo: ESTABLISHED, but Tokyo's side keeps protected traffic out of the tunnel (see unencrypted), and Osaka drops what Tokyo sends through the tunnel (see dropped)",
      );
      assert.match(
        lines[3] ?? "",
        /^ {2}dropped: osaka\.ios:\d+, acl-blocks-esp: Osaka drops ESP \(IP protocol 50\) from 172\.16\.5\.1 in inbound ACL 105 on Serial2\/0: /,
      );
    });

    it("does not judge a pair across NAT: IKE itself moves to UDP 4500 there, where ESP travels too", () => {
      const ws = edited(
        fixture("nat"),
        "hq.ios",
        [
          " ip address 198.51.100.1 255.255.255.0\n",
          " ip address 198.51.100.1 255.255.255.0\n ip access-group 101 in\n",
        ],
        [
          "end",
          "access-list 101 permit udp any any eq isakmp\naccess-list 101 deny ip any any\nend",
        ],
      );
      const [pa] = analyseWorkspace(ws.view).pairs;
      assert.ok(pa?.nat);
      assert.equal(pa?.dropped, undefined);
      assert.ok(!pairLines(ws).some((l) => /dropped/.test(l)));
    });
  });

  describe("a side whose own config keeps its protected traffic from its crypto map", () => {
    it("says Tokyo's traffic NAT translates first is never encrypted, and that Tokyo never starts the tunnel", () => {
      const ws = fixture("data-plane-nat");
      // The single-config finding the report names.
      const [nat] = allFindings(ws, "tokyo.ios").filter(
        (f) => f.code === "nat-not-exempted",
      );
      assert.equal(nat?.range.start.line, 44);
      assert.deepEqual(pairLines(ws), [
        "  Osaka -> Tokyo: ESTABLISHED, but Tokyo's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  Tokyo -> Osaka: never starts (see why)",
        "  unencrypted: tokyo.ios:45, nat-not-exempted: Tokyo translates 10.1.1.0/24 → 10.2.2.0/24 with `ip nat inside source list 1 interface Serial4/0 overload` before crypto map mjlnetmap 10 on Serial4/0 sees it: the translated packets no longer match crypto ACL 101, so they leave unencrypted even while the SAs are up",
        "  why: only Osaka can initiate: Tokyo never starts it: a crypto map starts IKE only for a packet that matches it on its way out, and none of the traffic crypto map mjlnetmap 10 protects ever meets the map (nat-not-exempted: see unencrypted)",
      ]);
      const report = JSON.parse(
        renderTunnelReportJson(buildTunnelReport(ws.view)),
      );
      const [pair] = report.pairs;
      assert.equal(pair.outcome, "ONE_WAY");
      assert.deepEqual(
        pair.unencrypted.map(
          (u: Record<string, unknown>) =>
            `${u.router} ${path.basename(String(u.uri))}:${u.line} ${u.code} ${u.scope}`,
        ),
        ["Tokyo tokyo.ios:45 nat-not-exempted all"],
      );
      assert.deepEqual(
        pair.directions.map(
          (d: Record<string, unknown>) =>
            `${d.initiator} ${d.outcome} ${JSON.stringify(d.unencryptedFrom)} ${d.neverStarts ? "never starts" : "starts"}`,
        ),
        [
          'Osaka ESTABLISHED ["Tokyo"] starts',
          "Tokyo ESTABLISHED undefined never starts",
        ],
      );
      const markdown = renderTunnelReportMarkdown(
        buildTunnelReport(ws.view),
        (uri) => path.basename(new URL(uri).pathname),
      );
      assert.match(
        markdown,
        /^- Osaka initiating: \*\*ESTABLISHED\*\*, but Tokyo's side keeps protected traffic out of the tunnel \(see unencrypted\)$/m,
      );
      assert.match(
        markdown,
        /^- Unencrypted \(tokyo\.ios:45, nat-not-exempted\): Tokyo translates 10\.1\.1\.0\/24 → 10\.2\.2\.0\/24 with \\`ip nat inside source list 1/m,
      );
      const [lens] = tunnelAnnotations(
        ws.uri("tokyo.ios"),
        analyseWorkspace(ws.view),
      );
      assert.equal(
        lens?.label,
        "IPsec Osaka: only one side can start it, some traffic unencrypted",
      );
    });

    it("says Osaka's traffic routed out of its LAN never meets the map, and that Osaka never starts the tunnel", () => {
      const ws = fixture("data-plane-route");
      const [route] = allFindings(ws, "osaka.ios").filter(
        (f) => f.code === "no-route-to-remote-network",
      );
      assert.equal(route?.range.start.line, 44);
      assert.deepEqual(pairLines(ws), [
        "  Osaka -> Tokyo: never starts (see why)",
        "  Tokyo -> Osaka: ESTABLISHED, but Osaka's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  unencrypted: osaka.ios:45, no-route-to-remote-network: Osaka routes 10.1.1.0/24, the remote network of crypto ACL 101 (crypto map mjlnetmap 10), out of FastEthernet0/0 by the static route to 10.1.1.0/24 via 10.2.2.254, not through Serial2/0 where the map is applied: that traffic leaves unencrypted or is lost, even while the SAs are up",
        "  why: only Tokyo can initiate: Osaka never starts it: a crypto map starts IKE only for a packet that matches it on its way out, and none of the traffic crypto map mjlnetmap 10 protects ever meets the map (no-route-to-remote-network: see unencrypted)",
      ]);
    });

    it("starts the tunnel from a side whose NAT takes only part of its protected traffic, and says that part stays in clear", () => {
      const ws = edited(fixture("data-plane-nat"), "tokyo.ios", [
        "access-list 1 permit 10.1.1.0 0.0.0.255",
        "access-list 1 permit 10.1.1.0 0.0.0.127",
      ]);
      const [pa] = analyseWorkspace(ws.view).pairs;
      assert.equal(pa?.outcome, "ESTABLISHED");
      assert.deepEqual(pairLines(ws), [
        "  Osaka -> Tokyo: ESTABLISHED, but Tokyo's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  Tokyo -> Osaka: ESTABLISHED, but Tokyo's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  unencrypted: tokyo.ios:45, nat-not-exempted: Tokyo translates part of 10.1.1.0/24 → 10.2.2.0/24 (for example tcp 10.1.1.1:50000 → 10.2.2.1:80) with `ip nat inside source list 1 interface Serial4/0 overload` before crypto map mjlnetmap 10 on Serial4/0 sees it: the translated packets no longer match crypto ACL 101, so they leave unencrypted even while the SAs are up",
      ]);
      const report = buildTunnelReport(ws.view);
      assert.equal(report.pairs[0]?.unencrypted?.[0]?.scope, "some");
    });

    it("says the Branch's zone-based firewall keeps its LAN's traffic from the map, so only HQ starts the tunnel", () => {
      const ws = fixture("data-plane-zone");
      const [zbf] = allFindings(ws, "branch.ios").filter(
        (f) => f.code === "zone-firewall-blocks-protected-traffic",
      );
      assert.equal(zbf?.range.start.line, 35);
      assert.deepEqual(pairLines(ws), [
        "  Branch -> HQ: never starts (see why)",
        "  HQ -> Branch: ESTABLISHED, but Branch's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  unencrypted: branch.ios:36, zone-firewall-blocks-protected-traffic: Branch drops 10.10.0.0/24 → 10.20.0.0/24 in its zone-based firewall between GigabitEthernet0/1 (INSIDE) and GigabitEthernet0/0 (OUTSIDE), before crypto map VPN sees it: that traffic never meets the map, even while the SAs are up",
        "  why: only HQ can initiate: Branch never starts it: a crypto map starts IKE only for a packet that matches it on its way out, and none of the traffic crypto map VPN 10 protects ever meets the map (zone-firewall-blocks-protected-traffic: see unencrypted)",
      ]);
      // With a zone-pair from INSIDE to OUTSIDE the Branch's LAN reaches the map again.
      const joined = edited(ws, "branch.ios", [
        "zone security OUTSIDE\n",
        "zone security OUTSIDE\nzone-pair security IN-OUT source INSIDE destination OUTSIDE\n",
      ]);
      const [pair] = JSON.parse(
        renderTunnelReportJson(buildTunnelReport(joined.view)),
      ).pairs;
      assert.equal(pair.outcome, "ESTABLISHED");
      assert.deepEqual(pair.unencrypted ?? [], []);
    });

    it("lists the traffic a zone-pair's policy drops before the map: the Branch's own ACL copied from its NAT exemption", () => {
      const ws = edited(fixture("data-plane-zone"), "branch.ios", [
        "zone security OUTSIDE\n",
        [
          "zone security OUTSIDE",
          "class-map type inspect match-any INTERNET-CM",
          " match access-group name INTERNET",
          "policy-map type inspect IN-OUT-PM",
          " class type inspect INTERNET-CM",
          "  inspect",
          "zone-pair security IN-OUT source INSIDE destination OUTSIDE",
          " service-policy type inspect IN-OUT-PM",
          "ip access-list extended INTERNET",
          " deny ip 10.10.0.0 0.0.0.255 10.20.0.0 0.0.0.255",
          " permit ip 10.10.0.0 0.0.0.255 any",
          "",
        ].join("\n"),
      ]);
      assert.deepEqual(pairLines(ws), [
        "  Branch -> HQ: never starts (see why)",
        "  HQ -> Branch: ESTABLISHED, but Branch's side keeps protected traffic out of the tunnel (see unencrypted)",
        "  unencrypted: branch.ios:32, zone-firewall-blocks-protected-traffic: Branch drops 10.10.0.0/24 → 10.20.0.0/24 in its zone-based firewall between GigabitEthernet0/1 (INSIDE) and GigabitEthernet0/0 (OUTSIDE), by policy-map IN-OUT-PM of zone-pair IN-OUT, before crypto map VPN sees it: that traffic never meets the map, even while the SAs are up",
        "  why: only HQ can initiate: Branch never starts it: a crypto map starts IKE only for a packet that matches it on its way out, and none of the traffic crypto map VPN 10 protects ever meets the map (zone-firewall-blocks-protected-traffic: see unencrypted)",
      ]);
    });

    it("lists a host that static NAT takes out of the tunnel, while the rest of the LAN starts it", () => {
      const ws = edited(fixture("data-plane-nat"), "tokyo.ios", [
        "ip nat inside source list 1 interface Serial4/0 overload",
        "ip nat inside source static 10.1.1.5 172.16.5.10",
      ]);
      const [nat] = allFindings(ws, "tokyo.ios").filter(
        (f) => f.code === "static-nat-breaks-vpn",
      );
      assert.equal(nat?.range.start.line, 44);
      const [pair] = buildTunnelReport(ws.view).pairs;
      assert.equal(pair?.outcome, "ESTABLISHED");
      assert.deepEqual(
        pair?.unencrypted?.map(
          (u) => `${u.router} ${u.line} ${u.code} ${u.scope}: ${u.reason}`,
        ),
        [
          "Tokyo 45 static-nat-breaks-vpn some: Tokyo translates part of 10.1.1.0/24 → 10.2.2.0/24 (for example tcp 10.1.1.5:50000 → 10.2.2.1:80) with `ip nat inside source static 10.1.1.5 172.16.5.10` before crypto map mjlnetmap 10 on Serial4/0 sees it: the translated packets no longer match crypto ACL 101, so they leave unencrypted even while the SAs are up",
        ],
      );
    });

    it("starts it from neither side when both configs keep their traffic from the map", () => {
      const ws = edited(fixture("data-plane-nat"), "osaka.ios", [
        "ip route 0.0.0.0 0.0.0.0 172.16.6.5\n",
        "ip route 0.0.0.0 0.0.0.0 172.16.6.5\nip route 10.1.1.0 255.255.255.0 10.2.2.254\n",
      ]);
      const report = buildTunnelReport(ws.view);
      const [pair] = report.pairs;
      assert.equal(pair?.outcome, "NOT_STARTED");
      assert.deepEqual(
        pair?.unencrypted?.map((u) => `${u.router} ${u.code}`),
        ["Osaka no-route-to-remote-network", "Tokyo nat-not-exempted"],
      );
      assert.ok(pair?.directions.every((d) => d.neverStarts));
    });

    it("comes up with nothing in clear once the NAT finding's fix is applied", () => {
      const ws = fixture("data-plane-nat");
      const [nat] = allFindings(ws, "tokyo.ios").filter(
        (f) => f.code === "nat-not-exempted",
      );
      const fix = nat?.fixes?.[0];
      assert.ok(fix);
      const fixed = applyFix(ws, "tokyo.ios", fix, ["osaka.ios", "tokyo.ios"]);
      const [pa] = analyseWorkspace(fixed.view).pairs;
      assert.equal(pa?.outcome, "ESTABLISHED");
      assert.equal(pa?.unencrypted, undefined);
    });
  });
});

describe("peers/tunnelReport: certificates", () => {
  const ws = fixture("certificate-chains");
  const report = buildTunnelReport({
    ...ws.view,
    now: Date.parse("2026-01-15"),
  });

  it("lists the certificate each side signs with and its peer accepts", () => {
    const [pair] = report.pairs;
    assert.equal(pair!.outcome, "ESTABLISHED");
    assert.deepEqual(pair!.phase1?.certificates, [
      {
        router: "Osaka",
        trustpoint: "LAB-CA",
        serial: "03",
        subject: "CN=osaka.lens.lab, OU=VPN, O=Lens Lab",
        issuer: "CN=Lens Lab Root CA, O=Lens Lab",
        notAfter: "2027-09-01T00:00:00.000Z",
      },
      {
        router: "Tokyo",
        trustpoint: "LAB-CA",
        serial: "02",
        subject: "CN=tokyo.lens.lab, OU=VPN, O=Lens Lab",
        issuer: "CN=Lens Lab Root CA, O=Lens Lab",
        notAfter: "2026-06-01T00:00:00.000Z",
      },
    ]);
  });

  it("prints them under phase 1, in text and in Markdown", () => {
    const text = renderTunnelReportText(report, (uri) => path.basename(uri));
    assert.match(
      text,
      /\n {2}phase 1: .*rsa-sig.*\n {2}certificates: Osaka: CN=osaka\.lens\.lab, OU=VPN, O=Lens Lab \(trustpoint LAB-CA, certificate 03\), issued by CN=Lens Lab Root CA, O=Lens Lab, until 2027-09-01; Tokyo: .* until 2026-06-01\n/,
    );
    assert.match(
      renderTunnelReportMarkdown(report),
      /\n- Certificates: Osaka: CN=osaka\.lens\.lab/,
    );
  });

  it("lists none where a side prints no chain (nothing was verified)", () => {
    const pki = fixture("certificate-map");
    assert.equal(
      buildTunnelReport(pki.view).pairs[0]!.phase1?.certificates,
      undefined,
    );
  });
});
