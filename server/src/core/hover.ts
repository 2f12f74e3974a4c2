import type { AnalysisSettings, HoverResult } from "./document";
import { captureHover } from "./hover/captureHover";
import { configHover } from "./hover/configHover";
import type { ParsedDocument } from "./languageService";
import type { Position } from "./text/position";

/** The hover at a position: what the token under the cursor means. Null where there is nothing to say. */
export function hover(
  parsed: ParsedDocument,
  position: Position,
  settings: AnalysisSettings,
): HoverResult | null {
  switch (parsed.kind) {
    case "config":
      return configHover(parsed.model, position, settings);
    case "capture":
      return captureHover(parsed.model, position, settings);
    case "skipped":
      return null;
  }
}
