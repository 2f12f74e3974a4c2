import type { CaptureModel } from "../capture/model";
import { foreignOutput } from "../capture/platform";
import type { ConfigModel } from "../config/model";
import { lineRange } from "../text/position";
import { foreignPlatform } from "../config/platform";
import { nodeRange } from "../config/tree";
import type { Finding } from "../diagnostics/finding";
import { relatedLine } from "./support/checkSupport";

/**
 * A config of another platform (a Cisco ASA) is not checked as IOS: its one-line crypto map
 * commands and tunnel groups would read as entries without peers applied nowhere, false errors
 * on a working firewall. The one finding says so instead, at the line that tells.
 */
export function unsupportedPlatform(model: ConfigModel): Finding | undefined {
  const foreign = foreignPlatform(model);
  if (!foreign) {
    return undefined;
  }
  const [first, ...others] = foreign.evidence;
  if (!first) {
    return undefined;
  }
  return {
    code: "unsupported-platform",
    range: nodeRange(first.node),
    message: `This looks like a ${foreign.platform} configuration: line ${first.node.line + 1} is ${first.why}. IPsec Lens checks IOS and IOS-XE configs, and a ${foreign.platform} keeps its peers, keys and crypto maps differently, so this file is not checked and takes no part in the workspace's tunnel analysis.`,
    related: others.map((e) => relatedLine(e.node, `also ${e.why}`)),
  };
}

/**
 * A capture holding another platform's output (a Cisco ASA's `show crypto ipsec sa`): said once,
 * at the first line that tells; the findings of those outputs are left out by `validate`, as
 * IOS advice would not apply there.
 */
export function unsupportedCapture(
  model: CaptureModel,
): { finding: Finding; blocks: ReadonlySet<number> } | undefined {
  const foreign = foreignOutput(model);
  if (!foreign) {
    return undefined;
  }
  const text = model.lines[foreign.line] ?? "";
  return {
    finding: {
      code: "unsupported-platform",
      range: lineRange(
        foreign.line,
        text.length - text.trimStart().length,
        text.trimEnd().length,
      ),
      message: `This looks like ${foreign.platform} output: line ${foreign.line + 1} shows ${foreign.why}. IPsec Lens reads IOS and IOS-XE debugs and show output, and a ${foreign.platform} counts, names and keys its tunnels differently, so ${foreign.blocks.size ? "the outputs that show it are not diagnosed" : "its lines are not diagnosed"}.`,
    },
    blocks: foreign.blocks,
  };
}
