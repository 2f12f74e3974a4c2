import { pushAt } from "../collections/multiMap";
import {
  cryptoView,
  peerLabel,
  type CryptoPeer,
  type CryptoView,
  type MapApplication,
  endpointText,
  ownsAddress,
} from "../config/cryptoPeers";
import type { ConfigModel, CryptoMapEntry, Interface } from "../config/model";
import { remoteNetworkMisses } from "../config/remoteNetworks";
import {
  describeRoute,
  hasRoute,
  interfaceNamed,
  ipv6IncompleteReason,
  lookupIpv6,
  type Ipv6RouteMatch,
  routedIntoItself,
  routeMissesMap,
  routingView,
  tunnelVrfMismatch,
  vrfText,
  type RouteLookup,
  type RoutingView,
} from "../config/routingView";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import {
  deleteLine,
  insertAfterLastOf,
  insertChild,
  interfaceCli,
  replaceLine,
} from "../fixes/configEdits";
import { mergeEntriesInto } from "../fixes/cryptoMapEdits";
import { placeholder, snippetToCli } from "../fixes/snippets";
import {
  describeWildcard,
  formatIpv4,
  prefixToMask,
  wildcardToPrefix,
} from "../ipv4/address";
import {
  formatIpv6,
  ipv6PrefixContains,
  type Ipv6Address,
} from "../ipv6/address";
import { POINT_TO_POINT_TYPES } from "../knowledge/ipsecTraffic";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * Routing seen from the crypto map: the peer must be reachable, through the interface that
 * carries the map, and the traffic the crypto ACL protects must leave through that interface too,
 * or it never meets the map. Absences are claimed only when the config shows all its routes. A
 * protected tunnel must route its destination in the VRF its source interface is in.
 */
export const routingChecks: ConfigCheck = {
  id: "routingChecks",
  run(model) {
    const view = cryptoView(model);
    const out: Finding[] = [];
    out.push(...tunnelVrfs(model));
    out.push(...peerRoutes(model, view));
    out.push(...ipv6PeerRoutes(model, view));
    out.push(...remoteNetworks(model));
    return out;
  },
};

/**
 * A protected tunnel routes its destination, and sends IKE and ESP, in its `tunnel vrf` (the
 * global table without one), while its packets leave from the `tunnel source` interface: the two
 * must be the same VRF, or the peer is looked up in a table that does not lead out of the source.
 */
