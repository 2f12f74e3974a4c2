import {
  capitalised,
  messageRange,
  resentCount,
  routerAt,
} from "../capture/describe";
import {
  exchangesWithEvents,
  failedExchanges,
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
  type Exchange,
  type IndexedEvent,
} from "../capture/model";
import {
  cryptoMapAcl,
  shownTransformSets,
  type ShownAcl,
} from "../capture/show/asConfig";
import type { ShowBlock } from "../capture/show/types";
import {
  captureRouters,
  entriesForPeer,
  entryAcl,
  entryTransformSets,
  type CaptureRouters,
} from "../capture/workspace";
import { pushAt } from "../collections/multiMap";
import {
  routerName,
  type AccessList,
  type AclEntry,
  type CryptoMapEntry,
  type TransformSet,
} from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Range } from "../text/position";
import type {
  Finding,
  Fix,
  RelatedInfo,
  TextEdit,
} from "../diagnostics/finding";
import {
  formatIpv4,
  formatWildcard,
  maskToPrefix,
  parseIpv4,
} from "../ipv4/address";
import {
  childIndent,
  deleteLine,
  insertAfterSection,
  replaceLine,
} from "../peers/edits";
import { matchTransformSets, transformText } from "../peers/phase2";
import { checkProxies, describeEntry, mirrorEntryText } from "../peers/proxies";
import { IP_PROTOCOLS } from "../knowledge/protocols";
import type { CaptureCheck, CheckContext, WorkspaceConfig } from "./check";
import { listSome } from "./support/showSupport";

/**
 * Phase 2 failures in a capture: quick mode rejected (transform set, crypto ACL or PFS), and a
 * peer refused by the identity list of a DN-based crypto map. The debug rarely says which phase 2
 * setting differs, so the message names the causes that fit what the capture shows; with both
 * configs in the workspace, the transform sets, crypto ACLs and PFS are compared and the one at
 * fault is fixed in the config.
 */

/** The router's name mid-sentence; `Who` starts a sentence. */
const who = (r: CaptureRouters): string => r.hostname ?? "the router";
const Who = (r: CaptureRouters): string => r.hostname ?? "The router";

type Cause = "transform" | "acl" | "pfs" | "peer";

const CAUSE_WORDS: Readonly<Record<Cause, string>> = {
  transform:
    "the transform sets share no transform (compare `show crypto ipsec transform-set`)",
  acl: "the crypto ACLs are not mirror images, so the proxy identities match nothing on the other side (compare `show crypto map` on both)",
  pfs: "PFS is set on one crypto map and not on the other, or with another group (`set pfs`)",
  peer: "no crypto map entry on the responder names this peer (`set peer`)",
};

/** The same causes in IKEv2's words, where they differ. */
const CAUSE_WORDS_V2: Readonly<Record<Cause, string>> = {
  ...CAUSE_WORDS,
  acl: "the crypto ACLs are not mirror images, so the traffic selectors (TSi/TSr) match nothing on the other side (compare `show crypto map` or `show crypto ipsec sa` on both)",
};

/** The causes a quick mode failure's own lines point to (its lines with an indexed event suffice). */
function causesFromLines(
  ex: Exchange,
  lines: readonly CaptureMessage[],
): Set<Cause> {
  const causes = new Set<Cause>();
  for (const m of lines) {
    const e = m.event;
    switch (e?.type) {
      case "transform-unsupported":
        causes.add("transform");
        break;
      case "proxy-unsupported":
      case "no-matching-map":
        causes.add("acl");
        break;
      case "peer-not-found":
        causes.add("peer");
        break;
      case "policy-invalidated":
        causes.add(e.error === 32 ? "acl" : "transform");
        break;
      case "notify":
        if (/INVALID_ID_INFO|TS_UNACCEPTABLE/.test(e.notify)) {
          causes.add("acl");
        }
        break;
      default:
        break;
    }
  }
  if (
    ex.proposals.some((p) => p.attributes["pfs-group"] !== undefined) &&
    !causes.size
  ) {
    causes.add("pfs");
  }
  return causes;
}

/** What a comparison of the two routers found: the causes, their details, related places, fixes. */
interface Comparison {
  causes: Set<Cause>;
  /** Words that say what differs, in place of a cause's general words. */
  details: Map<Cause, string>;
  related: RelatedInfo[];
  fixes: Fix[];
}

const noComparison = (): Comparison => ({
  causes: new Set(),
  details: new Map(),
  related: [],
  fixes: [],
});

/** Where a compared object is: a config file's line, or a place in the capture (no `uri`). */
interface Place {
  uri?: string;
  range: Range;
}

/**
 * One router's transform sets for the comparison: from its config, or from the capture's `show
 * crypto ipsec transform-set` (read as config, `capture/show/asConfig.ts`).
 */
interface SetsSide {
  /** The router as messages name it. */
  router: string;
  sets: readonly TransformSet[];
  place(set: TransformSet): Place;
  /** The edit that rewrites a set's line, when a config file holds it. */
  edit?(set: TransformSet, line: string): TextEdit;
}

