/** Where a CLI command writes; tests pass buffers, main passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** A usage mistake: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of the CLI. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;
