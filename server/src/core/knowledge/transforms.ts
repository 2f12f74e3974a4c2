import type { Strength } from "./strength";
import { table } from "./table";

/**
 * What each transform of `crypto ipsec transform-set` does, for hovers and completion. A set takes
 * at most one transform of each slot: one ESP cipher (or one combined-mode cipher, which then
 * takes no ESP integrity), one ESP integrity, one AH integrity and one compression.
 */

/** The slot a transform fills in a transform set. */
export type TransformSlot =
  | "esp-encryption"
  | "esp-combined"
  | "esp-integrity"
  | "ah-integrity"
  | "compression";

/** Facts about one transform keyword. */
export interface TransformFacts {
  slot: TransformSlot;
  /** The algorithm in plain words. */
  algorithm: string;
  /** What the transform protects. */
  protects: string;
  strength: Strength;
  /** Key sizes IOS accepts after the keyword, when it takes one. */
  keySizes?: readonly number[];
  /** The key size when none is written. */
  defaultKeySize?: number;
  /** What to know about it, in a few words. */
  note?: string;
}

const ESP_CONFIDENTIALITY =
  "confidentiality of the ESP payload (in tunnel mode, the whole original packet)";
const ESP_INTEGRITY =
  "integrity and origin of the ESP header and payload (not the outer IP header), with anti-replay";
const AH_INTEGRITY =
  "integrity and origin of the whole packet, outer IP header included; nothing is encrypted";

/** Every transform keyword of IOS with its facts. */
export const TRANSFORM_FACTS: Readonly<Record<string, TransformFacts>> = table({
  "esp-des": {
    slot: "esp-encryption",
    algorithm: "DES-CBC, 56-bit key",
    protects: ESP_CONFIDENTIALITY,
    strength: "broken",
    note: "a 56-bit key falls to brute force in hours; use esp-aes 256 or esp-gcm 256",
  },
  "esp-3des": {
    slot: "esp-encryption",
    algorithm: "Triple DES-CBC, 168-bit key (112-bit strength), 64-bit blocks",
    protects: ESP_CONFIDENTIALITY,
    strength: "legacy",
    note: "64-bit blocks limit how much data one key may protect (Sweet32); use esp-aes",
  },
  "esp-aes": {
    slot: "esp-encryption",
    algorithm: "AES-CBC",
    protects: ESP_CONFIDENTIALITY,
    strength: "strong",
    keySizes: [128, 192, 256],
    defaultKeySize: 128,
  },
  "esp-gcm": {
    slot: "esp-combined",
    algorithm: "AES-GCM (authenticated encryption)",
    protects: `${ESP_CONFIDENTIALITY}, and its integrity: no separate integrity transform is allowed`,
    strength: "strong",
    keySizes: [128, 192, 256],
    defaultKeySize: 128,
    note: "the recommended choice where both peers support it (IOS 15.2 and later)",
  },
  "esp-gmac": {
    slot: "esp-combined",
    algorithm: "AES-GMAC (integrity only)",
    protects:
      "integrity and origin of the ESP payload; traffic is NOT encrypted",
    strength: "acceptable",
    keySizes: [128, 192, 256],
    defaultKeySize: 128,
    note: "use only where confidentiality is not wanted",
  },
  "esp-seal": {
    slot: "esp-encryption",
    algorithm: "SEAL stream cipher, 160-bit key (software only)",
    protects: ESP_CONFIDENTIALITY,
    strength: "legacy",
    note: "Cisco-specific, no longer offered by newer releases",
  },
  "esp-null": {
    slot: "esp-encryption",
    algorithm: "no encryption",
    protects:
      "nothing by itself: the traffic crosses in clear text inside ESP, guarded only by an integrity transform beside it",
    strength: "none",
    note: "for testing or integrity-only designs with an ESP integrity transform",
  },
  "esp-md5-hmac": {
    slot: "esp-integrity",
    algorithm: "HMAC-MD5-96",
    protects: ESP_INTEGRITY,
    strength: "weak",
    note: "MD5 is deprecated; use esp-sha256-hmac",
  },
  "esp-sha-hmac": {
    slot: "esp-integrity",
    algorithm: "HMAC-SHA-1-96",
    protects: ESP_INTEGRITY,
    strength: "legacy",
    note: "still sound as an HMAC, but SHA-1 is being retired; prefer esp-sha256-hmac",
  },
  "esp-sha256-hmac": {
    slot: "esp-integrity",
    algorithm: "HMAC-SHA-256-128",
    protects: ESP_INTEGRITY,
    strength: "strong",
  },
  "esp-sha384-hmac": {
    slot: "esp-integrity",
    algorithm: "HMAC-SHA-384-192",
    protects: ESP_INTEGRITY,
    strength: "strong",
  },
  "esp-sha512-hmac": {
    slot: "esp-integrity",
    algorithm: "HMAC-SHA-512-256",
    protects: ESP_INTEGRITY,
    strength: "strong",
  },
  "ah-md5-hmac": {
    slot: "ah-integrity",
    algorithm: "AH with HMAC-MD5-96 (IP protocol 51)",
    protects: AH_INTEGRITY,
    strength: "weak",
    note: "AH cannot cross NAT (the outer header it signs is rewritten); MD5 is deprecated",
  },
  "ah-sha-hmac": {
    slot: "ah-integrity",
    algorithm: "AH with HMAC-SHA-1-96 (IP protocol 51)",
    protects: AH_INTEGRITY,
    strength: "legacy",
    note: "AH cannot cross NAT (the outer header it signs is rewritten)",
  },
  "ah-sha256-hmac": {
    slot: "ah-integrity",
    algorithm: "AH with HMAC-SHA-256-128 (IP protocol 51)",
    protects: AH_INTEGRITY,
    strength: "strong",
    note: "AH cannot cross NAT (the outer header it signs is rewritten)",
  },
  "ah-sha384-hmac": {
    slot: "ah-integrity",
    algorithm: "AH with HMAC-SHA-384-192 (IP protocol 51)",
    protects: AH_INTEGRITY,
    strength: "strong",
    note: "AH cannot cross NAT (the outer header it signs is rewritten)",
  },
  "ah-sha512-hmac": {
    slot: "ah-integrity",
    algorithm: "AH with HMAC-SHA-512-256 (IP protocol 51)",
    protects: AH_INTEGRITY,
    strength: "strong",
    note: "AH cannot cross NAT (the outer header it signs is rewritten)",
  },
  "comp-lzs": {
    slot: "compression",
    algorithm: "IP payload compression (IPComp, IP protocol 108) with LZS",
    protects:
      "nothing: it compresses packets before encryption to save bandwidth",
    strength: "none",
    note: "helps only on slow links with compressible traffic",
  },
});

