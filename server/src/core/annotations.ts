import { captureAnnotations } from "./annotations/captureAnnotations";
import { configAnnotations } from "./annotations/configAnnotations";
import type { Annotation } from "./document";
import type { ParsedDocument } from "./languageService";

/**
 * Notes shown in place (inlay hints and code lenses), by document kind, in position order.
 * Captures tell the story of their exchanges; configs show the IOS defaults their sections rely
 * on (their lenses come from the tunnel report's own source).
 */
export function annotations(parsed: ParsedDocument): Annotation[] {
  switch (parsed.kind) {
    case "capture":
      return captureAnnotations(parsed.model);
    case "config":
      return configAnnotations(parsed.model);
    case "skipped":
      return [];
  }
}
