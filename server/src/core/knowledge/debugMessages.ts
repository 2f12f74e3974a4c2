/**
 * What a debug line says, for lines whose words carry no more specific hover. Patterns match the
 * message body (after `ISAKMP (0:1): ` and the like) or, for IPSEC lines, the function name with
 * the body. First match wins; keep specific patterns above general ones.
 */

/** One kind of debug line. */
export interface DebugMessageInfo {
  pattern: RegExp;
  meaning: string;
  /**
   * The line builds the next packet the router sends (IKEv2 prints it before that packet): it
   * belongs to that packet's exchange, not to the one before it.
   */
  nextPacket?: true;
  /**
   * What the line means in quick mode, when that differs: ISAKMP checks the attributes of an
   * IPsec proposal first, and IPsec then validates the proposal against its crypto map.
   */
  quickMode?: string;
}

/**
 * Debug lines of `debug nhrp`, `debug nhrp packet`, `debug nhrp cache` and `debug dmvpn`. IOS
 * stamps every line of a packet's dump, so each is a message of its own whose body starts at its
 * field (`(F) afn: ...`, `src NBMA: ...`); without stamps the dump's lines follow the `NHRP:` line
 * as text. The codes of `error code:` and `(C-n) code:` are explained from knowledge/nhrpCodes.ts.
 */
