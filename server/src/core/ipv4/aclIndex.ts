import { ruleMatches, type AclRule, type AclVerdict, type Packet } from "./acl";
import type { WildcardMatch } from "./address";
import {
  holding,
  meeting,
  prefixIndex,
  total,
  type PrefixIndex,
} from "./prefixIndex";

/**
 * First-match questions over long ACLs without scanning them. The NAT analysis asks, for every
 * entry of every crypto ACL, which entry of the NAT ACL decides a few sample packets; on a hub
 * whose NAT ACL lists an exemption per tunnel, scanning makes that quadratic. The index groups
 * entries by their source and by their destination prefix (`prefixIndex.ts`), so a question only tests the entries
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

interface AclIndex {
  /** The list's length when indexed: a list whose length changed since is indexed again. */
  size: number;
  source: PrefixIndex;
  destination: PrefixIndex;
}

/** Per list: its index, or how many times it was scanned so far. */
const INDEXES = new WeakMap<readonly AclRule[], AclIndex | number>();

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
      source: prefixIndex(rules, (r) => r.source),
      destination: prefixIndex(rules, (r) => r.destination),
    };
    INDEXES.set(rules, index);
  }
  return index;
}

/**
 * The position lists, from the source's or the destination's index whichever holds fewer entries,
 * of every entry a question (`meeting`, `holding`) can be true for; undefined when the list
 * is scanned instead (short, not asked often enough yet, or the question not a prefix one).
 */
function fewestCandidates(
  rules: readonly AclRule[],
  source: WildcardMatch,
  destination: WildcardMatch,
  question: (
    field: PrefixIndex,
    match: WildcardMatch,
  ) => number[][] | undefined,
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
  const lists = fewestCandidates(rules, source, destination, meeting);
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
  const lists = fewestCandidates(rules, source, destination, holding);
  return lists
    ? lists.some((list) => list.some((i) => test(rules[i]!)))
    : rules.some(test);
}
