import { matchIosCommand } from "../knowledge/iosCommands";
import { MAX_ANALYSED_LINE_LENGTH, splitLines } from "../text/lines";
import { parseEvent } from "./events";
import { ExchangeBuilder } from "./exchanges";
import {
  parseLinePrefix,
  parsePrompt,
  parseSourcePrefix,
  type LinePrefix,
  type SourcePrefix,
} from "./lexer";
import {
  LineKind,
  type CaptureMessage,
  type CaptureModel,
  type PromptLine,
} from "./model";
import { MessageStore, StoredMessage } from "./message";
import { detectShowHeader, parseShow } from "./show/parsers";
import type { ShowBlock, ShowKind } from "./show/types";

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
  const kinds = new Uint8Array(n);
  const lineMessage = new Int32Array(n).fill(-1);
  const lineShow = new Int32Array(n).fill(-1);
  const messages: CaptureMessage[] = [];
  const prompts: PromptLine[] = [];
  const shows: ShowBlock[] = [];
  const builder = new ExchangeBuilder(messages);
  const store = new MessageStore(lines);

  let open: StoredMessage | undefined;
  let openLines: string[] | undefined;
  let show: ShowBlock | undefined;
  let showLastLine = -1;
  let router: string | undefined;

  const finishMessage = (): void => {
    if (!open) {
      return;
    }
    if (openLines) {
      open.setJoinedBody(openLines.join(" "));
    }
    open.event = parseEvent(open.source, open.body, open.tag);
    builder.add(open, router);
    open = undefined;
    openLines = undefined;
  };

  const closeShow = (): void => {
    if (!show) {
      return;
    }
    // A command whose output is missing (the paste ends at the prompt) has an empty block.
    show.endLine = Math.min(Math.max(show.startLine, showLastLine), n - 1);
    for (let i = show.startLine; i <= show.endLine; i++) {
      if (kinds[i] === LineKind.Blank) {
        lineShow[i] = show.index;
      }
    }
    if (showLastLine >= show.startLine) {
      show.data = parseShow(show.kind, lines, show.startLine, show.endLine);
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

  const startMessage = (
    line: number,
    prefix: LinePrefix,
    source: SourcePrefix,
  ): void => {
    finishMessage();
    closeShow();
    const message = new StoredMessage(
      store,
      messages.length,
      line,
      source.source,
      prefix.start,
      source.bodyStart,
      prefix.timestamp,
      prefix.sequence,
      source.connId,
      source.tag,
    );
    messages.push(message);
    kinds[line] = LineKind.Message;
    lineMessage[line] = message.index;
    open = message;
  };

  for (let i = 0; i < n; i++) {
    let raw = lines[i]!;
    if (raw.length > MAX_ANALYSED_LINE_LENGTH) {
      raw = raw.slice(0, MAX_ANALYSED_LINE_LENGTH);
    }
    const first = firstNonSpace(raw);
    if (first < 0) {
      kinds[i] = LineKind.Blank;
      // A blank line ends a wrapped message but not a show output (show ipsec sa has blank lines).
      finishMessage();
      continue;
    }
    const prefix = parseLinePrefix(raw);
    if (prefix.timestamp || prefix.sequence !== undefined) {
      const source = parseSourcePrefix(raw, prefix.start, true) ?? {
        source: "other" as const,
        bodyStart: prefix.start,
      };
      startMessage(i, prefix, source);
      continue;
    }
    if (first === 0) {
      const source = parseSourcePrefix(raw, 0, false);
      if (source) {
        startMessage(i, prefix, source);
        continue;
      }
      const prompt = parsePrompt(raw);
      if (prompt) {
        finishMessage();
        closeShow();
        router = prompt.hostname;
        const info = prompt.command
          ? matchIosCommand(prompt.command)
          : undefined;
        const entry: PromptLine = {
          line: i,
          hostname: prompt.hostname,
          mode: prompt.mode,
          level: prompt.level,
          command: prompt.command,
          commandStart: prompt.commandStart,
          show:
            prompt.mode === undefined && /^sh/i.test(prompt.command)
              ? (info?.show ?? "other")
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
    if (
      open &&
      open.endLine === i - 1 &&
      continues(
        open,
        openLines ? openLines[openLines.length - 1]! : open.body,
        raw,
        first,
      )
    ) {
      (openLines ??= [open.body]).push(raw.trim());
      open.endLine = i;
      kinds[i] = LineKind.Continuation;
      lineMessage[i] = open.index;
      continue;
    }
    if (first > 0 && /^Old State = /.test(raw.slice(first)) && !show) {
      // An `Old State` line whose `Input` line was cut off above: keep it as a message of its own.
      startMessage(i, prefix, { source: "isakmp", bodyStart: first });
      continue;
    }
    if (first === 0 && raw.startsWith("Old State = ") && !show) {
      startMessage(i, prefix, { source: "isakmp", bodyStart: 0 });
      continue;
    }
    finishMessage();
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
  return {
    lines,
    kinds,
    lineMessage,
    lineShow,
    messages,
    prompts,
    exchanges: builder.finish(),
    shows,
  };
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

const IKEV2_CONTINUATION =
  /^(Initiator SPI|Responder SPI|IKEv2 [A-Z_]+ Exchange|Payload contents|Message id)/;

/** True when a line without a prefix continues the message above it. */
function continues(
  open: CaptureMessage,
  lastText: string,
  raw: string,
  first: number,
): boolean {
  const trimmed = raw.slice(first);
  if (
    trimmed.startsWith("Old State = ") ||
    trimmed.startsWith("New State = ")
  ) {
    return open.source !== "syslog";
  }
  if (open.source.startsWith("ikev2") && IKEV2_CONTINUATION.test(trimmed)) {
    return true;
  }
  if (first > 0) {
    // IOS indents the rest of a multi-line message (IPSEC proposals, ID payload dumps).
    return !detectShowHeader(trimmed);
  }
  // A message cut after a comma continues on the next line (`Input = IKE_MESG_INTERNAL,`).
  return (
    lastText.endsWith(",") && /^[A-Z_]+\b/.test(trimmed) && !parsePrompt(raw)
  );
}
