import { entryAcl } from "./cryptoPeers";
import { pushAt } from "../collections/multiMap";
import {
  prefixToMask,
  wildcardsIntersect,
  wildcardToPrefix,
} from "../ipv4/address";
import {
  boxCovers,
  boxesIntersect,
  boxOfRule,
  intersectRegion,
  MAX_REGION_BOXES,
  subtractFromRegion,
  type TrafficBox,
} from "../ipv4/trafficSet";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
} from "./model";

/**
 * The order of a crypto map's entries as IOS applies it: entries are tried in sequence order and
 * a packet is protected by the first entry whose ACL permits it (a `deny` only passes it on). A
 * permit line of a later entry whose traffic an earlier entry for another peer already permits
 * is never used from this router. Read by the `crypto-acl-shadowed` check and by the pair
 * analysis (an entry whose every line is taken never starts its tunnel). Computed once per map.
 */

/** A part of a later line's traffic that one earlier line, of another peer's entry, takes. */
export interface Taken {
  by: EarlierLine;
  /** The packets it takes, after the earlier entries and the lines above it (disjoint boxes). */
  part: readonly TrafficBox[];
}

/** A permit line of an entry with the earlier lines that take its traffic, in the order IOS tries them. */
export interface ShadowedLine {
  line: AclEntry;
  /**
   * Every earlier line of another peer's entry that takes part of the line when they take all of
   * it together; for a crossed line, only those not wholly inside it.
   */
  takers: Taken[];
}

/** The lines of one entry that the same earlier entries take. */
export interface ShadowGroup {
  entry: CryptoMapEntry;
  acl: AccessList;
  /** The first earlier entry (another peer) that takes the lines. */
  by: CryptoMapEntry;
  /** Every earlier entry that takes part of them, in the order IOS tries them (`by` first). */
  byEntries: CryptoMapEntry[];
  lines: ShadowedLine[];
  /**
   * True when the earlier lines take only part of each line's traffic, and one of them reaches
   * outside it (wider on a side, or other ports): a more specific earlier line wholly inside is
   * the usual specific-first order, and not reported.
   */
  crossed?: boolean;
}

/** A permit or deny line of an earlier entry, as a candidate to take later lines' traffic. */
export interface EarlierLine {
  entry: CryptoMapEntry;
  /** The entry's position in its map: IOS tries lower positions first. */
  position: number;
  acl: AccessList;
  /** Its position in its ACL. */
  index: number;
  line: AclEntry;
  /** The packets the line matches. */
  box: TrafficBox;
}

/** One network in the sorted list of `EarlierLines`. */
interface Keyed {
  network: number;
  length: number;
  line: EarlierLine;
}

/**
 * The lines of the entries read so far, by destination prefix, so that a later line finds the
 * lines whose destination meets its own (a wider one by one lookup per prefix length in use, a
 * narrower one by a binary search in the list sorted by network) instead of a scan of a hub's
 * thousands of lines. Lines whose destination is not a prefix are always candidates.
 */
class EarlierLines {
  /** By prefix length, then network. */
  private readonly byLength: (Map<number, EarlierLine[]> | undefined)[] = [];
  /** The prefix lengths that hold lines, ascending. */
  private lengths: number[] = [];
  /** Every prefix line, by network. */
  private readonly sorted: Keyed[] = [];
  private readonly scattered: EarlierLine[] = [];
  private readonly all: EarlierLine[] = [];

  add(line: EarlierLine): void {
    this.all.push(line);
    const prefix = wildcardToPrefix(line.line.destination);
    if (!prefix) {
      this.scattered.push(line);
      return;
    }
    let byNetwork = this.byLength[prefix.length];
    if (!byNetwork) {
      byNetwork = new Map();
      this.byLength[prefix.length] = byNetwork;
      this.lengths = [...this.lengths, prefix.length].sort((a, b) => a - b);
    }
    pushAt(byNetwork, prefix.network, line);
    // Lines mostly come in address order: the insertion point is then the end.
    const keyed = { network: prefix.network, length: prefix.length, line };
    const last = this.sorted[this.sorted.length - 1];
    if (!last || last.network <= prefix.network) {
      this.sorted.push(keyed);
    } else {
      this.sorted.splice(this.lowerBound(prefix.network + 1), 0, keyed);
    }
  }