/**
 * The transform sets of the two routers through the peer analysis's matching: when the
 * initiator's offers meet none of the responder's sets, the closest pair, what differs in it,
 * and the fix that gives this router's set the peer's transforms (console commands, and the
 * config's edit when a file holds the set).
 */
function compareTransformSets(
  ex: Exchange,
  self: SetsSide,
  other: SetsSide,
  out: Comparison,
): void {
  if (!self.sets.length || !other.sets.length) {
    return;
  }
  const responder = ex.role === "responder";
  const result = responder
    ? matchTransformSets(other.sets, self.sets)
    : matchTransformSets(self.sets, other.sets);
  if (result.ok) {
    return;
  }
  out.causes.add("transform");
  const closest = result.closest;
  const mine = (responder ? closest?.own : closest?.offer) ?? self.sets[0]!;
  const theirs = (responder ? closest?.offer : closest?.own) ?? other.sets[0]!;
  const [initiator, answerer] = responder ? [other, self] : [self, other];
  const differences = (closest?.differences ?? [])
    .map(
      (d) =>
        `${d.what} ${d.initiator} on ${initiator.router}, ${d.responder} on ${answerer.router}`,
    )
    .join("; ");
  out.details.set(
    "transform",
    `the transform sets share no transform: ${self.router}'s ${mine.name} {${transformText(mine)}} against ${other.router}'s ${theirs.name} {${transformText(theirs)}}${differences ? ` (${differences})` : ""}`,
  );
  out.related.push(
    {
      ...self.place(mine),
      message: `${self.router}: ${mine.name} {${transformText(mine)}}`,
    },
    {
      ...other.place(theirs),
      message: `${other.router}: ${theirs.name} {${transformText(theirs)}}`,
    },
  );
  // The transforms alone cannot fix a mode that differs.
  if (closest?.differences.every((d) => d.what === "mode")) {
    return;
  }
  const line = `crypto ipsec transform-set ${mine.name} ${transformText(theirs)}`;
  out.fixes.push({
    title: `Use ${other.router}'s transforms (${transformText(theirs)}) in ${self.router}'s transform set ${mine.name}`,
    edits: self.edit ? [self.edit(mine, line)] : [],
    isPreferred: true,
    cli: [line],
  });
}

/** One router's crypto ACL for the comparison: from its config, or printed by `show crypto map`. */
interface AclSide {
  router: string;
  acl: AccessList;
  place(entry: AclEntry): Place;
  /** The edit that replaces an entry's line, when a config file holds it. */
  edit?(entry: AclEntry, text: string): TextEdit;
}

/**
 * The two crypto ACLs through the peer analysis's mirror check: the initiator's entries that no
 * entry of the responder's mirrors, named with what the responder permits, and, when each ACL
 * has one permit, the fix that makes this router's the mirror image of the peer's.
 */
function compareAcls(
  ex: Exchange,
  self: AclSide,
  other: AclSide,
  out: Comparison,
): void {
  const [initiator, responder] =
    ex.role === "responder" ? [other, self] : [self, other];
  const result = checkProxies(initiator.acl, responder.acl);
  if (!result.rejected.length) {
    return;
  }
  out.causes.add("acl");
  for (const entry of result.rejected) {
    out.related.push({
      ...initiator.place(entry),
      message: "this crypto ACL entry has no mirror on the other router",
    });
  }
  const permitsOf = (side: AclSide) =>
    side.acl.entries.filter((e) => e.action === "permit");
  const permitted = permitsOf(responder).map(describeEntry);
  out.details.set(
    "acl",
    `the crypto ACLs are not mirror images, so the proxy identities match nothing on the other side: ${initiator.router}'s ACL ${initiator.acl.name} permits ${result.rejected.map(describeEntry).join(", ")}, which no entry of ${responder.router}'s ACL ${responder.acl.name} mirrors (it permits ${permitted.length ? listSome(permitted, 3) : "nothing"})`,
  );
  const theirPermits = permitsOf(other);
  const ownPermits = permitsOf(self);
  if (theirPermits.length !== 1 || ownPermits.length !== 1) {
    return;
  }
  const acl = self.acl;
  const target = ownPermits[0]!;
  const rule = mirrorEntryText(theirPermits[0]!);
  const text = acl.numbered
    ? `access-list ${acl.name} ${rule}`
    : `${" ".repeat(target.node.indent)}${rule}`;
  out.fixes.push({
    title: `Make ${self.router}'s crypto ACL ${acl.name} the mirror image of ${other.router}'s`,
    edits: self.edit ? [self.edit(target, text)] : [],
    isPreferred: !out.fixes.length,
    cli: acl.numbered
      ? [`no access-list ${acl.name}`, `access-list ${acl.name} ${rule}`]
      : [
          `ip access-list extended ${acl.name}`,
          ` no ${target.node.text.trim()}`,
          ` ${rule}`,
        ],
  });
}

