import { describeWildcard, type WildcardMatch } from "../ipv4/address";
import type { PortMatch } from "../ipv4/acl";
import type { AclEntry, GroupService } from "./model";

/** ACL entries as short text for people: CIDR instead of wildcards, an arrow between the sides. */

export function portText(port: PortMatch | undefined): string {
  if (!port) {
    return "";
  }
  return ` ${port.op} ${port.ports.join(port.op === "range" ? "-" : " ")}`;
}

/** One side of an entry: `any`, `host A`, a CIDR, or a non-contiguous match spelled out. */
export function aclSideText(match: WildcardMatch): string {
  return match.wildcard === 0xffffffff ? "any" : describeWildcard(match);
}

/** One ACL entry in a line: action, protocol, source and destination as CIDR. */
export function aclEntryText(entry: AclEntry): string {
  return `${entry.action} ${entry.protocolWord} ${aclSideText(entry.source)}${portText(entry.sourcePort)} → ${aclSideText(entry.destination)}${portText(entry.destinationPort)}`;
}

/** A member of a service object group: protocol and ports. */
export function serviceText(service: GroupService): string {
  const source = service.sourcePort
    ? ` source${portText(service.sourcePort)}`
    : "";
  return `${service.protocolWord}${source}${portText(service.destinationPort)}`;
}
