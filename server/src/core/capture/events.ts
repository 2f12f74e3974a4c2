import { matchAttribute } from "../knowledge/ikeAttributes";
import { natSignature } from "../knowledge/natDiscovery";
import { Interner } from "./intern";
import {
  SOURCE_ISAKMP,
  SOURCE_ISAKMP_ERROR,
  SOURCE_ISAKMP_PAK,
  SOURCE_OTHER,
  SOURCE_SYSLOG,
  SOURCES,
} from "./lexer";
import type { CaptureEvent, MessageSource } from "./model";
import { table } from "../knowledge/table";

// Local copies of constants read on every message (an imported binding can cost a call per read).
const ISAKMP = SOURCE_ISAKMP;
const ISAKMP_PAK = SOURCE_ISAKMP_PAK;
const ISAKMP_ERROR = SOURCE_ISAKMP_ERROR;
const OTHER = SOURCE_OTHER;
const SYSLOG = SOURCE_SYSLOG;

/**
 * Reads the event a debug message reports from its body (the text after `ISAKMP (0:1): ` and
 * friends). Rules are tried by the body's first word, so a line costs only the few rules that can
 * match it; every pattern is anchored or bounded, never nested.
 */

type Rule = (body: string) => CaptureEvent | undefined;

const SPACE = /\s/;

/** A number as IOS prints it, spaces removed (`- 1110884980`); most have none, so no copy is made. */
const num = (s: string | undefined): number | undefined =>
  s === undefined
    ? undefined
    : Number(SPACE.test(s) ? s.replace(/\s+/g, "") : s);

/** A message id as IOS prints it (`-216243713`, `- 1110884980`); exchanges key on its absolute value. */
function messageId(s: string | undefined): number | undefined {
  const n = num(s);
  return n === undefined ? undefined : Math.abs(n);
}

/**
 * Shares one string per distinct state, event or peer name: a big capture repeats a few dozen
 * names hundreds of thousands of times, and each kept copy would be one more object to collect.
 */
const INTERNED = new Interner(4096);

function intern(text: string): string;
function intern(text: string | undefined): string | undefined;
function intern(text: string | undefined): string | undefined {
  return text === undefined ? undefined : INTERNED.intern(text);
}

