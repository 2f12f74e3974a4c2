import type { ConfigModel } from "./config/model";
import type { ConfigNode } from "./config/tree";
import type { FoldingBlock } from "./document";
import type { ParsedDocument } from "./languageService";

/** Foldable blocks of a document. */
export function foldingBlocks(parsed: ParsedDocument): FoldingBlock[] {
  if (parsed.kind !== "config") {
    return [];
  }
  return configFolding(parsed.model);
}

/**
 * Config folding: every section (a head with indented lines, banners included), the unindented
 * lines of one numbered ACL, and blocks of `!` comments with text.
 */
export function configFolding(model: ConfigModel): FoldingBlock[] {
  const out: FoldingBlock[] = [];
  const visit = (node: ConfigNode): void => {
    if (node.lastLine > node.line) {
      out.push({ startLine: node.line, endLine: node.lastLine });
    }
    node.children.forEach(visit);
  };
  model.tree.roots.forEach(visit);
  out.push(...topLevelRuns(model.tree.roots));
  out.push(...commentBlocks(model.tree.lines));
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
function commentBlocks(lines: readonly string[]): FoldingBlock[] {
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
  for (let i = 0; i < lines.length; i++) {
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
