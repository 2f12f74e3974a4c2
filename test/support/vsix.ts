import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/** Top-level entries never copied to the staging folder: installed, generated or large. */
const NOT_STAGED = new Set([
  "node_modules",
  ".git",
  ".e2e-cache",
  ".vscode-test",
  "out",
  "dist",
  "bench",
  "test-results",
]);

let built: string | undefined;

/**
 * Builds the .vsix by running `npm run package` (production bundles, then vsce with the
 * .vscodeignore allow-list) in a staging copy of the repository, once per test process: the
 * packaging test and the real-editor suite share it when they run together. The copy keeps the
 * working tree's dist/ untouched, so tests that run the development bundles at the same time
 * (in this process or another) never see them replaced halfway.
 */
export function packageVsix(): string {
  if (built !== undefined && fs.existsSync(built)) {
    return built;
  }
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-package-"));
  for (const entry of fs.readdirSync(REPO_ROOT)) {
    if (!NOT_STAGED.has(entry) && !entry.endsWith(".vsix")) {
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(stage, entry), {
        recursive: true,
      });
    }
  }
  // Bundling resolves packages from here; vsce never reads node_modules with --no-dependencies.
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules"),
    path.join(stage, "node_modules"),
  );
  const result = spawnSync("npm", ["run", "--silent", "package"], {
    cwd: stage,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 5 * 60 * 1000,
  });
  const vsix = path.join(stage, "ipsec-lens.vsix");
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(
      `npm run package failed (${result.error?.message ?? `exit ${String(result.status ?? result.signal)}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  built = vsix;
  // The staging folder goes when the test process ends, whichever way it ends.
  process.once("exit", () =>
    fs.rmSync(stage, { recursive: true, force: true }),
  );
  return built;
}
