/** Where a CLI command writes; tests pass buffers, main passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Output written in pieces of about this many characters (a pipe takes them one by one). */
const PIECE = 1 << 20;

/** Writes text made in many small pieces, a megabyte at a time, never as one string. */
export function outPieces(io: CliIo, pieces: Iterable<string>): void {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= PIECE) {
      io.out(pending.join(""));
      pending = [];
      size = 0;
    }
  }
  if (pending.length) {
    io.out(pending.join(""));
  }
}

/** A usage mistake: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of the CLI. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;
