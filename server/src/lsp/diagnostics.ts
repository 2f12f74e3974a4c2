import type { Connection, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { validate } from "../core/languageService";
import type { ResolvedFinding } from "../core/diagnostics/severityOverrides";
import type { WorkspaceView } from "../core/checks/check";
import type { ServerSettings } from "../core/settings";
import { toDiagnostic } from "./convert";
import type { ModelCache } from "./modelCache";

/** Milliseconds to wait after a change made while typing (within a burst) before analysing. */
export const DIAGNOSTICS_DELAY_MS = 150;

/**
 * Milliseconds to wait after the first change of a burst: just long enough to gather siblings
 * already on their way (VS Code sends every keystroke as its own notification).
 */
export const FIRST_CHANGE_DELAY_MS = 10;

/** A change this long after the document's previous one starts a new burst. */
export const BURST_GAP_MS = 400;

/**
 * Push diagnostics, debounced per document, with a staleness check: a result computed for an old
 * version is dropped, and every publication carries the version it describes (VS Code's JSON
 * server does the same). The findings of the last run are kept for code actions.
 *
 * The debounce is short for the first change after a pause and longer while changes keep coming:
 * a single edit in a 100,000-line config is answered within the analysis time plus 10 ms, and a
 * person typing still gets one analysis per pause rather than one per keystroke (on a big file an
 * analysis per keystroke would keep the server busy and delay hovers).
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document was last scheduled, to tell a new burst of changes from typing. */
  private readonly lastScheduled = new Map<string, number>();
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

  /** Schedules an analysis of the document: after `delay`, or after the debounce for where the burst stands. */
  schedule(document: TextDocument, delay?: number): void {
    const uri = document.uri;
    const now = Date.now();
    const previous = this.lastScheduled.get(uri);
    this.lastScheduled.set(uri, now);
    delay ??=
      previous === undefined || now - previous > BURST_GAP_MS
        ? FIRST_CHANGE_DELAY_MS
        : DIAGNOSTICS_DELAY_MS;
    // A scheduled run analyses afresh even at the same version: settings or a peer may have changed.
    this.results.delete(uri);
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
    this.lastScheduled.delete(uri);
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
        now: Date.now(),
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
