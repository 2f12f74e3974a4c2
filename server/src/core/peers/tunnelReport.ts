import type { WorkspaceView } from "../checks/check";
import { pushAt } from "../collections/multiMap";
import type { Annotation } from "../document";
import { formatIpv4 } from "../ipv4/address";
import { formatAddress, type IpAddress } from "../ipv6/address";
import { jsonChunks } from "../text/jsonChunks";
import {
  analyseWorkspace,
  type DroppedTraffic,
  joinReasons,
  OUTCOMES,
  type DirectionOutcome,
  type DirectionResult,
  OUTCOME_WORDS,
  type Outcome,
  type PairAnalysis,
  pairsWith,
  type WorkspaceAnalysis,
} from "./analysis";
import type { UnencryptedTraffic } from "./dataPlane";
import { describeProxy } from "./proxies";
import { andList } from "../text/units";
import {
  ikev2Lifetime,
  ikev2OfferName,
  ikev2PolicyName,
} from "./ikev2Negotiation";
import type { Endpoint, LimitedCloud } from "./pairing";
import { transformText, volumeText } from "./phase2";
import type { VolumeLifetime } from "../config/model";
import { fileName, mapInterfaces } from "./router";
import { redundancyAddress } from "../config/routingView";

/**
 * The tunnel report: every pair of the workspace with its predicted outcome, the proposals that
 * were negotiated where negotiation succeeds, and the reasons where it fails. It is plain data so
 * the CLI prints it as text or JSON and the editor as Markdown. Keys are never part of it.
 */

/** One end of a pair in the report. */
export interface ReportEnd {
  router: string;
  uri: string;
  /** 1-based line of the `set peer`, `tunnel destination` or dynamic map entry. */
  line: number;
  /** `crypto map mjlnetmap 10`, `interface Tunnel21`. */
  config: string;
  /** The address this end uses toward the other, when known. */
  address?: string;
}

/** The phase-1 SA a direction negotiates. */
export interface ReportPhase1 {
  /** Set for IKEv2 SAs; absent means IKEv1 (main mode). */
  version?: "IKEv2";
  encryption: string;
  hash: string;
  authentication: string;
  group: number;
  lifetime: number;
  /** IKEv2 only: the PRF agreed on. */
  prf?: string;
  /** `policy 10`, `default protection suite (65535)`; for IKEv2 `proposal P (IKEv2 policy Q)`. */
  initiatorPolicy: string;
  responderPolicy: string;
  /** How the keys compare: never the keys themselves. */
  keys: "match" | "unverifiable" | "not used";
  /** The certificates each side accepts from the other, when both configs print their chains. */
  certificates?: ReportCertificate[];
}

/** A certificate a side signs with and its peer accepts. */
export interface ReportCertificate {
  /** The router that signs with it. */
  router: string;
  trustpoint: string;
  serial: string;
  subject: string;
  issuer: string;
  /** Its end date, ISO 8601. */
  notAfter: string;
}

/** The phase-2 SA a direction negotiates. */
export interface ReportPhase2 {
  transformSet: string;
  responderTransformSet: string;
  transforms: string;
  mode: string;
  pfs: string;
  lifetimeSeconds: number;
  /**
   * The SAs' volume lifetime: kilobytes, or `"disabled"` when both sides write `kilobytes
   * disable`; each router's own when only one of them does (what IKEv1 agrees on then is not
   * confirmed).
   */
  lifetimeKilobytes:
    VolumeLifetime | { router: string; kilobytes: VolumeLifetime }[];
  /** Proxy identities the responder accepts (crypto map pairs). */
  proxies?: string[];
}

/** One direction of a pair. */
export interface ReportDirection {
  initiator: string;
  responder: string;
  outcome: DirectionOutcome;
  /** Set when the initiator never starts this direction (its entry's traffic goes to another peer): why. */
  neverStarts?: string;
  phase1?: ReportPhase1;
  phase2?: ReportPhase2;
  reasons: string[];
  /**
   * Set on a direction that comes up while protected traffic of a side never meets its crypto
   * map (the pair's `unencrypted`): the routers whose traffic the SAs do not carry.
   */
  unencryptedFrom?: string[];
  /**
   * Set on a direction that comes up while a side's own filters drop the ESP or AH of its SAs
   * (the pair's `dropped`): the routers that drop what the other sends them.
   */
  droppedAt?: string[];
}

/**
 * Protected traffic of a side that never meets its crypto map, for a fault of that side's own
 * config: whatever the SAs do, it is not encrypted (it leaves in clear or is dropped).
 */
export interface ReportUnencrypted {
  router: string;
  uri: string;
  /** 1-based line of the single-config finding: the NAT rule, or the crypto ACL line. */
  line: number;
  /** The code of that finding. */
  code: string;
  /** `all` of the crypto ACL line's traffic, or `some` of its packets. */
  scope: "all" | "some";
  reason: string;
}

/**
 * The ESP or AH of one side that the other side's own filters drop on arrival: the SAs come up,
 * and every packet the first side sends through them is lost.
 */
