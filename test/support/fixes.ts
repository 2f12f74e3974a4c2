import * as assert from "node:assert/strict";
import type { Code } from "../../server/src/core/diagnostics/catalog";
import type { Fix } from "../../server/src/core/diagnostics/finding";
import type { ResolvedFinding } from "../../server/src/core/diagnostics/severityOverrides";
import { applyEdits } from "./applyEdits";
import { analyse, textAt } from "./configAnalysis";

/** Values for snippet placeholders, by label; unknown labels fail the test so none goes unnoticed. */
export type Fill = Record<string, string>;

/** Applies a fix's edits to the text, filling placeholders. */
export function applyFix(text: string, fix: Fix, fill: Fill = {}): string {
  return applyEdits(text, fix.edits, (label) => {
    const value = fill[label];
    assert.ok(
      value !== undefined,
      `no value for placeholder "${label}" in fix "${fix.title}"`,
    );
    return value;
  });
}

const key = (f: ResolvedFinding) => `${f.code}: ${f.message}`;

/** Where a finding stands, independent of line numbers (a fix may shift lines) and of its wording. */
const place = (text: string, f: ResolvedFinding) =>
  `${f.code} @ ${textAt(text, { start: { line: f.range.start.line, character: 0 }, end: { line: f.range.start.line, character: Number.MAX_SAFE_INTEGER } }).trim()} # ${textAt(text, f.range)}`;

/**
 * Applies every fix of every finding of `code` (one fix at a time, on the original text) and
 * checks what the user would see: the finding is gone (no finding with its code and message is
 * left), no error appears at a place that had none (places are compared by line text, since a fix
 * may shift lines and reword other findings), and the fix carries console commands. Returns the texts after each fix for further assertions.
 */
export function assertFixesCure(
  text: string,
  code: Code,
  fill: Fill = {},
  options: { skip?: (fix: Fix) => boolean } = {},
): { fix: Fix; after: string; findings: ResolvedFinding[] }[] {
  const before = analyse(text);
  const targets = before.filter((f) => f.code === code);
  assert.ok(targets.length > 0, `expected a ${code} finding to fix`);
  const errorsBefore = new Set(
    before.filter((f) => f.severity === "error").map((f) => place(text, f)),
  );
  const results: { fix: Fix; after: string; findings: ResolvedFinding[] }[] =
    [];
  for (const finding of targets) {
    assert.ok(
      finding.fixes?.length,
      `${code} "${finding.message}" offers no fix`,
    );
    for (const fix of finding.fixes!) {
      if (options.skip?.(fix)) {
        continue;
      }
      assert.ok(
        fix.cli && fix.cli.length > 0,
        `fix "${fix.title}" has no console commands`,
      );
      assert.ok(fix.edits.length > 0, `fix "${fix.title}" has no edits`);
      if (!fix.snippet) {
        assert.ok(
          !fix.edits.some((e) => /\$\{\d+[:|]/.test(e.newText)),
          `fix "${fix.title}" holds placeholders but is not marked as a snippet`,
        );
      }
      const after = applyFix(text, fix, fill);
      const findings = analyse(after);
      assert.ok(
        !findings.some((f) => key(f) === key(finding)),
        `fix "${fix.title}" left the finding: ${finding.message}\n--- text after the fix ---\n${after}`,
      );
      const newErrors = findings.filter(
        (f) => f.severity === "error" && !errorsBefore.has(place(after, f)),
      );
      assert.deepEqual(
        newErrors.map(key),
        [],
        `fix "${fix.title}" brought new errors\n--- text after the fix ---\n${after}`,
      );
      results.push({ fix, after, findings });
    }
  }
  return results;
}
