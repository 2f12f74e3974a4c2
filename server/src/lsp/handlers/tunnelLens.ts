import type { CodeLens } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analysisFor } from "../../core/peers/analysis";
import { tunnelAnnotations } from "../../core/peers/tunnelReport";
import type { ServerContext } from "../context";
import { SHOW_TUNNELS_COMMAND } from "../customMessages";

/**
 * Code lenses above each crypto map entry and protected tunnel interface: the predicted outcome
 * with each peer. Clicking one opens the tunnel report. Registered through handlers/codeLens.ts,
 * which merges every source of lenses into the one `textDocument/codeLens` handler.
 */
export function tunnelLenses(
  ctx: ServerContext,
  document: TextDocument,
): CodeLens[] {
  if (document.languageId !== "cisco-ios") {
    return [];
  }
  const parsed = ctx.cache.get(document);
  if (parsed.kind !== "config") {
    return [];
  }
  const analysis = analysisFor(
    { uri: parsed.uri, model: parsed.model },
    ctx.workspace(),
  );
  return tunnelAnnotations(document.uri, analysis).map((a) => ({
    range: { start: a.position, end: a.position },
    command: {
      title: a.label,
      tooltip: a.tooltip,
      command: SHOW_TUNNELS_COMMAND,
    },
  }));
}
