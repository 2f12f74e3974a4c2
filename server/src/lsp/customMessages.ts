/**
 * Custom requests, notifications and commands shared by client and server. Each says who sends it
 * and why; the names are part of the protocol between our two halves.
 */

/** Command: the client copies a fix's console commands to the clipboard. Sent by a "Copy as CLI" code action. */
export const COPY_AS_CLI_COMMAND = "ipsecLens.copyAsCli";
