import { matchIosCommand, type IosCommandInfo } from "../knowledge/iosCommands";
import { MAX_ANALYSED_LINE_LENGTH, splitLines } from "../text/lines";
import { hasTerminalEdits, shownText, withoutEscapes } from "../text/terminal";
import { execCommand } from "./describe";
import { EventCache } from "./events";
import { ExchangeBuilder } from "./exchanges";
import {
  ikev2ContinuationAt,
  LineScanner,
  parsePrompt,
  SOURCE_IKEV2,
  SOURCE_IKEV2_ERROR,
  SOURCE_IKEV2_PAK,
  SOURCE_ISAKMP,
  SOURCE_OTHER,
  SOURCE_SYSLOG,
} from "./lexer";
import {
  EventIndexBuilder,
  LineKind,
  type CaptureMessage,
  type CaptureModel,
  type PromptLine,
} from "./model";
import { MessageStore, StoredMessage } from "./message";
import { detectShowHeader, parseShow } from "./show/parsers";
import { detectWrapWidth, printedOnItsOwn } from "./wrap";
import type { ShowBlock, ShowKind } from "./show/types";

// Local copies of constants read on every line (an imported binding can cost a call per read).
const IKEV2 = SOURCE_IKEV2;
const IKEV2_ERROR = SOURCE_IKEV2_ERROR;
const IKEV2_PAK = SOURCE_IKEV2_PAK;
const ISAKMP = SOURCE_ISAKMP;
const OTHER = SOURCE_OTHER;
const SYSLOG = SOURCE_SYSLOG;
const MAX_LINE = MAX_ANALYSED_LINE_LENGTH;

/**
 * The most lines of log messages a command's output is read across. A console prints a few
 * messages at a time in the middle of an output; a longer run means the output had ended.
 */
const MAX_PAUSE = 256;

/**
 * Parses a capture in one pass over its lines. Each line is classified with a few anchored tests:
 * a timestamped or prefixed debug message, a prompt, the continuation of the message above, a
 * line of show output, or plain text. Messages are completed (continuations joined) before their
 * event is read and handed to the exchange builder; show blocks are parsed when they close.
 * Nothing here throws on odd input, and the work per line is bounded, so the parse is linear.
 */
