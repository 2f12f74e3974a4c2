import { isCertificatePayload } from "../knowledge/payloads";
import {
  EXCHANGE_STEPS,
  MAIN_MODE_STEP_BY_STATE,
} from "../knowledge/exchangeSteps";
import { isakmpState } from "../knowledge/isakmpStates";
import { detached } from "./intern";
import { StoredMessage } from "./message";
import type {
  CaptureEvent,
  CaptureMessage,
  Exchange,
  ExchangeKind,
  ExchangePacket,
  Ikev2Identity,
  ProposalCheck,
} from "./model";
import { table } from "../knowledge/table";
import { firstAtOrAfter } from "../text/sorted";

/**
 * Groups debug messages into exchanges as they arrive (one pass, constant work per message).
 *
 * IKEv1 lines name a connection id and sometimes a message id. Phase 1 has message id 0 and is
 * keyed by connection; quick mode and informational exchanges by connection and message id. IOS
 * 12.4 and later print `(0)` until the SA gets its id halfway through main mode, and 12.2 prints
 * `(0:0)` for the first packet of a new SA, so an open phase 1 under id 0 is re-keyed when its
 * real id first appears. Lines without a connection id (attribute lists, SA creation lines) belong
 * to the exchange the previous line spoke about. IKEv2 lines are keyed by SA id and message id.
 */
export class ExchangeBuilder {
  readonly exchanges: Exchange[] = [];
  private readonly phase1ByConn = new IntMap<Exchange>();
  /** Quick mode and informational exchanges by connection id, then message id. */
  private readonly byKey = new IntMap<Map<number, Exchange>>();
  /** IKEv2 exchanges by SA id, then message id. */
  private readonly byKeyV2 = new IntMap<Map<number, Exchange>>();
  /** The initiator SPI of the IKE SA each IKEv2 SA id names now. */
  private readonly spiV2 = new IntMap<string>();
  /** Per IKEv2 SA id: the payloads of the packet being built for encryption (IOS prints them before the exchange's packet). */
  private readonly innerPending = new IntMap<string[]>();
  /** Per IKEv2 SA id: the IKE proposals' transforms listed before the IKE_SA_INIT packet. */
  private readonly proposalPending = new IntMap<string[]>();
  /** Per IKEv2 SA id: the identity this router put in IDi before its IKE_AUTH packet. */
  private readonly ownIdentityPending = new IntMap<Ikev2Identity>();
  private readonly currentByConn = new IntMap<Exchange>();
  /**
   * Per connection: the quick mode known only by its refusal lines (no line named its message id),
   * while it is in progress; under UNKNOWN_CONN, one begun by IPSEC lines, which name no connection.
   */
  private readonly unkeyedQuick = new IntMap<Exchange>();
  /** Per exchange: the last line that refused a phase 2 proposal (see `finish`). */
  private readonly lastRefusal = new IntMap<number>();
  /** Per quick mode of `unkeyedQuick`: the kinds of refusal lines it holds. */
  private readonly refusalKinds = new IntMap<Set<string>>();
  private current: Exchange | undefined;
  /** The currentByConn key under which `current` was last recorded. */
  private currentKey = Number.NaN;
  /** Packets in QM_IDLE wait for the next line that names their message id. */
  private pending: { message: CaptureMessage; conn: number }[] = [];
  /** Per exchange: the proposal being listed, and whether a retransmission was announced. */
  private readonly openProposal = new IntMap<ProposalCheck>();
  private readonly retransmitPending = new IntMap<true>();
  /** Per exchange: the index of the message that last announced a retransmission. */
  private readonly lastRetransmit = new IntMap<number>();
  private readonly failureSignal = new IntMap<number>();
  /** First and last stamp of each exchange, set on the exchanges when the pass ends. */
  private readonly times = new TimeSpans();
  /** The line and stamp of the message being applied (see `stampOutcome`). */
  private applyingLine = -1;
  private applyingMs: number | undefined = undefined;

  constructor(private readonly messages: CaptureMessage[]) {}

  /** Adds a finished message; `router` is the host name of the prompt above it. */
  add(message: CaptureMessage, router: string | undefined): void {
    const event = message.event;
    const source = message.source;
    const isV2 =
      source === "ikev2" || source === "ikev2-pak" || source === "ikev2-error";
    if (isV2 && message.connId !== undefined) {
      this.notePending(message.connId, event);
    }
    const target = isV2
      ? this.targetV2(message, event)
      : this.targetV1(message, event);
    if (!target) {
      return;
    }
    this.attach(target, message, router);
    if (message.connId !== undefined && !isV2) {
      // A pending QM packet belongs to the first exchange named after it.
      this.flushPending(message.connId, target);
    }
  }

  /**
   * IKEv2 prints what its next packet carries before the packet names the exchange (the first
   * one of a capture may have none yet): the IKE proposals offered, the payloads to encrypt.
   */
  private notePending(sa: number, event: CaptureEvent | undefined): void {
    if (event?.type === "ikev2-proposal" && !event.child) {
      // Proposal 1 starts a new list: one a negotiation never sent is not carried over.
      this.proposalPending.set(sa, [
        ...(event.first ? [] : (this.proposalPending.get(sa) ?? [])),
        ...event.transforms,
      ]);
    } else if (event?.type === "ikev2-inner") {
      this.innerPending.set(sa, event.payloads);
    }
  }

  /** Ends the pass: numbers packets and settles the outcome of each exchange. */
  finish(): Exchange[] {
    for (const p of this.pending) {
      const ex =
        this.currentByConn.get(p.conn) ?? this.phase1ByConn.get(p.conn);
      if (ex) {
        this.attach(ex, p.message, ex.router, true);
      }
    }
    this.pending = [];
    this.listMessages();
    for (const ex of this.exchanges) {
      this.settleRefusal(ex);
      const start = this.times.start(ex.index);
      if (!Number.isNaN(start)) {
        ex.startMs = start;
        ex.endMs = this.times.end(ex.index);
      }
      if (ex.kind === "phase1" && ex.packets.length) {
        ex.kind = "main";
      }
      numberPackets(ex, this.messages, this.failureSignal.get(ex.index));
    }
    return this.exchanges;
  }

