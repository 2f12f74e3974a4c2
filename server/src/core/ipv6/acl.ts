import { protocolAndPortsMatch, type PortMatch } from "../ipv4/acl";
import {
  ipv6PrefixContains,
  type Ipv6Address,
  type Ipv6Prefix,
} from "./address";

/** What first-match evaluation needs of an IPv6 ACL entry. */
export interface Ipv6AclRule {
  action: "permit" | "deny";
  /** Undefined for `ipv6` (every protocol). */
  protocol?: number;
  /** `any` is `::/0`, `host X` is `X/128`. */
  source: Ipv6Prefix;
  destination: Ipv6Prefix;
  sourcePort?: PortMatch;
  destinationPort?: PortMatch;
}

/** A packet as an IPv6 ACL sees it. */
export interface Ipv6Packet {
  protocol: number;
  source: Ipv6Address;
  destination: Ipv6Address;
  sourcePort?: number;
  destinationPort?: number;
}

/** True when the rule matches the packet (its action aside). */
export function ipv6RuleMatches(
  rule: Ipv6AclRule,
  packet: Ipv6Packet,
): boolean {
  return (
    protocolAndPortsMatch(rule, packet) &&
    ipv6PrefixContains(rule.source, packet.source) &&
    ipv6PrefixContains(rule.destination, packet.destination)
  );
}

/**
 * First-match evaluation of an IPv6 ACL. Past the last line IOS permits neighbour discovery
 * (`nd-na`, `nd-ns`) and denies the rest; the packets IPsec needs (IKE, ESP, AH) meet the deny.
 */
export function evaluateIpv6Acl<R extends Ipv6AclRule>(
  rules: readonly R[],
  packet: Ipv6Packet,
): { action: "permit" | "deny"; rule?: R } {
  for (const rule of rules) {
    if (ipv6RuleMatches(rule, packet)) {
      return { action: rule.action, rule };
    }
  }
  return { action: "deny" };
}
