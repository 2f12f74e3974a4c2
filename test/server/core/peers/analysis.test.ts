import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { WorkspaceView } from "../../../../server/src/core/checks/check";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";
import {
  analyseWorkspace,
  analysisFor,
  pairsWith,
} from "../../../../server/src/core/peers/analysis";
import { peerIssues } from "../../../../server/src/core/peers/issues";
import {
  reportOf,
  tunnelAnnotations,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  PEERS,
  REPO,
  fixture,
  pairs,
  peerFindings,
  workspace,
} from "./support";

/** A config parsed afresh, as the editor does for each version. */
function config(file: string, text = fs.readFileSync(file, "utf8")) {
  const uri = pathToFileURL(file).toString();
  const parsed = parseDocument(
    { uri, languageId: "cisco-ios", text },
    DEFAULT_ANALYSIS_SETTINGS,
  );
  assert.equal(parsed.kind, "config");
  return { uri, model: parsed.kind === "config" ? parsed.model : undefined! };
}

const HUB = ["hub", "kyoto", "nagoya", "sendai", "sendai-2"].map((n) =>
  path.join(PEERS, "hub", `${n}.ios`),
);
const EXAMPLES = ["tokyo", "osaka"].map((n) =>
  path.join(REPO, "examples", `${n}.ios`),
);

/** What a user sees of an analysis: the report and every issue's messages and places. */
function seen(view: WorkspaceView) {
  const analysis = analyseWorkspace(view);
  return {
    report: reportOf(analysis),
    issues: peerIssues(analysis).map((i) => ({
      code: i.code,
      sides: i.sides.map((s) => ({
        uri: s.uri,
        range: s.range,
        message: s.message(DEFAULT_ANALYSIS_SETTINGS),
      })),
      fixes: i.fixes,
    })),
  };
}

