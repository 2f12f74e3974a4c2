import { entryAcl, entryAcl6 } from "../config/cryptoPeers";
import type {
  AccessList,
  Ipv6AccessList,
  ConfigModel,
  CryptoIdentity,
  IpsecLifetimes,
  IsakmpProfile,
  Reference,
  TransformSet,
  VolumeLifetime,
  WrittenLifetime,
} from "../config/model";
import { keywordAt, nodeRange, type ConfigNode } from "../config/tree";
import { IPSEC_LIFETIME_DEFAULTS } from "../knowledge/iosDefaults";
import {
  BUILT_IN_OBJECTS,
  IKEV2_DEFAULT_TRANSFORMS,
} from "../knowledge/ikev2Defaults";
import {
  DEFAULT_TRANSFORM_SETS,
  defaultTransformSetsStatus,
} from "../knowledge/iosReleases";
import { MODE_ACCEPTED_BY, PFS_RULES } from "../knowledge/negotiation";
import { TRANSFORM_FACTS } from "../knowledge/transforms";
import type { Endpoint } from "./pairing";
import type { RouterInfo } from "./router";

/**
 * IKE phase 2 (quick mode) as IOS runs it: the initiator offers its transform sets in the order of
 * `set transform-set`; the responder takes the first offer equal to one of its own sets (same
 * protocols, ciphers with key sizes, integrity, and an acceptable mode). PFS and lifetimes are
 * judged as the `set pfs` and `set security-association lifetime` references describe.
 */

/** The phase-2 settings of one end: from its crypto map entry, or from the IPsec profile of a tunnel. */
export interface Phase2Settings {
  /** The sets it offers and accepts, in order; `builtIn` for the default sets of newer releases. */
  transformSets: { set: TransformSet; ref?: Reference; builtIn?: boolean }[];
  /** The `set transform-set` line. */
  transformLine?: ConfigNode;
  pfs?: { group: string; explicit: boolean; node: ConfigNode };
  lifetimeSeconds: Lifetime;
  lifetimeKilobytes: Lifetime<VolumeLifetime>;
  acl?: AccessList;
  /** An IPv6 crypto map entry's ACL (`acl` is an IPv4 entry's). */
  acl6?: Ipv6AccessList;
  aclRef?: Reference;
  identity?: CryptoIdentity;
  identityRef?: Reference;
  isakmpProfile?: IsakmpProfile;
  /** The section where phase-2 lines live (crypto map entry or IPsec profile), for fixes that add one. */
  container?: ConfigNode;
}

/** A lifetime with where its value comes from. */
export interface Lifetime<V = number> {
  value: V;
  origin: "entry" | "global" | "default";
  node?: ConfigNode;
}

/**
 * The IPsec SA lifetime an entry or profile runs with: its own `set security-association
 * lifetime` line, else the global `crypto ipsec security-association lifetime`, else IOS's default.
 * A `kilobytes disable` counts as a value: the entry's overrides a global number, and a global one
 * applies to every entry that writes no volume lifetime.
 */
export function ipsecLifetime<U extends keyof IpsecLifetimes>(
  model: ConfigModel,
  unit: U,
  own: WrittenLifetime<IpsecLifetimes[U]> | undefined,
): Lifetime<IpsecLifetimes[U]> {
  if (own) {
    return { value: own.value, origin: "entry", node: own.node };
  }
  const global = model.ipsecLifetime[unit];
  return global !== undefined
    ? { value: global, origin: "global" }
    : { value: IPSEC_LIFETIME_DEFAULTS[unit], origin: "default" };
}

/**
 * The volume lifetime IKEv1 gives the SAs of two ends: the shorter of two numbers, `"disabled"`
 * when both disable it. Undefined when only one does: that end proposes no volume lifetime, and how
 * the other settles it is not confirmed, so each keeps its own as far as this analysis knows.
 */
