/**
 * Why a router drops IPsec packets once the tunnel is up: the five causes IOS reports, each with
 * the syslog mnemonics that announce it, the `show crypto ipsec sa` counters that count it, what
 * it means, how to verify it and what fixes it. The capture check for data-plane drops reads
 * this table; hovers on the messages and counters read the same facts.
 */

/** One cause of dropped packets. */
export interface DataPlaneDrop {
  /** Stable id of the cause. */
  id: "invalid-spi" | "replay" | "integrity" | "identity" | "cleartext";
  /** The diagnostic code for the syslog messages. */
  logCode:
    | "log-invalid-spi"
    | "log-replay-drops"
    | "log-integrity-failure"
    | "log-invalid-identity"
    | "log-cleartext-received";
  /** Mnemonics of facility CRYPTO that report it (IOS renamed some across releases). */
  mnemonics: readonly string[];
  /** Counter names of `show crypto ipsec sa` (as the show parser keys them) that count it. */
  counters: readonly string[];
  /** What the router did, in a few words: "dropped N packets {what}". */
  what: string;
  /** Why it happens: the usual causes, most likely first. */
  cause: string;
  /** What it costs the traffic. */
  effect: string;
  /** How to confirm it; `{peer}` stands for the peer's address. */
  verify: string;
  /** What fixes it, in words (the quick fixes carry the commands). */
  fix: string;
  /**
   * Causes that the inner packet's IP protocol proves, by protocol number, in place of `cause`,
   * `verify` and `fix` (clear text that is GRE is a tunnel, not a host's traffic).
   */
  byProtocol?: ReadonlyMap<number, ProtocolCause>;
}

/**
 * The cause of a drop when the inner packet is of one protocol. `{source}` and `{destination}`
 * stand for the inner packet's addresses, `{peer}` for the peer's.
 */
export interface ProtocolCause {
  /** How the message names the packets ("GRE packets"). */
  packets: string;
  cause: string;
  effect: string;
  verify: string;
  fix: string;
}

