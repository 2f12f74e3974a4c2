import type { AclRule, PortMatch } from "../ipv4/acl";
import type { Prefix, WildcardMatch } from "../ipv4/address";
import type { IpAddress, Ipv6Address, Ipv6Prefix } from "../ipv6/address";
import type { Ipv6AclRule } from "../ipv6/acl";
import type { Range } from "../text/position";
import type { ConfigNode, ConfigTree } from "./tree";

/**
 * The crypto-relevant model of one IOS config. Every element keeps the node it came from and the
 * ranges of its names, so checks can point at the exact words and fixes can edit next to them.
 */

/** Kinds of named objects that can be defined and referenced. */
export type ObjectKind =
  | "acl"
  | "ipv6-acl"
  | "transform-set"
  | "crypto-map"
  | "ipv6-crypto-map"
  | "dynamic-map"
  | "isakmp-profile"
  | "keyring"
  | "ipsec-profile"
  | "identity"
  | "trustpoint"
  | "interface"
  | "route-map"
  | "nat-pool"
  | "ikev2-proposal"
  | "ikev2-policy"
  | "ikev2-keyring"
  | "ikev2-profile"
  | "zone"
  | "class-map"
  | "policy-map"
  | "object-group"
  | "standby-group"
  | "certificate-map";

/** A use of a name, such as `match address 101` or `set transform-set mjlnet`. */
export interface Reference {
  kind: ObjectKind;
  name: string;
  /** The name's own range. */
  range: Range;
  /** The line that holds the reference. */
  node: ConfigNode;
}

/** The place an object is defined. */
export interface Definition {
  kind: ObjectKind;
  name: string;
  /** The name's own range in the defining line. */
  nameRange: Range;
  node: ConfigNode;
}

/** How IOS stores a key or password: the type digit written before it. */
export type SecretType = 0 | 5 | 6 | 7 | 8 | 9;

/** A key or password with how IOS stored it. */
export interface Secret {
  /** 0 (clear text), 6 (AES-encrypted), 7 (obfuscated), or a password hash (5, 8, 9). */
  type: SecretType;
  value: string;
  range: Range;
  /** The line that holds it. */
  node: ConfigNode;
}

/** An interface address. */
export interface InterfaceAddress {
  address: number;
  mask: number;
  prefix: Prefix;
  secondary: boolean;
  node: ConfigNode;
}

/** `ipv6 address X/LEN` (or `ipv6 address X link-local`) on an interface. */
export interface InterfaceAddress6 {
  prefix: Ipv6Prefix;
  linkLocal: boolean;
  /** `eui-64`: the prefix is known, the address itself is not (its host part is the MAC's). */
  eui64?: boolean;
  node: ConfigNode;
}

/** An `interface` section. */
export interface Interface {
  name: string;
  /** Lower-case name without spaces, for matching `FastEthernet0/0` with `fastethernet 0/0`. */
  key: string;
  nameRange: Range;
  node: ConfigNode;
  addresses: InterfaceAddress[];
  /** The `ipv6 address` lines, when the interface has any. */
  addresses6?: InterfaceAddress6[];
  /** `ipv6 traffic-filter NAME in|out`: the IPv6 ACLs filtering the interface. */
  trafficFilters?: {
    name: string;
    direction: "in" | "out";
    node: ConfigNode;
  }[];
  /** `ip address dhcp` or `ip address negotiated`. */
  dynamicAddress: boolean;
  /** `ip unnumbered X`. */
  unnumbered?: Reference;
  shutdown: boolean;
  accessGroups: { acl: Reference; direction: "in" | "out" }[];
  cryptoMap?: Reference;
  /**
   * `crypto map NAME redundancy [GROUP] [stateful]` (IPsec failover with HSRP): the map's IKE and
   * IPsec use the virtual address of the HSRP group named GROUP (see `redundancyAddress`).
   */
  cryptoMapRedundancy?: { group?: string; stateful: boolean; node: ConfigNode };
  /** `ipv6 crypto map NAME`: the IPv6 crypto map (an interface may carry one of each family). */
  cryptoMap6?: Reference;
  /** HSRP groups (`standby [N] ip X`, `standby N name NAME`), when the interface has any. */
  standby?: StandbyGroup[];
  nat?: { side: "inside" | "outside"; node: ConfigNode };
  /** `ip nat enable`: the interface takes part in NVI translation (`ip nat source ...`). */
  natEnable?: ConfigNode;
  vrf?: string;
  tunnel: {
    source?: {
      interface?: Reference;
      address?: number;
      address6?: Ipv6Address;
      node: ConfigNode;
    };
    /**
     * An IPv4 address, an IPv6 one (`tunnel mode ... ipv6`) or a host name resolved by DNS; or
     * `dynamic` (a FlexVPN client's tunnel: `crypto ikev2 client flexvpn` names the peers).
     */
    destination?: {
      address?: number;
      address6?: Ipv6Address;
      hostname?: string;
      dynamic?: true;
      node: ConfigNode;
    };
    protection?: Reference;
    /**
     * `tunnel protection ipsec policy ipv4 ACL` (multi-SA VTI, IOS XE 16.12): the VTI negotiates
     * the ACL's flows, as a crypto map does, instead of any to any.
     */
    policy?: Reference;
    mode?: string;
    /** `tunnel vrf NAME`: the VRF the destination is routed in (the front-door VRF). */
    vrf?: { name: string; node: ConfigNode };
    /** `tunnel key N`: every GRE packet carries it, and the far end drops those whose key is not its own. */
    key?: { value: number; node: ConfigNode };
    /** `tunnel protection ipsec profile NAME shared`: several tunnels share one source and profile. */
    shared?: boolean;
  };
  /** The interface's `ip nhrp` lines (DMVPN), when it has any. */
  nhrp?: InterfaceNhrp;
  /** Its `ipv6 nhrp` lines (DMVPN with an IPv6 overlay), when it has any. */
  nhrp6?: InterfaceNhrp6;
  /** `zone-member security NAME`: the zone of the zone-based policy firewall the interface is in. */
  zone?: Reference;
}

