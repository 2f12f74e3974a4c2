import { routerAt } from "../capture/describe";
import {
  LineKind,
  messagesWithEvents,
  type CaptureModel,
} from "../capture/model";
import { captureRouters, type CaptureRouters } from "../capture/workspace";
import { runOn } from "../capture/wrap";
import { pushAt } from "../collections/multiMap";
import { serverNbma } from "../config/dmvpn";
import { routerName, type Interface } from "../config/model";
import { tunnelDisagreements } from "../peers/tunnelIssues";
import { nodeRange } from "../config/tree";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import {
  nhrpCieCode,
  nhrpCodeIn,
  nhrpErrorCode,
  type NhrpCodeInfo,
} from "../knowledge/nhrpCodes";
import { lineRange, type Range } from "../text/position";
import type { CaptureCheck, CheckContext, WorkspaceConfig } from "./check";
import { byLine, firstAtOrAfter } from "../text/sorted";

/**
 * NHRP failures a capture shows (`debug nhrp`, `debug nhrp packet`, and the NHRP and DMVPN syslog
 * messages printed with them), as `log-nhrp-error`: an Error Indication received or sent, a
 * registration refused with a CIE code other than success, and registrations a next-hop server
 * never answers. One finding per problem and router, on the first line that shows it, with the
 * later occurrences as related lines. When the workspace holds the router's config (or the
 * capture prints it), the finding points at its tunnel interface, and compares it with the
 * peer's when that config is known too; fixes are console commands (a log is not edited).
 */

/** A local copy of a constant read on every line (an imported binding can cost a call per read). */
const TEXT = LineKind.Text;

/** The longest part of a line read (lines are cut to this much, as hovers cut them). */
const MAX_TEXT = 4096;

/** Requests without a reply before the server counts as silent (IOS retries after 1, 2, 4... s). */
const SILENT_AFTER = 3;

/** The most lines a packet's dump spans. */
const MAX_DUMP = 40;

/** At most this many later occurrences are listed as related lines. */
const MAX_RELATED = 5;

/** One NHRP line of the capture: its text from the body (past the timestamp) on. */
interface NhrpLine {
  line: number;
  /** Column where `text` starts. */
  start: number;
  text: string;
  /** For a packet's header: the last line of its dump. */
  end?: number;
  /**
   * When `text` runs on to the lines below (a terminal cut the line): how much of it its own line
   * shows, where its range ends.
   */
  shown?: number;
}

/** A `(M) error code: ...` or `(C-n) code: ...` line. */
interface CodeLine extends NhrpLine {
  words: string;
  code: number;
}

/** An NHRP packet as `debug nhrp packet` prints it: its header line and the fields below. */
interface NhrpPacket extends NhrpLine {
  direction: "Send" | "Receive" | "Forwarding";
  /** `Registration Request`, `Error Indication`... */
  type: string;
  iface?: string;
  /** Tunnel addresses of the packet (`src: a, dst: b`, else the mandatory part's). */
  src?: string;
  dst?: string;
  srcNbma?: string;
  /** The NBMA address it was sent to (`Encapsulation succeeded ... NBMA Address: x`). */
  sentTo?: string;
  error?: CodeLine;
  cies: CodeLine[];
}

const HEADER =
  /^NHRP: (Send|Receive|Forwarding) (Registration Request|Registration Reply|Resolution Request|Resolution Reply|Purge Request|Purge Reply|Error Indication|Traffic Indication)(?: via ([\w./:-]{1,64}))?/;
const SRC_DST =
  /^src: (\d{1,3}(?:\.\d{1,3}){3}), dst: (\d{1,3}(?:\.\d{1,3}){3})/;
const PROTOCOLS =
  /^src protocol: (\d{1,3}(?:\.\d{1,3}){3}), dst protocol: (\d{1,3}(?:\.\d{1,3}){3})/;
const SRC_NBMA = /^src NBMA: (\d{1,3}(?:\.\d{1,3}){3})/;
const CODE_LINE = /^\((?:M\) error|C(?:-\d{1,3})?\)) code:/;
const SENT_TO = /^NHRP: Encapsulation succeeded\..{0,80}NBMA Address: (\S+)/;

/** The first column of a line that is not a space, or the line's length. */
function firstNonSpace(raw: string): number {
  let i = 0;
  while (
    i < raw.length &&
    (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)
  ) {
    i++;
  }
  return i;
}

/** The line's text from `start` when it reads as NHRP (an `NHRP:` line or a dump field), else undefined. */
function nhrpText(raw: string, start: number): string | undefined {
  const c = raw.charCodeAt(start);
  // `NHRP: ...`, `(M) ...`/`(C-1) ...`, `src...`: one test rules out nearly every other line.
  if (c !== 78 && c !== 40 && c !== 115) {
    return undefined;
  }
  if (
    c === 78 &&
    !(
      raw.startsWith("NHRP: Send ", start) ||
      raw.startsWith("NHRP: Receive ", start) ||
      raw.startsWith("NHRP: Forwarding ", start) ||
      raw.startsWith("NHRP: Encapsulation succeeded", start)
    )
  ) {
    return undefined;
  }
  if (c === 115 && !raw.startsWith("src", start)) {
    return undefined;
  }
  const text = raw.slice(start, start + MAX_TEXT).trimEnd();
  return c !== 40 || CODE_LINE.test(text) ? text : undefined;
}

