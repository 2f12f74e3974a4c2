import type {
  IdentityMatch,
  Ikev2Identity,
  Ikev2Keyring,
  Ikev2KeyringPeer,
  Ikev2Profile,
  Interface,
  IsakmpProfile,
  PresharedKey,
} from "../config/model";
import { identityCovers } from "../config/profileSelection";
import { primaryAddress, routingView } from "../config/routingView";
import type { TableRoute } from "../config/routingView";
import { formatIpv4, prefixContains } from "../ipv4/address";
import { isPrivateAddress } from "../knowledge/addressBlocks";
import { routerNames, type DirectionResult } from "./analysis";
import type { Endpoint } from "./endpoint";
import {
  admittingMatch,
  ikev2KeyringPeer,
  ikev2Keys,
  matchIdentityLine,
  profileAdmits,
  sentIdentity,
} from "./ikev2Negotiation";
import { findPresharedKey } from "./presharedKeys";
import { interfaceOwning, mapInterfaces, resolveLocal } from "./router";

/**
 * A crypto map applied to several interfaces (two ISPs, a primary and a backup link) talks to its
 * peer from the address of the interface the route toward the peer leaves by, unless the map
 * names one address for all (`crypto map NAME local-address IFACE`). When the primary path
 * fails, a floating route moves the traffic to the other interface: the peer then sees IKE from
 * that interface's address, and accepts it only if it holds a key for that address, selects the
 * profile its entry requires by the identity sent from it (the address, for IKEv1 and for IKEv2
 * without `identity local`) and, for a static crypto map entry, lists it as a `set peer` (else
 * "peer address not found" when the IPsec SAs are negotiated). Nothing in the primary path's
 * negotiation shows this, so each backup path is judged here on its own.
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
  /** The pair speaks IKEv2: the peer's lines and what IOS logs differ from IKEv1's. */
  ikev2: boolean;
  /** The peer holds no pre-shared key covering the backup address: what it holds for the primary one. */
  noKey?: BackupKeyGap;
  /** The peer's static entry does not list the backup address as a peer. */
  notListed: boolean;
  /**
   * The profile the peer's entry requires matches the router's identity on the primary path but
   * not the one it sends on the backup path.
   */
  unmatched?: BackupProfileGap;
}

/** The key the peer uses for the router's primary address, which a fix gives the backup one too. */
export type BackupKeyGap =
  /** IKEv1: a `crypto isakmp key` line, or a keyring's `pre-shared-key address` line. */
  | { kind: "isakmp"; key: PresharedKey }
  /** IKEv2: the `peer` of the profile's keyring that covers the primary address. */
  | { kind: "ikev2"; ring: Ikev2Keyring; peer: Ikev2KeyringPeer };

/** A profile that selects the router on its primary path only. */
export interface BackupProfileGap {
  profile: IsakmpProfile | Ikev2Profile;
  /** The line that matches the primary identity: the new one goes after it. */
  match: IdentityMatch | Ikev2Identity;
  /** The match line, unindented, that takes the backup identity too. */
  line: string;
  /** IKEv2: another profile that takes the backup identity, which IKE_AUTH selects instead. */
  selected?: Ikev2Profile;
}

