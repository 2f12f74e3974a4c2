import { table } from "./table";

/**
 * The columns of `show dmvpn`: the `State` of each NHRP entry (how far the tunnel to that peer
 * got: the crypto first, then NHRP), the letters of `Attrb` from the output's legend, the
 * `UpDn Tm` column, the interface's `Type` and the status letters of its next-hop servers.
 */

/** What a `show dmvpn` state means, and for a state short of UP what stops there and the fix. */
export interface DmvpnStateInfo {
  meaning: string;
  /** True for the state of a working entry. */
  up: boolean;
  /** Why an entry stays in this state. */
  cause?: string;
  /** What to check on both routers. */
  verify?: string;
  /** What to change. */
  fix?: string;
}

/** States by name, upper case (IOS prints `DOWN` in some releases and `down` in others). */
export const DMVPN_STATES: Readonly<Record<string, DmvpnStateInfo>> = table({
  UP: {
    meaning:
      "Everything this entry needs is done: the IPsec SAs protect the GRE packets (when the tunnel has `tunnel protection`) and NHRP completed. A spoke's entry for its hub is UP once the hub answered its registration; a hub's entry for a spoke once the spoke registered.",
    up: true,
  },
  NHRP: {
    meaning:
      "The crypto is done (IKE and IPsec SAs are up, or the tunnel has no protection) but NHRP is not: a spoke's registration to this hub got no reply, or a resolution for this address is unanswered.",
    up: false,
    cause:
      "GRE packets pass the crypto but NHRP drops or ignores them: the two ends have different `ip nhrp authentication` strings, different `tunnel key`s (each end discards the other's GRE packets), or the spoke's `ip nhrp nhs` is not the hub's tunnel address; a missing `ip nhrp map multicast` (`dynamic` on the hub, the hub's NBMA address on the spoke) leaves routing protocols without neighbours even once registration works.",
    verify:
      "`show ip nhrp nhs detail` on the spoke (requests sent, replies received), `show ip nhrp traffic`, `show running-config interface <tunnel>` on both ends (authentication, tunnel key, nhs, map multicast), `debug nhrp packet`.",
    fix: "Give both ends the same `ip nhrp authentication STRING` and `tunnel key N`; on the spoke point `ip nhrp nhs` at the hub's tunnel address (`ip nhrp nhs HUB-TUNNEL nbma HUB-NBMA multicast`, or `ip nhrp nhs HUB-TUNNEL` with `ip nhrp map HUB-TUNNEL HUB-NBMA` and `ip nhrp map multicast HUB-NBMA`); on the hub `ip nhrp map multicast dynamic`.",
  },
  IKE: {
    meaning:
      "IKE phase 1 with this peer's NBMA address has not completed: no IKE SA, so no IPsec SA and no GRE packet gets through.",
    up: false,
    cause:
      "Either the peer does not answer (UDP 500, or 4500 behind NAT, blocked on the path; no route to its NBMA address; a wrong NBMA address in `ip nhrp nhs ... nbma` or `ip nhrp map`) or it refuses: no common IKE policy (IKEv1) or proposal (IKEv2), different pre-shared keys (a key for the wrong address, or a keyring without the wildcard `0.0.0.0` a hub of dynamic spokes needs), or a refused certificate.",
    verify:
      "`show crypto isakmp sa` or `show crypto ikev2 sa` for the peer's NBMA address (MM_NO_STATE: no answer; MM_KEY_EXCH: keys), `show crypto session remote <NBMA>`, `ping <NBMA> source <tunnel source>`, `debug crypto isakmp` or `debug crypto ikev2` on both ends.",
    fix: "Permit UDP 500 and 4500 (and ESP) between the NBMA addresses and route them; make one IKE policy or IKEv2 proposal common to both ends; use the same pre-shared key on both (`crypto isakmp key KEY address 0.0.0.0` on a hub whose spokes have dynamic addresses, or `pre-shared-key` in the IKEv2 keyring).",
  },
  IPSEC: {
    meaning:
      "IKE phase 1 is up but the IPsec SAs are not: quick mode (or IKEv2's child SA) for the GRE traffic between the two NBMA addresses failed.",
    up: false,
    cause:
      "The two IPsec profiles do not agree: no common transform set (transforms, or tunnel against transport mode on releases that do not fall back), PFS on one end only, or an IPsec profile that names an IKEv2 profile the peer does not match; an end without `tunnel protection` on its tunnel never builds the SAs at all.",
    verify:
      "`show crypto ipsec profile` and `show crypto ipsec transform-set` on both ends, `show crypto ipsec sa peer <NBMA>` (no SPI), `debug crypto ipsec` on the responder.",
    fix: "Give both ends' `crypto ipsec profile` a common transform set (for example `crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac` with `mode transport` on both, `set transform-set TS` in the profile), the same `set pfs` setting, and `tunnel protection ipsec profile NAME` on both tunnels.",
  },
  INTF: {
    meaning:
      "The tunnel interface's line protocol is down, so no entry of it can work.",
    up: false,
    cause:
      "The tunnel's source interface is down or has no address, the tunnel is shut down, or (with `if-state nhrp`) no next-hop server answers, which IOS shows by bringing the tunnel's line protocol down.",
    verify:
      "`show interfaces <tunnel>` (the line protocol), `show ip interface brief` (the tunnel source), `show ip nhrp nhs detail`.",
    fix: "Bring the tunnel source up (or point `tunnel source` at an interface that is up), `no shutdown` on the tunnel; with `if-state nhrp`, fix what keeps the hub from answering (see the NHRP state).",
  },
  DOWN: {
    meaning:
      "The entry is down: the tunnel to this peer worked once or was tried and is not usable now (registrations expired, or the crypto session to its NBMA address was torn down).",
    up: false,
    cause:
      "The peer stopped answering: its NBMA address is no longer reachable (routing or a firewall on the path), the peer rebooted or changed its address, or its IKE or IPsec SAs were deleted and not rebuilt.",
    verify:
      "`show dmvpn detail` and `show crypto session remote <NBMA>` for the crypto state, `show ip nhrp nhs detail` on a spoke, `ping <NBMA> source <tunnel source>`.",
    fix: "Restore reachability between the NBMA addresses; if the crypto no longer comes up, fix what its debug shows (see the IKE and IPSEC states); `clear crypto session remote <NBMA>` to rebuild the session.",
  },
});

