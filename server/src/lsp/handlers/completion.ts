import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
} from "vscode-languageserver";
import {
  completionAt,
  type CompletionEntry,
  type CompletionKind,
} from "../../core/completion";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

const KIND: Record<CompletionKind, CompletionItemKind> = {
  command: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
};

function toItem(entry: CompletionEntry, snippets: boolean): CompletionItem {
  const useSnippet = snippets && entry.snippet !== undefined;
  return {
    label: entry.label,
    kind: KIND[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation
      ? { kind: MarkupKind.Markdown, value: entry.documentation }
      : undefined,
    sortText: entry.sortText,
    // The label shows placeholders (`<name>`), so filter on what is actually typed.
    filterText: entry.insertText,
    insertTextFormat: useSnippet
      ? InsertTextFormat.Snippet
      : InsertTextFormat.PlainText,
    textEdit: {
      range: entry.range,
      newText: useSnippet ? entry.snippet! : entry.insertText,
    },
  };
}

/** textDocument/completion: crypto commands by mode, their values, and names already defined. */
export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion((params, token) =>
    runSafe<CompletionItem[]>(ctx.log, "completion", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const snippets =
        ctx.clientCapabilities().textDocument?.completion?.completionItem
          ?.snippetSupport === true;
      return completionAt(ctx.cache.get(document), params.position).map((e) =>
        toItem(e, snippets),
      );
    }),
  );
}
