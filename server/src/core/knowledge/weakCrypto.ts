/**
 * Algorithms and Diffie-Hellman groups that no longer protect anything worth protecting, with the
 * replacement to name. Both peers must change together: a proposal only one side offers matches
 * nothing, so the tunnel drops until the other side follows.
 */

/** Where an algorithm is written. */
export type WeakContext =
  | "isakmp-encryption"
  | "isakmp-hash"
  | "ikev2-encryption"
  | "ikev2-integrity"
  | "dh-group"
  | "transform"
  | "pfs";

/** One weak choice and its replacement. */
export interface WeakAlgorithm {
  context: WeakContext;
  /** The value as the model holds it (lower case; DH groups as numbers in words: "1", "group1"). */
  value: string;
  /** The name people know it by. */
  label: string;
  /** Why it is weak, in a few words. */
  why: string;
  /** What to write instead, as IOS syntax in the same place. */
  replacement: string;
  /** A replacement for releases without the modern one (12.x), when it differs. */
  legacyReplacement?: string;
  /** What to say on releases that may lack the replacement. */
  legacyNote?: string;
}

/** The table of weak choices. */
export const WEAK_ALGORITHMS: readonly WeakAlgorithm[] = [
  {
    context: "isakmp-encryption",
    value: "des",
    label: "DES",
    why: "a 56-bit key that can be searched exhaustively in hours",
    replacement: "aes 256",
  },
  {
    context: "isakmp-encryption",
    value: "3des",
    label: "3DES",
    why: "a 64-bit block (Sweet32 collisions) and deprecated by NIST",
    replacement: "aes 256",
  },
  {
    context: "isakmp-hash",
    value: "md5",
    label: "MD5",
    why: "broken collision resistance",
    replacement: "sha256",
    legacyReplacement: "sha",
    legacyNote: "SHA-2 in ISAKMP policies needs IOS 15 or later",
  },
  {
    context: "ikev2-encryption",
    value: "des",
    label: "DES",
    why: "a 56-bit key that can be searched exhaustively in hours",
    replacement: "aes-cbc-256",
  },
  {
    context: "ikev2-encryption",
    value: "3des",
    label: "3DES",
    why: "a 64-bit block (Sweet32 collisions) and deprecated by NIST",
    replacement: "aes-cbc-256",
  },
  {
    // IKEv2 integrity and PRF algorithms share their keywords.
    context: "ikev2-integrity",
    value: "md5",
    label: "MD5",
    why: "broken collision resistance",
    replacement: "sha256",
  },
  {
    context: "dh-group",
    value: "1",
    legacyNote: "where this release has no group 14, group 5 is its strongest",
    label: "DH group 1 (768-bit)",
    why: "a modulus small enough to be broken with public tools",
    replacement: "14",
  },
  {
    context: "dh-group",
    value: "2",
    legacyNote: "where this release has no group 14, group 5 is its strongest",
    label: "DH group 2 (1024-bit)",
    why: "a 1024-bit modulus within reach of well-funded attackers (Logjam)",
    replacement: "14",
  },
  {
    context: "dh-group",
    value: "5",
    label: "DH group 5 (1536-bit)",
    why: "below the 2048-bit minimum current guidance asks for",
    replacement: "14",
  },
  {
    context: "transform",
    value: "esp-des",
    label: "ESP with DES",
    why: "a 56-bit key that can be searched exhaustively in hours",
    replacement: "esp-aes 256",
  },
  {
    context: "transform",
    value: "esp-3des",
    label: "ESP with 3DES",
    why: "a 64-bit block (Sweet32 collisions) and deprecated by NIST",
    replacement: "esp-aes 256",
  },
  {
    context: "transform",
    value: "esp-null",
    label: "ESP without encryption",
    why: "the traffic crosses the network in clear text",
    replacement: "esp-aes 256",
  },
  {
    context: "transform",
    value: "esp-md5-hmac",
    label: "HMAC-MD5",
    why: "built on MD5, which is deprecated for new designs",
    replacement: "esp-sha256-hmac",
    legacyReplacement: "esp-sha-hmac",
    legacyNote: "SHA-2 transforms need IOS 15 or later",
  },
  {
    context: "transform",
    value: "ah-md5-hmac",
    label: "AH with HMAC-MD5",
    why: "built on MD5, which is deprecated for new designs",
    replacement: "ah-sha256-hmac",
    legacyReplacement: "ah-sha-hmac",
    legacyNote: "SHA-2 transforms need IOS 15 or later",
  },
  {
    context: "pfs",
    value: "group1",
    label: "PFS with DH group 1 (768-bit)",
    why: "a modulus small enough to be broken with public tools",
    replacement: "group14",
  },
  {
    context: "pfs",
    value: "group2",
    label: "PFS with DH group 2 (1024-bit)",
    why: "a 1024-bit modulus within reach of well-funded attackers (Logjam)",
    replacement: "group14",
  },
  {
    context: "pfs",
    value: "group5",
    label: "PFS with DH group 5 (1536-bit)",
    why: "below the 2048-bit minimum current guidance asks for",
    replacement: "group14",
  },
];

/** The first major release whose replacements are all available (SHA-2, group 14 and up). */
export const MODERN_CRYPTO_MAJOR = 15;

/** Looks a weak choice up; undefined when the value is fine. */
export function weakAlgorithm(
  context: WeakContext,
  value: string,
): WeakAlgorithm | undefined {
  const v = value.toLowerCase();
  return WEAK_ALGORITHMS.find((w) => w.context === context && w.value === v);
}
