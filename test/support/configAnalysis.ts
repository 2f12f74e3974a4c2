import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument, validate } from "../../server/src/core/languageService";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../server/src/core/document";
import type { ResolvedFinding } from "../../server/src/core/diagnostics/severityOverrides";
import type { Code } from "../../server/src/core/diagnostics/catalog";
import { REPO_ROOT } from "./paths";

/** The shared material beside the repository (`<repo>/../shared`), where CI copies it too. */
export const SHARED = path.resolve(REPO_ROOT, "..", "shared");

/** A config fixture of this repository. */
export function fixture(name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "configs", name),
    "utf8",
  );
}

/** A config of a peer-analysis fixture workspace (`test/fixtures/peers/<folder>/<name>`). */
export function peerFixture(folder: string, name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "peers", folder, name),
    "utf8",
  );
}

/**
 * Runs every config check on a config text, as the editor and the CLI do (no workspace peers);
 * certificates are judged at `now` when given.
 */
export function analyse(
  text: string,
  options: {
    revealSecrets?: boolean;
    now?: number;
    certificateExpiryDays?: number;
  } = {},
): ResolvedFinding[] {
  const settings = {
    ...DEFAULT_ANALYSIS_SETTINGS,
    revealSecrets: options.revealSecrets ?? false,
    certificateExpiryDays:
      options.certificateExpiryDays ??
      DEFAULT_ANALYSIS_SETTINGS.certificateExpiryDays,
  };
  const parsed = parseDocument(
    { uri: "file:///test.ios", languageId: "cisco-ios", text },
    settings,
  );
  return validate(
    parsed,
    { settings, overrides: {}, now: options.now },
    (family, error) => {
      throw new Error(`check family ${family} threw: ${String(error)}`);
    },
  );
}

/** The findings of some codes. */
export function findingsOf(
  findings: readonly ResolvedFinding[],
  ...codes: Code[]
): ResolvedFinding[] {
  return findings.filter((f) => codes.includes(f.code));
}

/** The text a range covers, on one line. */
export function textAt(
  text: string,
  range: {
    start: { line: number; character: number };
    end: { line: number; character: number };
  },
): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) {
    return lines[range.start.line]!.slice(
      range.start.character,
      range.end.character,
    );
  }
  return [
    lines[range.start.line]!.slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    lines[range.end.line]!.slice(0, range.end.character),
  ].join("\n");
}

/** Errors and warnings only: what must not appear on a correct config. */
export function serious(
  findings: readonly ResolvedFinding[],
): ResolvedFinding[] {
  return findings.filter(
    (f) => f.severity === "error" || f.severity === "warning",
  );
}

/**
 * A config with lines added at its end: before its closing `end` line when it has one, since IOS
 * reads nothing after `end`.
 */
export function appendConfig(text: string, more: string): string {
  const match = /^end[ \t]*(\r?\n)?\s*$/m.exec(text);
  if (!match) {
    return text + more;
  }
  const lines = more.endsWith("\n") ? more : `${more}\n`;
  return text.slice(0, match.index) + lines + text.slice(match.index);
}