/** Drops the dots IOS appends to a state (`MM_NO_STATE...`), without a backtracking regex. */
function stripDots(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  let end = text.length;
  while (end > 0 && text[end - 1] === ".") {
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

const STATE_CHANGE = /Old State = (\S+) +New State = (\S+)/;
const INPUT = /Input = (\w+), *(\w+)?/;
const NODE = /^Node (-? ?\d+),/;

function stateOrInput(body: string): CaptureEvent | undefined {
  const state = STATE_CHANGE.exec(body);
  const input = INPUT.exec(body);
  const node = NODE.exec(body);
  if (state) {
    return {
      type: "state",
      oldState: intern(state[1]!),
      newState: intern(state[2]!),
      source: intern(input?.[1]),
      event: intern(input?.[2]),
      node: messageId(node?.[1]),
    };
  }
  if (input) {
    return {
      type: "input",
      source: intern(input[1]!),
      event: intern(input[2] ?? ""),
      node: messageId(node?.[1]),
    };
  }
  return undefined;
}

const PACKET =
  /^(sending|received) packet (?:to|from) ([\d.]{7,15}|[\da-fA-F:]{2,39})[^()]*\(([IRN])\) (\S+(?: SA)?)/;
const PACKET_NO_ROLE = /^(sending|received) packet (?:to|from) ([\d.]+)/;

function packet(body: string): CaptureEvent | undefined {
  const m = PACKET.exec(body);
  if (m) {
    const saState = m[4] === "NEW" || m[4] === "NEW SA" ? "NEW SA" : m[4];
    return {
      type: "packet",
      direction: m[1] === "sending" ? "sent" : "received",
      peer: intern(m[2]!),
      role: m[3] as "I" | "R" | "N",
      saState: intern(stripDots(saState)),
    };
  }
  const n = PACKET_NO_ROLE.exec(body);
  return n
    ? {
        type: "packet",
        direction: n[1] === "sending" ? "sent" : "received",
        peer: n[2]!,
      }
    : undefined;
}

const RULES_BY_WORD: Readonly<Record<string, readonly Rule[]>> = table({
  Input: [stateOrInput],
  Old: [stateOrInput],
  Node: [stateOrInput],
  received: [
    packet,
    (b) =>
      /^received ke message/.test(b) ? { type: "ke-request" } : undefined,
  ],
  sending: [packet],
  local: [
    (b) => {
      const m = /^local port (\d+), remote port (\d+)/.exec(b);
      return m
        ? { type: "ports", local: Number(m[1]), remote: Number(m[2]) }
        : undefined;
    },
  ],
  beginning: [
    (b) => {
      const m =
        /^beginning (Main|Aggressive|Quick) Mode exchange(?:, M-ID of (-? ?\d+))?/i.exec(
          b,
        );
      return m
        ? {
            type: "begin",
            mode: m[1]!.toLowerCase() as "main" | "aggressive" | "quick",
            messageId: messageId(m[2]),
          }
        : undefined;
    },
  ],
  retransmitting: [
    (b) => {
      const m =
        /^retransmitting (?:due to retransmit )?phase ([12])((?:\s+[\w.-]{1,40}){0,3})/.exec(
          b,
        );
      if (!m) {
        return { type: "retransmit" };
      }
      // `phase 1 MM_NO_STATE...`; phase 2 names its node before or after the state
      // (`phase 2 QM_IDLE  1882239488 ...`, `phase 2 1882239488 QM_IDLE`).
      const words = m[2]!.trim().split(/\s+/);
      const state = words.find((w) => /^[A-Z][A-Z0-9_]*(?:\.{3})?$/.test(w));
      const node = words.find((w) => /^-?\d{1,10}$/.test(w));
      return {
        type: "retransmit",
        phase: Number(m[1]) as 1 | 2,
        saState: stripDots(state),
        ...(node !== undefined && m[1] === "2"
          ? { node: Math.abs(Number(node)) }
          : {}),
      };
    },
  ],
  incrementing: [
    (b) => {
      const m = /^incrementing error counter on (?:sa|node)[^:]*:\s*(.*)$/.exec(
        b,
      );
      return m ? { type: "error-counter", reason: m[1]!.trim() } : undefined;
    },
  ],
  processing: [
    (b) => {
      const m =
        /^processing NOTIFY (\S+)(?: protocol (\d+))?(?:\s+spi ([^\s,]+),?)?(?:\s*,?\s*message ID = (-? ?\d+))?/.exec(
          b,
        );
      return m
        ? {
            type: "notify",
            notify: m[1]!.replace(/,$/, ""),
            protocol: num(m[2]),
            spi: m[3],
            messageId: messageId(m[4]),
          }
        : undefined;
    },
    (b) => {
      const m = /^processing (?:a )?(CT_\w+) cert/.exec(b);
      return m ? { type: "cert-processing", certType: m[1]! } : undefined;
    },
    (b) => {
      const m =
        /^processing ([A-Za-z][\w-]*(?: id)?) payload\.?(?: message ID = (-? ?\d+))?/.exec(
          b,
        );
      return m
        ? { type: "payload", payload: m[1]!, messageId: messageId(m[2]) }
        : undefined;
    },
  ],
  found: [
    (b) => {
      const m = /^found peer pre-shared key matching (\S+)/.exec(b);
      return m ? { type: "key-found", peer: m[1]! } : undefined;
    },
  ],
  Checking: [
    (b) => {
      const m =
        /^Checking ISAKMP transform (\d+) against priority (\d+) policy/.exec(
          b,
        );
      return m
        ? {
            type: "policy-check",
            transform: Number(m[1]),
            priority: Number(m[2]),
          }
        : undefined;
    },
    (b) => {
      const m = /^Checking IPSec proposal (\d+)/i.exec(b);
      return m ? { type: "ipsec-proposal", proposal: Number(m[1]) } : undefined;
    },
  ],
  transform: [
    (b) => {
      const m = /^transform (\d+), (\w+)/.exec(b);
      return m
        ? { type: "ipsec-transform", transform: Number(m[1]), id: m[2]! }
        : undefined;
    },
  ],
  atts: [
    (b) => {
      const m =
        /^atts (are )?(not )?acceptable\.?(?: Next payload is (\d+))?/.exec(b);
      return m
        ? { type: "atts", acceptable: !m[2], nextPayload: num(m[3]) }
        : undefined;
    },
  ],
  no: [
    (b) => (/^no offers accepted/.test(b) ? { type: "no-offers" } : undefined),
  ],
  peer: [
    (b) => {
      // As responder: which isakmp profile the peer's identity (and front-door VRF) selected.
      if (/^peer matches \*none\* of the profiles/.test(b)) {
        return { type: "no-profile" };
      }
      const m = /^peer matches (\S+) profile/.exec(b);
      return m ? { type: "profile-matched", profile: m[1]! } : undefined;
    },
  ],
  phase: [
    (b) => {
      const m =
        /^phase ([12]) SA (?:policy )?not acceptable!?(?: \(local (\S+) remote ([^\s)]+)\))?/.exec(
          b,
        );
      return m
        ? {
            type: "not-acceptable",
            phase: Number(m[1]) as 1 | 2,
            local: m[2],
            remote: m[3],
          }
        : undefined;
    },
  ],
  No: [
    (b) =>
      /^No Cert or pre-shared address key/.test(b)
        ? { type: "no-key" }
        : undefined,
    (b) => {
      const m = /^No pre-shared key with (\S+?)!?$/.exec(b);
      return m ? { type: "no-key", peer: m[1]! } : undefined;
    },
  ],
  Can: [
    (b) => {
      const m = /^Can not start (\w+) mode(?:, trying (\w+) mode)?/i.exec(b);
      return m
        ? {
            type: "cannot-start",
            mode: m[1]!.toLowerCase(),
            ...(m[2] ? { fallback: m[2].toLowerCase() } : {}),
          }
        : undefined;
    },
  ],
  "can't": [
    (b) =>
      /^can't initiate when turned off/.test(b)
        ? { type: "turned-off" }
        : undefined,
  ],
  SA: [
    attributeRule,
    (b) => {
      const m = /^SA has been authenticated(?: with (\S+))?/.exec(b);
      return m ? { type: "authenticated", peer: m[1] } : undefined;
    },
    (b) => {
      const m =
        /^SA is doing (\S+(?: \S+){0,3}) authentication using id type (\S+)/.exec(
          b,
        );
      return m
        ? { type: "auth-method", method: m[1]!, idType: m[2]! }
        : undefined;
    },
  ],
  SKEYID: [
    (b) => (/^SKEYID state generated/.test(b) ? { type: "skeyid" } : undefined),
  ],
  speaking: [(b) => ({ type: "vendor", text: b })],
  purging: [
    (b) => {
      const m = /^purging node (-? ?\d+)/.exec(b);
      if (m) {
        return { type: "purge-node", node: messageId(m[1])! };
      }
      return /^purging SA/.test(b) ? { type: "purge-sa" } : undefined;
    },
  ],
  deleting: [
    (b) => {
      const m =
        /^deleting node (-? ?\d+) error (TRUE|FALSE) reason "([^"]*)"/.exec(b);
      return m
        ? {
            type: "delete-node",
            node: messageId(m[1])!,
            error: m[2] === "TRUE",
            reason: m[3]!,
          }
        : undefined;
    },
    (b) => {
      const m = /^deleting spi (\S+) message ID = (-? ?\d+)/.exec(b);
      return m
        ? { type: "delete-spi", spi: m[1]!, messageId: messageId(m[2]) }
        : undefined;
    },
    (b) => {
      const m = /^deleting SA reason "([^"]*)"/.exec(b);
      return m ? { type: "delete-sa", reason: m[1]! } : undefined;
    },
  ],
  reserved: [
    (b) => {
      const m = /^reserved not zero on (\S+) payload/.exec(b);
      return m ? { type: "malformed", payload: m[1]! } : undefined;
    },
  ],
  Notify: [
    (b) =>
      /^Notify has no hash/.test(b) ? { type: "notify-no-hash" } : undefined,
  ],
  Creating: [
    (b) =>
      /^Creating IPSec SAs/i.test(b) ? { type: "create-sas" } : undefined,
  ],
  inbound: [saLine],
  outbound: [saLine],
  has: [
    (b) => {
      const m = /^has spi +(\S+) and conn_id (\d+)/.exec(b);
      return m
        ? { type: "sa-spi", spi: m[1]!, connId: Number(m[2]) }
        : undefined;
    },
  ],
  lifetime: [
    (b) => {
      const m = /^lifetime of (\d+) (seconds|kilobytes)/.exec(b);
      return m
        ? {
            type: "sa-lifetime",
            value: Number(m[1]),
            unit: m[2] as "seconds" | "kilobytes",
          }
        : undefined;
    },
  ],
  Unknown: [
    (b) => {
      const m =
        /^Unknown Input for node (-? ?\d+): state = (\S+?),?(?:\s|$)/.exec(b);
      return m
        ? { type: "unknown-input", node: messageId(m[1])!, state: m[2]! }
        : undefined;
    },
  ],
  IPSec: [
    (b) => {
      const m = /^IPSec policy invalidated proposal with error (\d+)/.exec(b);
      return m
        ? { type: "policy-invalidated", error: Number(m[1]) }
        : undefined;
    },
  ],
  map_db_find_best: [() => ({ type: "no-matching-map" })],
  encryption: [attributeRule],
  keylength: [attributeRule],
  hash: [attributeRule],
  default: [attributeRule],
  group: [attributeRule],
  auth: [attributeRule],
  life: [attributeRule],
  encaps: [attributeRule],
  authenticator: [attributeRule],
  key: [attributeRule],
});

