import { peerIssueFamily } from "./support/peerFamily";

/**
 * Pairing problems between routers of the workspace: a `set peer`, `tunnel destination` or key
 * address that points at nobody while a router points back, and a peer that does not point back.
 */
export const peerAddressChecks = peerIssueFamily("peerAddressChecks", [
  "peer-address-mismatch",
  "one-sided-peer",
]);
