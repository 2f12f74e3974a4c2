import type { ShowKind } from "../capture/show/types";
import { table } from "./table";

/**
 * What the lines and columns of show outputs mean, for hovers. Patterns match a whole line of the
 * output; the first match wins.
 */

/** One kind of show line. */
export interface ShowFieldInfo {
  pattern: RegExp;
  meaning: string;
}

/** Line meanings by show kind. */
export const SHOW_FIELDS: Readonly<
  Partial<Record<ShowKind, readonly ShowFieldInfo[]>>
> = {
  "isakmp-sa": [
    {
      pattern: /^\s*dst\s+src\s+state/,
      meaning:
        "One row per IKE (phase 1) SA: `src` is the side that initiated it, `dst` the responder; `state` is where the negotiation stands (QM_IDLE = up).",
    },
    {
      pattern: /IPv[46] Crypto (ISAKMP|IKEv1) SA/,
      meaning: "IKE SAs of this address family.",
    },
    {
      pattern: /^\s*C-id\s+Local/,
      meaning:
        "Detailed IKE SAs: connection id, local and remote address, status, negotiated algorithms and remaining lifetime.",
    },
    {
      pattern: /ISAKMP is turned off/,
      meaning:
        "ISAKMP is disabled on this router (`no crypto isakmp`): it neither starts nor answers IKE. Fix: `crypto isakmp enable`.",
    },
    {
      pattern: /Engine-id:Conn-id/,
      meaning: "The crypto engine and its connection id for this SA.",
    },
  ],
  "ipsec-sa": [
    {
      pattern: /^\s*interface:/,
      meaning:
        "The interface the crypto map (or tunnel protection) is applied to.",
    },
    {
      pattern: /Crypto map tag:/,
      meaning: "The crypto map and the local address IKE and ESP use.",
    },
    {
      pattern: /protected vrf/,
      meaning: "The VRF of the protected (inside) traffic.",
    },
    {
      pattern: /local\s+ident/,
      meaning:
        "Local proxy identity: the source side of the crypto ACL entry (address/mask/protocol/port).",
    },
    {
      pattern: /remote\s+ident/,
      meaning:
        "Remote proxy identity: the destination side of the crypto ACL entry.",
    },
    { pattern: /current_peer/, meaning: "The IPsec peer of this flow." },
    {
      pattern: /PERMIT, flags=/,
      meaning:
        "The flow comes from a permit entry of the crypto ACL (`origin_is_acl`).",
    },
    {
      pattern: /local crypto endpt/,
      meaning:
        "The two tunnel endpoints: the addresses on the outside of every ESP packet.",
    },
    {
      pattern: /path mtu|plaintext mtu/,
      meaning: "MTUs: what fits in one packet before and after encryption.",
    },
    {
      pattern: /^\s*spi: 0x/,
      meaning:
        "The SA's SPI (in hex, then in decimal): ESP packets carry it so the receiver finds the SA. This router's inbound SPI is the peer's outbound one; the two routers' `show crypto ipsec sa` must show each pair crossed.",
    },
    {
      pattern: /current outbound spi/,
      meaning:
        "The SPI this router puts in the ESP packets it sends; 0 means no outbound SA exists (quick mode never succeeded).",
    },
    {
      pattern: /PFS \(Y\/N\)/,
      meaning:
        "Whether quick mode uses perfect forward secrecy, and its DH group.",
    },
    {
      pattern: /^\s*inbound esp sas/,
      meaning:
        "SAs that decrypt ESP packets from the peer; empty when quick mode failed.",
    },
    {
      pattern: /^\s*outbound esp sas/,
      meaning:
        "SAs that encrypt what this router sends to the peer; empty when quick mode failed.",
    },
    {
      pattern: /^\s*(inbound|outbound) ah sas/,
      meaning:
        "AH SAs (authentication only, protocol 51); empty when the transform set has no AH.",
    },
    {
      pattern: /^\s*(inbound|outbound) pcp sas/,
      meaning:
        "IP compression (IPComp) SAs; empty unless the transform set has `comp-lzs`.",
    },
    {
      pattern: /^\s*transform:/,
      meaning: "The transforms in use for this SA.",
    },
    {
      pattern: /in use settings/,
      meaning:
        "Mode of the SA: Tunnel or Transport, with UDP encapsulation when NAT traversal is in use.",
    },
    {
      pattern: /conn id:|slot:/,
      meaning:
        "The crypto engine connection id of the SA (as in `show crypto engine connections active`).",
    },
    {
      pattern: /sa timing/,
      meaning:
        "Remaining lifetime in kilobytes and seconds; the SA is rekeyed before either runs out.",
    },
    {
      pattern: /IV size/,
      meaning: "Initialization vector size of the cipher.",
    },
    {
      pattern: /replay detection/,
      meaning: "Anti-replay checking of ESP sequence numbers.",
    },
    { pattern: /Status:/, meaning: "State of the SA in the crypto engine." },
  ],
  "crypto-map": [
    {
      pattern: /Crypto Map/,
      meaning: "A crypto map entry: name, sequence number and keying mode.",
    },
    { pattern: /Peer = /, meaning: "The peer configured with `set peer`." },
    {
      pattern: /access list|access-list/,
      meaning:
        "The crypto ACL (`match address`): permitted traffic is encrypted; the peer's ACL must be its mirror image.",
    },
    {
      pattern: /Access-List SS dynamic/,
      meaning:
        "Whether the crypto ACL is one IOS builds per session (a dynamic map's, or one a server pushes); False for the `match address` ACL written in the entry.",
    },
    {
      pattern: /Dualstack \(Y\/N\)/,
      meaning:
        "Whether the entry carries both IPv4 and IPv6 traffic over one IKE session (IKEv2 only).",
    },
    {
      pattern: /Mixed-mode/,
      meaning:
        "Whether the entry protects IPv6 traffic over IPv4 peers or the reverse; disabled when the traffic and the peers are of one family.",
    },
    {
      pattern: /^\s*\}\s*$/,
      meaning: "The end of the entry's list of transform sets.",
    },
    {
      pattern: /Current peer/,
      meaning: "The peer in use now (the first that answered).",
    },
    {
      pattern: /identity list/,
      meaning:
        "Only peers whose certificate matches this `crypto identity` list may use the entry.",
    },
    {
      pattern: /Security association lifetime/,
      meaning: "IPsec SA lifetime: kilobytes/seconds.",
    },
    {
      pattern: /PFS/,
      meaning: "Perfect forward secrecy (`set pfs`): both peers must agree.",
    },
    {
      pattern: /Transform sets/,
      meaning:
        "The transform sets offered (`set transform-set`); the peer must have one of them.",
    },
    {
      pattern: /Interfaces using crypto map/,
      meaning:
        "Interfaces the map is applied to; it must be the interface that routes toward the peer.",
    },
    {
      pattern: /incomplete state/,
      meaning:
        "The entry lacks a peer, ACL or transform set, so IOS does not use it.",
    },
    {
      pattern: /IKEv2 Profile:/,
      meaning:
        "The IKEv2 profile of the entry (`set ikev2-profile`): the entry negotiates with IKEv2, so its peer needs IKEv2 too, and no ISAKMP policy or key is used.",
    },
    {
      pattern: /ISAKMP Profile:/,
      meaning:
        "The isakmp profile of the entry (`set isakmp-profile`): its keyring, identities and VRF apply to this entry's peers.",
    },
    {
      pattern: /No matching address list set/,
      meaning:
        "The entry has no crypto ACL (`match address`): it selects no traffic and IOS leaves it out, so nothing ever triggers IKE for it. Add `match address <acl>` under the entry.",
    },
    {
      pattern: /Responder-Only \(Y\/N\)/,
      meaning:
        "Y when the router is in IKE responder-only mode for the entry: it answers negotiations its peer starts, but never starts IKE or rekeys by itself, so traffic from this side alone never brings the tunnel up.",
    },
    {
      pattern: /^\s*[\w.-]+:\s*\{[^}]*\}/,
      meaning:
        "A transform set the entry offers, with its transforms; the peer needs a set with the same ones.",
    },
  ],
  "ikev2-sa": [
    {
      pattern: /IPv[46] Crypto IKEv2\s+SA/,
      meaning: "IKEv2 SAs of this address family.",
    },
    {
      pattern: /^Tunnel-id\s/,
      meaning:
        "One row per IKEv2 SA: its id, local and remote address/port, VRFs and status (READY = established).",
    },
    {
      pattern: /^(Local|Remote)\s/,
      meaning:
        "The SA's local or remote address and UDP port (500, or 4500 once NAT traversal is in use).",
    },
    {
      pattern: /Encr: /,
      meaning:
        "The algorithms the IKEv2 proposal agreed on: encryption and key size, PRF, integrity, Diffie-Hellman group, and how each side authenticates (PSK, RSA signature...).",
    },
    {
      pattern: /PQC Key Exchange: /,
      meaning:
        "An additional post-quantum key exchange (RFC 9370) mixed into the keys.",
    },
    {
      pattern: /Life\/Active Time: /,
      meaning: "The SA's lifetime and how long it has been up, in seconds.",
    },
    {
      pattern: /Local spi: /,
      meaning:
        "The IKE SA's two SPIs (the IKEv2 equivalents of IKEv1's cookies), as the debug lines print them.",
    },
    {
      pattern: /CE id: /,
      meaning: "The crypto engine's id for the SA and the crypto session's id.",
    },
  ],
  "crypto-session": [
    {
      pattern: /^Crypto session current status/,
      meaning:
        "One session per peer and interface: its status sums up the IKE SA and the IPsec SAs.",
    },
    {
      pattern: /^Code: |^[A-Z] - /,
      meaning:
        "The legend of the capability letters printed after `Capabilities:` under each IKE SA.",
    },
    {
      pattern: /^Interface: /,
      meaning:
        "The interface of the session: the one carrying the crypto map, or the tunnel interface.",
    },
    {
      pattern: /^Profile: /,
      meaning: "The ISAKMP or IKEv2 profile the session matched.",
    },
    { pattern: /^Uptime: /, meaning: "How long the session has been up." },
    {
      pattern: /^Session status: /,
      meaning:
        "UP-ACTIVE: IKE and IPsec SAs up. UP-IDLE: IKE up, no IPsec SA. UP-NO-IKE: IPsec SAs without their IKE SA. DOWN-NEGOTIATING: phase 1 keeps failing. DOWN: nothing negotiated.",
    },
    {
      pattern: /^Peer: /,
      meaning:
        "The peer's address and UDP port (500, or 4500 once NAT traversal is in use), with the front-door and inside VRFs.",
    },
    {
      pattern: /Phase1_id: /,
      meaning:
        "The identity the peer sent in phase 1 (its address, host name or certificate name); `(none)` while phase 1 has not completed.",
    },
    {
      pattern: /Session ID: /,
      meaning: "The session's number in the crypto session manager.",
    },
    {
      pattern: /\bIKE(v[12])? SA: /,
      meaning:
        "The IKE SA with its local and remote address/port: Active once phase 1 succeeded, Inactive while it has not.",
    },
    {
      pattern: /Capabilities:/,
      meaning:
        "Capability letters of the IKE SA (D: dead peer detection, N: NAT traversal... see the legend), its connection id and remaining lifetime.",
    },
    {
      pattern: /IPSEC FLOW: /,
      meaning:
        "A flow the session protects: the crypto ACL entry (or the tunnel's GRE or IP traffic) that selects its packets.",
    },
    {
      pattern: /Active SAs: /,
      meaning:
        "How many IPsec SAs protect the flow: 2 (one each way) when it is up, 0 when phase 2 never completed.",
    },
    {
      pattern: /Inbound: |Outbound: /,
      meaning:
        "Packets decrypted (inbound) or encrypted (outbound) for the flow, drops, and the SA's remaining lifetime in kilobytes/seconds.",
    },
  ],
  "isakmp-policy": [
    {
      pattern: /Protection suite of priority/,
      meaning:
        "An IKE policy; policies are offered and checked lowest number first.",
    },
    {
      pattern: /Default protection suite/,
      meaning:
        "The built-in default policy (priority 65535), used when no configured policy matches.",
    },
    {
      pattern: /encryption algorithm/,
      meaning: "Phase 1 encryption (`encryption`).",
    },
    {
      pattern: /hash algorithm/,
      meaning:
        "Phase 1 hash (`hash`): Message Digest 5 is `md5`, Secure Hash Standard is `sha`.",
    },
    {
      pattern: /authentication method/,
      meaning:
        "Phase 1 authentication (`authentication`): Pre-Shared Key or Rivest-Shamir-Adleman Signature (`rsa-sig`).",
    },
    { pattern: /Diffie-Hellman group/, meaning: "DH group (`group`)." },
    { pattern: /lifetime/, meaning: "IKE SA lifetime (`lifetime`)." },
  ],
  "isakmp-key": [
    {
      pattern: /Hostname\/Address/,
      meaning:
        "Pre-shared keys and the peer each belongs to; the address must be the peer's own (`set peer`) address.",
    },
  ],
  "access-lists": [
    {
      pattern: /access list/,
      meaning:
        "An access list; entries are checked in order, and an implicit `deny any` ends it.",
    },
  ],
  "ip-interface": [
    { pattern: /Internet address is/, meaning: "The interface address." },
    {
      pattern: /Inbound\s+access list is/,
      meaning:
        "ACL applied to packets arriving on this interface: it must permit UDP 500 (and 4500 with NAT-T) and ESP from the peer.",
    },
    {
      pattern: /Outgoing access list is/,
      meaning: "ACL applied to packets leaving by this interface.",
    },
    {
      pattern: /VPN Routing\/Forwarding/,
      meaning:
        "The VRF the interface is in. A crypto map on it has this front-door VRF: its peer is looked up in `show ip route vrf <name>`, not the global table, and the keyring for the peer must be bound to the VRF (`crypto keyring <name> vrf <vrf>`).",
    },
    {
      pattern: /line protocol is/,
      meaning: "Interface and line protocol status.",
    },
    {
      pattern: /^\s*MTU is \d+ bytes/,
      meaning:
        "The interface MTU. ESP adds 50 to 73 bytes to each packet (GRE 24 more), so packets near this size are fragmented once encrypted; `ip mtu` and `ip tcp adjust-mss` on the tunnel or LAN side keep them under it.",
    },
  ],
  "ip-interface-brief": [
    {
      pattern: /^\s*Interface\s+IP-Address\s+OK\?/,
      meaning:
        "One row per interface: its primary IPv4 address, whether IOS takes it as valid, how it was set, the interface's own status and its line protocol. Hover a column's name or a cell.",
    },
  ],
  "ip-route": [
    {
      pattern: /Gateway of last resort/,
      meaning:
        "The default route's next hop; without one, only listed prefixes are reachable.",
    },
    {
      pattern: /is subnetted/,
      meaning: "The routes below are subnets of this major network.",
    },
    {
      pattern: /Codes:|^\s+[A-Za-z0-9*]+ - /,
      meaning:
        "Legend of the route source codes (C connected, S static, O OSPF...).",
    },
  ],
  clock: [],
  certificates: [
    {
      pattern: /Status:/,
      meaning: "Whether the certificate is available for use.",
    },
    { pattern: /Serial Number/, meaning: "The certificate's serial number." },
    { pattern: /Key Usage/, meaning: "What the key may be used for." },
    { pattern: /Issuer/, meaning: "The CA that signed the certificate." },
    {
      pattern: /Subject/,
      meaning:
        "Whom the certificate names; identity lists match on these fields.",
    },
    {
      pattern: /CRL Distribution Point/,
      meaning: "Where revocation lists are fetched.",
    },
    {
      pattern: /Validity Date|start date|end\s+date/,
      meaning:
        "The certificate is valid only between these dates, judged by the router's clock.",
    },
    {
      pattern: /Associated Identity|Associated Trustpoints/,
      meaning: "The trustpoint the certificate belongs to.",
    },
  ],
  "running-config": [
    {
      pattern: /^\s*Building configuration\.\.\./i,
      meaning:
        "IOS is assembling the configuration it runs, to print it. It leaves out every command at its default (an ISAKMP policy's `encryption des`, `group 1`, `lifetime 86400`...), so a missing line means the default, not nothing. IPsec Lens reads the lines below as a config: hover them, and see its findings in place.",
    },
    {
      pattern: /^\s*Current configuration\s*:/i,
      meaning: "The size of the running configuration that follows, in bytes.",
    },
    {
      pattern: /^\s*Using \d+ out of \d+ bytes/i,
      meaning:
        "`show startup-config`: how much of NVRAM the saved configuration takes. The saved configuration is what the router loads at boot; changes made since without `copy running-config startup-config` (or `write memory`) are not in it.",
    },
  ],
  "ikev2-proposal": [
    {
      pattern: /IKEv2 proposal\s*:/,
      meaning:
        "An IKEv2 proposal (`crypto ikev2 proposal NAME`): the algorithms IKE_SA_INIT offers or accepts. `default` is the built-in one, which the built-in default policy uses.",
    },
    {
      pattern: /^\s*Encryption\s*:/,
      meaning:
        "The encryption algorithms of the proposal (`encryption`), with their key size; the peer must accept one.",
    },
    {
      pattern: /^\s*Integrity\s*:/,
      meaning:
        "The integrity algorithms (`integrity`): SHA96 is HMAC-SHA1-96, MD596 HMAC-MD5-96. A proposal of AES-GCM has none.",
    },
    {
      pattern: /^\s*PRF\s*:/,
      meaning:
        "The pseudo-random functions that derive the keys (`prf`; without that line IOS takes the integrity algorithms as PRFs).",
    },
    {
      pattern: /^\s*DH Group\s*:/,
      meaning:
        "The Diffie-Hellman groups (`group`). The initiator sends its KE payload for the first one; a responder that picks another answers INVALID_KE_PAYLOAD and the initiator starts again with that group.",
    },
  ],
  "ikev2-policy": [
    {
      pattern: /IKEv2 policy\s*:/,
      meaning:
        "An IKEv2 policy (`crypto ikev2 policy NAME`): which proposals IKE_SA_INIT uses for a front-door VRF and local address. `default` is built in (any VRF, any address, the default proposal); IOS falls back to it when no configured policy fits.",
    },
    {
      pattern: /^\s*Match fvrf\s*:/,
      meaning:
        "The front-door VRF the policy serves (`match fvrf`): `global` when the policy has no such line, a VRF's name, or `any`. A peer reached in another VRF does not get this policy.",
    },
    {
      pattern: /^\s*Match address local\s*:/,
      meaning:
        "The local address the policy serves (`match address local`); `any` when it has no such line.",
    },
    {
      pattern: /^\s*Proposal\s*:/,
      meaning:
        "The proposals of this policy (`proposal NAME`), in the order offered.",
    },
  ],
  "ikev2-profile": [
    {
      pattern: /IKEv2 profile\s*:/,
      meaning:
        "An IKEv2 profile (`crypto ikev2 profile NAME`): which peers it serves (match criteria) and how they authenticate, with which keys.",
    },
    {
      pattern: /^\s*Shutdown\s*:/,
      meaning:
        "Whether the profile is shut down (`shutdown`): a shut profile serves no peer.",
    },
    {
      pattern: /^\s*Ref Count\s*:/,
      meaning:
        "How many SAs, crypto maps and IPsec profiles refer to the profile at the moment.",
    },
    {
      pattern: /^\s*Match criteria\s*:/,
      meaning:
        "What selects the profile for a peer: its front-door VRF, local address, and the identity (or certificate) the peer sends.",
    },
    {
      pattern: /^\s*Fvrf\s*:/,
      meaning:
        "The front-door VRF the profile serves (`match fvrf`): `global` without that line, `any` for every VRF.",
    },
    {
      pattern: /^\s*Local address\/interface\s*:/,
      meaning:
        "The local address or interface the profile is limited to (`match address local`); `none` for any.",
    },
    {
      pattern: /^\s*Identities\s*:/,
      meaning:
        "The `match identity remote` lines: the identities (IDi/IDr) of the peers this profile serves. A peer whose identity none of them takes gets `Failed to locate an item in the database` and AUTHENTICATION_FAILED.",
    },
    {
      pattern: /^\s*(address|fqdn|email|key-id)\s+\S/,
      meaning:
        "A `match identity remote` line: a peer sending this identity (an address in the range, or this name) selects the profile.",
    },
    {
      pattern: /^\s*Certificate maps\s*:/,
      meaning:
        "The certificate maps that select the profile by the peer's certificate (`match certificate`).",
    },
    {
      pattern: /^\s*Local identity\s*:/,
      meaning:
        "The identity this router sends (`identity local`); without the line, its address (or its certificate's DN with certificates).",
    },
    {
      pattern: /^\s*Remote identity\s*:/,
      meaning: "The identity required of the peer (`identity remote`), if any.",
    },
    {
      pattern: /^\s*Local authentication method\s*:/,
      meaning:
        "How this router signs its AUTH payload (`authentication local`): `pre-share`, `rsa-sig` or `ecdsa-sig`.",
    },
    {
      pattern: /^\s*Remote authentication method\(s\)\s*:/,
      meaning:
        "The methods the peer may sign with (`authentication remote`); its `authentication local` must be one of them.",
    },
    {
      pattern: /^\s*EAP options\s*:/,
      meaning: "EAP settings, for remote-access clients.",
    },
    {
      pattern: /^\s*Keyring\s*:/,
      meaning:
        "The IKEv2 keyring whose peer blocks hold the pre-shared keys (`keyring local`).",
    },
    {
      pattern: /^\s*Trustpoint\(s\)\s*:/,
      meaning:
        "The trustpoints that sign and verify certificates (`pki trustpoint`).",
    },
    {
      pattern: /^\s*Lifetime\s*:/,
      meaning:
        "The IKE SA's lifetime (`lifetime`, 86,400 seconds by default); each side rekeys on its own timer.",
    },
    {
      pattern: /^\s*DPD\s*:/,
      meaning:
        "Dead-peer detection (`dpd INTERVAL RETRY on-demand|periodic`): how a dead peer's SAs get cleared.",
    },
    {
      pattern: /^\s*NAT-keepalive\s*:/,
      meaning:
        "Keepalives that hold a NAT device's UDP 4500 mapping open (`nat keepalive`).",
    },
    {
      pattern: /^\s*Ivrf\s*:/,
      meaning:
        "The inside VRF of the tunnel (`ivrf`), for virtual-template interfaces (FlexVPN).",
    },
    {
      pattern: /^\s*Virtual-template\s*:/,
      meaning:
        "The virtual template cloned into a virtual-access interface per peer (`virtual-template`, FlexVPN hubs).",
    },
    {
      pattern: /^\s*(mode auto|AAA\b)/,
      meaning:
        "Remote-access (FlexVPN client) settings: AAA lists and automatic mode.",
    },
  ],
  "ipsec-profile": [
    {
      pattern: /^\s*IPSEC profile\s/,
      meaning:
        "An IPsec profile (`crypto ipsec profile NAME`): what a tunnel interface with `tunnel protection ipsec profile NAME` negotiates, instead of a crypto map entry.",
    },
    {
      pattern: /^\s*IKEv2 Profile\s*:/,
      meaning:
        "The IKEv2 profile the IPsec profile names (`set ikev2-profile`): the tunnel negotiates with IKEv2 through it.",
    },
    {
      pattern: /^\s*Security association lifetime\s*:/,
      meaning:
        "The IPsec SA lifetime in kilobytes and seconds (`set security-association lifetime`); the SA rekeys at whichever comes first.",
    },
    {
      pattern: /^\s*Dualstack \(Y\/N\)/,
      meaning: "Whether the profile protects IPv4 and IPv6 over one tunnel.",
    },
    {
      pattern: /^\s*Responder-Only \(Y\/N\)/,
      meaning:
        "Whether this end only answers (`set responder-only`): it never starts the tunnel.",
    },
    {
      pattern: /^\s*PFS \(Y\/N\)/,
      meaning:
        "Whether PFS is set (`set pfs groupN`): each rekey runs a new Diffie-Hellman exchange. Both ends must agree.",
    },
    {
      pattern: /^\s*Mixed-mode/,
      meaning:
        "Whether IPv4 may be carried over an IPv6 tunnel or the reverse.",
    },
    {
      pattern: /^\s*Transform sets=\{|^\s*\}\s*$/,
      meaning:
        "The transform sets the profile offers (`set transform-set`), in order; the peer needs one with the same transforms.",
    },
    {
      pattern: /\{[^}]*\}/,
      meaning: "A transform set of the profile, with its transforms.",
    },
  ],
  dmvpn: [
    {
      pattern: /^\s*Legend: Attrb/,
      meaning:
        "The legend of the `Attrb` column: S static (configured), D dynamic (learned by NHRP), I incomplete (resolution unanswered), N behind NAT, L local, X no crypto socket; later releases add T1/T2 (phase 3 shortcut routes), C, I2 and B. Hover a row's attributes for its letters.",
    },
    {
      pattern:
        /^\s*(N - NATed|T1 - Route Installed|C - CTS Capable|(?:I2|B) - )/,
      meaning:
        "More letters of the `Attrb` legend; hover a row's attributes for what they mean there.",
    },
    {
      pattern: /^\s*# Ent -->/,
      meaning:
        "`# Ent`: how many NHRP entries share the peer's NBMA address; the rows under a count above 1 belong to the same peer.",
    },
    {
      pattern: /^\s*NHS Status:/,
      meaning:
        "The status letters of a next-hop server in `show dmvpn detail`: E expecting replies (registrations sent), R responding (it answered), W waiting to send the next one. A server stuck at E never answers.",
    },
    {
      pattern: /^\s*UpDn Time -->/,
      meaning:
        "`UpDn Tm`: how long each entry has been in its current state (up or not).",
    },
    {
      pattern: /^\s*Interface: \S+, IPv[46] NHRP Details/,
      meaning:
        "The DMVPN tunnel interface whose NHRP peers follow (one block per multipoint GRE tunnel).",
    },
    {
      pattern: /^\s*Interface \S+ is /,
      meaning:
        "`show dmvpn detail`: the tunnel interface, its status and line protocol (both must be up), its tunnel address and VRF.",
    },
    {
      pattern: /^\s*Tunnel Src\.\/Dest\. addr:/,
      meaning:
        "The tunnel's source address (its own NBMA address, which the peers map it to) and destination (`MGRE` or `Multipoint` for a multipoint tunnel), with the front-door VRF (`tunnel vrf`).",
    },
    {
      pattern: /^\s*Protocol\/Transport:/,
      meaning:
        '`multi-GRE/IP` for a multipoint GRE tunnel; `Protect` names the IPsec profile of `tunnel protection` (`""`: the tunnel is not encrypted).',
    },
    {
      pattern: /^\s*Interface State Control:/,
      meaning:
        "Whether `if-state nhrp` is set: the tunnel's line protocol then goes down while no next-hop server answers.",
    },
    {
      pattern: /^\s*nhrp event-publisher/,
      meaning: "Whether NHRP events are published to other features.",
    },
    {
      pattern: /^\s*IPv[46] NHS:/,
      meaning:
        "The next-hop servers (hubs) this spoke registers to, by tunnel address, with their status letters (E expecting replies, R responding, W waiting).",
    },
    {
      pattern: /^\s*(\S+, )?Type:\S+/,
      meaning:
        "The tunnel's role (Hub, Spoke, Hub/Spoke) and how many NHRP peers (NBMA addresses) it has.",
    },
    {
      pattern: /^\s*# Ent +Peer NBMA Addr/,
      meaning:
        "One row per NHRP entry: how many entries the peer has, its NBMA (transport) address, its tunnel address, the state of the tunnel to it (UP once IKE, IPsec and NHRP are done), the time in that state and its attributes.",
    },
    {
      pattern: /^\s*-{5}/,
      meaning: "The columns of the peer table.",
    },
    {
      pattern: /^\s*={10}/,
      meaning: "The end of the legend.",
    },
    {
      pattern: /^\s*NHRP group:|Output QoS service-policy applied/,
      meaning:
        "The NHRP group the spoke registered with (`ip nhrp group`), and the QoS policy the hub applies to it for that group (`ip nhrp map group`).",
    },
    {
      pattern: /^\s*Crypto Session Details:/,
      meaning:
        "`show dmvpn detail` goes on with `show crypto session detail` for the tunnel: one session per peer NBMA address, with its IKE SA, status and IPsec flow (GRE between the two NBMA addresses).",
    },
    {
      pattern: /^\s*Pending DMVPN Sessions:/,
      meaning:
        "Crypto sessions being set up for DMVPN peers and not complete yet.",
    },
    {
      pattern: /^\s*IKEv?[12]? SA: /,
      meaning:
        "The peer's IKE SA: local and remote NBMA address and port, Active once phase 1 succeeded.",
    },
    {
      pattern: /^\s*Crypto Session Status:/,
      meaning:
        "UP-ACTIVE: IKE and IPsec SAs up. UP-IDLE: IKE up, no IPsec SA. UP-NO-IKE: IPsec SAs without their IKE SA. DOWN-NEGOTIATING: phase 1 keeps failing. DOWN: nothing negotiated.",
    },
    {
      pattern: /^\s*fvrf: .{0,80}Phase1_id: /,
      meaning:
        "`fvrf`: the front-door VRF in which the peer's NBMA address is reached, the tunnel's `tunnel vrf` (`(none)`: the global routing table). `Phase1_id`: the identity the peer sent in phase 1 (its address, host name or certificate name).",
    },
    {
      pattern: /^\s*IPSEC FLOW: /,
      meaning:
        "What the IPsec SAs protect: GRE (protocol 47) between the two NBMA addresses.",
    },
    {
      pattern: /^\s*Socket State:/,
      meaning:
        "The crypto socket between NHRP and IPsec for this peer: Open once the IPsec SAs are up.",
    },
  ],
  "transform-set": [
    {
      pattern: /Transform set/,
      meaning:
        "A transform set: the ESP/AH algorithms quick mode offers; the peer needs one with the same transforms.",
    },
    {
      pattern: /will negotiate/,
      meaning: "The mode (Tunnel or Transport) offered.",
    },
  ],
};

