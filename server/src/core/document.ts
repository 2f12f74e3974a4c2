import type { Position, Range } from "./text/position";

/** The two languages IPsec Lens serves. */
export type LanguageId = "cisco-ios" | "cisco-ios-log";

/** A document as the core sees it: text and identity, no editor objects. */
export interface SourceDocument {
  uri: string;
  languageId: LanguageId;
  text: string;
  version?: number;
  /** Size in bytes when known (the CLI reads only the head of an oversized file); else the text's length. */
  size?: number;
}

/** Settings that change what the analysis says (not how the editor shows it). */
export interface AnalysisSettings {
  /** Print keys and passwords in messages and hovers instead of masking them. */
  revealSecrets: boolean;
  /** Files larger than this many bytes are not analysed. */
  maxFileSize: number;
  /** Days before its end date from which a certificate IKE uses is reported (0: never). */
  certificateExpiryDays: number;
}

/** The defaults of AnalysisSettings; the manifest's configuration must agree (a test checks). */
export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  revealSecrets: false,
  maxFileSize: 50 * 1024 * 1024,
  certificateExpiryDays: 30,
};

/** Markdown shown on hover, with the range it explains. */
export interface HoverResult {
  markdown: string;
  range: Range;
}

/** Kinds of outline entries; the LSP layer maps them to its numbers. */
export type SymbolKindName =
  | "file"
  | "module"
  | "namespace"
  | "class"
  | "method"
  | "property"
  | "field"
  | "interface"
  | "function"
  | "variable"
  | "constant"
  | "string"
  | "number"
  | "key"
  | "event"
  | "struct"
  | "object"
  | "array"
  | "enumMember"
  | "operator";

/** One entry of the outline. */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  range: Range;
  selectionRange: Range;
  children?: OutlineSymbol[];
}

/** A short note shown in place (inlay hint at the end of a line, or a code lens above it). */
export interface Annotation {
  position: Position;
  label: string;
  tooltip?: string;
  /** "inlay" sits at the position; "lens" sits above the line. */
  placement: "inlay" | "lens";
}

/** A foldable block of lines. */
export interface FoldingBlock {
  startLine: number;
  endLine: number;
  /** "comment" for blocks of `!` comment lines, so editors can fold them apart. */
  kind?: "comment";
}
