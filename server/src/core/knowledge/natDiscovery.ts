/**
 * What `debug crypto isakmp` prints about NAT discovery (NAT-D, RFC 3947) and NAT traversal.
 * In main mode messages 3 and 4 each peer sends hashes of the addresses and ports it believes
 * both ends use; each side recomputes them from the packet it received. A hash that does not
 * match means an address was rewritten on the way: that side sits behind NAT. IOS then floats
 * IKE to UDP 4500 and wraps ESP in UDP 4500 (NAT-T).
 */

/** Who sits behind NAT according to a line; `unknown` when the line says NAT exists but not where. */
export type NatVerdict = "none" | "self" | "peer" | "both" | "unknown";

/** What a NAT-related debug line reports. */
export type NatSignalKind =
  /** The final NAT-D result for the IKE SA. */
  | "result"
  /** One of the two hash comparisons (partial, the result follows). */
  | "hash"
  /** IKE or ESP moved to UDP 4500: NAT-T is in use. */
  | "port-4500"
  /** The peer announced NAT-T support in a vendor ID. */
  | "vendor"
  /** A NAT-D payload arrived (payload type 20, or 130 in the drafts). */
  | "payload";

/** One signature of a NAT-related debug line. */
export interface NatSignature {
  kind: NatSignalKind;
  /** Tested on the message body (after the `ISAKMP:(1001):` prefix). */
  pattern: RegExp;
  /** Undefined for lines that say nothing about where NAT is. */
  verdict?: NatVerdict;
  /** A few words shown in place (inlay hint). */
  label: string;
  /** What the line means, in our words, for hover and diagnostics. */
  explanation: string;
}

