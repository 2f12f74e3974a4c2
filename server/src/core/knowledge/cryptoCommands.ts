import { DH_GROUPS, describeDhGroup } from "./dhGroups";
import { DMVPN_CHOICE_TABLES, DMVPN_COMMANDS } from "./dmvpnCommands";
import {
  ISAKMP_AUTHENTICATIONS,
  ISAKMP_ENCRYPTIONS,
  ISAKMP_HASHES,
} from "./isakmpAttributes";
import { STRENGTH_LABELS } from "./strength";
import { TRANSFORM_FACTS, TRANSFORM_SLOT_LABELS } from "./transforms";
import { table } from "./table";
import {
  ZONE_FIREWALL_CHOICE_TABLES,
  ZONE_FIREWALL_COMMANDS,
} from "./zoneFirewallCommands";

/**
 * The crypto-related IOS commands, per configuration mode, as data: completion offers them and
 * hover explains their keywords. Syntax strings use a small notation:
 * - `word` a keyword (`word|alias` when IOS also takes a short form);
 * - `<label>` a value the user types (an address, a number, a key);
 * - `{kind}` the name of an object of that kind (`{acl}`, `{transform-set}`); `{kind...}` several;
 * - `(table)` one value of a choice table below; `(table...)` several;
 * - a trailing `?` makes the element optional.
 */

/** The configuration modes we complete in. */
export type CommandContext =
  | "top"
  | "interface"
  | "isakmp-policy"
  | "crypto-map"
  | "dynamic-map"
  | "transform-set"
  | "keyring"
  | "isakmp-profile"
  | "ipsec-profile"
  | "identity"
  | "trustpoint"
  | "certificate-map"
  /** `crypto pki certificate chain NAME`: the certificates of a trustpoint, in hex. */
  | "certificate-chain"
  | "isakmp-peer"
  | "acl-extended"
  | "acl-standard"
  | "ikev2-proposal"
  | "ikev2-policy"
  | "ikev2-keyring"
  | "ikev2-keyring-peer"
  | "ikev2-profile"
  /** `crypto ikev2 client flexvpn NAME`: a FlexVPN client's hubs and the tunnels it connects. */
  | "flexvpn-client"
  | "router-bgp"
  /** `router eigrp` and `router ospf`: the interior routing protocols a VPN may run over its tunnels. */
  | "router-igp"
  | "zone"
  | "zone-pair"
  | "inspect-class-map"
  | "inspect-policy-map"
  | "inspect-policy-class"
  | "object-group-network"
  | "object-group-service";

/** How a section head opens a mode: the leading keywords, and how many words the head needs at least. */
export const SECTION_HEADS: readonly {
  keywords: readonly string[];
  minWords: number;
  context: CommandContext;
  /** The mode the head itself must stand in, for sub-modes (a keyring's `peer`). */
  within?: CommandContext;
}[] = [
  { keywords: ["interface"], minWords: 2, context: "interface" },
  {
    keywords: ["crypto", "isakmp", "policy"],
    minWords: 4,
    context: "isakmp-policy",
  },
  {
    keywords: ["crypto", "isakmp", "profile"],
    minWords: 4,
    context: "isakmp-profile",
  },
  { keywords: ["crypto", "map"], minWords: 4, context: "crypto-map" },
  { keywords: ["crypto", "dynamic-map"], minWords: 4, context: "dynamic-map" },
  {
    keywords: ["crypto", "ipsec", "transform-set"],
    minWords: 4,
    context: "transform-set",
  },
  {
    keywords: ["crypto", "ipsec", "profile"],
    minWords: 4,
    context: "ipsec-profile",
  },
  { keywords: ["crypto", "keyring"], minWords: 3, context: "keyring" },
  {
    keywords: ["crypto", "ikev2", "proposal"],
    minWords: 4,
    context: "ikev2-proposal",
  },
  {
    keywords: ["crypto", "ikev2", "policy"],
    minWords: 4,
    context: "ikev2-policy",
  },
  {
    keywords: ["crypto", "ikev2", "keyring"],
    minWords: 4,
    context: "ikev2-keyring",
  },
  {
    keywords: ["crypto", "ikev2", "profile"],
    minWords: 4,
    context: "ikev2-profile",
  },
  {
    keywords: ["peer"],
    minWords: 2,
    context: "ikev2-keyring-peer",
    within: "ikev2-keyring",
  },
  {
    keywords: ["crypto", "ikev2", "client", "flexvpn"],
    minWords: 5,
    context: "flexvpn-client",
  },
  { keywords: ["crypto", "identity"], minWords: 3, context: "identity" },
  { keywords: ["router", "bgp"], minWords: 3, context: "router-bgp" },
  { keywords: ["router", "eigrp"], minWords: 3, context: "router-igp" },
  { keywords: ["router", "ospf"], minWords: 3, context: "router-igp" },
  {
    keywords: ["crypto", "pki", "trustpoint"],
    minWords: 4,
    context: "trustpoint",
  },
  {
    keywords: ["crypto", "ca", "trustpoint"],
    minWords: 4,
    context: "trustpoint",
  },
  {
    keywords: ["crypto", "pki", "certificate", "map"],
    minWords: 5,
    context: "certificate-map",
  },
  {
    keywords: ["crypto", "pki", "certificate", "chain"],
    minWords: 5,
    context: "certificate-chain",
  },
  {
    keywords: ["crypto", "ca", "certificate", "chain"],
    minWords: 5,
    context: "certificate-chain",
  },
  {
    keywords: ["crypto", "isakmp", "peer"],
    minWords: 5,
    context: "isakmp-peer",
  },
  {
    keywords: ["ip", "access-list", "extended"],
    minWords: 4,
    context: "acl-extended",
  },
  {
    keywords: ["ip", "access-list", "standard"],
    minWords: 4,
    context: "acl-standard",
  },
  {
    keywords: ["object-group", "network"],
    minWords: 3,
    context: "object-group-network",
  },
  {
    keywords: ["object-group", "service"],
    minWords: 3,
    context: "object-group-service",
  },
  // The zone-based firewall (its layer 3/4 inspect maps only).
  { keywords: ["zone", "security"], minWords: 3, context: "zone" },
  { keywords: ["zone-pair", "security"], minWords: 3, context: "zone-pair" },
  {
    keywords: ["class-map", "type", "inspect"],
    minWords: 4,
    context: "inspect-class-map",
  },
  {
    keywords: ["policy-map", "type", "inspect"],
    minWords: 4,
    context: "inspect-policy-map",
  },
  {
    keywords: ["class"],
    minWords: 2,
    context: "inspect-policy-class",
    within: "inspect-policy-map",
  },
];

/** A value of a choice table with what it means. */
export interface ChoiceValue {
  /** The words as written; several words for values such as `aes 256`. */
  value: string;
  meaning: string;
}

function withStrength(
  meaning: string,
  strength?: keyof typeof STRENGTH_LABELS,
): string {
  return strength ? `${meaning} (${STRENGTH_LABELS[strength]})` : meaning;
}

function transformChoices(): ChoiceValue[] {
  const out: ChoiceValue[] = [];
  for (const [name, facts] of Object.entries(TRANSFORM_FACTS)) {
    const meaning = `${TRANSFORM_SLOT_LABELS[facts.slot]}: ${facts.algorithm} (${STRENGTH_LABELS[facts.strength]})`;
    out.push({
      value: name,
      meaning: facts.defaultKeySize
        ? `${meaning}, ${facts.defaultKeySize}-bit key`
        : meaning,
    });
    for (const size of facts.keySizes ?? []) {
      if (size !== facts.defaultKeySize) {
        out.push({
          value: `${name} ${size}`,
          meaning: `${meaning}, ${size}-bit key`,
        });
      }
    }
  }
  return out;
}

