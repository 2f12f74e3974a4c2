import type { ConfigModel, CryptoMap } from "../config/model";
import type { TextEdit } from "../diagnostics/finding";
import { replaceRange } from "./configEdits";

/**
 * Moving the entries of one crypto map into another. An interface holds a single crypto map, so
 * when the interface a map belongs on already carries another one, its entries must join that map
 * under free sequence numbers.
 */

/** Edits and console commands that renumber every entry of `from` into map `into`. */
export function mergeEntriesInto(
  model: ConfigModel,
  from: CryptoMap,
  into: string,
): { edits: TextEdit[]; cli: string[]; sequences: number[] } {
  const target = model.cryptoMaps.get(into);
  let next =
    Math.max(0, ...(target?.entries.map((e) => e.sequence) ?? [0])) + 10;
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  const sequences: number[] = [];
  for (const entry of from.entries) {
    const name = entry.node.words[2];
    const sequence = entry.node.words[3];
    if (!name || !sequence) {
      continue;
    }
    edits.push(
      replaceRange(
        { start: name.range.start, end: sequence.range.end },
        `${into} ${next}`,
      ),
    );
    const head = entry.node.text.trim().split(/\s+/);
    head.splice(2, 2, into, String(next));
    cli.push(`no crypto map ${from.name} ${entry.sequence}`);
    cli.push(head.join(" "));
    for (const child of entry.node.children) {
      cli.push(` ${child.text.trim()}`);
    }
    sequences.push(next);
    next += 10;
  }
  return { edits, cli, sequences };
}
