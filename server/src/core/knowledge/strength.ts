/**
 * How strong a cryptographic choice is, on one scale shared by the hover tables. The words follow
 * current guidance (NIST SP 800-131A, RFC 8221 and RFC 8247): what is broken must go now, what is
 * weak should go at the next change window.
 */

/** A strength grade. */
export type Strength =
  "broken" | "weak" | "legacy" | "acceptable" | "strong" | "none";

/** What each grade tells an engineer, as hovers print it. */
export const STRENGTH_LABELS: Readonly<Record<Strength, string>> = {
  broken: "broken: replace it",
  weak: "weak: plan to replace it",
  legacy: "legacy: works, but not for new tunnels",
  acceptable: "acceptable",
  strong: "strong",
  none: "gives no protection of this kind",
};
