import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { RegexJob, RegexReport } from "./regexWorker";

/** The slowest input of one regex. */
export interface RegexTiming {
  index: number;
  maxMs: number;
  /** The same input at a tenth of the length. */
  tenthMs: number;
  worst: string;
  /** The slowest 40-character input. */
  shortMs: number;
  short: string;
  /** Set when the regex did not compile or did not finish before the watchdog. */
  problem?: string;
}

/**
 * Runs every regex on its adversarial inputs in a worker. A regex still running after `hangMs` is
 * reported as hanging, the worker is terminated and a new one resumes with the next regex.
 */
export async function timeRegexes(
  job: Omit<RegexJob, "from">,
  hangMs: number,
): Promise<RegexTiming[]> {
  const results: RegexTiming[] = [];
  let from = 0;
  while (from < job.regexes.length) {
    from = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(
        `require("tsx/cjs/api").register(); require(${JSON.stringify(path.join(__dirname, "regexWorker.ts"))});`,
        { eval: true, workerData: { ...job, from } satisfies RegexJob },
      );
      let current = from;
      let watchdog: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          results.push({
            index: current,
            maxMs: hangMs,
            tenthMs: 0,
            worst: "",
            shortMs: 0,
            short: "",
            problem: `did not finish within ${hangMs} ms (catastrophic or polynomial backtracking)`,
          });
          void worker.terminate().then(() => resolve(current + 1));
        }, hangMs);
      };
      arm();
      worker.on("message", (report: RegexReport) => {
        if (report.type === "begin") {
          current = report.index;
          arm();
        } else if (report.type === "end") {
          results.push({
            index: report.index,
            maxMs: report.maxMs,
            tenthMs: report.tenthMs,
            worst: report.worst,
            shortMs: report.shortMs,
            short: report.short,
          });
        } else if (report.type === "error") {
          results.push({
            index: report.index,
            maxMs: 0,
            tenthMs: 0,
            worst: "",
            shortMs: 0,
            short: "",
            problem: report.message,
          });
        } else {
          clearTimeout(watchdog);
          void worker.terminate().then(() => resolve(job.regexes.length));
        }
      });
      worker.on("error", (error) => {
        clearTimeout(watchdog);
        reject(error);
      });
    });
  }
  return results.sort((a, b) => a.index - b.index);
}
