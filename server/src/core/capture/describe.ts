import { debugMessage } from "../knowledge/debugMessages";
import { EXCHANGE_STEPS } from "../knowledge/exchangeSteps";
import { isSignificant } from "./exchanges";
import { lineRange, type Range } from "../text/position";
import type {
  CaptureMessage,
  CaptureModel,
  Exchange,
  ExchangePacket,
  PromptLine,
} from "./model";
import { table } from "../knowledge/table";
import { byLine, firstAtOrAfter } from "../text/sorted";

/**
 * Words for exchanges, shared by hovers, the outline, annotations and "Explain Capture", so the
 * story reads the same everywhere.
 */

const KIND_NAMES: Readonly<Record<string, string>> = table({
  main: "Main mode",
  aggressive: "Aggressive mode",
  quick: "Quick mode",
  informational: "Informational exchange",
  phase1: "Phase 1",
  "ike-sa-init": "IKEv2 IKE_SA_INIT",
  "ike-auth": "IKEv2 IKE_AUTH",
  "create-child-sa": "IKEv2 CREATE_CHILD_SA",
  "ikev2-informational": "IKEv2 INFORMATIONAL",
});

/** "Main mode with 172.16.6.2". */
export function exchangeTitle(ex: Exchange): string {
  const name = KIND_NAMES[ex.kind] ?? ex.kind;
  return ex.peer ? `${name} with ${ex.peer}` : name;
}

