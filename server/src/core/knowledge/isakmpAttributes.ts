import type { IsakmpAttributes } from "../config/model";
import type { Strength } from "./strength";
import { DH_GROUPS } from "./dhGroups";
import { table } from "./table";

/**
 * The words of a `crypto isakmp policy` section: what each attribute decides and what each value
 * means. Hovers and completion read these tables; the defaults themselves live in iosDefaults.ts.
 */

/** One value an attribute can take, as written in the config. */
export interface AttributeChoice {
  /** The words as written (`aes 256`). */
  value: string;
  /** What it means, in a few words. */
  meaning: string;
  strength?: Strength;
}

/** One attribute of a policy. */
export interface PolicyAttributeFacts {
  attribute: keyof IsakmpAttributes;
  /** The keyword that sets it (`encryption`; IOS also takes `encr`). */
  keyword: string;
  /** The keyword `show running-config` prints for it (`encr` for `encryption`). */
  printed: string;
  /** What it decides. */
  decides: string;
  /** Values with their meaning, when the attribute takes a keyword. */
  choices?: readonly AttributeChoice[];
}

/** Phase 1 ciphers (`encryption`). */
export const ISAKMP_ENCRYPTIONS: readonly AttributeChoice[] = [
  {
    value: "des",
    meaning: "DES, 56-bit key; the IOS default when the policy sets none",
    strength: "broken",
  },
  {
    value: "3des",
    meaning: "Triple DES, 168-bit key (112-bit strength)",
    strength: "legacy",
  },
  { value: "aes", meaning: "AES-CBC with a 128-bit key", strength: "strong" },
  {
    value: "aes 192",
    meaning: "AES-CBC with a 192-bit key",
    strength: "strong",
  },
  {
    value: "aes 256",
    meaning: "AES-CBC with a 256-bit key",
    strength: "strong",
  },
];

/** Phase 1 hashes (`hash`): integrity of IKE messages and the key derivation function. */
export const ISAKMP_HASHES: readonly AttributeChoice[] = [
  { value: "md5", meaning: "MD5", strength: "weak" },
  {
    value: "sha",
    meaning: "SHA-1; the IOS default when the policy sets none",
    strength: "legacy",
  },
  { value: "sha256", meaning: "SHA-256", strength: "strong" },
  { value: "sha384", meaning: "SHA-384", strength: "strong" },
  { value: "sha512", meaning: "SHA-512", strength: "strong" },
];

/** Phase 1 peer authentication methods (`authentication`). */
export const ISAKMP_AUTHENTICATIONS: readonly AttributeChoice[] = [
  {
    value: "pre-share",
    meaning:
      "a pre-shared key, which must be configured for the peer's address (`crypto isakmp key` or a keyring) and be the same on both sides",
  },
  {
    value: "rsa-sig",
    meaning:
      "RSA signatures with certificates; needs an enrolled trustpoint and a correct clock (NTP). The IOS default when the policy sets none",
  },
  {
    value: "rsa-encr",
    meaning:
      "RSA-encrypted nonces; each router needs the other's RSA public key entered by hand",
  },
];

/** The attributes of a policy, in the order `show crypto isakmp policy` lists them. */
export const POLICY_ATTRIBUTES: readonly PolicyAttributeFacts[] = [
  {
    attribute: "encryption",
    keyword: "encryption",
    printed: "encr",
    decides: "the cipher that protects IKE messages after the key exchange",
    choices: ISAKMP_ENCRYPTIONS,
  },
  {
    attribute: "hash",
    keyword: "hash",
    printed: "hash",
    decides:
      "the integrity check of IKE messages and the function keys are derived with",
    choices: ISAKMP_HASHES,
  },
  {
    attribute: "authentication",
    keyword: "authentication",
    printed: "authentication",
    decides: "how each peer proves who it is",
    choices: ISAKMP_AUTHENTICATIONS,
  },
  {
    attribute: "group",
    keyword: "group",
    printed: "group",
    decides: "the Diffie-Hellman group of the phase 1 key exchange",
  },
  {
    attribute: "lifetime",
    keyword: "lifetime",
    printed: "lifetime",
    decides:
      "how long the IKE SA lives before it is renegotiated (60 to 86400 seconds). An IKEv1 responder accepts a proposal whose lifetime is at most its own policy's and then uses the initiator's (the shorter); a longer one does not match that policy",
  },
];