  /** The first position in `sorted` whose network is at least `network`. */
  private lowerBound(network: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.network < network) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Calls `visit` with each earlier line whose destination may meet `line`'s (once each). */
  forCandidates(line: AclEntry, visit: (c: EarlierLine) => void): void {
    const prefix = wildcardToPrefix(line.destination);
    if (!prefix) {
      this.all.forEach(visit);
      return;
    }
    this.scattered.forEach(visit);
    // Wider or equal destinations.
    for (const length of this.lengths) {
      if (length > prefix.length) {
        break;
      }
      const network = (prefix.network & prefixToMask(length)) >>> 0;
      this.byLength[length]!.get(network)?.forEach(visit);
    }
    // Narrower destinations: their networks fall inside this one's.
    const last = (prefix.network | ~prefixToMask(prefix.length)) >>> 0;
    for (let i = this.lowerBound(prefix.network); i < this.sorted.length; i++) {
      const k = this.sorted[i]!;
      if (k.network > last) {
        break;
      }
      if (k.length > prefix.length) {
        visit(k.line);
      }
    }
  }
}

/** True when every packet `inner` matches, `outer` matches too (ports and protocols included). */
export function ruleCovers(outer: AclEntry, inner: AclEntry): boolean {
  return boxCovers(boxOfRule(outer), boxOfRule(inner));
}

/** The peers an entry names, as one comparable text. */
function peersKey(entry: CryptoMapEntry): string {
  return entry.peers
    .map((p) => (p.address !== undefined ? String(p.address) : p.hostname))
    .sort()
    .join(",");
}

/**
 * The most box operations spent on one later line: past it the line is left unreported (a
 * pathological ACL, thousands of overlapping non-contiguous lines, costs time, never a hang).
 */
const WORK_LIMIT = 20_000;

/**
 * The most boxes the traffic still unmatched may split into before a line that covers it alone:
 * past it that line is reported as taking all of it (many specific lines before a summary).
 */
const BEFORE_COVER_BOXES = 64;

/** What earlier entries do with a later line's traffic. */
interface Fate {
  /** True when earlier entries for other peers take all of it. */
  whole: boolean;
  takers: Taken[];
}

/** How earlier lines take a line's traffic, read in the order IOS tries them. */
interface Evaluation {
  /** The packets no earlier line takes (disjoint boxes). */
  remaining: TrafficBox[];
  /** The parts the lines of other peers' entries take. */
  takers: Taken[];
  /** True when an entry for the line's own peer takes some of it. */
  sameTook: boolean;
}

/**
 * Runs a line's packets through earlier lines (sorted, those that share packets with it) as IOS
 * does: each entry's ACL in order, first match; a permit takes the packets it matches, a deny (or
 * the end of the ACL) passes them on to the next entry. Undefined past the bounds
 * (`limit` boxes, `WORK_LIMIT`).
 */
function evaluate(
  box: TrafficBox,
  candidates: readonly EarlierLine[],
  peers: string,
  peerKeys: ReadonlyMap<CryptoMapEntry, string>,
  limit: number,
): Evaluation | undefined {
  let remaining: TrafficBox[] = [box];
  const takers: Taken[] = [];
  let sameTook = false;
  let work = 0;
  let k = 0;
  while (k < candidates.length && remaining.length) {
    const entry = candidates[k]!.entry;
    const other = peerKeys.get(entry) !== peers;
    // The packets that reach this entry's ACL and no line of it has matched yet, and those its
    // denies pass on.
    let open = remaining;
    const passed: TrafficBox[] = [];
    for (; k < candidates.length && candidates[k]!.entry === entry; k++) {
      const c = candidates[k]!;
      if (!open.length) {
        continue;
      }
      work += open.length;
      if (work > WORK_LIMIT) {
        return undefined;
      }
      const part = intersectRegion(open, c.box);
      if (!part.length) {
        continue;
      }
      if (c.line.action === "deny") {
        passed.push(...part);
      } else if (other) {
        takers.push({ by: c, part });
      } else {
        sameTook = true;
      }
      const next = subtractFromRegion(open, c.box, limit);
      if (!next) {
        return undefined;
      }
      open = next;
    }
    remaining = open.length ? [...open, ...passed] : passed;
    if (remaining.length > limit) {
      return undefined;
    }
  }
  return { remaining, takers, sameTook };
}

