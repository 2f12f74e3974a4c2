/** How serious a finding is; the names are those of the CLI's JSON and of the settings. */
export type Severity = "error" | "warning" | "information" | "hint";

/** A severity setting: a severity, or "off" to drop the finding. */
export type SeveritySetting = Severity | "off";

/** Every severity name, most serious first. */
export const SEVERITIES: readonly Severity[] = [
  "error",
  "warning",
  "information",
  "hint",
];

/** True when the value names a severity or "off" (settings come from users and may be anything). */
export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return (
    value === "off" ||
    (typeof value === "string" &&
      (SEVERITIES as readonly string[]).includes(value))
  );
}
