import type { IsakmpAttributes } from "../config/model";
import { ISAKMP_POLICY_DEFAULTS } from "./iosDefaults";
import type { ReleaseFeature } from "./iosReleases";

/**
 * Facts about how IOS negotiates IKEv1 phase 1 and phase 2 with a peer: the policies it falls back
 * on, how it judges lifetimes, and what each transform name means. The peer analysis reads these
 * tables; it has no IOS behaviour of its own.
 */

/** An IKE policy IOS holds without it being configured. */
export interface BuiltInPolicy extends IsakmpAttributes {
  priority: number;
}

/**
 * The "default protection suite" every IOS release checks after the configured policies (it
 * shows as priority 65535 in `debug crypto isakmp`, and `show crypto isakmp policy` lists it).
 */
export const DEFAULT_PROTECTION_SUITE: BuiltInPolicy = {
  ...ISAKMP_POLICY_DEFAULTS,
  priority: 65535,
};

/**
 * The eight default IKE policies of 12.4(20)T and later (priorities 65507 to 65514). IOS uses them
 * only while no `crypto isakmp policy` is configured, and `no crypto isakmp default policy` turns
 * them off (Cisco IOS command reference, `show crypto isakmp policy`, usage guidelines).
 */
export const DEFAULT_IKE_POLICIES: readonly BuiltInPolicy[] = [
  {
    priority: 65507,
    encryption: "aes",
    hash: "sha",
    authentication: "rsa-sig",
    group: 5,
    lifetime: 86400,
  },
  {
    priority: 65508,
    encryption: "aes",
    hash: "sha",
    authentication: "pre-share",
    group: 5,
    lifetime: 86400,
  },
  {
    priority: 65509,
    encryption: "aes",
    hash: "md5",
    authentication: "rsa-sig",
    group: 5,
    lifetime: 86400,
  },
  {
    priority: 65510,
    encryption: "aes",
    hash: "md5",
    authentication: "pre-share",
    group: 5,
    lifetime: 86400,
  },
  {
    priority: 65511,
    encryption: "3des",
    hash: "sha",
    authentication: "rsa-sig",
    group: 2,
    lifetime: 86400,
  },
  {
    priority: 65512,
    encryption: "3des",
    hash: "sha",
    authentication: "pre-share",
    group: 2,
    lifetime: 86400,
  },
  {
    priority: 65513,
    encryption: "3des",
    hash: "md5",
    authentication: "rsa-sig",
    group: 2,
    lifetime: 86400,
  },
  {
    priority: 65514,
    encryption: "3des",
    hash: "md5",
    authentication: "pre-share",
    group: 2,
    lifetime: 86400,
  },
];

/**
 * The default IKE policies came with 12.4(20)T. A config's `version 12.4` does not say whether it
 * is that train, so only 15.0 and later count as having them.
 */
export const DEFAULT_IKE_POLICIES_FEATURE: ReleaseFeature = {
  description: "default IKE policies",
  introduced: "12.4(20)T",
  certainFrom: 15.0,
  dependsOnTrain: [12.4],
};

/**
 * How a responder judges the lifetime of an offer. Cisco's IKE configuration guides (12.x through
 * 15.x) say a policy matches when the initiator's lifetime is less than or equal to the
 * responder's, and that the shorter lifetime, the initiator's, is then used; an offer with a longer
 * lifetime is not acceptable to that policy. The troubleshooting chapter adds that this depends
 * on the release, so a lifetime difference is always reported even when it does not break the
 * tunnel. Entries are tried in order; the first whose `since` is not after the config's version
 * applies.
 */
export const IKE_LIFETIME_RULES: readonly {
  since: { major: number; minor: number };
  /** The responder accepts when the initiator's lifetime compares so with its own. */
  accepts: "initiator-not-longer" | "any";
  /** Which lifetime the SA then takes. */
  negotiated: "shorter";
}[] = [
  {
    since: { major: 0, minor: 0 },
    accepts: "initiator-not-longer",
    negotiated: "shorter",
  },
];

/**
 * Transform set modes: a `mode transport` set asks for transport mode but accepts tunnel mode
 * from the peer; a tunnel set asks for and accepts only tunnel mode (IOS `mode (IPsec)` command
 * reference). Keyed by the initiator's mode, the responder modes that accept it.
 */
export const MODE_ACCEPTED_BY: Readonly<
  Record<"tunnel" | "transport", readonly ("tunnel" | "transport")[]>
> = {
  tunnel: ["tunnel", "transport"],
  transport: ["transport"],
};

/** The group a bare `set pfs` means, and the groups a responder with it accepts. */
const IMPLICIT_PFS_GROUP = "group1";
const IMPLICIT_PFS_ACCEPTS: readonly string[] = ["group1", "group2"];

/**
 * PFS as a responder judges it (IOS `set pfs` command reference): without `set pfs` it accepts
 * whatever the initiator offers, with PFS or without; with `set pfs GROUP` the initiator must
 * offer that group; `set pfs` alone means group1 and also accepts an offer of group2.
 */
export const PFS_RULES = {
  /** The group `set pfs` means when it names none. */
  implicitGroup: IMPLICIT_PFS_GROUP,
  /** Groups a responder with a bare `set pfs` accepts. */
  implicitAccepts: IMPLICIT_PFS_ACCEPTS,
  /** Why an entry or profile without `set pfs` matters, by IKE version (plain text, for hints). */
  absentEffect: {
    ikev1:
      "Without set pfs this router offers no PFS in quick mode, and a peer that requires PFS refuses the offer; when the peer starts, IOS accepts its offer with or without PFS.",
    ikev2:
      "Without set pfs the rekeys of the IPsec SAs carry no Diffie-Hellman exchange: a peer that requires PFS refuses them, so the tunnel comes up and then fails at its first rekey.",
  },
  /** Why a bare `set pfs` matters (plain text, for hints). */
  implicitEffect: `Without a group, set pfs means ${IMPLICIT_PFS_GROUP}, and answering, IOS accepts ${IMPLICIT_PFS_ACCEPTS.join(" or ")}: a peer set to another group is refused.`,
};
