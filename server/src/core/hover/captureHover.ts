import { formatSpi, spiValue } from "../capture/spi";
import { capturedConfigAt, capturedConfigs } from "../capture/runningConfigs";
import { configHover } from "./configHover";
import { asConfigLines, modeHeaders } from "../capture/configModes";
import { parseConfig } from "../config/parser";
import {
  exchangeOfMessage,
  exchangeTitle,
  execCommand,
  outcomeText,
  packetLabel,
  promptIndexOn,
} from "../capture/describe";
import { parseLinePrefix } from "../capture/lexer";
import {
  LineKind,
  type CaptureMessage,
  type CaptureModel,
  type Exchange,
  type PromptLine,
} from "../capture/model";
import type {
  DmvpnShow,
  IpInterfaceBriefShow,
  ShowBlock,
} from "../capture/show/types";
import { vrfText } from "../config/routingView";
import type { AnalysisSettings, HoverResult } from "../document";
import { debugMessage, nhrpDebugMessage } from "../knowledge/debugMessages";
import { describeDhGroup, DH_GROUPS } from "../knowledge/dhGroups";
import {
  DMVPN_ATTRIBUTES,
  DMVPN_NHS_STATUS,
  DMVPN_TYPES,
  dmvpnAttributes,
  dmvpnState,
  dmvpnTimeText,
  fillDmvpnText,
} from "../knowledge/dmvpnStates";
import { EXCHANGE_STEPS } from "../knowledge/exchangeSteps";
import {
  attributeValue,
  decodeAttributeNumber,
  IPSEC_TRANSFORM_IDS,
  matchAttribute,
} from "../knowledge/ikeAttributes";
import { ikeEvent } from "../knowledge/ikeEvents";
import {
  BRIEF_COLUMNS,
  BRIEF_METHODS,
  BRIEF_OK,
  BRIEF_STATUSES,
  interfaceState,
  isTunnelInterface,
} from "../knowledge/interfaceStates";
import { IKEV2_DEBUG_TRANSFORMS } from "../knowledge/ikev2DebugTransforms";
import { matchIosCommand } from "../knowledge/iosCommands";
import { isakmpState } from "../knowledge/isakmpStates";
import {
  NHRP_FLAGS,
  nhrpCieCode,
  nhrpCodeIn,
  nhrpErrorCode,
} from "../knowledge/nhrpCodes";
import {
  ikev1Notify,
  ikev2Notify,
  notifyMeaning,
  NOTIFY_PROTOCOLS,
} from "../knowledge/notifyTypes";
import {
  ikev1Payload,
  ikev1PayloadByNumber,
  ikev2Payload,
} from "../knowledge/payloads";
import { saState } from "../knowledge/saStates";
import { sessionStatus } from "../knowledge/sessionStatuses";
import { IPSEC_COUNTERS, SHOW_FIELDS } from "../knowledge/showFields";
import { syslogMessage, SYSLOG_SEVERITIES } from "../knowledge/syslogMessages";
import {
  ACL_PROTOCOL_MEANINGS,
  IPSEC_PORT_MEANINGS,
} from "../knowledge/aclWords";
import { natCaptureHover } from "./natCaptureHover";
import {
  lineRange,
  rangeContains,
  type Position,
  type Range,
} from "../text/position";
import { table } from "../knowledge/table";

/**
 * Hovers over a capture. The parser keeps only what the whole file needs; the words of the one
 * line under the cursor are found here, on demand, with a handful of patterns over that line.
 * A hover therefore costs the same on a 500,000-line capture as on a ten-line one.
 */

/** What the hover rules see. */
interface HoverContext {
  model: CaptureModel;
  line: number;
  raw: string;
  character: number;
  settings: AnalysisSettings;
  /** The position hovered, as given (`line` and `character` are the run's with `run`). */
  at: Position;
  /**
   * When the hovered line is part of a line a terminal cut (`CaptureModel.gluedLines`): `raw`
   * holds the whole line as it was printed, its pieces run together from `line` (the first), and
   * this is where each piece starts in it. `character` and every column found are offsets in
   * `raw`, placed back on their lines by `shownRange`.
   */
  run?: number[];
  message?: CaptureMessage;
  exchange?: Exchange;
}

/** A rule: a global pattern over the line, and what to say about a match under the cursor. */
interface Rule {
  pattern: RegExp;
  /** Which capture group is the hovered word (0 = the whole match). */
  group?: number;
  explain(match: RegExpExecArray, ctx: HoverContext): string | undefined;
}

/** Explains the capture token under the cursor. */
export function captureHover(
  model: CaptureModel,
  position: Position,
  settings: AnalysisSettings,
): HoverResult | null {
  const line = position.line;
  // Show output is explained as its parsers read it (pager marks replayed; `hover.ts` maps the
  // columns), everything else as logged.
  const raw =
    model.kinds[line] === LineKind.Show
      ? (model.outputLines?.[line] ?? model.lines[line])
      : model.lines[line];
  if (raw === undefined) {
    return null;
  }
  const ctx: HoverContext = {
    model,
    line,
    raw: raw.length > MAX_HOVERED ? raw.slice(0, MAX_HOVERED) : raw,
    character: position.character,
    settings,
    at: position,
  };
  switch (model.kinds[line]) {
    case LineKind.Prompt:
      return promptHover(ctx);
    case LineKind.Message:
    case LineKind.Continuation:
      readCutLine(ctx);
      return messageHover(ctx);
    case LineKind.Show:
      return showHover(ctx);
    case LineKind.Text:
      return textHover(ctx);
    default:
      return null;
  }
}

/** The most characters of a line the hover rules read. */
const MAX_HOVERED = 4096;

/**
 * When the hovered line is part of a line a terminal cut, reads the whole line as it was printed
 * (see `HoverContext.run`), so that a word the cut fell in reads whole.
 */
function readCutLine(ctx: HoverContext): void {
  const glued = ctx.model.gluedLines;
  const hovered = ctx.line;
  if (!glued || (glued[hovered] !== 1 && glued[hovered + 1] !== 1)) {
    return;
  }
  const lines = ctx.model.lines;
  // Back to the line the terminal cut first, reading no more than the rules would (a line cut
  // into thousands of pieces is read from a piece near the cursor).
  let first = hovered;
  for (
    let read = 0;
    first > 0 && glued[first] === 1 && read < MAX_HOVERED;
    first--
  ) {
    read += lines[first - 1]?.length ?? 0;
  }
  const run: number[] = [];
  let raw = "";
  for (
    let line = first;
    line === first || (glued[line] === 1 && raw.length < MAX_HOVERED);
    line++
  ) {
    run.push(raw.length);
    raw += lines[line] ?? "";
  }
  if (hovered - first >= run.length) {
    return;
  }
  ctx.line = first;
  ctx.character = run[hovered - first]! + ctx.character;
  ctx.raw = raw.length > MAX_HOVERED ? raw.slice(0, MAX_HOVERED) : raw;
  ctx.run = run;
}

/** The range of columns `start` to `end` of the hovered text, on the lines that show them. */
function shownRange(ctx: HoverContext, start: number, end: number): Range {
  return ctx.run
    ? {
        start: runPosition(ctx, start, false),
        end: runPosition(ctx, end, true),
      }
    : lineRange(ctx.line, start, end);
}

/** Where an offset of a run's text is shown; an end at a cut stays at the end of the line above. */
function runPosition(
  ctx: HoverContext,
  offset: number,
  end: boolean,
): Position {
  const run = ctx.run!;
  let k = run.length - 1;
  while (k > 0 && (run[k]! > offset || (end && run[k] === offset))) {
    k--;
  }
  return { line: ctx.line + k, character: offset - run[k]! };
}

function result(markdown: string, range: Range): HoverResult {
  return { markdown, range };
}

/** The first rule whose match covers the cursor. */
function applyRules(
  rules: readonly Rule[],
  ctx: HoverContext,
): HoverResult | null {
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (
      let m = rule.pattern.exec(ctx.raw);
      m;
      m = rule.pattern.exec(ctx.raw)
    ) {
      const span = groupSpan(m, rule.group);
      if (!span) {
        continue;
      }
      const [start, end] = span;
      if (ctx.character >= start && ctx.character <= end) {
        const markdown = rule.explain(m, ctx);
        if (markdown) {
          return result(
            withContext(markdown, ctx),
            shownRange(ctx, start, end),
          );
        }
      }
      if (m.index > ctx.character) {
        break;
      }
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
      }
    }
  }
  return null;
}

/** Columns of the hovered group: `group`, else the first group that matched, else the match. */
function groupSpan(
  m: RegExpExecArray,
  group: number | undefined,
): [number, number] | undefined {
  const indices = m.indices;
  if (!indices) {
    return [m.index, m.index + m[0].length];
  }
  if (group !== undefined) {
    const span = indices[group];
    return span ? [span[0], span[1]] : undefined;
  }
  for (let i = 1; i < indices.length; i++) {
    const span = indices[i];
    if (span) {
      return [span[0], span[1]];
    }
  }
  return [m.index, m.index + m[0].length];
}

