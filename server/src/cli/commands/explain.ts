import { parseArgs } from "node:util";
import { explainCapture, explainData } from "../../core/capture/explain";
import type { WorkspaceConfig } from "../../core/checks/check";
import { parseDocument, validate } from "../../core/languageService";
import { analyseFiles } from "../analyze";
import { collectInputs } from "../files";
import { toJsonFindings } from "../formats/json";
import { EXIT, UsageError, type CliIo } from "../io";
import { readConfigFile } from "../options";
import type { CliCommand } from "./command";

/**
 * `ipsec-lens explain FILE [CONFIG...]`: the timeline and verdict of a capture in plain text.
 * Configs given after the capture form the workspace, so the findings can point at their lines.
 */
export const explainCommand: CliCommand = {
  name: "explain",
  usage:
    "explain [--format text|json] [--config FILE] [--reveal-secrets] CAPTURE [CONFIG...]",
  summary:
    "print the timeline of a debug capture and the verdict, in plain text (configs given after it are used for the fixes)",
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        config: { type: "string" },
        "reveal-secrets": { type: "boolean", default: false },
      },
    });
    if (values.format !== "text" && values.format !== "json") {
      throw new UsageError(
        `unknown format "${values.format}": use text or json`,
      );
    }
    const [capture, ...rest] = positionals;
    if (capture === undefined) {
      throw new UsageError("explain needs a capture file");
    }
    const options = readConfigFile(
      values.config,
      values["reveal-secrets"] === true,
    );
    const { files, errors } = collectInputs(
      [capture],
      options.settings.maxFileSize,
    );
    const others = rest.length
      ? collectInputs(rest, options.settings.maxFileSize)
      : { files: [], errors: [] };
    for (const error of [...errors, ...others.errors]) {
      io.err(`ipsec-lens: ${error}\n`);
    }
    const file = files[0];
    if (!file) {
      if (!errors.length) {
        io.err(`ipsec-lens: ${capture}: not a file\n`);
      }
      return EXIT.USAGE;
    }
    // The first path is a capture whatever its name says.
    const parsed = parseDocument(
      {
        uri: file.uri,
        languageId: "cisco-ios-log",
        text: file.text,
        size: file.size,
      },
      options.settings,
    );
    if (parsed.kind !== "capture") {
      io.err(
        `ipsec-lens: ${file.path}: ${parsed.kind === "skipped" ? parsed.finding.message : "not a capture"}\n`,
      );
      return EXIT.USAGE;
    }
    const configs: WorkspaceConfig[] = [];
    for (const other of others.files) {
      const doc = parseDocument(
        {
          uri: other.uri,
          languageId: other.languageId,
          text: other.text,
          size: other.size,
        },
        options.settings,
      );
      if (doc.kind === "config") {
        configs.push({ uri: doc.uri, model: doc.model });
      }
    }
    const findings = validate(
      parsed,
      {
        settings: options.settings,
        overrides: options.overrides,
        workspace: { configs },
      },
      (family, error) =>
        io.err(`ipsec-lens: check ${family} failed: ${String(error)}\n`),
    );
    if (values.format === "json") {
      // The findings as `check --format json` gives them (masked, plain text), the rest as data.
      const results = analyseFiles(
        [{ ...file, languageId: "cisco-ios-log" }, ...others.files],
        options.settings,
        options.overrides,
        (m) => io.err(`ipsec-lens: ${m}\n`),
      );
      const own = results.slice(0, 1);
      io.out(
        JSON.stringify(
          {
            file: file.path,
            ...explainData(parsed.model, findings),
            findings: toJsonFindings(own).map(({ file: _, ...f }) => f),
          },
          null,
          2,
        ) + "\n",
      );
    } else {
      io.out(explainCapture(parsed.model, findings));
    }
    return others.errors.length ? EXIT.USAGE : EXIT.OK;
  },
};
