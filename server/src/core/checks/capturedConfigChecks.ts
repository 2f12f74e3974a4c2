import {
  asWorkspaceConfig,
  capturedConfigs,
  configsAt,
  isCaptureUri,
} from "../capture/runningConfigs";
import {
  withLazyFixes,
  type Finding,
  type Fix,
  type TextEdit,
} from "../diagnostics/finding";
import {
  PARTIAL_CONFIG_CODES,
  SECTION_CONFIG_CODES,
} from "../knowledge/printedConfigs";
import type {
  CaptureCheck,
  CheckContext,
  ConfigCheck,
  PeerCheck,
} from "./check";
import { unsupportedPlatform } from "./platformChecks";

/**
 * The configurations a capture prints (`show running-config`...) get the config checks, and the
 * peer checks against the other routers the capture prints or the workspace holds: a capture with
 * both routers' configs shows the mismatched policy or key without any file (a router that printed
 * its configuration twice is paired on the last printing). The findings sit on the printed lines;
 * a fix there cannot edit a log, so it keeps its console commands (Copy as CLI) and its edits of
 * real config files, and loses the edits of the printed text.
 *
 * The family gets the other families' lists from the registry, which lists it too.
 */
export function capturedConfigChecks(
  configChecks: readonly ConfigCheck[],
  peerChecks: readonly PeerCheck[],
): CaptureCheck {
  return {
    id: "capturedConfigChecks",
    run(model, ctx) {
      const out: Finding[] = [];
      const configs = capturedConfigs(model);
      if (!configs.length) {
        return out;
      }
      // One view for the whole capture: each router's last printed configuration with the
      // workspace's other configs, so the peer analysis runs once, not once per configuration.
      const workspace = {
        configs: configsAt(model, ctx.uri, ctx.workspace, Infinity, true),
      };
      const inView = new Set(workspace.configs);
      // A capture was taken at a time of its own, not the reader's: a printed configuration's
      // certificates are not judged by today's date (show output is judged by the router's clock).
      const configCtx: CheckContext = { ...ctx, now: undefined };
      for (const config of configs) {
        const foreign = unsupportedPlatform(config.model);
        if (foreign) {
          out.push(foreign);
          continue;
        }
        const kept =
          config.extent === "whole"
            ? undefined
            : config.extent === "sections"
              ? SECTION_CONFIG_CODES
              : PARTIAL_CONFIG_CODES;
        for (const check of configChecks) {
          const found = check.run(config.model, configCtx);
          out.push(...(kept ? found.filter((f) => kept.has(f.code)) : found));
        }
        // An earlier printing of a router's configuration gets the checks of one config only:
        // the pair is judged on the configuration the router printed last.
        const self = asWorkspaceConfig(ctx.uri, config);
        if (inView.has(self) && workspace.configs.length > 1) {
          const peerCtx: CheckContext = { ...ctx, uri: self.uri, workspace };
          for (const check of peerChecks) {
            out.push(...check.run(self, workspace, peerCtx));
          }
        }
      }
      return out;
    },
  };
}

/**
 * Findings of a capture in the capture's terms: places in a printed configuration are places in
 * the capture, and edits of the capture are dropped (a log is not a config; the fix's console
 * commands stay). A fix left with neither edits nor commands is dropped.
 */
export function inCaptureTerms(
  findings: readonly Finding[],
  captureUri: string,
): Finding[] {
  return findings.map((finding) => {
    const related = finding.related?.map((r) =>
      r.uri !== undefined && isCaptureUri(captureUri, r.uri)
        ? { range: r.range, message: r.message }
        : r,
    );
    // Field by field: reading `fixes` would build fixes nobody may ask for.
    const copy: Omit<Finding, "fixes"> = {
      code: finding.code,
      range: finding.range,
      message: finding.message,
    };
    if (finding.severity !== undefined) {
      copy.severity = finding.severity;
    }
    if (related) {
      copy.related = related;
    }
    return withLazyFixes(copy, () =>
      fixesInCapture(finding.fixes ?? [], captureUri),
    );
  });
}

function fixesInCapture(fixes: readonly Fix[], captureUri: string): Fix[] {
  const out: Fix[] = [];
  for (const fix of fixes) {
    const edits = fix.edits.filter(
      (e: TextEdit) => e.uri !== undefined && !isCaptureUri(captureUri, e.uri),
    );
    if (!edits.length && !fix.cli?.length) {
      continue;
    }
    if (edits.length === fix.edits.length) {
      out.push(fix);
    } else {
      const { snippet: _snippet, ...rest } = fix;
      void _snippet;
      out.push({ ...rest, edits });
    }
  }
  return out;
}