/** `ip nhrp map TUNNEL-ADDRESS NBMA-ADDRESS`: where a tunnel address is reached outside the tunnel. */
export interface NhrpMapping {
  address: number;
  nbma: number;
  node: ConfigNode;
}

/** `ip nhrp nhs ADDRESS [nbma NBMA]` (or `ip nhrp nhs dynamic nbma NBMA`): a next-hop server (a hub). */
export interface NhrpServer {
  /** The server's tunnel address; absent for `nhs dynamic`, which learns it. */
  address?: number;
  /** The NBMA address written on the line itself. */
  nbma?: number;
  /** An NBMA written as a host name (`nbma hub.example.com`, resolved by DNS). */
  nbmaName?: string;
  /** `multicast` on the line: multicast is copied to the server. */
  multicast: boolean;
  node: ConfigNode;
}

/** The NHRP settings of a (multipoint GRE) tunnel interface. */
export interface InterfaceNhrp {
  /** `ip nhrp network-id N`: NHRP runs on the interface only with it. */
  networkId?: { value: number; node: ConfigNode };
  /** `ip nhrp authentication STRING`: every router of the cloud must send the same string. */
  authentication?: { secret: string; node: ConfigNode };
  maps: NhrpMapping[];
  /** `ip nhrp map multicast NBMA|dynamic`: where multicast (routing hellos) is copied to. */
  multicast: { dynamic: boolean; nbma?: number; node: ConfigNode }[];
  servers: NhrpServer[];
  /** `ip nhrp redirect` (a phase 3 hub tells a spoke of a shorter path); `enabled: false` for its `no` form. */
  redirect?: NhrpSwitch;
  /** `ip nhrp shortcut` (a phase 3 spoke installs shortcut routes from resolution replies); `enabled: false` for its `no` form. */
  shortcut?: NhrpSwitch;
}

/**
 * The `ipv6 nhrp` lines of a multipoint tunnel that carries IPv6 over IPv4 NBMA addresses (an
 * IPv6 overlay): what the IPsec analysis needs of them, where the hubs are.
 */
export interface InterfaceNhrp6 {
  /** `ipv6 nhrp network-id N`: NHRP runs for IPv6 on the interface. */
  networkId?: { value: number; node: ConfigNode };
  /** `ipv6 nhrp authentication STRING`. */
  authentication?: { secret: string; node: ConfigNode };
  /** `ipv6 nhrp nhs X [nbma N]` (`dynamic` for X leaves it undefined). */
  servers: { address?: Ipv6Address; nbma?: number; node: ConfigNode }[];
  /** `ipv6 nhrp map X[/LEN] NBMA` with an IPv4 NBMA address. */
  maps: { address: Ipv6Address; nbma: number; node: ConfigNode }[];
}

/** An `ip nhrp` command that is on or off, and the line that says so. */
export interface NhrpSwitch {
  enabled: boolean;
  node: ConfigNode;
}

/** An `ip route` line. */
export interface StaticRoute {
  prefix: Prefix;
  nextHop?: number;
  exitInterface?: Reference;
  distance: number;
  vrf?: string;
  node: ConfigNode;
}