/** How the peer judges the address the router talks from on a path: its keys and its profile. */
interface Acceptance {
  key(address: number): BackupKeyGap | undefined;
  profile(address: number): BackupProfileGap | undefined;
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
 * The backup paths on which the responder of a direction would refuse its initiator, judged
 * against the peer's static entry or dynamic map and the keys and profile by which it accepts the
 * primary address (IKEv1 or IKEv2, as the pair speaks).
 */
export function refusedBackupPaths(d: DirectionResult): BackupRefusal[] {
  const own = d.initiator;
  const peer = d.responder;
  const from = d.initiatorAddress;
  const to = d.responderAddress;
  if (typeof from !== "number" || typeof to !== "number" || !own.map) {
    return [];
  }
  const acceptance = d.ikev2 ? ikev2Acceptance(d, from) : isakmpAcceptance(d);
  if (!acceptance) {
    return [];
  }
  const vrf = interfaceOwning(own.router, from)?.vrf;
  const out: BackupRefusal[] = [];
  for (const path of backupPaths(own, to, vrf)) {
    if (isPrivateAddress(path.address) && !isPrivateAddress(to)) {
      // A private backup address reaches a public peer only through NAT: the peer then sees
      // the NAT device's address, which the configs do not tell, so the path is not judged.
      continue;
    }
    const noKey = acceptance.key(path.address);
    const notListed =
      peer.kind === "crypto-map" &&
      !(peer.entry?.peers ?? []).some((p) => p.address === path.address);
    const unmatched = acceptance.profile(path.address);
    if (noKey || notListed || unmatched) {
      out.push({
        ...path,
        ikev2: d.ikev2 !== undefined,
        ...(noKey ? { noKey } : {}),
        notListed,
        ...(unmatched ? { unmatched } : {}),
      });
    }
  }
  return out;
}

/**
 * IKEv1 with pre-shared keys: the key the peer holds for the primary address proves it
 * authenticates the router by address, so the backup address needs one too; and the isakmp
 * profile its entry requires, when it selects by address, must match the backup address (the
 * identity the router sends in main mode is its address on that path).
 */
function isakmpAcceptance(d: DirectionResult): Acceptance | undefined {
  const peer = d.responder;
  const primaryKey = d.keys?.responder.lookup.key;
  const local = d.responderAddress;
  if (!primaryKey || typeof d.initiatorAddress !== "number") {
    return undefined;
  }
  const profile = addressProfile(peer, d.initiatorAddress);
  return {
    key: (address) =>
      findPresharedKey(
        peer.router.model,
        { peer: address, peerNames: [], local, responder: true },
        (ring) => resolveLocal(peer.router, ring.localAddress),
      ).key
        ? undefined
        : { kind: "isakmp", key: primaryKey },
    profile: (address) =>
      profile &&
      !profile.profile.matches.some((m) => identityCovers(m, address))
        ? {
            ...profile,
            line: `match identity address ${formatIpv4(address)} 255.255.255.255${profile.match.vrf ? ` ${profile.match.vrf}` : ""}`,
          }
        : undefined,
  };
}

/**
 * IKEv2: the responder selects a profile by the identity the router sends in IKE_AUTH, which
 * unless its profile writes `identity local` is its address on that path; the profile its entry
 * requires must take it (judged when it takes the primary identity by a `match identity remote`
 * line). With pre-shared keys on either side (the router signing with one, or the peer), the
 * peer looks its key up in that profile's keyring, by address first: when a keyring peer serves
 * the primary address, one must serve the backup address. Behind NAT the peer sees another
 * address, and on the backup path one this config cannot tell: not judged.
 */
function ikev2Acceptance(
  d: DirectionResult,
  primary: number,
): Acceptance | undefined {
  const mine = d.ikev2?.initiator?.profile;
  const theirs = d.ikev2?.responder?.profile;
  const sent = d.ikev2?.identities?.initiator;
  if (!mine || !theirs || !sent || sent.natAddress !== undefined) {
    return undefined;
  }
  const model = d.responder.router.model;
  const maps = model.certificateMaps;
  const names = routerNames(d.initiator.router);
  const identityOn = (address: number) =>
    sentIdentity(mine, address, sent.sent);
  const verifies = mine.localAuthentication?.method === "pre-share";
  const signs = theirs.localAuthentication?.method === "pre-share";
  // Keys the profile's `authentication` lines write serve every address alike.
  const inline = ikev2Keys(theirs, undefined);
  const keysInline =
    (!verifies || !!inline.verifies) && (!signs || !!inline.signs);
  const serves = (p: Ikev2KeyringPeer | undefined): p is Ikev2KeyringPeer => {
    const keys = ikev2Keys(theirs, p);
    return (
      p !== undefined &&
      (!verifies || !!keys.verifies) &&
      (!signs || !!keys.signs)
    );
  };
  const ring = theirs.keyring
    ? model.ikev2Keyrings.find((k) => k.name === theirs.keyring!.name)
    : undefined;
  const primaryPeer =
    ring && (verifies || signs)
      ? ikev2KeyringPeer(model, theirs, primary, names, sent.sent)
      : undefined;
  const match = admittingMatch(theirs.matches, sent.sent);
  return {
    key: (address) =>
      !keysInline &&
      ring &&
      serves(primaryPeer) &&
      !serves(
        ikev2KeyringPeer(model, theirs, address, names, identityOn(address)),
      )
        ? { kind: "ikev2", ring, peer: primaryPeer }
        : undefined,
    profile: (address) => {
      const identity = identityOn(address);
      const line = matchIdentityLine(identity);
      if (!match || !line || profileAdmits(theirs, identity, maps) !== false) {
        return undefined;
      }
      const selected = model.ikev2Profiles.find(
        (p) => p !== theirs && profileAdmits(p, identity, maps) === true,
      );
      return {
        profile: theirs,
        match,
        line,
        ...(selected ? { selected } : {}),
      };
    },
  };
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
