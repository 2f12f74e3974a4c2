import { parseConfigLines } from "../config/parser";
import { routerName, type ConfigModel } from "../config/model";
import type { WorkspaceConfig, WorkspaceView } from "../checks/check";
import { WHOLE_CONFIG_OPTIONS } from "../knowledge/printedConfigs";
import { execCommand, promptOn } from "./describe";
import type { CaptureModel } from "./model";
import type { ShowBlock } from "./show/types";

/**
 * The configurations a capture prints (`show running-config`, `show startup-config`, or a part of
 * one through `| section`), read as configs. Engineers paste them beside the debug output that
 * failed; read as a config, such a block gets the config checks and hovers, and it stands for its
 * router's config when the workspace has none.
 */

/** A configuration printed in a capture. */
export interface CapturedConfig {
  /** The show output it was printed as. */
  block: ShowBlock;
  /** The router: the config's own `hostname`, else the prompt's. */
  router?: string;
  /** The first and last lines of the configuration proper (headers left out). */
  startLine: number;
  endLine: number;
  /** Read with the capture's line numbers, so every range of the model points into the capture. */
  model: ConfigModel;
  /**
   * How much of the configuration was printed: `whole`, `sections` (`| section`: whole sections
   * only) or `lines` (`| include`, `| begin`, `show running-config interface X`...). A part cannot
   * tell what is missing, so it gets only the codes of `knowledge/printedConfigs.ts`, takes no
   * part in the peer checks and does not stand for its router.
   */
  extent: "whole" | "sections" | "lines";
}

/**
 * Lines that `show running-config` and `show startup-config` print before the configuration
 * itself; they are not commands. (`!` comments need no entry: the config parser skips them.)
 */
const HEADER_LINES: readonly RegExp[] = [
  /^\s*Building configuration\.\.\.\s*$/i,
  /^\s*Current configuration\s*:/i,
  /^\s*Using \d+ out of \d+ bytes/i,
];

/** A line `end`: where a whole configuration stops (anything after it is not config). */
const END_LINE = /^end\s*$/;

/**
 * At most this many blocks are read, the last ones: a capture that printed the configuration a
 * hundred times is about the latest; each block costs a config parse.
 */
export const MAX_CAPTURED_CONFIGS = 32;

const CACHE = new WeakMap<CaptureModel, readonly CapturedConfig[]>();

/** The configurations the capture prints, in order; read once per model. */
export function capturedConfigs(
  model: CaptureModel,
): readonly CapturedConfig[] {
  const cached = CACHE.get(model);
  if (cached) {
    return cached;
  }
  const blocks = model.shows.filter(
    (b) => b.kind === "running-config" && b.endLine >= b.startLine,
  );
  const out: CapturedConfig[] = [];
  for (const block of blocks.slice(-MAX_CAPTURED_CONFIGS)) {
    // Read as the show parsers read it: pager marks replayed, log messages in the middle left out.
    const lines = model.outputLines ?? model.lines;
    const config = readBlock(lines, block, printedExtent(model, block));
    if (config) {
      out.push(config);
    }
  }
  CACHE.set(model, out);
  return out;
}

/** How much of the configuration the block's command printed (see `CapturedConfig.extent`). */
function printedExtent(
  model: CaptureModel,
  block: ShowBlock,
): CapturedConfig["extent"] {
  const prompt =
    block.promptLine !== undefined
      ? promptOn(model, block.promptLine)
      : undefined;
  const command = prompt && execCommand(prompt.mode, prompt.command);
  if (!command) {
    return "whole";
  }
  const bar = command.indexOf("|");
  const filter =
    bar >= 0
      ? command
          .slice(bar + 1)
          .trim()
          .toLowerCase()
      : "";
  const words = (bar >= 0 ? command.slice(0, bar) : command)
    .trim()
    .toLowerCase()
    .split(/\s+/);
  // `show running-config ...` (two words) or `more system:running-config` (two words).
  const options = words.slice(2);
  const whole = options.every((w) => WHOLE_CONFIG_OPTIONS.has(w));
  if (!filter) {
    return whole ? "whole" : "lines";
  }
  return whole && /^s/.test(filter) ? "sections" : "lines";
}

function readBlock(
  lines: readonly string[],
  block: ShowBlock,
  extent: CapturedConfig["extent"],
): CapturedConfig | undefined {
  let start = block.startLine;
  while (
    start <= block.endLine &&
    (lines[start]!.trim() === "" ||
      HEADER_LINES.some((pattern) => pattern.test(lines[start]!)))
  ) {
    start++;
  }
  if (start > block.endLine) {
    // Only the header was printed (the paste stops there).
    return undefined;
  }
  let end = start;
  while (end < block.endLine && !END_LINE.test(lines[end]!)) {
    end++;
  }
  // Log messages cut the printing before its `end` and it never came: the rest of the
  // configuration is lost, so only what the printed lines prove holds.
  if (block.cutAt !== undefined && !END_LINE.test(lines[end]!)) {
    extent = "lines";
  }
  const model = parseConfigLines(lines, start, end + 1);
  if (!model.tree.roots.length) {
    return undefined;
  }
  if (!model.hostname && block.router) {
    model.printedBy = block.router;
  }
  return {
    block,
    router: routerName(model),
    startLine: start,
    endLine: end,
    model,
    extent,
  };
}

