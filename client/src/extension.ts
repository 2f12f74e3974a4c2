import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { COPY_AS_CLI_COMMAND } from "../../server/src/lsp/customMessages";
import { registerExplainCapture } from "./explainCapture";
import { registerLanguageDetection } from "./languageDetection";
import { registerShowTunnels } from "./showTunnels";

let client: LanguageClient | undefined;

/** Starts the language server and the client-side features (language switching, clipboard). */
export async function activate(
  context: vscode.ExtensionContext,
): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6009"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "cisco-ios", scheme: "file" },
      { language: "cisco-ios", scheme: "untitled" },
      { language: "cisco-ios-log", scheme: "file" },
      { language: "cisco-ios-log", scheme: "untitled" },
    ],
    synchronize: {
      configurationSection: ["ipsecLens", "files.exclude"],
      // The server indexes every config of the workspace, open or not, to pair peers.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*"),
    },
    initializationOptions: {
      settings: vscode.workspace.getConfiguration("ipsecLens"),
    },
  };
  client = new LanguageClient(
    "ipsecLens",
    "IPsec Lens",
    serverOptions,
    clientOptions,
  );

  context.subscriptions.push(
    vscode.commands.registerCommand(
      COPY_AS_CLI_COMMAND,
      async (text: string) => {
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(
          "IPsec Lens: the commands are on the clipboard, ready to paste at the router console.",
        );
      },
    ),
  );
  registerLanguageDetection(context);
  registerShowTunnels(context, client);
  registerExplainCapture(context, client);
  await client.start();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
