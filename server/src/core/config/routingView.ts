import { liveRoots } from "./model";
import { pushAt } from "../collections/multiMap";
import {
  formatIpv4,
  formatPrefix,
  prefixToMask,
  type Prefix,
} from "../ipv4/address";
import type { ConfigModel, Interface, StaticRoute } from "./model";
import { interfaceKey } from "./parser";
import {
  ipv6PrefixContains,
  type Ipv6Address,
  type Ipv6Prefix,
} from "../ipv6/address";
import { startsWith, type ConfigNode } from "./tree";

/**
 * The router's IPv4 routing table as far as the config shows it, per VRF: connected networks of
 * the interfaces that are not shut down, and static routes whose next hop resolves (recursively,
 * as IOS resolves them) to an interface that is up. Routes learned from routing processes or DHCP
 * are not in the config, so the table says whether it is complete before anyone trusts an absence.
 */

/** A route of the table with where it comes from. */
export interface TableRoute {
  kind: "connected" | "static";
  prefix: Prefix;
  distance: number;
  /** The interface address line (connected) or the `ip route` line (static). */
  node: ConfigNode;
  /** The static route as parsed, for static routes. */
  route?: StaticRoute;
  /** The connected interface, for connected routes. */
  connected?: Interface;
}

/** A route after next-hop resolution. */
export interface Resolution {
  installed: boolean;
  /** The exit interface, when the config names it. */
  exit?: Interface;
  /** The directly connected gateway the packets are handed to (for a next-hop route). */
  gateway?: number;
  /** Null0: the route drops what it matches. */
  discard: boolean;
  /** An exit named in the route that the config does not define (Dialer1 in a fragment...). */
  unknownExit?: string;
  /** Why a route is not installed, in words. */
  reason?: string;
}

/** The answer of a lookup. */
export interface RouteLookup {
  /** The winning routes: the longest installed prefix, lowest distance; several when equal-cost. */
  routes: TableRoute[];
  /** The resolution of each winning route, in the same order. */
  resolutions: Resolution[];
  /** Exit interfaces of the winners (deduplicated); empty when the exit is unknown or the route discards. */
  exits: Interface[];
  /** Static routes that would have matched as well or better but are not installed (to explain a miss). */
  uninstalled: { route: TableRoute; resolution: Resolution }[];
}

/** One VRF's table. */
export interface RoutingView {
  vrf?: string;
  /**
   * True when the config shows every route: no routing process, no DHCP or PPP-negotiated address
   * (they install routes), and either a whole config (a `version` line) or at least one static
   * route. A fragment that shows no routing at all proves nothing about routes.
   */
  complete: boolean;
  /** Why the table is incomplete, for messages. */
  incompleteReason?: string;
  /** Every route, connected first. */
  routes: readonly TableRoute[];
  /** Longest-prefix lookup among installed routes; undefined when nothing covers the address. */
  lookup(address: number): RouteLookup | undefined;
  resolve(route: TableRoute): Resolution;
}

const MAX_RECURSION = 8;

const NONE: readonly TableRoute[] = [];

/** Interface lookup by name, as IOS matches names (abbreviations and spacing do not matter). */
function interfaceIndex(model: ConfigModel): Map<string, Interface> {
  let index = INTERFACE_INDEX.get(model);
  if (!index) {
    index = new Map();
    for (const iface of model.interfaces) {
      index.set(iface.key, iface);
    }
    INTERFACE_INDEX.set(model, index);
  }
  return index;
}
const INTERFACE_INDEX = new WeakMap<ConfigModel, Map<string, Interface>>();

/** Finds an interface by a name as written anywhere in the config (indexed, for large configs). */
export function interfaceNamed(
  model: ConfigModel,
  name: string | undefined,
): Interface | undefined {
  return name === undefined
    ? undefined
    : interfaceIndex(model).get(interfaceKey(name));
}

/** How messages name a VRF, or the global table when there is none. */
export function vrfText(vrf: string | undefined): string {
  return vrf === undefined ? "the global table" : `VRF ${vrf}`;
}

/** The first non-secondary address of an interface. */
export function primaryAddress(iface: Interface): number | undefined {
  return (iface.addresses.find((a) => !a.secondary) ?? iface.addresses[0])
    ?.address;
}

/**
 * The HSRP virtual address a crypto map applied with `redundancy GROUP` talks from: the address
 * of the interface's standby group of that name (its first group when none is named). Undefined
 * without redundancy, or when the group has no virtual address: the interface's own is used.
 */
