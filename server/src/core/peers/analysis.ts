import { andList } from "../text/units";
import type { WorkspaceConfig, WorkspaceView } from "../checks/check";
import { pushAt } from "../collections/multiMap";
import {
  routerName,
  type AclEntry,
  type Ipv6AclEntry,
  type TransformSet,
} from "../config/model";
import { signingCertificate } from "../config/certificateMaps";
import { entryShadowedBy } from "../config/cryptoMapOrder";
import { cryptoView, type CryptoPeer } from "../config/cryptoPeers";
import { interfaceDownReason } from "../config/interfaceState";
import { filtersInbound, inboundBlock } from "../config/ipsecFilters";
import type { Code } from "../diagnostics/catalog";
import { foreignPlatform } from "../config/platform";
import {
  routedIntoItself,
  interfaceNamed,
  routingView,
  tunnelVrfMismatch,
  unreachable,
  vrfText,
} from "../config/routingView";
import {
  ikev2ProfileProblem,
  isakmpProfileProblem,
  knownVrf,
} from "../config/profileSelection";
import type {
  ConfigModel,
  CryptoMapEntry,
  Ikev2Profile,
  Interface,
  IsakmpProfile,
  PresharedKey,
  VolumeLifetime,
} from "../config/model";
import type { ConfigNode } from "../config/tree";
import {
  matchedText,
  profileSelects,
  natClause,
  sentIsakmpIdentity,
  sentText,
  type ProfileRefusal,
} from "./isakmpIdentity";
import { formatIpv4 } from "../ipv4/address";
import { formatAddress, type IpAddress } from "../ipv6/address";
import { negotiatePhase1, type Phase1Result } from "./ikeNegotiation";
import {
  describeIkev2Offer,
  ikev2KeyringPeer,
  ikev2Keys,
  inlineRemoteKey,
  ikev2OfferName,
  ikev2PolicyName,
  ikev2ProfileRef,
  ikev2Side,
  negotiateIkev2,
  profileAdmits,
  sentIdentity,
  type Ikev2SaInit,
  type Ikev2Side,
  type SentIdentity,
} from "./ikev2Negotiation";
import {
  effectiveAddress,
  pairRouters,
  SpokePair,
  type Endpoint,
  type Pairing,
  type TunnelPair,
} from "./pairing";
import {
  agreedVolume,
  identityAdmits,
  judgePfs,
  matchTransformSets,
  phase2Settings,
  type Phase2Settings,
  type PfsResult,
  type TransformResult,
} from "./phase2";
import {
  compareSecrets,
  findPresharedKey,
  uncomparedReason,
  type KeyLookup,
  type SecretComparison,
} from "./presharedKeys";
import {
  checkProxies,
  checkProxies6,
  describeProxy,
  type ProxyResult,
} from "./proxies";
import {
  interfaceOwning,
  mapInterfaces,
  resolveLocal,
  routerInfo,
  type RouterInfo,
} from "./router";
import {
  judgeCertificate,
  refusalReason,
  type CertificateAccepted,
  type CertificateRefusal,
  type CertificateVerdict,
  type VerifyingProfile,
} from "./certificateTrust";
import { tunnelProblems } from "./tunnelIssues";
import {
  neverTriggers,
  unencryptedTraffic,
  type UnencryptedTraffic,
} from "./dataPlane";
import { isMultipoint, templateCloned } from "../config/dmvpn";

/**
 * The analysis of a whole workspace: pairs, and for each pair the negotiation in each direction
 * as IOS would run it. It is computed once per workspace view and shared by every peer check, the
 * tunnel report and the code lenses, so analysing N files costs one pass, not N.
 */

/** The outcome of one direction of a pair. */
export type DirectionOutcome =
  "ESTABLISHED" | "PHASE1_FAILED" | "PHASE1_KEY_MISMATCH" | "PHASE2_FAILED";

/** The predicted outcome of a pair, as the tunnel report prints it. */
export type Outcome =
  DirectionOutcome | "ONE_WAY" | "NOT_STARTED" | "MISSING_PEER";

/** Every outcome, in the order the report explains them. */
export const OUTCOMES: readonly Outcome[] = [
  "ESTABLISHED",
  "PHASE1_FAILED",
  "PHASE1_KEY_MISMATCH",
  "PHASE2_FAILED",
  "ONE_WAY",
  "NOT_STARTED",
  "MISSING_PEER",
];

/** Each outcome in a few words, for code lenses where the report's names would be jargon. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  ESTABLISHED: "comes up",
  PHASE1_FAILED: "phase 1 fails",
  PHASE1_KEY_MISMATCH: "phase 1 fails: keys differ",
  PHASE2_FAILED: "phase 2 fails",
  ONE_WAY: "only one side can start it",
  NOT_STARTED: "neither side starts it",
  MISSING_PEER: "no matching peer in the workspace",
};

/** One side's key for the other. */
export interface KeySide {
  router: RouterInfo;
  /** IKEv2 keys written one way only (`pre-shared-key local|remote`): which one this is. */
  role?: "local" | "remote";
  /** The peer's address as this side looks it up. */
  peer?: IpAddress;
  lookup: KeyLookup;
}

/** The keys of both sides of a direction. */
export interface KeyCheck {
  initiator: KeySide;
  responder: KeySide;
  comparison: SecretComparison | "missing";
}

/** Phase 2 of one direction. */
export interface Phase2Outcome {
  ok: boolean;
  /** The responder's end that answered (another entry of the same map may answer instead of the paired one). */
  responder: Endpoint;
  initiatorSettings: Phase2Settings;
  responderSettings: Phase2Settings;
  transforms: TransformResult;
  pfs: PfsResult;
  proxies?: ProxyResult<AclEntry | Ipv6AclEntry>;
  /** An identity list that rejects the other side: which side holds it. */
  identityRejects?: "initiator" | "responder";
  lifetimeSeconds: number;
  /**
   * The SAs' volume lifetime (`agreedVolume`); undefined when only one side disables it, each
   * side's own then being in its settings.
   */
  lifetimeKilobytes: VolumeLifetime | undefined;
  failures: string[];
}

/** The negotiation with one side initiating. */
export interface DirectionResult {
  initiator: Endpoint;
  responder: Endpoint;
  initiatorAddress?: IpAddress;
  responderAddress?: IpAddress;
  outcome: DirectionOutcome;
  phase1: Phase1Result;
  keys?: KeyCheck;
  /** Set when either end negotiates with IKEv2 (its entry or IPsec profile names an IKEv2 profile). */
  ikev2?: Ikev2Direction;
  phase2: Phase2Outcome;
  reasons: string[];
  /** Set when the responder's isakmp profile is not selected by the identity the initiator sends. */
  profileRefusal?: ProfileRefusal;
  /** Set when a side refuses the other's certificate (no CA it trusts signed it). */
  certificateRefusals?: CertificateRefusal[];
  /** The certificates the sides accept from each other, when both configs print them. */
  certificatesAccepted?: CertificateAccepted[];
  /**
   * Set when the initiator never starts this direction: every line of its entry's crypto ACL is
   * permitted first by an earlier entry of the same map for another peer, or its config keeps
   * all of that traffic from meeting the map (NAT first, a route elsewhere: `neverTriggers`).
   * The negotiation above is what would happen if it did (the peer can still start the tunnel).
   */
  neverStarts?: string;
  /**
   * Set on a direction that comes up when either end's config keeps some of its protected
   * traffic from meeting its crypto map: the SAs are up, that traffic is still not encrypted.
   */
  unencrypted?: readonly UnencryptedTraffic[];
  /**
   * Set on a direction that comes up when a side's own filters drop the ESP or AH of its SAs on
   * arrival: the SAs are up, what the other side sends through them is lost.
   */
  dropped?: readonly DroppedTraffic[];
}

/**
 * The ESP or AH of one side that the other side's own filters drop on arrival once the SAs are
 * up: the inbound ACL of its crypto interface, or its zone-pair to `self`, as `acl-blocks-esp`,
 * `acl-blocks-ah` and `zone-firewall-blocks-ipsec` say of that config.
 */
export interface DroppedTraffic {
  /** The end whose router drops it. */
  end: Endpoint;
  /** The end whose packets are lost. */
  from: Endpoint;
  /** The protocol the filters see: AH for an SA bundle with AH, else ESP. */
  protocol: "ESP" | "AH";
  /** The code of the single-config finding on the filter. */
  code: Code;
  /** The filter: the interface's `ip access-group` line, or the `zone-pair security` line. */
  node: ConfigNode;
  /** Why, in a sentence that names both routers. */
  reason: string;
}

/** Phase 1 of a direction in which an end speaks IKEv2. */
export interface Ikev2Direction {
  /** Set when a side refuses the other's certificate in IKE_AUTH. */
  certificateRefusals?: CertificateRefusal[];
  /** The certificates the sides accept from each other in IKE_AUTH. */
  certificatesAccepted?: CertificateAccepted[];
  /** Each side's profile, policy and proposals; undefined for a side that speaks IKEv1. */
  initiator?: Ikev2Side;
  responder?: Ikev2Side;
  /** IKE_SA_INIT, when both sides speak IKEv2. */
  saInit?: Ikev2SaInit;
  /** The methods each side signs its AUTH payload with. */
  initiatorAuthentication?: string;
  responderAuthentication?: string;
  /** The responder's key checked against the initiator's signing key is `keys`; this is the other way. */
  reverseKeys?: KeyCheck;
  /** The identity each side sends in IKE_AUTH, when both sides speak IKEv2. */
  identities?: {
    initiator: Ikev2SentIdentity;
    responder: Ikev2SentIdentity;
  };
}

/**
 * An identity one side sends, and behind NAT the address the other side sees that side's packets
 * come from: NAT rewrites the packets' addresses but not the identity payload inside (encrypted in
 * IKE_AUTH), which keeps the sender's own address.
 */
export interface Ikev2SentIdentity {
  sent: SentIdentity;
  /** The NAT device's address the side is seen at; undefined when no NAT is between them. */
  natAddress?: IpAddress;
}

/** A pair whose path crosses NAT, as the report tells it. */
export interface NatAnalysis {
  /** The end behind the NAT device (when both ends are, `a`). */
  hidden: Endpoint;
  /** The hidden end's own (private) address. */
  ownAddress?: IpAddress;
  /** The NAT device's address the other end points at, when the configs show it. */
  publicAddress?: number;
  /** Set when both ends sit behind NAT devices: the other end (`b`) with its own and its NAT device's address. */
  alsoHidden?: HiddenEnd;
  /** The evidence, in one sentence. */
  reason: string;
  /** What NAT means for this pair beyond the negotiation: who can start it, NAT-T, AH. */
  notes: string[];
}

