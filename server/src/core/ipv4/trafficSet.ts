import { wildcardsIntersect, type WildcardMatch } from "./address";
import type { AclRule, PortMatch } from "./acl";

/**
 * Exact sets of packets as ACL entries describe them: a box is a protocol set times a source and
 * a destination wildcard match (non-contiguous too) times a source and a destination port set,
 * and a region is a list of disjoint boxes. Intersection and difference are exact: a wildcard
 * match is a set of addresses with some bits fixed, so the addresses of `a` outside `b` are at
 * most one match per bit that `b` fixes and `a` leaves free (32), and a port set is a list of
 * intervals. A difference of boxes is thus a bounded list of boxes; a region is kept under
 * `MAX_REGION_BOXES`, and an operation that would pass it answers `undefined` (the caller gives
 * up on that question: best effort, never a hang).
 */

/** An inclusive range of ports. */
export type PortInterval = readonly [number, number];

/** Ports as sorted, disjoint, non-adjacent intervals; empty: no port. */
export type PortSet = readonly PortInterval[];

/** The highest port number. */
const MAX_PORT = 65535;

/** Every port (also what a packet without ports, or a line without a condition, has). */
export const ALL_PORTS: PortSet = [[0, MAX_PORT]];

/** The most boxes a region may hold before the operations on it give up. */
export const MAX_REGION_BOXES = 256;

/** The ports a condition admits, as IOS matches them; no condition admits every port. */
export function portSetOf(match: PortMatch | undefined): PortSet {
  if (!match) {
    return ALL_PORTS;
  }
  const [a = 0, b = a] = match.ports;
  switch (match.op) {
    case "eq":
      return normalisePorts(match.ports.map((p) => [p, p] as const));
    case "neq":
      // IOS takes one port after neq; several would each be excluded.
      return subtractPortSets(
        ALL_PORTS,
        normalisePorts(match.ports.map((p) => [p, p] as const)),
      );
    case "lt":
      return a > 0 ? [[0, Math.min(a - 1, MAX_PORT)]] : [];
    case "gt":
      return a < MAX_PORT ? [[a + 1, MAX_PORT]] : [];
    case "range":
      return a <= b ? [[a, Math.min(b, MAX_PORT)]] : [];
  }
}

/** Sorts and merges intervals into a port set. */
function normalisePorts(intervals: readonly PortInterval[]): PortSet {
  const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      last[1] = Math.max(last[1], hi);
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

/** The ports both sets hold. */
export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  const out: PortInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) {
      out.push([lo, hi]);
    }
    if (ahi < bhi) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}

/** The ports of `a` that `b` does not hold. */
export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  const out: PortInterval[] = [];
  for (const [lo, hi] of a) {
    let from = lo;
    for (const [blo, bhi] of b) {
      if (bhi < from || blo > hi) {
        continue;
      }
      if (blo > from) {
        out.push([from, blo - 1]);
      }
      from = bhi + 1;
      if (from > hi) {
        break;
      }
    }
    if (from <= hi) {
      out.push([from, hi]);
    }
  }
  return out;
}

/** True when every port of `inner` is in `outer`. */
export function portSetCovers(outer: PortSet, inner: PortSet): boolean {
  return subtractPortSets(inner, outer).length === 0;
}

/** True when the set holds every port. */
export function isAllPorts(set: PortSet): boolean {
  return set.length === 1 && set[0]![0] === 0 && set[0]![1] === MAX_PORT;
}

/**
 * The port conditions that together admit the set, one per ACL line (IOS writes one condition
 * per side): undefined for every port, `neq` for all but one, else one `eq`, `lt`, `gt` or
 * `range` per interval.
 */
export function portSetToMatches(set: PortSet): PortMatch[] | undefined {
  if (isAllPorts(set)) {
    return undefined;
  }
  const missing = subtractPortSets(ALL_PORTS, set);
  if (missing.length === 1 && missing[0]![0] === missing[0]![1]) {
    return [{ op: "neq", ports: [missing[0]![0]] }];
  }
  return set.map(([lo, hi]): PortMatch => {
    if (lo === hi) {
      return { op: "eq", ports: [lo] };
    }
    if (lo === 0) {
      return { op: "lt", ports: [hi + 1] };
    }
    if (hi === MAX_PORT) {
      return { op: "gt", ports: [lo - 1] };
    }
    return { op: "range", ports: [lo, hi] };
  });
}

