import { Interner } from "./intern";
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

/**
 * Month index (`Mar` -> 2) by a capital and two small letters, as `(A-Z, a-z, a-z)` in base 26;
 * -1 elsewhere. An array read, not a map lookup: nearly every line of a capture asks it.
 */
const MONTHS = new Int8Array(26 * 26 * 26).fill(-1);
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
].forEach((m, i) => {
  MONTHS[monthKey(m.charCodeAt(0), m.charCodeAt(1), m.charCodeAt(2))] = i;
});

/** The MONTHS index of three letters, or -1 when they are not a capital and two small letters. */
function monthKey(a: number, b: number, c: number): number {
  return a >= 65 && a <= 90 && b >= 97 && b <= 122 && c >= 97 && c <= 122
    ? ((a - 65) * 26 + (b - 97)) * 26 + (c - 97)
    : -1;
}

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

/** Codes of the timestamp flags in a scan (`*`: clock never set; `.`: not synchronised). */
const FLAGS = [undefined, "*", "."] as const;

/**
 * An allocation-free scanner for the front of a line. It starts nearly every line of a big
 * capture, so a call leaves its results in the scanner's fields instead of returning objects:
 * the parser reads them at once, and only the lines that become messages keep anything.
 * Positions move forward only; every test is anchored, so a line costs a few comparisons.
 */
export class LineScanner {
  /** Where the message starts after `prefix()`: after the sequence number and the stamp. */
  start = 0;
  /** The sequence number, or -1. */
  sequence = -1;
  /** Column of the sequence number, or -1. */
  sequenceStart = -1;
  /** Columns of the stamp without its flag and the `: ` after it; -1 without a stamp. */
  stampStart = -1;
  stampEnd = -1;
  /** True for an uptime stamp (`00:08:57`, `1d02h`), false for a date. */
  stampUptime = false;
  /** 0: no flag, 1: `*`, 2: `.`. */
  stampFlag = 0;
  /** Milliseconds of the stamp on the capture's scale. */
  stampMs = 0;
  /** True when the stamp has milliseconds. */
  stampPrecise = false;

  /** After `source()`: the column of the body. */
  bodyStart = 0;
  /** After `source()`: the connection id, or -1. */
  connId = -1;
  /** Columns of the connection id digits, or -1. */
  connStart = -1;
  connEnd = -1;
  /** After `source()`: the IPSEC function, IKEv2 session id or syslog tag. */
  tag: string | undefined;

  private text = "";
  /** The value the last `digitsAt`, `clockAt` or `fractionAt` read. */
  private num = 0;

  /** Reads the sequence number and timestamp at the start of `text`; true when there is either. */
  prefix(text: string): boolean {
    // Positions go from helper to helper as arguments and results, not through a field: the
    // scanner reads the front of every line, and a field written at each character was most of
    // its cost.
    this.text = text;
    this.sequence = -1;
    this.sequenceStart = -1;
    this.stampStart = -1;
    let pos = 0;
    let c = text.charCodeAt(0);
    while (c === 32 || c === 9) {
      c = text.charCodeAt(++pos);
    }
    const first = pos;
    const stampEnd = this.timestampAt(text, pos);
    if (stampEnd >= 0) {
      this.start = skipSpaces(text, stampEnd + 2);
      return true;
    }
    const sequenceEnd = this.sequenceAt(text, pos);
    if (sequenceEnd >= 0) {
      this.sequenceStart = first;
      pos = sequenceEnd + 2;
      const end = this.timestampAt(text, pos);
      this.start = skipSpaces(text, end >= 0 ? end + 2 : pos);
      return true;
    }
    this.start = first;
    return false;
  }

  /** The stamp's text, flag and milliseconds as a `Timestamp`, after `prefix()`; undefined without one. */
  timestamp(): Timestamp | undefined {
    return this.stampStart < 0
      ? undefined
      : new LineTimestamp(
          this.text,
          this.stampStart,
          this.stampEnd,
          this.stampUptime ? "uptime" : "date",
          FLAGS[this.stampFlag],
          this.stampMs,
          this.stampPrecise,
        );
  }

