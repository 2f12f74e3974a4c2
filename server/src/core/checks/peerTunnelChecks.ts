import { peerIssueFamily } from "./support/peerFamily";

/**
 * The tunnel itself between the two ends of each protected tunnel pair: tunnel modes, GRE keys,
 * and for DMVPN the NHRP authentication and the hub address a spoke registers to (IPsec comes up
 * whatever these say; the tunnel then carries nothing), and phase 3's redirect and shortcut
 * (without both, spoke-to-spoke traffic keeps crossing the hub).
 */
export const peerTunnelChecks = peerIssueFamily("peerTunnelChecks", [
  "tunnel-mode-mismatch",
  "tunnel-key-mismatch",
  "nhrp-mismatch",
  "nhrp-shortcut-mismatch",
]);
