import fc from "fast-check";
import { parentPort, workerData } from "node:worker_threads";
import { fuzzParameters } from "./arbitraries";
import type { LanguageId } from "../../../server/src/core/document";
import { exercise } from "./pipeline";
import { PROPERTIES, SHAPES } from "./properties";

/** What the worker is asked to run: a property of PROPERTIES, or one of SHAPES in a language. */
export type PropertyJob =
  | {
      kind: "property";
      name: string;
      /** fast-check stops (and shrinks no further) after this long. */
      timeLimitMs: number;
    }
  | { kind: "shape"; name: string; languageId: LanguageId };

/** What the worker reports. */
export type PropertyReport =
  | { type: "case"; description: string }
  | { type: "done"; failed: boolean; message: string };

const job = workerData as PropertyJob;
const post = (report: PropertyReport): void => parentPort!.postMessage(report);
if (job.kind === "shape") {
  post({ type: "case", description: `${job.name} (${job.languageId})` });
  let message = "";
  try {
    exercise(SHAPES[job.name]!(), {
      languageId: job.languageId,
      workspace: true,
      applyFixes: false,
    });
  } catch (error) {
    message =
      error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  post({ type: "done", failed: message !== "", message });
} else {
  const entry = PROPERTIES[job.name]!;
  const details = fc.check(
    entry.property((description) => post({ type: "case", description })),
    {
      ...fuzzParameters(entry.runs),
      interruptAfterTimeLimit: job.timeLimitMs,
      markInterruptAsFailure: true,
    },
  );
  post({
    type: "done",
    failed: details.failed,
    message: details.failed
      ? (fc.defaultReportMessage(details) ?? "failed")
      : "",
  });
}