// --- Word explanations -------------------------------------------------------------------------

function stateText(name: string): string | undefined {
  const info = isakmpState(name);
  if (!info) {
    return undefined;
  }
  const where =
    info.exchange === "none"
      ? ""
      : ` — ${EXCHANGE_STEPS[info.exchange]?.name ?? info.exchange}${info.role ? `, ${info.role}` : ""}${
          info.message
            ? `, message ${info.message}/${EXCHANGE_STEPS[info.exchange]?.total ?? "?"}`
            : ""
        }`;
  return `**${name}** (IKE state)${where}\n\n${info.meaning}\n\n**Next:** ${info.next}`;
}

function upperWord(m: RegExpExecArray, ctx: HoverContext): string | undefined {
  const word = m[0];
  const state = stateText(word);
  if (state) {
    return state;
  }
  const event = ikeEvent(word);
  if (event) {
    return `**${word}** (${event.kind === "source" ? "input source" : "input event"} of the IKE state machine)\n\n${event.meaning}`;
  }
  const sa = saState(word);
  if (sa) {
    return saStateText(word);
  }
  const v2 = ctx.message?.source.startsWith("ikev2");
  const notify = v2
    ? (ikev2Notify(word) ?? ikev1Notify(word))
    : (ikev1Notify(word) ?? ikev2Notify(word));
  if (notify) {
    return `**${word}** (notify type ${notify.number}, ${notify.kind})\n\n${notifyMeaning(notify, ctx.exchange?.kind)}`;
  }
  const transform = IPSEC_TRANSFORM_IDS[word];
  if (transform) {
    return `**${word}** (IPsec transform)\n\n${transform.meaning}`;
  }
  const idType = ID_TYPES[word];
  if (idType) {
    return `**${word}** (identity type)\n\n${idType}`;
  }
  const v2Part = ikev2StateText(word);
  if (v2Part) {
    return v2Part;
  }
  if (word === "CT_X509_SIGNATURE") {
    return "**CT_X509_SIGNATURE**\n\nThe certificate payload holds an X.509 certificate for RSA signatures.";
  }
  return undefined;
}

const ID_TYPES: Readonly<Record<string, string>> = table({
  ID_IPV4_ADDR:
    "The identity is an IPv4 address (the default `crypto isakmp identity address`): the key is looked up by the peer's address.",
  ID_FQDN:
    "The identity is a host name (`crypto isakmp identity hostname`); used with certificates or keyring hostnames.",
  ID_USER_FQDN: "The identity is an e-mail style name.",
  ID_DER_ASN1_DN:
    "The identity is a certificate distinguished name (`crypto isakmp identity dn`).",
  ID_IPV4_ADDR_SUBNET:
    "The identity is an IPv4 subnet (quick mode proxy identity).",
  ID_KEY_ID: "The identity is an opaque key id (group name for remote access).",
});

/** IKEv2 state machine names are built from parts: I_/R_ role, BLD/WAIT/PROC step, INIT/AUTH exchange. */
const IKEV2_PARTS: readonly [RegExp, string][] = [
  [/^I_/, "initiator"],
  [/^R_/, "responder"],
  [/BLD/, "building a message"],
  [/WAIT/, "waiting for the peer's answer"],
  [/PROC|VERIFY/, "processing a received message"],
  [/INIT/, "IKE_SA_INIT (proposals and Diffie-Hellman)"],
  [/AUTH/, "IKE_AUTH (identities and authentication)"],
  [/EAP/, "EAP authentication"],
  [/^READY$/, "the IKE SA is established"],
  [/^EXIT$/, "the negotiation ended"],
  [/^DELETE$/, "the SA is being deleted"],
];

function ikev2StateText(word: string): string | undefined {
  if (!/^(I_|R_|READY$|EXIT$|DELETE$|EV_)/.test(word)) {
    return undefined;
  }
  if (word.startsWith("EV_")) {
    const parts = word.slice(3).toLowerCase().replace(/_/g, " ");
    return `**${word}** (IKEv2 event)\n\nThe event that drives the IKEv2 state machine: ${parts}.`;
  }
  const parts = IKEV2_PARTS.filter(([p]) => p.test(word)).map(([, t]) => t);
  return parts.length
    ? `**${word}** (IKEv2 state)\n\n${parts.join("; ")}.`
    : undefined;
}

function saStateText(word: string): string {
  const info = saState(word)!;
  return `**${word}** (IKE SA state)\n\n${info.meaning}${info.stuck && info.hint ? `\n\nIf it stays here: ${info.hint}` : ""}`;
}

const ROLES: Readonly<Record<string, string>> = table({
  I: "**(I)**: this router is the **initiator** of the IKE SA: it sent main mode message 1. It stays (I) in quick mode whichever side starts the quick mode.",
  R: "**(R)**: this router is the **responder** of the IKE SA: the peer sent main mode message 1.",
  N: "**(N)**: a packet for a **new** SA: no IKE SA exists yet for its cookies, so this router becomes the responder.",
});

function spiText(text: string): string | undefined {
  if (/^[0-9A-Fa-f]{16}$/.test(text)) {
    return `**SPI ${text}**\n\nAn IKEv2 SA SPI (64 bits): each side picks one, and the pair names the IKE SA.`;
  }
  const value = spiValue(text);
  if (value === undefined) {
    return undefined;
  }
  if (value === 0) {
    return "**SPI 0**\n\nNo SA: the value IOS shows when no outbound SA exists.";
  }
  const hex = formatSpi(value);
  const signed = value >= 0x80000000 ? value - 0x100000000 : value;
  return `**SPI ${text}** = ${hex} = ${value}${signed !== value ? ` (old IOS prints ${signed})` : ""}\n\nThe Security Parameter Index names one IPsec SA: the receiver chooses it, and every ESP packet carries it. \`show crypto ipsec sa\` prints it in hex with the decimal value in parentheses.`;
}

function messageIdText(value: string, ctx: HoverContext): string {
  const n = Math.abs(Number(value.replace(/\s+/g, "")));
  if (n === 0) {
    return "**Message ID 0**\n\nPhase 1 (main or aggressive mode) always uses message ID 0; quick mode and informational exchanges each get a random non-zero id.";
  }
  const ex = ctx.model.exchanges.find(
    (e) =>
      e.messageId === n &&
      (ctx.message?.connId === undefined || e.connId === ctx.message.connId),
  );
  const sign = value.includes("-")
    ? " IOS printed it with a minus sign here; it is the same id as without one."
    : "";
  return `**Message ID ${n}**\n\nNames one phase 2 exchange (quick mode or informational) over the IKE SA; every message of that exchange carries it.${sign}${
    ex
      ? `\n\nIn this capture: ${exchangeTitle(ex)}, ${outcomeText(ctx.model, ex)}.`
      : ""
  }`;
}

function payloadText(name: string, v2: boolean): string | undefined {
  const info = v2 ? ikev2Payload(name) : ikev1Payload(name);
  return info
    ? `**${name} payload** (type ${info.number})\n\n${info.meaning}`
    : undefined;
}

function addressText(address: string, ctx: HoverContext): string | undefined {
  const body = ctx.message?.body ?? "";
  const proxy = /\(proxy (\S+) to (\S+?) ?\)/.exec(body);
  if (proxy && (proxy[1] === address || proxy[2] === address)) {
    return `**${address}**: a proxy identity (a network of the crypto ACL), not a tunnel endpoint.`;
  }
  if (ctx.exchange?.peer === address) {
    const router = ctx.exchange.router;
    return `**${address}**: the peer of this exchange${router ? ` (seen from ${router})` : ""}.`;
  }
  return undefined;
}

function attributeText(ctx: HoverContext): string | undefined {
  const body = ctx.message?.body;
  if (!body) {
    return undefined;
  }
  const att = matchAttribute(body);
  if (!att) {
    return undefined;
  }
  const lines = [`**${body.trim()}**`, "", att.info.meaning];
  const value = attributeValue(att.info, att.value);
  if (value) {
    lines.push("", value.meaning);
  }
  if (/lifeduration/.test(att.info.key)) {
    const n = decodeAttributeNumber(att.value);
    if (n !== undefined) {
      const unit = lifetimeUnit(ctx);
      lines.push(
        "",
        `Value: **${n}**${unit ? ` ${unit}` : ""}${/0x/.test(att.value) ? ` (the bytes ${att.value.trim()} read as one big-endian number)` : ""}.`,
      );
    }
  }
  lines.push("", `Configured with \`${att.info.command}\`.`);
  return lines.join("\n");
}

/** The unit of a life duration: the `life type` line just above it. */
function lifetimeUnit(ctx: HoverContext): string | undefined {
  for (
    let i = (ctx.message?.index ?? 0) - 1;
    i >= 0 && i >= (ctx.message?.index ?? 0) - 3;
    i--
  ) {
    const m = /life type in (seconds|kilobytes)/.exec(
      ctx.model.messages[i]!.body,
    );
    if (m) {
      return m[1];
    }
  }
  return undefined;
}

