import * as fs from "node:fs";
import * as path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import * as oniguruma from "vscode-oniguruma";
import { adversarialInputs } from "./adversarial";

/**
 * Runs in a worker thread so that a regex that never finishes can be stopped from outside
 * (Worker.terminate interrupts a running regex; nothing inside the same thread can).
 */

/** What the test asks the worker to run. */
export interface RegexJob {
  engine: "js" | "oniguruma";
  regexes: { source: string; flags: string }[];
  /** Index of the first regex to run (after a restart). */
  from: number;
  length: number;
  /** A regex over this many ms on one input (and superlinear) fails: its other inputs are skipped. */
  boundMs: number;
}

/** What the worker reports. */
export type RegexReport =
  | { type: "begin"; index: number }
  | {
      type: "end";
      index: number;
      /** Slowest input at the full length. */
      maxMs: number;
      /** Time of the same input at a tenth of the length (linear: about a tenth). */
      tenthMs: number;
      /** Slowest input of 40 characters: exponential backtracking shows there already. */
      shortMs: number;
      short: string;
      worst: string;
      inputs: number;
    }
  | { type: "error"; index: number; message: string }
  | { type: "done" };

const job = workerData as RegexJob;

/** Length of the short inputs. */
const SHORT_LENGTH = 40;
const post = (report: RegexReport): void => parentPort!.postMessage(report);

/** Text of an input for a failure message: its start and its length. */
function describe(input: string): string {
  const head = JSON.stringify(input.slice(0, 24));
  return `${head}... (${input.length} chars)`;
}

async function main(): Promise<void> {
  if (job.engine === "oniguruma") {
    const wasm = fs.readFileSync(
      path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"),
    );
    await oniguruma.loadWASM(
      wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    );
  }
  for (let index = job.from; index < job.regexes.length; index++) {
    const { source, flags } = job.regexes[index]!;
    post({ type: "begin", index });
    let exec: (input: string) => void;
    try {
      if (job.engine === "js") {
        const re = new RegExp(source, flags);
        exec = (input) => {
          re.lastIndex = 0;
          if (re.global) {
            // A global regex is used in a loop over every match: run the whole loop.
            input.replace(re, "");
          } else {
            re.exec(input);
          }
        };
      } else {
        const scanner = new oniguruma.OnigScanner([source]);
        exec = (input) => {
          const s = new oniguruma.OnigString(input);
          scanner.findNextMatchSync(s, 0);
          s.dispose();
        };
      }
    } catch (error) {
      post({
        type: "error",
        index,
        message: `does not compile: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    let maxMs = 0;
    let tenthMs = 0;
    let worst = "";
    let shortMs = 0;
    let short = "";
    const time = (input: string): number => {
      const started = performance.now();
      exec(input);
      return performance.now() - started;
    };
    for (const input of adversarialInputs(source, flags, SHORT_LENGTH)) {
      const ms = time(input);
      if (ms > shortMs) {
        shortMs = ms;
        short = describe(input);
      }
    }
    const small = adversarialInputs(source, flags, job.length / 10);
    const inputs = adversarialInputs(source, flags, job.length);
    for (let k = 0; k < inputs.length && shortMs <= job.boundMs; k++) {
      const tenth = time(small[k] ?? "");
      const ms = time(inputs[k]!);
      if (ms > maxMs) {
        maxMs = ms;
        tenthMs = tenth;
        worst = describe(inputs[k]!);
      }
      if (ms > job.boundMs) {
        break;
      }
    }
    post({
      type: "end",
      index,
      maxMs,
      tenthMs,
      worst,
      shortMs,
      short,
      inputs: inputs.length,
    });
  }
  post({ type: "done" });
}

void main();