/** An end behind a NAT device, with its own address and the NAT device's. */
export interface HiddenEnd {
  end: Endpoint;
  ownAddress?: IpAddress;
  publicAddress?: number;
}

/** A pair with its negotiation in each direction. */
export interface PairAnalysis {
  pair: TunnelPair;
  /** Set when the path crosses NAT. */
  nat?: NatAnalysis;
  /** `a` initiates. */
  forward?: DirectionResult;
  /** `b` initiates (absent for a dynamic-map responder, which never initiates). */
  reverse?: DirectionResult;
  outcome: Outcome;
  reasons: string[];
  /**
   * The protected traffic of either end that never meets its crypto map, whatever the
   * negotiation: the SAs may come up, that traffic is not encrypted.
   */
  unencrypted?: readonly UnencryptedTraffic[];
  /** The ESP or AH a side's own filters drop, of the directions that come up (each once). */
  dropped?: readonly DroppedTraffic[];
}

/** The analysis of a workspace. */
export interface WorkspaceAnalysis {
  routers: RouterInfo[];
  pairing: Pairing;
  pairs: PairAnalysis[];
  routerByUri: Map<string, RouterInfo>;
}

const cache = new WeakMap<WorkspaceView, WorkspaceAnalysis>();
const uriIndex = new WeakMap<WorkspaceView, Map<string, WorkspaceConfig>>();
const extended = new WeakMap<
  WorkspaceView,
  WeakMap<WorkspaceConfig["model"], WorkspaceAnalysis>
>();

/** The analysis of a workspace view, computed once per view object. */
export function analyseWorkspace(view: WorkspaceView): WorkspaceAnalysis {
  let analysis = cache.get(view);
  if (!analysis) {
    analysis = analyse(view.configs, view.now);
    cache.set(view, analysis);
  }
  return analysis;
}

/**
 * The analysis a check of `self` should use: the workspace's, with `self` put in (or swapped in
 * for a stale copy) when the view does not hold this very model.
 */
export function analysisFor(
  self: WorkspaceConfig,
  view: WorkspaceView,
): WorkspaceAnalysis {
  let byUri = uriIndex.get(view);
  if (!byUri) {
    byUri = new Map(view.configs.map((c) => [c.uri, c]));
    uriIndex.set(view, byUri);
  }
  const inView = byUri.get(self.uri);
  if (inView?.model === self.model) {
    return analyseWorkspace(view);
  }
  let byModel = extended.get(view);
  if (!byModel) {
    byModel = new WeakMap();
    extended.set(view, byModel);
  }
  let analysis = byModel.get(self.model);
  if (!analysis) {
    analysis = analyse(
      [...view.configs.filter((c) => c.uri !== self.uri), self],
      view.now,
    );
    byModel.set(self.model, analysis);
  }
  return analysis;
}

/**
 * Router views by model (under the URI the model was first seen with): a view, and the ends and
 * settings cached on it, outlives the workspace view, so re-analysing a workspace after one file
 * changed reads only that file again.
 */
const ROUTERS = new WeakMap<WorkspaceConfig["model"], RouterInfo>();

function routersOf(configs: readonly WorkspaceConfig[]): RouterInfo[] {
  const taken = new Set<RouterInfo>();
  return configs.map((config) => {
    let router = ROUTERS.get(config.model);
    if (!router) {
      router = routerInfo(config);
      ROUTERS.set(config.model, router);
    }
    // A model seen under another URI, or a config listed twice, gets a view of its own, as before.
    if (router.uri !== config.uri || taken.has(router)) {
      return routerInfo(config);
    }
    taken.add(router);
    return router;
  });
}

function analyse(
  configs: readonly WorkspaceConfig[],
  now: number | undefined,
): WorkspaceAnalysis {
  // A firewall of another platform is outside the analysis, as a peer outside the workspace is:
  // read as IOS, its one-line crypto maps would point nowhere and tell its peers they are alone.
  const foreign = configs.filter((c) => foreignPlatform(c.model));
  const routers = routersOf(
    foreign.length ? configs.filter((c) => !foreign.includes(c)) : configs,
  );
  const pairing = pairRouters(routers);
  const pairs = pairing.pairs.map((pair) =>
    // A spoke-to-spoke pair is analysed from its two ends alone (no other router takes part),
    // and the pairing hands out the same pair object while both ends live (`SpokePair`).
    pair instanceof SpokePair
      ? (pair.analysis ??= new SpokePairAnalysis(pair))
      : analysePair(pair, pairing, foreign, now),
  );
  return {
    routers,
    pairing,
    pairs,
    routerByUri: new Map(routers.map((r) => [r.uri, r])),
  };
}

/**
 * The pairing of one config checked alone (no workspace): what the NAT checks read of its own
 * peers, without the pairs' negotiations, which nothing asks of a lone config (on a config with
 * hundreds of crypto map peers they were most of `natChecks`' time). Kept per model and URI.
 */
export function lonePairing(self: WorkspaceConfig): Pairing {
  let byUri = LONE.get(self.model);
  if (!byUri) {
    byUri = new Map();
    LONE.set(self.model, byUri);
  }
  let pairing = byUri.get(self.uri);
  if (!pairing) {
    pairing = foreignPlatform(self.model)
      ? NO_PAIRING
      : pairRouters(routersOf([self]));
    byUri.set(self.uri, pairing);
  }
  return pairing;
}
const LONE = new WeakMap<ConfigModel, Map<string, Pairing>>();

/** Both directions of a pair. */
interface Directions {
  forward: DirectionResult | undefined;
  reverse: DirectionResult | undefined;
}

/**
 * Spoke pairs are pairs of tunnels, whose responder is the paired tunnel itself: `negotiate` reads
 * the pairing only for crypto map responders (`responderCandidates`), so a spoke pair's directions
 * are negotiated again without one.
 */
const NO_PAIRING: Pairing = {
  pairs: [],
  misdirectedKeys: [],
  endpoints: new Map(),
  pointing: () => [],
  limitedClouds: [],
};

/**
 * The analysis of a DMVPN spoke-to-spoke pair, kept with the pair while both spokes' models live.
 * A cloud of N spokes has N(N-1)/2 such pairs, and kept with both directions' negotiations each
 * weighed about 2.3 KB (a hub and 600 spokes: 400 MB of heap). So the pair is analysed when first
 * read, and keeps the outcome, the reasons, NAT and what the workspace-wide passes read of every
 * pair (whether keys differ or are missing, the keys both sides share: `sharedKeysOf`); its
 * directions are held only until another spoke pair's are read, then negotiated again when asked
 * for (a spoke pair depends on its two ends alone). `peers/issues.ts` judges each pair right
 * after analysing it, so a cloud's negotiations are never all made before any is judged.
 */
export class SpokePairAnalysis implements PairAnalysis {
  private analysed = false;
  private outcomeRead: Outcome = "MISSING_PEER";
  private reasonsRead: string[] = NO_REASONS;
  private natRead: NatAnalysis | undefined = undefined;
  private forwardKeysRead: KeyCheck["comparison"] | undefined = undefined;
  private reverseKeysRead: KeyCheck["comparison"] | undefined = undefined;
  private differ = false;
  /** Router, key, router, key... of each direction whose keys are the same. */
  private shared: readonly (RouterInfo | PresharedKey | undefined)[] =
    NO_SHARED;

  constructor(readonly pair: SpokePair) {}

  get outcome(): Outcome {
    this.analyse();
    return this.outcomeRead;
  }

  get reasons(): string[] {
    this.analyse();
    return this.reasonsRead;
  }

  get nat(): NatAnalysis | undefined {
    this.analyse();
    return this.natRead;
  }

  get dropped(): readonly DroppedTraffic[] | undefined {
    this.analyse();
    return SPOKE_DROPS.get(this);
  }

  get forward(): DirectionResult | undefined {
    return this.directions().forward;
  }

  get reverse(): DirectionResult | undefined {
    return this.directions().reverse;
  }

  /**
   * True when the keys of a direction differ (either way, with IKEv2): which side differs then
   * depends on the keys each router shares with its other peers.
   */
  get keysDiffer(): boolean {
    this.analyse();
    return this.differ;
  }

  /** True when a side of a direction has no key for the other. */
  get keysMissing(): boolean {
    this.analyse();
    return (
      this.forwardKeysRead === "missing" || this.reverseKeysRead === "missing"
    );
  }

  /** Calls `add` with each side's router and key of each direction whose keys are the same. */
  forEachSharedKey(
    add: (router: RouterInfo, key: PresharedKey | undefined) => void,
  ): void {
    this.analyse();
    for (let i = 0; i < this.shared.length; i += 2) {
      add(
        this.shared[i] as RouterInfo,
        this.shared[i + 1] as PresharedKey | undefined,
      );
    }
  }

  private analyse(): void {
    if (this.analysed) {
      return;
    }
    // A spoke pair's analysis outlives the views (see SpokePair): no clock, so certificate dates
    // are not judged between spokes.
    const full = analysePair(this.pair, NO_PAIRING, [], undefined);
    this.analysed = true;
    this.outcomeRead = full.outcome;
    if (full.reasons.length) {
      this.reasonsRead = full.reasons;
    }
    this.natRead = full.nat;
    if (full.dropped) {
      SPOKE_DROPS.set(this, full.dropped);
    }
    this.forwardKeysRead = full.forward?.keys?.comparison;
    this.reverseKeysRead = full.reverse?.keys?.comparison;
    const shared: (RouterInfo | PresharedKey | undefined)[] = [];
    for (const d of [full.forward, full.reverse]) {
      if (d?.keys?.comparison === "same") {
        const { initiator, responder } = d.keys;
        shared.push(
          initiator.router,
          initiator.lookup.key,
          responder.router,
          responder.lookup.key,
        );
      }
      if (
        d?.keys?.comparison === "different" ||
        d?.ikev2?.reverseKeys?.comparison === "different"
      ) {
        this.differ = true;
      }
    }
    if (shared.length) {
      this.shared = shared;
    }
    LAST_NEGOTIATED.of = this;
    LAST_NEGOTIATED.directions = {
      forward: full.forward,
      reverse: full.reverse,
    };
  }

  private directions(): Directions {
    if (!this.analysed) {
      this.analyse();
    } else if (LAST_NEGOTIATED.of !== this) {
      const { a, b } = this.pair;
      const forward = withStart(
        negotiate(a, b, NO_PAIRING, this.pair, undefined),
      );
      const reverse = withStart(
        negotiate(b, a, NO_PAIRING, this.pair, undefined),
      );
      markDropped(this.pair, forward, reverse);
      LAST_NEGOTIATED.of = this;
      LAST_NEGOTIATED.directions = { forward, reverse };
    }
    return LAST_NEGOTIATED.directions!;
  }
}

