import type {
  CertificateMap,
  ConfigModel,
  Ikev2Identity,
  Ikev2KeyringPeer,
  Ikev2Policy,
  Ikev2Profile,
  Ikev2Proposal,
  PresharedKey,
  Reference,
} from "../config/model";
import {
  IKEV2_AEAD_CIPHERS,
  IKEV2_DEFAULT_LIFETIME,
  IKEV2_DEFAULT_NAME,
  IKEV2_PROPOSAL_GAPS,
  ikev2DefaultProposal,
  ikev2ProposalGaps,
  type Ikev2ProposalGap,
} from "../knowledge/ikev2Defaults";
import {
  certificateMapsAdmit,
  type SigningCertificate,
} from "../config/certificateMaps";
import { startsWith, type ConfigNode } from "../config/tree";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import {
  formatAddress,
  formatIpv6,
  ipv6PrefixContains,
  isIpv6,
  parseIpv6,
  type IpAddress,
  type Ipv6Address,
} from "../ipv6/address";
import type { Endpoint } from "./endpoint";

/**
 * IKEv2 phase 1 (IKE_SA_INIT, then IKE_AUTH) as IOS runs it. Each side takes the IKEv2 policy
 * that applies to the local address it talks from (`match address local`), else a policy without
 * an address match, else the built-in `default` policy, whose only proposal is `default`. A
 * proposal lists several algorithms per kind; two proposals fit when they share an encryption, an
 * integrity algorithm (none for AEAD ciphers), a PRF and a Diffie-Hellman group. The responder
 * walks its proposals in order against the initiator's; the algorithm taken of each kind is the
 * initiator's first that the responder also lists. A policy's incomplete proposals (see
 * `ikev2ProposalGaps`) take no part: IOS neither offers nor accepts them. Authentication follows in IKE_AUTH, each way
 * on its own: a side signs with its profile's `authentication local` method (and its local key)
 * and the other side verifies with its `authentication remote` methods (and its remote key).
 * Lifetimes are not negotiated in IKEv2: each side rekeys at its own.
 */

/** The IKEv2 profile an end names, when it names one. */
export function ikev2ProfileRef(end: Endpoint): Reference | undefined {
  return end.kind === "tunnel"
    ? end.ipsecProfile?.ikev2Profile
    : end.entry?.ikev2Profile;
}

/** One proposal as it takes part in a negotiation. */
export interface Ikev2Offer {
  name: string;
  /** A `crypto ikev2 proposal` of the config, or the built-in `default`. */
  origin: "configured" | "default";
  proposal?: Ikev2Proposal;
  /** For built-in proposals: the releases they belong to. */
  releases?: string;
  encryption: readonly string[];
  integrity: readonly string[];
  /** The PRFs in force: the written ones, else the integrity algorithms. */
  prf: readonly string[];
  groups: readonly number[];
}

/** What one side brings to IKEv2: its profile, the policy in force and its proposals. */
export interface Ikev2Side {
  profileRef: Reference;
  profile?: Ikev2Profile;
  /** The policy in force; undefined for the built-in default policy. */
  policy?: Ikev2Policy;
  /**
   * Set when no policy is in force: the config writes policies, but none serves the front-door
   * VRF (`vrf`, undefined for the global table) and local address this side's IKE uses, and IOS
   * falls back to its built-in policy only in a config that writes none.
   */
  unserved?: { policies: Ikev2Policy[]; vrf?: string; local?: IpAddress };
  proposals: Ikev2Offer[];
  /** Proposals the policy lists that IOS leaves out, being incomplete. */
  incomplete?: Ikev2Proposal[];
}

/** The algorithms a successful IKE_SA_INIT agrees on. */
export interface Ikev2Choice {
  encryption: string;
  /** Undefined for an AEAD cipher. */
  integrity?: string;
  prf: string;
  group: number;
}

/** An algorithm kind with no value in common between two proposals. */
export interface Ikev2Difference {
  attribute: "encryption" | "integrity" | "prf" | "group";
  initiator: string;
  responder: string;
}

/** IKE_SA_INIT between two sides. */
export interface Ikev2SaInit {
  ok: boolean;
  offer?: Ikev2Offer;
  accepted?: Ikev2Offer;
  chosen?: Ikev2Choice;
  closest?: {
    offer: Ikev2Offer;
    accepted: Ikev2Offer;
    differences: Ikev2Difference[];
  };
  /** Why IKE_SA_INIT cannot start (a side has no proposal to use). */
  blocked?: string;
}

