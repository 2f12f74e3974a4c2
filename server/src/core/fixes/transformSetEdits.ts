import type { Transform, TransformSet } from "../config/model";
import type { Fix, TextEdit } from "../diagnostics/finding";
import type { Range } from "../text/position";
import { replaceRange } from "./configEdits";

/** The set's command as the CLI takes it, with the text at a range of its line replaced. */
export function setLineWith(
  set: TransformSet,
  range: Range,
  text: string,
): string {
  const line = set.node.text;
  return (
    line.slice(set.node.indent, range.start.character) +
    text +
    line.slice(range.end.character)
  ).trimEnd();
}

/** The edit that removes one transform (with the spaces before it) and the command it leaves. */
export function dropTransform(
  set: TransformSet,
  transform: Transform,
): { edit: TextEdit; line: string } {
  const line = set.node.text;
  let from = transform.range.start.character;
  while (from > 0 && line[from - 1] === " ") {
    from--;
  }
  const cut = {
    start: { line: transform.range.start.line, character: from },
    end: transform.range.end,
  };
  return { edit: replaceRange(cut, ""), line: setLineWith(set, cut, "") };
}

/**
 * The fix for an AH transform whose packets cross NAT: ESP authentication protects the payload,
 * not the outer addresses, so it survives the translation AH does not. A set that already
 * authenticates with ESP loses its AH transform; any other (AH beside ESP encryption, or AH
 * alone) takes the ESP transform of the same hash (`ah-sha-hmac` → `esp-sha-hmac`; IOS accepts a
 * set of one ESP authentication transform). The peer's set must change the same way, which the
 * title says: its own finding carries its own fix.
 */
export function espInsteadOfAh(set: TransformSet, ah: Transform): Fix {
  const hasEspAuth = set.transforms.some((t) =>
    /^esp-.*(hmac|mac)$/.test(t.name),
  );
  if (hasEspAuth) {
    const drop = dropTransform(set, ah);
    return {
      title: `Drop ${ah.name} from transform set ${set.name}: ESP already authenticates (change the peer to match)`,
      edits: [drop.edit],
      cli: [drop.line],
    };
  }
  const replacement = espOf(ah);
  return {
    title: `Use ${replacement} instead of ${ah.name} (change the peer to match)`,
    edits: [replaceRange(ah.range, replacement)],
    cli: [setLineWith(set, ah.range, replacement)],
  };
}

/** The ESP authentication transform of an AH transform's hash (`ah-sha256-hmac` → `esp-sha256-hmac`). */
export function espOf(ah: Transform): string {
  return ah.name.replace(/^ah-/, "esp-");
}
