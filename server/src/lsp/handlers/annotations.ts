import {
  InlayHintKind,
  type CodeLens,
  type InlayHint,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { annotations } from "../../core/annotations";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/**
 * In-place notes of the core's annotations: `inlay` ones as inlay hints (only those in the
 * requested range, so a huge capture costs what is on screen), `lens` ones as code lenses through
 * the shared code lens handler (handlers/codeLens.ts lists this source).
 */
export function registerAnnotations(ctx: ServerContext): void {
  ctx.connection.languages.inlayHint.on((params, token) =>
    runSafe<InlayHint[]>(ctx.log, "inlayHint", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const { start, end } = params.range;
      const out: InlayHint[] = [];
      for (const a of annotations(ctx.cache.get(document))) {
        if (a.placement !== "inlay" || a.position.line < start.line) {
          continue;
        }
        if (a.position.line > end.line) {
          break;
        }
        out.push({
          position: a.position,
          label: a.label,
          tooltip: a.tooltip,
          kind: InlayHintKind.Type,
          paddingLeft: true,
        });
      }
      return out;
    }),
  );
}

/** Code lenses for the `lens` annotations of a document (a source of handlers/codeLens.ts). */
export function annotationLenses(
  ctx: ServerContext,
  document: TextDocument,
): CodeLens[] {
  return annotations(ctx.cache.get(document))
    .filter((a) => a.placement === "lens")
    .map((a) => ({
      range: { start: a.position, end: a.position },
      // A lens without a command id is shown as plain text.
      command: { title: a.label, tooltip: a.tooltip, command: "" },
    }));
}
