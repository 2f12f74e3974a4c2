import type { CaptureModel } from "../../capture/model";
import type { ShowBlock } from "../../capture/show/types";
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

/** The block of `kind` printed by the same router nearest to `near` (before it first). */
export function nearestBlock(
  model: CaptureModel,
  near: ShowBlock,
  kind: ShowBlock["kind"],
): ShowBlock | undefined {
  let best: ShowBlock | undefined;
  for (const block of model.shows) {
    if (block.kind !== kind || block.router !== near.router || !block.data) {
      continue;
    }
    const distance = Math.abs(block.startLine - near.startLine);
    if (!best || distance < Math.abs(best.startLine - near.startLine)) {
      best = block;
    }
  }
  return best;
}
