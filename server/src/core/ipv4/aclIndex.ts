import { pushAt } from "../collections/multiMap";
import { ruleMatches, type AclRule, type AclVerdict, type Packet } from "./acl";
import { prefixToMask, type WildcardMatch } from "./address";

/**
 * First-match questions over long ACLs without scanning them. The NAT analysis asks, for every
 * entry of every crypto ACL, which entry of the NAT ACL decides a few sample packets; on a hub
 * whose NAT ACL lists an exemption per tunnel, scanning makes that quadratic. The index groups
 * entries by their source and by their destination prefix, so a question only tests the entries
 * whose addresses can meet the packet (or the set of packets) asked about, in ACL order.
 *
 * The index is kept per list object (the model's `acl.entries`, or a fix's patched copy), so a
 * list must not be changed in place once asked about; one that grew or shrank is indexed again.
 */

/** Lists shorter than this are scanned: building an index would cost more than it saves. */
const MIN_INDEXED = 32;

/**
 * A list is indexed once it has been asked this many times: an ACL asked about a few packets (an
 * interface's inbound ACL and its peer's IKE) is cheaper to scan than to index.
 */
const SCANS_BEFORE_INDEX = 64;

/** The entries of one address field (source or destination), grouped by prefix. */
interface FieldIndex {
  /** Prefix lengths that occur, ascending. */
  lengths: number[];
  /** By length L: prefix address (signed 32-bit key) → positions of the entries with that prefix, ascending. */
  exact: Map<number, number[]>[];
  /** By length R, built on first use: address masked to R → positions of entries at least R long. */
  within: (Map<number, number[]> | undefined)[];
  /** Entries with a non-contiguous wildcard (or an address with bits under its wildcard): always tested. */
  other: number[];
}

interface AclIndex {
  /** The list's length when indexed: a list whose length changed since is indexed again. */
  size: number;
  source: FieldIndex;
  destination: FieldIndex;
}

/** Per list: its index, or how many times it was scanned so far. */
const INDEXES = new WeakMap<readonly AclRule[], AclIndex | number>();

/** The prefix length of a contiguous, normalised match; undefined otherwise. */
function prefixLength(match: WildcardMatch): number | undefined {
  const w = match.wildcard >>> 0;
  if ((w & (w + 1)) !== 0 || (match.address & w) !== 0) {
    return undefined;
  }
  return Math.clz32(w);
}

function fieldIndex(
  rules: readonly AclRule[],
  field: (r: AclRule) => WildcardMatch,
): FieldIndex {
  const exact: Map<number, number[]>[] = [];
  const other: number[] = [];
  rules.forEach((rule, i) => {
    const match = field(rule);
    const length = prefixLength(match);
    if (length === undefined) {
      other.push(i);
      return;
    }
    const map = (exact[length] ??= new Map());
    const key = match.address | 0;
    pushAt(map, key, i);
  });
  const lengths: number[] = [];
  for (let l = 0; l <= 32; l++) {
    if (exact[l]) {
      lengths.push(l);
    }
  }
  return { lengths, exact, within: [], other };
}

/** The list's index, or undefined while scanning it is still the cheaper way. */
function indexOf(rules: readonly AclRule[]): AclIndex | undefined {
  let index = INDEXES.get(rules);
  if (index === undefined || typeof index === "number") {
    const scans = (index ?? 0) + 1;
    if (scans < SCANS_BEFORE_INDEX) {
      INDEXES.set(rules, scans);
      return undefined;
    }
  }
  if (typeof index !== "object" || index.size !== rules.length) {
    index = {
      size: rules.length,
      source: fieldIndex(rules, (r) => r.source),
      destination: fieldIndex(rules, (r) => r.destination),
    };
    INDEXES.set(rules, index);
  }
  return index;
}