/** Whether a show output was printed by the named router (any output, when the name is unknown). */
function printedBy(block: ShowBlock, router: string | undefined): boolean {
  return (
    router === undefined || block.router?.toLowerCase() === router.toLowerCase()
  );
}

/**
 * The `show crypto map` and `show crypto ipsec transform-set` outputs of a capture, listed once
 * per model: every refused quick mode of a long capture compares them.
 */
function comparableShows(model: CaptureModel): readonly ShowBlock[] {
  let shows = COMPARABLE.get(model);
  if (!shows) {
    shows = model.shows.filter(
      (b) => b.data?.kind === "crypto-map" || b.data?.kind === "transform-set",
    );
    COMPARABLE.set(model, shows);
  }
  return shows;
}
const COMPARABLE = new WeakMap<CaptureModel, readonly ShowBlock[]>();

/** What one model's comparisons share (by router and side), computed once. */
function memo<T>(model: CaptureModel, key: string, compute: () => T): T {
  let cache = MEMO.get(model);
  if (!cache) {
    cache = new Map();
    MEMO.set(model, cache);
  }
  if (!cache.has(key)) {
    cache.set(key, compute());
  }
  return cache.get(key) as T;
}
const MEMO = new WeakMap<CaptureModel, Map<string, unknown>>();

/**
 * The two routers' show outputs in the capture, compared as their configs would be: both
 * `show crypto map` entries (this router's for the peer, the peer's for this router) and both
 * `show crypto ipsec transform-set` outputs (the sets the map entries name, when printed). The
 * fixes are console commands: a capture is not edited.
 */
function compareShows(
  model: CaptureModel,
  r: CaptureRouters,
  ex: Exchange,
): Comparison {
  const out = noComparison();
  const shows = comparableShows(model);
  if (!shows.length) {
    return out;
  }
  const self = r.hostname;
  const mine = (b: ShowBlock) => self !== undefined && printedBy(b, self);
  const entries = (own: boolean) =>
    memo(model, `entries|${self ?? ""}|${own}`, () =>
      shows.flatMap((b) =>
        b.data?.kind === "crypto-map" && mine(b) === own
          ? b.data.entries.map((entry) => ({ entry, router: b.router }))
          : [],
      ),
    );
  const peerText = ex.peer;
  const ownEntry = entries(true).find((x) =>
    x.entry.peers.some((p) => p.text === peerText),
  );
  const others = entries(false);
  const theirEntry =
    others.find((x) => x.entry.peers.some((p) => p.text === r.localAddress)) ??
    (others.length === 1 ? others[0] : undefined);
  const otherName =
    theirEntry?.router ??
    shows.find(
      (b) => b.data?.kind === "transform-set" && self !== undefined && !mine(b),
    )?.router ??
    peerText ??
    "the peer";
  const selfName = self ?? "one router";
  const place = (cell: { range: Range }): Place => ({ range: cell.range });
  // Transform sets: this router's and the other's, narrowed to those their entries name.
  const sets = (
    own: boolean,
    named: readonly { text: string }[] | undefined,
  ) => {
    const names = new Set((named ?? []).map((c) => c.text));
    const all = memo(model, `sets|${self ?? ""}|${own}`, () =>
      shows.flatMap((b) =>
        b.data?.kind === "transform-set" &&
        (self === undefined ? true : mine(b) === own)
          ? shownTransformSets(b.data)
          : [],
      ),
    );
    return all.filter((t) => !names.size || names.has(t.set.name));
  };
  let ownSets = sets(true, ownEntry?.entry.transformSets);
  let theirSets = sets(false, theirEntry?.entry.transformSets);
  if (self === undefined) {
    // Outputs of unnamed routers: the first printed stands for one router, the next for the other.
    [ownSets, theirSets] = [ownSets.slice(0, 1), ownSets.slice(1, 2)];
  }
  const setsSide = (router: string, shown: typeof ownSets): SetsSide => ({
    router,
    sets: shown.map((t) => t.set),
    place: (set) => place(shown.find((t) => t.set === set)!.name),
  });
  compareTransformSets(
    ex,
    setsSide(selfName, ownSets),
    setsSide(self === undefined ? "the other router" : otherName, theirSets),
    out,
  );
  const ownAcl = ownEntry && cryptoMapAcl(ownEntry.entry);
  const theirAcl = theirEntry && cryptoMapAcl(theirEntry.entry);
  if (ownAcl && theirAcl) {
    const aclSide = (router: string, shown: ShownAcl): AclSide => ({
      router,
      acl: shown.acl,
      place: (entry) => place(shown.lineOf(entry)),
    });
    compareAcls(
      ex,
      aclSide(selfName, ownAcl),
      aclSide(otherName, theirAcl),
      out,
    );
  }
  return out;
}

