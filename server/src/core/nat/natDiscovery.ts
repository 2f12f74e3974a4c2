import {
  LineKind,
  type CaptureMessage,
  type CaptureModel,
} from "../capture/model";
import { pushAt } from "../collections/multiMap";
import type { Annotation } from "../document";
import {
  natSignature,
  VERDICT_WORDS,
  type NatSignature,
  type NatVerdict,
} from "../knowledge/natDiscovery";
import { lineRange, type Range } from "../text/position";

/**
 * NAT discovery as a capture shows it: every NAT-related debug line, and per IKE exchange the
 * verdict (no NAT, this router, the peer, or both behind NAT) with the line that states it.
 */

/** One NAT-related line of a capture: a debug message, or a line of show output. */
export interface NatSignal {
  line: number;
  /** The debug message; undefined for a line of show output. */
  message?: CaptureMessage;
  /** For show output, the show block index. */
  show?: number;
  signature: NatSignature;
  /** The message body (or the show line's text) on its line. */
  range: Range;
}

/** The NAT discovery of one exchange (or of one connection id when the line belongs to none). */
export interface NatDiscovery {
  /** Index into CaptureModel.exchanges, or -1. */
  exchange: number;
  connId?: number;
  peer?: string;
  router?: string;
  verdict: NatVerdict;
  /** The line that states the verdict: the result line, else the decisive hash line, else the first UDP 4500 line. */
  decisive: NatSignal;
  /** Every NAT-related line of the exchange, in order. */
  signals: NatSignal[];
  /** The first line that shows IKE or ESP on UDP 4500. */
  port4500?: NatSignal;
}

const SIGNALS = new WeakMap<CaptureModel, NatSignal[]>();

/** A cheap test for the show lines worth matching against the signatures. */
const SHOW_PORT_4500 = /port 4500|UDP-Encaps/i;

/** The peer of a `current_peer X port 4500` line. */
const CURRENT_PEER = /\bcurrent_peer (\S+) port/i;

/** Every NAT-related line of a capture, computed once per model. */
export function natSignals(model: CaptureModel): NatSignal[] {
  let signals = SIGNALS.get(model);
  if (!signals) {
    signals = [];
    // The parser lists the messages worth reading; without that list, every message is read.
    const candidates = model.natMessages;
    const count = candidates ? candidates.length : model.messages.length;
    for (let k = 0; k < count; k++) {
      const message = model.messages[candidates ? candidates[k]! : k]!;
      if (message.source === "syslog") {
        continue;
      }
      const signature = natSignature(message.body);
      if (signature) {
        const text = model.lines[message.line] ?? "";
        signals.push({
          line: message.line,
          message,
          signature,
          range: lineRange(
            message.line,
            Math.min(message.bodyStart, text.length),
            text.trimEnd().length,
          ),
        });
      }
    }
    // `show crypto ipsec sa` tells NAT-T by the peer's port and the SA's encapsulation.
    for (let line = 0; line < model.lines.length; line++) {
      if (model.kinds[line] !== LineKind.Show) {
        continue;
      }
      const text = model.lines[line]!;
      const signature = SHOW_PORT_4500.test(text)
        ? natSignature(text)
        : undefined;
      if (signature?.kind === "port-4500") {
        const start = text.length - text.trimStart().length;
        signals.push({
          line,
          show: model.lineShow[line],
          signature,
          range: lineRange(line, start, text.trimEnd().length),
        });
      }
    }
    signals.sort((a, b) => a.line - b.line);
    SIGNALS.set(model, signals);
  }
  return signals;
}

/**
 * Combines the lines of one exchange into a verdict. IOS prints one line per NAT-D payload it
 * checks, and the last one carries the outcome (a "His hash no match" line may be followed by
 * "No NAT Found for self or peer"), so the last line with a verdict decides; a bare "NAT found"
 * takes its side from the hash lines before it.
 */
function verdictOf(signals: readonly NatSignal[]):
  | {
      verdict: NatVerdict;
      decisive: NatSignal;
    }
  | undefined {
  const judged = signals.filter(
    (s) =>
      (s.signature.kind === "result" || s.signature.kind === "hash") &&
      s.signature.verdict !== undefined,
  );
  const last = judged[judged.length - 1];
  if (last) {
    let verdict = last.signature.verdict!;
    if (verdict === "unknown") {
      const sides = new Set(
        judged
          .filter((s) => s.signature.kind === "hash")
          .map((s) => s.signature.verdict),
      );
      verdict =
        sides.has("self") && sides.has("peer")
          ? "both"
          : sides.has("self")
            ? "self"
            : sides.has("peer")
              ? "peer"
              : "unknown";
    }
    return { verdict, decisive: last };
  }
  const port = signals.find((s) => s.signature.kind === "port-4500");
  return port ? { verdict: "unknown", decisive: port } : undefined;
}

/** The NAT discoveries of a capture, one per exchange that shows any. */
export function natDiscoveries(model: CaptureModel): NatDiscovery[] {
  const groups = new Map<string, NatSignal[]>();
  for (const signal of natSignals(model)) {
    const m = signal.message;
    const key = !m
      ? `s${signal.show ?? -1}`
      : m.exchange >= 0
        ? `x${m.exchange}`
        : `c${m.connId ?? ""}`;
    pushAt(groups, key, signal);
  }
  const out: NatDiscovery[] = [];
  for (const signals of groups.values()) {
    const judged = verdictOf(signals);
    if (!judged) {
      continue;
    }
    const first = signals[0]!;
    const exchange =
      first.message && first.message.exchange >= 0
        ? model.exchanges[first.message.exchange]
        : undefined;
    const show =
      first.show !== undefined && first.show >= 0
        ? model.shows[first.show]
        : undefined;
    const peerLine = signals
      .map((s) => CURRENT_PEER.exec(model.lines[s.line] ?? "")?.[1])
      .find((p) => p !== undefined);
    out.push({
      exchange: first.message?.exchange ?? -1,
      // The first lines of main mode run under connection 0; the exchange knows the final id.
      connId: exchange?.connId ?? judged.decisive.message?.connId,
      peer: exchange?.peer ?? peerLine,
      router:
        exchange?.router ?? show?.router ?? lastPromptBefore(model, first.line),
      verdict: judged.verdict,
      decisive: judged.decisive,
      signals,
      port4500: signals.find((s) => s.signature.kind === "port-4500"),
    });
  }
  return out;
}

/** The host name of the last prompt above a line (prompts are in line order). */
function lastPromptBefore(
  model: CaptureModel,
  line: number,
): string | undefined {
  let name: string | undefined;
  for (const p of model.prompts) {
    if (p.line > line) {
      break;
    }
    name = p.hostname;
  }
  return name;
}

/** In-place notes on the lines that state a NAT-D result, a hash comparison or the move to UDP 4500. */
export function natDiscoveryAnnotations(model: CaptureModel): Annotation[] {
  return natSignals(model)
    .filter((s) => ["result", "hash", "port-4500"].includes(s.signature.kind))
    .map((s) => ({
      position: s.range.end,
      label: s.signature.label,
      tooltip: s.signature.explanation,
      placement: "inlay" as const,
    }));
}

/** Words for a verdict, for messages. */
export function describeVerdict(verdict: NatVerdict, peer?: string): string {
  return VERDICT_WORDS[verdict](peer ? `the peer ${peer}` : "the peer");
}
