/**
 * IKEv2 facts IOS builds in ("smart defaults"): the `default` proposal, which the `default` policy
 * offers when no policy of the config applies, and the values a profile takes when a line is left
 * out. The default proposal changed between classic IOS 15.x (and IOS-XE 3.x, which reports
 * `version 15.x`) and IOS-XE 16.x and later.
 *
 * Source: published `show crypto ikev2 proposal default` outputs of unconfigured routers (lab
 * notes for classic 15.x, parser test data and write-ups for IOS-XE 16.x), matching what Cisco
 * calls IKEv2 smart defaults: classic 15.x shows "AES-CBC-256 AES-CBC-192 AES-CBC-128 / SHA512
 * SHA384 SHA256 SHA96 MD596 / DH group 5, 2"; IOS-XE 16.x shows "AES-CBC-256 / SHA512 SHA384 /
 * DH group 19, 14, 21, 5". Outputs of some later 17.x releases list groups 19, 14, 21 only;
 * which release dropped group 5 is not recorded here, so 16.x and later keep it.
 */

/** The algorithms of an IKEv2 proposal, with IOS's configuration keywords. */
export interface Ikev2Algorithms {
  encryption: readonly string[];
  integrity: readonly string[];
  prf: readonly string[];
  groups: readonly number[];
}

/** A default proposal with the releases it belongs to. */
export interface Ikev2DefaultProposal extends Ikev2Algorithms {
  /** Releases, in words, for messages. */
  releases: string;
  /** The first `version` major number it applies to (a config without a version line takes the newest). */
  fromMajor: number;
}

/** The built-in `default` proposal, oldest release first. */
export const IKEV2_DEFAULT_PROPOSALS: readonly Ikev2DefaultProposal[] = [
  {
    releases: "classic IOS 15.x",
    fromMajor: 0,
    encryption: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"],
    // `show` prints SHA96 and MD596: the truncated integrity forms of sha1 and md5.
    integrity: ["sha512", "sha384", "sha256", "sha1", "md5"],
    prf: ["sha512", "sha384", "sha256", "sha1", "md5"],
    groups: [5, 2],
  },
  {
    releases: "IOS-XE 16.x and later",
    fromMajor: 16,
    encryption: ["aes-cbc-256"],
    integrity: ["sha512", "sha384"],
    prf: ["sha512", "sha384"],
    groups: [19, 14, 21, 5],
  },
];

/** The name of the built-in proposal and policy (a config may redefine either under this name). */
export const IKEV2_DEFAULT_NAME = "default";

/** IKEv2 SA lifetime when a profile writes none, in seconds. */
export const IKEV2_DEFAULT_LIFETIME = 86400;

/**
 * Why the IKEv2 defaults a config leaves unwritten matter, for the hints that show them where
 * their line would be (plain text, a sentence or two each).
 */
export const IKEV2_DEFAULT_EFFECTS = {
  lifetime: `Without a lifetime line the IKE SA lives ${IKEV2_DEFAULT_LIFETIME} s. IKEv2 does not negotiate lifetimes: each end rekeys when its own runs out, so the shorter one decides.`,
  prf: "Without a prf line IKEv2 uses the integrity algorithms as PRFs; a peer whose proposal sets a PRF apart must list one of them, or IKE_SA_INIT finds no proposal.",
  dpd: "Without dpd here or a global crypto ikev2 dpd, IKEv2 runs no dead peer detection: a peer that reboots or fails over goes unnoticed, and traffic goes into SAs it no longer has until they expire.",
} as const;

/** Encryption keywords that are AEAD ciphers: a proposal with only these has no integrity line. */
export const IKEV2_AEAD_CIPHERS: ReadonlySet<string> = new Set([
  "aes-gcm-128",
  "aes-gcm-256",
]);

