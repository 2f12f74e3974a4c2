import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/** The file `npm run package` writes. */
export const VSIX_PATH = path.join(REPO_ROOT, "ipsec-lens.vsix");

let built: string | undefined;

/**
 * Builds the .vsix exactly as `npm run package` does (production bundles, then vsce), once per
 * test process: the packaging test and the real-editor suite share it when they run together.
 */
export function packageVsix(): string {
  if (built !== undefined && fs.existsSync(built)) {
    return built;
  }
  const result = spawnSync("npm", ["run", "--silent", "package"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 5 * 60 * 1000,
  });
  if (result.status !== 0) {
    throw new Error(
      `npm run package failed (${result.error?.message ?? `exit ${String(result.status ?? result.signal)}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  built = VSIX_PATH;
  return built;
}
