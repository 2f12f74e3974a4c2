import { table } from "./table";

/**
 * The IKEv1 state machine as `debug crypto isakmp` prints it (`Old State = X New State = Y`). One
 * entry per state: where it sits in which exchange, who sent what to reach it, and what comes next.
 */

/** What a state of the IKEv1 machine means. */
export interface IsakmpStateInfo {
  /** 1 for main/aggressive mode, 2 for quick mode, 0 for states outside an exchange. */
  phase: 0 | 1 | 2;
  exchange: "main" | "aggressive" | "quick" | "none";
  role?: "initiator" | "responder";
  /** The message of the exchange the state stands after, when it names one. */
  message?: number;
  /** What has happened when the machine is in this state. */
  meaning: string;
  /** What the router waits for or does next. */
  next: string;
}

/** Every IKEv1 state IOS prints, by name. */
export const ISAKMP_STATES: Readonly<Record<string, IsakmpStateInfo>> = table({
  IKE_READY: {
    phase: 0,
    exchange: "none",
    meaning:
      "No phase 1 negotiation is running for this SA. A failed negotiation also falls back here.",
    next: "IPsec asks for an SA (traffic matched a crypto ACL), or a peer sends main mode message 1.",
  },
  IKE_I_MM1: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 1,
    meaning:
      "Main mode 1/6: this router (initiator) sends an SA payload that offers one proposal per `crypto isakmp policy`.",
    next: "Message 2 from the responder with the one proposal it accepted. No answer at all usually means UDP 500 is blocked, the peer has no route back, or the peer rejected every proposal.",
  },
  IKE_I_MM2: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 2,
    meaning:
      "Main mode 2/6 received: the responder accepted one of the proposals (encryption, hash, authentication, DH group, lifetime).",
    next: "This router sends message 3: its Diffie-Hellman public value (KE) and a nonce.",
  },
  IKE_I_MM3: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 3,
    meaning:
      "Main mode 3/6 sent: the initiator's Diffie-Hellman public value (KE) and nonce.",
    next: "Message 4: the responder's KE and nonce.",
  },
  IKE_I_MM4: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 4,
    meaning:
      "Main mode 4/6 received: the responder's KE and nonce. Both sides can now compute the shared secret and SKEYID keying material.",
    next: "This router sends message 5, encrypted: its identity (ID) and proof of the key or certificate (HASH, or CERT + SIG).",
  },
  IKE_I_MM5: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 5,
    meaning:
      "Main mode 5/6 sent: identity and authentication, encrypted with keys derived from the pre-shared key or checked with certificates.",
    next: "Message 6 from the responder. A malformed reply or an unauthenticated notify here means authentication failed: pre-shared keys differ, or the peer rejected the certificate.",
  },
  IKE_I_MM6: {
    phase: 1,
    exchange: "main",
    role: "initiator",
    message: 6,
    meaning:
      "Main mode 6/6 received: the responder's identity and HASH checked out, so the peer is authenticated.",
    next: "IKE_P1_COMPLETE.",
  },
  IKE_R_MM1: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 1,
    meaning:
      "Main mode 1/6 received: the initiator's proposals. This router (responder) checks them against its policies, highest priority (lowest number) first.",
    next: "Message 2 with the accepted proposal; if none matches, the negotiation ends (`no offers accepted`).",
  },
  IKE_R_MM2: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 2,
    meaning: "Main mode 2/6 sent: the proposal this responder accepted.",
    next: "Message 3: the initiator's KE and nonce.",
  },
  IKE_R_MM3: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 3,
    meaning: "Main mode 3/6 received: the initiator's KE and nonce.",
    next: "This router sends message 4 with its own KE and nonce.",
  },
  IKE_R_MM4: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 4,
    meaning:
      "Main mode 4/6 sent: the responder's KE and nonce; the shared secret is computed.",
    next: "Message 5: the initiator's encrypted identity and HASH (or certificate and signature).",
  },
  IKE_R_MM5: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 5,
    meaning:
      "Main mode 5/6 received: the initiator's identity and authentication, which this router now verifies.",
    next: "Message 6 with its own identity and HASH; a bad key or certificate makes it send a notify instead.",
  },
  IKE_R_MM6: {
    phase: 1,
    exchange: "main",
    role: "responder",
    message: 6,
    meaning:
      "Main mode 6/6 sent: the responder's identity and HASH; the initiator is authenticated.",
    next: "IKE_P1_COMPLETE.",
  },
  IKE_I_AM1: {
    phase: 1,
    exchange: "aggressive",
    role: "initiator",
    message: 1,
    meaning:
      "Aggressive mode 1/3 sent: proposals, KE, nonce and identity in one clear-text message.",
    next: "Message 2 from the responder with its choice, KE, nonce, identity and HASH.",
  },
  IKE_I_AM2: {
    phase: 1,
    exchange: "aggressive",
    role: "initiator",
    message: 2,
    meaning:
      "Aggressive mode 2/3 received: the responder's accepted proposal, KE, nonce, identity and HASH.",
    next: "This router sends message 3 with its HASH.",
  },
  IKE_R_AM1: {
    phase: 1,
    exchange: "aggressive",
    role: "responder",
    message: 1,
    meaning:
      "Aggressive mode 1/3 received: proposals, KE, nonce and identity of the initiator.",
    next: "Message 2 with the accepted proposal and this router's KE, nonce, identity and HASH.",
  },
  IKE_R_AM2: {
    phase: 1,
    exchange: "aggressive",
    role: "responder",
    message: 2,
    meaning: "Aggressive mode 2/3 sent: the responder's answer.",
    next: "Message 3: the initiator's HASH, which completes phase 1.",
  },
  IKE_P1_COMPLETE: {
    phase: 1,
    exchange: "none",
    meaning:
      "Phase 1 is complete: the IKE SA is authenticated and protects everything that follows. `show crypto isakmp sa` shows it as QM_IDLE.",
    next: "Quick mode (phase 2) to negotiate the IPsec SAs.",
  },
  IKE_QM_READY: {
    phase: 2,
    exchange: "quick",
    meaning:
      "The quick mode exchange is created over a complete IKE SA and has sent nothing yet.",
    next: "The initiator sends quick mode message 1; a responder waits for it.",
  },
  IKE_QM_I_QM1: {
    phase: 2,
    exchange: "quick",
    role: "initiator",
    message: 1,
    meaning:
      "Quick mode 1/3 sent: HASH, SA (the transform sets of the crypto map), nonce, a KE when PFS is set, and the proxy identities from the crypto ACL.",
    next: "Quick mode message 2 with the responder's choice. A PROPOSAL_NOT_CHOSEN notify instead means the peer rejected the transform set, the proxy identities or PFS.",
  },
  IKE_QM_I_QM2: {
    phase: 2,
    exchange: "quick",
    role: "initiator",
    message: 2,
    meaning:
      "Quick mode 2/3 received: the responder accepted a transform and the proxy identities.",
    next: "This router creates the IPsec SAs and sends message 3.",
  },
  IKE_QM_R_QM1: {
    phase: 2,
    exchange: "quick",
    role: "responder",
    message: 1,
    meaning:
      "Quick mode 1/3 received: the initiator's transforms and proxy identities, checked against the local crypto map.",
    next: "Message 2 with the accepted transform, or a PROPOSAL_NOT_CHOSEN notify.",
  },
  IKE_QM_SPI_STARVE: {
    phase: 2,
    exchange: "quick",
    role: "responder",
    meaning:
      "The responder accepted quick mode message 1 and waits for IPsec to allocate the inbound SPI.",
    next: "Quick mode message 2.",
  },
  IKE_QM_R_QM2: {
    phase: 2,
    exchange: "quick",
    role: "responder",
    message: 2,
    meaning:
      "Quick mode 2/3 sent: the accepted transform, the responder's nonce and SPI.",
    next: "Message 3 from the initiator, which acknowledges and lets both sides install the SAs.",
  },
  IKE_QM_IPSEC_INSTALL_AWAIT: {
    phase: 2,
    exchange: "quick",
    meaning:
      "Quick mode is negotiated; IKE waits for IPsec to install the new SAs.",
    next: "IKE_QM_PHASE2_COMPLETE.",
  },
  IKE_QM_PHASE2_COMPLETE: {
    phase: 2,
    exchange: "quick",
    meaning:
      "Quick mode is complete: an inbound and an outbound IPsec SA exist for this pair of proxy identities.",
    next: "Traffic flows; `show crypto ipsec sa` shows the SPIs and the encaps/decaps counters.",
  },
  IKE_DEST_SA: {
    phase: 0,
    exchange: "none",
    meaning: "The IKE SA is being deleted.",
    next: "Nothing; a new negotiation starts from IKE_READY.",
  },
  UNKNOWN: {
    phase: 1,
    exchange: "none",
    meaning:
      "A transient state that older IOS prints while it processes the last main mode message; it is not an error by itself.",
    next: "Normally IKE_P1_COMPLETE a few lines later.",
  },
});

/** The state's entry, or undefined for a name IOS prints that we do not know. */
export function isakmpState(name: string): IsakmpStateInfo | undefined {
  // A table without a prototype: an unknown name, `constructor` included, reads as undefined.
  return ISAKMP_STATES[name];
}
