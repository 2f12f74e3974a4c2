import {
  CATALOG,
  CODES,
  docsUrl,
  DOCS_URL,
} from "../../core/diagnostics/catalog";
import type { Severity } from "../../core/diagnostics/severity";
import type { Range } from "../../core/text/position";
import { pathOfUri, type FileResult } from "../analyze";

/** SARIF levels of our severities. */
const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  information: "note",
  hint: "note",
};

/** SARIF regions are 1-based, with exclusive end columns. */
function region(range: Range): Record<string, number> {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Forward slashes, as SARIF consumers expect relative URIs to be written. */
function artifactUri(path: string): string {
  return path.replace(/\\/g, "/");
}

/** A SARIF 2.1.0 log for code-scanning tools. */
export function formatSarif(
  results: readonly FileResult[],
  version: string,
): string {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ipsec-lens",
            version,
            informationUri: DOCS_URL,
            rules: CODES.map((code) => ({
              id: code,
              shortDescription: { text: CATALOG[code].summary },
              helpUri: docsUrl(code),
              defaultConfiguration: { level: LEVEL[CATALOG[code].severity] },
            })),
          },
        },
        results: results.flatMap(({ file, findings }) =>
          findings.map((f) => ({
            ruleId: f.code,
            ruleIndex: CODES.indexOf(f.code),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(file.path) },
                  region: region(f.range),
                },
              },
            ],
            relatedLocations: (f.related ?? []).map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: {
                artifactLocation: {
                  uri: artifactUri(pathOfUri(results, r.uri, file)),
                },
                region: region(r.range),
              },
            })),
            fixes: (f.fixes ?? [])
              .filter((fix) => fix.edits.length)
              .map((fix) => ({
                description: { text: fix.title },
                artifactChanges: fix.edits.map((e) => ({
                  artifactLocation: {
                    uri: artifactUri(pathOfUri(results, e.uri, file)),
                  },
                  replacements: [
                    {
                      deletedRegion: region(e.range),
                      insertedContent: { text: e.newText },
                    },
                  ],
                })),
              })),
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
