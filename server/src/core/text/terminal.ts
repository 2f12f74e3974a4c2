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
