import type { SecretType } from "../config/model";

/**
 * How IOS stores a key or password, by the type digit written before it. Hovers explain it; the
 * checks compare keys only where the type allows (0 and 7 can be read, 6 cannot).
 */

/** Facts about one storage type. */
export interface SecretTypeFacts {
  type: SecretType;
  /** The storage in a few words. */
  name: string;
  /** What it means for the engineer. */
  meaning: string;
}

/** The storage types of keys and passwords. */
export const SECRET_TYPES: Readonly<Record<SecretType, SecretTypeFacts>> = {
  0: {
    type: 0,
    name: "type 0, clear text",
    meaning:
      "stored as written; anyone who reads the config reads the key. `service password-encryption` shows passwords as type 7 but leaves pre-shared keys in clear; `password encryption aes` with `key config-key password-encrypt` stores keys as type 6",
  },
  6: {
    type: 6,
    name: "type 6, AES-encrypted",
    meaning:
      "encrypted with the router's master key (`key config-key password-encrypt`, `password encryption aes`); it cannot be read or compared outside that router, so check it against the peer's key by re-entering both",
  },
  5: {
    type: 5,
    name: "type 5, MD5 hash",
    meaning:
      "a salted MD5 hash of a password (`enable secret`, `username ... secret`); it cannot be read back, and MD5 is fast to brute-force, so prefer type 8 or 9",
  },
  8: {
    type: 8,
    name: "type 8, PBKDF2-SHA-256 hash",
    meaning: "a slow, salted hash of a password; it cannot be read back",
  },
  9: {
    type: 9,
    name: "type 9, scrypt hash",
    meaning:
      "a slow, memory-hard salted hash of a password; it cannot be read back",
  },
  7: {
    type: 7,
    name: "type 7, obfuscated",
    meaning:
      "a reversible scrambling (`service password-encryption`), not encryption: anyone can decode it, so treat it as clear text",
  },
};
