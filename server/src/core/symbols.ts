import type { OutlineSymbol } from "./document";
import type { ParsedDocument } from "./languageService";
import { configOutline } from "./symbols/configSymbols";
import { captureOutline } from "./symbols/captureSymbols";

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
