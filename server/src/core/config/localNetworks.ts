import type { CryptoView } from "./cryptoPeers";
import type { Interface } from "./model";
import { prefixToMask, type Prefix, type WildcardMatch } from "../ipv4/address";

/**
 * Questions about a router's own networks (`CryptoView.localNetworks`) that crypto ACL checks ask
 * once per ACL entry. A 100,000-line config has thousands of interface networks and thousands of
 * crypto ACL entries, so scanning the networks per entry is quadratic; the index below is built
 * once per view and answers each question with a few map lookups.
 */

/** A local network: an address of an interface that is up. */
export type LocalNetwork = CryptoView["localNetworks"][number];

interface LocalNetworkIndex {
  /** Prefix lengths that occur among the networks, ascending. */
  lengths: number[];
  /** By length: network (as a signed 32-bit key) → first position of a network of exactly that prefix. */
  exact: Map<number, number>[];
  /** By length L, built on first use: network masked to L → first position of a network at least L long. */
  within: (Map<number, number> | undefined)[];
  /** Built on first use (only crypto ACLs with `any` ask): the networks that can be a LAN. */
  lans?: LanCandidates;
}

interface LanCandidates {
  /** Positions of the networks shorter than /32 and not on a loopback. */
  positions: number[];
  /** How many of them each interface holds. */
  byInterface: Map<Interface, number>;
}

const INDEXES = new WeakMap<CryptoView, LocalNetworkIndex>();

const LOOPBACK = /^loopback/i;

function indexOf(view: CryptoView): LocalNetworkIndex {
  let index = INDEXES.get(view);
  if (index) {
    return index;
  }
  const exact: Map<number, number>[] = [];
  const present: boolean[] = [];
  view.localNetworks.forEach((n, i) => {
    const { network, length } = n.prefix;
    const map = (exact[length] ??= new Map());
    const key = (network & prefixToMask(length)) | 0;
    if (!map.has(key)) {
      map.set(key, i);
    }
    present[length] = true;
  });
  const lengths: number[] = [];
  for (let l = 0; l <= 32; l++) {
    if (present[l]) {
      lengths.push(l);
    }
  }
  index = { lengths, exact, within: [] };
  INDEXES.set(view, index);
  return index;
}

function withinOf(
  view: CryptoView,
  index: LocalNetworkIndex,
  length: number,
): Map<number, number> {
  let map = index.within[length];
  if (!map) {
    map = new Map();
    const mask = prefixToMask(length);
    view.localNetworks.forEach((n, i) => {
      if (n.prefix.length < length) {
        return;
      }
      const key = (n.prefix.network & mask) | 0;
      if (!map!.has(key)) {
        map!.set(key, i);
      }
    });
    index.within[length] = map;
  }
  return map;
}

/**
 * The first local network (in the view's order) that shares an address with the match, or
 * undefined; `any` touches none by convention (it is not a statement about local networks).
 */
export function localNetworkOf(
  view: CryptoView,
  match: WildcardMatch,
): LocalNetwork | undefined {
  if (match.wildcard === 0xffffffff) {
    return undefined;
  }
  const mask = ~match.wildcard >>> 0;
  const inverted = match.wildcard >>> 0;
  if ((inverted & (inverted + 1)) !== 0) {
    // A non-contiguous wildcard is rare: scan, without allocating per network.
    return view.localNetworks.find((n) => {
      const fixed = (prefixToMask(n.prefix.length) & mask) >>> 0;
      return (n.prefix.network & fixed) >>> 0 === (match.address & fixed) >>> 0;
    });
  }
  // A contiguous wildcard is 2^k - 1: its leading zeros are the prefix length.
  const length = Math.clz32(inverted);
  // Two prefixes intersect when one holds the other: a network no longer than the match that
  // holds its address, or a network at least as long that lies inside it.
  const index = indexOf(view);
  let best = Infinity;
  for (const l of index.lengths) {
    if (l > length) {
      break;
    }
    const i = index.exact[l]!.get((match.address & prefixToMask(l)) | 0);
    if (i !== undefined && i < best) {
      best = i;
    }
  }
  const inside = withinOf(view, index, length).get(match.address | 0);
  if (inside !== undefined && inside < best) {
    best = inside;
  }
  return best === Infinity ? undefined : view.localNetworks[best];
}

function lanCandidates(
  view: CryptoView,
  index: LocalNetworkIndex,
): LanCandidates {
  if (!index.lans) {
    const positions: number[] = [];
    const byInterface = new Map<Interface, number>();
    const loopback = new Map<Interface, boolean>();
    view.localNetworks.forEach((n, i) => {
      if (n.prefix.length >= 32) {
        return;
      }
      let isLoopback = loopback.get(n.iface);
      if (isLoopback === undefined) {
        isLoopback = LOOPBACK.test(n.iface.key);
        loopback.set(n.iface, isLoopback);
      }
      if (!isLoopback) {
        positions.push(i);
        byInterface.set(n.iface, (byInterface.get(n.iface) ?? 0) + 1);
      }
    });
    index.lans = { positions, byInterface };
  }
  return index.lans;
}

/**
 * The single LAN network of the router when there is exactly one: up, shorter than /32, not on a
 * loopback and not on one of `excluded` (the crypto interfaces, which face the peer).
 */
export function singleLanNetwork(
  view: CryptoView,
  excluded: readonly Interface[],
): Prefix | undefined {
  const lans = lanCandidates(view, indexOf(view));
  const skip = new Set(excluded);
  let count = lans.positions.length;
  for (const iface of skip) {
    count -= lans.byInterface.get(iface) ?? 0;
  }
  if (count !== 1) {
    return undefined;
  }
  for (const i of lans.positions) {
    const n = view.localNetworks[i]!;
    if (!skip.has(n.iface)) {
      return n.prefix;
    }
  }
  return undefined;
}