/** Compares what the workspace configs say and returns the causes found, with related places and fixes. */
function compareConfigs(r: CaptureRouters, ex: Exchange): Comparison {
  const out = noComparison();
  const { causes, related, fixes } = out;
  const peerNum =
    r.peerAddress !== undefined ? parseIpv4(r.peerAddress) : undefined;
  const localNum =
    r.localAddress !== undefined ? parseIpv4(r.localAddress) : undefined;
  if (!r.self || !r.peer || peerNum === undefined) {
    return out;
  }
  const self = r.self;
  const other = r.peer;
  const ownEntry = entriesForPeer(self.model, peerNum)[0];
  // The peer's entry names one of this router's addresses (the crypto map may sit on another interface).
  const ownAddresses = self.model.interfaces.flatMap((i) =>
    i.addresses.map((a) => a.address),
  );
  const theirEntry =
    (localNum !== undefined
      ? entriesForPeer(other.model, localNum)[0]
      : undefined) ??
    ownAddresses
      .map((a) => entriesForPeer(other.model, a)[0])
      .find((e) => e !== undefined);
  if (!ownEntry || !theirEntry) {
    if (ownEntry && !theirEntry) {
      causes.add("peer");
    }
    return out;
  }
  const otherName = routerName(other.model) ?? r.peerAddress!;
  const inConfig = (config: WorkspaceConfig) => ({
    place: (object: { node: ConfigNode }) => ({
      uri: config.uri,
      range: nodeRange(object.node),
    }),
    edit: (object: { node: ConfigNode }, text: string) =>
      replaceLine(config.uri, object.node, text),
  });
  compareTransformSets(
    ex,
    {
      router: who(r),
      sets: entryTransformSets(self.model, ownEntry),
      ...inConfig(self),
    },
    {
      router: otherName,
      sets: entryTransformSets(other.model, theirEntry),
      ...inConfig(other),
    },
    out,
  );
  const ownAcl = entryAcl(self.model, ownEntry);
  const theirAcl = entryAcl(other.model, theirEntry);
  if (ownAcl && theirAcl) {
    compareAcls(
      ex,
      { router: who(r), acl: ownAcl, ...inConfig(self) },
      { router: otherName, acl: theirAcl, ...inConfig(other) },
      out,
    );
  }
  const ownPfs = ownEntry.pfs?.group;
  const theirPfs = theirEntry.pfs?.group;
  if ((ownPfs ?? "") !== (theirPfs ?? "")) {
    causes.add("pfs");
    if (ownEntry.pfs) {
      related.push({
        uri: self.uri,
        range: nodeRange(ownEntry.pfs.node),
        message: `${Who(r)} sets PFS ${ownPfs}`,
      });
    }
    if (theirEntry.pfs) {
      related.push({
        uri: other.uri,
        range: nodeRange(theirEntry.pfs.node),
        message: `${otherName} sets PFS ${theirPfs}`,
      });
    }
    if (theirPfs && ownEntry.pfs) {
      fixes.push({
        title: `Set PFS ${theirPfs} on ${who(r)} as on ${otherName}`,
        edits: [
          replaceLine(
            self.uri,
            ownEntry.pfs.node,
            `${" ".repeat(ownEntry.pfs.node.indent)}set pfs ${theirPfs}`,
          ),
        ],
        cli: [
          `crypto map ${ownEntry.map} ${ownEntry.sequence}`,
          ` set pfs ${theirPfs}`,
        ],
      });
    } else if (theirPfs) {
      fixes.push({
        title: `Set PFS ${theirPfs} on ${who(r)} as on ${otherName}`,
        edits: [
          insertAfterSection(self.uri, self.model, ownEntry.node, [
            `${childIndent(ownEntry.node)}set pfs ${theirPfs}`,
          ]),
        ],
        cli: [
          `crypto map ${ownEntry.map} ${ownEntry.sequence}`,
          ` set pfs ${theirPfs}`,
        ],
      });
    } else if (ownEntry.pfs) {
      fixes.push({
        title: `Remove PFS from ${who(r)} (${otherName} sets none)`,
        edits: [deleteLine(self.uri, self.model, ownEntry.pfs.node)],
        cli: [`crypto map ${ownEntry.map} ${ownEntry.sequence}`, ` no set pfs`],
      });
    }
  }
  return out;
}

/** Events of a quick mode line that say the proposal was refused. */
const REJECTIONS: ReadonlySet<IndexedEvent> = new Set<IndexedEvent>([
  "transform-unsupported",
  "proxy-unsupported",
  "no-matching-map",
  "peer-not-found",
  "policy-invalidated",
]);

/** The syslog mnemonic of a peer refused by a crypto map's identity list. */
const isBadCertificate = (mnemonic: string): boolean =>
  mnemonic === "IKE_QUICKMODE_BAD_CERT";

/** A refused phase 2 proposal, as `log-phase2-rejected` reports it. */
export interface Phase2Rejection {
  /** The exchange refused. */
  exchange: Exchange;
  /** The finding reported on it. */
  finding: Finding;
  /** The sentence that names the cause (`Cause: ...`), when the capture says which. */
  cause?: string;
  /** Who refused and whose proposal: "172.16.6.2 refused the quick mode proposal of Tokyo". */
  refusal: string;
}

