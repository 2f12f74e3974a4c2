import type { Range } from "../text/position";
import type { ShowBlock } from "./show/types";

/**
 * The model of a capture: a console session with debug output and show commands, as an engineer
 * pastes it. The parser keeps every line (unknown lines stay plain text) and adds three layers on
 * top: debug messages with the event each one reports, the IKE exchanges those messages build,
 * and the parsed show outputs.
 */

/** What a line of a capture is. */
export enum LineKind {
  Blank = 0,
  /** Nothing we recognise (kept as text). */
  Text = 1,
  /** A console prompt, possibly with a typed command. */
  Prompt = 2,
  /** The first line of a debug or syslog message. */
  Message = 3,
  /** A line that continues the message above it (wrapped, or a multi-line IPSEC message). */
  Continuation = 4,
  /** A line of show output. */
  Show = 5,
}

/** Which debug (or syslog) produced a message. */
export type MessageSource =
  | "isakmp"
  | "isakmp-pak"
  | "isakmp-error"
  | "ipsec"
  | "mapdb"
  | "ikev2"
  | "ikev2-pak"
  | "ikev2-error"
  | "syslog"
  /** A timestamped line without a known prefix (IOS prints some IKE lines so). */
  | "other";

/** A timestamp or uptime stamp in front of a message. */
export interface Timestamp {
  text: string;
  /** Columns of the stamp (without the `: ` after it). */
  start: number;
  end: number;
  kind: "date" | "uptime";
  /** `*`: the clock was never set; `.`: set but not synchronised (NTP lost). */
  flag?: "*" | ".";
  /** Milliseconds on a scale that is consistent within one capture, when computable. */
  ms?: number;
  /** True when the stamp has milliseconds (so durations below a second mean something). */
  precise: boolean;
}

/** Direction and role of a packet line. */
export type PacketDirection = "sent" | "received";

/** The meaning of one message, when the parser recognises it. */
export type CaptureEvent =
  | { type: "ke-request" }
  | { type: "ports"; local: number; remote: number }
  | { type: "input"; source: string; event: string; node?: number }
  | {
      type: "state";
      oldState: string;
      newState: string;
      source?: string;
      event?: string;
      node?: number;
    }
  | { type: "begin"; mode: "main" | "aggressive" | "quick"; messageId?: number }
  | {
      type: "packet";
      direction: PacketDirection;
      peer: string;
      /** `(I)`, `(R)` or `(N)`: this router's role in the IKE SA, or N for a new SA. */
      role?: "I" | "R" | "N";
      /** The IKE SA state printed after the role, such as MM_NO_STATE or QM_IDLE. */
      saState?: string;
      /** IKEv2: the exchange and message id printed with the packet. */
      exchangeName?: string;
      messageId?: number;
      request?: boolean;
      payloads?: string[];
    }
  | { type: "retransmit"; phase?: 1 | 2; saState?: string; ikev2?: boolean }
  | { type: "retransmit-exhausted" }
  | { type: "error-counter"; reason: string }
  | { type: "payload"; payload: string; messageId?: number }
  | {
      type: "notify";
      notify: string;
      protocol?: number;
      spi?: string;
      messageId?: number;
    }
  | { type: "policy-check"; transform: number; priority: number }
  | { type: "ipsec-proposal"; proposal: number }
  | { type: "ipsec-transform"; transform: number; id: string }
  | { type: "attribute"; key: string; value: string; phase: 1 | 2 }
  | { type: "atts"; acceptable: boolean; nextPayload?: number }
  | { type: "mismatch"; attribute: string }
  | { type: "no-offers" }
  | { type: "not-acceptable"; phase: 1 | 2 }
  | { type: "key-found"; peer: string }
  | { type: "no-key"; peer?: string }
  | { type: "auth-method"; method: string; idType: string }
  | { type: "skeyid" }
  | { type: "vendor"; text: string }
  | { type: "authenticated"; peer?: string }
  | { type: "turned-off" }
  | { type: "cannot-start"; mode: string }
  | { type: "purge-sa" }
  | { type: "purge-node"; node: number }
  | { type: "delete-node"; node: number; error: boolean; reason: string }
  | { type: "delete-spi"; spi: string; messageId?: number }
  | { type: "delete-sa"; reason: string }
  | { type: "malformed"; payload: string }
  | { type: "notify-no-hash" }
  | { type: "create-sas" }
  | {
      type: "sa";
      direction: "inbound" | "outbound";
      from: string;
      to: string;
      proxyFrom?: string;
      proxyTo?: string;
    }
  | { type: "sa-spi"; spi: string; connId: number }
  | { type: "sa-lifetime"; value: number; unit: "seconds" | "kilobytes" }
  | { type: "unknown-input"; node: number; state: string }
  | { type: "cert-processing"; certType: string }
  | { type: "ipsec-request"; fn: string }
  | {
      type: "ipsec-sa-created";
      dest?: string;
      spi?: string;
      transform?: string;
    }
  | { type: "transform-unsupported"; transforms?: string }
  | { type: "proxy-unsupported" }
  | { type: "peer-not-found"; peer: string }
  | { type: "policy-invalidated"; error: number }
  | { type: "no-matching-map" }
  | {
      type: "syslog";
      facility: string;
      severity: number;
      mnemonic: string;
      text: string;
    }
  | {
      type: "ikev2-state";
      state: string;
      event: string;
      role?: "I" | "R";
      messageId?: number;
    }
  | { type: "ikev2-auth"; passed: boolean }
  | { type: "ikev2-up"; text: string }
  | { type: "ikev2-error"; text: string };

