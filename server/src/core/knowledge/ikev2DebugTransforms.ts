import { table } from "./table";

/**
 * The transform names `debug crypto ikev2` prints under `IKE Proposal:` and `ESP Proposal:`
 * (`AES-CBC   SHA256   SHA96   DH_GROUP_2048_MODP/Group 14`). An IKE proposal lists its
 * encryption, then its PRFs, then its integrity algorithms, then its Diffie-Hellman groups; the
 * same hash can appear twice (as PRF and as integrity). Groups are read by number from the
 * `DH_GROUP_..._MODP/Group N` form and explained by the DH group table.
 */

/** One transform name with what it is and the configuration keyword that offers it. */
export interface Ikev2DebugTransform {
  kind: "encryption" | "PRF or integrity" | "integrity" | "ESN";
  meaning: string;
}

/** Transform names as the debug prints them. */
export const IKEV2_DEBUG_TRANSFORMS: Readonly<
  Record<string, Ikev2DebugTransform>
> = table({
  "AES-CBC": {
    kind: "encryption",
    meaning:
      "AES in CBC mode. The key size is not printed: a proposal offering `aes-cbc-128 aes-cbc-192 aes-cbc-256` lists AES-CBC three times.",
  },
  "AES-GCM": {
    kind: "encryption",
    meaning:
      "AES in GCM mode, an AEAD cipher: it protects integrity itself, so its proposal carries no integrity algorithm (`encryption aes-gcm-128|256` with a `prf` line).",
  },
  "AES-CTR": {
    kind: "encryption",
    meaning: "AES in counter mode.",
  },
  "3DES": {
    kind: "encryption",
    meaning:
      "Triple DES (`encryption 3des`): a 64-bit block cipher that RFC 8247 says not to use; prefer AES.",
  },
  DES: {
    kind: "encryption",
    meaning: "Single DES (`encryption des`): broken, never use it.",
  },
  SHA512: {
    kind: "PRF or integrity",
    meaning:
      "SHA-512: as a PRF (the first group of hashes) or as HMAC-SHA-512 integrity (the second), from `prf sha512` or `integrity sha512`.",
  },
  SHA384: {
    kind: "PRF or integrity",
    meaning:
      "SHA-384: as a PRF or as HMAC-SHA-384 integrity (`prf sha384`, `integrity sha384`).",
  },
  SHA256: {
    kind: "PRF or integrity",
    meaning:
      "SHA-256: as a PRF or as HMAC-SHA-256 integrity (`prf sha256`, `integrity sha256`; `esp-sha256-hmac` in a transform set).",
  },
  SHA1: {
    kind: "PRF or integrity",
    meaning:
      "SHA-1 as the PRF (`prf sha1`, or the PRF IOS derives from `integrity sha1`). Still accepted by RFC 8247 as a PRF, but SHA-2 is preferred.",
  },
  MD5: {
    kind: "PRF or integrity",
    meaning:
      "MD5 as the PRF (`prf md5`, or derived from `integrity md5`): RFC 8247 says not to use it.",
  },
  SHA96: {
    kind: "integrity",
    meaning:
      "HMAC-SHA1-96 integrity (`integrity sha1`; `esp-sha-hmac` in a transform set): SHA-1 truncated to 96 bits.",
  },
  MD596: {
    kind: "integrity",
    meaning:
      "HMAC-MD5-96 integrity (`integrity md5`; `esp-md5-hmac` in a transform set): weak, RFC 8247 says not to use it.",
  },
  "Don't use ESN": {
    kind: "ESN",
    meaning:
      "Extended (64-bit) sequence numbers are not offered: the SA uses 32-bit ESP sequence numbers and must be rekeyed before they wrap.",
  },
  "Use ESN": {
    kind: "ESN",
    meaning:
      "Extended (64-bit) sequence numbers are offered, for SAs that carry more packets than 32-bit numbers allow between rekeys.",
  },
});

/**
 * The configuration keyword of a printed hash name where it is not the name in lower case: the
 * truncated integrity forms (`integrity sha1` prints SHA96, `integrity md5` MD596).
 */
export const IKEV2_DEBUG_KEYWORDS: Readonly<Record<string, string>> = table({
  SHA96: "sha1",
  MD596: "md5",
});