/**
 * The lines of `debug nhrp` in order: messages without a known prefix (IOS stamps every line of
 * a packet's dump, so each is a message) with their unstamped continuations, and the same lines
 * printed without a timestamp, which the parser keeps as text. A big IKE capture costs a pass
 * over its messages' sources and one over its line kinds.
 */
function nhrpLines(model: CaptureModel): NhrpLine[] {
  const { kinds, lines, gluedLines: glued } = model;
  const stamped: NhrpLine[] = [];
  const add = (out: NhrpLine[], line: number, start: number): void => {
    const raw = lines[line] ?? "";
    // A line a terminal cut is read with its rest from the lines below.
    const whole =
      glued?.[line + 1] === 1
        ? runOn(lines, glued, line, start + MAX_TEXT)
        : raw;
    const text = nhrpText(whole, start);
    if (text !== undefined) {
      out.push({
        line,
        start,
        text,
        shown: whole === raw ? undefined : raw.trimEnd().length - start,
      });
    }
  };
  const messages = model.messages;
  for (let k = 0; k < messages.length; k++) {
    const message = messages[k]!;
    // NHRP lines are `other` messages the IKE event rules read nothing in: most other ones
    // (`inbound SA from`, `has spi`) have an event, and are passed without reading their line.
    if (message.event !== undefined || message.source !== "other") {
      continue;
    }
    add(stamped, message.line, message.bodyStart);
    for (let l = message.line + 1; l <= message.endLine; l++) {
      if (glued?.[l] !== 1) {
        add(stamped, l, firstNonSpace(lines[l] ?? ""));
      }
    }
  }
  const text: NhrpLine[] = [];
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === TEXT) {
      add(text, i, firstNonSpace(lines[i] ?? ""));
    }
  }
  if (!text.length) {
    return stamped;
  }
  // Both lists are in line order: merged, they are in the capture's.
  const out: NhrpLine[] = [];
  let i = 0;
  let j = 0;
  while (i < stamped.length || j < text.length) {
    out.push(
      j >= text.length ||
        (i < stamped.length && stamped[i]!.line < text[j]!.line)
        ? stamped[i++]!
        : text[j++]!,
    );
  }
  return out;
}

/** The packets the lines print, each with the fields of its dump. */
function nhrpPackets(lines: readonly NhrpLine[]): NhrpPacket[] {
  const out: NhrpPacket[] = [];
  let current: NhrpPacket | undefined;
  for (const l of lines) {
    const text = l.text;
    const header = text.charCodeAt(0) === 78 ? HEADER.exec(text) : null;
    if (header) {
      // Every field is set here, so that all packets share one shape.
      current = {
        line: l.line,
        start: l.start,
        text,
        shown: l.shown,
        end: l.line,
        direction: header[1] as NhrpPacket["direction"],
        type: header[2]!,
        iface: header[3],
        src: undefined,
        dst: undefined,
        srcNbma: undefined,
        sentTo: undefined,
        error: undefined,
        cies: [],
      };
      out.push(current);
      continue;
    }
    // A dump's fields follow its header closely; anything far below belongs to no packet.
    if (!current || l.line - current.line > MAX_DUMP) {
      current = undefined;
      continue;
    }
    const p = current;
    p.end = l.line;
    let m: RegExpExecArray | null;
    if (text.startsWith("src")) {
      if ((m = SRC_DST.exec(text) ?? PROTOCOLS.exec(text))) {
        p.src ??= m[1];
        p.dst ??= m[2];
      } else if ((m = SRC_NBMA.exec(text))) {
        p.srcNbma ??= m[1];
      }
    } else if (text.startsWith("NHRP:")) {
      if ((m = SENT_TO.exec(text))) {
        p.sentTo ??= m[1];
      }
    } else {
      // Only code lines get past `nhrpLines` otherwise.
      const code = nhrpCodeIn(text);
      if (code) {
        const entry: CodeLine = {
          line: l.line,
          start: l.start,
          text,
          shown: l.shown,
          end: undefined,
          words: code.words.trim(),
          code: code.code,
        };
        if (text.startsWith("(M)")) {
          p.error ??= entry;
        } else {
          p.cies.push(entry);
        }
      }
    }
  }
  return out;
}

// --- Problems --------------------------------------------------------------------------------

/** What a problem is about: the same for every line that shows it. */
interface ProblemFacts {
  key: string;
  kind: "error" | "cie" | "silent";
  router?: string;
  /** True when this router refused the peer's packet; false when the peer refused this router's. */
  refusedHere: boolean;
  info?: NhrpCodeInfo;
  words?: string;
  code?: number;
  iface?: string;
  /** The peer's tunnel and NBMA addresses, when the lines name them. */
  peer?: string;
  peerNbma?: string;
  /** The kind of packet refused (`Registration Request`), when known. */
  refused?: string;
  /** True when this router could not send the packet (`NHRP Encap Error`) rather than refused one. */
  encap?: boolean;
  /** The line that carries the code, when it is not the finding's own. */
  codeLine?: NhrpLine;
  /** Requests sent without reply (silent servers). */
  requests?: NhrpPacket[];
}

