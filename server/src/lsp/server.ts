import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { readSettings, type ServerSettings } from "../core/settings";
import type { ServerContext } from "./context";
import { DiagnosticsPublisher } from "./diagnostics";
import { registerCodeActions } from "./handlers/codeActions";
import { registerFolding } from "./handlers/folding";
import { registerHover } from "./handlers/hover";
import { registerSymbols } from "./handlers/symbols";
import { ModelCache } from "./modelCache";

/**
 * The language server: wires the connection, the documents and the handlers. It holds no analysis
 * of its own; everything it answers comes from the core.
 */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = readSettings(undefined);
  let canPullConfiguration = false;
  let clientCapabilities: ClientCapabilities = {};

  const log = (message: string): void => connection.console.error(message);
  const cache = new ModelCache(() => settings.analysis);
  const diagnostics = new DiagnosticsPublisher(
    connection,
    documents,
    cache,
    () => settings,
    () => undefined,
  );
  const ctx: ServerContext = {
    connection,
    documents,
    cache,
    diagnostics,
    settings: () => settings,
    log,
    clientCapabilities: () => clientCapabilities,
  };

  connection.onInitialize((params): InitializeResult => {
    clientCapabilities = params.capabilities;
    canPullConfiguration =
      params.capabilities.workspace?.configuration === true;
    const initial = params.initializationOptions as
      { settings?: unknown } | undefined;
    if (initial?.settings !== undefined) {
      settings = readSettings(initial.settings);
    }
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: "ipsec-lens" },
    };
  });

  const refreshSettings = async (): Promise<void> => {
    if (!canPullConfiguration) {
      return;
    }
    try {
      settings = readSettings(
        await connection.workspace.getConfiguration("ipsecLens"),
      );
    } catch (error) {
      log(`could not read settings: ${String(error)}`);
    }
    for (const problem of settings.problems) {
      log(`ipsecLens.diagnostics.severity: ${problem}`);
    }
    cache.clear();
    diagnostics.scheduleAll();
  };

  connection.onInitialized(() => {
    void refreshSettings();
  });
  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) {
      void refreshSettings();
    } else {
      settings = readSettings(
        (change.settings as { ipsecLens?: unknown } | undefined)?.ipsecLens,
      );
      cache.clear();
      diagnostics.scheduleAll();
    }
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document, 0));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    diagnostics.close(e.document.uri);
  });

  registerHover(ctx);
  registerCodeActions(ctx);
  registerSymbols(ctx);
  registerFolding(ctx);

  documents.listen(connection);
  connection.listen();
}
