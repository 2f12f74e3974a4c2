import type { Severity } from "./severity";

/**
 * The catalogue of diagnostic codes. Codes are part of the product: other tools read them, users
 * configure them, and docs/diagnostics.md documents each under a heading of the same name. Add a
 * code here first; a test checks that the docs and this table agree.
 */

/** Which kind of document a code is reported on. */
export type CodeScope = "config" | "peer" | "capture" | "any";

/** One entry of the catalogue. */
export interface CodeInfo {
  /** Default severity. */
  severity: Severity;
  /** Which analysis reports it. */
  scope: CodeScope;
  /** One line saying what is wrong, used as a title in docs, the SARIF rule and fallback messages. */
  summary: string;
  /**
   * The text it marks does nothing on the router (never read, never used): editors fade it
   * (LSP's `Unnecessary` tag) besides the squiggle.
   */
  unnecessary?: true;
}

/** All codes with their defaults. Keep them kebab-case and stable. */
export const CATALOG = {
  // Input that is not analysed.
  "file-too-large": {
    severity: "information",
    scope: "any",
    summary: "The file is larger than the size limit and was not analysed.",
    unnecessary: true,
  },
  "binary-content": {
    severity: "information",
    scope: "any",
    summary: "The file holds binary data and was not analysed as IOS text.",
    unnecessary: true,
  },
  "unsupported-platform": {
    severity: "information",
    scope: "any",
    summary:
      "The config or output is another platform's (a Cisco ASA's) and was not checked as IOS.",
  },

  // One router's config.
  "isakmp-disabled": {
    severity: "error",
    scope: "config",
    summary: "ISAKMP is turned off while an ipsec-isakmp crypto map exists.",
  },
  "crypto-map-not-applied": {
    severity: "warning",
    scope: "config",
    summary: "A crypto map with entries is applied to no interface.",
  },
  "crypto-map-wrong-interface": {
    severity: "error",
    scope: "config",
    summary:
      "The crypto map is not on the interface that routes toward the peer.",
  },
  "crypto-map-incomplete": {
    severity: "error",
    scope: "config",
    summary:
      "A crypto map entry lacks a peer, a match address or a transform set, so IOS leaves it disabled.",
  },
  "isakmp-policy-invalid": {
    severity: "error",
    scope: "config",
    summary:
      "An ISAKMP policy line IOS refuses (a cipher, hash or group IKEv1 does not have, a lifetime out of range), so the attribute keeps its default.",
  },
  "ikev2-proposal-invalid": {
    severity: "error",
    scope: "config",
    summary:
      "An IKEv2 proposal line IOS refuses (an algorithm or group it does not know, often another platform's spelling), so the attribute is not set.",
  },
  "transform-set-invalid": {
    severity: "error",
    scope: "config",
    summary:
      "A transform set IOS refuses: a word that is no transform, two transforms for one slot, a key size the transform does not take, or nothing ESP or AH.",
  },
  "xauth-on-site-to-site": {
    severity: "error",
    scope: "config",
    summary:
      "A crypto map asks every peer for XAUTH, and a site-to-site peer's key is not marked no-xauth.",
  },
  "undefined-reference": {
    severity: "error",
    scope: "config",
    summary: "A name is used but never defined.",
  },
  "peer-is-self": {
    severity: "error",
    scope: "config",
    summary:
      "A crypto map's peer or a protected tunnel's destination is an address of this router.",
  },
  "no-route-to-peer": {
    severity: "error",
    scope: "config",
    summary: "No route covers the peer's address.",
  },
  "tunnel-recursive-routing": {
    severity: "error",
    scope: "config",
    summary:
      "A tunnel's destination is routed into the tunnel itself: IOS shuts it down for recursive routing.",
  },
  "tunnel-vrf-mismatch": {
    severity: "error",
    scope: "config",
    summary:
      "A protected tunnel's `tunnel vrf` is not the VRF of its `tunnel source` interface.",
  },
  "tunnel-incomplete": {
    severity: "error",
    scope: "config",
    summary:
      "A protected tunnel has no `tunnel source`, or no `tunnel destination` while not multipoint, so IOS keeps it down.",
  },
  "tunnel-family-mismatch": {
    severity: "error",
    scope: "config",
    summary:
      "A protected tunnel's destination is an IPv6 address while its mode carries it over IPv4 (or the reverse), so the tunnel cannot reach its peer.",
  },
  "nhrp-network-id-missing": {
    severity: "error",
    scope: "config",
    summary:
      "A multipoint GRE tunnel has no `ip nhrp network-id`, so NHRP does not run on it.",
  },
  "nhrp-nhs-unmapped": {
    severity: "error",
    scope: "config",
    summary:
      "A DMVPN spoke's next-hop server has no NBMA address (no `ip nhrp map` and no `nbma`), so the spoke never registers.",
  },
  "nhrp-multicast-missing": {
    severity: "warning",
    scope: "config",
    summary:
      "A multipoint GRE tunnel runs a multicast routing protocol but copies multicast to no peer (`ip nhrp map multicast`).",
  },
  "tunnel-protection-not-shared": {
    severity: "error",
    scope: "config",
    summary:
      "Tunnels that share a source and an IPsec profile, one of them multipoint, lack `tunnel protection ... shared`.",
  },
  "ike-profile-mismatch": {
    severity: "warning",
    scope: "config",
    summary:
      "The IKE profile a crypto map or tunnel names cannot be selected for its peer: no match for its address or front-door VRF, or no match statement at all.",
  },
  "tunnel-ivrf-in-profile": {
    severity: "warning",
    scope: "config",
    summary:
      "A protected tunnel's isakmp or IKEv2 profile sets the inside VRF, which belongs on the tunnel interface.",
  },
  "ikev2-policy-unmatched": {
    severity: "error",
    scope: "config",
    summary:
      "No IKEv2 policy of the config serves the front-door VRF and local address of an IKEv2 peer, so IKE_SA_INIT has no proposal.",
  },
  "ikev2-proposal-unused": {
    severity: "warning",
    scope: "config",
    summary:
      "No IKEv2 policy lists a written IKEv2 proposal, so IOS never offers it: without any policy the router negotiates with the built-in default proposal instead.",
    unnecessary: true,
  },
  "ikev2-proposal-incomplete": {
    severity: "error",
    scope: "config",
    summary:
      "An IKEv2 proposal a policy lists lacks what IOS needs (encryption, integrity or, with AES-GCM, a prf, and a group), so IOS neither offers nor accepts it.",
  },
  "no-route-to-remote-network": {
    severity: "warning",
    scope: "config",
    summary:
      "The crypto ACL's remote network is not routed out of the crypto map interface.",
  },
  "crypto-acl-reversed": {
    severity: "error",
    scope: "config",
    summary:
      "A crypto ACL entry has local networks as destination and remote ones as source.",
  },
  "crypto-acl-any": {
    severity: "warning",
    scope: "config",
    summary:
      "A crypto ACL permits any: control traffic would be encrypted or dropped.",
  },
  "crypto-acl-permits-nothing": {
    severity: "error",
    scope: "config",
    summary:
      "A crypto map entry's crypto ACL has no permit line, so the entry encrypts nothing.",
  },
  "gre-not-encrypted": {
    severity: "warning",
    scope: "config",
    summary:
      "A GRE tunnel to a crypto map's peer sends packets that the entry's crypto ACL does not permit.",
  },
  "crypto-acl-shadowed": {
    severity: "warning",
    scope: "config",
    summary:
      "An earlier entry of the same crypto map, for another peer, already permits the traffic of this crypto ACL line.",
  },
  "missing-psk-for-peer": {
    severity: "error",
    scope: "config",
    summary: "A pre-shared key policy applies but no key covers the peer.",
  },
  "unused-psk": {
    severity: "warning",
    scope: "config",
    summary: "A pre-shared key is configured for an address that is no peer.",
    unnecessary: true,
  },
  "acl-blocks-isakmp": {
    severity: "error",
    scope: "config",
    summary:
      "The inbound ACL on the crypto interface denies ISAKMP (UDP 500) from the peer.",
  },
  "acl-blocks-nat-t": {
    severity: "warning",
    scope: "config",
    summary:
      "The inbound ACL on the crypto interface denies NAT-T (UDP 4500) from the peer.",
  },
  "acl-blocks-esp": {
    severity: "error",
    scope: "config",
    summary:
      "The inbound ACL on the crypto interface denies ESP (IP protocol 50) from the peer.",
  },
  "acl-blocks-ah": {
    severity: "error",
    scope: "config",
    summary:
      "The inbound ACL on the crypto interface denies AH (IP protocol 51) from the peer.",
  },
  "acl-blocks-tunneled-traffic": {
    severity: "warning",
    scope: "config",
    summary:
      "The inbound ACL denies the decrypted traffic from the remote networks.",
  },
  "zone-firewall-blocks-ipsec": {
    severity: "error",
    scope: "config",
    summary:
      "A zone-pair between the crypto interface's zone and the router itself (`self`) drops IKE (UDP 500/4500), ESP or AH of a peer.",
  },
  "zone-firewall-blocks-protected-traffic": {
    severity: "error",
    scope: "config",
    summary:
      "The zone-based firewall drops the protected networks' own traffic between the LAN and the crypto interface or tunnel: zones with no zone-pair, or a zone member and an interface in no zone.",
  },
  "ah-through-nat": {
    severity: "warning",
    scope: "config",
    summary:
      "An AH transform is used where NAT rewrites the outer header, which breaks AH's integrity check.",
  },
  "cert-auth-no-trustpoint": {
    severity: "error",
    scope: "config",
    summary:
      "Certificate authentication is configured with no trustpoint to use: none in the config, or none named by the IKEv2 profile.",
  },
  "cert-auth-no-ntp": {
    severity: "warning",
    scope: "config",
    summary:
      "Certificates are used without NTP, so a wrong clock can put them outside their validity.",
  },
  "certificate-expired": {
    severity: "error",
    scope: "config",
    summary:
      "A certificate of a trustpoint IKE uses is past its end date, so authentication with it fails.",
  },
  "certificate-expiring-soon": {
    severity: "warning",
    scope: "config",
    summary:
      "A certificate of a trustpoint IKE uses expires soon (within 30 days by default).",
  },
  "certificate-not-yet-valid": {
    severity: "warning",
    scope: "config",
    summary:
      "A certificate of a trustpoint IKE uses is dated in the future, so peers refuse it until then.",
  },
  "trustpoint-not-enrolled": {
    severity: "warning",
    scope: "config",
    summary:
      "A trustpoint IKE signs with holds no certificate of the router's own.",
  },
  "certificate-unreadable": {
    severity: "warning",
    scope: "config",
    summary:
      "A certificate of a chain does not decode (its hex is cut or damaged).",
  },
  "weak-crypto": {
    severity: "information",
    scope: "config",
    summary: "A weak algorithm or Diffie-Hellman group is configured.",
  },
  "weak-secret-encoding": {
    severity: "information",
    scope: "config",
    summary: "A type 7 secret is only obfuscated, not encrypted.",
  },
  "psk-placeholder": {
    severity: "warning",
    scope: "config",
    summary:
      "A pre-shared key is still a placeholder such as `<key>`, which IOS would take literally.",
  },
  "nat-not-exempted": {
    severity: "error",
    scope: "config",
    summary:
      "Traffic that the crypto ACL protects is translated by NAT before the crypto map sees it.",
  },
  "static-nat-breaks-vpn": {
    severity: "warning",
    scope: "config",
    summary:
      "A static NAT translates a protected host's traffic toward the remote network too.",
  },
  "nat-t-disabled": {
    severity: "warning",
    scope: "config",
    summary: "NAT transparency is turned off while a peer sits behind NAT.",
  },
  "invalid-netmask": {
    severity: "error",
    scope: "config",
    summary:
      "An interface address or static route has a netmask whose one bits are not contiguous.",
  },
  "unreadable-line": {
    severity: "information",
    scope: "config",
    summary:
      "IPsec Lens failed to read a line, so checks that depend on it may miss problems.",
  },
  "lines-after-end": {
    severity: "information",
    scope: "config",
    summary:
      "Lines follow the config's `end`: IOS does not read them, so they are not configured.",
    unnecessary: true,
  },

  // Both ends of a tunnel.
  "peer-address-mismatch": {
    severity: "error",
    scope: "peer",
    summary:
      "A peer address points at no router in the workspace, while a router pointing back exists.",
  },
  "backup-path-not-accepted": {
    severity: "warning",
    scope: "peer",
    summary:
      "A crypto map also applied to a backup interface talks from that interface's address on the backup path, which the peer holds no key for, its profile does not match, or it does not list as a peer.",
  },
  "one-sided-peer": {
    severity: "warning",
    scope: "peer",
    summary: "This router points at a peer that does not point back.",
  },
  "aggressive-mode-blocked": {
    severity: "error",
    scope: "peer",
    summary:
      "A router starts aggressive mode toward a peer while one of the two blocks it (`crypto isakmp aggressive-mode disable`).",
  },
  "ike-policy-mismatch": {
    severity: "error",
    scope: "peer",
    summary: "No IKE proposal of the initiator is acceptable to the responder.",
  },
  "ike-lifetime-mismatch": {
    severity: "warning",
    scope: "peer",
    summary: "The IKE lifetimes of the two peers differ.",
  },
  "psk-mismatch": {
    severity: "error",
    scope: "peer",
    summary: "The two peers hold different pre-shared keys for each other.",
  },
  "psk-unverifiable": {
    severity: "information",
    scope: "peer",
    summary:
      "A pre-shared key is stored as type 6 and cannot be compared with the peer's.",
  },
  "transform-set-mismatch": {
    severity: "error",
    scope: "peer",
    summary: "No transform set of one peer matches any of the other's.",
  },
  "tunnel-mode-mismatch": {
    severity: "error",
    scope: "peer",
    summary:
      "The two ends of a tunnel are built differently: GRE against an IPsec VTI, or a static VTI against a crypto map.",
  },
  "tunnel-key-mismatch": {
    severity: "error",
    scope: "peer",
    summary:
      "The two ends of a GRE tunnel have different `tunnel key`s (or only one has one), so each drops the other's GRE packets.",
  },
  "nhrp-mismatch": {
    severity: "error",
    scope: "peer",
    summary:
      "A DMVPN spoke and its hub disagree on NHRP: authentication string, or the hub's tunnel address the spoke registers to.",
  },
  "nhrp-shortcut-mismatch": {
    severity: "warning",
    scope: "peer",
    summary:
      "DMVPN phase 3 is half configured: the hub sends NHRP redirects and a spoke lacks `ip nhrp shortcut`, or spokes have it and the hub lacks `ip nhrp redirect`, so spoke-to-spoke traffic keeps crossing the hub.",
  },
  "pfs-mismatch": {
    severity: "error",
    scope: "peer",
    summary: "PFS is set on one side only, or with different groups.",
  },
  "crypto-acl-not-mirrored": {
    severity: "error",
    scope: "peer",
    summary: "The peers' crypto ACLs are not mirror images of each other.",
  },
  "peer-certificate-untrusted": {
    severity: "error",
    scope: "peer",
    summary:
      "A router refuses its peer's certificate: no CA certificate of the trustpoints it verifies with signed it.",
  },
  "identity-rejects-peer": {
    severity: "error",
    scope: "peer",
    summary:
      "A crypto map's identity list, an isakmp profile's `match identity`, or an IKEv2 profile's `match identity remote`, does not admit the identity the peer sends.",
  },
  "ipsec-lifetime-mismatch": {
    severity: "information",
    scope: "peer",
    summary:
      "The phase-2 lifetimes of the two peers differ, or only one of them has a volume lifetime; the tunnel still comes up.",
  },

  // Debug captures and show output.
  "log-peer-not-responding": {
    severity: "error",
    scope: "capture",
    summary: "Phase 1 was retransmitted with no reply from the peer.",
  },
  "log-isakmp-disabled": {
    severity: "error",
    scope: "capture",
    summary: "The router could not start IKE because ISAKMP is turned off.",
  },
  "log-no-psk-for-peer": {
    severity: "error",
    scope: "capture",
    summary: "No pre-shared key or certificate matched the peer.",
  },
  "log-profile-not-matched": {
    severity: "error",
    scope: "capture",
    summary:
      "No IKE profile took the peer: no isakmp profile its config names (IKEv1), or no IKEv2 profile matched the identity the peer sent.",
  },
  "log-ike-policy-mismatch": {
    severity: "error",
    scope: "capture",
    summary: "No IKE proposal was accepted: the policies do not match.",
  },
  "log-psk-mismatch": {
    severity: "error",
    scope: "capture",
    summary:
      "Authentication failed at main mode 5/6: the pre-shared keys differ.",
  },
  "log-cert-invalid": {
    severity: "error",
    scope: "capture",
    summary: "A certificate was rejected as invalid.",
  },
  "log-crl-fetch-failed": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router could not fetch a trustpoint's CRL, so certificates that CA issued fail validation.",
  },
  "log-pki-clock-not-authoritative": {
    severity: "warning",
    scope: "capture",
    summary:
      "PKI waits for an authoritative clock (NTP) before it validates or uses certificates.",
  },
  "log-phase2-unanswered": {
    severity: "error",
    scope: "capture",
    summary:
      "Quick mode went unanswered over an IKE SA one router no longer has: retransmitted with no reply, or received for an SA the receiver lost (IKMP_NO_SA).",
  },
  "log-phase2-rejected": {
    severity: "error",
    scope: "capture",
    summary:
      "Quick mode (or IKEv2's child SA) was rejected: no IPsec proposal or proxy identity was accepted.",
  },
  "log-identity-rejected": {
    severity: "error",
    scope: "capture",
    summary:
      "The peer lacks the certificate attributes that the crypto map's identity requires.",
  },
  "log-nat-detected": {
    severity: "information",
    scope: "capture",
    summary:
      "NAT discovery found (or ruled out) a NAT device between the peers.",
  },
  "log-dmvpn-peer-down": {
    severity: "warning",
    scope: "capture",
    summary:
      "show dmvpn lists a peer whose state is not UP: IKE, IPsec or NHRP has not completed with it.",
  },
  "log-nhrp-error": {
    severity: "warning",
    scope: "capture",
    summary:
      "debug nhrp shows NHRP refusing a packet (an Error Indication, a registration refused with a CIE code) or a next-hop server that never answers the registrations.",
  },
  "log-invalid-spi": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router drops ESP packets whose SPI names no SA of it: the peers' SAs are out of step.",
  },
  "log-replay-drops": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router drops ESP packets that arrive outside the anti-replay window (packets reordered on the way).",
  },
  "log-integrity-failure": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router drops ESP packets whose integrity check fails: they were changed on the way.",
  },
  "log-invalid-identity": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router drops decrypted packets whose addresses are outside the SA's proxy identities.",
  },
  "log-zone-firewall-drop": {
    severity: "error",
    scope: "capture",
    summary:
      "The zone-based firewall logged dropping a peer's IKE, NAT-T, ESP or AH, or traffic the tunnel protects (`%FW-6-DROP_PKT`).",
  },
  "log-cleartext-received": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router drops packets that arrived unencrypted although its crypto ACL says they must be protected.",
  },
  "log-tunnel-recursive-routing": {
    severity: "error",
    scope: "capture",
    summary:
      "IOS disabled a tunnel for recursive routing (TUN-5-RECURDOWN): the route to its destination leads into the tunnel.",
  },
  "log-command-rejected": {
    severity: "warning",
    scope: "capture",
    summary:
      "The router refused a configuration command typed in the console session, so its config lacks it.",
  },
  "show-isakmp-sa-stuck": {
    severity: "warning",
    scope: "capture",
    summary:
      "An IKE SA is stuck before phase 1 completed (main mode, or IKEv2 IN-NEG).",
  },
  "show-ipsec-no-decaps": {
    severity: "warning",
    scope: "capture",
    summary:
      "Packets are encapsulated but none decapsulated: return traffic is lost.",
  },
  "show-ipsec-no-encaps": {
    severity: "warning",
    scope: "capture",
    summary:
      "Packets are decapsulated but none encapsulated: the replies do not enter the tunnel.",
  },
  "show-ipsec-no-sa": {
    severity: "warning",
    scope: "capture",
    summary:
      "A flow counts send errors and has no IPsec SA: its negotiation fails.",
  },
  "show-ipsec-drops": {
    severity: "warning",
    scope: "capture",
    summary:
      "A flow of show crypto ipsec sa counts received packets dropped: invalid SA, failed integrity check, replay or invalid identity.",
  },
  "show-acl-blocks-ipsec": {
    severity: "warning",
    scope: "capture",
    summary:
      "An access list counts matches on a deny of ISAKMP, NAT-T, ESP or AH.",
  },
  "show-acl-blocks-tunneled-traffic": {
    severity: "warning",
    scope: "capture",
    summary:
      "An interface's inbound access list counts matches on a deny of the traffic its IPsec SA decrypts.",
  },
  "show-crypto-acl-reversed": {
    severity: "error",
    scope: "capture",
    summary:
      "A crypto ACL that show crypto map prints has the router's own network as destination and a remote one as source.",
  },
  "show-crypto-map-incomplete": {
    severity: "error",
    scope: "capture",
    summary:
      "show crypto map marks an entry incomplete: IOS skips it and never negotiates for its traffic.",
  },
  "show-crypto-map-not-applied": {
    severity: "warning",
    scope: "capture",
    summary: "show crypto map lists no interface that uses the map.",
  },
  "show-no-psk-for-peer": {
    severity: "error",
    scope: "capture",
    summary:
      "A crypto map peer in show crypto map has no key in show crypto isakmp key.",
  },
  "show-no-route-to-peer": {
    severity: "error",
    scope: "capture",
    summary:
      "A crypto map peer in show crypto map is covered by no route of show ip route.",
  },
  "show-crypto-map-wrong-interface": {
    severity: "error",
    scope: "capture",
    summary:
      "show ip route sends a crypto map's peer out of another interface than the one the map is on.",
  },
  "show-crypto-session-stuck": {
    severity: "warning",
    scope: "capture",
    summary:
      "show crypto session shows a session that keeps negotiating (DOWN-NEGOTIATING).",
  },
  "show-acl-no-ipsec-permit": {
    severity: "warning",
    scope: "capture",
    summary:
      "An inbound ACL in show ip interface permits no IKE or no ESP, so its implicit deny drops them.",
  },
  "show-crypto-interface-down": {
    severity: "error",
    scope: "capture",
    summary:
      "show ip interface brief shows down an interface that carries IPsec: a crypto map, tunnel protection, or the local address of an SA.",
  },
  "show-tunnel-protocol-down": {
    severity: "warning",
    scope: "capture",
    summary:
      "show ip interface brief shows a protected tunnel interface up with its line protocol down.",
  },
  "show-clock-outside-cert": {
    severity: "error",
    scope: "capture",
    summary: "The router's clock lies outside a certificate's validity.",
  },
} as const satisfies Record<string, CodeInfo>;

/** A diagnostic code. */
export type Code = keyof typeof CATALOG;

/** Every code, in catalogue order. */
export const CODES = Object.keys(CATALOG) as Code[];

/** True when the string is a known code. */
export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(CATALOG, value);
}

/** Where the docs of the diagnostics live; each code is an anchor on that page. */
export const DOCS_URL =
  "https://github.com/ipsec-lens/ipsec-lens/blob/main/docs/diagnostics.md";

/** The docs link of one code. */
export function docsUrl(code: Code): string {
  return `${DOCS_URL}#${code}`;
}