// --- NHRP (`debug nhrp`, `debug nhrp packet`) ----------------------------------------------------

/**
 * The text of the hovered line from its body: the message's body on its first line, else the
 * line trimmed (a continuation, or an NHRP line printed without a timestamp, which reads as text).
 */
function lineText(ctx: HoverContext): string {
  return ctx.message && ctx.line === ctx.message.line
    ? ctx.message.body
    : ctx.raw.trim();
}

/** True for the text of an NHRP debug line: an `NHRP:` line or a field of a packet's dump. */
function isNhrpText(text: string): boolean {
  return text.startsWith("NHRP") || nhrpDebugMessage(text) !== undefined;
}

/** The text of the line above the hovered one, as `lineText` reads it. */
function previousLineText(ctx: HoverContext): string | undefined {
  const above = ctx.line - 1;
  const index = ctx.model.lineMessage[above] ?? -1;
  const message = index >= 0 ? ctx.model.messages[index] : undefined;
  if (message && message.line === above) {
    return message.body;
  }
  return ctx.model.lines[above]?.trim();
}

/**
 * An NHRP code (`authentication failure(11)`), read in the table its line calls for: the CIE
 * table for a `(C-n) code:` line or a refused registration reply, the error table otherwise.
 */
function nhrpCodeHover(ctx: HoverContext): string | undefined {
  const text = lineText(ctx);
  const tag = ctx.message?.source === "syslog" ? (ctx.message.tag ?? "") : "";
  if (
    !/^\((?:M|C(?:-\d+)?)\) (?:error )?code:/.test(text) &&
    !/^(?:NHRP|DMVPN)-/.test(tag)
  ) {
    return undefined;
  }
  const found = nhrpCodeIn(text);
  if (!found) {
    return undefined;
  }
  const cie = /^\(C|Reply packet with error/.test(text);
  const info = cie
    ? nhrpCieCode(found.words, found.code)
    : nhrpErrorCode(found.words, found.code);
  if (!info) {
    return undefined;
  }
  const kind = cie ? "CIE code" : "NHRP error code";
  const more = [
    info.cause ? `**Why on DMVPN:** ${info.cause}` : "",
    info.fix ? `**Fix:** ${info.fix}` : "",
  ].filter(Boolean);
  return `**${found.words.trim()}(${found.code})** (${kind} ${info.code}, RFC 2332: ${info.name})\n\n${info.meaning.charAt(0).toUpperCase()}${info.meaning.slice(1)}.${more.length ? `\n\n${more.join("\n\n")}` : ""}`;
}

/** The state letters of a next-hop server in `Transitioned to 'RE' from 'E'`. */
function nhsStateHover(
  m: RegExpExecArray,
  ctx: HoverContext,
): string | undefined {
  if (!/Transitioned to '.{0,8} from '/.test(lineText(ctx))) {
    return undefined;
  }
  const letters = m[1]!;
  const lines: string[] = [];
  for (const letter of letters) {
    const meaning = DMVPN_NHS_STATUS[letter];
    if (!meaning) {
      return undefined;
    }
    lines.push(`- ${letter}: ${meaning}`);
  }
  // The hovered letters stand before ` from '` on the line (the new state) or after it (the old).
  const column = m.indices?.[1]?.[0] ?? 0;
  const isNew = column < ctx.raw.indexOf(" from '");
  const silent = letters.includes("R")
    ? ""
    : isNew
      ? "\n\nNo R: the server is not answering this spoke's registrations."
      : "\n\nNo R: the server had not answered yet.";
  return `**'${letters}'** (next-hop server state, ${isNew ? "now" : "before"})\n\n${lines.join("\n")}${silent}`;
}

/** The flags of `(M) flags: "unique nat "`. */
function nhrpFlagsHover(m: RegExpExecArray): string | undefined {
  const flags = m[1]!.split(" ").filter(Boolean);
  const known = flags.filter((f) => NHRP_FLAGS[f]);
  if (!known.length) {
    return undefined;
  }
  return `**NHRP flags** ${flags.map((f) => `\`${f}\``).join(" ")}\n\n${known.map((f) => `- **${f}**: ${NHRP_FLAGS[f]}`).join("\n")}`;
}

/** The NBMA address IOS prints on the line after `Cache add` / `Cache update`. */
function cacheNbmaHover(
  m: RegExpExecArray,
  ctx: HoverContext,
): string | undefined {
  if (lineText(ctx) !== m[0]) {
    return undefined;
  }
  const above = previousLineText(ctx);
  const entry = above
    ? /Cache (?:add|update) for target (\S+) next-hop (\S+)/.exec(above)
    : null;
  return entry
    ? `**${m[0]}**: the NBMA address of the cache entry above: ${entry[1]} is reached through ${entry[2]} over the tunnel, and GRE (with IPsec when the tunnel is protected) goes to ${m[0]}.`
    : undefined;
}

/** Words of NHRP lines: codes, next-hop server states, flags and the NBMA address of a cache entry. */
const NHRP_RULES: readonly Rule[] = [
  {
    pattern:
      /(?:code:|Reason:|error -) {1,3}([a-z][a-z -]{0,60}? ?\(\d{1,3}\))/dg,
    group: 1,
    explain: (_m, ctx) => nhrpCodeHover(ctx),
  },
  {
    pattern: /'([A-Z]{1,3})'/dg,
    group: 1,
    explain: nhsStateHover,
  },
  {
    pattern: /flags: ["\u201c]([a-z -]{0,80})["\u201d]/dg,
    group: 0,
    explain: (m) => nhrpFlagsHover(m),
  },
  {
    pattern: /\b\d{1,3}(?:\.\d{1,3}){3}\b/dg,
    explain: cacheNbmaHover,
  },
];

/** An NHRP line printed without a timestamp: it reads as text, and is explained as its message would be. */
function nhrpTextHover(ctx: HoverContext): HoverResult | null {
  const text = ctx.raw.trim();
  const nbma = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text);
  if (!nbma && !isNhrpText(text)) {
    return null;
  }
  const byWord = applyRules(NHRP_RULES, ctx);
  if (byWord) {
    return byWord;
  }
  const info = nbma ? undefined : nhrpDebugMessage(text);
  const start = ctx.raw.length - ctx.raw.trimStart().length;
  return info
    ? result(info.meaning, lineRange(ctx.line, start, ctx.raw.trimEnd().length))
    : null;
}

/** A syslog mnemonic, explained with the text of its message. */
function syslogText(m: RegExpExecArray, ctx: HoverContext): string {
  const info = syslogMessage(m[1]!, m[3]!, ctx.raw);
  const severity = SYSLOG_SEVERITIES[Number(m[2])] ?? m[2];
  return `**%${m[1]}-${m[2]}-${m[3]}** (syslog: facility ${m[1]}, severity ${m[2]} = ${severity})${
    info
      ? `\n\n${info.meaning}${info.action ? `\n\n**Do:** ${info.action}` : ""}`
      : ""
  }`;
}

/** An address of a zone-based firewall drop (`198.51.100.2:500`), with what its port carries. */
function firewallEndpointText(
  m: RegExpExecArray,
  role: "source" | "destination",
): string {
  const protocol = m[1]!.toLowerCase();
  const written = m[role === "source" ? 2 : 3]!;
  const [address, port] = written.split(":");
  const carries =
    port !== undefined && (protocol === "udp" || protocol === "17")
      ? IPSEC_PORT_MEANINGS[Number(port)]
      : undefined;
  const what = ACL_PROTOCOL_MEANINGS[protocol];
  return `**${written}**: the ${role} of the dropped ${protocol.toUpperCase()} packet: address ${address}${port !== undefined ? `, port ${port}${carries ? ` (${carries})` : ""}` : ""}.${what ? `\n\nProtocol: ${what}.` : ""}`;
}

const DROP_SESSION =
  /\bDropping ([A-Za-z0-9]{1,16}) (?:session|packet|pkt) (\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?) (\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?)/dg;

/**
 * The fields of the zone-based firewall's drop message (`%FW-6-DROP_PKT: Dropping udp session
 * A:500 B:500 on zone-pair OUT-SELF class class-default due to DROP action ...`): the two ends,
 * the zone-pair whose policy decided, the class and the action.
 */
const FIREWALL_DROP_RULES: readonly Rule[] = [
  {
    pattern: DROP_SESSION,
    group: 2,
    explain: (m) => firewallEndpointText(m, "source"),
  },
  {
    pattern: new RegExp(DROP_SESSION.source, "dg"),
    group: 3,
    explain: (m) => firewallEndpointText(m, "destination"),
  },
  {
    pattern: /\bon zone-pair (\S{1,64})/dg,
    group: 1,
    explain: (m) =>
      `**${m[1]}**: the zone-pair whose inspect policy dropped the packet. A zone-pair filters one direction, from its source zone to its destination zone; \`self\` is the router, where IKE, ESP and AH to its own addresses arrive.\n\n\`show zone-pair security\` shows its zones, \`show policy-map type inspect zone-pair ${m[1]}\` its classes and their counters.`,
  },
  {
    pattern: /\bzone-pair \S{1,64} class (\S{1,64})/dg,
    group: 1,
    explain: (m) =>
      m[1]!.toLowerCase() === "class-default"
        ? `**class-default**: no class of the policy matched the packet, so the policy's last class took it, and class-default drops (unless the policy gives it another action). To let it through, add a class that matches it, with \`pass\` or \`inspect\`, before class-default.`
        : `**${m[1]}**: the class of the policy that matched the packet; its action drops it.`,
  },
  {
    pattern: /\b(DROP) action found in policy-map/dg,
    group: 1,
    explain: () =>
      "**DROP**: the action of the matching class was `drop` (written, or the default of a class without an action line and of class-default). The firewall logs such drops for a class whose action is `drop log`, or for every class when `log dropped-packets` is set in `parameter-map type inspect global`.",
  },
];

