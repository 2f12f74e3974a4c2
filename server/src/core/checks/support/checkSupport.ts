import type { ConfigModel, Secret } from "../../config/model";
import { isPrivateAddress } from "../../knowledge/addressBlocks";
import { nodeRange, type ConfigNode } from "../../config/tree";
import type { RelatedInfo } from "../../diagnostics/finding";
import type { Range } from "../../text/position";
import type { CheckContext } from "../check";

/**
 * Small helpers the config check families share: related-information entries, secret masking,
 * name similarity for "did you mean" suggestions. Nothing here decides a finding.
 */

/** Related information on a node's line in the same document. */
export function relatedLine(node: ConfigNode, message: string): RelatedInfo {
  return { range: nodeRange(node), message };
}

/** Related information on a range in the same document. */
export function relatedRange(range: Range, message: string): RelatedInfo {
  return { range, message };
}

/** A secret as messages may show it: masked unless the user asked to reveal secrets. */
export function showSecret(secret: Secret, ctx: CheckContext): string {
  return ctx.settings.revealSecrets ? secret.value : "*****";
}

/** The secret for console commands: the value when revealed, else a placeholder to fill in. */
export function cliSecret(secret: Secret, ctx: CheckContext): string {
  if (!ctx.settings.revealSecrets) {
    return "<key>";
  }
  return secret.type === 0 ? secret.value : `${secret.type} ${secret.value}`;
}

/**
 * Edit distance with adjacent transpositions counted as one edit (a typing slip such as MYSTE for
 * MYSET), capped: returns `cap + 1` as soon as the distance exceeds `cap`.
 */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) {
    return cap + 1;
  }
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) {
      return cap + 1;
    }
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, cap + 1);
}

/** The names that look like a typo of `name` (case only, or at most two edits on names long enough). */
export function similarNames(
  name: string,
  candidates: Iterable<string>,
): string[] {
  const lower = name.toLowerCase();
  const out: { name: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) {
      continue;
    }
    const distance =
      candidate.toLowerCase() === lower
        ? 0
        : editDistance(lower, candidate.toLowerCase(), 2);
    const allowed = Math.min(2, Math.floor(Math.max(name.length, 2) / 3));
    if (distance <= allowed) {
      out.push({ name: candidate, distance });
    }
  }
  return out.sort((a, b) => a.distance - b.distance).map((o) => o.name);
}

/** True when the config is a whole running-config (a `version` line), not a pasted fragment. */
export function isWholeConfig(model: ConfigModel): boolean {
  return model.version !== undefined;
}

/**
 * Whether NAT-T (UDP 4500) is likely between two addresses: a private address on either end
 * proves NAT is in the path, and NAT keepalives say the operator expects it. Between public
 * addresses a blocked UDP 4500 may never matter.
 */
export function natLikely(
  model: ConfigModel,
  local: number,
  peer: number,
): boolean {
  return (
    isPrivateAddress(local) ||
    isPrivateAddress(peer) ||
    model.natKeepalive !== undefined
  );
}