/**
 * What a spoke pair's filters drop, for the few that drop anything: a field of its own would
 * weigh on each of a cloud's tens of thousands of spoke pairs.
 */
const SPOKE_DROPS = new WeakMap<SpokePairAnalysis, readonly DroppedTraffic[]>();

/** The spoke pair whose directions were negotiated last, and those directions. */
const LAST_NEGOTIATED: {
  of: SpokePairAnalysis | undefined;
  directions: Directions | undefined;
} = { of: undefined, directions: undefined };

/** The shared keys of every spoke pair that shares none. */
const NO_SHARED: readonly (RouterInfo | PresharedKey | undefined)[] = [];

/** The reasons of every pair that has none (most spoke pairs). */
const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];

/** Calls `add` with each side's router and key of each direction of a pair whose keys are the same. */
export function sharedKeysOf(
  pa: PairAnalysis,
  add: (router: RouterInfo, key: PresharedKey | undefined) => void,
): void {
  if (pa instanceof SpokePairAnalysis) {
    pa.forEachSharedKey(add);
    return;
  }
  for (const d of [pa.forward, pa.reverse]) {
    if (d?.keys?.comparison === "same") {
      add(d.keys.initiator.router, d.keys.initiator.lookup.key);
      add(d.keys.responder.router, d.keys.responder.lookup.key);
    }
  }
}

const STAGE_RANK: Record<DirectionOutcome, number> = {
  PHASE1_FAILED: 0,
  PHASE1_KEY_MISMATCH: 1,
  PHASE2_FAILED: 2,
  ESTABLISHED: 3,
};

function analysePair(
  pair: TunnelPair,
  pairing: Pairing,
  foreign: readonly WorkspaceConfig[],
  now: number | undefined,
): PairAnalysis {
  const { a, b } = pair;
  if (!b || pair.missing) {
    return {
      pair,
      outcome: "MISSING_PEER",
      reasons: [missingReason(pair, foreign)],
    };
  }
  const forward = withStart(negotiate(a, b, pairing, pair, now));
  const reverse = pair.dynamic
    ? undefined
    : withStart(negotiate(b, a, pairing, pair, now));
  const nat = natAnalysis(pair, forward, reverse);
  const reasons: string[] = [];
  let outcome: Outcome;
  const dropped = markDropped(pair, forward, reverse);
  const unencrypted = [...unencryptedTraffic(a), ...unencryptedTraffic(b)];
  if (unencrypted.length) {
    for (const d of [forward, reverse]) {
      if (comesUp(d)) {
        d!.unencrypted = unencrypted;
      }
    }
  }
  const dynamicReason =
    b.kind === "tunnel"
      ? `${b.router.name}'s ${b.label} ${b.tunnel && isMultipoint(b.tunnel) ? "learns its spokes when they register" : "clones a tunnel for each peer that connects"}, so it never initiates`
      : `${b.router.name} answers through ${b.label}, which never initiates`;
  if (!starts(forward) && !starts(reverse)) {
    outcome = "NOT_STARTED";
    reasons.push(forward.neverStarts!, reverse?.neverStarts ?? dynamicReason);
  } else if (
    comesUp(forward) &&
    (comesUp(reverse) || (!reverse && !pair.dynamic))
  ) {
    outcome = "ESTABLISHED";
  } else if (comesUp(forward) || comesUp(reverse)) {
    outcome = "ONE_WAY";
    const [can, cannot] = comesUp(forward) ? [a, b] : [b, a];
    const failed = comesUp(forward) ? reverse : forward;
    reasons.push(
      pair.dynamic && comesUp(forward)
        ? `only ${can.router.name} can initiate: ${dynamicReason}`
        : failed?.neverStarts
          ? `only ${can.router.name} can initiate: ${failed.neverStarts}`
          : `only ${can.router.name} can initiate; when ${cannot.router.name} initiates: ${failed ? joinReasons(failed.reasons) : "it fails"}`,
    );
  } else {
    const worst = [forward, reverse]
      .filter((d): d is DirectionResult => starts(d))
      .sort((x, y) => STAGE_RANK[x.outcome] - STAGE_RANK[y.outcome])[0]!;
    outcome = worst.outcome;
    for (const d of [forward, reverse]) {
      if (d?.neverStarts) {
        reasons.push(d.neverStarts);
      } else if (d) {
        reasons.push(
          `${d.initiator.router.name} initiating: ${joinReasons(d.reasons)}`,
        );
      }
    }
  }
  return {
    pair,
    forward,
    reverse,
    outcome,
    reasons,
    ...(nat ? { nat } : {}),
    ...(unencrypted.length ? { unencrypted } : {}),
    ...(dropped.length ? { dropped } : {}),
  };
}

/** True when the initiator of a direction starts it. */
function starts(d: DirectionResult | undefined): boolean {
  return d !== undefined && d.neverStarts === undefined;
}

/** True when a direction is started and its SAs come up. */
function comesUp(d: DirectionResult | undefined): boolean {
  return starts(d) && d!.outcome === "ESTABLISHED";
}

/**
 * Marks a direction its initiator never starts: the initiator's crypto map entry has no line of
 * its own, an earlier entry of the same map (for another peer) permits all its traffic first;
 * or its own config keeps all that traffic from meeting the map (`neverTriggers`).
 */
function withStart(d: DirectionResult): DirectionResult {
  const from = d.initiator;
  if (!from.map || !from.entry || from.kind !== "crypto-map") {
    return d;
  }
  const by = entryShadowedBy(from.router.model, from.map, from.entry);
  if (!by) {
    const never = neverTriggers(from, unencryptedTraffic(from));
    if (never) {
      d.neverStarts = never;
    }
    return d;
  }
  const peersOf = (e: CryptoMapEntry) =>
    e.peers
      .map((p) =>
        p.address !== undefined ? formatIpv4(p.address) : p.hostname,
      )
      .join(", ");
  // Several entries may each take part of its traffic: every one is named.
  const takers = andList(by.map((e) => `${e.sequence} (peer ${peersOf(e)})`));
  const peers = andList(by.map(peersOf));
  d.neverStarts = `${from.router.name} never starts it: crypto map ${from.map.name} ${takers}, tried before ${from.label}, ${by.length > 1 ? "permit" : "permits"} all of its traffic, so ${from.router.name} encrypts that traffic toward ${peers} instead, even while SAs the other side started are up (crypto-acl-shadowed)`;
  return d;
}

/**
 * What NAT does to a pair beyond the negotiation. The side in front of the NAT device reaches the
 * hidden side only through a static translation or port forwarding there (the configs cannot show
 * it); ESP needs NAT-T to cross a device that translates ports; AH cannot cross NAT at all.
 */
function natAnalysis(
  pair: TunnelPair,
  forward: DirectionResult,
  reverse: DirectionResult | undefined,
): NatAnalysis | undefined {
  const nat = pair.nat;
  if (!nat || !pair.b) {
    return undefined;
  }
  const notes: string[] = [];
  const forwarding = (
    hidden: Endpoint,
    front: Endpoint,
    publicAddress: number,
    ownAddress: IpAddress | undefined,
    without: string,
  ) =>
    `${front.router.name} reaches ${hidden.router.name} at ${formatIpv4(publicAddress)} only if ${nat.behind === "both" ? `${hidden.router.name}'s` : "the"} NAT device forwards UDP 500 and 4500 to ${ownAddress !== undefined ? formatAddress(ownAddress) : hidden.router.name} (static NAT or port forwarding); without it ${without}`;
  // The hidden end (`a` when both are) and, when both are, the other one.
  let first: HiddenEnd;
  let second: HiddenEnd | undefined;
  if (nat.behind === "both") {
    // Each end is reached at its NAT device's address, which the other end points at; neither
    // NAT device's config is in the workspace, so port forwarding is a condition, not a fact.
    const b = pair.b;
    const ha = hiddenEnd(pair.a, b, nat.publicAddresses?.a);
    const hb = hiddenEnd(b, pair.a, nat.publicAddresses?.b);
    [first, second] = [ha, hb];
    for (const [h, f] of [
      [ha, hb],
      [hb, ha],
    ] as const) {
      if (h.publicAddress !== undefined) {
        notes.push(
          forwarding(
            h.end,
            f.end,
            h.publicAddress,
            h.ownAddress,
            `${f.end.router.name} cannot start the tunnel`,
          ),
        );
      }
    }
  } else {
    const [hidden, front] =
      nat.behind === "a" ? [pair.a, pair.b] : [pair.b, pair.a];
    const h = hiddenEnd(hidden, front, nat.publicAddress);
    first = h;
    if (nat.publicAddress !== undefined && front.kind !== "dynamic-map") {
      notes.push(
        forwarding(
          hidden,
          front,
          nat.publicAddress,
          h.ownAddress,
          `only ${hidden.router.name} can start the tunnel`,
        ),
      );
    }
  }
  // An idle tunnel sends nothing through the NAT device, which forgets the UDP 4500 mapping
  // after its timeout: the side in front then sends into nothing until the hidden side speaks.
  const ikev2 = forward.ikev2 !== undefined;
  for (const h of [first, second]) {
    const model = h?.end.router.model;
    if (model && !keepsNatMappingOpen(model, h!.end, ikev2)) {
      notes.push(
        `${h!.end.router.name} sends no NAT keepalives (\`${ikev2 ? "crypto ikev2 nat keepalive" : "crypto isakmp nat keepalive"}\`) and no periodic DPD: while the tunnel is idle its NAT device may drop the UDP 4500 mapping, and until ${h!.end.router.name} sends again the other side's packets are lost; \`${ikev2 ? "crypto ikev2 nat keepalive 20" : "crypto isakmp nat keepalive 20"}\` on ${h!.end.router.name} keeps the mapping open`,
      );
    }
  }
  for (const router of [pair.a.router, pair.b.router]) {
    if (router.model.natTransparencyDisabled) {
      notes.push(
        `${router.name} turns NAT-T off (\`no crypto ipsec nat-transparency udp-encapsulation\`): ESP, which has no ports, cannot cross a NAT device that translates ports, so the SAs come up and carry nothing`,
      );
    }
  }
  const chosen = [forward, reverse]
    .map((d) => d?.phase2.transforms.chosen?.offer)
    .find((set) => set !== undefined);
  const ah = chosen?.transforms.find((t) =>
    t.name.toLowerCase().startsWith("ah-"),
  );
  if (chosen && ah) {
    notes.push(
      `transform set ${chosen.name} uses ${ah.name}: AH signs the outer IP header that the NAT device rewrites, so every packet fails its check`,
    );
  }
  return {
    hidden: first.end,
    ...(first.ownAddress !== undefined ? { ownAddress: first.ownAddress } : {}),
    ...(first.publicAddress !== undefined
      ? { publicAddress: first.publicAddress }
      : {}),
    ...(second ? { alsoHidden: second } : {}),
    reason: nat.reason,
    notes,
  };
}

