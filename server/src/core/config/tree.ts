import { pushAt } from "../collections/multiMap";
import { lineRange, type Range } from "../text/position";
import {
  MAX_ANALYSED_LINE_LENGTH,
  resplitLines,
  splitLines,
} from "../text/lines";
import { hasTerminalEdits, shownText } from "../text/terminal";

/** A word of a config line with where it stands. */
export interface Token {
  readonly text: string;
  readonly range: Range;
  /** Its first and past-the-end columns on its line (what `range` says, without building it). */
  readonly start: number;
  readonly end: number;
}

/**
 * The tree's own tokens: a 100,000-line config has about half a million words, and four objects
 * per word (token, range, two positions) made the garbage collector the parser's main cost. The
 * range is built when first asked for (most words are only compared as text) and then kept.
 */
class LineToken implements Token {
  private cachedRange: Range | undefined;

  constructor(
    readonly text: string,
    private line: number,
    readonly start: number,
  ) {}

  get end(): number {
    return this.start + this.text.length;
  }

  get range(): Range {
    return (this.cachedRange ??= lineRange(
      this.line,
      this.start,
      this.start + this.text.length,
    ));
  }

  /** Moves the token `delta` lines down (lines were inserted or deleted above it). */
  shift(delta: number): void {
    this.line += delta;
    this.cachedRange = undefined;
  }
}

/** One line of a config with its indented children (a section head owns the lines below it). */
export interface ConfigNode {
  line: number;
  indent: number;
  /** The line's text without its ending. */
  text: string;
  /** The words, without a leading `no`. */
  readonly words: Token[];
  /** True for `no ...` lines. */
  readonly negated: boolean;
  children: ConfigNode[];
  parent: ConfigNode | undefined;
  /** Last line of the section (the node's own line when it has no children). */
  lastLine: number;
  /**
   * What the parser read from this line, kept for the document's next version (the node object
   * lives on when its line is unchanged); opaque to everything else.
   */
  memo: unknown;
}

/** The children of every line that has none: most lines, and an array each weighed 3 MB. */
const NO_CHILDREN: ConfigNode[] = Object.freeze([]) as unknown as ConfigNode[];

/**
 * A line's words are split when asked for, not when the tree is built. A 100,000-line config has
 * half a million words; kept on every node they all survived into the old generation, and copying
 * them was most of the parse. The parser reads each line's words once, in a row, so the last
 * split is kept in one shared slot; a line asked for again later (by a check, a hover) keeps its
 * words from then on, so no line is split more than twice.
 */
class LineNode implements ConfigNode {
  children: ConfigNode[] = NO_CHILDREN;
  parent: ConfigNode | undefined = undefined;
  lastLine: number;
  memo: unknown = undefined;
  /** Undefined until first split, null once split (into the slot), then the kept words. */
  private kept: Token[] | null | undefined = undefined;

  constructor(
    public line: number,
    readonly indent: number,
    readonly text: string,
  ) {
    this.lastLine = line;
  }

  /** Read from the text each time: a field more on every node weighed more than this test. */
  get negated(): boolean {
    return startsWithNo(this.text, this.indent);
  }

  get words(): Token[] {
    if (this.kept) {
      return this.kept;
    }
    if (SLOT.node === this) {
      return SLOT.words;
    }
    const tokens = tokenize(this.text, this.line);
    const words = this.negated ? tokens.slice(1) : tokens;
    if (this.kept === null) {
      this.kept = words;
    } else {
      this.kept = null;
      SLOT.node = this;
      SLOT.words = words;
    }
    return words;
  }

  /** Moves the line `delta` lines down (lines were inserted or deleted above it). */
  move(delta: number): void {
    this.line += delta;
    this.lastLine += delta;
    if (this.kept) {
      for (const token of this.kept) {
        (token as LineToken).shift(delta);
      }
    }
    if (SLOT.node === this) {
      SLOT.node = undefined;
    }
  }
}

/** The node whose words were split last, and those words. */
const SLOT: { node: LineNode | undefined; words: Token[] } = {
  node: undefined,
  words: [],
};

/** True when the line's first word (at `indent`) is `no`, in any case. */
function startsWithNo(text: string, indent: number): boolean {
  return (
    (text.charCodeAt(indent) | 32) === 110 /* n */ &&
    (text.charCodeAt(indent + 1) | 32) === 111 /* o */ &&
    (indent + 2 >= text.length || isSpace(text.charCodeAt(indent + 2)))
  );
}

