import { table } from "./table";

/**
 * ISAKMP payload types (RFC 2408 section 3.1, NAT-D/NAT-OA from RFC 3947) and IKEv2 payloads
 * (RFC 7296 section 3.2), with the names IOS prints for them.
 */

/** One payload type. */
export interface PayloadInfo {
  /** The payload type number carried in `next payload` fields. */
  number: number;
  name: string;
  meaning: string;
}

/** IKEv1 payloads by their number. */
export const IKEV1_PAYLOADS: readonly PayloadInfo[] = [
  {
    number: 0,
    name: "NONE",
    meaning: "No further payload: this was the last one of the message.",
  },
  {
    number: 1,
    name: "SA",
    meaning:
      "Security Association: the proposals (phase 1: policy attributes; quick mode: transforms) offered or the one accepted.",
  },
  {
    number: 2,
    name: "PROPOSAL",
    meaning: "One proposal inside an SA payload.",
  },
  {
    number: 3,
    name: "TRANSFORM",
    meaning: "One transform (set of attributes) inside a proposal.",
  },
  {
    number: 4,
    name: "KE",
    meaning:
      "Key Exchange: the sender's Diffie-Hellman public value (phase 1, and quick mode when PFS is set).",
  },
  {
    number: 5,
    name: "ID",
    meaning:
      "Identification: in main mode the peer's identity (address, hostname or DN); in quick mode the proxy identities taken from the crypto ACL.",
  },
  {
    number: 6,
    name: "CERT",
    meaning: "Certificate: the sender's X.509 certificate.",
  },
  {
    number: 7,
    name: "CERT_REQ",
    meaning:
      "Certificate Request: asks the peer for its certificate, naming the accepted CA.",
  },
  {
    number: 8,
    name: "HASH",
    meaning:
      "Hash: proves knowledge of the keys. In main mode 5/6 it authenticates the peer with the pre-shared key; in quick mode it authenticates each message.",
  },
  {
    number: 9,
    name: "SIG",
    meaning:
      "Signature: RSA signature authentication, checked with the peer's certificate.",
  },
  {
    number: 10,
    name: "NONCE",
    meaning:
      "Nonce: a random value that makes the keys fresh and defeats replay.",
  },
  {
    number: 11,
    name: "NOTIFY",
    meaning:
      "Notification: an error or status report (for example PROPOSAL_NOT_CHOSEN or INITIAL_CONTACT).",
  },
  {
    number: 12,
    name: "DELETE",
    meaning: "Delete: the sender removed the SAs whose SPIs it lists.",
  },
  {
    number: 13,
    name: "VENDOR",
    meaning:
      "Vendor ID: announces capabilities such as Cisco unity, dead-peer detection or NAT traversal, and lets two IOS routers recognise each other.",
  },
  {
    number: 20,
    name: "NAT-D",
    meaning:
      "NAT Discovery: hashes of the addresses and ports each side sees; a mismatch reveals NAT on the path, and IKE moves to UDP 4500.",
  },
  {
    number: 21,
    name: "NAT-OA",
    meaning:
      "NAT Original Address: the address the sender had before NAT, for transport mode checksums.",
  },
];

/** IKEv2 payloads as IOS lists them in `Payload contents:`. */
export const IKEV2_PAYLOADS: readonly PayloadInfo[] = [
  {
    number: 33,
    name: "SA",
    meaning: "Security Association: the proposals offered or the one chosen.",
  },
  {
    number: 34,
    name: "KE",
    meaning: "Key Exchange: the sender's Diffie-Hellman public value.",
  },
  {
    number: 35,
    name: "IDi",
    meaning: "The initiator's identity.",
  },
  {
    number: 36,
    name: "IDr",
    meaning: "The responder's identity.",
  },
  { number: 37, name: "CERT", meaning: "A certificate of the sender." },
  {
    number: 38,
    name: "CERTREQ",
    meaning: "A request for the peer's certificate.",
  },
  {
    number: 39,
    name: "AUTH",
    meaning:
      "Authentication data: proof of the pre-shared key or a signature, checked by the peer.",
  },
  { number: 40, name: "N", meaning: "Nonce: fresh random data." },
  {
    number: 41,
    name: "NOTIFY",
    meaning: "Notification: an error or status report.",
  },
  { number: 42, name: "DELETE", meaning: "Deletes the listed SAs." },
  { number: 43, name: "VID", meaning: "Vendor ID: a capability announcement." },
  {
    number: 44,
    name: "TSi",
    meaning: "Traffic selectors of the initiator (its side of the crypto ACL).",
  },
  {
    number: 45,
    name: "TSr",
    meaning: "Traffic selectors of the responder.",
  },
  {
    number: 46,
    name: "SK",
    meaning:
      "Encrypted and authenticated payload that carries every payload after IKE_SA_INIT.",
  },
  {
    number: 47,
    name: "CFG",
    meaning: "Configuration: mode-config requests and replies.",
  },
  { number: 48, name: "EAP", meaning: "Extensible authentication." },
];

/** How IOS spells IKEv1 payloads in `processing X payload` lines, mapped to the table's names. */
const IKEV1_ALIASES: Readonly<Record<string, string>> = table({
  "CERT-REQ": "CERT_REQ",
  CERTREQ: "CERT_REQ",
  CR: "CERT_REQ",
  "VENDOR ID": "VENDOR",
  VID: "VENDOR",
  NATD: "NAT-D",
  "NAT-DISCOVERY": "NAT-D",
  NAT_D: "NAT-D",
  SIGNATURE: "SIG",
});

/** The IKEv1 payload named as IOS prints it (case-insensitive), if known. */
export function ikev1Payload(name: string): PayloadInfo | undefined {
  const upper = name.trim().toUpperCase();
  const key = IKEV1_ALIASES[upper] ?? upper;
  return IKEV1_PAYLOADS.find((p) => p.name === key);
}

/** The IKEv1 payload with this type number. */
export function ikev1PayloadByNumber(n: number): PayloadInfo | undefined {
  return IKEV1_PAYLOADS.find((p) => p.number === n);
}

/** The IKEv2 payload abbreviation (as in `Payload contents: SA KE N`), if known. */
export function ikev2Payload(name: string): PayloadInfo | undefined {
  return IKEV2_PAYLOADS.find((p) => p.name === name);
}

/** True for the payloads of certificate authentication (CERT, CERT_REQ, SIG), in any letter case. */
export function isCertificatePayload(name: string): boolean {
  const head = name.slice(0, 4).toUpperCase();
  return head === "CERT" || head.startsWith("SIG");
}