/** True when an end sends something while its tunnel is idle: NAT keepalives or periodic DPD. */
function keepsNatMappingOpen(
  model: ConfigModel,
  end: Endpoint,
  ikev2: boolean,
): boolean {
  const periodic = (node: ConfigNode | undefined) =>
    node !== undefined && /\bperiodic\b/i.test(node.text);
  if (ikev2) {
    const ref = ikev2ProfileRef(end);
    const profile = ref && model.ikev2Profiles.find((p) => p.name === ref.name);
    return (
      model.ikev2NatKeepalive !== undefined ||
      periodic(profile?.dpd ?? model.ikev2Dpd)
    );
  }
  return model.natKeepalive !== undefined || periodic(model.isakmpKeepalive);
}

/** An end behind NAT with its own address (toward `front`) and its NAT device's, when known. */
function hiddenEnd(
  end: Endpoint,
  front: Endpoint,
  publicAddress: number | undefined,
): HiddenEnd {
  const ownAddress = effectiveAddress(end, front);
  return {
    end,
    ...(ownAddress !== undefined ? { ownAddress } : {}),
    ...(publicAddress !== undefined ? { publicAddress } : {}),
  };
}

function missingReason(
  pair: TunnelPair,
  foreign: readonly WorkspaceConfig[],
): string {
  const target =
    pair.a.remote !== undefined
      ? formatAddress(pair.a.remote)
      : (pair.a.remoteName ?? "no address");
  switch (pair.missing) {
    case "misdirected":
      return `${pair.a.label} points at ${target}, which ${pair.a.remote !== undefined && interfaceOwning(pair.a.router, pair.a.remote) ? `is ${pair.a.router.name}'s own address` : "no router of the workspace owns"}; ${pair.b!.router.name} points back from ${formatAddress(pair.shouldBe!)}`;
    case "one-sided":
      return pair.peerShutTunnel
        ? `${pair.peerRouter!.name} owns ${target}, but its interface ${pair.peerShutTunnel.name} toward ${pair.a.router.name} is shut down`
        : pair.peerPlainTunnel
          ? `${pair.peerRouter!.name}'s ${pair.peerPlainTunnel.name} points back at ${pair.a.router.name} without tunnel protection: its GRE leaves unencrypted`
          : `${pair.peerRouter!.name} owns ${target}, but nothing there points back at ${pair.a.router.name}`;
    default: {
      if (
        pair.a.remote === undefined &&
        pair.a.remoteName === undefined &&
        pair.a.tunnel?.tunnel.destination?.dynamic
      ) {
        return `${pair.a.label} has \`tunnel destination dynamic\`, and no FlexVPN client (\`crypto ikev2 client flexvpn\`) connects it: it has no peer`;
      }
      const owner = foreignOwner(foreign, pair.a.remote);
      if (
        pair.a.remote !== undefined &&
        interfaceOwning(pair.a.router, pair.a.remote)
      ) {
        return `${target} is ${pair.a.router.name}'s own address: it points at itself`;
      }
      return owner
        ? `${target} belongs to ${owner}, which IPsec Lens does not analyse`
        : `no router of the workspace owns ${target}`;
    }
  }
}

/** The config of another platform (left out of the analysis) with an interface on `address`. */
function foreignOwner(
  foreign: readonly WorkspaceConfig[],
  address: IpAddress | undefined,
): string | undefined {
  // Other platforms' configs are read for IPv4 interface addresses only.
  if (typeof address !== "number") {
    return undefined;
  }
  for (const config of foreign) {
    if (
      config.model.interfaces.some((i) =>
        i.addresses.some((a) => a.address === address),
      )
    ) {
      const name = routerName(config.model) ?? config.uri;
      return `${name}, a ${foreignPlatform(config.model)!.platform} config`;
    }
  }
  return undefined;
}

/** The ends of the responder that may answer an initiator: the paired one first, then the other entries of its map for the same peer, then its dynamic entries. */
function responderCandidates(
  initiator: Endpoint,
  responder: Endpoint,
  pairing: Pairing,
): Endpoint[] {
  if (responder.kind === "tunnel") {
    return [responder];
  }
  const ends = pairing.endpoints.get(responder.router);
  const others = pairing
    .pointing(responder.router, initiator.router)
    .filter(
      (f) =>
        f !== responder && f.kind === "crypto-map" && f.map === responder.map,
    );
  const dynamics = (ends?.dynamics ?? []).filter(
    (d) => d !== responder && d.map === responder.map,
  );
  return [responder, ...others, ...dynamics];
}

/**
 * The address the responder sees the initiator at. Behind NAT it is the NAT device's address,
 * which the responder points at (when both ends sit behind NAT, each end's); otherwise the
 * initiator's own.
 */
function seenAddress(
  initiator: Endpoint,
  pair: TunnelPair,
  own: IpAddress | undefined,
): IpAddress | undefined {
  const nat = pair.nat;
  if (nat?.behind === "both") {
    const seen =
      initiator === pair.a
        ? nat.publicAddresses?.a
        : initiator === pair.b
          ? nat.publicAddresses?.b
          : undefined;
    return seen ?? own;
  }
  const hidden = nat && (nat.behind === "a" ? pair.a : pair.b);
  return hidden === initiator && nat?.publicAddress !== undefined
    ? nat.publicAddress
    : own;
}

/**
 * A side whose IPsec leaves only by interfaces that cannot carry it: the crypto map's interfaces
 * all shut or without an address, or a tunnel's source interface so (IOS keeps the tunnel down
 * with it). Its IKE never leaves, and the other side's never arrives.
 */
function shutReason(
  initiator: Endpoint,
  responder: Endpoint,
): string | undefined {
  for (const [end, starts] of [
    [initiator, true],
    [responder, false],
  ] as const) {
    const down = downInterfaces(end);
    if (down) {
      const text = `${end.router.name}'s ${end.label} leaves by ${down}`;
      return starts
        ? `${text}: its IKE never leaves`
        : `${text}: the IKE of ${initiator.router.name} never arrives`;
    }
  }
  return undefined;
}

/** The interfaces an end talks by with their state, when none of them can carry IPsec. */
function downInterfaces(end: Endpoint): string | undefined {
  const model = end.router.model;
  const source = end.tunnel?.tunnel.source;
  const ifaces: readonly Interface[] =
    end.kind === "crypto-map" && end.map
      ? mapInterfaces(end.router, end.map)
      : source?.interface
        ? [interfaceNamed(model, source.interface.name)].filter(
            (i): i is Interface => i !== undefined,
          )
        : [];
  return ifaces.length && ifaces.every((i) => interfaceDownReason(model, i))
    ? ifaces
        .map((i) => `${i.name}, ${interfaceDownReason(model, i)}`)
        .join(" and ")
    : undefined;
}

/**
 * One direction, failed in phase 1 when a side cannot reach the other's address: the initiator
 * has no route to the peer (its IKE never leaves), or the responder none back (its replies go
 * nowhere), as `no-route-to-peer` says of each config.
 */
function negotiate(
  initiator: Endpoint,
  responder: Endpoint,
  pairing: Pairing,
  pair: TunnelPair,
  now: number | undefined,
): DirectionResult {
  const result = negotiateDirection(initiator, responder, pairing, pair, now);
  const blocked =
    shutReason(initiator, responder) ??
    unreachableReason(initiator, responder, result) ??
    (pair.nat ? undefined : filteredReason(initiator, responder, result));
  if (!blocked) {
    return result;
  }
  // An IKEv1 initiator with ISAKMP turned off sends nothing: that comes first, the path after.
  if (!result.ikev2?.initiator && initiator.router.model.isakmpDisabled) {
    const [first, ...rest] = result.reasons;
    return {
      ...result,
      outcome: "PHASE1_FAILED",
      reasons: [
        ...(first === undefined ? [] : [first]),
        behind(blocked),
        ...rest.filter((r) => r.startsWith(BEHIND)),
        ...rest.filter((r) => !r.startsWith(BEHIND)),
      ],
    };
  }
  // The path fails first; the direction's own faults wait behind it (its notes stay notes).
  const failed = result.outcome !== "ESTABLISHED";
  return {
    ...result,
    outcome: "PHASE1_FAILED",
    reasons: [
      blocked,
      ...result.reasons.map((r, i) => (failed && i === 0 ? behind(r) : r)),
    ],
  };
}

/**
 * A side's own filters that drop the other's IKE, as `acl-blocks-isakmp` and
 * `zone-firewall-blocks-ipsec` say of each config: the responder's drop the initiator's requests,
 * the initiator's drop the replies (unless a zone-pair from `self` inspects its IKE). Judged
 * only between addresses both ends own: behind NAT the packets carry other addresses.
 */
function filteredReason(
  initiator: Endpoint,
  responder: Endpoint,
  result: DirectionResult,
): string | undefined {
  const own = ownAddresses(result);
  if (!own) {
    return undefined;
  }
  const { from, to } = own;
  for (const [end, source, local, replies] of [
    [responder, from, to, false],
    [initiator, to, from, true],
  ] as const) {
    if (!filtersInbound(end.router.model)) {
      continue;
    }
    const peer = cryptoPeerOf(end);
    const block = peer?.ike
      ? inboundBlock(end.router.model, peer, source, local, "isakmp", replies)
      : undefined;
    if (block) {
      return `${end.router.name} ${block.text}: ${replies ? "the replies to its IKE never arrive" : `the IKE of ${initiator.router.name} never arrives`} (${block.code})`;
    }
  }
  return undefined;
}

/**
 * The IPv4 addresses a direction's packets travel between, when both are the routers' own: the
 * filters are judged on them only (behind NAT the packets carry other addresses).
 */
function ownAddresses(
  d: DirectionResult,
): { from: number; to: number } | undefined {
  const from = d.initiatorAddress;
  const to = d.responderAddress;
  return typeof from === "number" &&
    typeof to === "number" &&
    d.initiator.router.addresses.has(from) &&
    d.responder.router.addresses.has(to)
    ? { from, to }
    : undefined;
}

const NO_DROPS: readonly DroppedTraffic[] = [];

/**
 * Sets `dropped` on each direction of a pair that comes up, and returns what they drop, each
 * filter once (the SAs of both directions usually meet the same filters): the pair's list.
 */