/** The whole file as a tree of lines. */
export interface ConfigTree {
  lines: string[];
  roots: ConfigNode[];
  /** The file's first line ending ("\n" when it has none), so inserted lines match the file. */
  eol: string;
  /** The text the tree was read from (the next version's parse compares with it). */
  text?: string;
}

const SPACE = /\s/;

/** True for the characters `\s` matches; the common ASCII cases are decided without a regex. */
function isSpace(code: number): boolean {
  if (code < 128) {
    return code === 32 || (code >= 9 && code <= 13);
  }
  return SPACE.test(String.fromCharCode(code));
}

/**
 * Writes the start and end column of each word of `text` (runs of non-space, as `\S+`, within
 * the analysed length) to `out`, two numbers per word, and returns how many numbers it wrote.
 * With `limit`, stops after that many numbers (the first `limit / 2` words).
 */
export function scanWords(
  text: string,
  out: Int32Array,
  limit = out.length,
): number {
  const end = Math.min(text.length, MAX_ANALYSED_LINE_LENGTH);
  let count = 0;
  let i = 0;
  while (i < end && count < limit) {
    while (i < end && isSpace(text.charCodeAt(i))) {
      i++;
    }
    if (i >= end) {
      break;
    }
    const start = i;
    while (i < end && !isSpace(text.charCodeAt(i))) {
      i++;
    }
    out[count++] = start;
    out[count++] = i;
  }
  return count;
}

/** The size of a buffer that `scanWords` can fill with any line. */
export const WORD_BOUNDS_LENGTH = MAX_ANALYSED_LINE_LENGTH + 2;

/** Splits a line into words (runs of non-space, as `\S+`) with their columns. */
export function tokenize(text: string, line: number): Token[] {
  // Word bounds go to a scratch buffer first so the array is made at its exact size: a pushed-to
  // array keeps spare capacity.
  const count = scanWords(text, BOUNDS);
  const out = new Array<Token>(count / 2);
  for (let k = 0; k < count; k += 2) {
    out[k / 2] = new LineToken(
      text.slice(BOUNDS[k]!, BOUNDS[k + 1]!),
      line,
      BOUNDS[k]!,
    );
  }
  return out;
}

/** Start and end of each word of the line being split (a line has at most this many words). */
const BOUNDS = new Int32Array(WORD_BOUNDS_LENGTH);

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
function bannerEnd(
  lines: readonly string[],
  start: number,
  words: string[],
  to: number,
): number {
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
  for (let i = start + 1; i < to; i++) {
    if (lines[i]!.includes(delimiter)) {
      return i;
    }
  }
  return to - 1;
}

/**
 * Builds the tree. A line belongs to the nearest earlier line with a smaller indent; `!` lines
 * close nothing by themselves (IOS prints them between sections, but not always: a section can
 * end by the next unindented line alone).
 */
export function buildTree(text: string): ConfigTree {
  const lines = splitLines(text);
  const roots: ConfigNode[] = [];
  addRoots(lines, 0, lines.length, roots, lines.length, pagerIn(text));
  return { lines, roots, eol: firstLineBreak(text), text };
}

/**
 * True when a text may hold lines a terminal's pager erased (` --More-- ` and the backspaces that
 * wiped it): one search of the text, so the lines of a config without any are not looked at.
 */
function pagerIn(text: string): boolean {
  return text.includes("\b") && text.includes("--More--");
}

/**
 * A line saved from a terminal while the IOS pager ran: ` --More-- `, backspaces and spaces that
 * erased it, then the line the terminal showed in its place. Returns the line with everything
 * before the shown text turned into spaces (the same length, so every column stays as written)
 * and the shown line's own indentation, which places it in the tree; undefined for any other
 * line, or when the backspaces did more than wipe the prompt.
 */
export function pagerErased(
  raw: string,
): { text: string; level: number } | undefined {
  if (!hasTerminalEdits(raw)) {
    return undefined;
  }
  const after = raw.lastIndexOf("\b") + 1;
  if (after === 0) {
    return undefined;
  }
  const rest = raw.slice(after);
  if (shownText(raw) !== rest.trimEnd()) {
    return undefined;
  }
  let level = 0;
  while (level < rest.length && isSpace(rest.charCodeAt(level))) {
    level++;
  }
  return { text: " ".repeat(after) + rest, level };
}

