import { pushAt } from "../collections/multiMap";
import { prefixToMask, type WildcardMatch } from "./address";

/**
 * Address sets (wildcard matches) of a list grouped by prefix, to ask which of them meet a set, or
 * hold all of it, without testing every one: a prefix holds a set only when the set's leading
 * fixed bits agree with it, so the candidates are at most 33 lookups away (one per length). The
 * ACL index (`aclIndex.ts`) keeps one per address field of a long ACL; the key lookup
 * (`peers/presharedKeys.ts`) one per config's address keys. Matches that are not prefixes (a
 * wildcard with holes, an address with bits under its wildcard) are always candidates.
 */
export interface PrefixIndex {
  /** Prefix lengths that occur, ascending. */
  lengths: number[];
  /** By length L: prefix address (signed 32-bit key) → positions of the matches with that prefix, ascending. */
  exact: Map<number, number[]>[];
  /** By length R, built on first use: address masked to R → positions of matches at least R long. */
  within: (Map<number, number[]> | undefined)[];
  /** Positions of the matches that are not prefixes. */
  other: number[];
}

/** The prefix length of a contiguous, normalised match; undefined otherwise. */
function prefixLength(match: WildcardMatch): number | undefined {
  const w = match.wildcard >>> 0;
  if ((w & (w + 1)) !== 0 || (match.address & w) !== 0) {
    return undefined;
  }
  return Math.clz32(w);
}

/** Indexes the match of each item of a list (positions are the items' positions). */
export function prefixIndex<T>(
  items: readonly T[],
  matchOf: (item: T) => WildcardMatch,
): PrefixIndex {
  const exact: Map<number, number[]>[] = [];
  const other: number[] = [];
  items.forEach((item, i) => {
    const match = matchOf(item);
    const length = prefixLength(match);
    if (length === undefined) {
      other.push(i);
      return;
    }
    pushAt((exact[length] ??= new Map()), match.address | 0, i);
  });
  const lengths: number[] = [];
  for (let l = 0; l <= 32; l++) {
    if (exact[l]) {
      lengths.push(l);
    }
  }
  return { lengths, exact, within: [], other };
}

function withinOf(index: PrefixIndex, length: number): Map<number, number[]> {
  let map = index.within[length];
  if (!map) {
    map = new Map();
    const mask = prefixToMask(length);
    for (const l of index.lengths) {
      if (l < length) {
        continue;
      }
      for (const [key, positions] of index.exact[l]!) {
        const masked = (key & mask) | 0;
        const list = map.get(masked);
        if (list) {
          list.push(...positions);
        } else {
          map.set(masked, [...positions]);
        }
      }
    }
    for (const list of map.values()) {
      list.sort((a, b) => a - b);
    }
    index.within[length] = map;
  }
  return map;
}

/**
 * The position lists holding every match that can share an address with `match` (undefined: the
 * match is not a prefix, every position must be tested).
 */
export function meeting(
  index: PrefixIndex,
  match: WildcardMatch,
): number[][] | undefined {
  const w = match.wildcard >>> 0;
  if ((w & (w + 1)) !== 0) {
    return undefined;
  }
  const length = Math.clz32(w);
  const out: number[][] = [];
  // Shorter matches must hold the match's prefix; longer ones must lie inside it.
  for (const l of index.lengths) {
    if (l >= length) {
      break;
    }
    const list = index.exact[l]!.get((match.address & prefixToMask(l)) | 0);
    if (list) {
      out.push(list);
    }
  }
  const inside = withinOf(index, length).get(
    (match.address & prefixToMask(length)) | 0,
  );
  if (inside) {
    out.push(inside);
  }
  if (index.other.length) {
    out.push(index.other);
  }
  return out;
}

/**
 * The position lists holding every match that holds all of `match`: shorter or equal prefixes
 * that `match`'s fixed leading bits agree with, and the matches that are not prefixes.
 */
export function holding(index: PrefixIndex, match: WildcardMatch): number[][] {
  // A prefix longer than the match's leading fixed bits fixes a bit the match leaves free.
  const longest = Math.clz32(match.wildcard >>> 0);
  const out: number[][] = [];
  for (const l of index.lengths) {
    if (l > longest) {
      break;
    }
    const list = index.exact[l]!.get((match.address & prefixToMask(l)) | 0);
    if (list) {
      out.push(list);
    }
  }
  if (index.other.length) {
    out.push(index.other);
  }
  return out;
}

/** How many positions the lists hold. */
export function total(lists: number[][]): number {
  let n = 0;
  for (const list of lists) {
    n += list.length;
  }
  return n;
}