/** One problem a router's lines show, with every line that shows it. */
interface Problem extends ProblemFacts {
  /** The debug's lines that show it, in order. */
  debug: NhrpLine[];
  /** The syslog messages that show it and are not the echo of a debug line, in order. */
  syslog: NhrpLine[];
  /** A syslog message printed just before the first debug line, for the same event. */
  echoFirst?: NhrpLine;
}

function rangeOf(l: NhrpLine): Range {
  return lineRange(
    l.line,
    l.start,
    Math.max(l.start, l.start + (l.shown ?? l.text.length)),
  );
}

/** Lines around a debug packet within which a syslog message reports the same event. */
const SAME_EVENT = 3;

/**
 * Adds a line to the problem of its key, creating it. Debug lines come in capture order, then
 * the syslog messages in theirs. A syslog message printed next to a debug packet already noted
 * (`echo`) reports the same event: it is not counted again, completes what the debug left out,
 * and takes the finding when it comes just before the first packet.
 */
function note(
  problems: Map<string, Problem>,
  facts: ProblemFacts,
  at: NhrpLine,
  syslog = false,
): void {
  let problem = problems.get(facts.key);
  if (!problem) {
    problem = { ...facts, debug: [], syslog: [] };
    problems.set(facts.key, problem);
  }
  if (!syslog) {
    problem.debug.push(at);
    return;
  }
  const debug = problem.debug;
  let near: NhrpLine | undefined;
  for (
    let i = firstAtOrAfter(debug, at.line - SAME_EVENT - MAX_DUMP, byLine);
    i < debug.length && debug[i]!.line <= at.line + SAME_EVENT;
    i++
  ) {
    const l = debug[i]!;
    if (
      at.line >= l.line - SAME_EVENT &&
      at.line <= (l.end ?? l.line) + SAME_EVENT
    ) {
      near = l;
      break;
    }
  }
  if (!near) {
    problem.syslog.push(at);
    return;
  }
  problem.iface ??= facts.iface;
  problem.peer ??= facts.peer;
  problem.peerNbma ??= facts.peerNbma;
  problem.refused ??= facts.refused;
  if (near === debug[0] && at.line < near.line) {
    problem.echoFirst ??= at;
  }
}

/** A problem with the line its finding sits on and the later lines that show it. */
interface Located extends Problem {
  line: number;
  range: Range;
  again: NhrpLine[];
}

/** Every line that shows a problem, in order: the finding sits on the first. */
function locate(problem: Problem): Located {
  const out: NhrpLine[] = [];
  const { debug, syslog } = problem;
  let i = 0;
  let j = 0;
  while (i < debug.length || j < syslog.length) {
    if (
      j >= syslog.length ||
      (i < debug.length && debug[i]!.line <= syslog[j]!.line)
    ) {
      out.push(debug[i++]!);
    } else {
      out.push(syslog[j++]!);
    }
  }
  if (problem.echoFirst && out[0] === debug[0]) {
    out[0] = problem.echoFirst;
  }
  const first = out[0]!;
  return {
    ...problem,
    line: first.line,
    range: rangeOf(first),
    again: out.slice(1),
  };
}

/** Packets looked back through for the one an Error Indication refused. */
const LOOK_BACK = 16;

/**
 * The packet an Error Indication at `before` refused: the last one sent (or received, when this
 * router refused) on the interface a few packets above it, Error Indications aside.
 */
function lastPacket(
  packets: readonly NhrpPacket[],
  before: number,
  iface: string | undefined,
  direction: "Send" | "Receive" = "Send",
): NhrpPacket | undefined {
  const lo = firstAtOrAfter(packets, before, byLine);
  for (let i = lo - 1; i >= 0 && i >= lo - LOOK_BACK; i--) {
    const p = packets[i]!;
    if (
      p.direction === direction &&
      p.type !== "Error Indication" &&
      (!iface || !p.iface || p.iface === iface)
    ) {
      return p;
    }
  }
  return undefined;
}