/** An attribute line of a proposal (`encryption AES-CBC`, `SA life duration (VPI) of ...`). */
function attributeRule(body: string): CaptureEvent | undefined {
  const attribute = matchAttribute(body);
  return attribute
    ? {
        type: "attribute",
        key: attribute.info.key,
        value: intern(attribute.value.trim()),
        phase: attribute.info.phase,
      }
    : undefined;
}

function saLine(b: string): CaptureEvent | undefined {
  const m = /^(inbound|outbound) SA from (\S+) to (\S+)/.exec(b);
  const proxy = m ? /\(proxy (\S+) to ([^\s)]+)/.exec(b) : null;
  return m
    ? {
        type: "sa",
        direction: m[1] as "inbound" | "outbound",
        from: m[2]!,
        to: m[3]!,
        proxyFrom: proxy?.[1],
        proxyTo: proxy?.[2],
      }
    : undefined;
}

const MISMATCH =
  /^(?:(.{1,60}?) offered (?:but )?does not match policy|Proposed (key length) does not match policy)/;

function firstWord(body: string): string {
  const space = body.indexOf(" ");
  return space < 0 ? body : body.slice(0, space);
}

function isakmpEvent(body: string): CaptureEvent | undefined {
  const rules = RULES_BY_WORD[firstWord(body)];
  if (rules) {
    for (const rule of rules) {
      const event = rule(body);
      if (event) {
        return event;
      }
    }
  }
  if (body.includes("State =") || body.includes("Input =")) {
    return stateOrInput(body);
  }
  if (body.includes("match policy")) {
    const mismatch = MISMATCH.exec(body);
    if (mismatch) {
      return {
        type: "mismatch",
        attribute: intern((mismatch[1] ?? mismatch[2])!),
      };
    }
  }
  if (body.includes("did not find matching map")) {
    return { type: "no-matching-map" };
  }
  // Attribute lines whose first word has no rule of its own (IOS-XE puts them after the conn id).
  return rules ? undefined : attributeRule(body);
}

