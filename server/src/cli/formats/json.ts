import { pathOfUri, type FileResult } from "../analyze";
import type { Range } from "../../core/text/position";

/** One finding in the CLI's JSON output; positions are 0-based as in LSP. */
export interface JsonFinding {
  file: string;
  range: Range;
  severity: "error" | "warning" | "information" | "hint";
  code: string;
  message: string;
  fixes: {
    title: string;
    edits: { file: string; range: Range; newText: string }[];
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
      fixes: (f.fixes ?? []).map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({
          file: pathOfUri(results, e.uri, file),
          range: e.range,
          newText: e.newText,
        })),
      })),
    })),
  );
}

/** The JSON output, pretty-printed. */
export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(toJsonFindings(results), null, 2) + "\n";
}
