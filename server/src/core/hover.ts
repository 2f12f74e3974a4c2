import type { AnalysisSettings, HoverResult } from "./document";
import {
  escapeShift,
  loggedShift,
  toLoggedRange,
  toOutputPosition,
} from "./capture/outputColumns";
import { captureHover } from "./hover/captureHover";
import { configHover } from "./hover/configHover";
import type { ParsedDocument } from "./languageService";
import { ESCAPE_MARK, PAGER_MARK } from "./knowledge/showFields";
import { lineRange, type Position } from "./text/position";

/** The hover at a position: what the token under the cursor means (certificates judged at `now`). Null where there is nothing to say. */
export function hover(
  parsed: ParsedDocument,
  position: Position,
  settings: AnalysisSettings,
  now?: number,
): HoverResult | null {
  switch (parsed.kind) {
    case "config":
      return configHover(parsed.model, position, settings, now);
    case "capture": {
      // Show output is read without the pager's marks: its columns are mapped both ways.
      const model = parsed.model;
      const at = toOutputPosition(model, position);
      if (!at) {
        const escapes = escapeShift(model, position.line);
        return position.character < escapes
          ? {
              markdown: ESCAPE_MARK,
              range: lineRange(position.line, 0, escapes),
            }
          : {
              markdown: PAGER_MARK,
              range: lineRange(
                position.line,
                escapes,
                loggedShift(model, position.line),
              ),
            };
      }
      const found = captureHover(model, at, settings);
      return found && { ...found, range: toLoggedRange(model, found.range) };
    }
    case "skipped":
      return null;
  }
}
