import type { ConfigNode } from "../config/tree";
import { nodeRange } from "../config/tree";
import type {
  CryptoMap,
  CryptoMapEntry,
  Interface,
  IpsecProfile,
  PeerRef,
  PresharedKey,
} from "../config/model";
import type { Range } from "../text/position";
import {
  interfaceOwning,
  lookupInterface,
  mapInterfaces,
  namesRouter,
  primaryAddress,
  type RouterInfo,
} from "./router";

/**
 * Pairing: which crypto map entry or tunnel interface of one router talks to which of another.
 * An entry of A pairs with B when A's `set peer` is an address of B (an interface address, or the
 * address B's crypto map or tunnel takes as local address) and B has an entry whose peer is A. A
 * dynamic map on B answers any peer. Tunnel interfaces with `tunnel protection` pair by source and
 * destination. What pairs with nothing is kept too, with the reason, because one-sided and
 * misdirected peers are findings of their own.
 */

/** What kind of configuration makes an end of a tunnel. */
export type EndpointKind = "crypto-map" | "dynamic-map" | "tunnel";

/** One end of a tunnel as one router configures it. */
export interface Endpoint {
  router: RouterInfo;
  kind: EndpointKind;
  /** Unique within the router. */
  id: string;
  /** How a person names it: `crypto map mjlnetmap 10`, `interface Tunnel21`. */
  label: string;
  map?: CryptoMap;
  entry?: CryptoMapEntry;
  peer?: PeerRef;
  tunnel?: Interface;
  ipsecProfile?: IpsecProfile;
  /** The source address the config names (`crypto map X local-address`, `tunnel source`). */
  explicitLocal?: number;
  /** The address of the interface the crypto map is applied to. */
  interfaceLocal?: number;
  /** The address it points at (`set peer`, `tunnel destination`). */
  remote?: number;
  /** A hostname it points at instead of an address. */
  remoteName?: string;
  /** The line a pairing finding points at. */
  anchor: Range;
  anchorNode: ConfigNode;
}

/** Why the far end of a pair is missing. */
export type MissingReason =
  /** The address belongs to no router of the workspace (the peer may be outside it). */
  | "outside"
  /** The address belongs to no router, while a router that points back exists. */
  | "misdirected"
  /** The peer router exists but has no entry pointing back. */
  | "one-sided";

/** Two ends that talk to each other, or one end and why its peer is missing. */
export interface TunnelPair {
  key: string;
  kind: "crypto-map" | "tunnel";
  /** Always an end that initiates: a static crypto map entry or a tunnel interface. */
  a: Endpoint;
  /** The other end; for a misdirected pair, the end that points back at `a`. */
  b?: Endpoint;
  /** The router `a` points at, when one owns the address. */
  peerRouter?: RouterInfo;
  /** `b` answers through a dynamic crypto map, so it never initiates. */
  dynamic: boolean;
  missing?: MissingReason;
  /** Misdirected pairs: the address `a` should point at. */
  shouldBe?: number;
  /** One-sided pairs: the line of the peer router `a` points at. */
  peerLine?: ConfigNode;
  /** One-sided tunnels: the peer's tunnel toward `a`, shut down. */
  peerShutTunnel?: Interface;
}

/** A key whose address belongs to no router while a router that points back at its owner exists. */
export interface MisdirectedKey {
  router: RouterInfo;
  key: PresharedKey;
  /** The end on the other router that points at `router`. */
  intended: Endpoint;
  shouldBe: number;
}

/** The pairing of a workspace. */
export interface Pairing {
  pairs: TunnelPair[];
  misdirectedKeys: MisdirectedKey[];
  /** Every end of every router, for lookups by the report and the code lenses. */
  endpoints: Map<RouterInfo, RouterEndpoints>;
}

