import type { AclRule, PortMatch } from "../ipv4/acl";
import {
  prefixToMask,
  wildcardCovers,
  wildcardsIntersect,
  wildcardToPrefix,
} from "../ipv4/address";
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

/** The lines of one entry that one earlier entry takes, each with the earlier line that takes it. */
export interface ShadowGroup {
  entry: CryptoMapEntry;
  acl: AccessList;
  /** The earlier entry (another peer) that takes the lines. */
  by: CryptoMapEntry;
  lines: [AclEntry, EarlierLine][];
  /**
   * True when the earlier lines take only part of each line's traffic, crosswise: wider on one
   * side and narrower on the other (a more specific earlier line wholly inside is the usual
   * specific-first order, and not reported).
   */
  crossed?: boolean;
}

/** A permit line of an earlier entry, as a candidate to shadow later lines. */
export interface EarlierLine {
  entry: CryptoMapEntry;
  acl: AccessList;
  /** Its position in its ACL. */
  index: number;
  line: AclEntry;
}

/**
 * The permit lines of the entries read so far, by destination prefix, so that a later line
 * finds the lines that may cover it with one lookup per prefix length in use instead of a scan
 * of a hub's thousands of lines. Lines whose destination is not a prefix are always candidates.
 */
class EarlierLines {
  constructor(
    /** The side of a line the index is keyed by. */
    private readonly side: "source" | "destination" = "destination",
  ) {}

  /** By prefix length, then network. */
  private readonly byLength: (Map<number, EarlierLine[]> | undefined)[] = [];
  /** The prefix lengths that hold lines, ascending. */
  private lengths: number[] = [];
  private readonly scattered: EarlierLine[] = [];
  private readonly all: EarlierLine[] = [];

  add(line: EarlierLine): void {
    this.all.push(line);
    const prefix = wildcardToPrefix(line.line[this.side]);
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
    const list = byNetwork.get(prefix.network);
    if (list) {
      list.push(line);
    } else {
      byNetwork.set(prefix.network, [line]);
    }
  }

  /** Calls `visit` with each earlier line whose keyed side may cover `line`'s. */
  forCandidates(line: AclEntry, visit: (c: EarlierLine) => void): void {
    const prefix = wildcardToPrefix(line[this.side]);
    if (!prefix) {
      this.all.forEach(visit);
      return;
    }
    this.scattered.forEach(visit);
    for (const length of this.lengths) {
      if (length > prefix.length) {
        break;
      }
      const network = (prefix.network & prefixToMask(length)) >>> 0;
      this.byLength[length]!.get(network)?.forEach(visit);
    }
  }
}

/** True when port conditions `outer` admit every port `inner` does (no condition admits all). */
function portsCover(
  outer: PortMatch | undefined,
  inner: PortMatch | undefined,
): boolean {
  return (
    !outer ||
    (inner !== undefined &&
      outer.op === inner.op &&
      outer.ports.join() === inner.ports.join())
  );
}

/** True when every packet `inner` matches, `outer` matches too. */
export function ruleCovers(outer: AclEntry, inner: AclEntry): boolean {
  return (
    (outer.protocol === undefined || outer.protocol === inner.protocol) &&
    wildcardCovers(outer.source, inner.source) &&
    wildcardCovers(outer.destination, inner.destination) &&
    portsCover(outer.sourcePort, inner.sourcePort) &&
    portsCover(outer.destinationPort, inner.destinationPort)
  );
}

/** True when some packet may match both (ports are not compared: a deny may take part). */
function rulesMayIntersect(a: AclEntry, b: AclEntry): boolean {
  return (
    (a.protocol === undefined ||
      b.protocol === undefined ||
      a.protocol === b.protocol) &&
    wildcardsIntersect(a.source, b.source) &&
    wildcardsIntersect(a.destination, b.destination)
  );
}

/** The peers an entry names, as one comparable text. */
function peersKey(entry: CryptoMapEntry): string {
  return entry.peers
    .map((p) => (p.address !== undefined ? String(p.address) : p.hostname))
    .sort()
    .join(",");
}

/** True when no line before `index` of the ACL is a deny that may take part of `line` away. */
function effective(acl: AccessList, index: number, line: AclEntry): boolean {
  for (let k = 0; k < index; k++) {
    const before = acl.entries[k]!;
    if (before.action === "deny" && rulesMayIntersect(before, line)) {
      return false;
    }
  }
  return true;
}

/**
 * True when `c` (earlier) and `l` (later) share traffic crosswise: both sides prefixes, each
 * side of one within the other's, `c` wider on one side and narrower on the other. Ports and
 * protocols must agree or be open (`ip`, no port condition) on one of the two.
 */
