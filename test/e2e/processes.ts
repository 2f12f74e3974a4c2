import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";

/**
 * Process groups this test process started. Whatever way the tests end (success, failure, an
 * exception, Ctrl+C, a CI timeout's SIGTERM), every group is killed before we exit.
 */
const groups = new Set<number>();
/** Scratch folders to delete on the way out, if the tests did not get to it. */
const folders = new Set<string>();
let handlersInstalled = false;

function cleanUp(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  groups.clear();
  // Only once nothing of ours can still be writing into them.
  for (const folder of folders) {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  folders.clear();
}

function installHandlers(): void {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  process.on("exit", cleanUp);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.once(signal, () => {
      cleanUp();
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

/** Deletes the folder when we exit, however we exit; returns the release (after deleting it). */
export function removeOnExit(folder: string): () => void {
  installHandlers();
  folders.add(folder);
  return () => {
    folders.delete(folder);
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
