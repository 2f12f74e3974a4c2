import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { foldingBlocks } from "../../core/folding";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/foldingRange. */
export function registerFolding(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges((params, token) =>
    runSafe<FoldingRange[]>(ctx.log, "foldingRange", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      return document
        ? foldingBlocks(ctx.cache.get(document)).map((b) => ({
            startLine: b.startLine,
            endLine: b.endLine,
            kind: b.kind === "comment" ? FoldingRangeKind.Comment : undefined,
          }))
        : [];
    }),
  );
}
