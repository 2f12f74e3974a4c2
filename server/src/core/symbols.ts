import type { OutlineSymbol } from "./document";
import type { ParsedDocument } from "./languageService";
import { configOutline } from "./symbols/configSymbols";
import { captureOutline, captureOutlineWithin } from "./symbols/captureSymbols";
import { limitOutline, type LimitedOutline } from "./symbols/limit";

export {
  countSymbols,
  limitOutline,
  type LimitedOutline,
} from "./symbols/limit";

/** The outline of a document. */
export function outline(parsed: ParsedDocument): OutlineSymbol[] {
  switch (parsed.kind) {
    case "config":
      return configOutline(parsed.model);
    case "capture":
      return captureOutline(parsed.model);
    case "skipped":
      return [];
  }
}

/**
 * The outline cut to `maxItems` symbols (see `limitOutline`), with the size of the whole one. A
 * capture's packets are built only where the cut keeps them (`captureOutlineWithin`).
 */
export function limitedOutline(
  parsed: ParsedDocument,
  maxItems: number,
): LimitedOutline {
  if (parsed.kind === "capture") {
    const { symbols, total } = captureOutlineWithin(parsed.model, maxItems);
    return { ...limitOutline(symbols, maxItems), total };
  }
  return limitOutline(outline(parsed), maxItems);
}