export const NHRP_DEBUG_MESSAGES: readonly DebugMessageInfo[] = [
  {
    pattern: /^NHRP: Send Registration Request/,
    meaning:
      "This spoke (a next-hop client) registers with a next-hop server, its hub: it tells the hub which NBMA address its tunnel address lives at. It registers when the tunnel comes up, then every third of the holdtime (`ip nhrp registration timeout`), and again after growing delays while no reply comes. The dump below gives the addresses; a `Receive Registration Reply` should follow within a second.",
  },
  {
    pattern: /^NHRP: Receive Registration Request/,
    meaning:
      "A spoke registers with this router, its hub: the hub stores (or refreshes) the mapping of the spoke's tunnel address to the NBMA address the request came from, and answers with a Registration Reply. A request that fails the hub's checks (another `ip nhrp authentication` string) is answered with an Error Indication instead.",
  },
  {
    pattern: /^NHRP: Send Registration Reply/,
    meaning:
      "This hub answers a spoke's registration. The code of the CIE line in the dump says whether it took it: `no error(0)` accepted; anything else refused (`unique address registered already(14)`: the tunnel address is held from another NBMA address).",
  },
  {
    pattern: /^NHRP: Receive Registration Reply/,
    meaning:
      "The next-hop server answered this spoke's registration. With `code: no error(0)` on the CIE line below, the spoke is registered: the server's state turns to `RE` and `show dmvpn` shows it UP. Another code means the server refused the registration.",
  },
  {
    pattern: /^NHRP: Send Resolution Request/,
    meaning:
      "This router asks which NBMA address serves a tunnel address (or a network behind it): a spoke that wants a direct tunnel to another spoke asks its hub (DMVPN phase 2 on the first packet toward that spoke, phase 3 after the hub's redirect). Until the answer comes, the traffic goes through the hub.",
  },
  {
    pattern: /^NHRP: Forwarding Resolution Request/,
    meaning:
      "This hub passes a resolution request on toward the spoke that registered the target; that spoke answers the requester itself.",
  },
  {
    pattern: /^NHRP: Receive Resolution Request/,
    meaning:
      "A resolution request arrived: the router answers it when the target is its own (its tunnel address, or a network behind it) and passes it on toward the target's owner otherwise (what a hub does).",
  },
  {
    pattern: /^NHRP: Send Resolution Reply/,
    meaning:
      "This router answers a resolution request with the NBMA address for the target: the requester can now build a direct tunnel (IKE and IPsec to that address first, when the tunnel is protected).",
  },
  {
    pattern: /^NHRP: Receive Resolution Reply/,
    meaning:
      "The answer to a resolution request: the CIE lines below give the target's NBMA address (`client NBMA`) and tunnel address (`client protocol`). The spoke adds a cache entry, starts IKE toward that NBMA address, and `show dmvpn` lists the new peer.",
  },
  {
    pattern: /^NHRP: (?:Send|Receive|Forwarding) Purge Request/,
    meaning:
      "A purge request withdraws mappings that are no longer true: a hub tells the routers it answered about an address that left (a spoke that went away or moved), or a router withdraws its own. The receiver deletes the cache entry and confirms with a purge reply.",
  },
  {
    pattern: /^NHRP: (?:Send|Receive|Forwarding) Purge Reply/,
    meaning:
      "Confirms a purge request: the router that sends it has deleted the cache entry.",
  },
  {
    pattern: /^NHRP: Receive Error Indication/,
    meaning:
      "A router refused an NHRP packet this router sent, and says why: the `error code` line of the dump holds the reason (`authentication failure(11)`, `loop detected(3)`, `protocol address unreachable(6)`...). The refused packet (often a registration) had no effect.",
  },
  {
    pattern: /^NHRP: Send Error Indication/,
    meaning:
      "This router refused an NHRP packet it received and tells the sender why (the `error code` line of the dump). A hub answers so a spoke whose `ip nhrp authentication` string differs from its own.",
  },
  {
    pattern: /^NHRP: Forwarding Error Indication/,
    meaning:
      "This hub passes an Error Indication on toward the router whose packet was refused.",
  },
  {
    pattern: /^NHRP: Send Traffic Indication/,
    meaning:
      "DMVPN phase 3 redirect: this hub (`ip nhrp redirect`) carried a packet from one spoke to another through itself, and tells the sending spoke that a shorter path exists. A spoke with `ip nhrp shortcut` answers with a resolution request for the destination.",
  },
  {
    pattern: /^NHRP: Receive Traffic Indication/,
    meaning:
      "DMVPN phase 3: the hub redirects this spoke, because traffic to the destination named in the packet can go direct. With `ip nhrp shortcut` the spoke now sends a resolution request for it; without it the indication is ignored and the traffic keeps going through the hub.",
  },
  {
    pattern: /^NHRP: (?:\S+: )?Cache add for target/,
    meaning:
      "NHRP adds a cache entry: the target (a tunnel address, or a network for a phase 3 shortcut) is reached through the next hop shown, at the NBMA address the next line prints. A hub adds one per spoke that registers; a spoke one per resolution answered.",
  },
  {
    pattern: /^NHRP: (?:\S+: )?Cache update for target/,
    meaning:
      "An existing cache entry is refreshed by a new registration or resolution for the same target (its NBMA address on the next line): its expiry moves on by the holding time.",
  },
  {
    pattern: /^NHRP: Inserted subblock node for cache/,
    meaning:
      "Bookkeeping: the cache entry is tied to the tunnel's forwarding state, so that packets for the target use it.",
  },
  {
    pattern: /^NHRP: Converted internal dynamic cache entry/,
    meaning:
      "An entry made while the packet was processed becomes a regular dynamic entry: `show ip nhrp` lists it from now on.",
  },
  {
    pattern: /^NHRP: Updating our cache with NBMA/,
    meaning:
      "NHRP notes the NBMA address of the router the packet came from; `NBMA_ALT` is the address its packets arrive from, which differs when NAT is on the path.",
  },
  {
    pattern: /^NHRP: NHS \S+ .{0,80}Transitioned to/,
    meaning:
      "The state of one of this spoke's next-hop servers (a hub) changed; the letters are those of the NHS status in `show dmvpn`. `RE` means the hub answers (registered); back to `E` alone, the hub stopped answering.",
  },
  {
    pattern: /^NHRP: NHS-UP/,
    meaning:
      "The spoke counts this next-hop server as up: its registration was answered (`%DMVPN-5-NHRP_NHS_UP` says the same).",
  },
  {
    pattern: /^NHRP: NHS-DOWN/,
    meaning:
      "The spoke counts this next-hop server as down: its registrations went unanswered, or the tunnel or its IPsec went down.",
  },
  {
    pattern: /^NHRP: Attempting to send packet (?:through|via) interface/,
    meaning:
      "NHRP looks up where the packet goes: out of which tunnel and toward which tunnel address (`DEST dst`), before it is put in GRE.",
  },
  {
    pattern: /^NHRP: Encapsulation succeeded/,
    meaning:
      "The NHRP packet got its GRE header toward the NBMA address shown and leaves now (encrypted first when the tunnel has `tunnel protection`). NHRP could not have sent it without an NBMA address for the next hop.",
  },
  {
    pattern: /^NHRP: \d+ bytes out /,
    meaning:
      "The NHRP packet left by this tunnel interface; the size counts the GRE header.",
  },
  {
    pattern: /^NHRP: Setting retrans delay to \d+/,
    meaning:
      "The last request to this server got no reply in time: NHRP sends it again after this many seconds, waiting longer after each miss. Line after line means the server does not answer.",
  },
  {
    pattern: /^NHRP: (?:Checking for delayed event|No delayed event)/,
    meaning:
      "Bookkeeping: NHRP looks for work it put off for this address (a packet waiting for a resolution); usually there is none.",
  },
  {
    pattern:
      /^NHRP: (?:Adding Tunnel Endpoints|Successfully attached NHRP subblock for Tunnel Endpoints)/,
    meaning:
      "NHRP records the pair of tunnel address and NBMA address for GRE; with `tunnel protection`, IPsec is asked for a session to that NBMA address.",
  },
  {
    pattern: /^src: \d{1,3}(?:\.\d{1,3}){3}, dst: /,
    meaning:
      "The tunnel addresses the NHRP message travels between: its source and its destination over the tunnel (for a spoke's registration, the spoke's own tunnel address and the hub's).",
  },
  {
    pattern: /^\(F\) afn: /,
    meaning:
      "The fixed header of the NHRP packet: the address family of the NBMA network (`AF_IP`: the NBMA addresses are IPv4), the protocol carried (IP, 0x800), the hop count (lowered by each server on the way; the packet dies at 0) and NHRP version 1.",
  },
  {
    pattern: /^shtl: \d+/,
    meaning:
      "Type and length of the source NBMA address (`4(NSAP)`: four bytes, an IPv4 address) and of its subaddress (none).",
  },
  {
    pattern: /^pktsz: \d+ extoff: \d+/,
    meaning:
      "The size of the NHRP packet and where its extensions start (0: it has none).",
  },
  {
    pattern: /^\(M\) flags: /,
    meaning:
      "The mandatory part of the packet: its flags and the request id, which ties a reply to its request.",
  },
  {
    pattern: /^\(M\) traffic code: /,
    meaning:
      "The mandatory part of a Traffic Indication: its code says why it was sent (`redirect(0)`: a shorter path than through the hub exists for the traffic named in the packet).",
  },
  {
    pattern: /^\(M\) error code: /,
    meaning:
      "The mandatory part of an Error Indication: why the packet was refused (the code), and where in the refused packet the problem was found (the offset).",
  },
  {
    pattern: /^src NBMA: /,
    meaning:
      "The sender's NBMA address: the public (transport) address its GRE and IPsec packets come from and that the other routers map it to. In a registration, the address the hub stores for the spoke.",
  },
  {
    pattern: /^src protocol: \S+, dst protocol: /,
    meaning:
      "The tunnel (protocol) addresses of the sender and of what the packet is about: the hub's tunnel address in a registration (the spoke's `ip nhrp nhs`), the target in a resolution request.",
  },
  {
    pattern: /^\(C(?:-\d+)?\) code: /,
    meaning:
      "A client information entry (CIE) and its code. In a reply the code is the answer: `no error(0)` grants the registration or resolution, another code refuses it. A request carries 0.",
  },
  {
    pattern: /^prefix: \d+, mtu: \d+, hd_time: \d+/,
    meaning:
      "The entry's prefix length (32: one address; shorter for a network behind a spoke, phase 3), the MTU, and the holding time in seconds (`ip nhrp holdtime`, 7200 by default): how long the receiver may keep the mapping.",
  },
  {
    pattern: /^addr_len: \d+/,
    meaning:
      "Lengths of the entry's client NBMA address, subaddress and tunnel address, and its preference. All zero in a registration: the client is the sender itself.",
  },
  {
    pattern: /^client NBMA: /,
    meaning:
      "The NBMA address the entry gives: where the target's tunnel address is reached outside the tunnel.",
  },
  {
    pattern: /^client protocol: /,
    meaning:
      "The tunnel address of the router that serves the target (the next hop to use over the tunnel).",
  },
  {
    pattern:
      /^(?:Responder Address|Forward Transit NHS Record|Reverse Transit NHS Record|Authentication|NAT address|Cisco NAT|Vendor Private) Extension/i,
    meaning:
      "An extension of the NHRP packet follows: the responder's address, the servers the packet went through (each direction), the authentication string (`ip nhrp authentication`, in clear text), or the addresses a NAT device translated.",
  },
];

