/**
 * The index of the first item whose key is at or after `value`, in a list sorted by that key
 * (`items.length` when there is none): one binary search. Captures keep their prompts, events and
 * packets in line order, and several lookups ask "what comes at or after this line".
 */
export function firstAtOrAfter<T>(
  items: readonly T[],
  value: number,
  key: (item: T) => number,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) < value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** The line of an item that has one, as the key of `firstAtOrAfter`. */
export const byLine = (item: { line: number }): number => item.line;
