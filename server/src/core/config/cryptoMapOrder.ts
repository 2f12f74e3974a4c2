import type { PortMatch } from "../ipv4/acl";
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
  /** By prefix length, then network. */
  private readonly byLength: (Map<number, EarlierLine[]> | undefined)[] = [];
  /** The prefix lengths that hold lines, ascending. */
  private lengths: number[] = [];
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
    const list = byNetwork.get(prefix.network);
    if (list) {
      list.push(line);
    } else {
      byNetwork.set(prefix.network, [line]);
    }
  }

  /** Calls `visit` with each earlier line whose destination may cover `line`'s. */
  forCandidates(line: AclEntry, visit: (c: EarlierLine) => void): void {
    const prefix = wildcardToPrefix(line.destination);
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

function computeShadows(model: ConfigModel, map: CryptoMap): ShadowGroup[] {
  const out: ShadowGroup[] = [];
  const earlier = new EarlierLines();
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
    for (const line of acl.entries) {
      if (line.action !== "permit") {
        continue;
      }
      let first: EarlierLine | undefined;
      earlier.forCandidates(line, (c) => {
        if (
          c.entry !== entry &&
          (!first ||
            c.entry.sequence < first.entry.sequence ||
            (c.entry.sequence === first.entry.sequence &&
              c.index < first.index)) &&
          peerKeys.get(c.entry) !== peers &&
          ruleCovers(c.line, line) &&
          effective(c.acl, c.index, line)
        ) {
          first = c;
        }
      });
      if (first) {
        const list = shadowed.get(first.entry);
        if (list) {
          list.push([line, first]);
        } else {
          shadowed.set(first.entry, [[line, first]]);
        }
      }
    }
    for (const [by, lines] of shadowed) {
      out.push({ entry, acl, by, lines });
    }
    // An ACL with lines the parser could not read may deny before any line: it shadows nothing.
    if (!acl.unreadable.length) {
      acl.entries.forEach((line, index) => {
        if (line.action === "permit") {
          earlier.add({ entry, acl, index, line });
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
  const groups = shadowsOf(model, map).filter((g) => g.entry === entry);
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