/** Every NAT-related line IOS prints, most specific first (the first pattern that matches wins). */
export const NAT_SIGNATURES: readonly NatSignature[] = [
  {
    kind: "result",
    pattern: /\bNo NAT Found for self or peer\b/i,
    verdict: "none",
    label: "NAT-D: no NAT on the path",
    explanation:
      "Both NAT-D hashes match the addresses the packets really carried: no device translates between the peers. IKE stays on UDP 500 and ESP travels as IP protocol 50.",
  },
  {
    kind: "result",
    pattern: /\bNAT found,?\s{0,4}both nodes? inside NAT\b/i,
    verdict: "both",
    label: "NAT-D: both peers behind NAT",
    explanation:
      "Neither NAT-D hash matches: both peers' addresses are rewritten on the way. NAT-T takes over: IKE moves to UDP 4500 and ESP is wrapped in UDP 4500.",
  },
  {
    kind: "result",
    pattern:
      /\bNAT found,?\s{0,4}(?:the |this )?(?:node|self) (?:is )?inside NAT\b/i,
    verdict: "self",
    label: "NAT-D: this router behind NAT",
    explanation:
      "The hash of this router's own address does not match what the peer saw: a device translates this router's address. NAT-T takes over: IKE moves to UDP 4500 and ESP is wrapped in UDP 4500.",
  },
  {
    kind: "result",
    pattern: /\bNAT found,?\s{0,4}(?:the )?peer (?:is )?inside NAT\b/i,
    verdict: "peer",
    label: "NAT-D: peer behind NAT",
    explanation:
      "The hash of the peer's address does not match the address its packets came from: a device translates the peer. NAT-T takes over: IKE moves to UDP 4500 and ESP is wrapped in UDP 4500.",
  },
  {
    kind: "result",
    pattern: /\bNAT found\b/i,
    verdict: "unknown",
    label: "NAT-D: NAT on the path",
    explanation:
      "NAT discovery found a translating device between the peers. NAT-T takes over: IKE moves to UDP 4500 and ESP is wrapped in UDP 4500.",
  },
  {
    kind: "hash",
    pattern: /\bMy hash no match\s{0,4}-\s{0,4}this node inside NAT\b/i,
    verdict: "self",
    label: "NAT-D: own address translated",
    explanation:
      "The NAT-D hash of this router's address, as the peer computed it, does not match: this router's address is translated on the way (this node is inside NAT).",
  },
  {
    kind: "hash",
    pattern: /\bHis hash no match\s{0,4}-\s{0,4}this node outside NAT\b/i,
    verdict: "peer",
    label: "NAT-D: peer address translated",
    explanation:
      "The NAT-D hash of the peer's address does not match the address its packet came from: the peer is translated on the way, while this router is outside NAT.",
  },
  {
    kind: "hash",
    pattern: /\bNAT (?:does not|doesn't) match MINE hash\b/i,
    verdict: "self",
    label: "NAT-D: own address translated",
    explanation:
      "The NAT-D hash of this router's address does not match: a device translates this router's address.",
  },
  {
    kind: "hash",
    pattern: /\bNAT (?:does not|doesn't) match HIS hash\b/i,
    verdict: "peer",
    label: "NAT-D: peer address translated",
    explanation:
      "The NAT-D hash of the peer's address does not match: a device translates the peer's address.",
  },
  {
    kind: "hash",
    pattern: /\bNAT match (?:MINE|HIS) hash\b/i,
    label: "NAT-D: hash matches",
    explanation:
      "One NAT-D hash matches the address the packet really carried: that side's address is not translated (the other hash decides the rest).",
  },
  {
    kind: "port-4500",
    pattern: /\blocal port 4500, remote port 4500\b/i,
    label: "NAT-T: IKE on UDP 4500",
    explanation:
      "IKE runs on UDP 4500 on both sides: NAT-T is in use, so IOS found NAT on the path (or was told to float). ESP will be wrapped in UDP 4500 too, so UDP 4500 must pass every firewall between the peers.",
  },
  {
    kind: "port-4500",
    pattern: /\bmy_port 4500 peer_port 4500\b/i,
    label: "NAT-T: IKE on UDP 4500",
    explanation:
      "This IKE packet goes from UDP 4500 to UDP 4500: NAT-T is in use after NAT discovery found a translating device.",
  },
  {
    kind: "port-4500",
    pattern:
      /\bswitch(?:ed|ing)? to (?:UDP )?port 4500\b|\bfloat(?:ing)? to (?:UDP )?(?:port )?4500\b/i,
    label: "NAT-T: moving to UDP 4500",
    explanation:
      "IKE moves from UDP 500 to UDP 4500 because NAT was found: from here on IKE and ESP use UDP 4500 (NAT-T).",
  },
  {
    kind: "port-4500",
    pattern: /\bcurrent_peer \S+ port 4500\b/i,
    label: "NAT-T: peer on UDP 4500",
    explanation:
      "The SA reaches its peer on UDP 4500: NAT-T is in use, which IOS does when NAT discovery found a translating device between the peers.",
  },
  {
    kind: "port-4500",
    pattern: /\bUDP[- ]Encaps\b/i,
    label: "NAT-T: ESP in UDP",
    explanation:
      "The SA encapsulates ESP in UDP (NAT-T): NAT was found on the path, and ESP now travels in UDP 4500.",
  },
  {
    kind: "vendor",
    pattern: /\bvendor ID is NAT-T\b/i,
    label: "peer supports NAT-T",
    explanation:
      "The peer announces NAT traversal support in a vendor ID. When both peers do, main mode messages 3 and 4 carry NAT-D payloads to find out whether a device translates between them.",
  },
  {
    kind: "payload",
    pattern: /\b(?:received )?payload type (?:20|130)\b/i,
    label: "NAT-D payload",
    explanation:
      "A NAT discovery payload (type 20; 130 in the NAT-T drafts): a hash of an address and port as the peer saw them. This router compares it with the addresses the packet really carried.",
  },
];

/** A verdict in words, given how to name the peer. */
export const VERDICT_WORDS: Readonly<
  Record<NatVerdict, (peer: string) => string>
> = {
  none: (peer) => `no NAT between this router and ${peer}`,
  self: (peer) =>
    `this router sits behind NAT (its address is translated on the way to ${peer})`,
  peer: (peer) => `${peer} sits behind NAT`,
  both: (peer) => `both this router and ${peer} sit behind NAT`,
  unknown: (peer) => `a NAT device sits between this router and ${peer}`,
};

/** The signature that matches a message body, if any. A cheap word test skips most lines. */
export function natSignature(body: string): NatSignature | undefined {
  if (!/NAT|4500|Encaps|payload type/i.test(body)) {
    return undefined;
  }
  return NAT_SIGNATURES.find((s) => s.pattern.test(body));
}
