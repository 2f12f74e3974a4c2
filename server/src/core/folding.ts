import type { FoldingBlock } from "./document";
import type { ParsedDocument } from "./languageService";
import type { ConfigNode } from "./config/tree";

/** Foldable blocks: config sections (a head with indented children). */
export function foldingBlocks(parsed: ParsedDocument): FoldingBlock[] {
  if (parsed.kind !== "config") {
    return [];
  }
  const out: FoldingBlock[] = [];
  const visit = (node: ConfigNode): void => {
    if (node.lastLine > node.line) {
      out.push({ startLine: node.line, endLine: node.lastLine });
    }
    node.children.forEach(visit);
  };
  parsed.model.tree.roots.forEach(visit);
  return out;
}