function markDropped(
  pair: TunnelPair,
  forward: DirectionResult,
  reverse: DirectionResult | undefined,
): readonly DroppedTraffic[] {
  let all: DroppedTraffic[] | undefined;
  for (const d of [forward, reverse]) {
    if (!comesUp(d)) {
      continue;
    }
    const found = droppedTraffic(d!, pair);
    if (!found.length) {
      continue;
    }
    d!.dropped = found;
    all ??= [];
    for (const f of found) {
      if (
        !all.some(
          (g) =>
            g.end.router === f.end.router &&
            g.node === f.node &&
            g.protocol === f.protocol,
        )
      ) {
        all.push(f);
      }
    }
  }
  return all ?? NO_DROPS;
}

/**
 * What a side's own filters drop of the SAs a direction brings up, as `acl-blocks-esp`,
 * `acl-blocks-ah` and `zone-firewall-blocks-ipsec` say of each config: IKE passed (else
 * `filteredReason` failed the direction), but the ESP or AH each side sends is judged on arrival
 * at the other, whichever side started, since every packet of the SAs crosses those filters.
 * An ACL keeps no state. A zone-pair to `self` that drops it is reported unless the zone-pair
 * from `self` inspects the mirror image (`replies`): an inspected IKE session lets back only its
 * own UDP flow, not ESP or AH (other protocols, no session of their own), but what IOS does with
 * a class that inspects ESP itself is not documented, so that case is left unjudged.
 *
 * Not judged with NAT between the peers (`pair.nat`): NAT discovery then moves IKE itself to UDP
 * 4500, where ESP travels too, so a filter that drops UDP 4500 stops phase 1, not the traffic
 * alone, and `filteredReason` does not judge the IKE of such a pair (its packets carry the NAT
 * device's addresses and ports). Without NAT between them NAT discovery finds none and the SAs
 * use plain ESP or AH (`crypto isakmp nat keepalive` only keeps a NAT-T mapping open; it does
 * not turn NAT-T on). Nor is an end with no crypto peer of its own judged (a dynamic map entry,
 * a hub's tunnel that learns its spokes): the single-config checks know no peer address there.
 */
function droppedTraffic(
  d: DirectionResult,
  pair: TunnelPair,
): readonly DroppedTraffic[] {
  const { initiator, responder } = d;
  // Most routers filter nothing on their way in, and a DMVPN cloud has thousands of directions.
  if (
    pair.nat ||
    (!filtersInbound(initiator.router.model) &&
      !filtersInbound(responder.router.model))
  ) {
    return NO_DROPS;
  }
  const own = ownAddresses(d);
  const protocol = outerProtocol(d);
  if (!own || !protocol) {
    return NO_DROPS;
  }
  // What arrives at each end: the other end's packets, from its address to this end's.
  const atInitiator = [initiator, responder, own.to, own.from] as const;
  const atResponder = [responder, initiator, own.from, own.to] as const;
  const out: DroppedTraffic[] = [];
  // The pair's first end first, whichever side initiates.
  for (const [end, from, source, local] of initiator === pair.a
    ? [atInitiator, atResponder]
    : [atResponder, atInitiator]) {
    if (!filtersInbound(end.router.model)) {
      continue;
    }
    const peer = cryptoPeerOf(end);
    const block = peer
      ? inboundBlock(
          end.router.model,
          peer,
          source,
          local,
          protocol === "AH" ? "ah" : "esp",
          true,
        )
      : undefined;
    if (block) {
      const R = end.router.name;
      const S = from.router.name;
      out.push({
        end,
        from,
        protocol,
        code: block.code,
        node: block.node,
        reason: `${R} ${block.text}: the SAs come up, but every packet ${S} sends through them to ${R} is lost (${S}'s \`#pkts encaps\` grows, ${R}'s \`#pkts decaps\` stays at zero)`,
      });
    }
  }
  return out.length ? out : NO_DROPS;
}

/**
 * The protocol the packets of a direction's SAs carry on the wire, by the transform set chosen:
 * a bundle with an `ah-` transform wraps ESP in AH, so the filters see AH; else ESP.
 */
function outerProtocol(d: DirectionResult): "ESP" | "AH" | undefined {
  const transforms = d.phase2.transforms.chosen?.offer.transforms ?? [];
  const names = transforms.map((t) => t.name.toLowerCase());
  return names.some((n) => n.startsWith("ah-"))
    ? "AH"
    : names.some((n) => n.startsWith("esp-"))
      ? "ESP"
      : undefined;
}

function unreachableReason(
  initiator: Endpoint,
  responder: Endpoint,
  result: DirectionResult,
): string | undefined {
  const to = result.responderAddress;
  const vrf = cryptoPeerOf(initiator)?.vrf;
  if (
    typeof to === "number" &&
    !initiator.router.addresses.has(to) &&
    unreachable(initiator.router.model, vrf, to)
  ) {
    return `${initiator.router.name} has no route to ${formatAddress(to)}: its IKE packets never leave (no-route-to-peer)`;
  }
  // A tunnel whose `tunnel vrf` is not its source's sends nothing toward the peer, either side.
  for (const end of [initiator, responder]) {
    const source =
      end.kind === "tunnel" && end.tunnel
        ? tunnelVrfMismatch(end.router.model, end.tunnel)
        : undefined;
    if (source) {
      return `${end.router.name}'s ${end.tunnel!.name} sends its IKE and ESP in ${vrfText(end.tunnel!.tunnel.vrf?.name)}, not in ${vrfText(source.vrf)} where its source ${source.name} is (tunnel-vrf-mismatch)`;
    }
  }
  // A tunnel routed into itself toward its peer is shut down by IOS, on either side.
  for (const [end, toward] of [
    [initiator, to],
    [responder, result.initiatorAddress],
  ] as const) {
    const tunnel = end.tunnel;
    if (typeof toward !== "number" || !tunnel || end.kind !== "tunnel") {
      continue;
    }
    const table = routingView(end.router.model, cryptoPeerOf(end)?.vrf);
    if (routedIntoItself(table, table.lookup(toward), tunnel)) {
      return `${end.router.name}'s ${tunnel.name} is routed into itself toward ${formatAddress(toward)}: IOS shuts it down for recursive routing (tunnel-recursive-routing)`;
    }
  }
  const back = result.initiatorAddress;
  const responderPeer = cryptoPeerOf(responder);
  if (
    typeof back === "number" &&
    responderPeer?.address === back &&
    unreachable(responder.router.model, responderPeer.vrf, back)
  ) {
    return `${responder.router.name} has no route back to ${formatAddress(back)}: its replies never leave (no-route-to-peer)`;
  }
  return undefined;
}

