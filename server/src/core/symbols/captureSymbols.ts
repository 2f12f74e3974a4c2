import type { CaptureModel } from "../capture/model";
import type { OutlineSymbol } from "../document";

/** The outline of a capture: its exchanges, as a timeline. */
export function captureOutline(_model: CaptureModel): OutlineSymbol[] {
  return [];
}
