import {
  ErrorCodes,
  ResponseError,
  type Range,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { prepareRename, renameAt } from "../../core/navigation";
import type { ServerContext } from "../context";
import { runSafe } from "../runSafe";

/**
 * textDocument/prepareRename and textDocument/rename. A refused rename (an interface, a name IOS
 * would not accept) answers with an error whose message the editor shows as is.
 */
export function registerRename(ctx: ServerContext): void {
  ctx.connection.onPrepareRename((params, token) =>
    runSafe<{ range: Range; placeholder: string } | null | ResponseError<void>>(
      ctx.log,
      "prepareRename",
      null,
      token,
      () => {
        const document = ctx.documents.get(params.textDocument.uri);
        const result = document
          ? prepareRename(ctx.cache.get(document), params.position)
          : null;
        if (result && "error" in result) {
          return new ResponseError(ErrorCodes.InvalidRequest, result.error);
        }
        return result;
      },
    ),
  );
  ctx.connection.onRenameRequest((params, token) =>
    runSafe<WorkspaceEdit | null | ResponseError<void>>(
      ctx.log,
      "rename",
      null,
      token,
      () => {
        const document = ctx.documents.get(params.textDocument.uri);
        const result = document
          ? renameAt(ctx.cache.get(document), params.position, params.newName)
          : null;
        if (!result) {
          return null;
        }
        if ("error" in result) {
          return new ResponseError(ErrorCodes.InvalidRequest, result.error);
        }
        return { changes: { [params.textDocument.uri]: result.edits } };
      },
    ),
  );
}
