import type { CaptureCheck, ConfigCheck, PeerCheck } from "./check";

/**
 * The registry of check families. A new family is a file in this folder exporting one check,
 * listed here; nothing else needs to know about it.
 */

/** Checks over one config. */
export const CONFIG_CHECKS: readonly ConfigCheck[] = [];

/** Checks over a capture. */
export const CAPTURE_CHECKS: readonly CaptureCheck[] = [];

/** Checks of one config against its peers in the workspace. */
export const PEER_CHECKS: readonly PeerCheck[] = [];