/** `ipv6 route [vrf V] PREFIX/LEN [INTERFACE] [NEXT-HOP] [DISTANCE]`. */
export interface StaticRoute6 {
  prefix: Ipv6Prefix;
  nextHop?: Ipv6Address;
  exitInterface?: Reference;
  distance: number;
  vrf?: string;
  node: ConfigNode;
}

/** An entry of an `ipv6 access-list` (`[sequence N] permit|deny PROTOCOL SOURCE [PORT] DESTINATION [PORT] ...`). */
export interface Ipv6AclEntry extends Ipv6AclRule {
  /** The protocol word (`ipv6`, `tcp`, `icmp`, `50`...); `ip`, a typed short form, reads `ipv6`. */
  protocolWord: string;
  node: ConfigNode;
}

/** An `ipv6 access-list NAME` section. */
export interface Ipv6AccessList {
  name: string;
  node: ConfigNode;
  entries: Ipv6AclEntry[];
  /** Lines that are not understood: a verdict through the list stays open. */
  unreadable: ConfigNode[];
}

/** An ACL entry with where its parts stand. */
export interface AclEntry extends AclRule {
  sequence?: number;
  node: ConfigNode;
  sourceRange: Range;
  destinationRange: Range;
  /** The protocol word as written (ip, udp, esp, 50...). */
  protocolWord: string;
  /** The port condition after the source or destination (`eq isakmp`), when written. */
  sourcePortRange?: Range;
  destinationPortRange?: Range;
  log: boolean;
  /**
   * True when the line names object groups: the entry is one combination of their members, and
   * the line's other entries share its node. A fix that rewrites the line's words would change
   * them all.
   */
  grouped?: boolean;
}

/** A numbered or named access list. */
export interface AccessList {
  name: string;
  kind: "standard" | "extended";
  numbered: boolean;
  /** Every line that makes up the ACL (numbered ACLs are spread over top-level lines). */
  nodes: ConfigNode[];
  /** Read from `nodes` when first asked for (see `LineAcl`). */
  readonly entries: AclEntry[];
  remarks: ConfigNode[];
  /** permit/deny lines the parser could not read (object groups, dynamic entries...): verdicts on this ACL are uncertain. */
  readonly unreadable: ConfigNode[];
  nameRange: Range;
}

/** A protocol with its ports, as a line of an `object-group service` writes it. */
export interface GroupService {
  /** IP protocol number; undefined for `ip` (every protocol). */
  protocol: number | undefined;
  protocolWord: string;
  sourcePort?: PortMatch;
  destinationPort?: PortMatch;
}

/** One line of an object group, as read. */
export type ObjectGroupMember =
  /** `host A`, `A MASK`, `range A B`, `any` of a network group, as the wildcard matches they cover. */
  | { kind: "addresses"; matches: WildcardMatch[]; node: ConfigNode }
  /** A line of a service group (`tcp-udp` gives two services). */
  | { kind: "services"; services: GroupService[]; node: ConfigNode }
  /** `group-object NAME`: every member of another group of the same kind. */
  | { kind: "group"; name: string; node: ConfigNode }
  /** A line not read: ACL lines naming the group stay unreadable. */
  | { kind: "unreadable"; node: ConfigNode };

/** An `object-group network|service NAME` section, which extended ACL lines name. */
export interface ObjectGroup {
  name: string;
  kind: "network" | "service";
  nameRange: Range;
  /** The section's line (the first one, when the group is entered twice). */
  node: ConfigNode;
  /** Its member lines in order (`description` lines left out), read when first asked for. */
  readonly members: readonly ObjectGroupMember[];
}

/** Phase-1 attributes with their effective values. */
export interface IsakmpAttributes {
  encryption: string;
  hash: string;
  authentication: string;
  group: number;
  lifetime: number;
}

/** A `crypto isakmp policy N` section. */
export interface IsakmpPolicy extends IsakmpAttributes {
  priority: number;
  node: ConfigNode;
  /** The line of each attribute that was written; absent attributes use the IOS default. */
  explicit: Partial<Record<keyof IsakmpAttributes, ConfigNode>>;
  /** Attribute lines IOS refuses (`encryption aes-256`): those attributes keep their defaults. */
  invalid?: Partial<Record<keyof IsakmpAttributes, ConfigNode>>;
}

/** A pre-shared key: global (`crypto isakmp key`) or in a keyring. */
export interface PresharedKey {
  secret: Secret;
  /** Address with mask, for address keys. */
  address?: { address: number; mask: number; node: ConfigNode };
  /** `address ipv6 X/LEN`, for IPv6 peers. */
  address6?: Ipv6Prefix;
  hostname?: string;
  keyring?: string;
  /** Range of the address or hostname word(s), the part a fix for a wrong peer edits. */
  targetRange: Range;
  node: ConfigNode;
  noXauth: boolean;
  /**
   * `set aggressive-mode password P` of `crypto isakmp peer address X`: the key the router starts
   * aggressive mode with toward X; it does not answer a peer that starts the exchange.
   */
  aggressiveMode?: true;
}