/** The addresses two matches share, as one match (wildcard sets are closed under intersection). */
export function intersectWildcardMatches(
  a: WildcardMatch,
  b: WildcardMatch,
): WildcardMatch | undefined {
  if (!wildcardsIntersect(a, b)) {
    return undefined;
  }
  const wildcard = (a.wildcard & b.wildcard) >>> 0;
  // Each address is read under its own wildcard: a match built by hand may carry don't-care bits.
  return {
    address:
      (((a.address & ~a.wildcard) | (b.address & ~b.wildcard)) & ~wildcard) >>>
      0,
    wildcard,
  };
}

/**
 * The addresses of `a` that `b` does not match, as disjoint matches (at most 32). Bits are split
 * from the most significant down, so that a prefix minus a prefix gives prefixes.
 */
export function subtractWildcardMatch(
  a: WildcardMatch,
  b: WildcardMatch,
): WildcardMatch[] {
  if (!wildcardsIntersect(a, b)) {
    return [a];
  }
  // The bits `b` fixes and `a` leaves free: each piece agrees with `b` on the bits split before
  // it and disagrees on its own.
  const split = (~b.wildcard & a.wildcard) >>> 0;
  const out: WildcardMatch[] = [];
  let fixed = 0;
  for (let bit = 31; bit >= 0; bit--) {
    const m = (1 << bit) >>> 0;
    if (!(split & m)) {
      continue;
    }
    const wildcard = (a.wildcard & ~(fixed | m)) >>> 0;
    const address =
      ((a.address & ~a.wildcard) | (b.address & fixed) | (~b.address & m)) &
      ~wildcard;
    out.push({ address: address >>> 0, wildcard });
    fixed = (fixed | m) >>> 0;
  }
  return out;
}

/** Protocols whose packets carry ports that IOS ACLs match (TCP, UDP, SCTP). */
const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132]);

/** A set of packets: the product of a protocol set, two address sets and two port sets. */
export interface TrafficBox {
  /** One protocol, or undefined for every protocol but those in `except`. */
  protocol: number | undefined;
  /** With `protocol` undefined: the protocols left out (sorted); else empty. */
  except: readonly number[];
  source: WildcardMatch;
  destination: WildcardMatch;
  sourcePorts: PortSet;
  destinationPorts: PortSet;
}

/** The packets an ACL entry matches. */
export function boxOfRule(rule: AclRule): TrafficBox {
  // A port condition only means something for a protocol with ports; IOS refuses it elsewhere.
  const ported =
    rule.protocol === undefined || PORT_PROTOCOLS.has(rule.protocol);
  return {
    protocol: rule.protocol,
    except: [],
    source: rule.source,
    destination: rule.destination,
    sourcePorts: ported ? portSetOf(rule.sourcePort) : ALL_PORTS,
    destinationPorts: ported ? portSetOf(rule.destinationPort) : ALL_PORTS,
  };
}

/** The protocols both boxes admit, as a box's two fields; undefined when none. */
function intersectProtocols(
  a: TrafficBox,
  b: TrafficBox,
): Pick<TrafficBox, "protocol" | "except"> | undefined {
  if (a.protocol !== undefined && b.protocol !== undefined) {
    return a.protocol === b.protocol ? a : undefined;
  }
  if (a.protocol !== undefined) {
    return b.except.includes(a.protocol) ? undefined : a;
  }
  if (b.protocol !== undefined) {
    return a.except.includes(b.protocol) ? undefined : b;
  }
  if (!b.except.length) {
    return a;
  }
  if (!a.except.length) {
    return b;
  }
  return {
    protocol: undefined,
    except: [...new Set([...a.except, ...b.except])].sort((x, y) => x - y),
  };
}

/** The packets both boxes hold, or undefined when they share none. */
export function intersectBoxes(
  a: TrafficBox,
  b: TrafficBox,
): TrafficBox | undefined {
  const protocols = intersectProtocols(a, b);
  if (!protocols) {
    return undefined;
  }
  const source = intersectWildcardMatches(a.source, b.source);
  const destination = intersectWildcardMatches(a.destination, b.destination);
  if (!source || !destination) {
    return undefined;
  }
  const sourcePorts = intersectPortSets(a.sourcePorts, b.sourcePorts);
  const destinationPorts = intersectPortSets(
    a.destinationPorts,
    b.destinationPorts,
  );
  if (!sourcePorts.length || !destinationPorts.length) {
    return undefined;
  }
  return {
    protocol: protocols.protocol,
    except: protocols.except,
    source,
    destination,
    sourcePorts,
    destinationPorts,
  };
}

/** True when the boxes share at least one packet. */
export function boxesIntersect(a: TrafficBox, b: TrafficBox): boolean {
  return intersectBoxes(a, b) !== undefined;
}

/**
 * The packets of `a` outside `b`, as disjoint boxes: the protocols `b` leaves out, then within
 * `b`'s protocols the sources outside `b`'s, then the destinations, then the ports. At most a few
 * dozen boxes (32 per address side).
 */
