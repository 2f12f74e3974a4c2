import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { WorkspaceView } from "../../../../server/src/core/checks/check";
import {
  CATALOG,
  CODES,
  type Code,
} from "../../../../server/src/core/diagnostics/catalog";
import type { TextEdit } from "../../../../server/src/core/diagnostics/finding";
import type { ResolvedFinding } from "../../../../server/src/core/diagnostics/severityOverrides";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type AnalysisSettings,
} from "../../../../server/src/core/document";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";
import {
  analyseWorkspace,
  type PairAnalysis,
} from "../../../../server/src/core/peers/analysis";

/** Helpers shared by the peer tests: load configs as one workspace, run the checks, apply fixes. */

/** The repository root. */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");

/** The peer fixtures. */
export const PEERS = path.join(REPO, "test", "fixtures", "peers");

/** The shared corpus beside the repository. */
export const CORPUS = path.join(REPO, "..", "shared", "corpus");

/** The three-router network of batfish's ios-crypto-ipsec test rig. */
export const BATFISH_RIG = ["r1", "r2", "r3"].map((r) =>
  path.join(CORPUS, `cfg_batfish_ios-crypto-ipsec_${r}.cfg`),
);

/** Every code the peer check families report: the catalogue's peer codes, and two shared ones. */
export const PEER_CODES: readonly Code[] = [
  ...CODES.filter((c) => CATALOG[c].scope === "peer"),
  // Also a config check's code; between peers, for responders that answer unlisted peers.
  "missing-psk-for-peer",
  // Also a config check's code; between peers, for a dynamic map without reverse-route.
  "no-route-to-remote-network",
];

/** A workspace of configs given by path or as text. */
export interface Workspace {
  view: WorkspaceView;
  /** The URI of a config by its file name (`tokyo.ios`). */
  uri(name: string): string;
  text(name: string): string;
  /** The file names, in the order given. */
  names(): string[];
}