/** The ends one router configures. */
export interface RouterEndpoints {
  /** Ends that can initiate: static crypto map peers and tunnel interfaces that are up. */
  statics: Endpoint[];
  /** Dynamic crypto map entries, which only answer. */
  dynamics: Endpoint[];
  /** Tunnel interfaces with protection that are shut down (they take no part). */
  shutTunnels: Interface[];
}

/** The ends a router configures. */
export function collectEndpoints(router: RouterInfo): RouterEndpoints {
  const statics: Endpoint[] = [];
  const dynamics: Endpoint[] = [];
  const shutTunnels: Interface[] = [];
  const model = router.model;
  for (const map of model.cryptoMaps.values()) {
    const explicitLocal = map.localAddress
      ? primaryAddress(lookupInterface(router, map.localAddress))
      : undefined;
    const interfaceLocal = primaryAddress(mapInterfaces(router, map)[0]);
    for (const entry of map.entries) {
      if (entry.mode === "ipsec-isakmp") {
        entry.peers.forEach((peer, i) => {
          statics.push({
            router,
            kind: "crypto-map",
            id: `map:${map.name}:${entry.sequence}:${i}`,
            label: `crypto map ${map.name} ${entry.sequence}`,
            map,
            entry,
            peer,
            explicitLocal,
            interfaceLocal,
            remote: peer.address,
            remoteName: peer.hostname,
            anchor: peer.range,
            anchorNode: peer.node,
          });
        });
      } else if (entry.mode === "dynamic" && entry.dynamicMap) {
        const dynamicMap = model.dynamicMaps.get(entry.dynamicMap.name);
        for (const dynamicEntry of dynamicMap?.entries ?? []) {
          dynamics.push({
            router,
            kind: "dynamic-map",
            id: `dyn:${map.name}:${entry.sequence}:${dynamicEntry.map}:${dynamicEntry.sequence}`,
            label: `crypto dynamic-map ${dynamicEntry.map} ${dynamicEntry.sequence}`,
            map,
            entry: dynamicEntry,
            explicitLocal,
            interfaceLocal,
            anchor: nodeRange(dynamicEntry.node),
            anchorNode: dynamicEntry.node,
          });
        }
      }
    }
  }
  for (const iface of model.interfaces) {
    const t = iface.tunnel;
    if (!t.protection || !t.destination) {
      continue;
    }
    if (iface.shutdown) {
      shutTunnels.push(iface);
      continue;
    }
    const source =
      t.source?.address ??
      primaryAddress(lookupInterface(router, t.source?.interface));
    statics.push({
      router,
      kind: "tunnel",
      id: `tunnel:${iface.key}`,
      label: `interface ${iface.name}`,
      tunnel: iface,
      ipsecProfile: model.ipsecProfiles.find(
        (p) => p.name === t.protection!.name,
      ),
      explicitLocal: source,
      interfaceLocal: source,
      remote: t.destination.address,
      remoteName: t.destination.hostname,
      anchor: nodeRange(t.destination.node),
      anchorNode: t.destination.node,
    });
  }
  return { statics, dynamics, shutTunnels };
}

/**
 * True when two configs sit in the same folder. Labs often keep variants of the same routers
 * (same addresses) in sibling folders; a peer in the same folder is the likelier partner.
 */
export function sameFolder(a: RouterInfo, b: RouterInfo): boolean {
  const dir = (uri: string) => uri.slice(0, uri.lastIndexOf("/") + 1);
  return dir(a.uri) === dir(b.uri);
}

/** True when an end points at the router (by address or by name). */
export function pointsAt(end: Endpoint, router: RouterInfo): boolean {
  if (end.remote !== undefined) {
    return router.addresses.has(end.remote);
  }
  return end.remoteName !== undefined && namesRouter(router, end.remoteName);
}

/**
 * The address an end uses toward its peer: the local address its config names, else the address
 * the peer points at when that is one of this router's (the crypto map interface is then a
 * single-config matter), else the crypto map interface's address.
 */
