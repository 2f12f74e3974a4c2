import type { Code } from "../../diagnostics/catalog";
import { analysisFor } from "../../peers/analysis";
import { findingsFor } from "../../peers/issues";
import type { PeerCheck } from "../check";

/**
 * A family of peer checks: its codes' share of the workspace's pair issues, on one config. The
 * pair analysis runs once for the workspace (cached); each family only picks its codes out of it.
 */
export function peerIssueFamily(id: string, codes: readonly Code[]): PeerCheck {
  const wanted: ReadonlySet<Code> = new Set(codes);
  return {
    id,
    run(self, workspace, ctx) {
      return findingsFor(
        self.uri,
        wanted,
        analysisFor(self, workspace),
        ctx.settings,
      );
    },
  };
}
