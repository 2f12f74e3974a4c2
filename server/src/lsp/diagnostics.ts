import type { Connection, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { validate } from "../core/languageService";
import type { ResolvedFinding } from "../core/diagnostics/severityOverrides";
import type { WorkspaceView } from "../core/checks/check";
import type { ServerSettings } from "../core/settings";
import { toDiagnostic } from "./convert";
import type { ModelCache } from "./modelCache";

/** Milliseconds to wait after the last change before analysing. */
export const DIAGNOSTICS_DELAY_MS = 150;

/**
 * Push diagnostics, debounced per document, with a staleness check: a result computed for an old
 * version is dropped, and every publication carries the version it describes (VS Code's JSON
 * server does the same). The findings of the last run are kept for code actions.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<
    string,
    { version: number; findings: ResolvedFinding[] }
  >();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: ModelCache,
    private readonly settings: () => ServerSettings,
    private readonly workspace: () => WorkspaceView | undefined,
  ) {}

  /** Schedules an analysis of the document after the debounce delay. */
  schedule(document: TextDocument, delay = DIAGNOSTICS_DELAY_MS): void {
    const uri = document.uri;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  /** Re-analyses every open document (settings or the workspace changed). */
  scheduleAll(): void {
    for (const document of this.documents.all()) {
      this.schedule(document);
    }
  }

  /** The findings of the document's current version, analysing now if needed. */
  findings(document: TextDocument): ResolvedFinding[] {
    const cached = this.results.get(document.uri);
    if (cached && cached.version === document.version) {
      return cached.findings;
    }
    return this.analyse(document);
  }

  /** Stops tracking a closed document and clears its diagnostics. */
  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.results.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private analyse(document: TextDocument): ResolvedFinding[] {
    const settings = this.settings();
    const findings = validate(
      this.cache.get(document),
      {
        settings: settings.analysis,
        overrides: settings.overrides,
        workspace: this.workspace(),
      },
      (family, error) =>
        this.connection.console.error(
          `check ${family} failed on ${document.uri}: ${String(error)}`,
        ),
    );
    this.results.set(document.uri, { version: document.version, findings });
    return findings;
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) {
      return;
    }
    const version = document.version;
    let findings: ResolvedFinding[];
    try {
      findings = this.findings(document);
    } catch (error) {
      this.connection.console.error(
        `analysis of ${uri} failed: ${String(error)}`,
      );
      return;
    }
    // The document may have changed while we worked; its own timer will publish the new version.
    if (this.documents.get(uri)?.version !== version) {
      return;
    }
    void this.connection.sendDiagnostics({
      uri,
      version,
      diagnostics: findings.map((f) => toDiagnostic(f, uri)),
    });
  }
}