/**
 * The text after the first `label` up to one of `stops` (an IPSEC line's `sa_spi= 0x...,`).
 * Found with indexOf: an unanchored regex would rescan the line at every repeated label.
 */
function fieldAfter(
  body: string,
  label: string,
  stops: string,
): string | undefined {
  const at = body.indexOf(label);
  if (at < 0) {
    return undefined;
  }
  let i = at + label.length;
  while (body[i] === " ") {
    i++;
  }
  let j = i;
  while (j < body.length && !stops.includes(body[j]!)) {
    j++;
  }
  return j > i ? body.slice(i, j) : undefined;
}

function ipsecEvent(fn: string, body: string): CaptureEvent | undefined {
  // IPSEC messages are long (a proposal spans several lines): `includes` finds the words
  // without the regex trying a match at every column, and the regex runs only when they are there.
  let m = body.includes("transform proposal not supported for identity")
    ? /transform proposal not supported for identity:?\s*(\{[^}]*\})?/.exec(
        body,
      )
    : null;
  if (m) {
    return { type: "transform-unsupported", transforms: m[1] };
  }
  if (body.includes("proxy identities not supported")) {
    return { type: "proxy-unsupported" };
  }
  m = body.includes("peer address ")
    ? /peer address (\S+) not found/.exec(body)
    : null;
  if (m) {
    return { type: "peer-not-found", peer: m[1]! };
  }
  if (fn === "create_sa" || body.startsWith("sa created")) {
    const dest = fieldAfter(body, "sa_dest=", " ,");
    const spi = fieldAfter(body, "sa_spi=", " ,");
    const transform = fieldAfter(body, "sa_trans=", ",")?.trim();
    return { type: "ipsec-sa-created", dest, spi, transform };
  }
  if (fn === "validate_proposal_request" && body.includes("local_proxy=")) {
    const local = fieldAfter(body, "local_proxy=", " ,(");
    const remote = fieldAfter(body, "remote_proxy=", " ,(");
    if (local && remote) {
      return { type: "proposal-proxies", local, remote };
    }
  }
  return { type: "ipsec-request", fn };
}

