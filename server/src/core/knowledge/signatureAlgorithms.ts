/**
 * The signature algorithms a certificate names (its `signatureAlgorithm`), by object identifier
 * (RFC 3279, RFC 4055, RFC 5758). A peer that refuses weak hashes refuses a certificate signed
 * with one, and a forged MD5 or SHA-1 signature is within reach, so those are flagged.
 */
export interface SignatureAlgorithm {
  /** The name OpenSSL and `show crypto pki certificates verbose` print. */
  name: string;
  /** The hash inside it. */
  hash: string;
  /** Why the hash no longer protects a certificate, when it does not. */
  weakness?: string;
}

/** Signature algorithms by dotted object identifier. */
export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> =
  new Map([
    [
      "1.2.840.113549.1.1.4",
      {
        name: "md5WithRSAEncryption",
        hash: "MD5",
        weakness: "MD5 collisions are found in seconds",
      },
    ],
    [
      "1.2.840.113549.1.1.5",
      {
        name: "sha1WithRSAEncryption",
        hash: "SHA-1",
        weakness:
          "SHA-1 collisions are practical (chosen-prefix since 2020), and current IOS XE and most peers distrust SHA-1 signatures",
      },
    ],
    [
      "1.2.840.113549.1.1.11",
      { name: "sha256WithRSAEncryption", hash: "SHA-256" },
    ],
    [
      "1.2.840.113549.1.1.12",
      { name: "sha384WithRSAEncryption", hash: "SHA-384" },
    ],
    [
      "1.2.840.113549.1.1.13",
      { name: "sha512WithRSAEncryption", hash: "SHA-512" },
    ],
    ["1.2.840.113549.1.1.10", { name: "rsassaPss", hash: "RSA-PSS" }],
    [
      "1.2.840.10045.4.1",
      {
        name: "ecdsa-with-SHA1",
        hash: "SHA-1",
        weakness: "SHA-1 collisions are practical (chosen-prefix since 2020)",
      },
    ],
    ["1.2.840.10045.4.3.2", { name: "ecdsa-with-SHA256", hash: "SHA-256" }],
    ["1.2.840.10045.4.3.3", { name: "ecdsa-with-SHA384", hash: "SHA-384" }],
    ["1.2.840.10045.4.3.4", { name: "ecdsa-with-SHA512", hash: "SHA-512" }],
  ]);

/** The smallest RSA modulus, in bits, that still protects an IKE identity (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;
