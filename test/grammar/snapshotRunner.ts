/**
 * Runs the vscode-tmgrammar-test command-line tools for both grammars, once per language.
 *
 * vscode-tmgrammar-snap keeps each `<file>.snap` beside its input, but our inputs live where they
 * belong (the seed chapter's examples under test/fixtures/seed, the bundled examples, corpus
 * copies) and the snapshots under test/grammar/snapshots. So each run stages the inputs and their
 * committed snapshots in a temporary folder, runs the tool there, and reads the verdict per file
 * from its output. `npm run test:grammar:update` uses the same staging to write new snapshots back.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root (this file sits in test/grammar). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where the committed snapshots live, one folder per language. */
export const SNAPSHOT_ROOT = path.join(
  REPO_ROOT,
  "test",
  "grammar",
  "snapshots",
);

/** Where the focused assertion files live (`*.test.ios`, `*.test.ioslog`). */
export const ASSERTION_ROOT = path.join(
  REPO_ROOT,
  "test",
  "grammar",
  "assertions",
);

const GRAMMARS = [
  path.join(REPO_ROOT, "syntaxes", "cisco-ios.tmLanguage.json"),
  path.join(REPO_ROOT, "syntaxes", "cisco-ios-log.tmLanguage.json"),
];

const TOOLS = path.join(
  REPO_ROOT,
  "node_modules",
  "vscode-tmgrammar-test",
  "dist",
);

/** A folder of snapshot inputs: every file with the extension, snapshotted under `group`. */
export interface InputSource {
  /** Folder relative to the repository root. */
  dir: string;
  ext: string;
  /** Subfolder of the language's snapshot folder that holds these inputs' snapshots. */
  group: string;
}

/** One grammar and the files it is tested on. */
export interface GrammarSuite {
  language: string;
  scope: string;
  inputs: InputSource[];
  /** Extension of its assertion files in test/grammar/assertions. */
  assertionExt: string;
}

/** Both grammars. The capture grammar embeds the config grammar, so both are always loaded. */
export const SUITES: readonly GrammarSuite[] = [
  {
    language: "cisco-ios",
    scope: "source.cisco-ios",
    inputs: [
      { dir: "examples", ext: ".ios", group: "examples" },
      { dir: "examples/broken", ext: ".ios", group: "examples/broken" },
      { dir: "test/fixtures/grammar", ext: ".ios", group: "grammar" },
    ],
    assertionExt: ".test.ios",
  },
  {
    language: "cisco-ios-log",
    scope: "source.cisco-ios-log",
    inputs: [
      { dir: "test/fixtures/seed", ext: ".ioslog", group: "seed" },
      { dir: "examples", ext: ".ioslog", group: "examples" },
      { dir: "test/fixtures/grammar", ext: ".ioslog", group: "grammar" },
    ],
    assertionExt: ".test.ioslog",
  },
];

/** A snapshot input with where its committed snapshot is kept. */
export interface SnapshotInput {
  /** `group/file`, the path of the staged copy and the name shown in test output. */
  name: string;
  source: string;
  snapshot: string;
}

/** Every snapshot input of a suite, sorted by name (read synchronously so mocha can list them). */
export function listInputs(suite: GrammarSuite): SnapshotInput[] {
  const inputs: SnapshotInput[] = [];
  for (const source of suite.inputs) {
    const dir = path.join(REPO_ROOT, source.dir);
    if (!fs.existsSync(dir)) {
      continue;
    }
    for (const file of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, file);
      if (!file.endsWith(source.ext) || !fs.statSync(full).isFile()) {
        continue;
      }
      const name = `${source.group}/${file}`;
      inputs.push({
        name,
        source: full,
        snapshot: path.join(SNAPSHOT_ROOT, suite.language, `${name}.snap`),
      });
    }
  }
  return inputs;
}

