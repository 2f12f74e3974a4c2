import type { Range } from "../text/position";

/** What a line of a capture is. */
export type CaptureLineKind =
  "prompt" | "isakmp" | "ipsec" | "ikev2" | "syslog" | "show" | "text";

/** One line of a capture, classified. */
export interface CaptureLine {
  line: number;
  kind: CaptureLineKind;
  /** The message after any timestamp and prefix. */
  message: string;
  range: Range;
}

/** The model of a capture. */
export interface CaptureModel {
  lines: CaptureLine[];
}
