import * as v8 from "node:v8";
import * as vm from "node:vm";

/**
 * A full garbage collection on demand. V8 reclaims an old model only once the heap has grown
 * past its next limit, so re-parsing a 50 MB capture after an edit would briefly hold two
 * versions (about 600 MB). Collecting right after the old version is let go keeps the peak near
 * one version's. Node hides `gc` unless started with --expose-gc; the flag can still be set at
 * run time and the function read from a fresh context.
 */
let collector: (() => void) | undefined | null = null;

/** Runs a full collection; false when this runtime refuses to expose one. */
export function collectGarbage(): boolean {
  if (collector === null) {
    try {
      v8.setFlagsFromString("--expose-gc");
      collector = vm.runInNewContext("gc") as () => void;
    } catch {
      collector = undefined;
    }
  }
  collector?.();
  return collector !== undefined;
}