  /**
   * A quick mode still open when the capture ends, whose last word is a refusal of the proposal
   * (`transform proposal not supported`, `proxy identities not supported`...) with no proposal
   * checked and no SA created after it, failed there: `show logging | include` and pasted
   * signatures often stop before `phase 2 SA policy not acceptable!`.
   */
  private settleRefusal(ex: Exchange): void {
    const refused = this.lastRefusal.get(ex.index);
    if (
      refused === undefined ||
      ex.protocol !== "ikev1" ||
      ex.kind !== "quick" ||
      ex.outcome !== "in-progress" ||
      ex.sas.length > 0 ||
      ex.proposals.some((p) => p.line > refused)
    ) {
      return;
    }
    this.fail(ex, refused, "the phase 2 proposal was refused");
  }

  /**
   * Fills each exchange's message list: every message that names it, in line order (a message
   * is attached once). Built at the end in arrays of their exact size, not grown message by
   * message: a big capture has hundreds of thousands of entries.
   */
  private listMessages(): void {
    const counts = new Int32Array(this.exchanges.length);
    const messages = this.messages;
    // Indexed loops: the pass runs once per parse, often before the loop is optimised, and an
    // iterator would then allocate a result object per message.
    for (let i = 0; i < messages.length; i++) {
      const ex = messages[i]!.exchange;
      if (ex >= 0) {
        counts[ex]!++;
      }
    }
    const lists: number[][] = [];
    for (const ex of this.exchanges) {
      const list = new Array<number>(counts[ex.index]!);
      lists.push(list);
      ex.messages = list;
    }
    counts.fill(0);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      const ex = m.exchange;
      if (ex >= 0) {
        lists[ex]![counts[ex]!++] = m.index;
      }
    }
  }

  private create(
    protocol: "ikev1" | "ikev2",
    kind: ExchangeKind,
    connId: number,
    messageId: number,
    line: number,
  ): Exchange {
    // Every field is there from the start, the optional ones undefined: added as each exchange
    // learns them, in its own order, they gave the exchanges dozens of shapes, and every read of
    // `ex.kind` or `ex.connId` in the builder went through a megamorphic lookup.
    const ex: Exchange = {
      index: this.exchanges.length,
      protocol,
      kind,
      connId,
      messageId,
      role: undefined,
      peer: undefined,
      router: undefined,
      startLine: line,
      endLine: line,
      startMs: undefined,
      endMs: undefined,
      precise: true,
      messages: [],
      packets: [],
      states: [],
      retransmissions: [],
      proposals: [],
      notifies: [],
      sas: [],
      outcome: "in-progress",
      outcomeLine: undefined,
      outcomeMs: undefined,
      failure: undefined,
      lastState: undefined,
      peerIdentity: undefined,
      ownIdentity: undefined,
      offered: undefined,
      identityNotFound: undefined,
    };
    this.exchanges.push(ex);
    return ex;
  }

  /**
   * The phase 1 exchange of a connection. `start` says whether the event begins a negotiation
   * (`begin`: a Main Mode start or a new-SA packet; `state`: a move out of IKE_READY), in which
   * case an exchange that already went further is finished and a new one starts.
   */
  private phase1(
    conn: number | undefined,
    message: CaptureMessage,
    start: "none" | "begin" | "state",
    peer?: string,
  ): Exchange {
    const c = conn ?? UNKNOWN_CONN;
    const found = this.phase1ByConn.get(c);
    let ex = found;
    if (ex && start !== "none" && isStarted(ex, start)) {
      ex = undefined;
    }
    if (ex && c === 0 && peer && ex.peer && ex.peer !== peer) {
      ex = this.exchanges.find(
        (e) =>
          e.protocol === "ikev1" &&
          e.messageId === 0 &&
          e.connId === 0 &&
          e.peer === peer &&
          e.outcome === "in-progress",
      );
    }
    if (!ex && c !== UNKNOWN_CONN) {
      const unknown = this.phase1ByConn.get(UNKNOWN_CONN);
      const zero = c !== 0 ? this.phase1ByConn.get(0) : undefined;
      if (unknown && !unknown.packets.length) {
        // Lines cut from their connection id (an `Old State` line at the top of a paste).
        this.phase1ByConn.delete(UNKNOWN_CONN);
        ex = unknown;
      } else if (
        zero &&
        zero.outcome === "in-progress" &&
        (start === "none" || zero.states.length === 0)
      ) {
        // The SA got its connection id: the exchange under id 0 continues under the real one.
        this.phase1ByConn.delete(0);
        ex = zero;
      }
      if (ex) {
        ex.connId = c;
      }
    }
    if (!ex) {
      ex = this.create("ikev1", "phase1", c, 0, message.line);
    }
    if (ex !== found) {
      this.phase1ByConn.set(c, ex);
    }
    return ex;
  }

  private keyed(
    conn: number,
    id: number,
    message: CaptureMessage,
    create: boolean,
  ): Exchange | undefined {
    let byId = this.byKey.get(conn);
    let ex = byId?.get(id);
    if (!ex && create) {
      ex = this.create("ikev1", "informational", conn, id, message.line);
      if (!byId) {
        byId = new Map();
        this.byKey.set(conn, byId);
      }
      byId.set(id, ex);
    }
    return ex;
  }

  /** The exchange a message without its own key belongs to: the current one of its connection. */
  private fallback(
    conn: number | undefined,
    message: CaptureMessage,
  ): Exchange | undefined {
    return conn !== undefined
      ? (this.currentByConn.get(conn) ?? this.phase1(conn, message, "none"))
      : this.current;
  }

  /**
   * The quick mode a line refusing a phase 2 proposal belongs to. Such lines name no message id:
   * they belong to the quick mode the connection is in. When the connection is in phase 1, or no
   * exchange is known (a capture that starts after main mode, `show logging`), the refusal is of
   * a quick mode the capture shows only by these lines: a new one, kept while in progress, which
   * this router answers (the responder validates the proposal it receives).
   */
  private quickFor(
    conn: number | undefined,
    message: CaptureMessage,
  ): Exchange {
    const cur =
      conn !== undefined ? this.currentByConn.get(conn) : this.current;
    if (
      cur &&
      cur.messageId !== UNKEYED_QUICK &&
      (cur.messageId !== 0 || cur.protocol === "ikev2")
    ) {
      return cur;
    }
    // A line without a connection id (IPSEC, map_db) continues the refusal under way, else
    // starts one whose connection the next line that names it gives.
    const c =
      conn ?? (cur?.messageId === UNKEYED_QUICK ? cur.connId : UNKNOWN_CONN);
    const kind = message.event?.type ?? "";
    // The same refusal again is the next attempt (`show logging` lists one after another).
    const open = (ex: Exchange | undefined): ex is Exchange =>
      ex?.outcome === "in-progress" &&
      !this.refusalKinds.get(ex.index)?.has(kind);
    let ex = this.unkeyedQuick.get(c);
    if (!open(ex)) {
      ex = undefined;
    }
    const orphan = this.unkeyedQuick.get(UNKNOWN_CONN);
    if (!ex && c !== UNKNOWN_CONN && open(orphan)) {
      // An IPSEC line began it before a line named the connection.
      this.unkeyedQuick.delete(UNKNOWN_CONN);
      orphan.connId = c;
      ex = orphan;
    }
    if (!ex) {
      ex = this.create("ikev1", "quick", c, UNKEYED_QUICK, message.line);
      ex.role = "responder";
      this.refusalKinds.set(ex.index, new Set());
    }
    this.refusalKinds.get(ex.index)!.add(kind);
    this.unkeyedQuick.set(c, ex);
    return ex;
  }

  /**
   * The quick mode known only by its refusal lines that a `deleting node N ... reason "QM
   * rejected"` line closes: IOS deletes the node of the quick mode it refused, and the line is
   * the first to name its message id. Only while that quick mode is still the connection's
   * current exchange (nothing else began on it since) and it refused a proposal; the node is
   * then recorded for it, so the lines that name the node later join it too.
   */
  private refusedQuick(
    conn: number | undefined,
    node: number,
    reason: string,
  ): Exchange | undefined {
    // Begun by IPSEC lines, which name no connection, the quick mode is the last exchange seen.
    const orphan = this.unkeyedQuick.get(UNKNOWN_CONN);
    const cur =
      conn === undefined
        ? this.current
        : (this.currentByConn.get(conn) ??
          (orphan === this.current ? orphan : undefined));
    if (
      !cur ||
      cur.messageId !== UNKEYED_QUICK ||
      cur.kind !== "quick" ||
      !this.lastRefusal.has(cur.index) ||
      !/^QM rejected$/i.test(reason)
    ) {
      return undefined;
    }
    if (cur === orphan && conn !== undefined) {
      // The line names the connection the refusal lines did not.
      this.unkeyedQuick.delete(UNKNOWN_CONN);
      cur.connId = conn;
      this.unkeyedQuick.set(conn, cur);
    }
    let byId = this.byKey.get(cur.connId);
    if (!byId) {
      byId = new Map();
      this.byKey.set(cur.connId, byId);
    }
    byId.set(node, cur);
    return cur;
  }

  private targetV1(
    message: CaptureMessage,
    event: CaptureEvent | undefined,
  ): Exchange | undefined {
    const conn = message.connId;
    const c = conn ?? 0;
    if (!event) {
      return this.fallback(conn, message);
    }
    switch (event.type) {
      case "ke-request":
        return this.phase1(0, message, "state");
      case "begin":
        if (event.mode === "quick" && event.messageId) {
          return this.keyed(c, event.messageId, message, true);
        }
        return this.phase1(conn, message, "begin");
      case "state":
      case "input": {
        if (event.node) {
          return this.keyed(c, event.node, message, true);
        }
        const quick =
          event.type === "state"
            ? event.oldState.startsWith("IKE_QM") ||
              event.newState.startsWith("IKE_QM")
            : event.event.startsWith("IKE_QM");
        if (quick) {
          const cur =
            conn !== undefined ? this.currentByConn.get(conn) : this.current;
          if (cur && cur.messageId !== 0) {
            return cur;
          }
        }
        if (event.type === "state" && event.event === "IKE_INFO_NOTIFY") {
          const cur =
            conn !== undefined ? this.currentByConn.get(conn) : undefined;
          if (cur && cur.kind === "informational") {
            return cur;
          }
        }
        if (conn === undefined && this.current) {
          return this.current;
        }
        const fresh =
          event.type === "state" &&
          event.oldState === "IKE_READY" &&
          event.newState !== "IKE_READY";
        return this.phase1(conn, message, fresh ? "state" : "none");
      }
      case "packet": {
        if (event.saState === "QM_IDLE") {
          const cur =
            conn !== undefined ? this.currentByConn.get(conn) : this.current;
          if (event.direction === "sent" && cur && cur.messageId !== 0) {
            return cur;
          }
          this.pending.push({ message, conn: c });
          return undefined;
        }
        return this.phase1(
          conn,
          message,
          event.role === "N" ? "begin" : "none",
          event.peer,
        );
      }
      case "payload":
      case "notify":
        if (event.messageId) {
          return this.keyed(c, event.messageId, message, true);
        }
        if (event.messageId === 0) {
          return this.phase1(conn, message, "none");
        }
        return this.fallback(conn, message);
      case "delete-spi":
        if (event.messageId) {
          return this.keyed(c, event.messageId, message, true);
        }
        return this.fallback(conn, message);
      case "delete-node":
        if (event.node) {
          return (
            this.keyed(c, event.node, message, false) ??
            this.refusedQuick(conn, event.node, event.reason) ??
            this.keyed(c, event.node, message, true)
          );
        }
        return this.fallback(conn, message);
      case "retransmit":
        // A quick mode's retransmission names its node: it is that exchange's, not phase 1's.
        return event.node !== undefined
          ? (this.keyed(c, event.node, message, false) ??
              this.fallback(conn, message))
          : this.fallback(conn, message);
      case "purge-sa":
        // The purge of an SA the capture shows nothing else of opens no exchange.
        return conn !== undefined ? this.currentByConn.get(conn) : this.current;
      case "purge-node":
      case "unknown-input":
        return event.node
          ? this.keyed(c, event.node, message, true)
          : this.fallback(conn, message);
      case "no-key":
        if (event.peer && conn !== undefined) {
          return this.phase1(conn, message, "none", event.peer);
        }
        return this.fallback(conn, message);
      case "transform-unsupported":
      case "proxy-unsupported":
      case "peer-not-found":
      case "no-matching-map":
      case "policy-invalidated":
        return this.quickFor(conn, message);
      case "not-acceptable":
        return event.phase === 2
          ? this.quickFor(conn, message)
          : this.fallback(conn, message);
      default:
        return this.fallback(conn, message);
    }
  }

  private targetV2(
    message: CaptureMessage,
    event: CaptureEvent | undefined,
  ): Exchange | undefined {
    const sa = message.connId;
    let id: number | undefined;
    let kind: ExchangeKind | undefined;
    let spi: string | undefined;
    if (event?.type === "packet" && event.messageId !== undefined) {
      id = event.messageId;
      kind = V2_KINDS[event.exchangeName ?? ""];
      spi = event.initiatorSpi;
    } else if (event?.type === "ikev2-state" && event.messageId !== undefined) {
      id = event.messageId;
    } else if (
      sa !== undefined &&
      event?.type === "ikev2-error" &&
      NO_MATCHING_POLICY.test(event.text) &&
      !this.currentByConn.has(-1 - sa)
    ) {
      // The responder's verdict on IKE_SA_INIT names that exchange even when the capture shows
      // nothing of it before (`show logging`, a debug turned on late).
      id = 0;
      kind = "ike-sa-init";
    }
    if (sa !== undefined && id !== undefined) {
      let byId = this.byKeyV2.get(sa);
      // IOS reuses an SA id for the next IKE SA: another initiator SPI is another negotiation,
      // whose message ids start again at 0.
      const known = this.spiV2.get(sa);
      if (spi !== undefined && spi !== known && !/^0+$/.test(spi)) {
        if (known !== undefined) {
          byId = undefined;
        }
        this.spiV2.set(sa, spi);
      }
      if (!byId) {
        byId = new Map();
        this.byKeyV2.set(sa, byId);
      }
      let ex = byId.get(id);
      if (!ex) {
        ex = this.create(
          "ikev2",
          kind ??
            (id === 0
              ? "ike-sa-init"
              : id === 1
                ? "ike-auth"
                : "ikev2-informational"),
          sa,
          id,
          message.line,
        );
        byId.set(id, ex);
      } else if (kind) {
        ex.kind = kind;
      }
      return ex;
    }
    if (sa !== undefined) {
      return this.currentByConn.get(-1 - sa) ?? this.current;
    }
    return this.current;
  }

  private flushPending(conn: number, target: Exchange): void {
    if (!this.pending.length) {
      return;
    }
    const keep: { message: CaptureMessage; conn: number }[] = [];
    for (const p of this.pending) {
      if (p.conn === conn && target.messageId !== 0) {
        this.attach(target, p.message, target.router, true);
      } else {
        keep.push(p);
      }
    }
    this.pending = keep;
  }

  private attach(
    ex: Exchange,
    message: CaptureMessage,
    router: string | undefined,
    late = false,
  ): void {
    // The exchange's message list is built once the pass ends, from this index.
    message.exchange = ex.index;
    ex.startLine = Math.min(ex.startLine, message.line);
    ex.endLine = Math.max(ex.endLine, message.endLine);
    ex.router ??= router;
    const stored = message instanceof StoredMessage;
    const ms = stored ? message.timeMs : message.timestamp?.ms;
    if (ms !== undefined) {
      this.times.widen(ex.index, ms);
      const precise = stored ? message.timePrecise : message.timestamp?.precise;
      if (!precise) {
        ex.precise = false;
      }
    }
    if (!late) {
      const key = ex.protocol === "ikev2" ? -1 - ex.connId : ex.connId;
      // Most messages follow one of the same exchange: then the map already says so.
      if (this.current !== ex || this.currentKey !== key) {
        this.currentByConn.set(key, ex);
        this.currentKey = key;
      }
      this.current = ex;
    }
    const event = message.event;
    if (!event) {
      return;
    }
    this.apply(ex, message, event);
  }

  private fail(ex: Exchange, line: number, reason: string): void {
    if (ex.outcome !== "failed") {
      ex.outcome = "failed";
      ex.outcomeLine = line;
      ex.failure = reason;
      this.stampOutcome(ex, line);
    }
    this.signal(ex, line);
  }

  /**
   * Keeps the outcome line's milliseconds while the parse still holds them: the outline and the
   * lenses print every exchange's duration, and reading the stamp again from each line cost
   * most of a big capture's outline.
   */
  private stampOutcome(ex: Exchange, line: number): void {
    if (line === this.applyingLine && this.applyingMs !== undefined) {
      ex.outcomeMs = this.applyingMs;
    } else {
      ex.outcomeMs = undefined;
    }
  }

  private signal(ex: Exchange, line: number): void {
    if (!this.failureSignal.has(ex.index)) {
      this.failureSignal.set(ex.index, line);
    }
  }

  private apply(
    ex: Exchange,
    message: CaptureMessage,
    event: CaptureEvent,
  ): void {
    const line = message.line;
    this.applyingLine = line;
    this.applyingMs =
      message instanceof StoredMessage ? message.timeMs : message.timestamp?.ms;
    switch (event.type) {
      case "state": {
        ex.states.push({
          line,
          message: message.index,
          oldState: event.oldState,
          newState: event.newState,
        });
        ex.lastState = event.newState;
        const newFlags = stateFlags(event.newState);
        const name =
          newFlags & STATE_ROLE_NAMED ? event.newState : event.oldState;
        const flags = name === event.newState ? newFlags : stateFlags(name);
        if (flags & STATE_MM) {
          setKind(ex, "main");
          ex.role ??= name[4] === "I" ? "initiator" : "responder";
        } else if (flags & STATE_AM) {
          setKind(ex, "aggressive");
          ex.role ??= name[4] === "I" ? "initiator" : "responder";
        } else if (flags & STATE_QM && ex.messageId !== 0) {
          ex.kind = "quick";
          if (flags & STATE_QM_I) {
            ex.role ??= "initiator";
          } else if (flags & STATE_QM_R) {
            ex.role ??= "responder";
          }
        }
        if (newFlags & STATE_QM && ex.messageId !== 0) {
          ex.kind = "quick";
        }
        if (event.newState === "IKE_P1_COMPLETE" && ex.messageId === 0) {
          this.complete(ex, line);
        } else if (event.newState === "IKE_QM_PHASE2_COMPLETE") {
          this.complete(ex, line);
        } else if (
          event.event === "IKE_PROCESS_ERROR" ||
          (event.newState === "IKE_READY" && event.oldState !== "IKE_READY")
        ) {
          this.fail(ex, line, "the state machine fell back after an error");
        }
        break;
      }
      case "begin":
        if (event.mode === "quick") {
          ex.kind = "quick";
          ex.role ??= "initiator";
        } else {
          setKind(ex, event.mode);
          ex.role ??= "initiator";
        }
        break;
      case "packet": {
        ex.peer ??= event.peer;
        if (ex.protocol === "ikev1" && ex.messageId === 0) {
          if (event.role === "I") {
            ex.role ??= "initiator";
          } else if (event.role === "R" || event.role === "N") {
            ex.role ??= "responder";
          }
          if (event.saState?.startsWith("AG_")) {
            setKind(ex, "aggressive");
          } else if (event.saState?.startsWith("MM_")) {
            setKind(ex, "main");
          }
        }
        if (ex.protocol === "ikev2" && event.request !== undefined) {
          ex.role ??=
            (event.direction === "sent") === event.request
              ? "initiator"
              : "responder";
          if (!event.request && ex.kind === "ike-sa-init") {
            if (
              event.payloads?.some((p) => p.startsWith("NOTIFY(NO_PROPOSAL"))
            ) {
              this.fail(ex, line, "the responder rejected the IKEv2 proposals");
            } else if (
              !event.payloads?.includes("NOTIFY(INVALID_KE_PAYLOAD)")
            ) {
              this.complete(ex, line);
            }
          } else if (
            !event.request &&
            (ex.kind === "ikev2-informational" || ex.kind === "create-child-sa")
          ) {
            // The response acknowledges the request (an error notify in it fails it below).
            this.complete(ex, line);
          }
          for (const p of event.payloads ?? []) {
            const n = p.startsWith("NOTIFY(")
              ? /^NOTIFY\((\w+)\)/.exec(p)
              : null;
            if (n && V2_ERROR_NOTIFIES.has(n[1]!)) {
              ex.notifies.push({ line, notify: n[1]!, message: message.index });
              // INVALID_KE_PAYLOAD in IKE_SA_INIT asks the initiator to start again with the
              // group the responder names: the usual way two group lists meet, no failure yet.
              if (!(
                n[1] === "INVALID_KE_PAYLOAD" && ex.kind === "ike-sa-init"
              )) {
                this.fail(ex, line, `the peer sent ${n[1]}`);
              }
            }
          }
        }
        const retransmission =
          this.retransmitPending.has(ex.index) && event.direction === "sent";
        this.retransmitPending.delete(ex.index);
        const inner =
          event.direction === "sent" && ex.protocol === "ikev2"
            ? this.innerPending.get(ex.connId)
            : undefined;
        if (inner) {
          this.innerPending.delete(ex.connId);
        }
        if (
          ex.kind === "ike-sa-init" &&
          ex.protocol === "ikev2" &&
          event.direction === "sent" &&
          event.request
        ) {
          // Only the initiator's request offers: a responder lists the proposal it chose.
          const offered = this.proposalPending.get(ex.connId);
          if (offered) {
            ex.offered ??= offered;
            this.proposalPending.delete(ex.connId);
          }
        }
        if (ex.kind === "ike-auth" && ex.protocol === "ikev2") {
          const own = this.ownIdentityPending.get(ex.connId);
          if (own) {
            ex.ownIdentity ??= own;
            this.ownIdentityPending.delete(ex.connId);
          }
        }
        ex.packets.push({
          message: message.index,
          line,
          direction: event.direction,
          step: 0,
          retransmission,
          summary: "",
          notify: false,
          inner,
        });
        break;
      }
      case "retransmit": {
        // IOS announces each IKEv1 retransmission twice (`retransmitting phase 1 MM_NO_STATE...`,
        // the error counter or two, `retransmitting phase 1 MM_NO_STATE`) before sending it
        // once. Counted in messages, not lines: a terminal's hard wrap adds lines.
        const last = this.lastRetransmit.get(ex.index);
        if (
          !this.retransmitPending.has(ex.index) ||
          last === undefined ||
          message.index - last > 3
        ) {
          ex.retransmissions.push(line);
        }
        this.lastRetransmit.set(ex.index, message.index);
        this.retransmitPending.set(ex.index, true);
        break;
      }
      case "retransmit-exhausted":
        this.fail(
          ex,
          line,
          "no answer from the peer after every retransmission",
        );
        break;
      case "delete-sa":
        if (/retransmi/i.test(event.reason)) {
          this.fail(
            ex,
            line,
            "no answer from the peer after every retransmission",
          );
        } else if (ex.outcome === "in-progress") {
          this.fail(ex, line, `deleted: ${event.reason}`);
        }
        break;
      case "policy-check": {
        const p: ProposalCheck = {
          line,
          priority: event.priority,
          transform: event.transform,
          attributes: {},
          attributeLines: {},
          mismatches: [],
        };
        ex.proposals.push(p);
        this.openProposal.set(ex.index, p);
        break;
      }
      case "ipsec-proposal": {
        const p: ProposalCheck = {
          line,
          priority: 0,
          transform: event.proposal,
          attributes: {},
          attributeLines: {},
          mismatches: [],
        };
        ex.proposals.push(p);
        this.openProposal.set(ex.index, p);
        break;
      }
      case "ipsec-transform": {
        const p = this.openProposal.get(ex.index);
        if (p) {
          p.attributes["transform"] = event.id;
          p.attributeLines["transform"] = line;
        }
        break;
      }
      case "attribute": {
        const p = this.openProposal.get(ex.index);
        if (p && p.accepted === undefined) {
          p.attributes[event.key] = event.value;
          p.attributeLines[event.key] = line;
        }
        break;
      }
      case "mismatch": {
        const p = this.openProposal.get(ex.index);
        p?.mismatches.push({ attribute: event.attribute, line });
        break;
      }
      case "atts": {
        const p = this.openProposal.get(ex.index);
        if (p && p.accepted === undefined) {
          p.accepted = event.acceptable;
          p.resultLine = line;
        }
        break;
      }
      case "no-offers":
        this.fail(ex, line, "no proposal was accepted");
        break;
      case "not-acceptable":
        if (event.remote) {
          ex.peer ??= event.remote;
        }
        this.fail(
          ex,
          line,
          event.phase === 1
            ? "no proposal was accepted"
            : "the phase 2 proposal was not acceptable",
        );
        break;
      case "notify": {
        ex.notifies.push({
          line,
          notify: event.notify,
          message: message.index,
        });
        if (ex.kind === "phase1" && ex.messageId !== 0) {
          ex.kind = "informational";
        }
        if (
          /PROPOSAL_NOT_CHOSEN|NO_PROPOSAL_CHOSEN|INVALID_ID_INFO|TS_UNACCEPTABLE|AUTHENTICATION_FAILED|INVALID_HASH/.test(
            event.notify,
          )
        ) {
          const qm = this.openQuickMode(ex);
          if (qm && qm !== ex) {
            this.fail(qm, line, `the peer answered ${event.notify}`);
          }
          if (ex.protocol === "ikev2" || ex.messageId === 0) {
            this.fail(ex, line, `the peer answered ${event.notify}`);
          }
        }
        break;
      }
      case "payload":
        if (
          ex.messageId !== 0 &&
          ex.kind === "informational" &&
          /^SA$/i.test(event.payload)
        ) {
          ex.kind = "quick";
          ex.role ??=
            ex.packets[0]?.direction === "received" ? "responder" : "initiator";
        }
        break;
      case "turned-off":
        this.fail(ex, line, "ISAKMP is turned off");
        break;
      case "no-key":
        this.signal(ex, line);
        if (!event.peer) {
          this.fail(ex, line, "no pre-shared key or certificate for the peer");
        } else {
          ex.peer ??= event.peer;
        }
        break;
      case "cannot-start":
        // `Can not start Aggressive mode, trying Main mode.` opens every main mode an IOS
        // initiator starts without an aggressive-mode password: the exchange goes on.
        if (!event.fallback) {
          this.fail(ex, line, `cannot start ${event.mode} mode`);
        }
        break;
      case "purge-sa":
        // IOS purges every SA a while after deleting it: on an SA whose negotiation the
        // capture does not show, it tells nothing of how that negotiation went.
        if (
          ex.outcome === "in-progress" &&
          (ex.packets.length > 0 || ex.states.length > 0)
        ) {
          this.fail(ex, line, "the SA was purged before completing");
        }
        break;
      case "delete-node":
        if (event.error && ex.outcome === "in-progress") {
          // A quick mode that refused a proposal failed there, not where its node is deleted.
          const refused = this.lastRefusal.get(ex.index);
          if (refused !== undefined && ex.kind === "quick") {
            this.fail(ex, refused, "the phase 2 proposal was refused");
          } else {
            this.fail(ex, line, `deleted (${event.reason || "error"})`);
          }
        }
        break;
      case "key-found":
      case "authenticated":
        if (event.peer) {
          ex.peer ??= event.peer;
        }
        break;
      case "malformed":
      case "notify-no-hash":
        this.fail(ex, line, "the peer's reply failed authentication");
        break;
      case "syslog":
        if (
          /IKMP_BAD_MESSAGE|IKMP_INVAL_CERT|IKE_QUICKMODE_BAD_CERT|IKMP_MODE_FAILURE/.test(
            event.mnemonic,
          )
        ) {
          this.fail(ex, line, event.mnemonic);
        }
        break;
      case "sa":
        ex.sas.push({
          line,
          direction: event.direction,
          from: event.from,
          to: event.to,
          proxyFrom: event.proxyFrom,
          proxyTo: event.proxyTo,
        });
        break;
      case "sa-spi": {
        const sa = ex.sas[ex.sas.length - 1];
        if (sa && sa.spi === undefined) {
          sa.spi = event.spi;
          sa.connId = event.connId;
        }
        break;
      }
      case "transform-unsupported":
      case "proxy-unsupported":
      case "peer-not-found":
      case "no-matching-map":
      case "policy-invalidated":
        this.signal(ex, line);
        this.lastRefusal.set(ex.index, line);
        break;
      case "ikev2-state":
        ex.states.push({
          line,
          message: message.index,
          oldState: ex.lastState ?? "",
          newState: event.state,
        });
        ex.lastState = event.state;
        ex.role ??= event.role === "I" ? "initiator" : "responder";
        break;
      case "ikev2-auth":
        if (event.passed) {
          this.complete(ex, line);
        } else {
          this.fail(ex, line, "the peer's authentication data did not verify");
        }
        break;
      case "ikev2-up":
        this.complete(ex, line);
        break;
      case "ikev2-identity": {
        const identity = { text: event.identity, type: event.idType, line };
        if (event.own) {
          // The initiator builds IDi before its IKE_AUTH packet names the exchange.
          if (ex.kind === "ike-auth") {
            ex.ownIdentity = identity;
          } else {
            this.ownIdentityPending.set(ex.connId, identity);
          }
        } else {
          ex.peerIdentity = identity;
        }
        break;
      }
      case "ikev2-not-found": {
        const id = ex.peerIdentity;
        if (id) {
          ex.identityNotFound = line;
        }
        this.fail(
          ex,
          line,
          id
            ? `the peer's identity '${id.text}' (${id.type}) matches no IKEv2 profile`
            : "a lookup failed (Failed to locate an item in the database)",
        );
        break;
      }
      case "ikev2-error":
        if (ex.kind === "ike-sa-init" && NO_MATCHING_POLICY.test(event.text)) {
          // Only a responder compares the proposals it received with its own.
          ex.role ??= "responder";
        }
        this.fail(
          ex,
          line,
          // A responder prints its lists under this error: what failed is the proposals.
          ex.kind !== "ike-sa-init"
            ? event.text
            : /matching policy/i.test(event.text)
              ? "none of the initiator's IKEv2 proposals is acceptable (Failed to find a matching policy)"
              : /proposed policies/i.test(event.text)
                ? "none of the initiator's IKEv2 proposals is acceptable (Failed to verify the proposed policies)"
                : event.text,
        );
        break;
      default:
        break;
    }
  }

  private complete(ex: Exchange, line: number): void {
    if (ex.outcome === "in-progress") {
      ex.outcome = "complete";
      ex.outcomeLine = line;
      this.stampOutcome(ex, line);
    }
  }

  /** The quick mode of the same IKE SA most recently started and not finished. */
  private openQuickMode(ex: Exchange): Exchange | undefined {
    for (let i = this.exchanges.length - 1; i >= 0; i--) {
      const e = this.exchanges[i]!;
      if (
        e.protocol === ex.protocol &&
        e.connId === ex.connId &&
        e.kind === "quick" &&
        e.outcome === "in-progress"
      ) {
        return e;
      }
    }
    return undefined;
  }
}

