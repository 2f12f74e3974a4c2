import { peerIssueFamily } from "./support/peerFamily";

/**
 * The tunnel itself between the two ends of each protected tunnel pair: tunnel modes, GRE keys,
 * and for DMVPN the NHRP authentication and the hub address a spoke registers to. IPsec comes up
 * whatever these say; the tunnel then carries nothing.
 */
export const peerTunnelChecks = peerIssueFamily("peerTunnelChecks", [
  "tunnel-mode-mismatch",
  "tunnel-key-mismatch",
  "nhrp-mismatch",
]);
