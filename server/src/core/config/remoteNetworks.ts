import {
  cryptoView,
  entryAcl,
  ownsAddress,
  type CryptoView,
  type MapApplication,
} from "./cryptoPeers";
import { localNetworkOf } from "./localNetworks";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
} from "./model";
import {
  decisive,
  hasRoute,
  routeMissesMap,
  routingView,
  unreachable,
  type RouteLookup,
  type RoutingView,
  type TableRoute,
} from "./routingView";

/**
 * Where a router routes the remote networks its crypto maps protect. A crypto map sees only the
 * packets that leave through an interface it is applied to: a packet for a remote network that
 * no route covers is dropped, and one whose route leaves through another interface goes out
 * there unencrypted, so neither meets the map (nor starts the tunnel). One function decides it,
 * for the `no-route-to-remote-network` check and for the pair analysis, which says that the
 * side's protected traffic is never encrypted.
 */

/** A permit line of a crypto ACL whose remote network is not routed through the map's interfaces. */
export interface RemoteNetworkMiss {
  map: CryptoMap;
  entry: CryptoMapEntry;
  acl: AccessList;
  /** The permit line; its destination is the remote network. */
  line: AclEntry;
  /** The interfaces the map is applied to. */
  applications: readonly MapApplication[];
  /** The table of the first application's VRF, where the network was looked up. */
  table: RoutingView;
  /** The lookup of the network; absent when no route covers it. */
  lookup?: RouteLookup;
  /** The route that wins and the interface it leaves through, when one covers the network. */
  route?: TableRoute;
  exit?: Interface;
}

const MISSES = new WeakMap<ConfigModel, readonly RemoteNetworkMiss[]>();
const NO_MISSES: readonly RemoteNetworkMiss[] = [];

/**
 * Every permit line of the static crypto map entries whose remote network is not routed through
 * the map's interfaces, in the order of the crypto view's entries (once per model). Absences are
 * claimed only when the config shows all its routes, a wrong exit only when the route decision
 * can be trusted. Left out: entries with `reverse-route` (the route comes with the SA), entries
 * whose peer route is already at fault (`no-route-to-peer`, `crypto-map-wrong-interface`),
 * destinations of `any` and destinations on the router's own networks (a reversed ACL, reported
 * by the crypto ACL checks).
 */
export function remoteNetworkMisses(
  model: ConfigModel,
): readonly RemoteNetworkMiss[] {
  let found: readonly RemoteNetworkMiss[] | undefined = MISSES.get(model);
  if (!found) {
    found = findMisses(model, cryptoView(model));
    // Most configs miss nothing: one shared empty list rather than one per model.
    MISSES.set(model, found.length ? found : NO_MISSES);
  }
  return found;
}

/**
 * The entries whose peer the router cannot reach, or reaches through an interface the map is
 * not on: the routing checks report the peer route, and the remote networks of such an entry
 * are not judged on top of it.
 */
function peerRouteAtFault(
  model: ConfigModel,
  view: CryptoView,
): Set<CryptoMapEntry> {
  const out = new Set<CryptoMapEntry>();
  for (const peer of view.peers) {
    if (
      !peer.entry ||
      peer.address === undefined ||
      ownsAddress(model, peer.address)
    ) {
      continue;
    }
    if (unreachable(model, peer.vrf, peer.address)) {
      out.add(peer.entry);
      continue;
    }
    if (peer.kind !== "map") {
      continue;
    }
    const table = routingView(model, peer.vrf);
    const lookup = table.lookup(peer.address);
    const apps = view.applications.get(peer.map!.name) ?? [];
    if (
      lookup &&
      routeMissesMap(
        model,
        table,
        lookup,
        apps.map((a) => a.iface),
      )
    ) {
      out.add(peer.entry);
    }
  }
  return out;
}

function findMisses(model: ConfigModel, view: CryptoView): RemoteNetworkMiss[] {
  const out: RemoteNetworkMiss[] = [];
  let atFault: Set<CryptoMapEntry> | undefined;
  const seen = new Set<string>();
  for (const { map, entry } of view.entries) {
    if (
      entry.isDynamicMapEntry ||
      entry.mode === "dynamic" ||
      entry.mode === "gdoi" ||
      // Reverse route injection puts the route in by itself.
      entry.reverseRoute
    ) {
      continue;
    }
    const applications = view.applications.get(map.name) ?? [];
    const acl = entryAcl(model, entry);
    if (!applications.length || !acl || acl.kind !== "extended") {
      continue;
    }
    atFault ??= peerRouteAtFault(model, view);
    if (atFault.has(entry)) {
      continue;
    }
    const table = routingView(model, applications[0]!.iface.vrf);
    for (const line of acl.entries) {
      if (
        line.action !== "permit" ||
        line.destination.wildcard === 0xffffffff
      ) {
        continue;
      }
      // By destination too: a line with object groups holds several.
      const key = `${map.name}|${line.node.line}|${line.destination.address}/${line.destination.wildcard}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const lookup = table.lookup(line.destination.address);
      const missed = hasRoute(lookup)
        ? decisive(table, lookup) &&
          lookup.exits.length > 0 &&
          !lookup.exits.some((x) => applications.some((a) => a.iface === x))
        : table.complete;
      // A destination on this router's own networks is the reversed-ACL case, reported there
      // (asked last: most lines are routed right, and the index of local networks costs).
      if (!missed || localNetworkOf(view, line.destination)) {
        continue;
      }
      const miss = { map, entry, acl, line, applications, table };
      out.push(
        hasRoute(lookup)
          ? {
              ...miss,
              lookup,
              route: lookup.routes[0]!,
              exit: lookup.exits[0]!,
            }
          : miss,
      );
    }
  }
  return out;
}
