import type { AccessList, AclEntry } from "../config/model";
import type { PortMatch } from "../ipv4/acl";
import {
  describeWildcard,
  formatWildcard,
  wildcardCovers,
} from "../ipv4/address";

/**
 * Crypto ACL mirror analysis. An initiator proposes, for each permit entry of its crypto ACL that
 * traffic hits, the entry's source and destination as its proxy identities. The responder accepts
 * the proposal when one permit entry of its own ACL, read the other way round, contains it: its
 * source must cover the initiator's destination and its destination the initiator's source. So a
 * side whose entries fall inside the other's mirror can start the tunnel, and a side with a wider
 * ACL cannot (the chapter's Tokyo 10.1.0.0/16 against Osaka's 10.2.2.0/24: Osaka can, Tokyo
 * cannot).
 */

/** Which of the initiator's entries the responder accepts. */
export interface ProxyResult {
  accepted: AclEntry[];
  rejected: AclEntry[];
}

function samePorts(
  a: PortMatch | undefined,
  b: PortMatch | undefined,
): boolean {
  if (!a || !b) {
    return !a && !b;
  }
  return a.op === b.op && a.ports.join(",") === b.ports.join(",");
}

/** True when a responder entry, read backwards, contains the initiator entry's proposal. */
export function coversMirror(
  responder: AclEntry,
  initiator: AclEntry,
): boolean {
  if (responder.action !== "permit") {
    return false;
  }
  if (
    responder.protocol !== undefined &&
    responder.protocol !== initiator.protocol
  ) {
    return false;
  }
  if (
    !wildcardCovers(responder.source, initiator.destination) ||
    !wildcardCovers(responder.destination, initiator.source)
  ) {
    return false;
  }
  const portsOk = (
    own: PortMatch | undefined,
    offered: PortMatch | undefined,
  ): boolean => !own || samePorts(own, offered);
  return (
    portsOk(responder.sourcePort, initiator.destinationPort) &&
    portsOk(responder.destinationPort, initiator.sourcePort)
  );
}

/** Judges every permit entry of the initiator's ACL against the responder's (no ACL on a dynamic map accepts all). */
export function checkProxies(
  initiator: AccessList,
  responder: AccessList | undefined,
): ProxyResult {
  const out: ProxyResult = { accepted: [], rejected: [] };
  for (const entry of initiator.entries) {
    if (entry.action !== "permit") {
      continue;
    }
    if (!responder || responder.entries.some((r) => coversMirror(r, entry))) {
      out.accepted.push(entry);
    } else {
      out.rejected.push(entry);
    }
  }
  return out;
}

/** True when two ACLs are exact mirror images (each permit entry's mirror is among the other's). */
export function isExactMirror(a: AccessList, b: AccessList): boolean {
  const permits = (l: AccessList) =>
    l.entries.filter((e) => e.action === "permit");
  const pa = permits(a);
  const pb = permits(b);
  return (
    pa.length === pb.length &&
    pa.every((e) => pb.some((r) => coversMirror(r, e) && coversMirror(e, r)))
  );
}

function portText(port: PortMatch | undefined): string {
  return port ? ` ${port.op} ${port.ports.join(" ")}` : "";
}

/** The text of an entry's mirror, after `permit` (protocol, then the swapped addresses and ports). */
export function mirrorEntryText(entry: AclEntry): string {
  return [
    entry.action,
    entry.protocolWord,
    formatWildcard(entry.destination) + portText(entry.destinationPort),
    formatWildcard(entry.source) + portText(entry.sourcePort),
  ].join(" ");
}

/** Describes an entry's proxies for a person: `10.1.0.0/16 to 10.2.0.0/16`. */
export function describeEntry(entry: AclEntry): string {
  return `${describeWildcard(entry.source)}${portText(entry.sourcePort)} to ${describeWildcard(entry.destination)}${portText(entry.destinationPort)}${entry.protocolWord !== "ip" ? ` (${entry.protocolWord})` : ""}`;
}