describe("peers/analysis", () => {
  it("re-analyses a workspace after one config changed as a fresh analysis would, reusing the others' router views", () => {
    const files = [...HUB, ...EXAMPLES];
    const first: WorkspaceView = { configs: files.map((f) => config(f)) };
    const before = analyseWorkspace(first);
    // Osaka's key changes: the pair with Tokyo now fails at phase 1.
    const osaka = EXAMPLES[1]!;
    const edited = fs
      .readFileSync(osaka, "utf8")
      .replace(/(crypto isakmp key )(\S+)/, "$1$2x");
    const second: WorkspaceView = {
      configs: first.configs.map((c) =>
        c.uri === pathToFileURL(osaka).toString() ? config(osaka, edited) : c,
      ),
    };
    const fresh: WorkspaceView = {
      configs: files.map((f) => (f === osaka ? config(f, edited) : config(f))),
    };
    assert.deepEqual(seen(second), seen(fresh));
    assert.ok(
      seen(second).report.pairs.some(
        (p) => p.outcome === "PHASE1_KEY_MISMATCH",
      ),
    );
    const after = analyseWorkspace(second);
    for (const c of first.configs) {
      const same = c.uri !== pathToFileURL(osaka).toString();
      assert.equal(
        after.routerByUri.get(c.uri) === before.routerByUri.get(c.uri),
        same,
        c.uri,
      );
    }
  });

  it("re-analyses a DMVPN cloud after one spoke changed as a fresh analysis would, keeping the other spoke pairs", () => {
    const files = ["hub", "spoke1", "spoke2", "spoke3"].map((n) =>
      path.join(PEERS, "dmvpn-spokes", `${n}.ios`),
    );
    const spoke3 = files[3]!;
    const uri3 = pathToFileURL(spoke3).toString();
    const original = fs.readFileSync(spoke3, "utf8");
    // Spoke3 has no key for the other spokes; the cloud's wildcard key mends both its pairs.
    const mended = original.replace(
      /^(crypto isakmp key \S+ address 203\.0\.113\.1)$/m,
      "$1\ncrypto isakmp key Cl0udK3y address 0.0.0.0 0.0.0.0",
    );
    assert.notEqual(mended, original);
    const first: WorkspaceView = { configs: files.map((f) => config(f)) };
    const spokePairs = (view: WorkspaceView) =>
      analyseWorkspace(view).pairs.filter((p) => p.pair.spokes);
    const before = spokePairs(first);
    const withSpoke3 = (text: string): WorkspaceView => ({
      configs: first.configs.map((c) =>
        c.uri === uri3 ? config(spoke3, text) : c,
      ),
    });
    const second = withSpoke3(mended);
    const fresh: WorkspaceView = {
      configs: files.map((f) => (f === spoke3 ? config(f, mended) : config(f))),
    };
    assert.deepEqual(seen(second), seen(fresh));
    const outcomes = (view: WorkspaceView) =>
      spokePairs(view).map((p) => [
        p.pair.a.router.name,
        p.pair.b!.router.name,
        p.outcome,
      ]);
    assert.deepEqual(outcomes(first), [
      ["Spoke1", "Spoke2", "ESTABLISHED"],
      ["Spoke1", "Spoke3", "PHASE1_KEY_MISMATCH"],
      ["Spoke2", "Spoke3", "PHASE1_KEY_MISMATCH"],
    ]);
    assert.deepEqual(
      outcomes(second).map((o) => o[2]),
      ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
    );
    // The pair of the two unchanged spokes is the same analysis; the edited spoke's are new.
    const after = spokePairs(second);
    assert.deepEqual(
      after.map((p, i) => p === before[i]),
      [true, false, false],
    );
    // Back to the first text: a new model again, and no result of the mended one survives.
    assert.deepEqual(seen(withSpoke3(original)), seen(first));
  });

  it("judges a spoke pair with different keys again when another spoke changes which key is shared", () => {
    const files = ["hub", "spoke1", "spoke2", "spoke3"].map((n) =>
      path.join(PEERS, "dmvpn-spokes", `${n}.ios`),
    );
    const [, spoke1, , spoke3] = files as [string, string, string, string];
    const wrongKey = (file: string) =>
      fs
        .readFileSync(file, "utf8")
        .replace(
          /^(crypto isakmp key \S+ address 203\.0\.113\.1)$/m,
          "$1\ncrypto isakmp key Wr0ngK3y address 0.0.0.0 0.0.0.0",
        )
        .replace(/Cl0udK3y address 0\.0\.0\.0/, "Wr0ngK3y address 0.0.0.0");
    const first: WorkspaceView = {
      configs: files.map((f) =>
        f === spoke3 ? config(f, wrongKey(f)) : config(f),
      ),
    };
    const message = (view: WorkspaceView) =>
      peerIssues(analyseWorkspace(view))
        .filter(
          (i) =>
            i.code === "psk-mismatch" &&
            i.sides.some((s) => s.uri.endsWith("spoke2.ios")),
        )
        .map((i) => i.sides[0]!.message(DEFAULT_ANALYSIS_SETTINGS));
    const before = message(first);
    assert.match(before.join(), /Spoke3's key is the one that differs/);
    // Spoke1 takes Spoke3's key: Spoke2 is now the odd one out, its pair with Spoke3 unchanged.
    const second: WorkspaceView = {
      configs: first.configs.map((c) =>
        c.uri === pathToFileURL(spoke1).toString()
          ? config(spoke1, wrongKey(spoke1))
          : c,
      ),
    };
    const fresh: WorkspaceView = {
      configs: files.map((f) =>
        f === spoke3 || f === spoke1 ? config(f, wrongKey(f)) : config(f),
      ),
    };
    assert.deepEqual(seen(second), seen(fresh));
    assert.notDeepEqual(message(second), before);
  });

  it("reports a judged spoke pair's negotiations as before it was judged, for healthy, keyless and mismatched spokes", () => {
    // A judged spoke pair lets its negotiations go and negotiates again when a report asks.
    const files = ["hub", "spoke1", "spoke2", "spoke3"].map((n) =>
      path.join(PEERS, "dmvpn-spokes", `${n}.ios`),
    );
    const spoke1 = files[1]!;
    const wrongKey = fs
      .readFileSync(spoke1, "utf8")
      .replace(/Cl0udK3y address 0\.0\.0\.0/, "Wr0ngK3y address 0.0.0.0");
    assert.notEqual(wrongKey, fs.readFileSync(spoke1, "utf8"));
    for (const text of [undefined, wrongKey]) {
      const view = (): WorkspaceView => ({
        configs: files.map((f) =>
          f === spoke1 && text ? config(f, text) : config(f),
        ),
      });
      const judged = analyseWorkspace(view());
      const issues = peerIssues(judged);
      const fresh = analyseWorkspace(view());
      assert.deepEqual(
        fresh.pairs.filter((p) => p.pair.spokes).map((p) => p.outcome),
        text
          ? [
              "PHASE1_KEY_MISMATCH",
              "PHASE1_KEY_MISMATCH",
              "PHASE1_KEY_MISMATCH",
            ]
          : ["ESTABLISHED", "PHASE1_KEY_MISMATCH", "PHASE1_KEY_MISMATCH"],
      );
      assert.deepEqual(reportOf(judged), reportOf(fresh));
      // And judged again, the issues are the same.
      assert.deepEqual(
        peerIssues(analyseWorkspace(view())).map((i) => i.code),
        issues.map((i) => i.code),
      );
    }
  });

  it("treats a config listed twice as two routers, as two parses of it", () => {
    const tokyo = config(EXAMPLES[0]!);
    const osaka = config(EXAMPLES[1]!);
    const twice = analyseWorkspace({ configs: [tokyo, osaka, osaka] });
    assert.notEqual(twice.routers[1], twice.routers[2]);
    assert.deepEqual(
      seen({ configs: [tokyo, osaka, osaka] }),
      seen({
        configs: [
          config(EXAMPLES[0]!),
          config(EXAMPLES[1]!),
          config(EXAMPLES[1]!),
        ],
      }),
    );
  });

  it("gives a stale copy of a config the analysis a view holding that copy gets", () => {
    const view: WorkspaceView = { configs: HUB.map((f) => config(f)) };
    analyseWorkspace(view);
    const stale = config(HUB[0]!);
    const swapped: WorkspaceView = {
      configs: [...view.configs.slice(1), stale],
    };
    assert.deepEqual(
      reportOf(analysisFor(stale, view)),
      reportOf(analyseWorkspace(swapped)),
    );
  });

  it("lists the pairs a file takes part in, in the analysis's order", () => {
    const view: WorkspaceView = { configs: HUB.map((f) => config(f)) };
    const analysis = analyseWorkspace(view);
    for (const { uri } of view.configs) {
      assert.deepEqual(
        pairsWith(analysis, uri),
        analysis.pairs.filter(
          ({ pair }) => pair.a.router.uri === uri || pair.b?.router.uri === uri,
        ),
      );
      // Code lenses read those pairs only.
      const lenses = tunnelAnnotations(uri, analysis);
      assert.equal(lenses.length > 0, pairsWith(analysis, uri).length > 0);
    }
    const hub = view.configs[0]!.uri;
    assert.equal(pairsWith(analysis, hub).length, 4);
    assert.deepEqual(pairsWith(analysis, "file:///nowhere.ios"), []);
  });

  it("leaves an ASA config out: its IOS peer is not told the ASA does not point back", () => {
    const dir = path.join(PEERS, "asa");
    const ws = workspace(
      path.join(dir, "branch.ios"),
      path.join(dir, "fw1.cfg"),
    );
    // Read as IOS, the ASA's one-line crypto map had no peer: one-sided-peer on both files.
    assert.deepEqual(peerFindings(ws, "branch.ios"), []);
    const analysis = analyseWorkspace(ws.view);
    assert.deepEqual(
      analysis.routers.map((r) => r.name),
      ["Branch"],
    );
    assert.deepEqual(
      analysis.pairs.map((p) => [p.outcome, p.reasons]),
      [
        [
          "MISSING_PEER",
          [
            "198.51.100.2 belongs to fw1, a Cisco ASA config, which IPsec Lens does not analyse",
          ],
        ],
      ],
    );
  });
  it("never predicts a failing pair without a finding on one of its configs that says why", () => {
    // By design: a dynamic map, a DMVPN hub and a virtual template (FlexVPN, IKEv1) never initiate
    // (ONE_WAY), and a firewall of another platform is outside the analysis (its IOS peer is
    // MISSING_PEER; the firewall gets unsupported-platform).
    const expectedSilent = new Set([
      "dynamic",
      "dynamic-dialer",
      "dynamic-two-uplinks",
      "dmvpn",
      "dmvpn-ipv6-overlay",
      "flexvpn",
      "dvti-ikev1",
      "dmvpn-hub-nat",
      "flexvpn-client",
      "asa",
      "dvti-facing-map",
      "psk-type6-dynamic",
    ]);
    const folders: string[] = [];
    const walk = (dir: string): void => {
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      if (entries.some((e) => e.isFile() && e.name.endsWith(".ios"))) {
        folders.push(dir);
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          walk(path.join(dir, e.name));
        }
      }
    };
    walk(PEERS);
    assert.ok(folders.length > 20);
    for (const dir of folders) {
      const name = path.relative(PEERS, dir);
      const ws = workspace(
        ...fs
          .readdirSync(dir)
          .filter((f) => f.endsWith(".ios"))
          .map((f) => path.join(dir, f)),
      );
      const failing = analyseWorkspace(ws.view).pairs.filter(
        (p) => p.outcome !== "ESTABLISHED",
      );
      const problems = ws.view.configs.flatMap((c) =>
        validate(
          { kind: "config", uri: c.uri, model: c.model },
          {
            settings: DEFAULT_ANALYSIS_SETTINGS,
            overrides: {},
            workspace: ws.view,
          },
        ).filter((f) => f.severity === "error" || f.severity === "warning"),
      );
      if (expectedSilent.has(name)) {
        assert.ok(failing.length > 0, name);
        continue;
      }
      assert.ok(
        !failing.length || problems.length > 0,
        `${name}: ${failing.map((p) => p.outcome).join(", ")} with no finding`,
      );
    }
  });
});

describe("a side whose IPsec leaves only by shut interfaces", () => {
  it("fails phase 1 in the report, saying the interface is shut down", () => {
    const ws = fixture("shut-wan");
    const [pa] = pairs(ws);
    assert.equal(pa!.outcome, "PHASE1_FAILED");
    assert.match(
      pa!.forward!.reasons[0]!,
      /^BR-ISR's crypto map VPN 10 leaves by GigabitEthernet0\/0, shut down: its IKE never leaves/,
    );
  });
});