/** Error Indications and refused registrations of the debug's packet dumps. */
function packetProblems(
  model: CaptureModel,
  packets: readonly NhrpPacket[],
  problems: Map<string, Problem>,
): void {
  for (const p of packets) {
    if (p.type === "Error Indication" && p.direction !== "Forwarding") {
      const router = routerAt(model, p.line);
      const refusedHere = p.direction === "Send";
      const info = p.error
        ? nhrpErrorCode(p.error.words, p.error.code)
        : undefined;
      // The Error Indication comes from the refusing router: its source is the peer when
      // received, its destination (the sender of the refused packet) when sent.
      note(
        problems,
        {
          key: `error:${router ?? ""}:${refusedHere}:${info?.code ?? p.error?.code ?? "?"}`,
          kind: "error",
          router,
          refusedHere,
          info,
          words: p.error?.words,
          code: p.error?.code,
          iface: p.iface,
          peer: refusedHere ? p.dst : p.src,
          peerNbma: refusedHere ? undefined : p.srcNbma,
          // The refused packet: the last one this router sent, or received when it refused.
          refused: lastPacket(
            packets,
            p.line,
            p.iface,
            refusedHere ? "Receive" : "Send",
          )?.type,
          codeLine: p.error,
        },
        p,
      );
      continue;
    }
    if (p.type !== "Registration Reply" || p.direction === "Forwarding") {
      continue;
    }
    const refusal = p.cies.find((c) => {
      const info = nhrpCieCode(c.words, c.code);
      return info ? info.code !== 0 : c.code !== 0;
    });
    if (!refusal) {
      continue;
    }
    const refusedHere = p.direction === "Send";
    const router = routerAt(model, p.line);
    const info = nhrpCieCode(refusal.words, refusal.code);
    // A reply keeps the request's addresses: the source is the spoke, the destination its hub.
    note(
      problems,
      {
        key: `cie:${router ?? ""}:${refusedHere}:${info?.code ?? refusal.code}`,
        kind: "cie",
        router,
        refusedHere,
        info,
        words: refusal.words,
        code: refusal.code,
        iface: p.iface,
        peer: refusedHere ? p.src : p.dst,
        peerNbma: refusedHere ? p.srcNbma : undefined,
        refused: "Registration Request",
      },
      refusal,
    );
  }
}

const PAKERROR = /^Receiv\w* Error Indication from (\d{1,3}(?:\.\d{1,3}){3})/;
const NHRP_ERROR =
  /^(\S+): .{0,80}? for +(Registration Request|Resolution Request|Registration Reply|Resolution Reply|Purge Request|Purge Reply)\b.{0,80}? on \(Tunnel: (\S+) NBMA: (\S+?) ?\)/;

/**
 * The NHRP syslog messages: `%NHRP-3-PAKERROR` (an Error Indication received), `%NHRP-3-PAKREPLY`
 * (a registration reply refusing this router) and `%DMVPN-3-DMVPN_NHRP_ERROR` (this router refused
 * a peer's packet). They stand for the same problems as the debug's packets.
 */
function syslogProblems(
  model: CaptureModel,
  packets: readonly NhrpPacket[],
  problems: Map<string, Problem>,
): void {
  const messages = messagesWithEvents(
    model,
    [],
    (m) => m === "PAKERROR" || m === "PAKREPLY" || m === "DMVPN_NHRP_ERROR",
  );
  for (const message of messages) {
    const e = message.event;
    if (
      e?.type !== "syslog" ||
      (e.facility !== "NHRP" && e.facility !== "DMVPN")
    ) {
      continue;
    }
    const raw = model.lines[message.line] ?? "";
    const at: NhrpLine = {
      line: message.line,
      start: message.start,
      text: raw.slice(message.start, message.start + MAX_TEXT).trimEnd(),
    };
    const body = message.body.slice(0, MAX_TEXT);
    const code = nhrpCodeIn(body);
    const router = routerAt(model, message.line);
    if (e.mnemonic === "PAKREPLY") {
      const info = code ? nhrpCieCode(code.words, code.code) : undefined;
      if (!code || info?.code === 0) {
        continue;
      }
      note(
        problems,
        {
          key: `cie:${router ?? ""}:false:${info?.code ?? code.code}`,
          kind: "cie",
          router,
          refusedHere: false,
          info,
          words: code.words.trim(),
          code: code.code,
          refused: "Registration Request",
        },
        at,
        true,
      );
      continue;
    }
    const info = code ? nhrpErrorCode(code.words, code.code) : undefined;
    if (e.mnemonic === "PAKERROR") {
      const from = PAKERROR.exec(body);
      note(
        problems,
        {
          key: `error:${router ?? ""}:false:${info?.code ?? code?.code ?? "?"}`,
          kind: "error",
          router,
          refusedHere: false,
          info,
          words: code?.words.trim(),
          code: code?.code,
          peer: from?.[1],
          refused: lastPacket(packets, at.line, undefined)?.type,
        },
        at,
        true,
      );
      continue;
    }
    // DMVPN_NHRP_ERROR: this router refused (or could not send) a packet of the peer named.
    const m = NHRP_ERROR.exec(body);
    const encap = /Encap Error/i.test(body);
    note(
      problems,
      {
        key: `${encap ? "encap" : "error"}:${router ?? ""}:true:${info?.code ?? code?.code ?? "?"}`,
        kind: "error",
        router,
        refusedHere: true,
        info,
        words: code?.words.trim(),
        code: code?.code,
        iface: m?.[1],
        peer: m?.[3],
        peerNbma: m?.[4] === "UNKNOWN" ? undefined : m?.[4],
        refused: m?.[2],
        encap,
      },
      at,
      true,
    );
  }
}

/**
 * Registration requests a next-hop server never answers: `SILENT_AFTER` requests in a row to the
 * same server on the same tunnel, and no Registration Reply after them to the end of the capture
 * (requests lost while IPsec comes up, then answered, are the normal start of a spoke). Reported
 * on the first request of the run. Not reported for a router whose registrations the capture
 * shows refused: the Error Indication or refusing reply already says why.
 */
