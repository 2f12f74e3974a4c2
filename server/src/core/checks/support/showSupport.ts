import type { CaptureModel } from "../../capture/model";
import type { AclShowEntry, ShowBlock } from "../../capture/show/types";
import { pushAt } from "../../collections/multiMap";
import { lineRange, type Range } from "../../text/position";

/** Helpers the show output check families share: where a finding goes, which output to read. */

/** The range of a whole line of the capture, without its indentation and trailing blanks. */
export function lineSpan(model: CaptureModel, line: number): Range {
  const raw = model.lines[line] ?? "";
  return lineRange(
    line,
    raw.length - raw.trimStart().length,
    raw.trimEnd().length,
  );
}

/** Parsed show blocks by router and kind, in line order (once per model). */
const BLOCKS = new WeakMap<CaptureModel, Map<string, ShowBlock[]>>();

function blocksOf(
  model: CaptureModel,
  router: string | undefined,
  kind: ShowBlock["kind"],
): readonly ShowBlock[] {
  let index = BLOCKS.get(model);
  if (!index) {
    index = new Map();
    for (const block of model.shows) {
      if (!block.data) {
        continue;
      }
      const key = `${block.router ?? ""}\n${block.kind}`;
      pushAt(index, key, block);
    }
    BLOCKS.set(model, index);
  }
  return index.get(`${router ?? ""}\n${kind}`) ?? [];
}

/**
 * The parsed block of `kind` printed by the same router nearest to `near` (the earlier one on a
 * tie). A binary search over that router's blocks of the kind: a capture of thousands of show
 * outputs must not cost a scan of all of them per output.
 */
export function nearestBlock(
  model: CaptureModel,
  near: ShowBlock,
  kind: ShowBlock["kind"],
): ShowBlock | undefined {
  return nearestIn(blocksOf(model, near.router, kind), near);
}

/** The block of `blocks` (in line order) nearest to `near`, the earlier one on a tie. */
export function nearestIn(
  blocks: readonly ShowBlock[],
  near: ShowBlock,
): ShowBlock | undefined {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocks[mid]!.startLine < near.startLine) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const before = blocks[low - 1];
  const after = blocks[low];
  if (!before || !after) {
    return before ?? after;
  }
  return near.startLine - before.startLine <= after.startLine - near.startLine
    ? before
    : after;
}

/** The first items joined with commas, and how many more there are: messages stay readable. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * The sequence number a new entry takes to go just before an entry of `show ip access-lists`:
 * one less than its own, or, when the output prints none (older releases), one between the
 * numbers IOS gives by default (10, 20...) to it and the entry before.
 */
export function sequenceBefore(entry: AclShowEntry, index: number): number {
  const sequence =
    entry.sequence !== undefined ? entry.sequence - 1 : (index + 1) * 10 - 5;
  return Math.max(1, sequence);
}