/**
 * What the earlier entries do with a line's traffic: whether entries for other peers take all
 * of it, and which of their lines take which part. Only the earlier lines that share packets with
 * the line can change the answer, so those are all it reads. Undefined when nothing of it goes to
 * another peer, when what goes there is the usual specific-first order, or when the evaluation
 * passes its bounds (then only a line that covers it alone is reported, as before any part).
 */
function fateOf(
  line: AclEntry,
  earlier: EarlierLines,
  peers: string,
  peerKeys: ReadonlyMap<CryptoMapEntry, string>,
): Fate | undefined {
  const box = boxOfRule(line);
  const candidates: EarlierLine[] = [];
  earlier.forCandidates(line, (c) => {
    const l = c.line;
    if (
      (l.protocol === undefined ||
        line.protocol === undefined ||
        l.protocol === line.protocol) &&
      wildcardsIntersect(l.source, line.source) &&
      wildcardsIntersect(l.destination, line.destination) &&
      // Ports only where either line has some: most lines have none.
      ((!l.sourcePort && !l.destinationPort) || boxesIntersect(c.box, box))
    ) {
      candidates.push(c);
    }
  });
  if (!candidates.length) {
    return undefined;
  }
  candidates.sort((a, b) => a.position - b.position || a.index - b.index);
  // The first permit line that covers the line with no deny above it in its ACL taking part of
  // it: whatever reaches its entry goes no further, so the lines after it do not matter.
  let blanket = -1;
  let deniedIn: CryptoMapEntry | undefined;
  for (let k = 0; k < candidates.length && blanket < 0; k++) {
    const c = candidates[k]!;
    if (c.line.action === "deny") {
      deniedIn = c.entry;
    } else if (deniedIn !== c.entry && boxCovers(c.box, box)) {
      blanket = k;
    }
  }
  const cover = blanket >= 0 ? candidates[blanket]! : undefined;
  const coverIsOther = !!cover && peerKeys.get(cover.entry) !== peers;
  if (blanket === 0) {
    // The first line that shares packets with it takes them all (the common case, cheaply).
    return coverIsOther
      ? { whole: true, takers: [{ by: cover!, part: [box] }] }
      : undefined;
  }
  const result = evaluate(
    box,
    cover ? candidates.slice(0, blanket) : candidates,
    peers,
    peerKeys,
    cover ? BEFORE_COVER_BOXES : MAX_REGION_BOXES,
  );
  if (!result) {
    // Too many pieces to follow exactly: a line that covers this one still takes what reaches it.
    return cover && coverIsOther
      ? { whole: true, takers: [{ by: cover, part: [box] }] }
      : undefined;
  }
  const { takers, remaining } = result;
  let sameTook = result.sameTook;
  if (cover && remaining.length) {
    if (coverIsOther) {
      takers.push({ by: cover, part: remaining });
    } else {
      sameTook = true;
    }
  }
  if (!takers.length) {
    return undefined;
  }
  if ((cover || !remaining.length) && !sameTook) {
    // All of it goes to other peers. A line that covers it alone says so best; the more specific
    // lines before it are the usual specific-first order.
    const alone = takers.find((t) => boxCovers(t.by.box, box));
    return { whole: true, takers: alone ? [alone] : takers };
  }
  // Part of the line reaches its own entry (or its own peer): a more specific earlier line wholly
  // inside it is the usual specific-first order; the lines that reach outside it share traffic
  // crosswise.
  const crossing = takers.filter((t) => !boxCovers(box, t.by.box));
  return crossing.length ? { whole: false, takers: crossing } : undefined;
}