/** Counters of `show crypto ipsec sa`. */
export const IPSEC_COUNTERS: Readonly<Record<string, string>> = table({
  encaps:
    "Packets encapsulated in ESP/AH and sent to the peer. It rises when traffic matches the crypto ACL and an SA exists.",
  encrypt: "Packets encrypted.",
  digest: "Packets given an integrity check value.",
  decaps:
    "Packets received from the peer and decapsulated. Zero while encaps rises means the return traffic never arrives: ESP blocked on the path, or the peer does not route or encrypt the replies.",
  decrypt: "Packets decrypted.",
  verify: "Packets whose integrity check verified.",
  "send errors":
    "Packets that could not be sent encrypted (no SA yet, for instance while quick mode runs).",
  "recv errors":
    "Received packets dropped by IPsec (bad SPI, failed integrity check, replay).",
  compressed: "Packets compressed (IPComp).",
  decompressed: "Packets decompressed.",
  "not compressed": "Packets left uncompressed.",
  "compr. failed": "Compression failures.",
  "decompress failed": "Decompression failures.",
  "not decompressed": "Packets not decompressed.",
  "no sa (send)": "Packets that matched the crypto ACL but found no SA.",
  "invalid sa (rcv)":
    "Received packets with an SPI of no known SA: the peers' SAs are out of step (one side lost or cleared them).",
  "encaps failed (send)": "Encapsulation failures.",
  "decaps failed (rcv)": "Decapsulation failures.",
  "verify failed":
    "Packets whose integrity check failed: changed on the way, or a crypto engine fault.",
  "replay failed (rcv)":
    "Packets dropped by anti-replay: they arrived further out of order than the replay window allows (QoS or the path reorders them).",
  "invalid identity (recv)":
    "Packets decrypted and then dropped because their addresses are outside the SA's proxy identities: the peer's crypto ACL covers more than this router's.",
  "invalid prot (recv)": "Received packets of an unexpected IPsec protocol.",
  "invalid len (rcv)": "Received packets of an impossible length.",
  "replay rollover (send)":
    "Times the outbound sequence number ran out and the SA had to be renewed.",
  "replay rollover (rcv)": "Times the inbound sequence number ran out.",
  "internal err (send)": "Packets lost to an internal error while sending.",
  "internal err (recv)": "Packets lost to an internal error while receiving.",
});

/** What the pager's marks left at the start of a logged line are. */
/** What a hover on the escape sequences a logging program saved before a line's text says. */
export const ESCAPE_MARK =
  "**Terminal escape sequences**: colour or cursor controls that the program which saved the session kept with the text. The terminal did not show them; IPsec Lens reads the line without them.";

export const PAGER_MARK =
  "**` --More-- `**: the IOS pager's prompt, then the backspaces and spaces that erased it once a key was pressed; the rest of the line is the next line of output. IPsec Lens reads the line as the terminal showed it. `terminal length 0` turns the pager off before a capture.";
