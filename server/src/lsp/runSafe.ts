import type { CancellationToken } from "vscode-languageserver";

/** Logs an error line; the server logs through the connection, never the console. */
export type Logger = (message: string) => void;

/**
 * Runs a request handler so that a bug in one feature never kills the server: an exception becomes
 * the empty answer and a log line, and a cancelled request answers empty at once.
 */
export async function runSafe<T>(
  log: Logger,
  what: string,
  empty: T,
  token: CancellationToken | undefined,
  body: () => T | Promise<T>,
): Promise<T> {
  if (token?.isCancellationRequested) {
    return empty;
  }
  try {
    const result = await body();
    return token?.isCancellationRequested ? empty : result;
  } catch (error) {
    log(
      `${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return empty;
  }
}
