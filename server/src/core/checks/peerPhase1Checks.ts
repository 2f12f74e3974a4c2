import type { Code } from "../diagnostics/catalog";
import { analysisFor } from "../peers/analysis";
import { findingsFor } from "../peers/issues";
import type { PeerCheck } from "./check";

/** The codes of this family: IKE phase 1 between two routers. */
const CODES: ReadonlySet<Code> = new Set<Code>([
  "ike-policy-mismatch",
  "ike-lifetime-mismatch",
  "psk-mismatch",
  "psk-unverifiable",
]);

/**
 * Phase 1 as IOS would negotiate it between the two ends of each pair: IKE policies (with the
 * built-in ones of each side's release), their lifetimes, and the pre-shared keys each side finds
 * for the other.
 */
export const peerPhase1Checks: PeerCheck = {
  id: "peerPhase1Checks",
  run(self, workspace, ctx) {
    return findingsFor(
      self.uri,
      CODES,
      analysisFor(self, workspace),
      ctx.settings,
    );
  },
};
