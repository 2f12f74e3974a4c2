import { parseArgs } from "node:util";
import { analyseFiles } from "../analyze";
import { collectInputs } from "../files";
import { formatJson } from "../formats/json";
import { formatSarif } from "../formats/sarif";
import { formatText, summaryLine } from "../formats/text";
import { EXIT, UsageError, type CliIo } from "../io";
import { readConfigFile } from "../options";
import type { CliCommand } from "./command";

const FORMATS = ["text", "json", "sarif"] as const;

/** `ipsec-lens check`: the diagnostics of files and folders. */
export const checkCommand: CliCommand = {
  name: "check",
  usage:
    "check [--format text|json|sarif] [--config FILE] [--reveal-secrets] PATH...",
  summary:
    "report the diagnostics of configs and captures (files or folders, recursively)",
  run(args: string[], io: CliIo, version: string): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        config: { type: "string" },
        "reveal-secrets": { type: "boolean", default: false },
        "max-file-size": { type: "string" },
      },
    });
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new UsageError(
        `unknown format "${values.format}": use text, json or sarif`,
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
    );
    if (format === "json") {
      io.out(formatJson(results));
    } else if (format === "sarif") {
      io.out(formatSarif(results, version));
    } else {
      io.out(formatText(results));
      io.err(summaryLine(results) + "\n");
    }
    if (errors.length) {
      return EXIT.USAGE;
    }
    return results.some((r) => r.findings.some((f) => f.severity === "error"))
      ? EXIT.FINDINGS
      : EXIT.OK;
  },
};