/** The built-in default proposal of a config's release, or the config's own `default` proposal. */
export function defaultOffer(model: ConfigModel): Ikev2Offer {
  const own = model.ikev2Proposals.find((p) => p.name === IKEV2_DEFAULT_NAME);
  if (own) {
    return configuredOffer(own);
  }
  const builtIn = ikev2DefaultProposal(model.version?.major);
  return {
    name: IKEV2_DEFAULT_NAME,
    origin: "default",
    releases: builtIn.releases,
    encryption: builtIn.encryption,
    integrity: builtIn.integrity,
    prf: builtIn.prf,
    groups: builtIn.groups,
  };
}

/** The PRFs a proposal offers: its `prf` line's, else (no line) its integrity algorithms. */
export function proposalPrfs(proposal: Ikev2Proposal): readonly string[] {
  return proposal.prf.length ? proposal.prf : proposal.integrity;
}

/**
 * What a written proposal lacks for IOS to use it (empty when complete). A written `default`
 * proposal modifies the built-in one, and whether IOS keeps the built-in algorithms of the kinds
 * it leaves out is not known here, so it is not judged.
 */
export function proposalGaps(proposal: Ikev2Proposal): Ikev2ProposalGap[] {
  return proposal.name === IKEV2_DEFAULT_NAME
    ? []
    : ikev2ProposalGaps(proposal);
}

/** What keeps a written proposal out, in words (empty when complete). */
export function proposalGapText(proposal: Ikev2Proposal): string {
  return proposalGaps(proposal)
    .map((g) =>
      // A line IOS refused is there in the text: say so rather than that it is missing.
      (g === "encryption" ||
        g === "integrity" ||
        g === "prf" ||
        g === "group") &&
      proposal.invalid?.[g]
        ? `its \`${proposal.invalid[g].text.trim()}\` line is one IOS refuses, so it has no ${g === "group" ? "Diffie-Hellman group" : g}`
        : IKEV2_PROPOSAL_GAPS[g],
    )
    .join("; ");
}

/** `P: it has no ...`: what keeps each incomplete proposal out, one clause per proposal. */
function incompleteText(proposals: readonly Ikev2Proposal[]): string {
  return proposals.map((p) => `${p.name}: ${proposalGapText(p)}`).join("; ");
}

/** A written proposal as it takes part in a negotiation. */
export function configuredOffer(proposal: Ikev2Proposal): Ikev2Offer {
  return {
    name: proposal.name,
    origin: "configured",
    proposal,
    encryption: proposal.encryption,
    integrity: proposal.integrity,
    prf: proposalPrfs(proposal),
    groups: proposal.groups,
  };
}

/**
 * True when a policy serves a front-door VRF: its `match fvrf` names it, or is `any`; without the
 * line, the global table (`show crypto ikev2 policy` prints `Match fvrf : global`). The built-in
 * policy, modified as `crypto ikev2 policy default`, serves every VRF unless it says otherwise.
 */
function servesVrf(policy: Ikev2Policy, vrf: string | undefined): boolean {
  if (policy.fvrf === undefined && policy.name === IKEV2_DEFAULT_NAME) {
    return true;
  }
  return policy.fvrf === "any" || policy.fvrf === vrf;
}

/**
 * The policy that applies to a local address in a front-door VRF (undefined: the global table):
 * among the policies that serve the VRF, one that matches the address, else one without address
 * match. `builtin` when the config writes no policy of its own: only then does IOS use its
 * built-in default policy; a config with policies, none of which fits, has none.
 */
export function ikev2PolicyFor(
  model: ConfigModel,
  local: IpAddress | undefined,
  vrf?: string,
): Ikev2Policy | "builtin" | undefined {
  const policies = model.ikev2Policies.filter((p) => servesVrf(p, vrf));
  const chosen =
    (local !== undefined
      ? policies.find((p) => p.localAddresses.includes(local))
      : undefined) ??
    policies.find(
      (p) => !p.localAddresses.length && p.name !== IKEV2_DEFAULT_NAME,
    ) ??
    policies.find((p) => p.name === IKEV2_DEFAULT_NAME);
  if (chosen) {
    return chosen;
  }
  return model.ikev2Policies.some((p) => p.name !== IKEV2_DEFAULT_NAME)
    ? undefined
    : "builtin";
}