/** The causes, in the order a person rules them out. */
export const DATA_PLANE_DROPS: readonly DataPlaneDrop[] = [
  {
    id: "invalid-spi",
    logCode: "log-invalid-spi",
    mnemonics: ["RECVD_PKT_INV_SPI"],
    counters: ["invalid sa (rcv)"],
    what: "whose SPI names no SA of this router",
    cause:
      "the two routers' SAs are out of step: the peer still encrypts with an SA this router has deleted (it reloaded, its SAs were cleared, or it expired them first), or the packets come from a router that is not a peer at all. A few around a rekey are normal",
    effect:
      "everything the peer sends through the tunnel is lost until the peer's stale SA expires (up to its lifetime, an hour by default) or is cleared, while this router's own traffic may still flow the other way",
    verify:
      "`show crypto ipsec sa peer {peer}` on both routers: the peer's `current outbound spi` is missing from this router's inbound SAs; `show crypto isakmp sa` shows whether an IKE SA still joins them",
    fix: "clear the SAs on the peer (`clear crypto sa peer` with this router's address) to resynchronise now; `crypto isakmp invalid-spi-recovery` lets an IKEv1 router tell the peer to drop the stale SA, and dead peer detection (`crypto isakmp keepalive 10 3 periodic`; with IKEv2, `dpd 10 3 periodic` in the IKEv2 profile) lets a peer notice that this router lost its SAs",
  },
  {
    id: "replay",
    logCode: "log-replay-drops",
    mnemonics: ["PKT_REPLAY_ERR"],
    counters: ["replay failed (rcv)", "replay failed"],
    what: "that failed the anti-replay check",
    cause:
      "ESP packets arrive further out of order than the anti-replay window (64 packets by default) allows: QoS queues on the sending router reorder them after encryption (voice overtakes data), the path reorders them (parallel links, load sharing, an MPLS core), or large packets wait for reassembly while small ones pass. A message that gives sequence number 0 usually means a software fault instead",
    effect:
      "the late packets are dropped as replays: TCP sees loss and slows down, voice and routing protocols over the tunnel suffer",
    verify:
      "`show crypto ipsec sa detail` (`#pkts replay failed` rising against `#pkts decaps`), and `show policy-map interface` on the peer for queues on its tunnel's way out",
    fix: "widen the window on the router that drops (`crypto ipsec security-association replay window-size 1024`, or `set security-association replay window-size 1024` on one crypto map entry or IPsec profile); turning the check off (`crypto ipsec security-association replay disable`) removes the protection and is a last resort",
  },
  {
    id: "integrity",
    logCode: "log-integrity-failure",
    mnemonics: ["RECVD_PKT_MAC_ERR"],
    counters: ["verify failed"],
    what: "whose integrity check (HMAC) failed",
    cause:
      "the packets were changed on the way (a faulty link or device corrupting payloads, a middlebox rewriting them), or one router's crypto engine computed a wrong value; a handful over days is normal, a steady count is not",
    effect:
      "each failing packet is dropped: intermittent loss through the tunnel, worse for large packets",
    verify:
      "`show crypto ipsec sa detail` (`#pkts verify failed`), `show interfaces` on both routers' WAN interfaces (CRC and input errors), and a ping across the path with large packets and `df-bit`",
    fix: "find the device that corrupts packets (interface errors along the path); renewing the SAs (`clear crypto sa peer`) rules out a fault tied to one SA",
  },
  {
    id: "identity",
    logCode: "log-invalid-identity",
    mnemonics: ["RECVD_PKT_INV_IDENTITY", "RECVD_PKT_INV_IDENTITY_ACL"],
    counters: ["invalid identity (recv)"],
    what: "whose inner addresses are outside the SA's proxy identities",
    cause:
      "the peer put traffic into this SA that the identities negotiated in quick mode (this router's crypto ACL) do not cover: the two crypto ACLs are not mirror images (the peer's is wider), or the peer chose the wrong SA for the packet",
    effect:
      "the packets are decrypted and then dropped: the hosts outside the negotiated networks cannot reach this site through the tunnel",
    verify:
      "`show crypto ipsec sa peer {peer}` (`local ident` / `remote ident` against the addresses in the message) and the two routers' crypto ACLs (`show crypto map`)",
    fix: "make the crypto ACLs mirror images: cover the same networks on both routers, or narrow the peer's to what this router protects",
  },
  {
    id: "cleartext",
    logCode: "log-cleartext-received",
    mnemonics: ["RECVD_PKT_NOT_IPSEC"],
    counters: [],
    what: "that arrived unencrypted although this router's crypto ACL says they must be protected",
    cause:
      "the peer sends this traffic in clear: its crypto ACL has no line for it (the ACLs are not mirror images), its crypto map is not on the interface the traffic leaves by, NAT translates the packets before the crypto map sees them, or a route sends them another way; or a host that is not behind the peer uses addresses of the protected networks",
    effect:
      "the packets are dropped: that traffic never reaches this site, while traffic the peer does encrypt passes",
    verify:
      "`show crypto map` on the peer (its ACL and interfaces), `show ip nat translations` and `show ip route` there for the source host, and `show crypto ipsec sa` here (the flow's `#pkts decaps`)",
    fix: "make the peer encrypt the traffic: mirror this router's crypto ACL on the peer, apply its crypto map to the interface toward this router, and exempt the traffic from NAT there",
    byProtocol: new Map([
      [
        47,
        {
          packets: "GRE packets",
          cause:
            "GRE in clear is a GRE tunnel that one end protects and the other does not: {source} sends its tunnel to {destination} unprotected, because its tunnel interface has no `tunnel protection ipsec profile` (protection configured on this end only) or, with GRE over a crypto map, its crypto ACL does not permit GRE between the two tunnel ends, or its crypto map is not on the interface the GRE packets leave by. The question is not the inner networks (their crypto ACLs, NAT or routes): IPsec carries the GRE packets, whatever networks they hold",
          effect:
            "everything {source} routes into the tunnel is dropped here, its routing protocol's hellos included, so the tunnel passes nothing from {source}",
          verify:
            "on {source}, the tunnel interface whose destination is {destination} (`show running-config interface Tunnel<n>`: is `tunnel protection` there?) and `show crypto map` (does an entry for {destination} on the interface the tunnel leaves by permit `gre host {source} host {destination}`?); here, `show crypto session` for {source}",
          fix: "protect the tunnel on {source} as it is protected here: `tunnel protection ipsec profile <profile>` under its tunnel interface toward {destination}; or, for GRE over a crypto map, `permit gre host {source} host {destination}` in the crypto ACL of its entry for {destination}, with the map applied to the interface the tunnel leaves by",
        },
      ],
    ]),
  },
];

/** The cause a CRYPTO mnemonic reports, if it is one of the data-plane drops. */
export function dropOfMnemonic(mnemonic: string): DataPlaneDrop | undefined {
  return DATA_PLANE_DROPS.find((d) => d.mnemonics.includes(mnemonic));
}

/** The cause a `show crypto ipsec sa` counter counts, if it counts one. */
export function dropOfCounter(counter: string): DataPlaneDrop | undefined {
  return DATA_PLANE_DROPS.find((d) => d.counters.includes(counter));
}