/** Keys below this go to IntMap's array (IOS connection ids are in the low thousands). */
const SMALL_KEYS = 1 << 16;

/**
 * A map from numbers to values that are never undefined, read for nearly every message: small
 * non-negative integers (connection ids, exchange indexes) index an array, any other key goes
 * to a Map. An array read costs a fraction of a Map lookup.
 */
class IntMap<V> {
  private readonly small: (V | undefined)[] = [];
  private readonly rest = new Map<number, V>();

  get(key: number): V | undefined {
    return isSmallKey(key) ? this.small[key] : this.rest.get(key);
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: V): void {
    if (!isSmallKey(key)) {
      this.rest.set(key, value);
      return;
    }
    // Filled up to the key, so the array never turns sparse (V8 would then make it a dictionary).
    while (this.small.length < key) {
      this.small.push(undefined);
    }
    this.small[key] = value;
  }

  delete(key: number): void {
    if (!isSmallKey(key)) {
      this.rest.delete(key);
    } else if (key < this.small.length) {
      this.small[key] = undefined;
    }
  }
}

function isSmallKey(key: number): boolean {
  return key >= 0 && key < SMALL_KEYS && (key | 0) === key;
}

/**
 * The earliest and latest milliseconds of each exchange, by exchange index, in one growing array
 * (NaN until a stamp is seen). Kept out of the exchanges while messages arrive: a number field
 * that holds both small integers and large ones would box every update.
 */
