import { liveRoots } from "../config/model";
import type { ConfigModel } from "../config/model";
import { startsWith, type ConfigNode } from "../config/tree";
import type { TextEdit } from "../diagnostics/finding";
import { lineRange, range, type Range } from "../text/position";

/**
 * Text edits for the quick fixes of peer findings. Every edit carries the URI of the file it
 * changes, since a fix offered on one router's file often edits the other's.
 */

/** The indentation children of a section use (one space when it has none yet, as IOS writes). */
export function childIndent(section: ConfigNode): string {
  const child = section.children[0];
  return child ? " ".repeat(child.indent) : " ";
}

/** Replaces a whole line, keeping its line ending. */
export function replaceLine(
  uri: string,
  node: ConfigNode,
  text: string,
): TextEdit {
  return {
    uri,
    range: lineRange(node.line, 0, node.text.length),
    newText: text,
  };
}

/** Inserts lines after a section (after its last child), each on its own line. */
export function insertAfterSection(
  uri: string,
  model: ConfigModel,
  section: ConfigNode,
  lines: readonly string[],
): TextEdit {
  const last = section.lastLine;
  const length = model.tree.lines[last]?.length ?? 0;
  return {
    uri,
    range: lineRange(last, length, length),
    // The file's own line ending: a CRLF config must not get LF lines.
    newText: lines.map((l) => `${model.tree.eol}${l}`).join(""),
  };
}

/** Inserts lines before a top-level line, with the file's own line ending. */
export function insertBefore(
  uri: string,
  model: ConfigModel,
  node: ConfigNode,
  lines: readonly string[],
): TextEdit {
  return {
    uri,
    range: lineRange(node.line, 0, 0),
    newText: lines.map((l) => `${l}${model.tree.eol}`).join(""),
  };
}

/** Deletes a line with its line ending. */
export function deleteLine(
  uri: string,
  model: ConfigModel,
  node: ConfigNode,
): TextEdit {
  const lines = model.tree.lines;
  const r: Range =
    node.line + 1 < lines.length
      ? range(node.line, 0, node.line + 1, 0)
      : node.line > 0
        ? range(
            node.line - 1,
            lines[node.line - 1]!.length,
            node.line,
            node.text.length,
          )
        : lineRange(node.line, 0, node.text.length);
  return { uri, range: r, newText: "" };
}

/**
 * Where a new top-level crypto section goes: after the last section of the same kind, else
 * before the first `crypto` line, else at the end of the file.
 */
export function insertSection(
  uri: string,
  model: ConfigModel,
  sameKind: readonly ConfigNode[],
  lines: readonly string[],
): TextEdit {
  const last = sameKind[sameKind.length - 1];
  if (last) {
    return insertAfterSection(uri, model, last, ["!", ...lines]);
  }
  const firstCrypto = liveRoots(model).find(
    (n) => !n.negated && startsWith(n, "crypto"),
  );
  if (firstCrypto) {
    return insertBefore(uri, model, firstCrypto, [...lines, "!"]);
  }
  const end = Math.max(0, model.tree.lines.length - 1);
  const length = model.tree.lines[end]?.length ?? 0;
  return {
    uri,
    range: lineRange(end, length, length),
    // A file that ends with a line break has an empty last line: write there, and end with one.
    newText: length ? ["", ...lines].join("\n") : `${lines.join("\n")}\n`,
  };
}