/** Committed snapshots of a suite whose input no longer exists. */
export function orphanSnapshots(suite: GrammarSuite): string[] {
  const wanted = new Set(listInputs(suite).map((input) => input.snapshot));
  const root = path.join(SNAPSHOT_ROOT, suite.language);
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) {
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith(".snap") && !wanted.has(full)) {
        found.push(path.relative(REPO_ROOT, full));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** What one run of a tool said: its exit code, its whole output and the verdict per file. */
export interface ToolRun {
  code: number | null;
  output: string;
  /** Output lines about each file, keyed by the name the tool was given. */
  perFile: Map<string, { ok: boolean; text: string }>;
}

/** Runs a tool of vscode-tmgrammar-test and splits its output by the files it names. */
function runTool(
  tool: "snapshot.js" | "unit.js",
  args: string[],
  files: string[],
  cwd: string,
): ToolRun {
  const grammarArgs = GRAMMARS.flatMap((grammar) => ["--grammar", grammar]);
  const result = spawnSync(
    process.execPath,
    [path.join(TOOLS, tool), ...grammarArgs, ...args, ...files],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      maxBuffer: 256 * 1024 * 1024,
      // A hung tool (its own assertion regex can backtrack for minutes) fails instead of hanging.
      timeout: 180_000,
    },
  );
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`;
  const perFile = new Map<string, { ok: boolean; text: string }>();
  // Each verdict line names its file; the lines after it (a diff, an error) belong to it too.
  const names = [...files].sort((a, b) => b.length - a.length);
  let current: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    const named = names.find((name) => line.includes(name));
    if (
      named !== undefined &&
      /^(?:\S+ |ERROR|Generating|Updating)/.test(line)
    ) {
      current = named;
      const ok = /run successful?ly\.$/.test(line);
      const previous = perFile.get(named);
      perFile.set(named, {
        ok: ok && (previous?.ok ?? true),
        text: previous ? `${previous.text}\n${line}` : line,
      });
      continue;
    }
    if (current !== undefined && line.trim() !== "") {
      const entry = perFile.get(current);
      if (entry) {
        entry.text += `\n${line}`;
      }
    }
  }
  return { code: result.status, output, perFile };
}

/** A snapshot run over staged copies; `dispose` removes the staging folder. */
export interface SnapshotRun extends ToolRun {
  staging: string;
  dispose(): void;
}

/**
 * Stages a suite's inputs and runs vscode-tmgrammar-snap once over all of them. With `update`
 * the committed snapshots are left out, so the tool writes every snapshot afresh in the staging
 * folder; without it they sit beside their inputs and the tool compares.
 */
export function runSnapshots(
  suite: GrammarSuite,
  options: { update?: boolean } = {},
): SnapshotRun {
  const staging = fs.mkdtempSync(
    path.join(os.tmpdir(), `ipsec-lens-grammar-${suite.language}-`),
  );
  const inputs = listInputs(suite);
  for (const input of inputs) {
    const staged = path.join(staging, input.name);
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.copyFileSync(input.source, staged);
    if (!options.update && fs.existsSync(input.snapshot)) {
      fs.copyFileSync(input.snapshot, `${staged}.snap`);
    }
  }
  // --expandDiff prints removed and added scopes on their own "--" and "++" lines.
  const args = ["--scope", suite.scope, "--expandDiff"];
  if (options.update) {
    args.push("--updateSnapshot");
  }
  const run = runTool(
    "snapshot.js",
    args,
    inputs.map((input) => input.name),
    staging,
  );
  return {
    ...run,
    staging,
    dispose: () => fs.rmSync(staging, { recursive: true, force: true }),
  };
}

/** The assertion files of a suite, relative to the repository root. */
export function listAssertionFiles(suite: GrammarSuite): string[] {
  if (!fs.existsSync(ASSERTION_ROOT)) {
    return [];
  }
  return fs
    .readdirSync(ASSERTION_ROOT)
    .filter((file) => file.endsWith(suite.assertionExt))
    .sort()
    .map((file) => path.posix.join("test", "grammar", "assertions", file));
}

/** Runs vscode-tmgrammar-test once over the given assertion files (paths from the repo root). */
export function runAssertions(files: string[]): ToolRun {
  return runTool("unit.js", [], files, REPO_ROOT);
}
