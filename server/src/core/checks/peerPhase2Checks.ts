import { peerIssueFamily } from "./support/peerFamily";

/**
 * Phase 2 as IOS would negotiate it between the two ends of each pair: transform sets, PFS, the
 * crypto ACLs' proxy identities, identity lists and SA lifetimes; and whether a dynamic map's
 * router routes its peer's networks back through the crypto map.
 */
export const peerPhase2Checks = peerIssueFamily("peerPhase2Checks", [
  "transform-set-mismatch",
  "pfs-mismatch",
  "crypto-acl-not-mirrored",
  "identity-rejects-peer",
  "ipsec-lifetime-mismatch",
  // Also a config check's code; between peers, for a dynamic map without reverse-route.
  "no-route-to-remote-network",
]);