function silentServers(
  model: CaptureModel,
  packets: readonly NhrpPacket[],
  problems: Map<string, Problem>,
): void {
  const runs = new Map<string, NhrpPacket[]>();
  const close = (key: string): void => {
    const run = runs.get(key);
    runs.delete(key);
    if (!run || run.length < SILENT_AFTER || problems.has(`silent:${key}`)) {
      return;
    }
    const first = run[0]!;
    problems.set(`silent:${key}`, {
      key: `silent:${key}`,
      kind: "silent",
      router: routerAt(model, first.line),
      refusedHere: false,
      iface: first.iface,
      peer: first.dst,
      peerNbma: run.find((r) => r.sentTo)?.sentTo,
      requests: run,
      debug: run,
      syslog: [],
    });
  };
  for (const p of packets) {
    if (p.type === "Registration Request" && p.direction === "Send") {
      const key = `${routerAt(model, p.line) ?? ""}|${p.iface ?? ""}|${p.dst ?? ""}`;
      pushAt(runs, key, p);
    } else if (p.type === "Registration Reply" && p.direction === "Receive") {
      // A reply keeps its request's addresses: its destination is the server that answers.
      const router = routerAt(model, p.line) ?? "";
      for (const key of [...runs.keys()]) {
        const [r, iface, dst] = key.split("|");
        if (
          r === router &&
          (!p.iface || !iface || iface === p.iface) &&
          (!p.dst || !dst || dst === p.dst)
        ) {
          // Answered after all (the first requests are often lost while IPsec comes up).
          runs.delete(key);
        }
      }
    }
  }
  for (const key of [...runs.keys()]) {
    close(key);
  }
}

// --- Findings --------------------------------------------------------------------------------

/** The interface of a config by name (`Tunnel0`, `tunnel 0`). */
function interfaceNamed(
  config: WorkspaceConfig | undefined,
  name: string | undefined,
): Interface | undefined {
  if (!config || !name) {
    return undefined;
  }
  const key = name.toLowerCase().replace(/\s+/g, "");
  return config.model.interfaces.find((i) => i.key === key);
}

/** The peer's tunnel interface: the one with the peer's tunnel address, else its first mGRE tunnel. */
function peerTunnel(
  config: WorkspaceConfig | undefined,
  address: string | undefined,
): Interface | undefined {
  if (!config) {
    return undefined;
  }
  const n = address !== undefined ? parseIpv4(address) : undefined;
  return (
    (n !== undefined
      ? config.model.interfaces.find((i) =>
          i.addresses.some((a) => a.address === n),
        )
      : undefined) ??
    config.model.interfaces.find((i) => i.tunnel.mode === "gre multipoint")
  );
}

/** The configs of the router and of its peer, and their tunnel interfaces. */
interface Ends {
  r: CaptureRouters;
  selfTunnel?: Interface;
  peerTunnel?: Interface;
}

function ends(model: CaptureModel, ctx: CheckContext, problem: Located): Ends {
  // The peer is found by its NBMA address, else by its tunnel address (a hub's tunnel interface
  // has the address its spokes register to).
  const r = captureRouters(
    model,
    ctx,
    problem.line,
    undefined,
    problem.peerNbma ?? problem.peer,
  );
  const selfTunnel = interfaceNamed(r.self, problem.iface);
  return {
    r,
    selfTunnel,
    peerTunnel: r.peer ? peerTunnel(r.peer, problem.peer) : undefined,
  };
}

/** `172.16.0.1 (NBMA 192.0.2.1)`, or whichever half is known. */
function peerText(problem: Problem): string | undefined {
  if (problem.peer) {
    return `${problem.peer}${problem.peerNbma ? ` (NBMA ${problem.peerNbma})` : ""}`;
  }
  return problem.peerNbma ? `NBMA ${problem.peerNbma}` : undefined;
}

/** `authentication failure(11)`, as the capture printed it. */
function codeText(problem: Problem): string | undefined {
  return problem.words !== undefined && problem.code !== undefined
    ? `${problem.words}(${problem.code})`
    : undefined;
}

/** The meaning, cause and fix of a code, as sentences. */
function codeSentences(info: NhrpCodeInfo | undefined): string {
  if (!info) {
    return "";
  }
  return ` The code means ${info.meaning}.${info.cause ? ` ${info.cause}` : ""}${info.fix ? ` Fix: ${info.fix}` : ""}`;
}

/** The last `%DMVPN-5-CRYPTO_SS` state of the IPsec socket toward an NBMA address. */
function socketState(
  model: CaptureModel,
  nbma: string | undefined,
): { up: boolean; line: number } | undefined {
  if (!nbma) {
    return undefined;
  }
  let state: { up: boolean; line: number } | undefined;
  for (const m of messagesWithEvents(model, [], (x) => x === "CRYPTO_SS")) {
    const s = /remote address ?: ?(\S+) +socket is (UP|DOWN)/.exec(m.body);
    if (s && s[1] === nbma) {
      state = { up: s[2] === "UP", line: m.line };
    }
  }
  return state;
}

/** A console fix from a code's commands, `<tunnel>` filled in. */
function codeFix(
  title: string,
  cli: readonly string[],
  tunnel: string | undefined,
  fills: Record<string, string> = {},
): Fix {
  return {
    title,
    edits: [],
    cli: cli.map((c) => {
      let out = c.split("<tunnel>").join(tunnel ?? "<tunnel>");
      for (const [from, to] of Object.entries(fills)) {
        out = out.split(from).join(to);
      }
      return out;
    }),
  };
}

