import { table } from "./table";

/**
 * The `Session status:` of `show crypto session`: one word that sums up the IKE SA and the IPsec
 * SAs of a peer. It is the quickest first look at a tunnel, and the word says which phase to
 * look at next.
 */

/** What a crypto session status means. */
export interface SessionStatusInfo {
  meaning: string;
  /** True when the status shows a negotiation that keeps failing. */
  failing: boolean;
  /** What to look at next. */
  next?: string;
}

/** Statuses by name, as IOS prints them. */
export const SESSION_STATUSES: Readonly<Record<string, SessionStatusInfo>> =
  table({
    "UP-ACTIVE": {
      meaning:
        "The IKE SA and the IPsec SAs are up: traffic of the flows below is encrypted.",
      failing: false,
    },
    "UP-IDLE": {
      meaning:
        "The IKE SA is up but no IPsec SA exists: phase 1 works and phase 2 has not run since the last SAs expired (often simply no traffic).",
      failing: false,
      next: "If traffic should be flowing, send some and watch `debug crypto ipsec`: a quick mode that fails points at transform sets, PFS or crypto ACLs that are not mirror images.",
    },
    "UP-NO-IKE": {
      meaning:
        "IPsec SAs are up but their IKE SA is gone (expired or deleted): traffic still flows, and the next rekey needs a new phase 1.",
      failing: false,
      next: "If the tunnel drops when the IPsec SAs expire, phase 1 no longer succeeds: look at `show crypto isakmp sa` and `debug crypto isakmp` then.",
    },
    "DOWN-NEGOTIATING": {
      meaning:
        "IKE is negotiating and has not succeeded: the router keeps trying phase 1 (its IKE SA is Inactive), so no IPsec SA exists and the flows below are not protected.",
      failing: true,
      next: "Either the peer does not answer (UDP 500 blocked, no route to or from it, ISAKMP off there) or it answers and refuses (no common policy, different pre-shared keys, an identity it does not accept). `show crypto isakmp sa` shows how far phase 1 gets; `debug crypto isakmp` on both routers shows why it stops.",
    },
    DOWN: {
      meaning:
        "No IKE SA and no IPsec SA: nothing is negotiating. For a crypto map this is normal until traffic matches its ACL; for a tunnel interface the tunnel is down.",
      failing: false,
      next: "Send traffic that the crypto ACL matches (a ping from the LAN, not from the router) and check again; if it stays DOWN, the traffic does not reach the interface that carries the crypto map.",
    },
  });

/** The meaning of a status, or undefined for one this table does not know. */
export function sessionStatus(name: string): SessionStatusInfo | undefined {
  return SESSION_STATUSES[name.toUpperCase()];
}
