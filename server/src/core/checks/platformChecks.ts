import type { ConfigModel } from "../config/model";
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
