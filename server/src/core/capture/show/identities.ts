import {
  describeWildcard,
  maskToPrefix,
  parseIpv4,
  prefixOf,
  prefixToMask,
  type Prefix,
  type WildcardMatch,
} from "../../ipv4/address";
import { protocolName } from "../../nat/exemption";

/**
 * The proxy identities of `show crypto ipsec sa` (`local ident (addr/mask/prot/port):
 * (10.1.1.0/255.255.255.0/0/0)`) as a person reads them: `10.1.1.0/24`, `host 192.0.2.7`,
 * `any address`, with the protocol and port when the flow is narrower than all IP
 * (`10.1.1.0/24, udp port 500`). Text of another shape (IPv6, a release that writes it
 * otherwise) is returned as printed.
 */
export function describeIdentity(printed: string): string {
  const identity = readIdentity(printed);
  if (!identity) {
    return printed;
  }
  const { match, protocol, port } = identity;
  const where = describeWildcard(match);
  if (protocol === 0) {
    return where;
  }
  return `${where}, ${protocolName(protocol)}${port ? ` port ${port}` : ""}`;
}

/** An IPv4 proxy identity as read: the addresses, the protocol (0: all IP) and the port (0: any). */
export interface ProxyIdentity {
  match: WildcardMatch;
  protocol: number;
  port: number;
}

/** Reads `(10.1.1.0/255.255.255.0/0/0)`; undefined for another shape (IPv6, a non-contiguous mask). */
export function readIdentity(printed: string): ProxyIdentity | undefined {
  const m = /^\((\d+\.\d+\.\d+\.\d+\/\d+\.\d+\.\d+\.\d+)\/(\d+)\/(\d+)\)$/.exec(
    printed.trim(),
  );
  const prefix = m ? identityPrefix(m[1]!) : undefined;
  if (!m || !prefix) {
    return undefined;
  }
  return {
    match: {
      address: prefix.network,
      wildcard: ~prefixToMask(prefix.length) >>> 0,
    },
    protocol: Number(m[2]),
    port: Number(m[3]),
  };
}

/**
 * The network of a printed identity or proxy as a prefix: `show crypto ipsec sa`'s
 * `(10.1.1.0/255.255.255.0/0/0)` or a debug's `local_proxy= 10.1.1.0/255.255.255.0/0/0 (type=4)`.
 * Undefined for another shape or a non-contiguous mask.
 */
export function identityPrefix(printed: string): Prefix | undefined {
  const m = /(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,3}(?:\.\d{1,3}){3})/.exec(
    printed,
  );
  const address = m ? parseIpv4(m[1]!) : undefined;
  const mask = m ? parseIpv4(m[2]!) : undefined;
  const length = mask === undefined ? undefined : maskToPrefix(mask);
  return address === undefined || length === undefined
    ? undefined
    : prefixOf(address, length);
}
