import { reportOf, type TunnelReport } from "../../core/peers/tunnelReport";
import { analyseWorkspace } from "../../core/peers/analysis";
import type { ServerContext } from "../context";
import { TUNNELS_REQUEST } from "../customMessages";
import { runSafe } from "../runSafe";

/** `ipsecLens/tunnels`: the tunnel report of every config the workspace index holds, once it has read the folders. */
export function registerTunnels(ctx: ServerContext): void {
  const empty: TunnelReport = {
    pairs: [],
    summary: {
      ESTABLISHED: 0,
      PHASE1_FAILED: 0,
      PHASE1_KEY_MISMATCH: 0,
      PHASE2_FAILED: 0,
      ONE_WAY: 0,
      MISSING_PEER: 0,
    },
  };
  ctx.connection.onRequest(TUNNELS_REQUEST, (_params: unknown, token) =>
    runSafe(ctx.log, "tunnels", empty, token, async () => {
      // The report is of the whole workspace: wait for the folders to be read.
      await ctx.workspaceReady();
      return reportOf(analyseWorkspace(ctx.workspace()));
    }),
  );
}