export interface ReportDropped {
  /** The router whose filter drops it. */
  router: string;
  uri: string;
  /** 1-based line of the filter: the `ip access-group` line, or the `zone-pair security` line. */
  line: number;
  /** The code of the single-config finding on that filter. */
  code: string;
  /** What the filter sees of the SAs: AH for an SA bundle with AH, else ESP. */
  protocol: "ESP" | "AH";
  /** The router whose packets are lost. */
  from: string;
  reason: string;
}

/** A pair whose path crosses NAT. */
export interface ReportNat {
  /** The router behind the NAT device (when both ends are, the first end's). */
  behind: string;
  /** Its own (private) address. */
  address?: string;
  /** The NAT device's address its peer points at, when the configs show it. */
  publicAddress?: string;
  /** Set when both ends sit behind NAT devices: the other router, as `behind`, `address` and `publicAddress` tell the first. */
  alsoBehind?: ReportNatEnd;
  /** The evidence. */
  reason: string;
  /** What NAT means for the pair beyond the negotiation. */
  notes: string[];
}

/** A router behind a NAT device: its own (private) address and the NAT device's its peer points at. */
export interface ReportNatEnd {
  router: string;
  address?: string;
  publicAddress?: string;
}

/** A pair in the report. */
export interface ReportPair {
  outcome: Outcome;
  kind: "crypto-map" | "tunnel";
  a: ReportEnd;
  b?: ReportEnd;
  /** When `b` is missing but a router of the workspace owns the address `a` points at: its name. */
  peerRouter?: string;
  /** What that router's own tunnel toward `a` lacks, when it has one (`Tunnel0 is shut down`). */
  peerTunnel?: string;
  /** Set for a tunnel two spokes of one DMVPN cloud build straight to each other. */
  spokes?: true;
  /** Set when the path crosses NAT: the pair is judged through the NAT device. */
  nat?: ReportNat;
  /** Ends that answer at an HSRP virtual address (`crypto map NAME redundancy GROUP`): what that means. */
  failover?: string[];
  /** The proposals of a direction that comes up (the first side's when both do). */
  phase1?: ReportPhase1;
  phase2?: ReportPhase2;
  reasons: string[];
  directions: ReportDirection[];
  /** Protected traffic of either side that its own config keeps from its crypto map. */
  unencrypted?: ReportUnencrypted[];
  /** ESP or AH of a direction that comes up that a side's own filters drop on arrival. */
  dropped?: ReportDropped[];
}

/** The whole report. */
export interface TunnelReport {
  pairs: ReportPair[];
  /** How many pairs have each outcome. */
  summary: Record<Outcome, number>;
  /** Of the ONE_WAY pairs, those whose responder is dynamic (never initiates by design) and that come up from the other side. */
  oneWayByDesign?: number;
  /** DMVPN clouds too big to pair every two spokes (`MESH_LIMITS`); absent when none. */
  limitedClouds?: LimitedCloud[];
}

/** Builds the report of a workspace. */
export function buildTunnelReport(view: WorkspaceView): TunnelReport {
  return reportOf(analyseWorkspace(view));
}

/** Builds the report from an analysis already made. */
export function reportOf(analysis: WorkspaceAnalysis): TunnelReport {
  const pairs = analysis.pairs.map(reportPair);
  const summary = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<
    Outcome,
    number
  >;
  for (const p of pairs) {
    summary[p.outcome]++;
  }
  // A dynamic responder (dynamic map, DMVPN hub, virtual template) that its peer reaches.
  const oneWayByDesign = analysis.pairs.filter(
    (pa) =>
      pa.outcome === "ONE_WAY" &&
      pa.pair.dynamic &&
      !pa.reverse &&
      pa.forward?.outcome === "ESTABLISHED",
  ).length;
  const limited = analysis.pairing.limitedClouds;
  return {
    pairs,
    summary,
    ...(oneWayByDesign ? { oneWayByDesign } : {}),
    ...(limited.length ? { limitedClouds: limited } : {}),
  };
}

function end(e: Endpoint, address: IpAddress | undefined): ReportEnd {
  return {
    router: e.router.name,
    uri: e.router.uri,
    line: e.anchor.start.line + 1,
    config: e.label,
    address: address === undefined ? undefined : formatAddress(address),
  };
}