/** The captured configuration whose lines hold `line`, if any. */
export function capturedConfigAt(
  model: CaptureModel,
  line: number,
): CapturedConfig | undefined {
  const show = model.lineShow[line];
  if (
    show === undefined ||
    show < 0 ||
    model.shows[show]?.kind !== "running-config"
  ) {
    return undefined;
  }
  return capturedConfigs(model).find(
    (c) => line >= c.startLine && line <= c.endLine,
  );
}

/**
 * The whole configuration the capture prints for `router` that was current at `line`: the last
 * one printed before it, else the first one after it (the engineer often shows the config once
 * the debug has failed). Printings of a part are left out: they cannot stand for the router.
 */
export function capturedConfigOf(
  model: CaptureModel,
  router: string,
  line: number,
): CapturedConfig | undefined {
  const name = router.toLowerCase();
  let before: CapturedConfig | undefined;
  for (const config of capturedConfigs(model)) {
    if (config.extent !== "whole" || config.router?.toLowerCase() !== name) {
      continue;
    }
    if (config.startLine > line) {
      return before ?? config;
    }
    before = config;
  }
  return before;
}

const AS_WORKSPACE = new WeakMap<CapturedConfig, WorkspaceConfig>();

/** What follows the capture's URI in a captured configuration's, before its first line. */
const PRINTED_FRAGMENT = "#running-config-";
const PRINTED_PLACE = new RegExp(`([^\\\\/]*)${PRINTED_FRAGMENT}(\\d+)$`);

/**
 * A captured configuration as a workspace config, so checks that compare routers can use it. Its
 * URI is the capture's with a fragment per configuration (each router must have its own: the
 * peer analysis tells routers apart by URI); `inCaptureTerms` maps it back to the capture.
 */
export function asWorkspaceConfig(
  captureUri: string,
  config: CapturedConfig,
): WorkspaceConfig {
  let out = AS_WORKSPACE.get(config);
  if (!out) {
    out = {
      uri: `${captureUri}${PRINTED_FRAGMENT}${config.startLine + 1}`,
      model: config.model,
    };
    AS_WORKSPACE.set(config, out);
  }
  return out;
}

/**
 * Where a captured configuration's URI points, as `capture.ioslog:12` (the capture's file name
 * and the configuration's first line): how the peer analysis names a router whose printed
 * configuration has no `hostname`. Undefined for any other URI.
 */
export function printedConfigPlace(uri: string): string | undefined {
  const m = PRINTED_PLACE.exec(uri);
  if (!m) {
    return undefined;
  }
  let file = m[1]!;
  try {
    file = decodeURIComponent(file);
  } catch {
    // A name that is not valid percent-encoding stays as written.
  }
  return `${file}:${m[2]}`;
}

/** True when `uri` is the capture's own or one of its captured configurations'. */
export function isCaptureUri(captureUri: string, uri: string): boolean {
  return (
    uri === captureUri ||
    (uri.startsWith(captureUri) &&
      uri.startsWith(PRINTED_FRAGMENT, captureUri.length))
  );
}

/**
 * The configs a line of the capture is judged against: the workspace's, and for each router the
 * capture prints a configuration of but the workspace has no file for, that configuration as it
 * was at `line`. A config file of the same router gives way to the printed one when `printedFirst`
 * (the printed one is what ran).
 */
export function configsAt(
  model: CaptureModel,
  captureUri: string,
  workspace: WorkspaceView | undefined,
  line: number,
  printedFirst = false,
): WorkspaceConfig[] {
  const files = workspace?.configs ?? [];
  const captured = capturedConfigs(model).filter((c) => c.extent === "whole");
  if (!captured.length) {
    return files as WorkspaceConfig[];
  }
  const routers = new Map<string, CapturedConfig>();
  for (const config of captured) {
    const name = config.router?.toLowerCase() ?? `#${config.startLine}`;
    if (!routers.has(name)) {
      routers.set(
        name,
        (config.router && capturedConfigOf(model, config.router, line)) ||
          config,
      );
    }
  }
  const fileRouters = new Set(
    files.map((c) => c.model.hostname?.name.toLowerCase()),
  );
  const out: WorkspaceConfig[] = printedFirst
    ? files.filter(
        (c) => !routers.has(c.model.hostname?.name.toLowerCase() ?? ""),
      )
    : [...files];
  for (const [name, config] of routers) {
    if (printedFirst || !fileRouters.has(name)) {
      out.push(asWorkspaceConfig(captureUri, config));
    }
  }
  return out;
}
