import * as fs from "node:fs";
import * as path from "node:path";
import { parseCapture } from "../../server/src/core/capture/parser";
import type { CaptureModel } from "../../server/src/core/capture/model";
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