/** The proposals one side uses from a local address in a front-door VRF, in order. */
export function ikev2Side(
  model: ConfigModel,
  profileRef: Reference,
  local: IpAddress | undefined,
  vrf?: string,
): Ikev2Side {
  const found = ikev2PolicyFor(model, local, vrf);
  const policy = found === "builtin" ? undefined : found;
  const { proposals, incomplete } =
    found === "builtin"
      ? { proposals: [defaultOffer(model)], incomplete: [] }
      : policy
        ? policyOffers(model, policy)
        : { proposals: [], incomplete: [] };
  return {
    profileRef,
    profile: model.ikev2Profiles.find((p) => p.name === profileRef.name),
    policy,
    proposals,
    ...(incomplete.length ? { incomplete } : {}),
    ...(found === undefined ? { unserved: unserved(model, local, vrf) } : {}),
  };
}

/**
 * The proposals a policy offers and accepts, in its order: those it lists that the config
 * defines complete (or the built-in `default`); apart, the incomplete ones IOS leaves out.
 */
export function policyOffers(
  model: ConfigModel,
  policy: Ikev2Policy,
): { proposals: Ikev2Offer[]; incomplete: Ikev2Proposal[] } {
  const proposals: Ikev2Offer[] = [];
  const incomplete: Ikev2Proposal[] = [];
  for (const ref of policy.proposals) {
    const own = model.ikev2Proposals.find((p) => p.name === ref.name);
    if (own && proposalGaps(own).length) {
      incomplete.push(own);
    } else if (own) {
      proposals.push(configuredOffer(own));
    } else if (ref.name === IKEV2_DEFAULT_NAME) {
      proposals.push(defaultOffer(model));
    }
  }
  return { proposals, incomplete };
}

/** Why no policy serves a local address in a VRF: the config's policies, and where it is. */
function unserved(
  model: ConfigModel,
  local: IpAddress | undefined,
  vrf: string | undefined,
): NonNullable<Ikev2Side["unserved"]> {
  return {
    policies: model.ikev2Policies,
    ...(vrf ? { vrf } : {}),
    ...(local !== undefined ? { local } : {}),
  };
}

/** Set when the config's IKEv2 policies leave a local address in a VRF without one. */
export function unservedPolicies(
  model: ConfigModel,
  local: IpAddress | undefined,
  vrf: string | undefined,
): NonNullable<Ikev2Side["unserved"]> | undefined {
  return ikev2PolicyFor(model, local, vrf) === undefined
    ? unserved(model, local, vrf)
    : undefined;
}

/**
 * The one-line change that makes a policy serve an unserved end: `match fvrf any` in the policy
 * whose addresses fit (replacing its `match fvrf` line, if any, so it keeps serving its own
 * VRF), else `match address local A` in one that serves the VRF.
 */
export function servePolicyChange(
  unserved: NonNullable<Ikev2Side["unserved"]>,
):
  | { policy: Ikev2Policy; line: string; replaces?: ConfigNode; what: string }
  | undefined {
  const { local, vrf } = unserved;
  const byAddress = unserved.policies.find(
    (p) =>
      !p.localAddresses.length ||
      (local !== undefined && p.localAddresses.includes(local)),
  );
  if (byAddress) {
    return {
      policy: byAddress,
      line: "match fvrf any",
      replaces: byAddress.node.children.find(
        (c) => !c.negated && startsWith(c, "match", "fvrf"),
      ),
      what: vrf === undefined ? "the global table" : `VRF ${vrf}`,
    };
  }
  const byVrf = unserved.policies.find(
    (p) => p.fvrf === "any" || p.fvrf === vrf,
  );
  return byVrf && local !== undefined
    ? {
        policy: byVrf,
        line: `match address local ${formatAddress(local)}`,
        what: `local address ${formatAddress(local)}`,
      }
    : undefined;
}

/** `IKEv2 policy P serves the global table and local address A`, for each policy. */
export function unservedText(
  unserved: NonNullable<Ikev2Side["unserved"]>,
): string {
  const where = (vrf: string | undefined) =>
    vrf === "any"
      ? "every VRF"
      : vrf === undefined
        ? "the global table"
        : `VRF ${vrf}`;
  const policies = unserved.policies
    .map(
      (p) =>
        `IKEv2 policy ${p.name} serves ${where(p.fvrf)}${p.localAddresses.length ? ` and local address ${p.localAddresses.map(formatAddress).join(", ")}` : ""}`,
    )
    .join("; ");
  const here = `${where(unserved.vrf)}${unserved.local !== undefined ? ` and local address ${formatAddress(unserved.local)}` : ""}`;
  return `${policies}; none serves ${here}`;
}

