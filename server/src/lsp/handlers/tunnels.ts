import {
  reportOf,
  reportView,
  type TunnelReportView,
} from "../../core/peers/tunnelReport";
import { configsAt } from "../../core/capture/runningConfigs";
import type { WorkspaceView } from "../../core/checks/check";
import { analyseWorkspace } from "../../core/peers/analysis";
import type { ServerContext } from "../context";
import { TUNNELS_REQUEST } from "../customMessages";
import { runSafe } from "../runSafe";

/** `ipsecLens/tunnels`: the tunnel report (its view) of every config the workspace index holds, once it has read the folders. */
export function registerTunnels(ctx: ServerContext): void {
  const empty: TunnelReportView = {
    pairCount: 0,
    blocks: [],
    summary: {
      ESTABLISHED: 0,
      PHASE1_FAILED: 0,
      PHASE1_KEY_MISMATCH: 0,
      PHASE2_FAILED: 0,
      ONE_WAY: 0,
      NOT_STARTED: 0,
      MISSING_PEER: 0,
    },
  };
  ctx.connection.onRequest(TUNNELS_REQUEST, (_params: unknown, token) =>
    runSafe(ctx.log, "tunnels", empty, token, async () => {
      // The report is of the whole workspace: wait for the folders to be read.
      await ctx.workspaceReady();
      // The view, not the whole report: a big DMVPN cloud's healthy spoke pairs are one block.
      return reportView(reportOf(analyseWorkspace(withPrintedConfigs(ctx))));
    }),
  );
}

/**
 * The workspace with the configurations printed in open captures, each router's last printing,
 * for the routers the workspace has no config file of (a file wins, as in the code lenses and
 * the configs' diagnostics). The view is the index's own when no open capture adds one, so its
 * cached analysis is reused.
 */
function withPrintedConfigs(ctx: ServerContext): WorkspaceView {
  let view = ctx.workspace();
  for (const document of ctx.documents.all()) {
    if (document.languageId !== "cisco-ios-log") {
      continue;
    }
    const parsed = ctx.cache.get(document);
    if (parsed.kind !== "capture") {
      continue;
    }
    const configs = configsAt(parsed.model, parsed.uri, view, Infinity);
    if (
      configs.length !== view.configs.length ||
      configs.some((c, i) => c !== view.configs[i])
    ) {
      view = { configs, now: view.now };
    }
  }
  return view;
}