const MESSAGE_RULES: readonly Rule[] = [
  {
    pattern:
      /(?<![A-Z0-9_])%?([A-Z][A-Z0-9_]{0,30})-([0-7])-([A-Z0-9_]{1,40})/dg,
    group: 0,
    explain: syslogText,
  },
  {
    // The text of a mnemonic whose texts tell events apart (`ISAKMP is OFF`) explains itself too.
    pattern:
      /(?<![A-Z0-9_])%([A-Z][A-Z0-9_]{0,30})-([0-7])-([A-Z0-9_]{1,40}): ?([^\s].{0,200})/dg,
    group: 4,
    explain: (m, ctx) =>
      syslogMessage(m[1]!, m[3]!)?.texts ? syslogText(m, ctx) : undefined,
  },
  {
    pattern:
      /(?:message ID = |M-ID of |Node |node |MsgID = |Message id: )(- ?\d+|\d+)/dg,
    group: 1,
    explain: (m, ctx) => messageIdText(m[1]!, ctx),
  },
  {
    // `show crypto ipsec sa` prints the current outbound SPI in hex, with or without 0x.
    pattern:
      /current outbound spi: (0x[0-9A-Fa-f]+(?:\(\d+\))?|[0-9A-Fa-f]+)/dg,
    group: 1,
    explain: (m) => spiText(m[1]!.startsWith("0x") ? m[1]! : `0x${m[1]}`),
  },
  {
    pattern:
      /(?:\bspi:? |has spi |sa_spi= ?|spi= ?|deleting spi |Local spi: |Remote spi: |SPI ?: )(0x[0-9A-Fa-f]+(?:\s?\(\d+\))?|[0-9A-Fa-f]{16}\b|-?\d+)/dg,
    group: 1,
    explain: (m) => spiText(m[1]!),
  },
  {
    pattern: /\(([IRN])\)/dg,
    group: 0,
    explain: (m) => ROLES[m[1]!],
  },
  {
    pattern: /NEW SA/dg,
    explain: () => saStateText("NEW SA"),
  },
  {
    pattern: /NOTIFY\((\w+)\)/dg,
    group: 1,
    explain: (m, ctx) => {
      const info = ikev2Notify(m[1]!);
      return info
        ? `**${m[1]}** (IKEv2 notify ${info.number}, ${info.kind})\n\n${notifyMeaning(info, ctx.exchange?.kind)}`
        : undefined;
    },
  },
  {
    // `processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3 spi 4050089439`: what the notify concerns.
    pattern: /\bprotocol (\d{1,3})(?= spi\b|,|\s*$)/dg,
    group: 0,
    explain: (m, ctx) => {
      const info = NOTIFY_PROTOCOLS.get(Number(m[1]));
      return info && /\bNOTIFY\b/i.test(ctx.message?.body ?? "")
        ? `**Protocol ${m[1]}** = ${info.name}\n\nThe notification concerns ${info.meaning}. Protocol ids: 1 IKE, 2 AH, 3 ESP (4 IPComp in IKEv1).`
        : undefined;
    },
  },
  {
    // The transforms of an IKEv2 proposal, on the lines below `IKE Proposal:` / `ESP Proposal:`.
    pattern:
      /(?<![\w-])(?:AES-CBC|AES-GCM|AES-CTR|3DES|DES|SHA512|SHA384|SHA256|SHA1|SHA96|MD596|MD5|Don't use ESN|Use ESN)(?![\w-])|DH_GROUP_\d{1,5}_(?:MODP|ECP)\/Group \d{1,2}/dg,
    explain: (m, ctx) =>
      ctx.message?.source.startsWith("ikev2") &&
      / Proposal: \d/.test(ctx.message.body)
        ? ikev2TransformText(m[0])
        : undefined,
  },
  {
    pattern: /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bUNKNOWN\b|\bREADY\b/dg,
    explain: upperWord,
  },
  {
    pattern: /processing (?:a )?([A-Za-z][\w-]*(?: id)?) payload/dg,
    group: 1,
    explain: (m, ctx) =>
      payloadText(m[1]!, !!ctx.message?.source.startsWith("ikev2")),
  },
  {
    pattern: /\b(ID|HASH|NOTIFY|SA|KE|NONCE) payload\b/dg,
    group: 1,
    explain: (m) => payloadText(m[1]!, false),
  },
  {
    pattern: /(?:Next payload is |next-payload : )(\d+)/dg,
    group: 1,
    explain: (m) => {
      const info = ikev1PayloadByNumber(Number(m[1]));
      return `**Next payload ${m[1]}**${info ? ` = ${info.name}` : ""}\n\n${
        m[1] === "0"
          ? "No payload follows. After a proposal check it means the peer sent only this one proposal."
          : (info?.meaning ?? "Payload type number of the next payload.")
      }`;
    },
  },
  {
    pattern: /against priority (\d+) policy/dg,
    group: 1,
    explain: (m) =>
      m[1] === "65535"
        ? "**Priority 65535**: the built-in default policy (DES, SHA, RSA signatures, group 1, 86400 s), tried last."
        : `**Priority ${m[1]}**: \`crypto isakmp policy ${m[1]}\` on this router. Policies are tried from the lowest number up.`,
  },
  {
    pattern:
      /^\s*(SA|KE|N|VID|IDi|IDr|AUTH|TSi|TSr|CERT|CERTREQ|CFG|EAP|SK|DELETE)(?:\s|$)|\s(SA|KE|N|VID|IDi|IDr|AUTH|TSi|TSr|CERT|CERTREQ|CFG|EAP|SK|DELETE)(?=\s|$)/dg,
    // Payload lists stand below `Payload contents:`; on a message's own line `SA` is a word.
    explain: (m, ctx) =>
      ctx.message?.source.startsWith("ikev2") && ctx.line !== ctx.message.line
        ? payloadText((m[1] ?? m[2])!, true)
        : undefined,
  },
  ...FIREWALL_DROP_RULES,
  ...NHRP_RULES,
  {
    pattern: /\b\d{1,3}(?:\.\d{1,3}){3}\b/dg,
    explain: (m, ctx) => addressText(m[0], ctx),
  },
];

function exchangeContext(ctx: HoverContext): string | undefined {
  const ex = ctx.exchange;
  if (!ex) {
    return undefined;
  }
  const parts = [
    `**Exchange:** ${exchangeTitle(ex)}${ex.role ? `, this router is the ${ex.role}` : ""}${
      ex.protocol === "ikev1" && ex.connId >= 0 ? ` (conn ${ex.connId})` : ""
    } — ${outcomeText(ctx.model, ex)}.`,
  ];
  const packet = ex.packets.find((p) => p.line === ctx.message?.line);
  if (packet) {
    parts.push(`**This packet:** ${packetLabel(ex, packet)}.`);
  }
  return parts.join("\n\n");
}

function withContext(markdown: string, ctx: HoverContext): string {
  const context = exchangeContext(ctx);
  return context ? `${markdown}\n\n---\n\n${context}` : markdown;
}

function messageHover(ctx: HoverContext): HoverResult | null {
  const index = ctx.model.lineMessage[ctx.line]!;
  const message = ctx.model.messages[index];
  if (!message) {
    return null;
  }
  ctx.message = message;
  ctx.exchange = exchangeOfMessage(ctx.model, message);
  // NHRP lines take no part in the IKE exchange they may follow (the parser files them with it).
  const nhrp = message.source === "other" && isNhrpText(message.body);
  if (nhrp) {
    ctx.exchange = undefined;
  }
  const c = ctx.character;
  if (ctx.line === message.line) {
    const prefix = parseLinePrefix(ctx.raw);
    const ts = prefix.timestamp;
    if (ts && c >= ts.start - (ts.flag ? 1 : 0) && c <= ts.end) {
      return result(
        timestampText(message, ctx),
        shownRange(ctx, ts.start - (ts.flag ? 1 : 0), ts.end),
      );
    }
    if (prefix.sequenceStart !== undefined && prefix.sequence !== undefined) {
      const end = ctx.raw.indexOf(":", prefix.sequenceStart);
      if (c >= prefix.sequenceStart && c <= end) {
        return result(
          `**Sequence number ${prefix.sequence}** (\`service sequence-numbers\`)\n\nCounts every log message; a gap means messages were dropped (rate limiting or a full buffer).`,
          shownRange(ctx, prefix.sequenceStart, end),
        );
      }
    }
    if (
      c >= message.start &&
      c < message.bodyStart &&
      message.source !== "syslog"
    ) {
      return result(
        withContext(sourceText(message), ctx),
        shownRange(ctx, message.start, message.bodyStart),
      );
    }
  }
  const byWord = applyRules(MESSAGE_RULES, ctx);
  if (byWord) {
    return byWord;
  }
  const bodyStart = ctx.line === message.line ? message.bodyStart : 0;
  if (c < bodyStart) {
    return null;
  }
  const nat = natCaptureHover(ctx.model, ctx.at, ctx.settings);
  if (nat) {
    return nat;
  }
  const attribute = attributeText(ctx);
  const lineEnd = ctx.raw.trimEnd().length;
  const start =
    ctx.line === message.line
      ? message.bodyStart
      : ctx.raw.length - ctx.raw.trimStart().length;
  const range = shownRange(ctx, start, Math.max(start, lineEnd));
  if (attribute) {
    return result(withContext(attribute, ctx), range);
  }
  if (nhrp && ctx.line !== message.line) {
    // A dump line printed without its own timestamp continues the NHRP line above it.
    const own = nhrpDebugMessage(ctx.raw.trim());
    if (own) {
      return result(own.meaning, range);
    }
  }
  const key =
    message.source === "ipsec"
      ? `${message.tag ?? ""} ${message.body}`
      : message.body;
  const info = debugMessage(key) ?? debugMessage(message.body);
  if (info) {
    const meaning =
      info.quickMode !== undefined && ctx.exchange?.kind === "quick"
        ? quickModeMeaning(info.quickMode, ctx.exchange, message)
        : info.meaning;
    return result(withContext(meaning, ctx), range);
  }
  const context = exchangeContext(ctx);
  return context ? result(context, range) : null;
}

/**
 * A quick mode line's meaning, with how the same exchange ended after it: a proposal whose
 * attributes ISAKMP accepted may still be refused by IPsec a few lines below.
 */
function quickModeMeaning(
  meaning: string,
  exchange: Exchange,
  message: CaptureMessage,
): string {
  const after =
    exchange.outcomeLine !== undefined && exchange.outcomeLine > message.line
      ? exchange.outcomeLine
      : undefined;
  if (after === undefined) {
    return meaning;
  }
  if (exchange.outcome === "failed") {
    return `${meaning}

In this exchange the proposal is then refused: line ${after + 1}${exchange.failure ? ` (${exchange.failure})` : ""}.`;
  }
  if (exchange.outcome === "complete") {
    return `${meaning}

In this exchange IPsec accepts it: quick mode completes on line ${after + 1}.`;
  }
  return meaning;
}

const SOURCE_MEANING: Readonly<Record<string, string>> = table({
  isakmp: "`debug crypto isakmp`: IKEv1 (ISAKMP) negotiation.",
  "isakmp-pak":
    "`debug crypto isakmp` packet trace (IOS-XE): packets sent and received.",
  "isakmp-error": "`debug crypto isakmp error` (IOS-XE): an IKEv1 error.",
  ipsec:
    "`debug crypto ipsec`: the IPsec side: SA requests, proposals checked against the crypto map, SAs created.",
  mapdb:
    "The crypto map database matching a proposal's proxies against the crypto ACLs.",
  ikev2: "`debug crypto ikev2`: IKEv2 negotiation.",
  "ikev2-pak": "`debug crypto ikev2 packet`: IKEv2 packets.",
  "ikev2-error": "`debug crypto ikev2 error`: an IKEv2 error.",
  other: "A line of debug output printed without a debug prefix.",
});

function sourceText(message: CaptureMessage): string {
  const parts = [SOURCE_MEANING[message.source] ?? ""];
  if (message.source === "ipsec" && message.tag) {
    parts.push(
      `\`${message.tag}\` is the IPsec function that printed the line.`,
    );
  }
  if (message.connId !== undefined && message.source.startsWith("isakmp")) {
    parts.push(
      message.connId === 0
        ? "Connection id **0**: the IKE SA has no id yet (IOS assigns one during main mode)."
        : `Connection id **${message.connId}**: the IKE SA this line is about (\`conn-id\` in \`show crypto isakmp sa\`). Old IOS prints (0:${message.connId}), 12.4 and later (${message.connId}), IOS-XE \`: (${message.connId})\`.`,
    );
  }
  if (message.source.startsWith("ikev2") && message.connId !== undefined) {
    parts.push(
      `IKEv2 SA id **${message.connId}**${message.tag ? `, session ${message.tag}` : ""}.`,
    );
  }
  return parts.filter(Boolean).join("\n\n");
}

function timestampText(message: CaptureMessage, ctx: HoverContext): string {
  const ts = message.timestamp!;
  const parts = [
    ts.kind === "date"
      ? `**${ts.text}**: date and time (\`service timestamps debug datetime msec\`).`
      : `**${ts.text}**: time since the router booted (\`service timestamps debug uptime\`).`,
  ];
  if (ts.flag === "*") {
    parts.push(
      "`*`: the clock was never set since boot, so the time is not to be trusted (certificates may look expired or not yet valid).",
    );
  } else if (ts.flag === ".") {
    parts.push("`.`: the clock was set but lost NTP synchronisation.");
  }
  const ex = ctx.exchange;
  if (ex?.startMs !== undefined && ts.ms !== undefined && ts.ms > ex.startMs) {
    parts.push(
      `${Math.round(ts.ms - ex.startMs)} ms after the start of this exchange.`,
    );
  }
  return parts.join("\n\n");
}

// --- Prompts, text and show output -----------------------------------------------------------

function promptHover(ctx: HoverContext): HoverResult | null {
  const index = promptIndexOn(ctx.model, ctx.line);
  const prompt = ctx.model.prompts[index];
  if (!prompt) {
    return null;
  }
  const c = ctx.character;
  if (c < prompt.commandStart || !prompt.command) {
    const end = prompt.commandStart;
    const mode = prompt.mode
      ? `configuration mode (\`${prompt.mode}\`)`
      : prompt.level === "#"
        ? "privileged exec mode"
        : "user exec mode";
    return result(
      `**${prompt.hostname}** in ${mode}.\n\nLines below come from this router until the next prompt.`,
      lineRange(ctx.line, 0, end),
    );
  }
  const range = lineRange(
    ctx.line,
    prompt.commandStart,
    ctx.raw.trimEnd().length,
  );
  const exec = execCommand(prompt.mode, prompt.command);
  if (exec === undefined) {
    const typed = typedConfigHover(ctx, prompt, modeHeaders(ctx.model)[index]!);
    if (typed) {
      return typed;
    }
    return result(
      `A configuration command typed in \`${prompt.mode}\` mode on ${prompt.hostname}; it takes effect at once.`,
      range,
    );
  }
  const info = matchIosCommand(exec);
  if (!info) {
    return null;
  }
  return result(
    `**${info.words.join(" ")}**\n\n${info.meaning}${printedNote(ctx.model, ctx.line)}`,
    range,
  );
}

/**
 * A configuration command typed at a prompt, explained as the config line it is: the command
 * under its mode's headers (`crypto isakmp policy 10`, then ` encryption aes-256`) read by the
 * config hover. What that hover says of the rest of a config (a name "not defined in this
 * config", a route) is left out: the session shows only what was typed.
 */
function typedConfigHover(
  ctx: HoverContext,
  prompt: PromptLine,
  headers: readonly string[],
): HoverResult | null {
  const offset = ctx.character - prompt.commandStart;
  if (ctx.run || offset < 0 || offset >= prompt.command.length) {
    return null;
  }
  const lines = asConfigLines(headers, prompt.command);
  const hover = configHover(
    parseConfig(lines.text),
    { line: lines.line, character: lines.column + offset },
    ctx.settings,
  );
  if (
    !hover ||
    /this config/.test(hover.markdown) ||
    hover.range.start.line !== lines.line ||
    hover.range.end.line !== lines.line
  ) {
    return null;
  }
  const shift = prompt.commandStart - lines.column;
  const where = headers.length
    ? ` under \`${headers[headers.length - 1]}\``
    : "";
  return result(
    `${hover.markdown}\n\n---\n\nTyped on ${prompt.hostname} in \`${prompt.mode}\` mode${where}.`,
    lineRange(
      ctx.line,
      Math.max(prompt.commandStart, hover.range.start.character + shift),
      hover.range.end.character + shift,
    ),
  );
}

/** What IPsec Lens makes of the configuration a prompt's command printed, when it printed one. */
function printedNote(model: CaptureModel, promptLine: number): string {
  const show = model.lineShow[promptLine] ?? -1;
  const block = show >= 0 ? model.shows[show] : undefined;
  if (block?.kind !== "running-config") {
    return "";
  }
  const config = capturedConfigs(model).find((c) => c.block === block);
  if (!config) {
    return "";
  }
  const lines = `lines ${config.startLine + 1}-${config.endLine + 1}`;
  return config.extent === "whole"
    ? `\n\nIPsec Lens reads the configuration below (${lines}) as a config: its findings sit on its lines, and it is checked against the other routers' configurations.`
    : `\n\nThis prints only part of the configuration (${config.extent === "sections" ? "whole sections" : "single lines"}), so IPsec Lens judges ${lines} only on what they prove by themselves: a part cannot show what is missing.`;
}

const TEXT_LINES: readonly [RegExp, string][] = [
  [
    /(Crypto (ISAKMP|IPSEC|IKEv2)|IKEv2 \w+) debugging is on/i,
    "The debug is on: its output appears below (on the console, or on a vty after `terminal monitor`).",
  ],
  [
    /^(?:NHRP|DMVPN)\b[\w -]{0,60} debugging is on/,
    "An NHRP or DMVPN debug is on: registrations, resolutions and their replies appear below, with each packet dumped field by field for `debug nhrp packet`.",
  ],
  [/debugging is off|debugging has been turned off/i, "The debug is off."],
  [
    /^Type escape sequence to abort/,
    "A ping or traceroute starts (Ctrl-Shift-6 stops it).",
  ],
  [
    /^Sending \d+, \d+-byte ICMP Echos to /,
    "A ping. Through a crypto map, only traffic the crypto ACL permits is encrypted and triggers IKE: ping from an address of the protected network (`ping <remote host> source <LAN interface>`); a ping from the router's outside address does not match the ACL and leaves unencrypted.",
  ],
  [
    /^Packet sent with a source address of /,
    "The ping's source address (its `source` option): it must be in the crypto ACL's local network for the ping to take the tunnel.",
  ],
  [
    /^[.!UQM?&]{1,100}$/,
    "The ping's replies, one character per echo: `!` a reply, `.` no reply in time, `U` unreachable. The first echoes of a tunnel that is not up yet are often lost while IKE negotiates (`.!!!!`); all dots mean the traffic is not getting through.",
  ],
  [
    /^Success rate is \d+ percent/,
    "How many echoes were answered. Below 100% with only the first lost is a tunnel coming up; 0% with `show crypto isakmp sa` empty means IKE never started (the traffic did not match the crypto ACL, or did not leave by the crypto map's interface).",
  ],
  [
    /^% Invalid input detected at '\^' marker/,
    "IOS did not understand the command: the caret above marks the first word it rejected (a typo, or a keyword this release does not have).",
  ],
  [/^Enter configuration commands/, "IOS entered configuration mode."],
  [
    /^% Incomplete command/,
    "IOS needs more words after the command above (`?` after it lists them); the command was not run.",
  ],
  [
    /^% Ambiguous command/,
    "An abbreviation in the command above matches several keywords, so IOS ran nothing: type more letters of it.",
  ],
  [
    /^\s*\^\s*$/,
    "The caret marks the first character of the command above that IOS could not read: the command was not run.",
  ],
  [
    /^ERROR: transform set with tag "[^"]{1,64}" does not exist/,
    "The crypto map entry names a transform set the router does not have (not defined, or its definition was refused): the entry gets no transform set and stays incomplete.",
  ],
  [
    /^% Please define a domain-name first/,
    "`crypto key generate rsa` names the key pair after the host name and the domain: without `ip domain-name` IOS generates no key, so certificate enrollment (and SSH) have none.",
  ],
  [
    /^% NOTE: This new crypto map will remain disabled/,
    "IOS created the crypto map entry; it negotiates nothing until it has a `set peer` and a `match address` naming an ACL that exists (and a transform set).",
  ],
  [
    /^\s*(next-payload|type|protocol|port|length) :/,
    "A field of the ID payload dump above.",
  ],
];