function tunnelVrfs(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  for (const iface of model.interfaces) {
    const t = iface.tunnel;
    const source = tunnelVrfMismatch(model, iface);
    if (!source || !t.source) {
      continue;
    }
    const want = source.vrf;
    const destination =
      (t.destination && endpointText(t.destination)) ?? "its destination";
    const head = t.vrf
      ? `${iface.name} has \`tunnel vrf ${t.vrf.name}\`, but its source ${source.name} is in ${vrfText(want)}`
      : `${iface.name}'s source ${source.name} is in VRF ${want}, but ${iface.name} has no \`tunnel vrf ${want}\``;
    const fix: Fix =
      want === undefined
        ? {
            title: `Remove tunnel vrf ${t.vrf!.name} from ${iface.name}`,
            edits: [deleteLine(model.tree, t.vrf!.node)],
            cli: interfaceCli(iface, [`no tunnel vrf ${t.vrf!.name}`]),
          }
        : t.vrf
          ? {
              title: `Set tunnel vrf ${want} on ${iface.name}`,
              edits: [
                replaceLine(
                  t.vrf.node,
                  `${t.vrf.node.text.slice(0, t.vrf.node.indent)}tunnel vrf ${want}`,
                ),
              ],
              cli: interfaceCli(iface, [`tunnel vrf ${want}`]),
            }
          : {
              title: `Add tunnel vrf ${want} to ${iface.name}`,
              edits: [
                insertChild(model.tree, iface.node, `tunnel vrf ${want}`),
              ],
              cli: interfaceCli(iface, [`tunnel vrf ${want}`]),
            };
    out.push({
      code: "tunnel-vrf-mismatch",
      range: t.vrf
        ? nodeRange(t.vrf.node)
        : (t.source.interface?.range ?? nodeRange(t.source.node)),
      message: `${head}: IOS routes ${destination} and sends IKE and ESP in ${vrfText(t.vrf?.name)}, not in ${vrfText(want)} where the source interface is, so the tunnel's packets never leave toward the peer and the tunnel stays down. ${want === undefined ? `Remove \`tunnel vrf ${t.vrf!.name}\`` : `Set \`tunnel vrf ${want}\``} under ${iface.name}, or move the source to an interface of the right VRF.`,
      related: [
        relatedLine(t.source.node, `the tunnel source, in ${vrfText(want)}`),
      ],
      fixes: [fix],
    });
  }
  return out;
}

/** True for interfaces that reach their neighbour without a next hop (serial, tunnel, dialer...). */
function isPointToPoint(iface: Interface): boolean {
  return POINT_TO_POINT_TYPES.some((t) => iface.key.startsWith(t));
}

/**
 * IPv6 peers (tunnels over IPv6) need an IPv6 route, connected or static: without one IKE never
 * leaves; and that route must not lead into the tunnel itself (out of it, or to a next hop on
 * its own prefix), or IOS shuts the tunnel down for recursive routing. Claimed only when the
 * config shows every IPv6 route it has (`ipv6IncompleteReason`).
 */
function ipv6PeerRoutes(model: ConfigModel, view: CryptoView): Finding[] {
  const peers = view.peers.filter((p) => p.address6 !== undefined);
  if (!peers.length || ipv6IncompleteReason(model) !== undefined) {
    return [];
  }
  const out: Finding[] = [];
  for (const peer of peers) {
    const address = peer.address6!;
    const text = formatIpv6(address);
    const match = lookupIpv6(model, peer.vrf, address);
    if (!match) {
      out.push({
        code: "no-route-to-peer",
        range: peer.range,
        message: `No IPv6 route covers peer ${text} of ${peerLabel(peer)}${peer.vrf !== undefined ? ` in VRF ${peer.vrf}` : ""}: no connected prefix holds it and no \`ipv6 route\` leads to it, so the router cannot send the peer a single IKE packet and the tunnel never comes up. The config shows no IPv6 routing process, so no other route can come from elsewhere.`,
        related: peer.interfaces
          .slice(0, 1)
          .map((i) =>
            relatedLine(i.node, `${peerLabel(peer)} sends through ${i.name}`),
          ),
        fixes: [addRoute6Fix(model, peer, undefined)],
      });
      continue;
    }
    const tunnel = peer.tunnel;
    if (
      tunnel &&
      (match.connected === tunnel ||
        (match.connected === undefined && intoTunnel(model, match, tunnel)))
    ) {
      const route = match.node.text.trim();
      const source = peer.interfaces[0];
      out.push({
        code: "tunnel-recursive-routing",
        range: peer.range,
        message: `${tunnel.name}'s destination ${text} is routed into ${tunnel.name} itself (\`${route}\`): the tunnel's own packets would have to travel through the tunnel. IOS shuts the tunnel down (\`%TUN-5-RECURDOWN: ${tunnel.name} temporarily disabled due to recursive routing\`), brings it back, and shuts it again, so IKE never completes and the tunnel flaps. The destination must be reached through the underlay${source ? ` (out of ${source.name}, the tunnel source)` : ""}: a more specific route to it. Verify: \`show ipv6 route ${text}\` (it must not name ${tunnel.name}), \`show logging | include RECURDOWN\`.`,
        related: [
          relatedLine(match.node, `\`${route}\` sends it into ${tunnel.name}`),
          ...(source
            ? [
                relatedLine(
                  source.node,
                  `${tunnel.name}'s source: the way out to ${text}`,
                ),
              ]
            : []),
        ],
        fixes: [
          addRoute6Fix(
            model,
            peer,
            source ? underlayGateway6(model, source, tunnel) : undefined,
          ),
        ],
      });
    }
  }
  return out;
}

/** True when a static IPv6 route leads into the tunnel: out of it, or to a next hop on its prefix. */
function intoTunnel(
  model: ConfigModel,
  match: Ipv6RouteMatch,
  tunnel: Interface,
): boolean {
  const route = model.routes6.find((r) => r.node === match.node);
  if (!route) {
    return false;
  }
  if (route.exitInterface) {
    return interfaceNamed(model, route.exitInterface.name) === tunnel;
  }
  return route.nextHop !== undefined && intoTunnelHop(tunnel, route.nextHop);
}

