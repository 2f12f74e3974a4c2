import type { TextDocument } from "vscode-languageserver-textdocument";
import { parseDocument, type ParsedDocument } from "../core/languageService";
import type { AnalysisSettings, LanguageId } from "../core/document";

/**
 * Parses each document once per version, as VS Code's language model cache does: hover, symbols
 * and diagnostics of the same version share one parse. Entries are dropped when documents close.
 */
export class ModelCache {
  private readonly entries = new Map<
    string,
    { version: number; languageId: string; parsed: ParsedDocument }
  >();

  constructor(private readonly settings: () => AnalysisSettings) {}

  /** The parsed model of the document's current version. */
  get(document: TextDocument): ParsedDocument {
    const cached = this.entries.get(document.uri);
    if (
      cached &&
      cached.version === document.version &&
      cached.languageId === document.languageId
    ) {
      return cached.parsed;
    }
    // Let go of the old version first, so the collector may reclaim it (about 200 MB for a 50 MB
    // capture) while its successor is built. A config's old model is handed over instead: only the
    // sections an edit touched are read again (the old model is not used afterwards).
    this.entries.delete(document.uri);
    const previous =
      cached?.languageId === document.languageId &&
      cached.parsed.kind === "config"
        ? cached.parsed
        : undefined;
    const parsed = parseDocument(
      {
        uri: document.uri,
        languageId: document.languageId as LanguageId,
        text: document.getText(),
        version: document.version,
      },
      this.settings(),
      previous,
    );
    this.entries.set(document.uri, {
      version: document.version,
      languageId: document.languageId,
      parsed,
    });
    return parsed;
  }

  /** Forgets a document. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets everything (settings that change parsing, such as the size limit, changed). */
  clear(): void {
    this.entries.clear();
  }
}