class TimeSpans {
  private spans = new Float64Array(128).fill(Number.NaN);

  widen(index: number, ms: number): void {
    if (2 * index + 1 >= this.spans.length) {
      const grown = new Float64Array(
        Math.max(2 * this.spans.length, 2 * index + 2),
      ).fill(Number.NaN);
      grown.set(this.spans);
      this.spans = grown;
    }
    const start = this.spans[2 * index]!;
    if (Number.isNaN(start)) {
      this.spans[2 * index] = ms;
      this.spans[2 * index + 1] = ms;
    } else {
      this.spans[2 * index] = Math.min(start, ms);
      this.spans[2 * index + 1] = Math.max(this.spans[2 * index + 1]!, ms);
    }
  }

  /** The earliest stamp, or NaN. */
  start(index: number): number {
    return 2 * index < this.spans.length ? this.spans[2 * index]! : Number.NaN;
  }

  /** The latest stamp, or NaN. */
  end(index: number): number {
    return 2 * index + 1 < this.spans.length
      ? this.spans[2 * index + 1]!
      : Number.NaN;
  }
}

const V2_KINDS: Readonly<Record<string, ExchangeKind>> = table({
  IKE_SA_INIT: "ike-sa-init",
  IKE_AUTH: "ike-auth",
  CREATE_CHILD_SA: "create-child-sa",
  INFORMATIONAL: "ikev2-informational",
});