/** The `ip nhrp authentication` line of a tunnel, else the interface line, as related information. */
function authRelated(
  config: WorkspaceConfig,
  tunnel: Interface,
  who: string,
): RelatedInfo {
  const auth = tunnel.nhrp?.authentication;
  return auth
    ? {
        uri: config.uri,
        range: nodeRange(auth.node),
        message: `${who}'s ${tunnel.name} sets its NHRP authentication string here`,
      }
    : {
        uri: config.uri,
        range: nodeRange(tunnel.node),
        message: `${who}'s ${tunnel.name} has no \`ip nhrp authentication\``,
      };
}

function tunnelRelated(
  config: WorkspaceConfig,
  tunnel: Interface,
  who: string,
): RelatedInfo {
  return {
    uri: config.uri,
    range: nodeRange(tunnel.node),
    message: `${who}'s ${tunnel.name}`,
  };
}

/** What the two configs say about an authentication failure: whether their strings differ. */
function authComparison(e: Ends, self: string, peer: string): string {
  const a = e.selfTunnel?.nhrp?.authentication?.secret;
  const b = e.peerTunnel?.nhrp?.authentication?.secret;
  if (!e.selfTunnel || !e.peerTunnel) {
    return "";
  }
  if (a === b) {
    return ` The workspace's configs of ${self} and ${peer} set the same string on their tunnels: the router that refused may run another configuration than its file.`;
  }
  if (a === undefined || b === undefined) {
    return ` The configs agree: ${a === undefined ? self : peer}'s ${(a === undefined ? e.selfTunnel : e.peerTunnel).name} sets no \`ip nhrp authentication\` and ${a === undefined ? peer : self}'s does.`;
  }
  return ` The configs agree: ${self}'s ${e.selfTunnel.name} and ${peer}'s ${e.peerTunnel.name} set different strings.`;
}

/** The finding of an Error Indication or a refusing registration reply. */
function refusalFinding(
  model: CaptureModel,
  ctx: CheckContext,
  problem: Located,
): Finding {
  const e = ends(model, ctx, problem);
  const Who = problem.router ?? "This router";
  const peerName = problem.peer ?? "the peer";
  const peer = peerText(problem);
  const on = problem.iface ? ` on ${problem.iface}` : "";
  const code = codeText(problem);
  const info = problem.info;
  const indication = code
    ? `with an Error Indication: ${code}.`
    : "with an Error Indication, whose code the capture does not show (`debug nhrp packet` prints it).";
  let message: string;
  if (problem.encap) {
    message = `${Who} could not send ${problem.refused ? `a ${problem.refused}` : "an NHRP packet"}${peer ? ` for ${peer}` : ""}${on}: NHRP found no NBMA address to put it in GRE toward (\`NHRP Encap Error\`${code ? `, ${code}` : ""}).`;
  } else if (problem.kind === "error") {
    message = problem.refusedHere
      ? `${Who} refused ${problem.refused ? `a ${problem.refused}` : "an NHRP packet"}${peer ? ` from ${peer}` : ""}${on} ${indication}`
      : `${Who}'s ${problem.refused ?? "NHRP packet"}${on} was refused${peer ? ` by ${peer}` : ""} ${indication}`;
  } else {
    message = problem.refusedHere
      ? `${Who} refused the registration of ${peer ?? "a spoke"}${on}: its Registration Reply carries ${code}.`
      : `${Who}'s registration${on}${peer ? ` with next-hop server ${peer}` : ""} was refused: the Registration Reply carries ${code}.`;
  }
  message += codeSentences(info);
  const related: RelatedInfo[] = [];
  if (problem.codeLine && problem.codeLine.line !== problem.line) {
    related.push({
      range: rangeOf(problem.codeLine),
      message: `the code: ${code ?? "?"}`,
    });
  }
  for (const again of problem.again.slice(0, MAX_RELATED)) {
    related.push({ range: rangeOf(again), message: "the same refusal again" });
  }
  if (problem.again.length) {
    message += ` The capture shows it ${problem.again.length + 1} times.`;
  }
  const selfName = e.r.hostname ?? "this router";
  const peerConfigName = (e.r.peer && routerName(e.r.peer.model)) ?? peerName;
  const fixes: Fix[] = [];
  const tunnel = e.selfTunnel?.name ?? problem.iface;
  if (info?.code === 11 && problem.kind === "error") {
    if (e.r.self && e.selfTunnel) {
      related.push(authRelated(e.r.self, e.selfTunnel, selfName));
    }
    if (e.r.peer && e.peerTunnel) {
      related.push(authRelated(e.r.peer, e.peerTunnel, peerConfigName));
    }
    message += authComparison(e, selfName, peerConfigName);
    const theirs = e.peerTunnel?.nhrp?.authentication?.secret;
    fixes.push(
      codeFix(
        `Set the NHRP authentication string of the cloud on ${tunnel ?? "the tunnel"}`,
        info.cli!,
        tunnel,
        theirs !== undefined && ctx.settings.revealSecrets
          ? { "<the cloud's string>": theirs }
          : {},
      ),
    );
  } else {
    if (e.r.self && e.selfTunnel) {
      related.push(tunnelRelated(e.r.self, e.selfTunnel, selfName));
    }
    if (e.r.peer && e.peerTunnel) {
      related.push(tunnelRelated(e.r.peer, e.peerTunnel, peerConfigName));
    }
  }
  if (info?.code === 14 && problem.kind === "cie") {
    // The fix is the spoke's: this router when it was refused, the peer when it refused.
    const spokeTunnel = problem.refusedHere ? e.peerTunnel?.name : tunnel;
    fixes.push(
      codeFix(
        problem.refusedHere
          ? `On the spoke${problem.peer ? ` ${problem.peer}` : ""}: let the hub replace its registration (no-unique)`
          : `Let the hub replace ${tunnel ?? "the tunnel"}'s registration (no-unique)`,
        info.cli!,
        spokeTunnel,
      ),
    );
  }
  if (info?.code === 6 && problem.kind === "error" && !problem.refusedHere) {
    const hubAddress = e.peerTunnel?.addresses[0];
    const fills: Record<string, string> = {};
    if (hubAddress) {
      fills["<hub tunnel address>"] = formatIpv4(hubAddress.address);
    }
    if (problem.peerNbma) {
      fills["<hub NBMA address>"] = problem.peerNbma;
    }
    // With both configs: the next-hop servers of this tunnel that are no address of the hub.
    const owned = new Set(
      e.r.peer?.model.interfaces.flatMap((i) =>
        i.addresses.map((a) => a.address),
      ) ?? [],
    );
    const wrong =
      e.r.self && e.r.peer && e.peerTunnel && hubAddress
        ? (e.selfTunnel?.nhrp?.servers ?? []).filter(
            (x) => x.address !== undefined && !owned.has(x.address),
          )
        : [];
    if (wrong.length) {
      message += ` The configs agree: ${selfName}'s ${e.selfTunnel!.name} registers to ${wrong.map((x) => formatIpv4(x.address!)).join(" and ")}, which no interface of ${peerConfigName} has (its ${e.peerTunnel!.name} is ${formatIpv4(hubAddress!.address)}).`;
      for (const x of wrong) {
        related.push({
          uri: e.r.self!.uri,
          range: nodeRange(x.node),
          message: `${selfName}'s next-hop server ${formatIpv4(x.address!)}`,
        });
      }
    }
    const [head, ...rest] = info.cli!;
    fixes.push(
      codeFix(
        `Point ${tunnel ?? "the tunnel"} at the hub's tunnel address`,
        [head!, ...wrong.map((x) => ` no ${x.node.text.trim()}`), ...rest],
        tunnel,
        fills,
      ),
    );
  }
  return {
    code: "log-nhrp-error",
    range: problem.range,
    message: tidy(message),
    related,
    ...(fixes.length ? { fixes } : {}),
  };
}

