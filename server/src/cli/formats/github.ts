import { type FileResult } from "../analyze";
import type { Severity } from "../../core/diagnostics/severity";

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), one finding a line:
 * a workflow step that prints them gets each finding as an annotation on the file's line in the
 * pull request, with no upload step (SARIF needs code scanning). Lines and columns are 1-based.
 */
export function formatGithub(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const { file, findings } of results) {
    for (const f of findings) {
      const { start, end } = f.range;
      const properties = [
        `file=${property(file.path)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${property(`ipsec-lens ${f.code}`)}`,
      ].join(",");
      lines.push(`::${COMMAND[f.severity]} ${properties}::${data(f.message)}`);
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** The workflow command of each severity: GitHub has no level below `notice`. */
const COMMAND: Readonly<Record<Severity, string>> = {
  error: "error",
  warning: "warning",
  information: "notice",
  hint: "notice",
};

/** A message: `%`, CR and LF would end or corrupt the command. */
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: also `:` and `,`, which separate properties. */
function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
