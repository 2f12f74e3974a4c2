import type { Code } from "../diagnostics/catalog";
import { analysisFor } from "../peers/analysis";
import { findingsFor } from "../peers/issues";
import type { PeerCheck } from "./check";

/** The codes of this family: ends that do not find each other. */
const CODES: ReadonlySet<Code> = new Set<Code>([
  "peer-address-mismatch",
  "one-sided-peer",
]);

/**
 * Pairing problems between routers of the workspace: a `set peer`, `tunnel destination` or key
 * address that points at nobody while a router points back, and a peer that does not point back.
 */
export const peerAddressChecks: PeerCheck = {
  id: "peerAddressChecks",
  run(self, workspace, ctx) {
    return findingsFor(
      self.uri,
      CODES,
      analysisFor(self, workspace),
      ctx.settings,
    );
  },
};