function withinOf(field: FieldIndex, length: number): Map<number, number[]> {
  let map = field.within[length];
  if (!map) {
    map = new Map();
    const mask = prefixToMask(length);
    for (const l of field.lengths) {
      if (l < length) {
        continue;
      }
      for (const [key, positions] of field.exact[l]!) {
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
    field.within[length] = map;
  }
  return map;
}

/**
 * The position lists holding every entry whose field can share an address with `match`
 * (undefined: the match is not a prefix, every entry must be tested).
 */
function candidates(
  field: FieldIndex,
  match: WildcardMatch,
): number[][] | undefined {
  const w = match.wildcard >>> 0;
  if ((w & (w + 1)) !== 0) {
    return undefined;
  }
  const length = Math.clz32(w);
  const out: number[][] = [];
  // Shorter entries must hold the match's prefix; longer ones must lie inside it.
  for (const l of field.lengths) {
    if (l >= length) {
      break;
    }
    const list = field.exact[l]!.get((match.address & prefixToMask(l)) | 0);
    if (list) {
      out.push(list);
    }
  }
  const inside = withinOf(field, length).get(
    (match.address & prefixToMask(length)) | 0,
  );
  if (inside) {
    out.push(inside);
  }
  if (field.other.length) {
    out.push(field.other);
  }
  return out;
}

/**
 * The position lists holding every entry whose field holds all of `match`: shorter or equal
 * prefixes that `match`'s fixed leading bits agree with, and the entries that are not prefixes.
 */
function covering(field: FieldIndex, match: WildcardMatch): number[][] {
  // A prefix longer than the match's leading fixed bits fixes a bit the match leaves free.
  const longest = Math.clz32(match.wildcard >>> 0);
  const out: number[][] = [];
  for (const l of field.lengths) {
    if (l > longest) {
      break;
    }
    const list = field.exact[l]!.get((match.address & prefixToMask(l)) | 0);
    if (list) {
      out.push(list);
    }
  }
  if (field.other.length) {
    out.push(field.other);
  }
  return out;
}

function total(lists: number[][]): number {
  let n = 0;
  for (const list of lists) {
    n += list.length;
  }
  return n;
}

/**
 * The position lists, from the source's or the destination's index whichever holds fewer entries,
 * of every entry a question (`candidates`, `covering`) can be true for; undefined when the list
 * is scanned instead (short, not asked often enough yet, or the question not a prefix one).
 */
function fewestCandidates(
  rules: readonly AclRule[],
  source: WildcardMatch,
  destination: WildcardMatch,
  question: (field: FieldIndex, match: WildcardMatch) => number[][] | undefined,
): number[][] | undefined {
  const index = rules.length < MIN_INDEXED ? undefined : indexOf(rules);
  if (!index) {
    return undefined;
  }
  const bySource = question(index.source, source);
  const byDestination = question(index.destination, destination);
  return bySource && byDestination
    ? total(bySource) <= total(byDestination)
      ? bySource
      : byDestination
    : (bySource ?? byDestination);
}

/**
 * The first rule, in list order, that passes `test`, where `test` can only pass for rules whose
 * source and destination share an address with `source` and `destination` (the index skips the
 * others without testing them).
 */
export function firstRuleWhere<T extends AclRule>(
  rules: readonly T[],
  source: WildcardMatch,
  destination: WildcardMatch,
  test: (rule: T) => boolean,
): T | undefined {
  const lists = fewestCandidates(rules, source, destination, candidates);
  if (!lists) {
    return rules.find(test);
  }
  // Each list is in ACL order: stop a list at its first pass or past the best found so far.
  let best = Infinity;
  for (const list of lists) {
    for (const i of list) {
      if (i >= best) {
        break;
      }
      if (test(rules[i]!)) {
        best = i;
        break;
      }
    }
  }
  return best === Infinity ? undefined : rules[best];
}

/** `evaluateAcl` (first match, implicit deny) through the index: the same verdict, for long ACLs. */
export function evaluateAclIndexed<T extends AclRule>(
  rules: readonly T[],
  packet: Packet,
): AclVerdict<T> {
  const rule = firstRuleWhere(
    rules,
    { address: packet.source >>> 0, wildcard: 0 },
    { address: packet.destination >>> 0, wildcard: 0 },
    (r) => ruleMatches(r, packet),
  );
  return rule
    ? { action: rule.action, rule }
    : { action: "deny", rule: undefined };
}

/**
 * True when some rule passes `test`, where `test` can only pass for rules whose source holds all
 * of `source` and whose destination all of `destination` (the index skips the others without
 * testing them).
 */
export function someRuleCovering<T extends AclRule>(
  rules: readonly T[],
  source: WildcardMatch,
  destination: WildcardMatch,
  test: (rule: T) => boolean,
): boolean {
  const lists = fewestCandidates(rules, source, destination, covering);
  return lists
    ? lists.some((list) => list.some((i) => test(rules[i]!)))
    : rules.some(test);
}
