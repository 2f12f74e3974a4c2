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

/** A fix as the light-bulb menu offers it once, with every finding it cures. */
export interface MergedFix {
  fix: Fix;
  findings: ResolvedFinding[];
}

/** What a finding is as the editor knows it: the diagnostic it was published as. */
export interface FindingKey {
  code: string;
  range: Range;
  message: string;
}

/**
 * The fixes offered for a request: those of the findings the editor asks about (`asked`, its
 * diagnostics, matched by code, range and message, so two findings on one line keep their own
 * fixes), or of every finding in range when it names none; a fix that several findings offer
 * with the same edits and commands (one ACL blocking ISAKMP, NAT-T and the tunnel) once.
 */
export function offeredFixes(
  findings: readonly ResolvedFinding[],
  range: Range,
  asked: readonly FindingKey[] = [],
): MergedFix[] {
  const wanted = asked.length ? new Set(asked.map(findingKeyText)) : undefined;
  const merged = new Map<string, MergedFix>();
  for (const { finding, fix } of fixesInRange(findings, range)) {
    if (wanted && !wanted.has(findingKeyText(finding))) {
      continue;
    }
    const key = JSON.stringify([
      fix.edits.map((e) => [e.uri ?? "", e.range, e.newText]),
      fix.snippet === true,
      fix.cli ?? [],
    ]);
    const known = merged.get(key);
    if (!known) {
      merged.set(key, { fix, findings: [finding] });
    } else if (!known.findings.includes(finding)) {
      known.findings.push(finding);
    }
  }
  return [...merged.values()];
}

function findingKeyText(f: FindingKey): string {
  const { start, end } = f.range;
  return `${f.code}|${start.line}:${start.character}-${end.line}:${end.character}|${f.message}`;
}
