import { wildcardContains, type WildcardMatch } from "./address";

/** A port condition of an ACL entry. */
export interface PortMatch {
  op: "eq" | "neq" | "lt" | "gt" | "range";
  /** One port for eq/neq/lt/gt (eq may list several), two for range. */
  ports: number[];
}

/** What first-match evaluation needs of an ACL entry. */
export interface AclRule {
  action: "permit" | "deny";
  /** IP protocol number; undefined matches every protocol (`ip`). */
  protocol: number | undefined;
  source: WildcardMatch;
  destination: WildcardMatch;
  sourcePort?: PortMatch;
  destinationPort?: PortMatch;
}

/** A packet to test against an ACL. */
export interface Packet {
  protocol: number;
  source: number;
  destination: number;
  sourcePort?: number;
  destinationPort?: number;
}

/** The verdict of an ACL: the first entry that matched, or the implicit deny at the end. */
export interface AclVerdict<T> {
  action: "permit" | "deny";
  /** Undefined when no entry matched and the implicit deny decided. */
  rule: T | undefined;
}

/** True when a port satisfies the condition. */
export function portMatches(match: PortMatch, port: number): boolean {
  switch (match.op) {
    case "eq":
      return match.ports.includes(port);
    case "neq":
      return !match.ports.includes(port);
    case "lt":
      return port < match.ports[0]!;
    case "gt":
      return port > match.ports[0]!;
    case "range":
      return port >= match.ports[0]! && port <= match.ports[1]!;
  }
}

/** True when the entry matches the packet. A port condition never matches a packet without ports. */
export function ruleMatches(rule: AclRule, packet: Packet): boolean {
  return (
    protocolAndPortsMatch(rule, packet) &&
    wildcardContains(rule.source, packet.source) &&
    wildcardContains(rule.destination, packet.destination)
  );
}

/**
 * The protocol and port conditions of an ACL entry of either IP version against a packet. A port
 * condition never matches a packet without ports.
 */
export function protocolAndPortsMatch(
  rule: {
    protocol?: number;
    sourcePort?: PortMatch;
    destinationPort?: PortMatch;
  },
  packet: { protocol: number; sourcePort?: number; destinationPort?: number },
): boolean {
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) {
    return false;
  }
  if (
    rule.sourcePort &&
    (packet.sourcePort === undefined ||
      !portMatches(rule.sourcePort, packet.sourcePort))
  ) {
    return false;
  }
  return !(
    rule.destinationPort &&
    (packet.destinationPort === undefined ||
      !portMatches(rule.destinationPort, packet.destinationPort))
  );
}

/** First-match evaluation with the implicit `deny any` at the end, as IOS applies ACLs. */
export function evaluateAcl<T extends AclRule>(
  rules: readonly T[],
  packet: Packet,
): AclVerdict<T> {
  for (const rule of rules) {
    if (ruleMatches(rule, packet)) {
      return { action: rule.action, rule };
    }
  }
  return { action: "deny", rule: undefined };
}
