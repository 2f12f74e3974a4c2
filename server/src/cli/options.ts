import * as fs from "node:fs";
import {
  parseSeverityOverrides,
  type SeverityOverrides,
} from "../core/diagnostics/severityOverrides";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type AnalysisSettings,
} from "../core/document";
import { UsageError } from "./io";
import { expiryDays } from "../core/settings";

/** Options shared by the commands that analyse files. */
export interface AnalysisOptions {
  settings: AnalysisSettings;
  overrides: SeverityOverrides;
}

/**
 * Reads `--config FILE`: a JSON object with the same severity map as the editor setting, either
 * bare ({"weak-crypto": "off"}) or as settings ({"ipsecLens.diagnostics.severity": {...}}).
 */
export function readConfigFile(
  file: string | undefined,
  revealSecrets: boolean,
  maxFileSize?: number,
): AnalysisOptions {
  const settings: AnalysisSettings = {
    ...DEFAULT_ANALYSIS_SETTINGS,
    revealSecrets,
    maxFileSize: maxFileSize ?? DEFAULT_ANALYSIS_SETTINGS.maxFileSize,
  };
  if (!file) {
    return { settings, overrides: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(
      `cannot read --config ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const object = raw as Record<string, unknown> | null;
  // A VS Code settings file (keys `ipsecLens.*`), or the severity map alone.
  const isSettings =
    object !== null &&
    typeof object === "object" &&
    Object.keys(object).some((k) => k.startsWith("ipsecLens."));
  const severity = isSettings
    ? (object["ipsecLens.diagnostics.severity"] ?? {})
    : raw;
  const { overrides, problems } = parseSeverityOverrides(severity);
  // A settings file may also set the certificate expiry window, as the editor's settings do.
  const days =
    object && typeof object === "object"
      ? object["ipsecLens.certificates.expiryWarningDays"]
      : undefined;
  if (days !== undefined) {
    const valid = expiryDays(days);
    if (valid === undefined) {
      problems.push(
        "ipsecLens.certificates.expiryWarningDays takes a number of days from 0",
      );
    } else {
      settings.certificateExpiryDays = valid;
    }
  }
  if (problems.length) {
    throw new UsageError(`--config ${file}: ${problems.join("; ")}`);
  }
  if (
    object &&
    typeof object === "object" &&
    object["ipsecLens.revealSecrets"] === true
  ) {
    settings.revealSecrets = true;
  }
  return { settings, overrides };
}

/**
 * The time `--now` names (certificates are judged at it: a reproducible pipeline, or "what will
 * have expired by then"), else the clock's.
 */
export function nowOption(value: string | undefined): number {
  if (value === undefined) {
    return Date.now();
  }
  const now = Date.parse(value);
  if (Number.isNaN(now)) {
    throw new UsageError(
      `--now takes a date such as 2027-01-31 or 2027-01-31T12:00:00Z, not "${value}"`,
    );
  }
  return now;
}
