import { table } from "./table";

/**
 * IKE attributes as `debug crypto isakmp` lists them when it checks a proposal: phase 1
 * (RFC 2409 appendix A) and quick mode (RFC 2407 section 4.5). Each value knows the word the
 * config uses for it, so a diagnostic can turn an offered value into the command that accepts it.
 */

/** One value of an attribute. */
export interface AttributeValue {
  /** How the debug prints it. */
  debug: string;
  /** The config keyword (`crypto isakmp policy` or transform set), when there is one. */
  config?: string;
  meaning: string;
}

/** An attribute line of a proposal. */
export interface AttributeInfo {
  /** Stable key: encryption, hash, auth, group, keylength, lifetype, lifeduration, encaps, authenticator, pfs-group. */
  key: string;
  phase: 1 | 2;
  /** Matches the message after `ISAKMP:` (trimmed); group 1 is the value. */
  pattern: RegExp;
  /** What the attribute decides. */
  meaning: string;
  /** The policy command this attribute comes from. */
  command: string;
  values?: readonly AttributeValue[];
}

const ENCRYPTION: readonly AttributeValue[] = [
  {
    debug: "DES-CBC",
    config: "des",
    meaning: "DES, 56-bit keys: broken, use AES.",
  },
  {
    debug: "3DES-CBC",
    config: "3des",
    meaning: "Triple DES, 168-bit keys: legacy.",
  },
  {
    debug: "AES-CBC",
    config: "aes",
    meaning:
      "AES in CBC mode; the key length follows on its own line (128 when absent).",
  },
  { debug: "IDEA-CBC", meaning: "IDEA (not offered by IOS)." },
  { debug: "BLOWFISH-CBC", meaning: "Blowfish (not offered by IOS)." },
  { debug: "CAST-CBC", meaning: "CAST (not offered by IOS)." },
];

const HASH: readonly AttributeValue[] = [
  { debug: "MD5", config: "md5", meaning: "MD5 (`hash md5`): weak." },
  {
    debug: "SHA",
    config: "sha",
    meaning: "SHA-1 (`hash sha`, the IOS default).",
  },
  { debug: "SHA256", config: "sha256", meaning: "SHA-256 (`hash sha256`)." },
  { debug: "SHA384", config: "sha384", meaning: "SHA-384 (`hash sha384`)." },
  { debug: "SHA512", config: "sha512", meaning: "SHA-512 (`hash sha512`)." },
];

const AUTH: readonly AttributeValue[] = [
  {
    debug: "pre-share",
    config: "pre-share",
    meaning: "Pre-shared keys (`authentication pre-share`).",
  },
  {
    debug: "RSA sig",
    config: "rsa-sig",
    meaning:
      "RSA signatures with certificates (`authentication rsa-sig`, the IOS default).",
  },
  {
    debug: "RSA encr",
    config: "rsa-encr",
    meaning: "RSA encrypted nonces (`authentication rsa-encr`).",
  },
  {
    debug: "XAUTHInitPreShared",
    config: "pre-share",
    meaning: "Pre-shared keys plus Xauth user authentication (remote access).",
  },
];

const GROUP_MEANING: Readonly<Record<string, string>> = table({
  "1": "768-bit MODP: broken.",
  "2": "1024-bit MODP: weak.",
  "5": "1536-bit MODP: weak.",
  "14": "2048-bit MODP.",
  "15": "3072-bit MODP.",
  "16": "4096-bit MODP.",
  "19": "256-bit elliptic curve.",
  "20": "384-bit elliptic curve.",
  "21": "521-bit elliptic curve.",
  "24": "2048-bit MODP with 256-bit prime-order subgroup.",
});

const GROUPS: readonly AttributeValue[] = Object.keys(GROUP_MEANING).map(
  (g) => ({
    debug: g,
    config: g,
    meaning: `Diffie-Hellman group ${g}: ${GROUP_MEANING[g]}`,
  }),
);

const LIFE_TYPES: readonly AttributeValue[] = [
  { debug: "seconds", meaning: "The next life duration counts seconds." },
  {
    debug: "kilobytes",
    meaning: "The next life duration counts kilobytes of traffic.",
  },
];