export function parseCapture(text: string): CaptureModel {
  const lines = splitLines(text);
  const n = lines.length;
  // Terminal escape sequences a logging program saved are read past, as the terminal did.
  const escapeShift = text.includes("\x1b") ? stripEscapes(lines) : undefined;
  // A capture a terminal hard-wrapped shows its width in its own lines; most show none.
  const wrapWidth = detectWrapWidth(lines);
  const glued = wrapWidth ? new Uint8Array(n) : undefined;
  const kinds = new Uint8Array(n);
  const lineMessage = new Int32Array(n).fill(-1);
  const lineShow = new Int32Array(n).fill(-1);
  const messages: CaptureMessage[] = [];
  const prompts: PromptLine[] = [];
  const shows: ShowBlock[] = [];
  const natMessages: number[] = [];
  const eventMessages = new EventIndexBuilder();
  const builder = new ExchangeBuilder(messages);
  const store = new MessageStore(lines, n, glued);
  const scan = new LineScanner();
  const events = new EventCache();
  const commands = new CommandCache();

  /** The message being read (its index), or -1. */
  let open = -1;
  let openMessage: StoredMessage | undefined;
  /**
   * The open message's last continuation line, if it has one (trimmed only when `continues` needs
   * it: a big capture has a hundred thousand continuation lines, and few are ever asked).
   */
  let openLast: string | undefined;
  let show: ShowBlock | undefined;
  let showLastLine = -1;
  /**
   * True while log messages print in the middle of the open show's output: a console prints them
   * as they come, and the command's output goes on after them until the next prompt.
   */
  let showPaused = false;
  let router: string | undefined;

  const finishMessage = (): void => {
    if (!openMessage) {
      return;
    }
    const message = openMessage;
    const source = store.sourceIndexOf(open);
    const tag = store.tagOf(open);
    // A wrapped message's body is joined from its lines here and again whenever it is asked for,
    // so that a big capture keeps no second copy of it.
    const body = store.bodyOf(open);
    message.event = events.event(source, body, tag);
    if (events.nat) {
      natMessages.push(open);
    }
    eventMessages.add(open, message.event, store.sourceOf(open));
    builder.add(message, router);
    open = -1;
    openMessage = undefined;
    openLast = undefined;
  };

  let output: string[] | undefined;
  const closeShow = (): void => {
    if (!show) {
      return;
    }
    showPaused = false;
    // A command whose output is missing (the paste ends at the prompt) has an empty block.
    show.endLine = Math.min(Math.max(show.startLine, showLastLine), n - 1);
    for (let i = show.startLine; i <= show.endLine; i++) {
      if (kinds[i] === LineKind.Blank) {
        lineShow[i] = show.index;
      }
    }
    if (showLastLine >= show.startLine) {
      // The output is read from one copy of the lines, made for the whole capture when first
      // needed: pager marks (` --More-- ` and its backspaces) replayed as the terminal showed
      // them, and the log messages printed in the middle of the output left out.
      for (let i = show.startLine; i <= show.endLine; i++) {
        const kind = kinds[i];
        if (kind === LineKind.Message || kind === LineKind.Continuation) {
          output ??= lines.slice();
          output[i] = "";
        } else if (hasTerminalEdits(lines[i]!)) {
          output ??= lines.slice();
          output[i] = shownText(lines[i]!);
        }
      }
      show.data = parseShow(
        show.kind,
        output ?? lines,
        show.startLine,
        show.endLine,
      );
    }
    show = undefined;
  };

  const openShow = (
    kind: ShowKind,
    startLine: number,
    promptLine?: number,
  ): void => {
    closeShow();
    show = {
      index: shows.length,
      kind,
      startLine,
      endLine: startLine,
      promptLine,
      router,
    };
    shows.push(show);
    showLastLine = startLine - 1;
    if (promptLine !== undefined) {
      lineShow[promptLine] = show.index;
    }
  };

  /** Starts a message on `line`; its stamp and sequence number are the scanner's last `prefix()`. */
  const startMessage = (
    line: number,
    source: number,
    bodyStart: number,
    connId: number,
    tag: string | undefined,
  ): void => {
    finishMessage();
    if (show) {
      show.cutAt ??= line;
      if (show.promptLine === undefined) {
        // Without the prompt that ran the command, nothing says the output goes on after the
        // message: what follows reads as text.
        closeShow();
      } else {
        showPaused = true;
      }
    }
    const index = store.add(line, scan, source, bodyStart, connId, tag);
    const message = new StoredMessage(store, index);
    messages.push(message);
    kinds[line] = LineKind.Message;
    lineMessage[line] = index;
    open = index;
    openMessage = message;
  };

  for (let i = 0; i < n; i++) {
    let raw = lines[i]!;
    if (raw.length > MAX_LINE) {
      raw = raw.slice(0, MAX_LINE);
    }
    const first = firstNonSpace(raw);
    if (first < 0) {
      kinds[i] = LineKind.Blank;
      // A blank line ends a wrapped message but not a show output (show ipsec sa has blank lines).
      finishMessage();
      continue;
    }
    // True when the line above is a message's and fills the width a terminal hard-wrapped the
    // capture at: this line may be its rest. Not in the middle of a command's output that a
    // parser reads (a table's row follows a message printed there as often); `show logging`
    // prints messages as its output, and a cut one goes on on the next line there too.
    const afterCut =
      wrapWidth !== 0 &&
      openMessage !== undefined &&
      store.endLineOf(open) === i - 1 &&
      lines[i - 1]!.length === wrapWidth &&
      !(showPaused && show !== undefined && show.kind !== "other");
    if (
      scan.prefix(raw) &&
      !(
        afterCut &&
        scan.stampStart < 0 &&
        scan.sequenceStart <= 1 &&
        store.timeMsOf(open) !== undefined
      )
    ) {
      // (Not when a line that reads as a message only by a number in front, `5: construct_fail`,
      // follows a stamped message's cut line: that is its rest, `attempt 1 of 5: ...`, which the
      // terminal cut before the number.)
      const source = scan.source(raw, scan.start, true);
      if (source >= 0) {
        startMessage(i, source, scan.bodyStart, scan.connId, scan.tag);
      } else {
        startMessage(i, OTHER, scan.start, -1, undefined);
      }
      continue;
    }
    if (first === 0) {
      const source = scan.source(raw, 0, false);
      if (source >= 0) {
        startMessage(i, source, scan.bodyStart, scan.connId, scan.tag);
        continue;
      }
      const prompt = mayBePrompt(raw) ? parsePrompt(raw) : undefined;
      if (prompt) {
        finishMessage();
        closeShow();
        router = prompt.hostname;
        const exec = execCommand(prompt.mode, prompt.command);
        const info = exec ? commands.get(exec) : undefined;
        const entry: PromptLine = {
          line: i,
          hostname: prompt.hostname,
          mode: prompt.mode,
          level: prompt.level,
          command: prompt.command,
          commandStart: prompt.commandStart,
          // Any `show` prints output; `more` only the files the command table knows (configs).
          show:
            exec === undefined
              ? undefined
              : /^sh/i.test(exec)
                ? (info?.show ?? "other")
                : /^more\s/i.test(exec)
                  ? info?.show
                  : undefined,
        };
        prompts.push(entry);
        kinds[i] = LineKind.Prompt;
        if (entry.show) {
          openShow(entry.show as ShowKind, i + 1, i);
        }
        continue;
      }
    }
    const join =
      openMessage && store.endLineOf(open) === i - 1
        ? continues(
            store.sourceIndexOf(open),
            openLast,
            store,
            open,
            raw,
            first,
            showPaused,
            lines[i - 1]!,
            afterCut,
          )
        : NOT_JOINED;
    if (join !== NOT_JOINED) {
      if (join === GLUED) {
        glued![i] = 1;
      }
      openLast = raw;
      store.setEndLine(open, i);
      kinds[i] = LineKind.Continuation;
      lineMessage[i] = open;
      continue;
    }
    if (!show && raw.startsWith("Old State = ", first)) {
      // An `Old State` line whose `Input` line was cut off above: keep it as a message of its own.
      startMessage(i, ISAKMP, first, -1, undefined);
      continue;
    }
    finishMessage();
    if (showPaused && show) {
      showPaused = false;
      if (i - showLastLine > MAX_PAUSE) {
        // So many messages without a line of output: the command was done long before, and
        // what follows is not its output.
        closeShow();
      } else {
        // The output goes on after the messages printed in its middle.
        show.cutAt = undefined;
      }
    }
    const header = detectShowHeader(raw);
    if (
      header &&
      (!show || (show.kind !== header && show.kind !== "running-config"))
    ) {
      openShow(header, i);
    }
    if (show) {
      kinds[i] = LineKind.Show;
      lineShow[i] = show.index;
      showLastLine = i;
      continue;
    }
    kinds[i] = LineKind.Text;
  }
  finishMessage();
  closeShow();
  const exchanges = builder.finish();
  const failedExchanges: number[] = [];
  for (const ex of exchanges) {
    if (ex.outcome === "failed") {
      failedExchanges.push(ex.index);
    }
  }
  store.trim();
  return {
    lines,
    outputLines: output,
    ...(escapeShift ? { escapeShift } : {}),
    ...(glued ? { wrapWidth, gluedLines: glued } : {}),
    kinds,
    lineMessage,
    lineShow,
    messages,
    prompts,
    exchanges,
    shows,
    natMessages,
    eventMessages: eventMessages.finish(),
    failedExchanges,
  };
}