/**
 * The tree of lines `from` to `to` (exclusive) of a longer text, numbered as in that text. A
 * configuration printed inside a capture is read this way, so every range of its model points into
 * the capture and nothing is copied.
 */
export function buildTreeOfLines(
  lines: readonly string[],
  from: number,
  to: number,
): ConfigTree {
  const roots: ConfigNode[] = [];
  addRoots(lines, from, to, roots, to);
  // The tree never changes the lines; the type is mutable for the editor's incremental trees.
  return { lines: lines as string[], roots, eol: "\n" };
}

/**
 * The tree of `text`, built from `previous` (the tree of the document's previous version) by
 * parsing again only the top-level sections the edit touched. An edit in a 100,000-line config
 * then costs the split into lines and the sections around it instead of half a million words.
 *
 * This gives the same tree as `buildTree(text)` (a property test compares them) because a root's
 * subtree depends only on the lines from the root on: the stack is empty at every root, and an
 * unindented line always starts one. The previous tree's unchanged sections after the edit are
 * moved in place (their line numbers shift), so the previous tree must not be used afterwards.
 */
export function updateTree(previous: ConfigTree, text: string): ConfigTree {
  return reviseTree(previous, text).tree;
}

/** Which top-level sections an edit replaced, for re-deriving the model from the previous one. */
export interface TreeRevision {
  tree: ConfigTree;
  /** Absent when the whole text was read again. */
  replaced?: {
    /** First line of the re-read part (the same in both versions). */
    startLine: number;
    /** The line after the re-read part, in the previous version. */
    oldEndLine: number;
    /** Lines added (or, when negative, removed) by the edit. */
    delta: number;
    /** The previous version's sections in that part, and the ones read in their place. */
    removed: ConfigNode[];
    added: ConfigNode[];
  };
}

/** `updateTree`, also saying which sections it replaced. */
export function reviseTree(previous: ConfigTree, text: string): TreeRevision {
  const old = previous.lines;
  const { lines, prefix, suffix } = resplitLines(old, text, previous.text);
  const eol = firstLineBreak(text);
  const roots = previous.roots;
  // From the root holding the first changed line; from the one before it when that root's own
  // line changed, since it may now belong to the section above it.
  const holding = lastRootAtOrBefore(roots, prefix);
  const from =
    holding >= 0 && roots[holding]!.line < prefix
      ? holding
      : Math.max(0, holding - 1);
  const startLine = holding < 0 ? 0 : roots[from]!.line;
  // Up to the first unindented root wholly inside the unchanged tail. Lines inserted right above
  // a root leave it as it was (they join the section above or stand alone): the holding root is
  // then in the tail itself, and an Enter at the end of a section does not read the next one.
  const tailStart = old.length - suffix;
  let to =
    holding >= 0 && roots[holding]!.line >= tailStart
      ? Math.max(from, holding)
      : Math.max(from, holding + 1);
  while (
    to < roots.length &&
    (roots[to]!.line < tailStart || roots[to]!.indent !== 0)
  ) {
    to++;
  }
  const delta = lines.length - old.length;
  const endLine = to < roots.length ? roots[to]!.line + delta : lines.length;
  const middle: ConfigNode[] = [];
  addRoots(lines, startLine, endLine, middle, lines.length, pagerIn(text));
  const last = middle[middle.length - 1];
  if (last && last.lastLine >= endLine) {
    // A banner opened in the edited part now runs into the tail: the tail must be read again.
    return { tree: buildTree(text) };
  }
  const tail = roots.slice(to);
  if (delta !== 0) {
    for (const root of tail) {
      shiftNode(root, delta);
    }
  }
  return {
    tree: {
      lines,
      roots: [...roots.slice(0, from), ...middle, ...tail],
      eol,
      text,
    },
    replaced: {
      startLine,
      oldEndLine: endLine - delta,
      delta,
      removed: roots.slice(from, to),
      added: middle,
    },
  };
}

