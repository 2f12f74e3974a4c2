import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  EXPLAIN_CAPTURE_COMMAND,
  EXPLAIN_CAPTURE_REQUEST,
} from "../../server/src/lsp/customMessages";

/** The scheme of the read-only documents that show an explanation. */
const SCHEME = "ipsec-lens-explain";

/**
 * "IPsec Lens: Explain Capture": asks the server to explain the capture in the active editor and
 * opens the text beside it in a read-only document (a virtual document of our own scheme, so the
 * explanation cannot be edited or saved by mistake).
 */
export function registerExplainCapture(
  context: vscode.ExtensionContext,
  client: LanguageClient,
): void {
  const texts = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? "",
    }),
    vscode.commands.registerCommand(EXPLAIN_CAPTURE_COMMAND, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== "cisco-ios-log") {
        void vscode.window.showInformationMessage(
          "IPsec Lens: open a capture (Cisco IOS Log) to explain it.",
        );
        return;
      }
      const source = editor.document.uri;
      const result = await client.sendRequest<{ text: string }>(
        EXPLAIN_CAPTURE_REQUEST,
        { uri: source.toString() },
      );
      const name = source.path.split("/").pop() ?? "capture";
      const uri = vscode.Uri.from({
        scheme: SCHEME,
        path: `/${name} (explained).txt`,
        query: source.toString(),
      });
      texts.set(uri.toString(), result.text);
      changed.fire(uri);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, {
        viewColumn: vscode.ViewColumn.Beside,
        preview: true,
      });
    }),
  );
}
