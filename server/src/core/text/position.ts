/** A zero-based position in a document: line and UTF-16 character offset, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range between two positions. */
export interface Range {
  start: Position;
  end: Position;
}

/** Builds a range on one line. */
export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Builds a range from two positions given as numbers. */
export function range(
  startLine: number,
  startChar: number,
  endLine: number,
  endChar: number,
): Range {
  return {
    start: { line: startLine, character: startChar },
    end: { line: endLine, character: endChar },
  };
}

/** True when the position lies inside the range (end inclusive, so a cursor at the end of a word still hovers it). */
export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) {
    return false;
  }
  if (p.line === r.start.line && p.character < r.start.character) {
    return false;
  }
  if (p.line === r.end.line && p.character > r.end.character) {
    return false;
  }
  return true;
}

/** True when two ranges share at least one position. */
export function rangesOverlap(a: Range, b: Range): boolean {
  return !(
    comparePositions(a.end, b.start) < 0 || comparePositions(b.end, a.start) < 0
  );
}

/** Orders positions: negative when a comes first. */
export function comparePositions(a: Position, b: Position): number {
  return a.line === b.line ? a.character - b.character : a.line - b.line;
}