export function redundancyAddress(iface: Interface): number | undefined {
  const redundancy = iface.cryptoMapRedundancy;
  if (!redundancy || !iface.standby) {
    return undefined;
  }
  const group =
    redundancy.group === undefined
      ? iface.standby[0]
      : iface.standby.find((g) => g.name === redundancy.group);
  return group?.address;
}

/** The IPv4 address a crypto map on the interface talks from: the HSRP one with redundancy. */
export function cryptoMapAddress(iface: Interface): number | undefined {
  return redundancyAddress(iface) ?? primaryAddress(iface);
}

/** An interface's first global IPv6 address (link-local ones do not carry tunnels to other sites). */
export function primaryAddress6(iface: Interface): Ipv6Address | undefined {
  return iface.addresses6?.find((a) => !a.linkLocal && !a.eui64)?.prefix
    .address;
}

/** The table of a VRF (undefined: the global table), built once per model. */
export function routingView(model: ConfigModel, vrf?: string): RoutingView {
  let byVrf = VIEWS.get(model);
  if (!byVrf) {
    byVrf = new Map();
    VIEWS.set(model, byVrf);
  }
  const key = vrf ?? "";
  let view = byVrf.get(key);
  if (!view) {
    view = buildView(model, vrf);
    byVrf.set(key, view);
  }
  return view;
}
const VIEWS = new WeakMap<ConfigModel, Map<string, RoutingView>>();

function incompleteReason(model: ConfigModel): string | undefined {
  const process = model.routerProcesses[0];
  if (process) {
    return `routing process \`${process.node.text.trim()}\` may learn routes the config does not show`;
  }
  const dynamic = model.interfaces.find((i) => i.dynamicAddress && !i.shutdown);
  if (dynamic) {
    return `${dynamic.name} takes its address from DHCP or PPP, which may install a default route`;
  }
  if (model.routes.length === 0 && !model.version) {
    return "this looks like a fragment of a config (no version line) with no routing in it";
  }
  return undefined;
}

function buildView(model: ConfigModel, vrf: string | undefined): RoutingView {
  const routes: TableRoute[] = [];
  for (const iface of model.interfaces) {
    if (iface.shutdown || iface.vrf !== vrf) {
      continue;
    }
    for (const a of iface.addresses) {
      routes.push({
        kind: "connected",
        prefix: a.prefix,
        distance: 0,
        node: a.node,
        connected: iface,
      });
    }
  }
  for (const route of model.routes) {
    if (route.vrf !== vrf) {
      continue;
    }
    routes.push({
      kind: "static",
      prefix: route.prefix,
      distance: route.distance,
      node: route.node,
      route,
    });
  }
  // Index by prefix length then network, so a lookup costs 33 map probes whatever the table size.
  const byLength: Map<number, TableRoute[]>[] = [];
  for (const r of routes) {
    const level = (byLength[r.prefix.length] ??= new Map());
    pushAt(level, r.prefix.network, r);
  }
  const resolved = new Map<TableRoute, Resolution>();
  const resolving = new Set<TableRoute>();

  const candidatesFor = (
    address: number,
    length: number,
  ): readonly TableRoute[] =>
    byLength[length]?.get((address & prefixToMask(length)) >>> 0) ?? NONE;

  const resolve = (route: TableRoute, depth: number): Resolution => {
    const known = resolved.get(route);
    if (known) {
      return known;
    }
    if (route.kind === "connected") {
      const r: Resolution = {
        installed: true,
        exit: route.connected,
        discard: false,
      };
      resolved.set(route, r);
      return r;
    }
    if (resolving.has(route) || depth > MAX_RECURSION) {
      // A route that needs itself to reach its next hop is never installed; do not memoise the
      // answer of an inner step, the outer call decides.
      return {
        installed: false,
        discard: false,
        reason: "its next hop is reachable only through itself",
      };
    }
    resolving.add(route);
    const r = resolveStatic(route, depth);
    resolving.delete(route);
    resolved.set(route, r);
    return r;
  };

  const resolveStatic = (route: TableRoute, depth: number): Resolution => {
    const s = route.route!;
    if (s.exitInterface) {
      const name = s.exitInterface.name;
      if (/^null\d*$/i.test(name)) {
        return { installed: true, discard: true };
      }
      const iface = interfaceNamed(model, name);
      if (!iface) {
        return { installed: true, discard: false, unknownExit: name };
      }
      if (iface.shutdown) {
        return {
          installed: false,
          discard: false,
          exit: iface,
          reason: `its exit interface ${iface.name} is shut down`,
        };
      }
      return {
        installed: true,
        discard: false,
        exit: iface,
        gateway: s.nextHop,
      };
    }
    if (s.nextHop === undefined) {
      return { installed: false, discard: false, reason: "it has no next hop" };
    }
    const via = lookupWith(s.nextHop, route, depth + 1);
    if (!via || !via.routes.length) {
      return {
        installed: false,
        discard: false,
        reason: `no route that is up reaches its next hop ${formatIpv4(s.nextHop)}`,
      };
    }
    const first = via.routes[0]!;
    const firstResolution = via.resolutions[0]!;
    if (firstResolution.discard) {
      return { installed: true, discard: true };
    }
    return {
      installed: true,
      discard: false,
      exit: firstResolution.exit,
      unknownExit: firstResolution.unknownExit,
      gateway: first.kind === "connected" ? s.nextHop : firstResolution.gateway,
    };
  };

  const lookupWith = (
    address: number,
    exclude: TableRoute | undefined,
    depth: number,
  ): RouteLookup | undefined => {
    const uninstalled: RouteLookup["uninstalled"] = [];
    for (let length = 32; length >= 0; length--) {
      const candidates = candidatesFor(address, length);
      if (!candidates.length) {
        // Most of the 33 lengths hold nothing for an address: skip them without allocating.
        continue;
      }
      const installed: { route: TableRoute; resolution: Resolution }[] = [];
      for (const c of candidates) {
        if (c === exclude) {
          continue;
        }
        const resolution = resolve(c, depth);
        if (resolution.installed) {
          installed.push({ route: c, resolution });
        } else {
          uninstalled.push({ route: c, resolution });
        }
      }
      if (!installed.length) {
        continue;
      }
      const best = Math.min(...installed.map((i) => i.route.distance));
      const winners = installed.filter((i) => i.route.distance === best);
      const exits: Interface[] = [];
      for (const w of winners) {
        const exit = w.resolution.exit;
        if (exit && !w.resolution.discard && !exits.includes(exit)) {
          exits.push(exit);
        }
      }
      return {
        routes: winners.map((w) => w.route),
        resolutions: winners.map((w) => w.resolution),
        exits,
        uninstalled,
      };
    }
    return uninstalled.length
      ? { routes: [], resolutions: [], exits: [], uninstalled }
      : undefined;
  };

  const reason = incompleteReason(model);
  return {
    vrf,
    complete: reason === undefined,
    incompleteReason: reason,
    routes,
    lookup: (address) => lookupWith(address, undefined, 0),
    resolve: (route) => resolve(route, 0),
  };
}

