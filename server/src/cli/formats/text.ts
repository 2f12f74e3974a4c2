import { type FileResult } from "../analyze";

/** `file:line:col: severity code: message`, one finding a line, 1-based as editors and grep expect. */
export function formatText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const { file, findings } of results) {
    for (const f of findings) {
      lines.push(
        `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`,
      );
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** The closing summary line of the text format. */
export function summaryLine(results: readonly FileResult[]): string {
  const count = (s: string): number =>
    results.reduce(
      (n, r) => n + r.findings.filter((f) => f.severity === s).length,
      0,
    );
  return `${results.length} file(s) checked: ${count("error")} error(s), ${count("warning")} warning(s), ${count("information") + count("hint")} note(s)`;
}