/** The responder's words when none of the IKE_SA_INIT proposals it received is acceptable. */
const NO_MATCHING_POLICY = /Failed to find a matching policy/i;

const V2_ERROR_NOTIFIES = new Set([
  "NO_PROPOSAL_CHOSEN",
  "AUTHENTICATION_FAILED",
  "TS_UNACCEPTABLE",
  "INVALID_KE_PAYLOAD",
  "INVALID_SYNTAX",
  "FAILED_CP_REQUIRED",
  "INTERNAL_ADDRESS_FAILURE",
]);

/** True when an exchange shows more than bookkeeping (a purged node id, say), so it is worth listing. */
export function isSignificant(ex: Exchange): boolean {
  return (
    ex.packets.length > 0 ||
    ex.states.length > 0 ||
    ex.notifies.length > 0 ||
    ex.proposals.length > 0 ||
    ex.sas.length > 0 ||
    ex.outcome === "failed"
  );
}

function setKind(ex: Exchange, kind: "main" | "aggressive"): void {
  if (ex.kind === "phase1" || ex.kind === "informational") {
    ex.kind = kind;
  }
}

/** Key of phase 1 exchanges whose lines carry no connection id. */
const UNKNOWN_CONN = -1;

/** The message id of a quick mode the capture shows only by its refusal lines. */
const UNKEYED_QUICK = -1;

