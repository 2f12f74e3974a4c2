import type { Range } from "../text/position";
import type { ConfigModel, Interface, NhrpServer } from "./model";
import { nodeRange, type ConfigNode } from "./tree";

/**
 * DMVPN as one router's config describes it. A multipoint GRE tunnel has no `tunnel destination`:
 * NHRP tells it where each tunnel address lives outside the tunnel (its NBMA address). A spoke
 * writes its hubs down (`ip nhrp nhs` with `ip nhrp map` or `nbma`) and starts IKE toward them; a
 * hub learns its spokes when they register, so it answers IKE from any address and starts none.
 */

/**
 * True for a protected tunnel that answers peers it does not list: a multipoint GRE tunnel (its
 * spokes register) or a virtual template (a dynamic VTI, FlexVPN: IOS clones a virtual access
 * interface for each peer that connects). Neither starts IKE toward an unknown peer.
 */
export function answersAnyPeer(iface: Interface): boolean {
  return (
    !!iface.tunnel.protection &&
    (isMultipointOverAny(iface) || iface.key.startsWith("virtual-template"))
  );
}

/** The config's `interface Virtual-TemplateN` by N, the number an IKEv2 profile's `virtual-template` names. */
export function virtualTemplatesByNumber(
  model: ConfigModel,
): Map<number, Interface> {
  const templates = new Map<number, Interface>();
  for (const iface of model.interfaces) {
    const m = /^virtual-template(\d+)$/.exec(iface.key);
    if (m) {
      templates.set(Number(m[1]), iface);
    }
  }
  return templates;
}

/**
 * True when an isakmp or IKEv2 profile clones this virtual template for its peers (`virtual-template
 * N`): without one, IOS creates no virtual-access interface, and the peers' IPsec SAs have no
 * tunnel to be bound to. Any other interface is its own tunnel.
 */
export function templateCloned(model: ConfigModel, iface: Interface): boolean {
  const m = /^virtual-template(\d+)$/.exec(iface.key);
  if (!m) {
    return true;
  }
  const number = Number(m[1]);
  return [...model.ikev2Profiles, ...model.isakmpProfiles].some(
    (p) => p.virtualTemplate?.number === number,
  );
}

/** True for `tunnel mode gre multipoint` (over IPv4 NBMA addresses, which DMVPN is read for). */
export function isMultipoint(iface: Interface): boolean {
  return iface.tunnel.mode === "gre multipoint";
}

/**
 * True for multipoint GRE over either IP version: `gre multipoint ipv6` (IPv6 NBMA addresses) too
 * has no `tunnel destination` and answers whoever registers, though its NHRP is not read.
 */
export function isMultipointOverAny(iface: Interface): boolean {
  return isMultipoint(iface) || iface.tunnel.mode === "gre multipoint ipv6";
}

/** A peer an mGRE tunnel knows by configuration: a hub (next-hop server) or a static mapping. */
export interface NbmaPeer {
  /** Where IKE, ESP and GRE are sent. */
  nbma: number;
  /** The peer's tunnel address, when the config names it. */
  address?: number;
  /** The line that gives the NBMA address, and the address's word on it. */
  node: ConfigNode;
  range: Range;
  /** The next-hop server line, when the peer is a hub. */
  server?: NhrpServer;
}

/** The NBMA address a next-hop server is reached at: on its own line, else by a static mapping. */
export function serverNbma(
  iface: Interface,
  server: NhrpServer,
): { nbma: number; node: ConfigNode } | undefined {
  if (server.nbma !== undefined) {
    return { nbma: server.nbma, node: server.node };
  }
  const map = iface.nhrp?.maps.find((m) => m.address === server.address);
  return map && { nbma: map.nbma, node: map.node };
}

/**
 * The peers an mGRE tunnel reaches without waiting to be told: its next-hop servers, then its
 * other static mappings, one per NBMA address (in config order).
 */
export function staticNbmaPeers(iface: Interface): NbmaPeer[] {
  const nhrp = iface.nhrp;
  if (!nhrp && !iface.nhrp6) {
    return [];
  }
  const out: NbmaPeer[] = [];
  const seen = new Set<number>();
  const add = (
    nbma: number,
    address: number | undefined,
    node: ConfigNode,
    server?: NhrpServer,
  ): void => {
    if (seen.has(nbma)) {
      return;
    }
    seen.add(nbma);
    out.push({ nbma, address, node, range: nbmaRange(node), server });
  };
  for (const server of nhrp?.servers ?? []) {
    const found = serverNbma(iface, server);
    if (found) {
      add(found.nbma, server.address, found.node, server);
    }
  }
  for (const map of nhrp?.maps ?? []) {
    add(map.nbma, map.address, map.node);
  }
  for (const peer of ipv6OverlayPeers(iface)) {
    add(peer.nbma, undefined, peer.node);
  }
  return out;
}

/**
 * The hubs an mGRE tunnel with an IPv6 overlay (`ipv6 nhrp`) reaches over IPv4: its next-hop
 * servers' NBMA addresses (on their line, else by an `ipv6 nhrp map` of their address), then its
 * other mappings. The tunnel addresses are IPv6, so the peers carry none.
 */
function ipv6OverlayPeers(iface: Interface): NbmaPeer[] {
  const nhrp = iface.nhrp6;
  if (!nhrp) {
    return [];
  }
  const out: NbmaPeer[] = [];
  const add = (nbma: number, node: ConfigNode) =>
    out.push({ nbma, node, range: nbmaRange(node) });
  for (const server of nhrp.servers) {
    if (server.nbma !== undefined) {
      add(server.nbma, server.node);
      continue;
    }
    const map = nhrp.maps.find((m) => m.address === server.address);
    if (map) {
      add(map.nbma, map.node);
    }
  }
  for (const map of nhrp.maps) {
    add(map.nbma, map.node);
  }
  return out;
}

/**
 * True for a multipoint tunnel that registers to a hub: a DMVPN spoke of phase 2 or 3, which
 * builds tunnels straight to the other spokes once NHRP resolves them. A point-to-point GRE spoke
 * only ever talks to its hub.
 */
export function isMultipointSpoke(iface: Interface): boolean {
  return isMultipoint(iface) && !!iface.nhrp?.servers.length;
}

/** The NBMA addresses of the hubs a tunnel registers to (each once, in config order). */
export function hubNbmas(iface: Interface): number[] {
  const out: number[] = [];
  for (const server of iface.nhrp?.servers ?? []) {
    const nbma = serverNbma(iface, server)?.nbma;
    if (nbma !== undefined && !out.includes(nbma)) {
      out.push(nbma);
    }
  }
  return out;
}

/** True when the tunnel registers to no hub it knows: it waits for spokes (a hub). */
export function isHub(iface: Interface): boolean {
  return (
    isMultipoint(iface) &&
    !iface.nhrp?.servers.length &&
    !iface.nhrp6?.servers.length
  );
}

/** The word of an `ip nhrp map` or `ip nhrp nhs ... nbma` line that holds the NBMA address. */
function nbmaRange(node: ConfigNode): Range {
  const w = node.words;
  const at = w.findIndex((t) => t.text.toLowerCase() === "nbma");
  const word = at > 0 ? w[at + 1] : w[4];
  return word?.range ?? nodeRange(node);
}