/**
 * A text of the table with its placeholders filled in: `<NBMA>` by the peer's NBMA address and
 * `<tunnel>` by the tunnel interface, when they are known.
 */
export function fillDmvpnText(
  text: string,
  nbma: string | undefined,
  tunnel: string | undefined,
): string {
  let out = text;
  if (nbma && nbma !== "UNKNOWN") {
    out = out.split("<NBMA>").join(nbma);
  }
  if (tunnel) {
    out = out.split("<tunnel>").join(tunnel);
  }
  return out;
}

/** The meaning of a state, or undefined for one this table does not know. */
export function dmvpnState(word: string): DmvpnStateInfo | undefined {
  return DMVPN_STATES[word.toUpperCase()];
}

/** One letter (or letter and digit) of the `Attrb` column. */
export interface DmvpnAttributeInfo {
  /** The legend's word for it. */
  name: string;
  meaning: string;
}

/** The `Attrb` letters, as the output's legend lists them. */
export const DMVPN_ATTRIBUTES: Readonly<Record<string, DmvpnAttributeInfo>> =
  table({
    S: {
      name: "Static",
      meaning:
        "configured, not learned: a spoke's mapping of its hub (`ip nhrp nhs ... nbma`, `ip nhrp map`).",
    },
    D: {
      name: "Dynamic",
      meaning:
        "learned through NHRP: on a hub, a spoke's registration; on a spoke, the answer to a resolution for another spoke.",
    },
    I: {
      name: "Incomplete",
      meaning:
        "a resolution for this tunnel address was sent and not answered yet; the NBMA address is unknown (`UNKNOWN`) and IOS holds back new requests for it meanwhile.",
    },
    N: {
      name: "NATed",
      meaning:
        "the peer is behind NAT: the NBMA address shown is the one its packets arrive from, after translation.",
    },
    L: {
      name: "Local",
      meaning: "a mapping of this router's own networks, which it answers for.",
    },
    X: {
      name: "No Socket",
      meaning:
        "no crypto socket is attached: IPsec is not set up for this entry (usual on local and incomplete entries).",
    },
    T1: {
      name: "Route Installed",
      meaning:
        "NHRP installed a shortcut route for the peer's network in the routing table (DMVPN phase 3).",
    },
    T2: {
      name: "Nexthop-override",
      meaning:
        "NHRP overrides the next hop of an existing route toward the peer's network with this shortcut (DMVPN phase 3).",
    },
    C: {
      name: "CTS Capable",
      meaning: "the peer can carry Cisco TrustSec group tags over the tunnel.",
    },
    I2: {
      name: "Temporary",
      meaning:
        "a temporary entry made while a shortcut to the peer is being resolved; a complete one replaces it.",
    },
    B: {
      name: "BGP",
      meaning: "the entry serves a next hop learned from BGP.",
    },
  });