const ENCAPS: readonly AttributeValue[] = [
  {
    debug: "1",
    config: "tunnel",
    meaning:
      "Tunnel mode: the whole original packet is encrypted inside a new IP header (`mode tunnel`, the default).",
  },
  {
    debug: "2",
    config: "transport",
    meaning:
      "Transport mode: only the payload is protected (`mode transport`).",
  },
  {
    debug: "3",
    config: "tunnel",
    meaning: "UDP-encapsulated tunnel mode (NAT traversal, RFC 3947).",
  },
  {
    debug: "4",
    config: "transport",
    meaning: "UDP-encapsulated transport mode (NAT traversal, RFC 3947).",
  },
  {
    debug: "61443",
    config: "tunnel",
    meaning: "UDP-encapsulated tunnel mode, pre-standard NAT traversal draft.",
  },
  {
    debug: "61444",
    config: "transport",
    meaning:
      "UDP-encapsulated transport mode, pre-standard NAT traversal draft.",
  },
];

const AUTHENTICATORS: readonly AttributeValue[] = [
  {
    debug: "HMAC-MD5",
    config: "esp-md5-hmac",
    meaning: "ESP integrity with HMAC-MD5 (`esp-md5-hmac`).",
  },
  {
    debug: "HMAC-SHA",
    config: "esp-sha-hmac",
    meaning: "ESP integrity with HMAC-SHA-1 (`esp-sha-hmac`).",
  },
  {
    debug: "HMAC-SHA256",
    config: "esp-sha256-hmac",
    meaning: "ESP integrity with HMAC-SHA-256 (`esp-sha256-hmac`).",
  },
  {
    debug: "HMAC-SHA384",
    config: "esp-sha384-hmac",
    meaning: "ESP integrity with HMAC-SHA-384.",
  },
  {
    debug: "HMAC-SHA512",
    config: "esp-sha512-hmac",
    meaning: "ESP integrity with HMAC-SHA-512.",
  },
];

/** Attribute lines, phase 1 first. Order matters: `SA life ...` must be tried before `life ...`. */
export const IKE_ATTRIBUTES: readonly AttributeInfo[] = [
  {
    key: "sa-lifetype",
    phase: 2,
    pattern: /^SA life type in (\S+)/,
    meaning: "Unit of the IPsec SA lifetime that follows.",
    command: "set security-association lifetime",
    values: LIFE_TYPES,
  },
  {
    key: "sa-lifeduration",
    phase: 2,
    pattern: /^SA life duration \((?:VPI|basic)\) of (.+)$/,
    meaning:
      "IPsec SA lifetime offered (seconds or kilobytes, per the type line above). IOS defaults: 3600 seconds and 4608000 kilobytes.",
    command: "set security-association lifetime",
  },
  {
    key: "encryption",
    phase: 1,
    pattern: /^encryption (\S+)/,
    meaning: "Phase 1 encryption algorithm of the offered policy.",
    command: "encryption",
    values: ENCRYPTION,
  },
  {
    key: "keylength",
    phase: 1,
    pattern: /^keylength of (\d+)/,
    meaning: "AES key length in bits of the offered policy.",
    command: "encryption aes",
  },
  {
    key: "hash",
    phase: 1,
    pattern: /^hash (\S+)/,
    meaning: "Phase 1 hash (integrity and PRF) of the offered policy.",
    command: "hash",
    values: HASH,
  },
  {
    key: "group",
    phase: 1,
    pattern: /^(?:default )?group (\d+)/,
    meaning: "Diffie-Hellman group of the offered policy (`group`).",
    command: "group",
    values: GROUPS,
  },
  {
    key: "auth",
    phase: 1,
    pattern: /^auth (.*)$/,
    meaning: "Authentication method of the offered policy.",
    command: "authentication",
    values: AUTH,
  },
  {
    key: "lifetype",
    phase: 1,
    pattern: /^life type in (\S+)/,
    meaning: "Unit of the phase 1 lifetime that follows.",
    command: "lifetime",
    values: LIFE_TYPES,
  },
  {
    key: "lifeduration",
    phase: 1,
    pattern: /^life duration \((?:VPI|basic)\) of (.+)$/,
    meaning: "Phase 1 lifetime offered (`lifetime`, default 86400 seconds).",
    command: "lifetime",
  },
  {
    key: "encaps",
    phase: 2,
    pattern: /^encaps is (\d+)/,
    meaning: "Encapsulation mode of the offered transform.",
    command: "mode",
    values: ENCAPS,
  },
  {
    key: "authenticator",
    phase: 2,
    pattern: /^authenticator is (\S+)/,
    meaning: "Integrity algorithm of the offered transform.",
    command: "crypto ipsec transform-set",
    values: AUTHENTICATORS,
  },
  {
    key: "ipsec-keylength",
    phase: 2,
    pattern: /^key length is (\d+)/,
    meaning: "Key length in bits of the offered ESP cipher.",
    command: "crypto ipsec transform-set",
  },
  {
    key: "pfs-group",
    phase: 2,
    pattern: /^group is (\d+)/,
    meaning:
      "PFS: the quick mode carries a fresh Diffie-Hellman exchange in this group (`set pfs`). Both crypto maps must agree.",
    command: "set pfs",
    values: GROUPS,
  },
];

