import type { ConfigModel } from "../config/model";
import type { ResolvedFinding } from "./severityOverrides";

/** What a masked secret looks like wherever we print one. */
export const MASK = "*****";

/** Every secret value of the configs (keys, passwords), for masking text meant for logs. */
export function secretValues(models: readonly ConfigModel[]): Set<string> {
  const values = new Set<string>();
  for (const model of models) {
    for (const secret of model.secrets) {
      if (secret.value) {
        values.add(secret.value);
      }
    }
  }
  return values;
}

/** Replaces every whitespace-separated word that is a secret; the spacing is kept as it was. */
export function maskText(text: string, secrets: ReadonlySet<string>): string {
  if (!secrets.size) {
    return text;
  }
  return text
    .split(/(\s+)/)
    .map((part) => (secrets.has(part) ? MASK : part))
    .join("");
}

/**
 * Masks secrets in everything a finding carries. The editor applies fixes to the user's own
 * files, but the CLI's output ends in CI logs and code-scanning tools, so there a fix that sets
 * a key shows the mask instead (the user re-types the key, or passes --reveal-secrets).
 */
export function maskFinding(
  finding: ResolvedFinding,
  secrets: ReadonlySet<string>,
): ResolvedFinding {
  if (!secrets.size) {
    return finding;
  }
  const mask = (text: string): string => maskText(text, secrets);
  return {
    ...finding,
    message: mask(finding.message),
    related: finding.related?.map((r) => ({ ...r, message: mask(r.message) })),
    fixes: finding.fixes?.map((fix) => ({
      ...fix,
      title: mask(fix.title),
      edits: fix.edits.map((e) => ({ ...e, newText: mask(e.newText) })),
      cli: fix.cli?.map(mask),
    })),
  };
}
