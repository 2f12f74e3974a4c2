import * as fs from "node:fs";
import * as path from "node:path";
import type { WorkspaceView } from "../../../server/src/core/checks/check";
import { annotations } from "../../../server/src/core/annotations";
import { fixesInRange } from "../../../server/src/core/codeActions";
import { completionAt } from "../../../server/src/core/completion";
import type { ResolvedFinding } from "../../../server/src/core/diagnostics/severityOverrides";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type LanguageId,
  type OutlineSymbol,
} from "../../../server/src/core/document";
import { foldingBlocks } from "../../../server/src/core/folding";
import { hover } from "../../../server/src/core/hover";
import {
  parseDocument,
  validate,
  type ParsedDocument,
} from "../../../server/src/core/languageService";
import {
  definitionAt,
  referencesAt,
} from "../../../server/src/core/navigation";
import { outline } from "../../../server/src/core/symbols";
import { splitLines } from "../../../server/src/core/text/lines";
import {
  comparePositions,
  type Position,
  type Range,
} from "../../../server/src/core/text/position";
import { snippetToCli } from "../../../server/src/core/fixes/snippets";
import { REPO_ROOT } from "../../support/lspClient";

/**
 * Runs one text through every feature of the core, as the editor would use them, and checks what a
 * client would reject: ranges outside the document, outline entries whose name lies outside their
 * range, overlapping edits in one fix. Each stage must finish within a time proportional to the
 * input's size; the constants are generous so two busy CI cores never make it flaky.
 */

/** Fixed cost of a stage, ms. */
export const BASE_MS = 100;
/** Cost per character of a stage, ms (the core runs at well under a microsecond per character). */
export const MS_PER_CHAR = 0.05;
/** Cost per hovered position, ms. */
const MS_PER_HOVER = 0.5;
/** Above this size, hover and navigation sample positions instead of visiting every one. */
const EVERY_POSITION_LIMIT = 20_000;

const SETTINGS = DEFAULT_ANALYSIS_SETTINGS;

/** A config of the small workspace every "with workspace" run uses. */
interface PeerDoc {
  uri: string;
  text: string;
  parsed: ParsedDocument;
}

let peers: PeerDoc[] | undefined;

/** Tokyo and Osaka from the examples: the working pair of the seed chapter. */
export function examplePeers(): PeerDoc[] {
  peers ??= ["tokyo.ios", "osaka.ios"].map((name) => {
    const uri = `file:///fuzz/peers/${name}`;
    const text = fs.readFileSync(
      path.join(REPO_ROOT, "examples", name),
      "utf8",
    );
    return {
      uri,
      text,
      parsed: parseDocument({ uri, languageId: "cisco-ios", text }, SETTINGS),
    };
  });
  return peers;
}

/** How one text is run. */
export interface ExerciseOptions {
  languageId: LanguageId;
  /** Also validate with a workspace of two configs (Tokyo and Osaka) plus this one. */
  workspace: boolean;
  /** Hover, definition, references and completion at every position (else at a sample). */
  everyPosition?: boolean;
  /** Apply each offered fix and analyse the result. */
  applyFixes: boolean;
}

/** A stage that took too long, or a result a client would reject. */
export class PipelineError extends Error {}

/** Times a stage; over budget, it is run once more and the faster run counts (a GC pause is not a bug). */
function timed<T>(
  stage: string,
  size: number,
  perUnit: number,
  body: () => T,
): T {
  const bound = BASE_MS + perUnit * size;
  let started = performance.now();
  let result = body();
  let ms = performance.now() - started;
  if (ms > bound) {
    started = performance.now();
    result = body();
    ms = Math.min(ms, performance.now() - started);
  }
  if (ms > bound) {
    throw new PipelineError(
      `${stage} took ${Math.round(ms)} ms on ${size} units (bound ${Math.round(bound)} ms)`,
    );
  }
  return result;
}

/** Checks a range lies inside the text and runs forward. */
export function checkRange(
  lines: readonly string[],
  r: Range,
  what: string,
): void {
  const ok = (p: Position): boolean =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < lines.length &&
    p.character >= 0 &&
    p.character <= lines[p.line]!.length;
  if (!ok(r.start) || !ok(r.end) || comparePositions(r.start, r.end) > 0) {
    throw new PipelineError(
      `${what}: range ${JSON.stringify(r)} is outside the document or backwards (${lines.length} lines; line ${r.start.line} has ${lines[r.start.line]?.length} chars)`,
    );
  }
}

function contains(outer: Range, inner: Range): boolean {
  return (
    comparePositions(outer.start, inner.start) <= 0 &&
    comparePositions(inner.end, outer.end) <= 0
  );
}