/** The phase-1 SA of an IKEv2 direction: the algorithms IKE_SA_INIT chose and where they come from. */
function ikev2Phase1Of(d: DirectionResult): ReportPhase1 | undefined {
  const v2 = d.ikev2;
  const sa = v2?.saInit;
  if (!v2?.initiator || !v2.responder || !sa?.chosen || !d.phase1.ok) {
    return undefined;
  }
  const checks = [d.keys, v2.reverseKeys].filter(
    (k): k is NonNullable<typeof k> => k !== undefined,
  );
  if (
    checks.some(
      (k) => k.comparison === "different" || k.comparison === "missing",
    )
  ) {
    return undefined;
  }
  const where = (
    offer: NonNullable<typeof sa.offer>,
    side: typeof v2.initiator,
  ) => `${ikev2OfferName(offer)}, ${ikev2PolicyName(side!)}`;
  const auth = [v2.initiatorAuthentication, v2.responderAuthentication]
    .filter((m, i, all) => m !== undefined && all.indexOf(m) === i)
    .join("/");
  return {
    version: "IKEv2",
    encryption: sa.chosen.encryption,
    hash: sa.chosen.integrity ?? "none (AEAD)",
    prf: sa.chosen.prf,
    authentication: auth || "unknown",
    group: sa.chosen.group,
    lifetime: Math.min(
      ikev2Lifetime(v2.initiator),
      ikev2Lifetime(v2.responder),
    ),
    initiatorPolicy: where(sa.offer!, v2.initiator),
    responderPolicy: where(sa.accepted!, v2.responder),
    keys: !checks.length
      ? "not used"
      : checks.every((k) => k.comparison === "same")
        ? "match"
        : "unverifiable",
    ...certificatesOf(d),
  };
}

function phase1Of(d: DirectionResult): ReportPhase1 | undefined {
  if (d.ikev2) {
    return ikev2Phase1Of(d);
  }
  const { phase1, keys } = d;
  if (!phase1.ok || !phase1.offer || !phase1.policy) {
    return undefined;
  }
  if (
    keys &&
    keys.comparison !== "same" &&
    keys.comparison !== "unverifiable"
  ) {
    return undefined;
  }
  const name = (p: typeof phase1.offer) =>
    p.origin === "configured"
      ? `policy ${p.priority}`
      : p.origin === "default-suite"
        ? "default protection suite (65535)"
        : `default policy ${p.priority}`;
  return {
    encryption: phase1.offer.encryption,
    hash: phase1.offer.hash,
    authentication: phase1.offer.authentication,
    group: phase1.offer.group,
    lifetime: phase1.lifetime ?? phase1.offer.lifetime,
    initiatorPolicy: name(phase1.offer),
    responderPolicy: name(phase1.policy),
    keys: !keys
      ? "not used"
      : keys.comparison === "same"
        ? "match"
        : "unverifiable",
    ...certificatesOf(d),
  };
}

/** The certificates a direction's sides accept from each other, as the report lists them. */
function certificatesOf(d: DirectionResult): {
  certificates?: ReportCertificate[];
} {
  const accepted = d.certificatesAccepted ?? [];
  return accepted.length
    ? {
        certificates: accepted.map((a) => ({
          router: a.signer.name,
          trustpoint: a.offered.trustpoint,
          serial: a.offered.serial,
          subject: a.details.subject,
          issuer: a.details.issuer,
          notAfter: new Date(a.details.notAfter).toISOString(),
        })),
      }
    : {};
}

/** `Tokyo: CN=tokyo.lens.lab (LAB-CA 02), until 2027-06-01` for each certificate. */
function certificatesText(certificates: readonly ReportCertificate[]): string {
  return certificates
    .map(
      (c) =>
        `${c.router}: ${c.subject} (trustpoint ${c.trustpoint}, certificate ${c.serial}), issued by ${c.issuer}, until ${c.notAfter.slice(0, 10)}`,
    )
    .join("; ");
}

function phase2Of(d: DirectionResult): ReportPhase2 | undefined {
  const p = d.phase2;
  const chosen = p.transforms.chosen;
  if (!p.ok || !chosen) {
    return undefined;
  }
  return {
    transformSet: chosen.offer.name,
    responderTransformSet: chosen.own.name,
    transforms: transformText(chosen.offer),
    mode: chosen.offer.mode,
    pfs: p.pfs.group ?? "none",
    lifetimeSeconds: p.lifetimeSeconds,
    lifetimeKilobytes: p.lifetimeKilobytes ?? [
      {
        router: d.initiator.router.name,
        kilobytes: p.initiatorSettings.lifetimeKilobytes.value,
      },
      {
        router: d.responder.router.name,
        kilobytes: p.responderSettings.lifetimeKilobytes.value,
      },
    ],
    proxies: p.proxies?.accepted.map(describeProxy),
  };
}

function direction(d: DirectionResult): ReportDirection {
  const from = [
    ...new Set((d.unencrypted ?? []).map((u) => u.end.router.name)),
  ];
  const at = [...new Set((d.dropped ?? []).map((x) => x.end.router.name))];
  return {
    initiator: d.initiator.router.name,
    responder: d.responder.router.name,
    outcome: d.outcome,
    ...(d.neverStarts ? { neverStarts: d.neverStarts } : {}),
    phase1: phase1Of(d),
    phase2: d.outcome === "ESTABLISHED" ? phase2Of(d) : undefined,
    reasons: d.reasons,
    ...(from.length ? { unencryptedFrom: from } : {}),
    ...(at.length ? { droppedAt: at } : {}),
  };
}