/** `IKE_I_MM1`, `IKE_QM_R_QM2`: a state that names this router's role. */
const STATE_ROLE_NAMED = 1;
/** `IKE_I_MM*` / `IKE_R_MM*`: main mode. */
const STATE_MM = 2;
/** `IKE_I_AM*` / `IKE_R_AM*`: aggressive mode. */
const STATE_AM = 4;
/** `IKE_QM_*`: quick mode. */
const STATE_QM = 8;
/** `IKE_QM_I_*`: quick mode as initiator. */
const STATE_QM_I = 16;
/** `IKE_QM_R_*`, `IKE_QM_SPI_STARVE`: quick mode as responder. */
const STATE_QM_R = 32;

/**
 * What a state name says, as STATE_* bits. A capture repeats a few dozen names (shared strings)
 * in tens of thousands of state changes, so each is read once instead of by five regexes each time.
 */
const STATE_FLAGS = new Map<string, number>();

function stateFlags(name: string): number {
  let flags = STATE_FLAGS.get(name);
  if (flags === undefined) {
    flags =
      (/^IKE_(QM_)?[IR]_/.test(name) ? STATE_ROLE_NAMED : 0) |
      (/^IKE_[IR]_MM/.test(name) ? STATE_MM : 0) |
      (/^IKE_[IR]_AM/.test(name) ? STATE_AM : 0) |
      (/^IKE_QM_/.test(name) ? STATE_QM : 0) |
      (/^IKE_QM_I_/.test(name) ? STATE_QM_I : 0) |
      (/^IKE_QM_(R_|SPI_STARVE)/.test(name) ? STATE_QM_R : 0);
    // Bounded: a damaged capture could hold any number of names. The key is a copy: the table
    // outlives the capture, whose text a name cut from it would keep alive.
    if (STATE_FLAGS.size < 4096) {
      STATE_FLAGS.set(detached(name), flags);
    }
  }
  return flags;
}