/** True when the lookup found an installed route. */
export function hasRoute(
  lookup: RouteLookup | undefined,
): lookup is RouteLookup {
  return !!lookup && lookup.routes.length > 0;
}

/**
 * True when the config shows every route of the VRF's table and none reaches the address (or
 * the one that does discards): the router cannot send it a packet. What `no-route-to-peer`
 * reports, and what makes the pair analysis fail a direction.
 */
export function unreachable(
  model: ConfigModel,
  vrf: string | undefined,
  address: number,
): boolean {
  const table = routingView(model, vrf);
  if (!table.complete) {
    return false;
  }
  const lookup = table.lookup(address);
  return !hasRoute(lookup) || lookup.resolutions.every((r) => r.discard);
}

/**
 * The source interface of a protected tunnel whose VRF is not the tunnel's `tunnel vrf` (none
 * for the global table): IOS sends the tunnel's IKE and ESP in the tunnel's VRF, where the
 * source is not, so they never leave (`tunnel-vrf-mismatch`). Undefined when they agree.
 */
export function tunnelVrfMismatch(
  model: ConfigModel,
  iface: Interface,
): Interface | undefined {
  const t = iface.tunnel;
  if (!t.source || (!t.protection && !t.mode?.startsWith("ipsec"))) {
    return undefined;
  }
  const sourceAddress = t.source.address;
  const source = t.source.interface
    ? interfaceNamed(model, t.source.interface.name)
    : model.interfaces.find((i) =>
        i.addresses.some((a) => a.address === sourceAddress),
      );
  return source && source.vrf !== t.vrf?.name ? source : undefined;
}

/** True when a route decision can be trusted: every route is in the config, or a connected network wins. */
export function decisive(table: RoutingView, lookup: RouteLookup): boolean {
  return table.complete || lookup.routes.every((r) => r.kind === "connected");
}

/**
 * True when the route to a tunnel's own destination leaves through the tunnel itself: IOS shuts
 * the tunnel down for recursive routing (`tunnel-recursive-routing`).
 */
export function routedIntoItself(
  table: RoutingView,
  lookup: RouteLookup | undefined,
  tunnel: Interface,
): boolean {
  return (
    !!lookup &&
    decisive(table, lookup) &&
    lookup.exits.length > 0 &&
    lookup.exits.every((e) => e === tunnel)
  );
}