  /**
   * Recognises the debug prefix at `start` (`timestamped` allows a syslog without its `%`): the
   * index of its source in SOURCES, or -1. The body column, connection id and tag are left in
   * the fields.
   */
  source(text: string, start: number, timestamped: boolean): number {
    this.connId = -1;
    this.connStart = -1;
    this.connEnd = -1;
    this.tag = undefined;
    const c = text.charCodeAt(start);
    if (c === 73 /* I */) {
      const isakmp = this.isakmpAt(text, start);
      if (isakmp >= 0) {
        return isakmp;
      }
      if (this.ipsecAt(text, start)) {
        return SOURCE_IPSEC;
      }
      IKEV2_PREFIX.lastIndex = start;
      const m = IKEV2_PREFIX.exec(text);
      if (m) {
        this.bodyStart = IKEV2_PREFIX.lastIndex;
        this.connId = m[3] === undefined ? -1 : Number(m[3]);
        this.tag = m[2] === undefined ? undefined : internTag(m[2]);
        return m[1] === "-PAK"
          ? SOURCE_IKEV2_PAK
          : m[1] === "-ERROR"
            ? SOURCE_IKEV2_ERROR
            : SOURCE_IKEV2;
      }
      return -1;
    }
    if (c === 67 /* C */) {
      MAPDB_PREFIX.lastIndex = start;
      if (MAPDB_PREFIX.test(text)) {
        this.bodyStart = MAPDB_PREFIX.lastIndex;
        return SOURCE_MAPDB;
      }
    }
    if (c === 37 /* % */ || (timestamped && c >= 65 && c <= 90)) {
      SYSLOG_PREFIX.lastIndex = start;
      const m = SYSLOG_PREFIX.exec(text);
      if (m && (m[1] === "%" || timestamped)) {
        this.bodyStart = SYSLOG_PREFIX.lastIndex;
        this.tag = internTag(`${m[2]}-${m[3]}-${m[4]}`);
        return SOURCE_SYSLOG;
      }
    }
    return -1;
  }