/** The choice tables the syntax strings name. */
export const CHOICE_TABLES: Readonly<Record<string, readonly ChoiceValue[]>> =
  table({
    "isakmp-encryption": ISAKMP_ENCRYPTIONS.map((c) => ({
      value: c.value,
      meaning: withStrength(c.meaning, c.strength),
    })),
    "isakmp-hash": ISAKMP_HASHES.map((c) => ({
      value: c.value,
      meaning: withStrength(c.meaning, c.strength),
    })),
    "isakmp-authentication": ISAKMP_AUTHENTICATIONS.map((c) => ({
      value: c.value,
      meaning: c.meaning,
    })),
    "dh-group": Object.values(DH_GROUPS).map((g) => ({
      value: String(g.group),
      meaning: `${describeDhGroup(g)} (${STRENGTH_LABELS[g.strength]})`,
    })),
    "pfs-group": Object.values(DH_GROUPS).map((g) => ({
      value: `group${g.group}`,
      meaning: `${describeDhGroup(g)} (${STRENGTH_LABELS[g.strength]})`,
    })),
    transform: transformChoices(),
    "transform-mode": [
      {
        value: "tunnel",
        meaning:
          "the whole original packet is encrypted inside a new IP header between the peers (the default)",
      },
      {
        value: "transport",
        meaning:
          "only the payload is protected and the original IP header is kept; for traffic between the peers themselves (GRE over IPsec). The router falls back to tunnel mode when the peer insists",
      },
    ],
    "ikev2-encryption": [
      {
        value: "aes-cbc-256",
        meaning: `AES-CBC with a 256-bit key (${STRENGTH_LABELS.strong})`,
      },
      {
        value: "aes-cbc-192",
        meaning: `AES-CBC with a 192-bit key (${STRENGTH_LABELS.strong})`,
      },
      {
        value: "aes-cbc-128",
        meaning: `AES-CBC with a 128-bit key (${STRENGTH_LABELS.acceptable})`,
      },
      {
        value: "aes-gcm-256",
        meaning: `AES-GCM with a 256-bit key, encryption and integrity in one: the proposal takes a prf and no integrity (${STRENGTH_LABELS.strong})`,
      },
      {
        value: "aes-gcm-128",
        meaning: `AES-GCM with a 128-bit key, encryption and integrity in one: the proposal takes a prf and no integrity (${STRENGTH_LABELS.acceptable})`,
      },
      { value: "3des", meaning: `Triple DES (${STRENGTH_LABELS.weak})` },
      { value: "des", meaning: `DES (${STRENGTH_LABELS.broken})` },
    ],
    "ikev2-integrity": [
      { value: "sha512", meaning: `SHA-512 (${STRENGTH_LABELS.strong})` },
      { value: "sha384", meaning: `SHA-384 (${STRENGTH_LABELS.strong})` },
      { value: "sha256", meaning: `SHA-256 (${STRENGTH_LABELS.strong})` },
      { value: "sha1", meaning: `SHA-1 (${STRENGTH_LABELS.legacy})` },
      { value: "md5", meaning: `MD5 (${STRENGTH_LABELS.broken})` },
    ],
    "ikev2-authentication": [
      { value: "pre-share", meaning: "a pre-shared key from the keyring" },
      { value: "rsa-sig", meaning: "an RSA certificate of a trustpoint" },
      { value: "ecdsa-sig", meaning: "an ECDSA certificate of a trustpoint" },
    ],
    "certificate-map-test": [
      { value: "eq", meaning: "the field equals the value" },
      { value: "ne", meaning: "the field does not equal the value" },
      { value: "co", meaning: "the field contains the value" },
      { value: "nc", meaning: "the field does not contain the value" },
      { value: "lt", meaning: "the field is less than the value" },
      { value: "le", meaning: "the field is less than or equal to the value" },
      { value: "gt", meaning: "the field is greater than the value" },
      {
        value: "ge",
        meaning: "the field is greater than or equal to the value",
      },
    ],
    "trustpoint-usage": [
      { value: "sign", meaning: "only to sign this router's AUTH payload" },
      { value: "verify", meaning: "only to verify the peer's certificate" },
    ],
    "acl-direction": [
      { value: "in", meaning: "filters packets arriving on the interface" },
      { value: "out", meaning: "filters packets leaving by the interface" },
    ],
    "nat-side": [
      { value: "inside", meaning: "the private side of NAT" },
      { value: "outside", meaning: "the public side of NAT" },
    ],
    "sa-lifetime-unit": [
      {
        value: "seconds",
        meaning: "time-based lifetime (default 3600 seconds, 1 h)",
      },
      {
        value: "kilobytes",
        meaning:
          "volume-based lifetime (default 4608000 KB, about 4.4 GB; `kilobytes disable` turns it off)",
      },
    ],
    "isakmp-identity": [
      {
        value: "address",
        meaning: "the router identifies itself by its IP address (the default)",
      },
      {
        value: "hostname",
        meaning: "the router identifies itself by its fully qualified name",
      },
      {
        value: "dn",
        meaning:
          "the router identifies itself by its certificate's distinguished name",
      },
    ],
    "self-identity": [
      {
        value: "address",
        meaning: "this profile identifies the router by its IP address",
      },
      {
        value: "fqdn",
        meaning:
          "this profile identifies the router by its fully qualified name",
      },
      {
        value: "user-fqdn",
        meaning: "this profile identifies the router by an e-mail-style name",
      },
    ],
    "df-bit": [
      {
        value: "clear",
        meaning:
          "clear DF in the outer header so encrypted packets can be fragmented",
      },
      { value: "set", meaning: "set DF in the outer header" },
      { value: "copy", meaning: "copy DF from the inner packet (the default)" },
    ],
    "tunnel-mode": [
      {
        value: "ipsec ipv4",
        meaning: "a virtual tunnel interface (VTI): IPsec without GRE",
      },
      {
        value: "ipsec ipv6",
        meaning:
          "a VTI over IPv6: `tunnel destination` is the peer's IPv6 address, IKE and ESP run over IPv6 from the `tunnel source` interface's IPv6 address, and the peer's key is an IPv6 one (`crypto isakmp key K address ipv6 X/128`, or an IKEv2 keyring peer `address X/128`)",
      },
      {
        value: "gre ip",
        meaning:
          "GRE encapsulation (protect it with tunnel protection or a crypto map)",
      },
      {
        value: "gre multipoint",
        meaning:
          "multipoint GRE (mGRE), the tunnel of DMVPN: one interface reaches many peers and takes no `tunnel destination`, because NHRP (`ip nhrp` lines) tells it each peer's NBMA address. A hub needs it; spokes need it too for direct spoke-to-spoke tunnels (DMVPN phase 2 and 3), while a phase 1 spoke can stay point-to-point (`gre ip` with the hub as `tunnel destination`). Several mGRE tunnels on one `tunnel source` need a distinct `tunnel key` each, and `shared` on their tunnel protection",
      },
    ],
    enrollment: [
      { value: "selfsigned", meaning: "the router signs its own certificate" },
      {
        value: "terminal",
        meaning: "the certificate request is pasted by hand",
      },
      { value: "url", meaning: "enrol with a CA over SCEP at a URL" },
    ],
    "dpd-mode": [
      {
        value: "on-demand",
        meaning:
          "probes the peer only when traffic is sent to it and nothing has come back from it",
      },
      {
        value: "periodic",
        meaning: "probes the peer at every interval, traffic or not",
      },
    ],
    "timestamp-facility": [
      { value: "debug", meaning: "the messages of `debug` commands" },
      { value: "log", meaning: "syslog messages (console, buffer, server)" },
    ],
    "og-service-protocol": [
      {
        value: "esp",
        meaning: "ESP, IP protocol 50 (IPsec's encrypted packets)",
      },
      { value: "ahp", meaning: "AH, IP protocol 51" },
      { value: "gre", meaning: "GRE, IP protocol 47" },
      { value: "ip", meaning: "every IP protocol" },
    ],
    ...DMVPN_CHOICE_TABLES,
    ...ZONE_FIREWALL_CHOICE_TABLES,
  });

/** One command of a mode. */
export interface CommandSpec {
  context: CommandContext;
  syntax: string;
  /** What the command does, in a sentence. */
  summary: string;
  /** Explained on hover but not offered as a completion (lines a VPN depends on, not its own). */
  hoverOnly?: true;
  /**
   * An interface filter's line, not offered in a crypto ACL (a crypto map's `match address`):
   * there `any` would send the router's own traffic into the tunnel (`crypto-acl-any`).
   */
  filterOnly?: true;
  /** Its zones may be IOS's own (`self`, the router), not only configured ones: a zone-pair. */
  builtInZones?: true;
}

