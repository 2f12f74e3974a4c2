import type { CaptureModel } from "../capture/model";
import type { AnalysisSettings, HoverResult } from "../document";
import type { Position } from "../text/position";

/** Explains the capture token under the cursor. */
export function captureHover(
  _model: CaptureModel,
  _position: Position,
  _settings: AnalysisSettings,
): HoverResult | null {
  return null;
}
