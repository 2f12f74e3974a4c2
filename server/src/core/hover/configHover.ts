import type { ConfigModel } from "../config/model";
import type { AnalysisSettings, HoverResult } from "../document";
import type { Position } from "../text/position";

/** Explains the config token under the cursor. */
export function configHover(
  _model: ConfigModel,
  _position: Position,
  _settings: AnalysisSettings,
): HoverResult | null {
  return null;
}
