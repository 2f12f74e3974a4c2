import type { ChoiceValue, CommandSpec } from "./cryptoCommands";
import { table } from "./table";

/**
 * The interface commands of DMVPN (multipoint GRE, NHRP) and the routing knobs a DMVPN tunnel
 * depends on, in the notation of cryptoCommands.ts, which merges them into its tables. An mGRE
 * tunnel has no `tunnel destination`: NHRP maps each peer's tunnel address to its NBMA address
 * (the outside, routable address that IKE, ESP and GRE are sent to). Spokes register with the hub
 * (the next-hop server); the hub learns them from those registrations.
 *
 * Order matters where a line fits several syntaxes equally (`ip nhrp map multicast dynamic` also
 * reads as `ip nhrp map <tunnel-address> <nbma-address>`): the first entry that fits explains it,
 * so the specific forms come before the general ones.
 */

/** The choice tables the DMVPN syntaxes name. */
export const DMVPN_CHOICE_TABLES: Readonly<
  Record<string, readonly ChoiceValue[]>
> = table({
  "ospf-network": [
    {
      value: "point-to-multipoint non-broadcast",
      meaning:
        "no DR election and no multicast hellos: every neighbour is written by hand with `neighbor`",
    },
    {
      value: "point-to-multipoint",
      meaning:
        "no DR election; the hub becomes the next hop of every route it passes on, which suits DMVPN phase 1 and phase 3 (spoke-to-spoke traffic then relies on NHRP redirects)",
    },
    {
      value: "broadcast",
      meaning:
        "a DR is elected; with the hub as DR (`ip ospf priority 0` on every spoke) routes keep the originating spoke as next hop, which DMVPN phase 2 needs for direct spoke-to-spoke tunnels. A spoke that wins the election breaks the cloud",
    },
    {
      value: "non-broadcast",
      meaning:
        "like broadcast, but hellos are unicast to neighbours written by hand with `neighbor`",
    },
    {
      value: "point-to-point",
      meaning:
        "one neighbour only, the default on tunnel interfaces: right for point-to-point GRE, wrong for a multipoint tunnel, where the spokes' adjacencies with the hub replace each other and flap",
    },
  ],
});

const REDIRECT =
  "DMVPN phase 3, on the hub: when a packet arrives from a spoke and leaves by the same NHRP network toward another spoke, the hub still forwards it but tells the sender (an NHRP redirect) that a direct path exists. With `ip nhrp shortcut` on the spokes this builds spoke-to-spoke tunnels; without it traffic between spokes keeps passing through the hub. Off by default.";

const SHORTCUT =
  "DMVPN phase 3, on the spokes: when the hub sends a redirect, the spoke resolves the other spoke's NBMA address and installs a shortcut (an NHRP route, or a new next hop on its own route) so traffic goes straight to that spoke over a tunnel of its own. Without it the spoke ignores redirects and spoke-to-spoke traffic keeps hairpinning through the hub.";

