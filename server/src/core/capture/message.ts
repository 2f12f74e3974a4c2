import { LineTimestamp } from "./lexer";
import type {
  CaptureEvent,
  CaptureMessage,
  MessageSource,
  Timestamp,
} from "./model";

/** What the messages of one parse share: the lines, and the stamps' milliseconds by line. */
export class MessageStore {
  readonly times: Float64Array;
  constructor(readonly lines: readonly string[]) {
    this.times = new Float64Array(lines.length).fill(Number.NaN);
  }
}

/**
 * A message as the parser stores it. A 500,000-line capture holds about as many messages, and
 * every object that outlives the parse costs the garbage collector twice, so a message keeps its
 * timestamp packed in one small integer (its milliseconds live in the store's array, by line) and
 * cuts its body from its line only when asked (a wrapped message keeps the joined text). The
 * `CaptureMessage` view is the same for every reader.
 */
export class StoredMessage implements CaptureMessage {
  endLine: number;
  event?: CaptureEvent;
  exchange = -1;
  private joined: string | undefined;
  /** Stamp start column (12 bits), end column (12 bits), flags (precise, uptime, `*`, `.`); -1 without a stamp. */
  private readonly stamp: number;

  constructor(
    private readonly store: MessageStore,
    readonly index: number,
    readonly line: number,
    readonly source: MessageSource,
    readonly start: number,
    readonly bodyStart: number,
    stamp: Timestamp | undefined,
    readonly sequence: number | undefined,
    readonly connId: number | undefined,
    readonly tag: string | undefined,
  ) {
    this.endLine = line;
    if (stamp && stamp.end < 4096) {
      this.stamp =
        ((stamp.start << 16) |
          (stamp.end << 4) |
          (stamp.precise ? 1 : 0) |
          (stamp.kind === "uptime" ? 2 : 0) |
          (stamp.flag === "*" ? 4 : 0) |
          (stamp.flag === "." ? 8 : 0)) >>>
        0;
      if (stamp.ms !== undefined) {
        store.times[line] = stamp.ms;
      }
    } else {
      this.stamp = -1;
    }
  }

  /** The body on the first line, or the wrapped message joined with single spaces. */
  get body(): string {
    return (
      this.joined ??
      (this.store.lines[this.line] ?? "").slice(this.bodyStart).trimEnd()
    );
  }

  /** Keeps the text of a message that continues on further lines. */
  setJoinedBody(text: string): void {
    this.joined = text;
  }

  get timestamp(): Timestamp | undefined {
    if (this.stamp < 0) {
      return undefined;
    }
    const f = this.stamp & 15;
    return new LineTimestamp(
      this.store.lines[this.line] ?? "",
      this.stamp >>> 16,
      (this.stamp >>> 4) & 4095,
      f & 2 ? "uptime" : "date",
      f & 4 ? "*" : f & 8 ? "." : undefined,
      this.timeMs,
      (f & 1) === 1,
    );
  }

  /** The stamp's milliseconds without building the timestamp (exchanges read it for every line). */
  get timeMs(): number | undefined {
    const ms = this.store.times[this.line]!;
    return Number.isNaN(ms) ? undefined : ms;
  }

  /** True when the stamp has milliseconds. */
  get timePrecise(): boolean {
    return this.stamp >= 0 && (this.stamp & 1) === 1;
  }
}