/** A `crypto keyring` section. */
export interface Keyring {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  keys: PresharedKey[];
  localAddress?: { interface?: Reference; address?: number };
  vrf?: string;
}

/** A `match identity ...` of an isakmp profile. */
export interface IdentityMatch {
  kind: "address" | "host" | "fqdn" | "user-fqdn" | "group" | "other";
  value: string;
  address?: number;
  mask?: number;
  /** `match identity address ipv6 X/LEN`: an IPv6 prefix. */
  address6?: Ipv6Prefix;
  /** The front-door VRF an address match is for; absent for the global table. */
  vrf?: string;
  /** `match identity host domain D`: any FQDN in domain D, not the one name D. */
  domain?: boolean;
  node: ConfigNode;
}

/** A `crypto isakmp profile` section. */
export interface IsakmpProfile {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  keyrings: Reference[];
  trustpoints: Reference[];
  matches: IdentityMatch[];
  /** `match certificate NAME`: peers whose certificate a certificate map takes. */
  certificateMaps: Reference[];
  localAddress?: { interface?: Reference; address?: number };
  selfIdentity?: string;
  /** `vrf NAME`: the inside VRF the profile's peers' traffic is put in (crypto maps, virtual templates). */
  vrf?: { name: string; node: ConfigNode };
  /** `keepalive SECONDS [retry N]`: dead peer detection for the profile's peers (wins over the global one). */
  keepalive?: ConfigNode;
  /** `virtual-template N`: the Virtual-Template IOS clones for the peers it selects (IKEv1 dynamic VTI). */
  virtualTemplate?: { number: number; node: ConfigNode };
}

/**
 * `crypto ikev2 client flexvpn NAME`: the hubs a FlexVPN client's tunnels (`tunnel destination
 * dynamic`) connect to, in `peer N` order (the first is tried first, the others on failure).
 */
export interface FlexvpnClient {
  name: string;
  node: ConfigNode;
  /** `peer N ADDRESS` or `peer N fqdn NAME [dynamic]`, sorted by N. */
  peers: {
    sequence: number;
    address?: number;
    hostname?: string;
    node: ConfigNode;
  }[];
  /** `client connect TunnelN`: the tunnels that take their destination from the peers. */
  connects: Reference[];
}

/** A `crypto ikev2 proposal` section: each line lists the algorithms it accepts, in preference order. */
export interface Ikev2Proposal {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  /** IOS keywords in lower case: `aes-cbc-256`, `aes-gcm-128`, `3des`. */
  encryption: string[];
  /** `sha256`, `sha1`, `md5`...; empty for AEAD ciphers, which need none. */
  integrity: string[];
  /** Written PRFs; empty means IOS takes the integrity algorithms as PRFs. */
  prf: string[];
  groups: number[];
  /** The line of each attribute that was written. */
  lines: Partial<
    Record<"encryption" | "integrity" | "prf" | "group", ConfigNode>
  >;
  /**
   * Lines IOS refuses (a word it does not know, `encryption aes-256`): their attribute is not set,
   * and its values above stay empty.
   */
  invalid?: Partial<
    Record<"encryption" | "integrity" | "prf" | "group", ConfigNode>
  >;
}

/** A `crypto ikev2 policy` section: which proposals are offered from which local address. */
export interface Ikev2Policy {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  proposals: Reference[];
  /** `match address local A`: the policy applies only when the router talks from one of them. */
  /** `match address local`: IPv4 addresses as numbers, IPv6 ones as hex strings. */
  localAddresses: IpAddress[];
  /** `match fvrf NAME` or `any`. */
  fvrf?: string;
}

/** A `peer` of a `crypto ikev2 keyring`. */
export interface Ikev2KeyringPeer {
  name: string;
  node: ConfigNode;
  address?: { address: number; mask: number; node: ConfigNode };
  /** `address X/LEN` with an IPv6 prefix. */
  address6?: Ipv6Prefix;
  hostname?: string;
  /** `identity address|fqdn|email|key-id VALUE`, lower-case kind. */
  identity?: { kind: string; value: string };
  /** `pre-shared-key KEY`: the same key both ways. */
  both?: PresharedKey;
  /** `pre-shared-key local KEY`: what this router signs with. */
  local?: PresharedKey;
  /** `pre-shared-key remote KEY`: what it expects from the peer. */
  remote?: PresharedKey;
}

