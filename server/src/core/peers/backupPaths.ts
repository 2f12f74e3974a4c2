import type {
  IdentityMatch,
  Interface,
  IsakmpProfile,
  PresharedKey,
} from "../config/model";
import { identityCovers } from "../config/profileSelection";
import { primaryAddress, routingView } from "../config/routingView";
import type { TableRoute } from "../config/routingView";
import { prefixContains } from "../ipv4/address";
import type { Endpoint } from "./endpoint";
import { findPresharedKey } from "./presharedKeys";
import { mapInterfaces, resolveLocal } from "./router";

/**
 * A crypto map applied to several interfaces (two ISPs, a primary and a backup link) talks to its
 * peer from the address of the interface the route toward the peer leaves by, unless the map
 * names one address for all (`crypto map NAME local-address IFACE`). When the primary path
 * fails, a floating route moves the traffic to the other interface: the peer then sees IKE from
 * that interface's address, and accepts it only if it holds a key for that address and, for a
 * static crypto map entry, lists it as a `set peer` (else "peer address not found" in quick
 * mode). Nothing in the primary path's negotiation shows this, so each backup path is judged
 * here on its own.
 */

/** Another interface of the map that a route toward the peer leaves by. */
export interface BackupPath {
  exit: Interface;
  /** Where IKE comes from on that path: the interface's address. */
  address: number;
  /** The route toward the peer that leaves by it (a floating static, a second default). */
  route: TableRoute;
}

/** What the peer lacks to accept the router on a backup path. */
export interface BackupRefusal extends BackupPath {
  /** The peer holds no pre-shared key covering the backup address. */
  noKey: boolean;
  /** The peer's static entry does not list the backup address as a peer. */
  notListed: boolean;
  /**
   * The isakmp profile the peer's entry requires selects by address and matches the primary
   * address (`match`, the line that does) but not the backup one.
   */
  unmatched?: { profile: IsakmpProfile; match: IdentityMatch };
}

/**
 * The backup paths of an end toward the peer at `peerAddress`: the map's other interfaces (up,
 * addressed, not the primary exit) that a route covering the peer resolves to. None when the map
 * has a `local-address` or HSRP redundancy (one address on every path).
 */
export function backupPaths(
  own: Endpoint,
  peerAddress: number,
  vrf: string | undefined,
): BackupPath[] {
  const map = own.map;
  if (
    own.kind !== "crypto-map" ||
    !map ||
    map.localAddress ||
    own.explicitLocal !== undefined
  ) {
    return [];
  }
  const interfaces = mapInterfaces(own.router, map);
  if (interfaces.length < 2) {
    return [];
  }
  const table = routingView(own.router.model, vrf);
  const primary = new Set(table.lookup(peerAddress)?.exits ?? []);
  if (!primary.size) {
    return [];
  }
  const out: BackupPath[] = [];
  for (const exit of interfaces) {
    const address = primaryAddress(exit);
    if (
      primary.has(exit) ||
      exit.shutdown ||
      exit.cryptoMapRedundancy ||
      address === undefined
    ) {
      continue;
    }
    const route = table.routes.find((r) => {
      if (r.kind !== "static" || !prefixContains(r.prefix, peerAddress)) {
        return false;
      }
      const resolution = table.resolve(r);
      return !resolution.discard && resolution.exit === exit;
    });
    if (route) {
      out.push({ exit, address, route });
    }
  }
  return out;
}

/**
 * The backup paths on which `peer` would refuse `own`: IKEv1 with pre-shared keys only (the key
 * `peer` holds for `own`'s primary address proves it authenticates `own` by address), judged
 * against the peer's static entry or dynamic map and the isakmp profile its entry requires.
 */
export function refusedBackupPaths(
  own: Endpoint,
  peer: Endpoint,
  ownAddress: number,
  peerAddress: number,
  peerKeyForPrimary: PresharedKey | undefined,
  vrf: string | undefined,
): BackupRefusal[] {
  if (!peerKeyForPrimary) {
    return [];
  }
  const profile = addressProfile(peer, ownAddress);
  const out: BackupRefusal[] = [];
  for (const path of backupPaths(own, peerAddress, vrf)) {
    const lookup = findPresharedKey(
      peer.router.model,
      {
        peer: path.address,
        peerNames: [],
        local: peerAddress,
        responder: true,
      },
      (ring) => resolveLocal(peer.router, ring.localAddress),
    );
    const noKey = !lookup.key;
    const notListed =
      peer.kind === "crypto-map" &&
      !(peer.entry?.peers ?? []).some((p) => p.address === path.address);
    const unmatched =
      profile &&
      !profile.profile.matches.some((m) => identityCovers(m, path.address))
        ? profile
        : undefined;
    if (noKey || notListed || unmatched) {
      out.push({
        ...path,
        noKey,
        notListed,
        ...(unmatched ? { unmatched } : {}),
      });
    }
  }
  return out;
}

/**
 * The isakmp profile a peer's entry requires, when it selects peers by address alone and matches
 * `address` (the router's primary address), with the line that matches it: the identity the
 * router sends on a backup path is that path's address, which the profile must match too.
 */
function addressProfile(
  peer: Endpoint,
  address: number,
): { profile: IsakmpProfile; match: IdentityMatch } | undefined {
  const name = peer.entry?.isakmpProfile?.name;
  const profile =
    name === undefined
      ? undefined
      : peer.router.model.isakmpProfiles.find((p) => p.name === name);
  if (
    !profile ||
    profile.certificateMaps.length > 0 ||
    !profile.matches.every(
      (m) => m.kind === "address" && m.address !== undefined,
    )
  ) {
    return undefined;
  }
  const match = profile.matches.find((m) => identityCovers(m, address));
  return match ? { profile, match } : undefined;
}