/** Quick mode transform IDs (`transform 1, ESP_DES`) and the transform-set words they come from. */
export const IPSEC_TRANSFORM_IDS: Readonly<Record<string, AttributeValue>> =
  table({
    ESP_DES: {
      debug: "ESP_DES",
      config: "esp-des",
      meaning: "ESP with DES encryption (`esp-des`).",
    },
    ESP_3DES: {
      debug: "ESP_3DES",
      config: "esp-3des",
      meaning: "ESP with triple DES (`esp-3des`).",
    },
    ESP_AES: {
      debug: "ESP_AES",
      config: "esp-aes",
      meaning: "ESP with AES-CBC (`esp-aes`); the key length is an attribute.",
    },
    ESP_GCM: {
      debug: "ESP_GCM",
      config: "esp-gcm",
      meaning: "ESP with AES-GCM (`esp-gcm`), encryption and integrity in one.",
    },
    ESP_NULL: {
      debug: "ESP_NULL",
      config: "esp-null",
      meaning: "ESP without encryption (`esp-null`): integrity only.",
    },
    ESP_SEAL: {
      debug: "ESP_SEAL",
      config: "esp-seal",
      meaning: "ESP with SEAL encryption (`esp-seal`).",
    },
    AH_MD5: {
      debug: "AH_MD5",
      config: "ah-md5-hmac",
      meaning: "AH with HMAC-MD5 (`ah-md5-hmac`).",
    },
    AH_SHA: {
      debug: "AH_SHA",
      config: "ah-sha-hmac",
      meaning: "AH with HMAC-SHA-1 (`ah-sha-hmac`).",
    },
  });

/**
 * Decodes a variable-length attribute value: IOS prints it as bytes in hex
 * (`0x0 0x1 0x51 0x80`), most significant first, or as a plain number for basic attributes.
 */
export function decodeAttributeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const bytes = trimmed.split(/\s+/);
  if (!bytes.length || bytes.length > 8) {
    return undefined;
  }
  let value = 0;
  for (const b of bytes) {
    if (!/^0x[0-9a-f]{1,2}$/i.test(b)) {
      return undefined;
    }
    value = value * 256 + parseInt(b.slice(2), 16);
  }
  return value;
}

/** The attribute a debug message (after `ISAKMP:`) lists, with its value, if it is one. */
export function matchAttribute(
  message: string,
): { info: AttributeInfo; value: string; valueStart: number } | undefined {
  const text = message.trimStart();
  const offset = message.length - text.length;
  for (const info of IKE_ATTRIBUTES) {
    const m = info.pattern.exec(text);
    if (m && m[1] !== undefined) {
      return {
        info,
        value: m[1],
        valueStart: offset + m.index + m[0].lastIndexOf(m[1]),
      };
    }
  }
  return undefined;
}

/** The known value of an attribute (case-insensitive), if listed. */
export function attributeValue(
  info: AttributeInfo,
  value: string,
): AttributeValue | undefined {
  const v = value.trim().toLowerCase();
  return info.values?.find((x) => x.debug.toLowerCase() === v);
}
