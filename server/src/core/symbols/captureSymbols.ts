import { hasShiftedLines, toLoggedRange } from "../capture/outputColumns";
import { capturedConfigs } from "../capture/runningConfigs";
import { configOutline } from "./configSymbols";
import {
  exchangeTitle,
  outcomeText,
  packetLabel,
  visibleExchanges,
} from "../capture/describe";
import { countSymbols, withoutChildren } from "./limit";
import type {
  CaptureModel,
  Exchange,
  ExchangeKind,
  ExchangePacket,
} from "../capture/model";
import type { OutlineSymbol } from "../document";
import { showOutputTitle } from "../knowledge/iosCommands";
import { lineRange, range, type Range } from "../text/position";

/**
 * The outline of a capture reads as a timeline: the commands typed at the console and the IKE
 * exchanges, in the order they start, each exchange with its packets as children.
 *
 * A 50 MB capture has tens of thousands of packets, and the outline lives on in the server until
 * it is sent (then once more as JSON), so each entry is kept small: a packet's range is its
 * selection range (one object for both), and names that repeat ("main mode 1/6 sent: SA
 * proposal", "Quick mode with 10.0.0.2") are one string each.
 */

/** True for the characters `String.prototype.trim` removes (white space and line terminators). */
function isTrimmed(c: number): boolean {
  if (c > 32 && c < 127) {
    return false;
  }
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function lineSpan(model: CaptureModel, start: number, end: number): Range {
  const last = Math.max(start, Math.min(end, model.lines.length - 1));
  return range(start, 0, last, (model.lines[last] ?? "").length);
}

/** The text of a line without its leading and trailing white space (as `trim` sees it), found without copying the line. */
function firstLine(model: CaptureModel, line: number): Range {
  const text = model.lines[line] ?? "";
  let end = text.length;
  while (end > 0 && isTrimmed(text.charCodeAt(end - 1))) {
    end--;
  }
  let start = 0;
  while (start < end && isTrimmed(text.charCodeAt(start))) {
    start++;
  }
  // A blank line: `trimStart` leaves nothing, so the range starts and ends at the line's length.
  if (end === 0) {
    start = text.length;
    end = text.length;
  }
  return lineRange(line, start, end);
}

/** A number per exchange kind, for the keys of packet names. */
const KIND_CODES: Readonly<Record<ExchangeKind, number>> = {
  main: 0,
  aggressive: 1,
  quick: 2,
  informational: 3,
  phase1: 4,
  "ike-sa-init": 5,
  "ike-auth": 6,
  "create-child-sa": 7,
  "ikev2-informational": 8,
};

/** One string per distinct name within an outline. */
class Names {
  private readonly known = new Map<string, string>();
  /** Packet names by summary, then by everything else `packetLabel` reads (see `packet`). */
  private readonly packets = new Map<string, Map<number, string>>();

  intern(name: string): string {
    const known = this.known.get(name);
    if (known !== undefined) {
      return known;
    }
    this.known.set(name, name);
    return name;
  }

  /**
   * `packetLabel(ex, p)`, made once per distinct label: the label depends only on the exchange's
   * kind and the packet's step, direction, retransmission, notify flag and summary, so these
   * find it without building the text again for each of tens of thousands of packets.
   */
  packet(ex: Exchange, p: ExchangePacket): string {
    const kind = KIND_CODES[ex.kind];
    if (
      kind === undefined ||
      !Number.isInteger(p.step) ||
      p.step < 0 ||
      p.step >= 64
    ) {
      return packetLabel(ex, p);
    }
    const code =
      (((p.step * 16 + kind) * 2 + (p.notify ? 1 : 0)) * 2 +
        (p.retransmission ? 1 : 0)) *
        2 +
      (p.direction === "sent" ? 1 : 0);
    let bySummary = this.packets.get(p.summary);
    if (!bySummary) {
      bySummary = new Map();
      this.packets.set(p.summary, bySummary);
    }
    let name = bySummary.get(code);
    if (name === undefined) {
      name = packetLabel(ex, p);
      bySummary.set(code, name);
    }
    return name;
  }
}

/** An exchange's entry, without its packets (see `packetSymbols`). */
function exchangeSymbol(
  model: CaptureModel,
  ex: Exchange,
  names: Names,
): OutlineSymbol {
  const when = ex.messages.length
    ? model.messages[ex.messages[0]!]?.timestamp?.text
    : undefined;
  const role = ex.role ? `${ex.role} · ` : "";
  return {
    name: names.intern(exchangeTitle(ex)),
    detail: `${role}${outcomeText(model, ex)}${when ? ` · ${when}` : ""}`,
    kind: "event",
    range: lineSpan(model, ex.startLine, ex.endLine),
    selectionRange: firstLine(model, ex.startLine),
  };
}

/** An exchange's packets, its entry's children. */
function packetSymbols(
  model: CaptureModel,
  ex: Exchange,
  names: Names,
): OutlineSymbol[] {
  const children: OutlineSymbol[] = new Array<OutlineSymbol>(ex.packets.length);
  for (let i = 0; i < ex.packets.length; i++) {
    const p = ex.packets[i]!;
    const where = firstLine(model, p.line);
    children[i] = {
      name: names.packet(ex, p),
      detail: model.messages[p.message]?.timestamp?.text,
      kind: "enumMember",
      range: where,
      selectionRange: where,
    };
  }
  return children;
}

/** The outline of a configuration the show block prints, as its children (as a config file's). */
function printedConfig(
  model: CaptureModel,
  show: number,
): { children: OutlineSymbol[] } | undefined {
  const block = show >= 0 ? model.shows[show] : undefined;
  if (block?.kind !== "running-config") {
    return undefined;
  }
  const config = capturedConfigs(model).find((c) => c.block === block);
  const children = config ? configOutline(config.model) : [];
  if (!children.length) {
    return undefined;
  }
  return {
    children: hasShiftedLines(model) ? asLogged(model, children) : children,
  };
}

/** Outline entries found on the lines the parsers read, placed on the lines as logged. */
function asLogged(
  model: CaptureModel,
  symbols: readonly OutlineSymbol[],
): OutlineSymbol[] {
  return symbols.map((s) => ({
    ...s,
    range: toLoggedRange(model, s.range),
    selectionRange: toLoggedRange(model, s.selectionRange),
    ...(s.children ? { children: asLogged(model, s.children) } : {}),
  }));
}

/** The outline of a capture: its exchanges, as a timeline. */
export function captureOutline(model: CaptureModel): OutlineSymbol[] {
  return captureOutlineWithin(model, Number.POSITIVE_INFINITY).symbols;
}

/**
 * The outline of a capture with its packets only where `limitOutline` would keep them for
 * `maxItems` (every entry before any child, in order, all of an exchange's packets or none), so a
 * long capture's outline does not build the tens of thousands of packet symbols the limit drops;
 * `total` counts the whole outline. Cut with `limitOutline` to the same limit, it gives what the
 * whole outline cut to it gives.
 */
export function captureOutlineWithin(
  model: CaptureModel,
  maxItems: number,
): { symbols: OutlineSymbol[]; total: number } {
  const names = new Names();
  const entries: {
    line: number;
    symbol: OutlineSymbol;
    exchange?: Exchange;
  }[] = [];
  for (const prompt of model.prompts) {
    // Configuration commands are left out, but not `do show ...` typed in configuration mode.
    if (!prompt.command || (prompt.mode && prompt.show === undefined)) {
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
        name: names.intern(
          `${prompt.hostname}${prompt.level} ${prompt.command}`,
        ),
        kind: "function",
        range: lineSpan(model, prompt.line, end),
        selectionRange: firstLine(model, prompt.line),
        ...printedConfig(model, show),
      },
    });
  }
  for (const block of model.shows) {
    if (block.promptLine === undefined) {
      entries.push({
        line: block.startLine,
        symbol: {
          name: names.intern(showOutputTitle(block.kind)),
          kind: "object",
          range: lineSpan(model, block.startLine, block.endLine),
          selectionRange: firstLine(model, block.startLine),
          ...printedConfig(model, block.index),
        },
      });
    }
  }
  for (const ex of visibleExchanges(model)) {
    entries.push({
      line: ex.startLine,
      symbol: exchangeSymbol(model, ex, names),
      exchange: ex,
    });
  }
  entries.sort((a, b) => a.line - b.line);
  let total = 0;
  for (const e of entries) {
    total +=
      1 +
      (e.exchange
        ? e.exchange.packets.length
        : countSymbols(e.symbol.children ?? []));
  }
  // The first level of children as `limitOutline` places them: in order, while they all fit.
  let budget = maxItems - entries.length;
  for (const e of entries) {
    const count = e.exchange
      ? e.exchange.packets.length
      : (e.symbol.children?.length ?? 0);
    if (count > budget) {
      budget = -1;
    }
    if (budget < 0) {
      // Past the limit: the entry keeps no children (a printed config's were built with it).
      if (e.symbol.children) {
        e.symbol = withoutChildren(e.symbol);
      }
      continue;
    }
    if (e.exchange && count) {
      e.symbol.children = packetSymbols(model, e.exchange, names);
    }
    budget -= count;
  }
  return { symbols: entries.map((e) => e.symbol), total };
}
