import type { Range } from "../../text/position";

/**
 * Parsed show outputs. Every value keeps its range so hovers and diagnostics point at the exact
 * cell; lines a parser does not understand are simply skipped (they stay plain text).
 */

/** Which show command printed a block. */
export type ShowKind =
  | "isakmp-sa"
  | "ikev2-sa"
  | "ipsec-sa"
  | "crypto-map"
  | "crypto-session"
  | "isakmp-policy"
  | "isakmp-key"
  | "access-lists"
  | "ip-interface"
  | "ip-interface-brief"
  | "ip-route"
  | "clock"
  | "certificates"
  | "transform-set"
  | "ikev2-proposal"
  | "ikev2-policy"
  | "ikev2-profile"
  | "ipsec-profile"
  | "dmvpn"
  | "running-config"
  | "other";

/** A word of show output with where it stands. */
export interface Cell {
  text: string;
  range: Range;
}

/** A row of `show crypto isakmp sa`. */
export interface IsakmpSaRow {
  line: number;
  dst: Cell;
  src: Cell;
  state: Cell;
  connId?: Cell;
  slot?: Cell;
  status?: Cell;
  ipv6: boolean;
}

/** `show crypto isakmp sa` in any of its layouts. */
export interface IsakmpSaShow {
  kind: "isakmp-sa";
  /** classic: `dst src state conn-id slot`; iosxe: `... conn-id status`; detail: `C-id Local Remote ...`. */
  layout: "classic" | "iosxe" | "detail";
  rows: IsakmpSaRow[];
  /** The line `ISAKMP is turned off`, when printed. */
  turnedOffLine?: number;
}

/** An IKEv2 SA of `show crypto ikev2 sa`. */
export interface Ikev2SaRow {
  line: number;
  /** The last line of the SA's block (its detail lines). */
  endLine: number;
  tunnelId: Cell;
  /** `address/port`, on the row or on its own `Local`/`Remote` line (IOS-XE with IPv6). */
  local?: Cell;
  remote?: Cell;
  /** READY, IN-NEG, DELETE... */
  status: Cell;
  /** The `Encr: ...` line: the negotiated algorithms. */
  algorithms?: Cell;
}

/** `show crypto ikev2 sa`. */
export interface Ikev2SaShow {
  kind: "ikev2-sa";
  rows: Ikev2SaRow[];
}

/** A counter of `show crypto ipsec sa` (`#pkts encaps: 4`). */
export interface Counter {
  value: number;
  range: Range;
}

/** An SA listed under `inbound esp sas:` and the like. */
export interface IpsecSaEntry {
  line: number;
  direction: "inbound" | "outbound";
  protocol: "esp" | "ah" | "pcp";
  spi: Cell;
  spiValue?: number;
  transform?: string;
  connId?: number;
  status?: string;
}

/** One flow (pair of proxy identities) of `show crypto ipsec sa`. */
export interface IpsecFlow {
  line: number;
  endLine: number;
  interfaceName?: string;
  /** The `interface: NAME` line's name, where it stands. */
  interfaceCell?: Cell;
  cryptoMap?: string;
  localAddress?: string;
  localIdent?: Cell;
  remoteIdent?: Cell;
  peer?: Cell;
  /** Counters by name: encaps, encrypt, digest, decaps, decrypt, verify, send errors, recv errors... */
  counters: Record<string, Counter>;
  localEndpoint?: Cell;
  remoteEndpoint?: Cell;
  currentOutboundSpi?: Cell;
  sas: IpsecSaEntry[];
}

/** `show crypto ipsec sa`. */
export interface IpsecSaShow {
  kind: "ipsec-sa";
  flows: IpsecFlow[];
}

/** An entry of `show crypto map`. */
export interface CryptoMapShowEntry {
  line: number;
  name: Cell;
  /** `Crypto Map IPv6 "NAME" ...`: an IPv6 crypto map (`crypto map ipv6 NAME`). */
  ipv6?: boolean;
  sequence: number;
  mode: string;
  peers: Cell[];
  acl?: Cell;
  aclLines: Cell[];
  currentPeer?: Cell;
  lifetimeKilobytes?: number;
  lifetimeSeconds?: number;
  pfs?: Cell;
  transformSets: Cell[];
  interfaces: Cell[];
  identityList?: Cell;
  incomplete: boolean;
  /** The line of IOS's warning that the entry is incomplete. */
  incompleteLine?: number;
  /** The `Interfaces using crypto map NAME:` line, when printed (empty after the colon: none). */
  interfacesLine?: number;
}

/** `show crypto map`. */
export interface CryptoMapShow {
  kind: "crypto-map";
  entries: CryptoMapShowEntry[];
}

/** An IKE SA line of `show crypto session` (`IKEv1 SA: local A/500 remote B/500 Active`). */
export interface SessionIkeSa {
  line: number;
  /** `IKE`, `IKEv1` or `IKEv2`, as printed. */
  version: string;
  local?: Cell;
  remote?: Cell;
  /** `Active`, `Inactive`... */
  state: Cell;
}