/** Keyword aliases IOS accepts inside a policy. */
export const POLICY_KEYWORD_ALIASES: Readonly<Record<string, string>> = table({
  encr: "encryption",
  auth: "authentication",
});

/** Finds the meaning of a value of an attribute (`aes 256`, `md5`). */
export function policyChoice(
  attribute: keyof IsakmpAttributes,
  value: string,
): AttributeChoice | undefined {
  const facts = POLICY_ATTRIBUTES.find((a) => a.attribute === attribute);
  const v = value.trim().toLowerCase().replace(/\s+/g, " ");
  return facts?.choices?.find((c) => c.value === v);
}

/** The lifetimes (seconds) IOS accepts in a policy. */
export const ISAKMP_LIFETIME_RANGE = { min: 60, max: 86400 } as const;

/**
 * Policy values IOS does not take but other platforms write (the ASA's `aes-256`, `sha-256`,
 * a `pre-shared` for `pre-share`), with the IOS words they mean. `write` is a `String.replace`
 * pattern over the lower-case value.
 */
export const ISAKMP_SPELLINGS: Readonly<
  Partial<
    Record<
      keyof IsakmpAttributes,
      readonly { pattern: RegExp; write: string }[]
    >
  >
> = {
  encryption: [
    { pattern: /^aes-?128$/, write: "aes" },
    { pattern: /^aes-?(192|256)$/, write: "aes $1" },
    { pattern: /^(3?des)-cbc$/, write: "$1" },
  ],
  hash: [
    { pattern: /^sha-?1$/, write: "sha" },
    { pattern: /^sha-?2?-(256|384|512)$/, write: "sha$1" },
    { pattern: /^(md5|sha\d*)-hmac$/, write: "$1" },
  ],
  authentication: [
    { pattern: /^(pre-?shared?(-key)?|psk)$/, write: "pre-share" },
    { pattern: /^rsa-?sig(nature)?$|^certificates?$/, write: "rsa-sig" },
  ],
};

/** A policy line IOS refuses: the value as written, and the IOS spelling when one is known. */
export interface PolicyValueProblem {
  meant?: string;
  /** The values IOS takes, for the message. */
  accepted: string;
}

/**
 * Whether IOS refuses the value of a policy attribute, which then keeps its default. IKEv1's
 * ciphers and hashes are a closed list; an unknown authentication word is left unjudged unless
 * it is a known misspelling (releases differ there). `aes 128` is accepted and printed `aes`.
 */
export function policyValueProblem(
  attribute: keyof IsakmpAttributes,
  values: readonly string[],
): PolicyValueProblem | undefined {
  if (attribute === "group" || attribute === "lifetime") {
    const n = Number(values[0]);
    if (attribute === "group") {
      return Number.isInteger(n) && DH_GROUPS[n]
        ? undefined
        : { accepted: `groups ${Object.keys(DH_GROUPS).join(", ")}` };
    }
    return Number.isInteger(n) &&
      n >= ISAKMP_LIFETIME_RANGE.min &&
      n <= ISAKMP_LIFETIME_RANGE.max
      ? undefined
      : {
          meant: String(
            Number.isFinite(n) && n > ISAKMP_LIFETIME_RANGE.max
              ? ISAKMP_LIFETIME_RANGE.max
              : ISAKMP_LIFETIME_RANGE.min,
          ),
          accepted: `${ISAKMP_LIFETIME_RANGE.min} to ${ISAKMP_LIFETIME_RANGE.max} seconds`,
        };
  }
  const value =
    attribute === "encryption" ? values.slice(0, 2).join(" ") : values[0]!;
  if (
    policyChoice(attribute, value) ||
    (attribute === "encryption" && value === "aes 128")
  ) {
    return undefined;
  }
  const spelling = ISAKMP_SPELLINGS[attribute]?.find((s) =>
    s.pattern.test(values[0]!),
  );
  const choices = POLICY_ATTRIBUTES.find((a) => a.attribute === attribute)!
    .choices!.map((c) => c.value)
    .join(", ");
  if (spelling) {
    return {
      meant: values[0]!.replace(spelling.pattern, spelling.write),
      accepted: choices,
    };
  }
  return attribute === "authentication" ? undefined : { accepted: choices };
}
