import type { CaptureModel } from "../capture/model";
import type { AnalysisSettings, HoverResult } from "../document";
import {
  describeVerdict,
  natDiscoveries,
  natSignals,
} from "../nat/natDiscovery";
import type { NatSignalKind } from "../knowledge/natDiscovery";
import { rangeContains, type Position } from "../text/position";

/**
 * Hover on the NAT lines of a capture: what a NAT-D, NAT-T or UDP 4500 line means, and the
 * verdict of its exchange.
 */

/** The kinds of NAT lines this hover explains. */
const EXPLAINED: ReadonlySet<NatSignalKind> = new Set([
  "result",
  "hash",
  "port-4500",
]);

/** Explains the NAT-related capture line under the cursor; null elsewhere. */
export function natCaptureHover(
  model: CaptureModel,
  position: Position,
  _settings: AnalysisSettings,
): HoverResult | null {
  // Vendor IDs and bare NAT-D payload lines are the general capture hover's; verdicts are ours.
  const signal = natSignals(model).find(
    (s) =>
      s.line === position.line &&
      EXPLAINED.has(s.signature.kind) &&
      rangeContains(s.range, position),
  );
  if (!signal) {
    return null;
  }
  const lines = [
    `**${signal.signature.label}**`,
    "",
    signal.signature.explanation,
  ];
  const discovery = natDiscoveries(model).find((d) =>
    d.signals.includes(signal),
  );
  if (discovery) {
    lines.push(
      "",
      `Outcome${discovery.connId !== undefined ? ` for IKE SA ${discovery.connId}` : ""}: ${describeVerdict(discovery.verdict, discovery.peer)} (line ${discovery.decisive.line + 1}).`,
    );
  }
  return { markdown: lines.join("\n"), range: signal.range };
}
