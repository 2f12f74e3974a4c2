import type { TextDocument } from "vscode-languageserver-textdocument";
import { parseDocument, type ParsedDocument } from "../core/languageService";
import type { AnalysisSettings, LanguageId } from "../core/document";
import { collectGarbage } from "./memory";

/** A previous version this large (in characters) is collected before its successor is parsed. */
const COLLECT_AFTER_CHARS = 8 * 1024 * 1024;

/**
 * Parses each document once per version, as VS Code's language model cache does: hover, symbols
 * and diagnostics of the same version share one parse. Entries are dropped when documents close.
 */
export class ModelCache {
  private readonly entries = new Map<
    string,
    {
      version: number;
      languageId: string;
      parsed: ParsedDocument;
      size: number;
    }
  >();

  constructor(
    private readonly settings: () => AnalysisSettings,
    /** Runs a full garbage collection (replaced in tests). */
    private readonly collect: () => void = collectGarbage,
  ) {}

  /** The parsed model of the document's current version. */
  get(document: TextDocument): ParsedDocument {
    let cached = this.entries.get(document.uri);
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
    const collectFirst =
      cached?.parsed.kind === "capture" && cached.size >= COLLECT_AFTER_CHARS;
    // Nothing here may keep the old version alive through the collection below.
    cached = undefined;
    const text = document.getText();
    if (collectFirst) {
      // The edited text is old slices joined around the change until first read; reading it makes
      // it one string, so the old version's text is free to go in the same collection.
      text.indexOf("\n");
      this.collect();
    }
    const parsed = parseDocument(
      {
        uri: document.uri,
        languageId: document.languageId as LanguageId,
        text,
        version: document.version,
      },
      this.settings(),
      previous,
    );
    this.entries.set(document.uri, {
      version: document.version,
      languageId: document.languageId,
      parsed,
      size: text.length,
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
