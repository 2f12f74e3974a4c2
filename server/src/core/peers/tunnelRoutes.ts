import { isMultipoint } from "../config/dmvpn";
import type { Interface } from "../config/model";
import { describeRoute, routingView } from "../config/routingView";
import type { Fix } from "../diagnostics/finding";
import { isPrivateAddress } from "../knowledge/addressBlocks";
import { formatIpv4, isContiguousMask, maskToPrefix } from "../ipv4/address";
import type { PairAnalysis } from "./analysis";
import { insertAfterSection, insertBefore } from "./edits";
import type { Endpoint } from "./endpoint";
import type { PeerIssue } from "./issues";

/**
 * A point-to-point tunnel (VTI or GRE) sends only what is routed into it: with static routing,
 * each router needs a route for the other's networks through the tunnel. Without one the tunnel
 * comes up and carries nothing: the traffic follows another route (usually the default toward
 * the provider) and leaves unencrypted or is dropped. A crypto map has its ACL for that; a tunnel
 * has only the routing table, so this is judged between the two configs, where the other side's
 * networks are known. Tables with a routing process are not judged (it may learn the routes).
 */

/** At most this many networks are named in one message. */
const NAMED = 3;

/** The issues of a pair of point-to-point tunnels that each router's static routes leave out. */
export function tunnelRouteIssues(pa: PairAnalysis): PeerIssue[] {
  const { a, b } = pa.pair;
  if (
    !b ||
    pa.pair.dynamic ||
    !pointToPoint(a) ||
    !pointToPoint(b) ||
    ![pa.forward, pa.reverse].some((d) => d?.outcome === "ESTABLISHED")
  ) {
    return [];
  }
  return [unrouted(a, b), unrouted(b, a)].filter(
    (i): i is PeerIssue => i !== undefined,
  );
}

function pointToPoint(end: Endpoint): boolean {
  return (
    end.kind === "tunnel" &&
    end.tunnel !== undefined &&
    end.remote !== undefined &&
    !isMultipoint(end.tunnel)
  );
}

/** The other router's networks that `x`'s table sends elsewhere than into its tunnel. */
function unrouted(x: Endpoint, y: Endpoint): PeerIssue | undefined {
  const tunnel = x.tunnel!;
  const table = routingView(x.router.model, tunnel.vrf);
  if (!table.complete) {
    return undefined;
  }
  const missing: {
    network: string;
    route: string;
    owner: Interface;
    why: string;
  }[] = [];
  for (const { iface, address, mask } of insideNetworks(y)) {
    const network = (address & mask) >>> 0;
    const lookup = table.lookup(network);
    if (lookup?.exits.includes(tunnel)) {
      continue;
    }
    const route = lookup?.routes[0];
    missing.push({
      network: `${formatIpv4(network)}/${maskToPrefix(mask)}`,
      route: `ip route ${formatIpv4(network)} ${formatIpv4(mask)} ${tunnel.name}`,
      owner: iface,
      why: route
        ? `through ${lookup!.exits[0]?.name ?? "another interface"} (${describeRoute(route)})`
        : "nowhere (no route covers it)",
    });
  }
  if (!missing.length) {
    return undefined;
  }
  const X = x.router;
  const Y = y.router;
  const named = missing
    .slice(0, NAMED)
    .map((m) => `${m.network} (${m.owner.name}) ${m.why}`)
    .join(", ");
  const more =
    missing.length > NAMED ? ` and ${missing.length - NAMED} more` : "";
  const message = `${X.name} routes ${Y.name}'s network${missing.length > 1 ? "s" : ""} ${named}${more}, not into ${tunnel.name}, its tunnel to ${Y.name}: the tunnel comes up but carries nothing, and traffic for ${Y.name}'s LAN leaves unencrypted or is dropped on the way. Route ${missing.length > 1 ? "them" : "it"} into the tunnel (a static route, or a routing protocol over the tunnel).`;
  const routes = missing.map((m) => m.route);
  const last = X.model.routes.at(-1)?.node;
  const fix: Fix = {
    title: `Route ${Y.name}'s network${missing.length > 1 ? "s" : ""} into ${tunnel.name} on ${X.name}`,
    isPreferred: true,
    edits: [
      last
        ? insertAfterSection(X.uri, X.model, last, routes)
        : insertBefore(X.uri, X.model, tunnel.node, [...routes, "!"]),
    ],
    cli: routes,
  };
  return {
    code: "no-route-to-remote-network",
    sides: [
      {
        uri: X.uri,
        range: tunnel.nameRange,
        message: () => message,
        related: `${X.name}'s ${tunnel.name}, toward ${Y.name}`,
      },
    ],
    fixes: [fix],
  };
}

/**
 * The networks a router serves behind its tunnel: private, directly connected networks in the
 * tunnel's inside VRF, on interfaces that are not tunnels, loopbacks, shut, or the interface the
 * tunnel leaves by (its WAN).
 */
function insideNetworks(
  end: Endpoint,
): { iface: Interface; address: number; mask: number }[] {
  const tunnel = end.tunnel!;
  const source = end.explicitLocal;
  const out: { iface: Interface; address: number; mask: number }[] = [];
  for (const iface of end.router.model.interfaces) {
    if (
      iface.shutdown ||
      iface.vrf !== tunnel.vrf ||
      /^(tunnel|loopback|virtual|null)/.test(iface.key)
    ) {
      continue;
    }
    for (const a of iface.addresses) {
      if (
        a.address === source ||
        !isContiguousMask(a.mask) ||
        a.mask === 0xffffffff ||
        !isPrivateAddress(a.address)
      ) {
        continue;
      }
      out.push({ iface, address: a.address, mask: a.mask });
    }
  }
  return out;
}