/** A next hop on the tunnel source's own IPv6 prefix that a static route uses: the underlay's gateway. */
function underlayGateway6(
  model: ConfigModel,
  source: Interface,
  tunnel: Interface,
): Ipv6Address | undefined {
  for (const r of model.routes6) {
    const hop = r.nextHop;
    if (
      hop !== undefined &&
      !intoTunnelHop(tunnel, hop) &&
      (source.addresses6 ?? []).some(
        (a) => !a.linkLocal && ipv6PrefixContains(a.prefix, hop),
      )
    ) {
      return hop;
    }
  }
  return undefined;
}

/** True when a next hop lies on one of the tunnel's own prefixes. */
function intoTunnelHop(tunnel: Interface, hop: Ipv6Address): boolean {
  return (tunnel.addresses6 ?? []).some((a) =>
    ipv6PrefixContains(a.prefix, hop),
  );
}

/** Adds `ipv6 route <peer>/128 <gateway>` (a placeholder without a known gateway) after the other routes. */
function addRoute6Fix(
  model: ConfigModel,
  peer: CryptoPeer,
  gateway: Ipv6Address | undefined,
): Fix {
  const text = formatIpv6(peer.address6!);
  const line = `ipv6 route ${peer.vrf !== undefined ? `vrf ${peer.vrf} ` : ""}${text}/128 ${gateway !== undefined ? formatIpv6(gateway) : placeholder(1, "next-hop")}`;
  const after = model.routes6.filter((r) => !r.node.parent).map((r) => r.node);
  return {
    title:
      gateway !== undefined
        ? `Add ${line}`
        : `Add an IPv6 route to ${text} (fill in the next hop)`,
    // After the last `ipv6 route` line, else after the `ip route` lines.
    edits: [
      insertAfterLastOf(model.tree, after.length ? after : routeNodes(model), [
        line,
      ]),
    ],
    snippet: gateway === undefined || undefined,
    isPreferred: true,
    cli: [snippetToCli(line)],
  };
}

/** The `ip route` lines, after which new routes go (once per model). */
function routeNodes(model: ConfigModel) {
  let nodes = ROUTE_NODES.get(model);
  if (!nodes) {
    nodes = model.routes.filter((r) => !r.node.parent).map((r) => r.node);
    ROUTE_NODES.set(model, nodes);
  }
  return nodes;
}
const ROUTE_NODES = new WeakMap<ConfigModel, ConfigNode[]>();

/** Whether a table has an installed default route (once per table). */
function hasDefaultRoute(table: RoutingView): boolean {
  let known = DEFAULTS.get(table);
  if (known === undefined) {
    known = table.routes.some(
      (r) =>
        r.kind === "static" &&
        r.prefix.length === 0 &&
        table.resolve(r).installed,
    );
    DEFAULTS.set(table, known);
  }
  return known;
}
const DEFAULTS = new WeakMap<RoutingView, boolean>();

/** Fixes that add a route toward an address through the interface or gateway the peer needs. */
function addRouteFixes(
  model: ConfigModel,
  target: { network: number; length: number },
  towards: Interface | undefined,
  gateway: number | undefined,
  hasDefault: boolean,
): Fix[] {
  const mask = formatIpv4(prefixToMask(target.length));
  const network = formatIpv4(target.network);
  const fixes: Fix[] = [];
  const add = (
    title: string,
    line: string,
    snippet: boolean,
    preferred: boolean,
  ) =>
    fixes.push({
      title,
      edits: [insertAfterLastOf(model.tree, routeNodes(model), [line])],
      snippet: snippet || undefined,
      isPreferred: preferred || undefined,
      cli: [snippetToCli(line)],
    });
  if (gateway !== undefined) {
    add(
      `Add ip route ${network} ${mask} ${formatIpv4(gateway)}`,
      `ip route ${network} ${mask} ${formatIpv4(gateway)}`,
      false,
      true,
    );
  } else if (towards && isPointToPoint(towards)) {
    add(
      `Add ip route ${network} ${mask} ${towards.name}`,
      `ip route ${network} ${mask} ${towards.name}`,
      false,
      true,
    );
  }
  if (!hasDefault) {
    add(
      "Add a default route (fill in the next hop)",
      `ip route 0.0.0.0 0.0.0.0 ${placeholder(1, "next-hop")}`,
      true,
      false,
    );
  }
  if (gateway === undefined && target.length > 0) {
    add(
      `Add a route to ${network}/${target.length} (fill in the next hop)`,
      `ip route ${network} ${mask} ${placeholder(1, "next-hop")}`,
      true,
      false,
    );
  }
  return fixes;
}

