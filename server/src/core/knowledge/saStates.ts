import { table } from "./table";

/**
 * The `state` column of `show crypto isakmp sa` (and the IKEv2 `Status` column). These are the
 * IKE SA's own states, not the debug state machine's; the same names appear in debug lines after
 * `(I)`/`(R)` on `sending packet` and `received packet`.
 */

/** What a `show crypto isakmp sa` state means. */
export interface SaStateInfo {
  meaning: string;
  /** True when an SA that stays in this state shows a failing negotiation. */
  stuck: boolean;
  /** What to check when it stays there. */
  hint?: string;
}

/** States by name. */
export const SA_STATES: Readonly<Record<string, SaStateInfo>> = table({
  MM_NO_STATE: {
    meaning:
      "Main mode started but no proposal was accepted yet: message 1 was sent (or received) and message 2 has not arrived.",
    stuck: true,
    hint: "The peer does not answer: UDP 500 blocked, no route back, ISAKMP off at the peer, or no matching IKE policy (the responder stays silent).",
  },
  MM_SA_SETUP: {
    meaning:
      "Main mode 1-2 done: both sides agreed on a policy; the Diffie-Hellman exchange (messages 3-4) is under way.",
    stuck: true,
    hint: "Messages 3-4 are lost: often large packets dropped on the path, or the peer lacks a key for this address.",
  },
  MM_KEY_EXCH: {
    meaning:
      "Main mode 3-4 done: keys are computed; authentication (messages 5-6) is under way.",
    stuck: true,
    hint: "Authentication fails: pre-shared keys differ, or the certificate is refused (check the clocks).",
  },
  MM_KEY_AUTH: {
    meaning:
      "Main mode 5-6 done: the peer is authenticated; phase 1 is finishing.",
    stuck: false,
  },
  AG_NO_STATE: {
    meaning: "Aggressive mode message 1 sent, no answer yet.",
    stuck: true,
    hint: "The peer does not answer or refuses aggressive mode.",
  },
  AG_INIT_EXCH: {
    meaning:
      "Aggressive mode messages 1-2 exchanged; waiting for message 3 to finish.",
    stuck: true,
    hint: "Authentication fails at message 2-3: keys or group names differ.",
  },
  AG_AUTH: {
    meaning: "Aggressive mode done: the peer is authenticated.",
    stuck: false,
  },
  QM_IDLE: {
    meaning:
      "Phase 1 is complete and the IKE SA is authenticated; it idles until a quick mode exchange (phase 2) runs over it. This is the healthy state.",
    stuck: false,
  },
  MM_ACTIVE: {
    meaning: "ASA: main mode complete (the ASA's name for a working IKE SA).",
    stuck: false,
  },
  AM_ACTIVE: {
    meaning: "ASA: aggressive mode complete.",
    stuck: false,
  },
  "NEW SA": {
    meaning:
      "The packet opened a new IKE SA: this router had no SA for these cookies yet (responder side, first message).",
    stuck: false,
  },
  READY: {
    meaning: "IKEv2: the IKE SA is established.",
    stuck: false,
  },
  "IN-NEG": {
    meaning:
      "IKEv2: the IKE SA is still being negotiated (IKE_SA_INIT or IKE_AUTH has not completed).",
    stuck: true,
    hint: "If it stays there, the peer does not answer (UDP 500/4500 blocked, no route, no matching IKEv2 profile or proposal) or IKE_AUTH fails (keys, identities, certificates): `debug crypto ikev2` on both routers shows which.",
  },
  DELETE: {
    meaning: "IKEv2: the IKE SA is being deleted.",
    stuck: false,
  },
});

/** The state's entry, or undefined. */
export function saState(name: string): SaStateInfo | undefined {
  // A table without a prototype: an unknown name, `constructor` included, reads as undefined.
  return SA_STATES[name];
}