/** Index of the last root whose line is at or before `line`, or -1 (roots are in line order). */
function lastRootAtOrBefore(roots: ConfigNode[], line: number): number {
  let low = 0;
  let high = roots.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (roots[mid]!.line <= line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** Moves a node and its subtree `delta` lines. */
function shiftNode(node: ConfigNode, delta: number): void {
  // Every node is a LineNode: addRoots is the only place that makes them.
  (node as LineNode).move(delta);
  for (const child of node.children) {
    shiftNode(child, delta);
  }
}

function firstLineBreak(text: string): string {
  const firstBreak = /\r\n|\r|\n/.exec(text);
  return firstBreak ? firstBreak[0] : "\n";
}

/**
 * Reads lines `from` to `to` (exclusive) into trees appended to `roots`, starting with no open section.
 * A banner may run on to `bannerLimit` (the end of the text, unless the lines are part of a capture).
 */
function addRoots(
  lines: readonly string[],
  from: number,
  to: number,
  roots: ConfigNode[],
  bannerLimit = lines.length,
  pager = false,
): void {
  const stack: ConfigNode[] = [];
  // Each open section's place in the tree: its indent, or a pager-erased line's shown indent.
  const levels: number[] = [];
  for (let i = from; i < to; i++) {
    let raw = lines[i]!;
    // Indent and the first character without trimStart's copy of every line.
    let indent = 0;
    while (indent < raw.length && isSpace(raw.charCodeAt(indent))) {
      indent++;
    }
    let level = indent;
    // The node reads the line as shown; the tree's lines stay as written, so the next version's
    // re-read finds the pager again (a capture replays it on its own copy of the lines).
    const erased =
      pager && raw.charCodeAt(indent) === 45 ? pagerErased(raw) : undefined;
    if (erased) {
      raw = erased.text;
      level = erased.level;
      while (indent < raw.length && isSpace(raw.charCodeAt(indent))) {
        indent++;
      }
    }
    const first = raw.charCodeAt(indent);
    if (indent === raw.length || first === 33 /* ! */ || first === 35 /* # */) {
      continue;
    }
    const node = new LineNode(i, indent, raw);
    while (stack.length && levels[levels.length - 1]! >= level) {
      stack.pop();
      levels.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      node.parent = parent;
      if (parent.children === NO_CHILDREN) {
        parent.children = [node];
      } else {
        parent.children.push(node);
      }
      for (let p: ConfigNode | undefined = parent; p; p = p.parent) {
        p.lastLine = i;
      }
    } else {
      roots.push(node);
    }
    stack.push(node);
    levels.push(level);
    // The first character first: a regex test of every unindented line cost 10 ms on 100k lines.
    if (indent === 0 && (first | 32) === 98 /* b */ && /^banner\s/i.test(raw)) {
      const end = bannerEnd(
        lines,
        i,
        tokenize(raw, i).map((t) => t.text),
        bannerLimit,
      );
      node.lastLine = end;
      i = end;
      stack.length = 0;
      levels.length = 0;
    }
  }
}

/**
 * Where the node's word `index` starts in its text (`-1` when the line has fewer words), counted
 * as `words` counts them (after a leading `no`), read from the text so no word is split.
 */
function wordStart(node: ConfigNode, index: number): number {
  const text = node.text;
  const end = Math.min(text.length, MAX_ANALYSED_LINE_LENGTH);
  let i = node.indent;
  for (let n = node.negated ? index + 1 : index; ; n--) {
    while (i < end && isSpace(text.charCodeAt(i))) {
      i++;
    }
    if (i >= end) {
      return -1;
    }
    if (n === 0) {
      return i;
    }
    while (i < end && !isSpace(text.charCodeAt(i))) {
      i++;
    }
  }
}

/** The end of the word that starts at `start`. */
function wordEnd(text: string, start: number): number {
  const end = Math.min(text.length, MAX_ANALYSED_LINE_LENGTH);
  let i = start;
  while (i < end && !isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

/**
 * The node's word `index` in lower case (`""` past the last word), read from the text: the
 * parser picks a line's handler by its first words, and most lines need nothing more.
 */
export function keywordAt(node: ConfigNode, index: number): string {
  const start = wordStart(node, index);
  return start < 0
    ? ""
    : node.text.slice(start, wordEnd(node.text, start)).toLowerCase();
}

/**
 * Known keywords by their first letter, for `keywordAmong`: the parser asks every top-level line
 * for its first word, and `keywordAt` made a string for each (a slice, and its lower-case copy
 * for the few written in capitals).
 */
export class KeywordSet {
  private readonly byFirst = new Map<number, string[]>();

  constructor(keywords: Iterable<string>) {
    for (const k of keywords) {
      pushAt(this.byFirst, k.charCodeAt(0), k);
    }
  }

  /** The keyword the word from `start` to `end` of `text` is, in any case; "" when none. */
  find(text: string, start: number, end: number): string {
    let c = text.charCodeAt(start);
    if (c >= 128) {
      // A letter beyond ASCII may lower-case to an ASCII one (the Kelvin sign to `k`).
      const word = text.slice(start, end).toLowerCase();
      return this.byFirst.get(word.charCodeAt(0))?.includes(word) ? word : "";
    }
    if (c >= 65 && c <= 90) {
      c += 32;
    }
    const candidates = this.byFirst.get(c);
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        if (sameWord(text, start, end, candidates[i]!)) {
          return candidates[i]!;
        }
      }
    }
    return "";
  }
}

/**
 * `keywordAt` when the caller only cares about the keywords of `among`: the word (lower case) if
 * it is one of them, else "", and no string made for the line.
 */
export function keywordAmong(
  node: ConfigNode,
  index: number,
  among: KeywordSet,
): string {
  const start = wordStart(node, index);
  return start < 0
    ? ""
    : among.find(node.text, start, wordEnd(node.text, start));
}

/**
 * True when the word at `start` of `text` is `keyword` (lower case) in any case. ASCII is compared
 * in place; a word with other characters is compared as `toLowerCase` would.
 */
function wordIs(text: string, start: number, keyword: string): boolean {
  // Most calls fail on the first letter: decide those before finding the word's end.
  const c = text.charCodeAt(start);
  if (c < 128 && (c >= 65 && c <= 90 ? c + 32 : c) !== keyword.charCodeAt(0)) {
    return false;
  }
  return sameWord(text, start, wordEnd(text, start), keyword);
}

/**
 * True when `text` from `start` to `end` is `keyword` (lower case) in any case. ASCII is
 * compared in place; other characters as `toLowerCase` would. `ascii`: the caller knows the
 * text is all ASCII, so a word of another length cannot be the keyword.
 */
export function sameWord(
  text: string,
  start: number,
  end: number,
  keyword: string,
  ascii = false,
): boolean {
  if (end - start !== keyword.length) {
    // Only a non-ASCII word can lower-case to a keyword of another length.
    return (
      !ascii &&
      hasNonAscii(text, start, end) &&
      text.slice(start, end).toLowerCase() === keyword
    );
  }
  for (let k = 0; k < keyword.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 128) {
      return text.slice(start, end).toLowerCase() === keyword;
    }
    if (c >= 65 && c <= 90) {
      c += 32;
    }
    if (c !== keyword.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

/** True when `text` has a character beyond ASCII between `start` and `end`. */
export function hasNonAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) >= 128) {
      return true;
    }
  }
  return false;
}

