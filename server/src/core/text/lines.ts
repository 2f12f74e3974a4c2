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

/** Longest line the parsers look at; the rest of a longer line is kept in the text but not analysed. */
export const MAX_ANALYSED_LINE_LENGTH = 4096;

/** True when the text looks binary (NUL bytes or many control characters), so it must not be parsed as IOS. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes("\u0000")) {
    return true;
  }
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) {
      control++;
    }
  }
  return sample.length > 0 && control / sample.length > 0.1;
}
