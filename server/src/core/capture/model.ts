import { isCertificatePayload } from "../knowledge/payloads";
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
      /** IKEv2: the initiator's SPI, which names the IKE SA (a new one under the same SA id is another negotiation). */
      initiatorSpi?: string;
      payloads?: string[];
    }
  | {
      type: "retransmit";
      phase?: 1 | 2;
      saState?: string;
      /** Phase 2: the quick mode's message id (absolute value, as exchanges are keyed). */
      node?: number;
      ikev2?: boolean;
    }
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
  /** `phase 2 SA policy not acceptable! (local X remote Y)`: the addresses when printed. */
  | { type: "not-acceptable"; phase: 1 | 2; local?: string; remote?: string }
  | { type: "key-found"; peer: string }
  | { type: "no-key"; peer?: string }
  | { type: "no-profile" }
  | { type: "profile-matched"; profile: string }
  | { type: "auth-method"; method: string; idType: string }
  | { type: "skeyid" }
  | { type: "vendor"; text: string }
  | { type: "authenticated"; peer?: string }
  | { type: "turned-off" }
  /** `Can not start Aggressive mode, trying Main mode.`: `fallback` names the mode IKE tries instead. */
  | { type: "cannot-start"; mode: string; fallback?: string }
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
  /**
   * The proxy identities of a proposal IPsec checks (`IPSEC(validate_proposal_request)`), each as
   * the debug prints it (`address/mask/protocol/port`): `local` this router's side, `remote` the
   * peer's.
   */
  | { type: "proposal-proxies"; local: string; remote: string }
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
  /** `IKE Proposal:` / `ESP Proposal:` with the transforms listed below it. */
  | {
      type: "ikev2-proposal";
      child: boolean;
      /** True for proposal 1: the list the next packet carries starts again. */
      first: boolean;
      transforms: string[];
    }
  /** `Building packet for encryption`: the payloads the next packet sent carries inside ENCR. */
  | { type: "ikev2-inner"; payloads: string[] }
  /** An IKEv2 identity: the peer's, looked up in the profiles, or this router's own (`own`). */
  | { type: "ikev2-identity"; own: boolean; identity: string; idType: string }
  /** `found matching IKEv2 profile 'NAME'`: the profile the peer's identity selected. */
  | { type: "ikev2-profile"; profile: string }
  /** `Failed to locate an item in the database`: a lookup (most often of the peer's identity) found nothing. */
  | { type: "ikev2-not-found" }
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
  /** IKEv2: the payloads a sent packet carries inside ENCR (`Building packet for encryption` above it). */
  inner?: string[];
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
  /**
   * 0 for phase 1; the quick mode or informational message id (absolute value); -1 for a quick
   * mode the capture shows only by its refusal lines, which name no message id (see
   * `UNKEYED_QUICK`).
   */
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
  /** That line's stamp in milliseconds, when it has one (kept by the parse; see `exchangeDuration`). */
  outcomeMs?: number;
  /** A short reason for a failure, in words. */
  failure?: string;
  /** The last state the machine reached. */
  lastState?: string;
  /** IKEv2: the peer's identity as this router looked it up in its profiles. */
  peerIdentity?: Ikev2Identity;
  /** IKEv2: the identity this router sent (IDi or IDr). */
  ownIdentity?: Ikev2Identity;
  /** IKEv2: the transforms of the IKE proposals this router offered (IKE_SA_INIT, as initiator). */
  offered?: string[];
  /** IKEv2: the line where the lookup of the peer's identity found no profile. */
  identityNotFound?: number;
}

/** An IKEv2 identity as the debug prints it: `'R1.EXAMPLE' of type 'FQDN'`. */
export interface Ikev2Identity {
  text: string;
  /** `IPv4 address`, `IPv6 address`, `FQDN`, `email`, `key ID`, `DER ASN1 DN`... */
  type: string;
  line: number;
}

/** The model of a capture. */
export interface CaptureModel {
  /** The capture's lines, without line endings. */
  lines: readonly string[];
  /**
   * The lines as the show parsers read them, when they differ from `lines`: in show output, the
   * pager's marks (` --More-- ` and its backspaces) replayed as the terminal showed them, and log
   * messages printed in the middle of an output left out (empty). Absent when nothing differs.
   */
  outputLines?: readonly string[];
  /**
   * For lines logged with terminal escape sequences (colours, cursor controls), which `lines`
   * holds without them: how many characters of sequences preceded the first shown character.
   * Absent when the capture has none.
   */
  escapeShift?: ReadonlyMap<number, number>;
  /**
   * The width a terminal hard-wrapped the capture at (`detectWrapWidth`: it cut every longer line
   * at that column, in the middle of words). Absent when the capture shows none.
   */
  wrapWidth?: number;
  /**
   * With `wrapWidth`: 1 for each line that is the rest of the line above, which the terminal cut
   * there: the message's text runs on into it as printed, without a space (0 elsewhere).
   */
  gluedLines?: Uint8Array;
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
  /**
   * The messages of each indexed event (see `INDEXED_EVENTS`), in order, listed as the parser reads
   * them: the capture checks read these few instead of every message. Absent on a model built
   * otherwise: `messagesWithEvents` then tests every message.
   */
  eventMessages?: EventIndex;
  /**
   * The indices of the exchanges whose outcome is `failed`, in order, listed once the parse ends.
   * Absent on a model built otherwise: `failedExchanges` then tests every exchange.
   */
  failedExchanges?: readonly number[];
}