function checkSymbols(
  lines: readonly string[],
  symbols: readonly OutlineSymbol[],
  at: string,
): void {
  for (const s of symbols) {
    const name = `${at}/${s.name}`;
    checkRange(lines, s.range, `outline ${name}`);
    checkRange(lines, s.selectionRange, `outline ${name} selection`);
    if (!contains(s.range, s.selectionRange)) {
      // VS Code rejects the whole outline when one selection range leaves its range.
      throw new PipelineError(
        `outline ${name}: selectionRange ${JSON.stringify(s.selectionRange)} is not inside range ${JSON.stringify(s.range)}`,
      );
    }
    for (const child of s.children ?? []) {
      if (!contains(s.range, child.range)) {
        throw new PipelineError(
          `outline ${name}: child ${child.name} lies outside its parent`,
        );
      }
    }
    checkSymbols(lines, s.children ?? [], name);
  }
}

/** Positions to visit: every one (line end included) for small texts, else a spread sample. */
function positions(lines: readonly string[], every: boolean): Position[] {
  const out: Position[] = [];
  if (every) {
    lines.forEach((text, line) => {
      for (let character = 0; character <= text.length; character++) {
        out.push({ line, character });
      }
    });
    return out;
  }
  const step = Math.max(1, Math.floor(lines.length / 500));
  for (let line = 0; line < lines.length; line += step) {
    const text = lines[line]!;
    for (const character of [
      0,
      Math.floor(text.length / 3),
      Math.floor(text.length / 2),
      text.length,
    ]) {
      out.push({ line, character });
    }
  }
  return out;
}

/** Applies LSP-style edits (all ranges refer to the original text) after checking they do not overlap. */
export function applyEdits(
  text: string,
  edits: readonly { range: Range; newText: string }[],
  what: string,
): string {
  const lines = splitLines(text);
  const offsets: number[] = [];
  // Offsets of line starts in the original text, whatever its line endings.
  const re = /\r\n|\r|\n/g;
  offsets.push(0);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    offsets.push(m.index + m[0].length);
  }
  const offset = (p: Position): number => offsets[p.line]! + p.character;
  const sorted = [...edits].sort((a, b) =>
    comparePositions(a.range.start, b.range.start),
  );
  for (const e of sorted) {
    checkRange(lines, e.range, `${what} edit`);
  }
  for (let i = 1; i < sorted.length; i++) {
    if (
      comparePositions(sorted[i - 1]!.range.end, sorted[i]!.range.start) > 0
    ) {
      throw new PipelineError(
        `${what}: edits overlap (${JSON.stringify(sorted.map((e) => e.range))})`,
      );
    }
  }
  let out = text;
  for (const e of [...sorted].reverse()) {
    out =
      out.slice(0, offset(e.range.start)) +
      e.newText +
      out.slice(offset(e.range.end));
  }
  return out;
}

/** The result of one run, for tests that look further. */
export interface Exercised {
  parsed: ParsedDocument;
  findings: ResolvedFinding[];
}

