import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  renderTunnelReportMarkdown,
  type TunnelReportView,
} from "../../server/src/core/peers/tunnelReport";
import {
  SHOW_TUNNELS_COMMAND,
  TUNNELS_REQUEST,
} from "../../server/src/lsp/customMessages";

/**
 * "IPsec Lens: Show Tunnels": asks the server for the tunnel report of the workspace and shows it
 * as a Markdown preview (or as a Markdown document when no preview is available), with links to
 * the config lines of each pair.
 */
export function registerShowTunnels(
  context: vscode.ExtensionContext,
  client: LanguageClient,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TUNNELS_COMMAND, async () => {
      const report = await client.sendRequest<TunnelReportView>(
        TUNNELS_REQUEST,
        {},
      );
      const markdown = renderTunnelReportMarkdown(
        report,
        (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)),
        (uri, line) =>
          vscode.Uri.parse(uri)
            .with({ fragment: `L${line}` })
            .toString(),
      );
      const document = await vscode.workspace.openTextDocument({
        language: "markdown",
        content: markdown,
      });
      try {
        await vscode.commands.executeCommand(
          "markdown.showPreview",
          document.uri,
        );
      } catch {
        await vscode.window.showTextDocument(document);
      }
    }),
  );
}
