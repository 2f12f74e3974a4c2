import type { ShowKind } from "../capture/show/types";

/**
 * Exec commands an engineer types while troubleshooting IPsec, as the capture shows them after a
 * prompt. IOS accepts any unambiguous abbreviation (`sh cry isa sa`), so matching is by prefix.
 */

/** One command. */
export interface IosCommandInfo {
  words: readonly string[];
  /** The show output it prints, for show commands we parse. */
  show?: ShowKind;
  meaning: string;
}

/** Commands, most specific first. */
export const IOS_COMMANDS: readonly IosCommandInfo[] = [
  {
    words: ["show", "crypto", "isakmp", "sa"],
    show: "isakmp-sa",
    meaning:
      "Lists the IKE (phase 1) SAs and their state; QM_IDLE means phase 1 is up.",
  },
  {
    words: ["show", "crypto", "ikev1", "sa"],
    show: "isakmp-sa",
    meaning: "Lists the IKEv1 SAs and their state.",
  },
  {
    words: ["show", "crypto", "isakmp", "policy"],
    show: "isakmp-policy",
    meaning:
      "Lists the IKE policies (protection suites), including the built-in default.",
  },
  {
    words: ["show", "crypto", "isakmp", "key"],
    show: "isakmp-key",
    meaning: "Lists the pre-shared keys and the peer addresses they belong to.",
  },
  {
    words: ["show", "crypto", "ipsec", "sa"],
    show: "ipsec-sa",
    meaning:
      "Lists the IPsec SAs per flow: proxy identities, SPIs, and the encrypt/decrypt counters.",
  },
  {
    words: ["show", "crypto", "ipsec", "transform-set"],
    show: "transform-set",
    meaning: "Lists the transform sets.",
  },
  {
    words: ["show", "crypto", "map"],
    show: "crypto-map",
    meaning:
      "Shows each crypto map entry: peer, crypto ACL, transform sets, PFS, and the interfaces it is applied to.",
  },
  {
    words: ["show", "crypto", "ca", "certificates"],
    show: "certificates",
    meaning:
      "Shows the router's and the CA's certificates with their validity dates.",
  },
  {
    words: ["show", "crypto", "pki", "certificates"],
    show: "certificates",
    meaning:
      "Shows the router's and the CA's certificates with their validity dates.",
  },
  {
    words: ["show", "crypto", "identity"],
    meaning:
      "Shows the crypto identity lists (which peers a DN-based crypto map accepts).",
  },
  {
    words: ["show", "crypto", "key", "mypubkey", "rsa"],
    meaning: "Shows the router's RSA key pairs.",
  },
  {
    words: ["show", "crypto", "ikev2", "sa"],
    show: "ikev2-sa",
    meaning:
      "Lists the IKEv2 SAs: local and remote address, status (READY once IKE_AUTH succeeded, IN-NEG while negotiating) and, with `detailed`, the algorithms and SPIs.",
  },
  {
    words: ["show", "crypto", "ikev2", "proposal"],
    show: "ikev2-proposal",
    meaning:
      "Lists the IKEv2 proposals (encryption, integrity, PRF, DH groups), the built-in `default` included.",
  },
  {
    words: ["show", "crypto", "ikev2", "policy"],
    show: "ikev2-policy",
    meaning:
      "Lists the IKEv2 policies: the front-door VRF and local address each serves, and its proposals.",
  },
  {
    words: ["show", "crypto", "ikev2", "profile"],
    show: "ikev2-profile",
    meaning:
      "Shows each IKEv2 profile: the identities it matches, its own identity, authentication methods, keyring and lifetime.",
  },
  {
    words: ["show", "crypto", "ikev2", "stats"],
    meaning:
      "Counts IKEv2 SAs and exchanges (`stats exchange` per exchange type and error notify): a rising error count names the failing step.",
  },
  {
    words: ["show", "crypto", "ipsec", "profile"],
    show: "ipsec-profile",
    meaning:
      "Shows each IPsec profile (what a protected tunnel interface negotiates): transform sets, PFS, lifetime and the IKE profile it names.",
  },
  {
    words: ["show", "crypto", "isakmp", "profile"],
    meaning:
      "Shows each isakmp profile: the identities it matches (with their VRF), its keyring and the crypto maps that use it.",
  },
  {
    words: ["show", "crypto", "session"],
    show: "crypto-session",
    meaning:
      "Summarises each crypto session: interface, peer, status (UP-ACTIVE when IKE and IPsec SAs are up), its IKE SAs and IPsec flows; `detail` adds packet counters.",
  },
  {
    words: ["show", "dmvpn", "detail"],
    show: "dmvpn",
    meaning:
      "DMVPN in detail: per tunnel interface its status, source, IPsec profile and next-hop servers, each NHRP peer with its target network, then the crypto session of every peer.",
  },
  {
    words: ["show", "dmvpn"],
    show: "dmvpn",
    meaning:
      "Lists the DMVPN peers of each multipoint GRE tunnel: NBMA (transport) and tunnel address, and the state of the tunnel to each (UP once IKE, IPsec and NHRP are done; IKE, IPSEC or NHRP says which is not).",
  },
  {
    words: ["show", "ip", "nhrp", "nhs"],
    meaning:
      "Lists a spoke's next-hop servers (hubs) and whether each answers its registrations (`detail` counts requests and replies).",
  },
  {
    words: ["show", "ip", "nhrp"],
    meaning:
      "Shows the NHRP cache: each tunnel address with the NBMA address it maps to, how it was learned and when it expires.",
  },
  {
    words: ["debug", "nhrp", "packet"],
    meaning:
      "Turns on NHRP packet debugging: every registration, resolution, purge, error and traffic indication sent or received, with its fields dumped line by line (addresses, flags, request id, the codes of the answer).",
  },
  {
    words: ["debug", "nhrp", "cache"],
    meaning:
      "Turns on NHRP cache debugging: the entries added, updated and deleted as spokes register and resolutions are answered.",
  },
  {
    words: ["debug", "dmvpn"],
    meaning:
      "Turns on DMVPN debugging for the levels and parts named (`debug dmvpn all all` for everything): NHRP, the crypto socket toward each peer, and tunnel events.",
  },
  {
    words: ["debug", "nhrp"],
    meaning:
      "Turns on NHRP debugging: registrations, resolutions and their replies (`debug nhrp packet` prints each packet).",
  },
  {
    words: ["show", "crypto", "engine", "connections", "active"],
    meaning: "Lists the active SAs in the crypto engine with packet counts.",
  },
  {
    words: ["show", "ip", "interface", "brief"],
    show: "ip-interface-brief",
    meaning:
      "One line per interface: its IPv4 address, how the address was set, and two states: Status (administratively down = `shutdown`) and Protocol (the line protocol). The interface that carries the crypto map, and a tunnel's source, must be up/up.",
  },
  {
    words: ["show", "ip", "interface"],
    show: "ip-interface",
    meaning:
      "Shows an interface's address, status and the access lists applied to it.",
  },
  {
    words: ["show", "ip", "access-lists"],
    show: "access-lists",
    meaning:
      "Lists the IP access lists with how many packets matched each entry.",
  },
  {
    words: ["show", "access-lists"],
    show: "access-lists",
    meaning: "Lists the access lists with how many packets matched each entry.",
  },
  {
    words: ["show", "ip", "route"],
    show: "ip-route",
    meaning:
      "Shows the routing table: is there a route to the peer and to the remote LAN, and out of which interface.",
  },
  {
    words: ["show", "clock"],
    show: "clock",
    meaning: "Shows the router's time; certificates are checked against it.",
  },
  {
    words: ["show", "running-config"],
    show: "running-config",
    meaning: "Shows the configuration in use.",
  },
  {
    words: ["show", "startup-config"],
    show: "running-config",
    meaning: "Shows the saved configuration.",
  },
  {
    words: ["more", "system:running-config"],
    show: "running-config",
    meaning:
      "Prints the configuration in use as a file, without the pager and with no defaults filled in.",
  },
  {
    words: ["more", "nvram:startup-config"],
    show: "running-config",
    meaning: "Prints the saved configuration as a file.",
  },
  {
    words: ["debug", "crypto", "isakmp"],
    meaning:
      "Turns on IKEv1 debugging: every phase 1 and quick mode step is logged.",
  },
  {
    words: ["debug", "crypto", "ipsec"],
    meaning:
      "Turns on IPsec debugging: SA requests, proposals checked against the crypto map, SAs created.",
  },
  { words: ["debug", "crypto", "ikev2"], meaning: "Turns on IKEv2 debugging." },
  { words: ["undebug", "all"], meaning: "Turns every debug off." },
  {
    words: ["clear", "crypto", "isakmp"],
    meaning: "Deletes the IKE SAs, forcing phase 1 to run again.",
  },
  {
    words: ["clear", "crypto", "ikev2", "sa"],
    meaning:
      "Deletes the IKEv2 SAs (and their child SAs), forcing IKE_SA_INIT to run again.",
  },
  {
    words: ["clear", "crypto", "session"],
    meaning:
      "Deletes the crypto sessions: IKE and IPsec SAs of every (or the named) peer.",
  },
  {
    words: ["clear", "crypto", "sa"],
    meaning: "Deletes the IPsec SAs, forcing quick mode to run again.",
  },
  { words: ["configure", "terminal"], meaning: "Enters configuration mode." },
  {
    words: ["clock", "set"],
    meaning:
      "Sets the router's clock by hand (exec mode); NTP keeps it right across reboots.",
  },
  {
    words: ["terminal", "monitor"],
    meaning: "Shows debug and log output on this terminal session.",
  },
  {
    words: ["ping"],
    meaning:
      "Sends ICMP echoes; from the LAN interface (`source`) it also triggers the tunnel.",
  },
];

