import { lineRange, type Range } from "../text/position";
import { MAX_ANALYSED_LINE_LENGTH, splitLines } from "../text/lines";

/** A word of a config line with where it stands. */
export interface Token {
  text: string;
  range: Range;
}

/** One line of a config with its indented children (a section head owns the lines below it). */
export interface ConfigNode {
  line: number;
  indent: number;
  /** The line's text without its ending. */
  text: string;
  /** The words, without a leading `no`. */
  words: Token[];
  /** True for `no ...` lines. */
  negated: boolean;
  children: ConfigNode[];
  parent: ConfigNode | undefined;
  /** Last line of the section (the node's own line when it has no children). */
  lastLine: number;
}

/** The whole file as a tree of lines. */
export interface ConfigTree {
  lines: string[];
  roots: ConfigNode[];
}

const WORD = /\S+/g;

/** Splits a line into words with their columns. */
export function tokenize(text: string, line: number): Token[] {
  const out: Token[] = [];
  const analysed =
    text.length > MAX_ANALYSED_LINE_LENGTH
      ? text.slice(0, MAX_ANALYSED_LINE_LENGTH)
      : text;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(analysed); m; m = WORD.exec(analysed)) {
    out.push({
      text: m[0],
      range: lineRange(line, m.index, m.index + m[0].length),
    });
  }
  return out;
}

/** The range of a whole node line, from its first word to its end. */
export function nodeRange(node: ConfigNode): Range {
  return lineRange(node.line, node.indent, node.text.trimEnd().length);
}

/** The range from word `from` to the last word of a node. */
export function wordsRange(
  node: ConfigNode,
  from: number,
  to = node.words.length - 1,
): Range {
  const first = node.words[Math.min(from, node.words.length - 1)];
  const last = node.words[Math.max(0, Math.min(to, node.words.length - 1))];
  if (!first || !last) {
    return nodeRange(node);
  }
  return { start: first.range.start, end: last.range.end };
}

/** Skips `banner` bodies, whose text may look like commands, up to the closing delimiter. */
function bannerEnd(lines: string[], start: number, words: string[]): number {
  // `banner motd ^C` or `banner motd #text#`: the delimiter is the first character after the type.
  const head = lines[start]!;
  const typeIndex = head.indexOf(words[1] ?? "");
  const rest =
    typeIndex >= 0
      ? head.slice(typeIndex + (words[1] ?? "").length).trimStart()
      : "";
  if (!rest) {
    return start;
  }
  const delimiter = rest.startsWith("^C") ? "^C" : rest[0]!;
  const afterOpen = rest.slice(delimiter.length);
  if (afterOpen.includes(delimiter)) {
    return start;
  }
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.includes(delimiter)) {
      return i;
    }
  }
  return lines.length - 1;
}

/**
 * Builds the tree. A line belongs to the nearest earlier line with a smaller indent; `!` lines
 * close nothing by themselves (IOS prints them between sections, but not always: a section can
 * end by the next unindented line alone).
 */
export function buildTree(text: string): ConfigTree {
  const lines = splitLines(text);
  const roots: ConfigNode[] = [];
  const stack: ConfigNode[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trimStart();
    if (trimmed === "" || trimmed.startsWith("!") || trimmed.startsWith("#")) {
      continue;
    }
    const indent = raw.length - trimmed.length;
    const tokens = tokenize(raw, i);
    const negated = tokens[0]?.text.toLowerCase() === "no";
    const node: ConfigNode = {
      line: i,
      indent,
      text: raw,
      words: negated ? tokens.slice(1) : tokens,
      negated,
      children: [],
      parent: undefined,
      lastLine: i,
    };
    while (stack.length && stack[stack.length - 1]!.indent >= indent) {
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
      for (let p: ConfigNode | undefined = parent; p; p = p.parent) {
        p.lastLine = i;
      }
    } else {
      roots.push(node);
    }
    stack.push(node);
    if (indent === 0 && tokens[0]?.text.toLowerCase() === "banner") {
      const end = bannerEnd(
        lines,
        i,
        tokens.map((t) => t.text),
      );
      node.lastLine = end;
      i = end;
      stack.length = 0;
    }
  }
  return { lines, roots };
}

/** True when the node's words start with the given keywords (case-insensitive; IOS keywords are). */
export function startsWith(node: ConfigNode, ...keywords: string[]): boolean {
  if (node.words.length < keywords.length) {
    return false;
  }
  return keywords.every((k, i) => node.words[i]!.text.toLowerCase() === k);
}
