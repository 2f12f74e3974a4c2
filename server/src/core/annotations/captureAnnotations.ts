import {
  exchangeDuration,
  exchangeSummary,
  formatDuration,
  messageAt,
  packetLabel,
  visibleExchanges,
} from "../capture/describe";
import type { CaptureModel, Exchange } from "../capture/model";
import { capturedConfigs } from "../capture/runningConfigs";
import { escapeShift } from "../capture/outputColumns";
import type { Annotation } from "../document";
import { configAnnotations } from "./configAnnotations";
import { natDiscoveryAnnotations } from "../nat/natDiscovery";
import { table } from "../knowledge/table";

/**
 * The story told in place: a lens above each exchange (who, with whom, how it ended), and an
 * inlay at the end of each packet line and of the line that completed or failed the exchange.
 * Computed once per model: an editor asks again on every scroll.
 */

const CACHE = new WeakMap<CaptureModel, Annotation[]>();

const PHASE: Readonly<Record<string, string>> = table({
  main: "phase 1",
  aggressive: "phase 1",
  phase1: "phase 1",
  quick: "quick mode",
  informational: "informational exchange",
  "ike-sa-init": "IKE_SA_INIT",
  "ike-auth": "IKE_AUTH",
  "create-child-sa": "CREATE_CHILD_SA",
  "ikev2-informational": "INFORMATIONAL",
});

function lineEnd(
  model: CaptureModel,
  line: number,
): { line: number; character: number } {
  // Placed on the line as logged: escape sequences before the text move it right.
  return {
    line,
    character:
      (model.lines[line] ?? "").trimEnd().length + escapeShift(model, line),
  };
}

function outcomeLabel(model: CaptureModel, ex: Exchange): string | undefined {
  const phase = PHASE[ex.kind] ?? ex.kind;
  if (ex.outcome === "complete") {
    const ms = exchangeDuration(model, ex);
    const took =
      ms === undefined ? "" : ` in ${formatDuration(ms, ex.precise)}`;
    const sas =
      ex.kind === "quick" && ex.sas.length
        ? `: ${ex.sas.length} IPsec SAs`
        : "";
    return `${phase} complete${took}${sas}`;
  }
  if (ex.outcome === "failed") {
    let reason = ex.failure ?? "";
    if (/PROPOSAL_NOT_CHOSEN|NO_PROPOSAL_CHOSEN/.test(reason)) {
      reason = "peer rejected our proposal (transform set, crypto ACL or PFS)";
    }
    return `${phase} failed${reason ? `: ${reason}` : ""}`;
  }
  return undefined;
}

function exchangeAnnotations(model: CaptureModel, ex: Exchange): Annotation[] {
  const out: Annotation[] = [
    {
      position: { line: ex.startLine, character: 0 },
      label: exchangeSummary(model, ex),
      placement: "lens",
    },
  ];
  for (const packet of ex.packets) {
    out.push({
      position: lineEnd(
        model,
        model.messages[packet.message]?.endLine ?? packet.line,
      ),
      label: packetLabel(ex, packet),
      placement: "inlay",
    });
  }
  const outcome = outcomeLabel(model, ex);
  if (outcome && ex.outcomeLine !== undefined) {
    // A wrapped message (`Input = ...` then `Old State = ...`) ends on its last line.
    const at = messageAt(model, ex.outcomeLine);
    out.push({
      position: lineEnd(model, at?.endLine ?? ex.outcomeLine),
      label: outcome,
      tooltip: exchangeSummary(model, ex),
      placement: "inlay",
    });
  }
  return out;
}

/**
 * The defaults a configuration printed whole in the capture relies on, as a config file shows them
 * (`configAnnotations`). A part of a configuration (`| include`, `| section`) cannot tell what it
 * leaves out (a policy's lines, the global lifetime), so it gets none; nor does a line the pager
 * or a log message broke, where the hint would not sit at the end of what is shown.
 */
function printedConfigAnnotations(model: CaptureModel): Annotation[] {
  const out: Annotation[] = [];
  for (const config of capturedConfigs(model)) {
    if (config.extent !== "whole") {
      continue;
    }
    for (const a of configAnnotations(config.model)) {
      const line = a.position.line;
      if ((model.outputLines ?? model.lines)[line] === model.lines[line]) {
        out.push(a);
      }
    }
  }
  return out;
}

/** Every annotation of a capture, in line order. */
export function captureAnnotations(model: CaptureModel): Annotation[] {
  let out = CACHE.get(model);
  if (!out) {
    out = [];
    for (const ex of visibleExchanges(model)) {
      out.push(...exchangeAnnotations(model, ex));
    }
    out.push(...natDiscoveryAnnotations(model));
    out.push(...printedConfigAnnotations(model));
    out.sort(
      (a, b) =>
        a.position.line - b.position.line ||
        a.position.character - b.position.character,
    );
    CACHE.set(model, out);
  }
  return out;
}
