import type { Strength } from "./strength";

/**
 * Diffie-Hellman groups IOS offers for IKE (`group N` in an isakmp policy) and for PFS
 * (`set pfs groupN`). Security estimates in bits follow NIST SP 800-57 part 1 for MODP and
 * elliptic-curve groups; the grades follow RFC 8247 section 2.4.
 */

/** One Diffie-Hellman group. */
export interface DhGroup {
  group: number;
  /** MODP: modular exponentiation; ECP: elliptic curve over a prime field. */
  family: "MODP" | "ECP";
  /** Modulus or curve size in bits. */
  bits: number;
  /** Rough strength of the exchange in symmetric-key bits. */
  securityBits: number;
  strength: Strength;
  /** What to know about it, in a few words. */
  note: string;
}

/** The groups by number. */
export const DH_GROUPS: Readonly<Record<number, DhGroup>> = {
  1: {
    group: 1,
    family: "MODP",
    bits: 768,
    securityBits: 62,
    strength: "broken",
    note: "solvable by well-funded attackers; the IOS default when a policy sets no group",
  },
  2: {
    group: 2,
    family: "MODP",
    bits: 1024,
    securityBits: 80,
    strength: "weak",
    note: "within reach of nation-state attackers (Logjam)",
  },
  5: {
    group: 5,
    family: "MODP",
    bits: 1536,
    securityBits: 90,
    strength: "weak",
    note: "below the 2048-bit minimum of current guidance",
  },
  14: {
    group: 14,
    family: "MODP",
    bits: 2048,
    securityBits: 112,
    strength: "acceptable",
    note: "the minimum MODP group of current guidance",
  },
  15: {
    group: 15,
    family: "MODP",
    bits: 3072,
    securityBits: 128,
    strength: "strong",
    note: "slow on routers without crypto hardware",
  },
  16: {
    group: 16,
    family: "MODP",
    bits: 4096,
    securityBits: 150,
    strength: "strong",
    note: "slow on routers without crypto hardware",
  },
  19: {
    group: 19,
    family: "ECP",
    bits: 256,
    securityBits: 128,
    strength: "strong",
    note: "NIST P-256 curve; fast, the usual choice today",
  },
  20: {
    group: 20,
    family: "ECP",
    bits: 384,
    securityBits: 192,
    strength: "strong",
    note: "NIST P-384 curve",
  },
  21: {
    group: 21,
    family: "ECP",
    bits: 521,
    securityBits: 256,
    strength: "strong",
    note: "NIST P-521 curve",
  },
  24: {
    group: 24,
    family: "MODP",
    bits: 2048,
    securityBits: 112,
    strength: "legacy",
    note: "2048-bit MODP with a 256-bit subgroup; RFC 8247 advises against it",
  },
};

/** The stronger group to suggest in place of a weak one. */
export const SUGGESTED_DH_GROUP = 19;

/** The groups a fix offers to pick from: the suggested one first, then the other strong ones from strongest. */
export const DH_GROUP_CHOICES: readonly string[] = [
  String(SUGGESTED_DH_GROUP),
  ...Object.values(DH_GROUPS)
    .filter((g) => g.group !== SUGGESTED_DH_GROUP && g.strength === "strong")
    .sort((a, b) => b.securityBits - a.securityBits)
    .map((g) => String(g.group)),
];

const GROUP_WORD = /^group(\d{1,2})$/i;

/** The group a `set pfs` word names (`group14` -> 14), or a bare number; undefined when unknown. */
export function dhGroupFromWord(word: string): DhGroup | undefined {
  const m = GROUP_WORD.exec(word);
  const n = m ? Number(m[1]) : /^\d{1,2}$/.test(word) ? Number(word) : NaN;
  return DH_GROUPS[n];
}

/** A one-line description of a group for hovers and completion details. */
export function describeDhGroup(g: DhGroup): string {
  const family = g.family === "ECP" ? "elliptic curve" : "MODP";
  return `${g.bits}-bit ${family}, about ${g.securityBits}-bit strength`;
}
