import { explainCapture } from "../../core/capture/explain";
import type { ServerContext } from "../context";
import { EXPLAIN_CAPTURE_REQUEST } from "../customMessages";
import { runSafe } from "../runSafe";

/** Parameters of `ipsecLens/explainCapture`. */
export interface ExplainCaptureParams {
  uri: string;
}

/** Result of `ipsecLens/explainCapture`: the explanation, or why there is none. */
export interface ExplainCaptureResult {
  text: string;
}

/** `ipsecLens/explainCapture`: the timeline and verdict of an open capture, with its current findings. */
export function registerExplainCapture(ctx: ServerContext): void {
  const empty: ExplainCaptureResult = { text: "" };
  ctx.connection.onRequest(
    EXPLAIN_CAPTURE_REQUEST,
    (params: ExplainCaptureParams, token) =>
      runSafe<ExplainCaptureResult>(
        ctx.log,
        "explainCapture",
        empty,
        token,
        () => {
          const document = ctx.documents.get(params.uri);
          if (!document) {
            return { text: "IPsec Lens: the document is not open." };
          }
          const parsed = ctx.cache.get(document);
          if (parsed.kind !== "capture") {
            return {
              text:
                parsed.kind === "skipped"
                  ? `IPsec Lens: ${parsed.finding.message}`
                  : "IPsec Lens: this document is a config, not a capture. Switch its language to Cisco IOS Log to explain it.",
            };
          }
          return {
            text: explainCapture(
              parsed.model,
              ctx.diagnostics.findings(document),
            ),
          };
        },
      ),
  );
}