const IKEV2_PACKET =
  /^(Sending|Received) Packet \[(?:To|From) ([\da-fA-F.:]+?):(\d+)\//;
const IKEV2_EXCHANGE =
  /IKEv2 (IKE_SA_INIT|IKE_AUTH|CREATE_CHILD_SA|INFORMATIONAL) Exchange (REQUEST|RESPONSE)/;
const IKEV2_MSGID = /Message id: (\d+)/;
const IKEV2_INITIATOR_SPI = /Initiator SPI : ([0-9A-Fa-f]+)/;
const IKEV2_PAYLOADS = /Payload contents:\s*(.*)$/;
const IKEV2_SM = /[^(]*\((I|R)\) MsgID = (\d+) CurState: (\S+) Event: (\S+)/y;
/** `Searching policy based on peer's identity 'X' of type 'T'` and `Constructing IDi payload: 'X' of type 'T'`. */
const IKEV2_IDENTITY = /'([^']{1,255})' of type '([^']{1,40})'/;
/** IOS 15 and 16 print `authenctication` in this line; the pattern takes either spelling. */
const IKEV2_AUTH =
  /Verification of peer's authenc?tication data (PASSED|FAILED)/;

/** The payload names of a `Payload contents:` list, or undefined when the list is empty. */
function payloadList(body: string): string[] | undefined {
  const payloads = IKEV2_PAYLOADS.exec(body)?.[1]?.trim();
  return payloads ? payloads.split(/\s+/) : undefined;
}

function ikev2Event(raw: string): CaptureEvent | undefined {
  // Lines about keyrings and profiles print `IKEv2:% ...`; the mark says nothing of the event.
  const body = raw.startsWith("% ") ? raw.slice(2) : raw;
  const p = IKEV2_PACKET.exec(body);
  if (p) {
    const exchange = IKEV2_EXCHANGE.exec(body);
    return {
      type: "packet",
      direction: p[1] === "Sending" ? "sent" : "received",
      peer: p[2]!,
      exchangeName: exchange?.[1],
      request: exchange ? exchange[2] === "REQUEST" : undefined,
      messageId: num(IKEV2_MSGID.exec(body)?.[1]),
      initiatorSpi: IKEV2_INITIATOR_SPI.exec(body)?.[1]?.toUpperCase(),
      payloads: payloadList(body),
    };
  }
  // Anchored at the one `SM Trace-> SA: ` of the line, so the pattern runs once.
  const trace = body.indexOf("SM Trace-> SA: ");
  IKEV2_SM.lastIndex = trace + 15;
  const sm = trace >= 0 ? IKEV2_SM.exec(body) : null;
  if (sm) {
    return {
      type: "ikev2-state",
      role: sm[1] as "I" | "R",
      messageId: Number(sm[2]),
      state: sm[3]!,
      event: sm[4]!,
    };
  }
  if (body.startsWith("IKE Proposal:") || body.startsWith("ESP Proposal:")) {
    // The transforms follow `Num. transforms: N` on the lines IOS wraps the message onto.
    const at = body.indexOf("Num. transforms:");
    const list = at >= 0 ? body.slice(at + 16).replace(/^\s*\d+/, "") : "";
    const transforms =
      list.match(/DH_GROUP_\w+\/Group \d+|Don't use ESN|Use ESN|[^\s]+/g) ?? [];
    return {
      type: "ikev2-proposal",
      child: body.startsWith("ESP"),
      first: / Proposal: 1,/.test(body),
      transforms,
    };
  }
  if (body.startsWith("Building packet for encryption")) {
    // The payloads inside the ENCR payload of the next packet sent.
    const payloads = payloadList(body);
    return payloads ? { type: "ikev2-inner", payloads } : undefined;
  }
  if (
    body.startsWith("Searching policy based on peer's identity") ||
    body.startsWith("Constructing ID")
  ) {
    const id = IKEV2_IDENTITY.exec(body);
    return id
      ? {
          type: "ikev2-identity",
          own: body.startsWith("Constructing"),
          identity: id[1]!,
          idType: id[2]!,
        }
      : undefined;
  }
  if (/^found matching IKEv2 profile '/i.test(body)) {
    return {
      type: "ikev2-profile",
      profile: /'([^']{1,128})'/.exec(body)?.[1] ?? "",
    };
  }
  if (body.includes("Failed to locate an item in the database")) {
    return { type: "ikev2-not-found" };
  }
  if (/^Retransmitting packet/i.test(body)) {
    return { type: "retransmit", ikev2: true };
  }
  if (/Maximum number of retransmissions reached/i.test(body)) {
    return { type: "retransmit-exhausted" };
  }
  const auth = IKEV2_AUTH.exec(body);
  if (auth) {
    return { type: "ikev2-auth", passed: auth[1] === "PASSED" };
  }
  if (/^Session with IKE ID PAIR .* is UP/.test(body)) {
    return { type: "ikev2-up", text: body };
  }
  const notify =
    /(?:Received|Processing) (?:notify )?(?:NOTIFY\()?([A-Z][A-Z_]{3,40})\)? notify/.exec(
      body,
    );
  if (notify) {
    return { type: "notify", notify: notify[1]! };
  }
  if (
    /Failed to verify the proposed policies|Auth exchange failed|[Ff]ailed to/.test(
      body,
    )
  ) {
    return { type: "ikev2-error", text: body };
  }
  return undefined;
}

const SYSLOG_TAG = /^([A-Z][A-Z0-9_]*)-([0-7])-([A-Z0-9_]+)$/;

/** The event of a message body from a given debug. */
export function parseEvent(
  source: MessageSource,
  body: string,
  tag: string | undefined,
): CaptureEvent | undefined {
  switch (source) {
    case "isakmp":
    case "isakmp-pak":
    case "isakmp-error":
    case "other":
      return isakmpEvent(body);
    case "ipsec":
      return ipsecEvent(tag ?? "", body);
    case "mapdb":
      return body.includes("did not find matching map")
        ? { type: "no-matching-map" }
        : undefined;
    case "ikev2":
    case "ikev2-pak":
    case "ikev2-error": {
      const event = ikev2Event(body);
      return (
        event ??
        (source === "ikev2-error"
          ? { type: "ikev2-error", text: body }
          : undefined)
      );
    }
    case "syslog": {
      const m = SYSLOG_TAG.exec(tag ?? "");
      return m
        ? {
            type: "syslog",
            facility: m[1]!,
            severity: Number(m[2]),
            mnemonic: m[3]!,
            text: body,
          }
        : undefined;
    }
  }
}

/** Bodies remembered by one cache before it starts over (its memory stays bounded). */
const CACHE_LIMIT = 20_000;

/**
 * True when an event names a message id, node or SPI: its body is most likely unique (each quick
 * mode has its own id), so remembering it would only crowd the cache.
 */
function carriesId(event: CaptureEvent): boolean {
  const e = event as { messageId?: number; node?: number; spi?: string };
  return !!e.messageId || !!e.node || e.spi !== undefined;
}

/** What the cache remembers of a body: one shape for every entry, so reading it stays cheap. */
class Known {
  constructor(
    readonly event: CaptureEvent | undefined,
    readonly nat: boolean,
  ) {}
}

/**
 * A necessary condition for every NAT signature (knowledge/natDiscovery.ts): each names NAT as a
 * word of its own (`NAT found`, `NAT-T`, `inside NAT`), port 4500, `Encaps` or `payload type`.
 * It lets IKEv2 packets through cheaply: their `NAT_DETECTION_*` notifies pass natSignature's own,
 * broader test, which would then try every signature on them. A test keeps it in step.
 */
export const NAT_HINT = /\bNAT\b|4500|Encaps|payload type/i;

/** natSignature's own first test: quicker than NAT_HINT (no word boundary before the search), so it runs first. */
const NAT_WORDS = /NAT|4500|Encaps|payload type/i;

/** True when NAT discovery reads a message with this body (see `natSignals`). */
function isNatBody(source: number, body: string): boolean {
  return (
    source !== SYSLOG &&
    NAT_WORDS.test(body) &&
    NAT_HINT.test(body) &&
    natSignature(body) !== undefined
  );
}

/**
 * The events of one parse, remembered by body. An ISAKMP event depends on nothing but its body,
 * and a capture repeats the same bodies (state changes, attributes, packets to the same peer) on
 * nine lines out of ten, so most messages cost one map lookup instead of the rules. The messages
 * that share a body share one event object (events are never changed once made).
 *
 * Each call also tells, in `nat`, whether the body is one NAT discovery reads: the test runs
 * once per distinct body here, instead of on every message each time a model is analysed.
 */
export class EventCache {
  /** After `event()`: true when the body matches a NAT signature (syslog never does). */
  nat = false;
  private readonly known = new Map<string, Known>();

  /** The event of a message from the source of that index in SOURCES. */
  event(
    source: number,
    body: string,
    tag: string | undefined,
  ): CaptureEvent | undefined {
    if (
      source !== ISAKMP &&
      source !== ISAKMP_PAK &&
      source !== ISAKMP_ERROR &&
      source !== OTHER
    ) {
      this.nat = isNatBody(source, body);
      return parseEvent(SOURCES[source]!, body, tag);
    }
    const known = this.known.get(body);
    if (known !== undefined) {
      this.nat = known.nat;
      return known.event;
    }
    const event = isakmpEvent(body);
    const nat = isNatBody(source, body);
    this.nat = nat;
    if (!event || !carriesId(event)) {
      if (this.known.size >= CACHE_LIMIT) {
        this.known.clear();
      }
      this.known.set(body, new Known(event, nat));
    }
    return event;
  }
}
