import { parseCapture } from "./capture/parser";
import type { CaptureModel } from "./capture/model";
import { findingsAsLogged, hasShiftedLines } from "./capture/outputColumns";
import { markResolved } from "./capture/resolution";
import type { WorkspaceView } from "./checks/check";
import { capturedConfigs } from "./capture/runningConfigs";
import { inCaptureTerms } from "./checks/capturedConfigChecks";
import { CAPTURE_CHECKS, CONFIG_CHECKS, PEER_CHECKS } from "./checks/index";
import {
  unsupportedCapture,
  unsupportedPlatform,
} from "./checks/platformChecks";
import { parseConfig } from "./config/parser";
import type { ConfigModel } from "./config/model";
import type { Finding } from "./diagnostics/finding";
import {
  resolveSeverities,
  type ResolvedFinding,
  type SeverityOverrides,
} from "./diagnostics/severityOverrides";
import type { AnalysisSettings, SourceDocument } from "./document";
import { looksBinary } from "./text/lines";
import { lineRange } from "./text/position";

/**
 * The facade of the analysis core: text in, plain data out. The LSP server and the CLI are thin
 * translators over these functions; nothing here knows about either.
 */

/** A parsed document: a config, a capture, or a file that was not analysed (with the reason). */
export type ParsedDocument =
  | { kind: "config"; uri: string; model: ConfigModel }
  | { kind: "capture"; uri: string; model: CaptureModel }
  | { kind: "skipped"; uri: string; finding: Finding };

/**
 * Parses a document by its language; never throws. Too large or binary input is skipped with a reason.
 * `previous`, the parse of the same document's previous version, lets a config be re-read only
 * where it changed; it must not be used afterwards.
 */
export function parseDocument(
  doc: SourceDocument,
  settings: AnalysisSettings,
  previous?: ParsedDocument,
): ParsedDocument {
  const size = doc.size ?? doc.text.length;
  if (size > settings.maxFileSize) {
    return {
      kind: "skipped",
      uri: doc.uri,
      finding: {
        code: "file-too-large",
        range: lineRange(0, 0, 0),
        message: `This file has ${formatSize(size)}, over the ${formatSize(settings.maxFileSize)} limit (setting ipsecLens.maxFileSize), so IPsec Lens did not analyse it.`,
      },
    };
  }
  if (looksBinary(doc.text)) {
    return {
      kind: "skipped",
      uri: doc.uri,
      finding: {
        code: "binary-content",
        range: lineRange(0, 0, 0),
        message:
          "This file holds binary data (NUL or control bytes), so IPsec Lens did not analyse it as IOS text.",
      },
    };
  }
  if (doc.languageId === "cisco-ios-log") {
    return { kind: "capture", uri: doc.uri, model: parseCapture(doc.text) };
  }
  return {
    kind: "config",
    uri: doc.uri,
    model: parseConfig(
      doc.text,
      previous?.kind === "config" ? previous.model : undefined,
    ),
  };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

/** Options of one validation run. */
export interface ValidateOptions {
  settings: AnalysisSettings;
  overrides: SeverityOverrides;
  /** The workspace's configs, for peer checks; absent when only this document is known. */
  workspace?: WorkspaceView;
  /** The time certificates are judged at (see CheckContext.now). */
  now?: number;
}

/**
 * Runs every check family on the document. A family that throws is reported and skipped so the
 * others still speak; `onError` lets the caller log it.
 */
export function validate(
  parsed: ParsedDocument,
  options: ValidateOptions,
  onError: (family: string, error: unknown) => void = () => undefined,
): ResolvedFinding[] {
  const findings: Finding[] = [];
  const ctx = {
    uri: parsed.uri,
    settings: options.settings,
    workspace: options.workspace,
    now: options.now,
  };
  const run = (family: string, body: () => Finding[]): void => {
    try {
      findings.push(...body());
    } catch (error) {
      onError(family, error);
    }
  };
  if (parsed.kind === "skipped") {
    findings.push(parsed.finding);
  } else if (parsed.kind === "config") {
    const foreign = unsupportedPlatform(parsed.model);
    if (foreign) {
      return resolveSeverities([foreign], options.overrides);
    }
    for (const check of CONFIG_CHECKS) {
      run(check.id, () => check.run(parsed.model, ctx));
    }
    if (options.workspace) {
      const self = { uri: parsed.uri, model: parsed.model };
      for (const check of PEER_CHECKS) {
        run(check.id, () => check.run(self, options.workspace!, ctx));
      }
    }
  } else {
    for (const check of CAPTURE_CHECKS) {
      run(check.id, () => check.run(parsed.model, ctx));
    }
    // A failure the capture shows overcome later is history, not the verdict.
    let local: Finding[] = markResolved(parsed.model, findings);
    if (capturedConfigs(parsed.model).length) {
      local = inCaptureTerms(local, parsed.uri);
    }
    const foreign = unsupportedCapture(parsed.model);
    if (foreign) {
      const shows = parsed.model.lineShow;
      local = [
        foreign.finding,
        ...local.filter(
          (f) => !foreign.blocks.has(shows[f.range.start.line] ?? -1),
        ),
      ];
    }
    if (hasShiftedLines(parsed.model)) {
      local = findingsAsLogged(parsed.model, parsed.uri, local);
    }
    return resolveSeverities(local, options.overrides);
  }
  return resolveSeverities(findings, options.overrides);
}
