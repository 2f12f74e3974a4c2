import { ahNatChecks } from "./ahNatChecks";
import { captureCertificateChecks } from "./captureCertificateChecks";
import { captureDataPlaneChecks } from "./captureDataPlaneChecks";
import { captureFirewallChecks } from "./captureFirewallChecks";
import { captureHandshakeChecks } from "./captureHandshakeChecks";
import { captureInterfaceChecks } from "./captureInterfaceChecks";
import { captureNatChecks } from "./captureNatChecks";
import { captureNhrpChecks } from "./captureNhrpChecks";
import { capturePhase2Checks } from "./capturePhase2Checks";
import { captureShowChecks } from "./captureShowChecks";
import { captureShowCrossChecks } from "./captureShowCrossChecks";
import { captureTunnelChecks } from "./captureTunnelChecks";
import { captureCommandChecks } from "./captureCommandChecks";
import { capturedConfigChecks } from "./capturedConfigChecks";
import { certificateChecks } from "./certificateChecks";
import { certificateChainChecks } from "./certificateChainChecks";
import type { CaptureCheck, ConfigCheck, PeerCheck } from "./check";
import { cryptoAclChecks } from "./cryptoAclChecks";
import { cryptoMapChecks } from "./cryptoMapChecks";
import { cryptoMapOrderChecks } from "./cryptoMapOrderChecks";
import { dmvpnChecks } from "./dmvpnChecks";
import { ikeProfileChecks } from "./ikeProfileChecks";
import { ikev2ProposalChecks } from "./ikev2ProposalChecks";
import { interfaceAclChecks } from "./interfaceAclChecks";
import { isakmpPolicyChecks } from "./isakmpPolicyChecks";
import { keyChecks } from "./keyChecks";
import { natChecks } from "./natChecks";
import { parseProblemChecks } from "./parseProblemChecks";
import { peerAddressChecks } from "./peerAddressChecks";
import { peerPhase1Checks } from "./peerPhase1Checks";
import { peerPhase2Checks } from "./peerPhase2Checks";
import { peerTunnelChecks } from "./peerTunnelChecks";
import { referenceChecks } from "./referenceChecks";
import { transformSetChecks } from "./transformSetChecks";
import { tunnelChecks } from "./tunnelChecks";
import { routingChecks } from "./routingChecks";
import { selfPeerChecks } from "./selfPeerChecks";
import { weakCryptoChecks } from "./weakCryptoChecks";
import { zoneFirewallChecks } from "./zoneFirewallChecks";
import { zoneTransitChecks } from "./zoneTransitChecks";

/**
 * The registry of check families. A new family is a file in this folder exporting one check,
 * listed here; nothing else needs to know about it.
 */

/** Checks over one config. */
export const CONFIG_CHECKS: readonly ConfigCheck[] = [
  cryptoMapChecks,
  transformSetChecks,
  referenceChecks,
  selfPeerChecks,
  routingChecks,
  cryptoAclChecks,
  cryptoMapOrderChecks,
  keyChecks,
  isakmpPolicyChecks,
  ikeProfileChecks,
  ikev2ProposalChecks,
  dmvpnChecks,
  tunnelChecks,
  interfaceAclChecks,
  zoneFirewallChecks,
  zoneTransitChecks,
  certificateChecks,
  certificateChainChecks,
  weakCryptoChecks,
  ahNatChecks,
  natChecks,
  parseProblemChecks,
];

/** Checks of one config against its peers in the workspace. */
export const PEER_CHECKS: readonly PeerCheck[] = [
  peerAddressChecks,
  peerPhase1Checks,
  peerPhase2Checks,
  peerTunnelChecks,
];

/** Checks over a capture. */
export const CAPTURE_CHECKS: readonly CaptureCheck[] = [
  captureNatChecks,
  captureHandshakeChecks,
  capturePhase2Checks,
  captureCertificateChecks,
  captureShowChecks,
  captureShowCrossChecks,
  captureInterfaceChecks,
  captureNhrpChecks,
  captureDataPlaneChecks,
  captureFirewallChecks,
  captureTunnelChecks,
  captureCommandChecks,
  capturedConfigChecks(CONFIG_CHECKS, PEER_CHECKS),
];