/** The first of `mine` that `theirs` also lists. */
function common<T>(mine: readonly T[], theirs: readonly T[]): T | undefined {
  return mine.find((x) => theirs.includes(x));
}

function listText(values: readonly (string | number)[]): string {
  return values.length ? values.join(" ") : "none";
}

/** Compares two proposals: the choice when they fit, else what keeps them apart. */
export function compareIkev2Proposals(
  offer: Ikev2Offer,
  accepted: Ikev2Offer,
): { chosen?: Ikev2Choice; differences: Ikev2Difference[] } {
  const differences: Ikev2Difference[] = [];
  const encryption = common(offer.encryption, accepted.encryption);
  const aead = encryption !== undefined && IKEV2_AEAD_CIPHERS.has(encryption);
  const integrity = aead
    ? undefined
    : common(offer.integrity, accepted.integrity);
  const prf = common(offer.prf, accepted.prf);
  const group = common(offer.groups, accepted.groups);
  const differ = (
    attribute: Ikev2Difference["attribute"],
    x: readonly (string | number)[],
    y: readonly (string | number)[],
  ) =>
    differences.push({
      attribute,
      initiator: listText(x),
      responder: listText(y),
    });
  if (encryption === undefined) {
    differ("encryption", offer.encryption, accepted.encryption);
  }
  if (!aead && integrity === undefined) {
    differ("integrity", offer.integrity, accepted.integrity);
  }
  if (prf === undefined) {
    differ("prf", offer.prf, accepted.prf);
  }
  if (group === undefined) {
    differ("group", offer.groups, accepted.groups);
  }
  if (differences.length) {
    return { differences };
  }
  return {
    chosen: { encryption: encryption!, integrity, prf: prf!, group: group! },
    differences,
  };
}

/** Runs IKE_SA_INIT: the responder's proposals in order against the initiator's. */
export function negotiateIkev2(
  initiator: Ikev2Side,
  responder: Ikev2Side,
  names: { initiator: string; responder: string },
): Ikev2SaInit {
  for (const [side, name] of [
    [initiator, names.initiator],
    [responder, names.responder],
  ] as const) {
    if (side.unserved) {
      return {
        ok: false,
        blocked: `${name} has no IKEv2 policy for this peer (${unservedText(side.unserved)}), and IOS uses its built-in default policy only in a config that writes no policy, so ${name} has no proposal to negotiate with`,
      };
    }
    if (!side.proposals.length) {
      return {
        ok: false,
        blocked: side.incomplete
          ? `${name}'s IKEv2 policy ${side.policy?.name ?? ""} lists only incomplete proposals (${incompleteText(side.incomplete)}), which IOS neither offers nor accepts, so it has nothing to negotiate with`
          : `${name}'s IKEv2 policy ${side.policy?.name ?? ""} names no proposal it defines, so it has nothing to negotiate with`,
      };
    }
  }
  let closest: Ikev2SaInit["closest"];
  for (const accepted of responder.proposals) {
    for (const offer of initiator.proposals) {
      const { chosen, differences } = compareIkev2Proposals(offer, accepted);
      if (chosen) {
        return { ok: true, offer, accepted, chosen };
      }
      if (!closest || differences.length < closest.differences.length) {
        closest = { offer, accepted, differences };
      }
    }
  }
  return { ok: false, closest };
}

/** How a proposal reads in messages: `proposal P1` or `built-in default proposal (IOS-XE 16.x and later)`. */
export function ikev2OfferName(offer: Ikev2Offer): string {
  return offer.origin === "configured"
    ? `proposal ${offer.name}`
    : `built-in default proposal (${offer.releases})`;
}

/** A proposal's algorithms in one line. */
export function describeIkev2Offer(offer: Ikev2Offer): string {
  return `encryption ${listText(offer.encryption)}, integrity ${listText(offer.integrity)}, prf ${listText(offer.prf)}, group ${listText(offer.groups)}`;
}

