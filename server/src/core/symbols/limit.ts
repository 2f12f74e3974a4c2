import type { OutlineSymbol } from "../document";

/** An outline cut to a number of symbols, and how many the whole one has. */
export interface LimitedOutline {
  symbols: OutlineSymbol[];
  /** Symbols kept, at every depth. */
  shown: number;
  /** Symbols of the whole outline, at every depth. */
  total: number;
}

/** Symbols at every depth. */
export function countSymbols(symbols: readonly OutlineSymbol[]): number {
  let n = symbols.length;
  for (const s of symbols) {
    if (s.children) {
      n += countSymbols(s.children);
    }
  }
  return n;
}

/**
 * The outline cut to `maxItems` symbols (VS Code's JSON server caps its outline the same way): an
 * hour of debug output is some 70,000 symbols, 19 MB of JSON per request for the editor to take
 * in. Breadth first, so every top-level entry (a command, an exchange) comes before any child
 * (a packet), and in document order; a symbol keeps all of its children or none, so no exchange
 * shows part of its packets. Under the limit the outline is returned as it is.
 */
export function limitOutline(
  symbols: readonly OutlineSymbol[],
  maxItems: number,
): LimitedOutline {
  const total = countSymbols(symbols);
  if (total <= maxItems) {
    return { symbols: symbols.slice(), shown: total, total };
  }
  // Copies without children: the ones that fit are put back below.
  const top = symbols.slice(0, Math.max(0, maxItems)).map(withoutChildren);
  let budget = maxItems - top.length;
  // Parents of the current depth whose children are still to place: each original with its copy.
  let level: [OutlineSymbol, OutlineSymbol][] = top.map((c, i) => [
    symbols[i]!,
    c,
  ]);
  while (level.length && budget > 0) {
    const next: [OutlineSymbol, OutlineSymbol][] = [];
    for (const [original, kept] of level) {
      const children = original.children;
      if (!children?.length) {
        continue;
      }
      if (children.length > budget) {
        // The rest waits for what did not fit, so earlier entries are the complete ones.
        budget = 0;
        break;
      }
      budget -= children.length;
      kept.children = children.map((child) => {
        const c = withoutChildren(child);
        next.push([child, c]);
        return c;
      });
    }
    level = next;
  }
  return { symbols: top, shown: countSymbols(top), total };
}

/** A copy of a symbol without its children. */
export function withoutChildren(s: OutlineSymbol): OutlineSymbol {
  const c: OutlineSymbol = {
    name: s.name,
    kind: s.kind,
    range: s.range,
    selectionRange: s.selectionRange,
  };
  if ("detail" in s) {
    c.detail = s.detail;
  }
  return c;
}