function crosses(c: AclEntry, l: AclEntry): boolean {
  if (
    !rulesMayIntersect(c, l) ||
    !portsNest(c.sourcePort, l.sourcePort) ||
    !portsNest(c.destinationPort, l.destinationPort) ||
    !wildcardToPrefix(c.source) ||
    !wildcardToPrefix(c.destination) ||
    !wildcardToPrefix(l.source) ||
    !wildcardToPrefix(l.destination)
  ) {
    return false;
  }
  const srcWider =
    wildcardCovers(c.source, l.source) && !wildcardCovers(l.source, c.source);
  const srcNarrower =
    wildcardCovers(l.source, c.source) && !wildcardCovers(c.source, l.source);
  const dstWider =
    wildcardCovers(c.destination, l.destination) &&
    !wildcardCovers(l.destination, c.destination);
  const dstNarrower =
    wildcardCovers(l.destination, c.destination) &&
    !wildcardCovers(c.destination, l.destination);
  return (srcWider && dstNarrower) || (srcNarrower && dstWider);
}

/** True when one port condition admits every port of the other (or either has none). */
function portsNest(
  a: PortMatch | undefined,
  b: PortMatch | undefined,
): boolean {
  return portsCover(a, b) || portsCover(b, a);
}

/** The traffic two crossing lines share: the narrower side of each, the narrower ports. */
export function sharedTraffic(
  c: AclEntry,
  l: AclEntry,
): AclRule & {
  protocolWord: string;
} {
  const narrow = <T>(x: T | undefined, y: T | undefined): T | undefined =>
    x ?? y;
  const protocolFrom = c.protocol !== undefined ? c : l;
  return {
    action: "permit",
    protocol: protocolFrom.protocol,
    protocolWord: protocolFrom.protocolWord,
    source: wildcardCovers(c.source, l.source) ? l.source : c.source,
    destination: wildcardCovers(c.destination, l.destination)
      ? l.destination
      : c.destination,
    sourcePort: narrow(l.sourcePort, c.sourcePort),
    destinationPort: narrow(l.destinationPort, c.destinationPort),
  };
}

function computeShadows(model: ConfigModel, map: CryptoMap): ShadowGroup[] {
  const out: ShadowGroup[] = [];
  const earlier = new EarlierLines();
  // The same lines keyed by source: a crossing line may have the narrower destination.
  const bySource = new EarlierLines("source");
  const peerKeys = new Map<CryptoMapEntry, string>();
  for (const entry of map.entries) {
    const acl = entry.matchAddress
      ? model.acls.get(entry.matchAddress.name)
      : undefined;
    if (!acl || acl.kind !== "extended" || !entry.peers.length) {
      continue;
    }
    const peers = peersKey(entry);
    peerKeys.set(entry, peers);
    // One finding per earlier entry that shadows lines of this one, on the first of them.
    const shadowed = new Map<CryptoMapEntry, [AclEntry, EarlierLine][]>();
    const crossed = new Map<CryptoMapEntry, [AclEntry, EarlierLine][]>();
    /** The first earlier line, for another peer, that passes `test` against `line`. */
    const firstOf = (
      line: AclEntry,
      indexes: readonly EarlierLines[],
      test: (c: AclEntry, l: AclEntry) => boolean,
    ): EarlierLine | undefined => {
      let first: EarlierLine | undefined;
      const visit = (c: EarlierLine): void => {
        if (
          c.entry !== entry &&
          (!first ||
            c.entry.sequence < first.entry.sequence ||
            (c.entry.sequence === first.entry.sequence &&
              c.index < first.index)) &&
          peerKeys.get(c.entry) !== peers &&
          test(c.line, line) &&
          effective(c.acl, c.index, line)
        ) {
          first = c;
        }
      };
      for (const index of indexes) {
        index.forCandidates(line, visit);
      }
      return first;
    };
    const record = (
      groups: Map<CryptoMapEntry, [AclEntry, EarlierLine][]>,
      line: AclEntry,
      by: EarlierLine,
    ): void => {
      const list = groups.get(by.entry);
      if (list) {
        list.push([line, by]);
      } else {
        groups.set(by.entry, [[line, by]]);
      }
    };
    for (const line of acl.entries) {
      if (line.action !== "permit") {
        continue;
      }
      const first = firstOf(line, [earlier], ruleCovers);
      if (first) {
        record(shadowed, line, first);
        continue;
      }
      // A crossing line has the wider destination (found by destination) or the wider source.
      const cross = firstOf(line, [earlier, bySource], crosses);
      if (cross) {
        record(crossed, line, cross);
      }
    }
    for (const [by, lines] of shadowed) {
      out.push({ entry, acl, by, lines });
    }
    for (const [by, lines] of crossed) {
      out.push({ entry, acl, by, lines, crossed: true });
    }
    // An ACL with lines the parser could not read may deny before any line: it shadows nothing.
    if (!acl.unreadable.length) {
      acl.entries.forEach((line, index) => {
        if (line.action === "permit") {
          const added = { entry, acl, index, line };
          earlier.add(added);
          bySource.add(added);
        }
      });
    }
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
 * The earlier entry that takes the first permit line of `entry`, when earlier entries take every
 * one of its permit lines: the entry never starts its tunnel from this router. Undefined when any
 * of its traffic reaches it (or it permits nothing: that is another finding).
 */
export function entryShadowedBy(
  model: ConfigModel,
  map: CryptoMap,
  entry: CryptoMapEntry,
): CryptoMapEntry | undefined {
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
    for (const [line] of g.lines) {
      taken.set(line, g.by);
    }
  }
  return permits.every((p) => taken.has(p))
    ? taken.get(permits[0]!)
    : undefined;
}