export function agreedVolume(
  a: VolumeLifetime,
  b: VolumeLifetime,
): VolumeLifetime | undefined {
  if (a === "disabled" || b === "disabled") {
    return a === b ? a : undefined;
  }
  return Math.min(a, b);
}

/** A volume lifetime as hints, findings and the tunnel report write it: `4608000 KB`, `KB disabled`. */
export function volumeText(volume: VolumeLifetime): string {
  return volume === "disabled" ? "KB disabled" : `${volume} KB`;
}

/** The PFS of an entry or profile's `set pfs` line; `explicit` is false when it names no group. */
export function pfsSetting(
  pfs: { group: string; node: ConfigNode } | undefined,
): Phase2Settings["pfs"] {
  return pfs
    ? {
        group: pfs.group,
        explicit: keywordAt(pfs.node, 2) !== "",
        node: pfs.node,
      }
    : undefined;
}

const SETTINGS = new WeakMap<Endpoint, Phase2Settings>();

/** Reads the phase-2 settings of an end, once per end (each pair and direction asks); read-only. */
export function phase2Settings(end: Endpoint): Phase2Settings {
  let settings = SETTINGS.get(end);
  if (!settings) {
    settings = readPhase2Settings(end);
    SETTINGS.set(end, settings);
  }
  return settings;
}

function readPhase2Settings(end: Endpoint): Phase2Settings {
  const model = end.router.model;
  const sets = new Map(model.transformSets.map((s) => [s.name, s]));
  const ikev2 =
    (end.kind === "tunnel" ? end.ipsecProfile : end.entry)?.ikev2Profile !==
    undefined;
  const resolve = (
    refs: readonly Reference[],
    container: ConfigNode | undefined,
  ): Phase2Settings["transformSets"] => {
    if (!refs.length && container) {
      return builtInSets(model, container, ikev2);
    }
    return refs.flatMap((ref) => {
      const set = sets.get(ref.name);
      if (set) {
        return [{ set, ref }];
      }
      // IOS's own `default` set (IKEv2 smart defaults), where the config defines none of that name.
      return BUILT_IN_OBJECTS["transform-set"]?.has(ref.name)
        ? [{ set: defaultTransformSet(ref), ref, builtIn: true }]
        : [];
    });
  };
  const profileNamed = (ref: Reference | undefined) =>
    ref ? model.isakmpProfiles.find((p) => p.name === ref.name) : undefined;
  if (end.kind === "tunnel") {
    const profile = end.ipsecProfile;
    const policy = end.tunnel?.tunnel.policy;
    // IOS's own `default` profile has no section to write a fix into.
    const container = profile?.builtIn ? undefined : profile?.node;
    return {
      transformSets: resolve(profile?.transformSets ?? [], container),
      transformLine: container && profile?.transformSets[0]?.node,
      pfs: pfsSetting(profile?.pfs),
      lifetimeSeconds: ipsecLifetime(
        model,
        "seconds",
        profile?.lifetimeSeconds,
      ),
      lifetimeKilobytes: ipsecLifetime(
        model,
        "kilobytes",
        profile?.lifetimeKilobytes,
      ),
      isakmpProfile: profileNamed(profile?.isakmpProfile),
      container,
      // A multi-SA VTI negotiates its policy ACL's flows, as a crypto map does.
      ...(policy ? { acl: model.acls.get(policy.name), aclRef: policy } : {}),
    };
  }
  const entry = end.entry!;
  return {
    transformSets: resolve(entry.transformSets, entry.node),
    transformLine: entry.transformSets[0]?.node,
    pfs: pfsSetting(entry.pfs),
    lifetimeSeconds: ipsecLifetime(model, "seconds", entry.lifetimeSeconds),
    lifetimeKilobytes: ipsecLifetime(
      model,
      "kilobytes",
      entry.lifetimeKilobytes,
    ),
    acl: entryAcl(model, entry),
    acl6: entryAcl6(model, entry),
    aclRef: entry.matchAddress,
    identity: entry.identity
      ? model.identities.find((i) => i.name === entry.identity!.name)
      : undefined,
    identityRef: entry.identity,
    isakmpProfile: profileNamed(entry.isakmpProfile),
    container: entry.node,
  };
}

