import type { ConfigModel, Interface } from "./model";

/**
 * Whether an interface can carry IPsec at all, as the config shows it: a shut interface sends
 * nothing, and one without any address (written, leased by DHCP or PPP, borrowed with
 * `ip unnumbered`, or IPv6) has no address for IKE or a tunnel to start from.
 */

/**
 * Why an interface carries no IPsec: `shut down` or `without an address`; undefined when it can.
 * A missing address is judged only in a whole config (a `version` line): an excerpt may leave
 * the address out.
 */
export function interfaceDownReason(
  model: ConfigModel,
  iface: Interface,
): "shut down" | "without an address" | undefined {
  if (iface.shutdown) {
    return "shut down";
  }
  if (!model.version) {
    return undefined;
  }
  const addressed =
    iface.addresses.length > 0 ||
    (iface.addresses6?.length ?? 0) > 0 ||
    iface.dynamicAddress ||
    iface.unnumbered !== undefined;
  return addressed ? undefined : "without an address";
}
