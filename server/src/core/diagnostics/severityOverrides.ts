import { CATALOG, isCode, type Code } from "./catalog";
import { copyFinding, type Finding } from "./finding";
import {
  isSeveritySetting,
  type Severity,
  type SeveritySetting,
} from "./severity";

/** The user's `ipsecLens.diagnostics.severity` object, already validated. */
export type SeverityOverrides = Partial<Record<Code, SeveritySetting>>;

/** A finding with its final severity, ready for a translator (LSP or CLI). */
export interface ResolvedFinding extends Finding {
  severity: Severity;
}

/**
 * Reads a severity object from settings or a CLI config file. Unknown codes and bad values are
 * reported rather than thrown, so one typo does not disable the whole setting.
 */
export function parseSeverityOverrides(value: unknown): {
  overrides: SeverityOverrides;
  problems: string[];
} {
  const overrides: SeverityOverrides = {};
  const problems: string[] = [];
  if (value === undefined || value === null) {
    return { overrides, problems };
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push(
      "the severity setting must be an object mapping codes to error|warning|information|hint|off",
    );
    return { overrides, problems };
  }
  for (const [key, setting] of Object.entries(
    value as Record<string, unknown>,
  )) {
    if (!isCode(key)) {
      problems.push(`unknown diagnostic code "${key}"`);
    } else if (!isSeveritySetting(setting)) {
      problems.push(
        `"${key}": "${String(setting)}" is not one of error, warning, information, hint, off`,
      );
    } else {
      overrides[key] = setting;
    }
  }
  return { overrides, problems };
}

/** Applies defaults and the user's overrides; findings turned off are dropped. */
export function resolveSeverities(
  findings: readonly Finding[],
  overrides: SeverityOverrides,
): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const f of findings) {
    const setting = overrides[f.code];
    if (setting === "off") {
      continue;
    }
    out.push(
      copyFinding<ResolvedFinding>(f, {
        severity: setting ?? f.severity ?? CATALOG[f.code].severity,
      }),
    );
  }
  return out;
}