/** An `authentication local|remote METHOD [key [0|6] KEY]` line of an IKEv2 profile. */
export interface Ikev2Authentication {
  method: string;
  node: ConfigNode;
  /** The key written in the line (`pre-share key KEY`), for any peer the profile serves. */
  key?: PresharedKey;
}

/** A `crypto ikev2 keyring` section. */
export interface Ikev2Keyring {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  peers: Ikev2KeyringPeer[];
}

/** An IKEv2 identity, as `match identity remote` and `identity local` write it. */
export interface Ikev2Identity {
  kind: "address" | "fqdn" | "email" | "key-id" | "other";
  value: string;
  /** `fqdn domain D` or `email domain D`: every FQDN in domain D, or every e-mail name at it. */
  domain?: boolean;
  address?: number;
  mask?: number;
  /** An IPv6 address identity (`address X/LEN`). */
  address6?: Ipv6Prefix;
  node: ConfigNode;
}

/** A `crypto ikev2 profile` section. */
export interface Ikev2Profile {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  matches: Ikev2Identity[];
  localIdentity?: Ikev2Identity;
  /**
   * `authentication local pre-share|rsa-sig|ecdsa-sig`, with its line; `pre-share key [0|6] KEY`
   * writes the key there, which IOS uses instead of the keyring's.
   */
  localAuthentication?: Ikev2Authentication;
  /** `authentication remote ...`: the methods the peer may use (a pre-share one may hold its key). */
  remoteAuthentication: Ikev2Authentication[];
  keyring?: Reference;
  lifetime?: { value: number; node: ConfigNode };
  /** `match fvrf NAME|any`: the front-door VRF of its peers; absent, the global table. */
  fvrf?: { name: string; node: ConfigNode };
  /** `ivrf NAME`: the inside VRF of the peers it selects (virtual-access interfaces it clones). */
  ivrf?: { name: string; node: ConfigNode };
  /** `match certificate NAME`: peers whose certificate a certificate map takes. */
  certificateMaps: Reference[];
  /** `virtual-template N`: the Virtual-Template IOS clones for the peers it selects (FlexVPN). */
  virtualTemplate?: { number: number; node: ConfigNode };
  /** `pki trustpoint NAME [sign|verify]`: the trustpoints it signs and verifies with. */
  pkiTrustpoints: { ref: Reference; usage?: "sign" | "verify" }[];
  /** `dpd INTERVAL RETRY on-demand|periodic`: dead peer detection for the profile's peers. */
  dpd?: ConfigNode;
}

/** A transform of a transform set. */
export interface Transform {
  name: string;
  /** Key size written after the name (`esp-aes 256`). */
  keySize?: number;
  range: Range;
}

/** A `crypto ipsec transform-set`. */
export interface TransformSet {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  transforms: Transform[];
  /** The `mode` line's, else IOS's default (`TRANSFORM_MODE_DEFAULT`). */
  mode: "tunnel" | "transport";
  /** The `mode` line, when written. */
  modeNode?: ConfigNode;
}

/** An HSRP group of an interface: its number, virtual address and name. */
export interface StandbyGroup {
  group: number;
  address?: number;
  name?: string;
  node: ConfigNode;
}

/** A `set peer` of a crypto map entry. */
export interface PeerRef {
  address?: number;
  /** The peer of an IPv6 crypto map entry. */
  address6?: Ipv6Address;
  hostname?: string;
  /** The address or hostname word. */
  range: Range;
  node: ConfigNode;
  default: boolean;
}

/**
 * An anti-replay setting: `window-size N` or `disable`, globally (`crypto ipsec
 * security-association replay ...`) or for the SAs of one crypto map entry or IPsec profile
 * (`set security-association replay ...`), which then wins over the global one.
 */
export interface ReplayWindow {
  size?: number;
  disabled: boolean;
  node: ConfigNode;
}

/**
 * An IPsec SA volume lifetime: kilobytes, or `"disabled"` where `lifetime kilobytes disable` turns
 * it off (the SAs then rekey on time only).
 */
export type VolumeLifetime = number | "disabled";

/** The IPsec SA lifetimes by unit, as an entry, a profile or the global command sets them. */
export interface IpsecLifetimes {
  seconds: number;
  kilobytes: VolumeLifetime;
}

/** A lifetime line of a crypto map entry or IPsec profile: its value and the line it is on. */
export interface WrittenLifetime<V> {
  value: V;
  node: ConfigNode;
}

