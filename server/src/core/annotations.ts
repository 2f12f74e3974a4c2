import { captureAnnotations } from "./annotations/captureAnnotations";
import type { Annotation } from "./document";
import type { ParsedDocument } from "./languageService";

/**
 * Notes shown in place (inlay hints and code lenses), by document kind. Captures tell the story
 * of their exchanges; configs get their lenses from the tunnel report's own source.
 */
export function annotations(parsed: ParsedDocument): Annotation[] {
  switch (parsed.kind) {
    case "capture":
      return captureAnnotations(parsed.model);
    case "config":
    case "skipped":
      return [];
  }
}
