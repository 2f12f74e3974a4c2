import type { Code } from "../diagnostics/catalog";
import type { Packet } from "../ipv4/acl";
import { evaluateAclIndexed } from "../ipv4/aclIndex";
import { formatIpv4 } from "../ipv4/address";
import { IPSEC_TRAFFIC } from "../knowledge/ipsecTraffic";
import type { CryptoPeer } from "./cryptoPeers";
import type { AccessList, ConfigModel, Interface } from "./model";
import type { ConfigNode } from "./tree";
import { routingView } from "./routingView";
import { evaluateSelfTraffic, zoneOf } from "./zoneFirewall";

/**
 * What a router's own filters do to the IPsec of a peer on its way in: the inbound ACLs of the
 * interfaces it arrives on, and the zone-pair from their zone to the router itself. The checks
 * (`interfaceAclChecks`, `zoneFirewallChecks`) report each filter with its fix; the pair
 * analysis reads the same verdicts to fail a direction whose IKE never arrives, and to list the
 * ESP or AH a side drops once the SAs are up.
 */

/** An interface's inbound `ip access-group` line. */
export type AccessGroup = Interface["accessGroups"][number];

/**
 * The inbound ACLs of an interface that give a sure verdict: an undefined ACL permits
 * everything, and one with unreadable lines may permit what the model cannot see.
 */
export function filteringAcls(
  model: ConfigModel,
  iface: Interface,
): { group: AccessGroup; acl: AccessList }[] {
  const out: { group: AccessGroup; acl: AccessList }[] = [];
  for (const group of iface.accessGroups) {
    if (group.direction !== "in") {
      continue;
    }
    const acl = model.acls.get(group.acl.name);
    if (acl && !acl.unreadable.length) {
      out.push({ group, acl });
    }
  }
  return out;
}

/**
 * Where a peer's IPsec meets the zone firewall: each interface it uses with its zone. A tunnel
 * sourced from an interface in no zone (a loopback) sends and receives through the interfaces
 * the route toward the peer leaves by, so their zones count.
 */
export function arrivalZones(
  model: ConfigModel,
  iface: Interface,
  peerAddress: number,
  vrf: string | undefined,
): { iface: Interface; zone: string }[] {
  const own = zoneOf(model, iface);
  const through =
    own !== undefined
      ? [iface]
      : (routingView(model, vrf).lookup(peerAddress)?.exits ?? []);
  const out: { iface: Interface; zone: string }[] = [];
  for (const exit of through) {
    const zone = zoneOf(model, exit);
    if (zone !== undefined) {
      out.push({ iface: exit, zone });
    }
  }
  return out;
}

/**
 * True when the router filters anything on its way in: an inbound ACL on an interface, or a
 * zone-pair. Most configs have neither, and the pair analysis asks for every direction of every
 * pair (a DMVPN cloud of 300 spokes has 90,000), so the answer is kept per model.
 */
export function filtersInbound(model: ConfigModel): boolean {
  let filters = FILTERS.get(model);
  if (filters === undefined) {
    filters =
      model.zonePairs.length > 0 ||
      model.interfaces.some((i) =>
        i.accessGroups.some((g) => g.direction === "in"),
      );
    FILTERS.set(model, filters);
  }
  return filters;
}
const FILTERS = new WeakMap<ConfigModel, boolean>();

/** A filter of this router that drops one kind of a peer's IPsec, with the code that reports it. */
export interface InboundBlock {
  code: Code;
  /** In words, after the router's name: "drops ISAKMP (UDP 500) from 192.0.2.2 in ACL 101 on Gi0/0". */
  text: string;
  /** The filter: the interface's `ip access-group` line, or the `zone-pair security` line. */
  node: ConfigNode;
}

/**
 * The first of this router's filters that drops a kind of IPsec from `from` to `local` arriving
 * for a crypto peer: an inbound ACL (first match) of the peer's interfaces, else the zone-pair
 * to `self`. `replies`: the packets may come back through a zone-pair from `self` that inspects
 * their mirror image, so such a zone-pair leaves them unjudged: the replies to IKE this router
 * started; and ESP or AH, whose mirror the router sends whoever started the tunnel (IOS inspects
 * the router's own traffic for TCP, UDP and ICMP only, so what a class that inspects ESP lets
 * back is not known; `zoneFirewallChecks` warns about that class).
 */
export function inboundBlock(
  model: ConfigModel,
  peer: CryptoPeer,
  from: number,
  local: number,
  kind: keyof typeof IPSEC_TRAFFIC,
  replies: boolean,
): InboundBlock | undefined {
  const t = IPSEC_TRAFFIC[kind];
  const packet: Packet = t.packet(from, local);
  const what = `${t.name} from ${formatIpv4(from)}`;
  for (const iface of peer.interfaces) {
    for (const { group, acl } of filteringAcls(model, iface)) {
      if (evaluateAclIndexed(acl.entries, packet).action !== "permit") {
        return {
          code: t.code,
          text: `drops ${what} in inbound ACL ${acl.name} on ${iface.name}`,
          node: group.acl.node,
        };
      }
    }
  }
  for (const iface of peer.interfaces) {
    for (const { zone } of arrivalZones(model, iface, from, peer.vrf)) {
      const verdict = evaluateSelfTraffic(model, zone, "to-self", packet);
      if (verdict.outcome !== "drop" || !verdict.pair) {
        continue;
      }
      if (
        replies &&
        evaluateSelfTraffic(model, zone, "from-self", t.packet(local, from))
          .outcome === "inspect"
      ) {
        continue;
      }
      return {
        code: "zone-firewall-blocks-ipsec",
        text: `drops ${what} in zone-pair ${verdict.pair.name} (${zone} → self)`,
        node: verdict.pair.node,
      };
    }
  }
  return undefined;
}