export function effectiveAddress(
  end: Endpoint,
  other: Endpoint | undefined,
): number | undefined {
  if (end.explicitLocal !== undefined) {
    return end.explicitLocal;
  }
  if (other?.remote !== undefined && end.router.addresses.has(other.remote)) {
    return other.remote;
  }
  return end.interfaceLocal;
}

/** Pairs the ends of every router of the workspace. */
export function pairRouters(routers: readonly RouterInfo[]): Pairing {
  const endpoints = new Map<RouterInfo, RouterEndpoints>();
  const byAddress = new Map<number, RouterInfo[]>();
  for (const router of routers) {
    endpoints.set(router, collectEndpoints(router));
    for (const address of router.addresses) {
      const owners = byAddress.get(address);
      if (owners) {
        owners.push(router);
      } else {
        byAddress.set(address, [router]);
      }
    }
  }
  const targetsOf = (end: Endpoint): RouterInfo[] => {
    if (end.remote !== undefined) {
      return (byAddress.get(end.remote) ?? []).filter((r) => r !== end.router);
    }
    if (end.remoteName !== undefined) {
      const name = end.remoteName;
      return routers.filter((r) => r !== end.router && namesRouter(r, name));
    }
    return [];
  };
  const sameKind = (e: Endpoint, f: Endpoint): boolean =>
    (e.kind === "tunnel") === (f.kind === "tunnel");
  const used = new Set<Endpoint>();
  const pairs: TunnelPair[] = [];
  const keys = new Set<string>();
  const addPair = (pair: Omit<TunnelPair, "key" | "kind">): void => {
    const aKey = `${pair.a.router.uri}#${pair.a.id}`;
    const bKey = pair.b ? `${pair.b.router.uri}#${pair.b.id}` : "";
    const key = [aKey, bKey].sort().join("|");
    if (keys.has(key)) {
      return;
    }
    keys.add(key);
    pairs.push({
      ...pair,
      key,
      kind: pair.a.kind === "tunnel" ? "tunnel" : "crypto-map",
    });
  };
  const allStatics = routers.flatMap((r) => endpoints.get(r)!.statics);

  // Pass 1: ends that point at each other. An end already paired may pair again (a router with
  // two entries for the same peer), but a fresh partner is preferred.
  for (const e of allStatics) {
    if (used.has(e)) {
      continue;
    }
    let best: { f: Endpoint; score: number } | undefined;
    for (const target of targetsOf(e)) {
      for (const f of endpoints.get(target)!.statics) {
        if (!sameKind(e, f) || !pointsAt(f, e.router)) {
          continue;
        }
        const fLocal = f.explicitLocal ?? f.interfaceLocal;
        const eLocal = e.explicitLocal ?? e.interfaceLocal;
        const score =
          (sameFolder(e.router, f.router) ? 8 : 0) +
          (used.has(f) ? 0 : 4) +
          (e.remote !== undefined && fLocal === e.remote ? 2 : 0) +
          (f.remote !== undefined && f.remote === eLocal ? 1 : 0);
        if (!best || score > best.score) {
          best = { f, score };
        }
      }
    }
    if (best) {
      used.add(e);
      used.add(best.f);
      addPair({ a: e, b: best.f, peerRouter: best.f.router, dynamic: false });
    }
  }

  // Pass 2: an end that points at an address nobody owns, while an unpaired end points back.
  for (const e of allStatics) {
    if (used.has(e) || targetsOf(e).length) {
      continue;
    }
    const intendedFor = (f: Endpoint) =>
      f.router !== e.router &&
      !used.has(f) &&
      sameKind(e, f) &&
      pointsAt(f, e.router);
    const intended =
      allStatics.find(
        (f) => intendedFor(f) && sameFolder(f.router, e.router),
      ) ?? allStatics.find(intendedFor);
    const shouldBe = intended
      ? (intended.explicitLocal ?? intended.interfaceLocal)
      : undefined;
    if (intended && shouldBe !== undefined) {
      used.add(e);
      used.add(intended);
      addPair({
        a: e,
        b: intended,
        peerRouter: intended.router,
        dynamic: false,
        missing: "misdirected",
        shouldBe,
      });
    }
  }

  // Pass 3: what is left answers through a dynamic map, points at a router that does not point
  // back, or points outside the workspace.
  for (const e of allStatics) {
    if (used.has(e)) {
      continue;
    }
    const targets = targetsOf(e);
    const target = targets.find((t) => sameFolder(t, e.router)) ?? targets[0];
    if (!target) {
      addPair({ a: e, dynamic: false, missing: "outside" });
      continue;
    }
    const peerEnds = endpoints.get(target)!;
    if (e.kind === "crypto-map" && peerEnds.dynamics.length) {
      const onInterface =
        e.remote !== undefined
          ? peerEnds.dynamics.find((d) =>
              mapInterfaces(target, d.map!).some((i) =>
                i.addresses.some((a) => a.address === e.remote),
              ),
            )
          : undefined;
      addPair({
        a: e,
        b: onInterface ?? peerEnds.dynamics[0],
        peerRouter: target,
        dynamic: true,
      });
      continue;
    }
    const shutTunnel =
      e.kind === "tunnel"
        ? peerEnds.shutTunnels.find((t) => {
            const d = t.tunnel.destination;
            return d?.address !== undefined
              ? e.router.addresses.has(d.address)
              : d?.hostname !== undefined && namesRouter(e.router, d.hostname);
          })
        : undefined;
    const shutNode = shutTunnel?.node.children.find(
      (c) => !c.negated && c.words[0]?.text.toLowerCase() === "shutdown",
    );
    const owning =
      e.remote !== undefined ? interfaceOwning(target, e.remote) : undefined;
    const addressLine = owning?.addresses.find(
      (a) => a.address === e.remote,
    )?.node;
    addPair({
      a: e,
      peerRouter: target,
      dynamic: false,
      missing: "one-sided",
      peerShutTunnel: shutTunnel,
      peerLine:
        shutNode ??
        addressLine ??
        target.model.hostname?.node ??
        target.model.tree.roots[0],
    });
  }

  return {
    pairs,
    misdirectedKeys: misdirectedKeys(routers, endpoints, byAddress),
    endpoints,
  };
}

