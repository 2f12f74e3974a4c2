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

/**
 * What a capture's lens carries until the editor resolves it: `[document id, version, index in
 * the document's annotations]`. An array of numbers, not an object with the URI: a big capture
 * has thousands of lenses, and the data is repeated in each.
 */
export type AnnotationLensData = [number, number, number];

/** Small ids for the URIs of documents with lenses (the lens data names documents by id). */
const DOCUMENT_IDS = new Map<string, number>();
const DOCUMENT_URIS: string[] = [];

function documentId(uri: string): number {
  let id = DOCUMENT_IDS.get(uri);
  if (id === undefined) {
    id = DOCUMENT_URIS.push(uri) - 1;
    DOCUMENT_IDS.set(uri, id);
  }
  return id;
}

/**
 * Code lenses for the `lens` annotations of a document (a source of handlers/codeLens.ts),
 * without their titles: an hour of debug output has thousands, and the editor asks for the
 * titles of those on screen (`codeLens/resolve`, `resolveAnnotationLens`).
 */
export function annotationLenses(
  ctx: ServerContext,
  document: TextDocument,
): CodeLens[] {
  const out: CodeLens[] = [];
  const id = documentId(document.uri);
  annotations(ctx.cache.get(document)).forEach((a, index) => {
    if (a.placement === "lens") {
      const data: AnnotationLensData = [id, document.version, index];
      out.push({ range: { start: a.position, end: a.position }, data });
    }
  });
  return out;
}

/** True for the data of a lens `annotationLenses` made. */
export function isAnnotationLensData(
  data: unknown,
): data is AnnotationLensData {
  return (
    Array.isArray(data) &&
    data.length === 3 &&
    data.every((n) => Number.isInteger(n) && n >= 0) &&
    (data[0] as number) < DOCUMENT_URIS.length
  );
}

/**
 * The title of an annotation lens. A lens of an older version of the document (edited since the
 * editor asked) gets an empty title: the editor asks for the lenses again after an edit.
 */
export function resolveAnnotationLens(
  ctx: ServerContext,
  lens: CodeLens,
  data: AnnotationLensData,
): CodeLens {
  const [id, version, index] = data;
  const document = ctx.documents.get(DOCUMENT_URIS[id]!);
  const a =
    document && document.version === version
      ? annotations(ctx.cache.get(document))[index]
      : undefined;
  // A lens without a command id is shown as plain text.
  return {
    ...lens,
    command:
      a?.placement === "lens"
        ? { title: a.label, tooltip: a.tooltip, command: "" }
        : { title: "", command: "" },
  };
}
