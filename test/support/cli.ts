import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/** The bundled CLI, exactly as the package ships it. */
export const CLI_BUNDLE = path.join(REPO_ROOT, "dist", "cli.js");

/** What one run of the CLI gave back. */
export interface CliRun {
  /** The exit status; null when the run was killed (it hung). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a user would, from the repository root. */
export function runBundledCli(...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // spawnSync blocks mocha's own timeout: a CLI that hangs is killed and fails its test.
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