function explainMiss(lookup: RouteLookup | undefined): {
  text: string;
  related: RelatedInfo[];
} {
  const missed = lookup?.uninstalled ?? [];
  if (!missed.length) {
    return { text: "", related: [] };
  }
  const first = missed[0]!;
  return {
    text: ` (${describeRoute(first.route)} would cover it, but it is not installed: ${first.resolution.reason ?? "it does not resolve"})`,
    related: missed
      .slice(0, 3)
      .map((m) =>
        relatedLine(
          m.route.node,
          `not installed: ${m.resolution.reason ?? "does not resolve"}`,
        ),
      ),
  };
}

/** True when a tunnel peer's winning route, in a table that shows every route, leaves through the tunnel itself. */
function isRecursive(
  peer: CryptoPeer,
  table: RoutingView,
  lookup: RouteLookup,
): boolean {
  return (
    peer.kind === "tunnel" &&
    peer.tunnel !== undefined &&
    routedIntoItself(table, lookup, peer.tunnel)
  );
}

/**
 * The `tunnel-recursive-routing` findings of one tunnel interface, with the route at fault: what
 * the capture check of `%TUN-5-RECURDOWN` reads when the router's config is known.
 */
export function tunnelRecursions(
  model: ConfigModel,
  tunnel: Interface,
): { destination: number; route: string; finding: Finding }[] {
  const out: { destination: number; route: string; finding: Finding }[] = [];
  for (const peer of cryptoView(model).peers) {
    if (peer.tunnel !== tunnel || peer.address === undefined) {
      continue;
    }
    const table = routingView(model, peer.vrf);
    const lookup = table.lookup(peer.address);
    if (lookup && isRecursive(peer, table, lookup)) {
      out.push({
        destination: peer.address,
        route: describeRoute(lookup.routes[0]!),
        finding: recursiveTunnel(model, peer, lookup),
      });
    }
  }
  return out;
}

/**
 * A tunnel whose own destination is routed into the tunnel: each packet the tunnel sends would
 * be carried by the tunnel again. IOS sees the loop and shuts the tunnel (`%TUN-5-RECURDOWN`),
 * brings it up, and shuts it again while the route stays.
 */
function recursiveTunnel(
  model: ConfigModel,
  peer: CryptoPeer,
  lookup: RouteLookup,
): Finding {
  const tunnel = peer.tunnel!;
  const destination = formatIpv4(peer.address!);
  const route = lookup.routes[0]!;
  const source = peer.interfaces[0];
  const gateway = source ? underlayGateway(model, source) : undefined;
  return {
    code: "tunnel-recursive-routing",
    range: peer.range,
    message: `${tunnel.name}'s destination ${destination} is routed into ${tunnel.name} itself (${describeRoute(route)}): the tunnel's own packets would have to travel through the tunnel. IOS shuts the tunnel down (\`%TUN-5-RECURDOWN: ${tunnel.name} temporarily disabled due to recursive routing\`), brings it back, and shuts it again, so IKE never completes and the tunnel flaps. The destination must be reached through the underlay${source ? ` (out of ${source.name}, the tunnel source)` : ""}: a more specific route to it, or a route into the tunnel that does not cover it. Verify: \`show ip route ${destination}\` (it must not name ${tunnel.name}), \`show interfaces ${tunnel.name}\`, \`show logging | include RECURDOWN\`.`,
    related: [
      relatedLine(
        route.node,
        `${describeRoute(route)} sends it into ${tunnel.name}`,
      ),
      ...(source
        ? [
            relatedLine(
              source.node,
              `${tunnel.name}'s source: the way out to ${destination}`,
            ),
          ]
        : []),
    ],
    fixes: addRouteFixes(
      model,
      { network: peer.address!, length: 32 },
      source,
      gateway,
      // A default route into the tunnel is the usual culprit: another default would not help, a host route does.
      true,
    ),
  };
}

/** A next hop on the tunnel source's own network that a static route already uses: the underlay's gateway. */
function underlayGateway(
  model: ConfigModel,
  source: Interface,
): number | undefined {
  for (const r of model.routes) {
    const hop = r.nextHop;
    if (
      hop !== undefined &&
      r.vrf === source.vrf &&
      source.addresses.some((a) => ((hop ^ a.address) & a.mask) === 0)
    ) {
      return hop;
    }
  }
  return undefined;
}