/** The command typed, matched by abbreviation; the words after a match are its arguments. */
export function matchIosCommand(command: string): IosCommandInfo | undefined {
  const typed = command.split("|")[0]!.trim().toLowerCase().split(/\s+/);
  if (!typed[0]) {
    return undefined;
  }
  for (const info of IOS_COMMANDS) {
    if (typed.length < info.words.length) {
      continue;
    }
    let ok = true;
    for (let i = 0; i < info.words.length; i++) {
      const word = typed[i]!;
      const full = info.words[i]!;
      // IOS takes any unambiguous prefix: `sh run`, `conf t`, `sh cry isa sa`.
      if (!full.startsWith(word)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      return info;
    }
  }
  return undefined;
}

/**
 * What to call show output pasted without its command: the command that prints that kind, the
 * plain one rather than a variant that adds words to it (`show dmvpn`, not `show dmvpn detail`).
 */
export function showOutputTitle(kind: ShowKind): string {
  const printing = IOS_COMMANDS.filter((c) => c.show === kind);
  const addsTo = (a: IosCommandInfo, b: IosCommandInfo) =>
    a.words.length > b.words.length &&
    b.words.every((w, i) => a.words[i] === w);
  const command = printing.find(
    (c) => !printing.some((other) => addsTo(c, other)),
  );
  return command ? `${command.words.join(" ")} output` : "show output";
}
