import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildSync } from "esbuild";
import type { LanguageId } from "../server/src/core/document";
import {
  measureFile,
  measureWorkspace,
  measureWorkspaceEdit,
  type CoreTiming,
  type WorkspaceEditTiming,
  type WorkspaceTiming,
} from "./coreBench";

/**
 * Core measurements, each in a process of its own. In the bench's own process the heap still
 * holds what generating 100 MB of inputs and measuring the other inputs left behind, and the
 * collector's work on it was charged to whatever ran next (config-100k: 168 ms alone, 299 ms
 * after the generators). A server analyses a file without such a past.
 *
 * The child runs this file bundled by esbuild, as the server and the CLI are shipped, not through
 * tsx: tsx compiles module by module, and every call across modules then goes through a getter on
 * the module object (config-100k parse 108-123 ms that way, 74-80 ms bundled).
 */
function inChild<T>(args: string[]): T {
  // `--expose-gc` lets a measure weigh the heap after a full collection (the DMVPN cloud's).
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", coreBundle(), ...args],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out) as T;
}

let bundled: string | undefined;

/** This file bundled (once per bench run) into bench/generated/, with the shipped bundles' options. */
function coreBundle(): string {
  if (!bundled) {
    const outfile = path.join(__dirname, "generated", "coreBench.js");
    buildSync({
      entryPoints: [__filename],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      external: ["esbuild"],
      logLevel: "warning",
    });
    bundled = outfile;
  }
  return bundled;
}

export function measureFileIsolated(
  p: string,
  languageId: LanguageId,
  runs: number,
): CoreTiming {
  return inChild(["file", p, languageId, String(runs)]);
}

export function measureWorkspaceIsolated(
  dir: string,
  runs: number,
): WorkspaceTiming {
  return inChild(["workspace", dir, String(runs)]);
}

export function measureWorkspaceEditIsolated(
  dir: string,
  edited: string,
  runs: number,
  toggled: string,
): WorkspaceEditTiming {
  return inChild(["edit", dir, edited, String(runs), toggled]);
}

if (require.main === module) {
  const [what, ...rest] = process.argv.slice(2);
  const result =
    what === "file"
      ? measureFile(rest[0]!, rest[1] as LanguageId, Number(rest[2]))
      : what === "edit"
        ? measureWorkspaceEdit(rest[0]!, rest[1]!, Number(rest[2]), rest[3])
        : measureWorkspace(rest[0]!, Number(rest[1]));
  process.stdout.write(JSON.stringify(result));
}