/**
 * `matchIosCommand` remembered by command: a console session types the same few commands again
 * and again (`show crypto isakmp sa` after every test), and the match splits and compares words.
 */
class CommandCache {
  private readonly known = new Map<string, IosCommandInfo | null>();

  get(command: string): IosCommandInfo | undefined {
    const known = this.known.get(command);
    if (known !== undefined) {
      return known ?? undefined;
    }
    const info = matchIosCommand(command);
    if (this.known.size < 1024) {
      this.known.set(command, info ?? null);
    }
    return info;
  }
}

function firstNonSpace(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 32 && c !== 9) {
      return i;
    }
  }
  return -1;
}

/** The indented line some syslog messages print their reason on (`%PKI-3-CRL_FETCH_FAIL`). */
const SYSLOG_REASON = /Reason\s*:/y;

/**
 * The width of the page (or terminal) a word-wrapped capture was copied from. A hard wrap shows
 * its own width (`detectWrapWidth`); a word wrap leaves its lines short of the width by a word.
 */
const WRAP_WIDTH = 80;

/**
 * True when a line at the first column continues an IKEv2 message whose last line `previous` a
 * terminal or a page wrapped: that line fits the width, and this one is not a line IOS prints on
 * its own under the message (`Proposal 1:` of a policy list) nor a separator a person drew.
 * IKEv1 wraps keep the space before the wrapped word at the start of the next line, so they read
 * as indented continuations; IKEv2 lines wrapped by a page lose it.
 */
function ikev2Wrapped(previous: string, raw: string): boolean {
  return (
    previous.trimEnd().length <= WRAP_WIDTH &&
    !printedOnItsOwn(raw, 0) &&
    !detectShowHeader(raw)
  );
}