function textHover(ctx: HoverContext): HoverResult | null {
  for (const [pattern, meaning] of TEXT_LINES) {
    if (pattern.test(ctx.raw)) {
      const start = ctx.raw.length - ctx.raw.trimStart().length;
      return result(
        meaning,
        lineRange(ctx.line, start, ctx.raw.trimEnd().length),
      );
    }
  }
  // A drop message a terminal cut in two: its zone-pair, class and action on a line of their own.
  const firewall = applyRules(FIREWALL_DROP_RULES, ctx);
  if (firewall) {
    return firewall;
  }
  return nhrpTextHover(ctx);
}

function cellHover(
  cell: { text: string; range: Range } | undefined,
  ctx: HoverContext,
  explain: () => string | undefined,
): HoverResult | null {
  if (
    !cell ||
    !rangeContains(cell.range, { line: ctx.line, character: ctx.character })
  ) {
    return null;
  }
  const markdown = explain();
  return markdown ? result(markdown, cell.range) : null;
}

/** The `fvrf/ivrf` cell of a `show crypto ikev2 sa` row (`none/none` in the global table). */
function fvrfCellHover(ctx: HoverContext): HoverResult | null {
  const text = ctx.raw;
  // Word by word: a pattern for `a/b` itself backtracks on a long run without a slash.
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [fvrf, ivrf, extra] = m[0].split("/");
    if (
      ctx.character < m.index ||
      ctx.character > m.index + m[0].length ||
      /^\d/.test(m[0]) ||
      !fvrf ||
      !ivrf ||
      extra !== undefined
    ) {
      continue;
    }
    const name = (vrf: string) => vrfText(vrf === "none" ? undefined : vrf);
    return result(
      `**fvrf/ivrf ${m[0]}**: the front-door VRF the peer is reached in (${name(fvrf)}) and the inside VRF of the traffic the SA protects (${name(ivrf)}).`,
      lineRange(ctx.line, m.index, m.index + m[0].length),
    );
  }
  return null;
}