/**
 * True when the routes the config does not show can only lead away from the map's interfaces:
 * no routing process runs, so the unknown routes are what DHCP or PPP install on the
 * interfaces that learn their address (a default route out of them), and the map is on none
 * of those. A PPPoE branch whose map sits on the Ethernet under its dialer is wrong whatever
 * the dialer learns.
 */
function learnedRoutesMissMap(
  model: ConfigModel,
  mapInterfaces: readonly Interface[],
): boolean {
  if (model.routerProcesses.length) {
    return false;
  }
  return mapInterfaces.every((i) => !i.dynamicAddress);
}

/**
 * True when the route a lookup found leaves by none of the interfaces a crypto map is applied
 * to, and the config proves it: traffic on that route never meets the map
 * (`crypto-map-wrong-interface` for a peer).
 */
export function routeMissesMap(
  model: ConfigModel,
  table: RoutingView,
  lookup: RouteLookup,
  mapInterfaces: readonly Interface[],
): boolean {
  return (
    lookup.exits.length > 0 &&
    mapInterfaces.length > 0 &&
    !mapInterfaces.some((i) => lookup.exits.includes(i)) &&
    (decisive(table, lookup) || learnedRoutesMissMap(model, mapInterfaces))
  );
}

/** Describes a route for a message: "the default route via 172.16.5.5" or "the connected network 172.16.5.0/24 of Serial4/0". */
export function describeRoute(route: TableRoute): string {
  if (route.kind === "connected") {
    return `the connected network ${formatPrefix(route.prefix)} of ${route.connected!.name}`;
  }
  const s = route.route!;
  const what =
    route.prefix.length === 0
      ? "the default route"
      : `the static route to ${formatPrefix(route.prefix)}`;
  const via =
    s.nextHop !== undefined
      ? ` via ${formatIpv4(s.nextHop)}`
      : s.exitInterface
        ? ` out of ${s.exitInterface.name}`
        : "";
  return what + via;
}

/** The IPv6 route a lookup found: a connected prefix of an interface, or an `ipv6 route`. */
export interface Ipv6RouteMatch {
  prefix: Ipv6Prefix;
  node: ConfigNode;
  /** The interface a connected prefix belongs to. */
  connected?: Interface;
}

/**
 * The longest IPv6 prefix of a VRF's table (connected prefixes of interfaces that are up, and
 * `ipv6 route` lines) that holds an address. A static route counts whether or not its next hop
 * resolves: IPv6 tables are read for whether a route exists at all.
 */
export function lookupIpv6(
  model: ConfigModel,
  vrf: string | undefined,
  address: Ipv6Address,
): Ipv6RouteMatch | undefined {
  let best: Ipv6RouteMatch | undefined;
  const consider = (candidate: Ipv6RouteMatch) => {
    if (
      ipv6PrefixContains(candidate.prefix, address) &&
      (!best || candidate.prefix.length > best.prefix.length)
    ) {
      best = candidate;
    }
  };
  for (const iface of model.interfaces) {
    if (iface.shutdown || iface.vrf !== vrf) {
      continue;
    }
    for (const a of iface.addresses6 ?? []) {
      if (!a.linkLocal) {
        consider({ prefix: a.prefix, node: a.node, connected: iface });
      }
    }
  }
  for (const route of model.routes6) {
    if (route.vrf === vrf) {
      consider({ prefix: route.prefix, node: route.node });
    }
  }
  return best;
}

/**
 * Why the config may not show every IPv6 route, or undefined when it does: a routing process, an
 * address learned from router advertisements or DHCPv6 (which can bring a default route), or no
 * `ipv6 unicast-routing` (a router that does not route IPv6 takes a default route from the
 * advertisements it hears).
 */
export function ipv6IncompleteReason(model: ConfigModel): string | undefined {
  const process = model.routerProcesses[0];
  if (process) {
    return `routing process \`${process.node.text.trim()}\` may learn routes the config does not show`;
  }
  for (const iface of model.interfaces) {
    const learned = iface.node.children.find(
      (c) =>
        !c.negated &&
        (startsWith(c, "ipv6", "address", "autoconfig") ||
          startsWith(c, "ipv6", "address", "dhcp")),
    );
    if (learned && !iface.shutdown) {
      return `${iface.name} learns its IPv6 address (\`${learned.text.trim()}\`), which may install a default route`;
    }
  }
  if (!liveRoots(model).some((r) => startsWith(r, "ipv6", "unicast-routing"))) {
    return "without `ipv6 unicast-routing` the router takes a default route from router advertisements";
  }
  return undefined;
}