/** A debug or syslog message: one line, or several when IOS wrapped it. */
export interface CaptureMessage {
  index: number;
  /** First line. */
  line: number;
  /** Last line (a continuation), or `line`. */
  endLine: number;
  source: MessageSource;
  /** Column where the message starts, after any sequence number and timestamp. */
  start: number;
  /** Column of the body: after `ISAKMP (0:1): `, `IPSEC(fn): `, or at `%` for syslog. */
  bodyStart: number;
  /** The body, continuation lines joined with single spaces. */
  body: string;
  timestamp?: Timestamp;
  sequence?: number;
  /** IKEv1 connection id, or the IKEv2 SA id. */
  connId?: number;
  /** The IPSEC(...) function or the IKEv2 session id as text. */
  tag?: string;
  event?: CaptureEvent;
  /** Index into CaptureModel.exchanges, or -1. */
  exchange: number;
}

/** A console prompt line. */
export interface PromptLine {
  line: number;
  hostname: string;
  /** The configuration mode in parentheses (`config`, `config-if`...), if any. */
  mode?: string;
  /** `#` (privileged) or `>` (user). */
  level: "#" | ">";
  /** The typed command, trimmed; empty for a bare prompt. */
  command: string;
  commandStart: number;
  /** The kind of show output the command prints, when it is a known show command. */
  show?: string;
}

/** A packet of an exchange, with its place in the exchange. */
export interface ExchangePacket {
  message: number;
  line: number;
  direction: PacketDirection;
  /** Message number within the exchange (main mode 1-6, quick mode 1-3...), or 0 when not a step. */
  step: number;
  /** True when this packet repeats an earlier one. */
  retransmission: boolean;
  /** The payloads this step carries, in words ("KE + nonce"). */
  summary: string;
  /** True for a notify sent or received instead of the next step. */
  notify: boolean;
}

/** A state change within an exchange. */
export interface ExchangeState {
  line: number;
  message: number;
  oldState: string;
  newState: string;
}

/** A phase 1 proposal check (`Checking ISAKMP transform 1 against priority 10 policy`) or a phase 2 proposal. */
export interface ProposalCheck {
  line: number;
  /** Phase 1: the local policy priority checked; phase 2: 0. */
  priority: number;
  transform: number;
  /** Attribute key to the offered value. */
  attributes: Record<string, string>;
  attributeLines: Record<string, number>;
  /** Attributes the debug said do not match, with the line that said so. */
  mismatches: { attribute: string; line: number }[];
  accepted?: boolean;
  resultLine?: number;
}

/** An IPsec SA created by quick mode. */
export interface CreatedSa {
  line: number;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  proxyFrom?: string;
  proxyTo?: string;
  spi?: string;
  connId?: number;
}

/** What an exchange is. */
export type ExchangeKind =
  | "main"
  | "aggressive"
  | "quick"
  | "informational"
  | "phase1"
  | "ike-sa-init"
  | "ike-auth"
  | "create-child-sa"
  | "ikev2-informational";

/** One exchange: a phase 1 negotiation, a quick mode, or an informational exchange. */
export interface Exchange {
  index: number;
  protocol: "ikev1" | "ikev2";
  kind: ExchangeKind;
  /** IKEv1 connection id (0 before IOS assigned one) or IKEv2 SA id. */
  connId: number;
  /** 0 for phase 1; the quick mode or informational message id (absolute value). */
  messageId: number;
  role?: "initiator" | "responder";
  peer?: string;
  /** The host name of the router that printed it (from the prompt above), if known. */
  router?: string;
  startLine: number;
  endLine: number;
  startMs?: number;
  endMs?: number;
  /** True when the stamps had milliseconds. */
  precise: boolean;
  messages: number[];
  packets: ExchangePacket[];
  states: ExchangeState[];
  retransmissions: number[];
  proposals: ProposalCheck[];
  notifies: { line: number; notify: string; message: number }[];
  sas: CreatedSa[];
  /** How it ended, as far as the capture shows. */
  outcome: "complete" | "failed" | "in-progress";
  /** The line that completed or failed it. */
  outcomeLine?: number;
  /** A short reason for a failure, in words. */
  failure?: string;
  /** The last state the machine reached. */
  lastState?: string;
}

/** The model of a capture. */
export interface CaptureModel {
  /** The capture's lines, without line endings. */
  lines: readonly string[];
  /** LineKind of each line. */
  kinds: Uint8Array;
  /** For message and continuation lines, the message index; -1 elsewhere. */
  lineMessage: Int32Array;
  /** For show lines and the prompt that ran the show, the show block index; -1 elsewhere. */
  lineShow: Int32Array;
  messages: CaptureMessage[];
  prompts: PromptLine[];
  exchanges: Exchange[];
  shows: ShowBlock[];
  /**
   * The messages whose body matches a NAT signature, in order (the parser tests each distinct
   * body once). Absent on a model built otherwise: NAT discovery then tests every message.
   */
  natMessages?: readonly number[];
}

/** The range of a whole line's text. */
export function lineTextRange(model: CaptureModel, line: number): Range {
  const text = model.lines[line] ?? "";
  const start = text.length - text.trimStart().length;
  return {
    start: { line, character: start },
    end: { line, character: text.trimEnd().length },
  };
}