/** The DMVPN commands, most specific first within a mode. */
export const DMVPN_COMMANDS: readonly CommandSpec[] = [
  {
    context: "interface",
    syntax: "tunnel key <key>",
    summary:
      "Writes this number (0-4294967295) into the key field of every GRE header the tunnel sends and accepts only GRE packets that carry it; by default the tunnel uses no key. Both ends, in DMVPN every router of the cloud, must use the same key: a mismatch drops GRE silently on arrival, so IKE and IPsec come up (the decrypt counters of `show crypto ipsec sa` rise) while NHRP registration and routing neighbours never do. Several tunnels of one router that share a `tunnel source` (a dual-cloud DMVPN) need a different key each, or arriving GRE cannot be told apart.",
  },

  // Next-hop servers: the dynamic and cluster forms first, since `dynamic` and `cluster` also read
  // as a server address.
  {
    context: "interface",
    syntax: "ip nhrp nhs dynamic nbma <nbma-address> multicast?",
    summary:
      "A spoke's next-hop server (hub) known only by its NBMA address: the spoke registers there and learns the hub's tunnel address from the reply, so hub and spoke need not agree on it in advance. `multicast` also copies routing hellos and updates to the hub. A wrong NBMA address leaves the hub down in `show ip nhrp nhs` (and `%DMVPN-5-NHRP_NHS_DOWN` in the log).",
  },
  {
    context: "interface",
    syntax: "ip nhrp nhs cluster <cluster> max-connections <count>",
    summary:
      "With hubs grouped in clusters (`ip nhrp nhs ... cluster N`): how many hubs of the cluster a spoke stays registered with at once; the others of the cluster wait as backups and take over when a registered hub goes down.",
  },
  {
    context: "interface",
    syntax: "ip nhrp nhs fallback <seconds>",
    summary:
      "How long a spoke waits, once a preferred hub (a better `priority`) answers again, before it moves its registration back from the backup hub. Without it the spoke returns as soon as the preferred hub is back.",
  },
  {
    context: "interface",
    syntax:
      "ip nhrp nhs <nhs-address> nbma? <nbma-address>? multicast? priority? <priority>? cluster? <cluster>?",
    summary:
      "Makes this router a spoke of the next-hop server (hub) at this tunnel address: it registers its own tunnel and NBMA addresses there, again every `ip nhrp registration timeout`, and sends it resolution requests. The hub's NBMA address comes from `nbma` on this line or from an `ip nhrp map` of the same tunnel address; with neither, the registration has nowhere to go and the hub stays down in `show dmvpn`. `multicast` also copies routing hellos to the hub; `priority` (0-255, lowest preferred, default 0) and `cluster` order several hubs for failover. A hub has no such line, unless it registers with a hub above it.",
  },

  // Static mappings: multicast first, since `multicast` also reads as a tunnel address.
  {
    context: "interface",
    syntax: "ip nhrp map multicast dynamic",
    summary:
      "Copies the multicast and broadcast packets sent on the tunnel (routing protocol hellos and updates: EIGRP, OSPF, RIP) to every spoke that registered with this router. It belongs on the hub: without it the hub's hellos reach no spoke, so routing neighbours never form or keep timing out while NHRP and IPsec look healthy.",
  },
  {
    context: "interface",
    syntax: "ip nhrp map multicast <nbma-address>",
    summary:
      "Copies the multicast and broadcast packets sent on the tunnel (routing hellos and updates) to this NBMA address, on a spoke the hub's. A spoke without a multicast mapping toward its hub forms no routing neighbour over the tunnel, although the tunnel, IPsec and NHRP registration are up. Newer releases write it as the `multicast` keyword of `ip nhrp nhs`.",
  },
  {
    context: "interface",
    syntax: "ip nhrp map group <nhrp-group> service-policy output <policy-map>",
    summary:
      "Per-tunnel QoS on a hub: traffic sent to a spoke that registered with this NHRP group (`ip nhrp group` on the spoke) is shaped by this output policy. A spoke whose group has no such line gets no policy of its own.",
  },
  {
    context: "interface",
    syntax: "ip nhrp map <tunnel-address> <nbma-address>",
    summary:
      "A static NHRP mapping: the router with this tunnel address is reached at this NBMA (outside, routable) address. A spoke writes one for each hub, so its first registration, and IKE, can go out before NHRP has learnt anything; a hub normally has none and learns its spokes when they register. A wrong NBMA address sends IKE and GRE to the wrong router, and the hub stays in the IKE or NHRP state in `show dmvpn`. Newer releases fold it into `ip nhrp nhs <address> nbma <nbma-address>`.",
  },

  {
    context: "interface",
    syntax: "ip nhrp network-id <network-id>",
    summary:
      "Turns NHRP on for the interface (1-4294967295); without it the tunnel runs no NHRP at all: a spoke never registers and a hub never learns its spokes, though IKE and IPsec may come up. The number stays on this router, no NHRP packet carries it, so hub and spokes need not use the same one; on one router, interfaces with the same id form one NHRP network, which NHRP packets and redirects may cross (hierarchical hubs), so separate clouds should get separate ids.",
  },
  {
    context: "interface",
    syntax: "ipv6 nhrp network-id <network-id>",
    summary:
      "Turns NHRP for IPv6 on for the interface: a DMVPN cloud that carries IPv6 (an IPv6 overlay, over IPv4 or IPv6 NBMA addresses) resolves its peers with it. Like `ip nhrp network-id`, the number stays on this router.",
  },
  {
    context: "interface",
    syntax: "ipv6 nhrp nhs <tunnel-address> nbma? <nbma-address>?",
    summary:
      "A next-hop server (hub) of the IPv6 overlay, by its IPv6 tunnel address, with the NBMA address it is reached at (or an `ipv6 nhrp map` of its address): the spoke registers there, and starts IKE toward that NBMA address.",
  },
  {
    context: "interface",
    syntax: "ipv6 nhrp map <tunnel-address> <nbma-address>",
    summary:
      "A static NHRP mapping of the IPv6 overlay: the router with this IPv6 tunnel address (written with its prefix length) is reached at this NBMA address, where IKE, ESP and GRE are sent.",
  },
  {
    context: "interface",
    syntax: "ipv6 nhrp authentication <string>",
    summary:
      "The NHRP password of the IPv6 overlay, carried in clear text in its NHRP packets; every router of the cloud must write the same one, or registrations go unanswered while IPsec is up.",
  },
  {
    context: "interface",
    syntax: "ip nhrp authentication <string>",
    summary:
      "A password of up to 8 characters put into every NHRP packet the interface sends and checked in every one it receives. It travels in clear text, so it keeps clouds apart rather than securing them (IPsec does that); no string by default. It must match on every router of the DMVPN cloud: a router drops NHRP packets that carry another string (or none), so a spoke's registrations go unanswered while IPsec is up, and the hub logs `%DMVPN-3-DMVPN_NHRP_ERROR` with an authentication failure.",
  },
  {
    context: "interface",
    syntax: "ip nhrp holdtime <seconds>",
    summary:
      "How long other routers may keep the mappings this router gives them (in its registrations and resolution replies) before they expire: 7200 seconds (2 h) by default; DMVPN designs commonly use 300 to 600 so the entries of a spoke that went away or changed address clear quickly. On a spoke it also sets how often it registers (a third of it, unless `ip nhrp registration timeout` says otherwise). Hub and spokes need not agree on it.",
  },
  {
    context: "interface",
    syntax: "ip nhrp registration timeout <seconds>",
    summary:
      "How often a spoke sends its registration to each hub: by default a third of `ip nhrp holdtime` (2400 seconds with the default holdtime). A spoke notices a dead hub only when a registration goes unanswered, so a long interval also means slow failover to a backup hub.",
  },
  {
    context: "interface",
    syntax: "ip nhrp registration no-unique",
    summary:
      "Registers without the unique flag, so a hub accepts a new NBMA address for this spoke's tunnel address while it still holds the old one. Spokes whose outside address changes (DHCP, PPPoE, cellular) need it: otherwise, after an address change, the hub refuses the registration (unique address registered already) and the spoke stays cut off until the old entry's holdtime runs out.",
  },
  {
    context: "interface",
    syntax: "ip nhrp redirect timeout <seconds>",
    summary: `${REDIRECT} \`timeout\` sets how often, at most, the hub repeats a redirect for the same pair of spokes.`,
  },
  { context: "interface", syntax: "ip nhrp redirect", summary: REDIRECT },
  {
    context: "interface",
    syntax: "ip nhrp shortcut virtual-template <template>",
    summary: `${SHORTCUT} In FlexVPN, the spoke-to-spoke tunnels are cloned from this virtual template.`,
  },
  { context: "interface", syntax: "ip nhrp shortcut", summary: SHORTCUT },
  {
    context: "interface",
    syntax: "ip nhrp group <nhrp-group>",
    summary:
      "Per-tunnel QoS on a spoke: the spoke sends this group name in its registration, and the hub applies the output policy its `ip nhrp map group` line gives the group to the traffic toward this spoke. A name the hub does not map gets no policy.",
  },
  {
    context: "interface",
    syntax: "if-state nhrp",
    summary:
      "Ties the tunnel's line protocol to NHRP: the interface goes down while no next-hop server (hub) answers, so routes, tracking and backup paths react to a dead cloud instead of sending into it.",
  },

  // Routing over the tunnel: lines a DMVPN depends on, not its own.
  {
    context: "interface",
    syntax: "ip split-horizon eigrp <asn>",
    summary:
      "EIGRP split horizon, on by default: routes are not advertised back out of the interface they were learnt on. On a DMVPN hub the spokes' routes arrive on the mGRE tunnel and must leave by it, so the hub needs `no ip split-horizon eigrp <asn>`; with split horizon on, spokes learn nothing of each other (phase 3 can advertise a summary instead).",
    hoverOnly: true,
  },
  {
    context: "interface",
    syntax: "ip next-hop-self eigrp <asn>",
    summary:
      "EIGRP names this router as the next hop of the routes it advertises, by default. DMVPN phase 2 needs `no ip next-hop-self eigrp <asn>` on the hub: routes passed from one spoke to another then keep the originating spoke's tunnel address as next hop, so spokes resolve each other through NHRP and build direct tunnels; with the default, spoke-to-spoke traffic goes through the hub. Phase 3 does not need it.",
    hoverOnly: true,
  },
  {
    context: "interface",
    syntax: "ip ospf network (ospf-network)",
    summary:
      "The OSPF network type of the interface. Tunnels default to point-to-point, which takes one neighbour: on a multipoint tunnel the hub's adjacencies then flap. Hub and spokes must use compatible types (the same hello and dead timers, and the same view of DR election).",
    hoverOnly: true,
  },
];
