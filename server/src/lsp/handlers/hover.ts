import { MarkupKind, type Hover } from "vscode-languageserver";
import { hover } from "../../core/hover";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/hover. */
export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover((params, token) =>
    runSafe<Hover | null>(ctx.log, "hover", null, token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      if (!document) {
        return null;
      }
      const result = hover(
        ctx.cache.get(document),
        params.position,
        ctx.settings().analysis,
        Date.now(),
      );
      return result
        ? {
            contents: { kind: MarkupKind.Markdown, value: result.markdown },
            range: result.range,
          }
        : null;
    }),
  );
}