/**
 * The default transform sets a release of 12.4(20)T or later proposes for an entry or profile
 * that names none. IOS marks them transport mode, which still accepts tunnel mode; they are
 * modelled as tunnel sets, the mode every crypto map peer then gets.
 */
function builtInSets(
  model: ConfigModel,
  container: ConfigNode,
  ikev2: boolean,
): Phase2Settings["transformSets"] {
  if (defaultTransformSetsStatus(model.version, ikev2) !== "yes") {
    return [];
  }
  return DEFAULT_TRANSFORM_SETS.map((names, i) => ({
    builtIn: true,
    set: {
      name: `default_transform_set_${DEFAULT_TRANSFORM_SETS.length - 1 - i}`,
      nameRange: nodeRange(container),
      node: container,
      transforms: names.map((name) => ({ name, range: nodeRange(container) })),
      mode: "tunnel",
    },
  }));
}

const DEFAULT_SETS = new WeakMap<Reference, TransformSet>();

/**
 * IOS's own transform set `default` (IKEv2 smart defaults), standing at the line that names it.
 * Printed as transport mode, which still accepts tunnel mode: modelled as a tunnel set, as the
 * release defaults are.
 */
function defaultTransformSet(ref: Reference): TransformSet {
  let set = DEFAULT_SETS.get(ref);
  if (!set) {
    set = {
      name: ref.name,
      nameRange: ref.range,
      node: ref.node,
      transforms: IKEV2_DEFAULT_TRANSFORMS.map((name) => ({
        name,
        range: ref.range,
      })),
      mode: "tunnel",
    };
    DEFAULT_SETS.set(ref, set);
  }
  return set;
}

/** A transform set reduced to what the peers compare. */
export interface TransformSpec {
  espEncryption?: string;
  espIntegrity?: string;
  ahIntegrity?: string;
  mode: "tunnel" | "transport";
}

/** Reduces a transform set to its comparable parts (compression is optional in IOS and left out). */
export function transformSpec(set: TransformSet): TransformSpec {
  const spec: TransformSpec = { mode: set.mode };
  for (const t of set.transforms) {
    const facts = TRANSFORM_FACTS[t.name];
    if (!facts) {
      continue;
    }
    const size = t.keySize ?? facts.defaultKeySize;
    const value = size !== undefined ? `${t.name} ${size}` : t.name;
    if (facts.slot === "esp-encryption" || facts.slot === "esp-combined") {
      spec.espEncryption = value;
    } else if (facts.slot === "esp-integrity") {
      spec.espIntegrity = value;
    } else if (facts.slot === "ah-integrity") {
      spec.ahIntegrity = value;
    }
  }
  return spec;
}

const SPECS = new WeakMap<TransformSet, TransformSpec>();

/** `transformSpec`, once per set: a set is compared with every set of every peer. */
function specOf(set: TransformSet): TransformSpec {
  let spec = SPECS.get(set);
  if (!spec) {
    spec = transformSpec(set);
    SPECS.set(set, spec);
  }
  return spec;
}

/** A part of two transform sets that differs. */
export interface TransformDifference {
  what: "ESP encryption" | "ESP integrity" | "AH integrity" | "mode";
  initiator: string;
  responder: string;
}

/** What keeps an offered set from a responder's set. */
export function transformDifferences(
  offer: TransformSet,
  own: TransformSet,
): TransformDifference[] {
  const a = specOf(offer);
  const b = specOf(own);
  const out: TransformDifference[] = [];
  const none = "none";
  const parts: [TransformDifference["what"], keyof TransformSpec][] = [
    ["ESP encryption", "espEncryption"],
    ["ESP integrity", "espIntegrity"],
    ["AH integrity", "ahIntegrity"],
  ];
  for (const [what, key] of parts) {
    if (a[key] !== b[key]) {
      out.push({
        what,
        initiator: String(a[key] ?? none),
        responder: String(b[key] ?? none),
      });
    }
  }
  if (!MODE_ACCEPTED_BY[a.mode].includes(b.mode)) {
    out.push({ what: "mode", initiator: a.mode, responder: b.mode });
  }
  return out;
}

