import type { Code } from "../diagnostics/catalog";
import { analysisFor } from "../peers/analysis";
import { findingsFor } from "../peers/issues";
import type { PeerCheck } from "./check";

/** The codes of this family: IKE phase 2 (quick mode) between two routers. */
const CODES: ReadonlySet<Code> = new Set<Code>([
  "transform-set-mismatch",
  "pfs-mismatch",
  "crypto-acl-not-mirrored",
  "identity-rejects-peer",
  "ipsec-lifetime-mismatch",
]);

/**
 * Phase 2 as IOS would negotiate it between the two ends of each pair: transform sets, PFS, the
 * crypto ACLs' proxy identities, identity lists and SA lifetimes.
 */
export const peerPhase2Checks: PeerCheck = {
  id: "peerPhase2Checks",
  run(self, workspace, ctx) {
    return findingsFor(
      self.uri,
      CODES,
      analysisFor(self, workspace),
      ctx.settings,
    );
  },
};