function showHover(ctx: HoverContext): HoverResult | null {
  const block = ctx.model.shows[ctx.model.lineShow[ctx.line]!];
  if (!block) {
    return null;
  }
  // A printed configuration is explained as a config file is.
  const config =
    block.kind === "running-config"
      ? capturedConfigAt(ctx.model, ctx.line)
      : undefined;
  if (config) {
    return configHover(
      config.model,
      { line: ctx.line, character: ctx.character },
      ctx.settings,
    );
  }
  const specific = showCellHover(block, ctx);
  if (specific) {
    return specific;
  }
  const spi = applyRules([MESSAGE_RULES[2]!, MESSAGE_RULES[3]!], ctx);
  if (spi && block.kind === "ipsec-sa") {
    return spi;
  }
  const fields = SHOW_FIELDS[block.kind] ?? [];
  for (const field of fields) {
    if (field.pattern.test(ctx.raw)) {
      const start = ctx.raw.length - ctx.raw.trimStart().length;
      return result(
        field.meaning,
        lineRange(ctx.line, start, ctx.raw.trimEnd().length),
      );
    }
  }
  // What any command may print (an error, a ping's result) reads as it does outside show output.
  return textHover(ctx);
}

function showCellHover(
  block: ShowBlock,
  ctx: HoverContext,
): HoverResult | null {
  const data = block.data;
  if (!data) {
    return null;
  }
  switch (data.kind) {
    case "isakmp-sa": {
      const row = data.rows.find((r) => r.line === ctx.line);
      if (!row) {
        return null;
      }
      return (
        cellHover(row.state, ctx, () =>
          saState(row.state.text) ? saStateText(row.state.text) : undefined,
        ) ??
        cellHover(
          row.src,
          ctx,
          () =>
            `**${row.src.text}**: source of the IKE SA — the side that initiated phase 1.`,
        ) ??
        cellHover(
          row.dst,
          ctx,
          () =>
            `**${row.dst.text}**: destination of the IKE SA — the responder.`,
        ) ??
        cellHover(
          row.connId,
          ctx,
          () =>
            `**conn-id ${row.connId!.text}**: the IKE SA's connection id, the number debug lines show as (0:${row.connId!.text}) or (${row.connId!.text}).`,
        ) ??
        cellHover(
          row.slot,
          ctx,
          () =>
            "**slot**: the crypto engine that holds the SA (0 = the software engine).",
        ) ??
        cellHover(
          row.status,
          ctx,
          () =>
            `**${row.status!.text}**: status of the SA in the crypto engine.`,
        )
      );
    }
    case "ipsec-sa": {
      for (const flow of data.flows) {
        if (ctx.line < flow.line || ctx.line > flow.endLine) {
          continue;
        }
        for (const [name, counter] of Object.entries(flow.counters)) {
          const hit = cellHover(
            { text: name, range: counter.range },
            ctx,
            () => {
              const meaning = IPSEC_COUNTERS[name];
              return `**#pkts ${name}: ${counter.value}**${meaning ? `\n\n${meaning}` : ""}`;
            },
          );
          if (hit) {
            return hit;
          }
        }
        for (const sa of flow.sas) {
          const hit = cellHover(sa.spi, ctx, () => {
            const base =
              spiText(
                `${sa.spi.text}(${sa.spiValue ?? ""})`.replace("()", ""),
              ) ?? "";
            return `${base}\n\n${sa.direction === "inbound" ? "Inbound: the peer puts this SPI in the packets it sends here." : "Outbound: this router puts this SPI in the packets it sends."}`;
          });
          if (hit) {
            return hit;
          }
        }
      }
      return null;
    }
    case "ikev2-sa": {
      const row = data.rows.find((r) => r.line === ctx.line);
      if (!row) {
        return null;
      }
      return (
        cellHover(row.status, ctx, () =>
          saState(row.status.text) ? saStateText(row.status.text) : undefined,
        ) ??
        cellHover(
          row.tunnelId,
          ctx,
          () =>
            `**Tunnel-id ${row.tunnelId.text}**: the number IOS gives this IKEv2 SA (\`show crypto ikev2 sa detailed\`, \`clear crypto ikev2 sa\` name it).`,
        ) ??
        cellHover(
          row.local,
          ctx,
          () =>
            `**${row.local!.text}**: this router's address and UDP port for the SA (500, or 4500 once NAT was detected).`,
        ) ??
        cellHover(
          row.remote,
          ctx,
          () =>
            `**${row.remote!.text}**: the peer's address and UDP port (4500 when NAT traversal moved the exchange).`,
        ) ??
        fvrfCellHover(ctx)
      );
    }
    case "crypto-session": {
      const session = data.sessions.find(
        (x) => ctx.line >= x.line && ctx.line <= x.endLine,
      );
      if (!session) {
        return null;
      }
      const sa = session.ikeSas.find((x) => x.line === ctx.line);
      return (
        cellHover(session.status, ctx, () => {
          const info = sessionStatus(session.status!.text);
          return info
            ? `**${session.status!.text}**: ${info.meaning}${info.next ? `\n\n${info.next}` : ""}`
            : undefined;
        }) ??
        cellHover(sa?.state, ctx, () =>
          sa!.state.text === "Active"
            ? `**Active**: the ${sa!.version} SA is established (phase 1 succeeded).`
            : `**${sa!.state.text}**: the ${sa!.version} SA is not established: phase 1 has not succeeded with ${sa!.remote?.text ?? "the peer"}.`,
        )
      );
    }
    case "isakmp-key": {
      const key = data.keys.find((k) => k.line === ctx.line);
      if (!key) {
        return null;
      }
      return (
        cellHover(
          key.key,
          ctx,
          () =>
            `**Pre-shared key** ${ctx.settings.revealSecrets ? `\`${key.key.text}\`` : "`*****` (hidden; setting ipsecLens.revealSecrets)"}\n\nBoth routers must hold the same key, each under the other's address.`,
        ) ??
        cellHover(
          key.address,
          ctx,
          () =>
            `**${key.address.text}**: the peer address this key belongs to. It must be the address the peer uses (the \`set peer\` of the crypto map).`,
        )
      );
    }
    case "access-lists": {
      for (const acl of data.acls) {
        const entry = acl.entries.find((e) => e.line === ctx.line);
        if (!entry) {
          continue;
        }
        return (
          cellHover(
            entry.matches
              ? {
                  text: String(entry.matches.value),
                  range: entry.matches.range,
                }
              : undefined,
            ctx,
            () =>
              `**${entry.matches!.value} matches**: packets that hit this entry since the counters were last cleared.`,
          ) ??
          cellHover(entry.text, ctx, () =>
            aclEntryText(entry.action, entry.protocol, entry.rest),
          )
        );
      }
      return null;
    }
    case "clock":
      return cellHover(data.text, ctx, () => {
        const flag =
          data.flag === "."
            ? "\n\n`.` in front: the clock was set but is not synchronised (NTP lost), so it may be wrong."
            : data.flag === "*"
              ? "\n\n`*` in front: the clock was never set; it counts from a default date."
              : "";
        return `**Router clock**: ${data.text.text}.${flag}\n\nIKE checks certificates against this clock: outside a certificate's validity dates, authentication fails.`;
      });
    case "certificates": {
      for (const cert of data.certificates) {
        const dates = [cert.start, cert.end];
        for (const d of dates) {
          const hit = cellHover(d?.cell, ctx, () =>
            certDateText(cert.start?.ms, cert.end?.ms, ctx.model),
          );
          if (hit) {
            return hit;
          }
        }
      }
      return null;
    }
    case "crypto-map":
      for (const entry of data.entries) {
        for (const iface of entry.interfaces) {
          const hit = cellHover(
            iface,
            ctx,
            () =>
              `**${iface.text}** carries crypto map ${entry.name.text}: traffic leaving by it that the crypto ACL permits is encrypted toward the peer. It must be the interface the route to the peer leaves by.`,
          );
          if (hit) {
            return hit;
          }
        }
      }
      return null;
    case "ikev2-proposal":
      for (const proposal of data.proposals) {
        for (const cell of [
          ...proposal.encryption,
          ...proposal.integrity,
          ...proposal.prf,
          ...proposal.groups,
        ]) {
          const hit = cellHover(cell, ctx, () => ikev2TransformText(cell.text));
          if (hit) {
            return hit;
          }
        }
      }
      return null;
    case "dmvpn":
      return dmvpnCellHover(data, ctx);
    case "ip-interface-brief":
      return briefCellHover(data, ctx);
    default:
      return null;
  }
}

