/**
 * Notify message types: IKEv1 (RFC 2408 section 3.14.1, IPsec DOI status types from RFC 2407
 * section 4.6.3, Cisco dead-peer detection from RFC 3706) and IKEv2 (RFC 7296 section 3.10.1).
 * IOS prints the names with underscores; some with its own spelling, listed as aliases.
 */

/** One notify type. */
export interface NotifyInfo {
  number: number;
  name: string;
  /** Error types end the exchange; status types only inform. */
  kind: "error" | "status";
  meaning: string;
  /** Other spellings IOS uses. */
  aliases?: readonly string[];
  /** What it says in one IKEv2 exchange, where that differs (the cause of a refusal depends on what the exchange negotiates). */
  inExchange?: Readonly<Partial<Record<NotifyExchange, string>>>;
}

/** The IKEv2 exchanges a notify's meaning may depend on (the capture model's exchange kinds). */
export type NotifyExchange = "ike-sa-init" | "ike-auth" | "create-child-sa";

/** The exchanges' names as RFC 7296 and the debug write them. */
const EXCHANGE_NAMES: Readonly<Record<NotifyExchange, string>> = {
  "ike-sa-init": "IKE_SA_INIT",
  "ike-auth": "IKE_AUTH",
  "create-child-sa": "CREATE_CHILD_SA",
};

