import { table } from "./table";

/**
 * What the protocol and port words of an access list mean for an IPsec tunnel: which of them
 * carry IKE and the encrypted traffic, so an inbound filter can be read at a glance.
 */

/** Protocol keywords with what they match. */
export const ACL_PROTOCOL_MEANINGS: Readonly<Record<string, string>> = table({
  ip: "every IP protocol",
  esp: "ESP (IP protocol 50): the encrypted IPsec packets themselves",
  ahp: "AH (IP protocol 51): IPsec packets authenticated with AH",
  udp: "UDP (IP protocol 17), which carries IKE on port 500 and NAT-T on port 4500",
  tcp: "TCP (IP protocol 6)",
  gre: "GRE (IP protocol 47): the tunnel packets of GRE over IPsec before encryption",
  icmp: "ICMP (IP protocol 1), including the unreachables path MTU discovery needs",
  ospf: "OSPF (IP protocol 89)",
  eigrp: "EIGRP (IP protocol 88)",
  pcp: "IPComp (IP protocol 108)",
});

/** Port numbers that matter to IPsec, with what they carry. */
export const IPSEC_PORT_MEANINGS: Readonly<Record<number, string>> = {
  500: "IKE (ISAKMP): phase 1 and phase 2 negotiation",
  4500: "NAT traversal: IKE and UDP-encapsulated ESP once a NAT is detected",
};

/** What the action words of an ACL do, by how the ACL is used. */
export const ACL_ACTION_MEANINGS: Readonly<
  Record<"crypto" | "filter", Record<"permit" | "deny", string>>
> = {
  crypto: {
    permit:
      "traffic this entry matches is encrypted toward the peer (and expected encrypted from it)",
    deny: "traffic this entry matches is sent in clear, without IPsec; later entries are not consulted for it",
  },
  filter: {
    permit: "packets this entry matches pass",
    deny: "packets this entry matches are dropped",
  },
};