/** A crypto map entry (`crypto map NAME SEQ ...`) or a dynamic map entry. */
export interface CryptoMapEntry {
  map: string;
  sequence: number;
  /** `ipsec-isakmp`, `ipsec-manual`, `gdoi`, or `dynamic` for a static entry that points at a dynamic map. */
  mode: "ipsec-isakmp" | "ipsec-manual" | "gdoi" | "dynamic";
  /** True for `crypto dynamic-map` entries. */
  isDynamicMapEntry: boolean;
  dynamicMap?: Reference;
  node: ConfigNode;
  nameRange: Range;
  peers: PeerRef[];
  matchAddress?: Reference;
  transformSets: Reference[];
  pfs?: { group: string; node: ConfigNode };
  /** `set security-association lifetime seconds N`. */
  lifetimeSeconds?: WrittenLifetime<number>;
  /** `set security-association lifetime kilobytes N|disable`. */
  lifetimeKilobytes?: WrittenLifetime<VolumeLifetime>;
  /** `set security-association replay window-size N|disable`: this entry's own window. */
  replayWindow?: ReplayWindow;
  identity?: Reference;
  isakmpProfile?: Reference;
  /** `set ikev2-profile NAME`: the entry negotiates with IKEv2 instead of IKEv1. */
  ikev2Profile?: Reference;
  reverseRoute: boolean;
  /** An entry of an IPv6 crypto map (`crypto map ipv6 NAME SEQ`): its ACL is an IPv6 one. */
  ipv6?: boolean;
}

/** A crypto map: its entries in sequence order, and map-wide settings. */
export interface CryptoMap {
  name: string;
  /** `crypto map NAME client authentication list LIST`: IOS asks every peer of the map for XAUTH. */
  clientAuthentication?: { list: string; node: ConfigNode };
  /** `crypto map ipv6 NAME`: kept in `cryptoMaps6`, applied by `ipv6 crypto map NAME`. */
  ipv6?: boolean;
  entries: CryptoMapEntry[];
  localAddress?: Reference;
  /** The first line that names the map. */
  nameRange: Range;
  node: ConfigNode;
}

/** A `crypto ipsec profile` (used by tunnel protection). */
export interface IpsecProfile {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  transformSets: Reference[];
  pfs?: { group: string; node: ConfigNode };
  isakmpProfile?: Reference;
  /** `set ikev2-profile NAME`: tunnels protected by this profile negotiate with IKEv2. */
  ikev2Profile?: Reference;
  /** `set security-association lifetime seconds N`. */
  lifetimeSeconds?: WrittenLifetime<number>;
  /** `set security-association lifetime kilobytes N|disable`. */
  lifetimeKilobytes?: WrittenLifetime<VolumeLifetime>;
  /** `set security-association replay window-size N|disable`: the tunnel's own window. */
  replayWindow?: ReplayWindow;
  /**
   * IOS's own `default` profile (IKEv2 smart defaults), named by a tunnel without a section of
   * its own: its `node` and ranges are the naming line's (see `protectionProfile`).
   */
  builtIn?: boolean;
}

/** A `crypto identity` list. */
export interface CryptoIdentity {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  entries: { kind: "fqdn" | "dn"; value: string; node: ConfigNode }[];
}

/** A `crypto pki trustpoint` or `crypto ca identity`/`trustpoint` section. */
export interface Trustpoint {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  enrollment?: string;
  hasCertificateChain: boolean;
  /** `subject-name` of the trustpoint: the DN its certificate carries. */
  subjectName?: string;
  /** The certificates its `crypto pki certificate chain` prints, in order (none without one). */
  certificates: ChainCertificate[];
}

/** How a certificate of a chain is introduced: `certificate 0A` is the router's own. */
export type ChainCertificateRole =
  "router" | "ca" | "self-signed" | "rollover" | "ca-rollover";

/** One `certificate [ca|self-signed|rollover] SERIAL` of a chain, with its hex lines below it. */
export interface ChainCertificate {
  role: ChainCertificateRole;
  /** The serial number as written. */
  serial: string;
  /** The `certificate` line; its children are the hex lines and `quit`. */
  node: ConfigNode;
  /** The trustpoint the chain belongs to. */
  trustpoint: string;
}

/** One line of a certificate map entry: `subject-name co ou = vpn`, `issuer-name eq ...`. */
export interface CertificateMapRule {
  /** The certificate field, lower case (`subject-name`, `issuer-name`, `alt-subject-name`...). */
  field: string;
  /** `eq`, `ne`, `co`, `nc`, `lt`, `le`, `gt`, `ge`. */
  op: string;
  /** The rest of the line, as written. */
  value: string;
  node: ConfigNode;
}

/**
 * `crypto pki certificate map NAME SEQ`: a certificate matches the map when it matches one of its
 * entries, and an entry when it matches every one of its lines.
 */
export interface CertificateMap {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  entries: {
    sequence: number;
    rules: CertificateMapRule[];
    node: ConfigNode;
  }[];
}