function negotiateDirection(
  initiator: Endpoint,
  responder: Endpoint,
  pairing: Pairing,
  pair: TunnelPair,
  now: number | undefined,
): DirectionResult {
  const reasons: string[] = [];
  const I = initiator.router;
  const R = responder.router;
  const initiatorAddress = effectiveAddress(initiator, responder);
  // Behind NAT the initiator points at the NAT device's address, not at the responder's own.
  const responderAddress =
    initiator.remote ?? effectiveAddress(responder, initiator);
  // The packets arrive at that address, unless it is a NAT device's, which hands them to the
  // responder's own address.
  const responderLocal =
    responderAddress !== undefined && R.addresses.has(responderAddress)
      ? responderAddress
      : (effectiveAddress(responder, initiator) ?? responderAddress);
  const initiatorSeen = seenAddress(initiator, pair, initiatorAddress);
  if (ikev2ProfileRef(initiator) || ikev2ProfileRef(responder)) {
    const v2 = ikev2Phase1(initiator, responder, now, {
      initiatorAddress,
      responderAddress,
      responderLocal,
      initiatorSeen,
    });
    const initiatorSettings = phase2Settings(initiator);
    const phase2 = negotiatePhase2(
      initiator,
      responderCandidates(initiator, responder, pairing),
      initiatorSettings,
      true,
    );
    let outcome = v2.outcome;
    if (outcome === "ESTABLISHED" && !phase2.ok) {
      outcome = "PHASE2_FAILED";
    }
    return {
      initiator,
      responder,
      initiatorAddress,
      responderAddress,
      outcome,
      phase1: v2.phase1,
      keys: v2.keys,
      ikev2: v2.ikev2,
      ...(v2.ikev2.certificateRefusals
        ? { certificateRefusals: v2.ikev2.certificateRefusals }
        : {}),
      ...(v2.ikev2.certificatesAccepted
        ? { certificatesAccepted: v2.ikev2.certificatesAccepted }
        : {}),
      phase2,
      reasons: phase2.ok
        ? v2.reasons
        : [
            ...v2.reasons,
            ...phase2.failures.map((f, i) =>
              i === 0 && v2.outcome === "ESTABLISHED" ? f : behind(f),
            ),
          ],
    };
  }
  const phase1 = negotiatePhase1(I.model, R.model);
  let outcome: DirectionOutcome = "ESTABLISHED";
  // The direction fails at the first fault its routers meet; the others wait behind it.
  const fail = (at: DirectionOutcome, reason: string) => {
    if (outcome === "ESTABLISHED") {
      outcome = at;
      reasons.push(reason);
    } else {
      reasons.push(behind(reason));
    }
  };
  if (!phase1.ok) {
    outcome = "PHASE1_FAILED";
    reasons.push(
      phase1.blocked ??
        `no IKE policy of ${I.name} is acceptable to ${R.name}` +
          (phase1.closest
            ? ` (closest: ${I.name} policy ${phase1.closest.offer.priority} against ${R.name} policy ${phase1.closest.policy.priority}, differing in ${phase1.closest.differences.map((d) => d.attribute).join(", ")})`
            : ""),
    );
  }
  const initiatorSettings = phase2Settings(initiator);
  let keys: KeyCheck | undefined;
  let certificateRefusals: CertificateRefusal[] = [];
  let certificatesAccepted: CertificateAccepted[] = [];
  const authentication = (phase1.policy ?? phase1.closest?.policy)
    ?.authentication;
  if (authentication === "pre-share") {
    const initiatorKey: KeySide = {
      router: I,
      peer: responderAddress,
      lookup: findPresharedKey(
        I.model,
        {
          peer: responderAddress,
          peerNames: routerNames(R),
          local: initiatorAddress,
          profile: initiatorSettings.isakmpProfile,
        },
        (ring) => resolveLocal(I, ring.localAddress),
      ),
    };
    const responderKey: KeySide = {
      router: R,
      peer: initiatorSeen,
      lookup: findPresharedKey(
        R.model,
        {
          peer: initiatorSeen,
          peerNames: routerNames(I),
          local: responderLocal,
          responder: true,
        },
        (ring) => resolveLocal(R, ring.localAddress),
      ),
    };
    const x = initiatorKey.lookup.key;
    const y = responderKey.lookup.key;
    keys = {
      initiator: initiatorKey,
      responder: responderKey,
      comparison: x && y ? compareSecrets(x.secret, y.secret) : "missing",
    };
    // The keys do not depend on the policy: a mismatch waits behind a policy that fails.
    if (keys.comparison === "missing") {
      const lacking = !x ? I : R;
      const peer = !x ? responderAddress : initiatorSeen;
      // An aggressive-mode password serves the exchanges its router starts, not those it answers.
      const aggressive =
        lacking === R &&
        findPresharedKey(
          R.model,
          { peer, peerNames: routerNames(I), local: responderLocal },
          (ring) => resolveLocal(R, ring.localAddress),
        ).key?.aggressiveMode;
      fail(
        "PHASE1_KEY_MISMATCH",
        `${lacking.name} holds no pre-shared key for ${peer !== undefined ? formatAddress(peer) : "its peer"}${aggressive ? " (its `crypto isakmp peer` aggressive-mode password serves only the exchanges it starts)" : ""}`,
      );
    } else if (keys.comparison === "different") {
      fail(
        "PHASE1_KEY_MISMATCH",
        `the pre-shared keys of ${I.name} and ${R.name} differ`,
      );
    }
    // An aggressive-mode password makes its router start aggressive mode, which either end may
    // block (`crypto isakmp aggressive-mode disable` refuses it both ways).
    const blocker = x?.aggressiveMode
      ? [R, I].find((r) => r.model.aggressiveModeDisabled)
      : undefined;
    if (blocker) {
      fail(
        "PHASE1_FAILED",
        `${I.name} starts aggressive mode (its \`crypto isakmp peer\` password), which ${blocker.name} blocks (\`crypto isakmp aggressive-mode disable\`)`,
      );
    }
    if (phase1.ok) {
      if (keys.comparison === "unverifiable" && x && y) {
        reasons.push(uncomparedReason(x.secret, y.secret));
      }
      for (const side of [initiatorKey, responderKey]) {
        if (side.lookup.ambiguous.length) {
          reasons.push(
            `${side.router.name} holds several equally specific keys for its peer; IOS's choice among them is not documented`,
          );
        }
      }
    }
  } else if (phase1.ok && authentication === "rsa-sig") {
    // Main mode 5 carries the initiator's certificate, 6 the responder's.
    const initiatorProfile = initiatorSettings.isakmpProfile;
    const responderProfile =
      responder.kind === "crypto-map"
        ? phase2Settings(responder).isakmpProfile
        : undefined;
    const verdicts = [
      judgeCertificate(
        I,
        initiatorProfile?.trustpoints.map((t) => t.name),
        R,
        isakmpVerifying(responderProfile),
        now,
      ),
      judgeCertificate(
        R,
        responderProfile?.trustpoints.map((t) => t.name),
        I,
        isakmpVerifying(initiatorProfile),
        now,
      ),
    ];
    certificateRefusals = refusalsOf(verdicts);
    certificatesAccepted = acceptedOf(verdicts);
    for (const refusal of certificateRefusals) {
      fail("PHASE1_FAILED", refusalReason(refusal));
    }
    const note = certificateNote(verdicts, authentication);
    if (note) {
      reasons.push(note);
    }
  } else if (phase1.ok && authentication) {
    reasons.push(
      `phase 1 authenticates with ${authentication}: certificates are not verified here`,
    );
  }
  const phase2 = negotiatePhase2(
    initiator,
    responderCandidates(initiator, responder, pairing),
    initiatorSettings,
  );
  for (const failure of phase2.ok ? [] : phase2.failures) {
    fail("PHASE2_FAILED", failure);
  }
  // The initiator uses the isakmp profile its entry names; the responder must select it by the
  // initiator's identity and front-door VRF, or refuses quick mode for want of it (whatever the
  // policies and keys, which do not choose it).
  const unselected = responderProfileProblem(
    initiator,
    responder,
    initiatorSettings.isakmpProfile,
    initiatorAddress,
    initiatorSeen,
  );
  if (unselected) {
    fail(
      "PHASE2_FAILED",
      `${R.name} selects no isakmp profile for ${I.name} (${unselected.reason}), and ${responder.label} requires its profile, so quick mode is refused`,
    );
  }
  return {
    initiator,
    responder,
    initiatorAddress,
    responderAddress,
    outcome,
    phase1,
    keys,
    phase2,
    reasons,
    ...(unselected?.refusal ? { profileRefusal: unselected.refusal } : {}),
    ...(certificateRefusals.length ? { certificateRefusals } : {}),
    ...(certificatesAccepted.length ? { certificatesAccepted } : {}),
  };
}

/** An isakmp profile as the trustpoints it verifies with, when it names some. */
function isakmpVerifying(
  profile: IsakmpProfile | undefined,
): VerifyingProfile | undefined {
  return profile?.trustpoints.length
    ? {
        kind: "isakmp",
        name: profile.name,
        node: profile.node,
        trustpoints: profile.trustpoints.map((t) => t.name),
      }
    : undefined;
}

function refusalsOf(
  verdicts: readonly CertificateVerdict[],
): CertificateRefusal[] {
  return verdicts.filter(
    (v): v is CertificateRefusal => v !== "unknown" && v.kind !== "trusted",
  );
}

function acceptedOf(
  verdicts: readonly CertificateVerdict[],
): CertificateAccepted[] {
  return verdicts.filter(
    (v): v is CertificateAccepted => v !== "unknown" && v.kind === "trusted",
  );
}

/** An IKEv2 profile as the trustpoints it verifies with (all but those only for signing). */
function ikev2Verifying(profile: Ikev2Profile): VerifyingProfile | undefined {
  const names = profile.pkiTrustpoints
    .filter((t) => t.usage !== "sign")
    .map((t) => t.ref.name);
  return names.length
    ? {
        kind: "ikev2",
        name: profile.name,
        node: profile.node,
        trustpoints: names,
      }
    : undefined;
}

/** What the report says of certificates that were not refused: verified, or not judged. */
function certificateNote(
  verdicts: readonly CertificateVerdict[],
  method: string,
): string | undefined {
  return verdicts.some((v) => v === "unknown")
    ? `phase 1 authenticates with ${method}: certificates are verified only where both configs print them (\`crypto pki certificate chain\`)`
    : undefined;
}

/** The crypto peer of an end's own config (dynamic map ends have none). */
function cryptoPeerOf(end: Endpoint): CryptoPeer | undefined {
  const owner = end.kind === "tunnel" ? end.tunnel : end.entry;
  const peers = owner && peersByOwner(end.router.model).get(owner);
  return peers?.find((p) =>
    end.kind === "tunnel"
      ? // A DMVPN spoke's tunnel has a peer per hub: the one this end points at.
        end.remote === undefined || (p.address ?? p.address6) === end.remote
      : p.address === end.remote,
  );
}

/**
 * A config's crypto peers by the crypto map entry or tunnel that makes them, in config order,
 * once per model: the analysis asks for an end's peer several times per direction, and a hub's
 * 2,000 peers made that a scan of all of them each time.
 */
function peersByOwner(
  model: ConfigModel,
): Map<CryptoMapEntry | Interface, CryptoPeer[]> {
  let byOwner = PEERS_BY_OWNER.get(model);
  if (!byOwner) {
    byOwner = new Map();
    for (const p of cryptoView(model).peers) {
      const owner = p.kind === "tunnel" ? p.tunnel : p.entry;
      if (owner) {
        pushAt(byOwner, owner, p);
      }
    }
    PEERS_BY_OWNER.set(model, byOwner);
  }
  return byOwner;
}
const PEERS_BY_OWNER = new WeakMap<
  ConfigModel,
  Map<CryptoMapEntry | Interface, CryptoPeer[]>
>();

/**
 * Why the responder does not select the isakmp profile its end names for the initiator, if so:
 * what its own config shows (address matches), else what the initiator sends (its address,
 * FQDN or e-mail name) against the profile's address, host and domain matches.
 */
function responderProfileProblem(
  initiator: Endpoint,
  responder: Endpoint,
  initiatorProfile: IsakmpProfile | undefined,
  initiatorAddress: IpAddress | undefined,
  initiatorSeen: IpAddress | undefined,
): { reason: string; refusal?: ProfileRefusal } | undefined {
  const peer = cryptoPeerOf(responder);
  const profile = peer?.isakmpProfile;
  if (!peer || !profile || !peer.ike) {
    return undefined;
  }
  // Behind NAT the responder points at the NAT device's address, which the profile need not
  // match: the identity decides, and is judged below.
  const behindNat = initiatorSeen !== initiatorAddress;
  const own = isakmpProfileProblem(peer);
  if (own && !(behindNat && own.kind === "no-match")) {
    return { reason: own.reason };
  }
  // The identity payload (main mode message 5, encrypted) keeps the initiator's own address
  // behind NAT, though its packets reach the responder from the NAT device's.
  const identity = sentIsakmpIdentity(
    initiator.router.model,
    initiatorProfile,
    initiatorAddress,
    behindNat ? initiatorSeen : undefined,
  );
  if (
    profileSelects(
      profile,
      identity,
      peer.vrf,
      knownVrf(peer),
      responder.router.model.certificateMaps,
    ) !== false
  ) {
    return undefined;
  }
  return {
    reason: `isakmp profile ${profile.name} matches ${matchedText(profile)}, but ${sentText(initiator.router.name, identity, profile)}`,
    refusal: {
      initiator,
      responder,
      profile,
      identity,
      ...(initiatorProfile ? { initiatorProfile } : {}),
      ...(peer.vrf !== undefined ? { vrf: peer.vrf } : {}),
    },
  };
}

/** The addresses an IKEv2 direction works with (see `negotiate`). */
interface Ikev2Addresses {
  initiatorAddress?: IpAddress;
  responderAddress?: IpAddress;
  responderLocal?: IpAddress;
  initiatorSeen?: IpAddress;
}

function ikeVersionText(end: Endpoint): string {
  const ref = ikev2ProfileRef(end);
  return ref
    ? `IKEv2 (${end.label} names IKEv2 profile ${ref.name})`
    : `IKEv1 (${end.label} names no IKEv2 profile)`;
}

/**
 * Phase 1 of a direction in which an end speaks IKEv2: IKE_SA_INIT on the proposals, then
 * IKE_AUTH each way on the profiles' identities, methods and keys.
 */