/** The result of matching transform sets. */
export interface TransformResult {
  ok: boolean;
  chosen?: { offer: TransformSet; own: TransformSet };
  closest?: {
    offer: TransformSet;
    own: TransformSet;
    differences: TransformDifference[];
  };
}

/** Matches the initiator's offers against the responder's sets, in the initiator's order. */
export function matchTransformSets(
  offers: readonly TransformSet[],
  own: readonly TransformSet[],
): TransformResult {
  let closest: TransformResult["closest"];
  for (const offer of offers) {
    for (const set of own) {
      const differences = transformDifferences(offer, set);
      if (!differences.length) {
        return { ok: true, chosen: { offer, own: set } };
      }
      if (!closest || differences.length < closest.differences.length) {
        closest = { offer, own: set, differences };
      }
    }
  }
  return { ok: false, closest };
}

/** Writes a transform set's transforms as IOS does. */
export function transformText(set: TransformSet): string {
  return set.transforms
    .map((t) => (t.keySize !== undefined ? `${t.name} ${t.keySize}` : t.name))
    .join(" ");
}

/** The result of judging PFS in one direction. */
export interface PfsResult {
  ok: boolean;
  /** The group the SA uses, when PFS is on. */
  group?: string;
  reason?: string;
  /**
   * IKEv2: the first child SA is made in IKE_AUTH, which carries no key exchange, so a PFS
   * mismatch (`ok` false) fails only the rekeys (CREATE_CHILD_SA), not the tunnel's start.
   */
  atRekeyOnly?: boolean;
}

/** Judges the initiator's PFS offer against the responder's setting. */
export function judgePfs(
  initiator: Phase2Settings["pfs"],
  responder: Phase2Settings["pfs"],
): PfsResult {
  if (!responder) {
    return { ok: true, group: initiator?.group };
  }
  if (!initiator) {
    return {
      ok: false,
      reason: `the responder requires PFS (${responder.group}) and the initiator offers none`,
    };
  }
  const accepted = responder.explicit
    ? [responder.group]
    : PFS_RULES.implicitAccepts;
  if (!accepted.includes(initiator.group)) {
    return {
      ok: false,
      reason: `the initiator offers PFS ${initiator.group} and the responder requires ${responder.group}`,
    };
  }
  return { ok: true, group: initiator.group };
}

/** The identity a router presents that an identity list can judge: its FQDN and its certificates' DNs. */
export function identityAdmits(
  identity: CryptoIdentity,
  peer: RouterInfo,
): boolean | undefined {
  const subjects = peer.model.trustpoints
    .map((t) => t.subjectName)
    .filter((s): s is string => s !== undefined)
    .map(parseDn);
  let unknown = false;
  for (const entry of identity.entries) {
    if (entry.kind === "fqdn") {
      if (!peer.fqdn) {
        unknown = true;
      } else if (entry.value.toLowerCase() === peer.fqdn) {
        return true;
      }
    } else {
      if (!subjects.length) {
        unknown = true;
        continue;
      }
      const wanted = parseDn(entry.value);
      if (subjects.some((s) => [...wanted].every(([k, v]) => s.get(k) === v))) {
        return true;
      }
    }
  }
  return unknown ? undefined : false;
}

/** Reads `cn=a,ou=b` into lower-case attribute/value pairs. */
function parseDn(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(",")) {
    const at = part.indexOf("=");
    if (at > 0) {
      out.set(
        part.slice(0, at).trim().toLowerCase(),
        part
          .slice(at + 1)
          .trim()
          .toLowerCase(),
      );
    }
  }
  return out;
}