/** How each slot reads in a sentence. */
export const TRANSFORM_SLOT_LABELS: Readonly<Record<TransformSlot, string>> = {
  "esp-encryption": "ESP encryption",
  "esp-combined": "ESP combined-mode cipher",
  "esp-integrity": "ESP integrity",
  "ah-integrity": "AH integrity",
  compression: "compression",
};

/** Slots that exclude one another in one transform set (a combined cipher takes the place of both ESP slots). */
export const EXCLUSIVE_SLOTS: Readonly<
  Record<TransformSlot, readonly TransformSlot[]>
> = {
  "esp-encryption": ["esp-encryption", "esp-combined"],
  "esp-combined": ["esp-encryption", "esp-combined", "esp-integrity"],
  "esp-integrity": ["esp-integrity", "esp-combined"],
  "ah-integrity": ["ah-integrity"],
  compression: ["compression"],
};

/**
 * Transform spellings IOS does not know but other platforms use (the ASA's `esp-aes-256`,
 * strongSwan's `sha256`, a forgotten `-hmac`), with the IOS keyword they mean. `write` is a
 * `String.replace` pattern over the lower-case word.
 */
export const TRANSFORM_SPELLINGS: readonly {
  pattern: RegExp;
  write: string;
}[] = [
  { pattern: /^esp-(aes|gcm|gmac)-?(128|192|256)$/, write: "esp-$1 $2" },
  { pattern: /^esp-(\d{3})-aes$/, write: "esp-aes $1" },
  { pattern: /^(esp|ah)-(md5|sha)(?:-?1)?(?:-hmac)?$/, write: "$1-$2-hmac" },
  {
    pattern: /^(esp|ah)-sha-?(256|384|512)(?:-hmac)?$/,
    write: "$1-sha$2-hmac",
  },
  { pattern: /^esp-(?:none|null-encryption)$/, write: "esp-null" },
  { pattern: /^esp-(3?des)-cbc$/, write: "esp-$1" },
];

/** The IOS keyword another platform's spelling means (`esp-aes-256` → `esp-aes 256`), when IOS has it. */
export function iosTransformSpelling(word: string): string | undefined {
  const lower = word.toLowerCase();
  for (const { pattern, write } of TRANSFORM_SPELLINGS) {
    if (pattern.test(lower)) {
      const meant = lower.replace(pattern, write);
      return TRANSFORM_FACTS[meant.split(" ")[0]!] ? meant : undefined;
    }
  }
  return undefined;
}
