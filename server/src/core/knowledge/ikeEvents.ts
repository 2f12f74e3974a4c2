import { table } from "./table";

/**
 * The inputs of the IKEv1 state machine: `Input = <source>, <event>` in `debug crypto isakmp`.
 * The source says who woke the machine, the event what it is asked to do.
 */

/** One source or event of an `Input =` line. */
export interface IkeEventInfo {
  kind: "source" | "event";
  meaning: string;
}

/** Sources and events by name. */
export const IKE_EVENTS: Readonly<Record<string, IkeEventInfo>> = table({
  IKE_MESG_FROM_IPSEC: {
    kind: "source",
    meaning:
      "IPsec asked IKE for SAs: a packet matched a crypto ACL and no IPsec SA exists for it yet.",
  },
  IKE_MESG_FROM_PEER: {
    kind: "source",
    meaning: "A packet arrived from the peer.",
  },
  IKE_MESG_INTERNAL: {
    kind: "source",
    meaning:
      "IKE moves its own machine on after processing (no packet involved).",
  },
  IKE_MESG_FROM_TIMER: {
    kind: "source",
    meaning: "A timer fired: retransmission, lifetime or dead-peer detection.",
  },
  IKE_MESG_FROM_AAA: {
    kind: "source",
    meaning: "An answer from AAA (Xauth or a key looked up on a server).",
  },
  IKE_SA_REQ_MM: {
    kind: "event",
    meaning: "Start a main mode exchange (6 messages) toward the peer.",
  },
  IKE_SA_REQ_AM: {
    kind: "event",
    meaning: "Start an aggressive mode exchange (3 messages) toward the peer.",
  },
  IKE_MM_EXCH: {
    kind: "event",
    meaning: "The arriving packet belongs to a main mode exchange.",
  },
  IKE_AM_EXCH: {
    kind: "event",
    meaning: "The arriving packet belongs to an aggressive mode exchange.",
  },
  IKE_QM_EXCH: {
    kind: "event",
    meaning: "The packet belongs to a quick mode exchange.",
  },
  IKE_PROCESS_MAIN_MODE: {
    kind: "event",
    meaning:
      "The received main mode message was processed; build the next one.",
  },
  IKE_PROCESS_COMPLETE: {
    kind: "event",
    meaning: "The step finished (a message sent, or the exchange done).",
  },
  IKE_PROCESS_ERROR: {
    kind: "event",
    meaning:
      "Processing failed; the machine falls back and the negotiation is abandoned.",
  },
  IKE_PHASE1_COMPLETE: {
    kind: "event",
    meaning:
      "Phase 1 finished; pending quick mode requests can now run over the IKE SA.",
  },
  IKE_INIT_QM: {
    kind: "event",
    meaning: "Start a quick mode exchange to negotiate IPsec SAs.",
  },
  IKE_INFO_NOTIFY: {
    kind: "event",
    meaning:
      "An informational exchange carried a notify (an error or status report) from the peer.",
  },
  IKE_INFO_DELETE: {
    kind: "event",
    meaning:
      "An informational exchange carried a delete: the peer removed an SA.",
  },
  IKE_GOT_SPI: {
    kind: "event",
    meaning:
      "IPsec allocated the inbound SPI the quick mode responder was waiting for.",
  },
  IKE_SPI_REPLY: {
    kind: "event",
    meaning: "IPsec answered with the SPI for the new inbound SA.",
  },
});

/** The entry of an input source or event, if known. */
export function ikeEvent(name: string): IkeEventInfo | undefined {
  // A table without a prototype: an unknown name, `constructor` included, reads as undefined.
  return IKE_EVENTS[name];
}