/** Runs the text through parse, validate, hover, navigation, outline, folding, annotations and fixes. */
export function exercise(text: string, options: ExerciseOptions): Exercised {
  const uri = "file:///fuzz/subject";
  const size = text.length;
  const lines = splitLines(text);
  const doc = { uri, languageId: options.languageId, text };
  const parsed = timed("parseDocument", size, MS_PER_CHAR, () =>
    parseDocument(doc, SETTINGS),
  );
  const findings = timed("validate", size, MS_PER_CHAR, () =>
    validate(parsed, { settings: SETTINGS, overrides: {} }, (family, error) => {
      throw new PipelineError(
        `check family ${family} threw: ${error instanceof Error ? error.stack : String(error)}`,
      );
    }),
  );
  let workspace: WorkspaceView | undefined;
  let all = findings;
  if (options.workspace) {
    workspace = {
      configs: [
        ...examplePeers().flatMap((p) =>
          p.parsed.kind === "config"
            ? [{ uri: p.uri, model: p.parsed.model }]
            : [],
        ),
        ...(parsed.kind === "config" ? [{ uri, model: parsed.model }] : []),
      ],
    };
    all = timed("validate with workspace", size, MS_PER_CHAR, () =>
      validate(
        parsed,
        { settings: SETTINGS, overrides: {}, workspace },
        (family, error) => {
          throw new PipelineError(
            `check family ${family} threw (workspace): ${error instanceof Error ? error.stack : String(error)}`,
          );
        },
      ),
    );
  }
  for (const f of all) {
    checkRange(lines, f.range, `finding ${f.code}`);
    for (const r of f.related ?? []) {
      if (!r.uri || r.uri === uri) {
        checkRange(lines, r.range, `finding ${f.code} related`);
      }
    }
  }

  const every = options.everyPosition ?? size <= EVERY_POSITION_LIMIT;
  const points = positions(lines, every);
  timed(
    "hover, definition, references, completion",
    points.length,
    MS_PER_HOVER * 4,
    () => {
      for (const p of points) {
        const h = hover(parsed, p, SETTINGS);
        if (h) {
          checkRange(lines, h.range, `hover at ${p.line}:${p.character}`);
          if (typeof h.markdown !== "string" || !h.markdown) {
            throw new PipelineError(
              `hover at ${p.line}:${p.character} has no text`,
            );
          }
        }
        for (const loc of [
          ...definitionAt(parsed, p),
          ...referencesAt(parsed, p, true),
        ]) {
          if (loc.uri === uri) {
            checkRange(
              lines,
              loc.range,
              `navigation from ${p.line}:${p.character}`,
            );
          }
        }
        // Completion is asked where typing happens: at line ends and word ends.
        const text = lines[p.line]!;
        const wordEnd =
          p.character === text.length ||
          (p.character > 0 &&
            text[p.character] === " " &&
            text[p.character - 1] !== " ");
        if (wordEnd) {
          for (const item of completionAt(parsed, p)) {
            checkRange(
              lines,
              item.range,
              `completion ${item.label} at ${p.line}:${p.character}`,
            );
          }
        }
      }
    },
  );
  // Past the end of the document: clients send such positions after fast edits.
  hover(parsed, { line: lines.length + 5, character: 3 }, SETTINGS);
  hover(parsed, { line: 0, character: 100_000 }, SETTINGS);

  const symbols = timed("outline", size, MS_PER_CHAR, () => outline(parsed));
  checkSymbols(lines, symbols, "");
  const folds = timed("folding", size, MS_PER_CHAR, () =>
    foldingBlocks(parsed),
  );
  for (const f of folds) {
    if (!(
      f.startLine >= 0 &&
      f.startLine < f.endLine &&
      f.endLine < lines.length
    )) {
      throw new PipelineError(
        `folding block ${JSON.stringify(f)} is empty or outside ${lines.length} lines`,
      );
    }
  }

  // Inlay hints and lenses: inside the document and in position order, since the server stops
  // reading them at the first one past the range the editor asks for.
  const notes = timed("annotations", size, MS_PER_CHAR, () =>
    annotations(parsed),
  );
  notes.forEach((a, i) => {
    checkRange(
      lines,
      { start: a.position, end: a.position },
      `annotation "${a.label}"`,
    );
    const before = notes[i - 1];
    if (before && comparePositions(before.position, a.position) > 0) {
      throw new PipelineError(
        `annotation "${a.label}" at ${JSON.stringify(a.position)} comes after "${before.label}" at ${JSON.stringify(before.position)}`,
      );
    }
  });

  const wholeDocument: Range = {
    start: { line: 0, character: 0 },
    end: { line: lines.length - 1, character: lines[lines.length - 1]!.length },
  };
  // At each finding's range, for up to 1,000 findings spread over the document: the editor asks
  // once per light bulb, and asking at ten thousand ranges is the harness's cost, not the user's.
  const step = Math.max(1, Math.ceil(all.length / 1000));
  const offered = timed("fixesInRange", size, MS_PER_CHAR, () => [
    ...fixesInRange(all, wholeDocument),
    ...all
      .filter((_, i) => i % step === 0)
      .flatMap((f) => fixesInRange(all, f.range)),
  ]);
  if (options.applyFixes) {
    const seen = new Set<unknown>();
    for (const { finding, fix } of offered) {
      if (seen.has(fix)) {
        continue;
      }
      seen.add(fix);
      const what = `fix "${fix.title}" of ${finding.code}`;
      const own = fix.edits
        .filter((e) => !e.uri || e.uri === uri)
        .map((e) => ({
          range: e.range,
          newText: fix.snippet ? snippetToCli(e.newText) : e.newText,
        }));
      const fixed = applyEdits(text, own, what);
      const reparsed = timed(
        `re-parse after ${what}`,
        fixed.length,
        MS_PER_CHAR,
        () => parseDocument({ ...doc, text: fixed }, SETTINGS),
      );
      timed(`re-validate after ${what}`, fixed.length, MS_PER_CHAR, () =>
        validate(
          reparsed,
          { settings: SETTINGS, overrides: {}, workspace },
          (family, error) => {
            throw new PipelineError(
              `after ${what}, check family ${family} threw: ${error instanceof Error ? error.stack : String(error)}`,
            );
          },
        ),
      );
      for (const peer of examplePeers()) {
        const theirs = fix.edits.filter((e) => e.uri === peer.uri);
        if (theirs.length) {
          const peerText = applyEdits(
            peer.text,
            theirs,
            `${what} (in ${peer.uri})`,
          );
          parseDocument(
            { uri: peer.uri, languageId: "cisco-ios", text: peerText },
            SETTINGS,
          );
        }
      }
    }
  }
  return { parsed, findings: all };
}
