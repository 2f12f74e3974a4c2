import {
  CodeActionKind,
  type CodeAction,
  type SnippetTextEdit,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { offeredFixes } from "../../core/codeActions";
import { cliBlock, type Fix } from "../../core/diagnostics/finding";
import { snippetToCli } from "../../core/fixes/snippets";
import { COPY_AS_CLI_COMMAND } from "../customMessages";
import { DIAGNOSTIC_SOURCE, toDiagnostic } from "../convert";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** Groups a fix's edits by document, as plain text edits. */
function plainEdit(fix: Fix, uri: string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    // Without snippet support a placeholder becomes `<key>`: plainly something to type over.
    const newText = fix.snippet ? snippetToCli(edit.newText) : edit.newText;
    (changes[edit.uri ?? uri] ??= []).push({ range: edit.range, newText });
  }
  return { changes };
}

/**
 * Groups a fix's edits by document as snippet edits (LSP 3.18), so the cursor lands on the
 * placeholder the user must fill in, such as the pre-shared key.
 */
function snippetEdit(fix: Fix, uri: string): WorkspaceEdit {
  const byDocument = new Map<string, SnippetTextEdit[]>();
  for (const edit of fix.edits) {
    const target = edit.uri ?? uri;
    const list = byDocument.get(target) ?? [];
    list.push({
      range: edit.range,
      snippet: { kind: "snippet", value: edit.newText },
    });
    byDocument.set(target, list);
  }
  const documentChanges: TextDocumentEdit[] = [...byDocument].map(
    ([target, edits]) => ({
      textDocument: { uri: target, version: null },
      edits,
    }),
  );
  return { documentChanges };
}

/**
 * textDocument/codeAction: the fixes of the findings the editor asks about (its context's
 * diagnostics; every finding in range when it names none), each once, plus "Copy as CLI" for it.
 */
export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction((params, token) =>
    runSafe<CodeAction[]>(ctx.log, "codeAction", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const uri = document.uri;
      const snippets =
        ctx.clientCapabilities().workspace?.workspaceEdit
          ?.snippetEditSupport === true;
      const actions: CodeAction[] = [];
      // Only the editor's diagnostics of this server name findings; others' are not ours to fix.
      const asked = (params.context?.diagnostics ?? []).flatMap((d) =>
        d.source === DIAGNOSTIC_SOURCE &&
        d.code !== undefined &&
        typeof d.message === "string"
          ? [{ code: String(d.code), range: d.range, message: d.message }]
          : [],
      );
      const copied = new Set<string>();
      for (const { findings, fix } of offeredFixes(
        ctx.diagnostics.findings(document),
        params.range,
        asked,
      )) {
        const diagnostics = findings.map((f) => toDiagnostic(f, uri));
        if (fix.edits.length) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics,
            isPreferred: fix.isPreferred,
            edit:
              fix.snippet && snippets
                ? snippetEdit(fix, uri)
                : plainEdit(fix, uri),
          });
        }
        const block = fix.cli?.length ? cliBlock(fix.cli) : undefined;
        if (block !== undefined && !copied.has(block)) {
          copied.add(block);
          actions.push({
            title: `Copy as CLI: ${fix.title}`,
            kind: CodeActionKind.QuickFix,
            diagnostics,
            command: {
              title: "Copy as CLI",
              command: COPY_AS_CLI_COMMAND,
              arguments: [block],
            },
          });
        }
      }
      return actions;
    }),
  );
}
