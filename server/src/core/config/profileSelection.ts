import { ipv6PrefixContains, isIpv6, type IpAddress } from "../ipv6/address";
import { isPrivateAddress } from "../knowledge/addressBlocks";
import { endpointText, peerLabel, type CryptoPeer } from "./cryptoPeers";
import type {
  ConfigModel,
  IdentityMatch,
  Ikev2Profile,
  IsakmpProfile,
} from "./model";
import { vrfText } from "./routingView";
import { startsWith, type ConfigNode } from "./tree";

/**
 * Whether IOS, as responder, selects the isakmp profile a crypto map entry or tunnel names for
 * its peer. The responder picks a profile by its `match identity address A [MASK] [VRF]` lines,
 * each for one front-door VRF (the global table when none is written); a profile without a match
 * line IOS calls incomplete and does not use. The config check, the capture check that explains
 * `peer matches *none* of the profiles` and the pair analysis all read this.
 */

/** Why the responder does not select a peer's isakmp profile. */
export interface ProfileProblem {
  profile: IsakmpProfile;
  /** No match line at all; the profile matches the peer in another VRF; or not at all. */
  kind: "incomplete" | "wrong-vrf" | "no-match";
  /** For `wrong-vrf`: the line that matches the peer's address in another VRF. */
  match?: IdentityMatch;
  /** The reason as the head of a sentence. */
  reason: string;
}

/** The peer as messages write it. */
export function peerText(peer: CryptoPeer): string {
  return endpointText(peer) ?? "the peer";
}

/**
 * True when the peer's front-door VRF is known and consistent: a map on no interface (or a
 * tunnel with no known source) has none known, and a tunnel whose `tunnel vrf` is not its
 * source's has `tunnel-vrf-mismatch`, which comes first.
 */
export function knownVrf(peer: CryptoPeer): boolean {
  const tunnelVrf = peer.tunnel?.tunnel.vrf?.name;
  if (!peer.interfaces.length) {
    return tunnelVrf !== undefined;
  }
  return peer.kind !== "tunnel" || peer.interfaces[0]!.vrf === tunnelVrf;
}

/** True when a section has a `match ...` line of any kind (identity, certificate, fvrf). */
export function hasMatchLine(node: ConfigNode): boolean {
  return node.children.some((c) => !c.negated && startsWith(c, "match"));
}

/** True when a `match identity address` line covers the address (in any VRF), of either family. */
export function identityCovers(m: IdentityMatch, address: IpAddress): boolean {
  if (isIpv6(address)) {
    return (
      m.kind === "address" &&
      m.address6 !== undefined &&
      ipv6PrefixContains(m.address6, address)
    );
  }
  if (m.kind !== "address" || m.address === undefined) {
    return false;
  }
  const mask = m.mask ?? 0xffffffff;
  return (m.address & mask) >>> 0 === (address & mask) >>> 0;
}

/**
 * True when a profile that does not match a public peer address matches a private address: the
 * peer may sit behind NAT, and its identity (main mode message 5) carries its own private address
 * however NAT rewrites its packets. From one config the mismatch cannot be told (with the peer's
 * config in the workspace the peer analysis judges what it sends; a capture shows what happened).
 */
export function mayMatchPrivateIdentity(peer: CryptoPeer): boolean {
  const address = peer.address;
  const profile = peer.isakmpProfile;
  return (
    address !== undefined &&
    profile !== undefined &&
    !isPrivateAddress(address) &&
    profile.matches.some(
      (m) =>
        m.kind === "address" &&
        m.address !== undefined &&
        isPrivateAddress(m.address),
    )
  );
}

