import { table } from "./table";

/**
 * What each message of each exchange carries, by step number (index 0 unused). Annotations and
 * hovers use it to say "main mode 3/6 sent: KE + nonce".
 */

/** The messages of an exchange. */
export interface ExchangeSteps {
  /** Name in text: "main mode". */
  name: string;
  total: number;
  /** Payloads of each step, in words; index = step number. */
  steps: readonly string[];
}

/** Steps by exchange kind. */
export const EXCHANGE_STEPS: Readonly<Record<string, ExchangeSteps>> = table({
  main: {
    name: "main mode",
    total: 6,
    steps: [
      "",
      "SA with the proposals (one per IKE policy)",
      "SA with the accepted proposal",
      "KE + nonce",
      "KE + nonce",
      "ID + HASH, encrypted",
      "ID + HASH, encrypted",
    ],
  },
  "main-cert": {
    name: "main mode",
    total: 6,
    steps: [
      "",
      "SA with the proposals (one per IKE policy)",
      "SA with the accepted proposal",
      "KE + nonce + certificate request",
      "KE + nonce + certificate request",
      "ID + CERT + SIG, encrypted",
      "ID + CERT + SIG, encrypted",
    ],
  },
  aggressive: {
    name: "aggressive mode",
    total: 3,
    steps: [
      "",
      "SA + KE + nonce + ID, in clear",
      "SA + KE + nonce + ID + HASH",
      "HASH",
    ],
  },
  quick: {
    name: "quick mode",
    total: 3,
    steps: [
      "",
      "HASH + SA (transforms) + nonce + proxy IDs",
      "HASH + SA (accepted transform) + nonce + proxy IDs",
      "HASH (acknowledgement)",
    ],
  },
  "ike-sa-init": {
    name: "IKE_SA_INIT",
    total: 2,
    steps: ["", "SA + KE + nonce", "SA + KE + nonce"],
  },
  "ike-auth": {
    name: "IKE_AUTH",
    total: 2,
    steps: [
      "",
      "IDi + AUTH + SA + TSi + TSr, encrypted",
      "IDr + AUTH + SA + TSi + TSr, encrypted",
    ],
  },
  "create-child-sa": {
    name: "CREATE_CHILD_SA",
    total: 2,
    steps: ["", "SA + nonce + TSi + TSr", "SA + nonce + TSi + TSr"],
  },
  "ikev2-informational": {
    name: "INFORMATIONAL",
    total: 2,
    steps: [
      "",
      "delete, notify or liveness check, encrypted",
      "acknowledgement, encrypted",
    ],
  },
});

/**
 * Which main mode message a packet is, from the IKE SA state IOS prints after (I)/(R) when
 * sending or receiving. Used only for the first packet a capture shows of an exchange (the
 * capture may start mid-way); later packets follow by order.
 */
export const MAIN_MODE_STEP_BY_STATE: Readonly<Record<string, number>> = table({
  "initiator/sent/MM_NO_STATE": 1,
  "initiator/received/MM_NO_STATE": 2,
  "initiator/sent/MM_SA_SETUP": 3,
  "initiator/received/MM_SA_SETUP": 4,
  "initiator/sent/MM_KEY_EXCH": 5,
  "initiator/received/MM_KEY_EXCH": 6,
  "responder/received/NEW SA": 1,
  "responder/received/MM_NO_STATE": 1,
  "responder/sent/MM_NO_STATE": 2,
  "responder/sent/MM_SA_SETUP": 2,
  "responder/received/MM_SA_SETUP": 3,
  "responder/sent/MM_KEY_EXCH": 4,
  "responder/received/MM_KEY_EXCH": 5,
  "initiator/sent/AG_NO_STATE": 1,
  "initiator/received/AG_NO_STATE": 2,
  "initiator/sent/AG_INIT_EXCH": 3,
  "responder/sent/AG_INIT_EXCH": 2,
  "responder/received/AG_INIT_EXCH": 3,
});