function ikev2Phase1(
  initiator: Endpoint,
  responder: Endpoint,
  now: number | undefined,
  at: Ikev2Addresses,
): {
  phase1: Phase1Result;
  keys?: KeyCheck;
  ikev2: Ikev2Direction;
  outcome: DirectionOutcome;
  reasons: string[];
} {
  const I = initiator.router;
  const R = responder.router;
  const iRef = ikev2ProfileRef(initiator);
  const rRef = ikev2ProfileRef(responder);
  // Each side's policy is chosen for the front-door VRF its IKE packets use.
  const iSide = iRef
    ? ikev2Side(
        I.model,
        iRef,
        at.initiatorAddress,
        cryptoPeerOf(initiator)?.vrf,
      )
    : undefined;
  const rSide = rRef
    ? ikev2Side(R.model, rRef, at.responderLocal, cryptoPeerOf(responder)?.vrf)
    : undefined;
  if (!iSide || !rSide) {
    const blocked = `${I.name} negotiates with ${ikeVersionText(initiator)} and ${R.name} with ${ikeVersionText(responder)}: the two versions never agree, so phase 1 fails`;
    return {
      phase1: { ok: false, blocked },
      ikev2: { initiator: iSide, responder: rSide },
      outcome: "PHASE1_FAILED",
      reasons: [blocked],
    };
  }
  const saInit = negotiateIkev2(iSide, rSide, {
    initiator: I.name,
    responder: R.name,
  });
  const ikev2: Ikev2Direction = {
    initiator: iSide,
    responder: rSide,
    saInit,
    initiatorAuthentication: iSide.profile?.localAuthentication?.method,
    responderAuthentication: rSide.profile?.localAuthentication?.method,
    // An address identity is the sender's own address, whatever NAT does to its packets.
    identities: {
      initiator: {
        sent: sentIdentity(
          iSide.profile,
          at.initiatorAddress,
          signingCertificate(I.model, iSide.profile),
        ),
        natAddress:
          at.initiatorSeen !== at.initiatorAddress
            ? at.initiatorSeen
            : undefined,
      },
      responder: {
        sent: sentIdentity(
          rSide.profile,
          at.responderLocal,
          signingCertificate(R.model, rSide.profile),
        ),
        natAddress:
          at.responderAddress !== at.responderLocal
            ? at.responderAddress
            : undefined,
      },
    },
  };
  // IOS does not use an incomplete IKEv2 profile, nor one whose `match fvrf` is another VRF.
  const profileProblems: string[] = [];
  for (const [end, name] of [
    [initiator, I.name],
    [responder, R.name],
  ] as const) {
    const peer = cryptoPeerOf(end);
    const problem = peer && ikev2ProfileProblem(end.router.model, peer);
    if (problem) {
      profileProblems.push(
        `${name}: ${problem.reason}, so IOS does not use the profile and IKEv2 fails`,
      );
    }
  }
  if (profileProblems.length) {
    // A policy that does not serve the same VRF is the other half of the same move into a VRF.
    const unserved =
      !saInit.ok && (iSide.unserved || rSide.unserved) ? saInit.blocked : "";
    return ikev2Failed(ikev2, [
      {
        reason: [...profileProblems, ...(unserved ? [unserved] : [])].join(
          "; ",
        ),
      },
    ]);
  }
  // Every fault the configs reveal, in the order the routers meet them: IKE_SA_INIT, then
  // IKE_AUTH one way (the responder selects its profile by the initiator's identity, checks the
  // method and verifies the AUTH payload with its key) and the other (the initiator does the
  // same with the responder's AUTH). The direction fails at the first; the others wait behind
  // it, and each is its own finding (`peers/issues.ts`), so that all are fixed at once. They are
  // independent: the profiles are those the ends name, whatever the proposals; the identity a
  // side sends does not depend on whether the other's profile admits it; and the verifier's key
  // is judged in the keyring of the profile its own end names (`set ikev2-profile`), which is
  // the profile it selects once the identity fault is fixed (the `identity-rejects-peer` fix
  // adds the match line to that very profile). With no profile matched, IOS selects none and
  // looks up no key at all, so a key judged in any other profile's keyring would be a guess.
  const faults: { reason: string; key?: true }[] = [];
  if (!saInit.ok) {
    const c = saInit.closest;
    faults.push({
      reason:
        saInit.blocked ??
        `no IKEv2 proposal of ${I.name} is acceptable to ${R.name}` +
          (c
            ? ` (closest: ${I.name}'s ${ikev2OfferName(c.offer)} of its ${ikev2PolicyName(iSide)} against ${R.name}'s ${ikev2OfferName(c.accepted)}, no common ${c.differences.map((d) => d.attribute).join(", ")}; ${I.name} offers ${describeIkev2Offer(c.offer)})`
            : ""),
    });
  }
  for (const [side, ref, name] of [
    [iSide, iRef!, I.name],
    [rSide, rRef!, R.name],
  ] as const) {
    if (!side.profile) {
      // Without the profile nothing of IKE_AUTH can be judged.
      faults.push({
        reason: `${name}'s IKEv2 profile ${ref.name} is not defined`,
      });
      return ikev2Failed(ikev2, faults);
    }
  }
  const iPeer = ikev2KeyringPeer(
    I.model,
    iSide.profile,
    at.responderAddress,
    routerNames(R),
  );
  const rPeer = ikev2KeyringPeer(
    R.model,
    rSide.profile,
    at.initiatorSeen,
    routerNames(I),
    // The responder knows the initiator's identity when it looks its key up (IKE_AUTH); the
    // initiator signs before it hears the responder's, so it finds its key by address or name.
    ikev2.identities!.initiator.sent,
  );
  const iKeys = ikev2Keys(iSide.profile, iPeer);
  const rKeys = ikev2Keys(rSide.profile, rPeer);
  const checks: KeyCheck[] = [];
  const notes: string[] = [];
  const peerOf = (who: "initiator" | "responder") =>
    who === "initiator" ? iPeer : rPeer;
  const keySide = (
    who: "initiator" | "responder",
    role: "local" | "remote",
  ): KeySide => {
    const keys = who === "initiator" ? iKeys : rKeys;
    const peer = peerOf(who);
    const key = role === "local" ? keys.signs : keys.verifies;
    const profile = (who === "initiator" ? iSide : rSide).profile;
    // A key written in the profile's `authentication local|remote` line serves one role.
    const inline =
      key !== undefined &&
      (key === profile?.localAuthentication?.key ||
        key === inlineRemoteKey(profile));
    return {
      router: who === "initiator" ? I : R,
      peer: who === "initiator" ? at.responderAddress : at.initiatorSeen,
      lookup: { key, ambiguous: [] },
      ...((peer && !peer.both) || inline ? { role } : {}),
    };
  };
  // The initiator's AUTH, which the responder verifies; then the responder's.
  for (const [signer, verifier] of [
    ["initiator", "responder"],
    ["responder", "initiator"],
  ] as const) {
    const S = signer === "initiator" ? I : R;
    const V = verifier === "initiator" ? I : R;
    const sSide = signer === "initiator" ? iSide : rSide;
    const vSide = verifier === "initiator" ? iSide : rSide;
    const identity = ikev2.identities![signer];
    // The verifier checks the identity the signer sends against its profile's `match identity remote`.
    if (
      profileAdmits(vSide.profile, identity.sent, V.model.certificateMaps) ===
      false
    ) {
      const certificate =
        vSide.profile!.certificateMaps.length &&
        identity.sent.subject &&
        identity.sent.value.toLowerCase() !== "dn"
          ? ` nor its certificate (subject ${identity.sent.subject}${identity.sent.issuer !== undefined ? `, issuer ${identity.sent.issuer}` : ""})`
          : "";
      faults.push({
        reason: `${V.name}'s IKEv2 profile ${vSide.profile!.name} matches no identity ${S.name} sends (${identityText(identity.sent)}${natIdentityNote(identity)})${certificate}`,
      });
    }
    // The signer signs with its local method; the verifier must list it among its remote ones.
    const method = sSide.profile!.localAuthentication?.method;
    const accepted = vSide.profile!.remoteAuthentication.map((a) => a.method);
    if (!method) {
      faults.push({
        reason: `${S.name}'s IKEv2 profile ${sSide.profile!.name} has no \`authentication local\` line, so it cannot authenticate`,
      });
    } else if (!accepted.includes(method)) {
      faults.push({
        reason: `${S.name} authenticates with ${method}, which ${V.name}'s IKEv2 profile ${vSide.profile!.name} does not accept (\`authentication remote ${accepted.join(", ") || "not written"}\`)`,
      });
    }
    if (method !== "pre-share") {
      const certificates = method === "rsa-sig" || method === "ecdsa-sig";
      // IKEv2 uses only the trustpoints its profile names (mandatory, unlike IKEv1's).
      const missing = !certificates
        ? undefined
        : !sSide.profile!.pkiTrustpoints.some((t) => t.usage !== "verify")
          ? `${S.name}'s IKEv2 profile ${sSide.profile!.name} names no \`pki trustpoint\` to sign with, so it has no certificate for its AUTH payload`
          : accepted.includes(method!) &&
              !vSide.profile!.pkiTrustpoints.some((t) => t.usage !== "sign")
            ? `${V.name}'s IKEv2 profile ${vSide.profile!.name} names no \`pki trustpoint\` to verify ${S.name}'s certificate with, so IKE_AUTH fails`
            : undefined;
      if (missing) {
        faults.push({ reason: missing });
        continue;
      }
      const verdict = certificates
        ? judgeCertificate(
            S,
            sSide
              .profile!.pkiTrustpoints.filter((t) => t.usage !== "verify")
              .map((t) => t.ref.name),
            V,
            ikev2Verifying(vSide.profile!),
            now,
          )
        : "unknown";
      if (verdict !== "unknown" && verdict.kind === "trusted") {
        (ikev2.certificatesAccepted ??= []).push(verdict);
      } else if (verdict !== "unknown") {
        (ikev2.certificateRefusals ??= []).push(verdict);
        faults.push({ reason: refusalReason(verdict) });
      } else if (method) {
        notes.push(
          `${S.name} authenticates with ${method}: its certificate is verified only where both configs print their chains (\`crypto pki certificate chain\`)`,
        );
      }
      continue;
    }
    const signing = keySide(signer, "local");
    const verifying = keySide(verifier, "remote");
    const x = signing.lookup.key;
    const y = verifying.lookup.key;
    const check: KeyCheck = {
      initiator: signer === "initiator" ? signing : verifying,
      responder: signer === "initiator" ? verifying : signing,
      comparison: x && y ? compareSecrets(x.secret, y.secret) : "missing",
    };
    checks.push(check);
    if (check.comparison === "missing") {
      const lacking = !x ? signing : verifying;
      const sideOf = lacking === signing ? signer : verifier;
      const profile = (sideOf === "initiator" ? iSide : rSide).profile!;
      const where = profile.keyring
        ? `its IKEv2 keyring ${profile.keyring.name} (profile ${profile.name}) has no ${!peerOf(sideOf) ? "peer" : `${lacking === signing ? "local" : "remote"} key in the peer`} covering ${lacking.peer !== undefined ? formatAddress(lacking.peer) : "its peer"}`
        : `its IKEv2 profile ${profile.name} names no keyring (\`keyring local\`)`;
      faults.push({
        key: true,
        reason: `${lacking.router.name} holds no pre-shared key to ${lacking === signing ? "sign" : "verify"} IKE_AUTH with: ${where}`,
      });
    } else if (check.comparison === "different") {
      faults.push({
        key: true,
        reason: `${signing.router.name}'s ${signing.role ? "local " : ""}pre-shared key and ${verifying.router.name}'s ${verifying.role ? "remote " : ""}key for it differ: IKE_AUTH fails (AUTHENTICATION_FAILED)`,
      });
    } else if (check.comparison === "unverifiable" && x && y) {
      notes.push(uncomparedReason(x.secret, y.secret));
    }
  }
  ikev2.reverseKeys = checks[1];
  const keys = checks[0];
  const first = faults[0];
  if (!first) {
    return {
      phase1: { ok: true },
      keys,
      ikev2,
      outcome: "ESTABLISHED",
      reasons: notes,
    };
  }
  if (first.key) {
    // Phase 1 in IKEv2 succeeds or fails as a whole, but a key fault is told as such.
    return {
      phase1: { ok: true },
      keys,
      ikev2,
      outcome: "PHASE1_KEY_MISMATCH",
      reasons: [...faultReasons(faults), ...notes],
    };
  }
  return { ...ikev2Failed(ikev2, faults), keys };
}

