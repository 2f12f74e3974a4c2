import type { MessageSource, Timestamp } from "./model";

/**
 * The front of a capture line: the sequence number and timestamp IOS puts before each message
 * (`000123: *Mar  1 00:13:31.891: `, `Mar 7 16:14:29.027 GMT: `, `00:08:57: `, `1d02h: `) and the
 * prefix that names the debug (`ISAKMP (0:1): `, `ISAKMP:(1001):`, `IPSEC(sa_request): `...).
 * Used by the parser on every line and by hovers on one line, so every pattern is anchored and
 * free of nested quantifiers: a line costs a few constant-time tests.
 */

/** What precedes the message on a line. */
export interface LinePrefix {
  sequence?: number;
  /** Column of the sequence number. */
  sequenceStart?: number;
  timestamp?: Timestamp;
  /** Column where the message starts. */
  start: number;
}

/** Month index by the three letters' char codes (`Mar` -> 2). */
const MONTHS = new Map<number, number>(
  [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i,
  ]),
);

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
};

/** Date.UTC of the last day seen: a capture spans few days, so most lines reuse it. */
let lastDay = -1;
let lastDayMs = 0;

function dayMs(year: number, month: number, day: number): number {
  const key = (year * 12 + month) * 32 + day;
  if (key !== lastDay) {
    lastDay = key;
    lastDayMs = Date.UTC(year, month, day);
  }
  return lastDayMs;
}

/** A timestamp whose text is cut from its line only when asked for (most never are). */
export class LineTimestamp implements Timestamp {
  constructor(
    private readonly raw: string,
    readonly start: number,
    readonly end: number,
    readonly kind: "date" | "uptime",
    readonly flag: "*" | "." | undefined,
    readonly ms: number | undefined,
    readonly precise: boolean,
  ) {}

  get text(): string {
    return this.raw.slice(this.start, this.end);
  }
}

/**
 * A hand-written scanner for the stamps: they start nearly every line of a big capture, and a
 * regex with nine groups allocated more than the rest of the parse. Positions move forward only.
 */
class Scanner {
  pos: number;
  constructor(
    readonly text: string,
    pos: number,
  ) {
    this.pos = pos;
  }

  /** Reads 1 to `max` digits; -1 when there is none. */
  digits(max: number): number {
    let value = 0;
    let n = 0;
    while (n < max) {
      const c = this.text.charCodeAt(this.pos);
      if (!(c >= 48 && c <= 57)) {
        break;
      }
      value = value * 10 + (c - 48);
      this.pos++;
      n++;
    }
    return n ? value : -1;
  }

  /** How many digits a `digits` call just read is known from the position; this counts a run without moving. */
  runLength(): number {
    let n = 0;
    while (true) {
      const c = this.text.charCodeAt(this.pos + n);
      if (!(c >= 48 && c <= 57)) {
        return n;
      }
      n++;
    }
  }

