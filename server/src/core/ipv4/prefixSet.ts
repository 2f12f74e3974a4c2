import { prefixToMask, type Prefix } from "./address";

/**
 * Prefixes grouped by length, to answer "does any of them cover this address" with at most one
 * lookup per length (33) instead of a test per prefix: a capture or config with thousands of
 * keys or routes checked against thousands of peers stays linear.
 */
export class PrefixSet {
  private readonly byLength = new Map<number, Set<number>>();

  constructor(prefixes: Iterable<Prefix> = []) {
    for (const prefix of prefixes) {
      this.add(prefix);
    }
  }

  add(prefix: Prefix): void {
    let networks = this.byLength.get(prefix.length);
    if (!networks) {
      networks = new Set();
      this.byLength.set(prefix.length, networks);
    }
    networks.add((prefix.network & prefixToMask(prefix.length)) >>> 0);
  }

  /** True when a prefix of the set covers the address. */
  covers(address: number): boolean {
    for (const [length, networks] of this.byLength) {
      if (networks.has((address & prefixToMask(length)) >>> 0)) {
        return true;
      }
    }
    return false;
  }
}