/**
 * The cells of `show ip interface brief`: the header's column names, and each row's name,
 * address, OK?, method, status and line protocol (a row may stand on two lines).
 */
function briefCellHover(
  data: IpInterfaceBriefShow,
  ctx: HoverContext,
): HoverResult | null {
  if (ctx.line === data.headerLine) {
    const re = /\S+/g;
    for (let m = re.exec(ctx.raw); m; m = re.exec(ctx.raw)) {
      const meaning = BRIEF_COLUMNS[m[0]];
      if (
        meaning &&
        ctx.character >= m.index &&
        ctx.character <= m.index + m[0].length
      ) {
        return result(
          `**${m[0]}** (column of \`show ip interface brief\`)\n\n${meaning}`,
          lineRange(ctx.line, m.index, m.index + m[0].length),
        );
      }
    }
    return null;
  }
  const row = data.rows.find(
    (r) => ctx.line >= r.line && ctx.line <= r.endLine,
  );
  if (!row) {
    return null;
  }
  const name = row.name.text;
  const tunnel = isTunnelInterface(name);
  const state = interfaceState(row.status.text, row.protocol.text);
  const stateText = () => {
    const meaning = (tunnel && state?.tunnel) || state?.meaning;
    const pair = `${row.status.text}/${row.protocol.text}`;
    return meaning
      ? `**${name} is ${pair}**\n\n${meaning.replaceAll("<name>", name)}${state?.fix ? `\n\nNext: ${state.fix.replaceAll("<name>", name)}` : ""}`
      : `**${name} is ${pair}**: the interface is not up/up, so it carries nothing.`;
  };
  return (
    cellHover(row.name, ctx, () =>
      tunnel
        ? `**${name}**: a tunnel interface (GRE, a VTI or DMVPN). Its line protocol is up only while IOS has a path for it (source up, destination routed, not through itself); with tunnel protection its IPsec SAs are negotiated from its source to its destination.`
        : `**${name}**: the interface this row describes. If it carries the crypto map, its address is where IKE and ESP leave from, so it must be up/up.`,
    ) ??
    cellHover(row.address, ctx, () =>
      row.address.text === "unassigned"
        ? `**unassigned**: ${name} has no IPv4 address. It cannot source IKE or ESP, and a tunnel whose \`tunnel source\` it is stays down.`
        : `**${row.address.text}**: the primary IPv4 address of ${name} (\`show ip interface\` gives its mask). While ${name} is ${row.status.text}/${row.protocol.text}${row.status.text === "up" && row.protocol.text === "up" ? ", this address is the router's own and usable: IKE and ESP can leave from it" : ", nothing is sent from or received at it"}.`,
    ) ??
    cellHover(row.ok, ctx, () => {
      const meaning = BRIEF_OK[row.ok.text];
      return meaning ? `**OK? ${row.ok.text}**: ${meaning}` : undefined;
    }) ??
    cellHover(row.method, ctx, () => {
      const meaning = BRIEF_METHODS[row.method.text];
      return meaning
        ? `**Method ${row.method.text}**: ${meaning}`
        : `**Method ${row.method.text}**: how the address of ${name} was set.`;
    }) ??
    cellHover(row.status, ctx, () => {
      const meaning = BRIEF_STATUSES[row.status.text]?.replaceAll(
        "<name>",
        name,
      );
      if (!meaning) {
        return stateText();
      }
      const protocol =
        row.status.text !== "up"
          ? ""
          : row.protocol.text === "up"
            ? " Its line protocol is up too."
            : ` But its line protocol is ${row.protocol.text}: hover the Protocol column.`;
      return `**${row.status.text}** (Status): ${meaning}${protocol}`;
    }) ??
    cellHover(row.protocol, ctx, stateText)
  );
}