  eat(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  spaces(): number {
    let n = 0;
    while (this.text.charCodeAt(this.pos) === 32) {
      this.pos++;
      n++;
    }
    return n;
  }

  /** `.fff` milliseconds (1 to 6 digits); -1 when absent. */
  fraction(): number {
    if (
      this.text[this.pos] !== "." ||
      this.text.charCodeAt(this.pos + 1) < 48 ||
      this.text.charCodeAt(this.pos + 1) > 57
    ) {
      return -1;
    }
    this.pos++;
    let value = 0;
    let n = 0;
    while (n < 6) {
      const c = this.text.charCodeAt(this.pos);
      if (!(c >= 48 && c <= 57)) {
        break;
      }
      if (n < 3) {
        value = value * 10 + (c - 48);
      }
      this.pos++;
      n++;
    }
    for (let k = n; k < 3; k++) {
      value *= 10;
    }
    return value;
  }

  /** `HH:MM:SS` as seconds; -1 when not there. */
  clock(): number {
    const h = this.digits(2);
    if (h < 0 || !this.eat(":")) {
      return -1;
    }
    const save = this.pos;
    const m = this.digits(2);
    if (m < 0 || this.pos - save !== 2 || !this.eat(":")) {
      return -1;
    }
    const s0 = this.pos;
    const s = this.digits(2);
    if (s < 0 || this.pos - s0 !== 2) {
      return -1;
    }
    return (h * 60 + m) * 60 + s;
  }

  /** The `: ` that ends a stamp. */
  end(): boolean {
    return this.text[this.pos] === ":" && this.text[this.pos + 1] === " ";
  }
}

/** The timestamp at `pos`, if one starts there. */
function timestampAt(text: string, pos: number): Timestamp | undefined {
  const f = text[pos];
  const flag = f === "*" || f === "." ? (f as "*" | ".") : undefined;
  const start = flag ? pos + 1 : pos;
  const c = text.charCodeAt(start);
  if (c >= 65 && c <= 90) {
    return dateStampAt(text, start, flag);
  }
  if (c >= 48 && c <= 57) {
    return clockStampAt(text, start, flag) ?? uptimeStampAt(text, start, flag);
  }
  return undefined;
}

/** `Mar  1 00:13:31.891`, `Mar 7 16:14:29.027 GMT`, `Mar 7 2024 16:14:29 UTC`. */
function dateStampAt(
  text: string,
  start: number,
  flag: "*" | "." | undefined,
): Timestamp | undefined {
  const key =
    (text.charCodeAt(start) << 16) |
    (text.charCodeAt(start + 1) << 8) |
    text.charCodeAt(start + 2);
  const month = MONTHS.get(key);
  if (month === undefined) {
    return undefined;
  }
  const s = new Scanner(text, start + 3);
  if (!s.spaces()) {
    return undefined;
  }
  const day = s.digits(2);
  if (day < 0 || !s.spaces()) {
    return undefined;
  }
  let year = 2000;
  if (s.runLength() === 4 && text[s.pos + 4] === " ") {
    year = s.digits(4);
    s.spaces();
  }
  const seconds = s.clock();
  if (seconds < 0) {
    return undefined;
  }
  const ms = s.fraction();
  if (text[s.pos] === " ") {
    // A time zone of 2 to 5 capitals.
    const zoneStart = s.pos + 1;
    let i = zoneStart;
    while (
      i - zoneStart < 6 &&
      text.charCodeAt(i) >= 65 &&
      text.charCodeAt(i) <= 90
    ) {
      i++;
    }
    if (i - zoneStart < 2 || i - zoneStart > 5) {
      return undefined;
    }
    s.pos = i;
  }
  if (!s.end()) {
    return undefined;
  }
  return new LineTimestamp(
    text,
    start,
    s.pos,
    "date",
    flag,
    dayMs(year, month, day) + seconds * 1000 + Math.max(0, ms),
    ms >= 0,
  );
}

/** `00:08:57`, `00:08:57.123` (uptime without days). */
function clockStampAt(
  text: string,
  start: number,
  flag: "*" | "." | undefined,
): Timestamp | undefined {
  const s = new Scanner(text, start);
  const seconds = s.clock();
  if (seconds < 0) {
    return undefined;
  }
  const ms = s.fraction();
  if (!s.end()) {
    return undefined;
  }
  return new LineTimestamp(
    text,
    start,
    s.pos,
    "uptime",
    flag,
    seconds * 1000 + Math.max(0, ms),
    ms >= 0,
  );
}

/** `1d02h`, `2w3d`, `1y2w`: uptime past a day. */
function uptimeStampAt(
  text: string,
  start: number,
  flag: "*" | "." | undefined,
): Timestamp | undefined {
  const s = new Scanner(text, start);
  const a = s.digits(3);
  const u1 = text[s.pos];
  if (a < 0 || (u1 !== "y" && u1 !== "w" && u1 !== "d")) {
    return undefined;
  }
  s.pos++;
  const b = s.digits(2);
  const u2 = text[s.pos];
  if (b < 0 || (u2 !== "w" && u2 !== "d" && u2 !== "h")) {
    return undefined;
  }
  s.pos++;
  if (!s.end()) {
    return undefined;
  }
  return new LineTimestamp(
    text,
    start,
    s.pos,
    "uptime",
    flag,
    (a * UNIT_SECONDS[u1]! + b * UNIT_SECONDS[u2]!) * 1000,
    false,
  );
}

/** A sequence number `000123: ` at `pos`: its value and the position after it, or undefined. */
function sequenceAt(
  text: string,
  pos: number,
): { value: number; next: number } | undefined {
  const s = new Scanner(text, pos);
  const run = s.runLength();
  if (run < 1 || run > 10) {
    return undefined;
  }
  const value = s.digits(10);
  return s.end() ? { value, next: s.pos + 2 } : undefined;
}

/** Reads the sequence number and timestamp at the start of a line. */
export function parseLinePrefix(text: string): LinePrefix {
  let pos = 0;
  while (pos < text.length && (text[pos] === " " || text[pos] === "\t")) {
    pos++;
  }
  const first = pos;
  let timestamp = timestampAt(text, pos);
  if (timestamp) {
    return { timestamp, start: skipSpaces(text, timestampEnd(timestamp)) };
  }
  const seq = sequenceAt(text, pos);
  if (seq) {
    pos = seq.next;
    timestamp = timestampAt(text, pos);
    return {
      sequence: seq.value,
      sequenceStart: first,
      timestamp,
      start: skipSpaces(text, timestamp ? timestampEnd(timestamp) : pos),
    };
  }
  return { start: first };
}

function timestampEnd(t: Timestamp): number {
  return t.end + 2;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && text[pos] === " ") {
    pos++;
  }
  return pos;
}

