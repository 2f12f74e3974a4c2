import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { foldingBlocks, outerFolds } from "../../core/folding";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/foldingRange, within the client's `rangeLimit` when it sends one. */
export function registerFolding(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges((params, token) =>
    runSafe<FoldingRange[]>(ctx.log, "foldingRange", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const blocks = foldingBlocks(ctx.cache.get(document));
      const limit =
        ctx.clientCapabilities().textDocument?.foldingRange?.rangeLimit;
      return (limit !== undefined ? outerFolds(blocks, limit) : blocks).map(
        (b) => ({
          startLine: b.startLine,
          endLine: b.endLine,
          kind: b.kind === "comment" ? FoldingRangeKind.Comment : undefined,
        }),
      );
    }),
  );
}
