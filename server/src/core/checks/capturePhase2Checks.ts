import { capitalised, messageRange } from "../capture/describe";
import {
  failedExchanges,
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
  type Exchange,
  type IndexedEvent,
} from "../capture/model";
import type { TransformSetShow } from "../capture/show/types";
import {
  captureRouters,
  entriesForPeer,
  entryAcl,
  entryTransformSets,
  type CaptureRouters,
} from "../capture/workspace";
import { pushAt } from "../collections/multiMap";
import { routerName, type CryptoMapEntry } from "../config/model";
import { nodeRange } from "../config/tree";
import type { Range } from "../text/position";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { parseIpv4 } from "../ipv4/address";
import {
  childIndent,
  deleteLine,
  insertAfterSection,
  replaceLine,
} from "../peers/edits";
import { matchTransformSets, transformText } from "../peers/phase2";
import { checkProxies, mirrorEntryText } from "../peers/proxies";
import type { CaptureCheck, CheckContext } from "./check";

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

/** Transform sets of two routers shown in the same capture (`show crypto ipsec transform-set` on each). */
function transformShows(
  model: CaptureModel,
): { router?: string; data: TransformSetShow }[] {
  return model.shows
    .filter((b) => b.data?.kind === "transform-set")
    .map((b) => ({ router: b.router, data: b.data as TransformSetShow }));
}

/** Compares what the workspace configs say and returns the causes found, with related places and fixes. */
function compareConfigs(
  r: CaptureRouters,
  ex: Exchange,
): { causes: Set<Cause>; related: RelatedInfo[]; fixes: Fix[] } {
  const causes = new Set<Cause>();
  const related: RelatedInfo[] = [];
  const fixes: Fix[] = [];
  const peerNum =
    r.peerAddress !== undefined ? parseIpv4(r.peerAddress) : undefined;
  const localNum =
    r.localAddress !== undefined ? parseIpv4(r.localAddress) : undefined;
  if (!r.self || !r.peer || peerNum === undefined) {
    return { causes, related, fixes };
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
    return { causes, related, fixes };
  }
  const otherName = routerName(other.model) ?? r.peerAddress!;
  const ownSets = entryTransformSets(self.model, ownEntry);
  const theirSets = entryTransformSets(other.model, theirEntry);
  if (
    ownSets.length &&
    theirSets.length &&
    !matchTransformSets(ownSets, theirSets).ok
  ) {
    causes.add("transform");
    const mine = ownSets[0]!;
    const theirs = theirSets[0]!;
    related.push(
      {
        uri: self.uri,
        range: nodeRange(mine.node),
        message: `${Who(r)}: ${mine.name} {${transformText(mine)}}`,
      },
      {
        uri: other.uri,
        range: nodeRange(theirs.node),
        message: `${otherName}: ${theirs.name} {${transformText(theirs)}}`,
      },
    );
    const line = `crypto ipsec transform-set ${mine.name} ${transformText(theirs)}`;
    fixes.push({
      title: `Use ${otherName}'s transforms (${transformText(theirs)}) in ${who(r)}'s transform set ${mine.name}`,
      edits: [replaceLine(self.uri, mine.node, line)],
      isPreferred: true,
      cli: [line],
    });
  }
  const ownAcl = entryAcl(self.model, ownEntry);
  const theirAcl = entryAcl(other.model, theirEntry);
  if (ownAcl && theirAcl) {
    const initiatorAcl = ex.role === "responder" ? theirAcl : ownAcl;
    const responderAcl = ex.role === "responder" ? ownAcl : theirAcl;
    const result = checkProxies(initiatorAcl, responderAcl);
    if (result.rejected.length) {
      causes.add("acl");
      for (const entry of result.rejected) {
        related.push({
          uri: ex.role === "responder" ? other.uri : self.uri,
          range: nodeRange(entry.node),
          message: "this crypto ACL entry has no mirror on the other router",
        });
      }
      const theirPermits = theirAcl.entries.filter(
        (e) => e.action === "permit",
      );
      const ownPermits = ownAcl.entries.filter((e) => e.action === "permit");
      if (theirPermits.length === 1 && ownPermits.length === 1) {
        const target = ownPermits[0]!;
        const rule = mirrorEntryText(theirPermits[0]!);
        const text = ownAcl.numbered
          ? `access-list ${ownAcl.name} ${rule}`
          : `${" ".repeat(target.node.indent)}${rule}`;
        fixes.push({
          title: `Make ${who(r)}'s crypto ACL ${ownAcl.name} the mirror image of ${otherName}'s`,
          edits: [replaceLine(self.uri, target.node, text)],
          isPreferred: !fixes.length,
          cli: ownAcl.numbered
            ? [
                `no access-list ${ownAcl.name}`,
                `access-list ${ownAcl.name} ${rule}`,
              ]
            : [
                `ip access-list extended ${ownAcl.name}`,
                ` no ${target.node.text.trim()}`,
                ` ${rule}`,
              ],
        });
      }
    }
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
  return { causes, related, fixes };
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

function phase2Rejected(model: CaptureModel, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  // The transform sets shown are the same for every exchange: read them once, when first needed.
  let shownSets: ReturnType<typeof transformShows> | undefined;
  // Of an exchange's lines, only those with these events matter: the parser lists them, so the
  // other lines are not read.
  const signs = new Map<number, CaptureMessage[]>();
  for (const m of messagesWithEvents(model, [...REJECTIONS, "notify"])) {
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
    const fromConfigs = compareConfigs(r, ex);
    const related: RelatedInfo[] = [...fromConfigs.related];
    const sets = (shownSets ??= transformShows(model));
    if (sets.length >= 2) {
      const [a, b] = sets;
      const ta = a!.data.sets[0];
      const tb = b!.data.sets[0];
      if (
        ta &&
        tb &&
        ta.transforms.map((t) => t.text).join(" ") !==
          tb.transforms.map((t) => t.text).join(" ")
      ) {
        fromLines.add("transform");
        related.push(
          {
            range: ta.name.range,
            message: `${a!.router ?? "one router"}: ${ta.name.text} {${ta.transforms.map((t) => t.text).join(" ")}}`,
          },
          {
            range: tb.name.range,
            message: `${b!.router ?? "the other"}: ${tb.name.text} {${tb.transforms.map((t) => t.text).join(" ")}}`,
          },
        );
      }
    }
    const v2 = ex.protocol === "ikev2";
    // IKEv2 names the refused selectors apart: then the ACLs are the cause, whatever else fits.
    if (v2 && /TS_UNACCEPTABLE/.test(ex.failure ?? "")) {
      fromLines.add("acl");
    }
    const known = new Set<Cause>([...fromLines, ...fromConfigs.causes]);
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
    const why = known.size
      ? `Cause: ${[...known].map((c) => words[c]).join("; ")}.`
      : `The causes that fit: ${fits}. Run \`debug crypto ${v2 ? "ikev2" : "ipsec"}\` on ${peer} to see which.`;
    const state = v2
      ? "the IKE SA is up (both sides authenticated) but no IPsec SA is created"
      : "phase 1 is up but no IPsec SA is created";
    out.push({
      code: "log-phase2-rejected",
      range: messageRange(model, at),
      message: `${rejectedBy}: ${state}. ${why}`,
      related,
      fixes: fromConfigs.fixes,
    });
  }
  return out;
}

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
export const capturePhase2Checks: CaptureCheck = {
  id: "capturePhase2Checks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    return capitalised([
      ...phase2Rejected(model, ctx),
      ...identityRejected(model, ctx),
    ]);
  },
};