/** The commands, most specific first within a mode (the first that fits a line explains it). */
export const CRYPTO_COMMANDS: readonly CommandSpec[] = [
  // Global configuration.
  {
    context: "top",
    syntax: "crypto isakmp policy <priority>",
    summary:
      "Opens an IKE phase 1 policy. The initiator offers every policy; the responder takes the first of its own, in priority order (lowest number first), that matches one.",
  },
  {
    context: "top",
    syntax: "crypto isakmp key <key> address <peer-address> <mask>?",
    summary:
      "A pre-shared key for peers at this address (or subnet, with a mask), in the default keyring.",
  },
  {
    context: "top",
    syntax: "crypto isakmp key <key-type> <key> address <peer-address> <mask>?",
    summary:
      "A pre-shared key for peers at this address (or subnet, with a mask), in the default keyring, written with its type: 0 in clear, 6 encrypted with the router's master key (`key config-key password-encrypt`).",
    hoverOnly: true,
  },
  {
    context: "top",
    syntax: "crypto isakmp key <key> address ipv6 <ipv6-prefix>",
    summary:
      "A pre-shared key for IPv6 peers in this prefix (`2001:DB8::1/128` for one peer, `::/0` for all), in the default keyring. IPv4 keys never answer an IPv6 peer, and IPv6 keys never an IPv4 one.",
  },
  {
    context: "top",
    syntax: "crypto isakmp key <key> hostname <peer-hostname>",
    summary:
      "A pre-shared key for a peer that identifies itself by hostname (needs `crypto isakmp identity hostname` on the peer).",
  },
  {
    context: "top",
    syntax: "crypto isakmp enable",
    summary:
      "Turns IKEv1 on (the default); `no crypto isakmp` turns it off and no tunnel can negotiate.",
  },
  {
    context: "top",
    syntax: "crypto isakmp keepalive <seconds> <retry-seconds>? (dpd-mode)?",
    summary:
      "Dead peer detection: checks that the peer still answers and clears stale SAs when it does not. `periodic` sends the probes at every interval; `on-demand` (the default) only when traffic is sent and none has come back.",
  },
  {
    context: "top",
    syntax: "crypto ikev2 dpd <seconds> <retry-seconds> (dpd-mode)",
    summary:
      "Dead peer detection for every IKEv2 peer whose profile has no `dpd` of its own: liveness checks that clear the SAs of a peer that stopped answering.",
  },
  {
    context: "top",
    syntax: "crypto isakmp invalid-spi-recovery",
    summary:
      "When an ESP packet arrives with an SPI of no SA (the peer still uses an SA this router lost), IKEv1 starts an IKE SA with the peer to tell it, so the peer drops its stale SA instead of sending into the void until it expires.",
  },
  {
    context: "top",
    syntax: "crypto isakmp nat keepalive <seconds>",
    summary:
      "Sends NAT-T keepalives so a NAT device between the peers keeps its UDP 4500 mapping.",
  },
  {
    context: "top",
    syntax: "crypto ikev2 nat keepalive <seconds>",
    summary:
      "Sends NAT-T keepalives for IKEv2 SAs that cross NAT, so the NAT device keeps its UDP 4500 mapping while the tunnel is idle (off by default).",
  },
  {
    context: "top",
    syntax: "crypto isakmp identity (isakmp-identity)",
    summary:
      "How the router identifies itself in phase 1 (main mode message 5), for every isakmp profile without `self-identity`. `address` is the default; `hostname` sends `hostname` and `ip domain name` joined by a dot (the host name alone without a domain). A responder selects its isakmp profile by this identity: `match identity address` takes only an address, `match identity host` only a name.",
  },
  {
    context: "top",
    syntax: "crypto isakmp profile <name>",
    summary:
      "Opens an ISAKMP profile: which keyrings, identities and certificates apply to a group of peers.",
  },
  {
    context: "top",
    syntax: "crypto keyring <name>",
    summary:
      "Opens a keyring: a set of pre-shared keys, optionally bound to a local address or VRF.",
  },
  {
    context: "top",
    syntax: "crypto ikev2 proposal <name>",
    summary:
      "Opens an IKEv2 proposal: the encryption, integrity, PRF and Diffie-Hellman groups offered and accepted in IKE_SA_INIT. Each line may list several.",
  },
  {
    context: "top",
    syntax: "crypto ikev2 policy <name>",
    summary:
      "Opens an IKEv2 policy: which proposals apply for a local address or front-door VRF (without one, IOS uses its built-in default policy and proposal).",
  },
  {
    context: "top",
    syntax: "crypto ikev2 keyring <name>",
    summary:
      "Opens an IKEv2 keyring: pre-shared keys by peer, named in a profile with `keyring local`.",
  },
  {
    context: "top",
    syntax: "crypto isakmp aggressive-mode disable",
    summary:
      "Refuses IKEv1 aggressive mode both ways: the router neither answers it nor starts it (a `crypto isakmp peer` aggressive-mode password then serves nothing).",
  },
  {
    context: "top",
    syntax: "crypto ikev2 client flexvpn <name>",
    summary:
      "Opens a FlexVPN client: the hubs it connects to (`peer 1 ...`, `peer 2 ...` in the order tried) and the tunnels that take their destination from them (`client connect TunnelN`, with `tunnel destination dynamic`).",
  },
  {
    context: "flexvpn-client",
    syntax: "peer <sequence> <address>",
    summary:
      "A hub of this client, tried in sequence order: the first that answers becomes the destination of the connected tunnels (`fqdn NAME` resolves a name instead; `dynamic` resolves it at each attempt).",
  },
  {
    context: "flexvpn-client",
    syntax: "client connect {interface}",
    summary:
      "The tunnel interface whose destination this client sets (it writes `tunnel destination dynamic`).",
  },
  {
    context: "top",
    syntax: "crypto ikev2 profile <name>",
    summary:
      "Opens an IKEv2 profile: which peers it matches, how each side authenticates, and the keyring. A crypto map entry or IPsec profile uses it with `set ikev2-profile`.",
  },
  {
    context: "top",
    syntax: "crypto ipsec transform-set <name> (transform...)",
    summary:
      "Defines a transform set: the ESP/AH algorithms offered and accepted in phase 2. Both peers need a set with the same transforms.",
  },
  {
    context: "top",
    syntax: "crypto ipsec profile <name>",
    summary:
      "Opens an IPsec profile, the phase 2 settings of a tunnel interface (`tunnel protection ipsec profile`).",
  },
  {
    context: "top",
    syntax:
      "crypto ipsec security-association lifetime (sa-lifetime-unit) <value>",
    summary:
      "The global IPsec SA lifetime, used by crypto map entries that set none.",
  },
  {
    context: "top",
    syntax: "crypto ipsec security-association lifetime kilobytes disable",
    summary:
      "Turns the volume lifetime off for every crypto map entry and IPsec profile that sets none of its own: their SAs rekey on time only (IOS 15 and IOS XE).",
  },
  {
    context: "top",
    syntax: "crypto ipsec df-bit (df-bit)",
    summary: "How the DF bit of the outer header is set on encrypted packets.",
  },
  {
    context: "top",
    syntax:
      "crypto map {crypto-map} <sequence> ipsec-isakmp dynamic {dynamic-map}",
    summary:
      "A crypto map entry that accepts peers described by a dynamic map (peers with unknown addresses); give it the highest sequence number.",
  },
  {
    context: "top",
    syntax: "crypto map {crypto-map} <sequence> ipsec-isakmp",
    summary:
      "Opens a crypto map entry negotiated with IKE: it needs `set peer`, `match address` and `set transform-set`.",
  },
  {
    context: "top",
    syntax: "crypto map {crypto-map} <sequence> ipsec-manual",
    summary: "Opens a crypto map entry with manually keyed SAs (no IKE).",
  },
  {
    context: "top",
    syntax: "crypto map {crypto-map} local-address {interface}",
    summary:
      "Sources IKE and IPsec of this map from the address of another interface (a loopback), for maps on several interfaces.",
  },
  {
    context: "top",
    syntax: "crypto map ipv6 {ipv6-crypto-map} <sequence> ipsec-isakmp",
    summary:
      "Opens an entry of an IPv6 crypto map: its `set peer` is an IPv6 address, its `match address` an `ipv6 access-list`, and the map is applied with `ipv6 crypto map NAME`. IPv6 maps are named apart from IPv4 ones.",
  },
  {
    context: "top",
    syntax: "crypto map ipv6 {ipv6-crypto-map} local-address {interface}",
    summary:
      "Sources IKE and IPsec of this IPv6 map from the IPv6 address of another interface (a loopback).",
  },
  {
    context: "top",
    syntax: "crypto dynamic-map {dynamic-map} <sequence>",
    summary:
      "Opens a dynamic map entry: a template for peers whose address is not known in advance.",
  },
  {
    context: "top",
    syntax: "crypto identity <name>",
    summary:
      "Opens an identity list: which peer certificate names may use a crypto map entry.",
  },
  {
    context: "top",
    syntax: "crypto pki trustpoint <name>",
    summary:
      "Opens a PKI trustpoint: the CA and the router's own certificate for `rsa-sig` authentication.",
  },
  {
    context: "top",
    syntax: "crypto isakmp peer address <peer-address>",
    summary:
      "Settings for one IKEv1 peer, such as the password and identity this router starts aggressive mode with.",
  },
  {
    context: "isakmp-peer",
    syntax: "set aggressive-mode password <key>",
    summary:
      "The pre-shared key this router starts aggressive mode with toward the peer: the peer must hold the same key for this router's address. It serves only the exchanges this router starts; to answer the peer, a `crypto isakmp key` is needed too.",
  },
  {
    context: "isakmp-peer",
    syntax:
      "set aggressive-mode client-endpoint <client-endpoint-type> <value>",
    summary:
      "The identity this router sends in aggressive mode (`ipv4-address`, `fqdn`, `user-fqdn`...): what the peer's key or profile must match.",
  },
  {
    context: "top",
    syntax: "crypto pki certificate chain {trustpoint}",
    summary:
      "The certificates of a trustpoint as the router stores them: its own (`certificate SERIAL`) and its CA's (`certificate ca SERIAL`), each in hex. IOS writes the section when the CA is authenticated and the router enrols; hovering a certificate decodes it.",
  },
  {
    context: "top",
    syntax: "crypto pki certificate map {certificate-map} <sequence>",
    summary:
      "Opens an entry of a certificate map: a peer's certificate matches the map when it matches every line of one of its entries. IKEv2 and isakmp profiles select peers with it (`match certificate NAME`).",
  },
  {
    context: "certificate-map",
    syntax: "subject-name (certificate-map-test) <value...>",
    summary:
      "Tests the subject of the peer's certificate (its DN, such as `cn=r2.example.com,ou=vpn`): `co` contains the value, `eq` equals it; case does not matter. The peer's subject is what its trustpoint's `subject-name` asked the CA for, plus what the CA and IOS add.",
  },
  {
    context: "certificate-map",
    syntax: "issuer-name (certificate-map-test) <value...>",
    summary: "Tests the DN of the CA that signed the peer's certificate.",
  },
  {
    context: "top",
    syntax: "ip access-list extended <name>",
    summary:
      "Opens a named extended access list (a crypto ACL for `match address`, or a filter).",
  },
  {
    context: "top",
    syntax: "ip route <network> <mask> <next-hop>",
    summary:
      "A static route; the route toward the peer decides which interface must hold the crypto map.",
  },
  {
    context: "top",
    syntax: "ipv6 route <ipv6-prefix> <next-hop-or-interface>",
    summary:
      "A static IPv6 route (to a next hop, out of an interface, or both). A tunnel over IPv6 needs a route that holds its `tunnel destination`, connected or static, or IKE never leaves.",
  },
  {
    context: "top",
    syntax: "ipv6 unicast-routing",
    summary:
      "Makes the router forward IPv6. Without it the router acts as an IPv6 host and may take a default route from router advertisements.",
  },
  {
    context: "top",
    syntax: "ipv6 access-list <ipv6-acl>",
    summary:
      "Opens a named IPv6 access list: `[sequence N] permit|deny PROTOCOL any|host X|X/LEN [eq PORT] ...` lines, first match wins, numbered 10, 20... unless a line writes its number; an implicit deny (neighbour discovery excepted) ends it.",
  },
  {
    context: "top",
    syntax: "ntp server <address>",
    summary: "Synchronises the clock, which certificate authentication needs.",
  },
  {
    context: "top",
    syntax: "vrf definition <vrf>",
    summary:
      "Opens a VRF: a routing table of its own, joined by interfaces with `vrf forwarding`. A crypto map's peer is routed in the VRF of the map's interface (its front-door VRF).",
  },
  {
    context: "top",
    syntax: "ip vrf <vrf>",
    summary:
      "Opens a VRF (the older form of `vrf definition`): a routing table of its own, joined by interfaces with `ip vrf forwarding`. A crypto map's peer is routed in the VRF of the map's interface (its front-door VRF).",
  },
  {
    context: "top",
    syntax: "crypto ipsec security-association replay window-size <packets>",
    summary:
      "The anti-replay window: how far out of order an ESP packet may arrive before it is dropped as a replay (64 packets unless set; IOS takes 64, 128, 256, 512 or 1024). Traffic reordered on the path (QoS, load sharing) needs a larger window; the drops show in `show crypto ipsec sa` and as replay errors in the log. A crypto map entry or IPsec profile with its own `set security-association replay` keeps its own.",
  },
  {
    context: "top",
    syntax: "crypto ipsec security-association replay disable",
    summary:
      "Turns the anti-replay check off for every SA: packets are no longer dropped for arriving out of order, and a replayed packet is no longer caught. Widening the window is usually the better answer to replay drops.",
  },
  {
    context: "top",
    syntax: "crypto key pubkey-chain rsa",
    summary:
      "Peers' RSA public keys entered by hand, for `authentication rsa-encr` (RSA encrypted nonces): each peer's key must be here, under its address or name.",
  },
  {
    context: "top",
    syntax: "crypto isakmp client configuration group <group>",
    summary:
      "A remote-access (Easy VPN) group: clients that name it authenticate with its `key` in aggressive mode and get its pool, DNS and split-tunnel settings.",
  },
  {
    context: "top",
    syntax: "version <release>",
    summary:
      "The IOS release that wrote this configuration: it decides which crypto the router has and some defaults (IKEv2 and SHA-2 hashes in ISAKMP policies need IOS 15; a crypto map entry without `set transform-set` proposes default transform sets from 12.4(20)T on).",
  },
  {
    context: "top",
    syntax: "service password-encryption",
    summary:
      "Shows the configuration's passwords as type 7, a reversible scrambling that only stops a casual glance. It does not hide `crypto isakmp key` pre-shared keys: those are encrypted (type 6, AES) by `key config-key password-encrypt <master-key>` with `password encryption aes`.",
  },
  {
    context: "top",
    syntax: "end",
    summary:
      "The end of the configuration: IOS stops reading a saved configuration here, so anything written after it is not configured.",
    hoverOnly: true,
  },
  {
    context: "top",
    syntax: "router eigrp <asn>",
    summary:
      "EIGRP, as DMVPN and GRE-over-IPsec designs often carry the remote networks: its neighbors form over the tunnel, so the routes come only once the tunnel is up, and they are not in the configuration the routing checks read. On a DMVPN hub, `no ip split-horizon eigrp` on the tunnel lets it pass one spoke's routes to the others.",
    hoverOnly: true,
  },
  {
    context: "top",
    syntax: "router ospf <process-id>",
    summary:
      "OSPF, which DMVPN and GRE-over-IPsec designs may run over the tunnels: its neighbors form over the tunnel, so the routes come only once the tunnel is up, and they are not in the configuration the routing checks read.",
    hoverOnly: true,
  },
  {
    context: "router-igp",
    syntax: "network <network> <wildcard>? area <area>",
    summary:
      "The interfaces with an address in this network (a wildcard mask: 0 bits must match) run OSPF in this area.",
    hoverOnly: true,
  },
  {
    context: "router-igp",
    syntax: "network <network> <wildcard>?",
    summary:
      "The interfaces with an address in this network run the routing protocol and have their networks advertised. The mask is a wildcard (0 bits must match); without it the network's classful boundary is taken.",
    hoverOnly: true,
  },
  {
    context: "router-igp",
    syntax: "auto-summary",
    summary:
      "Summarises the networks at their classful boundary (`10.0.0.0/8`); `no auto-summary` advertises them as they are, which a VPN needs where the subnets of different sites share a classful network. EIGRP no longer summarises by default from IOS 15.0 on, so the line is often only kept from older configurations.",
    hoverOnly: true,
  },
  {
    context: "top",
    syntax: "router bgp <asn>",
    summary:
      "BGP, as route-based VPNs (VTIs, the tunnels of cloud VPN gateways) carry the remote networks: its sessions to the peers' tunnel addresses run through the IPsec tunnels, so they come up only once the tunnels do, and the routes they learn are not in the configuration the routing checks read.",
    hoverOnly: true,
  },
  {
    context: "router-bgp",
    syntax: "neighbor <address> remote-as <asn>",
    summary:
      "A BGP neighbor. Over a VPN it is the peer's address inside the tunnel (a 169.254.x.x link of a cloud gateway, for one): the session needs the tunnel up first. A session that stays `Active` while `show crypto session` says UP points at the tunnel's inside addresses or at an ACL, not at IPsec.",
    hoverOnly: true,
  },
  {
    context: "top",
    syntax: "hostname <name>",
    summary:
      "The router's name. With `ip domain-name` it makes the FQDN that RSA keys are generated under and that the peer receives as this router's phase 1 identity with `crypto isakmp identity hostname`.",
  },
  {
    context: "top",
    syntax: "ip host <name> <address>",
    summary:
      "Resolves a name without DNS. A pre-shared key by host name (`crypto isakmp key K hostname NAME`) covers a peer only at the address its name resolves to: in main mode the key is picked by the peer's address, before any identity is sent.",
  },
  {
    context: "top",
    syntax: "ip domain-name <domain>",
    summary:
      "Completes the router's FQDN: `crypto key generate rsa` needs it, and it is part of the identity sent with `crypto isakmp identity hostname`.",
  },
  {
    context: "top",
    syntax:
      "service timestamps (timestamp-facility) datetime msec? localtime? show-timezone?",
    summary:
      "Stamps each message with the date and time (to the millisecond with `msec`), so the two peers' debug output can be lined up message by message and the time between retransmissions read.",
  },
  {
    context: "top",
    syntax: "service timestamps (timestamp-facility) uptime",
    summary:
      "Stamps each message with the time since the router booted: the two peers' debug output cannot be lined up. `service timestamps debug datetime msec` is the usual choice for troubleshooting.",
  },
  {
    context: "top",
    syntax: "clock timezone <zone> <hours-offset>",
    summary:
      'The time zone of the router\'s clock. Certificates are checked against the clock (a certificate "not yet valid" is often a clock or zone error), and `localtime` timestamps are printed in this zone.',
  },

  // Interface configuration.
  {
    context: "interface",
    syntax: "vrf forwarding <vrf>",
    summary:
      "Puts the interface in a VRF. A crypto map on it has this front-door VRF: the peer is routed in the VRF (`ip route vrf ...`, `show ip route vrf ...`) and its key must be in a keyring bound to it (`crypto keyring <name> vrf <vrf>`). Entering it removes the interface's IP address.",
  },
  {
    context: "interface",
    syntax: "ip vrf forwarding <vrf>",
    summary:
      "Puts the interface in a VRF (the older form of `vrf forwarding`). A crypto map on it has this front-door VRF: the peer is routed in the VRF and its key must be in a keyring bound to it (`crypto keyring <name> vrf <vrf>`).",
  },
  {
    context: "interface",
    syntax: "ip tcp adjust-mss <bytes>",
    summary:
      "Lowers the MSS of TCP connections through the interface so their segments still fit the path's MTU once ESP (and GRE, NAT-T) headers are added: large transfers that stall through the tunnel while pings pass are the sign it is missing.",
  },
  {
    context: "interface",
    syntax: "ip mtu <bytes>",
    summary:
      "The largest IP packet the interface sends without fragmenting. On a tunnel it must leave room for the encapsulation (1400 is the usual value over a 1500-byte path).",
  },
  {
    context: "interface",
    syntax: "crypto map {crypto-map} redundancy {standby-group}? stateful?",
    summary:
      "Applies the crypto map with IPsec failover over HSRP: IKE and IPsec talk from the virtual address of the standby group of that name (`standby N name NAME`, `standby N ip X`), so the peer points its `set peer` and its key at the virtual address, and the router that is active for the group serves the tunnel. `stateful` also copies the SAs to the standby router (with `redundancy inter-device`), so a failover keeps them; without it the peer negotiates again after a failover. The entries want `reverse-route`, so the inside routes toward the active router.",
  },
  {
    context: "interface",
    syntax: "crypto map {crypto-map}",
    summary:
      "Applies the crypto map to this interface: traffic leaving it that matches a crypto ACL is encrypted. It must be the interface the route to the peer leaves by.",
  },
  {
    context: "interface",
    syntax: "ip access-group {acl} (acl-direction)",
    summary:
      "Filters traffic on this interface. Inbound, it must let IKE (UDP 500/4500) and ESP (protocol 50) from the peer through.",
  },
  {
    context: "interface",
    syntax: "ip address <address> <mask>",
    summary: "The interface's address; its subnet becomes a connected route.",
  },
  {
    context: "interface",
    syntax: "ipv6 address <ipv6-prefix>",
    summary:
      "An IPv6 address of the interface with its prefix length; the prefix becomes a connected route. A tunnel over IPv6 sources its IKE and ESP from its `tunnel source` interface's global IPv6 address (not a `link-local` one).",
  },
  {
    context: "interface",
    syntax: "standby <group>? ip <virtual-address>",
    summary:
      "An HSRP group's virtual address (group 0 without a number): the router that is active for the group answers at it. A crypto map applied with `redundancy` talks from it.",
  },
  {
    context: "interface",
    syntax: "standby <group> name <standby-group-name>",
    summary:
      "Names an HSRP group: `crypto map NAME redundancy <standby-group-name>` refers to the group by this name.",
  },
  {
    context: "interface",
    syntax: "ipv6 crypto map {ipv6-crypto-map}",
    summary:
      "Applies the IPv6 crypto map to this interface: IPv6 traffic leaving it that matches the map's IPv6 ACLs is encrypted. An interface may carry an IPv4 map (`crypto map`) and an IPv6 map together.",
  },
  {
    context: "interface",
    syntax: "ipv6 traffic-filter <ipv6-acl> (acl-direction)",
    summary:
      "Filters IPv6 traffic on this interface with an IPv6 access list. Inbound on the source of a tunnel over IPv6, it must permit UDP 500 (IKE) and ESP (protocol 50) from the peer: past its last line an IPv6 ACL denies everything but neighbour discovery.",
  },
  {
    context: "interface",
    syntax: "ip nat (nat-side)",
    summary: "Marks the interface as the inside or outside of NAT.",
  },
  {
    context: "interface",
    syntax: "tunnel source {interface}",
    summary:
      "The interface whose address sources the tunnel; the peer must know this address.",
  },
  {
    context: "interface",
    syntax: "tunnel destination dynamic",
    summary:
      "A FlexVPN client's tunnel: the peer is the first `peer` of the `crypto ikev2 client flexvpn` that names this tunnel in `client connect` (its other peers are tried when the first fails). Without such a client the tunnel has no peer.",
  },
  {
    context: "interface",
    syntax: "tunnel destination <address>",
    summary:
      "The peer's address for this tunnel. A multipoint tunnel (`tunnel mode gre multipoint`) has none: NHRP supplies the address of each peer.",
  },
  {
    context: "interface",
    syntax: "tunnel vrf <vrf>",
    summary:
      "The tunnel's front-door VRF: its destination is routed, and IKE and ESP are sent, in this VRF. It must be the VRF of the `tunnel source` interface, and the peer's key must be in a keyring bound to it.",
  },
  {
    context: "interface",
    syntax: "tunnel mode (tunnel-mode)",
    summary:
      "The tunnel's encapsulation; without the line a tunnel interface runs point-to-point GRE (`gre ip`).",
  },
  {
    context: "interface",
    syntax: "tunnel protection ipsec profile {ipsec-profile} shared?",
    summary:
      "Protects the tunnel with the IPsec profile's phase 2 settings: the router negotiates IPsec with every peer the tunnel sends GRE to (on a multipoint tunnel, each NHRP peer). `shared` is needed when several tunnel interfaces of the router have the same `tunnel source` and the same profile (dual-hub or dual-cloud DMVPN on one WAN address): they then share one IPsec database. Without it the interfaces claim the same crypto sockets, SAs end up tied to the wrong tunnel, and one of the tunnels flaps or never comes up. Tunnels with different sources need no `shared`.",
  },
  {
    context: "interface",
    syntax: "tunnel protection ipsec policy ipv4 {acl}",
    summary:
      "Multi-SA VTI (IOS XE 16.12 and later): the VTI negotiates the ACL's flows as its traffic selectors, one SA per permit entry, as a crypto map does, instead of the single any-to-any SA of a static VTI. It lets a VTI work with a peer that has a crypto map (or another vendor's policy-based VPN): the ACL must be the mirror image of the peer's crypto ACL. The tunnel still needs `tunnel protection ipsec profile`.",
  },
  {
    context: "interface",
    syntax: "ip redirects",
    summary:
      "Whether the interface sends ICMP redirects (on by default); `no ip redirects` turns them off. A router sends one when a packet leaves by the interface it came in on; on a DMVPN hub spoke-to-spoke traffic does exactly that through the tunnel, so redirects are turned off there (phase 3 uses NHRP redirects, `ip nhrp redirect`, instead).",
    hoverOnly: true,
  },
  {
    context: "interface",
    syntax: "description <text...>",
    summary:
      "A comment IOS keeps with the interface and shows in `show interfaces`; it changes nothing in forwarding.",
    hoverOnly: true,
  },
  {
    context: "interface",
    syntax: "shutdown",
    summary:
      "Disables the interface; its connected route and crypto map stop working.",
  },
  ...DMVPN_COMMANDS,
  ...ZONE_FIREWALL_COMMANDS,

  // `crypto isakmp policy`.
  {
    context: "isakmp-policy",
    syntax: "encryption|encr (isakmp-encryption)",
    summary: "The phase 1 cipher (default des).",
  },
  {
    context: "isakmp-policy",
    syntax: "hash (isakmp-hash)",
    summary: "The phase 1 hash (default sha).",
  },
  {
    context: "isakmp-policy",
    syntax: "authentication (isakmp-authentication)",
    summary: "How the peers authenticate each other (default rsa-sig).",
  },
  {
    context: "isakmp-policy",
    syntax: "group (dh-group)",
    summary: "The Diffie-Hellman group of phase 1 (default 1).",
  },
  {
    context: "isakmp-policy",
    syntax: "lifetime <seconds>",
    summary: "The IKE SA lifetime in seconds (default 86400, 24 h).",
  },

  // Crypto map and dynamic map entries.
  ...(["crypto-map", "dynamic-map"] as const).flatMap(
    (context): CommandSpec[] => [
      {
        context,
        syntax: "set peer <peer-address>",
        summary:
          "The peer this entry negotiates with; several `set peer` lines give backups, tried in order.",
      },
      {
        context,
        syntax: "set transform-set {transform-set...}",
        summary:
          "The transform sets offered to the peer, in order of preference; the peer must have one with the same transforms.",
      },
      {
        context,
        syntax: "match address {acl}",
        summary:
          "The crypto ACL: permitted traffic is encrypted toward the peer. It must mirror the peer's crypto ACL.",
      },
      {
        context,
        syntax: "set pfs (pfs-group)",
        summary:
          "Perfect forward secrecy: each phase 2 negotiation runs a fresh Diffie-Hellman exchange in this group. Both peers must agree.",
      },
      {
        context,
        syntax: "set security-association lifetime (sa-lifetime-unit) <value>",
        summary:
          "The IPsec SA lifetime of this entry (defaults: 3600 seconds and 4608000 KB).",
      },
      {
        context,
        syntax: "set security-association lifetime kilobytes disable",
        summary:
          "Turns the volume lifetime off for this entry's SAs, whatever the global lifetime says: they rekey on time only.",
      },
      {
        context,
        syntax: "set security-association replay window-size <packets>",
        summary:
          "The anti-replay window of this entry's SAs, in place of the global `crypto ipsec security-association replay window-size` (64 packets unless set).",
      },
      {
        context,
        syntax: "set security-association replay disable",
        summary: "Turns the anti-replay check off for this entry's SAs only.",
      },
      {
        context,
        syntax: "set isakmp-profile {isakmp-profile}",
        summary:
          "Uses this ISAKMP profile (keyrings, identities) for the entry's phase 1. When the peer starts the exchange, the router must select the same profile by its `match identity address` (in the map interface's front-door VRF), or quick mode is refused.",
      },
      {
        context,
        syntax: "set ikev2-profile {ikev2-profile}",
        summary:
          "Negotiates this entry with IKEv2, using the profile's peer match, authentication and keyring.",
      },
      {
        context,
        syntax: "set identity {identity}",
        summary:
          "Restricts the entry to peers whose certificate matches the identity list (`crypto identity`).",
      },
      {
        context,
        syntax: "identity {identity}",
        summary:
          "Restricts the entry to peers whose certificate matches the identity list.",
      },
      {
        context,
        syntax: "reverse-route",
        summary:
          "Reverse route injection: installs static routes to the remote networks of the crypto ACL while the SAs are up.",
      },
    ],
  ),

  // `crypto ipsec transform-set`.
  {
    context: "transform-set",
    syntax: "mode (transform-mode)",
    summary: "The IPsec mode this set asks for (default tunnel).",
  },

  // `crypto keyring`.
  {
    context: "keyring",
    syntax: "pre-shared-key address <peer-address> <mask>? key <key>",
    summary: "A pre-shared key for peers at this address or subnet.",
  },
  {
    context: "keyring",
    syntax: "pre-shared-key address ipv6 <ipv6-prefix> key <key>",
    summary: "A pre-shared key for IPv6 peers in this prefix.",
  },
  {
    context: "keyring",
    syntax: "pre-shared-key hostname <peer-hostname> key <key>",
    summary: "A pre-shared key for a peer known by hostname.",
  },
  {
    context: "keyring",
    syntax: "local-address {interface}",
    summary:
      "Uses this keyring only for IKE on this local interface (or address).",
  },

  // `crypto isakmp profile`.
  {
    context: "isakmp-profile",
    syntax: "vrf <vrf>",
    summary:
      "The inside VRF (IVRF) of this profile's tunnels: decrypted traffic is routed in it. The front-door VRF, where the peer is reached, is the VRF of the interface that carries the crypto map. For crypto maps and virtual templates; a protected tunnel interface takes its inside VRF from its own `vrf forwarding` (Cisco documents negotiation failures when a tunnel's profile sets one).",
  },
  {
    context: "isakmp-profile",
    syntax: "keyring {keyring}",
    summary:
      "Looks up pre-shared keys in this keyring for the profile's peers.",
  },
  {
    context: "isakmp-profile",
    syntax: "match identity address <peer-address> <mask>? <front-door-vrf>?",
    summary:
      "Peers whose phase 1 identity is this address (or subnet) use the profile, when their IKE arrives in the front-door VRF named last (the global table when none is named): for peers reached through an interface in a VRF, that VRF must be named here. Without a mask the address is one host, except `0.0.0.0`, which matches every peer. Only a responder selects a profile this way; an initiator uses the profile its crypto map names.",
  },
  {
    context: "isakmp-profile",
    syntax: "match identity host <peer-hostname>",
    summary:
      "Peers whose phase 1 identity is this fully qualified name use the profile (compared case-insensitively). A peer sends its name only with `crypto isakmp identity hostname` (or `self-identity fqdn` in its profile), as its `hostname` and `ip domain name` joined by a dot; by default it sends its address, which this line never matches.",
  },
  {
    context: "isakmp-profile",
    syntax: "match identity host domain <domain-name>",
    summary:
      "Peers whose phase 1 identity is a fully qualified name in this domain (`r1.example.com` for `example.com`) use the profile. The peer must send its name (`crypto isakmp identity hostname` or `self-identity fqdn`) and have `ip domain name` set; a peer that sends its address is not matched.",
  },
  {
    context: "isakmp-profile",
    syntax: "ca trust-point {trustpoint}",
    summary: "Trustpoint whose certificates authenticate the profile's peers.",
  },
  {
    context: "isakmp-profile",
    syntax: "self-identity (self-identity)",
    summary:
      "How the router identifies itself to the profile's peers, in place of the global `crypto isakmp identity`. `fqdn` sends its `hostname` and `ip domain name` (the host name alone without a domain), which the peer's profile must match with `match identity host` or `match identity host domain`.",
  },
  {
    context: "isakmp-profile",
    syntax: "local-address {interface}",
    summary: "IKE for this profile uses this interface's address.",
  },
  {
    context: "isakmp-profile",
    syntax: "virtual-template <virtual-template>",
    summary:
      "IKEv1 dynamic VTI: the Virtual-Template IOS clones a virtual-access interface from for each peer this profile selects. Without it the template is never used, and the peers' quick mode finds no tunnel to bind to.",
  },
  {
    context: "isakmp-profile",
    syntax: "keepalive <seconds> retry <retry-seconds>",
    summary: "Dead peer detection for the profile's peers.",
  },

  // `crypto ipsec profile`.
  {
    context: "ipsec-profile",
    syntax: "set transform-set {transform-set...}",
    summary: "The transform sets the tunnel offers and accepts.",
  },
  {
    context: "ipsec-profile",
    syntax: "set pfs (pfs-group)",
    summary: "Perfect forward secrecy group for the tunnel's phase 2.",
  },
  {
    context: "ipsec-profile",
    syntax: "set isakmp-profile {isakmp-profile}",
    summary:
      "The ISAKMP profile of the tunnel's phase 1. When the peer starts the exchange, the router must select the same profile by its `match identity address` (in the `tunnel vrf`), or quick mode is refused.",
  },
  {
    context: "ipsec-profile",
    syntax: "set security-association lifetime (sa-lifetime-unit) <value>",
    summary: "The IPsec SA lifetime of the tunnel.",
  },
  {
    context: "ipsec-profile",
    syntax: "set security-association lifetime kilobytes disable",
    summary:
      "Turns the volume lifetime off for the tunnel's SAs, whatever the global lifetime says: they rekey on time only.",
  },
  {
    context: "ipsec-profile",
    syntax: "set security-association replay window-size <packets>",
    summary:
      "The anti-replay window of the tunnel's SAs, in place of the global one (64 packets unless set).",
  },
  {
    context: "ipsec-profile",
    syntax: "set security-association replay disable",
    summary: "Turns the anti-replay check off for the tunnel's SAs only.",
  },

  // `crypto identity`.
  {
    context: "identity",
    syntax: "fqdn <name>",
    summary:
      "Admits peers whose certificate carries this fully qualified name.",
  },
  {
    context: "identity",
    syntax: "dn <distinguished-name>",
    summary: "Admits peers whose certificate carries this distinguished name.",
  },

  // `crypto pki trustpoint`.
  {
    context: "trustpoint",
    syntax: "enrollment url <url>",
    summary:
      "Enrols with the CA over SCEP at this URL (`crypto pki authenticate` and `crypto pki enroll` use it); the router must reach it, in the trustpoint's VRF if it has one.",
  },
  {
    context: "trustpoint",
    syntax: "rsakeypair <key-label> <modulus>?",
    summary:
      "The RSA key pair the router's certificate is issued for, by its label; with a modulus, IOS generates a pair of that many bits under the label when it does not exist yet. Without the line the trustpoint uses the router's general-purpose keys.",
  },
  {
    context: "trustpoint",
    syntax: "enrollment (enrollment)",
    summary: "How the router obtains its certificate.",
  },
  {
    context: "trustpoint",
    syntax: "subject-name <distinguished-name>",
    summary: "The name the router's certificate carries.",
  },
  {
    context: "trustpoint",
    syntax: "revocation-check none",
    summary: "Accepts certificates without checking revocation.",
  },
  {
    context: "trustpoint",
    syntax: "revocation-check crl none?",
    summary:
      "Checks each peer certificate against its CA's CRL (the IOS default when no revocation-check line is written); with `none` after it, a certificate is still accepted when the CRL cannot be fetched.",
  },
  {
    context: "trustpoint",
    syntax: "revocation-check ocsp none?",
    summary:
      "Asks an OCSP responder whether each peer certificate is revoked; with `none` after it, a certificate is still accepted when the responder cannot be reached.",
  },
  {
    context: "trustpoint",
    syntax: "auto-enroll <percent>? regenerate?",
    summary:
      "Renews the router's certificate by itself when this share of its lifetime has passed (at its end without a percentage), with a new key pair under `regenerate`: an enrolment by URL then never lets the certificate expire.",
  },
  {
    context: "trustpoint",
    syntax: "vrf <vrf>",
    summary:
      "The VRF in which the router reaches the CA to enrol and fetch CRLs.",
  },
  {
    context: "trustpoint",
    syntax: "fqdn <name>",
    summary:
      "The fully qualified name the certificate request carries (as a subject alternative name).",
  },

  // `crypto pki certificate chain`: what `show running-config` prints of a trustpoint's certificates.
  {
    context: "certificate-chain",
    syntax: "certificate <serial>",
    summary:
      "The router's own certificate (its serial number in hex), as DER in hex on the lines below, up to `quit`. IOS writes it when the router enrols; it is not typed by hand.",
  },
  {
    context: "certificate-chain",
    syntax: "certificate ca <serial>",
    summary:
      "The certificate of the CA the trustpoint trusts, written by `crypto pki authenticate`: peer certificates it signed are accepted.",
  },
  {
    context: "certificate-chain",
    syntax: "certificate self-signed <serial>",
    summary:
      "A certificate the router signed itself (`enrollment selfsigned`); a peer accepts it only if it holds this very certificate as a CA.",
  },

  // Object groups, which extended access list lines name in place of addresses or the protocol.
  {
    context: "top",
    syntax: "object-group network <name>",
    summary:
      "Opens a network object group: hosts, subnets and ranges that an extended ACL line names with `object-group NAME` in place of a source or destination. The line then stands for one entry per member.",
  },
  {
    context: "top",
    syntax: "object-group service <name>",
    summary:
      "Opens a service object group: protocols and ports that an extended ACL line names with `object-group NAME` in place of the protocol. The line then stands for one entry per member.",
  },
  {
    context: "object-group-network",
    syntax: "host <address>",
    summary: "One address of the group.",
  },
  {
    context: "object-group-network",
    syntax: "range <first-address> <last-address>",
    summary: "Every address from the first to the last, both included.",
  },
  {
    context: "object-group-network",
    syntax: "any",
    summary:
      "Every address: a line naming the group matches any address there.",
  },
  {
    context: "object-group-network",
    syntax: "group-object {object-group}",
    summary:
      "Takes in every member of another network object group (IOS refuses a group that does not exist).",
  },
  {
    context: "object-group-network",
    syntax: "description <text...>",
    summary: "A comment kept with the group.",
  },
  // Last: a spec that opens with a placeholder takes any first word, `group-object` included.
  {
    context: "object-group-network",
    syntax: "<network> <mask>",
    summary:
      "A subnet, written with its subnet mask (255.255.255.0), not with the wildcard an ACL line takes.",
  },
  {
    context: "object-group-service",
    syntax: "(og-service-protocol)",
    summary:
      "A protocol with any ports: `esp`, `ahp` or `gre` (the IPsec and tunnel protocols), `ip` for every protocol, or an IP protocol number.",
  },
  {
    context: "object-group-service",
    syntax: "udp eq <port>",
    summary:
      "UDP to this destination port (`isakmp` is 500, `non500-isakmp` 4500); `source eq PORT` before it matches the source port instead, and `range`, `lt`, `gt`, `neq` work as in ACL lines.",
  },
  {
    context: "object-group-service",
    syntax: "tcp eq <port>",
    summary:
      "TCP to this destination port; `source eq PORT` before it matches the source port instead.",
  },
  {
    context: "object-group-service",
    syntax: "tcp-udp eq <port>",
    summary:
      "Both TCP and UDP to this destination port (for DNS, port 53): two entries of every line naming the group.",
  },
  {
    context: "object-group-service",
    syntax: "tcp|udp|tcp-udp lt|gt|neq <port>",
    summary:
      "Destination ports below, above or other than this one, as in an ACL line.",
  },
  {
    context: "object-group-service",
    syntax: "tcp|udp|tcp-udp range <first-port> <last-port>",
    summary: "Destination ports from the first to the last, both included.",
  },
  {
    context: "object-group-service",
    syntax: "tcp|udp|tcp-udp source eq|lt|gt|neq <port> eq|lt|gt|neq? <port>?",
    summary:
      "A source port condition, then optionally a destination one: what a reply from a service looks like (`tcp source eq 80`).",
  },
  {
    context: "object-group-service",
    syntax:
      "tcp|udp|tcp-udp source range <first-port> <last-port> eq|lt|gt|neq? <port>?",
    summary:
      "Source ports from the first to the last, then optionally a destination port condition.",
  },
  {
    context: "object-group-service",
    syntax: "icmp <type>?",
    summary: "ICMP, of one message type when one is written.",
  },
  {
    context: "object-group-service",
    syntax: "group-object {object-group}",
    summary:
      "Takes in every member of another service object group (IOS refuses a group that does not exist).",
  },
  {
    context: "object-group-service",
    syntax: "description <text...>",
    summary: "A comment kept with the group.",
  },
  // Named access lists.
  {
    context: "acl-extended",
    syntax: "permit udp any any eq isakmp",
    filterOnly: true,
    summary: "Lets IKE (UDP 500) through an inbound filter.",
  },
  {
    context: "acl-extended",
    syntax: "permit udp any any eq non500-isakmp",
    filterOnly: true,
    summary:
      "Lets IKE and ESP over NAT traversal (UDP 4500) through an inbound filter.",
  },
  {
    context: "acl-extended",
    syntax: "permit esp any any",
    filterOnly: true,
    summary: "Lets ESP (IP protocol 50) through an inbound filter.",
  },
  {
    context: "acl-extended",
    syntax: "permit ahp any any",
    filterOnly: true,
    summary: "Lets AH (IP protocol 51) through an inbound filter.",
  },
  {
    context: "acl-extended",
    syntax:
      "permit ip <source> <source-wildcard> <destination> <destination-wildcard>",
    summary:
      "In a crypto ACL: traffic from the local to the remote network, to encrypt. The peer's ACL must mirror it.",
  },
  {
    context: "acl-extended",
    syntax: "permit ip object-group {object-group} object-group {object-group}",
    summary:
      "Permits every source of the first network object group to every destination of the second: IOS treats the line as one entry per pair of members. In a crypto ACL the peer's ACL must mirror each pair, written with groups or not.",
  },
  {
    context: "acl-extended",
    syntax: "permit object-group {object-group} <source> <destination>",
    summary:
      "A service object group in place of the protocol: the line stands for one entry per protocol and ports the group holds (no ports are written on the line itself).",
  },
  {
    context: "acl-extended",
    syntax: "remark <text...>",
    summary: "A comment kept with the ACL.",
  },
  {
    context: "acl-standard",
    syntax: "permit <source> <source-wildcard>",
    summary: "Permits packets from these sources.",
  },
  {
    context: "acl-standard",
    syntax: "remark <text...>",
    summary: "A comment kept with the ACL.",
  },

  // `crypto ipsec profile`: IKEv2.
  {
    context: "ipsec-profile",
    syntax: "set ikev2-profile {ikev2-profile}",
    summary: "Negotiates the tunnel with IKEv2, using this IKEv2 profile.",
  },

  // `crypto ikev2 proposal`.
  {
    context: "ikev2-proposal",
    syntax: "encryption (ikev2-encryption...)",
    summary:
      "The ciphers this proposal accepts, most preferred first; the initiator's order decides.",
  },
  {
    context: "ikev2-proposal",
    syntax: "integrity (ikev2-integrity...)",
    summary:
      "The integrity algorithms (none with AES-GCM, which protects integrity itself: IOS does not use a proposal that writes both).",
  },
  {
    context: "ikev2-proposal",
    syntax: "prf (ikev2-integrity...)",
    summary:
      "The pseudo-random functions that derive the keys; left out, IOS takes the integrity algorithms, so AES-GCM, which has none, needs this line.",
  },
  {
    context: "ikev2-proposal",
    syntax: "group (dh-group...)",
    summary:
      "The Diffie-Hellman groups of IKE_SA_INIT; both peers need one in common.",
  },

  // `crypto ikev2 policy`.
  {
    context: "ikev2-policy",
    syntax: "proposal {ikev2-proposal}",
    summary:
      "A proposal this policy offers and accepts (several lines allowed).",
  },
  {
    context: "ikev2-policy",
    syntax: "match address local <address>",
    summary:
      "The policy applies only to IKE sessions on this local address (without it, to any).",
  },
  {
    context: "ikev2-policy",
    syntax: "match fvrf <vrf>",
    summary: "The policy applies only to this front-door VRF (`any` for all).",
  },

  // `crypto ikev2 keyring`.
  {
    context: "ikev2-keyring",
    syntax: "peer <name>",
    summary:
      "Opens a peer entry: how to recognise the peer and its pre-shared key.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "address <peer-address> <mask>?",
    summary:
      "The peer's address (or subnet, with a mask); the most specific entry covering the peer wins.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "hostname <peer-hostname>",
    summary: "The peer's name, for initiators that look the key up by name.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "identity address <peer-address>",
    summary: "The identity the peer sends, for the responder's key lookup.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "identity fqdn <peer-fqdn>",
    summary:
      "The FQDN identity the peer sends, for the responder's key lookup.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "pre-shared-key local <key>",
    summary:
      "The key this router signs with; the peer must hold it as its `remote` key.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "pre-shared-key remote <key>",
    summary:
      "The key the peer signs with; the peer must hold it as its `local` key.",
  },
  {
    context: "ikev2-keyring-peer",
    syntax: "pre-shared-key <key>",
    summary: "One key for both directions; the peer must hold the same.",
  },

  // `crypto ikev2 profile`.
  {
    context: "ikev2-profile",
    syntax: "match fvrf <vrf>",
    summary:
      "The profile serves peers reached in this front-door VRF (`any`: in every VRF). Without it the profile serves only the global table, so a tunnel whose `tunnel vrf` is a VRF finds no profile.",
  },
  {
    context: "ikev2-profile",
    syntax: "ivrf <vrf>",
    summary:
      "The inside VRF of the virtual-access interfaces this profile clones (FlexVPN), overriding the virtual template's. A protected tunnel interface takes its inside VRF from its own `vrf forwarding` instead (Cisco documents negotiation failures when a tunnel's profile sets one).",
  },
  {
    context: "ikev2-profile",
    syntax: "match identity remote address <peer-address> <mask>?",
    summary:
      "Peers whose IKE identity is an address in this range use the profile.",
  },
  {
    context: "ikev2-profile",
    syntax: "match identity remote fqdn <peer-fqdn>",
    summary: "Peers that identify themselves by this name use the profile.",
  },
  {
    context: "ikev2-profile",
    syntax: "identity local address <address>",
    summary: "The identity this router sends (by default its address).",
  },
  {
    context: "ikev2-profile",
    syntax: "identity local fqdn <fqdn>",
    summary: "Sends this name as the router's identity.",
  },
  {
    context: "ikev2-profile",
    syntax: "authentication local (ikev2-authentication)",
    summary:
      "How this router proves itself; the peer's `authentication remote` must allow it.",
  },
  {
    context: "ikev2-profile",
    syntax: "authentication remote (ikev2-authentication)",
    summary:
      "How the peer may prove itself (several lines allowed); it must cover the peer's `authentication local`.",
  },
  {
    context: "ikev2-profile",
    syntax: "match certificate {certificate-map}",
    summary:
      "Peers whose certificate the certificate map takes use the profile (with `identity local dn` and `authentication ... rsa-sig` on both sides, the usual way to select a profile by certificate).",
  },
  {
    context: "ikev2-profile",
    syntax: "identity local dn",
    summary:
      "Sends the subject of this router's certificate as its identity; the peer selects its profile by `match certificate`.",
  },
  {
    context: "ikev2-profile",
    syntax: "pki trustpoint {trustpoint} (trustpoint-usage)?",
    summary:
      "The trustpoint whose certificate this router signs with and whose CA verifies the peer's (`sign` or `verify` for one use only).",
  },
  {
    context: "ikev2-profile",
    syntax: "keyring local {ikev2-keyring}",
    summary: "The IKEv2 keyring holding the pre-shared keys of the peers.",
  },
  {
    context: "ikev2-profile",
    syntax: "lifetime <seconds>",
    summary:
      "The IKEv2 SA lifetime in seconds (default 86400); each side rekeys on its own timer.",
  },
  {
    context: "ikev2-profile",
    syntax: "virtual-template <virtual-template>",
    summary:
      "FlexVPN server: for each peer this profile selects, IOS clones a Virtual-Access interface from `interface Virtual-TemplateN type tunnel` and binds the peer's child SA to it (dynamic VTI). The template needs `tunnel protection ipsec profile` with an IPsec profile that names this IKEv2 profile.",
  },
  {
    context: "ikev2-profile",
    syntax: "dpd <seconds> <retry-seconds> (dpd-mode)",
    summary:
      "Dead peer detection for the profile's peers (in place of the global `crypto ikev2 dpd`): IKEv2 liveness checks that clear the SAs of a peer that stopped answering. `periodic` checks at every interval, `on-demand` only when traffic is sent and none has come back.",
  },
];