  /** Reads 1 to `max` digits at `pos`: their end, with their value in `num`; -1 when there is none. */
  private digitsAt(text: string, pos: number, max: number): number {
    let value = 0;
    let i = pos;
    while (i - pos < max) {
      const c = text.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) {
        break;
      }
      value = value * 10 + (c - 48);
      i++;
    }
    this.num = value;
    return i > pos ? i : -1;
  }

  /** `.fff` milliseconds (1 to 6 digits) at `pos`: their end, with the value in `num`; `pos` and -1 when absent. */
  private fractionAt(text: string, pos: number): number {
    const d = text.charCodeAt(pos + 1);
    if (text.charCodeAt(pos) !== 46 || !(d >= 48 && d <= 57)) {
      this.num = -1;
      return pos;
    }
    let i = pos + 1;
    let value = 0;
    let n = 0;
    while (n < 6) {
      const c = text.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) {
        break;
      }
      if (n < 3) {
        value = value * 10 + (c - 48);
      }
      i++;
      n++;
    }
    for (let k = n; k < 3; k++) {
      value *= 10;
    }
    this.num = value;
    return i;
  }

  /** `HH:MM:SS` at `pos`: its end, with the seconds in `num`; -1 when not there. */
  private clockAt(text: string, pos: number): number {
    let i = this.digitsAt(text, pos, 2);
    if (i < 0 || text.charCodeAt(i) !== 58) {
      return -1;
    }
    const h = this.num;
    const m0 = i + 1;
    i = this.digitsAt(text, m0, 2);
    if (i < 0 || i - m0 !== 2 || text.charCodeAt(i) !== 58) {
      return -1;
    }
    const m = this.num;
    const s0 = i + 1;
    i = this.digitsAt(text, s0, 2);
    if (i < 0 || i - s0 !== 2) {
      return -1;
    }
    this.num = (h * 60 + m) * 60 + this.num;
    return i;
  }

  /** Sets the stamp fields; the stamp ends at `end`. */
  private stamp(
    start: number,
    end: number,
    uptime: boolean,
    flag: number,
    ms: number,
    precise: boolean,
  ): void {
    this.stampStart = start;
    this.stampEnd = end;
    this.stampUptime = uptime;
    this.stampFlag = flag;
    this.stampMs = ms;
    this.stampPrecise = precise;
  }

  /** The timestamp at `pos`, if one starts there: its end (the `:` after it), or -1. */
  private timestampAt(text: string, pos: number): number {
    const f = text.charCodeAt(pos);
    const flag = f === 42 /* * */ ? 1 : f === 46 /* . */ ? 2 : 0;
    const start = flag ? pos + 1 : pos;
    const c = text.charCodeAt(start);
    if (c >= 65 && c <= 90) {
      return this.dateStampAt(text, start, flag);
    }
    if (c >= 48 && c <= 57) {
      const end = this.clockStampAt(text, start, flag);
      return end >= 0 ? end : this.uptimeStampAt(text, start, flag);
    }
    return -1;
  }

  /** `Mar  1 00:13:31.891`, `Mar 7 16:14:29.027 GMT`, `Mar 7 2024 16:14:29 UTC`: its end, or -1. */
  private dateStampAt(text: string, start: number, flag: number): number {
    const key = monthKey(
      text.charCodeAt(start),
      text.charCodeAt(start + 1),
      text.charCodeAt(start + 2),
    );
    const month = key < 0 ? -1 : MONTHS[key]!;
    if (month < 0 || text.charCodeAt(start + 3) !== 32) {
      return -1;
    }
    let i = this.digitsAt(text, skipSpaces(text, start + 3), 2);
    if (i < 0 || text.charCodeAt(i) !== 32) {
      return -1;
    }
    const day = this.num;
    i = skipSpaces(text, i);
    let year = 2000;
    if (runLength(text, i) === 4 && text.charCodeAt(i + 4) === 32) {
      i = skipSpaces(text, this.digitsAt(text, i, 4));
      year = this.num;
    }
    i = this.clockAt(text, i);
    if (i < 0) {
      return -1;
    }
    const seconds = this.num;
    i = this.fractionAt(text, i);
    const ms = this.num;
    if (text.charCodeAt(i) === 32) {
      // A time zone of 2 to 5 capitals.
      const zoneStart = i + 1;
      let j = zoneStart;
      while (
        j - zoneStart < 6 &&
        text.charCodeAt(j) >= 65 &&
        text.charCodeAt(j) <= 90
      ) {
        j++;
      }
      if (j - zoneStart < 2 || j - zoneStart > 5) {
        return -1;
      }
      i = j;
    }
    if (!isStampEnd(text, i)) {
      return -1;
    }
    this.stamp(
      start,
      i,
      false,
      flag,
      dayMs(year, month, day) + seconds * 1000 + Math.max(0, ms),
      ms >= 0,
    );
    return i;
  }

  /** `00:08:57`, `00:08:57.123` (uptime without days): its end, or -1. */
  private clockStampAt(text: string, start: number, flag: number): number {
    let i = this.clockAt(text, start);
    if (i < 0) {
      return -1;
    }
    const seconds = this.num;
    i = this.fractionAt(text, i);
    const ms = this.num;
    if (!isStampEnd(text, i)) {
      return -1;
    }
    this.stamp(start, i, true, flag, seconds * 1000 + Math.max(0, ms), ms >= 0);
    return i;
  }

  /** `1d02h`, `2w3d`, `1y2w`: uptime past a day; its end, or -1. */
  private uptimeStampAt(text: string, start: number, flag: number): number {
    let i = this.digitsAt(text, start, 3);
    if (i < 0) {
      return -1;
    }
    const a = this.num;
    const u1 = unitSeconds(text.charCodeAt(i), false);
    if (u1 < 0) {
      return -1;
    }
    i = this.digitsAt(text, i + 1, 2);
    if (i < 0) {
      return -1;
    }
    const b = this.num;
    const u2 = unitSeconds(text.charCodeAt(i), true);
    if (u2 < 0 || !isStampEnd(text, i + 1)) {
      return -1;
    }
    this.stamp(start, i + 1, true, flag, (a * u1 + b * u2) * 1000, false);
    return i + 1;
  }

  /** A sequence number `000123: ` at `pos`: the column of its colon (its value in `sequence`), or -1. */
  private sequenceAt(text: string, pos: number): number {
    const run = runLength(text, pos);
    if (run < 1 || run > 10) {
      return -1;
    }
    const end = this.digitsAt(text, pos, 10);
    if (!isStampEnd(text, end)) {
      return -1;
    }
    this.sequence = this.num;
    return end;
  }

  /**
   * `(0:1):`, `(1001):`, `(0:1:SW:1):` at `p`: the connection id (the last number before the
   * extras) into the fields; the column after the closing `):`, or -1.
   */
  private connectionAt(text: string, p: number): number {
    if (text.charCodeAt(p) !== 40 /* ( */) {
      return -1;
    }
    let end = this.digitsAt(text, p + 1, 10);
    if (end < 0) {
      return -1;
    }
    let conn = this.num;
    let connStart = p + 1;
    let i = end;
    if (text.charCodeAt(i) === 58 /* : */) {
      const second = this.digitsAt(text, i + 1, 10);
      if (second >= 0) {
        connStart = i + 1;
        conn = this.num;
        end = second;
        i = second;
      }
    }
    const connEnd = end;
    if (text.charCodeAt(i) === 58) {
      // Optional `:SW:1` engine suffix.
      let j = i + 1;
      while (j < text.length && isWordChar(text.charCodeAt(j))) {
        j++;
      }
      const n = text.charCodeAt(j) === 58 ? this.digitsAt(text, j + 1, 10) : -1;
      if (n < 0) {
        return -1;
      }
      i = n;
    }
    if (text.charCodeAt(i) !== 41 /* ) */ || text.charCodeAt(i + 1) !== 58) {
      return -1;
    }
    this.connId = conn;
    this.connStart = connStart;
    this.connEnd = connEnd;
    return i + 2;
  }

  /**
   * `ISAKMP (0:1): `, `ISAKMP:(1001):`, `ISAKMP: (1001):`, `ISAKMP-PAK: (0):`, `ISAKMP-ERROR:`,
   * `ISAKMP:      ` and the typos `ISAKMP. (0:1):` and `ISKAMP:`: the source index, or -1.
   */
  private isakmpAt(text: string, start: number): number {
    let i = start;
    if (!text.startsWith("ISAKMP", i) && !text.startsWith("ISKAMP", i)) {
      return -1;
    }
    i += 6;
    let source = SOURCE_ISAKMP;
    // Tested by its dash first: nearly every line is plain `ISAKMP`.
    if (text.charCodeAt(i) === 45 /* - */) {
      if (text.startsWith("-PAK", i)) {
        source = SOURCE_ISAKMP_PAK;
        i += 4;
      } else if (text.startsWith("-ERROR", i)) {
        source = SOURCE_ISAKMP_ERROR;
        i += 6;
      }
    }
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
    }
    let j = text.charCodeAt(i) === 32 ? i + 1 : i;
    const c = text.charCodeAt(j);
    if (c === 40 /* ( */) {
      i = this.connectionAt(text, j);
      if (i < 0) {
        return -1;
      }
    } else if (c === 58 /* : */) {
      i = j + 1;
      j = text.charCodeAt(i) === 32 ? i + 1 : i;
      const after = this.connectionAt(text, j);
      if (after >= 0) {
        i = after;
      }
    } else {
      return -1;
    }
    let d = text.charCodeAt(i);
    while (d === 58 || d === 32) {
      d = text.charCodeAt(++i);
    }
    this.bodyStart = i;
    return source;
  }

  /** `IPSEC(fn): ` (also `IPSEc`, without the colon): the function into `tag`. */
  private ipsecAt(text: string, start: number): boolean {
    if (!text.startsWith("IPSE", start)) {
      return false;
    }
    const c = text.charCodeAt(start + 4);
    if ((c !== 67 && c !== 99) || text.charCodeAt(start + 5) !== 40) {
      return false;
    }
    const fnStart = start + 6;
    let i = fnStart;
    while (i - fnStart < 65) {
      const d = text.charCodeAt(i);
      if (!(isWordChar(d) || d === 46 || d === 45)) {
        break;
      }
      i++;
    }
    // `[\w.-]{1,64}` then `)`: a longer name never matches.
    if (i === fnStart || i - fnStart > 64 || text.charCodeAt(i) !== 41) {
      return false;
    }
    const fn = internTag(text.slice(fnStart, i));
    i++;
    if (text.charCodeAt(i) === 58) {
      i++;
    }
    while (text.charCodeAt(i) === 32) {
      i++;
    }
    this.bodyStart = i;
    this.tag = fn;
    return true;
  }
}