function tidy(text: string): string {
  return text.replace(/ {2,}/g, " ").replace(/\.\./g, ".").trim();
}

/** Why the hub's config would drop this spoke's registrations, when both configs are known. */
function configReasons(
  e: Ends,
  nhs: string | undefined,
  self: string,
  hub: string,
): { reasons: string[]; fixes: Fix[] } {
  const reasons: string[] = [];
  const fixes: Fix[] = [];
  const mine = e.selfTunnel;
  if (!mine || !e.r.peer) {
    return { reasons, fixes };
  }
  const n = nhs !== undefined ? parseIpv4(nhs) : undefined;
  const theirs =
    n !== undefined
      ? e.r.peer.model.interfaces.find((i) =>
          i.addresses.some((a) => a.address === n),
        )
      : undefined;
  if (n !== undefined && !theirs) {
    reasons.push(
      `no interface of ${hub} has ${nhs}: ${self}'s \`ip nhrp nhs\` is not the hub's tunnel address`,
    );
    return { reasons, fixes };
  }
  const hubTunnel = theirs ?? e.peerTunnel;
  if (!hubTunnel || !e.r.self) {
    return { reasons, fixes };
  }
  // The pair analysis's judgement, so the capture and the configs' findings never disagree; the
  // capture names no NBMA address to judge the next-hop server by (checked above instead).
  const problems = tunnelDisagreements(
    { name: self, uri: e.r.self.uri, model: e.r.self.model, tunnel: mine },
    {
      name: hub,
      uri: e.r.peer.uri,
      model: e.r.peer.model,
      tunnel: hubTunnel,
    },
  );
  for (const problem of problems) {
    // The reasons name each end's value in the order spoke, hub: said once, before the first.
    reasons.push(
      reasons.length
        ? problem.reason
        : `on ${self}'s ${mine.name} against ${hub}'s ${hubTunnel.name}, ${problem.reason}`,
    );
    if (problem.code === "nhrp-mismatch") {
      // Its fix would print the hub's authentication string: a secret.
      continue;
    }
    // The spoke's fix, as console lines: the capture is not the file it would edit.
    const cli = problem.issue().fixes[0]?.cli;
    if (cli) {
      fixes.push({
        title:
          problem.code === "tunnel-key-mismatch"
            ? `Use ${hub}'s tunnel key on ${mine.name}`
            : `Use ${hub}'s tunnel mode on ${mine.name}`,
        edits: [],
        cli,
      });
    }
  }
  return { reasons, fixes };
}