/**
 * What keeps IOS from using an IKEv2 proposal. IOS takes a proposal as complete only in one of
 * two shapes: encryption other than AES-GCM, an integrity algorithm and a Diffie-Hellman group; or
 * AES-GCM, a PRF and a group (it says so when the proposal is entered, and a policy needs at least
 * one complete proposal). RFC 7296 (sections 2.7 and 3.3) agrees: a combined-mode cipher is offered
 * without integrity algorithm, in a proposal of its own, and an IKE SA needs a PRF and a group.
 */
export type Ikev2ProposalGap =
  "encryption" | "mixed" | "integrity" | "prf" | "aead-integrity" | "group";

/** Each gap in words, as a clause of a message about the proposal ("it has no ..."). */
export const IKEV2_PROPOSAL_GAPS: Readonly<Record<Ikev2ProposalGap, string>> = {
  encryption: "it has no `encryption` line",
  mixed:
    "its `encryption` line mixes AES-GCM with CBC ciphers, which IKEv2 offers only in separate proposals",
  integrity: "it has no `integrity` line, which a CBC cipher needs",
  prf: "it has no `prf` line, which AES-GCM needs, having no integrity algorithm to take the PRF from",
  "aead-integrity":
    "it writes `integrity` beside AES-GCM, which protects integrity itself: RFC 7296 offers a combined-mode cipher with no integrity algorithm",
  group: "it has no `group` line, so no Diffie-Hellman group",
};

/** What an IKEv2 proposal lacks, or holds wrongly, for IOS to use it; empty when it is complete. */
export function ikev2ProposalGaps(p: Ikev2Algorithms): Ikev2ProposalGap[] {
  const gaps: Ikev2ProposalGap[] = [];
  const aead = p.encryption.filter((e) => IKEV2_AEAD_CIPHERS.has(e));
  const mixed = aead.length > 0 && aead.length < p.encryption.length;
  if (!p.encryption.length) {
    gaps.push("encryption");
  } else if (mixed) {
    gaps.push("mixed");
  } else if (aead.length) {
    if (!p.prf.length) {
      gaps.push("prf");
    }
    if (p.integrity.length) {
      gaps.push("aead-integrity");
    }
  }
  if (p.encryption.length && !aead.length && !p.integrity.length) {
    gaps.push("integrity");
  }
  if (!p.groups.length) {
    gaps.push("group");
  }
  return gaps;
}

/** The default proposal of a release (`version` major number; undefined when the config has no version line). */
export function ikev2DefaultProposal(
  major: number | undefined,
): Ikev2DefaultProposal {
  let chosen = IKEV2_DEFAULT_PROPOSALS[IKEV2_DEFAULT_PROPOSALS.length - 1]!;
  if (major === undefined) {
    return chosen;
  }
  for (const p of IKEV2_DEFAULT_PROPOSALS) {
    if (major >= p.fromMajor) {
      chosen = p;
    }
  }
  return chosen;
}

/**
 * IKEv2 smart defaults beyond the proposal and policy: the built-in transform set `default`
 * (`show crypto ipsec transform-set default` prints `{ esp-aes esp-sha-hmac }`, will negotiate
 * Transport, which still accepts tunnel mode) and the built-in IPsec profile `default`, which
 * uses that transform set and the IKEv2 profile named `default` (the one part a config must
 * write, since it holds the authentication). `tunnel protection ipsec profile default` needs no
 * `crypto ipsec profile default` section.
 */
export const IKEV2_DEFAULT_TRANSFORMS: readonly string[] = [
  "esp-aes",
  "esp-sha-hmac",
];

/** Object names IOS defines itself, by kind: a reference to one needs no section in the config. */
export const BUILT_IN_OBJECTS: Readonly<Record<string, ReadonlySet<string>>> =
  Object.freeze({
    "ipsec-profile": new Set([IKEV2_DEFAULT_NAME]),
    "transform-set": new Set([IKEV2_DEFAULT_NAME]),
    "ikev2-proposal": new Set([IKEV2_DEFAULT_NAME]),
    "ikev2-policy": new Set([IKEV2_DEFAULT_NAME]),
  });
