import type { Range } from "../text/position";
import type { Code } from "./catalog";
import type { Severity } from "./severity";

/** A text edit in a document; `uri` is absent when the edit applies to the document the finding is on. */
export interface TextEdit {
  uri?: string;
  range: Range;
  newText: string;
}

/** A quick fix: edits that produce valid IOS text, plus the same change as commands for a router console. */
export interface Fix {
  /** What the user sees in the light-bulb menu. */
  title: string;
  /** The edits; empty when the fix only offers console commands (a capture without its config). */
  edits: TextEdit[];
  /** True when this fix is clearly the right one. */
  isPreferred?: boolean;
  /** True when newText holds snippet placeholders such as ${1:key}. */
  snippet?: boolean;
  /** The IOS commands to paste at the console, without `configure terminal` / `end` (added when copied). */
  cli?: string[];
}

/** Another place that takes part in a finding (the peer's line, the route that leaves elsewhere...). */
export interface RelatedInfo {
  /** Absent when the place is in the same document. */
  uri?: string;
  range: Range;
  message: string;
}

/** One problem found by the analysis, as plain data. */
export interface Finding {
  code: Code;
  /** Where a person would edit. */
  range: Range;
  message: string;
  /** Overrides the catalogue's default severity for this one finding, when the facts call for it. */
  severity?: Severity;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

/**
 * Gives `finding` fixes that are built when first read. A big config has hundreds of findings
 * whose fixes nobody asks for until a light bulb is opened; building them on every edit was a
 * fifth of a check family's time. The builder reads the model of this version, so the fixes must
 * be read (as code actions and the CLI do) while that model is the document's current one.
 */
export function withLazyFixes(
  finding: Omit<Finding, "fixes">,
  build: () => Fix[],
): Finding {
  let fixes: Fix[] | undefined;
  return Object.defineProperty(finding, "fixes", {
    get: () => (fixes ??= build()),
    enumerable: true,
    configurable: true,
  }) as Finding;
}

/** A copy of a finding that keeps fixes not built yet unbuilt (a spread would build them). */
export function copyFinding<T extends Finding>(
  finding: Finding,
  changes: Omit<T, keyof Finding> & Partial<Finding>,
): T {
  const lazy = Object.getOwnPropertyDescriptor(finding, "fixes")?.get;
  if (!lazy || "fixes" in changes) {
    return { ...finding, ...changes } as T;
  }
  // Plain property copies around the getter: copying through property descriptors cost ~4 us a
  // finding, the most of resolving the severities of a big config's thousand findings.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(finding)) {
    if (key !== "fixes") {
      copy[key] = finding[key as keyof Finding];
    }
  }
  Object.defineProperty(copy, "fixes", {
    get: lazy,
    enumerable: true,
    configurable: true,
  });
  return Object.assign(copy, changes) as T;
}

/** A `<label>` the console commands hold where the user must write a value (`<key>`). */
const CLI_PLACEHOLDER = /<[^<>\s][^<>]*>/;

/**
 * Wraps commands as a paste-ready console session. When they hold placeholders (`<key>`), a
 * comment line first says to replace them: IOS would take `<key>` as the key itself.
 */
export function cliBlock(commands: readonly string[]): string {
  const warning = commands.some((c) => CLI_PLACEHOLDER.test(c))
    ? ["! Replace every <...> placeholder below before pasting"]
    : [];
  return [...warning, "configure terminal", ...commands, "end"].join("\n");
}
