/**
 * Tables of shared strings that outlive a parse (state names, IPSEC functions, syslog tags). A
 * string cut from a capture is, in V8, a view into the capture's whole text; a module-level table
 * that kept such a view would keep the first capture of the session (50 MB, say) alive for as
 * long as the server runs. So a table keeps its own copy of each string.
 */

/** A copy of a string that does not point into the text it was cut from. */
export function detached(text: string): string {
  // Joining and cutting again makes V8 build a new flat string; a slice of a slice would still
  // point into the original text.
  return (text + " ").slice(0, -1);
}

/** One string per distinct text, up to a bound (a capture of unique names cannot grow it forever). */
export class Interner {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit: number) {}

  /** The shared string equal to `text` (or `text` itself once the table is full). */
  intern(text: string): string {
    const known = this.known.get(text);
    if (known !== undefined) {
      return known;
    }
    if (this.known.size >= this.limit) {
      return text;
    }
    const copy = detached(text);
    this.known.set(copy, copy);
    return copy;
  }
}
