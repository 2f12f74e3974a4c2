import type { Code } from "../diagnostics/catalog";
import type { Packet } from "../ipv4/acl";
import { PORT, PROTO } from "./protocols";
import { table } from "./table";

/**
 * What an IPsec peer sends to this router, as the packets an inbound ACL must let through, the
 * ACL entry that permits each, and what is lost when one is denied.
 */

/** One kind of IPsec traffic from the peer. */
export interface IpsecTraffic {
  /** The diagnostic raised when the inbound ACL denies it. */
  code: Code;
  name: string;
  /** The extended ACL entry that permits it from the peer to the local address. */
  permit: (peer: string, local: string) => string;
  /** The packet that stands for it. */
  packet: (peer: number, local: number) => Packet;
  /** What its loss does to the tunnel. */
  effect: string;
}

/** IKE, NAT-T, ESP and AH. */
export const IPSEC_TRAFFIC = {
  isakmp: {
    code: "acl-blocks-isakmp",
    name: "ISAKMP (UDP 500)",
    permit: (p, l) => `permit udp host ${p} host ${l} eq isakmp`,
    packet: (p, l) => ({
      protocol: PROTO.UDP,
      source: p,
      destination: l,
      sourcePort: PORT.ISAKMP,
      destinationPort: PORT.ISAKMP,
    }),
    effect:
      "phase 1 never completes: the peer's IKE messages are dropped and the initiator only retransmits",
  },
  natT: {
    code: "acl-blocks-nat-t",
    name: "NAT-T (UDP 4500)",
    permit: (p, l) => `permit udp host ${p} host ${l} eq non500-isakmp`,
    packet: (p, l) => ({
      protocol: PROTO.UDP,
      source: p,
      destination: l,
      sourcePort: PORT.NAT_T,
      destinationPort: PORT.NAT_T,
    }),
    effect:
      "if a NAT device sits between the peers, IKE moves to port 4500 and ESP is carried in it, and both are dropped here",
  },
  esp: {
    code: "acl-blocks-esp",
    name: "ESP (IP protocol 50)",
    permit: (p, l) => `permit esp host ${p} host ${l}`,
    packet: (p, l) => ({ protocol: PROTO.ESP, source: p, destination: l }),
    effect:
      "the tunnel comes up but every encrypted packet from the peer is dropped (encaps counters grow, decaps stay at zero)",
  },
  ah: {
    code: "acl-blocks-ah",
    name: "AH (IP protocol 51)",
    permit: (p, l) => `permit ahp host ${p} host ${l}`,
    packet: (p, l) => ({ protocol: PROTO.AH, source: p, destination: l }),
    effect:
      "the tunnel comes up but every AH-protected packet from the peer is dropped",
  },
} as const satisfies Record<string, IpsecTraffic>;

/** Flows that stand for "any traffic" between two networks: ICMP, a TCP session and a UDP flow. */
export const SAMPLE_FLOWS: readonly {
  protocol: number;
  name: string;
  sourcePort?: number;
  destinationPort?: number;
}[] = [
  { protocol: 1, name: "ICMP" },
  { protocol: PROTO.TCP, name: "TCP", sourcePort: 49152, destinationPort: 443 },
  {
    protocol: PROTO.UDP,
    name: "UDP",
    sourcePort: 49152,
    destinationPort: 33434,
  },
];

/** Interface types that reach their neighbour without a next hop, so a route may name only the interface. */
export const POINT_TO_POINT_TYPES: readonly string[] = [
  "serial",
  "tunnel",
  "dialer",
  "multilink",
  "virtual-",
  "pos",
  "bri",
  "cellular",
];

/** The entry that lets each IPsec protocol through an interface ACL, by the names findings use. */
export const IPSEC_PERMITS: Readonly<Record<string, string>> = table({
  ESP: "permit esp any any",
  AH: "permit ahp any any",
  "IKE (UDP 500)": "permit udp any any eq isakmp",
  "NAT-T (UDP 4500)": "permit udp any any eq non500-isakmp",
});