/**
 * The cells of `show dmvpn`: the interface's name, type and peer count, its next-hop servers,
 * and each row's count, NBMA address, tunnel address, state, time and attributes.
 */
function dmvpnCellHover(
  data: DmvpnShow,
  ctx: HoverContext,
): HoverResult | null {
  for (const iface of data.interfaces) {
    if (ctx.line < iface.line || ctx.line > iface.endLine) {
      continue;
    }
    const name = iface.name?.text ?? "the tunnel";
    const head =
      cellHover(
        iface.name,
        ctx,
        () =>
          `**${name}**: the multipoint GRE tunnel interface whose NHRP peers are listed below.`,
      ) ??
      cellHover(iface.status, ctx, () => {
        const [status, protocol] = iface.status!.text.split("/");
        return `**${iface.status!.text}**: ${name} is ${status ?? "?"} and its line protocol ${protocol ?? "?"}${iface.status!.text === "up/up" ? "." : ": while either is down, no entry of the tunnel works (the peers' state is INTF)."}`;
      }) ??
      cellHover(iface.type, ctx, () => {
        const meaning = DMVPN_TYPES[iface.type!.text];
        return meaning
          ? `**Type ${iface.type!.text}**: ${name} is ${meaning}`
          : undefined;
      }) ??
      cellHover(
        iface.peerCount
          ? {
              text: String(iface.peerCount.value),
              range: iface.peerCount.range,
            }
          : undefined,
        ctx,
        () =>
          `**${iface.peerCount!.value} NHRP peer${iface.peerCount!.value === 1 ? "" : "s"}**: the NBMA addresses ${name} has entries for (a peer with several entries counts once).`,
      );
    if (head) {
      return head;
    }
    for (const nhs of iface.nhs) {
      const hit =
        cellHover(
          nhs.address,
          ctx,
          () =>
            `**${nhs.address.text}**: a next-hop server of ${name}: the hub's tunnel address, to which this spoke sends its registrations (\`ip nhrp nhs\`).`,
        ) ??
        cellHover(nhs.status, ctx, () => {
          const letters = [...nhs.status!.text].map((l) =>
            DMVPN_NHS_STATUS[l] ? `${l}: ${DMVPN_NHS_STATUS[l]}` : undefined,
          );
          if (letters.some((l) => l === undefined)) {
            return undefined;
          }
          const silent = !nhs.status!.text.includes("R")
            ? "\n\nNo R: the server has not answered; the spoke is not registered to it."
            : "";
          return `**${nhs.status!.text}** (next-hop server status)\n\n${letters.map((l) => `- ${l}`).join("\n")}${silent}`;
        });
      if (hit) {
        return hit;
      }
    }
    for (const row of iface.rows) {
      const hit = dmvpnRowHover(row, iface.name?.text, ctx);
      if (hit) {
        return hit;
      }
    }
  }
  return null;
}

function dmvpnRowHover(
  row: DmvpnShow["interfaces"][number]["rows"][number],
  tunnelName: string | undefined,
  ctx: HoverContext,
): HoverResult | null {
  const name = tunnelName ?? "the tunnel";
  const state = dmvpnState(row.state.text);
  const up = state?.up === true;
  const nbma = row.nbma?.text;
  const natted = dmvpnAttributes(row.attributes.text)?.includes("N");
  return (
    cellHover(
      row.entries,
      ctx,
      () =>
        `**# Ent ${row.entries!.text}**: the NHRP entries with NBMA address ${nbma ?? "?"}${Number(row.entries!.text) > 1 ? "; the rows under this one without a count are its others" : ""}.`,
    ) ??
    cellHover(row.nbma, ctx, () =>
      nbma === "UNKNOWN"
        ? "**UNKNOWN**: NHRP has not resolved this tunnel address to an NBMA address yet (an incomplete entry): the resolution request got no answer."
        : `**${nbma}**: the peer's NBMA address: its public (transport) address, the source of its GRE tunnel. IKE, ESP and GRE packets to the peer go to it${natted ? "; the peer is behind NAT (N), so this is its address after translation" : ""}.`,
    ) ??
    cellHover(
      row.tunnel,
      ctx,
      () =>
        `**${row.tunnel.text}**: the peer's tunnel address, the address of its tunnel interface inside the DMVPN${nbma && nbma !== "UNKNOWN" ? ` (NHRP maps it to ${nbma})` : ""}. Routing neighbours and next hops over ${name} use it.`,
    ) ??
    cellHover(row.state, ctx, () =>
      state
        ? fillDmvpnText(
            `**${row.state.text}** (DMVPN peer state)\n\n${state.meaning}${state.cause ? `\n\nWhy it stays there: ${state.cause}` : ""}${state.verify ? `\n\nVerify: ${state.verify}` : ""}`,
            nbma,
            tunnelName,
          )
        : `**${row.state.text}** (DMVPN peer state): not UP, so the tunnel to this peer does not carry traffic.`,
    ) ??
    cellHover(row.upDown, ctx, () => dmvpnTimeText(row.upDown.text, up)) ??
    cellHover(row.attributes, ctx, () => {
      const codes = dmvpnAttributes(row.attributes.text);
      if (!codes) {
        return undefined;
      }
      const lines = codes.map((c) => {
        const info = DMVPN_ATTRIBUTES[c]!;
        return `- **${c}** (${info.name}): ${info.meaning}`;
      });
      return `**${row.attributes.text}** (NHRP entry attributes)\n\n${lines.join("\n")}`;
    }) ??
    cellHover(
      row.target,
      ctx,
      () =>
        `**${row.target!.text}**: the target network of the entry: what NHRP resolved to this peer (its tunnel address as a host route, or a network behind it for a phase 3 shortcut).`,
    )
  );
}

function aclEntryText(
  action: string,
  protocol: string,
  rest: readonly string[],
): string {
  const p = protocol.toLowerCase();
  const ports = rest.join(" ");
  let ipsec = "";
  if (p === "esp" || p === "50") {
    ipsec = "ESP (IP protocol 50) carries the encrypted traffic.";
  } else if (p === "ahp" || p === "51") {
    ipsec = "AH (IP protocol 51) carries authenticated traffic.";
  } else if (p === "udp" && /\b(isakmp|500)\b/.test(ports)) {
    ipsec = "UDP 500 carries IKE (ISAKMP).";
  } else if (p === "udp" && /\b(non500-isakmp|4500)\b/.test(ports)) {
    ipsec = "UDP 4500 carries IKE and ESP after NAT traversal.";
  }
  const verdict =
    ipsec && action === "deny"
      ? " Denying it on the path between the peers breaks the tunnel."
      : ipsec
        ? " Permitting it lets the tunnel through."
        : "";
  return `**${action} ${protocol}**${ipsec ? `\n\n${ipsec}${verdict}` : ""}`;
}

function certDateText(
  start: number | undefined,
  end: number | undefined,
  model: CaptureModel,
): string {
  const clock = model.shows.find((s) => s.data?.kind === "clock")?.data;
  const base =
    "The certificate is valid only between its start and end dates, judged by the router's clock.";
  if (clock?.kind !== "clock" || clock.ms === undefined) {
    return base;
  }
  const when =
    start !== undefined && clock.ms < start
      ? "before the start date: the certificate is not yet valid by that clock"
      : end !== undefined && clock.ms > end
        ? "after the end date: the certificate has expired by that clock"
        : "within these dates";
  return `${base}\n\nThe \`show clock\` in this file (${clock.text.text}) is ${when}.`;
}

/** A transform of an IKEv2 proposal as the debug prints it. */
function ikev2TransformText(word: string): string | undefined {
  const group = /Group (\d+)$/.exec(word);
  if (group) {
    const g = DH_GROUPS[Number(group[1])];
    return g
      ? `**Diffie-Hellman group ${g.group}** (${describeDhGroup(g)})\n\nOffered in this proposal (\`group ${g.group}\` in the IKEv2 proposal). ${g.note}`
      : undefined;
  }
  // `show crypto ikev2 proposal` writes the key size on (`AES-CBC-256`); the debug does not.
  const sized = /^(AES-(?:CBC|GCM|CTR))-(128|192|256)$/.exec(word);
  const info = IKEV2_DEBUG_TRANSFORMS[sized ? sized[1]! : word];
  return info
    ? `**${word}** (IKEv2 ${info.kind}${sized ? `, ${sized[2]}-bit key` : ""})\n\n${info.meaning}`
    : undefined;
}
