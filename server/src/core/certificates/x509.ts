import { X509Certificate } from "node:crypto";
import {
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
} from "../knowledge/signatureAlgorithms";

/**
 * Reads the certificates a running config prints in hex under `crypto pki certificate chain`.
 * Node's own X.509 reader does the decoding (it is OpenSSL's); this module only turns the hex
 * into DER, says precisely why a block does not decode (a cut paste is the usual reason), and
 * reads the one field Node 20 does not expose: the signature algorithm.
 */

/** What a certificate says, in the terms `show crypto pki certificates` uses. */
export interface CertificateDetails {
  /** The subject DN in the certificate's order, as `CN=..., OU=..., O=...`. */
  subject: string;
  /** The issuer DN, written the same way. */
  issuer: string;
  /** The serial number in hex, upper case. */
  serial: string;
  /** Validity, in milliseconds since the epoch (UTC). */
  notBefore: number;
  notAfter: number;
  /** True when its basic constraints make it a CA. */
  isCa: boolean;
  /** The public key: `rsa`, `ec`... with its size in bits when known. */
  keyType: string;
  keyBits?: number;
  /** The signature algorithm, when the table knows its identifier. */
  signature?: SignatureAlgorithm;
  /** The signature algorithm's object identifier, dotted. */
  signatureOid?: string;
  /** Subject alternative names as `DNS:host`, `IP Address:192.0.2.1`. */
  altNames: string[];
  /** SHA-1 fingerprint, colon-separated hex (what `show crypto pki certificates` calls Fingerprint SHA1). */
  sha1: string;
  /** Node's certificate, to check who issued whom. */
  x509: X509Certificate;
}

/** A decoded certificate, or why its hex does not decode. */
export type DecodedCertificate =
  { ok: true; details: CertificateDetails } | { ok: false; problem: string };

/** The hex digits of lines, or the first character that is not one. */
export function hexOfLines(lines: readonly string[]): {
  hex: string;
  bad?: string;
} {
  let hex = "";
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9) {
        continue;
      }
      const isHex =
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
      if (!isHex) {
        return { hex, bad: line.trim() };
      }
    }
    hex += line.replace(/[ \t]+/g, "");
  }
  return { hex };
}

/** Decodes a certificate's hex (IOS prints DER as 8-digit words). Never throws. */
export function decodeCertificateHex(hex: string): DecodedCertificate {
  if (!hex.length) {
    return { ok: false, problem: "the certificate has no hex lines" };
  }
  if (hex.length % 2) {
    return {
      ok: false,
      problem: `the hex has an odd number of digits (${hex.length}): a digit is missing`,
    };
  }
  const der = Buffer.from(hex, "hex");
  const outer = derHeader(der, 0);
  if (!outer || der[0] !== 0x30) {
    return {
      ok: false,
      problem: "the hex does not start like a certificate (a DER SEQUENCE)",
    };
  }
  const declared = outer.contentStart + outer.length;
  if (declared > der.length) {
    return {
      ok: false,
      problem: `the certificate is cut: it declares ${declared} bytes and its lines hold ${der.length}`,
    };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der.subarray(0, declared));
  } catch {
    return {
      ok: false,
      problem: "the bytes do not decode as an X.509 certificate",
    };
  }
  const notBefore = Date.parse(x509.validFrom);
  const notAfter = Date.parse(x509.validTo);
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) {
    return { ok: false, problem: "its validity dates do not read" };
  }
  const oid = signatureOid(der);
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails;
  return {
    ok: true,
    details: {
      subject: dnText(x509.subject),
      issuer: dnText(x509.issuer),
      serial: x509.serialNumber.toUpperCase(),
      notBefore,
      notAfter,
      isCa: x509.ca,
      keyType: key.asymmetricKeyType ?? "unknown",
      keyBits:
        details?.modulusLength ??
        (details?.namedCurve ? curveBits(details.namedCurve) : undefined),
      signature: oid === undefined ? undefined : SIGNATURE_ALGORITHMS.get(oid),
      signatureOid: oid,
      altNames: x509.subjectAltName ? x509.subjectAltName.split(/,\s*/) : [],
      sha1: x509.fingerprint,
      x509,
    },
  };
}

/** True when `ca` issued `cert`: names chain and the signature verifies with the CA's key. */
export function issuedBy(
  cert: CertificateDetails,
  ca: CertificateDetails,
): boolean {
  try {
    return (
      cert.x509.checkIssued(ca.x509) && cert.x509.verify(ca.x509.publicKey)
    );
  } catch {
    return false;
  }
}

/** Node prints a DN one attribute per line; IOS and people write it on one line. */
function dnText(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

/** Bits of the named curves IKE uses. */
function curveBits(curve: string): number | undefined {
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : undefined;
}

/** A DER tag's length and where its content starts, or undefined when the bytes end first. */
function derHeader(
  der: Uint8Array,
  at: number,
): { length: number; contentStart: number } | undefined {
  if (at + 2 > der.length) {
    return undefined;
  }
  const first = der[at + 1]!;
  if (first < 0x80) {
    return { length: first, contentStart: at + 2 };
  }
  const count = first & 0x7f;
  if (count === 0 || count > 4 || at + 2 + count > der.length) {
    return undefined;
  }
  let length = 0;
  for (let i = 0; i < count; i++) {
    length = length * 256 + der[at + 2 + i]!;
  }
  return { length, contentStart: at + 2 + count };
}

/**
 * The outer signatureAlgorithm's identifier: Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm SEQUENCE { OID, ... }, signature }.
 */
function signatureOid(der: Uint8Array): string | undefined {
  const outer = derHeader(der, 0);
  const tbs = outer && derHeader(der, outer.contentStart);
  const algorithmAt = tbs && tbs.contentStart + tbs.length;
  const algorithm =
    algorithmAt !== undefined ? derHeader(der, algorithmAt) : undefined;
  if (!algorithm || der[algorithm.contentStart] !== 0x06) {
    return undefined;
  }
  const oid = derHeader(der, algorithm.contentStart);
  if (!oid || oid.contentStart + oid.length > der.length) {
    return undefined;
  }
  const bytes = der.subarray(oid.contentStart, oid.contentStart + oid.length);
  if (!bytes.length) {
    return undefined;
  }
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}
