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
import { registerAnnotations } from "./handlers/annotations";
import { registerCodeActions } from "./handlers/codeActions";
import { registerCodeLens } from "./handlers/codeLens";
import { registerCompletion } from "./handlers/completion";
import { registerDefinition } from "./handlers/definition";
import { registerExplainCapture } from "./handlers/explainCapture";
import { registerFolding } from "./handlers/folding";
import { registerHover } from "./handlers/hover";
import { registerReferences } from "./handlers/references";
import { registerRename } from "./handlers/rename";
import { registerSymbols } from "./handlers/symbols";
import { registerTunnels } from "./handlers/tunnels";
import { ModelCache } from "./modelCache";
import { WorkspaceIndexSession } from "./workspaceIndex";

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
  // A promise nobody awaited that fails (a request the client did not answer) is logged: Node's
  // default would end the process, and the editor would lose every feature until a restart.
  process.on("unhandledRejection", (reason) =>
    log(`unhandled rejection: ${String(reason)}`),
  );
  const cache = new ModelCache(() => settings.analysis);
  const diagnostics: DiagnosticsPublisher = new DiagnosticsPublisher(
    connection,
    documents,
    cache,
    () => settings,
    () => workspace.index.view(),
  );
  const workspace: WorkspaceIndexSession = new WorkspaceIndexSession(
    connection,
    documents,
    cache,
    () => settings,
    diagnostics,
    log,
  );
  const ctx: ServerContext = {
    connection,
    documents,
    cache,
    diagnostics,
    settings: () => settings,
    log,
    clientCapabilities: () => clientCapabilities,
    workspace: () => workspace.index.view(),
    workspaceReady: () => workspace.ready(),
  };

  connection.onInitialize((params): InitializeResult => {
    clientCapabilities = params.capabilities;
    workspace.initialize(params);
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
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [" "] },
        codeLensProvider: { resolveProvider: true },
        inlayHintProvider: true,
        // Folders added or removed while the server runs are indexed or dropped (workspaceIndex.ts).
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
        },
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
    workspace.followFolderChanges();
    void refreshSettings().then(() => workspace.refresh());
  });
  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) {
      void refreshSettings().then(() => workspace.refresh());
    } else {
      settings = readSettings(
        (change.settings as { ipsecLens?: unknown } | undefined)?.ipsecLens,
      );
      cache.clear();
      diagnostics.scheduleAll();
      void workspace.refresh();
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
  registerDefinition(ctx);
  registerReferences(ctx);
  registerRename(ctx);
  registerCompletion(ctx);
  registerCodeLens(ctx);
  registerTunnels(ctx);
  registerAnnotations(ctx);
  registerExplainCapture(ctx);

  documents.listen(connection);
  connection.listen();
}
