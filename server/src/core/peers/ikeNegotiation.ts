import type {
  ConfigModel,
  IsakmpAttributes,
  IsakmpPolicy,
} from "../config/model";
import {
  DEFAULT_IKE_POLICIES,
  DEFAULT_IKE_POLICIES_FEATURE,
  DEFAULT_PROTECTION_SUITE,
  IKE_LIFETIME_RULES,
} from "../knowledge/negotiation";
import { featureStatus } from "../knowledge/iosReleases";

/**
 * IKE phase 1 (main mode, first exchange) as IOS runs it. The initiator sends every policy it has
 * as one proposal each, in priority order. The responder takes its own policies in priority order
 * (then its built-in ones) and, for each, looks through the offers for one with the same
 * encryption, hash, authentication and Diffie-Hellman group and an acceptable lifetime; the first
 * hit is the policy of the SA. This is the order Cisco's IKE configuration guides describe ("the
 * remote peer checks each of its policies in order of its priority until a match is found"); it
 * decides which policy wins when several fit, never whether one fits.
 */

/** One IKE policy as it takes part in a negotiation. */
export interface IkeProposal extends IsakmpAttributes {
  priority: number;
  /** Where it comes from: a `crypto isakmp policy`, the default suite, or a default policy of newer releases. */
  origin: "configured" | "default-suite" | "default-policy";
  policy?: IsakmpPolicy;
}

/** An attribute that differs between an offer and a responder policy. */
export interface AttributeDifference {
  attribute: keyof IsakmpAttributes;
  initiator: string | number;
  responder: string | number;
}

/** The outcome of phase 1 in one direction. */
export interface Phase1Result {
  ok: boolean;
  /** The offer and the responder policy that matched. */
  offer?: IkeProposal;
  policy?: IkeProposal;
  /** The lifetime the SA takes (the shorter of the two). */
  lifetime?: number;
  /** When nothing matched: the pair with the fewest differences, and those differences. */
  closest?: {
    offer: IkeProposal;
    policy: IkeProposal;
    differences: AttributeDifference[];
  };
  /** Why phase 1 cannot start at all (ISAKMP turned off, nothing to offer). */
  blocked?: string;
}

const ATTRIBUTES: (keyof IsakmpAttributes)[] = [
  "encryption",
  "hash",
  "authentication",
  "group",
];

/** True when the config's release has the default IKE policies of 12.4(20)T and later. */
export function hasDefaultPolicies(model: ConfigModel): boolean {
  return (
    !model.isakmpDefaultPolicyDisabled &&
    featureStatus(DEFAULT_IKE_POLICIES_FEATURE, model.version) === "yes"
  );
}

function configured(model: ConfigModel): IkeProposal[] {
  return model.isakmpPolicies.map((policy) => ({
    encryption: policy.encryption,
    hash: policy.hash,
    authentication: policy.authentication,
    group: policy.group,
    lifetime: policy.lifetime,
    priority: policy.priority,
    origin: "configured",
    policy,
  }));
}

function builtIn(model: ConfigModel): IkeProposal[] {
  return hasDefaultPolicies(model)
    ? DEFAULT_IKE_POLICIES.map((p) => ({ ...p, origin: "default-policy" }))
    : [];
}

/** What an initiator offers: its policies, or its built-in ones when it has none. */
export function offeredPolicies(model: ConfigModel): IkeProposal[] {
  const own = configured(model);
  if (own.length) {
    return own;
  }
  const defaults = builtIn(model);
  return defaults.length
    ? defaults
    : [{ ...DEFAULT_PROTECTION_SUITE, origin: "default-suite" }];
}

/** What a responder checks offers against, in order: its policies, its default policies when it has none of its own, then the default suite. */
export function acceptedPolicies(model: ConfigModel): IkeProposal[] {
  const own = configured(model);
  return [
    ...own,
    ...(own.length ? [] : builtIn(model)),
    { ...DEFAULT_PROTECTION_SUITE, origin: "default-suite" },
  ];
}

/** `aes` and `aes 128` are the same cipher; spacing and case do not matter. */
export function normaliseEncryption(value: string): string {
  const v = value.toLowerCase().replace(/\s+/g, " ").trim();
  return v === "aes 128" ? "aes" : v;
}

/** The lifetime rule for the responder's release. */
function lifetimeRule(model: ConfigModel): (typeof IKE_LIFETIME_RULES)[number] {
  const v = model.version ?? { major: 0, minor: 0 };
  let rule = IKE_LIFETIME_RULES[0]!;
  for (const r of IKE_LIFETIME_RULES) {
    if (
      v.major > r.since.major ||
      (v.major === r.since.major && v.minor >= r.since.minor)
    ) {
      rule = r;
    }
  }
  return rule;
}

