import type { Location } from "vscode-languageserver";
import { definitionAt } from "../../core/navigation";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/** textDocument/definition: where the object named under the cursor is defined, or the peer that owns the address. */
export function registerDefinition(ctx: ServerContext): void {
  ctx.connection.onDefinition((params, token) =>
    runSafe<Location[]>(ctx.log, "definition", [], token, () => {
      const document = ctx.documents.get(params.textDocument.uri);
      return document
        ? definitionAt(
            ctx.cache.get(document),
            params.position,
            ctx.workspace(),
          )
        : [];
    }),
  );
}
