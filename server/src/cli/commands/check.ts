import { parseArgs } from "node:util";
import { analyseFiles } from "../analyze";
import { collectInputs } from "../files";
import type { Severity } from "../../core/diagnostics/severity";
import { formatGithub } from "../formats/github";
import { formatJson } from "../formats/json";
import { formatSarif } from "../formats/sarif";
import { formatText, summaryLine } from "../formats/text";
import { EXIT, UsageError, type CliIo } from "../io";
import { nowOption, readConfigFile } from "../options";
import type { CliCommand } from "./command";

const FORMATS = ["text", "json", "sarif", "github"] as const;

/**
 * The lowest severity that makes `check` exit 1, for `--fail-on`: a pipeline that must keep
 * warnings out fails on them too; `never` reports without failing. Hints count as information.
 */
const FAIL_ON: Readonly<Record<string, readonly Severity[]>> = {
  error: ["error"],
  warning: ["error", "warning"],
  information: ["error", "warning", "information", "hint"],
  never: [],
};

/** `ipsec-lens check`: the diagnostics of files and folders. */
export const checkCommand: CliCommand = {
  name: "check",
  usage:
    "check [--format text|json|sarif|github] [--fail-on error|warning|information|never] [--config FILE] [--reveal-secrets] [--now DATE] PATH...",
  summary:
    "report the diagnostics of configs and captures (files or folders, recursively)",
  run(args: string[], io: CliIo, version: string): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        "fail-on": { type: "string", default: "error" },
        config: { type: "string" },
        "reveal-secrets": { type: "boolean", default: false },
        "max-file-size": { type: "string" },
        now: { type: "string" },
      },
    });
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new UsageError(
        `unknown format "${values.format}": use text, json, sarif or github`,
      );
    }
    const failOn = Object.hasOwn(FAIL_ON, values["fail-on"]!)
      ? FAIL_ON[values["fail-on"]!]!
      : undefined;
    if (!failOn) {
      throw new UsageError(
        `unknown --fail-on "${values["fail-on"]}": use error, warning, information or never`,
      );
    }
    if (!positionals.length) {
      throw new UsageError("check needs at least one file or folder");
    }
    const maxFileSize =
      values["max-file-size"] === undefined
        ? undefined
        : Number(values["max-file-size"]);
    if (maxFileSize !== undefined && !(maxFileSize > 0)) {
      throw new UsageError("--max-file-size takes a positive number of bytes");
    }
    const now = nowOption(values.now);
    const options = readConfigFile(
      values.config,
      values["reveal-secrets"] === true,
      maxFileSize,
    );
    const { files, errors } = collectInputs(
      positionals,
      options.settings.maxFileSize,
    );
    for (const error of errors) {
      io.err(`ipsec-lens: ${error}\n`);
    }
    const results = analyseFiles(
      files,
      options.settings,
      options.overrides,
      (m) => io.err(`ipsec-lens: ${m}\n`),
      now,
    );
    if (format === "json") {
      io.out(formatJson(results));
    } else if (format === "sarif") {
      io.out(formatSarif(results, version));
    } else if (format === "github") {
      io.out(formatGithub(results));
      io.err(summaryLine(results) + "\n");
    } else {
      io.out(formatText(results));
      io.err(summaryLine(results) + "\n");
    }
    if (errors.length) {
      return EXIT.USAGE;
    }
    return results.some((r) =>
      r.findings.some((f) => failOn.includes(f.severity)),
    )
      ? EXIT.FINDINGS
      : EXIT.OK;
  },
};