/** The debug that printed a message, and where its body starts. */
export interface SourcePrefix {
  source: MessageSource;
  bodyStart: number;
  connId?: number;
  /** The IPSEC function, the IKEv2 session id, or the syslog `FAC-SEV-MNEMONIC`. */
  tag?: string;
  /** Columns of the connection id digits, for hovers. */
  connStart?: number;
  connEnd?: number;
}

/** Digits at `i`: their value and end, or undefined. */
function numberAt(
  text: string,
  i: number,
): { value: number; end: number } | undefined {
  let value = 0;
  let j = i;
  while (j - i < 10) {
    const c = text.charCodeAt(j);
    if (!(c >= 48 && c <= 57)) {
      break;
    }
    value = value * 10 + (c - 48);
    j++;
  }
  return j > i ? { value, end: j } : undefined;
}

/** `(0:1):`, `(1001):`, `(0:1:SW:1):` at `p`: the connection id (the last number before the extras). */
function connectionAt(
  text: string,
  p: number,
):
  | { conn: number; connStart: number; connEnd: number; after: number }
  | undefined {
  if (text[p] !== "(") {
    return undefined;
  }
  let first = numberAt(text, p + 1);
  if (!first) {
    return undefined;
  }
  let connStart = p + 1;
  let i = first.end;
  if (text[i] === ":") {
    const second = numberAt(text, i + 1);
    if (second) {
      connStart = i + 1;
      first = second;
      i = second.end;
    }
  }
  const conn = first.value;
  const connEnd = first.end;
  if (text[i] === ":") {
    // Optional `:SW:1` engine suffix.
    let j = i + 1;
    while (j < text.length && /\w/.test(text[j]!)) {
      j++;
    }
    const n = text[j] === ":" ? numberAt(text, j + 1) : undefined;
    if (!n) {
      return undefined;
    }
    i = n.end;
  }
  if (text[i] !== ")" || text[i + 1] !== ":") {
    return undefined;
  }
  return { conn, connStart, connEnd, after: i + 2 };
}

/**
 * `ISAKMP (0:1): `, `ISAKMP:(1001):`, `ISAKMP: (1001):`, `ISAKMP-PAK: (0):`, `ISAKMP-ERROR:`,
 * `ISAKMP:      ` and the typos `ISAKMP. (0:1):` and `ISKAMP:`. Scanned by hand: it starts most
 * lines of a big capture.
 */