/** The problem with the peer's isakmp profile, when it has one that the responder would not select. */
export function isakmpProfileProblem(
  peer: CryptoPeer,
): ProfileProblem | undefined {
  const profile = peer.isakmpProfile;
  if (!profile || !peer.ike || !knownVrf(peer)) {
    return undefined;
  }
  const where = peerLabel(peer);
  if (!hasMatchLine(profile.node)) {
    return {
      profile,
      kind: "incomplete",
      reason: `isakmp profile ${profile.name}, which ${where} uses, is incomplete`,
    };
  }
  // Only an address the profile matches by address alone can be judged: a profile matching
  // host names, groups or certificates may select the peer by what it sends (with the peer's
  // config known, `peers/isakmpIdentity.ts` judges what it sends).
  const address = peer.address ?? peer.address6;
  if (
    address === undefined ||
    !profile.matches.length ||
    profile.certificateMaps.length > 0 ||
    profile.matches.some(
      (m) =>
        m.kind !== "address" ||
        (m.address === undefined && m.address6 === undefined),
    )
  ) {
    return undefined;
  }
  const covering = profile.matches.filter((m) => identityCovers(m, address));
  // An IPv6 match line names no VRF: its front-door VRF is not judged here.
  if (covering.some((m) => m.vrf === peer.vrf || m.address6 !== undefined)) {
    return undefined;
  }
  const match = covering[0];
  return match
    ? {
        profile,
        kind: "wrong-vrf",
        match,
        reason: `isakmp profile ${profile.name} matches ${peerText(peer)} in ${vrfText(match.vrf)}, but ${where} reaches it in ${vrfText(peer.vrf)}`,
      }
    : {
        profile,
        kind: "no-match",
        reason: `isakmp profile ${profile.name} does not match ${where}'s peer ${peerText(peer)}`,
      };
}

/** Why IOS does not use the IKEv2 profile a peer's entry or tunnel names. */
export interface Ikev2ProfileProblem {
  profile: Ikev2Profile;
  /** No `match identity remote` or `match certificate`; or `match fvrf` does not serve the peer's VRF. */
  kind: "incomplete" | "fvrf";
  /** The reason as the head of a sentence. */
  reason: string;
}

/** The IKEv2 profile a peer's crypto map entry or ipsec profile names, when defined. */
export function ikev2ProfileOf(
  model: ConfigModel,
  peer: CryptoPeer,
): Ikev2Profile | undefined {
  const ref =
    peer.kind === "map"
      ? peer.entry?.ikev2Profile
      : peer.ipsecProfile?.ikev2Profile;
  return ref && model.ikev2Profiles.find((p) => p.name === ref.name);
}

/** True when an IKEv2 profile has a `match identity remote` or `match certificate` line. */
function hasIdentityOrCertificate(profile: Ikev2Profile): boolean {
  return profile.node.children.some(
    (c) =>
      !c.negated &&
      (startsWith(c, "match", "identity") ||
        startsWith(c, "match", "certificate")),
  );
}

/**
 * The problem with the peer's IKEv2 profile, when IOS would not use it for that peer: it has no
 * identity or certificate match (incomplete), or its `match fvrf` (the global table without one,
 * every VRF with `any`) is not the VRF the peer is reached in. Both ends are refused.
 */
export function ikev2ProfileProblem(
  model: ConfigModel,
  peer: CryptoPeer,
): Ikev2ProfileProblem | undefined {
  const profile = ikev2ProfileOf(model, peer);
  if (!profile || !peer.ike || !knownVrf(peer)) {
    return undefined;
  }
  const where = peerLabel(peer);
  if (!hasIdentityOrCertificate(profile)) {
    return {
      profile,
      kind: "incomplete",
      reason: `IKEv2 profile ${profile.name}, which ${where} uses, is incomplete`,
    };
  }
  const fvrf = profile.fvrf;
  if (fvrf?.name.toLowerCase() === "any" || fvrf?.name === peer.vrf) {
    return undefined;
  }
  return {
    profile,
    kind: "fvrf",
    reason: `IKEv2 profile ${profile.name} ${fvrf ? `matches front-door VRF ${fvrf.name}` : "has no `match fvrf`, so it serves only the global table"}, but ${where} reaches ${peerText(peer)} in ${vrfText(peer.vrf)}`,
  };
}
