import { peerIssueFamily } from "./support/peerFamily";

/**
 * Phase 1 as IOS would negotiate it between the two ends of each pair: IKE policies (with the
 * built-in ones of each side's release), their lifetimes, the pre-shared keys each side finds
 * for the other, aggressive mode one side starts and a side blocks, and the certificates each
 * side's CAs signed.
 */
export const peerPhase1Checks = peerIssueFamily("peerPhase1Checks", [
  "ike-policy-mismatch",
  "ike-lifetime-mismatch",
  "psk-mismatch",
  "psk-unverifiable",
  "aggressive-mode-blocked",
  "peer-certificate-untrusted",
  // Reported from both configs only when the responder answers peers it does not list.
  "missing-psk-for-peer",
]);