/** The reasons of a direction's faults: the first the routers meet, then those waiting behind it. */
function faultReasons(faults: readonly { reason: string }[]): string[] {
  return faults.map((f, i) => (i === 0 ? f.reason : behind(f.reason)));
}

const BEHIND = "behind it, once that is fixed: ";

/** A fault that waits behind the one a direction fails at: it shows once that one is fixed. */
function behind(reason: string): string {
  return BEHIND + reason;
}

/**
 * A direction's reasons in one line, as the report and the code lens print them: the faults
 * waiting behind the first are introduced once, the later ones by "then".
 */
export function joinReasons(reasons: readonly string[]): string {
  let waiting = false;
  return reasons
    .map((r) => {
      if (!r.startsWith(BEHIND)) {
        return r;
      }
      const text = waiting ? `then: ${r.slice(BEHIND.length)}` : r;
      waiting = true;
      return text;
    })
    .join("; ");
}

/** An IKEv2 direction that fails in phase 1 at its first fault. */
function ikev2Failed(
  ikev2: Ikev2Direction,
  faults: readonly { reason: string }[],
): {
  phase1: Phase1Result;
  ikev2: Ikev2Direction;
  outcome: DirectionOutcome;
  reasons: string[];
} {
  return {
    phase1: { ok: false, blocked: faults[0]!.reason },
    ikev2,
    outcome: "PHASE1_FAILED",
    reasons: faultReasons(faults),
  };
}

/** What NAT does to an address identity, when the side is seen at another address (`natClause`). */
export function natIdentityNote(identity: Ikev2SentIdentity): string {
  const own = identity.sent.address ?? identity.sent.address6;
  const nat = identity.natAddress;
  return identity.sent.kind === "address" &&
    own !== undefined &&
    nat !== undefined &&
    own !== nat
    ? natClause(nat)
    : "";
}

export function identityText(identity: SentIdentity): string {
  const address = identity.address ?? identity.address6;
  if (identity.kind === "other" && identity.value.toLowerCase() === "dn") {
    // `identity local dn`: the subject of the certificate it signs with.
    return identity.subject !== undefined
      ? `the DN of its certificate, \`${identity.subject}\``
      : "the DN of its certificate";
  }
  return identity.kind === "address"
    ? `address ${address !== undefined ? formatAddress(address) : "unknown"}`
    : `${identity.kind} ${identity.value}`;
}

const NAMES = new WeakMap<RouterInfo, string[]>();

/** The names a router may be known by in hostname keys (once per router view). */
export function routerNames(router: RouterInfo): string[] {
  let found = NAMES.get(router);
  if (!found) {
    found = [router.model.hostname?.name, router.fqdn].filter(
      (n): n is string => n !== undefined,
    );
    NAMES.set(router, found);
  }
  return found;
}

function negotiatePhase2(
  initiator: Endpoint,
  candidates: readonly Endpoint[],
  initiatorSettings: Phase2Settings,
  ikev2 = false,
): Phase2Outcome {
  let first: Phase2Outcome | undefined;
  for (const responder of candidates) {
    const result = phase2With(initiator, responder, initiatorSettings, ikev2);
    if (result.ok) {
      return result;
    }
    first ??= result;
  }
  return first!;
}

const SETS = new WeakMap<Phase2Settings, TransformSet[]>();

/** The transform sets of an end's settings, as `matchTransformSets` takes them (once per end). */
function setsOf(settings: Phase2Settings): TransformSet[] {
  let sets = SETS.get(settings);
  if (!sets) {
    sets = settings.transformSets.map((t) => t.set);
    SETS.set(settings, sets);
  }
  return sets;
}

function phase2With(
  initiator: Endpoint,
  responder: Endpoint,
  initiatorSettings: Phase2Settings,
  ikev2: boolean,
): Phase2Outcome {
  const responderSettings = phase2Settings(responder);
  const failures: string[] = [];
  if (
    responder.tunnel &&
    !templateCloned(responder.router.model, responder.tunnel)
  ) {
    failures.push(
      `no ${ikev2 ? "IKEv2" : "isakmp"} profile of ${responder.router.name} clones ${responder.tunnel.name} (\`virtual-template N\`), so IOS creates no virtual-access interface for ${initiator.router.name} and the IPsec SA has no tunnel to be bound to`,
    );
  }
  const transforms = matchTransformSets(
    setsOf(initiatorSettings),
    setsOf(responderSettings),
  );
  if (!initiatorSettings.transformSets.length) {
    failures.push(
      `${initiator.label} on ${initiator.router.name} has no transform set`,
    );
  } else if (!responderSettings.transformSets.length) {
    failures.push(
      `${responder.label} on ${responder.router.name} has no transform set`,
    );
  } else if (!transforms.ok) {
    const c = transforms.closest!;
    failures.push(
      `no transform set matches (closest: ${c.offer.name} against ${c.own.name}, differing in ${c.differences.map((d) => d.what).join(", ")})`,
    );
  }
  let pfs = judgePfs(initiatorSettings.pfs, responderSettings.pfs);
  if (!pfs.ok && ikev2) {
    // The first child SA comes with IKE_AUTH, without a key exchange: only rekeys judge PFS.
    pfs = { ...pfs, atRekeyOnly: true };
  } else if (!pfs.ok) {
    failures.push(pfs.reason!);
  }
  let proxies: ProxyResult<AclEntry | Ipv6AclEntry> | undefined;
  // A crypto map facing a protected tunnel was paired because its ACL selects the tunnel's GRE;
  // a multi-SA VTI has an ACL of its own (`tunnel protection ipsec policy ipv4`) to compare.
  if (
    (initiator.kind !== "tunnel" && responder.kind !== "tunnel") ||
    (initiatorSettings.acl && responderSettings.acl)
  ) {
    proxies = initiatorSettings.acl
      ? checkProxies(initiatorSettings.acl, responderSettings.acl)
      : initiatorSettings.acl6
        ? checkProxies6(initiatorSettings.acl6, responderSettings.acl6)
        : undefined;
    if (proxies && !proxies.accepted.length && proxies.rejected.length) {
      failures.push(
        `${responder.router.name} rejects the proxy identities ${proxies.rejected.map(describeProxy).join(", ")}: its crypto ACL is not their mirror image`,
      );
    }
  }
  for (const problem of tunnelProblems(initiator, responder)) {
    failures.push(problem.reason);
  }
  let identityRejects: Phase2Outcome["identityRejects"];
  if (
    initiatorSettings.identity &&
    identityAdmits(initiatorSettings.identity, responder.router) === false
  ) {
    identityRejects = "initiator";
  } else if (
    responderSettings.identity &&
    identityAdmits(responderSettings.identity, initiator.router) === false
  ) {
    identityRejects = "responder";
  }
  if (identityRejects) {
    const [holder, other] =
      identityRejects === "initiator"
        ? [initiator, responder]
        : [responder, initiator];
    failures.push(
      `${holder.router.name}'s identity list ${holder.entry?.identity?.name ?? ""} does not admit ${other.router.fqdn ?? other.router.name}`,
    );
  }
  return {
    ok: failures.length === 0,
    responder,
    initiatorSettings,
    responderSettings,
    transforms,
    pfs,
    proxies,
    identityRejects,
    lifetimeSeconds: Math.min(
      initiatorSettings.lifetimeSeconds.value,
      responderSettings.lifetimeSeconds.value,
    ),
    lifetimeKilobytes: agreedVolume(
      initiatorSettings.lifetimeKilobytes.value,
      responderSettings.lifetimeKilobytes.value,
    ),
    failures,
  };
}

const PAIRS_BY_URI = new WeakMap<
  WorkspaceAnalysis,
  Map<string, PairAnalysis[]>
>();

/**
 * The pairs with an end (`a` or `b`) in the given file, in the analysis's order, indexed once per
 * analysis: what runs for every file of the workspace should not walk every pair each time.
 */
export function pairsWith(
  analysis: WorkspaceAnalysis,
  uri: string,
): readonly PairAnalysis[] {
  let byUri = PAIRS_BY_URI.get(analysis);
  if (!byUri) {
    const index = new Map<string, PairAnalysis[]>();
    for (const pa of analysis.pairs) {
      const { pair } = pa;
      const a = pair.a.router.uri;
      const b = pair.b?.router.uri;
      pushAt(index, a, pa);
      if (b !== undefined && b !== a) {
        pushAt(index, b, pa);
      }
    }
    PAIRS_BY_URI.set(analysis, index);
    byUri = index;
  }
  return byUri.get(uri) ?? NO_PAIRS;
}
const NO_PAIRS: readonly PairAnalysis[] = [];

/** The URIs of the configs that pair with the given one (for re-publishing diagnostics when it changes). */
export function partnersOf(
  analysis: WorkspaceAnalysis,
  uri: string,
): Set<string> {
  const out = new Set<string>();
  for (const { pair } of analysis.pairs) {
    const ends = [pair.a.router, pair.b?.router, pair.peerRouter].filter(
      (r): r is RouterInfo => r !== undefined,
    );
    if (ends.some((r) => r.uri === uri)) {
      for (const r of ends) {
        if (r.uri !== uri) {
          out.add(r.uri);
        }
      }
    }
  }
  return out;
}
