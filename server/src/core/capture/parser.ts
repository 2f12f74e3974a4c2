import { lineRange } from "../text/position";
import { splitLines } from "../text/lines";
import type { CaptureLine, CaptureModel } from "./model";

/** Parses a capture into classified lines. */
export function parseCapture(text: string): CaptureModel {
  const lines: CaptureLine[] = splitLines(text).map((raw, line) => {
    let kind: CaptureLine["kind"] = "text";
    if (/^\S+[#>]/.test(raw)) {
      kind = "prompt";
    } else if (/ISAKMP/.test(raw)) {
      kind = "isakmp";
    } else if (/IPSEC\(/.test(raw)) {
      kind = "ipsec";
    } else if (/IKEv2/.test(raw)) {
      kind = "ikev2";
    } else if (/%[A-Z0-9_]+-\d-[A-Z0-9_]+:/.test(raw)) {
      kind = "syslog";
    }
    return {
      line,
      kind,
      message: raw.trim(),
      range: lineRange(line, 0, raw.length),
    };
  });
  return { lines };
}