/** The rejections of a model, kept for the check context they were judged in. */
const REJECTIONS_OF = new WeakMap<
  CaptureModel,
  { ctx: CheckContext; list: Phase2Rejection[] }
>();

/**
 * The refused phase 2 proposals of a capture with what they say of the cause: what
 * `log-phase2-rejected` reports, and what other checks read to name that cause rather than list
 * every one that fits (`show-ipsec-no-sa`). Judged once per model and check context.
 */
export function phase2Rejections(
  model: CaptureModel,
  ctx: CheckContext,
): readonly Phase2Rejection[] {
  const known = REJECTIONS_OF.get(model);
  if (known?.ctx === ctx) {
    return known.list;
  }
  const list = judgeRejections(model, ctx);
  REJECTIONS_OF.set(model, { ctx, list });
  return list;
}

function phase2Rejected(model: CaptureModel, ctx: CheckContext): Finding[] {
  return phase2Rejections(model, ctx).map((r) => r.finding);
}

function judgeRejections(
  model: CaptureModel,
  ctx: CheckContext,
): Phase2Rejection[] {
  const out: Phase2Rejection[] = [];
  // Of an exchange's lines, only those with these events matter: the parser lists them, so the
  // other lines are not read.
  const signs = new Map<number, CaptureMessage[]>();
  for (const m of messagesWithEvents(model, [
    ...REJECTIONS,
    "notify",
    "proposal-proxies",
  ])) {
    const ex = m.exchange;
    if (ex >= 0) {
      pushAt(signs, ex, m);
    }
  }
  // A refused certificate is identityRejected's finding, not this one.
  const badCert = new Set(
    messagesWithEvents(model, [], isBadCertificate).map((m) => m.exchange),
  );
  // Only a failed exchange can report: the parser lists those.
  for (const ex of failedExchanges(model)) {
    const quick =
      ex.protocol === "ikev1"
        ? ex.kind === "quick"
        : ex.kind === "ike-auth" || ex.kind === "create-child-sa";
    if (!quick || ex.outcome !== "failed" || ex.outcomeLine === undefined) {
      continue;
    }
    if (
      (ex.protocol === "ikev2" &&
        !/NO_PROPOSAL|TS_UNACCEPTABLE/.test(ex.failure ?? "")) ||
      badCert.has(ex.index)
    ) {
      continue;
    }
    const lines = signs.get(ex.index) ?? [];
    const rejection =
      /NO_PROPOSAL_CHOSEN|PROPOSAL_NOT_CHOSEN|INVALID_ID_INFO|TS_UNACCEPTABLE|phase 2 proposal|not acceptable/i.test(
        ex.failure ?? "",
      ) ||
      lines.some((m) => REJECTIONS.has((m.event?.type ?? "") as IndexedEvent));
    if (!rejection) {
      continue;
    }
    const at = model.messages[model.lineMessage[ex.outcomeLine]!];
    if (!at) {
      continue;
    }
    const r = captureRouters(model, ctx, at.line, ex);
    const peer = ex.peer ?? "the peer";
    const fromLines = causesFromLines(ex, lines);
    // The configs when the workspace holds both; else what the capture's show outputs print.
    const fromConfigs = compareConfigs(r, ex);
    const compared = fromConfigs.causes.size
      ? fromConfigs
      : compareShows(model, r, ex);
    const related: RelatedInfo[] = [...compared.related];
    const v2 = ex.protocol === "ikev2";
    // IKEv2 names the refused selectors apart: then the ACLs are the cause, whatever else fits.
    if (v2 && /TS_UNACCEPTABLE/.test(ex.failure ?? "")) {
      fromLines.add("acl");
    }
    const known = new Set<Cause>([...fromLines, ...compared.causes]);
    if (known.has("acl") && !compared.details.has("acl")) {
      const proposed = proposedProxies(lines, ex.role === "responder");
      if (proposed) {
        compared.details.set("acl", proposed);
      }
    }
    const notify = /[A-Z_]{8,}/.exec(ex.failure ?? "")?.[0];
    const proposal = v2
      ? `the child SA proposal (${ex.kind === "ike-auth" ? "IKE_AUTH" : "CREATE_CHILD_SA"})`
      : "the quick mode proposal";
    const rejectedBy =
      ex.role === "responder"
        ? `${Who(r)} refused ${proposal} of ${peer}`
        : `${peer} refused ${proposal} of ${who(r)}${v2 && notify ? ` (${notify})` : /CHOSEN/.test(ex.failure ?? "") ? " (PROPOSAL_NOT_CHOSEN)" : ""}`;
    // The first child SA of IKEv2 comes with IKE_AUTH, without a key exchange of its own, so PFS
    // is not negotiated there (a PFS mismatch shows at the first rekey).
    const words = v2 ? CAUSE_WORDS_V2 : CAUSE_WORDS;
    const fits =
      v2 && ex.kind === "ike-auth"
        ? `${words.transform} or ${words.acl}`
        : `${words.transform}; ${words.acl}; or ${words.pfs}`;
    const cause = known.size
      ? `Cause: ${[...known].map((c) => compared.details.get(c) ?? words[c]).join("; ")}.`
      : undefined;
    const why =
      cause ??
      `The causes that fit: ${fits}. Run \`debug crypto ${v2 ? "ikev2" : "ipsec"}\` on ${ex.role === "responder" ? who(r) : peer} to see which.`;
    const state = v2
      ? "the IKE SA is up (both sides authenticated) but no IPsec SA is created"
      : "phase 1 is up but no IPsec SA is created";
    out.push({
      exchange: ex,
      finding: {
        code: "log-phase2-rejected",
        range: messageRange(model, at),
        message: `${rejectedBy}: ${state}. ${why}`,
        related,
        fixes: compared.fixes,
      },
      ...(cause ? { cause } : {}),
      refusal: rejectedBy,
    });
  }
  return out;
}

