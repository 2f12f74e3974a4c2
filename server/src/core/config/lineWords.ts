import { parseIpv4 } from "../ipv4/address";
import {
  hasNonAscii,
  sameWord,
  scanWords,
  WORD_BOUNDS_LENGTH,
  type ConfigNode,
} from "./tree";

/**
 * The words of the line being read, as column bounds (one line at a time: `read` reuses the
 * buffer). Counted as `node.words` counts them, after a leading `no`. The lines a big config has
 * thousands of (ACL entries, interface addresses) are read with it, without a token per word.
 */
export class LineWords {
  private readonly bounds = new Int32Array(WORD_BOUNDS_LENGTH);
  private first = 0;
  /** True when the line is all ASCII: a word of another length is then never the keyword. */
  private ascii = true;
  text = "";
  count = 0;

  /**
   * Reads `node`'s line (the previous line's words are gone); with `words`, only its first words
   * (`count` then says how many of those there are): the parser looks at the head of 20,000 ACL
   * lines and reads their entries only when a check asks.
   */
  read(node: ConfigNode, words = Infinity): this {
    this.text = node.text;
    this.first = node.negated ? 1 : 0;
    const numbers = scanWords(
      node.text,
      this.bounds,
      Math.min(this.bounds.length, 2 * (words + this.first)),
    );
    this.count = Math.max(0, numbers / 2 - this.first);
    this.ascii = !hasNonAscii(
      node.text,
      0,
      numbers > 0 ? this.bounds[numbers - 1]! : 0,
    );
    return this;
  }

  start(i: number): number {
    return this.bounds[2 * (i + this.first)]!;
  }

  end(i: number): number {
    return this.bounds[2 * (i + this.first) + 1]!;
  }

  /** Word `i` as written (`""` past the last). */
  word(i: number): string {
    return i < this.count ? this.text.slice(this.start(i), this.end(i)) : "";
  }

  /** Word `i` in lower case (`""` past the last). */
  lower(i: number): string {
    return this.word(i).toLowerCase();
  }

  /** True when word `i` is `keyword` (lower case) in any case, compared in place. */
  is(i: number, keyword: string): boolean {
    return (
      i < this.count &&
      sameWord(this.text, this.start(i), this.end(i), keyword, this.ascii)
    );
  }

  /** Word `i` as an IPv4 address, read in place. */
  ipv4(i: number): number | undefined {
    return i < this.count
      ? parseIpv4(this.text, this.start(i), this.end(i))
      : undefined;
  }

  /** Word `i` as a number when it is all digits. */
  number(i: number): number | undefined {
    if (i >= this.count) {
      return undefined;
    }
    let value = 0;
    for (let k = this.start(i); k < this.end(i); k++) {
      const c = this.text.charCodeAt(k);
      if (c < 48 || c > 57) {
        return undefined;
      }
      value = value * 10 + (c - 48);
    }
    return value;
  }
}