/** IKEv1 notify types. */
export const IKEV1_NOTIFY_TYPES: readonly NotifyInfo[] = [
  {
    number: 1,
    name: "INVALID_PAYLOAD_TYPE",
    kind: "error",
    meaning: "The peer met a payload type it does not know.",
  },
  {
    number: 2,
    name: "DOI_NOT_SUPPORTED",
    kind: "error",
    meaning: "The domain of interpretation is not the IPsec DOI.",
  },
  {
    number: 3,
    name: "SITUATION_NOT_SUPPORTED",
    kind: "error",
    meaning: "The SA situation field is not supported.",
  },
  {
    number: 4,
    name: "INVALID_COOKIE",
    kind: "error",
    meaning:
      "The cookies (SPIs of the IKE SA) match no SA the peer knows, often after one side rebooted or cleared its SAs.",
  },
  {
    number: 5,
    name: "INVALID_MAJOR_VERSION",
    kind: "error",
    meaning: "The ISAKMP major version is not supported.",
  },
  {
    number: 6,
    name: "INVALID_MINOR_VERSION",
    kind: "error",
    meaning: "The ISAKMP minor version is not supported.",
  },
  {
    number: 7,
    name: "INVALID_EXCHANGE_TYPE",
    kind: "error",
    meaning:
      "The exchange type (main, aggressive, quick...) is refused, for example aggressive mode when the peer disabled it.",
  },
  {
    number: 8,
    name: "INVALID_FLAGS",
    kind: "error",
    meaning: "The header flags are not valid.",
  },
  {
    number: 9,
    name: "INVALID_MESSAGE_ID",
    kind: "error",
    meaning: "The message ID matches no exchange the peer knows.",
  },
  {
    number: 10,
    name: "INVALID_PROTOCOL_ID",
    kind: "error",
    meaning: "The protocol (ISAKMP, AH, ESP, IPComp) is not valid here.",
  },
  {
    number: 11,
    name: "INVALID_SPI",
    kind: "error",
    meaning:
      "The SPI matches no SA of the peer: it received traffic or a delete for an SA it no longer has.",
  },
  {
    number: 12,
    name: "INVALID_TRANSFORM_ID",
    kind: "error",
    meaning: "A transform ID is not supported.",
  },
  {
    number: 13,
    name: "ATTRIBUTES_NOT_SUPPORTED",
    kind: "error",
    meaning: "An attribute value is not supported.",
  },
  {
    number: 14,
    name: "NO_PROPOSAL_CHOSEN",
    kind: "error",
    meaning:
      "The peer accepted none of the proposals. In quick mode: transform set, proxy identities (crypto ACL not mirrored) or PFS group differ.",
    aliases: ["PROPOSAL_NOT_CHOSEN"],
  },
  {
    number: 15,
    name: "BAD_PROPOSAL_SYNTAX",
    kind: "error",
    meaning: "The proposal is malformed.",
  },
  {
    number: 16,
    name: "PAYLOAD_MALFORMED",
    kind: "error",
    meaning:
      "A payload could not be parsed; after main mode 5 this usually means the peer decrypted garbage because the pre-shared keys differ.",
  },
  {
    number: 17,
    name: "INVALID_KEY_INFORMATION",
    kind: "error",
    meaning: "The KE payload is not valid.",
  },
  {
    number: 18,
    name: "INVALID_ID_INFORMATION",
    kind: "error",
    meaning:
      "The identity is refused: in quick mode, the proxy identities match no crypto ACL of the peer.",
    aliases: ["INVALID_ID_INFO"],
  },
  {
    number: 19,
    name: "INVALID_CERT_ENCODING",
    kind: "error",
    meaning: "The certificate encoding is not supported.",
  },
  {
    number: 20,
    name: "INVALID_CERTIFICATE",
    kind: "error",
    meaning:
      "The certificate is invalid: expired, not yet valid, revoked, or signed by an untrusted CA.",
  },
  {
    number: 21,
    name: "CERT_TYPE_UNSUPPORTED",
    kind: "error",
    meaning: "The certificate type is not supported.",
  },
  {
    number: 22,
    name: "INVALID_CERT_AUTHORITY",
    kind: "error",
    meaning: "The certificate's CA is not trusted by the peer.",
  },
  {
    number: 23,
    name: "INVALID_HASH_INFORMATION",
    kind: "error",
    meaning: "The HASH did not verify: with pre-shared keys, the keys differ.",
    aliases: ["INVALID_HASH_INFO"],
  },
  {
    number: 24,
    name: "AUTHENTICATION_FAILED",
    kind: "error",
    meaning: "The peer could not authenticate this router.",
  },
  {
    number: 25,
    name: "INVALID_SIGNATURE",
    kind: "error",
    meaning: "The RSA signature did not verify.",
  },
  {
    number: 26,
    name: "ADDRESS_NOTIFICATION",
    kind: "error",
    meaning: "Address notification.",
  },
  {
    number: 27,
    name: "NOTIFY_SA_LIFETIME",
    kind: "error",
    meaning: "Reports the lifetime the peer applied.",
  },
  {
    number: 28,
    name: "CERTIFICATE_UNAVAILABLE",
    kind: "error",
    meaning: "The peer has no certificate to send.",
  },
  {
    number: 29,
    name: "UNSUPPORTED_EXCHANGE_TYPE",
    kind: "error",
    meaning: "The exchange type is not supported.",
  },
  {
    number: 30,
    name: "UNEQUAL_PAYLOAD_LENGTHS",
    kind: "error",
    meaning: "The payload lengths do not add up to the message length.",
  },
  {
    number: 16384,
    name: "CONNECTED",
    kind: "status",
    meaning: "The SA is up (status).",
  },
  {
    number: 24576,
    name: "RESPONDER_LIFETIME",
    kind: "status",
    meaning:
      "The responder applied a shorter lifetime than offered; both sides use it.",
  },
  {
    number: 24577,
    name: "REPLAY_STATUS",
    kind: "status",
    meaning: "Says whether the responder checks for replayed packets.",
  },
  {
    number: 24578,
    name: "INITIAL_CONTACT",
    kind: "status",
    meaning:
      "The sender has no other SA with this peer (for example after a reboot): the receiver deletes old SAs with it.",
  },
  {
    number: 36136,
    name: "R_U_THERE",
    kind: "status",
    meaning: "Dead-peer detection probe: are you alive?",
    aliases: ["R-U-THERE"],
  },
  {
    number: 36137,
    name: "R_U_THERE_ACK",
    kind: "status",
    meaning: "Dead-peer detection answer: the peer is alive.",
    aliases: ["R-U-THERE-ACK"],
  },
];