/** Seconds of an uptime unit letter (`y`, `w`, `d` first; `w`, `d`, `h` second); -1 for another. */
function unitSeconds(c: number, second: boolean): number {
  switch (c) {
    case 121 /* y */:
      return second ? -1 : 365 * 86400;
    case 119 /* w */:
      return 7 * 86400;
    case 100 /* d */:
      return 86400;
    case 104 /* h */:
      return second ? 3600 : -1;
    default:
      return -1;
  }
}

/** `\w`: a letter, a digit or `_`. */
function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95
  );
}

/** The scanner behind the one-line functions below (hovers and tests call them). */
const SHARED = new LineScanner();

/** Reads the sequence number and timestamp at the start of a line. */
export function parseLinePrefix(text: string): LinePrefix {
  SHARED.prefix(text);
  const timestamp = SHARED.timestamp();
  if (SHARED.sequence < 0) {
    return timestamp
      ? { timestamp, start: SHARED.start }
      : { start: SHARED.start };
  }
  return {
    sequence: SHARED.sequence,
    sequenceStart: SHARED.sequenceStart,
    timestamp,
    start: SHARED.start,
  };
}

/** The length of the run of digits at `pos`. */
function runLength(text: string, pos: number): number {
  let n = 0;
  while (true) {
    const c = text.charCodeAt(pos + n);
    if (!(c >= 48 && c <= 57)) {
      return n;
    }
    n++;
  }
}