function unencryptedOf(u: UnencryptedTraffic): ReportUnencrypted {
  return {
    router: u.end.router.name,
    uri: u.end.router.uri,
    line: u.node.line + 1,
    code: u.code,
    scope: u.whole ? "all" : "some",
    reason: u.reason,
  };
}

function droppedOf(x: DroppedTraffic): ReportDropped {
  return {
    router: x.end.router.name,
    uri: x.end.router.uri,
    line: x.node.line + 1,
    code: x.code,
    protocol: x.protocol,
    from: x.from.router.name,
    reason: x.reason,
  };
}

function reportPair(pa: PairAnalysis): ReportPair {
  const { pair } = pa;
  const directions = [pa.forward, pa.reverse]
    .filter((d): d is DirectionResult => d !== undefined)
    .map(direction);
  const up = directions.find((d) => d.outcome === "ESTABLISHED");
  const phase1Source = up ?? directions.find((d) => d.phase1);
  const nat = pa.nat;
  // An end behind NAT is shown at its own address; the NAT device's goes in `nat`.
  const ownOf = (e: Endpoint): IpAddress | undefined =>
    nat?.hidden === e
      ? nat.ownAddress
      : nat?.alsoHidden?.end === e
        ? nat.alsoHidden.ownAddress
        : undefined;
  const also = nat?.alsoHidden;
  return {
    outcome: pa.outcome,
    kind: pair.kind,
    a: end(
      pair.a,
      ownOf(pair.a) ??
        pa.forward?.initiatorAddress ??
        pair.a.explicitLocal ??
        pair.a.interfaceLocal,
    ),
    b: pair.b
      ? end(
          pair.b,
          ownOf(pair.b) ??
            pa.forward?.responderAddress ??
            pair.b.explicitLocal ??
            pair.b.interfaceLocal,
        )
      : undefined,
    ...(nat
      ? {
          nat: {
            behind: nat.hidden.router.name,
            ...(nat.ownAddress !== undefined
              ? { address: formatAddress(nat.ownAddress) }
              : {}),
            ...(nat.publicAddress !== undefined
              ? { publicAddress: formatIpv4(nat.publicAddress) }
              : {}),
            ...(also
              ? {
                  alsoBehind: {
                    router: also.end.router.name,
                    ...(also.ownAddress !== undefined
                      ? { address: formatAddress(also.ownAddress) }
                      : {}),
                    ...(also.publicAddress !== undefined
                      ? { publicAddress: formatIpv4(also.publicAddress) }
                      : {}),
                  },
                }
              : {}),
            reason: nat.reason,
            notes: nat.notes,
          },
        }
      : {}),
    ...failoverOf(pair.a, pair.b),
    phase1: phase1Source?.phase1,
    phase2: up?.phase2,
    ...(!pair.b && pair.peerRouter ? { peerRouter: pair.peerRouter.name } : {}),
    ...(!pair.b && pair.peerShutTunnel
      ? { peerTunnel: `${pair.peerShutTunnel.name} is shut down` }
      : !pair.b && pair.peerPlainTunnel
        ? {
            peerTunnel: `${pair.peerPlainTunnel.name} has no tunnel protection`,
          }
        : {}),
    ...(pair.spokes ? { spokes: true as const } : {}),
    reasons: pa.reasons,
    directions,
    ...(pa.unencrypted
      ? { unencrypted: pa.unencrypted.map(unencryptedOf) }
      : {}),
    ...(pa.dropped ? { dropped: pa.dropped.map(droppedOf) } : {}),
  };
}

/**
 * The notes of the crypto map ends applied with HSRP redundancy: which virtual address they talk
 * from, and whether a failover keeps the SAs (`stateful`) or the peer negotiates again.
 */
function failoverOf(...ends: (Endpoint | undefined)[]): {
  failover?: string[];
} {
  const notes: string[] = [];
  for (const e of ends) {
    if (!e?.map) {
      continue;
    }
    const iface = mapInterfaces(e.router, e.map).find(
      (i) => redundancyAddress(i) !== undefined,
    );
    if (!iface) {
      continue;
    }
    const r = iface.cryptoMapRedundancy!;
    notes.push(
      `${e.router.name} talks from ${formatIpv4(redundancyAddress(iface)!)}, the virtual address of its HSRP group${r.group ? ` ${r.group}` : ""} on ${iface.name}: the router active for the group serves the tunnel; ${r.stateful ? "`stateful` copies the SAs to the standby router, so a failover keeps them" : "after a failover the peer negotiates the SAs again with the new active router (`stateful` would keep them)"}`,
    );
  }
  return notes.length ? { failover: notes } : {};
}

/** The far end as the renderers print it. */
function farEnd(p: ReportPair): string {
  if (p.b) {
    return endText(p.b);
  }
  return p.peerRouter
    ? `${p.peerRouter} (${p.peerTunnel ?? "nothing there points back"})`
    : "(no peer in the workspace)";
}

/** How the renderers name a file: the CLI passes the paths the user typed. */
export type PathOf = (uri: string) => string;

