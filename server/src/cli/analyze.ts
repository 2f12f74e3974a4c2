import type { WorkspaceView } from "../core/checks/check";
import type {
  ResolvedFinding,
  SeverityOverrides,
} from "../core/diagnostics/severityOverrides";
import type { AnalysisSettings } from "../core/document";
import { maskFinding, secretValues } from "../core/diagnostics/secretMasking";
import {
  parseDocument,
  validate,
  type ParsedDocument,
} from "../core/languageService";
import { snippetToCli } from "../core/fixes/snippets";
import type { InputFile } from "./files";

/** The findings of one file. */
export interface FileResult {
  file: InputFile;
  parsed: ParsedDocument;
  findings: ResolvedFinding[];
}

/**
 * Analyses files together: the configs among them form the workspace, so peers given on one
 * command line are checked against each other as they would be in the editor. Certificates are
 * judged at `now` (none without it).
 */
export function analyseFiles(
  files: readonly InputFile[],
  settings: AnalysisSettings,
  overrides: SeverityOverrides,
  onError: (message: string) => void,
  now?: number,
): FileResult[] {
  const parsed = files.map((file) =>
    parseDocument(
      {
        uri: file.uri,
        languageId: file.languageId,
        text: file.text,
        size: file.size,
      },
      settings,
    ),
  );
  const workspace: WorkspaceView = {
    configs: parsed.flatMap((p) =>
      p.kind === "config" ? [{ uri: p.uri, model: p.model }] : [],
    ),
    now,
  };
  const secrets = settings.revealSecrets
    ? new Set<string>()
    : secretValues(workspace.configs.map((c) => c.model));
  return files.map((file, i) => ({
    file,
    parsed: parsed[i]!,
    findings: validate(
      parsed[i]!,
      { settings, overrides, workspace, now },
      (family, error) =>
        onError(`check ${family} failed on ${file.path}: ${String(error)}`),
    )
      .map((f) => plainText(maskFinding(f, secrets)))
      .sort(
        (a, b) =>
          a.range.start.line - b.range.start.line ||
          a.range.start.character - b.range.start.character,
      ),
  }));
}

/**
 * The CLI's outputs are applied by tools that know no snippets: a placeholder such as ${1:key}
 * becomes `<key>`, plainly something to replace.
 */
function plainText(finding: ResolvedFinding): ResolvedFinding {
  if (!finding.fixes?.some((fix) => fix.snippet)) {
    return finding;
  }
  return {
    ...finding,
    fixes: finding.fixes.map((fix) =>
      fix.snippet
        ? {
            ...fix,
            snippet: false,
            edits: fix.edits.map((e) => ({
              ...e,
              newText: snippetToCli(e.newText),
            })),
          }
        : fix,
    ),
  };
}

/** Maps a URI of a finding's edit or related place back to the path the user gave. */
export function pathOfUri(
  results: readonly FileResult[],
  uri: string | undefined,
  fallback: InputFile,
): string {
  if (!uri) {
    return fallback.path;
  }
  return results.find((r) => r.file.uri === uri)?.file.path ?? uri;
}