/** An `IPSEC FLOW:` of `show crypto session`, with the lines under it. */
export interface SessionFlow {
  line: number;
  /** What the flow permits, as printed after `IPSEC FLOW:`. */
  text: Cell;
  activeSas?: Counter;
  /** `Inbound: #pkts dec'ed N` and `Outbound: #pkts enc'ed N` (detail output). */
  decrypted?: Counter;
  encrypted?: Counter;
}

/** One session (`Interface: ...` up to the next one) of `show crypto session`. */
export interface CryptoSession {
  line: number;
  endLine: number;
  interfaceName?: Cell;
  profile?: Cell;
  status?: Cell;
  peer?: Cell;
  peerPort?: number;
  ikeSas: SessionIkeSa[];
  flows: SessionFlow[];
}

/** `show crypto session [detail]`. */
export interface CryptoSessionShow {
  kind: "crypto-session";
  sessions: CryptoSession[];
}

/** A protection suite of `show crypto isakmp policy`. */
export interface PolicySuite {
  line: number;
  /** Undefined for the default protection suite. */
  priority?: number;
  encryption?: Cell;
  hash?: Cell;
  authentication?: Cell;
  group?: Cell;
  lifetime?: Cell;
}

/** `show crypto isakmp policy`. */
export interface IsakmpPolicyShow {
  kind: "isakmp-policy";
  suites: PolicySuite[];
}

/** `show crypto isakmp key`. */
export interface IsakmpKeyShow {
  kind: "isakmp-key";
  keys: { line: number; address: Cell; key: Cell; keyring?: string }[];
}

/** An entry of `show ip access-lists`. */
export interface AclShowEntry {
  line: number;
  action: "permit" | "deny";
  sequence?: number;
  /** The protocol word (ip, udp, esp, ahp, 50...). */
  protocol: string;
  /** Words after the protocol up to the match count. */
  rest: string[];
  text: Cell;
  matches?: Counter;
}

/** `show ip access-lists` / `show access-lists`. */
export interface AccessListsShow {
  kind: "access-lists";
  acls: {
    line: number;
    name: Cell;
    type: "standard" | "extended";
    entries: AclShowEntry[];
  }[];
}

/** `show ip interface`. */
export interface IpInterfaceShow {
  kind: "ip-interface";
  interfaces: {
    line: number;
    name: Cell;
    status: string;
    address?: Cell;
    inboundAcl?: Cell;
    outboundAcl?: Cell;
    /** `VPN Routing/Forwarding "NAME"`: the interface is in that VRF (else the global table). */
    vrf?: Cell;
  }[];
}

/**
 * A row of `show ip interface brief`. A name too long for its column pushes the other columns
 * right; a row a terminal wrapped, or whose name stands alone on the line above the rest (IOS-XE
 * with long names), is read across its two lines: each cell keeps its own range.
 */
export interface IpInterfaceBriefRow {
  /** The row's first line (its name's). */
  line: number;
  /** Its last line: `line`, or the next one when the row was wrapped. */
  endLine: number;
  name: Cell;
  /** An IPv4 address or `unassigned`. */
  address: Cell;
  /** `OK?`: YES or NO. */
  ok: Cell;
  /** NVRAM, manual, DHCP, unset, TFTP... */
  method: Cell;
  /** `up`, `down`, `administratively down`, `deleted`... */
  status: Cell;
  /** The line protocol: `up` or `down`. */
  protocol: Cell;
}

/** `show ip interface brief`, whole or filtered (`| include ...`, which prints no header). */
export interface IpInterfaceBriefShow {
  kind: "ip-interface-brief";
  rows: IpInterfaceBriefRow[];
  /** The `Interface  IP-Address  OK? Method Status  Protocol` line, when printed. */
  headerLine?: number;
}

/** `show ip route`. */
export interface IpRouteShow {
  kind: "ip-route";
  routes: {
    line: number;
    code: string;
    /** `a.b.c.d/len`. */
    prefix: Cell;
    nextHop?: Cell;
    interfaceName?: Cell;
  }[];
  gatewayOfLastResort?: Cell;
}

/** `show clock`. */
export interface ClockShow {
  kind: "clock";
  line: number;
  text: Cell;
  flag?: "*" | ".";
  zone?: string;
  /** Milliseconds since the epoch, read as UTC. */
  ms?: number;
}

/** A certificate of `show crypto ca|pki certificates`. */
export interface CertificateEntry {
  line: number;
  type: string;
  status?: Cell;
  serial?: Cell;
  subject: Cell[];
  issuer: Cell[];
  start?: { cell: Cell; ms?: number };
  end?: { cell: Cell; ms?: number };
}

/** `show crypto ca certificates`. */
export interface CertificatesShow {
  kind: "certificates";
  certificates: CertificateEntry[];
}

/** `show crypto ipsec transform-set`. */
export interface TransformSetShow {
  kind: "transform-set";
  sets: { line: number; name: Cell; transforms: Cell[]; mode?: string }[];
}

