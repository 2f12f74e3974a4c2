import { ikev2ContinuationAt, LineScanner, parsePrompt } from "./lexer";
import { detectShowHeader } from "./show/parsers";

/**
 * Captures a terminal hard-wrapped. A console server's log, or a terminal that does not remember
 * which lines it wrapped, cuts every line longer than its width at exactly that column, in the
 * middle of a word or a number as often as not, and the rest goes on at the first column of the
 * next line. Such a capture is told by its own lines: many message lines of exactly one length,
 * each followed by a line that starts nothing, and no longer line. The parser then joins a line
 * of that length with the line after it without a space (see `parseCapture`).
 */

/** The narrowest width looked for: a console narrower than this is not a console. */
const MIN_WIDTH = 40;

/** The widest width looked for (a wide console is 250 or 300 columns). */
const MAX_WIDTH = 512;

/**
 * How much shorter than the width a line still counts as the same width's wrap in the test that
 * tells hard wraps from word wraps: a word wrap leaves a line short by up to a word, and IOS's
 * words (`IKE_MESG_FROM_PEER,`) are up to about twenty characters.
 */
const NEAR = 20;

/**
 * How many different messages a capture must show cut at the same width before the width is
 * trusted. A message line of some length followed by a line that starts nothing happens once or
 * twice in a capture nobody wrapped (a message IOS itself breaks, a line typed after it), and
 * a page that wraps words cuts IOS's formulaic lines (`received packet from A dport 500 sport 500
 * Global`) at the same column every time they repeat. So lines count by their shape (digits left
 * out: the stamps, connection ids and addresses that tell repeats apart), and three shapes cut at
 * one length, with the other two tests below, do not happen by chance. A capture with fewer
 * keeps the joins it had.
 */
const MIN_WRAPS = 3;

/**
 * The width a capture was hard-wrapped at, or 0 when its lines do not show one. A width `w` is
 * trusted when, counting the message lines (a message's first line, or the wrapped rest of one)
 * followed by a line that starts nothing (at the first column, or one column in, with no stamp
 * or debug prefix, prompt, show header, or line IOS prints on its own under a message):
 * - at least MIN_WRAPS of them, of different shapes, are exactly `w` long;
 * - at least twice as many are exactly `w` long as are up to NEAR shorter: a terminal cuts at the
 *   column wherever it falls, a page that wraps words leaves most lines a word short of it (only
 *   a cut just after a space that the copy then trimmed is shorter);
 * - at most one line in ten of that count is longer than `w`: a terminal shows none, and a few
 *   are allowed for notes typed into the file afterwards.
 * The widest width that passes wins. Lines are counted by length first, so a capture with no
 * such width (most, whose lines run past any one length) costs one pass over the lengths.
 */
export function detectWrapWidth(lines: readonly string[]): number {
  const n = lines.length;
  const count = new Int32Array(MAX_WIDTH + 2);
  for (let i = 0; i < n; i++) {
    const length = lines[i]!.length;
    count[length > MAX_WIDTH ? MAX_WIDTH + 1 : length]!++;
  }
  const scan = new LineScanner();
  let longer = count[MAX_WIDTH + 1]!;
  for (let w = MAX_WIDTH; w >= MIN_WIDTH; w--) {
    const at = count[w]!;
    // Only a width at least ten times as common as the lines past it can pass (each width that
    // does is ten times as common as the last one tried, so few are read line by line).
    if (at >= MIN_WRAPS && longer * 10 <= at) {
      const wraps = countWraps(lines, w, scan);
      if (
        wraps.shapes >= MIN_WRAPS &&
        wraps.exact >= 2 * wraps.near &&
        longer * 10 <= wraps.exact
      ) {
        return w;
      }
    }
    longer += at;
    if (longer * 10 > n) {
      return 0;
    }
  }
  return 0;
}

/** The message lines a width's test counts (see `detectWrapWidth`). */
interface WrapCount {
  /** Lines exactly the width long. */
  exact: number;
  /** Lines up to NEAR shorter. */
  near: number;
  /** The different shapes of the exact ones, up to MIN_WRAPS. */
  shapes: number;
}

/**
 * The message lines exactly `w` long and up to NEAR shorter that are followed by a line that
 * starts nothing (see `detectWrapWidth`), counting the wrapped rest of a message as a message
 * line when it is itself cut.
 */
function countWraps(
  lines: readonly string[],
  w: number,
  scan: LineScanner,
): WrapCount {
  let exact = 0;
  let near = 0;
  const shapes = new Set<string>();
  /** True when the line is the rest of a message line counted just above. */
  let chained = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    const raw = lines[i]!;
    const length = raw.length;
    if (length > w || length <= w - NEAR) {
      chained = false;
      continue;
    }
    const message = chained || startsMessage(raw, scan);
    chained = false;
    if (message && startsNothing(lines[i + 1]!, scan)) {
      if (length === w) {
        exact++;
        if (shapes.size < MIN_WRAPS) {
          shapes.add(raw.replace(/\d+/g, ""));
        }
      } else {
        near++;
      }
      chained = true;
    }
  }
  return { exact, near, shapes: shapes.size };
}

/** True when a line begins a message as the parser reads one (a stamp, a sequence number, a prefix). */
function startsMessage(raw: string, scan: LineScanner): boolean {
  return (
    scan.prefix(raw) ||
    (scan.start === 0 && raw.length > 0 && scan.source(raw, 0, false) >= 0)
  );
}

/**
 * True when a line could be the rest of a cut one: it starts at the first column, or one column
 * in (a cut just before a space), and begins nothing of its own: no message, prompt or show
 * header, and none of the lines IOS prints under a message (IOS indents its own by two or more).
 */
function startsNothing(raw: string, scan: LineScanner): boolean {
  const first = raw.charCodeAt(0) === 32 ? 1 : 0;
  return (
    raw.charCodeAt(first) > 32 &&
    !startsMessage(raw, scan) &&
    !printedOnItsOwn(raw, first) &&
    !parsePrompt(raw) &&
    !detectShowHeader(raw)
  );
}

/** Sticky: lines IOS starts on their own under a message (state changes, policy lists), separators. */
const OWN_LINE = /(?:Old State = |New State = |Proposal \d|[-_=*~#]{3})/y;

/**
 * True when the text at `first` is a line IOS prints on its own under a message (`Old State = `,
 * `Proposal 1:`, `Initiator SPI : ...`) or a separator a person drew: never the rest of a cut line.
 */
export function printedOnItsOwn(raw: string, first: number): boolean {
  OWN_LINE.lastIndex = first;
  return OWN_LINE.test(raw) || ikev2ContinuationAt(raw, first);
}

/**
 * The text of `line` with the rest a terminal cut from it run on from the lines below (the lines
 * `glued` marks, see `CaptureModel.gluedLines`), as it was printed; up to `max` characters.
 */
export function runOn(
  lines: readonly string[],
  glued: Uint8Array | undefined,
  line: number,
  max: number,
): string {
  let text = lines[line] ?? "";
  if (glued === undefined) {
    return text;
  }
  for (let next = line + 1; glued[next] === 1 && text.length < max; next++) {
    text += lines[next] ?? "";
  }
  return text;
}
