import {
  DiagnosticSeverity,
  DiagnosticTag,
  SymbolKind,
  type Diagnostic,
  type DocumentSymbol,
} from "vscode-languageserver";
import { CATALOG, docsUrl, type CodeInfo } from "../core/diagnostics/catalog";
import type { ResolvedFinding } from "../core/diagnostics/severityOverrides";
import type { Severity } from "../core/diagnostics/severity";
import type { OutlineSymbol, SymbolKindName } from "../core/document";

/** Translation of core data into LSP types; nothing here decides anything. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The `source` of every diagnostic we publish. */
export const DIAGNOSTIC_SOURCE = "ipsec-lens";

/** A finding as an LSP diagnostic, with its docs link and related places. */
export function toDiagnostic(
  finding: ResolvedFinding,
  uri: string,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: docsUrl(finding.code) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  const info: CodeInfo = CATALOG[finding.code];
  if (info.unnecessary) {
    diagnostic.tags = [DiagnosticTag.Unnecessary];
  }
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.uri ?? uri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  file: SymbolKind.File,
  module: SymbolKind.Module,
  namespace: SymbolKind.Namespace,
  class: SymbolKind.Class,
  method: SymbolKind.Method,
  property: SymbolKind.Property,
  field: SymbolKind.Field,
  interface: SymbolKind.Interface,
  function: SymbolKind.Function,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  key: SymbolKind.Key,
  event: SymbolKind.Event,
  struct: SymbolKind.Struct,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  enumMember: SymbolKind.EnumMember,
  operator: SymbolKind.Operator,
};

/** An outline entry as an LSP document symbol. */
export function toDocumentSymbol(symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name || "?",
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    children: symbol.children?.map(toDocumentSymbol),
  };
}
