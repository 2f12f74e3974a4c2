import type { Fix } from "./diagnostics/finding";
import type { ResolvedFinding } from "./diagnostics/severityOverrides";
import { rangesOverlap, type Range } from "./text/position";

/** A fix offered at a place, with the finding it cures. */
export interface OfferedFix {
  finding: ResolvedFinding;
  fix: Fix;
}

/** The fixes of every finding that touches the range, in finding order. */
export function fixesInRange(
  findings: readonly ResolvedFinding[],
  range: Range,
): OfferedFix[] {
  const out: OfferedFix[] = [];
  for (const finding of findings) {
    // The range first: `fixes` is a getter that builds the fixes on first read.
    if (!rangesOverlap(finding.range, range) || !finding.fixes?.length) {
      continue;
    }
    for (const fix of finding.fixes) {
      out.push({ finding, fix });
    }
  }
  return out;
}
