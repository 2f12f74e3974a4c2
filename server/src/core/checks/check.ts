import type { CaptureModel } from "../capture/model";
import type { ConfigModel } from "../config/model";
import type { Finding } from "../diagnostics/finding";
import type { AnalysisSettings } from "../document";

/** What every check may know besides its model. */
export interface CheckContext {
  uri: string;
  settings: AnalysisSettings;
  /** The workspace's configs when known (editor index, or the CLI's inputs): captures use it to point at the config at fault. */
  workspace?: WorkspaceView;
  /**
   * The time certificates are judged at (ms since the epoch): the clock of the editor or the CLI,
   * a fixed date in tests. Without it no finding depends on the date.
   */
  now?: number;
}

/** A family of checks over one router's config. */
export interface ConfigCheck {
  /** The family's name, as its file is named. */
  id: string;
  run(model: ConfigModel, ctx: CheckContext): Finding[];
}

/** A family of checks over a capture (debug output, console session, show output). */
export interface CaptureCheck {
  id: string;
  run(model: CaptureModel, ctx: CheckContext): Finding[];
}

/** A config of the workspace as peer checks see it. */
export interface WorkspaceConfig {
  uri: string;
  model: ConfigModel;
}

/** Every config of the workspace, for checks that need both ends of a tunnel. */
export interface WorkspaceView {
  configs: readonly WorkspaceConfig[];
  /**
   * The time the pairs' certificates are judged at (ms since the epoch), as `CheckContext.now`:
   * the clock when the view was made; without it the pair analysis ignores validity dates.
   */
  now?: number;
}

/** A family of checks that looks at one config against the others of the workspace. */
export interface PeerCheck {
  id: string;
  /** Findings for `self` only; related information may point into other documents. */
  run(
    self: WorkspaceConfig,
    workspace: WorkspaceView,
    ctx: CheckContext,
  ): Finding[];
}
