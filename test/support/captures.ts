import * as fs from "node:fs";
import * as path from "node:path";
import { parseCapture } from "../../server/src/core/capture/parser";
import type { CaptureModel } from "../../server/src/core/capture/model";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../server/src/core/document";
import { captureHover } from "../../server/src/core/hover/captureHover";
import { REPO_ROOT } from "./paths";

/**
 * Capture fixtures for the tests: the seed chapter's examples rebuilt line by line
 * (test/fixtures/seed/ex8-NN.ioslog) and captures in other IOS formats
 * (test/fixtures/captures/).
 */

/** The text of seed example 8-n. */
export function seedText(n: number): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "seed", `ex8-${n}.ioslog`),
    "utf8",
  );
}

/** The text of a capture fixture. */
export function captureText(name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "captures", name),
    "utf8",
  );
}

/** The text of a file of examples/. */
export function exampleText(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, "examples", name), "utf8");
}

/** Parses seed example 8-n. */
export function seed(n: number): CaptureModel {
  return parseCapture(seedText(n));
}

/** Every seed example number (8-25 to 8-97). */
export const SEED_EXAMPLES: readonly number[] = Array.from(
  { length: 73 },
  (_, i) => 25 + i,
);

/** The zero-based line of the first line that contains `needle`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = from; i < lines.length; i++) {
    if (lines[i]!.includes(needle)) {
      return i;
    }
  }
  throw new Error(`no line contains ${JSON.stringify(needle)}`);
}

/** Every capture (`.ioslog`) under test/fixtures and examples, as paths. */
export function captureFixturePaths(): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory()
          ? walk(path.join(dir, e.name))
          : e.name.endsWith(".ioslog")
            ? [path.join(dir, e.name)]
            : [],
      );
  return [
    ...walk(path.join(REPO_ROOT, "test", "fixtures")),
    ...walk(path.join(REPO_ROOT, "examples")),
  ];
}

/**
 * The hover at the `|` of a capture text (the marker is removed before parsing), with the word it
 * covers (on lines a terminal cut, their pieces run together), or null when there is none. With
 * `reveal`, secrets are shown.
 */
export function captureHoverAt(
  text: string,
  reveal = false,
): { markdown: string; word: string } | null {
  const at = text.indexOf("|");
  if (at < 0) {
    throw new Error("the text needs a | cursor marker");
  }
  const clean = text.slice(0, at) + text.slice(at + 1);
  const before = clean.slice(0, at).split("\n");
  const position = {
    line: before.length - 1,
    character: before[before.length - 1]!.length,
  };
  const hover = captureHover(parseCapture(clean), position, {
    ...DEFAULT_ANALYSIS_SETTINGS,
    revealSecrets: reveal,
  });
  if (!hover) {
    return null;
  }
  // A range over lines a terminal cut reads as their text run together.
  const { start, end } = hover.range;
  const lines = clean.split("\n").slice(start.line, end.line + 1);
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, end.character);
  lines[0] = lines[0]!.slice(start.character);
  return { markdown: hover.markdown, word: lines.join("") };
}
