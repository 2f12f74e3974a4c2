import * as fs from "node:fs";
import * as path from "node:path";
import type { WorkspaceView } from "../server/src/core/checks/check";
import {
  CAPTURE_CHECKS,
  CONFIG_CHECKS,
  PEER_CHECKS,
} from "../server/src/core/checks/index";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type LanguageId,
} from "../server/src/core/document";
import { hover } from "../server/src/core/hover";
import { analyseWorkspace } from "../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../server/src/core/peers/tunnelReport";
import {
  parseDocument,
  validate,
  type ParsedDocument,
} from "../server/src/core/languageService";
import { outline } from "../server/src/core/symbols";
import { splitLines } from "../server/src/core/text/lines";
import { Random } from "./generators/random";

/**
 * The best of timed runs after one warm-up run (the JIT must have compiled the parsers). The
 * minimum, not the median: on a shared machine every other process only ever adds time, so the
 * fastest run is the closest to what the code itself costs. At least `runs` runs, and more until
 * about two seconds have been spent: a 30 ms input's best of five moved by half between runs, which
 * made the scaling ratios noise. Floors are measured the same way.
 */
export function bestMs(
  runs: number,
  body: () => void,
  budgetMs = 2000,
): number {
  body();
  let best = Infinity;
  let spent = 0;
  for (let i = 0; i < runs || (spent < budgetMs && i < 100); i++) {
    const started = performance.now();
    body();
    const ms = performance.now() - started;
    best = Math.min(best, ms);
    spent += ms;
  }
  return best;
}

/** Per-file core numbers. */
export interface CoreTiming {
  lines: number;
  bytes: number;
  /** Read + split into lines. */
  floorMs: number;
  /** Read + parseDocument + validate. */
  coreMs: number;
  parseMs: number;
  validateMs: number;
  /** Time of each check family, slowest first (where the analysis time goes). */
  families: { id: string; ms: number }[];
  findings: number;
  outlineMs: number;
  /** Mean time of one in-process hover at random positions. */
  hoverMeanMs: number;
}

const SETTINGS = DEFAULT_ANALYSIS_SETTINGS;

function parse(p: string, languageId: LanguageId): ParsedDocument {
  const text = fs.readFileSync(p, "utf8");
  return parseDocument({ uri: `file://${p}`, languageId, text }, SETTINGS);
}

/** Times one file through the core against its floor. */
export function measureFile(
  p: string,
  languageId: LanguageId,
  runs: number,
): CoreTiming {
  const text = fs.readFileSync(p, "utf8");
  const floorMs = bestMs(runs, () => {
    splitLines(fs.readFileSync(p, "utf8"));
  });
  let findings = 0;
  const coreMs = bestMs(runs, () => {
    const parsed = parse(p, languageId);
    findings = validate(parsed, { settings: SETTINGS, overrides: {} }).length;
  });
  const parseMs = bestMs(runs, () => {
    parse(p, languageId);
  });
  const parsed = parse(p, languageId);
  const validateMs = bestMs(runs, () => {
    validate(parsed, { settings: SETTINGS, overrides: {} });
  });
  const ctx = { uri: parsed.uri, settings: SETTINGS };
  const families: { id: string; ms: number }[] = [];
  if (parsed.kind === "config") {
    for (const check of CONFIG_CHECKS) {
      families.push({
        id: check.id,
        ms: bestMs(1, () => check.run(parsed.model, ctx), 0),
      });
    }
  } else if (parsed.kind === "capture") {
    for (const check of CAPTURE_CHECKS) {
      families.push({
        id: check.id,
        ms: bestMs(1, () => check.run(parsed.model, ctx), 0),
      });
    }
  }
  families.sort((a, b) => b.ms - a.ms);
  const outlineMs = bestMs(
    1,
    () => {
      outline(parsed);
    },
    0,
  );
  const lines = splitLines(text);
  const r = new Random(99);
  const hovers = 500;
  const started = performance.now();
  for (let i = 0; i < hovers; i++) {
    const line = r.int(0, lines.length - 1);
    hover(parsed, { line, character: r.int(0, lines[line]!.length) }, SETTINGS);
  }
  return {
    lines: lines.length,
    bytes: Buffer.byteLength(text),
    floorMs,
    coreMs,
    parseMs,
    validateMs,
    families,
    findings,
    outlineMs,
    hoverMeanMs: (performance.now() - started) / hovers,
  };
}

