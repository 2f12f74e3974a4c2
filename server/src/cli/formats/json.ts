import { pathOfUri, type FileResult } from "../analyze";
import type { Range } from "../../core/text/position";

/** One finding in the CLI's JSON output; positions are 0-based as in LSP. */
export interface JsonFinding {
  file: string;
  range: Range;
  severity: "error" | "warning" | "information" | "hint";
  code: string;
  message: string;
  /** The other places the finding names (the peer's line, the earlier entry...). */
  related: { file: string; range: Range; message: string }[];
  fixes: {
    title: string;
    edits: { file: string; range: Range; newText: string }[];
    /** The commands to type at the router's console for the same change, when known. */
    cli?: string[];
  }[];
}

/** The JSON array of every finding. */
export function toJsonFindings(results: readonly FileResult[]): JsonFinding[] {
  return results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file: file.path,
      range: f.range,
      severity: f.severity,
      code: f.code,
      message: f.message,
      related: (f.related ?? []).map((r) => ({
        file: pathOfUri(results, r.uri, file),
        range: r.range,
        message: r.message,
      })),
      fixes: (f.fixes ?? []).map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({
          file: pathOfUri(results, e.uri, file),
          range: e.range,
          newText: e.newText,
        })),
        ...(fix.cli ? { cli: fix.cli } : {}),
      })),
    })),
  );
}

/** The JSON output, pretty-printed. */
export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(toJsonFindings(results), null, 2) + "\n";
}
