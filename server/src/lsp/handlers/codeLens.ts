import type { CodeLens } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";
import {
  annotationLenses,
  isAnnotationLensData,
  resolveAnnotationLens,
} from "./annotations";
import { tunnelLenses } from "./tunnelLens";

/** A source of code lenses for a document. */
export type LensSource = (
  ctx: ServerContext,
  document: TextDocument,
) => CodeLens[];

/**
 * Every source of code lenses. A server takes one `textDocument/codeLens` handler, so features
 * that show lenses (the tunnel outcomes of crypto map entries; the `lens` annotations of
 * captures) add a source here instead of registering their own handler.
 */
export const LENS_SOURCES: LensSource[] = [tunnelLenses, annotationLenses];

/** textDocument/codeLens: the lenses of every source, one failing source not costing the others. */
export function registerCodeLens(ctx: ServerContext): void {
  ctx.connection.onCodeLens((params, token) =>
    runSafe<CodeLens[]>(ctx.log, "codeLens", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return [];
      }
      const out: CodeLens[] = [];
      for (const source of LENS_SOURCES) {
        try {
          out.push(...source(ctx, document));
        } catch (error) {
          ctx.log(`code lens source failed: ${String(error)}`);
        }
      }
      return out;
    }),
  );
  // Only capture annotation lenses come without a command (tunnel lenses carry theirs).
  ctx.connection.onCodeLensResolve((lens, token) =>
    runSafe<CodeLens>(ctx.log, "codeLens/resolve", lens, token, () =>
      isAnnotationLensData(lens.data)
        ? resolveAnnotationLens(ctx, lens, lens.data)
        : lens,
    ),
  );
}