/**
 * The rare messages the capture checks look for, by key: most keys are an event type; the others
 * are `ikev2-auth-failed` (an IKEv2 packet carrying NOTIFY(AUTHENTICATION_FAILED), or a failed
 * IKEv2 authentication) and `certificate` (a sign of certificate authentication, see
 * `isCertificateEvent`). Syslog messages are listed by mnemonic apart.
 */
export const INDEXED_EVENTS = [
  "turned-off",
  "no-key",
  "no-profile",
  "ikev2-not-found",
  "malformed",
  "notify-no-hash",
  "notify",
  "ikev2-auth-failed",
  "retransmit",
  "no-offers",
  "not-acceptable",
  "transform-unsupported",
  "proxy-unsupported",
  "no-matching-map",
  "peer-not-found",
  "policy-invalidated",
  "proposal-proxies",
  "certificate",
] as const;

/** A key of the event index. */
export type IndexedEvent = (typeof INDEXED_EVENTS)[number];

/** Message indices by key, each list in ascending order. */
export interface EventIndex {
  readonly events: Readonly<Partial<Record<IndexedEvent, readonly number[]>>>;
  /** Syslog messages by mnemonic (a capture holds few distinct ones). */
  readonly syslog: ReadonlyMap<string, readonly number[]>;
  /** Syslog messages whose mnemonic came after the first `MAX_MNEMONICS` distinct ones. */
  readonly syslogRest: readonly number[];
}

/** Distinct mnemonics listed apart: odd input cannot make a list per line. */
export const MAX_MNEMONICS = 1024;

/** The keys that are event types as they stand (the others are derived, see `indexedEventOf`). */
const KEYED_TYPES: ReadonlySet<string> = new Set<string>(
  INDEXED_EVENTS.filter(
    (e) => e !== "ikev2-auth-failed" && e !== "certificate",
  ),
);

/**
 * The index key of a message with this event and source, besides `certificate` and the syslog
 * mnemonic lists; undefined when the message is not listed under one.
 */
export function indexedEventOf(
  event: CaptureEvent | undefined,
  source: MessageSource,
): IndexedEvent | undefined {
  if (!event) {
    return undefined;
  }
  switch (event.type) {
    case "packet":
      return source.startsWith("ikev2") &&
        event.payloads?.includes("NOTIFY(AUTHENTICATION_FAILED)")
        ? "ikev2-auth-failed"
        : undefined;
    case "ikev2-auth":
      return event.passed ? undefined : "ikev2-auth-failed";
    default:
      return KEYED_TYPES.has(event.type)
        ? (event.type as IndexedEvent)
        : undefined;
  }
}

/**
 * `isCertificatePayload` after a test of the first letter (CERT..., SIG...): the parser asks for
 * every payload line, and most are SA, KE, NONCE, ID, HASH or VID.
 */
function mayBeCertificatePayload(name: string): boolean {
  const c = name.charCodeAt(0) | 0x20;
  return (c === 0x63 || c === 0x73) && isCertificatePayload(name);
}

/** True when an event shows certificate (RSA signature) authentication. */
export function isCertificateEvent(e: CaptureEvent | undefined): boolean {
  // One read of `type`: events come in dozens of shapes, so each property read is a slow one.
  switch (e?.type) {
    case "payload":
      return mayBeCertificatePayload(e.payload);
    case "cert-processing":
      return true;
    case "attribute":
      return e.key === "auth" && /rsa/i.test(e.value);
    case "auth-method":
      return /signature|rsa/i.test(e.method);
    case "syslog":
      return /CERT/.test(e.mnemonic);
    default:
      return false;
  }
}

/** Builds the event index as the parser reads messages, in order. */
export class EventIndexBuilder {
  private readonly events: Partial<Record<IndexedEvent, number[]>> = {};
  private readonly syslog = new Map<string, number[]>();
  private readonly syslogRest: number[] = [];