export function subtractBox(a: TrafficBox, b: TrafficBox): TrafficBox[] {
  const shared = intersectProtocols(a, b);
  if (
    !shared ||
    !wildcardsIntersect(a.source, b.source) ||
    !wildcardsIntersect(a.destination, b.destination)
  ) {
    return [a];
  }
  const sharedSourcePorts = intersectPortSets(a.sourcePorts, b.sourcePorts);
  const sharedDestinationPorts = intersectPortSets(
    a.destinationPorts,
    b.destinationPorts,
  );
  if (!sharedSourcePorts.length || !sharedDestinationPorts.length) {
    return [a];
  }
  const out: TrafficBox[] = [];
  // Protocols of `a` that `b` does not admit.
  if (b.protocol !== undefined) {
    if (a.protocol === undefined) {
      out.push({
        ...a,
        except: [...a.except, b.protocol].sort((x, y) => x - y),
      });
    }
  } else if (a.protocol === undefined) {
    for (const p of b.except) {
      if (!a.except.includes(p)) {
        out.push({ ...a, protocol: p, except: [] });
      }
    }
  }
  let cur: TrafficBox = {
    ...a,
    protocol: shared.protocol,
    except: shared.except,
  };
  for (const source of subtractWildcardMatch(cur.source, b.source)) {
    out.push({ ...cur, source });
  }
  cur = { ...cur, source: intersectWildcardMatches(cur.source, b.source)! };
  for (const destination of subtractWildcardMatch(
    cur.destination,
    b.destination,
  )) {
    out.push({ ...cur, destination });
  }
  cur = {
    ...cur,
    destination: intersectWildcardMatches(cur.destination, b.destination)!,
  };
  const otherSourcePorts = subtractPortSets(cur.sourcePorts, b.sourcePorts);
  if (otherSourcePorts.length) {
    out.push({ ...cur, sourcePorts: otherSourcePorts });
  }
  cur = { ...cur, sourcePorts: sharedSourcePorts };
  const otherDestinationPorts = subtractPortSets(
    cur.destinationPorts,
    b.destinationPorts,
  );
  if (otherDestinationPorts.length) {
    out.push({ ...cur, destinationPorts: otherDestinationPorts });
  }
  return out;
}

/** True when every packet of `inner` is in `outer`. */
export function boxCovers(outer: TrafficBox, inner: TrafficBox): boolean {
  if (outer.protocol !== undefined) {
    if (inner.protocol !== outer.protocol) {
      return false;
    }
  } else if (inner.protocol !== undefined) {
    if (outer.except.includes(inner.protocol)) {
      return false;
    }
  } else if (!outer.except.every((p) => inner.except.includes(p))) {
    return false;
  }
  return (
    intersectWildcardMatches(outer.source, inner.source)?.wildcard ===
      inner.source.wildcard &&
    intersectWildcardMatches(outer.destination, inner.destination)?.wildcard ===
      inner.destination.wildcard &&
    portSetCovers(outer.sourcePorts, inner.sourcePorts) &&
    portSetCovers(outer.destinationPorts, inner.destinationPorts)
  );
}

/** The packets of a region (disjoint boxes) that `box` holds. */
export function intersectRegion(
  region: readonly TrafficBox[],
  box: TrafficBox,
): TrafficBox[] {
  const out: TrafficBox[] = [];
  for (const r of region) {
    const shared = intersectBoxes(r, box);
    if (shared) {
      out.push(shared);
    }
  }
  return out;
}

/**
 * The packets of a region outside `box`, as disjoint boxes; undefined when the result would hold
 * more than `limit` boxes (the caller gives up rather than let a pathological ACL grow it).
 */
export function subtractFromRegion(
  region: readonly TrafficBox[],
  box: TrafficBox,
  limit = MAX_REGION_BOXES,
): TrafficBox[] | undefined {
  const out: TrafficBox[] = [];
  for (const r of region) {
    for (const piece of subtractBox(r, box)) {
      if (out.length >= limit) {
        return undefined;
      }
      out.push(piece);
    }
  }
  return out;
}

/**
 * The packets of region `a` outside region `b`; undefined past `limit` boxes, like
 * `subtractFromRegion`.
 */
export function subtractRegions(
  a: readonly TrafficBox[],
  b: readonly TrafficBox[],
  limit = MAX_REGION_BOXES,
): TrafficBox[] | undefined {
  let out: TrafficBox[] | undefined = [...a];
  for (const box of b) {
    if (!out.length) {
      break;
    }
    out = subtractFromRegion(out, box, limit);
    if (!out) {
      return undefined;
    }
  }
  return out;
}