/** The `: ` that ends a stamp or a sequence number, at `pos`. */
function isStampEnd(text: string, pos: number): boolean {
  return text.charCodeAt(pos) === 58 && text.charCodeAt(pos + 1) === 32;
}

function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === 32) {
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

/** Every message source, by the index `LineScanner.source` returns. */
export const SOURCES: readonly MessageSource[] = [
  "isakmp",
  "isakmp-pak",
  "isakmp-error",
  "ipsec",
  "mapdb",
  "ikev2",
  "ikev2-pak",
  "ikev2-error",
  "syslog",
  "other",
];
/** Index in SOURCES. */
export const SOURCE_ISAKMP = 0;
/** Index in SOURCES. */
export const SOURCE_ISAKMP_PAK = 1;
/** Index in SOURCES. */
export const SOURCE_ISAKMP_ERROR = 2;
/** Index in SOURCES. */
export const SOURCE_IPSEC = 3;
/** Index in SOURCES. */
export const SOURCE_MAPDB = 4;
/** Index in SOURCES. */
export const SOURCE_IKEV2 = 5;
/** Index in SOURCES. */
export const SOURCE_IKEV2_PAK = 6;
/** Index in SOURCES. */
export const SOURCE_IKEV2_ERROR = 7;
/** Index in SOURCES. */
export const SOURCE_SYSLOG = 8;
/** Index in SOURCES. */
export const SOURCE_OTHER = 9;

/**
 * One string per distinct tag (IPSEC function, syslog tag): a capture repeats a handful of them
 * on thousands of messages. Bounded, so a capture of unique session ids cannot grow it forever.
 */
const TAGS = new Interner(4096);

function internTag(tag: string): string {
  return TAGS.intern(tag);
}

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
  const source = SHARED.source(text, start, timestamped);
  if (source < 0) {
    return undefined;
  }
  const prefix: SourcePrefix = {
    source: SOURCES[source]!,
    bodyStart: SHARED.bodyStart,
  };
  if (SHARED.connId >= 0) {
    prefix.connId = SHARED.connId;
  }
  if (SHARED.tag !== undefined) {
    prefix.tag = SHARED.tag;
  }
  if (SHARED.connStart >= 0) {
    prefix.connStart = SHARED.connStart;
    prefix.connEnd = SHARED.connEnd;
  }
  return prefix;
}

/** Sticky: tried at the line's first column, with no copy of the line from there. */
const IKEV2_CONTINUATION =
  /(Initiator SPI|Responder SPI|IKEv2 [A-Z_]+ Exchange|Payload contents|Message id|Num\. transforms)/y;

/** True when the text at `first` is a line IOS prints under an IKEv2 packet (`Initiator SPI : ...`). */
export function ikev2ContinuationAt(raw: string, first: number): boolean {
  IKEV2_CONTINUATION.lastIndex = first;
  return IKEV2_CONTINUATION.test(raw);
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
