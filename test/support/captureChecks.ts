import * as assert from "node:assert/strict";
import { parseCapture } from "../../server/src/core/capture/parser";
import { parseConfig } from "../../server/src/core/config/parser";
import type { Code } from "../../server/src/core/diagnostics/catalog";
import type { Finding } from "../../server/src/core/diagnostics/finding";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../server/src/core/document";
import { parseDocument, validate } from "../../server/src/core/languageService";
import type { ResolvedFinding } from "../../server/src/core/diagnostics/severityOverrides";

/**
 * Helpers shared by the capture check tests: run every capture check (as the editor does) on a
 * capture, with configs of the workspace given by URI.
 */

/** The URI a test capture gets. */
export const CAPTURE_URI = "file:///work/capture.ioslog";

/** Runs every capture check on the text, the given configs forming the workspace. */
export function checkCapture(
  text: string,
  configs: Record<string, string> = {},
  revealSecrets = false,
): ResolvedFinding[] {
  const settings = { ...DEFAULT_ANALYSIS_SETTINGS, revealSecrets };
  const parsed = parseDocument(
    { uri: CAPTURE_URI, languageId: "cisco-ios-log", text },
    settings,
  );
  return validate(
    parsed,
    {
      settings,
      overrides: {},
      workspace: {
        configs: Object.entries(configs).map(([uri, t]) => ({
          uri,
          model: parseConfig(t),
        })),
      },
    },
    (family, error) => {
      throw new Error(`${family} threw: ${String(error)}`);
    },
  );
}

/** The codes of findings, sorted, for comparison. */
export function codesOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code).sort();
}

/** The one finding of a code; fails when there is none or several. */
export function only(findings: readonly Finding[], code: Code): Finding {
  const matches = findings.filter((f) => f.code === code);
  assert.equal(
    matches.length,
    1,
    `expected one ${code}, got ${matches.length}: ${findings.map((f) => f.code).join(", ")}`,
  );
  return matches[0]!;
}

/** The text a range covers in a document. */
export function textOf(text: string, range: Finding["range"]): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) {
    return lines[range.start.line]!.slice(
      range.start.character,
      range.end.character,
    );
  }
  return lines.slice(range.start.line, range.end.line + 1).join("\n");
}

/** Parses a capture (for tests that need the model itself). */
export { parseCapture };