function endText(e: ReportEnd): string {
  return `${e.router} ${e.config}${e.address ? ` (${e.address})` : ""}`;
}

/**
 * What follows the outcome of a direction that comes up while a side's traffic stays in clear,
 * or a side drops what the other sends through the SAs.
 */
function directionNote(d: ReportDirection): string {
  const notes: string[] = [];
  if (d.unencryptedFrom) {
    notes.push(
      `${andList(d.unencryptedFrom.map((r) => `${r}'s side`))} ${d.unencryptedFrom.length > 1 ? "keep" : "keeps"} protected traffic out of the tunnel (see unencrypted)`,
    );
  }
  const at = d.droppedAt;
  if (at) {
    notes.push(
      at.length > 1
        ? `${andList(at)} each drop what the other sends through the tunnel (see dropped)`
        : `${at[0]} drops what ${at[0] === d.initiator ? d.responder : d.initiator} sends through the tunnel (see dropped)`,
    );
  }
  return notes.length ? `, but ${notes.join(", and ")}` : "";
}

/** One line on NAT: who sits behind it and at which address the peer reaches it. */
function natText(n: ReportNat): string {
  if (n.alsoBehind) {
    const one = (e: ReportNatEnd) =>
      `${e.router}${e.address ? ` (${e.address})` : ""} is reached at ${e.publicAddress ?? "an unknown address"}`;
    return `both ends sit behind NAT: ${one({ router: n.behind, address: n.address, publicAddress: n.publicAddress })}, ${one(n.alsoBehind)}; ${n.reason}`;
  }
  const seen = n.publicAddress ? `, reached at ${n.publicAddress}` : "";
  return `${n.behind} sits behind NAT${seen}: ${n.reason}`;
}

/** Who sits behind NAT, in a few words for a code lens. */
function natWho(nat: NonNullable<PairAnalysis["nat"]>): string {
  return nat.alsoHidden
    ? `${nat.hidden.router.name} and ${nat.alsoHidden.end.router.name}`
    : nat.hidden.router.name;
}

function phase1Text(p: ReportPhase1): string {
  if (p.version === "IKEv2") {
    return `IKEv2: ${p.encryption}, integrity ${p.hash}, prf ${p.prf ?? "?"}, group ${p.group}, ${p.authentication}, lifetime ${p.lifetime} s (${p.initiatorPolicy} / ${p.responderPolicy}); keys ${p.keys}`;
  }
  return `${p.encryption}, ${p.hash}, ${p.authentication}, group ${p.group}, lifetime ${p.lifetime} s (${p.initiatorPolicy} / ${p.responderPolicy}); keys ${p.keys}`;
}

function phase2Text(p: ReportPhase2): string {
  const volume = Array.isArray(p.lifetimeKilobytes)
    ? p.lifetimeKilobytes
        .map((v) => `${volumeText(v.kilobytes)} on ${v.router}`)
        .join(", ")
    : volumeText(p.lifetimeKilobytes);
  return `${p.transformSet} (${p.transforms}, ${p.mode}), PFS ${p.pfs}, lifetime ${p.lifetimeSeconds} s / ${volume}${p.proxies?.length ? `; proxies ${p.proxies.join(", ")}` : ""}`;
}

function summaryText(view: TunnelReportView): string {
  const byDesign = view.oneWayByDesign ?? 0;
  const counts = OUTCOMES.filter((o) => view.summary[o])
    .map(
      (o) =>
        `${view.summary[o]} ${o}${o === "ONE_WAY" && byDesign ? `, ${byDesign === view.summary[o] ? (byDesign === 1 ? "by design" : "all by design") : `${byDesign} by design`}: a dynamic responder never initiates` : ""}`,
    )
    .join(", ");
  const n = view.pairCount;
  return `${n} tunnel pair${n === 1 ? "" : "s"}${counts ? ` (${counts})` : ""}`;
}

/** For each cloud too big to pair every two spokes: what was paired instead. */
function limitedCloudTexts(view: TunnelReportView): string[] {
  return (view.limitedClouds ?? []).map(
    (c) =>
      `A DMVPN cloud of ${c.spokes.toLocaleString("en-US")} spokes is too big to pair every two of them (${((c.spokes * (c.spokes - 1)) / 2).toLocaleString("en-US")} pairs): each spoke was paired with the ${c.pairsPerSpoke} spokes nearest it in the workspace's order.`,
  );
}

/** How the renderers lay the report out. */
export interface ReportLayout {
  /** List every pair, healthy spoke-to-spoke pairs included (`ipsec-lens tunnels --all`). */
  all?: boolean;
}

/**
 * Healthy spoke-to-spoke pairs of a DMVPN cloud are shown as one block from this many on: a cloud
 * of N spokes has N(N-1)/2 of them (1,225 for 50), which would bury the pairs that fail. Three
 * spokes (three pairs) still read well one by one.
 */
const SPOKE_SUMMARY_FROM = 4;

