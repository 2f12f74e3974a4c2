import type { TextEdit } from "../../server/src/core/diagnostics/finding";
import type { Position } from "../../server/src/core/text/position";

/**
 * Applies LSP-style text edits to a document's text, as an editor would: every range refers to
 * the original text, edits must not overlap, and line breaks (LF, CRLF or lone CR) count as one
 * line ending each. Snippet placeholders are left as written unless `fillSnippets` is given.
 */
export function applyEdits(
  text: string,
  edits: readonly TextEdit[],
  fillSnippets?: (label: string) => string,
): string {
  const starts = lineStarts(text);
  const toOffset = (p: Position): number => {
    const lineStart = starts[p.line];
    if (lineStart === undefined) {
      throw new Error(`line ${p.line} is outside the document`);
    }
    const lineEnd =
      p.line + 1 < starts.length ? starts[p.line + 1]! : text.length;
    const offset = lineStart + p.character;
    if (offset > lineEnd) {
      throw new Error(
        `character ${p.character} is past the end of line ${p.line}`,
      );
    }
    return offset;
  };
  const resolved = edits
    .map((e) => ({
      start: toOffset(e.range.start),
      end: toOffset(e.range.end),
      newText: fillSnippets
        ? expandSnippet(e.newText, fillSnippets)
        : e.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < resolved.length; i++) {
    const later = resolved[i - 1]!;
    const earlier = resolved[i]!;
    if (earlier.end > later.start) {
      throw new Error("edits overlap");
    }
  }
  let out = text;
  for (const e of resolved) {
    if (e.end < e.start) {
      throw new Error("an edit ends before it starts");
    }
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}

/** Offsets where each line starts, counting LF, CRLF and lone CR as line endings. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\r") {
      if (text[i + 1] === "\n") {
        i++;
      }
      starts.push(i + 1);
    } else if (c === "\n") {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Replaces snippet placeholders (`${1:key}`, `${1|a,b|}`) with values and undoes escapes. */
export function expandSnippet(
  text: string,
  fill: (label: string) => string,
): string {
  return text
    .replace(/\$\{\d+:([^}]*)\}/g, (_m, label: string) => fill(label))
    .replace(
      /\$\{\d+\|([^,|}]*)(?:[,|][^}]*)?\}/g,
      (_m, first: string) => first,
    )
    .replace(/\\([$}\\])/g, "$1");
}
