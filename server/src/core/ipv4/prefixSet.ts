import { prefixToMask, type Prefix } from "./address";

/**
 * Values by prefix, grouped by length, to find the longest prefix that covers an address with at
 * most one lookup per length (33) instead of a test per prefix: a capture or config with
 * thousands of keys or routes checked against thousands of peers stays linear.
 */
export class PrefixMap<T> {
  private readonly byLength = new Map<number, Map<number, T>>();
  /** The lengths present, longest first. */
  private lengths: number[] = [];

  /** Keeps the first value given for a prefix. */
  set(prefix: Prefix, value: T): void {
    let networks = this.byLength.get(prefix.length);
    if (!networks) {
      networks = new Map();
      this.byLength.set(prefix.length, networks);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const network = (prefix.network & prefixToMask(prefix.length)) >>> 0;
    if (!networks.has(network)) {
      networks.set(network, value);
    }
  }

  /** The value of the longest prefix that covers the address. */
  longest(address: number): T | undefined {
    for (const length of this.lengths) {
      const value = this.byLength
        .get(length)!
        .get((address & prefixToMask(length)) >>> 0);
      if (value !== undefined) {
        return value;
      }
    }
    return undefined;
  }
}

/** Prefixes, asked whether any of them covers an address. */
export class PrefixSet {
  private readonly map = new PrefixMap<true>();

  constructor(prefixes: Iterable<Prefix> = []) {
    for (const prefix of prefixes) {
      this.add(prefix);
    }
  }

  add(prefix: Prefix): void {
    this.map.set(prefix, true);
  }

  /** True when a prefix of the set covers the address. */
  covers(address: number): boolean {
    return this.map.longest(address) !== undefined;
  }
}
