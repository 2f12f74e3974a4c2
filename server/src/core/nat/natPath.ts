import type { WorkspaceConfig, WorkspaceView } from "../checks/check";
import { analysisFor, lonePairing } from "../peers/analysis";
import type { Endpoint } from "../peers/pairing";
import { judgeCrossing, judgeMutualNat, type NatCrossing } from "./crossing";

export {
  endInterface,
  judgeCrossing,
  judgeMutualNat,
  type NatCrossing,
  type NatSide,
} from "./crossing";

/**
 * The NAT crossings of one config's tunnels, judged by `crossing.ts` over the workspace's pairs
 * (the NAT checks ask this; the pairing and the tunnel report carry the same judgement per pair).
 */

/** The ends of `self` whose path to the peer crosses NAT, from the configs of the workspace. */
export function natCrossings(
  self: WorkspaceConfig,
  workspace: WorkspaceView | undefined,
): NatCrossing[] {
  const pairing = workspace
    ? analysisFor(self, workspace).pairing
    : lonePairing(self);
  const out: NatCrossing[] = [];
  const seen = new Set<Endpoint>();
  for (const pair of pairing.pairs) {
    const { a, b } = pair;
    let mine: Endpoint | undefined;
    let theirs: Endpoint | undefined;
    if (a.router.uri === self.uri) {
      mine = a;
      theirs = b;
    } else if (b?.router.uri === self.uri) {
      mine = b;
      theirs = a;
    }
    if (!mine || seen.has(mine)) {
      continue;
    }
    // A pair whose ends both sit behind NAT was paired on that judgement; the one-end judgement
    // would see only the peer's NAT device.
    const crossing =
      pair.nat?.behind === "both" && theirs
        ? judgeMutualNat(mine, theirs)
        : judgeCrossing(mine, theirs);
    if (crossing) {
      seen.add(mine);
      out.push(crossing);
    }
  }
  return out;
}
