import { DATA_PLANE_DROPS } from "./dataPlaneDrops";

/**
 * Syslog messages (`%FACILITY-SEVERITY-MNEMONIC: text`) that matter when an IPsec tunnel fails,
 * with what each says and what to do. Severity numbers are the syslog levels.
 */

/** The syslog severity levels by number. */
export const SYSLOG_SEVERITIES: readonly string[] = [
  "emergency",
  "alert",
  "critical",
  "error",
  "warning",
  "notification",
  "informational",
  "debugging",
];

/** One known mnemonic. */
export interface SyslogInfo {
  /** `FACILITY-MNEMONIC` without the severity (IOS changed some severities across releases). */
  key: string;
  meaning: string;
  action?: string;
  /** What the message says in each of its texts, for a mnemonic whose text tells two events apart. */
  texts?: readonly SyslogText[];
}

/** One text of a mnemonic (`ISAKMP is OFF`), with what it says in place of the mnemonic's meaning. */
export interface SyslogText {
  /** Words of the message's text that name this case. */
  words: string;
  meaning: string;
  action?: string;
}

/** The data-plane drop messages, from the table of drop causes (one place for their facts). */
const DROP_MESSAGES: readonly SyslogInfo[] = DATA_PLANE_DROPS.flatMap((d) =>
  d.mnemonics.map((m) => ({
    key: `CRYPTO-${m}`,
    meaning: `The router dropped packets ${d.what}. Usually ${d.cause}.${[
      ...(d.byProtocol ?? new Map()),
    ]
      .map(
        ([protocol, c]) =>
          ` With \`prot= ${protocol}\` (${c.packets}): ${generic(c.cause)}.`,
      )
      .join("")}`,
    action: `${d.fix[0]!.toUpperCase()}${d.fix.slice(1)}.`,
  })),
);

/** A drop table text without a message's addresses: its placeholders in words. */
function generic(text: string): string {
  return text
    .replace(/\{source\}/g, "the sender")
    .replace(/\{destination\}/g, "this router")
    .replace(/\{peer\}/g, "the peer");
}

/** Known messages. */
export const SYSLOG_MESSAGES: readonly SyslogInfo[] = [
  {
    key: "CRYPTO-IKMP_BAD_MESSAGE",
    meaning:
      "An IKE message from the peer failed its sanity check or could not be parsed. In main mode 5/6 this almost always means the peer encrypted with a different pre-shared key, so this router decrypted garbage.",
    action: "Compare `crypto isakmp key ... address <peer>` on both routers.",
  },
  {
    key: "CRYPTO-IKMP_INVAL_CERT",
    meaning:
      "The certificate received from the peer is not valid: expired, not yet valid by this router's clock, revoked, or from an untrusted CA.",
    action:
      "Check `show clock` against the certificate's validity (`show crypto ca certificates`), and the CA chain.",
  },
  {
    key: "PKI-CERTIFICATE_INVALID_EXPIRED",
    meaning:
      "Certificate chain validation failed because a certificate of the chain (the serial it names) is past its end date by this router's clock. During IKE that is usually the peer's certificate, or the CA certificate this router trusts; authentication then fails.",
    action:
      "Compare `show clock` with the date the message gives. With a right clock, the owner of the certificate enrolls again (`crypto pki enroll`), or, for a CA certificate, the CA's renewed certificate is authenticated (`crypto pki authenticate`).",
  },
  {
    key: "PKI-CERTIFICATE_INVALID_NOT_YET_VALID",
    meaning:
      "Certificate chain validation failed because a certificate of the chain starts its validity after this router's clock: this router's clock is behind, or the CA's was ahead when it issued the certificate.",
    action:
      "Check `show clock` on this router and on the CA, and keep both on NTP; once the clocks are right, enroll again if the certificate was issued with a wrong date.",
  },
  {
    key: "PKI-CRL_FETCH_FAIL",
    meaning:
      "The router could not fetch the CRL of the trustpoint the message names (the reason follows). With `revocation-check crl`, the default, peer certificates its CA issued fail validation while no valid CRL is cached.",
    action:
      "Make the CRL reachable (the certificates' CRL distribution point, or the CA's enrollment URL), or write `revocation-check crl none` in the trustpoint to accept certificates when the CRL cannot be fetched.",
  },
  {
    key: "PKI-NON_AUTHORITATIVE_CLOCK",
    meaning:
      "PKI waits for an authoritative time source before it works: until NTP synchronises, or the calendar is declared valid, no certificate is validated or used, so IKE with certificates fails.",
    action:
      "Configure NTP (`ntp server ...`) and check `show ntp status`; on a router with a battery-backed calendar, `clock calendar-valid`.",
  },
  {
    key: "CRYPTO-IKE_QUICKMODE_BAD_CERT",
    meaning:
      "Quick mode from a peer whose certificate does not match the identity list (`set identity`) of the crypto map, for example a DN-based map that names other peers.",
    action:
      "Add the peer's FQDN or DN to the `crypto identity` list used by the crypto map.",
  },
  {
    key: "CRYPTO-IKMP_MODE_FAILURE",
    meaning:
      "Processing of an IKE mode (main, aggressive or quick) failed with the peer.",
  },
  {
    key: "CRYPTO-IKMP_NO_SA",
    meaning:
      "An IKE packet arrived for an SA this router does not have, and it is no first message of a new one: the peer still uses an IKE SA this router lost (it rebooted, or the SA was cleared or expired here first). Without dead peer detection (`crypto isakmp keepalive`) the peer goes on until its own SA expires.",
  },
  {
    key: "CRYPTO-IKMP_SA_NOT_AUTH",
    meaning:
      "The peer tried quick mode over an IKE SA that is not authenticated.",
  },
  {
    key: "CRYPTO-IKMP_SA_NOT_OFFERED",
    meaning:
      "The peer answered with an attribute this router did not offer or changed it.",
  },
  {
    key: "CRYPTO-IKMP_NOT_ENCRYPTED",
    meaning:
      "An IKE packet that should have been encrypted arrived in clear text.",
  },
  {
    key: "CRYPTO-ISAKMP_ON_OFF",
    meaning:
      "IKE (ISAKMP) started or stopped listening on this router. IOS turns it off by itself when no crypto map is applied to an interface and no protected tunnel is up any more, and on again when one comes back; `no crypto isakmp` and `crypto isakmp enable` do the same by hand.",
    texts: [
      {
        words: "ISAKMP is OFF",
        meaning:
          "IKE stopped listening: UDP 500 and 4500 are closed, so this router neither starts IKE nor answers a peer until it is on again. IOS does this by itself when the last crypto map is removed from its interface or the last protected tunnel goes down (the only tunnel shut, say), which is not a fault; it does it too after `no crypto isakmp`.",
        action:
          "If no tunnel was meant to go down: check that the crypto map is applied (`show crypto map`, `Interfaces using crypto map`), that the protected tunnel is up (`show interfaces tunnel N`), and that the config has no `no crypto isakmp` line (`crypto isakmp enable` undoes it).",
      },
      {
        words: "ISAKMP is ON",
        meaning:
          "IKE listens again (UDP 500 and 4500): a crypto map was applied or a protected tunnel came up (or `crypto isakmp enable` was typed). Tunnels can negotiate from here on.",
      },
    ],
  },
  {
    key: "CRYPTO-SESSION_STATUS",
    meaning: "A crypto session went up or down.",
  },
  {
    key: "CRYPTO-IKMP_AG_MODE_DISABLED",
    meaning:
      "Aggressive mode was refused because it is disabled on this router.",
  },
  { key: "IKEV2-SA_UP", meaning: "An IKEv2 SA came up." },
  { key: "IKEV2-SA_DOWN", meaning: "An IKEv2 SA went down." },
  {
    key: "DMVPN-CRYPTO_SS",
    meaning:
      "The IPsec socket of a DMVPN tunnel toward one peer (named by its local and remote NBMA addresses) changed state. `socket is UP`: IPsec SAs to that peer exist, so GRE and NHRP can pass. `socket is DOWN`: the SAs were cleared or expired, the peer stopped answering, or the tunnel was shut down or reconfigured.",
    action:
      "A socket that never comes UP is an IKE or IPsec problem toward the remote address (`show crypto session`, `show crypto ipsec sa peer <address>`); sockets that flap on a router with several tunnels on one `tunnel source` point at a missing `shared` on `tunnel protection`.",
  },
  {
    key: "DMVPN-NHRP_NHS_UP",
    meaning:
      "A spoke registered with a next-hop server (its hub, named by tunnel and NBMA address): the hub now shows UP in `show dmvpn` and `show ip nhrp nhs`.",
  },
  {
    key: "DMVPN-NHRP_NHS_DOWN",
    meaning:
      "A spoke lost, or could not get, its registration with a next-hop server (its hub, named by tunnel and NBMA address; `Tunnel: UNKNOWN` while the hub's tunnel address is not known yet, as with `ip nhrp nhs dynamic`). `Reason:` tells why: a registration failure or timeout when the hub does not answer, `External` when the tunnel or its IPsec went down on this router.",
    action:
      "If the IPsec socket to the hub is up (`%DMVPN-5-CRYPTO_SS ... socket is UP`), compare `ip nhrp authentication`, `tunnel key` and the `ip nhrp nhs`/`ip nhrp map` addresses with the hub; if it is not, troubleshoot IKE and IPsec toward the hub's NBMA address first.",
  },
  {
    key: "DMVPN-NHRP_NHC_UP",
    meaning:
      "On a hub: a spoke (next-hop client, named by tunnel and NBMA address) registered; it is now in `show dmvpn` and the hub copies multicast to it if `ip nhrp map multicast dynamic` is set.",
  },
  {
    key: "DMVPN-NHRP_NHC_DOWN",
    meaning:
      "On a hub: a spoke's registration was removed. `Reason:` tells why: its registrations stopped arriving (a timeout), or the tunnel or its IPsec went down (`External`).",
    action:
      "Look at the spoke: `show dmvpn` on both routers, and whether its IPsec socket to the hub is up.",
  },
  {
    key: "DMVPN-DMVPN_NHRP_ERROR",
    meaning:
      "NHRP refused a packet or could not send one; the text names the packet (a registration request, a resolution request) and a reason code. `wrong authentication string ... authentication failure (11)`: the sender's `ip nhrp authentication` differs from this router's. `NHRP Encap Error`: NHRP could not forward toward the address the packet was for, for instance a spoke whose `ip nhrp nhs` is not the hub's tunnel address.",
    action:
      "Compare `ip nhrp authentication` on every router of the cloud, and the spokes' `ip nhrp nhs` and `ip nhrp map` addresses with the hub's tunnel and NBMA addresses.",
  },
  {
    key: "NHRP-PAKERROR",
    meaning:
      "This router received an NHRP error indication: a peer rejected one of its NHRP packets, for the reason after `code:`. `loop detected` on a hub often means two spokes reach it from the same public NBMA address (spokes behind one carrier-grade or port-translating NAT), which DMVPN does not support; an authentication failure means differing `ip nhrp authentication` strings.",
  },
  {
    key: "TUN-RECURDOWN",
    meaning:
      "A GRE tunnel found that the route to its own destination leads into the tunnel itself (recursive routing), and IOS disabled the tunnel for a while; routing neighbours over it flap as it comes back and fails again.",
    action:
      "Keep the route to the tunnel destination (the peer's NBMA address) outside the tunnel: do not advertise the outside networks through the tunnel's routing protocol, or pin them with a static route.",
  },
  {
    key: "SYS-CONFIG_I",
    meaning: "Someone changed the configuration from a terminal.",
  },
  {
    key: "FW-DROP_PKT",
    meaning:
      "The zone-based policy firewall dropped a packet: the protocol, its source and destination (with ports for TCP and UDP), the zone-pair whose policy decided and the class whose action was to drop (`class-default` when no class matched). IKE (UDP 500/4500), ESP or AH dropped here keeps a tunnel down or empty; traffic between the protected networks dropped here empties a tunnel that is up.",
    action:
      "`show policy-map type inspect zone-pair NAME` shows the policy and its counters; pass the peer's IPsec (or inspect its IKE) in a class ahead of the one that drops it, and give the protected networks' traffic a zone-pair that inspects it in each direction.",
  },
  { key: "LINK-UPDOWN", meaning: "An interface changed state." },
  {
    key: "LINEPROTO-UPDOWN",
    meaning: "The line protocol of an interface changed state.",
  },
  ...DROP_MESSAGES,
];

/**
 * The entry of `FACILITY-MNEMONIC`, if known; given the message's text, with the meaning and
 * action of the text it holds when the mnemonic has several (`ISAKMP is OFF` / `ISAKMP is ON`).
 */
export function syslogMessage(
  facility: string,
  mnemonic: string,
  text?: string,
): SyslogInfo | undefined {
  const key = `${facility}-${mnemonic}`;
  const info = SYSLOG_MESSAGES.find((m) => m.key === key);
  const variant =
    text === undefined
      ? undefined
      : info?.texts?.find((t) => text.includes(t.words));
  return info && variant
    ? { key, meaning: variant.meaning, action: variant.action }
    : info;
}