function isakmpPrefixAt(text: string, start: number): SourcePrefix | undefined {
  let i = start;
  if (!text.startsWith("ISAKMP", i) && !text.startsWith("ISKAMP", i)) {
    return undefined;
  }
  i += 6;
  let source: MessageSource = "isakmp";
  if (text.startsWith("-PAK", i)) {
    source = "isakmp-pak";
    i += 4;
  } else if (text.startsWith("-ERROR", i)) {
    source = "isakmp-error";
    i += 6;
  }
  if (text[i] === ".") {
    i++;
  }
  let j = text[i] === " " ? i + 1 : i;
  let conn: ReturnType<typeof connectionAt>;
  if (text[j] === "(") {
    conn = connectionAt(text, j);
    if (!conn) {
      return undefined;
    }
    i = conn.after;
  } else if (text[j] === ":") {
    i = j + 1;
    j = text[i] === " " ? i + 1 : i;
    conn = connectionAt(text, j);
    if (conn) {
      i = conn.after;
    }
  } else {
    return undefined;
  }
  while (text[i] === ":" || text[i] === " ") {
    i++;
  }
  return {
    source,
    bodyStart: i,
    connId: conn?.conn,
    connStart: conn?.connStart,
    connEnd: conn?.connEnd,
  };
}

const IPSEC_PREFIX = /IPSE[Cc]\(([\w.-]{1,64})\):? */y;
const MAPDB_PREFIX = /Crypto mapdb *: */y;
const IKEV2_PREFIX =
  /IKEv2(-PAK|-ERROR|-INTERNAL)?:(?:\((?:SESSION ID = (\d+), ?)?SA ID = (\d+)\):*)? */y;
const SYSLOG_PREFIX =
  /(%?)([A-Z][A-Z0-9_]{1,30})-([0-7])-([A-Z0-9_]{2,40}) ?: */y;

/** Recognises the debug prefix at `start`; `timestamped` allows a syslog without its `%`. */
export function parseSourcePrefix(
  text: string,
  start: number,
  timestamped: boolean,
): SourcePrefix | undefined {
  const c = text[start];
  if (c === "I") {
    const isakmp = isakmpPrefixAt(text, start);
    if (isakmp) {
      return isakmp;
    }
    let m: RegExpExecArray | null;
    IPSEC_PREFIX.lastIndex = start;
    m = IPSEC_PREFIX.exec(text);
    if (m) {
      return { source: "ipsec", bodyStart: IPSEC_PREFIX.lastIndex, tag: m[1] };
    }
    IKEV2_PREFIX.lastIndex = start;
    m = IKEV2_PREFIX.exec(text);
    if (m) {
      const source: MessageSource =
        m[1] === "-PAK"
          ? "ikev2-pak"
          : m[1] === "-ERROR"
            ? "ikev2-error"
            : "ikev2";
      return {
        source,
        bodyStart: IKEV2_PREFIX.lastIndex,
        connId: m[3] === undefined ? undefined : Number(m[3]),
        tag: m[2],
      };
    }
    return undefined;
  }
  if (c === "C") {
    MAPDB_PREFIX.lastIndex = start;
    if (MAPDB_PREFIX.exec(text)) {
      return { source: "mapdb", bodyStart: MAPDB_PREFIX.lastIndex };
    }
  }
  if (c === "%" || (timestamped && c !== undefined && c >= "A" && c <= "Z")) {
    SYSLOG_PREFIX.lastIndex = start;
    const m = SYSLOG_PREFIX.exec(text);
    if (m && (m[1] === "%" || timestamped)) {
      return {
        source: "syslog",
        bodyStart: SYSLOG_PREFIX.lastIndex,
        tag: `${m[2]}-${m[3]}-${m[4]}`,
      };
    }
  }
  return undefined;
}

const PROMPT = /^([A-Za-z][\w.-]{0,62})(?:\(([a-z][\w-]{0,40})\))?([#>])(.*)$/;

/** A console prompt with the command typed after it. */
export interface ParsedPrompt {
  hostname: string;
  mode?: string;
  level: "#" | ">";
  command: string;
  commandStart: number;
}

/** Recognises `Host#cmd`, `Host(config-if)#cmd` or `Host>cmd` at the start of a line. */
export function parsePrompt(text: string): ParsedPrompt | undefined {
  const m = PROMPT.exec(text);
  if (!m) {
    return undefined;
  }
  const rest = m[4]!;
  const lead = rest.length - rest.trimStart().length;
  return {
    hostname: m[1]!,
    mode: m[2],
    level: m[3] as "#" | ">",
    command: rest.trim(),
    commandStart: text.length - rest.length + lead,
  };
}
