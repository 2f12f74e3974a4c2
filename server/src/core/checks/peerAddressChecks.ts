import { peerIssueFamily } from "./support/peerFamily";

/**
 * Pairing problems between routers of the workspace: a `set peer`, `tunnel destination` or key
 * address that points at nobody while a router points back, a peer that does not point back, and
 * a backup path whose source address the peer does not accept.
 */
export const peerAddressChecks = peerIssueFamily("peerAddressChecks", [
  "peer-address-mismatch",
  "one-sided-peer",
  "backup-path-not-accepted",
]);
