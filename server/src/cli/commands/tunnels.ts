import { parseArgs } from "node:util";
import { configsAt } from "../../core/capture/runningConfigs";
import type { CaptureModel } from "../../core/capture/model";
import type { WorkspaceConfig } from "../../core/checks/check";
import { parseDocument } from "../../core/languageService";
import {
  buildTunnelReport,
  tunnelReportJsonChunks,
  renderTunnelReportMarkdown,
  renderTunnelReportText,
} from "../../core/peers/tunnelReport";
import { collectInputs } from "../files";
import { EXIT, outPieces, UsageError, type CliIo } from "../io";
import { nowOption, readConfigFile } from "../options";
import type { CliCommand } from "./command";

const FORMATS = ["text", "json", "markdown"] as const;

/** Outcomes that mean a tunnel will not come up at all; the exit status is 1 when a pair has one. */
const FAILED = new Set([
  "PHASE1_FAILED",
  "PHASE1_KEY_MISMATCH",
  "PHASE2_FAILED",
  "NOT_STARTED",
]);

/** `ipsec-lens tunnels`: the predicted outcome of every pair of peers among the given configs. */
export const tunnelsCommand: CliCommand = {
  name: "tunnels",
  usage: "tunnels [--format text|json|markdown] [--all] [--now DATE] PATH...",
  summary:
    "pair the configs' crypto maps and tunnel interfaces (configs printed in captures too) and predict each tunnel's outcome (exit 1 when one fails; healthy spoke-to-spoke pairs of a DMVPN cloud are summarised unless --all)",
  run(args: string[], io: CliIo): number {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        all: { type: "boolean", default: false },
        "max-file-size": { type: "string" },
        now: { type: "string" },
      },
    });
    const now = nowOption(values.now);
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new UsageError(
        `unknown format "${values.format}": use text, json or markdown`,
      );
    }
    if (!positionals.length) {
      throw new UsageError("tunnels needs at least one config file or folder");
    }
    const maxFileSize =
      values["max-file-size"] === undefined
        ? undefined
        : Number(values["max-file-size"]);
    if (maxFileSize !== undefined && !(maxFileSize > 0)) {
      throw new UsageError("--max-file-size takes a positive number of bytes");
    }
    const { settings } = readConfigFile(undefined, false, maxFileSize);
    const { files, errors } = collectInputs(positionals, settings.maxFileSize);
    for (const error of errors) {
      io.err(`ipsec-lens: ${error}\n`);
    }
    const paths = new Map<string, string>();
    let configs: WorkspaceConfig[] = [];
    const captures: { path: string; uri: string; model: CaptureModel }[] = [];
    for (const file of files) {
      const parsed = parseDocument(
        {
          uri: file.uri,
          languageId: file.languageId,
          text: file.text,
          size: file.size,
        },
        settings,
      );
      if (parsed.kind === "config") {
        configs.push({ uri: parsed.uri, model: parsed.model });
        paths.set(parsed.uri, file.path);
      } else if (parsed.kind === "capture") {
        captures.push({
          path: file.path,
          uri: parsed.uri,
          model: parsed.model,
        });
      } else if (parsed.kind === "skipped") {
        io.err(`ipsec-lens: ${file.path}: ${parsed.finding.message}\n`);
      }
    }
    // The configurations captures print take part, each router's last printing, for the routers
    // no config file given is of (as in the editor's report).
    for (const capture of captures) {
      const before = new Set(configs);
      configs = configsAt(capture.model, capture.uri, { configs }, Infinity);
      for (const printed of configs) {
        if (!before.has(printed)) {
          paths.set(printed.uri, capture.path);
        }
      }
    }
    const report = buildTunnelReport({ configs, now });
    if (format === "json") {
      // In pieces: a big DMVPN cloud's report is more JSON than one string holds.
      outPieces(io, tunnelReportJsonChunks(report));
    } else if (format === "markdown") {
      // The editor's preview, for a pipeline's job summary (no links: the files are not at hand).
      io.out(
        renderTunnelReportMarkdown(
          report,
          (uri) => paths.get(uri) ?? uri,
          undefined,
          { all: values.all },
        ) + "\n",
      );
    } else {
      io.out(
        renderTunnelReportText(report, (uri) => paths.get(uri) ?? uri, {
          all: values.all,
        }),
      );
    }
    if (errors.length) {
      return EXIT.USAGE;
    }
    return report.pairs.some((p) => FAILED.has(p.outcome))
      ? EXIT.FINDINGS
      : EXIT.OK;
  },
};
