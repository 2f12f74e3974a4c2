/**
 * What a terminal showed for a line logged with its control characters. A console session saved
 * while the IOS pager ran holds ` --More-- ` followed by backspaces and spaces that erased it,
 * and then the next line of output on the same line; read as written, a config line would start
 * with the pager's text and look indented under the previous section.
 */

const BACKSPACE = 8;

/** The pager's prompt, left in logs that kept only what the terminal printed (without backspaces). */
const PAGER = /^\s*--More--\s*/;

/**
 * True when the line starts with the pager's prompt (after spaces), which `shownText` undoes. The
 * pager prints it at the start of a line, so only the start is read: every line of show output
 * is tested, and a search of the whole line cost 3% of a 500,000-line capture's parse.
 */
export function hasTerminalEdits(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 32) {
    i++;
  }
  return line.startsWith("--More--", i);
}

/**
 * The line as the terminal displayed it: each backspace moves the cursor one column left and the
 * characters after it overwrite what was there; a pager prompt left at the start is dropped.
 */
export function shownText(line: string): string {
  let shown = line;
  if (line.includes("\b")) {
    const cells: string[] = [];
    let cursor = 0;
    for (let i = 0; i < line.length; i++) {
      if (line.charCodeAt(i) === BACKSPACE) {
        cursor = Math.max(0, cursor - 1);
      } else {
        cells[cursor++] = line[i]!;
      }
    }
    shown = cells.join("");
  }
  return shown.replace(PAGER, "").trimEnd();
}

const ESC = 27;

/**
 * A line without the terminal escape sequences a logging program may have saved with it (colour,
 * cursor and title controls: `ESC [ ... m`, `ESC ] ... BEL`, `ESC ( B`), and how many characters
 * of sequences stood before its first shown character: columns up to the next sequence sit that
 * far right in the line as logged. The scan is linear and never backtracks.
 */
export function withoutEscapes(line: string): { text: string; lead: number } {
  let out = "";
  let lead = -1;
  let i = 0;
  let from = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) !== ESC) {
      if (lead < 0) {
        lead = i;
      }
      i++;
      continue;
    }
    out += line.slice(from, i);
    i = escapeEnd(line, i);
    from = i;
  }
  out += line.slice(from);
  return { text: out, lead: lead < 0 ? line.length : lead };
}

/** The index after the escape sequence that starts at `at` (an ESC). */
function escapeEnd(line: string, at: number): number {
  const kind = line.charCodeAt(at + 1);
  let i = at + 2;
  if (kind === 0x5b /* [ */) {
    // CSI: parameter and intermediate bytes, then one final byte.
    while (i < line.length) {
      const c = line.charCodeAt(i++);
      if (c >= 0x40 && c <= 0x7e) {
        break;
      }
    }
    return i;
  }
  if (kind === 0x5d /* ] */) {
    // OSC: up to BEL or ESC \.
    while (i < line.length) {
      const c = line.charCodeAt(i);
      if (c === 7) {
        return i + 1;
      }
      if (c === ESC) {
        return line.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
      }
      i++;
    }
    return i;
  }
  if (kind >= 0x28 && kind <= 0x2b /* ( ) * + */) {
    return Math.min(line.length, at + 3);
  }
  return Math.min(line.length, at + 2);
}