/** How a side's policy reads in messages. */
export function ikev2PolicyName(side: Ikev2Side): string {
  return side.policy
    ? `IKEv2 policy ${side.policy.name}`
    : side.unserved
      ? "no IKEv2 policy"
      : "default IKEv2 policy";
}

/** The lifetime a side rekeys at. */
export function ikev2Lifetime(side: Ikev2Side): number {
  return side.profile?.lifetime?.value ?? IKEV2_DEFAULT_LIFETIME;
}

/** The keyring peer of a profile that covers a peer: the longest address match, else a hostname or identity naming it. */
export function ikev2KeyringPeer(
  model: ConfigModel,
  profile: Ikev2Profile | undefined,
  peer: IpAddress | undefined,
  peerNames: readonly string[],
  identity?: SentIdentity,
): Ikev2KeyringPeer | undefined {
  const ring = profile?.keyring
    ? model.ikev2Keyrings.find((k) => k.name === profile.keyring!.name)
    : undefined;
  if (!ring) {
    return undefined;
  }
  let best: Ikev2KeyringPeer | undefined;
  let bestBits = -1;
  if (peer !== undefined && isIpv6(peer)) {
    for (const p of ring.peers) {
      if (p.address6 && ipv6PrefixContains(p.address6, peer)) {
        if (p.address6.length > bestBits) {
          best = p;
          bestBits = p.address6.length;
        }
      }
    }
  } else if (peer !== undefined) {
    for (const p of ring.peers) {
      const a = p.address;
      if (a && (peer & a.mask) >>> 0 === (a.address & a.mask) >>> 0) {
        const bits = maskBits(a.mask);
        if (bits > bestBits) {
          best = p;
          bestBits = bits;
        }
      }
    }
  }
  if (best) {
    return best;
  }
  // A peer block's `identity` line takes the identity the peer sends (behind NAT, an address
  // identity is the peer's own address, not the one its packets come from).
  const byIdentity =
    identity &&
    ring.peers.find((p) => p.identity && sameIdentity(p.identity, identity));
  if (byIdentity) {
    return byIdentity;
  }
  const names = peerNames.map((n) => n.toLowerCase());
  return ring.peers.find(
    (p) =>
      (p.hostname !== undefined && names.includes(p.hostname.toLowerCase())) ||
      (p.identity?.kind === "fqdn" &&
        names.includes(p.identity.value.toLowerCase())),
  );
}

/** True when a keyring peer's `identity KIND VALUE` line names the identity sent. */
function sameIdentity(
  line: { kind: string; value: string },
  sent: SentIdentity,
): boolean {
  if (line.kind === "address") {
    if (sent.kind !== "address") {
      return false;
    }
    const v6 = parseIpv6(line.value);
    return v6 !== undefined
      ? v6 === sent.address6
      : parseIpv4(line.value) === sent.address && sent.address !== undefined;
  }
  return (
    line.kind === sent.kind &&
    line.value.toLowerCase() === sent.value.toLowerCase()
  );
}

function maskBits(mask: number): number {
  let bits = 0;
  for (let m = mask >>> 0; m; m = (m << 1) >>> 0) {
    bits++;
  }
  return bits;
}

/**
 * The key a side signs its AUTH payload with, and the key it verifies the peer's with: a key the
 * profile's `authentication` line writes, else the keyring peer's.
 */
export function ikev2Keys(
  profile: Ikev2Profile | undefined,
  peer: Ikev2KeyringPeer | undefined,
): {
  signs?: PresharedKey;
  verifies?: PresharedKey;
} {
  return {
    signs: profile?.localAuthentication?.key ?? peer?.local ?? peer?.both,
    verifies: inlineRemoteKey(profile) ?? peer?.remote ?? peer?.both,
  };
}

/** The key an `authentication remote pre-share key KEY` line writes, if any. */
export function inlineRemoteKey(
  profile: Ikev2Profile | undefined,
): PresharedKey | undefined {
  return profile?.remoteAuthentication.find(
    (a) => a.method === "pre-share" && a.key,
  )?.key;
}

/**
 * The identity a side sends: its profile's `identity local`, else its address; with the subject
 * of the certificate it signs with, when known, which `match certificate` judges.
 */
