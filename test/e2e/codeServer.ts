import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import type { CodeServerInstall } from "./setup";
import { killGroupOnExit } from "./processes";

/** Whether the workbench trusts the opened folder or opens it in Restricted Mode. */
export type TrustMode = "trusted" | "restricted";

/** The ids of the extension as the .vsix installs it. */
export const EXTENSION_ID = "ipsec-lens.ipsec-lens";

/**
 * User settings of the throw-away profile: nothing may cover the editor or steal focus (welcome
 * page, walkthroughs, chat, tips, update and telemetry prompts), and the features under test are
 * on (inlay hints, code lens, quick hover).
 */
function userSettings(mode: TrustMode): Record<string, unknown> {
  return {
    "workbench.startupEditor": "none",
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.editor.enablePreview": false,
    "workbench.layoutControl.enabled": false,
    "window.commandCenter": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "chat.disableAIFeatures": true,
    "chat.commandCenter.enabled": false,
    "git.enabled": false,
    "git.openRepositoryInParentFolders": "never",
    "npm.autoDetect": "off",
    "typescript.tsc.autoDetect": "off",
    "files.autoSave": "off",
    "editor.minimap.enabled": false,
    "editor.accessibilitySupport": "off",
    "editor.hover.delay": 150,
    "editor.hover.sticky": true,
    "editor.inlayHints.enabled": "on",
    "editor.codeLens": true,
    "editor.lightbulb.enabled": "on",
    "editor.fontSize": 14,
    "workbench.colorTheme": "Default Dark Modern",
    "security.workspace.trust.enabled": mode === "restricted",
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.untrustedFiles": "open",
    "security.workspace.trust.emptyWindow": false,
  };
}

/** A running code-server, reachable at `url`. */
export interface RunningCodeServer {
  url: string;
  mode: TrustMode;
  logFile: string;
  /** The workbench URL that opens a folder. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

/**
 * Installs the packaged extension into a fresh extensions folder, the way a user installs a
 * .vsix, with code-server's own `--install-extension`.
 */
export function installExtension(
  install: CodeServerInstall,
  vsix: string,
  profileDir: string,
): { extensionsDir: string } {
  const extensionsDir = path.join(profileDir, "extensions");
  const userDataDir = path.join(profileDir, "install-user-data");
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(
    install.node,
    [
      install.entry,
      ...commonArgs(profileDir, userDataDir, extensionsDir),
      "--force",
      "--install-extension",
      vsix,
    ],
    {
      encoding: "utf8",
      env: { ...process.env, PATH: install.pathEnv },
      timeout: 120_000,
    },
  );
  const installed = fs
    .readdirSync(extensionsDir)
    .some((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (result.status !== 0 || !installed) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { extensionsDir };
}

/**
 * Starts code-server on 127.0.0.1 with a free port and a throw-away profile, in its own process
 * group so that stopping it also ends the extension host and our language server.
 */
export async function startCodeServer(
  install: CodeServerInstall,
  options: {
    mode: TrustMode;
    profileDir: string;
    extensionsDir: string;
    logDir: string;
  },
): Promise<RunningCodeServer> {
  const { mode, profileDir, extensionsDir } = options;
  const userDataDir = path.join(profileDir, `user-data-${mode}`);
  fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, "User", "settings.json"),
    JSON.stringify(userSettings(mode), null, 2),
  );
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `code-server-${mode}.log`);
  const logFd = fs.openSync(logFile, "w");
  const port = await freePort();
  const args = [
    install.entry,
    ...commonArgs(profileDir, userDataDir, extensionsDir),
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    // Windows closed by a test would otherwise keep their extension host for hours.
    "--reconnection-grace-time",
    "5",
    "--ignore-last-opened",
  ];
  if (mode === "trusted") {
    args.push("--disable-workspace-trust");
  }
  const child = spawn(install.node, args, {
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, PATH: install.pathEnv },
  });
  fs.closeSync(logFd);
  const release = killGroupOnExit(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopGroup(child);
    release();
  };
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    mode,
    logFile,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    stop,
  };
}

/** Arguments every code-server call gets: a config file of ours, never the user's. */
function commonArgs(
  profileDir: string,
  userDataDir: string,
  extensionsDir: string,
): string[] {
  const config = path.join(profileDir, "code-server.yaml");
  if (!fs.existsSync(config)) {
    fs.mkdirSync(profileDir, { recursive: true });
    fs.writeFileSync(config, "auth: none\n");
  }
  return [
    "--config",
    config,
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
  ];
}

/** Asks the kernel for a port nobody listens on. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until code-server answers its health check, or fails early if it exited. */
async function waitForHealth(
  url: string,
  child: ChildProcess,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `exited with ${String(code ?? signal)}`;
  });
  while (Date.now() < deadline) {
    if (exited) {
      break;
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
  throw new Error(
    `code-server did not come up at ${url} (${exited ?? "timed out"}):\n${log}`,
  );
}

/** SIGTERM to the whole group, SIGKILL if it is still there after a grace period. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) {
    killQuietly(child.pid, "SIGKILL");
    return;
  }
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve()),
  );
  killQuietly(child.pid, "SIGTERM");
  const timer = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), 5000).unref(),
  );
  if ((await Promise.race([exited, timer])) === "timeout") {
    killQuietly(child.pid, "SIGKILL");
    await exited;
  }
  // Children that outlived their parent (an extension host, a language server) go too.
  killQuietly(child.pid, "SIGKILL");
}

function killQuietly(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