/** Debug lines of `debug crypto isakmp`, `debug crypto ipsec`, `debug crypto ikev2` and NHRP. */
export const DEBUG_MESSAGES: readonly DebugMessageInfo[] = [
  {
    pattern: /^received ke message/,
    meaning:
      "IPsec asked IKE to negotiate: a packet matched the crypto ACL and no IPsec SA exists yet. This is how a tunnel starts on the initiator.",
  },
  {
    pattern: /^local port \d+, remote port \d+/,
    meaning:
      "The UDP ports of this IKE exchange: 500 normally, 4500 once NAT traversal moved the exchange.",
  },
  {
    pattern: /^can't initiate when turned off/,
    meaning:
      "ISAKMP is disabled on this router (`no crypto isakmp`), so it cannot start IKE. Turn it back on with `crypto isakmp enable`.",
  },
  {
    pattern: /^No Cert or pre-shared address key/,
    meaning:
      "The initiator has neither a pre-shared key for the crypto map's peer address nor a certificate, so it cannot start IKE. Check `show crypto isakmp key` against `set peer`.",
  },
  {
    pattern: /^No pre-shared key with/,
    meaning:
      "The responder has no pre-shared key for the address the initiator came from; it will refuse every pre-share proposal.",
  },
  {
    pattern: /^Can not start (Main|aggressive|Aggressive) mode/,
    meaning:
      "IKE gives up starting this mode, usually because no key or certificate exists for the peer. `trying Main mode` after aggressive mode is normal.",
  },
  {
    pattern: /^peer matches \*none\* of the profiles/,
    meaning:
      "As responder, the router found no isakmp profile whose `match identity` covers this peer in the front-door VRF its packets arrived in, so phase 1 goes on without a profile (global keys and settings). If a crypto map entry names a profile for this peer, quick mode will then be refused: check the profile's `match identity address ... <vrf>`.",
  },
  {
    pattern: /^peer matches (\S+) profile/,
    meaning:
      "As responder, the router selected this isakmp profile for the peer by its `match identity` lines: its keyring, trustpoints and settings apply to this IKE SA.",
  },
  {
    pattern: /^beginning Main Mode exchange/,
    meaning: "Phase 1 starts in main mode: six messages, identities protected.",
  },
  {
    pattern: /^beginning Aggressive Mode exchange/,
    meaning:
      "Phase 1 starts in aggressive mode: three messages, identities in clear text.",
  },
  {
    pattern: /^beginning Quick Mode exchange/,
    meaning:
      "Phase 2 starts: quick mode negotiates the IPsec SAs over the finished IKE SA. The M-ID is this exchange's message id (random, unlike main mode's 0).",
  },
  {
    pattern: /^sending packet to/,
    meaning:
      "This router sends an IKE packet; (I)/(R) is its role in the IKE SA and the word after it the IKE SA state.",
  },
  {
    pattern: /^received packet from/,
    meaning:
      "An IKE packet arrived; (I)/(R) is this router's role in the IKE SA, (N) a packet that opens a new SA.",
  },
  {
    pattern: /^retransmitting (due to retransmit )?phase 1/,
    meaning:
      "No answer to the last phase 1 message, so it is sent again (IOS waits longer each time and gives up after five tries). Repeated retransmissions in MM_NO_STATE mean the peer never answers.",
  },
  {
    pattern: /^retransmitting (due to retransmit )?phase 2/,
    meaning: "No answer to the last quick mode message, so it is sent again.",
  },
  {
    pattern: /^incrementing error counter/,
    meaning:
      "IKE counts an error against this SA (a retransmission or a failed step); too many errors delete the SA.",
  },
  {
    pattern:
      /^processing (SA|KE|NONCE|ID|HASH|CERT|CERT_REQ|SIG|vendor id|NOTIFY|DELETE|NAT-D) payload/i,
    meaning:
      "IKE reads one payload of the received message. The message ID is 0 in main mode and the quick mode's id afterwards.",
  },
  {
    pattern: /^found peer pre-shared key matching/,
    meaning:
      "A pre-shared key exists for this peer address (`crypto isakmp key ... address`).",
  },
  {
    pattern: /^Checking ISAKMP transform \d+ against priority 65535 policy/,
    meaning:
      "The offer is compared with the built-in default policy (priority 65535: DES, SHA, RSA signatures, group 1, 86400 s), tried after every configured policy failed.",
  },
  {
    pattern: /^Checking ISAKMP transform/,
    meaning:
      "The responder compares one offered proposal with one of its policies, lowest priority number first. The attribute lines that follow are the offer.",
  },
  {
    pattern: /^atts are acceptable/,
    meaning:
      "The offered attributes match this policy: the proposal is accepted.",
    quickMode:
      "ISAKMP finds the attributes of the offered IPsec proposal well formed and supported. That is only the first half of accepting it: IPsec then validates the proposal against the crypto map (`validate_proposal_request`: the transform set, the proxy identities, PFS), and only when that passes is the proposal taken.",
  },
  {
    pattern: /^atts (are )?not acceptable/,
    meaning:
      "The offered attributes do not match this policy; the next policy (or the next proposal) is tried. `Next payload is 0` means no other proposal follows.",
  },
  {
    pattern: /offered (but )?does not match policy/,
    meaning:
      "The attribute named differs between the offer and the policy being checked.",
  },
  {
    pattern: /^Proposed key length does not match policy/,
    meaning: "The AES key length offered differs from the policy's.",
  },
  {
    pattern: /^no offers accepted/,
    meaning:
      "No offered proposal matched any policy: phase 1 fails here. Compare `show crypto isakmp policy` on both routers.",
  },
  {
    pattern: /^phase 1 SA (policy )?not acceptable/,
    meaning:
      "Phase 1 is refused: no proposal matched a policy, or no key exists for the peer.",
  },
  {
    pattern: /^phase 2 SA (policy )?not acceptable/,
    meaning:
      "Quick mode is refused: the transform set, the proxy identities (crypto ACL) or PFS do not match the local crypto map, or the peer is not allowed by it.",
  },
  {
    pattern: /^SA is doing pre-shared key authentication/,
    meaning:
      "Phase 1 authenticates with pre-shared keys; the identity sent in message 5/6 is of the type named (ID_IPV4_ADDR: the interface address).",
  },
  {
    pattern: /^SA is doing .*signature authentication/,
    meaning: "Phase 1 authenticates with RSA signatures and certificates.",
  },
  {
    pattern: /^SKEYID state generated/,
    meaning:
      "Diffie-Hellman is done: the keying material (SKEYID, SKEYID_d, SKEYID_a, SKEYID_e) is derived. From here on the IKE messages are encrypted.",
  },
  {
    pattern: /^speaking to another IOS box/,
    meaning: "The peer's vendor ID payload says it is a Cisco IOS router.",
  },
  {
    pattern: /^processing vendor id payload/,
    meaning:
      "The peer announces a capability (Cisco unity, DPD, NAT-T, another IOS box...).",
  },
  {
    pattern: /^ID payload/,
    meaning:
      "Dump of the ID payload sent in main mode 5: next-payload 8 is HASH, type 1 is ID_IPV4_ADDR, protocol 17 and port 500 are UDP/ISAKMP.",
  },
  {
    pattern: /^Total payload length/,
    meaning: "Length of the payloads of the message just built.",
  },
  {
    pattern: /^SA has been authenticated/,
    meaning:
      "The peer's HASH (or signature) verified: the peer is authenticated and phase 1 is about to complete.",
  },
  {
    pattern: /^SA authentication status/,
    meaning: "Result of the peer authentication in main mode 5/6.",
  },
  {
    pattern: /^reserved not zero on/,
    meaning:
      "A field that must be zero is not: the message did not decrypt properly. In main mode 5/6 the pre-shared keys almost certainly differ.",
  },
  {
    pattern: /^Notify has no hash/,
    meaning:
      "The peer sent an unauthenticated notify, which is discarded. At main mode 5/6 it means the peer refused this router's authentication (key or certificate); look at the peer's debug for the reason.",
  },
  {
    pattern: /^processing (a )?CT_X509_SIGNATURE cert/,
    meaning:
      "The peer's X.509 certificate is being checked: validity dates against this router's clock, the CA signature, revocation.",
  },
  {
    pattern: /^growing send buffer/,
    meaning:
      "IKE enlarges its buffer for a large message (certificates); harmless.",
  },
  {
    pattern: /^Checking IPSec proposal/,
    meaning:
      "The quick mode proposal (transforms from the peer's transform set) is compared with the local crypto map.",
  },
  {
    pattern: /^transform \d+, /,
    meaning:
      "One offered transform of the IPsec proposal; its attributes follow.",
  },
  {
    pattern: /^attributes in transform/,
    meaning:
      "The attributes of the transform follow: encapsulation mode, lifetimes, integrity algorithm, PFS group.",
  },
  {
    pattern: /^Creating IPSec SAs/,
    meaning:
      "Quick mode succeeded: IKE hands the keys to IPsec, which creates one inbound and one outbound SA.",
  },
  {
    pattern: /^(inbound|outbound) SA from/,
    meaning:
      "An IPsec SA between the two tunnel endpoints, for the proxy identities (crypto ACL) in parentheses. Inbound SAs decrypt what the peer sends; outbound SAs encrypt what this router sends.",
  },
  {
    pattern: /^has spi/,
    meaning:
      "The SPI that names this SA in every ESP packet, and the crypto engine connection id. Old IOS prints the SPI as a signed decimal number.",
  },
  {
    pattern: /^lifetime of/,
    meaning:
      "The SA lifetime: it is renegotiated before this many seconds or kilobytes.",
  },
  {
    pattern: /^deleting node .* error FALSE/,
    meaning:
      "The exchange with this message id is finished and its state removed (normal after quick mode or an informational exchange).",
  },
  {
    pattern: /^deleting node .* error TRUE/,
    meaning:
      "The exchange with this message id is removed because it failed; `delete_larval` means the half-built IPsec SA is thrown away.",
  },
  {
    pattern: /^deleting spi/,
    meaning: "The SPI reserved for the failed quick mode is released.",
  },
  {
    pattern: /^purging node/,
    meaning: "The state kept for an exchange id is freed after a delay.",
  },
  { pattern: /^purging SA/, meaning: "The IKE SA is removed from memory." },
  {
    pattern: /^deleting SA reason/,
    meaning:
      "The IKE SA is deleted; the reason says why (for example `Death by retransmission P1`: the peer never answered).",
  },
  {
    pattern: /^Unknown Input for node/,
    meaning:
      "An event arrived that the quick mode's current state does not expect, typically after it failed.",
  },
  {
    pattern: /^IPSec policy invalidated proposal with error (\d+)/,
    meaning:
      "IPsec refused the quick mode proposal. Error 256 usually means no transform matched; error 32 that the proxy identities match no crypto ACL.",
  },
  {
    pattern: /^set new node/,
    meaning: "IKE allocates a message id (node) for a new exchange.",
  },
  {
    pattern: /^Created a peer struct/,
    meaning: "IKE starts tracking a new peer.",
  },
  {
    pattern: /^Sending an IKE IPv4 Packet/,
    meaning: "The IKE packet is handed to IP.",
  },
  {
    pattern: /^QM Initiator gets spi/,
    meaning: "The quick mode initiator obtained the inbound SPI from IPsec.",
  },
  {
    pattern:
      /(Acceptable atts|Returning Actual lifetime|Started lifetime timer)/,
    meaning:
      "Lifetime negotiation: the responder keeps the shorter of the offered and configured lifetimes and tells the initiator.",
  },
  {
    pattern: /^peer does not do paranoid keepalives/,
    meaning: "The peer does not use periodic DPD keepalives.",
  },
  {
    pattern: /did not find matching map/,
    meaning:
      "The proxy identities of the quick mode match no crypto map entry: the crypto ACLs of the two routers are not mirror images.",
  },
  {
    pattern: /^sa_request/,
    meaning:
      "IPsec asks IKE for SAs for this flow: local and remote endpoint, proxies from the crypto ACL, transform set and lifetimes.",
  },
  {
    pattern: /transform proposal not supported/,
    meaning:
      "No transform of the peer's proposal is in the local transform set: the transform sets differ.",
  },
  {
    pattern: /proxy identities not supported/,
    meaning:
      "The peer's proxy identities match no crypto ACL entry here: the crypto ACLs are not mirror images.",
  },
  {
    pattern:
      /^validate_proposal_request|^validate_transform_proposal|^ipsec_process_proposal/,
    meaning:
      "IPsec checks the peer's quick mode proposal against the local crypto map: proxies, transforms, PFS.",
  },
  {
    pattern: /^create_sa|^sa created/,
    meaning:
      "IPsec installed an SA: destination, protocol (50 = ESP), SPI and transform.",
  },
  {
    pattern: /^initialize_sas/,
    meaning:
      "IPsec receives the negotiated keys and parameters for the new SAs.",
  },
  {
    pattern: /^spi_response/,
    meaning: "IPsec allocated an inbound SPI for the quick mode.",
  },
  {
    pattern: /^key_engine|^kei_proxy|^process_proposal/,
    meaning: "Internal IPsec processing of the key engine requests.",
  },
  {
    pattern: /^proxy_match/,
    meaning:
      "The crypto map database compares the proposal's proxies with each crypto ACL; the lines below list the addresses and ports it tries.",
  },
  {
    pattern: /^Sending Packet \[/,
    meaning:
      "IKEv2 sends a packet; the lines below give the SPIs, the message id, the exchange and the payloads.",
  },
  {
    pattern: /^Received Packet \[/,
    meaning:
      "An IKEv2 packet arrived; the lines below give the SPIs, the message id, the exchange and the payloads.",
  },
  {
    pattern: /^SM Trace->/,
    meaning:
      "A step of the IKEv2 state machine: the current state and the event that moves it.",
  },
  {
    pattern: /^Retransmitting packet/,
    meaning: "No answer to the last IKEv2 request, so it is sent again.",
  },
  {
    pattern: /Maximum number of retransmissions reached/,
    meaning: "IKEv2 gave up: the peer never answered.",
  },
  {
    pattern: /^Received invalid KE notify/,
    meaning:
      "The responder answered IKE_SA_INIT with INVALID_KE_PAYLOAD: it wants another Diffie-Hellman group of the initiator's proposal, and the initiator starts IKE_SA_INIT again with that group's KE payload. Normal when the two put their groups in another order.",
  },
  {
    pattern: /^NAT detected float to init port/,
    meaning:
      "NAT discovery found a translation between the peers: IKE moves to UDP 4500 from IKE_AUTH on, and ESP travels inside UDP 4500. Both must pass every firewall on the path.",
  },
  {
    // IOS 15 and 16 spell it `authenctication`.
    pattern: /^Verification of peer's authenc?tication data PASSED/,
    meaning: "The peer's AUTH payload verified: the peer is authenticated.",
  },
  {
    pattern: /^Verification of peer's authenc?tication data FAILED/,
    meaning:
      "The peer's AUTH payload did not verify: the pre-shared keys differ or the certificate is refused.",
  },
  {
    pattern: /^Session with IKE ID PAIR .* is UP/,
    meaning:
      "The IKE SA is up: both sides are authenticated. Its first child SA (the IPsec SAs) came with it, unless the IKE_AUTH response carried an error notify such as NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE.",
  },
  {
    pattern: /^Getting preshared key from profile keyring/,
    meaning:
      "The pre-shared keys come from the keyring the IKEv2 profile names (`keyring local`); the next line says which of its `peer` blocks applies.",
  },
  {
    pattern: /^Matched peer block/,
    meaning:
      "The keyring's `peer` block chosen for this peer (by its `address`, `hostname` or `identity`): its `pre-shared-key` signs and verifies the AUTH payloads.",
  },
  {
    pattern: /^Searching Policy with fvrf/,
    meaning:
      "IKEv2 looks for the `crypto ikev2 policy` to negotiate with: one whose `match fvrf` and `match address local` fit this front-door VRF (0 is the global table) and local address. The policy's proposals are what IKE_SA_INIT offers or accepts.",
  },
  {
    pattern: /^Using the Default Policy for Proposal/,
    meaning:
      "No `crypto ikev2 policy` of this router fits the VRF and local address, so the built-in default policy and its default proposal are used (`show crypto ikev2 proposal default`).",
  },
  {
    pattern: /^Found Policy '/,
    meaning:
      "The IKEv2 policy chosen: its proposals are offered (initiator) or accepted (responder) in IKE_SA_INIT. `default` is the built-in one.",
  },
  {
    pattern: /Computing DH public key/,
    meaning:
      "The crypto engine computes this router's Diffie-Hellman public value with the group shown: it goes into the KE payload.",
  },
  {
    pattern: /Computing DH secret key/,
    meaning:
      "The crypto engine combines the peer's KE value with this router's private value into the shared Diffie-Hellman secret.",
  },
  {
    pattern:
      /DH key Computation (PASSED|FAILED)|^Request queued for computation of DH/,
    meaning: "The crypto engine's Diffie-Hellman computation and its result.",
  },
  {
    pattern: /Calculate SKEYSEED|SKEYSEED calculation/,
    meaning:
      "SKEYSEED and the IKE SA's keys are derived from the Diffie-Hellman secret and both nonces: from here on, messages are encrypted and integrity-protected.",
  },
  {
    pattern: /no config data to send in IKE_SA_INIT/,
    meaning:
      "No configuration-mode (CFG) attributes go in IKE_SA_INIT; they travel later, encrypted, if at all.",
  },
  {
    pattern: /^Generating IKE_SA_INIT message/,
    meaning:
      "Building IKE_SA_INIT: the SA payload (the policy's proposals, or the one accepted), KE, nonce and the NAT detection notifies.",
  },
  {
    pattern: /^IKE Proposal: \d+, SPI size/,
    meaning:
      "One proposal of the IKE_SA_INIT SA payload; the lines below list its transforms: encryption, PRF, integrity and Diffie-Hellman groups, as `crypto ikev2 proposal` sets them.",
  },
  {
    pattern: /^ESP Proposal: \d+, SPI size/,
    meaning:
      "The child SA proposal (the IKEv2 form of the transform set) sent in IKE_AUTH or CREATE_CHILD_SA; the lines below list its transforms and whether extended sequence numbers (ESN) are used. The peer answers NO_PROPOSAL_CHOSEN when none of its transform sets matches.",
  },
  {
    pattern: /^Insert SA/,
    meaning:
      "The new IKE SA enters the SA database: `show crypto ikev2 sa` lists it from now on.",
  },
  {
    pattern: /^Processing IKE_SA_INIT message|^Verify SA init message/,
    meaning:
      "Reading and checking IKE_SA_INIT: the proposal chosen must be one offered, and the KE payload's group the one agreed.",
  },
  {
    pattern: /^Checking NAT discovery/,
    meaning:
      "Compares the NAT_DETECTION hashes with the addresses and ports the packet really came from: a difference means NAT on the path, and IKE moves to UDP 4500.",
  },
  {
    pattern: /^NAT not found/,
    meaning:
      "No NAT between the two routers: IKE stays on UDP 500 and ESP goes as IP protocol 50.",
  },
  {
    pattern: /^Completed SA init exchange/,
    meaning:
      "IKE_SA_INIT is done: algorithms agreed, keys derived. IKE_AUTH (identities, authentication, first child SA) follows.",
  },
  {
    pattern:
      /^Config data to send|^Config-type: |^Attrib type: |^Have config mode data/,
    meaning:
      "Configuration-mode (CFG payload) attributes carried in IKE_AUTH: addresses, DNS and the like for FlexVPN clients, and `app-version`, this router's IOS release.",
  },
  {
    pattern: /^Check for EAP exchange/,
    meaning:
      "Whether EAP authentication follows (remote-access FlexVPN); site-to-site pre-shared keys and certificates need none.",
  },
  {
    pattern:
      /^Generate my authentication data|Generate IKEv2 authentication data|authentication data generation (PASSED|FAILED)/,
    meaning:
      "This router computes its AUTH value, with its pre-shared key or its certificate's private key.",
  },
  {
    pattern: /^Use preshared key for id /,
    meaning:
      "The pre-shared key used with this identity (only its length is printed). Both ends must hold the same key, or the matching `pre-shared-key local`/`remote` pair; otherwise AUTHENTICATION_FAILED.",
  },
  {
    pattern: /^Get my authentication method|^My authentication method is/,
    meaning:
      "The method this router signs its AUTH payload with: the profile's `authentication local` (PSK, RSA signature, ECDSA).",
  },
  {
    pattern:
      /^Get peer's authentication method|^Peer's authentication method is/,
    meaning:
      "The method the peer signed its AUTH payload with: it must be one of the profile's `authentication remote` methods.",
  },
  {
    pattern: /^Generating IKE_AUTH message/,
    meaning:
      "Building IKE_AUTH: identity, AUTH, the child SA proposal and the traffic selectors (TSi/TSr from the crypto ACL), all encrypted.",
    nextPacket: true,
  },
  {
    pattern: /^Constructing ID[ir] payload/,
    meaning:
      "The identity this router sends (IDi as initiator, IDr as responder): the profile's `identity local`, else its address. The peer matches it against its profiles' `match identity remote` lines.",
    nextPacket: true,
  },
  {
    pattern: /^Building packet for encryption/,
    meaning:
      "The payloads listed below are encrypted into the ENCR payload of the next packet sent: the packet line itself shows only ENCR.",
    nextPacket: true,
  },
  {
    pattern: /^Process auth response notify/,
    meaning:
      "The IKE_AUTH response carried a notify: the payload list above names it (an error such as NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE refuses the child SA).",
  },
  {
    pattern: /^Searching policy based on peer's identity/,
    meaning:
      "The peer's identity is looked up in the IKEv2 profiles' `match identity remote` lines: `found matching IKEv2 profile` follows when one takes it, `Failed to locate an item in the database` when none does.",
  },
  {
    pattern: /^found matching IKEv2 profile/i,
    meaning:
      "The IKEv2 profile the peer's identity selected: its keyring, authentication methods and lifetime apply to this IKE SA.",
  },
  {
    pattern: /Failed to locate an item in the database/,
    meaning:
      "A lookup found nothing. Right after `Searching policy based on peer's identity` it means no IKEv2 profile's `match identity remote` covers the identity the peer sent (a different type counts: an FQDN sent, an address matched); the responder then answers AUTHENTICATION_FAILED.",
  },
  {
    pattern: /^Verify peer's policy|^Peer's policy verified/,
    meaning:
      "The peer's proposal and identity are checked against the profile and policy selected for it.",
  },
  {
    pattern: /^Get peer's preshared key for/,
    meaning:
      "Looks up the key that verifies the peer's AUTH payload, in the profile's keyring.",
  },
  {
    pattern: /^Verify peer's authentication data/,
    meaning: "Checks the peer's AUTH payload: PASSED or FAILED follows.",
  },
  {
    pattern: /^Sending authentication failure notify/,
    meaning:
      "This router tells the peer its authentication failed: the IKE_AUTH response carries NOTIFY(AUTHENTICATION_FAILED).",
  },
  {
    pattern: /IKEV2 SA created; inserting SA into database/,
    meaning:
      "The IKE SA is established, with the lifetime shown (the profile's `lifetime`, 86,400 seconds by default).",
  },
  {
    pattern: /MIB tunnel started/,
    meaning: "SNMP bookkeeping for the new IKE SA.",
  },
  {
    pattern: /^Checking for duplicate IKEv2 SA|^No duplicate IKEv2 SA found/,
    meaning:
      "IOS makes sure it holds no other IKE SA with this peer (two routers starting at the same moment can build two).",
  },
  {
    pattern: /^Queuing IKE SA delete request/,
    meaning:
      "The IKE SA is to be deleted (a child SA refused, a `clear`, a lifetime that ran out); the reason is printed when IOS knows it.",
  },
  {
    pattern: /^Sending DELETE INFO message for/,
    meaning:
      "A DELETE payload, sent in an INFORMATIONAL exchange, tells the peer this SA is gone.",
  },
  {
    pattern: /^Checking if request will fit in peer window/,
    meaning:
      "IKEv2 flow control: no more requests outstanding than the peer's window (SET_WINDOW_SIZE) allows.",
  },
  {
    pattern: /^Check for existing (IPSEC|active) SA|^Delete all IKE SAs/,
    meaning: "Clean-up: the SAs that go with the IKE SA being deleted.",
  },
  {
    pattern: /^Processing ACK to informational exchange/,
    meaning:
      "The peer acknowledged the INFORMATIONAL request: an empty response is the acknowledgement.",
  },
  {
    pattern: /^Deleting SA|^Abort exchange/,
    meaning: "The IKE SA is removed from the SA database.",
  },
  {
    pattern: /Initial exchange failed/,
    meaning:
      "The IKE_SA_INIT and IKE_AUTH negotiation was abandoned: the retransmissions ran out, the SA was cleared, or an error above ended it.",
  },
  {
    pattern: /Auth exchange failed/,
    meaning:
      "IKE_AUTH failed; the lines above say why (AUTHENTICATION_FAILED, an identity no profile matches, a refused certificate).",
  },
  {
    pattern: /^Stopping timer to wait for auth message/,
    meaning:
      "The IKE_AUTH request arrived before the responder's timer ran out.",
  },
  {
    pattern: /Failed to verify the proposed policies/,
    meaning: "None of the peer's IKEv2 proposals matches a local proposal.",
  },
  {
    pattern: /^Received Policies\b/,
    meaning:
      "The responder found no acceptable proposal: the `Proposal N:` lines below are the initiator's, as received (encryption, PRF, integrity, DH group).",
  },
  {
    pattern: /^Expected Policies\b/,
    meaning:
      "The responder's own proposals, from the IKEv2 policy it chose for this local address and VRF: every one differs from each received proposal in at least one algorithm.",
  },
  {
    pattern: /^Sending no policy chosen notify/,
    meaning:
      "The responder refuses IKE_SA_INIT with NO_PROPOSAL_CHOSEN: no proposal of the initiator is acceptable.",
  },
  {
    pattern: /^Input = /,
    meaning:
      "An input to the IKE state machine: who woke it (source) and what for (event). The state change follows.",
  },
  {
    pattern: /Old State = /,
    meaning: "The IKE state machine moves from one state to the next.",
  },
  ...NHRP_DEBUG_MESSAGES,
];

/** What a debug line says, if known. */
export function debugMessage(body: string): DebugMessageInfo | undefined {
  // IKEv2 lines about keyrings and profiles print `IKEv2:% ...`.
  const text = body.startsWith("% ") ? body.slice(2) : body;
  return DEBUG_MESSAGES.find((m) => m.pattern.test(text));
}

/** What an NHRP debug line says, if known (the text of the line from its field or `NHRP:`). */
export function nhrpDebugMessage(body: string): DebugMessageInfo | undefined {
  return NHRP_DEBUG_MESSAGES.find((m) => m.pattern.test(body));
}
