import { parseIpv4, prefixContains, type Prefix } from "../ipv4/address";

/**
 * Address blocks that the Internet does not route. A router whose crypto interface holds one of
 * them can only reach a public peer through a device that translates the address, which is what
 * NAT traversal is for.
 */

/** One block of addresses with the document that reserves it. */
export interface AddressBlock {
  prefix: Prefix;
  /** Where the block is defined, for hover and messages. */
  source: string;
}

function block(network: string, length: number, source: string): AddressBlock {
  return { prefix: { network: parseIpv4(network)!, length }, source };
}

/** Private and shared address space: reachable from the Internet only through NAT. */
export const PRIVATE_ADDRESS_BLOCKS: readonly AddressBlock[] = [
  block("10.0.0.0", 8, "RFC 1918"),
  block("172.16.0.0", 12, "RFC 1918"),
  block("192.168.0.0", 16, "RFC 1918"),
  block("100.64.0.0", 10, "RFC 6598 (carrier-grade NAT)"),
];

/** The private block holding an address, if any. */
export function privateBlockOf(address: number): AddressBlock | undefined {
  return PRIVATE_ADDRESS_BLOCKS.find((b) => prefixContains(b.prefix, address));
}

/** True for an address of a private or shared block, which reaches the Internet only through NAT. */
export function isPrivateAddress(address: number): boolean {
  return privateBlockOf(address) !== undefined;
}
