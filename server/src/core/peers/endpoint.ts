import type {
  CryptoMap,
  CryptoMapEntry,
  Interface,
  IpsecProfile,
  PeerRef,
} from "../config/model";
import type { ConfigNode } from "../config/tree";
import type { IpAddress } from "../ipv6/address";
import type { Range } from "../text/position";
import type { RouterInfo } from "./router";

/**
 * One end of a tunnel, on its own so that both the pairing and the NAT judgement it relies on
 * (`nat/crossing.ts`) can read ends without importing each other.
 */

/** What kind of configuration makes an end of a tunnel. */
export type EndpointKind = "crypto-map" | "dynamic-map" | "tunnel";

/** One end of a tunnel as one router configures it. */
export interface Endpoint {
  router: RouterInfo;
  kind: EndpointKind;
  /** Unique within the router. */
  id: string;
  /** How a person names it: `crypto map mjlnetmap 10`, `interface Tunnel21`. */
  label: string;
  map?: CryptoMap;
  entry?: CryptoMapEntry;
  peer?: PeerRef;
  tunnel?: Interface;
  ipsecProfile?: IpsecProfile;
  /** The source address the config names (`crypto map X local-address`, `tunnel source`). */
  explicitLocal?: IpAddress;
  /** The address of the interface the crypto map is applied to. */
  interfaceLocal?: IpAddress;
  /**
   * Set when the end talks from an interface whose address is leased (`ip address dhcp` or
   * `negotiated`): the address its peer points at is taken for it, as no config shows it.
   */
  leased?: true;
  /** The address it points at (`set peer`, `tunnel destination`); IPv6 for a tunnel over IPv6. */
  remote?: IpAddress;
  /** A hostname it points at instead of an address. */
  remoteName?: string;
  /** The line a pairing finding points at. */
  anchor: Range;
  anchorNode: ConfigNode;
}

/**
 * The address an end uses toward its peer: the local address its config names, else the address
 * the peer points at when that is one of this router's (the crypto map interface is then a
 * single-config matter), else the crypto map interface's address.
 */
export function effectiveAddress(
  end: Endpoint,
  other: Endpoint | undefined,
): IpAddress | undefined {
  if (end.explicitLocal !== undefined) {
    return end.explicitLocal;
  }
  if (other?.remote !== undefined && end.router.addresses.has(other.remote)) {
    return other.remote;
  }
  if (end.leased && end.interfaceLocal === undefined) {
    return other?.remote;
  }
  return end.interfaceLocal;
}