/** The earlier entries of a line's takers, each once, in the order IOS tries them. */
function takerEntries(takers: readonly Taken[]): CryptoMapEntry[] {
  return [...new Set(takers.map((t) => t.by.entry))];
}

function computeShadows(model: ConfigModel, map: CryptoMap): ShadowGroup[] {
  const whole: ShadowGroup[] = [];
  const crossed: ShadowGroup[] = [];
  const earlier = new EarlierLines();
  const peerKeys = new Map<CryptoMapEntry, string>();
  map.entries.forEach((entry, position) => {
    const acl = entryAcl(model, entry);
    if (!acl || acl.kind !== "extended" || !entry.peers.length) {
      return;
    }
    const peers = peersKey(entry);
    peerKeys.set(entry, peers);
    // One finding per set of earlier entries that take lines of this one, on the first line.
    const groups = new Map<string, ShadowGroup>();
    for (const line of acl.entries) {
      if (line.action !== "permit") {
        continue;
      }
      const fate = fateOf(line, earlier, peers, peerKeys);
      if (!fate) {
        continue;
      }
      const byEntries = takerEntries(fate.takers);
      const key = `${fate.whole ? "whole" : "crossed"} ${[...new Set(fate.takers.map((t) => t.by.position))].join(",")}`;
      const group = groups.get(key);
      const shadowed = { line, takers: fate.takers };
      if (group) {
        group.lines.push(shadowed);
        continue;
      }
      const created: ShadowGroup = {
        entry,
        acl,
        by: byEntries[0]!,
        byEntries,
        lines: [shadowed],
        ...(fate.whole ? {} : { crossed: true }),
      };
      groups.set(key, created);
      (fate.whole ? whole : crossed).push(created);
    }
    // An ACL with lines the parser could not read may deny before any line: it shadows nothing.
    if (!acl.unreadable.length) {
      acl.entries.forEach((line, index) => {
        earlier.add({
          entry,
          position,
          acl,
          index,
          line,
          box: boxOfRule(line),
        });
      });
    }
  });
  // Per entry, the wholly taken lines first, then the crossed ones.
  const out: ShadowGroup[] = [];
  for (const entry of map.entries) {
    out.push(...whole.filter((g) => g.entry === entry));
    out.push(...crossed.filter((g) => g.entry === entry));
  }
  return out;
}

const SHADOWS = new WeakMap<ConfigModel, Map<CryptoMap, ShadowGroup[]>>();

/** The shadowed lines of a map's entries, grouped per pair of entries, in entry order. */
export function shadowsOf(model: ConfigModel, map: CryptoMap): ShadowGroup[] {
  let byMap = SHADOWS.get(model);
  if (!byMap) {
    byMap = new Map();
    SHADOWS.set(model, byMap);
  }
  let groups = byMap.get(map);
  if (!groups) {
    groups = computeShadows(model, map);
    byMap.set(map, groups);
  }
  return groups;
}

/**
 * The earlier entries that take the permit lines of `entry`, when they take every one: the entry
 * never starts its tunnel from this router. Each once, in the order of the lines they take.
 * Undefined when any of its traffic reaches it (or it permits nothing: that is another finding).
 */
export function entryShadowedBy(
  model: ConfigModel,
  map: CryptoMap,
  entry: CryptoMapEntry,
): CryptoMapEntry[] | undefined {
  // Crossing lines take only part of the traffic: the entry still starts for the rest.
  const groups = shadowsOf(model, map).filter(
    (g) => g.entry === entry && !g.crossed,
  );
  if (!groups.length) {
    return undefined;
  }
  const acl = groups[0]!.acl;
  const permits = acl.entries.filter((e) => e.action === "permit");
  const taken = new Map<AclEntry, CryptoMapEntry>();
  for (const g of groups) {
    for (const { line } of g.lines) {
      taken.set(line, g.by);
    }
  }
  if (!permits.every((p) => taken.has(p))) {
    return undefined;
  }
  return [...new Set(permits.map((p) => taken.get(p)!))];
}