/** A duration in the words an engineer uses: "164 ms", "2.5 s", "40 s". */
export function formatDuration(ms: number, precise: boolean): string {
  if (!precise) {
    return ms < 1000 ? "under a second" : `${Math.round(ms / 1000)} s`;
  }
  return ms < 1000
    ? `${Math.round(ms)} ms`
    : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/** Milliseconds from the exchange's first stamped line to the line that ended it, when both are stamped. */
export function exchangeDuration(
  model: CaptureModel,
  ex: Exchange,
): number | undefined {
  if (ex.startMs === undefined || ex.outcomeLine === undefined) {
    return undefined;
  }
  const index = model.lineMessage[ex.outcomeLine];
  const end =
    ex.outcomeMs ??
    (index !== undefined && index >= 0
      ? model.messages[index]!.timestamp?.ms
      : undefined);
  return end === undefined || end < ex.startMs ? undefined : end - ex.startMs;
}

/** "complete in 164 ms", "failed: no proposal was accepted", "not finished in the capture". */
export function outcomeText(model: CaptureModel, ex: Exchange): string {
  const duration = exchangeDuration(model, ex);
  const took =
    duration === undefined ? "" : ` in ${formatDuration(duration, ex.precise)}`;
  switch (ex.outcome) {
    case "complete":
      // A capture that starts at the state change ending the exchange (`New State =
      // IKE_P1_COMPLETE` on its first line) shows no part of it: no duration to give.
      return ex.outcomeLine !== undefined &&
        ex.outcomeLine === ex.startLine &&
        ex.states[0]?.line === ex.outcomeLine
        ? "already complete when the capture starts"
        : `complete${took}`;
    case "failed":
      return `failed${ex.failure ? `: ${ex.failure}` : ""}`;
    default:
      return ex.retransmissions.length
        ? `no answer yet (${ex.retransmissions.length} retransmission${ex.retransmissions.length > 1 ? "s" : ""})`
        : "not finished in the capture";
  }
}

/** "main mode 3/6 sent: KE + nonce", "quick mode 2/3 received: ...", "notify received". */
export function packetLabel(ex: Exchange, packet: ExchangePacket): string {
  const steps = EXCHANGE_STEPS[ex.kind];
  if (packet.notify || !steps || packet.step === 0) {
    // IKEv2 packets list their payloads: name the notify (`NOTIFY(AUTHENTICATION_FAILED)`).
    const what =
      packet.summary && !packet.summary.startsWith("notify")
        ? `: ${packet.summary}`
        : "";
    return `${packet.direction === "sent" ? "notify sent" : "notify received"}${what}`;
  }
  const what = packet.summary ? `: ${packet.summary}` : "";
  const again = packet.retransmission ? " again (retransmission)" : "";
  return `${steps.name} ${packet.step}/${steps.total} ${packet.direction}${again}${what}`;
}

/** "main mode 1/6", or "a notify" for a packet that is not a step. */
export function stepName(ex: Exchange, packet: ExchangePacket): string {
  const steps = EXCHANGE_STEPS[ex.kind];
  return packet.notify || !steps || packet.step === 0
    ? "a notify"
    : `${steps.name} ${packet.step}/${steps.total}`;
}

/** The exchanges worth showing (bookkeeping-only ones, such as a purged node id, are left out). */
export function visibleExchanges(model: CaptureModel): Exchange[] {
  return model.exchanges.filter(isSignificant);
}

/** The index in `model.prompts` of the last prompt at or above a line, or -1 (one binary search). */
function lastPromptIndex(model: CaptureModel, line: number): number {
  return firstAtOrAfter(model.prompts, line + 1, byLine) - 1;
}

/** The prompt on a line, if the line is one. */
export function promptOn(
  model: CaptureModel,
  line: number,
): PromptLine | undefined {
  const prompt = model.prompts[promptIndexOn(model, line)];
  return prompt?.line === line ? prompt : undefined;
}

/** The index in `model.prompts` of the prompt on a line; -1 when the line is none. */
export function promptIndexOn(model: CaptureModel, line: number): number {
  const index = lastPromptIndex(model, line);
  return model.prompts[index]?.line === line ? index : -1;
}

/**
 * The host name of the router that printed a line: the last prompt above it, else (output pasted
 * without the command that started it) the first prompt below it.
 */
export function routerAt(
  model: CaptureModel,
  line: number,
): string | undefined {
  const index = lastPromptIndex(model, line);
  return model.prompts[index < 0 ? 0 : index]?.hostname;
}

/** One line about an exchange: "Main mode with 172.16.6.2 (initiator): complete in 164 ms". */
export function exchangeSummary(model: CaptureModel, ex: Exchange): string {
  const role = ex.role ? ` (${ex.role})` : "";
  return `${exchangeTitle(ex)}${role}: ${outcomeText(model, ex)}`;
}

/** The range of a message's body on its first line, where diagnostics on it sit. */
export function messageRange(
  model: CaptureModel,
  message: CaptureMessage,
): Range {
  const text = model.lines[message.line] ?? "";
  const start = Math.min(
    message.source === "syslog" ? message.start : message.bodyStart,
    text.length,
  );
  return lineRange(message.line, start, Math.max(start, text.trimEnd().length));
}

/** The message that starts on a line, if any. */
export function messageAt(
  model: CaptureModel,
  line: number,
): CaptureMessage | undefined {
  const index = model.lineMessage[line];
  return index !== undefined && index >= 0 ? model.messages[index] : undefined;
}

/** Findings start with a capital letter even when they open with "the peer". */
export function capitalised<T extends { message: string }>(findings: T[]): T[] {
  for (const f of findings) {
    f.message = f.message.charAt(0).toUpperCase() + f.message.slice(1);
  }
  return findings;
}

/**
 * The exec command a prompt line ran: its command at an exec prompt, the part after `do` in a
 * configuration mode (`Osaka(config)#do show running-config`), else undefined.
 */
export function execCommand(
  mode: string | undefined,
  command: string,
): string | undefined {
  if (mode === undefined) {
    return command;
  }
  const run = /^do\s+(\S.*)$/i.exec(command);
  return run ? run[1] : undefined;
}

/**
 * The exchange a message belongs to, as a person reads it. IKEv2 prints what its next packet
 * carries before that packet (the proposals offered, `Generating IKE_AUTH message`, the payloads
 * of `Building packet for encryption`), while the parser still files those lines with the
 * exchange before; they belong to the exchange of the next packet the router sends on that SA.
 */
export function exchangeOfMessage(
  model: CaptureModel,
  message: CaptureMessage,
): Exchange | undefined {
  const own =
    message.exchange >= 0 ? model.exchanges[message.exchange] : undefined;
  const sa = own?.connId ?? message.connId;
  const prepares =
    message.event?.type === "ikev2-inner" ||
    message.event?.type === "ikev2-proposal" ||
    debugMessage(message.body)?.nextPacket === true;
  if (
    !prepares ||
    sa === undefined ||
    !message.source.startsWith("ikev2") ||
    (own && own.protocol !== "ikev2")
  ) {
    return own;
  }
  let next: Exchange | undefined;
  let nextLine = Infinity;
  for (const ex of model.exchanges) {
    if (ex.protocol !== "ikev2" || ex.connId !== sa) {
      continue;
    }
    const sent = ex.packets.find(
      (p) => p.direction === "sent" && p.line > message.line,
    );
    if (sent && sent.line < nextLine) {
      next = ex;
      nextLine = sent.line;
    }
  }
  return next ?? own;
}

/**
 * How many times an exchange sent its message again: the resent packets the capture shows, or
 * the announcements (`announced`, after line `after`) where a cut capture shows fewer sends. An
 * IKEv1 SA that gave up announced one more retransmission than it sent.
 */
export function resentCount(
  ex: Exchange,
  announced: readonly number[],
  after = -1,
): number {
  let resent = 0;
  for (const p of ex.packets) {
    if (p.retransmission && p.direction === "sent" && p.line > after) {
      resent++;
    }
  }
  const gaveUp = ex.protocol === "ikev1" && ex.outcome === "failed" ? 1 : 0;
  return Math.max(resent, announced.length - gaveUp);
}