/** Workspace numbers: every config parsed, then each validated against all the others. */
export interface WorkspaceTiming {
  configs: number;
  floorMs: number;
  /** Read + parse every config + validate each with the workspace (what the CLI does). */
  coreMs: number;
  parseMs: number;
  /** Peer check families over the whole workspace, slowest first. */
  peerFamilies: { id: string; ms: number }[];
  findings: number;
}

/** Times a folder of configs analysed together. */
export function measureWorkspace(dir: string, runs: number): WorkspaceTiming {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ios"))
    .map((f) => path.join(dir, f));
  const floorMs = bestMs(runs, () => {
    for (const f of files) {
      splitLines(fs.readFileSync(f, "utf8"));
    }
  });
  const parseAll = (): ParsedDocument[] =>
    files.map((f) => parse(f, "cisco-ios"));
  const parseMs = bestMs(runs, () => {
    parseAll();
  });
  let findings = 0;
  const coreMs = bestMs(runs, () => {
    const parsed = parseAll();
    const workspace = viewOf(parsed);
    findings = 0;
    for (const p of parsed) {
      findings += validate(p, {
        settings: SETTINGS,
        overrides: {},
        workspace,
      }).length;
    }
  });
  const parsed = parseAll();
  const workspace = viewOf(parsed);
  const peerFamilies = PEER_CHECKS.map((check) => ({
    id: check.id,
    ms: bestMs(
      1,
      () => {
        for (const self of workspace.configs) {
          check.run(self, workspace, {
            uri: self.uri,
            settings: SETTINGS,
            workspace,
          });
        }
      },
      0,
    ),
  })).sort((a, b) => b.ms - a.ms);
  return {
    configs: files.length,
    floorMs,
    coreMs,
    parseMs,
    peerFamilies,
    findings,
  };
}

/** The workspace view of parsed configs. */
export function viewOf(parsed: readonly ParsedDocument[]): WorkspaceView {
  return {
    configs: parsed.flatMap((p) =>
      p.kind === "config" ? [{ uri: p.uri, model: p.model }] : [],
    ),
  };
}

/** One config edited in a workspace whose other configs stay as they were. */
export interface WorkspaceEditTiming {
  configs: number;
  /** Tunnel pairs of the workspace analysis. */
  pairs: number;
  /** The first analysis: every config parsed, the edited one validated against the rest. */
  firstMs: number;
  /** Best and median of: the edited config parsed again with one character changed, validated. */
  editBestMs: number;
  editMedianMs: number;
  /** Heap the workspace holds once parsed and analysed (after a full collection), in MB. */
  heapMb: number;
  /** The tunnel report of the analysed workspace, as text (Show Tunnels, `ipsec-lens tunnels`). */
  reportMs: number;
}

/**
 * An edit in one config of a workspace, as the server answers it: the new version parsed and
 * validated against the others' unchanged models (the peer analysis runs again with it).
 */
export function measureWorkspaceEdit(
  dir: string,
  edited: string,
  runs: number,
  toggled = "ip nhrp shortcut",
): WorkspaceEditTiming {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ios"))
    .map((f) => path.join(dir, f));
  const heapBefore = collectedHeap();
  const started = performance.now();
  const parsed = files.map((f) => parse(f, "cisco-ios"));
  const target = path.join(dir, edited);
  const index = files.indexOf(target);
  const text = fs.readFileSync(target, "utf8");
  const view = viewOf(parsed);
  validate(parsed[index]!, {
    settings: SETTINGS,
    overrides: {},
    workspace: view,
  });
  const firstMs = performance.now() - started;
  const heapMb = (collectedHeap() - heapBefore) / 1e6;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the two versions of one line, so every run is a real change.
    const version = text.replace(toggled, i % 2 ? toggled : `${toggled} `);
    const t = performance.now();
    const next = parseDocument(
      { uri: parsed[index]!.uri, languageId: "cisco-ios", text: version },
      SETTINGS,
    );
    validate(next, { settings: SETTINGS, overrides: {}, workspace: view });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const reportStarted = performance.now();
  renderTunnelReportText(reportOf(analyseWorkspace(view)));
  const reportMs = performance.now() - reportStarted;
  return {
    configs: files.length,
    pairs: analyseWorkspace(view).pairs.length,
    firstMs,
    editBestMs: times[0]!,
    editMedianMs: times[Math.floor(times.length / 2)]!,
    heapMb,
    reportMs,
  };
}

/** The heap in use after a full collection (the child runs with `--expose-gc`). */
function collectedHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