/**
 * True when the node's words start with the given keywords (case-insensitive; IOS keywords are).
 * Called for most lines with several keywords each, so it reads the text in place.
 */
export function startsWith(node: ConfigNode, ...keywords: string[]): boolean {
  return startsWithWords(node, keywords);
}

/** `startsWith` with the keywords in an array the caller keeps (no array built per call). */
export function startsWithWords(
  node: ConfigNode,
  keywords: readonly string[],
): boolean {
  // The first word starts at the indent, unless it is the `no` that words leave out.
  let start = node.negated
    ? nextWordStart(node.text, node.indent + 2)
    : node.indent < Math.min(node.text.length, MAX_ANALYSED_LINE_LENGTH)
      ? node.indent
      : -1;
  for (let i = 0; i < keywords.length; i++) {
    if (start < 0 || !wordIs(node.text, start, keywords[i]!)) {
      return false;
    }
    if (i + 1 < keywords.length) {
      start = nextWordStart(node.text, wordEnd(node.text, start));
    }
  }
  return true;
}

/** The start of the first word at or after `from`, or -1. */
function nextWordStart(text: string, from: number): number {
  const end = Math.min(text.length, MAX_ANALYSED_LINE_LENGTH);
  let i = from;
  while (i < end && isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i < end ? i : -1;
}

/**
 * The index of the first top-level `end` line that has other top-level lines after it, or -1.
 * IOS stops reading a configuration at `end`, so what follows is not configured. The text is
 * compared in place (no word split), so a big config costs one short check per section.
 */
export function closingEndIndex(roots: readonly ConfigNode[]): number {
  for (let i = 0; i < roots.length - 1; i++) {
    const root = roots[i]!;
    if (
      root.indent === 0 &&
      root.text.length <= 8 &&
      root.text.trim().toLowerCase() === "end"
    ) {
      return i;
    }
  }
  return -1;
}