/** True when a phase 1 exchange already went past a start of this level, so the start is a new exchange. */
function isStarted(ex: Exchange, level: "begin" | "state"): boolean {
  if (ex.outcome !== "in-progress") {
    return true;
  }
  if (level === "begin") {
    return ex.packets.length > 0;
  }
  // A responder receives message 1 and only then leaves IKE_READY: a lone received packet is no start.
  return (
    ex.packets.some((p) => p.direction === "sent") ||
    ex.states.some((s) => s.oldState !== s.newState)
  );
}

/** The first index whose value is not below `value` (the list is sorted). */
function lowerBound(list: readonly number[], value: number): number {
  return firstAtOrAfter(list, value, (n) => n);
}

/**
 * Numbers the packets of an exchange: main mode 1-6, aggressive 1-3, quick mode 1-3, IKEv2
 * request 1 / response 2. The initiator sends the odd messages; a capture that starts mid-way is
 * placed by the IKE SA state IOS prints with the packet. A packet after the exchange failed, or a
 * received packet whose content the next lines call a notify, is a notify, not a step.
 */
function numberPackets(
  ex: Exchange,
  messages: readonly CaptureMessage[],
  failureLine: number | undefined,
): void {
  // Packets arrive in line order except the deferred ones: sort only when needed (a sort allocates).
  if (!packetsSorted(ex.packets)) {
    ex.packets.sort((a, b) => a.line - b.line);
  }
  const stepsKey =
    ex.kind === "main" &&
    ex.messages.some((i) => {
      const e = messages[i]!.event;
      return (
        (e?.type === "payload" && isCertificatePayload(e.payload)) ||
        e?.type === "cert-processing"
      );
    })
      ? "main-cert"
      : ex.kind;
  const table = EXCHANGE_STEPS[stepsKey];
  // A capture that starts mid-exchange: the first state change says how far it had gone.
  const first = ex.states[0];
  let last = first ? (isakmpState(first.oldState)?.message ?? 0) : 0;
  let lastSent = 0;
  for (const packet of ex.packets) {
    const event = messages[packet.message]!.event;
    if (event?.type !== "packet") {
      continue;
    }
    if (ex.protocol === "ikev2") {
      packet.step = event.request === undefined ? 0 : event.request ? 1 : 2;
      const listed =
        event.payloads?.join(" ") ??
        (table ? (table.steps[packet.step] ?? "") : "");
      packet.summary = packet.inner
        ? `${listed} (inside: ${packet.inner.join(" ")})`
        : listed;
      packet.notify =
        !!event.payloads?.some((p) => p.startsWith("NOTIFY(")) &&
        !event.payloads.some((p) => p === "SA" || p === "AUTH");
      continue;
    }
    if (!table || ex.kind === "informational") {
      packet.notify = ex.kind === "informational";
      packet.summary = ex.kind === "informational" ? "notify or delete" : "";
      continue;
    }
    if (packet.retransmission) {
      packet.step = lastSent;
      packet.summary = lastSent ? (table.steps[lastSent] ?? "") : "";
      continue;
    }
    if (
      (failureLine !== undefined && packet.line > failureLine) ||
      (packet.direction === "received" &&
        nextIsNotify(ex, messages, packet.message))
    ) {
      packet.notify = true;
      packet.summary = "notify";
      continue;
    }
    const role =
      ex.role ??
      (ex.kind === "quick"
        ? ex.packets[0]?.direction === "sent"
          ? "initiator"
          : "responder"
        : event.role === "I"
          ? "initiator"
          : "responder");
    const sendsOdd = role === "initiator";
    const wantOdd = (packet.direction === "sent") === sendsOdd;
    let step: number;
    const guess =
      last === 0 && event.saState
        ? MAIN_MODE_STEP_BY_STATE[
            `${role}/${packet.direction}/${event.saState}`
          ]
        : undefined;
    if (guess !== undefined && ex.kind !== "quick") {
      step = guess;
    } else {
      step = last + 1;
      if ((step % 2 === 1) !== wantOdd) {
        step++;
      }
    }
    if (step > table.total) {
      packet.step = 0;
      packet.notify = true;
      packet.summary = "notify";
      continue;
    }
    packet.step = step;
    packet.summary = table.steps[step] ?? "";
    last = step;
    if (packet.direction === "sent") {
      lastSent = step;
    }
  }
}

function packetsSorted(packets: readonly ExchangePacket[]): boolean {
  for (let i = 1; i < packets.length; i++) {
    if (packets[i - 1]!.line > packets[i]!.line) {
      return false;
    }
  }
  return true;
}

/** True when the lines after a received packet (before the next packet) show it held a notify. */
function nextIsNotify(
  ex: Exchange,
  messages: readonly CaptureMessage[],
  packetMessage: number,
): boolean {
  const at = lowerBound(ex.messages, packetMessage);
  for (let i = at + 1; i < ex.messages.length && i < at + 6; i++) {
    const e = messages[ex.messages[i]!]!.event;
    if (!e) {
      continue;
    }
    if (e.type === "packet") {
      return false;
    }
    if (e.type === "malformed" || e.type === "notify-no-hash") {
      return true;
    }
    if (e.type === "syslog" && e.mnemonic === "IKMP_BAD_MESSAGE") {
      return true;
    }
    if (e.type === "payload" || e.type === "state") {
      return false;
    }
  }
  return false;
}
