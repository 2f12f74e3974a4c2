import { MAX_ANALYSED_LINE_LENGTH } from "../text/lines";
import { LineScanner, SOURCES as SOURCE_NAMES } from "./lexer";
import type {
  CaptureEvent,
  CaptureMessage,
  MessageSource,
  Timestamp,
} from "./model";

/** The longest body a wrapped message is joined to (real ones are a few hundred characters). */
export const MAX_MESSAGE_BODY = 16 * 1024;

/** A local copy (an imported binding can cost a call per read). */
const SOURCES = SOURCE_NAMES;

/**
 * The fields of every message of one parse, in typed arrays indexed by message. A 500,000-line
 * capture holds about as many messages: as objects with a dozen fields each they cost about 140
 * bytes and one more object for the collector to trace; here a message is 25 bytes of numbers,
 * and its object (`StoredMessage`) holds only the store, its index and its event. What the line
 * itself says and only hovers and the outline ask for (the stamp, the sequence number) is read
 * from the line again when asked.
 */
export class MessageStore {
  /** How many messages were added. */
  count = 0;
  private line: Int32Array;
  private endLine: Int32Array;
  /** Column of the message (high 16 bits) and of its body (low 16 bits). */
  private columns: Int32Array;
  /**
   * While the parse runs: the stamp's milliseconds (NaN without a stamp) and whether it has
   * milliseconds, for the exchange builder. Dropped when the parse ends.
   */
  private ms: Float64Array | undefined;
  private precise: Uint8Array | undefined;
  /**
   * The connection id; -1 when absent, -2 when too large for 31 bits (then in `large`). An
   * integer, not a double: the exchange builder keys maps on it.
   */
  private connId: Int32Array;
  private readonly large = new Map<number, number>();
  private exchange: Int32Array;
  private source: Uint8Array;
  /** Index into `tags` plus one; 0 without a tag. */
  private tagIds: Int32Array;
  private readonly tags: string[] = [];
  private readonly tagIndex = new Map<string, number>();
  /** Reads a message's line again for its stamp and sequence number. */
  private readonly scanner = new LineScanner();

  /**
   * `capacity`: the most messages the parse can add (its number of lines). `glued`: 1 for each
   * line that is the rest of the line above, which a terminal cut (the parser marks them as it
   * reads; see `CaptureModel.gluedLines`), absent when the capture was not hard-wrapped.
   */
  constructor(
    readonly lines: readonly string[],
    capacity: number,
    private readonly glued?: Uint8Array,
  ) {
    this.line = new Int32Array(capacity);
    this.endLine = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
    this.ms = new Float64Array(capacity);
    this.precise = new Uint8Array(capacity);
    this.connId = new Int32Array(capacity);
    this.exchange = new Int32Array(capacity);
    this.source = new Uint8Array(capacity);
    this.tagIds = new Int32Array(capacity);
  }

  /**
   * Adds the message that starts on `line`: its start column and stamp are what the scanner's
   * last `prefix()` read on that line; the source (index in SOURCES), body column, connection id
   * (-1 for none) and tag are given.
   */
  add(
    line: number,
    scan: LineScanner,
    source: number,
    bodyStart: number,
    connId: number,
    tag: string | undefined,
  ): number {
    const i = this.count++;
    this.line[i] = line;
    this.endLine[i] = line;
    this.columns[i] = (scan.start << 16) | bodyStart;
    this.source[i] = source;
    this.exchange[i] = -1;
    if (connId > 0x7fffffff) {
      this.large.set(i, connId);
      this.connId[i] = -2;
    } else {
      this.connId[i] = connId;
    }
    if (this.ms && this.precise) {
      const stamped = scan.stampStart >= 0;
      this.ms[i] = stamped ? scan.stampMs : Number.NaN;
      this.precise[i] = stamped && scan.stampPrecise ? 1 : 0;
    }
    if (tag === undefined) {
      this.tagIds[i] = 0;
    } else {
      let id = this.tagIndex.get(tag);
      if (id === undefined) {
        id = this.tags.push(tag);
        this.tagIndex.set(tag, id);
      }
      this.tagIds[i] = id;
    }
    return i;
  }

  /**
   * Ends the parse: drops the stamps' milliseconds (the exchanges have their times by now) and the
   * unused capacity (a third of the lines are no messages).
   */
  trim(): void {
    const n = this.count;
    this.ms = undefined;
    this.precise = undefined;
    this.line = this.line.slice(0, n);
    this.endLine = this.endLine.slice(0, n);
    this.columns = this.columns.slice(0, n);
    this.connId = this.connId.slice(0, n);
    this.exchange = this.exchange.slice(0, n);
    this.source = this.source.slice(0, n);
    this.tagIds = this.tagIds.slice(0, n);
    this.tagIndex.clear();
  }

  lineOf(i: number): number {
    return this.line[i]!;
  }
  endLineOf(i: number): number {
    return this.endLine[i]!;
  }
  setEndLine(i: number, line: number): void {
    this.endLine[i] = line;
  }
  startOf(i: number): number {
    return this.columns[i]! >>> 16;
  }
  bodyStartOf(i: number): number {
    return this.columns[i]! & 0xffff;
  }
  /** The source as its index in SOURCES. */
  sourceIndexOf(i: number): number {
    return this.source[i]!;
  }
  sourceOf(i: number): MessageSource {
    return SOURCES[this.source[i]!]!;
  }
  sequenceOf(i: number): number | undefined {
    this.rescan(i);
    return this.scanner.sequence < 0 ? undefined : this.scanner.sequence;
  }
  connIdOf(i: number): number | undefined {
    const c = this.connId[i]!;
    return c >= 0 ? c : c === -1 ? undefined : this.large.get(i);
  }
  tagOf(i: number): string | undefined {
    const id = this.tagIds[i]!;
    return id ? this.tags[id - 1] : undefined;
  }
  exchangeOf(i: number): number {
    return this.exchange[i]!;
  }
  setExchange(i: number, exchange: number): void {
    this.exchange[i] = exchange;
  }