/** The NBMA address a tunnel's config gives for a next-hop server. */
function configuredNbma(
  tunnel: Interface | undefined,
  server: string | undefined,
): string | undefined {
  const n = server !== undefined ? parseIpv4(server) : undefined;
  const nhs = tunnel?.nhrp?.servers.find((x) => x.address === n);
  const found = tunnel && nhs ? serverNbma(tunnel, nhs) : undefined;
  return found ? formatIpv4(found.nbma) : undefined;
}

/** The finding of a next-hop server that never answers this router's registrations. */
function silentFinding(
  model: CaptureModel,
  ctx: CheckContext,
  problem: Located,
): Finding {
  const e = ends(model, ctx, problem);
  const Who = problem.router ?? "This router";
  const requests = problem.requests ?? [];
  const on = problem.iface ? ` on ${problem.iface}` : "";
  const server = problem.peer ?? "its next-hop server";
  const nbma = problem.peerNbma ?? configuredNbma(e.selfTunnel, problem.peer);
  const self = e.r.hostname ?? "this spoke";
  const hub = (e.r.peer && routerName(e.r.peer.model)) ?? "the hub";
  let message = `${Who} sent ${requests.length} NHRP Registration Requests${on} to next-hop server ${server}${nbma ? ` (NBMA ${nbma})` : ""} and no Registration Reply came: the server does not answer, so the spoke is not registered (the hub is not UP in \`show dmvpn\`, and no spoke-to-spoke resolution works).`;
  const socket = socketState(model, nbma);
  if (socket?.up) {
    message += ` IPsec toward ${nbma} is up (its socket came UP at line ${socket.line + 1}), so the requests reach the hub and it drops them: a different \`tunnel key\` (GRE packets with another key are dropped without a word), a different \`ip nhrp authentication\` (usually answered with an Error Indication), or an \`ip nhrp nhs\` that is not the hub's tunnel address.`;
  } else if (socket) {
    message += ` IPsec toward ${nbma} is down (its socket went DOWN at line ${socket.line + 1}): the requests cannot reach the hub until IKE and IPsec come up, so troubleshoot those first (\`show crypto session remote ${nbma}\`, \`debug crypto isakmp\` or \`debug crypto ikev2\`).`;
  } else {
    message += ` Either the requests never reach the hub (with \`tunnel protection\`, IPsec toward the hub's NBMA address must be up first: \`show crypto session\`, \`show dmvpn\`), or the hub drops them: a different \`tunnel key\` (GRE packets with another key are dropped without a word), a different \`ip nhrp authentication\` (usually answered with an Error Indication), or an \`ip nhrp nhs\` that is not the hub's tunnel address.`;
  }
  const { reasons, fixes } = configReasons(e, problem.peer, self, hub);
  if (reasons.length) {
    message += ` The two routers' configs say why: ${reasons.join("; ")}.`;
  }
  message += ` Verify: \`show ip nhrp nhs detail\` (requests sent against replies received), \`show crypto ipsec sa peer ${nbma ?? "<hub NBMA>"}\` (encaps rising while decaps stay at 0: the hub's answers never come back), \`debug nhrp packet\` on the hub.`;
  const related: RelatedInfo[] = [];
  for (const again of problem.again.slice(0, MAX_RELATED)) {
    related.push({
      range: rangeOf(again),
      message: "sent again, still no reply",
    });
  }
  if (e.r.self && e.selfTunnel) {
    related.push(tunnelRelated(e.r.self, e.selfTunnel, self));
  }
  if (e.r.peer && e.peerTunnel) {
    related.push(tunnelRelated(e.r.peer, e.peerTunnel, hub));
  }
  return {
    code: "log-nhrp-error",
    range: problem.range,
    message: tidy(message),
    related,
    ...(fixes.length ? { fixes } : {}),
  };
}

/** The NHRP capture check family. */
export const captureNhrpChecks: CaptureCheck = {
  id: "captureNhrpChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const packets = nhrpPackets(nhrpLines(model));
    const problems = new Map<string, Problem>();
    packetProblems(model, packets, problems);
    syslogProblems(model, packets, problems);
    silentServers(model, packets, problems);
    // A router whose registrations the capture shows refused is not silent: the refusal says why.
    const refused = [...problems.values()].filter(
      (p) => p.kind !== "silent" && !p.refusedHere,
    );
    const out: Finding[] = [];
    const located = [...problems.values()]
      .filter((p) => p.debug.length || p.syslog.length)
      .map(locate)
      .sort((a, b) => a.line - b.line);
    for (const problem of located) {
      if (problem.kind === "silent") {
        const explained = refused.some(
          (r) =>
            (r.router ?? "") === (problem.router ?? "") &&
            (!r.iface || !problem.iface || r.iface === problem.iface),
        );
        if (!explained) {
          out.push(silentFinding(model, ctx, problem));
        }
      } else {
        out.push(refusalFinding(model, ctx, problem));
      }
    }
    return out;
  },
};