  /** Lists message `index` (messages must come in ascending order). */
  add(
    index: number,
    event: CaptureEvent | undefined,
    source: MessageSource,
  ): void {
    if (!event) {
      return;
    }
    // The type is read once and decides which test applies (a read of `type` is slow: events
    // come in dozens of shapes); the tests themselves are the exported ones.
    switch (event.type) {
      case "packet":
      case "ikev2-auth": {
        const key = indexedEventOf(event, source);
        if (key !== undefined) {
          this.push(key, index);
        }
        return;
      }
      case "syslog": {
        if (isCertificateEvent(event)) {
          this.push("certificate", index);
        }
        const list = this.syslog.get(event.mnemonic);
        if (list) {
          list.push(index);
        } else if (this.syslog.size < MAX_MNEMONICS) {
          this.syslog.set(event.mnemonic, [index]);
        } else {
          this.syslogRest.push(index);
        }
        return;
      }
      case "payload":
      case "cert-processing":
      case "attribute":
      case "auth-method":
        if (isCertificateEvent(event)) {
          this.push("certificate", index);
        }
        return;
      default:
        if (KEYED_TYPES.has(event.type)) {
          this.push(event.type as IndexedEvent, index);
        }
    }
  }

  private push(key: IndexedEvent, index: number): void {
    (this.events[key] ??= []).push(index);
  }

  /** The index. */
  finish(): EventIndex {
    return {
      events: this.events,
      syslog: this.syslog,
      syslogRest: this.syslogRest,
    };
  }
}

/** The exchanges that failed, in order: from the parser's list, or by testing every exchange. */
export function failedExchanges(model: CaptureModel): Exchange[] {
  const listed = model.failedExchanges;
  return listed
    ? listed.map((i) => model.exchanges[i]!)
    : model.exchanges.filter((ex) => ex.outcome === "failed");
}

/** The exchanges (indices, ascending, each once) that hold a message with any of these keys. */
export function exchangesWithEvents(
  model: CaptureModel,
  keys: readonly IndexedEvent[],
): number[] {
  const out: number[] = [];
  // Messages come in order but exchanges interleave: a set keeps each once, a sort restores order.
  const seen = new Set<number>();
  for (const m of messagesWithEvents(model, keys)) {
    const ex = m.exchange;
    if (ex >= 0 && !seen.has(ex)) {
      seen.add(ex);
      out.push(ex);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * The messages listed under any of these keys, or syslog messages whose mnemonic `syslog`
 * accepts, in capture order and each once: from the parser's index, or by testing every message
 * when the model has none.
 */
export function messagesWithEvents(
  model: CaptureModel,
  keys: readonly IndexedEvent[],
  syslog?: (mnemonic: string) => boolean,
): CaptureMessage[] {
  const index = model.eventMessages;
  if (!index) {
    return model.messages.filter((m) => {
      const e = m.event;
      if (!e) {
        return false;
      }
      const key = indexedEventOf(e, m.source);
      return (
        (key !== undefined && keys.includes(key)) ||
        (keys.includes("certificate") && isCertificateEvent(e)) ||
        (syslog !== undefined && e.type === "syslog" && syslog(e.mnemonic))
      );
    });
  }
  const lists: (readonly number[])[] = [];
  for (const key of new Set(keys)) {
    const list = index.events[key];
    if (list?.length) {
      lists.push(list);
    }
  }
  if (syslog) {
    // Each distinct mnemonic is tested once.
    for (const [mnemonic, list] of index.syslog) {
      if (syslog(mnemonic)) {
        lists.push(list);
      }
    }
    const rest = index.syslogRest.filter((i) => {
      const e = model.messages[i]!.event;
      return e?.type === "syslog" && syslog(e.mnemonic);
    });
    if (rest.length) {
      lists.push(rest);
    }
  }
  let order: ArrayLike<number>;
  let count: number;
  if (lists.length === 1) {
    order = lists[0]!;
    count = order.length;
  } else {
    // Each list is in order; a numeric sort of their union restores the capture's order, and a
    // message listed twice (a certificate syslog) is kept once.
    let total = 0;
    for (const list of lists) {
      total += list.length;
    }
    const all = new Int32Array(total);
    let at = 0;
    for (const list of lists) {
      all.set(list, at);
      at += list.length;
    }
    all.sort();
    count = 0;
    for (let k = 0; k < all.length; k++) {
      if (k === 0 || all[k] !== all[k - 1]) {
        all[count++] = all[k]!;
      }
    }
    order = all;
  }
  const out: CaptureMessage[] = new Array<CaptureMessage>(count);
  for (let k = 0; k < count; k++) {
    out[k] = model.messages[order[k]!]!;
  }
  return out;
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
