/**
 * Line splitting shared by both parsers. IOS files arrive with LF, CRLF and even lone CR endings
 * (captures copied from old terminal programs), so every ending counts as a line break, as the
 * editor counts them: line numbers then agree with what the user sees.
 */

/** One line of a document without its ending. */
export interface TextLine {
  /** Zero-based line number. */
  line: number;
  /** The line's text, without the line ending. */
  text: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Splits text into lines on LF, CRLF and lone CR, as VS Code does. */
export function splitLines(text: string): string[] {
  // Most files have LF endings only; splitting on a string is several times faster than on a regex.
  return text.includes("\r") ? text.split(LINE_BREAK) : text.split("\n");
}

/** Control characters a terminal's text holds: tab, line feed, form feed, carriage return, backspace, escape. */
const TERMINAL_TEXT: readonly boolean[] = Array.from(
  { length: 32 },
  (_, c) => c === 9 || c === 10 || c === 12 || c === 13 || c === 8 || c === 27,
);

/** Longest line the parsers look at; the rest of a longer line is kept in the text but not analysed. */
export const MAX_ANALYSED_LINE_LENGTH = 4096;

/**
 * True when the text looks binary (NUL bytes or many control characters), so it must not be parsed
 * as IOS. Backspaces and escapes are a terminal's, not binary: a console session logged with the
 * pager's erasures (` --More-- ` and twenty backspaces on one line in a short paste) is text.
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes("\u0000")) {
    return true;
  }
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && !TERMINAL_TEXT[c]) {
      control++;
    }
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** The lines of an edited text, with how many lines at its start and end are the old ones. */
export interface ResplitLines {
  lines: string[];
  /** Lines at the start equal to the old text's first lines (the same strings). */
  prefix: number;
  /** Lines at the end equal to the old text's last lines, not overlapping the prefix. */
  suffix: number;
}

/** Length of the line break at `at` (CRLF counts as one), 0 when there is none. */
function breakAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 13) {
    return text.charCodeAt(at + 1) === 10 ? 2 : 1;
  }
  return c === 10 ? 1 : 0;
}

/** Length of the longest common prefix of two strings, compared in chunks (memcmp speed, no per-character loop). */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 1 << 16; step > 0; step >>= 1) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) {
      i += step;
    }
  }
  return i;
}

/** Length of the longest common suffix of two strings, compared in chunks. */
export function commonSuffixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 1 << 16; step > 0; step >>= 1) {
    while (
      i + step <= n &&
      a.slice(a.length - i - step, a.length - i) ===
        b.slice(b.length - i - step, b.length - i)
    ) {
      i += step;
    }
  }
  return i;
}

/**
 * `splitLines(text)` for a new version of a text whose old lines are known: the unchanged lines
 * at both ends are found by comparing the old lines with the text in place, and only the part
 * between them is split. An edit in a 100,000-line config then makes a few new strings instead of
 * a hundred thousand, which the collector would have to copy for as long as the tree keeps them.
 *
 * With the old text too, the common start and end of both texts are found first by comparing
 * large chunks, and the lines inside them are taken without comparing each one.
 */
export function resplitLines(
  old: readonly string[],
  text: string,
  oldText?: string,
): ResplitLines {
  // Lines whose text and following break lie in the texts' common start are equal by
  // construction (each break before them was identical too, so they start at the same offset).
  const same = oldText === undefined ? 0 : commonPrefixLength(oldText, text);
  const sameEnd = oldText === undefined ? 0 : commonSuffixLength(oldText, text);
  let prefix = 0;
  let start = 0; // Offset just after the prefix's last line break.
  let ended = false; // The prefix reached the end of the text.
  while (prefix < old.length && !ended) {
    const line = old[prefix]!;
    // A slice and === beat startsWith(line, at) several times over in V8.
    if (
      start + line.length + 2 > same &&
      text.slice(start, start + line.length) !== line
    ) {
      break;
    }
    const after = start + line.length;
    if (after === text.length) {
      ended = true;
    } else {
      const eol = breakAt(text, after);
      if (!eol) {
        break;
      }
      start = after + eol;
    }
    prefix++;
  }
  if (ended) {
    return { lines: old.slice(0, prefix), prefix, suffix: 0 };
  }
  let suffix = 0;
  let end = text.length; // Offset of the line break before the suffix's first line.
  let noMiddle = false; // The suffix starts right where the prefix ends.
  while (suffix < old.length - prefix) {
    const line = old[old.length - 1 - suffix]!;
    const lineStart = end - line.length;
    if (
      lineStart < start ||
      (text.length - lineStart + 2 > sameEnd &&
        text.slice(lineStart, end) !== line)
    ) {
      break;
    }
    suffix++;
    if (lineStart === start) {
      noMiddle = true;
      break;
    }
    // Otherwise the line must follow a break of its own, after the prefix.
    const before = text.charCodeAt(lineStart - 1);
    const eol =
      before === 10
        ? text.charCodeAt(lineStart - 2) === 13
          ? 2
          : 1
        : before === 13
          ? 1
          : 0;
    if (!eol || lineStart - eol < start) {
      suffix--;
      break;
    }
    end = lineStart - eol;
  }
  const middle = noMiddle ? [] : splitLines(text.slice(start, end));
  const lines = old.slice(0, prefix);
  for (const line of middle) {
    lines.push(line);
  }
  for (let i = old.length - suffix; i < old.length; i++) {
    lines.push(old[i]!);
  }
  return { lines, prefix, suffix };
}
