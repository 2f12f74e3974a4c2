import type { ChildProcess } from "node:child_process";

/**
 * Process groups this test process started. Whatever way the tests end (success, failure, an
 * exception, Ctrl+C, a CI timeout's SIGTERM), every group is killed before we exit.
 */
const groups = new Set<number>();
let handlersInstalled = false;

function killAll(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  groups.clear();
}

function installHandlers(): void {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  process.on("exit", killAll);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}

/** Kills the child's process group if we exit without stopping it; returns the release. */
export function killGroupOnExit(child: ChildProcess): () => void {
  installHandlers();
  const pid = child.pid;
  if (pid === undefined) {
    return () => undefined;
  }
  groups.add(pid);
  return () => {
    groups.delete(pid);
  };
}