function peerRoutes(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  // One wrong-interface finding per (map application, exit), listing its peers.
  const wrong = new Map<
    string,
    {
      app: MapApplication;
      exit: Interface;
      peers: CryptoPeer[];
      lookup: RouteLookup;
    }
  >();
  for (const peer of view.peers) {
    if (peer.address === undefined || ownsAddress(model, peer.address)) {
      continue;
    }
    const table = routingView(model, peer.vrf);
    const lookup = table.lookup(peer.address);
    const peerText = formatIpv4(peer.address);
    if (!hasRoute(lookup) || lookup.resolutions.every((r) => r.discard)) {
      if (!table.complete) {
        continue;
      }
      const miss = explainMiss(lookup);
      const discards = hasRoute(lookup);
      const towards = peer.interfaces[0];
      const hasDefault = hasDefaultRoute(table);
      out.push({
        code: "no-route-to-peer",
        range: peer.range,
        message: discards
          ? `The route to peer ${peerText} of ${peerLabel(peer)} is ${describeRoute(lookup.routes[0]!)}, which discards the packets: IKE can never reach the peer.`
          : `No route covers peer ${peerText} of ${peerLabel(peer)}${miss.text}: the router cannot send the peer a single IKE packet, so phase 1 never starts. The config shows no routing process, so no other route can come from elsewhere.`,
        related: [
          ...miss.related,
          ...(discards
            ? [relatedLine(lookup.routes[0]!.node, "this route discards")]
            : []),
          ...peer.interfaces
            .slice(0, 1)
            .map((i) =>
              relatedLine(i.node, `${peerLabel(peer)} sends through ${i.name}`),
            ),
        ],
        fixes: addRouteFixes(
          model,
          { network: peer.address, length: 32 },
          towards,
          undefined,
          hasDefault,
        ),
      });
      continue;
    }
    if (isRecursive(peer, table, lookup)) {
      out.push(recursiveTunnel(model, peer, lookup));
      continue;
    }
    if (peer.kind !== "map" || !lookup.exits.length) {
      continue;
    }
    const apps = view.applications.get(peer.map!.name) ?? [];
    if (
      !routeMissesMap(
        model,
        table,
        lookup,
        apps.map((a) => a.iface),
      )
    ) {
      continue;
    }
    for (const app of apps) {
      const exit = lookup.exits[0]!;
      const key = `${app.iface.key}|${exit.key}|${peer.map!.name}`;
      const known = wrong.get(key);
      if (known) {
        known.peers.push(peer);
      } else {
        wrong.set(key, { app, exit, peers: [peer], lookup });
      }
    }
  }
  const peersByMap = new Map<CryptoPeer["map"], CryptoPeer[]>();
  if (wrong.size) {
    for (const p of view.peers) {
      pushAt(peersByMap, p.map, p);
    }
  }
  for (const { app, exit, peers, lookup } of wrong.values()) {
    const map = peers[0]!.map!;
    const route = lookup.routes[0]!;
    const peerList = peers.map((p) => formatIpv4(p.address!)).join(", ");
    // Moving the map away is right only when no other peer of the map needs this interface.
    const othersUseIt = (peersByMap.get(map) ?? []).some((p) => {
      if (p.address === undefined || peers.includes(p)) {
        return false;
      }
      const other = routingView(model, p.vrf).lookup(p.address);
      return !!other && other.exits.includes(app.iface);
    });
    const fixes: Fix[] = [];
    let note = "";
    if (exit.cryptoMap && exit.cryptoMap.name !== map.name) {
      const into = exit.cryptoMap.name;
      note = ` ${exit.name} already carries crypto map ${into} and an interface holds one crypto map: these entries belong in ${into}.`;
      const merge = mergeEntriesInto(model, map, into);
      fixes.push({
        title: `Move the entries of crypto map ${map.name} into crypto map ${into} (on ${exit.name})${othersUseIt ? "" : ` and remove ${map.name} from ${app.iface.name}`}`,
        edits: [
          ...merge.edits,
          ...(othersUseIt ? [] : [deleteLine(model.tree, app.ref.node)]),
        ],
        isPreferred: true,
        cli: [
          ...(othersUseIt
            ? []
            : interfaceCli(app.iface, [`no crypto map ${map.name}`])),
          ...merge.cli,
        ],
      });
    } else {
      if (!othersUseIt) {
        fixes.push({
          title: `Move crypto map ${map.name} from ${app.iface.name} to ${exit.name}`,
          edits: [
            deleteLine(model.tree, app.ref.node),
            insertChild(model.tree, exit.node, `crypto map ${map.name}`),
          ],
          isPreferred: true,
          cli: [
            ...interfaceCli(app.iface, [`no crypto map ${map.name}`]),
            ...interfaceCli(exit, [`crypto map ${map.name}`]),
          ],
        });
      }
      fixes.push({
        title: `Also apply crypto map ${map.name} to ${exit.name}`,
        edits: [insertChild(model.tree, exit.node, `crypto map ${map.name}`)],
        isPreferred: othersUseIt || undefined,
        cli: interfaceCli(exit, [`crypto map ${map.name}`]),
      });
    }
    out.push({
      code: "crypto-map-wrong-interface",
      range: nodeRange(app.ref.node),
      message: `Crypto map ${map.name} is applied to ${app.iface.name}, but the route to peer ${peerList} leaves through ${exit.name} (${describeRoute(route)}): traffic toward the peer never meets the map, so IKE is never triggered.${note}`,
      related: [
        relatedLine(
          route.node,
          `${describeRoute(route)} leaves through ${exit.name}`,
        ),
        relatedLine(exit.node, `${exit.name}: the exit toward the peer`),
        ...peers
          .slice(0, 3)
          .map((p) => relatedLine(p.node, `peer ${formatIpv4(p.address!)}`)),
      ],
      fixes,
    });
  }
  return out;
}