/**
 * What a refused proposal's proxy identities say, from the `IPSEC(validate_proposal_request)`
 * this router printed for it (a responder prints the peer's proposal): the two flows, and the
 * entry that would accept them. Any to any both ways is what a static VTI proposes, which a
 * crypto map does not accept.
 */
function proposedProxies(
  lines: readonly CaptureMessage[],
  responder: boolean,
): string | undefined {
  let e: CaptureMessage["event"];
  for (const m of lines) {
    if (m.event?.type === "proposal-proxies") {
      e = m.event;
    }
  }
  if (!responder || e?.type !== "proposal-proxies") {
    return undefined;
  }
  const local = readProxy(e.local);
  const remote = readProxy(e.remote);
  if (!local || !remote) {
    return undefined;
  }
  if (local.any && remote.any && local.protocol === "ip") {
    return "the peer proposed any to any (0.0.0.0/0 both ways), which is what a static VTI (`tunnel mode ipsec ipv4`) negotiates: the peer is a VTI and this router a crypto map (or a crypto map whose ACL protects everything), and the two do not interoperate before IOS XE 16.12's multi-SA VTI (`tunnel protection ipsec policy ipv4 ACL`). Build the same kind of tunnel on both ends";
  }
  const protocol = local.protocol === "ip" ? "ip" : local.protocol;
  return `the peer proposed ${remote.text} (its side) to ${local.text} (this router's)${protocol === "ip" ? "" : `, ${protocol} only`}, and no crypto map entry here for that peer protects the mirror image: its crypto ACL needs \`permit ${protocol} ${local.acl} ${remote.acl}\` (or the peer's ACL must be the mirror image of this router's)`;
}

/** A proxy as the debug prints it (`192.168.1.0/255.255.255.0/0/0`), in ACL and CIDR words. */
function readProxy(
  text: string,
): { text: string; acl: string; protocol: string; any: boolean } | undefined {
  const [addressText, maskText, protocolText] = text.split("/");
  const address = parseIpv4(addressText ?? "");
  const mask = parseIpv4(maskText ?? "");
  if (address === undefined || mask === undefined) {
    return undefined;
  }
  const length = maskToPrefix(mask);
  const n = Number(protocolText ?? "0");
  // IOS prints 0 (some releases 256) for every protocol.
  const protocol =
    !Number.isFinite(n) || n === 0 || n === 256
      ? "ip"
      : (PROTOCOL_WORDS.get(n) ?? String(n));
  const wildcard = ~mask >>> 0;
  return {
    text:
      length === undefined
        ? `${formatIpv4(address)} mask ${formatIpv4(mask)}`
        : `${formatIpv4(address)}/${length}`,
    acl: formatWildcard({ address, wildcard }),
    protocol,
    any: mask === 0,
  };
}

/** Protocol words by number, from the ACL keyword table. */
const PROTOCOL_WORDS = new Map(
  Object.entries(IP_PROTOCOLS).map(([word, n]) => [n, word]),
);

/** The identity list of a crypto map entry: `set identity NAME` (the IOS form) or a bare `identity NAME`. */
function identityOf(
  entry: CryptoMapEntry,
): { name: string; range: Range } | undefined {
  if (entry.identity) {
    return { name: entry.identity.name, range: entry.identity.range };
  }
  for (const child of entry.node.children) {
    const w = child.words;
    if (
      !child.negated &&
      w[0]?.text === "set" &&
      w[1]?.text === "identity" &&
      w[2]
    ) {
      return { name: w[2].text, range: w[2].range };
    }
  }
  return undefined;
}

/** The identity lists that `show crypto map` names, each with the place to point at. */
function identityListsShown(
  model: CaptureModel,
): { name: string; related: RelatedInfo }[] {
  const out: { name: string; related: RelatedInfo }[] = [];
  for (const block of model.shows) {
    if (block.data?.kind === "crypto-map") {
      const entry = block.data.entries.find((x) => x.identityList);
      if (entry?.identityList) {
        const name = entry.identityList.text;
        out.push({
          name,
          related: {
            range: entry.identityList.range,
            message: `crypto map ${entry.name.text} admits only the identities of list ${name}`,
          },
        });
      }
    }
  }
  return out;
}