/**
 * Keys written for an address no router owns, on a router that another router points at while
 * no key of its own covers that router's address: the key was most likely meant for it.
 */
function misdirectedKeys(
  routers: readonly RouterInfo[],
  endpoints: Map<RouterInfo, RouterEndpoints>,
  byAddress: Map<number, RouterInfo[]>,
): MisdirectedKey[] {
  const out: MisdirectedKey[] = [];
  for (const router of routers) {
    const keys = [
      ...router.model.globalKeys,
      ...router.model.keyrings.flatMap((k) => k.keys),
    ];
    const addressKeys = keys.filter((k) => k.address);
    const covers = (address: number): boolean =>
      addressKeys.some(
        (k) =>
          (address & k.address!.mask) >>> 0 ===
          (k.address!.address & k.address!.mask) >>> 0,
      );
    for (const key of addressKeys) {
      const { address, mask } = key.address!;
      if (mask !== 0xffffffff || address === 0 || byAddress.has(address)) {
        continue;
      }
      const others = [
        ...routers.filter((r) => r !== router && sameFolder(r, router)),
        ...routers.filter((r) => r !== router && !sameFolder(r, router)),
      ];
      for (const other of others) {
        const intended = endpoints
          .get(other)!
          .statics.find((f) => pointsAt(f, router));
        const shouldBe = intended
          ? (intended.explicitLocal ?? intended.interfaceLocal)
          : undefined;
        if (intended && shouldBe !== undefined && !covers(shouldBe)) {
          out.push({ router, key, intended, shouldBe });
          break;
        }
      }
    }
  }
  return out;
}
