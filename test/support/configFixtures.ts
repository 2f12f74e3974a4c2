import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../server/src/core/document";
import { configHover } from "../../server/src/core/hover/configHover";

/**
 * The config fixtures the feature tests share: the seed's Tokyo and Osaka (working and broken)
 * from examples/, and every config of the shared corpus beside the repository.
 */

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The shared corpus: `<repo root>/../shared/corpus`. */
export const CORPUS_DIR = path.join(REPO_ROOT, "..", "shared", "corpus");

/** Reads a file of examples/. */
export function example(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, "examples", name), "utf8");
}

/** Reads a corpus file without its attribution header. */
export function corpus(name: string): string {
  const text = fs.readFileSync(path.join(CORPUS_DIR, name), "utf8");
  const marker = "! ===== END CORPUS HEADER =====";
  const at = text.indexOf(marker);
  return at < 0 ? text : text.slice(text.indexOf("\n", at) + 1);
}

/** Every config fixture by name: the examples and the corpus `cfg_*` files. */
export function allConfigs(): { name: string; text: string }[] {
  const out = [
    "tokyo.ios",
    "osaka.ios",
    "broken/tokyo.ios",
    "broken/osaka.ios",
  ].map((name) => ({ name, text: example(name) }));
  for (const file of fs.readdirSync(CORPUS_DIR).sort()) {
    if (file.startsWith("cfg_")) {
      out.push({ name: file, text: corpus(file) });
    }
  }
  return out;
}

/**
 * Finds a cursor written as `|` inside a fragment of a config line: returns the position of the
 * marker in the first line that contains the fragment (without the marker).
 */
export function cursorIn(
  config: string,
  fragment: string,
): { line: number; character: number } {
  const marker = fragment.indexOf("|");
  if (marker < 0) {
    throw new Error(`no | cursor in ${fragment}`);
  }
  const plain = fragment.slice(0, marker) + fragment.slice(marker + 1);
  const lines = config.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    const at = lines[line]!.indexOf(plain);
    if (at >= 0) {
      return { line, character: at + marker };
    }
  }
  throw new Error(`fragment not found in config: ${plain}`);
}

/** The hover at a `|` cursor in a fragment of a config line; fails when there is none. */
export function configHoverAt(
  config: string,
  fragment: string,
  now?: number,
): string {
  const markdown = configHover(
    parseConfig(config),
    cursorIn(config, fragment),
    DEFAULT_ANALYSIS_SETTINGS,
    now,
  )?.markdown;
  assert.ok(markdown, `expected a hover at ${fragment}`);
  return markdown;
}
