import type { Location } from "vscode-languageserver";
import { referencesAt } from "../../core/navigation";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/references: every use of the object named under the cursor. */
export function registerReferences(ctx: ServerContext): void {
  ctx.connection.onReferences((params, token) =>
    runSafe<Location[]>(ctx.log, "references", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      return document
        ? referencesAt(
            ctx.cache.get(document),
            params.position,
            params.context.includeDeclaration,
          )
        : [];
    }),
  );
}
