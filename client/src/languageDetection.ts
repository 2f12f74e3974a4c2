import * as vscode from "vscode";
import { detectLanguage, languageFromName } from "../../server/src/core/detect";

/** Languages we switch from: a file already in another specific language is left alone. */
const SWITCHABLE = new Set([
  "plaintext",
  "log",
  "properties",
  "ini",
  "cisco-ios",
  "cisco-ios-log",
]);

/**
 * Captures and configs are saved as .txt, .log or .cfg; when such a file opens, its first lines
 * decide the language if they are clear enough (setting ipsecLens.detectLanguage).
 */
export function registerLanguageDetection(
  context: vscode.ExtensionContext,
): void {
  const consider = (document: vscode.TextDocument): void => {
    if (
      !vscode.workspace
        .getConfiguration("ipsecLens")
        .get<boolean>("detectLanguage", true)
    ) {
      return;
    }
    if (document.uri.scheme !== "file" && document.uri.scheme !== "untitled") {
      return;
    }
    if (
      !SWITCHABLE.has(document.languageId) ||
      languageFromName(document.fileName)
    ) {
      return;
    }
    const head = document.getText(new vscode.Range(0, 0, 80, 0));
    const language = detectLanguage(document.fileName, head);
    if (language && language !== document.languageId) {
      void vscode.languages.setTextDocumentLanguage(document, language);
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  vscode.workspace.textDocuments.forEach(consider);
}