function identityRejected(model: CaptureModel, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  // The identity lists the show output names are the same for every finding: read them once.
  let shown: { name: string; related: RelatedInfo }[] | undefined;
  for (const m of messagesWithEvents(model, [], isBadCertificate)) {
    const e = m.event;
    if (e?.type !== "syslog" || e.mnemonic !== "IKE_QUICKMODE_BAD_CERT") {
      continue;
    }
    const ex = m.exchange >= 0 ? model.exchanges[m.exchange] : undefined;
    const r = captureRouters(model, ctx, m.line, ex);
    const peer = r.peerAddress ?? "the peer";
    const related: RelatedInfo[] = [];
    const fixes: Fix[] = [];
    let listName: string | undefined;
    shown ??= identityListsShown(model);
    for (const list of shown) {
      listName = list.name;
      related.push({ ...list.related });
    }
    const peerNum =
      r.peerAddress !== undefined ? parseIpv4(r.peerAddress) : undefined;
    const entry =
      r.self && peerNum !== undefined
        ? entriesForPeer(r.self.model, peerNum).find((x) => identityOf(x))
        : undefined;
    const peerHost = r.peer?.model.hostname?.name;
    const identityRef = entry ? identityOf(entry) : undefined;
    if (r.self && entry && identityRef) {
      listName = identityRef.name;
      related.push({
        uri: r.self.uri,
        range: identityRef.range,
        message: `${Who(r)}'s crypto map ${entry.map} ${entry.sequence} uses identity list ${listName}`,
      });
      const identity = r.self.model.identities.find((i) => i.name === listName);
      if (identity) {
        related.push({
          uri: r.self.uri,
          range: nodeRange(identity.node),
          message: `identity list ${listName}: ${identity.entries.map((x) => `${x.kind} ${x.value}`).join(", ") || "empty"}`,
        });
        fixes.push({
          title: `Admit ${peerHost ?? peer} in identity list ${listName}`,
          edits: [
            insertAfterSection(r.self.uri, r.self.model, identity.node, [
              `${childIndent(identity.node)}fqdn \${1:${peerHost ? `${peerHost}.example.com` : "peer.example.com"}}`,
            ]),
          ],
          snippet: true,
          isPreferred: true,
          cli: [
            `crypto identity ${listName}`,
            ` fqdn <FQDN of ${peerHost ?? peer}>`,
          ],
        });
      }
    }
    if (!fixes.length) {
      fixes.push({
        title: `Admit ${peer} in the crypto identity list`,
        edits: [],
        cli: [
          `crypto identity ${listName ?? "<identity list>"}`,
          ` fqdn <FQDN of ${peer}>`,
        ],
      });
    }
    out.push({
      code: "log-identity-rejected",
      range: messageRange(model, m),
      message: `${Who(r)} refused quick mode from ${peer}: the peer's certificate does not match the identity list${listName ? ` ${listName}` : ""} of the crypto map (\`set identity\`), so the DN-based crypto map rejects it. Check \`show crypto identity\` and add the peer's FQDN or DN.`,
      related,
      fixes,
    });
  }
  return out;
}

/** The quick mode capture check family. */
/** How recent a phase 1 must be for a silent quick mode not to be blamed on an IKE SA the peer lost. */
const FRESH_PHASE1_MS = 60_000;

/**
 * IKEv1 quick modes this router started and sent again with no reply at all. A peer answers a
 * quick mode it refuses (a notify); it stays silent when it cannot decrypt it, which is what an
 * IKE SA the peer no longer has looks like (it rebooted, cleared or expired it first; it logs
 * `%CRYPTO-4-IKMP_NO_SA`), or when a NAT device dropped an idle UDP 4500 mapping. A phase 1
 * the capture shows completing just before makes a lost SA unlikely: then the wording stays
 * open.
 */
