import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { LanguageId } from "../../../server/src/core/document";
import type { PropertyJob, PropertyReport } from "./propertyWorker";

/**
 * Runs a fuzz property in a worker thread with a watchdog. The core is synchronous: a case that
 * loops forever would hang the whole test run with no word of the input. Here the worker is
 * stopped after `hangMs` without progress, and the failure names the case that was running.
 */
export function runProperty(
  name: string,
  timeLimitMs: number,
  hangMs: number,
): Promise<{ failed: boolean; message: string }> {
  return runJob({ kind: "property", name, timeLimitMs }, hangMs);
}

/** Runs one of SHAPES through the pipeline in a worker, stopped after `hangMs`. */
export function runShape(
  name: string,
  languageId: LanguageId,
  hangMs: number,
): Promise<{ failed: boolean; message: string }> {
  return runJob({ kind: "shape", name, languageId }, hangMs);
}

function runJob(
  job: PropertyJob,
  hangMs: number,
): Promise<{ failed: boolean; message: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `require("tsx/cjs/api").register(); require(${JSON.stringify(path.join(__dirname, "propertyWorker.ts"))});`,
      { eval: true, workerData: job },
    );
    let current = "(before the first case)";
    let watchdog: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        resolve({
          failed: true,
          message: `a case ran for more than ${hangMs} ms without finishing: ${current}`,
        });
      }, hangMs);
    };
    arm();
    worker.on("message", (report: PropertyReport) => {
      if (report.type === "case") {
        current = report.description;
        arm();
      } else {
        clearTimeout(watchdog);
        void worker.terminate();
        resolve({ failed: report.failed, message: report.message });
      }
    });
    worker.on("error", (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
  });
}
