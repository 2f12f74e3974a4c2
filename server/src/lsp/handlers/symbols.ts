import type { DocumentSymbol } from "vscode-languageserver";
import { outline } from "../../core/symbols";
import { toDocumentSymbol } from "../convert";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/documentSymbol. */
export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol((params, token) =>
    runSafe<DocumentSymbol[]>(ctx.log, "documentSymbol", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      return document
        ? outline(ctx.cache.get(document)).map(toDocumentSymbol)
        : [];
    }),
  );
}
