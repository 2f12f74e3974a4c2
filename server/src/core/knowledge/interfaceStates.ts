import { table } from "./table";

/**
 * What `show ip interface brief` prints about an interface: its columns, the ways an address gets
 * set (`Method`), the interface's own state (`Status`) and that of its line protocol (`Protocol`).
 * IPsec needs the interface that carries a crypto map (or a tunnel's source) up/up: its address
 * is the one IKE and ESP leave from, and its connected route is how the router reaches the peer.
 */

/** The columns of the table, by the header's word. */
export const BRIEF_COLUMNS: Readonly<Record<string, string>> = table({
  Interface:
    "The interface's name. A name wider than the column pushes the rest of its row to the right.",
  "IP-Address":
    "The interface's primary IPv4 address, without its mask; `unassigned` when it has none. Secondary addresses and HSRP virtual addresses are not listed here (`show ip interface` has the masks and the secondaries).",
  "OK?":
    "Whether IOS takes the address as valid: YES, or NO when it refuses it.",
  Method:
    "How the address was set: NVRAM (read from the startup configuration at boot), manual (typed since the router booted), DHCP, IPCP (PPP), TFTP (a configuration file loaded from the network), or unset (no address of its own).",
  Status:
    "The state of the interface itself: up, down (no carrier: cable, peer port, optics), administratively down (`shutdown` is configured on it) or deleted (a removed subinterface or virtual interface that IOS still lists).",
  Protocol:
    "The state of the line protocol: whether the interface can carry packets. An interface is usable only when Status and Protocol are both up.",
});

/** The `Method` column's values. */
export const BRIEF_METHODS: Readonly<Record<string, string>> = table({
  NVRAM:
    "The address comes from the startup configuration, read when the router booted.",
  manual:
    "The address was configured at the command line (or by a configuration copied in) after the router booted; it is not known to be saved to the startup configuration.",
  DHCP: "The address was leased from a DHCP server (`ip address dhcp`): it may change when the lease is renewed, and a crypto map peer that points at the old address stops working.",
  unset:
    "The interface has no address of its own: none is configured, or it borrows one with `ip unnumbered` (the address shown is then the other interface's).",
  TFTP: "The address comes from a configuration file loaded over the network (TFTP or autoinstall).",
  IPCP: "The address was negotiated by PPP (`ip address negotiated`), given by the other end of the link or a dialer's provider.",
  BOOTP: "The address was obtained by BOOTP.",
  RARP: "The address was obtained by reverse ARP.",
  SLARP:
    "The address was learned by SLARP on a serial (HDLC) link, as autoinstall does.",
  CONFIG: "The address was set by the configuration.",
  other: "The address was set by some other means.",
});

/** The `OK?` column's values. */
export const BRIEF_OK: Readonly<Record<string, string>> = table({
  YES: "IOS takes the address as valid.",
  NO: "IOS does not take the address as valid.",
});

/**
 * The `Status` column's values alone, `<name>` standing for the interface. A status that is not
 * up is explained with its line protocol (`INTERFACE_STATES`).
 */
export const BRIEF_STATUSES: Readonly<Record<string, string>> = table({
  up: "<name> itself is up: it is enabled and, for a physical port, sees a carrier.",
  "administratively down":
    "`shutdown` is configured on <name>. Nothing is sent or received on it until `interface <name>`, `no shutdown`.",
});

/** What a pair of Status and Protocol says, and what brings the interface up. */
export interface InterfaceStateInfo {
  meaning: string;
  /** What it means for a tunnel interface (GRE, VTI, DMVPN), when it differs. */
  tunnel?: string;
  /** What to do, in console terms. */
  fix?: string;
  /** How a finding's message says the state ("administratively down (`shutdown` is ...)"). */
  said: string;
  /** What brings the interface up, as a finding's advice (`<name>`: the interface). */
  remedy: string;
  /** `no shutdown` brings it up: the finding offers it as console commands. */
  noShutdown?: true;
}

/** States by `Status/Protocol` (`administratively down/down`). */
export const INTERFACE_STATES: Readonly<Record<string, InterfaceStateInfo>> =
  table({
    "up/up": {
      meaning:
        "The interface is up and its line protocol too: it carries packets, and its connected network is in the routing table.",
      said: "up/up",
      remedy: "Nothing to bring up.",
    },
    "up/down": {
      meaning:
        "The interface is up but its line protocol is down: the link is there and nothing can be sent over it. On a serial link the two ends disagree (encapsulation, keepalives, clocking); on Ethernet a port that errors or is error-disabled on the other side.",
      tunnel:
        "The tunnel is enabled but IOS keeps its line protocol down: its source interface is down or has no address, its destination has no route (or the route leads into the tunnel itself), or GRE keepalives go unanswered. A tunnel in `tunnel mode ipsec` (a VTI) also stays down until its IPsec SAs are up, and a DMVPN tunnel with `if-state nhrp` until a hub answers. Packets routed into it are dropped.",
      fix: "`show interfaces <name>` and, for a tunnel, `show ip route <tunnel destination>`, `show ip interface brief` of its source.",
      said: "up with its line protocol down",
      remedy:
        "Find why the line protocol is down: `show interfaces <name>` (keepalives, encapsulation and clocking on a serial link, errors on Ethernet).",
    },
    "down/down": {
      meaning:
        "The interface is enabled but down: no carrier (cable unplugged, far-end port shut or failed, wrong optics or speed). Its connected network leaves the routing table and its address cannot send or receive.",
      tunnel:
        "The tunnel is enabled but down: IOS found no usable path for it (its source interface is down).",
      fix: "`show interfaces <name>` (carrier, errors), the cable and the far end's port; `show controllers` for a serial line.",
      said: "down (no carrier: the link to its neighbour is down)",
      remedy:
        "Restore the link: the cable, the neighbour's port, the optics (`show interfaces <name>` says whether a carrier is seen; `show controllers <name>` on a serial line).",
    },
    "administratively down/down": {
      meaning:
        "`shutdown` is configured on the interface: it sends and receives nothing, and its connected network leaves the routing table.",
      fix: "`interface <name>`, then `no shutdown`.",
      said: "administratively down (`shutdown` is configured on it)",
      remedy: "Bring it up: `interface <name>`, `no shutdown`.",
      noShutdown: true,
    },
    "deleted/down": {
      meaning:
        "The interface was removed (`no interface <name>` of a subinterface or virtual interface) and IOS still lists it until it reloads. It carries nothing.",
      fix: "Configure the interface again (`interface <name>`) if it is still needed.",
      said: "deleted (the interface was removed)",
      remedy:
        "Configure the interface again (`interface <name>`, its address and what it carried), or move the crypto configuration to the interface that replaced it.",
    },
  });

/** True for the interfaces whose line protocol follows a tunnel's path (GRE, VTI, DMVPN). */
export function isTunnelInterface(name: string): boolean {
  return /^Tu(?:nnel)?\d/i.test(name);
}

/** The facts of a Status and Protocol pair, if known. */
export function interfaceState(
  status: string,
  protocol: string,
): InterfaceStateInfo | undefined {
  return INTERFACE_STATES[`${status}/${protocol}`];
}