export function sentIdentity(
  profile: Ikev2Profile | undefined,
  address: IpAddress | undefined,
  certificate?: SigningCertificate,
): SentIdentity {
  const identity = ownIdentity(profile, address);
  return certificate === undefined
    ? identity
    : {
        ...identity,
        ...(certificate.subject !== undefined
          ? { subject: certificate.subject }
          : {}),
        ...(certificate.issuer !== undefined
          ? { issuer: certificate.issuer }
          : {}),
      };
}

function ownIdentity(
  profile: Ikev2Profile | undefined,
  address: IpAddress | undefined,
): SentIdentity {
  const local = profile?.localIdentity;
  if (local && local.kind !== "address") {
    return { kind: local.kind, value: local.value };
  }
  const a = local ? (local.address ?? local.address6?.address) : address;
  if (a !== undefined && isIpv6(a)) {
    return { kind: "address", value: formatIpv6(a), address6: a };
  }
  return {
    kind: "address",
    value: a === undefined ? "" : String(a),
    address: a,
  };
}

/** An IKEv2 identity as a side sends it (an address one with its address, of either family). */
export interface SentIdentity {
  kind: string;
  value: string;
  address?: number;
  address6?: Ipv6Address;
  /** The subject of the certificate it signs with, when known (see `signingCertificate`). */
  subject?: string;
  /** Its issuer, when the config prints the certificate. */
  issuer?: string;
}

/** The `match identity remote` line that admits an identity, for the kinds a line can name. */
export function matchIdentityLine(identity: SentIdentity): string | undefined {
  if (identity.kind === "address") {
    return identity.address !== undefined
      ? `match identity remote address ${formatIpv4(identity.address)} 255.255.255.255`
      : identity.address6 !== undefined
        ? `match identity remote address ${formatIpv6(identity.address6)}/128`
        : undefined;
  }
  return ["fqdn", "email", "key-id"].includes(identity.kind)
    ? `match identity remote ${identity.kind} ${identity.value}`
    : undefined;
}

/**
 * True when a profile selects the peer: one of its `match identity remote` lines admits the
 * identity, or one of its `match certificate` maps (from `maps`, the holder's) takes the peer's
 * certificate. False when every line refuses; undefined when the profile writes none (IOS then
 * selects it for no peer, but a profile named by a crypto map is still what the lines mean to
 * use, so this is left unjudged) or a certificate map cannot be judged.
 */
export function profileAdmits(
  profile: Ikev2Profile | undefined,
  identity: SentIdentity,
  maps?: ReadonlyMap<string, CertificateMap>,
): boolean | undefined {
  const matches: readonly Ikev2Identity[] = profile?.matches ?? [];
  const certificates = profile?.certificateMaps ?? [];
  if (!matches.length && !certificates.length) {
    return undefined;
  }
  if (identityAdmitted(matches, identity)) {
    return true;
  }
  return certificateMapsAdmit(
    certificates,
    maps,
    identity.subject,
    identity.issuer,
  );
}

/** True when one of the `match identity remote` lines admits the identity. */
function identityAdmitted(
  matches: readonly Ikev2Identity[],
  identity: SentIdentity,
): boolean {
  return admittingMatch(matches, identity) !== undefined;
}

/** The first `match identity remote` line that admits the identity (a fix adds a line beside it). */
export function admittingMatch(
  matches: readonly Ikev2Identity[],
  identity: SentIdentity,
): Ikev2Identity | undefined {
  return matches.find((m) => {
    if (m.kind === "address" && identity.address6 !== undefined) {
      return (
        m.address6 !== undefined &&
        ipv6PrefixContains(m.address6, identity.address6)
      );
    }
    if (m.kind === "address") {
      return (
        identity.address !== undefined &&
        m.address !== undefined &&
        (identity.address & (m.mask ?? 0xffffffff)) >>> 0 ===
          (m.address & (m.mask ?? 0xffffffff)) >>> 0
      );
    }
    if (m.kind === "other") {
      // `match identity remote any` and forms not modelled: do not reject on them.
      return true;
    }
    if (m.kind !== identity.kind) {
      return false;
    }
    const sent = identity.value.toLowerCase();
    const value = m.value.toLowerCase();
    if (!m.domain) {
      return sent === value;
    }
    // A domain match takes the names in the domain: an FQDN ending in it, an e-mail name at it.
    const name = m.kind === "email" ? sent.slice(sent.indexOf("@") + 1) : sent;
    return value !== "" && (name === value || name.endsWith(`.${value}`));
  });
}