/** `show crypto ikev2 proposal`: each proposal's algorithms, as the debug names them. */
export interface Ikev2ProposalShow {
  kind: "ikev2-proposal";
  proposals: {
    line: number;
    name: Cell;
    encryption: Cell[];
    integrity: Cell[];
    prf: Cell[];
    /** `DH_GROUP_2048_MODP/Group 14` cells. */
    groups: Cell[];
  }[];
}

/** `show crypto ikev2 policy`: which proposals serve which front-door VRF and local address. */
export interface Ikev2PolicyShow {
  kind: "ikev2-policy";
  policies: {
    line: number;
    name: Cell;
    fvrf?: Cell;
    localAddress?: Cell;
    proposals: Cell[];
  }[];
}

/** `show crypto ikev2 profile`: match criteria, identities, authentication and keyring. */
export interface Ikev2ProfileShow {
  kind: "ikev2-profile";
  profiles: {
    line: number;
    name: Cell;
    fvrf?: Cell;
    /** The `match identity remote` lines, one cell per line (`address 10.0.0.1 255.255.255.255`). */
    identities: Cell[];
    localIdentity?: Cell;
    localAuthentication?: Cell;
    remoteAuthentication?: Cell;
    keyring?: Cell;
  }[];
}

/** `show crypto ipsec profile`: the transform sets, PFS and IKE profile of each IPsec profile. */
export interface IpsecProfileShow {
  kind: "ipsec-profile";
  profiles: {
    line: number;
    name: Cell;
    ikev2Profile?: Cell;
    pfs?: Cell;
    transformSets: { name: Cell; transforms: Cell[] }[];
  }[];
}

/**
 * A row of the peer table of `show dmvpn`: one NHRP entry of a peer. A peer with several entries
 * (`# Ent` above 1) prints its count and NBMA address on its first row only; the rows under it
 * belong to the same NBMA address, which they inherit (`nbma` then stands on the first row's
 * line). An IPv6 NBMA address, too long for its column, stands alone on the line above the row.
 */
export interface DmvpnPeerRow {
  line: number;
  /** `# Ent`: how many entries the peer has, on its first row only. */
  entries?: Cell;
  /** The peer's NBMA (transport) address, or `UNKNOWN` while NHRP has not resolved it. */
  nbma?: Cell;
  /** The peer's address inside the tunnel. */
  tunnel: Cell;
  /** UP, NHRP, IKE, IPSEC, INTF, DOWN... */
  state: Cell;
  /** `UpDn Tm`: time in the current state (`00:10:22`, `6d12h`, `3w5d`) or `never`. */
  upDown: Cell;
  /** `Attrb`: the legend's letters run together (`S`, `D`, `DT1`, `IX`). */
  attributes: Cell;
  /** `Target Network` (`show dmvpn detail`). */
  target?: Cell;
}

/** One tunnel interface of `show dmvpn`, with its peer table. */
export interface DmvpnInterface {
  line: number;
  endLine: number;
  /** The tunnel interface; undefined for a table pasted without its interface line. */
  name?: Cell;
  /** `Interface Tunnel0 is up/up` (`show dmvpn detail`): the interface's status. */
  status?: Cell;
  /** `Hub`, `Spoke`, `Hub/Spoke` or `Unknown`. */
  type?: Cell;
  /** `NHRP Peers:N` or `Total NBMA Peers (v4/v6): N`. */
  peerCount?: Counter;
  /** The next-hop servers of `show dmvpn detail` (`IPv4 NHS:`), with their status letters. */
  nhs: { address: Cell; status?: Cell }[];
  rows: DmvpnPeerRow[];
}

/** `show dmvpn [detail]` (12.4, 15.x and IOS-XE layouts). */
export interface DmvpnShow {
  kind: "dmvpn";
  /** The detail layout (`Target Network` column, `Crypto Session Details:`). */
  detail: boolean;
  interfaces: DmvpnInterface[];
  /** `Crypto Session Details:` of the detail output: the crypto sessions follow it. */
  cryptoDetailsLine?: number;
}

/** Parsed show data by kind. */
export type ShowData =
  | IsakmpSaShow
  | Ikev2SaShow
  | IpsecSaShow
  | CryptoMapShow
  | CryptoSessionShow
  | IsakmpPolicyShow
  | IsakmpKeyShow
  | AccessListsShow
  | IpInterfaceShow
  | IpInterfaceBriefShow
  | IpRouteShow
  | ClockShow
  | CertificatesShow
  | TransformSetShow
  | Ikev2ProposalShow
  | Ikev2PolicyShow
  | Ikev2ProfileShow
  | IpsecProfileShow
  | DmvpnShow;

/** A block of show output. */
export interface ShowBlock {
  index: number;
  kind: ShowKind;
  /** First and last line of the output (the prompt line is not included). */
  startLine: number;
  endLine: number;
  /** The prompt that ran the command, when the capture has it. */
  promptLine?: number;
  /**
   * The line of the log message after which the output was not seen again, when one was printed
   * in it (a console prints its log messages in the middle of a command's output). An output
   * that goes on after the messages (before the next prompt) is read whole, without them.
   */
  cutAt?: number;
  router?: string;
  data?: ShowData;
}