/** A NAT rule (`ip nat inside|outside source ...`). */
export interface NatRule {
  side: "inside" | "outside";
  kind: "dynamic" | "static";
  acl?: Reference;
  routeMap?: Reference;
  pool?: Reference;
  interface?: Reference;
  overload: boolean;
  /** Static NAT: the local and global address (or network with mask). */
  local?: number;
  global?: number;
  mask?: number;
  /** Static port translation (`static tcp|udp L LPORT G GPORT`): the protocol and the local port. */
  protocol?: "tcp" | "udp";
  localPort?: number;
  /** True for NVI rules (`ip nat source ...`), which translate between `ip nat enable` interfaces. */
  nvi?: boolean;
  node: ConfigNode;
}

/** A route-map clause. */
export interface RouteMapClause {
  name: string;
  action: "permit" | "deny";
  sequence: number;
  matchAcls: Reference[];
  /** `match interface X ...`: for NAT, the clause applies only when the packet leaves by one of them. */
  matchInterfaces: Reference[];
  /** Other `match` lines (next-hop, prefix-list...), whose effect on NAT is not modelled. */
  otherMatches: ConfigNode[];
  nameRange: Range;
  node: ConfigNode;
}

/** `zone security NAME`: a security zone of the zone-based policy firewall. */
export interface SecurityZone {
  name: string;
  nameRange: Range;
  node: ConfigNode;
}

/**
 * `zone-pair security NAME source Z1 destination Z2`: the policy of traffic from one zone to
 * another, one direction only. `self` (as written, any case) is the router itself.
 */
export interface ZonePair {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  /** The zone names as written. */
  source: string;
  destination: string;
  /** `service-policy type inspect NAME`. */
  servicePolicy?: Reference;
}

/** One `match` line of an inspect class-map. */
export type InspectMatch =
  /** `match protocol NAME`, the name in lower case. */
  | { kind: "protocol"; protocol: string; node: ConfigNode }
  /** `match access-group N` or `match access-group name N`. */
  | { kind: "access-group"; acl: Reference; node: ConfigNode }
  /** `match class-map NAME`: another inspect class-map. */
  | { kind: "class-map"; classMap: Reference; node: ConfigNode }
  /** Any other match (`match user-group`, `match not ...`), whose effect is not modelled. */
  | { kind: "other"; node: ConfigNode };

/** `class-map type inspect [match-any|match-all] NAME` (a layer 3/4 class-map). */
export interface InspectClassMap {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  /** `match-any`: one matching line suffices; otherwise (`match-all`, the default) every line must match. */
  matchAny: boolean;
  matches: InspectMatch[];
}

/** What an inspect policy does with the traffic of a class. */
export type InspectAction = "inspect" | "pass" | "drop";

/** A class of an inspect policy-map with its action. */
export interface InspectPolicyClass {
  /** The class-map of `class type inspect NAME`; absent for `class class-default`. */
  classMap?: Reference;
  node: ConfigNode;
  /** The action line's; `drop` when the class has none. */
  action: InspectAction;
  actionNode?: ConfigNode;
}

/** `policy-map type inspect NAME` (a layer 3/4 policy-map): its classes in order. */
export interface InspectPolicyMap {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  classes: InspectPolicyClass[];
}

