import type {
  ClientCapabilities,
  Connection,
  TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { WorkspaceView } from "../core/checks/check";
import type { ServerSettings } from "../core/settings";
import type { DiagnosticsPublisher } from "./diagnostics";
import type { ModelCache } from "./modelCache";

/** What every capability handler needs; handlers register themselves against it. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: ModelCache;
  diagnostics: DiagnosticsPublisher;
  settings(): ServerSettings;
  log(message: string): void;
  /** What the client said it supports at initialize (snippet edits, markdown...). */
  clientCapabilities(): ClientCapabilities;
  /** Every Cisco IOS config of the workspace (open documents and indexed files), for peer analysis. */
  workspace(): WorkspaceView;
  /** Resolves when the workspace index has read the folders and the file events received so far. */
  workspaceReady(): Promise<void>;
}