/** IKEv2 notify types. */
export const IKEV2_NOTIFY_TYPES: readonly NotifyInfo[] = [
  {
    number: 4,
    name: "INVALID_IKE_SPI",
    kind: "error",
    meaning: "The IKE SPI matches no SA of the peer.",
  },
  {
    number: 7,
    name: "INVALID_SYNTAX",
    kind: "error",
    meaning: "The message was malformed or failed integrity checks.",
  },
  {
    number: 9,
    name: "INVALID_MESSAGE_ID",
    kind: "error",
    meaning: "The message ID is out of the window the peer expects.",
  },
  {
    number: 11,
    name: "INVALID_SPI",
    kind: "error",
    meaning: "An ESP or AH SPI matches no SA of the peer.",
  },
  {
    number: 14,
    name: "NO_PROPOSAL_CHOSEN",
    kind: "error",
    meaning: "The responder accepted none of the proposals offered.",
    inExchange: {
      "ike-sa-init":
        "the IKEv2 proposals (encryption, integrity, PRF, DH group) share no combination, so no IKE SA is made.",
      "ike-auth":
        "the IKE SA is up, but the child SA is refused: the IPsec transforms (transform sets) share none, or, on some releases, the traffic selectors (crypto ACLs) do not match. PFS is not a cause here: the first child SA comes with IKE_AUTH, which carries no key exchange, so a PFS mismatch shows only at the first rekey.",
      "create-child-sa":
        "the IPsec transforms of the new or rekeyed child SA share none, or the PFS group (the key exchange of this exchange) differs.",
    },
  },
  {
    number: 17,
    name: "INVALID_KE_PAYLOAD",
    kind: "error",
    meaning:
      "The DH group of the KE payload is not the one the responder wants; the initiator retries with the group named.",
  },
  {
    number: 24,
    name: "AUTHENTICATION_FAILED",
    kind: "error",
    meaning:
      "The AUTH payload did not verify: pre-shared keys differ or the certificate is refused.",
  },
  {
    number: 34,
    name: "SINGLE_PAIR_REQUIRED",
    kind: "error",
    meaning: "The responder accepts only one pair of traffic selectors.",
  },
  {
    number: 35,
    name: "NO_ADDITIONAL_SAS",
    kind: "error",
    meaning: "The responder will not create more child SAs on this IKE SA.",
  },
  {
    number: 36,
    name: "INTERNAL_ADDRESS_FAILURE",
    kind: "error",
    meaning: "No address could be assigned to the client.",
  },
  {
    number: 37,
    name: "FAILED_CP_REQUIRED",
    kind: "error",
    meaning: "A configuration payload was required but missing.",
  },
  {
    number: 38,
    name: "TS_UNACCEPTABLE",
    kind: "error",
    meaning:
      "The traffic selectors (crypto ACL) match nothing the responder allows: the ACLs are not mirror images.",
  },
  {
    number: 39,
    name: "INVALID_SELECTORS",
    kind: "error",
    meaning: "A packet arrived on an SA whose selectors do not cover it.",
  },
  {
    number: 44,
    name: "CHILD_SA_NOT_FOUND",
    kind: "error",
    meaning: "The child SA to rekey does not exist at the peer.",
  },
  {
    number: 16384,
    name: "INITIAL_CONTACT",
    kind: "status",
    meaning:
      "The sender has no other IKE SA with this peer: old ones can be deleted.",
  },
  {
    number: 16385,
    name: "SET_WINDOW_SIZE",
    kind: "status",
    meaning:
      "How many requests the sender can handle at once (its IKE window); without it the window is 1.",
  },
  {
    number: 16388,
    name: "NAT_DETECTION_SOURCE_IP",
    kind: "status",
    meaning: "Hash of the sender's address and port, to detect NAT.",
  },
  {
    number: 16389,
    name: "NAT_DETECTION_DESTINATION_IP",
    kind: "status",
    meaning: "Hash of the address and port the sender sent to, to detect NAT.",
  },
  {
    number: 16390,
    name: "COOKIE",
    kind: "status",
    meaning: "Anti-DoS cookie the initiator must echo.",
  },
  {
    number: 16391,
    name: "USE_TRANSPORT_MODE",
    kind: "status",
    meaning:
      "The sender asks for the child SA in transport mode; a responder that agrees sends it back, else the SA is in tunnel mode.",
  },
  {
    number: 16393,
    name: "REKEY_SA",
    kind: "status",
    meaning: "This CREATE_CHILD_SA rekeys an existing SA.",
  },
  {
    number: 16394,
    name: "ESP_TFC_PADDING_NOT_SUPPORTED",
    aliases: ["ESP_TFC_NO_SUPPORT"],
    kind: "status",
    meaning: "The sender does not accept traffic-flow-confidentiality padding.",
  },
  {
    number: 16395,
    name: "NON_FIRST_FRAGMENTS_ALSO",
    aliases: ["NON_FIRST_FRAGS"],
    kind: "status",
    meaning: "Non-first fragments may use this SA.",
  },
  {
    number: 16430,
    name: "IKEV2_FRAGMENTATION_SUPPORTED",
    kind: "status",
    meaning: "The sender supports IKEv2 fragmentation.",
  },
];

