import type { Transform, TransformSet } from "../config/model";
import type { Fix } from "../diagnostics/finding";
import { replaceRange } from "./configEdits";

/**
 * The fix for an AH transform whose packets cross NAT: ESP authentication protects the payload,
 * not the outer addresses, so it survives the translation AH does not. A set that already
 * authenticates with ESP loses its AH transform; any other (AH beside ESP encryption, or AH
 * alone) takes the ESP transform of the same hash (`ah-sha-hmac` → `esp-sha-hmac`; IOS accepts a
 * set of one ESP authentication transform). The peer's set must change the same way, which the
 * title says: its own finding carries its own fix.
 */
export function espInsteadOfAh(set: TransformSet, ah: Transform): Fix {
  const line = set.node.text;
  const hasEspAuth = set.transforms.some((t) =>
    /^esp-.*(hmac|mac)$/.test(t.name),
  );
  if (hasEspAuth) {
    // Remove the AH transform with the spaces before it.
    let from = ah.range.start.character;
    while (from > 0 && line[from - 1] === " ") {
      from--;
    }
    const cut = {
      start: { line: ah.range.start.line, character: from },
      end: ah.range.end,
    };
    const removed = (
      line.slice(set.node.indent, from) + line.slice(ah.range.end.character)
    ).trimEnd();
    return {
      title: `Drop ${ah.name} from transform set ${set.name}: ESP already authenticates (change the peer to match)`,
      edits: [replaceRange(cut, "")],
      cli: [removed],
    };
  }
  const replacement = espOf(ah);
  const newLine = (
    line.slice(set.node.indent, ah.range.start.character) +
    replacement +
    line.slice(ah.range.end.character)
  ).trimEnd();
  return {
    title: `Use ${replacement} instead of ${ah.name} (change the peer to match)`,
    edits: [replaceRange(ah.range, replacement)],
    cli: [newLine],
  };
}

/** The ESP authentication transform of an AH transform's hash (`ah-sha256-hmac` → `esp-sha256-hmac`). */
export function espOf(ah: Transform): string {
  return ah.name.replace(/^ah-/, "esp-");
}
