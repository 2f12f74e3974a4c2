/**
 * Snippet text for fixes whose values the analysis cannot know (a key, a next hop). Editors show
 * `${1:key}` as a placeholder to type over; the console commands show it as `<key>`.
 */

const SNIPPET_SPECIAL = /[$}\\]/g;
// Each part stops at the character the next one needs, so matching never backtracks.
const PLACEHOLDER = /\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|}]*)(?:[,|][^}]*)?\}/g;

/** Escapes literal text for a snippet, so `$` in a config value is not read as a placeholder. */
export function escapeSnippet(text: string): string {
  return text.replace(SNIPPET_SPECIAL, (c) => `\\${c}`);
}

/** A placeholder: `${n:label}`. */
export function placeholder(index: number, label: string): string {
  return `\${${index}:${escapeSnippet(label).replace(/[,|]/g, "")}}`;
}

/** A choice among values: `${n|a,b|}` (the first when there is only one candidate). */
export function choice(
  index: number,
  values: readonly string[],
  label: string,
): string {
  if (values.length === 0) {
    return placeholder(index, label);
  }
  if (values.length === 1) {
    return placeholder(index, values[0]!);
  }
  const safe = values.map((v) => escapeSnippet(v).replace(/[,|]/g, ""));
  return `\${${index}|${safe.join(",")}|}`;
}

/** The console form of snippet text: placeholders become `<label>`, escapes are undone. */
export function snippetToCli(text: string): string {
  return text
    .replace(
      PLACEHOLDER,
      (_m, label: string | undefined, first: string | undefined) =>
        label !== undefined ? `<${label}>` : `<${first ?? "value"}>`,
    )
    .replace(/\\([$}\\])/g, "$1");
}

/**
 * True when a value is a placeholder as `snippetToCli` writes it (`<key>`): text a fix left for
 * the user to replace, which the analysis must not read as a real key.
 */
export function isCliPlaceholder(text: string): boolean {
  return /^<[^<>]+>$/.test(text);
}
