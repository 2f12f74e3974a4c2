import { copyFinding, type Finding } from "../diagnostics/finding";
import type { Position, Range } from "../text/position";
import type { CaptureModel } from "./model";

/**
 * Lines logged with terminal escape sequences are read without them (`CaptureModel.escapeShift`).
 * Show output is read from `CaptureModel.outputLines`, where a line the pager wrote over
 * (` --More-- `, backspaces, spaces, backspaces, then the next line of output) holds only what
 * the terminal showed. The editor shows the line as logged, with the pager's characters before
 * that text, so every column the parsers found on such a line sits this many columns further
 * right in the document. Zero on every other line.
 */
export function loggedShift(model: CaptureModel, line: number): number {
  return escapeShift(model, line) + pagerShift(model, line);
}

/** The escape sequences logged before a line's first shown character (see `escapeShift`). */
export function escapeShift(model: CaptureModel, line: number): number {
  return model.escapeShift?.get(line) ?? 0;
}

function pagerShift(model: CaptureModel, line: number): number {
  const output = model.outputLines?.[line];
  const logged = model.lines[line];
  if (output === undefined || logged === undefined || output === logged) {
    return 0;
  }
  // The text after the pager's last backspace is what stayed on the screen.
  const end = logged.trimEnd();
  return output !== "" && end.endsWith(output) ? end.length - output.length : 0;
}

/** True when a capture's columns differ from the document's on some line. */
export function hasShiftedLines(model: CaptureModel): boolean {
  return model.outputLines !== undefined || model.escapeShift !== undefined;
}

/**
 * A position in the document, as a column of the line the parsers read; undefined on the pager's
 * marks before that text.
 */
export function toOutputPosition(
  model: CaptureModel,
  position: Position,
): Position | undefined {
  const shift = loggedShift(model, position.line);
  if (!shift) {
    return position;
  }
  return position.character < shift
    ? undefined
    : { line: position.line, character: position.character - shift };
}

/** A range found on the lines the parsers read, placed on the lines as logged. */
export function toLoggedRange(model: CaptureModel, range: Range): Range {
  const start = loggedShift(model, range.start.line);
  const end = loggedShift(model, range.end.line);
  if (!start && !end) {
    return range;
  }
  return {
    start: {
      line: range.start.line,
      character: range.start.character + start,
    },
    end: { line: range.end.line, character: range.end.character + end },
  };
}

/** The findings on the capture `uri` with their ranges (and related ones in it) as logged. */
export function findingsAsLogged(
  model: CaptureModel,
  uri: string,
  findings: readonly Finding[],
): Finding[] {
  return findings.map((finding) => {
    const range = toLoggedRange(model, finding.range);
    let moved = range !== finding.range;
    const related = finding.related?.map((r) => {
      if (r.uri !== undefined && r.uri !== uri) {
        return r;
      }
      const at = toLoggedRange(model, r.range);
      if (at === r.range) {
        return r;
      }
      moved = true;
      return { ...r, range: at };
    });
    if (!moved) {
      return finding;
    }
    return copyFinding(finding, related ? { range, related } : { range });
  });
}