function findIn(
  table: readonly NotifyInfo[],
  name: string,
): NotifyInfo | undefined {
  const key = name.toUpperCase().replace(/-/g, "_");
  return table.find(
    (n) =>
      n.name === key || n.aliases?.some((a) => a.replace(/-/g, "_") === key),
  );
}

/** The IKEv1 notify type named as IOS prints it, if known. */
export function ikev1Notify(name: string): NotifyInfo | undefined {
  return findIn(IKEV1_NOTIFY_TYPES, name);
}

/** The IKEv2 notify type named as IOS prints it, if known. */
export function ikev2Notify(name: string): NotifyInfo | undefined {
  return findIn(IKEV2_NOTIFY_TYPES, name);
}

/** What a notify type means, in the named IKEv2 exchange when given, else in each it names. */
export function notifyMeaning(info: NotifyInfo, exchange?: string): string {
  const specific = info.inExchange;
  if (!specific) {
    return info.meaning;
  }
  const own = exchange ? specific[exchange as NotifyExchange] : undefined;
  if (own) {
    return `${info.meaning} In ${EXCHANGE_NAMES[exchange as NotifyExchange]}, ${own}`;
  }
  const each = (Object.keys(specific) as NotifyExchange[]).map(
    (kind) => `In ${EXCHANGE_NAMES[kind]}, ${specific[kind]}`,
  );
  return [info.meaning, ...each].join(" ");
}

/**
 * The protocol id a notify names with its SPI (`protocol 3 spi N`): the IPsec DOI's for IKEv1
 * (RFC 2407 section 4.4.1) and IKEv2's (RFC 7296 section 3.3.1) agree on 1 to 3.
 */
export const NOTIFY_PROTOCOLS: ReadonlyMap<
  number,
  { name: string; meaning: string }
> = new Map([
  [
    1,
    {
      name: "IKE",
      meaning:
        "the IKE SA itself (PROTO_ISAKMP in IKEv1): the SPI field is empty or holds its cookies",
    },
  ],
  [
    2,
    {
      name: "AH",
      meaning: "an IPsec SA of AH: the SPI that follows is that SA's",
    },
  ],
  [
    3,
    {
      name: "ESP",
      meaning:
        "an IPsec SA of ESP (the child SA in IKEv2): the SPI that follows is that SA's. For a refused proposal it is the SPI the proposal offered, whose half-built SA the initiator then deletes (`deleting spi`)",
    },
  ],
  [
    4,
    {
      name: "IPComp",
      meaning: "an IP compression SA (IKEv1 only)",
    },
  ],
]);