/** Healthy spoke-to-spoke pairs that negotiate the same settings, shown together. */
export interface SpokeSummary {
  /** How many pairs it stands for. */
  count: number;
  /** The spokes' router names, in order of first appearance. */
  spokes: string[];
  phase1?: ReportPhase1;
  phase2?: ReportPhase2;
}

/**
 * The report's pairs in order, with the healthy spoke-to-spoke pairs that share their phase 1
 * and phase 2 settings gathered into one summary where the first of them stood (when there are
 * at least SPOKE_SUMMARY_FROM of them; with `all`, never). A pair that comes up while a spoke
 * drops the other's ESP is not healthy: it stays on its own, with what is dropped.
 */
export function reportBlocks(
  report: TunnelReport,
  layout: ReportLayout = {},
): (ReportPair | SpokeSummary)[] {
  const key = (p: ReportPair): string | undefined =>
    !layout.all && p.spokes && p.outcome === "ESTABLISHED" && !p.dropped
      ? `${p.phase1 ? phase1Text(p.phase1) : ""}|${p.phase2 ? phase2Text(p.phase2) : ""}`
      : undefined;
  const groups = new Map<string, ReportPair[]>();
  for (const p of report.pairs) {
    const k = key(p);
    if (k === undefined) {
      continue;
    }
    // Pushed, not copied: a cloud of 300 spokes puts 45,000 pairs in one group.
    pushAt(groups, k, p);
  }
  const out: (ReportPair | SpokeSummary)[] = [];
  const placed = new Set<string>();
  for (const p of report.pairs) {
    const k = key(p);
    const group = k === undefined ? undefined : groups.get(k)!;
    if (!group || group.length < SPOKE_SUMMARY_FROM) {
      out.push(p);
    } else if (!placed.has(k!)) {
      placed.add(k!);
      const spokes = [
        ...new Set(group.flatMap((g) => [g.a.router, g.b?.router ?? ""])),
      ].filter((r) => r !== "");
      out.push({
        count: group.length,
        spokes,
        phase1: p.phase1,
        phase2: p.phase2,
      });
    }
  }
  return out;
}

/**
 * The report as the editor and the text show it: its summary and its blocks (`reportBlocks`),
 * each big group of healthy spoke pairs one summary. What the server sends for Show Tunnels: the
 * whole report of a cloud of 600 spokes is 180,000 pairs, more JSON than one message holds.
 */
export interface TunnelReportView {
  summary: Record<Outcome, number>;
  oneWayByDesign?: number;
  /** How many pairs the report holds. */
  pairCount: number;
  blocks: (ReportPair | SpokeSummary)[];
  limitedClouds?: LimitedCloud[];
}

/** The view of a report, laid out as `layout` says. */
export function reportView(
  report: TunnelReport,
  layout: ReportLayout = {},
): TunnelReportView {
  return {
    summary: report.summary,
    ...(report.oneWayByDesign ? { oneWayByDesign: report.oneWayByDesign } : {}),
    pairCount: report.pairs.length,
    blocks: reportBlocks(report, layout),
    ...(report.limitedClouds ? { limitedClouds: report.limitedClouds } : {}),
  };
}

function viewOf(
  report: TunnelReport | TunnelReportView,
  layout: ReportLayout,
): TunnelReportView {
  return "blocks" in report ? report : reportView(report, layout);
}

/** True for a block that gathers healthy spoke pairs. */
export function isSummary(
  block: ReportPair | SpokeSummary,
): block is SpokeSummary {
  return "spokes" in block && Array.isArray(block.spokes);
}

