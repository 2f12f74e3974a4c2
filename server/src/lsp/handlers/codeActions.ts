import {
  CodeActionKind,
  type CodeAction,
  type WorkspaceEdit,
  type TextEdit,
} from "vscode-languageserver";
import { fixesInRange } from "../../core/codeActions";
import { cliBlock } from "../../core/diagnostics/finding";
import type { Fix } from "../../core/diagnostics/finding";
import { COPY_AS_CLI_COMMAND } from "../customMessages";
import { toDiagnostic } from "../convert";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** Turns a fix's edits into a workspace edit, grouping them by document. */
function toWorkspaceEdit(fix: Fix, uri: string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    const target = edit.uri ?? uri;
    (changes[target] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { changes };
}

/** Placeholders such as ${1:key} become their default text where a client cannot take snippets. */
export function stripSnippet(text: string): string {
  return text.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\d+/g, "");
}

/** textDocument/codeAction: each fix of each finding in range, plus "Copy as CLI" for it. */
export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction((params, token) =>
    runSafe<CodeAction[]>(ctx.log, "codeAction", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const uri = document.uri;
      const actions: CodeAction[] = [];
      for (const { finding, fix } of fixesInRange(
        ctx.diagnostics.findings(document),
        params.range,
      )) {
        const diagnostic = toDiagnostic(finding, uri);
        if (fix.edits.length) {
          const plain: Fix = fix.snippet
            ? {
                ...fix,
                edits: fix.edits.map((e) => ({
                  ...e,
                  newText: stripSnippet(e.newText),
                })),
              }
            : fix;
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.isPreferred,
            edit: toWorkspaceEdit(plain, uri),
          });
        }
        if (fix.cli?.length) {
          actions.push({
            title: `Copy as CLI: ${fix.title}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: {
              title: "Copy as CLI",
              command: COPY_AS_CLI_COMMAND,
              arguments: [cliBlock(fix.cli)],
            },
          });
        }
      }
      return actions;
    }),
  );
}
