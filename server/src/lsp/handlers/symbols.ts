import {
  MessageType,
  ShowMessageNotification,
  type DocumentSymbol,
} from "vscode-languageserver";
import { fileName } from "../../core/peers/router";
import { limitedOutline } from "../../core/symbols";
import { toDocumentSymbol } from "../convert";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/**
 * textDocument/documentSymbol, cut to `ipsecLens.outline.maxItems` symbols. The first time a
 * document's outline is cut the user is told, once per document and limit (the request comes
 * again after every edit).
 */
export function registerSymbols(ctx: ServerContext): void {
  const told = new Set<string>();
  ctx.connection.onDocumentSymbol((params, token) =>
    runSafe<DocumentSymbol[]>(ctx.log, "documentSymbol", [], token, () => {
      const uri = params.textDocument.uri;
      const document = ctx.documents.get(uri);
      if (!document) {
        return [];
      }
      const maxItems = ctx.settings().outlineMaxItems;
      const limited = limitedOutline(ctx.cache.get(document), maxItems);
      const key = `${maxItems} ${uri}`;
      if (limited.shown < limited.total && !told.has(key)) {
        told.add(key);
        // A notification, not `window.showInformationMessage`: that one is a request, and a
        // client that does not answer it would leave a rejected promise behind.
        void ctx.connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: `IPsec Lens: the outline of ${fileName(uri)} lists ${limited.shown.toLocaleString("en-US")} of its ${limited.total.toLocaleString("en-US")} symbols (commands and exchanges first). Raise ipsecLens.outline.maxItems to see more.`,
        });
      }
      return limited.symbols.map(toDocumentSymbol);
    }),
  );
}
