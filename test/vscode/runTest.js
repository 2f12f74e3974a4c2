// Runs the shared scenarios (test/scenarios/) in desktop VS Code through its API, with
// @vscode/test-electron: once in a trusted folder, once in Restricted Mode. VS Code is the one
// VSCODE_EXECUTABLE_PATH names, or a download of the stable release. On a machine that can do
// neither (no download host reachable), it says so and fails: use `npm run test:e2e` there.
// On Linux without a display, run it under `xvfb-run -a`.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const esbuild = require("esbuild");
const { runTests, downloadAndUnzipVSCode } = require("@vscode/test-electron");

const REPO = path.resolve(__dirname, "..", "..");
const OUT = path.join(REPO, "out", "vscode-test");
const MODES = ["trusted", "restricted"];

/** Finds desktop VS Code: the environment's executable, else a download. */
async function findVSCode() {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!fs.existsSync(given)) {
      fail(`VSCODE_EXECUTABLE_PATH is ${given}, which does not exist.`);
    }
    return given;
  }
  try {
    return await downloadAndUnzipVSCode({ version: "stable", timeout: 30_000 });
  } catch (error) {
    fail(
      "npm run test:vscode needs desktop VS Code and none is available: VSCODE_EXECUTABLE_PATH " +
        "is not set and downloading VS Code failed " +
        `(${error instanceof Error ? error.message : String(error)}).\n` +
        "Set VSCODE_EXECUTABLE_PATH to a VS Code executable (for example /usr/share/code/code), " +
        "or run where VS Code can be downloaded. On machines without either, `npm run test:e2e` " +
        "plays the same scenarios in code-server.",
    );
  }
  return undefined;
}

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

/** Bundles the suite (it runs inside VS Code, which cannot load TypeScript). */
async function bundleSuite() {
  const outfile = path.join(OUT, "suite.js");
  await esbuild.build({
    entryPoints: [path.join(__dirname, "suite", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
    // mocha's package entry is an ES module; its CommonJS build loads inside the extension host.
    alias: { mocha: "mocha/lib/mocha.cjs" },
    external: ["vscode", "mocha/lib/mocha.cjs"],
  });
  return outfile;
}

/** User settings of the throw-away profile: no welcome page or prompts, trust per mode. */
function settings(mode) {
  return {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "chat.disableAIFeatures": true,
    "git.enabled": false,
    "security.workspace.trust.enabled": mode === "restricted",
    "security.workspace.trust.startupPrompt": "never",
  };
}

async function main() {
  const vscodeExecutablePath = await findVSCode();
  const build = spawnSync(process.execPath, [path.join(REPO, "esbuild.js")], {
    cwd: REPO,
    stdio: "inherit",
  });
  if (build.status !== 0) {
    fail("node esbuild.js failed");
  }
  const extensionTestsPath = await bundleSuite();
  const totals = { passes: 0, failures: 0 };
  for (const mode of MODES) {
    const scratch = fs.mkdtempSync(
      path.join(os.tmpdir(), `ipsec-lens-vscode-${mode}-`),
    );
    const workspace = path.join(scratch, "workspace");
    const userDataDir = path.join(scratch, "user-data");
    const resultsFile = path.join(scratch, "results.json");
    fs.mkdirSync(workspace, { recursive: true });
    fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, "User", "settings.json"),
      JSON.stringify(settings(mode), null, 2),
    );
    const launchArgs = [
      workspace,
      "--user-data-dir",
      userDataDir,
      "--extensions-dir",
      path.join(scratch, "extensions"),
      "--disable-extensions",
      "--skip-welcome",
      "--skip-release-notes",
      "--disable-gpu",
      "--no-sandbox",
    ];
    if (mode === "trusted") {
      launchArgs.push("--disable-workspace-trust");
    }
    try {
      await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO,
        extensionTestsPath,
        launchArgs,
        extensionTestsEnv: {
          IPSEC_LENS_REPO: REPO,
          IPSEC_LENS_TRUST_MODE: mode,
          IPSEC_LENS_RESULTS: resultsFile,
        },
      });
    } catch (error) {
      process.stderr.write(
        `${mode}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    if (fs.existsSync(resultsFile)) {
      const { passes, failures } = JSON.parse(
        fs.readFileSync(resultsFile, "utf8"),
      );
      totals.passes += passes;
      totals.failures += failures;
    } else {
      // VS Code or the suite died before counting: count the mode as one failure.
      totals.failures += 1;
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${totals.passes} passed, ${totals.failures} failed\n`,
  );
  process.exitCode = totals.failures > 0 ? 1 : 0;
}

main().catch((error) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
