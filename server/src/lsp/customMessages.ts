/**
 * Custom requests, notifications and commands shared by client and server. Each says who sends it
 * and why; the names are part of the protocol between our two halves.
 */

/** Command: the client copies a fix's console commands to the clipboard. Sent by a "Copy as CLI" code action. */
export const COPY_AS_CLI_COMMAND = "ipsecLens.copyAsCli";

/** Command: "IPsec Lens: Show Tunnels". The client runs it from the palette or a tunnel code lens and shows the report. */
export const SHOW_TUNNELS_COMMAND = "ipsecLens.showTunnels";

/** Request, client to server: the tunnel report of the workspace (a `TunnelReport`), for the Show Tunnels command. */
export const TUNNELS_REQUEST = "ipsecLens/tunnels";

/** Command: "IPsec Lens: Explain Capture". The client runs it from the palette on a capture and shows the text. */
export const EXPLAIN_CAPTURE_COMMAND = "ipsecLens.explainCapture";

/** Request, client to server: the plain-text explanation of a capture (`{ uri }` in, `{ text }` out). */
export const EXPLAIN_CAPTURE_REQUEST = "ipsecLens/explainCapture";