function quickModeUnanswered(
  model: CaptureModel,
  ctx: CheckContext,
): Finding[] {
  const out: Finding[] = [];
  for (const index of exchangesWithEvents(model, ["retransmit"])) {
    const ex = model.exchanges[index]!;
    if (
      ex.protocol !== "ikev1" ||
      ex.kind !== "quick" ||
      ex.role !== "initiator" ||
      ex.outcome === "complete" ||
      !ex.retransmissions.length ||
      ex.packets.some((p) => p.direction === "received")
    ) {
      continue;
    }
    const sent = ex.packets.find((p) => p.direction === "sent");
    const firstRetx =
      model.messages[model.lineMessage[ex.retransmissions[0]!]!];
    if (!sent || !firstRetx) {
      continue;
    }
    const r = captureRouters(model, ctx, firstRetx.line, ex);
    const peer = ex.peer ?? r.peerAddress ?? "the peer";
    const n = resentCount(ex, ex.retransmissions);
    const natT = /\bpeer_port 4500\b/.test(model.messages[sent.message]!.body);
    const phase1 = model.exchanges.find(
      (e) =>
        e.protocol === "ikev1" &&
        e.messageId === 0 &&
        e.connId === ex.connId &&
        e.outcome === "complete" &&
        e.startLine < ex.startLine,
    );
    const fresh =
      phase1?.outcomeMs !== undefined &&
      ex.startMs !== undefined &&
      ex.startMs - phase1.outcomeMs < FRESH_PHASE1_MS;
    const conn = ex.connId > 0 ? ` ${ex.connId}` : "";
    const why = fresh
      ? `${peer} completed phase 1 with this router just before, so it should hold the IKE SA: \`debug crypto isakmp\` on ${peer} shows what it does with the quick mode`
      : `a peer answers a quick mode it refuses; it stays silent when it cannot decrypt it, most likely because it no longer has this IKE SA (it rebooted, or cleared or expired it first: it logs \`%CRYPTO-4-IKMP_NO_SA\`)${natT ? ", or because a NAT device on the way dropped the idle UDP 4500 mapping" : ""}. Clear the IKE SA here (\`clear crypto isakmp${conn}\`) so that main mode starts again; \`crypto isakmp keepalive\` (dead peer detection) on both routers notices a lost SA by itself${natT ? ", and \`crypto isakmp nat keepalive\` keeps the NAT mapping open" : ""}`;
    out.push({
      code: "log-phase2-unanswered",
      range: messageRange(model, firstRetx),
      message: `${r.hostname ?? "The router"} sent quick mode 1/3 to ${peer} over an established IKE SA and retransmitted it ${n} time${n > 1 ? "s" : ""} without any reply: ${why}.`,
      related: [
        {
          range: messageRange(model, model.messages[sent.message]!),
          message: "quick mode 1/3 first sent here",
        },
      ],
      ...(fresh
        ? {}
        : {
            fixes: [
              {
                title: `Clear the IKE SA with ${peer} and turn on dead peer detection`,
                edits: [],
                cli: [
                  `clear crypto isakmp${conn}`,
                  "configure terminal",
                  "crypto isakmp keepalive 10 3",
                  ...(natT ? ["crypto isakmp nat keepalive 20"] : []),
                  "end",
                ],
              },
            ],
          }),
    });
  }
  return out;
}

/** At most this many later messages of one router and peer are listed as related lines. */
const MAX_AGAIN = 5;

/**
 * `%CRYPTO-4-IKMP_NO_SA: IKE message from X has no SA and is not an initialization offer`: X
 * sends into an IKE SA this router no longer has (it rebooted, or the SA was cleared or expired
 * here first). The other side of `quickModeUnanswered`: X's quick modes go unanswered here. One
 * finding per router and peer, on the first message.
 */
function lostIkeSa(model: CaptureModel): Finding[] {
  const groups = new Map<string, CaptureMessage[]>();
  for (const m of messagesWithEvents(
    model,
    [],
    (mnemonic) => mnemonic === "IKMP_NO_SA",
  )) {
    const e = m.event;
    if (e?.type !== "syslog") {
      continue;
    }
    const peer =
      /\bfrom ([\d.]{7,15}|[\da-fA-F:]{2,39})/.exec(e.text)?.[1] ?? "";
    pushAt(groups, `${routerAt(model, m.line) ?? ""}|${peer}`, m);
  }
  const out: Finding[] = [];
  for (const [key, messages] of groups) {
    const [router, peerText] = key.split("|") as [string, string];
    const peer = peerText || "the peer";
    const first = messages[0]!;
    const n = messages.length;
    out.push({
      code: "log-phase2-unanswered",
      // Once can be a late packet of an SA deleted a moment before; again and again is a
      // peer that keeps using it.
      ...(n === 1 ? { severity: "warning" as const } : {}),
      range: messageRange(model, first),
      message: `${router || "This router"} received IKE messages from ${peer} for an IKE SA it does not have (\`IKMP_NO_SA\`${n > 1 ? `, ${n} times` : ""}): ${peer} still uses an IKE SA this router lost (it rebooted, or the SA was cleared or expired here first), so its quick modes and keepalives are dropped unanswered and its tunnels stay down until ${peer} deletes that SA. Clear it on ${peer} (\`clear crypto isakmp\`), and turn on dead peer detection on both routers (\`crypto isakmp keepalive 10 3\`) so that each notices the other's loss.`,
      related: messages.slice(1, 1 + MAX_AGAIN).map((m) => ({
        range: messageRange(model, m),
        message: "the same again",
      })),
      fixes: [
        {
          title: `On ${peer}: clear the stale IKE SA and turn on dead peer detection`,
          edits: [],
          cli: [
            "clear crypto isakmp",
            "configure terminal",
            "crypto isakmp keepalive 10 3",
            "end",
          ],
        },
      ],
    });
  }
  return out;
}

export const capturePhase2Checks: CaptureCheck = {
  id: "capturePhase2Checks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    return capitalised([
      ...phase2Rejected(model, ctx),
      ...identityRejected(model, ctx),
      ...quickModeUnanswered(model, ctx),
      ...lostIkeSa(model),
    ]);
  },
};
