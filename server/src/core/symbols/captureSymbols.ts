import {
  exchangeTitle,
  outcomeText,
  packetLabel,
  visibleExchanges,
} from "../capture/describe";
import type { CaptureModel, Exchange } from "../capture/model";
import type { OutlineSymbol } from "../document";
import { lineRange, range, type Range } from "../text/position";

/**
 * The outline of a capture reads as a timeline: the commands typed at the console and the IKE
 * exchanges, in the order they start, each exchange with its packets as children.
 */

function lineSpan(model: CaptureModel, start: number, end: number): Range {
  const last = Math.max(start, Math.min(end, model.lines.length - 1));
  return range(start, 0, last, (model.lines[last] ?? "").length);
}

function firstLine(model: CaptureModel, line: number): Range {
  const text = model.lines[line] ?? "";
  const start = text.length - text.trimStart().length;
  return lineRange(line, start, Math.max(start, text.trimEnd().length));
}

function exchangeSymbol(model: CaptureModel, ex: Exchange): OutlineSymbol {
  const when = ex.messages.length
    ? model.messages[ex.messages[0]!]?.timestamp?.text
    : undefined;
  const role = ex.role ? `${ex.role} · ` : "";
  return {
    name: exchangeTitle(ex),
    detail: `${role}${outcomeText(model, ex)}${when ? ` · ${when}` : ""}`,
    kind: "event",
    range: lineSpan(model, ex.startLine, ex.endLine),
    selectionRange: firstLine(model, ex.startLine),
    children: ex.packets.map((p) => ({
      name: packetLabel(ex, p),
      detail: model.messages[p.message]?.timestamp?.text,
      kind: "enumMember" as const,
      range: firstLine(model, p.line),
      selectionRange: firstLine(model, p.line),
    })),
  };
}

/** The outline of a capture: its exchanges, as a timeline. */
export function captureOutline(model: CaptureModel): OutlineSymbol[] {
  const entries: { line: number; symbol: OutlineSymbol }[] = [];
  for (const prompt of model.prompts) {
    if (!prompt.command || prompt.mode) {
      continue;
    }
    const show = model.lineShow[prompt.line] ?? -1;
    const end =
      show >= 0
        ? Math.max(prompt.line, model.shows[show]!.endLine)
        : prompt.line;
    entries.push({
      line: prompt.line,
      symbol: {
        name: `${prompt.hostname}${prompt.level} ${prompt.command}`,
        kind: "function",
        range: lineSpan(model, prompt.line, end),
        selectionRange: firstLine(model, prompt.line),
      },
    });
  }
  for (const block of model.shows) {
    if (block.promptLine === undefined) {
      entries.push({
        line: block.startLine,
        symbol: {
          name: `show output (${block.kind})`,
          kind: "object",
          range: lineSpan(model, block.startLine, block.endLine),
          selectionRange: firstLine(model, block.startLine),
        },
      });
    }
  }
  for (const ex of visibleExchanges(model)) {
    entries.push({ line: ex.startLine, symbol: exchangeSymbol(model, ex) });
  }
  entries.sort((a, b) => a.line - b.line);
  return entries.map((e) => e.symbol);
}
