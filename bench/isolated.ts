import { execFileSync } from "node:child_process";
import type { LanguageId } from "../server/src/core/document";
import {
  measureFile,
  measureWorkspace,
  type CoreTiming,
  type WorkspaceTiming,
} from "./coreBench";

/**
 * Core measurements, each in a process of its own. In the bench's own process the heap still
 * holds what generating 100 MB of inputs and measuring the other inputs left behind, and the
 * collector's work on it was charged to whatever ran next (config-100k: 168 ms alone, 299 ms
 * after the generators). A server analyses a file without such a past.
 */
function inChild<T>(args: string[]): T {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, __filename, ...args],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out) as T;
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

if (require.main === module) {
  const [what, ...rest] = process.argv.slice(2);
  const result =
    what === "file"
      ? measureFile(rest[0]!, rest[1] as LanguageId, Number(rest[2]))
      : measureWorkspace(rest[0]!, Number(rest[1]));
  process.stdout.write(JSON.stringify(result));
}