/**
 * The remote networks of crypto ACLs that the router does not route through the map's
 * interfaces (`remoteNetworkMisses`, which the pair analysis reads too), each with the route to
 * add where the gateway toward the peer is known.
 */
function remoteNetworks(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  const gateways = new Map<CryptoMapEntry, number | undefined>();
  for (const miss of remoteNetworkMisses(model)) {
    const { map, entry, acl, line: e, applications: apps, table } = miss;
    if (!gateways.has(entry)) {
      gateways.set(entry, peerGatewayOf(entry, apps, table));
    }
    const peerGateway = gateways.get(entry);
    const networkText = describeWildcard(e.destination);
    const prefix = wildcardToPrefix(e.destination);
    const appNames = apps.map((a) => a.iface.name).join(", ");
    const related: RelatedInfo[] = apps.map((a) =>
      relatedLine(
        a.ref.node,
        `crypto map ${map.name} is applied to ${a.iface.name}`,
      ),
    );
    const { route, exit } = miss;
    if (!route || !exit) {
      out.push({
        code: "no-route-to-remote-network",
        range: e.destinationRange,
        message: `No route covers ${networkText}, the remote network of access list ${acl.name} (crypto map ${map.name} ${entry.sequence}): traffic for it is dropped before it can leave through ${appNames} and meet the crypto map.`,
        related,
        fixes: prefix
          ? addRouteFixes(model, prefix, apps[0]!.iface, peerGateway, true)
          : [],
      });
      continue;
    }
    // A more specific route wins over a new one only if the new one is longer still.
    const fixes =
      prefix && prefix.length > route.prefix.length && peerGateway !== undefined
        ? addRouteFixes(model, prefix, apps[0]!.iface, peerGateway, true)
        : [];
    out.push({
      code: "no-route-to-remote-network",
      range: e.destinationRange,
      message: `Traffic to ${networkText} (remote network of access list ${acl.name}, crypto map ${map.name} ${entry.sequence}) leaves through ${exit.name} by ${describeRoute(route)}, not through ${appNames} where the crypto map is applied: it goes out unencrypted or is lost, and never triggers the tunnel.`,
      related: [relatedLine(route.node, `${describeRoute(route)}`), ...related],
      fixes,
    });
  }
  return out;
}

/** The gateway toward an entry's peer through the map's interface: the clear next hop for a fix. */
function peerGatewayOf(
  entry: CryptoMapEntry,
  apps: readonly MapApplication[],
  table: RoutingView,
): number | undefined {
  const peerAddress = entry.peers.find((p) => p.address !== undefined)?.address;
  const peerLookup =
    peerAddress !== undefined ? table.lookup(peerAddress) : undefined;
  // A peer on a connected network is itself the next hop toward the networks behind it.
  return peerLookup &&
    peerLookup.exits.some((e) => apps.some((a) => a.iface === e))
    ? peerLookup.routes[0]?.kind === "connected"
      ? peerAddress
      : peerLookup.resolutions[0]?.gateway
    : undefined;
}