/** The model of one config. */
export interface ConfigModel {
  tree: ConfigTree;
  hostname?: { name: string; node: ConfigNode };
  /**
   * The router whose prompt printed this config in a capture, when the printed part leaves out
   * the `hostname` line (`show running-config | section crypto`).
   */
  printedBy?: string;
  /** `ip domain name X` or `ip domain-name X`: with the hostname, the router's FQDN. */
  domainName?: { name: string; node: ConfigNode };
  version?: { text: string; major: number; minor: number; node: ConfigNode };
  interfaces: Interface[];
  routes: StaticRoute[];
  /** `ipv6 route` lines. */
  routes6: StaticRoute6[];
  /** `ipv6 access-list` sections, in config order (a name written twice is one list, the first). */
  acls6: Ipv6AccessList[];
  /** `router ospf|eigrp|bgp|rip...` sections: routes they learn are not in the config. */
  routerProcesses: { protocol: string; node: ConfigNode }[];
  acls: Map<string, AccessList>;
  /** `object-group network|service` sections by name (a name given to both kinds keeps the first). */
  objectGroups: Map<string, ObjectGroup>;
  isakmpPolicies: IsakmpPolicy[];
  /** `no crypto isakmp` / `no crypto isakmp enable` turns IKEv1 off. */
  isakmpDisabled?: ConfigNode;
  /** `no crypto isakmp default policy` turns off the built-in default policies of newer IOS. */
  isakmpDefaultPolicyDisabled?: ConfigNode;
  isakmpIdentity?: { kind: string; node: ConfigNode };
  /** `crypto isakmp aggressive-mode disable`: the router neither starts nor answers aggressive mode. */
  aggressiveModeDisabled?: ConfigNode;
  isakmpKeepalive?: ConfigNode;
  /** Global `crypto ikev2 dpd INTERVAL RETRY on-demand|periodic` (a profile's own `dpd` wins). */
  ikev2Dpd?: ConfigNode;
  /** `crypto isakmp invalid-spi-recovery`: IKEv1 tells a peer that sends on an SA this router lost. */
  isakmpInvalidSpiRecovery?: ConfigNode;
  natKeepalive?: ConfigNode;
  /** `crypto ikev2 nat keepalive SECONDS`. */
  ikev2NatKeepalive?: ConfigNode;
  natTransparencyDisabled?: ConfigNode;
  globalKeys: PresharedKey[];
  keyrings: Keyring[];
  isakmpProfiles: IsakmpProfile[];
  ikev2Proposals: Ikev2Proposal[];
  ikev2Policies: Ikev2Policy[];
  ikev2Keyrings: Ikev2Keyring[];
  ikev2Profiles: Ikev2Profile[];
  /** `crypto ikev2 client flexvpn` sections. */
  flexvpnClients: FlexvpnClient[];
  transformSets: TransformSet[];
  cryptoMaps: Map<string, CryptoMap>;
  /** IPv6 crypto maps (`crypto map ipv6 NAME ...`), a name space apart from the IPv4 ones. */
  cryptoMaps6: Map<string, CryptoMap>;
  dynamicMaps: Map<string, CryptoMap>;
  ipsecProfiles: IpsecProfile[];
  identities: CryptoIdentity[];
  trustpoints: Trustpoint[];
  /** `crypto pki certificate map` sections by name. */
  certificateMaps: Map<string, CertificateMap>;
  /** Global `crypto ipsec security-association lifetime seconds N` and `kilobytes N|disable`. */
  ipsecLifetime: Partial<IpsecLifetimes>;
  /** Global `crypto ipsec security-association replay window-size N` or `... replay disable`. */
  replayWindow?: ReplayWindow;
  ntpServers: { address?: number; hostname?: string; node: ConfigNode }[];
  /** `ip host NAME [PORT] ADDRESS...`: names the router resolves without DNS (lower case). */
  staticHosts: { name: string; addresses: number[]; node: ConfigNode }[];
  ntpMaster?: ConfigNode;
  natRules: NatRule[];
  natPools: Definition[];
  routeMaps: RouteMapClause[];
  /** Zone-based policy firewall: `zone security`, `zone-pair security`, inspect class-maps and policy-maps. */
  zones: SecurityZone[];
  zonePairs: ZonePair[];
  inspectClassMaps: InspectClassMap[];
  inspectPolicyMaps: InspectPolicyMap[];
  /** Every named object's definition. */
  definitions: Definition[];
  /** Every use of a name. */
  references: Reference[];
  /** Secrets anywhere in the config (keys, passwords), for masking and type-7 warnings. */
  secrets: Secret[];
  /**
   * What the parser could not make sense of, with the line it is on (an invalid netmask, a line
   * whose reading failed); the parser never throws. ACL lines it cannot read are their ACL's
   * `unreadable`, found when its entries are read.
   */
  problems: ParseProblem[];
  /**
   * The top-level `end` line that has lines after it: IOS stops reading a configuration there,
   * so nothing below it is in the model (the tree keeps those lines, for hover to say so).
   */
  closingEnd?: ConfigNode;
}

/** What a parse problem is about: the check that reports it picks its code from this. */
export type ParseProblemKind = "netmask" | "unreadable";

/** A line the parser could not make sense of. */
export interface ParseProblem {
  kind: ParseProblemKind;
  message: string;
  /** The words at fault (the mask; the whole line when its reading failed). */
  range: Range;
  node: ConfigNode;
}

/** An IKEv2 identity line's identity in words, as the line writes it (`fqdn domain example.com`). */
export function ikev2IdentityText(m: Ikev2Identity): string {
  if (m.kind === "other") {
    return m.value;
  }
  return `${m.kind}${m.domain ? " domain" : ""} ${m.value}`;
}

/** The top-level sections IOS reads: those up to a closing `end` line, if any. */
export function liveRoots(model: ConfigModel): readonly ConfigNode[] {
  const end = model.closingEnd;
  const roots = model.tree.roots;
  return end ? roots.slice(0, roots.indexOf(end) + 1) : roots;
}

/** The router's name: its `hostname`, else the prompt that printed the config. */
export function routerName(model: ConfigModel): string | undefined {
  return model.hostname?.name ?? model.printedBy;
}