/** Loads configs (paths, or `{ name, text }`) as one workspace. */
export function workspace(
  ...inputs: (string | { name: string; text: string })[]
): Workspace {
  const texts = new Map<string, { uri: string; text: string }>();
  const configs = inputs.map((input) => {
    const file =
      typeof input === "string"
        ? {
            name: path.basename(input),
            text: fs.readFileSync(input, "utf8"),
            uri: pathToFileURL(input).toString(),
          }
        : { ...input, uri: `file:///virtual/${input.name}` };
    const parsed = parseDocument(
      { uri: file.uri, languageId: "cisco-ios", text: file.text },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    if (parsed.kind !== "config") {
      throw new Error(`${file.name} did not parse as a config`);
    }
    texts.set(file.name, { uri: file.uri, text: file.text });
    return { uri: parsed.uri, model: parsed.model };
  });
  const get = (name: string) => {
    const t = texts.get(name);
    if (!t) {
      throw new Error(`no config ${name} in this workspace`);
    }
    return t;
  };
  return {
    view: { configs },
    uri: (name) => get(name).uri,
    text: (name) => get(name).text,
    names: () => [...texts.keys()],
  };
}

/**
 * The workspace with each `[from, to]` of `changes` applied to the config `name` (every `from`
 * must be in it: a variant that changes nothing would test nothing), the others as they are.
 */
export function edited(
  ws: Workspace,
  name: string,
  ...changes: [from: string, to: string][]
): Workspace {
  let text = ws.text(name);
  for (const [from, to] of changes) {
    if (!text.includes(from)) {
      throw new Error(`${name} has no ${JSON.stringify(from)}`);
    }
    text = text.replace(from, to);
  }
  return workspace(
    ...ws
      .names()
      .map((n) => ({ name: n, text: n === name ? text : ws.text(n) })),
  );
}

/** Loads the files of a fixture folder under test/fixtures/peers. */
export function fixture(folder: string): Workspace {
  const dir = path.join(PEERS, folder);
  return workspace(
    ...fs
      .readdirSync(dir)
      .sort()
      .map((f) => path.join(dir, f)),
  );
}

/** The peer findings of one config of the workspace, as the editor would publish them. */
export function peerFindings(
  ws: Workspace,
  name: string,
  settings: Partial<AnalysisSettings> = {},
): ResolvedFinding[] {
  const uri = ws.uri(name);
  const config = ws.view.configs.find((c) => c.uri === uri)!;
  return validate(
    { kind: "config", uri, model: config.model },
    {
      settings: { ...DEFAULT_ANALYSIS_SETTINGS, ...settings },
      overrides: {},
      workspace: ws.view,
    },
    (family, error) => {
      // Only the peer families are under test here; another family's failure is its own test's.
      if (family.startsWith("peer")) {
        throw new Error(`${family} failed: ${String(error)}`);
      }
    },
  ).filter((f) => PEER_CODES.includes(f.code));
}

/** Every finding on one config of the workspace, of every family (not only the peer ones). */
export function allFindings(ws: Workspace, name: string): ResolvedFinding[] {
  const uri = ws.uri(name);
  const config = ws.view.configs.find((c) => c.uri === uri)!;
  return validate(
    { kind: "config", uri, model: config.model },
    { settings: DEFAULT_ANALYSIS_SETTINGS, overrides: {}, workspace: ws.view },
  );
}

/** The codes of every finding on the named configs, each as `name code`. */
export function allCodes(ws: Workspace, names = ws.names()): string[] {
  return names.flatMap((n) => allFindings(ws, n).map((f) => `${n} ${f.code}`));
}

/** The findings of a code on one config. */
export function findingsOf(
  ws: Workspace,
  name: string,
  code: Code,
  settings: Partial<AnalysisSettings> = {},
): ResolvedFinding[] {
  return peerFindings(ws, name, settings).filter((f) => f.code === code);
}

/** The one finding of a code on one config (fails the test when there are none or several). */
export function onlyFindingOf(
  ws: Workspace,
  name: string,
  code: Code,
): ResolvedFinding {
  const found = findingsOf(ws, name, code);
  assert.equal(found.length, 1, `${name}: ${found.length} ${code} finding(s)`);
  return found[0]!;
}

/** The text of a (0-based) line of a config. */
export function lineText(ws: Workspace, name: string, line: number): string {
  return ws.text(name).split(/\r\n|\r|\n/)[line] ?? "";
}

/** The text a range covers. */
export function rangeText(
  ws: Workspace,
  name: string,
  range: ResolvedFinding["range"],
): string {
  const line = lineText(ws, name, range.start.line);
  return line.slice(range.start.character, range.end.character);
}

/** Applies edits (all on one document) to its text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      starts.push(i + 1);
    }
  }
  const offset = (p: { line: number; character: number }) =>
    (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort(
    (a, b) => offset(b.range.start) - offset(a.range.start),
  );
  let out = text;
  for (const e of sorted) {
    out =
      out.slice(0, offset(e.range.start)) +
      e.newText +
      out.slice(offset(e.range.end));
  }
  return out;
}

/**
 * Applies a fix found on `name` to the workspace: every edit goes to its file (`uri` absent means
 * `name` itself). Returns the new workspace, with the other files unchanged.
 */
export function applyFix(
  ws: Workspace,
  name: string,
  fix: { edits: readonly TextEdit[] },
  names: readonly string[],
): Workspace {
  const uriOf = new Map(names.map((n) => [ws.uri(n), n]));
  const byName = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const target = e.uri ? uriOf.get(e.uri) : name;
    if (!target) {
      throw new Error(`edit for an unknown file ${e.uri}`);
    }
    byName.set(target, [...(byName.get(target) ?? []), e]);
  }
  return workspace(
    ...names.map((n) => ({
      name: n,
      text: applyEdits(ws.text(n), byName.get(n) ?? []),
    })),
  );
}

/** The pairs of a workspace. */
export function pairs(ws: Workspace): PairAnalysis[] {
  return analyseWorkspace(ws.view).pairs;
}
