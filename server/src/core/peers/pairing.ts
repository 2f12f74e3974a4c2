import { pushAt } from "../collections/multiMap";
import type { ConfigNode } from "../config/tree";
import {
  hubNbmas,
  isMultipoint,
  isMultipointSpoke,
  staticNbmaPeers,
} from "../config/dmvpn";
import { nodeRange } from "../config/tree";
import { entryAcl, entryLabel, protectionProfile } from "../config/cryptoPeers";
import { tunnelDestination } from "../config/flexvpn";
import { resolveHost } from "../config/hosts";
import type { AccessList, Interface, PresharedKey } from "../config/model";
import { evaluateAcl, type PortMatch } from "../ipv4/acl";
import { isPrivateAddress } from "../knowledge/addressBlocks";
import { PROTO } from "../knowledge/protocols";
import { formatIpv4 } from "../ipv4/address";
import type { IpAddress } from "../ipv6/address";
import {
  judgeCrossing,
  judgeMutualNat,
  pointsOutFromPrivate,
} from "../nat/crossing";
import type { SpokePairAnalysis } from "./analysis";
import type { Endpoint } from "./endpoint";
import type { PeerIssue } from "./issues";
import { isExactMirror } from "./proxies";
import {
  cryptoMapAddress,
  primaryAddress6,
  routingView,
} from "../config/routingView";
import {
  interfaceOwning,
  lookupInterface,
  mapInterfaces,
  namesRouter,
  primaryAddress,
  protectedTunnels,
  type RouterInfo,
} from "./router";

export { effectiveAddress, type Endpoint, type EndpointKind } from "./endpoint";

/**
 * Pairing: which crypto map entry or tunnel interface of one router talks to which of another.
 * An entry of A pairs with B when A's `set peer` is an address of B (an interface address, or the
 * address B's crypto map or tunnel takes as local address) and B has an entry whose peer is A. A
 * dynamic map on B answers any peer. Tunnel interfaces with `tunnel protection` pair by source and
 * destination. An end that points at a public address its peer does not own, while that peer
 * talks from a private address and points back, pairs too: the address is the NAT device's in
 * front of the peer (`nat/crossing.ts` judges it, as the NAT checks do). Two ends that each point
 * at an address nobody owns from a private address pair when their crypto ACLs are exact mirror
 * images (tunnels: their inner addresses share a subnet): both sit behind NAT, each pointing at
 * the other's NAT device. What pairs with nothing is kept too, with the reason, because one-sided
 * and misdirected peers are findings of their own.
 */

/** Why the far end of a pair is missing. */
export type MissingReason =
  /** The address belongs to no router of the workspace (the peer may be outside it). */
  | "outside"
  /** The address belongs to no router, while a router that points back exists. */
  | "misdirected"
  /** The peer router exists but has no entry pointing back. */
  | "one-sided";

/** A pair whose path crosses NAT: which end sits behind the NAT device, and why we believe so. */
export interface PairNat {
  /** The end behind NAT; "both" when each sits behind a NAT device of its own. */
  behind: "a" | "b" | "both";
  /** One end behind NAT: the address the other end points at, which belongs to the NAT device (absent when the other end points at the end's own address or is a dynamic map). */
  publicAddress?: number;
  /** Both ends behind NAT: each end's NAT device address, which is the address the other end points at. */
  publicAddresses?: { a: number; b: number };
  /** One sentence: the evidence. */
  reason: string;
}

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
  /** Misdirected pairs: the address `a` should point at (of the family `a` points at). */
  shouldBe?: IpAddress;
  /** One-sided pairs: the line of the peer router `a` points at. */
  peerLine?: ConfigNode;
  /** One-sided tunnels: the peer's tunnel toward `a`, shut down. */
  peerShutTunnel?: Interface;
  /**
   * One-sided tunnels: the peer's tunnel toward `a`, up but without `tunnel protection`: its GRE
   * leaves in clear, and `a` (which protects its end) drops it.
   */
  peerPlainTunnel?: Interface;
  /**
   * With `peerPlainTunnel`: the peer's crypto map entry toward `a`, whose ACL selects other
   * traffic than that tunnel's GRE (GRE over IPsec by crypto map, left half done).
   */
  peerPlainMap?: Endpoint;
  /** One-sided crypto map ends: the peer's protected tunnel that points back at `a`'s router. */
  peerProtectedTunnel?: Interface;
  /** Set when the path between `a` and `b` crosses NAT. */
  nat?: PairNat;
  /**
   * Set for two multipoint spokes of one DMVPN cloud: either builds the tunnel to the other after
   * an NHRP resolution, from and to its tunnel source (both ends are their `mgre:` ends).
   */
  spokes?: true;
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
  /**
   * The static ends of `from` that point at `at` (`pointsAt`), in `from`'s order: a lookup, where
   * scanning a hub's thousands of entries once per peer made big hubs quadratic.
   */
  pointing(from: RouterInfo, at: RouterInfo): readonly Endpoint[];
  /** DMVPN clouds too big to pair every two spokes, and how many spokes each spoke met. */
  limitedClouds: LimitedCloud[];
}

/** A DMVPN cloud whose spokes were each paired with their nearest spokes only. */
export interface LimitedCloud {
  spokes: number;
  /** How many other spokes each spoke was paired with. */
  pairsPerSpoke: number;
}

/**
 * A cloud's spokes are paired every two up to 700 spokes (244,650 pairs: about 1.5 s and 130 MB
 * for the first analysis here). Above it a cloud of N spokes would make N(N-1)/2 pairs (2,000
 * spokes: two million, a gigabyte and tens of seconds per analysis), so each spoke is paired with
 * the 64 spokes on either side of it in the cloud's order (a window that wraps around): a spoke's
 * own faults (no key for other spokes, settings the others do not share) still meet other
 * spokes, and the report says so.
 */
export const MESH_LIMITS: MeshLimits = { fullMesh: 700, neighbours: 64 };