/** `continues`: the line starts something else. */
const NOT_JOINED = 0;
/** `continues`: the line continues the message, joined to it with a space. */
const JOINED = 1;
/** `continues`: the line is the rest of a line a terminal cut, joined as printed (no space). */
const GLUED = 2;

/**
 * True when a line is the rest of the line above, whose length is the width a terminal
 * hard-wrapped the capture at (see `continues`): it starts at the first column, or one column
 * in (the cut fell before a space), and is no show header nor a line IOS prints on its own under
 * a message. IOS indents the lines it prints under a message by two columns or more, and those
 * keep their own rules.
 */
function hardWrapped(raw: string, first: number): boolean {
  return first <= 1 && !printedOnItsOwn(raw, first) && !detectShowHeader(raw);
}

/**
 * Whether and how a line without a prefix continues the open message `open` (from a source of
 * that index): NOT_JOINED, JOINED or GLUED. `lastLine` is its last continuation line so far
 * (untrimmed), if any; `inOutput` when the message was printed in the middle of a command's
 * output; `previous` is the line above; `afterCut` when that line fills the width a terminal
 * hard-wrapped the capture at (see `parseCapture`).
 */
function continues(
  source: number,
  lastLine: string | undefined,
  store: MessageStore,
  open: number,
  raw: string,
  first: number,
  inOutput: boolean,
  previous: string,
  afterCut: boolean,
): number {
  if (
    raw.startsWith("Old State = ", first) ||
    raw.startsWith("New State = ", first)
  ) {
    return source !== SYSLOG ? JOINED : NOT_JOINED;
  }
  const ikev2 =
    source === IKEV2 || source === IKEV2_PAK || source === IKEV2_ERROR;
  if (ikev2 && ikev2ContinuationAt(raw, first)) {
    return JOINED;
  }
  if (afterCut && hardWrapped(raw, first)) {
    // The line above fills the terminal: the terminal cut it, and this line is its rest.
    return GLUED;
  }
  if (first > 0) {
    if (inOutput) {
      // In the middle of a command's output an indented line is the output's (a config's
      // section, a table's row), unless it reads as the rest of a debug message (`local= ...`,
      // `(key eng. msg.) ...`); a syslog message is one line, but for the `Reason : ...` line
      // some (PKI's) print under it.
      if (source === SYSLOG) {
        SYSLOG_REASON.lastIndex = first;
        return SYSLOG_REASON.test(raw) ? JOINED : NOT_JOINED;
      }
      return raw.charCodeAt(first) === 40 /* ( */ ||
        raw.includes("= ", first) ||
        (ikev2 && raw.includes(": ", first))
        ? JOINED
        : NOT_JOINED;
    }
    // IOS indents the rest of a multi-line message (IPSEC proposals, ID payload dumps).
    return detectShowHeader(raw.slice(first)) ? NOT_JOINED : JOINED;
  }
  if (ikev2 && !inOutput && ikev2Wrapped(previous, raw)) {
    return JOINED;
  }
  // A message cut after a comma continues on the next line (`Input = IKE_MESG_INTERNAL,`).
  return (lastLine?.trim() ?? store.firstLineBody(open)).endsWith(",") &&
    /^[A-Z_]+\b/.test(raw) &&
    !parsePrompt(raw)
    ? JOINED
    : NOT_JOINED;
}

/**
 * Replaces each line holding escape sequences by its text without them, and returns for each the
 * number of escape characters before its first shown one (the columns the model's line sits left
 * of the logged one).
 */
function stripEscapes(lines: string[]): Map<number, number> {
  const shift = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes("\x1b")) {
      const { text, lead } = withoutEscapes(line);
      lines[i] = text;
      shift.set(i, lead);
    }
  }
  return shift;
}

/**
 * A cheap test before the prompt regex: a host name (`[A-Za-z][\w.-]{0,62}`) followed by `(`,
 * `#` or `>`. Most lines that reach it are show output or text, and fail at the first space.
 */
function mayBePrompt(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
    return false;
  }
  for (let i = 1; i < 64 && i < raw.length; i++) {
    const d = raw.charCodeAt(i);
    if (d === 40 || d === 35 || d === 62) {
      return true;
    }
    if (!(
      (d >= 48 && d <= 57) ||
      (d >= 65 && d <= 90) ||
      (d >= 97 && d <= 122) ||
      d === 95 ||
      d === 46 ||
      d === 45
    )) {
      return false;
    }
  }
  return false;
}