/** The attribute codes of an `Attrb` cell (`DT1` -> `D`, `T1`); undefined if a letter is unknown. */
export function dmvpnAttributes(text: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    const two = text.slice(i, i + 2);
    if (two.length === 2 && /\d/.test(two[1]!) && two in DMVPN_ATTRIBUTES) {
      out.push(two);
      i += 2;
    } else if (text[i]! in DMVPN_ATTRIBUTES) {
      out.push(text[i]!);
      i += 1;
    } else {
      return undefined;
    }
  }
  return out;
}

/** The interface's role after `Type:`. */
export const DMVPN_TYPES: Readonly<Record<string, string>> = table({
  Hub: "a hub: the tunnel names no next-hop server of its own (no `ip nhrp nhs`), so it is the server: spokes register to it.",
  Spoke:
    "a spoke: it registers to the next-hop servers of its `ip nhrp nhs` lines.",
  "Hub/Spoke":
    "both: it serves spokes of its own and registers to a server above it (a hierarchical DMVPN).",
  Unknown: "IOS does not (yet) class the tunnel as hub or spoke.",
});

/** The status letters of a next-hop server (`NHS Status` in the legend). */
export const DMVPN_NHS_STATUS: Readonly<Record<string, string>> = table({
  E: "Expecting replies: registrations were sent to this server.",
  R: "Responding: the server answered a registration.",
  W: "Waiting: the spoke waits before sending the next registration.",
});

const TIME_UNITS: Readonly<Record<string, string>> = table({
  y: "year",
  w: "week",
  d: "day",
  h: "hour",
});

/** The `UpDn Tm` column in words: `00:10:22`, `6d12h`, `3w5d` or `never`. */
export function dmvpnTimeText(text: string, up: boolean): string {
  if (text === "never") {
    return up
      ? "**never**: the entry is up but its release keeps no time for it (some 12.4 releases print `never` for a hub's dynamic entries)."
      : "**never**: the entry has never been up since it was created: the tunnel to this peer never got through.";
  }
  const clock = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  let amount: string;
  if (clock) {
    amount = `${Number(clock[1])} h ${Number(clock[2])} min ${Number(clock[3])} s`;
  } else {
    const parts = /^(\d{1,5})([ywd])(\d{1,2})([wdh])$/.exec(text);
    if (!parts) {
      return `**${text}**: the time in the current state.`;
    }
    const unit = (n: string, u: string) =>
      `${Number(n)} ${TIME_UNITS[u]}${Number(n) === 1 ? "" : "s"}`;
    amount = `${unit(parts[1]!, parts[2]!)} ${unit(parts[3]!, parts[4]!)}`;
  }
  return `**${text}**: ${up ? "up" : "in this state"} for ${amount} (\`UpDn Tm\` counts from the entry's last change of state).`;
}