/** How far the pairing pairs a DMVPN cloud's spokes with each other (see `MESH_LIMITS`). */
export interface MeshLimits {
  /** The most spokes a cloud may have for every two of them to be paired. */
  fullMesh: number;
  /** Above it, how many spokes on either side of each spoke it is paired with. */
  neighbours: number;
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
  const maps = model.cryptoMaps6.size
    ? [...model.cryptoMaps.values(), ...model.cryptoMaps6.values()]
    : model.cryptoMaps.values();
  for (const map of maps) {
    // An IPv6 map talks from its interface's IPv6 address to IPv6 peers.
    // With `crypto map NAME redundancy GROUP`, an IPv4 map talks from the HSRP virtual address.
    const own = map.ipv6
      ? (i: Interface | undefined) => (i ? primaryAddress6(i) : undefined)
      : (i: Interface | undefined) => (i ? cryptoMapAddress(i) : undefined);
    const explicitLocal = map.localAddress
      ? own(lookupInterface(router, map.localAddress))
      : undefined;
    const interfaces = mapInterfaces(router, map);
    const interfaceLocal = own(interfaces[0]);
    const leased =
      !map.localAddress && interfaces.some((i) => i.dynamicAddress)
        ? { leased: true as const }
        : {};
    const prefix = map.ipv6 ? "map6" : "map";
    for (const entry of map.entries) {
      if (entry.mode === "ipsec-isakmp") {
        entry.peers.forEach((peer, i) => {
          const egress = egressInterface(router, interfaces, peer.address);
          statics.push({
            router,
            kind: "crypto-map",
            id: `${prefix}:${map.name}:${entry.sequence}:${i}`,
            label: entryLabel(entry),
            map,
            entry,
            peer,
            explicitLocal,
            interfaceLocal: egress ? own(egress) : interfaceLocal,
            ...leased,
            remote:
              peer.address ??
              peer.address6 ??
              resolveHost(model, peer.hostname),
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
  for (const iface of protectedTunnels(router)) {
    const t = iface.tunnel;
    if (!t.protection) {
      continue;
    }
    if (iface.shutdown) {
      shutTunnels.push(iface);
      continue;
    }
    // A tunnel over IPv6 (`tunnel mode ... ipv6`, an IPv6 destination) talks from the source's
    // IPv6 address.
    const sourceInterface = lookupInterface(router, t.source?.interface);
    const destination = tunnelDestination(model, iface);
    const source =
      destination?.address6 !== undefined
        ? (t.source?.address6 ??
          (sourceInterface ? primaryAddress6(sourceInterface) : undefined))
        : (t.source?.address ?? primaryAddress(sourceInterface));
    const common = {
      router,
      kind: "tunnel" as const,
      label: `interface ${iface.name}`,
      tunnel: iface,
      ipsecProfile: protectionProfile(model, t.protection),
      explicitLocal: source,
      interfaceLocal: source,
      ...(sourceInterface?.dynamicAddress ? { leased: true as const } : {}),
    };
    if (destination) {
      statics.push({
        ...common,
        id: `tunnel:${iface.key}`,
        remote:
          destination.address ??
          destination.address6 ??
          resolveHost(model, destination.hostname),
        remoteName: destination.hostname,
        anchor: nodeRange(destination.node),
        anchorNode: destination.node,
      });
      continue;
    }
    if (!isMultipoint(iface)) {
      // A virtual template (dynamic VTI): a tunnel is cloned for each peer that connects.
      dynamics.push({
        ...common,
        id: `vt:${iface.key}`,
        label: `interface ${iface.name} (dynamic VTI)`,
        anchor: nodeRange(iface.node),
        anchorNode: iface.node,
      });
      continue;
    }
    // DMVPN: the tunnel starts IKE toward each hub it knows, and answers any spoke that registers.
    for (const hub of staticNbmaPeers(iface)) {
      statics.push({
        ...common,
        id: `tunnel:${iface.key}:${hub.nbma}`,
        remote: hub.nbma,
        anchor: nodeRange(hub.node),
        anchorNode: hub.node,
      });
    }
    dynamics.push({
      ...common,
      id: `mgre:${iface.key}`,
      label: `interface ${iface.name} (multipoint GRE)`,
      anchor: nodeRange(iface.node),
      anchorNode: iface.node,
    });
  }
  return { statics, dynamics, shutTunnels };
}

/** True for a crypto map entry's end and a point-to-point tunnel's, a VTI (`tunnel mode ipsec`) or not as asked. */
function mapFacesTunnel(m: Endpoint, t: Endpoint, vti: boolean): boolean {
  return (
    m.kind === "crypto-map" &&
    m.entry !== undefined &&
    t.kind === "tunnel" &&
    t.tunnel !== undefined &&
    !isMultipoint(t.tunnel) &&
    (t.tunnel.tunnel.mode?.startsWith("ipsec") ?? false) === vti
  );
}

/**
 * True when a crypto map end encrypts the GRE of a protected tunnel end's router toward it: GRE
 * over IPsec by crypto map (a plain GRE tunnel whose packets the crypto ACL selects) facing
 * `tunnel protection` on the other router, as during a migration from one to the other. The two
 * negotiate the same GRE flow, so they pair. A VTI (`tunnel mode ipsec`) or a multipoint tunnel
 * carries no such flow.
 */
function encryptsGreOf(m: Endpoint, t: Endpoint): boolean {
  if (!mapFacesTunnel(m, t, false)) {
    return false;
  }
  const from = m.explicitLocal ?? m.interfaceLocal;
  const to = t.explicitLocal;
  if (typeof from !== "number" || typeof to !== "number" || m.remote !== to) {
    return false;
  }
  const acl = entryAcl(m.router.model, m.entry!);
  return (
    acl?.kind === "extended" &&
    evaluateAcl(acl.entries, {
      protocol: PROTO.GRE,
      source: from,
      destination: to,
    }).action === "permit"
  );
}

/**
 * True when a crypto map end and a static VTI (`tunnel mode ipsec ipv4|ipv6`) point at each
 * other's addresses: a route-based end facing a policy-based one, as during a migration. They do
 * negotiate with each other (and phase 2 judges whether their traffic selectors can meet), so
 * they pair.
 */
function vtiFacesMap(m: Endpoint, t: Endpoint): boolean {
  if (!mapFacesTunnel(m, t, true)) {
    return false;
  }
  const from = m.explicitLocal ?? m.interfaceLocal;
  return (
    from !== undefined &&
    t.remote === from &&
    m.remote !== undefined &&
    m.remote === t.explicitLocal
  );
}

/**
 * A point-to-point tunnel of `router` that is up, has no `tunnel protection` and points at one of
 * `toward`'s addresses (or names it): the end of a protected tunnel whose other end was left
 * without IPsec.
 */
function unprotectedTunnelToward(
  router: RouterInfo,
  toward: RouterInfo,
): Interface | undefined {
  return router.model.interfaces.find((iface) => {
    const t = iface.tunnel;
    if (!t || t.protection || iface.shutdown || isMultipoint(iface)) {
      return false;
    }
    const d = t.destination;
    const address = d?.address ?? d?.address6;
    return address !== undefined
      ? toward.addresses.has(address)
      : d?.hostname !== undefined && namesRouter(toward, d.hostname);
  });
}

/**
 * The interface of a crypto map applied to several that packets to the peer leave by, as the
 * routing table says; undefined when the map is on one interface or the table does not tell
 * (the first interface is then taken). IOS starts IKE from the interface the route points at.
 */
function egressInterface(
  router: RouterInfo,
  interfaces: readonly Interface[],
  peer: number | undefined,
): Interface | undefined {
  if (interfaces.length < 2 || peer === undefined) {
    return undefined;
  }
  return interfaces.find((iface) =>
    routingView(router.model, iface.vrf).lookup(peer)?.exits.includes(iface),
  );
}

/**
 * True when two configs sit in the same folder. Labs often keep variants of the same routers
 * (same addresses) in sibling folders; a peer in the same folder is the likelier partner.
 */
export function sameFolder(a: RouterInfo, b: RouterInfo): boolean {
  return a.folder === b.folder;
}

/** True when an end points at the router (by address or by name). */
export function pointsAt(end: Endpoint, router: RouterInfo): boolean {
  if (end.remote !== undefined) {
    return router.addresses.has(end.remote);
  }
  return end.remoteName !== undefined && namesRouter(router, end.remoteName);
}

const NO_ENDS: readonly Endpoint[] = [];

const ENDPOINTS = new WeakMap<RouterInfo, RouterEndpoints>();

/** `collectEndpoints`, once per router view (a router view is kept while its model lives). */
function endpointsOf(router: RouterInfo): RouterEndpoints {
  let ends = ENDPOINTS.get(router);
  if (!ends) {
    ends = collectEndpoints(router);
    ENDPOINTS.set(router, ends);
  }
  return ends;
}

/** Pairs the ends of every router of the workspace. */
export function pairRouters(
  routers: readonly RouterInfo[],
  limits: MeshLimits = MESH_LIMITS,
): Pairing {
  const endpoints = new Map<RouterInfo, RouterEndpoints>();
  // Only addresses an end points at or a key is written for are ever looked up: a router owns
  // dozens of addresses, so only those are indexed.
  const wanted = new Set<IpAddress>();
  for (const router of routers) {
    const ends = endpointsOf(router);
    endpoints.set(router, ends);
    for (const e of ends.statics) {
      if (e.remote !== undefined) {
        wanted.add(e.remote);
      }
    }
    for (const key of router.model.globalKeys) {
      if (key.address) {
        wanted.add(key.address.address);
      }
    }
    for (const ring of router.model.keyrings) {
      for (const key of ring.keys) {
        if (key.address) {
          wanted.add(key.address.address);
        }
      }
    }
  }
  const byAddress = new Map<IpAddress, RouterInfo[]>();
  for (const router of routers) {
    for (const address of router.addresses) {
      if (!wanted.has(address)) {
        continue;
      }
      pushAt(byAddress, address, router);
    }
  }
  // The routers a hostname names (`namesRouter`), in workspace order, each once; built when an
  // end points at a name.
  let byName: Map<string, RouterInfo[]> | undefined;
  const routersNamed = (name: string): RouterInfo[] | undefined => {
    if (!byName) {
      const index = new Map<string, RouterInfo[]>();
      const addName = (n: string | undefined, router: RouterInfo): void => {
        if (n !== undefined) {
          pushAt(index, n, router);
        }
      };
      for (const router of routers) {
        const host = router.model.hostname?.name.toLowerCase();
        addName(router.fqdn, router);
        addName(host !== router.fqdn ? host : undefined, router);
      }
      byName = index;
    }
    return byName.get(name.toLowerCase());
  };
  // Each end's targets are asked for by several passes: computed once.
  const targetCache = new Map<Endpoint, RouterInfo[]>();
  const targetsOf = (end: Endpoint): RouterInfo[] => {
    let found = targetCache.get(end);
    if (!found) {
      const owners =
        end.remote !== undefined
          ? byAddress.get(end.remote)
          : end.remoteName !== undefined
            ? routersNamed(end.remoteName)
            : undefined;
      found = owners ? owners.filter((r) => r !== end.router) : [];
      targetCache.set(end, found);
    }
    return found;
  };
  const sameKind = (e: Endpoint, f: Endpoint): boolean =>
    (e.kind === "tunnel") === (f.kind === "tunnel") ||
    encryptsGreOf(e, f) ||
    encryptsGreOf(f, e);
  const used = new Set<Endpoint>();
  const pairs: TunnelPair[] = [];
  const keys = new Set<string>();
  const addBuilt = (pair: TunnelPair): void => {
    if (!keys.has(pair.key)) {
      keys.add(pair.key);
      pairs.push(pair);
    }
  };
  const addPair = (pair: Omit<TunnelPair, "key" | "kind">): void => {
    const key = pairKey(pair.a, pair.b);
    if (!keys.has(key)) {
      addBuilt(buildPair(pair, key));
    }
  };
  const allStatics = routers.flatMap((r) => endpoints.get(r)!.statics);
  // Who points at each router, and from which router, so finding the ends that point back
  // costs a lookup, not a scan.
  const pointingAt = new Map<RouterInfo, Endpoint[]>();
  const pointedFrom = new Map<RouterInfo, Map<RouterInfo, Endpoint[]>>();
  for (const f of allStatics) {
    for (const target of targetsOf(f)) {
      pushAt(pointingAt, target, f);
      let byOwner = pointedFrom.get(target);
      if (!byOwner) {
        byOwner = new Map();
        pointedFrom.set(target, byOwner);
      }
      pushAt(byOwner, f.router, f);
    }
  }
  // `targetsOf(f)` holds exactly the other routers `pointsAt(f, ...)` is true for.
  const pointing = (from: RouterInfo, at: RouterInfo): readonly Endpoint[] =>
    pointedFrom.get(at)?.get(from) ?? NO_ENDS;

  // Pass 1: ends that point at each other. An end already paired may pair again (a router with
  // two entries for the same peer), but a fresh partner is preferred.
  for (const e of allStatics) {
    if (used.has(e)) {
      continue;
    }
    let best: { f: Endpoint; score: number } | undefined;
    for (const target of targetsOf(e)) {
      for (const f of pointing(target, e.router)) {
        if (!sameKind(e, f)) {
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

  // Pass 2: an end that points at an address its peer does not own, while the peer points back
  // from a private address: the address is the NAT device's in front of the peer, which is what
  // a router behind NAT looks like from the outside. A router of the workspace may own that
  // address (the NAT device's own config); it does not pair unless it answers through a dynamic map.
  for (const e of allStatics) {
    if (used.has(e) || e.remote === undefined) {
      continue;
    }
    if (
      e.kind === "crypto-map" &&
      targetsOf(e).some((t) => endpoints.get(t)!.dynamics.length)
    ) {
      continue;
    }
    const behindNat = (pointingAt.get(e.router) ?? []).filter(
      (f) =>
        f.router !== e.router &&
        !used.has(f) &&
        sameKind(e, f) &&
        judgeCrossing(e, f)?.behind === "peer",
    );
    const f =
      behindNat.find((g) => sameFolder(g.router, e.router)) ?? behindNat[0];
    if (f) {
      used.add(e);
      used.add(f);
      addPair({ a: e, b: f, peerRouter: f.router, dynamic: false });
    }
  }

  // Pass 3: an end that points at an address nobody owns, while an unpaired end points back.
  for (const e of allStatics) {
    if (used.has(e) || targetsOf(e).length) {
      continue;
    }
    // `pointingAt` holds, in workspace order, the ends of other routers that point at this one.
    const intendedFor = (f: Endpoint) => !used.has(f) && sameKind(e, f);
    const backers = pointingAt.get(e.router) ?? [];
    const intended =
      backers.find((f) => intendedFor(f) && sameFolder(f.router, e.router)) ??
      backers.find(intendedFor);
    const shouldBe = intended
      ? (intended.explicitLocal ?? intended.interfaceLocal)
      : undefined;
    if (!intended) {
      continue;
    }
    // An end whose interface takes its address from DHCP or PPP (`ip address dhcp|negotiated`)
    // has an address no config shows: the unowned address pointed at may well be it. Otherwise
    // the end is misdirected: pointed at the wrong address of the right family (an IPv4 end is
    // not told to point at an IPv6 address).
    const leased = shouldBe === undefined && intended.leased;
    if (
      leased ||
      (shouldBe !== undefined && typeof shouldBe === typeof e.remote)
    ) {
      used.add(e);
      used.add(intended);
      addPair({
        a: e,
        b: intended,
        peerRouter: intended.router,
        dynamic: false,
        ...(leased ? {} : { missing: "misdirected" as const, shouldBe }),
      });
    }
  }

  // Pass 4: two ends that each point at an address nobody owns, from a private address: each may
  // sit behind a NAT device and point at the other's. Nothing in the workspace links them, so
  // only strong evidence pairs them (`bothBehindNat`).
  for (const { a, b, nat } of bothBehindNat(
    allStatics.filter(
      (e) =>
        !used.has(e) &&
        e.remote !== undefined &&
        !byAddress.has(e.remote) &&
        pointsOutFromPrivate(e),
    ),
  )) {
    used.add(a);
    used.add(b);
    addPair({ a, b, peerRouter: b.router, dynamic: false, nat });
  }

  // Pass 4b: a crypto map and a static VTI that point at each other, neither having found a
  // partner of its own kind: a migration to route-based VPN done on one end. A router that
  // answers through a dynamic map takes the crypto map there instead (pass 5).
  for (const e of allStatics) {
    if (used.has(e) || e.kind !== "crypto-map") {
      continue;
    }
    for (const target of targetsOf(e)) {
      if (
        endpoints.get(target)!.dynamics.some((d) => d.kind === "dynamic-map")
      ) {
        continue;
      }
      const f = pointing(target, e.router).find(
        (g) => !used.has(g) && vtiFacesMap(e, g),
      );
      if (f) {
        used.add(e);
        used.add(f);
        addPair({ a: e, b: f, peerRouter: target, dynamic: false });
        break;
      }
    }
  }

  // A DMVPN hub behind a static NAT device: the spoke points its NBMA at a public address no
  // router owns, while its next-hop server's tunnel address is a hub's, whose tunnel is sourced
  // from a private address. The NHS address links them where the NBMA cannot.
  let hubsByTunnelAddress: Map<number, Endpoint> | undefined;
  const hubBehindNat = (e: Endpoint): Endpoint | undefined => {
    const servers = e.kind === "tunnel" ? e.tunnel?.nhrp?.servers : undefined;
    if (!servers?.length || typeof e.remote !== "number") {
      return undefined;
    }
    if (!hubsByTunnelAddress) {
      hubsByTunnelAddress = new Map();
      for (const router of routers) {
        for (const d of endpoints.get(router)!.dynamics) {
          if (d.kind !== "tunnel" || !d.tunnel || !isMultipoint(d.tunnel)) {
            continue;
          }
          for (const a of d.tunnel.addresses) {
            hubsByTunnelAddress.set(a.address, d);
          }
        }
      }
    }
    for (const server of servers) {
      const hub =
        server.address !== undefined
          ? hubsByTunnelAddress.get(server.address)
          : undefined;
      const source = hub?.explicitLocal;
      if (
        hub &&
        hub.router !== e.router &&
        typeof source === "number" &&
        isPrivateAddress(source) &&
        !isPrivateAddress(e.remote)
      ) {
        return hub;
      }
    }
    return undefined;
  };

  // Pass 5: what is left answers through a dynamic map, points at a router that does not point
  // back, or points outside the workspace.
  for (const e of allStatics) {
    if (used.has(e)) {
      continue;
    }
    const targets = targetsOf(e);
    const target = targets.find((t) => sameFolder(t, e.router)) ?? targets[0];
    if (!target) {
      const hub = hubBehindNat(e);
      addPair(
        hub
          ? { a: e, b: hub, peerRouter: hub.router, dynamic: true }
          : { a: e, dynamic: false, missing: "outside" },
      );
      continue;
    }
    const peerEnds = endpoints.get(target)!;
    const dynamicMaps = peerEnds.dynamics.filter(
      (d) => d.kind === "dynamic-map",
    );
    if (e.kind === "crypto-map" && dynamicMaps.length) {
      const onInterface =
        e.remote !== undefined
          ? dynamicMaps.find((d) =>
              mapInterfaces(target, d.map!).some((i) =>
                i.addresses.some((a) => a.address === e.remote),
              ),
            )
          : undefined;
      addPair({
        a: e,
        b: onInterface ?? dynamicMaps[0],
        peerRouter: target,
        dynamic: true,
      });
      continue;
    }
    // A dynamic VTI answers a crypto map too: it takes the selectors the initiator proposes, one
    // SA per flow, which is how a hub serves branches not yet moved to VTIs.
    const template =
      e.kind === "crypto-map"
        ? peerEnds.dynamics.find(
            (d) =>
              d.kind === "tunnel" &&
              d.tunnel !== undefined &&
              d.remote === undefined &&
              !isMultipoint(d.tunnel) &&
              d.tunnel.tunnel.mode?.startsWith("ipsec") &&
              (d.explicitLocal === undefined || d.explicitLocal === e.remote),
          )
        : undefined;
    if (template) {
      addPair({ a: e, b: template, peerRouter: target, dynamic: true });
      continue;
    }
    // A spoke's hub: the multipoint tunnel or virtual template sourced at the address the spoke
    // points at (a spoke may be point-to-point GRE: the encapsulation is the same), or a virtual
    // template without a source, which answers on any of the router's addresses.
    const hubTunnels = peerEnds.dynamics.filter((d) => d.kind === "tunnel");
    const hubTunnel =
      e.kind === "tunnel"
        ? (hubTunnels.find((d) => d.explicitLocal === e.remote) ??
          hubTunnels.find(
            (d) => d.explicitLocal === undefined && !isMultipoint(d.tunnel!),
          ))
        : undefined;
    if (hubTunnel) {
      addPair({ a: e, b: hubTunnel, peerRouter: target, dynamic: true });
      continue;
    }
    const shutTunnel =
      e.kind === "tunnel"
        ? peerEnds.shutTunnels.find((t) => {
            const d = t.tunnel.destination;
            const address = d?.address ?? d?.address6;
            return address !== undefined
              ? e.router.addresses.has(address)
              : d?.hostname !== undefined && namesRouter(e.router, d.hostname);
          })
        : undefined;
    // A peer whose crypto map points back may encrypt that tunnel's GRE itself (GRE over IPsec
    // by crypto map): its tunnel then has no protection of its own, and is not the fault. Such a
    // map pairs with `e` in pass 1, so one found here selects other traffic, not the GRE.
    const plainMap =
      e.kind === "tunnel" && !shutTunnel
        ? peerEnds.statics.find(
            (s) =>
              s.kind === "crypto-map" &&
              s.remote !== undefined &&
              e.router.addresses.has(s.remote),
          )
        : undefined;
    const plainTunnel =
      e.kind === "tunnel" &&
      !shutTunnel &&
      !(plainMap && encryptsGreOf(plainMap, e))
        ? unprotectedTunnelToward(target, e.router)
        : undefined;
    const shutNode = shutTunnel?.node.children.find(
      (c) => !c.negated && c.words[0]?.text.toLowerCase() === "shutdown",
    );
    const owning =
      e.remote !== undefined ? interfaceOwning(target, e.remote) : undefined;
    const addressLine = (
      owning?.addresses.find((a) => a.address === e.remote) ??
      owning?.addresses6?.find((a) => a.prefix.address === e.remote)
    )?.node;
    addPair({
      a: e,
      peerRouter: target,
      dynamic: false,
      missing: "one-sided",
      peerShutTunnel: shutTunnel,
      peerPlainTunnel: plainTunnel,
      peerPlainMap: plainTunnel ? plainMap : undefined,
      // A crypto map end facing a protected tunnel of the peer that points back: that tunnel
      // negotiates its own GRE only, never this entry's flows.
      peerProtectedTunnel:
        e.kind === "crypto-map"
          ? peerEnds.statics.find(
              (s) =>
                s.kind === "tunnel" &&
                s.tunnel?.tunnel.protection !== undefined &&
                s.remote !== undefined &&
                e.router.addresses.has(s.remote),
            )?.tunnel
          : undefined,
      peerLine:
        shutNode ??
        plainTunnel?.node ??
        addressLine ??
        target.model.hostname?.node ??
        target.model.tree.roots[0],
    });
  }

  // Pass 6: two multipoint spokes of one DMVPN cloud (phase 2 and 3) build a tunnel straight to
  // each other after an NHRP resolution, either one starting it toward the other's tunnel source.
  // One cloud: a hub both register to (by its NBMA address) and tunnel addresses on one subnet.
  // A cloud lists each end once, so its pairs are distinct; only a spoke of two clouds (two
  // hubs) meets its pairs twice. Not `addBuilt`: a set of 180,000 keys cost more than the pairs,
  // and an earlier pair of the same two ends is found among the few partners of each end.
  // A dual-hub cloud is two clouds of the same spokes (one per hub): the second adds nothing.
  const clouds = withoutRepeats(spokeClouds(routers, endpoints, pairs));
  const seen = clouds.length > 1 ? new Set<SpokePair>() : undefined;
  const partners = partnersByEnd(pairs);
  const limitedClouds: LimitedCloud[] = [];
  for (const members of clouds) {
    const ends = members.map(endKey);
    const n = members.length;
    // Every two spokes, or in a cloud too big for that each spoke and its nearest ones.
    const full = n <= limits.fullMesh;
    const reach = full ? n - 1 : Math.min(limits.neighbours, (n - 1) >> 1);
    if (!full) {
      limitedClouds.push({ spokes: n, pairsPerSpoke: 2 * reach });
    }
    for (let i = 0; i < n; i++) {
      const paired = partners.get(ends[i]!);
      // In a full mesh the earlier end is always the i-th: its row is looked up once.
      const row = full ? spokeRow(members[i]!) : undefined;
      for (let d = 1; d <= reach; d++) {
        let j = i + d;
        if (j >= n) {
          if (full) {
            break;
          }
          j -= n;
        }
        // The earlier end first, whichever way the window went (the pair cache is ordered).
        const x = j > i ? i : j;
        const y = j > i ? j : i;
        const a = members[x]!;
        const b = members[y]!;
        if (a.router === b.router || paired?.has(ends[j]!)) {
          continue;
        }
        const pair = spokePair(row ?? spokeRow(a), a, b);
        if (!seen?.has(pair)) {
          seen?.add(pair);
          pairs.push(pair);
        }
      }
    }
  }

  return {
    pairs,
    misdirectedKeys: misdirectedKeys(routers, pointingAt, byAddress),
    endpoints,
    pointing,
    limitedClouds,
  };
}

/** The lists that are not the same ends, in the same order, as an earlier list. */
function withoutRepeats(lists: Endpoint[][]): Endpoint[][] {
  return lists.filter(
    (list, i) =>
      !lists
        .slice(0, i)
        .some(
          (other) =>
            other.length === list.length &&
            other.every((e, k) => e === list[k]),
        ),
  );
}

/** One end's part of a pair key. */
function endKey(e: Endpoint): string {
  return `${e.router.uri}#${e.id}`;
}

/** One key for the two ends in either order (as `[aKey, bKey].sort()` joined). */
function pairKey(a: Endpoint, b: Endpoint | undefined): string {
  const aKey = endKey(a);
  const bKey = b ? endKey(b) : "";
  return aKey <= bKey ? `${aKey}|${bKey}` : `${bKey}|${aKey}`;
}

/** The ends each end is paired with (by `endKey`, both ways): what `pairKey` tells apart. */
function partnersByEnd(pairs: readonly TunnelPair[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (x: string, y: string): void => {
    const set = out.get(x);
    if (set) {
      set.add(y);
    } else {
      out.set(x, new Set([y]));
    }
  };
  for (const { a, b } of pairs) {
    const x = endKey(a);
    const y = b ? endKey(b) : "";
    add(x, y);
    add(y, x);
  }
  return out;
}

/** The pair with its key, kind and the NAT its path crosses. */
function buildPair(
  pair: Omit<TunnelPair, "key" | "kind">,
  key: string,
): TunnelPair {
  const nat =
    pair.nat ?? (pair.b && !pair.missing ? natOf(pair.a, pair.b) : undefined);
  return {
    ...pair,
    key,
    kind: pair.a.kind === "tunnel" ? "tunnel" : "crypto-map",
    ...(nat ? { nat } : {}),
  };
}

/**
 * A spoke-to-spoke pair of a DMVPN cloud. It is made of its two ends alone (the NAT between them),
 * so `spokePair` hands out the same object while both ends live (an end lives as long as its
 * config's model), and the later stages keep what they derive from it here: a field read where a
 * table of the cloud's N(N-1)/2 pairs was looked up (a cloud of 600 spokes has 180,000 pairs, and
 * each analysis reads every one). For the same reason it is kept small: its key is made when
 * asked (only the pairing's other passes read keys), not held.
 */
export class SpokePair implements TunnelPair {
  readonly dynamic = false;
  readonly spokes = true;
  readonly kind: TunnelPair["kind"];
  readonly peerRouter: RouterInfo;
  readonly nat?: PairNat;
  /** The pair's analysis, kept by `analysis.ts`. */
  analysis?: SpokePairAnalysis;
  /** The pair's issues, kept by `issues.ts`. */
  issues?: PeerIssue[];

  constructor(
    readonly a: Endpoint,
    readonly b: Endpoint,
  ) {
    this.kind = a.kind === "tunnel" ? "tunnel" : "crypto-map";
    this.peerRouter = b.router;
    const nat = natOf(a, b);
    if (nat) {
      this.nat = nat;
    }
  }

  get key(): string {
    return pairKey(this.a, this.b);
  }
}

/** Spoke-to-spoke pairs by their ends (see `SpokePair`). */
const SPOKE_PAIRS = new WeakMap<Endpoint, WeakMap<Endpoint, SpokePair>>();

/** The spoke pairs whose first end is `a`, by their second end. */
function spokeRow(a: Endpoint): WeakMap<Endpoint, SpokePair> {
  let row = SPOKE_PAIRS.get(a);
  if (!row) {
    row = new WeakMap();
    SPOKE_PAIRS.set(a, row);
  }
  return row;
}

/** The pair of `a` (whose row is `row`) and `b`, the same object while both ends live. */
function spokePair(
  row: WeakMap<Endpoint, SpokePair>,
  a: Endpoint,
  b: Endpoint,
): SpokePair {
  let pair = row.get(b);
  if (!pair) {
    pair = new SpokePair(a, b);
    row.set(b, pair);
  }
  return pair;
}

/**
 * The multipoint spoke ends of each DMVPN cloud with two routers or more: grouped by the subnet
 * of their tunnel address and the hub they register to: the hub's tunnel the spoke is paired
 * with (so copies of a lab in sibling folders, each with its hub, stay apart), else the hub's
 * NBMA address. A spoke of two hubs is in both groups; the pairing keeps one pair per two ends.
 */
function spokeClouds(
  routers: readonly RouterInfo[],
  endpoints: ReadonlyMap<RouterInfo, RouterEndpoints>,
  pairs: readonly TunnelPair[],
): Endpoint[][] {
  // The hub end each spoke tunnel's end toward a hub address is paired with.
  const hubOf = new Map<Interface, Map<IpAddress, Endpoint>>();
  for (const { a, b, dynamic } of pairs) {
    if (dynamic && a.tunnel && a.remote !== undefined && b?.tunnel) {
      let byNbma = hubOf.get(a.tunnel);
      if (!byNbma) {
        byNbma = new Map();
        hubOf.set(a.tunnel, byNbma);
      }
      byNbma.set(a.remote, b);
    }
  }
  const clouds = new Map<string, Endpoint[]>();
  for (const router of routers) {
    for (const d of endpoints.get(router)!.dynamics) {
      const tunnel = d.tunnel;
      const subnet = d.kind === "tunnel" ? innerSubnet(d) : undefined;
      // Without a source address no other spoke can reach it.
      if (
        !tunnel ||
        subnet === undefined ||
        d.explicitLocal === undefined ||
        !isMultipointSpoke(tunnel)
      ) {
        continue;
      }
      for (const nbma of hubNbmas(tunnel)) {
        const hub = hubOf.get(tunnel)?.get(nbma);
        const key = hub
          ? `${subnet}|${hub.router.uri}#${hub.id}`
          : `${subnet}|${nbma}`;
        pushAt(clouds, key, d);
      }
    }
  }
  return [...clouds.values()]
    .map((members) => [...new Set(members)])
    .filter((members) => new Set(members.map((m) => m.router)).size > 1);
}

/** Text of a port condition, for the mirror keys. */
function portKey(port: PortMatch | undefined): string {
  return port ? `${port.op} ${port.ports.join(",")}` : "";
}

/**
 * The crypto ACL of a crypto map end, as two keys: its permit entries (sorted, each once) and
 * their mirror images. Two ACLs that are exact mirror images have each other's keys, so the
 * candidates are found by a lookup; `isExactMirror` then confirms. Undefined when the ACL is
 * missing, permits nothing, is its own mirror, or has lines the parser could not read.
 */
function mirrorKeys(
  end: Endpoint,
): { acl: AccessList; key: string; mirror: string } | undefined {
  const acl = end.entry ? entryAcl(end.router.model, end.entry) : undefined;
  if (!acl || acl.unreadable.length) {
    return undefined;
  }
  const own = new Set<string>();
  const mirrored = new Set<string>();
  for (const e of acl.entries) {
    if (e.action !== "permit") {
      continue;
    }
    const src = `${(e.source.address & ~e.source.wildcard) >>> 0}/${e.source.wildcard}`;
    const dst = `${(e.destination.address & ~e.destination.wildcard) >>> 0}/${e.destination.wildcard}`;
    const sp = portKey(e.sourcePort);
    const dp = portKey(e.destinationPort);
    const proto = e.protocol ?? "ip";
    own.add(`${proto} ${src} ${sp} > ${dst} ${dp}`);
    mirrored.add(`${proto} ${dst} ${dp} > ${src} ${sp}`);
  }
  const key = [...own].sort().join("|");
  const mirror = [...mirrored].sort().join("|");
  // An ACL that is its own mirror (`permit ip any any`) mirrors every such ACL: no evidence.
  if (!own.size || key === mirror) {
    return undefined;
  }
  return { acl, key, mirror };
}

/** The subnet of a tunnel interface's primary address, when it has one. */
function innerSubnet(end: Endpoint): string | undefined {
  const address = end.tunnel?.addresses.find((a) => !a.secondary);
  return address
    ? `${formatIpv4(address.prefix.network)}/${address.prefix.length}`
    : undefined;
}

/**
 * Pairs ends that each sit behind a NAT device of their own (the candidates: unpaired, pointing
 * at a public address nobody owns, from a private one). The evidence that two such ends are each
 * other's peer: crypto map ends whose crypto ACLs are exact mirror images; tunnels whose inner
 * addresses share a subnet, or, both without an inner address, the only two such tunnels of their
 * folder. Partners in the same folder come first; no end pairs twice.
 */
function bothBehindNat(
  candidates: readonly Endpoint[],
): { a: Endpoint; b: Endpoint; nat: PairNat }[] {
  const out: { a: Endpoint; b: Endpoint; nat: PairNat }[] = [];
  // Partners are ends of two routers: a config alone (a big one, opened by itself) has none, and
  // the keys of its crypto ACLs cost a tenth of its analysis.
  const first = candidates[0]?.router;
  if (candidates.every((c) => c.router === first)) {
    return out;
  }
  const taken = new Set<Endpoint>();
  // An end's possible partners with the evidence for each, found once.
  const partners = new Map<
    Endpoint,
    { found: readonly Endpoint[]; why: (f: Endpoint) => string }
  >();
  const pick = (e: Endpoint, near: boolean) => {
    const p = partners.get(e);
    const f = p?.found.find(
      (g) =>
        g !== e &&
        !taken.has(g) &&
        g.router !== e.router &&
        (!near || sameFolder(g.router, e.router)) &&
        judgeMutualNat(e, g) !== undefined,
    );
    if (!p || !f) {
      return;
    }
    taken.add(e);
    taken.add(f);
    out.push({
      a: e,
      b: f,
      nat: {
        behind: "both",
        // judgeMutualNat paired IPv4 ends only.
        publicAddresses: { a: f.remote as number, b: e.remote as number },
        reason: `paired by ${p.why(f)}: ${judgeMutualNat(e, f)!.reason}`,
      },
    });
  };
  // Crypto map ends, by the key of their ACL.
  const keyed = new Map<Endpoint, NonNullable<ReturnType<typeof mirrorKeys>>>();
  const byKey = new Map<string, Endpoint[]>();
  // Tunnels, by inner subnet, and those without an inner address by folder.
  const bySubnet = new Map<string, Endpoint[]>();
  const unnumbered = new Map<string, Endpoint[]>();
  for (const e of candidates) {
    if (e.kind === "tunnel") {
      const subnet = innerSubnet(e);
      if (subnet !== undefined) {
        pushAt(bySubnet, subnet, e);
      } else {
        pushAt(unnumbered, e.router.folder, e);
      }
      continue;
    }
    const keys = mirrorKeys(e);
    if (keys) {
      keyed.set(e, keys);
      pushAt(byKey, keys.key, e);
    }
  }
  for (const e of candidates) {
    if (e.kind === "tunnel") {
      const subnet = innerSubnet(e);
      if (subnet !== undefined) {
        partners.set(e, {
          found: bySubnet.get(subnet)!,
          why: () => `tunnel addresses on one subnet (${subnet})`,
        });
      } else {
        const alone = unnumbered.get(e.router.folder)!;
        if (alone.length === 2) {
          partners.set(e, {
            found: alone,
            why: () =>
              "being the only two protected tunnels of their folder without an inner address that point out from private addresses",
          });
        }
      }
      continue;
    }
    const mine = keyed.get(e);
    if (mine) {
      partners.set(e, {
        found: (byKey.get(mine.mirror) ?? []).filter((f) => {
          const theirs = keyed.get(f)!;
          return (
            isExactMirror(mine.acl, theirs.acl) &&
            isExactMirror(theirs.acl, mine.acl)
          );
        }),
        why: (f) =>
          `mirrored crypto ACLs (${e.router.name}'s ${mine.acl.name}, ${f.router.name}'s ${keyed.get(f)!.acl.name})`,
      });
    }
  }
  // Partners in the same folder first, over every candidate, so that a copy of the lab in a
  // sibling folder listed earlier does not take the end meant for its own copy.
  for (const near of [true, false]) {
    for (const e of candidates) {
      if (!taken.has(e)) {
        pick(e, near);
      }
    }
  }
  return out;
}

/**
 * Whether the path of a pair crosses NAT, and which end sits behind it. The NAT device's address
 * is known when the other end points at an address the hidden end does not own.
 */
function natOf(a: Endpoint, b: Endpoint): PairNat | undefined {
  const crossing = judgeCrossing(a, b);
  if (!crossing) {
    return undefined;
  }
  const behind = crossing.behind === "self" ? "a" : "b";
  const [hidden, other] = behind === "a" ? [a, b] : [b, a];
  const publicAddress =
    typeof other.remote === "number" &&
    !hidden.router.addresses.has(other.remote)
      ? other.remote
      : undefined;
  return {
    behind,
    reason: crossing.reason,
    ...(publicAddress !== undefined ? { publicAddress } : {}),
  };
}

/**
 * Keys written for an address no router owns, on a router that another router points at while
 * no key of its own covers that router's address: the key was most likely meant for it.
 */
function misdirectedKeys(
  routers: readonly RouterInfo[],
  pointingAt: ReadonlyMap<RouterInfo, readonly Endpoint[]>,
  byAddress: ReadonlyMap<IpAddress, readonly RouterInfo[]>,
): MisdirectedKey[] {
  const out: MisdirectedKey[] = [];
  for (const router of routers) {
    const { globalKeys, keyrings } = router.model;
    // The address keys in config order (global ones, then each keyring's), walked in place: most
    // routers have a key or two, and this runs for every router of the workspace.
    const eachAddressKey = (visit: (key: PresharedKey) => boolean): void => {
      for (const key of globalKeys) {
        if (key.address && visit(key)) {
          return;
        }
      }
      for (const ring of keyrings) {
        for (const key of ring.keys) {
          if (key.address && visit(key)) {
            return;
          }
        }
      }
    };
    const covers = (address: number): boolean => {
      let covered = false;
      eachAddressKey((k) => {
        covered =
          (address & k.address!.mask) >>> 0 ===
          (k.address!.address & k.address!.mask) >>> 0;
        return covered;
      });
      return covered;
    };
    let intendedEnds: Endpoint[] | undefined;
    eachAddressKey((key) => {
      const { address, mask } = key.address!;
      if (mask !== 0xffffffff || address === 0 || byAddress.has(address)) {
        return false;
      }
      intendedEnds ??= firstEndPerRouter(router, pointingAt);
      for (const intended of intendedEnds) {
        // An IPv4 key is misdirected only toward an IPv4 end.
        const shouldBe = intended.explicitLocal ?? intended.interfaceLocal;
        if (typeof shouldBe === "number" && !covers(shouldBe)) {
          out.push({ router, key, intended, shouldBe });
          break;
        }
      }
      return false;
    });
  }
  return out;
}

/**
 * For each other router with an end that points at `router`, its first such end: the routers of
 * the same folder first, each group in workspace order (`pointingAt` lists ends in that order).
 */
function firstEndPerRouter(
  router: RouterInfo,
  pointingAt: ReadonlyMap<RouterInfo, readonly Endpoint[]>,
): Endpoint[] {
  const near: Endpoint[] = [];
  const far: Endpoint[] = [];
  const seen = new Set<RouterInfo>();
  for (const f of pointingAt.get(router) ?? []) {
    if (!seen.has(f.router)) {
      seen.add(f.router);
      (sameFolder(f.router, router) ? near : far).push(f);
    }
  }
  return near.concat(far);
}
