import type { CaptureModel } from "./capture/model";
import { capturedConfigs } from "./capture/runningConfigs";
import type { ConfigModel } from "./config/model";
import type { ConfigNode } from "./config/tree";
import type { FoldingBlock } from "./document";
import type { ParsedDocument } from "./languageService";

/** Foldable blocks of a document. */
export function foldingBlocks(parsed: ParsedDocument): FoldingBlock[] {
  switch (parsed.kind) {
    case "config":
      return configFolding(parsed.model);
    case "capture":
      return captureFolding(parsed.model);
    case "skipped":
      return [];
  }
}

/**
 * Capture folding: each command with its output (or output pasted without its command), the
 * sections of a configuration the capture prints, as a config file's fold, and each IKE exchange
 * from its first line to its last. Exchanges of two tunnels interleave, and an editor drops
 * folds that cross others, so an exchange that crosses a fold kept before it is left out.
 */
export function captureFolding(model: CaptureModel): FoldingBlock[] {
  const out: FoldingBlock[] = [];
  for (const block of model.shows) {
    const start = block.promptLine ?? block.startLine;
    if (block.endLine > start) {
      out.push({ startLine: start, endLine: block.endLine });
    }
  }
  for (const config of capturedConfigs(model)) {
    out.push(
      ...configFolding(config.model, config.startLine, config.endLine + 1),
    );
  }
  return nested([...out, ...exchangeFolds(model)]);
}

/**
 * At most `limit` of `blocks`, the outer ones first: an editor keeps only so many folds (VS Code
 * 5,000, which it sends as `rangeLimit`), and it too drops the deepest levels first. The blocks
 * kept at the level that crosses the limit are the first in the document; the result stays in
 * the blocks' order. A 500,000-line capture has over 20,000 folds: a reply of 0.6 MB the editor
 * would mostly throw away.
 */
export function outerFolds(
  blocks: readonly FoldingBlock[],
  limit: number,
): FoldingBlock[] {
  if (blocks.length <= limit) {
    return [...blocks];
  }
  const order = blocks
    .map((_, i) => i)
    .sort(
      (i, j) =>
        blocks[i]!.startLine - blocks[j]!.startLine ||
        blocks[j]!.endLine - blocks[i]!.endLine,
    );
  const depth = new Int32Array(blocks.length);
  const perDepth: number[] = [];
  const open: FoldingBlock[] = [];
  for (const i of order) {
    const b = blocks[i]!;
    while (open.length && open[open.length - 1]!.endLine < b.startLine) {
      open.pop();
    }
    depth[i] = open.length;
    perDepth[open.length] = (perDepth[open.length] ?? 0) + 1;
    open.push(b);
  }
  // The deepest level kept whole, and how many of the next level still fit.
  let whole = 0;
  let room = Math.max(0, limit);
  while (whole < perDepth.length && perDepth[whole]! <= room) {
    room -= perDepth[whole]!;
    whole++;
  }
  const keep = new Uint8Array(blocks.length);
  for (const i of order) {
    if (depth[i]! < whole) {
      keep[i] = 1;
    } else if (depth[i] === whole && room > 0) {
      keep[i] = 1;
      room--;
    }
  }
  return blocks.filter((_, i) => keep[i] === 1);
}

/**
 * One fold per exchange. A quick mode often starts while main mode prints its last lines, and two
 * tunnels' exchanges interleave: an exchange that another one starts inside of and outlives ends
 * its fold on the line before the other begins, so the folds nest.
 */
function exchangeFolds(model: CaptureModel): FoldingBlock[] {
  const spans = model.exchanges
    .map((ex) => ({ startLine: ex.startLine, endLine: ex.endLine }))
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  for (let i = 0; i + 1 < spans.length; i++) {
    const a = spans[i]!;
    const next = spans[i + 1]!;
    if (
      next.startLine > a.startLine &&
      next.startLine <= a.endLine &&
      next.endLine > a.endLine
    ) {
      a.endLine = next.startLine - 1;
    }
  }
  return spans.filter((s) => s.endLine > s.startLine);
}

/** The blocks in order, without those that cross a block kept before them (outer blocks first). */
function nested(blocks: FoldingBlock[]): FoldingBlock[] {
  blocks.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const kept: FoldingBlock[] = [];
  const open: FoldingBlock[] = [];
  for (const b of blocks) {
    while (open.length && open[open.length - 1]!.endLine < b.startLine) {
      open.pop();
    }
    const outer = open[open.length - 1];
    if (outer && b.endLine > outer.endLine) {
      continue;
    }
    kept.push(b);
    open.push(b);
  }
  return kept;
}

/**
 * Config folding: every section (a head with indented lines, banners included), the unindented
 * lines of one numbered ACL, and blocks of `!` comments with text.
 */
export function configFolding(
  model: ConfigModel,
  from = 0,
  to = model.tree.lines.length,
): FoldingBlock[] {
  const out: FoldingBlock[] = [];
  const visit = (node: ConfigNode): void => {
    if (node.lastLine > node.line) {
      out.push({ startLine: node.line, endLine: node.lastLine });
    }
    node.children.forEach(visit);
  };
  model.tree.roots.forEach(visit);
  out.push(...topLevelRuns(model.tree.roots));
  out.push(...commentBlocks(model.tree.lines, from, to));
  return out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * What groups consecutive top-level lines: the number of a numbered ACL. (Crypto map entries are
 * sections already; a run fold starting on the first entry's line would hide that entry's fold.)
 */
function runKey(node: ConfigNode): string | undefined {
  const w = node.words;
  if (node.negated || w[0]?.text.toLowerCase() !== "access-list" || !w[1]) {
    return undefined;
  }
  return w[1].text;
}

function topLevelRuns(roots: readonly ConfigNode[]): FoldingBlock[] {
  const out: FoldingBlock[] = [];
  let start = 0;
  while (start < roots.length) {
    const key = runKey(roots[start]!);
    let end = start;
    while (key && end + 1 < roots.length && runKey(roots[end + 1]!) === key) {
      end++;
    }
    if (key && end > start) {
      out.push({
        startLine: roots[start]!.line,
        endLine: roots[end]!.lastLine,
      });
    }
    start = end + 1;
  }
  return out;
}

const COMMENT_TEXT = /^\s*!\s*\S/;
const COMMENT_LINE = /^\s*!/;

/** Runs of `!` lines holding at least two lines of text; bare `!` separators alone do not fold. */
function commentBlocks(
  lines: readonly string[],
  from: number,
  to: number,
): FoldingBlock[] {
  const out: FoldingBlock[] = [];
  let first = -1;
  let last = -1;
  let texts = 0;
  const close = (): void => {
    if (texts >= 2 && last > first) {
      out.push({ startLine: first, endLine: last, kind: "comment" });
    }
    first = -1;
    last = -1;
    texts = 0;
  };
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (!COMMENT_LINE.test(line)) {
      close();
      continue;
    }
    if (COMMENT_TEXT.test(line)) {
      if (first < 0) {
        first = i;
      }
      last = i;
      texts++;
    }
  }
  close();
  return out;
}