/** "Spoke1, Spoke2, ... and 38 more". */
function spokeNames(spokes: readonly string[]): string {
  const shown = spokes.slice(0, 12);
  const more = spokes.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** The first line of a spoke summary. */
function spokeSummaryHead(s: SpokeSummary): string {
  return `${s.count} spoke-to-spoke pairs among ${s.spokes.length} spokes: ${spokeNames(s.spokes)}`;
}

/** The report (or its view, whose layout is made) as plain text, one block per pair. */
export function renderTunnelReportText(
  report: TunnelReport | TunnelReportView,
  pathOf: PathOf = fileName,
  layout: ReportLayout = {},
): string {
  const view = viewOf(report, layout);
  const lines: string[] = [
    `IPsec tunnels: ${summaryText(view)}`,
    ...limitedCloudTexts(view),
  ];
  for (const p of view.blocks) {
    lines.push("");
    if (isSummary(p)) {
      lines.push(`ESTABLISHED  ${spokeSummaryHead(p)}`);
      if (p.phase1) {
        lines.push(`  phase 1: ${phase1Text(p.phase1)}`);
      }
      if (p.phase2) {
        lines.push(`  phase 2: ${phase2Text(p.phase2)}`);
      }
      lines.push(
        "  each pair comes up from either spoke (`ipsec-lens tunnels --all` lists them one by one)",
      );
      continue;
    }
    lines.push(`${p.outcome}  ${endText(p.a)}  <->  ${farEnd(p)}`);
    lines.push(
      `  at ${pathOf(p.a.uri)}:${p.a.line}${p.b ? `, ${pathOf(p.b.uri)}:${p.b.line}` : ""}`,
    );
    if (p.nat) {
      lines.push(`  NAT: ${natText(p.nat)}`);
      for (const note of p.nat.notes) {
        lines.push(`  NAT: ${note}`);
      }
    }
    for (const note of p.failover ?? []) {
      lines.push(`  failover: ${note}`);
    }
    if (p.phase1) {
      lines.push(`  phase 1: ${phase1Text(p.phase1)}`);
      if (p.phase1.certificates) {
        lines.push(
          `  certificates: ${certificatesText(p.phase1.certificates)}`,
        );
      }
    }
    if (p.phase2) {
      lines.push(`  phase 2: ${phase2Text(p.phase2)}`);
    }
    for (const d of p.directions) {
      lines.push(
        `  ${d.initiator} -> ${d.responder}: ${d.neverStarts ? "never starts (see why)" : `${d.outcome}${directionNote(d)}`}`,
      );
    }
    for (const u of p.unencrypted ?? []) {
      lines.push(
        `  unencrypted: ${pathOf(u.uri)}:${u.line}, ${u.code}: ${u.reason}`,
      );
    }
    for (const x of p.dropped ?? []) {
      lines.push(
        `  dropped: ${pathOf(x.uri)}:${x.line}, ${x.code}: ${x.reason}`,
      );
    }
    for (const reason of p.reasons) {
      lines.push(`  why: ${reason}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The report as JSON text. */
export function renderTunnelReportJson(report: TunnelReport): string {
  return [...tunnelReportJsonChunks(report)].join("");
}

/**
 * The report as JSON text in pieces, one per pair: a workspace with a big DMVPN cloud has more
 * pairs than one string can hold as JSON (`ipsec-lens tunnels --format json` writes the pieces).
 */
export function tunnelReportJsonChunks(
  report: TunnelReport,
): Generator<string> {
  return jsonChunks(report, "pairs");
}

function mdEscape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

/** The report as Markdown, for the editor's preview. */
export function renderTunnelReportMarkdown(
  report: TunnelReport | TunnelReportView,
  pathOf: PathOf = fileName,
  linkOf?: (uri: string, line: number) => string,
  layout: ReportLayout = {},
): string {
  const view = viewOf(report, layout);
  const place = (e: ReportEnd): string => {
    const text = mdEscape(`${pathOf(e.uri)}:${e.line}`);
    return linkOf ? `[${text}](${linkOf(e.uri, e.line)})` : text;
  };
  const lines: string[] = [
    "# IPsec tunnels",
    "",
    mdEscape(summaryText(view)) + ".",
    ...limitedCloudTexts(view).flatMap((t) => ["", mdEscape(t)]),
  ];
  if (!view.pairCount) {
    lines.push(
      "",
      "No crypto map entry or protected tunnel interface was found in the Cisco IOS configs of the workspace.",
    );
  }
  for (const p of view.blocks) {
    if (isSummary(p)) {
      lines.push("", `## ESTABLISHED: ${mdEscape(spokeSummaryHead(p))}`, "");
      if (p.phase1) {
        lines.push(`- Phase 1: ${mdEscape(phase1Text(p.phase1))}`);
      }
      if (p.phase2) {
        lines.push(`- Phase 2: ${mdEscape(phase2Text(p.phase2))}`);
      }
      lines.push(
        "- Each pair comes up from either spoke; `ipsec-lens tunnels --all` lists them one by one.",
      );
      continue;
    }
    lines.push(
      "",
      `## ${p.outcome}: ${mdEscape(endText(p.a))} ↔ ${mdEscape(farEnd(p))}`,
      "",
      `- Configs: ${place(p.a)}${p.b ? `, ${place(p.b)}` : ""}`,
    );
    if (p.nat) {
      lines.push(`- NAT: ${mdEscape(natText(p.nat))}`);
      for (const note of p.nat.notes) {
        lines.push(`  - ${mdEscape(note)}`);
      }
    }
    for (const note of p.failover ?? []) {
      lines.push(`- Failover: ${mdEscape(note)}`);
    }
    if (p.phase1) {
      lines.push(`- Phase 1: ${mdEscape(phase1Text(p.phase1))}`);
      if (p.phase1.certificates) {
        lines.push(
          `- Certificates: ${mdEscape(certificatesText(p.phase1.certificates))}`,
        );
      }
    }
    if (p.phase2) {
      lines.push(`- Phase 2: ${mdEscape(phase2Text(p.phase2))}`);
    }
    for (const d of p.directions) {
      lines.push(
        d.neverStarts
          ? `- ${mdEscape(d.initiator)} initiating: **never starts** (${mdEscape(d.neverStarts)})`
          : `- ${mdEscape(d.initiator)} initiating: **${d.outcome}**${mdEscape(directionNote(d))}${d.reasons.length ? ` (${mdEscape(joinReasons(d.reasons))})` : ""}`,
      );
    }
    for (const u of p.unencrypted ?? []) {
      const at = place({
        uri: u.uri,
        line: u.line,
        router: u.router,
        config: "",
      });
      lines.push(
        `- Unencrypted (${at}, ${mdEscape(u.code)}): ${mdEscape(u.reason)}`,
      );
    }
    for (const x of p.dropped ?? []) {
      const at = place({
        uri: x.uri,
        line: x.line,
        router: x.router,
        config: "",
      });
      lines.push(
        `- Dropped (${at}, ${mdEscape(x.code)}): ${mdEscape(x.reason)}`,
      );
    }
    if (
      p.outcome === "ONE_WAY" ||
      p.outcome === "NOT_STARTED" ||
      p.outcome === "MISSING_PEER"
    ) {
      for (const reason of p.reasons) {
        lines.push(`- ${mdEscape(reason)}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** The line a code lens for an end sits on: its crypto map entry or tunnel interface. */
function lensLine(e: Endpoint): number {
  return (e.entry?.node ?? e.tunnel?.node ?? e.anchorNode).line;
}

/**
 * Code lenses for one file: above each crypto map entry (and dynamic map entry, and protected
 * tunnel interface) that takes part in a pair, the outcome with each peer.
 */
export function tunnelAnnotations(
  uri: string,
  analysis: WorkspaceAnalysis,
): Annotation[] {
  const byLine = new Map<
    number,
    { labels: string[]; tips: string[]; outcomes: Outcome[] }
  >();
  const add = (e: Endpoint, other: string, pa: PairAnalysis): void => {
    if (e.router.uri !== uri) {
      return;
    }
    const line = lensLine(e);
    let slot = byLine.get(line);
    if (!slot) {
      slot = { labels: [], tips: [], outcomes: [] };
      byLine.set(line, slot);
    }
    slot.outcomes.push(pa.outcome);
    const behind = pa.nat ? ` (${natWho(pa.nat)} behind NAT)` : "";
    const clear = pa.unencrypted ? ", some traffic unencrypted" : "";
    const lost = pa.dropped ? `, ${droppedWords(pa.dropped)}` : "";
    slot.labels.push(
      `${other}: ${OUTCOME_WORDS[pa.outcome]}${clear}${lost}${behind}`,
    );
    slot.tips.push(
      `${other}: ${pa.outcome}${pa.reasons.length ? ` (${joinReasons(pa.reasons)})` : ""}${pa.nat ? `; ${natWho(pa.nat)} ${pa.nat.alsoHidden ? "both sit" : "sits"} behind NAT: ${pa.nat.reason}` : ""}${(pa.unencrypted ?? []).map((u) => `; unencrypted (${u.code}): ${u.reason}`).join("")}${(pa.dropped ?? []).map((x) => `; dropped (${x.code}): ${x.reason}`).join("")}`,
    );
  };
  for (const pa of pairsWith(analysis, uri)) {
    const { a, b, peerRouter } = pa.pair;
    const aTarget =
      b?.router.name ??
      peerRouter?.name ??
      (a.remote !== undefined
        ? formatAddress(a.remote)
        : (a.remoteName ?? "?"));
    add(a, aTarget, pa);
    if (b && !pa.pair.missing) {
      add(b, a.router.name, pa);
    }
  }
  return [...byLine.entries()]
    .sort(([x], [y]) => x - y)
    .map(([line, slot]) => ({
      position: { line, character: 0 },
      label: `IPsec ${slot.labels.length > MAX_LENS_PEERS ? countedOutcomes(slot.outcomes) : slot.labels.join(" · ")}`,
      tooltip:
        slot.tips.length > MAX_TIP_PEERS
          ? [
              ...slot.tips.slice(0, MAX_TIP_PEERS),
              `and ${slot.tips.length - MAX_TIP_PEERS} more (Show Tunnels lists them all)`,
            ].join("\n")
          : slot.tips.join("\n"),
      placement: "lens" as const,
    }));
}

/** What a pair's filters drop, in a few words for a code lens: `ESP dropped at R2`. */
function droppedWords(dropped: readonly DroppedTraffic[]): string {
  const protocols = [...new Set(dropped.map((x) => x.protocol))];
  const routers = [...new Set(dropped.map((x) => x.end.router.name))];
  return `${protocols.join("/")} dropped at ${andList(routers)}`;
}

/** Above this many peers on one line (a hub's tunnel, a dynamic map), the lens counts outcomes. */
const MAX_LENS_PEERS = 3;
/** The tooltip lists this many peers at most. */
const MAX_TIP_PEERS = 20;

/** `12 peers: 10 only one side can start it, 2 phase 2 fails`, most frequent first. */
function countedOutcomes(outcomes: readonly Outcome[]): string {
  const counts = new Map<Outcome, number>();
  for (const o of outcomes) {
    counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  const parts = [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([o, n]) => `${n} ${OUTCOME_WORDS[o]}`);
  return `${outcomes.length} peers: ${parts.join(", ")}`;
}
