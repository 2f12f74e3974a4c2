import { interfaceKey } from "./parser";
import type { ConfigModel, FlexvpnClient, Interface } from "./model";

/** Where a point-to-point tunnel sends its IKE and GRE, as `tunnel destination` would say it. */
export type TunnelDestination = NonNullable<Interface["tunnel"]["destination"]>;

/**
 * A tunnel's destination: its `tunnel destination`, or for `tunnel destination dynamic` the first
 * peer (`peer 1 ...`) of the FlexVPN client that connects it (`crypto ikev2 client flexvpn NAME`,
 * `client connect TunnelN`), standing at that peer's line. The client tries its other peers when
 * the first fails: backups this analysis does not follow. A dynamic destination no client
 * connects stays as written (no address).
 */
export function tunnelDestination(
  model: ConfigModel,
  iface: Interface,
): TunnelDestination | undefined {
  const written = iface.tunnel.destination;
  if (!written?.dynamic) {
    return written;
  }
  const peer = flexvpnClientOf(model, iface)?.peers[0];
  return peer
    ? {
        ...(peer.address !== undefined
          ? { address: peer.address }
          : { hostname: peer.hostname }),
        node: peer.node,
      }
    : written;
}

/** The FlexVPN client that connects a tunnel (`client connect TunnelN`), if any. */
export function flexvpnClientOf(
  model: ConfigModel,
  iface: Interface,
): FlexvpnClient | undefined {
  return model.flexvpnClients.find((client) =>
    client.connects.some((c) => interfaceKey(c.name) === iface.key),
  );
}