  /**
   * The body on the first line, or the wrapped message joined with single spaces; the rest of a
   * line a terminal cut is joined to it as it was printed, without one.
   */
  bodyOf(i: number): string {
    const first = this.firstLineBody(i);
    const end = this.endLine[i]!;
    if (end === this.line[i]) {
      return first;
    }
    // A wrapped message: joined again from its lines when asked (as the parser joined it to read
    // its event), so that a big capture does not keep a second copy of every wrapped message.
    // Joined up to MAX_MESSAGE_BODY: thousands of indented lines after one debug line are one
    // message to the parser, and each hover on them joined and searched megabytes.
    const glued = this.glued;
    let body = first;
    for (
      let line = this.line[i]! + 1;
      line <= end && body.length < MAX_MESSAGE_BODY;
      line++
    ) {
      const text = analysed(this.lines[line] ?? "");
      if (glued !== undefined && glued[line] === 1) {
        // The rest of a line a terminal cut: the spaces on either side of the cut are the text's
        // (but for those before a body that starts on it, the cut fell right after the prefix).
        const above = analysed(this.lines[line - 1] ?? "");
        body = body
          ? body + above.slice(above.trimEnd().length) + text.trimEnd()
          : text.trim();
      } else {
        body += ` ${text.trim()}`;
      }
    }
    return body;
  }

  /** The body's text on the message's first line, without trailing white space. */
  firstLineBody(i: number): string {
    const line = this.lines[this.line[i]!] ?? "";
    const start = this.columns[i]! & 0xffff;
    const end = this.bodyEndOf(i);
    return start === 0 && end === line.length ? line : line.slice(start, end);
  }

  /** The column where the body ends on the first line (trailing white space excluded). */
  bodyEndOf(i: number): number {
    const line = this.lines[this.line[i]!] ?? "";
    const start = this.columns[i]! & 0xffff;
    // Most lines end in a printable ASCII character: then there is nothing to trim.
    const last = line.charCodeAt(line.length - 1);
    if (line.length > start && last > 32 && last < 127) {
      return line.length;
    }
    return start + line.slice(start).trimEnd().length;
  }

  timestampOf(i: number): Timestamp | undefined {
    this.rescan(i);
    return this.scanner.timestamp();
  }

  /** The stamp's milliseconds without building the timestamp (the exchange builder reads it for every message). */
  timeMsOf(i: number): number | undefined {
    if (this.ms) {
      const ms = this.ms[i]!;
      return Number.isNaN(ms) ? undefined : ms;
    }
    this.rescan(i);
    return this.scanner.stampStart < 0 ? undefined : this.scanner.stampMs;
  }

  /** True when the stamp has milliseconds. */
  timePreciseOf(i: number): boolean {
    if (this.precise) {
      return this.precise[i] === 1;
    }
    this.rescan(i);
    return this.scanner.stampStart >= 0 && this.scanner.stampPrecise;
  }

  /** Reads the front of a message's first line again, as the parser read it (cut to the same length). */
  private rescan(i: number): void {
    const text = this.lines[this.line[i]!] ?? "";
    this.scanner.prefix(
      text.length > MAX_ANALYSED_LINE_LENGTH
        ? text.slice(0, MAX_ANALYSED_LINE_LENGTH)
        : text,
    );
  }
}

/** A line as the parsers read it: cut to MAX_ANALYSED_LINE_LENGTH. */
function analysed(text: string): string {
  return text.length > MAX_ANALYSED_LINE_LENGTH
    ? text.slice(0, MAX_ANALYSED_LINE_LENGTH)
    : text;
}

/**
 * A message as the parser stores it: a view of one row of the store. The `CaptureMessage` view is
 * the same for every reader; the object itself holds three fields (the event is read most).
 */
export class StoredMessage implements CaptureMessage {
  /** Kept on the object: every check reads it, message after message. */
  event: CaptureEvent | undefined = undefined;

  constructor(
    private readonly store: MessageStore,
    readonly index: number,
  ) {}

  get line(): number {
    return this.store.lineOf(this.index);
  }
  get endLine(): number {
    return this.store.endLineOf(this.index);
  }
  set endLine(line: number) {
    this.store.setEndLine(this.index, line);
  }
  get source(): MessageSource {
    return this.store.sourceOf(this.index);
  }
  get start(): number {
    return this.store.startOf(this.index);
  }
  get bodyStart(): number {
    return this.store.bodyStartOf(this.index);
  }
  get body(): string {
    return this.store.bodyOf(this.index);
  }
  get timestamp(): Timestamp | undefined {
    return this.store.timestampOf(this.index);
  }
  get sequence(): number | undefined {
    return this.store.sequenceOf(this.index);
  }
  get connId(): number | undefined {
    return this.store.connIdOf(this.index);
  }
  get tag(): string | undefined {
    return this.store.tagOf(this.index);
  }
  get exchange(): number {
    return this.store.exchangeOf(this.index);
  }
  set exchange(exchange: number) {
    this.store.setExchange(this.index, exchange);
  }
  /** The stamp's milliseconds without building the timestamp. */
  get timeMs(): number | undefined {
    return this.store.timeMsOf(this.index);
  }
  /** True when the stamp has milliseconds. */
  get timePrecise(): boolean {
    return this.store.timePreciseOf(this.index);
  }
}