/** True when the responder accepts the offer's lifetime under its release's rule. */
export function lifetimeAccepted(
  responder: ConfigModel,
  offer: number,
  own: number,
): boolean {
  return lifetimeRule(responder).accepts === "any" || offer <= own;
}

/** The attributes (lifetime included when the responder rejects it) that keep an offer from a policy. */
export function differences(
  responder: ConfigModel,
  offer: IkeProposal,
  policy: IkeProposal,
): AttributeDifference[] {
  const out: AttributeDifference[] = [];
  for (const attribute of ATTRIBUTES) {
    const x = offer[attribute];
    const y = policy[attribute];
    const same =
      attribute === "encryption"
        ? normaliseEncryption(String(x)) === normaliseEncryption(String(y))
        : String(x).toLowerCase() === String(y).toLowerCase();
    if (!same) {
      out.push({ attribute, initiator: x, responder: y });
    }
  }
  if (!lifetimeAccepted(responder, offer.lifetime, policy.lifetime)) {
    out.push({
      attribute: "lifetime",
      initiator: offer.lifetime,
      responder: policy.lifetime,
    });
  }
  return out;
}

/**
 * Runs phase 1 between an initiator and a responder. When ISAKMP is off on either side the
 * negotiation is still simulated, so a policy mismatch behind it is not hidden, but it fails.
 */
export function negotiatePhase1(
  initiator: ConfigModel,
  responder: ConfigModel,
): Phase1Result {
  const blocked = initiator.isakmpDisabled
    ? "ISAKMP is turned off on the initiator"
    : responder.isakmpDisabled
      ? "ISAKMP is turned off on the responder"
      : undefined;
  const result = matchPolicies(initiator, responder);
  return blocked ? { ...result, ok: false, blocked } : result;
}

/** A proposal with its attributes in the form they are compared in (see `differences`). */
interface ComparableProposal {
  proposal: IkeProposal;
  /** The values of `ATTRIBUTES`, normalised as `differences` compares them. */
  keys: string[];
}

/** What one config brings to phase 1, built once per model: every pair it is part of reads it. */
interface PolicyTables {
  offered: ComparableProposal[];
  accepted: ComparableProposal[];
  /** The responder's release accepts any offered lifetime (`lifetimeAccepted`). */
  anyLifetime: boolean;
}

const TABLES = new WeakMap<ConfigModel, PolicyTables>();

function comparable(proposal: IkeProposal): ComparableProposal {
  return {
    proposal,
    keys: ATTRIBUTES.map((attribute) =>
      attribute === "encryption"
        ? normaliseEncryption(String(proposal[attribute]))
        : String(proposal[attribute]).toLowerCase(),
    ),
  };
}

function tablesOf(model: ConfigModel): PolicyTables {
  let tables = TABLES.get(model);
  if (!tables) {
    tables = {
      offered: offeredPolicies(model).map(comparable),
      accepted: acceptedPolicies(model).map(comparable),
      anyLifetime: lifetimeRule(model).accepts === "any",
    };
    TABLES.set(model, tables);
  }
  return tables;
}

function matchPolicies(
  initiator: ConfigModel,
  responder: ConfigModel,
): Phase1Result {
  const offers = tablesOf(initiator).offered;
  const { accepted, anyLifetime } = tablesOf(responder);
  let closest: Phase1Result["closest"];
  for (const { proposal: policy, keys: own } of accepted) {
    for (const { proposal: offer, keys: offered } of offers) {
      // Counted first: the differences themselves are only written out for a new closest pair.
      let count = anyLifetime || offer.lifetime <= policy.lifetime ? 0 : 1;
      for (let i = 0; i < offered.length; i++) {
        if (offered[i] !== own[i]) {
          count++;
        }
      }
      if (!count) {
        return {
          ok: true,
          offer,
          policy,
          lifetime: Math.min(offer.lifetime, policy.lifetime),
        };
      }
      // Configured policies make better advice than built-in ones, so a built-in pair only wins
      // when it is strictly closer.
      if (!closest || count < closest.differences.length) {
        closest = {
          offer,
          policy,
          differences: differences(responder, offer, policy),
        };
      }
    }
  }
  return { ok: false, closest };
}

/** Describes a proposal as `show crypto isakmp policy` would, briefly. */
export function describeProposal(p: IsakmpAttributes): string {
  return `${p.encryption}/${p.hash}/${p.authentication}/group ${p.group}/${p.lifetime} s`;
}
