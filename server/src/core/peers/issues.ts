import { pushAt } from "../collections/multiMap";
import {
  ikev2IdentityText,
  type AccessList,
  type AclEntry,
  type ConfigModel,
  type Ipv6AccessList,
  type Ipv6AclEntry,
  type Ikev2Profile,
  type Interface,
  type IpsecLifetimes,
  type IsakmpAttributes,
  type PresharedKey,
  type TransformSet,
} from "../config/model";
import {
  nodeRange,
  startsWith,
  wordsRange,
  type ConfigNode,
} from "../config/tree";
import type { Code } from "../diagnostics/catalog";
import type { Finding, Fix, TextEdit } from "../diagnostics/finding";
import type { AnalysisSettings } from "../document";
import { describeWildcard, formatIpv4 } from "../ipv4/address";
import {
  formatAddress,
  ipv6PrefixContains,
  isIpv6,
  type IpAddress,
} from "../ipv6/address";
import {
  combineEdits,
  ikev2KeyringPeerSection,
  freeName,
} from "../fixes/configEdits";
import { IKEV2_AEAD_CIPHERS } from "../knowledge/ikev2Defaults";
import { lineRange, type Range } from "../text/position";
import { andList } from "../text/units";
import {
  identityText,
  natIdentityNote,
  sharedKeysOf,
  SpokePairAnalysis,
  type DirectionResult,
  type Ikev2SentIdentity,
  type PairAnalysis,
  type WorkspaceAnalysis,
} from "./analysis";
import {
  childIndent,
  deleteLine,
  insertAfterSection,
  insertSection,
  replaceLine,
  insertBefore,
} from "./edits";
import { judgeCrossing } from "../nat/natPath";
import { certificateMapFix } from "./certificateMapFix";
import { profileRefusalIssue } from "./isakmpIdentity";
import { describeProposal, type IkeProposal } from "./ikeNegotiation";
import {
  describeIkev2Offer,
  ikev2OfferName,
  ikev2PolicyName,
  ikev2ProfileRef,
  matchIdentityLine,
  profileAdmits,
  type Ikev2Offer,
  type Ikev2Side,
} from "./ikev2Negotiation";
import { refusedBackupPaths, type BackupProfileGap } from "./backupPaths";
import { detailsOf } from "../certificates/chain";
import { refusalReason, type CertificateRefusal } from "./certificateTrust";
import { effectiveAddress } from "./endpoint";
import type { Endpoint, MisdirectedKey, TunnelPair } from "./pairing";
import {
  agreedVolume,
  identityAdmits,
  transformText,
  volumeText,
  type Phase2Settings,
} from "./phase2";
import {
  clearText,
  describeDifference,
  findPresharedKey,
  isPlaceholderSecret,
  maskSecret,
} from "./presharedKeys";
import type { Severity } from "../diagnostics/severity";
import {
  mirroredPermits,
  missingEntryFix,
  removeEntryFix,
  tunnelProtectionFix,
} from "./missingEntry";
import {
  checkProxies,
  checkProxies6,
  describeEntry,
  describeEntry6,
  isExactMirror,
  isExactMirror6,
  mirrorEntryText6,
  type ProxyResult,
} from "./proxies";
import { interfaceOwning, mapInterfaces, type RouterInfo } from "./router";
import { describeRoute, routingView } from "../config/routingView";
import { shortcutIssues, tunnelProblems } from "./tunnelIssues";
import { tunnelRouteIssues } from "./tunnelRoutes";
import { isMultipoint } from "../config/dmvpn";

/**
 * Turns the workspace analysis into peer issues: one problem between two routers, with the place
 * on each side, what each side's message says, and fixes that may edit either side. A peer check
 * reports, for its own file, the sides that lie in that file, with related information pointing
 * at the other side.
 */

/** One side of an issue. */
export interface IssueSide {
  uri: string;
  range: Range;
  /** The message on this side (settings decide whether keys are shown). */
  message(settings: AnalysisSettings): string;
  /** What the related information on the other side says about this place. */
  related: string;
  /** Fixes offered on this side only, after the issue's own (each edit carries its URI). */
  fixes?: Fix[];
}

/** A problem between two routers. */
export interface PeerIssue {
  code: Code;
  /** When the case is milder than the code's default (a tunnel one side can still start). */
  severity?: Severity;
  sides: IssueSide[];
  /** Fixes; every edit carries the URI of the file it changes. */
  fixes: Fix[];
}

const issueCache = new WeakMap<WorkspaceAnalysis, PeerIssue[]>();
const byUriCache = new WeakMap<WorkspaceAnalysis, Map<string, PeerIssue[]>>();

/** The issues with a side in the given file. */
function issuesOf(analysis: WorkspaceAnalysis, uri: string): PeerIssue[] {
  let byUri = byUriCache.get(analysis);
  if (!byUri) {
    byUri = new Map();
    for (const issue of peerIssues(analysis)) {
      for (const u of new Set(issue.sides.map((s) => s.uri))) {
        pushAt(byUri, u, issue);
      }
    }
    byUriCache.set(analysis, byUri);
  }
  return byUri.get(uri) ?? [];
}

/** The issues of an analysis, computed once per analysis. */
export function peerIssues(analysis: WorkspaceAnalysis): PeerIssue[] {
  let issues = issueCache.get(analysis);
  if (!issues) {
    issues = [];
    const agreed = new AgreedKeys(analysis);
    // Spoke pairs with something to say, in order: a cloud's healthy ones are many and quiet.
    const spokePairs: SpokePairAnalysis[] = [];
    const otherPairs: PairAnalysis[] = [];
    for (const pa of analysis.pairs) {
      if (!(pa instanceof SpokePairAnalysis)) {
        otherPairs.push(pa);
      } else if (pa.keysDiffer) {
        // Judged below, once the keys routers share are known.
        spokePairs.push(pa);
      } else if (spokePairIssues(pa, agreed).length || pa.keysMissing) {
        // Judged here, right after its analysis, so that a cloud's negotiations are never all
        // made before any is judged.
        spokePairs.push(pa);
      }
    }
    for (const pa of otherPairs) {
      collectPairIssues(pa, issues, agreed);
    }
    if (spokePairs.length) {
      issues.push(...spokeIssues(analysis, spokePairs, issues, agreed));
    }
    // Spoke pairs have no part in it (a spoke's tunnel names a hub, never the other spoke).
    issues.push(...shortcutIssues(otherPairs));
    for (const m of analysis.pairing.misdirectedKeys) {
      // A peer behind NAT is seen from its NAT device's public address, so a key for an
      // address no router owns is then right.
      if (judgeCrossing(m.intended, undefined)?.behind !== "self") {
        issues.push(misdirectedKeyIssue(m));
      }
    }
    issueCache.set(analysis, issues);
  }
  return issues;
}

/** The findings a file gets for the given codes: its own sides of every issue, related to the other sides. */
export function findingsFor(
  uri: string,
  codes: ReadonlySet<Code>,
  analysis: WorkspaceAnalysis,
  settings: AnalysisSettings,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const issue of issuesOf(analysis, uri)) {
    if (!codes.has(issue.code)) {
      continue;
    }
    for (const side of issue.sides) {
      if (side.uri !== uri) {
        continue;
      }
      const message = side.message(settings);
      const key = `${issue.code}|${side.range.start.line}:${side.range.start.character}|${message}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      out.push({
        code: issue.code,
        ...(issue.severity ? { severity: issue.severity } : {}),
        range: side.range,
        message,
        related: issue.sides
          .filter((s) => s !== side)
          .map((s) => ({
            uri: s.uri === uri ? undefined : s.uri,
            range: s.range,
            message: s.related,
          })),
        fixes: [...issue.fixes, ...(side.fixes ?? [])].map((fix) => ({
          ...fix,
          edits: fix.edits.map((e) =>
            e.uri === uri ? { range: e.range, newText: e.newText } : e,
          ),
        })),
      });
    }
  }
  return out;
}

function addr(value: IpAddress | undefined): string {
  return value === undefined ? "an unknown address" : formatAddress(value);
}

/**
 * What a key is for, in a message: the peer's address when known, else what the key itself
 * covers (a dynamic responder's wildcard key serves peers whose address no config shows).
 */
function keyFor(peer: IpAddress | undefined, key: PresharedKey): string {
  if (peer !== undefined) {
    return formatAddress(peer);
  }
  const a = key.address;
  if (a) {
    return a.mask === 0
      ? "any address"
      : a.mask === 0xffffffff
        ? formatIpv4(a.address)
        : `${formatIpv4(a.address)} ${formatIpv4(a.mask)}`;
  }
  return key.hostname ?? addr(undefined);
}

function side(
  uri: string,
  range: Range,
  message: string | ((settings: AnalysisSettings) => string),
  related: string,
  fixes?: Fix[],
): IssueSide {
  return {
    uri,
    range,
    message: typeof message === "string" ? () => message : message,
    related,
    ...(fixes?.length ? { fixes } : {}),
  };
}

/**
 * Keys (clear text) each router shares with some peer that holds the same: evidence of which side
 * of a mismatch is the odd one. Read only where two keys differ, so gathered when first asked: a
 * healthy DMVPN cloud of 600 spokes never walks its 180,000 pairs for it.
 */
class AgreedKeys {
  private byRouter: Map<RouterInfo, Set<string>> | undefined;

  constructor(private readonly analysis: WorkspaceAnalysis) {}

  /** True when `router` shares the key `text` with some peer. */
  has(router: RouterInfo, text: string): boolean {
    return this.gathered().get(router)?.has(text) ?? false;
  }

  private gathered(): Map<RouterInfo, Set<string>> {
    if (this.byRouter) {
      return this.byRouter;
    }
    const out = new Map<RouterInfo, Set<string>>();
    const add = (router: RouterInfo, key: PresharedKey | undefined): void => {
      const text = key ? clearText(key.secret) : undefined;
      if (text === undefined) {
        return;
      }
      let set = out.get(router);
      if (!set) {
        set = new Set();
        out.set(router, set);
      }
      set.add(text);
    };
    for (const pa of this.analysis.pairs) {
      sharedKeysOf(pa, add);
    }
    this.byRouter = out;
    return out;
  }
}

function collectPairIssues(
  pa: PairAnalysis,
  out: PeerIssue[],
  agreed: AgreedKeys,
): void {
  const { pair } = pa;
  if (pair.missing === "misdirected") {
    // Behind NAT the peer's configured address belongs to the NAT device, not to the peer: the
    // address is right, and "should be" the private one would be wrong advice.
    if (!(pair.b && judgeCrossing(pair.a, pair.b)?.behind === "peer")) {
      out.push(misdirectedPeerIssue(pair));
    }
    return;
  }
  if (pair.missing === "one-sided") {
    out.push(oneSidedIssue(pair));
    return;
  }
  if (!pair.b || !pa.forward) {
    return;
  }
  const directions = [pa.forward, pa.reverse].filter(
    (d): d is DirectionResult => d !== undefined,
  );
  for (const [x, y] of [
    [pair.a, pair.b],
    [pair.b, pair.a],
  ] as const) {
    const source = talksElsewhereIssue(x, y);
    if (source) {
      out.push(source);
    }
    const started = directions.find((d) => d.initiator === x);
    if (started) {
      out.push(...backupPathIssues(started));
    }
  }
  out.push(...certificateIssues(directions));
  const policy = policyIssue(directions) ?? ikev2PolicyIssue(directions);
  if (policy) {
    out.push(policy);
  }
  // IKE_AUTH's faults do not depend on the proposals: told with them, not after their fix.
  out.push(...ikev2AuthIssues(directions));
  const lifetime = ikeLifetimeIssue(pa, directions);
  if (lifetime) {
    out.push(lifetime);
  }
  out.push(...keyIssues(directions, agreed));
  const unknownPeerKey = dynamicResponderKeyIssue(pa);
  if (unknownPeerKey) {
    out.push(unknownPeerKey);
  }
  for (const d of directions) {
    const aggressive =
      aggressiveResponderKeyIssue(d) ?? aggressiveBlockedIssue(d);
    if (aggressive) {
      out.push(aggressive);
    }
  }
  const returnRoute = dynamicReturnRouteIssue(pa);
  if (returnRoute) {
    out.push(returnRoute);
  }
  out.push(...tunnelRouteIssues(pa));
  const transform = transformIssue(directions);
  if (transform) {
    out.push(transform);
  }
  const forward = pa.forward;
  const aSettings = forward.phase2.initiatorSettings;
  const bEnd = forward.phase2.responder;
  const bSettings = forward.phase2.responderSettings;
  const pfs = pfsIssue(pa, pair.a, aSettings, bEnd, bSettings);
  if (pfs) {
    out.push(pfs);
  }
  const acl = aclIssue(pair, pair.a, aSettings, bEnd, bSettings);
  if (acl) {
    out.push(acl);
  }
  out.push(...identityIssues(pair.a, aSettings, bEnd, bSettings));
  for (const d of directions) {
    if (d.profileRefusal) {
      out.push(profileRefusalIssue(d.profileRefusal));
    }
  }
  const ipsecLifetime = ipsecLifetimeIssue(
    pair.a,
    aSettings,
    bEnd,
    bSettings,
    forward.ikev2 !== undefined,
  );
  if (ipsecLifetime) {
    out.push(ipsecLifetime);
  }
  for (const problem of tunnelProblems(pair.a, bEnd)) {
    out.push(problem.issue());
  }
}

// ---------------------------------------------------------------------------------------------
// Spoke to spoke

/**
 * `collectPairIssues` of a spoke pair, kept with the pair (see `SpokePair`), which lives as long as
 * both spokes' models: an edit of one spoke then judges its own pairs, not the cloud's N(N-1)/2
 * again. A pair whose keys differ is judged each time: which side differs depends on the keys
 * each router shares with its other peers (`AgreedKeys`).
 */
function spokePairIssues(
  pa: SpokePairAnalysis,
  agreed: AgreedKeys,
): PeerIssue[] {
  const { pair } = pa;
  if (pair.issues) {
    return pair.issues;
  }
  const found: PeerIssue[] = [];
  collectPairIssues(pa, found, agreed);
  if (!pa.keysDiffer) {
    pair.issues = found.length ? found : NO_ISSUES;
  }
  return found;
}

/** The issues of every spoke pair that has none (most of them). */
const NO_ISSUES: PeerIssue[] = Object.freeze([]) as unknown as PeerIssue[];

/** A spoke that holds no key for other spokes of its cloud, and those spokes. */
interface LackingSpoke {
  end: Endpoint;
  /** Each other spoke: its end, the address this spoke looks its key up by, the key it holds for this spoke. */
  others: Map<
    RouterInfo,
    { end: Endpoint; address?: IpAddress; theirKey?: PresharedKey }
  >;
}

/**
 * The issues of the spoke-to-spoke pairs of DMVPN clouds, grouped so that a cloud of N spokes does
 * not repeat one fault for each of its N(N-1)/2 pairs. A spoke with no pre-shared key for other
 * spokes (the classic: a key for the hub's address only) gets one finding that names them all.
 * Any other issue of a spoke pair is left out for a spoke that already has an issue of that code
 * (with its hub: aligning it with the hub aligns it with the other spokes), and each line of a
 * spoke file gets at most one finding of each code from its spoke pairs.
 */
function spokeIssues(
  analysis: WorkspaceAnalysis,
  pairs: readonly SpokePairAnalysis[],
  earlier: readonly PeerIssue[],
  agreed: AgreedKeys,
): PeerIssue[] {
  const reported = new Set<string>();
  for (const issue of earlier) {
    for (const s of issue.sides) {
      reported.add(`${issue.code}|${s.uri}`);
    }
  }
  const lacking = new Map<RouterInfo, LackingSpoke>();
  const out: PeerIssue[] = [];
  for (const pa of pairs) {
    for (const issue of spokePairIssues(pa, agreed)) {
      if (issue.sides.some((s) => reported.has(`${issue.code}|${s.uri}`))) {
        continue;
      }
      // Keyed by line too: one spoke may be at fault as the side that refuses (its profile) and
      // as the side refused (its tunnel), two faults of one code on two lines.
      const at = (s: PeerIssue["sides"][number]) =>
        `spoke|${issue.code}|${s.uri}|${s.range.start.line}`;
      const sides = issue.sides.filter((s) => !reported.has(at(s)));
      if (!sides.length) {
        continue;
      }
      for (const s of sides) {
        reported.add(at(s));
      }
      out.push({ ...issue, sides });
    }
    if (!pa.keysMissing) {
      continue;
    }
    for (const d of [pa.forward, pa.reverse]) {
      const k = d?.keys;
      if (!d || !k || k.comparison !== "missing") {
        continue;
      }
      const sides = [
        [k.initiator, d.initiator, k.responder, d.responder],
        [k.responder, d.responder, k.initiator, d.initiator],
      ] as const;
      for (const [own, ownEnd, other, otherEnd] of sides) {
        if (own.lookup.key) {
          continue;
        }
        let entry = lacking.get(own.router);
        if (!entry) {
          entry = { end: ownEnd, others: new Map() };
          lacking.set(own.router, entry);
        }
        const known = entry.others.get(other.router);
        entry.others.set(other.router, {
          end: otherEnd,
          address: known?.address ?? own.peer,
          theirKey: known?.theirKey ?? other.lookup.key,
        });
      }
    }
  }
  for (const entry of lacking.values()) {
    out.push(spokeKeyIssue(analysis, entry));
  }
  return out;
}

/** The key a spoke uses toward its hub, found by the pair analysis of the spoke with the hub. */
function hubKeyOf(
  analysis: WorkspaceAnalysis,
  spoke: RouterInfo,
): PresharedKey | undefined {
  for (const pa of analysis.pairs) {
    if (!pa.pair.spokes && pa.pair.a.router === spoke && pa.pair.dynamic) {
      const key = pa.forward?.keys?.initiator.lookup.key;
      if (key) {
        return key;
      }
    }
  }
  return undefined;
}

/** A spoke that holds no key for the other spokes of its cloud: one issue, on the spoke. */
function spokeKeyIssue(
  analysis: WorkspaceAnalysis,
  { end, others }: LackingSpoke,
): PeerIssue {
  const S = end.router;
  const list = [...others.entries()];
  const named = list
    .slice(0, 3)
    .map(([r, o]) => `${r.name} at ${addr(o.address)}`)
    .join(", ");
  const more = list.length > 3 ? ` and ${list.length - 3} more` : "";
  const hubKey = hubKeyOf(analysis, S);
  const covers = hubKey?.address
    ? ` Its key (${hubKey.keyring ? `keyring ${hubKey.keyring}` : "`crypto isakmp key`"}) covers only ${formatIpv4(hubKey.address.address)}${hubKey.address.mask !== 0xffffffff ? ` ${formatIpv4(hubKey.address.mask)}` : ""}, its hub.`
    : "";
  const first = list[0]?.[1].address;
  const message = `${S.name} holds no pre-shared key for ${list.length === 1 ? "the other spoke" : `${list.length} other spokes`} of its DMVPN cloud (${named}${more}).${covers} After an NHRP resolution the spokes build IPsec straight to each other (\`tunnel mode gre multipoint\` on both), and phase 1 with ${S.name} fails ("No pre-shared key with ${first !== undefined ? formatAddress(first) : "<spoke>"}!" in its \`debug crypto isakmp\`): spoke-to-spoke traffic keeps crossing the hub, or drops while the shortcut is tried. Verify: \`show dmvpn\` (the other spokes' entries never reach UP), \`show crypto isakmp sa\`. A spoke needs a key that covers every other spoke: usually a wildcard, \`crypto isakmp key <key> address 0.0.0.0 0.0.0.0\`, or a keyring entry \`pre-shared-key address 0.0.0.0 0.0.0.0 key <key>\`.`;
  // The key the other spokes hold for this one is the one to write; else the hub's.
  const key =
    list.map(([, o]) => o.theirKey).find((k) => k !== undefined) ?? hubKey;
  const fixes: Fix[] = [];
  const ring = hubKey?.keyring
    ? S.model.keyrings.find((k) => k.name === hubKey.keyring)
    : undefined;
  if (key && ring) {
    const line = `pre-shared-key address 0.0.0.0 0.0.0.0 key ${keyText(key)}`;
    fixes.push({
      title: `Add a wildcard key to ${S.name}'s keyring ${ring.name}`,
      isPreferred: true,
      edits: [
        insertAfterSection(S.uri, S.model, ring.node, [
          `${childIndent(ring.node)}${line}`,
        ]),
      ],
      cli: [ring.node.text.trim(), ` ${line}`],
    });
  } else if (key && !end.ipsecProfile?.ikev2Profile) {
    const model = S.model;
    const place = (lines: string[]): TextEdit => {
      const last = model.globalKeys[model.globalKeys.length - 1];
      return last
        ? insertAfterSection(S.uri, model, last.node, lines)
        : insertSection(
            S.uri,
            model,
            model.isakmpPolicies.map((p) => p.node),
            lines,
          );
    };
    const wildcard = `crypto isakmp key ${keyText(key)} address 0.0.0.0 0.0.0.0`;
    fixes.push({
      title: `Add a wildcard pre-shared key to ${S.name} (the cloud's key)`,
      isPreferred: true,
      edits: [place([wildcard])],
      cli: [wildcard],
    });
    const each = list
      .filter(([, o]) => o.address !== undefined)
      .map(
        ([, o]) =>
          `crypto isakmp key ${keyText(key)} address ${isIpv6(o.address!) ? `ipv6 ${formatAddress(o.address!)}/128` : formatAddress(o.address!)}`,
      );
    if (each.length) {
      fixes.push({
        title: `Add a pre-shared key to ${S.name} for each of these spokes`,
        edits: [place(each)],
        cli: each,
      });
    }
  }
  return {
    code: "missing-psk-for-peer",
    sides: [
      side(
        S.uri,
        hubKey ? hubKey.targetRange : end.anchor,
        message,
        `${S.name}: no key for the other spokes`,
      ),
    ],
    fixes,
  };
}

// ---------------------------------------------------------------------------------------------
// Pairing

function misdirectedPeerIssue(pair: TunnelPair): PeerIssue {
  const a = pair.a;
  const b = pair.b!;
  const A = a.router;
  const B = b.router;
  const wrong =
    a.remote !== undefined ? formatAddress(a.remote) : (a.remoteName ?? "?");
  const right = formatAddress(pair.shouldBe!);
  const fixes: Fix[] = [];
  if (a.kind === "tunnel" && a.tunnel?.tunnel.destination) {
    const node = a.tunnel.tunnel.destination.node;
    fixes.push({
      title: `Point ${A.name}'s ${a.label} at ${B.name} (${right})`,
      isPreferred: true,
      edits: [
        replaceLine(
          A.uri,
          node,
          `${" ".repeat(node.indent)}tunnel destination ${right}`,
        ),
      ],
      cli: [`interface ${a.tunnel.name}`, ` tunnel destination ${right}`],
    });
  } else if (a.peer && a.entry) {
    fixes.push({
      title: `Set ${A.name}'s peer to ${B.name}'s address ${right}`,
      isPreferred: true,
      edits: [{ uri: A.uri, range: a.peer.range, newText: right }],
      cli: [
        a.entry.node.text.trim(),
        ` no set peer ${wrong}`,
        ` set peer ${right}`,
      ],
    });
  }
  return {
    code: "peer-address-mismatch",
    sides: [
      side(
        A.uri,
        a.anchor,
        `${a.label} points at ${wrong}, which ${a.remote !== undefined && interfaceOwning(A, a.remote) ? "is this router's own address" : "no router of the workspace owns"}, while ${B.name} points its ${b.label} at this router: the peer address should be ${right}.`,
        `${A.name} points at ${wrong} instead of ${right}`,
      ),
      side(
        B.uri,
        b.anchor,
        `${A.name}'s ${a.label} points at ${wrong} instead of this router's ${right}, so ${A.name} never reaches this router and the tunnel does not come up.`,
        `${B.name} points back at ${A.name} from ${right}`,
      ),
    ],
    fixes,
  };
}

/**
 * An end whose peer points at one of its router's addresses while it talks from another: a
 * tunnel's `tunnel source` a loopback, or a crypto map's `local-address`, while the peer's
 * `tunnel destination` or `set peer` is the outside interface. The peer's packets arrive where
 * the end does not listen, and the end's own leave from an address the peer neither points at
 * nor (usually) holds a key for.
 */
function talksElsewhereIssue(
  own: Endpoint,
  peer: Endpoint,
): PeerIssue | undefined {
  const setting =
    own.kind === "tunnel"
      ? own.tunnel?.tunnel.source?.node
      : own.kind === "crypto-map"
        ? own.map?.localAddress?.node
        : undefined;
  const pointed = peer.remote;
  const local = own.explicitLocal;
  if (
    !setting ||
    local === undefined ||
    pointed === undefined ||
    pointed === local ||
    typeof pointed !== "number"
  ) {
    return undefined;
  }
  const R = own.router;
  const owner = interfaceOwning(R, pointed);
  if (!owner) {
    return undefined;
  }
  const P = peer.router;
  const at = formatAddress(pointed);
  const from = formatAddress(local);
  const head = `${P.name}'s ${peer.label} points at ${at}, ${R.name}'s ${owner.name}, but`;
  const written = `(\`${setting.text.trim()}\`)`;
  const tunnel = own.tunnel;
  const words = tunnel
    ? {
        line: `tunnel source ${owner.name}`,
        message: `${head} ${R.name}'s ${tunnel.name} talks from ${from} ${written}: ${P.name}'s IKE and GRE packets arrive at an address no tunnel of ${R.name} is sourced from, and ${R.name}'s own packets leave from ${from}, which ${P.name} does not expect, so the tunnel does not come up. Source the tunnel from the address the peer points at (\`tunnel source ${owner.name}\`), or point the peer at ${from} if it is reachable.`,
        related: `${R.name}'s ${own.label} talks from ${from}`,
        title: `Source ${R.name}'s ${tunnel.name} from ${owner.name} (${at})`,
        cli: (line: string) => [`interface ${tunnel.name}`, ` ${line}`],
      }
    : {
        line: `crypto map ${own.map!.name} local-address ${owner.name}`,
        message: `${head} ${R.name}'s crypto map ${own.map!.name} talks from ${from} ${written}: ${R.name}'s IKE reaches ${P.name} from ${from}, an address ${P.name} does not point at and, unless a key covers it, holds no pre-shared key for ("No pre-shared key with ${from}!"), so ${R.name} cannot start the tunnel. Make ${R.name} talk from the address its peer points at (\`crypto map ${own.map!.name} local-address ${owner.name}\`, or no \`local-address\`), or point ${P.name}'s peer and key at ${from} if it is reachable.`,
        related: `${R.name}'s crypto map ${own.map!.name} talks from ${from}`,
        title: `Make ${R.name}'s crypto map ${own.map!.name} talk from ${owner.name} (${at})`,
        cli: (line: string) => [line],
      };
  return {
    code: "peer-address-mismatch",
    sides: [
      side(R.uri, nodeRange(setting), words.message, words.related),
      side(P.uri, peer.anchor, words.message, `${P.name} points at ${at}`),
    ],
    fixes: [
      {
        title: words.title,
        isPreferred: true,
        edits: [
          replaceLine(
            R.uri,
            setting,
            `${" ".repeat(setting.indent)}${words.line}`,
          ),
        ],
        cli: words.cli(words.line),
      },
    ],
  };
}

/** What a peer may lack to accept a router's backup address (`BackupRefusal`). */
type BackupLack = "key" | "notListed" | "unmatched";

/**
 * How a message names each thing a peer lacks for a router's backup address, and what IOS does
 * and logs without it, by IKE version; in the order the peer meets them: IKEv1 looks the key up
 * in main mode, IKEv2 selects the profile by identity in IKE_AUTH, then reads its keyring.
 */
const BACKUP_LACKS: Record<
  "isakmp" | "ikev2",
  {
    order: readonly BackupLack[];
    key: (at: string, keyring: string | undefined) => string;
    notListed: (at: string, label: string) => string;
    unmatched: (gap: BackupProfileGap, label: string) => string;
  }
> = {
  isakmp: {
    order: ["key", "notListed", "unmatched"],
    key: (at) =>
      `no pre-shared key for it ("No pre-shared key with ${at}!" ends phase 1)`,
    notListed: (at, label) =>
      `no \`set peer ${at}\` in its ${label} (quick mode fails: "peer address ${at} not found")`,
    unmatched: (gap, label) =>
      `no \`match identity address\` for it in isakmp profile ${gap.profile.name}, which its ${label} requires (quick mode is refused)`,
  },
  ikev2: {
    order: ["unmatched", "key", "notListed"],
    key: (_at, keyring) =>
      `no pre-shared key for it (no peer of its IKEv2 keyring ${keyring} covers it: IKE_AUTH fails with AUTHENTICATION_FAILED)`,
    notListed: (at, label) =>
      `no \`set peer ${at}\` in its ${label} (the IPsec SAs are refused: "peer address ${at} not found")`,
    unmatched: (gap, label) =>
      `no \`match identity remote address\` for it in IKEv2 profile ${gap.profile.name}, which its ${label} requires (${gap.selected ? `IKE_AUTH selects IKEv2 profile ${gap.selected.name} instead, and the IPsec SAs are refused` : `IKE_AUTH finds no profile: "Failed to locate an item in the database", then AUTHENTICATION_FAILED`})`,
  },
};

/**
 * A side that refuses the other's certificate (no CA certificate of the trustpoints it verifies
 * with signed it): once per signer and verifier, whichever direction met it. The fix makes the
 * verifier trust the CA that issued the certificate, with the CA certificate the signer's own
 * chain prints (a `certificate ca` the config loads as IOS stores it, or `crypto pki
 * authenticate` with it pasted at the console).
 */
function certificateIssues(
  directions: readonly DirectionResult[],
): PeerIssue[] {
  const seen = new Set<string>();
  const out: PeerIssue[] = [];
  for (const d of directions) {
    const ikev2 = d.ikev2 !== undefined;
    for (const refusal of d.certificateRefusals ?? []) {
      if (refusal.kind !== "untrusted") {
        // The dates are each config's own finding (certificate-expired on the certificate).
        continue;
      }
      const key = `${refusal.signer.uri}|${refusal.verifier.uri}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      out.push(certificateIssue(refusal, ikev2));
    }
  }
  return out;
}

function certificateIssue(r: CertificateRefusal, ikev2: boolean): PeerIssue {
  const V = r.verifier;
  const S = r.signer;
  const trustpoint = r.trustpoints[0]!;
  const verifierRange = r.profile
    ? nodeRange(r.profile.node)
    : trustpoint.nameRange;
  const log = ikev2
    ? "IKE_AUTH fails (AUTHENTICATION_FAILED)"
    : `main mode fails (\`%CRYPTO-5-IKMP_INVAL_CERT\`, "failed validation")`;
  const fixes: Fix[] = [];
  const issuer = r.issuer && detailsOf(r.issuer);
  if (r.issuer && issuer) {
    const name = freeName(
      (n) => V.model.trustpoints.some((t) => t.name === n),
      trustpointNameFor(issuer.subject),
    );
    const trustpointLines = [
      `crypto pki trustpoint ${name}`,
      " enrollment terminal",
      " revocation-check crl none",
    ];
    const chainLines = [
      `crypto pki certificate chain ${name}`,
      ` certificate ca ${r.issuer.serial}`,
      ...r.issuer.node.children.map((c) => c.text),
    ];
    const sections = V.model.trustpoints.flatMap((t) => [
      t.node,
      ...t.certificates.slice(-1).map((c) => c.node.parent!),
    ]);
    sections.sort((a, b) => a.line - b.line);
    const edits: TextEdit[] = [
      insertSection(V.uri, V.model, sections, [
        ...trustpointLines,
        "!",
        ...chainLines,
      ]),
    ];
    const cli = [
      ...trustpointLines,
      "exit",
      `crypto pki authenticate ${name}`,
      ...issuer.x509.toString().trim().split("\n"),
      "quit",
    ];
    if (r.profile) {
      const line = ikev2
        ? `pki trustpoint ${name} verify`
        : `ca trust-point ${name}`;
      edits.push(
        insertAfterSection(V.uri, V.model, r.profile.node, [
          `${childIndent(r.profile.node)}${line}`,
        ]),
      );
      cli.push(
        `crypto ${ikev2 ? "ikev2" : "isakmp"} profile ${r.profile.name}`,
        ` ${line}`,
      );
    }
    fixes.push({
      title: `Trust ${S.name}'s CA on ${V.name} (trustpoint ${name} with ${issuer.subject})`,
      edits,
      cli,
    });
  }
  const caText = issuer
    ? `${issuer.subject}, SHA-1 fingerprint ${issuer.sha1}`
    : r.details.issuer;
  return {
    code: "peer-certificate-untrusted",
    sides: [
      {
        uri: V.uri,
        range: verifierRange,
        message: () =>
          `${refusalReason(r, `so ${log}`)}. Trust the CA that issued it (${caText}) in a trustpoint ${V.name} verifies with${r.profile ? ` (named in ${r.profile.kind === "isakmp" ? "isakmp" : "IKEv2"} profile ${r.profile.name})` : ""}, or have ${S.name} enroll with a CA ${V.name} trusts.`,
        related: `${V.name} verifies peers' certificates here`,
      },
      {
        uri: S.uri,
        range: wordsRange(r.offered.node, 0),
        message: () =>
          `${V.name} does not trust this certificate (${r.details.subject}, issued by ${r.details.issuer}): no CA certificate of its trustpoints (${r.trustpoints.map((t) => t.name).join(", ")}) signed it, so ${log} with ${V.name}. Enroll with a CA ${V.name} trusts, or have ${V.name} trust ${r.details.issuer}.`,
        related: `${S.name}'s certificate, which ${V.name} refuses`,
      },
    ],
    fixes,
  };
}

/** A trustpoint name from a CA's subject: its CN (else the whole DN), as IOS names are written. */
function trustpointNameFor(subject: string): string {
  const cn = /(?:^|,\s*)CN=([^,]+)/i.exec(subject)?.[1] ?? subject;
  const name = cn
    .trim()
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toUpperCase()
    .slice(0, 32);
  return name || "PEER-CA";
}

/**
 * The router's crypto map also sits on another interface that a route toward the peer leaves by
 * (a backup link): on that path its IKE comes from that interface's address, which the peer must
 * accept (`backupPaths.ts`). Judged from the direction this router starts, whose keys and
 * profiles say how the peer accepts its primary address.
 */
function backupPathIssues(d: DirectionResult): PeerIssue[] {
  const own = d.initiator;
  const peer = d.responder;
  const R = own.router;
  const P = peer.router;
  return refusedBackupPaths(d).flatMap((path) => {
    const application = path.exit.cryptoMap?.node;
    if (!application || !own.map) {
      return [];
    }
    const at = formatIpv4(path.address);
    const lacks = BACKUP_LACKS[path.ikev2 ? "ikev2" : "isakmp"];
    const gap = path.noKey;
    const said: Record<BackupLack, string | undefined> = {
      key:
        gap &&
        lacks.key(at, gap.kind === "ikev2" ? gap.ring.name : gap.key.keyring),
      notListed: path.notListed ? lacks.notListed(at, peer.label) : undefined,
      unmatched: path.unmatched && lacks.unmatched(path.unmatched, peer.label),
    };
    const reasons = lacks.order.flatMap((lack) => said[lack] ?? []);
    const message = `${R.name} applies crypto map ${own.map.name} to ${path.exit.name} too, and reaches ${P.name} (${formatAddress(d.responderAddress!)}) through it by \`${path.route.node.text.trim()}\` when the primary path is down: its IKE then comes from ${at}, and ${P.name} has ${andList(reasons)}, so the tunnel does not come back on that path. Give the map one address for every path (\`crypto map ${own.map.name} local-address\` with an interface both paths reach), or let ${P.name} accept ${at} too.`;
    const lines: string[] = [];
    const edits: TextEdit[] = [];
    if (gap?.kind === "isakmp") {
      const key = gap.key;
      const line = key.keyring
        ? `${" ".repeat(key.node.indent)}pre-shared-key address ${at} key ${keyText(key)}`
        : `crypto isakmp key ${keyText(key)} address ${at}`;
      edits.push(insertBefore(P.uri, P.model, key.node, [line]));
      lines.push(
        ...(key.keyring ? [`crypto keyring ${key.keyring}`, line] : [line]),
      );
    } else if (gap?.kind === "ikev2") {
      // A keyring peer has one address: the backup address gets a peer of its own, with the
      // key lines of the peer that serves the primary address (as written, so as stored).
      const primary = gap.peer;
      const section = ikev2KeyringPeerSection(
        gap.ring.node,
        gap.ring.name,
        freeName(
          (name) => gap.ring.peers.some((p) => p.name === name),
          `${primary.name}-backup`,
        ),
        [
          `address ${at}`,
          ...[primary.both, primary.local, primary.remote].flatMap((k) =>
            k ? [k.node.text.trim()] : [],
          ),
        ],
      );
      edits.push(
        insertAfterSection(P.uri, P.model, primary.node, section.lines),
      );
      lines.push(...section.cli);
    }
    if (path.unmatched) {
      const { profile, match } = path.unmatched;
      const line = `${" ".repeat(match.node.indent)}${path.unmatched.line}`;
      edits.push(insertAfterSection(P.uri, P.model, match.node, [line]));
      lines.push(
        `crypto ${path.ikev2 ? "ikev2" : "isakmp"} profile ${profile.name}`,
        line,
      );
    }
    if (path.notListed && peer.entry) {
      const entry = peer.entry.node;
      const line = `${childIndent(entry)}set peer ${at}`;
      edits.push(insertAfterSection(P.uri, P.model, entry, [line]));
      lines.push(entry.text.trim(), line);
    }
    return [
      {
        code: "backup-path-not-accepted",
        severity: "warning",
        sides: [
          side(
            R.uri,
            nodeRange(application),
            message,
            `${R.name}'s crypto map on its backup path ${path.exit.name} (${at})`,
          ),
          side(
            P.uri,
            peer.anchor,
            message,
            `${P.name}'s ${peer.label}, which must accept ${at}`,
          ),
        ],
        fixes: [
          {
            title: `Let ${P.name} accept ${R.name}'s backup address ${at}`,
            isPreferred: true,
            edits,
            cli: lines,
          },
        ],
      },
    ];
  });
}

function oneSidedIssue(pair: TunnelPair): PeerIssue {
  const a = pair.a;
  const A = a.router;
  const B = pair.peerRouter!;
  const target =
    a.remote !== undefined ? formatAddress(a.remote) : (a.remoteName ?? "?");
  const shut = pair.peerShutTunnel;
  const fixes: Fix[] = [];
  if (shut && pair.peerLine) {
    fixes.push({
      title: `Bring ${B.name}'s interface ${shut.name} up (no shutdown)`,
      isPreferred: true,
      edits: [deleteLine(B.uri, B.model, pair.peerLine)],
      cli: [`interface ${shut.name}`, " no shutdown"],
    });
  }
  const plain = pair.peerPlainTunnel;
  if (plain) {
    return unprotectedTunnelIssue(pair, plain);
  }
  const what = a.kind === "tunnel" ? "tunnel interface" : "crypto map entry";
  // A crypto map peer that does not point back: B may write the entry it lacks, A may drop its own.
  const add = shut ? undefined : missingEntryFix(a, B);
  const remove = shut ? undefined : removeEntryFix(a);
  return {
    code: "one-sided-peer",
    sides: [
      side(
        A.uri,
        a.anchor,
        shut
          ? `${B.name} owns ${target}, but its interface ${shut.name} toward this router is shut down: this tunnel cannot come up.`
          : `${B.name} owns ${target}, but no ${what} of ${B.name} points back at this router, so ${B.name} has nothing to build the tunnel with.${pair.peerProtectedTunnel ? ` (${B.name}'s ${pair.peerProtectedTunnel.name} does point back, but its \`tunnel protection\` negotiates that tunnel's GRE only, not this entry's flows.)` : ""}`,
        `${A.name}'s ${a.label} points at this address`,
        remove ? [remove] : undefined,
      ),
      side(
        B.uri,
        pair.peerLine
          ? nodeRange(pair.peerLine)
          : nodeRange(B.model.tree.roots[0]!),
        shut
          ? `${A.name}'s ${a.label} points at this router, but this tunnel toward ${A.name} is shut down.`
          : `${A.name}'s ${a.label} points at this router (${target}), but no ${what} here points back at ${A.name}.`,
        shut
          ? `${B.name}'s ${shut.name} is shut down`
          : `${B.name} owns ${target}`,
        add ? [add] : undefined,
      ),
    ],
    fixes,
  };
}

/**
 * B's tunnel points back at A but carries no `tunnel protection`, while A protects its end: B's
 * GRE leaves in clear and A drops it, and A's quick mode finds nothing on B to match.
 */
function unprotectedTunnelIssue(pair: TunnelPair, plain: Interface): PeerIssue {
  const a = pair.a;
  const A = a.router;
  const B = pair.peerRouter!;
  const profile = a.ipsecProfile?.name;
  const how = profile
    ? `\`tunnel protection ipsec profile ${profile}\``
    : "tunnel protection";
  const add = tunnelProtectionFix(a, B, plain);
  const map = pair.peerPlainMap;
  // B may mean to encrypt the GRE with its crypto map (GRE over IPsec by crypto map), whose ACL
  // then selects other traffic: quick mode for the GRE is refused as an unsupported proxy.
  const drop = map
    ? `its GRE packets leave unencrypted, since ${B.name}'s ${map.label} toward this router selects other traffic${map.entry?.matchAddress ? ` (ACL ${map.entry.matchAddress.name})` : ""}, not \`gre host ${formatAddress(a.remote!)} host ${formatAddress(map.remote!)}\`, and the protected end drops them (\`%CRYPTO-4-RECVD_PKT_NOT_IPSEC\`, \`prot= 47\`); the quick mode the protected end starts for that GRE finds no entry of ${B.name} to accept it (\`proxy identities not supported\`), so no traffic crosses the tunnel either way`
    : "its GRE packets leave unencrypted and the protected end drops them (`%CRYPTO-4-RECVD_PKT_NOT_IPSEC`, `prot= 47`), and the quick mode the protected end starts finds no IPsec profile on the unprotected one to accept it, so no traffic crosses the tunnel either way";
  return {
    code: "one-sided-peer",
    sides: [
      side(
        A.uri,
        a.anchor,
        `${B.name}'s ${plain.name} points back at this router but has no tunnel protection, while this ${a.label} protects its end (${how}): ${drop}.`,
        `${A.name}'s ${a.label} protects the tunnel`,
      ),
      side(
        B.uri,
        nodeRange(plain.node),
        `${A.name}'s ${a.label} protects the tunnel to this router with IPsec (${how}), but this ${plain.name} toward ${A.name} has no \`tunnel protection\`: ${drop}. Protect both ends alike${map ? `, or permit the tunnel's GRE in ${map.label}'s ACL` : ""}.`,
        `${B.name}'s ${plain.name} has no tunnel protection`,
        add ? [add] : undefined,
      ),
    ],
    fixes: [],
  };
}

function misdirectedKeyIssue(m: MisdirectedKey): PeerIssue {
  const A = m.router;
  const B = m.intended.router;
  const key = m.key;
  const wrong = formatIpv4(key.address!.address);
  const right = formatIpv4(m.shouldBe);
  const node = key.node;
  const hasMask = node.words.some(
    (w) =>
      w.range.start.character > key.targetRange.start.character &&
      w.range.end.character <= key.targetRange.end.character,
  );
  const target = hasMask ? `${right} 255.255.255.255` : right;
  const before = node.text.slice(0, key.targetRange.start.character);
  const after = node.text.slice(key.targetRange.end.character);
  const newLine = `${before}${target}${after}`;
  const ring = key.keyring
    ? A.model.keyrings.find((k) => k.name === key.keyring)
    : undefined;
  return {
    code: "peer-address-mismatch",
    sides: [
      side(
        A.uri,
        key.targetRange,
        `This key is for ${wrong}, which no router of the workspace owns, while ${B.name} points its ${m.intended.label} at this router from ${right} and no key here covers ${right}: the key should be for ${right}.`,
        `${A.name}'s key is for ${wrong} instead of ${right}`,
      ),
      side(
        B.uri,
        m.intended.anchor,
        `${A.name} holds its pre-shared key for ${wrong}, not for this router's ${right}, so phase 1 with ${A.name} fails ("No pre-shared key with ${right}").`,
        `${B.name} points at ${A.name} from ${right}`,
      ),
    ],
    fixes: [
      {
        title: `Make ${A.name}'s key cover ${B.name} (${right})`,
        isPreferred: true,
        edits: [{ uri: A.uri, range: key.targetRange, newText: target }],
        cli: ring
          ? [
              ring.node.text.trim(),
              ` no ${node.text.trim()}`,
              ` ${newLine.trim()}`,
            ]
          : [`no ${node.text.trim()}`, newLine.trim()],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 1

const ATTRIBUTE_WORD: Record<keyof IsakmpAttributes, string> = {
  encryption: "encryption",
  hash: "hash",
  authentication: "authentication",
  group: "group",
  lifetime: "lifetime",
};

function policyName(p: IkeProposal): string {
  return p.origin === "configured"
    ? `policy ${p.priority}`
    : p.origin === "default-suite"
      ? "default protection suite (65535)"
      : `default policy ${p.priority}`;
}

/** The line to point at for a policy: the first listed attribute written in it, else its head. */
function policyRange(
  p: IkeProposal,
  attributes: readonly (keyof IsakmpAttributes)[],
  fallback: Range,
): Range {
  if (!p.policy) {
    return fallback;
  }
  for (const attribute of attributes) {
    const node = p.policy.explicit[attribute];
    if (node) {
      return nodeRange(node);
    }
  }
  return nodeRange(p.policy.node);
}

/** Edits that set attributes of a configured policy (replacing written lines, adding the others). */
function setPolicyAttributes(
  router: RouterInfo,
  p: IkeProposal,
  values: Partial<IsakmpAttributes>,
): { edits: TextEdit[]; cli: string[] } {
  const policy = p.policy!;
  const indent = childIndent(policy.node);
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const cli = [policy.node.text.trim()];
  for (const [attribute, value] of Object.entries(values) as [
    keyof IsakmpAttributes,
    string | number,
  ][]) {
    const text = `${ATTRIBUTE_WORD[attribute]} ${value}`;
    cli.push(` ${text}`);
    const node = policy.explicit[attribute];
    if (node) {
      edits.push(
        replaceLine(router.uri, node, `${" ".repeat(node.indent)}${text}`),
      );
    } else {
      added.push(`${indent}${text}`);
    }
  }
  if (added.length) {
    edits.push(
      insertAfterSection(router.uri, router.model, policy.node, added),
    );
  }
  return { edits, cli };
}

/** A priority the router does not use yet, the wanted one if free. */
function freePriority(model: ConfigModel, wanted: number): number {
  const used = new Set(model.isakmpPolicies.map((p) => p.priority));
  if (wanted <= 10000 && !used.has(wanted)) {
    return wanted;
  }
  let n = Math.min(10000, Math.max(0, ...used) + 1);
  while (used.has(n) && n > 1) {
    n--;
  }
  return n;
}

/** A fix that adds a policy with the given attributes. */
function addPolicyFix(
  router: RouterInfo,
  attributes: IsakmpAttributes,
  wantedPriority: number,
  title: string,
): Fix {
  const priority = freePriority(router.model, wantedPriority);
  const lines = [
    `crypto isakmp policy ${priority}`,
    ` encryption ${attributes.encryption}`,
    ` hash ${attributes.hash}`,
    ` authentication ${attributes.authentication}`,
    ` group ${attributes.group}`,
    ` lifetime ${attributes.lifetime}`,
  ];
  return {
    title,
    edits: [
      insertSection(
        router.uri,
        router.model,
        router.model.isakmpPolicies.map((p) => p.node),
        lines,
      ),
    ],
    cli: lines,
  };
}

/**
 * A fix that makes one side's policy carry the other's values for the differing attributes, or
 * adds such a policy when the side has only built-in ones.
 */
function alignPolicyFix(
  router: RouterInfo,
  own: IkeProposal,
  peer: RouterInfo,
  like: IkeProposal,
  attributes: readonly (keyof IsakmpAttributes)[],
  preferred: boolean,
): Fix {
  if (!own.policy) {
    return {
      ...addPolicyFix(
        router,
        like,
        like.priority,
        `Add an IKE policy to ${router.name} like ${peer.name}'s ${policyName(like)}`,
      ),
      isPreferred: preferred,
    };
  }
  const target: Partial<IsakmpAttributes> = {};
  for (const a of attributes) {
    (target as Record<string, unknown>)[a] = like[a];
  }
  const values = attributes
    .map((a) => `${ATTRIBUTE_WORD[a]} ${like[a]}`)
    .join(", ");
  const { edits, cli } = setPolicyAttributes(router, own, target);
  return {
    title: `Set ${values} in ${router.name}'s ${policyName(own)} (as ${peer.name}'s ${policyName(like)})`,
    isPreferred: preferred,
    edits,
    cli,
  };
}

function policyIssue(directions: DirectionResult[]): PeerIssue | undefined {
  const d = directions.find(
    (x) =>
      !x.phase1.ok &&
      x.phase1.closest?.differences.some((c) => c.attribute !== "lifetime"),
  );
  if (!d) {
    return undefined;
  }
  const I = d.initiator.router;
  const R = d.responder.router;
  const { offer, policy, differences } = d.phase1.closest!;
  const attributes = differences.map((c) => c.attribute);
  const diffText = describeDifferences(differences, I.name, R.name);
  const offers =
    offer.origin === "configured"
      ? `its IKE policies (closest: ${policyName(offer)}, ${describeProposal(offer)})`
      : `its built-in ${policyName(offer)} (${describeProposal(offer)}), having no policy of its own`;
  // Align the side whose differing attributes are left at their defaults (the chapter's Tokyo never
  // wrote a hash), else the initiator; the other side's alignment is offered too.
  const written = (p: IkeProposal) =>
    attributes.filter((a) => p.policy?.explicit[a]).length;
  const preferResponder = !!policy.policy && written(policy) < written(offer);
  const fixes: Fix[] = [
    alignPolicyFix(I, offer, R, policy, attributes, !preferResponder),
    alignPolicyFix(R, policy, I, offer, attributes, preferResponder),
  ];
  return {
    code: "ike-policy-mismatch",
    sides: [
      side(
        I.uri,
        policyRange(offer, attributes, d.initiator.anchor),
        `${I.name} offers ${offers}, and ${R.name} accepts none: its closest ${policyName(policy)} differs in ${diffText}. Phase 1 fails ("atts are not acceptable", "phase 1 SA not acceptable" in ${R.name}'s debug).`,
        `${I.name}'s ${policyName(offer)}`,
      ),
      side(
        R.uri,
        policyRange(policy, attributes, d.responder.anchor),
        `${R.name} rejects every IKE offer of ${I.name} (${d.initiator.label}): its closest ${policyName(policy)} differs from ${I.name}'s ${policyName(offer)} in ${diffText}.`,
        `${R.name}'s ${policyName(policy)}`,
      ),
    ],
    fixes,
  };
}

/** Where to point for an IKEv2 proposal: its line of the first differing kind, else its head, else the policy, else the end. */
function ikev2OfferRange(
  side: Ikev2Side,
  offer: Ikev2Offer,
  attributes: readonly ("encryption" | "integrity" | "prf" | "group")[],
  fallback: Range,
): Range {
  const p = offer.proposal;
  if (p) {
    for (const a of attributes) {
      const node = p.lines[a] ?? (a === "prf" ? p.lines.integrity : undefined);
      if (node) {
        return nodeRange(node);
      }
    }
    return nodeRange(p.node);
  }
  return side.policy ? nodeRange(side.policy.node) : fallback;
}

/**
 * IKEv2 phase 1 that cannot start: no proposal in common (IKE_SA_INIT answered with
 * NO_PROPOSAL_CHOSEN), or one end speaking IKEv2 while the other speaks IKEv1.
 */
/**
 * IKE_AUTH between two IKEv2 ends whose IKE_SA_INIT agrees: each side's profile must match the
 * identity the other sends (`match identity remote`), and accept (`authentication remote`) the
 * method the other signs with (`authentication local`). One issue per problem, whichever side
 * starts.
 */
function ikev2AuthIssues(directions: DirectionResult[]): PeerIssue[] {
  const out: PeerIssue[] = [];
  const seen = new Set<string>();
  for (const d of directions) {
    const v2 = d.ikev2;
    if (
      !v2?.saInit ||
      !v2.initiator?.profile ||
      !v2.responder?.profile ||
      !v2.identities
    ) {
      continue;
    }
    const ends = [
      {
        end: d.initiator,
        side: v2.initiator,
        identity: v2.identities.initiator,
      },
      {
        end: d.responder,
        side: v2.responder,
        identity: v2.identities.responder,
      },
    ];
    for (const [holder, other] of [
      [ends[1]!, ends[0]!],
      [ends[0]!, ends[1]!],
    ] as const) {
      const profile = holder.side.profile!;
      const identity = other.identity;
      const key = `identity|${holder.end.router.uri}|${profile.name}|${identityText(identity.sent)}`;
      if (
        profileAdmits(
          profile,
          identity.sent,
          holder.end.router.model.certificateMaps,
        ) === false &&
        !seen.has(key)
      ) {
        seen.add(key);
        out.push(identityIssue(holder.end, profile, other.end, identity));
      }
      const method = other.side.profile!.localAuthentication?.method;
      const accepted = profile.remoteAuthentication.map((a) => a.method);
      const methodKey = `method|${other.end.router.uri}|${holder.end.router.uri}|${method}`;
      if ((!method || !accepted.includes(method)) && !seen.has(methodKey)) {
        seen.add(methodKey);
        out.push(
          methodIssue(other.end, other.side.profile!, holder.end, profile),
        );
      }
    }
  }
  return out;
}

function identityIssue(
  holder: Endpoint,
  profile: Ikev2Profile,
  other: Endpoint,
  identity: Ikev2SentIdentity,
): PeerIssue {
  const H = holder.router;
  const O = other.router;
  const maps = profile.certificateMaps.map((r) => r.name);
  const subject = identity.sent.subject;
  const matched =
    [
      ...profile.matches.map(ikev2IdentityText),
      ...maps.map((m) => `the certificates certificate map ${m} takes`),
    ].join(", ") || "nothing";
  const sent = identityText(identity.sent);
  // With `identity local dn` the identity already is the certificate's subject.
  const certificate =
    maps.length && subject && identity.sent.value.toLowerCase() !== "dn"
      ? ` nor its certificate (subject \`${subject}\`${identity.sent.issuer !== undefined ? `, issuer \`${identity.sent.issuer}\`` : ""})`
      : "";
  const message = `${H.name}'s IKEv2 profile ${profile.name} matches ${matched}, not the identity ${O.name} sends (${sent}${natIdentityNote(identity)})${certificate}: ${H.name} refuses ${O.name} in IKE_AUTH (\`Failed to locate an item in the database\`, then AUTHENTICATION_FAILED), so the tunnel does not come up.`;
  const line = matchIdentityLine(identity.sent);
  const certificateFix =
    maps.length && subject
      ? certificateMapFix(H, maps[0]!, subject, O.name)
      : undefined;
  return {
    code: "identity-rejects-peer",
    sides: [
      side(
        H.uri,
        profile.nameRange,
        message,
        `${H.name}'s IKEv2 profile ${profile.name}`,
      ),
      side(O.uri, other.anchor, message, `${O.name} sends ${sent}`),
    ],
    fixes: line
      ? [
          {
            title: `Match ${sent} in ${H.name}'s IKEv2 profile ${profile.name}`,
            isPreferred: true,
            edits: [
              insertAfterSection(H.uri, H.model, profile.node, [
                `${childIndent(profile.node)}${line}`,
              ]),
            ],
            cli: [`crypto ikev2 profile ${profile.name}`, ` ${line}`],
          },
          ...(certificateFix ? [certificateFix] : []),
        ]
      : certificateFix
        ? [certificateFix]
        : [],
  };
}

function methodIssue(
  signer: Endpoint,
  signerProfile: Ikev2Profile,
  verifier: Endpoint,
  verifierProfile: Ikev2Profile,
): PeerIssue {
  const S = signer.router;
  const V = verifier.router;
  const method = signerProfile.localAuthentication?.method;
  const accepted = verifierProfile.remoteAuthentication.map((a) => a.method);
  const acceptedText = accepted.length
    ? `\`authentication remote ${accepted.join(", ")}\``
    : "no `authentication remote` line";
  const message = method
    ? `${S.name} signs its AUTH payload with ${method} (IKEv2 profile ${signerProfile.name}), which ${V.name}'s IKEv2 profile ${verifierProfile.name} does not accept (${acceptedText}): IKE_AUTH fails with AUTHENTICATION_FAILED.`
    : `${S.name}'s IKEv2 profile ${signerProfile.name} has no \`authentication local\` line, so ${S.name} cannot sign its AUTH payload and IKE_AUTH with ${V.name} fails.`;
  const fixes: Fix[] = [];
  if (method) {
    fixes.push({
      title: `Accept ${method} in ${V.name}'s IKEv2 profile ${verifierProfile.name}`,
      isPreferred: true,
      edits: [
        insertAfterSection(V.uri, V.model, verifierProfile.node, [
          `${childIndent(verifierProfile.node)}authentication remote ${method}`,
        ]),
      ],
      cli: [
        `crypto ikev2 profile ${verifierProfile.name}`,
        ` authentication remote ${method}`,
      ],
    });
  } else if (accepted[0]) {
    fixes.push({
      title: `Sign with ${accepted[0]} in ${S.name}'s IKEv2 profile ${signerProfile.name}`,
      isPreferred: true,
      edits: [
        insertAfterSection(S.uri, S.model, signerProfile.node, [
          `${childIndent(signerProfile.node)}authentication local ${accepted[0]}`,
        ]),
      ],
      cli: [
        `crypto ikev2 profile ${signerProfile.name}`,
        ` authentication local ${accepted[0]}`,
      ],
    });
  }
  return {
    code: "ike-policy-mismatch",
    sides: [
      side(
        S.uri,
        signerProfile.localAuthentication
          ? nodeRange(signerProfile.localAuthentication.node)
          : signerProfile.nameRange,
        message,
        `${S.name}'s IKEv2 profile ${signerProfile.name}`,
      ),
      side(
        V.uri,
        verifierProfile.remoteAuthentication[0]
          ? nodeRange(verifierProfile.remoteAuthentication[0].node)
          : verifierProfile.nameRange,
        message,
        `${V.name}'s IKEv2 profile ${verifierProfile.name}`,
      ),
    ],
    fixes,
  };
}

function ikev2PolicyIssue(
  directions: DirectionResult[],
): PeerIssue | undefined {
  const mixed = directions.find(
    (x) => x.ikev2 && (!x.ikev2.initiator || !x.ikev2.responder),
  );
  if (mixed) {
    const I = mixed.initiator.router;
    const R = mixed.responder.router;
    const at = (e: typeof mixed.initiator): Range => {
      const ref = ikev2ProfileRef(e);
      return ref
        ? nodeRange(ref.node)
        : nodeRange(e.entry?.node ?? e.anchorNode);
    };
    const version = (e: typeof mixed.initiator) =>
      ikev2ProfileRef(e) ? "IKEv2" : "IKEv1";
    const message = `${I.name}'s ${mixed.initiator.label} negotiates with ${version(mixed.initiator)} and ${R.name}'s ${mixed.responder.label} with ${version(mixed.responder)}: an IKEv1 responder drops IKEv2 requests and the other way round, so phase 1 never starts. Give both ends an IKEv2 profile (\`set ikev2-profile\`) or neither.`;
    return {
      code: "ike-policy-mismatch",
      sides: [
        side(
          I.uri,
          at(mixed.initiator),
          message,
          `${I.name}'s ${mixed.initiator.label} (${version(mixed.initiator)})`,
        ),
        side(
          R.uri,
          at(mixed.responder),
          message,
          `${R.name}'s ${mixed.responder.label} (${version(mixed.responder)})`,
        ),
      ],
      fixes: versionFixes(mixed.initiator, mixed.responder),
    };
  }
  const d = directions.find(
    (x) => x.ikev2?.saInit && !x.ikev2.saInit.ok && x.ikev2.saInit.closest,
  );
  if (!d) {
    return undefined;
  }
  const I = d.initiator.router;
  const R = d.responder.router;
  const iSide = d.ikev2!.initiator!;
  const rSide = d.ikev2!.responder!;
  const { offer, accepted, differences } = d.ikev2!.saInit!.closest!;
  const attributes = differences.map((c) => c.attribute);
  const diffText = describeDifferences(differences, I.name, R.name);
  const fixes = [
    alignIkev2ProposalFix(I, offer, R, accepted, attributes, true),
    alignIkev2ProposalFix(R, accepted, I, offer, attributes, false),
  ].filter((f): f is Fix => f !== undefined);
  const message = `No IKEv2 proposal of ${I.name} (${ikev2PolicyName(iSide)}) fits one of ${R.name} (${ikev2PolicyName(rSide)}): the closest, ${I.name}'s ${ikev2OfferName(offer)} and ${R.name}'s ${ikev2OfferName(accepted)}, have no ${attributes.join(", ")} in common: ${diffText}. IKE_SA_INIT fails with NO_PROPOSAL_CHOSEN.`;
  return {
    code: "ike-policy-mismatch",
    sides: [
      side(
        I.uri,
        ikev2OfferRange(iSide, offer, attributes, d.initiator.anchor),
        message,
        `${I.name}'s ${ikev2OfferName(offer)}: ${describeIkev2Offer(offer)}`,
      ),
      side(
        R.uri,
        ikev2OfferRange(rSide, accepted, attributes, d.responder.anchor),
        message,
        `${R.name}'s ${ikev2OfferName(accepted)}: ${describeIkev2Offer(accepted)}`,
      ),
    ],
    fixes,
  };
}

/**
 * Fixes for one end on IKEv2 and the other on IKEv1: the IKEv2 end can drop its
 * `set ikev2-profile` (both then speak IKEv1, with what the IKEv1 end already has), or the IKEv1
 * end can name one of its own IKEv2 profiles, preferably one that matches the other's address.
 */
function versionFixes(x: Endpoint, y: Endpoint): Fix[] {
  const [v2, v1] = ikev2ProfileRef(x) ? [x, y] : [y, x];
  const ref = ikev2ProfileRef(v2);
  if (!ref || ikev2ProfileRef(v1)) {
    return [];
  }
  const fixes: Fix[] = [];
  const head = ref.node.parent;
  fixes.push({
    title: `Remove set ikev2-profile ${ref.name} from ${v2.router.name}'s ${v2.label} (IKEv1, as ${v1.router.name})`,
    edits: [deleteLine(v2.router.uri, v2.router.model, ref.node)],
    cli: [
      ...(head ? [head.text.trim()] : []),
      ` no set ikev2-profile ${ref.name}`,
    ],
  });
  const container =
    v1.kind === "tunnel" ? v1.ipsecProfile?.node : v1.entry?.node;
  const profiles = v1.router.model.ikev2Profiles;
  const peer = effectiveAddress(v2, v1);
  const profile =
    profiles.find((p) =>
      p.matches.some(
        (m) =>
          m.kind === "address" &&
          peer !== undefined &&
          (isIpv6(peer)
            ? m.address6 !== undefined && ipv6PrefixContains(m.address6, peer)
            : m.address !== undefined &&
              (peer & (m.mask ?? 0xffffffff)) >>> 0 ===
                (m.address & (m.mask ?? 0xffffffff)) >>> 0),
      ),
    ) ?? (profiles.length === 1 ? profiles[0] : undefined);
  if (container && profile) {
    const line = `set ikev2-profile ${profile.name}`;
    fixes.push({
      title: `Add ${line} to ${v1.router.name}'s ${v1.label} (IKEv2, as ${v2.router.name})`,
      edits: [
        insertAfterSection(v1.router.uri, v1.router.model, container, [
          `${childIndent(container)}${line}`,
        ]),
      ],
      cli: [container.text.trim(), ` ${line}`],
    });
  }
  return fixes;
}

/**
 * Adds to one side's configured proposal the other side's first choice of each kind they share
 * nothing of (IOS adds to a proposal's list, so the console form is the same line). None when the
 * proposal is the built-in one, or when it would mix AES-GCM with other ciphers (IOS refuses).
 */
function alignIkev2ProposalFix(
  router: RouterInfo,
  own: Ikev2Offer,
  peer: RouterInfo,
  like: Ikev2Offer,
  attributes: readonly ("encryption" | "integrity" | "prf" | "group")[],
  preferred: boolean,
): Fix | undefined {
  const proposal = own.proposal;
  if (!proposal) {
    return undefined;
  }
  const values: [(typeof attributes)[number], string][] = [];
  for (const attribute of attributes) {
    const value =
      attribute === "group" ? like.groups[0]?.toString() : like[attribute][0];
    if (value === undefined) {
      return undefined;
    }
    values.push([attribute, value]);
  }
  const aead = (cipher: string) => IKEV2_AEAD_CIPHERS.has(cipher);
  const ciphers = [
    ...own.encryption,
    ...values.filter(([a]) => a === "encryption").map(([, v]) => v),
  ];
  if (ciphers.some(aead) && !ciphers.every(aead)) {
    return undefined;
  }
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const indent = childIndent(proposal.node);
  for (const [attribute, value] of values) {
    const line = proposal.lines[attribute];
    if (line) {
      const end = line.text.trimEnd().length;
      edits.push({
        uri: router.uri,
        range: lineRange(line.line, end, end),
        newText: ` ${value}`,
      });
    } else {
      added.push(`${indent}${attribute} ${value}`);
    }
  }
  if (added.length) {
    edits.push(
      insertAfterSection(router.uri, router.model, proposal.node, added),
    );
  }
  // Appending to the section's last line and adding lines after it meet at one position.
  const combined = combineEdits(edits);
  if (!combined) {
    return undefined;
  }
  const what = values.map(([a, v]) => `${a} ${v}`).join(", ");
  return {
    title: `Add ${what} to ${router.name}'s proposal ${proposal.name} (as ${peer.name}'s ${ikev2OfferName(like)})`,
    isPreferred: preferred || undefined,
    edits: combined,
    cli: [
      `crypto ikev2 proposal ${proposal.name}`,
      ...values.map(([a, v]) => ` ${a} ${v}`),
    ],
  };
}

function ikeLifetimeIssue(
  pa: PairAnalysis,
  directions: DirectionResult[],
): PeerIssue | undefined {
  let pairOf:
    { d: DirectionResult; offer: IkeProposal; policy: IkeProposal } | undefined;
  for (const d of directions) {
    const { offer, policy } = d.phase1;
    if (offer && policy && offer.lifetime !== policy.lifetime) {
      pairOf = { d, offer, policy };
      break;
    }
    const c = d.phase1.closest;
    if (
      !d.phase1.ok &&
      c &&
      c.differences.every((x) => x.attribute === "lifetime")
    ) {
      pairOf = { d, offer: c.offer, policy: c.policy };
      break;
    }
  }
  if (!pairOf) {
    return undefined;
  }
  const { d, offer, policy } = pairOf;
  const I = d.initiator.router;
  const R = d.responder.router;
  const rejectedBy = (x: DirectionResult | undefined): boolean =>
    !!x &&
    !x.phase1.ok &&
    !!x.phase1.closest?.differences.every((c) => c.attribute === "lifetime");
  const names = (x: DirectionResult) => x.initiator.router.name;
  const blocked = [pa.forward, pa.reverse].filter(
    rejectedBy,
  ) as DirectionResult[];
  const open = [pa.forward, pa.reverse].filter(
    (x): x is DirectionResult => !!x && x.phase1.ok,
  );
  const consequence = blocked.length
    ? `${open.map(names).join(" and ") || "Neither side"} can initiate; ${blocked.map(names).join(" and ")} cannot, because a responder rejects an offer whose lifetime is longer than its own policy's.`
    : `The SA takes the shorter lifetime, ${Math.min(offer.lifetime, policy.lifetime)} s; releases that reject a longer offer would refuse the side with the longer lifetime as initiator.`;
  const message = `IKE lifetimes differ: ${I.name}'s ${policyName(offer)} has ${offer.lifetime} s, ${R.name}'s ${policyName(policy)} has ${policy.lifetime} s. ${consequence}`;
  const fixes: Fix[] = [];
  if (offer.policy) {
    const { edits, cli } = setPolicyAttributes(I, offer, {
      lifetime: policy.lifetime,
    });
    fixes.push({
      title: `Set lifetime ${policy.lifetime} in ${I.name}'s ${policyName(offer)} (as ${R.name})`,
      // The shorter lifetime is the one in force anyway, so the longer side is the one to change.
      isPreferred: offer.lifetime > policy.lifetime,
      edits,
      cli,
    });
  }
  if (policy.policy) {
    const { edits, cli } = setPolicyAttributes(R, policy, {
      lifetime: offer.lifetime,
    });
    fixes.push({
      title: `Set lifetime ${offer.lifetime} in ${R.name}'s ${policyName(policy)} (as ${I.name})`,
      isPreferred: policy.lifetime > offer.lifetime,
      edits,
      cli,
    });
  }
  return {
    code: "ike-lifetime-mismatch",
    sides: [
      side(
        I.uri,
        policyRange(offer, ["lifetime"], d.initiator.anchor),
        message,
        `${I.name}'s lifetime: ${offer.lifetime} s`,
      ),
      side(
        R.uri,
        policyRange(policy, ["lifetime"], d.responder.anchor),
        message,
        `${R.name}'s lifetime: ${policy.lifetime} s`,
      ),
    ],
    fixes,
  };
}

/** The range of a key's type and value words, which a fix replaces. */
function keyValueRange(key: PresharedKey): Range {
  // The line that holds the secret: a key's own line, or the `set aggressive-mode password`
  // line under `crypto isakmp peer`.
  const words = key.secret.node.words;
  const at = words.findIndex(
    (w) =>
      w.range.start.character === key.secret.range.start.character &&
      w.range.start.line === key.secret.range.start.line,
  );
  const before = at > 0 ? words[at - 1] : undefined;
  const start =
    before &&
    /^[067]$/.test(before.text) &&
    key.secret.type === Number(before.text)
      ? before.range.start
      : key.secret.range.start;
  return { start, end: key.secret.range.end };
}

/** The key as a config line would write it: `7 0822455D0A16` or the clear text. */
function keyText(key: PresharedKey): string {
  return key.secret.type === 0
    ? key.secret.value
    : `${key.secret.type} ${key.secret.value}`;
}

function setKeyFix(
  router: RouterInfo,
  key: PresharedKey,
  to: PresharedKey,
  title: string,
  preferred: boolean,
): Fix {
  const r = keyValueRange(key);
  const text = keyText(to);
  const holder = key.secret.node;
  const line =
    holder.text.slice(0, r.start.character) +
    text +
    holder.text.slice(r.end.character);
  // A key inside a section of its own (`crypto isakmp peer`, an IKEv2 profile's
  // `authentication` line): the CLI enters the section first.
  if (
    holder.parent &&
    (key.aggressiveMode ||
      startsWith(holder.parent, "crypto", "ikev2", "profile"))
  ) {
    return {
      title,
      isPreferred: preferred,
      edits: [{ uri: router.uri, range: r, newText: text }],
      cli: [holder.parent.text.trim(), ` ${line.trim()}`],
    };
  }
  // An IKEv2 key sits in a `peer` section of a `crypto ikev2 keyring`: the CLI enters both.
  const peerNode = key.node.parent;
  const ikev2Ring = peerNode?.parent;
  if (ikev2Ring && startsWith(ikev2Ring, "crypto", "ikev2", "keyring")) {
    return {
      title,
      isPreferred: preferred,
      edits: [{ uri: router.uri, range: r, newText: text }],
      cli: [
        ikev2Ring.text.trim(),
        ` ${peerNode!.text.trim()}`,
        `  ${line.trim()}`,
      ],
    };
  }
  const ring = key.keyring
    ? router.model.keyrings.find((k) => k.name === key.keyring)
    : undefined;
  return {
    title,
    isPreferred: preferred,
    edits: [{ uri: router.uri, range: r, newText: text }],
    cli: ring ? [ring.node.text.trim(), ` ${line.trim()}`] : [line.trim()],
  };
}

/**
 * A responder that answers peers it does not list (a dynamic crypto map, a DMVPN hub) has no key
 * for the initiator. Its own config cannot tell (it names no peer), so only the pair shows it.
 */
/**
 * A dynamic crypto map entry knows the networks behind a peer only from what the peer proposes
 * (its crypto ACL), so the responder must route them out of the crypto map's interface by itself:
 * `reverse-route` adds a route for each SA. Without it, a route that sends the peer's networks
 * elsewhere (a more specific one toward the inside) takes the replies away from the crypto map:
 * they leave unencrypted or are lost, though the SAs are up.
 */
function dynamicReturnRouteIssue(pa: PairAnalysis): PeerIssue | undefined {
  const d = pa.forward;
  const b = pa.pair.b;
  if (
    !pa.pair.dynamic ||
    !d ||
    !b ||
    b.kind !== "dynamic-map" ||
    !b.map ||
    !b.entry ||
    b.entry.reverseRoute ||
    d.outcome !== "ESTABLISHED"
  ) {
    return undefined;
  }
  const acl = d.phase2.initiatorSettings.acl;
  const R = b.router;
  const iface = mapInterfaces(R, b.map)[0];
  if (!acl || acl.kind !== "extended" || !iface) {
    return undefined;
  }
  const table = routingView(R.model, iface.vrf);
  if (!table.complete) {
    return undefined;
  }
  for (const e of acl.entries) {
    // The peer's own networks: the sources its crypto ACL protects (not `any`).
    if (e.action !== "permit" || e.source.wildcard === 0xffffffff) {
      continue;
    }
    const lookup = table.lookup(e.source.address);
    if (lookup && lookup.exits.some((x) => x === iface)) {
      continue;
    }
    const route = lookup?.routes[0];
    const network = `${d.initiator.router.name}'s network ${describeWildcard(e.source)} (its crypto ACL ${acl.name})`;
    const where = route
      ? `routes ${network} through ${lookup!.exits[0]?.name ?? "another interface"} (${describeRoute(route)}), not through ${iface.name} where crypto map ${b.map.name} is applied`
      : `has no route for ${network}`;
    const I = d.initiator.router;
    const entry = b.entry;
    const message = `${R.name} answers ${I.name} through ${b.label}, which has no \`reverse-route\`, and ${where}: the replies never meet the crypto map, so they leave unencrypted or are lost while the SAs are up. \`reverse-route\` in the dynamic map entry adds a route for each peer's networks when its SA comes up.`;
    return {
      code: "no-route-to-remote-network",
      sides: [
        side(R.uri, nodeRange(entry.node), message, `${R.name}'s ${b.label}`),
      ],
      fixes: [
        {
          title: `Add reverse-route to ${b.label} on ${R.name}`,
          isPreferred: true,
          edits: [
            insertAfterSection(R.uri, R.model, entry.node, [
              `${childIndent(entry.node)}reverse-route`,
            ]),
          ],
          cli: [entry.node.text.trim(), " reverse-route"],
        },
      ],
    };
  }
  return undefined;
}

/**
 * A responder whose only key for the initiator is the aggressive-mode password of its own
 * `crypto isakmp peer` section: that password serves the exchanges it starts, so the direction
 * the other side starts fails, and only it can bring the tunnel up.
 */
/**
 * A router that starts aggressive mode (its key for the peer is a `crypto isakmp peer`
 * aggressive-mode password) toward a peer, while one of the two blocks aggressive mode (`crypto
 * isakmp aggressive-mode disable` refuses it both ways): that direction never completes phase 1.
 */
function aggressiveBlockedIssue(d: DirectionResult): PeerIssue | undefined {
  const k = d.keys;
  const x = k?.initiator.lookup.key;
  if (!k || !x?.aggressiveMode || d.ikev2) {
    return undefined;
  }
  const I = k.initiator.router;
  const R = k.responder.router;
  const blocker = [R, I].find((r) => r.model.aggressiveModeDisabled);
  const line = blocker?.model.aggressiveModeDisabled;
  if (!blocker || !line) {
    return undefined;
  }
  const message = `${I.name} starts aggressive mode toward ${addr(k.initiator.peer)}: its key for that peer is the aggressive-mode password of \`crypto isakmp peer\`. ${blocker === R ? `${R.name}, its peer,` : `${I.name} itself`} blocks aggressive mode (\`crypto isakmp aggressive-mode disable\`), so the exchange is refused and ${I.name} cannot bring the tunnel up. Remove the block, or give ${I.name} a main-mode key for the peer (\`crypto isakmp key\`).`;
  return {
    code: "aggressive-mode-blocked",
    sides: [
      side(
        blocker.uri,
        nodeRange(line),
        message,
        `${blocker.name} blocks aggressive mode`,
      ),
      side(
        I.uri,
        keyValueRange(x),
        message,
        `${I.name}'s aggressive-mode password for ${addr(k.initiator.peer)}`,
      ),
    ],
    fixes: [
      {
        title: `Let ${blocker.name} take aggressive mode again (remove \`crypto isakmp aggressive-mode disable\`)`,
        edits: [deleteLine(blocker.uri, blocker.model, line)],
        cli: ["no crypto isakmp aggressive-mode disable"],
      },
    ],
  };
}

function aggressiveResponderKeyIssue(
  d: DirectionResult,
): PeerIssue | undefined {
  const k = d.keys;
  const x = k?.initiator.lookup.key;
  if (!k || !x || k.responder.lookup.key || d.ikev2) {
    return undefined;
  }
  const I = k.initiator.router;
  const R = k.responder.router;
  const own = findPresharedKey(
    R.model,
    { peer: k.responder.peer, peerNames: [] },
    () => undefined,
  ).key;
  if (!own?.aggressiveMode) {
    return undefined;
  }
  const peer = addr(k.responder.peer);
  const message = `${R.name}'s only key for ${peer} (${I.name}) is the aggressive-mode password of \`crypto isakmp peer address ${peer}\`, which serves only the exchanges ${R.name} starts: when ${I.name} starts the tunnel, ${R.name} finds no key ("No pre-shared key with ${peer}!") and phase 1 fails, so only ${R.name} can bring the tunnel up. To answer ${I.name} too, add the same key as \`crypto isakmp key\`.`;
  const line = `crypto isakmp key ${keyText(own)} address ${peer}`;
  return {
    code: "missing-psk-for-peer",
    severity: "warning",
    sides: [
      side(
        R.uri,
        keyValueRange(own),
        message,
        `${R.name}'s aggressive-mode password for ${peer}`,
      ),
      side(
        I.uri,
        keyValueRange(x),
        message,
        `${I.name}'s key for ${addr(k.initiator.peer)}`,
      ),
    ],
    fixes: [
      {
        title: `Add the key for ${peer} to ${R.name} as a crypto isakmp key`,
        isPreferred: true,
        edits: [insertBefore(R.uri, R.model, own.node, [line])],
        cli: [line],
      },
    ],
  };
}

function dynamicResponderKeyIssue(pa: PairAnalysis): PeerIssue | undefined {
  const d = pa.forward;
  const k = d?.keys;
  const x = k?.initiator.lookup.key;
  if (!pa.pair.dynamic || !d || !k || !x || k.responder.lookup.key) {
    return undefined;
  }
  const I = k.initiator.router;
  const R = k.responder.router;
  const b = pa.pair.b!;
  const peer = addr(k.responder.peer);
  const how =
    b.kind === "tunnel"
      ? `which ${b.tunnel && isMultipoint(b.tunnel) ? "registers" : "connects"} to its ${b.label.replace(/^interface /, "")}`
      : `which it answers through ${b.label}`;
  const failure = d.ikev2
    ? "IKE_AUTH fails: it cannot verify the initiator's AUTH payload"
    : `it refuses every pre-share proposal ("No pre-shared key with ${peer}!" in ${R.name}'s \`debug crypto isakmp\`), so phase 1 fails`;
  const message = `${R.name} holds no pre-shared key for ${peer} (${I.name}), ${how}: ${failure}. A router that answers peers it does not list needs a key that covers them: a wildcard (\`address 0.0.0.0 0.0.0.0\`) or one for this address.`;
  const fixes: Fix[] = [];
  const model = R.model;
  // A global key is what IOS reads when no isakmp profile narrows the search to keyrings.
  if (!d.ikev2 && !model.isakmpProfiles.length) {
    const sameKind = model.globalKeys.length
      ? model.globalKeys.map((g) => g.node)
      : model.isakmpPolicies.map((p) => p.node);
    for (const [target, title, preferred] of [
      [
        "0.0.0.0 0.0.0.0",
        `Add a wildcard pre-shared key to ${R.name} (${I.name}'s key)`,
        true,
      ],
      [
        peer,
        `Add a pre-shared key for ${peer} to ${R.name} (${I.name}'s key)`,
        false,
      ],
    ] as const) {
      const line = `crypto isakmp key ${keyText(x)} address ${target}`;
      fixes.push({
        title,
        isPreferred: preferred,
        edits: [insertSection(R.uri, model, sameKind, [line])],
        cli: [line],
      });
    }
  }
  return {
    code: "missing-psk-for-peer",
    sides: [
      side(R.uri, b.anchor, message, `${R.name}: no key for ${peer}`),
      side(
        I.uri,
        keyValueRange(x),
        message,
        `${I.name}'s key for ${addr(k.initiator.peer)}`,
      ),
    ],
    fixes,
  };
}

function keyIssues(
  directions: DirectionResult[],
  agreed: AgreedKeys,
): PeerIssue[] {
  const out: PeerIssue[] = [];
  const seen = new Set<PresharedKey>();
  const checks = directions.flatMap((d) =>
    [d.keys, d.ikev2?.reverseKeys].map((k) => ({ d, k })),
  );
  for (const { d, k } of checks) {
    const x = k?.initiator.lookup.key;
    const y = k?.responder.lookup.key;
    if (!k || !x || !y || seen.has(x) || seen.has(y)) {
      continue;
    }
    seen.add(x);
    seen.add(y);
    const I = k.initiator.router;
    const R = k.responder.router;
    const forI = keyFor(k.initiator.peer, x);
    const forR = keyFor(k.responder.peer, y);
    if (k.comparison === "different") {
      // The side whose key nobody else shares is the one that differs, when the others agree.
      const iShared = agreed.has(I, clearText(x.secret) ?? "");
      const rShared = agreed.has(R, clearText(y.secret) ?? "");
      const odd = iShared && !rShared ? R : rShared && !iShared ? I : undefined;
      const oddText = odd
        ? ` ${odd.name}'s key is the one that differs: ${odd === R ? I.name : R.name}'s key is matched elsewhere (by another peer, or by ${odd.name} the other way).`
        : "";
      const message = (s: AnalysisSettings) => {
        const show = (key: PresharedKey) =>
          s.revealSecrets
            ? `"${clearText(key.secret) ?? key.secret.value}"`
            : maskSecret();
        const hint = describeDifference(x.secret, y.secret, s.revealSecrets);
        if (d.ikev2) {
          const role = (r: "local" | "remote" | undefined) =>
            r ? `${r} ` : "";
          return `${I.name}'s ${role(k.initiator.role)}pre-shared key for ${forI} (${show(x)}) does not match ${R.name}'s ${role(k.responder.role)}key for ${forR} (${show(y)})${hint ? `: ${hint}` : ""}.${oddText} IKEv2 phase 1 fails in IKE_AUTH: the side that verifies the other's AUTH payload rejects it (AUTHENTICATION_FAILED).`;
        }
        return `${I.name}'s pre-shared key for ${forI} (${show(x)}) does not match ${R.name}'s key for ${forR} (${show(y)})${hint ? `: ${hint}` : ""}.${oddText} ${x.aggressiveMode || y.aggressiveMode ? "Phase 1 fails in aggressive mode: the keys derived from the two secrets differ, so the hash of the third message does not verify and the exchange is dropped." : "Phase 1 fails at main mode message 5: the responder cannot decrypt it and the initiator keeps retransmitting MM_KEY_EXCH."}`;
      };
      out.push({
        code: "psk-mismatch",
        sides: [
          side(I.uri, keyValueRange(x), message, `${I.name}'s key for ${forI}`),
          side(R.uri, keyValueRange(y), message, `${R.name}'s key for ${forR}`),
        ],
        fixes: [
          setKeyFix(
            I,
            x,
            y,
            `Set ${I.name}'s key for ${forI} to ${R.name}'s key`,
            odd !== R,
          ),
          setKeyFix(
            R,
            y,
            x,
            `Set ${R.name}'s key for ${forR} to ${I.name}'s key`,
            odd === R,
          ),
        ],
      });
    } else if (k.comparison === "unverifiable") {
      const sides = [
        { router: I, key: x, peer: forI },
        { router: R, key: y, peer: forR },
      ];
      // A placeholder (`<key>`) is reported on its own line by `psk-placeholder`.
      const sealed = sides.filter(
        (s) =>
          clearText(s.key.secret) === undefined &&
          !isPlaceholderSecret(s.key.secret),
      );
      if (!sealed.length) {
        continue;
      }
      const message = `${sealed.map((s) => `${s.router.name}'s key for ${s.peer}`).join(" and ")} ${sealed.length > 1 ? "are" : "is"} stored as type 6 (encrypted with the router's master key), so IPsec Lens cannot tell whether ${I.name} and ${R.name} hold the same key. Check it on the routers.`;
      out.push({
        code: "psk-unverifiable",
        sides: sides.map((s) =>
          side(
            s.router.uri,
            keyValueRange(s.key),
            message,
            `${s.router.name}'s key for ${s.peer}`,
          ),
        ),
        fixes: [],
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phase 2

/** Where a finding about an end's phase-2 settings points: the given line, else the section head, else the pairing line. */
function settingRange(
  node: ConfigNode | undefined,
  settings: Phase2Settings,
  end: Endpoint,
): Range {
  if (node) {
    return nodeRange(node);
  }
  return settings.container ? nodeRange(settings.container) : end.anchor;
}

function setTransformFix(
  router: RouterInfo,
  set: TransformSet,
  like: TransformSet,
  title: string,
  preferred: boolean,
): Fix {
  const head = `crypto ipsec transform-set ${set.name} ${transformText(like)}`;
  const edits: TextEdit[] = [replaceLine(router.uri, set.node, head)];
  const cli = [head];
  if (set.mode !== like.mode) {
    const modeLine = ` mode ${like.mode}`;
    cli.push(modeLine);
    if (set.modeNode) {
      edits.push(
        replaceLine(
          router.uri,
          set.modeNode,
          `${" ".repeat(set.modeNode.indent)}mode ${like.mode}`,
        ),
      );
    } else {
      edits.push(
        insertAfterSection(router.uri, router.model, set.node, [modeLine]),
      );
    }
  }
  return { title, isPreferred: preferred, edits, cli };
}

function transformIssue(directions: DirectionResult[]): PeerIssue | undefined {
  const d = directions.find(
    (x) =>
      !x.phase2.transforms.ok &&
      x.phase2.transforms.closest &&
      x.phase2.initiatorSettings.transformSets.length &&
      x.phase2.responderSettings.transformSets.length,
  );
  if (!d) {
    return undefined;
  }
  const I = d.initiator.router;
  const R = d.phase2.responder.router;
  const { offer, own, differences } = d.phase2.transforms.closest!;
  const builtIn = (settings: Phase2Settings, set: TransformSet) =>
    settings.transformSets.some((t) => t.set === set && t.builtIn);
  const diffText = differences
    .map(
      (c) => `${c.what} (${I.name}: ${c.initiator}, ${R.name}: ${c.responder})`,
    )
    .join(", ");
  const describe = (s: TransformSet) =>
    `${s.name} (${transformText(s)}, ${s.mode} mode)`;
  const message = `No transform set of ${I.name}'s ${d.initiator.label} matches one of ${R.name}'s ${d.phase2.responder.label}: the closest, ${I.name}'s ${describe(offer)} and ${R.name}'s ${describe(own)}, differ in ${diffText}. ${
    ikev2ProfileRef(d.initiator) && ikev2ProfileRef(d.phase2.responder)
      ? "The child SA is refused (NO_PROPOSAL_CHOSEN in IKE_AUTH)."
      : 'Quick mode fails ("atts not acceptable", "phase 2 SA not acceptable").'
  }`;
  return {
    code: "transform-set-mismatch",
    sides: [
      side(
        I.uri,
        settingRange(
          d.phase2.initiatorSettings.transformLine,
          d.phase2.initiatorSettings,
          d.initiator,
        ),
        message,
        `${I.name}'s transform set ${offer.name}`,
      ),
      side(
        R.uri,
        settingRange(
          d.phase2.responderSettings.transformLine,
          d.phase2.responderSettings,
          d.phase2.responder,
        ),
        message,
        `${R.name}'s transform set ${own.name}`,
      ),
    ],
    fixes: [
      builtIn(d.phase2.initiatorSettings, offer)
        ? undefined
        : setTransformFix(
            I,
            offer,
            own,
            `Make ${I.name}'s transform set ${offer.name} ${transformText(own)} (as ${R.name}'s ${own.name})`,
            true,
          ),
      builtIn(d.phase2.responderSettings, own)
        ? undefined
        : setTransformFix(
            R,
            own,
            offer,
            `Make ${R.name}'s transform set ${own.name} ${transformText(offer)} (as ${I.name}'s ${offer.name})`,
            false,
          ),
    ].filter((f): f is Fix => f !== undefined),
  };
}

/** A fix that makes an end's PFS setting the given group, or removes it. */
function setPfsFix(
  router: RouterInfo,
  settings: Phase2Settings,
  group: string | undefined,
  title: string,
  preferred: boolean,
): Fix | undefined {
  const container = settings.container;
  if (!container) {
    return undefined;
  }
  const head = container.text.trim();
  if (group === undefined) {
    if (!settings.pfs) {
      return undefined;
    }
    return {
      title,
      isPreferred: preferred,
      edits: [deleteLine(router.uri, router.model, settings.pfs.node)],
      cli: [head, ` no ${settings.pfs.node.text.trim()}`],
    };
  }
  const line = `set pfs ${group}`;
  const edits = settings.pfs
    ? [
        replaceLine(
          router.uri,
          settings.pfs.node,
          `${" ".repeat(settings.pfs.node.indent)}${line}`,
        ),
      ]
    : [
        insertAfterSection(router.uri, router.model, container, [
          `${childIndent(container)}${line}`,
        ]),
      ];
  return { title, isPreferred: preferred, edits, cli: [head, ` ${line}`] };
}

function pfsIssue(
  pa: PairAnalysis,
  a: Endpoint,
  aSettings: Phase2Settings,
  b: Endpoint,
  bSettings: Phase2Settings,
): PeerIssue | undefined {
  const x = aSettings.pfs;
  const y = bSettings.pfs;
  if ((!x && !y) || (x && y && x.group === y.group)) {
    return undefined;
  }
  const A = a.router;
  const B = b.router;
  const can = (d: DirectionResult | undefined) => d?.phase2.pfs.ok;
  const verdict = (d: DirectionResult | undefined, who: RouterInfo) =>
    d === undefined
      ? `${who.name} never initiates`
      : can(d)
        ? `${who.name} can ${phase2Start(d)}`
        : `${who.name} cannot ${phase2Start(d)} (${d.phase2.pfs.reason})`;
  const state = (s: Phase2Settings["pfs"], who: RouterInfo) =>
    s ? `${who.name} sets PFS ${s.group}` : `${who.name} sets no PFS`;
  // IKEv2 makes the first child SA in IKE_AUTH, without a key exchange: the tunnel comes up and
  // the mismatch bites at each rekey (CREATE_CHILD_SA carries the KE payload PFS asks for).
  const atRekey = [pa.forward, pa.reverse].some(
    (d) => d?.phase2.pfs.atRekeyOnly,
  );
  const rekeys = (d: DirectionResult | undefined, who: RouterInfo) =>
    d === undefined
      ? `${who.name} never rekeys`
      : can(d)
        ? `rekeys ${who.name} starts succeed`
        : `rekeys ${who.name} starts fail (${d.phase2.pfs.reason})`;
  const lifetime = (pa.forward ?? pa.reverse)?.phase2.lifetimeSeconds;
  const message = atRekey
    ? `PFS differs: ${state(x, A)}, ${state(y, B)}. With IKEv2 the first child SA is made in IKE_AUTH, which carries no key exchange, so the tunnel comes up; PFS counts at each rekey (CREATE_CHILD_SA${lifetime ? `, every ${lifetime} s or sooner` : ""}): ${rekeys(pa.forward, A)}; ${rekeys(pa.reverse, B)}. A failed rekey lets the child SA expire and traffic stops until a new one is made, so the tunnel drops at every lifetime.`
    : `PFS differs: ${state(x, A)}, ${state(y, B)}. ${verdict(pa.forward, A)}; ${verdict(pa.reverse, B)}.`;
  const fixes: Fix[] = [];
  const push = (f: Fix | undefined) => f && fixes.push(f);
  if (x && y) {
    push(
      setPfsFix(
        A,
        aSettings,
        y.group,
        `Set PFS ${y.group} on ${A.name}'s ${a.label} (as ${B.name})`,
        true,
      ),
    );
    push(
      setPfsFix(
        B,
        bSettings,
        x.group,
        `Set PFS ${x.group} on ${B.name}'s ${b.label} (as ${A.name})`,
        false,
      ),
    );
  } else {
    const [
      withPfs,
      withEnd,
      withSettings,
      without,
      withoutEnd,
      withoutSettings,
    ] = x
      ? ([A, a, aSettings, B, b, bSettings] as const)
      : ([B, b, bSettings, A, a, aSettings] as const);
    const group = (x ?? y)!.group;
    push(
      setPfsFix(
        without,
        withoutSettings,
        group,
        `Set PFS ${group} on ${without.name}'s ${withoutEnd.label} too`,
        true,
      ),
    );
    push(
      setPfsFix(
        withPfs,
        withSettings,
        undefined,
        `Remove PFS from ${withPfs.name}'s ${withEnd.label}`,
        false,
      ),
    );
  }
  return {
    code: "pfs-mismatch",
    sides: [
      side(
        A.uri,
        settingRange(x?.node, aSettings, a),
        message,
        x ? `${A.name}: PFS ${x.group}` : `${A.name}: no PFS`,
      ),
      side(
        B.uri,
        settingRange(y?.node, bSettings, b),
        message,
        y ? `${B.name}: PFS ${y.group}` : `${B.name}: no PFS`,
      ),
    ],
    fixes,
  };
}

/** A fix that replaces an ACL's entries with the mirror of another ACL's. */
/** Replaces an ACL's lines with the mirror of another's permits (`mirrored`, after the indent). */
function mirrorAclFix(
  router: RouterInfo,
  acl: CryptoAcl,
  mirrored: readonly string[],
  title: string,
  preferred: boolean,
): Fix | undefined {
  // A line with object groups gives several entries: it is replaced or deleted once.
  const entries = [...new Set(acl.entries.map((e) => e.node))];
  const first = entries[0];
  if (!first) {
    return undefined;
  }
  const numbered = "numbered" in acl && acl.numbered;
  const lines = numbered
    ? mirrored.map((t) => `access-list ${acl.name} ${t}`)
    : mirrored.map((t) => `${" ".repeat(first.indent)}${t}`);
  const edits: TextEdit[] = [replaceLine(router.uri, first, lines.join("\n"))];
  for (const node of entries.slice(1)) {
    edits.push(deleteLine(router.uri, router.model, node));
  }
  const head =
    "kind" in acl
      ? `ip access-list ${acl.kind} ${acl.name}`
      : `ipv6 access-list ${acl.name}`;
  const cli = numbered
    ? [`no access-list ${acl.name}`, ...lines]
    : [`no ${head}`, head, ...mirrored.map((t) => ` ${t}`)];
  return { title, isPreferred: preferred, edits, cli };
}

/** A crypto ACL of either family: an IPv4 map's ACL or an IPv6 map's `ipv6 access-list`. */
type CryptoAcl = AccessList | Ipv6AccessList;

/** What `aclIssue` needs of a family's crypto ACLs. */
interface CryptoAclFamily<L extends CryptoAcl, E> {
  exact(a: L, b: L): boolean;
  check(initiator: L, responder: L): ProxyResult<E>;
  describe(entry: E): string;
  /** The mirror of a list's permit entries, each as written after the indent. */
  mirrored(acl: L): string[];
}

const IPV4_ACLS: CryptoAclFamily<AccessList, AclEntry> = {
  exact: isExactMirror,
  check: checkProxies,
  describe: describeEntry,
  mirrored: mirroredPermits,
};

const IPV6_ACLS: CryptoAclFamily<Ipv6AccessList, Ipv6AclEntry> = {
  exact: isExactMirror6,
  check: checkProxies6,
  describe: describeEntry6,
  mirrored: (acl) =>
    acl.entries.filter((e) => e.action === "permit").map(mirrorEntryText6),
};

function aclIssue(
  pair: TunnelPair,
  a: Endpoint,
  aSettings: Phase2Settings,
  b: Endpoint,
  bSettings: Phase2Settings,
): PeerIssue | undefined {
  // Tunnels have no ACL but a multi-SA VTI's policy one: the pairs below compare only ACLs.
  if (aSettings.acl && bSettings.acl) {
    return aclIssueIn(IPV4_ACLS, pair, a, aSettings.acl, b, bSettings.acl);
  }
  if (aSettings.acl6 && bSettings.acl6) {
    return aclIssueIn(IPV6_ACLS, pair, a, aSettings.acl6, b, bSettings.acl6);
  }
  return undefined;
}

function aclIssueIn<L extends CryptoAcl, E extends { node: ConfigNode }>(
  family: CryptoAclFamily<L, E>,
  pair: TunnelPair,
  a: Endpoint,
  x: L,
  b: Endpoint,
  y: L,
): PeerIssue | undefined {
  if (family.exact(x, y)) {
    return undefined;
  }
  const forward = family.check(x, y);
  const backward = family.check(y, x);
  const ikev2 = Boolean(ikev2ProfileRef(a) && ikev2ProfileRef(b));
  const canA = forward.accepted.length > 0 && forward.rejected.length === 0;
  const canB = backward.accepted.length > 0 && backward.rejected.length === 0;
  if (canA && canB) {
    return undefined;
  }
  const A = a.router;
  const B = b.router;
  const judge = (
    who: RouterInfo,
    other: RouterInfo,
    result: ProxyResult<E>,
    able: boolean,
    initiates: boolean,
  ): string => {
    if (!initiates) {
      return `${who.name} never initiates (dynamic map)`;
    }
    if (able) {
      return `${who.name} can initiate: its proxies fall inside ${other.name}'s ACL read backwards`;
    }
    return `${who.name} cannot initiate${result.accepted.length ? " for every flow" : ""}: ${other.name} rejects its proxies ${result.rejected.map(family.describe).join(", ")} (${ikev2 ? "its child SA is refused, TS_UNACCEPTABLE" : "quick mode fails, PROPOSAL_NOT_CHOSEN"})`;
  };
  const message = `Crypto ACL ${x.name} on ${A.name} and ${y.name} on ${B.name} are not mirror images. ${judge(A, B, forward, canA, true)}; ${judge(B, A, backward, canB, !pair.dynamic)}.`;
  const firstPermit = (l: CryptoAcl) =>
    (l.entries as readonly { action: string; node: ConfigNode }[]).find(
      (e) => e.action === "permit",
    );
  const aNode = (forward.rejected[0] ?? firstPermit(x))?.node;
  const bNode = (backward.rejected[0] ?? firstPermit(y))?.node;
  const fixes: Fix[] = [];
  const fa = mirrorAclFix(
    A,
    x,
    family.mirrored(y),
    `Replace ACL ${x.name} on ${A.name} with the mirror of ${B.name}'s ACL ${y.name}`,
    !canA,
  );
  const fb = mirrorAclFix(
    B,
    y,
    family.mirrored(x),
    `Replace ACL ${y.name} on ${B.name} with the mirror of ${A.name}'s ACL ${x.name}`,
    canA,
  );
  for (const f of [fa, fb]) {
    if (f) {
      fixes.push(f);
    }
  }
  return {
    code: "crypto-acl-not-mirrored",
    sides: [
      side(
        A.uri,
        aNode ? nodeRange(aNode) : a.anchor,
        message,
        `${A.name}'s crypto ACL ${x.name}`,
      ),
      side(
        B.uri,
        bNode ? nodeRange(bNode) : b.anchor,
        message,
        `${B.name}'s crypto ACL ${y.name}`,
      ),
    ],
    fixes,
  };
}

function identityIssues(
  a: Endpoint,
  aSettings: Phase2Settings,
  b: Endpoint,
  bSettings: Phase2Settings,
): PeerIssue[] {
  const out: PeerIssue[] = [];
  for (const [holder, settings, other] of [
    [a, aSettings, b],
    [b, bSettings, a],
  ] as const) {
    const list = settings.identity;
    if (!list || !settings.identityRef) {
      continue;
    }
    const H = holder.router;
    const O = other.router;
    if (identityAdmits(list, O) !== false) {
      continue;
    }
    const host = O.model.hostname?.name ?? O.name;
    const domain = O.model.domainName?.name;
    const written = domain ? `${host}.${domain}` : host;
    const admitted =
      list.entries.map((e) => `${e.kind} ${e.value}`).join(", ") || "nothing";
    const indent = childIndent(list.node);
    out.push({
      code: "identity-rejects-peer",
      sides: [
        side(
          H.uri,
          nodeRange(settings.identityRef.node),
          `The identity list ${list.name} of ${holder.label} admits ${admitted}, not ${O.name} (${O.fqdn ?? host}): quick mode with ${O.name} fails (%CRYPTO-4-IKE_QUICKMODE_BAD_CERT).`,
          `${H.name}'s identity list ${list.name}`,
        ),
        side(
          O.uri,
          O.model.hostname ? nodeRange(O.model.hostname.node) : other.anchor,
          `${H.name}'s identity list ${list.name} (${holder.label}) does not admit this router (${O.fqdn ?? host}), so quick mode between them fails.`,
          `${O.name} presents ${O.fqdn ?? host}`,
        ),
      ],
      fixes: [
        {
          title: `Admit ${written} in ${H.name}'s identity list ${list.name}`,
          isPreferred: true,
          edits: [
            insertAfterSection(H.uri, H.model, list.node, [
              `${indent}fqdn ${written}`,
            ]),
          ],
          cli: [`crypto identity ${list.name}`, ` fqdn ${written}`],
        },
      ],
    });
  }
  return out;
}

function setLifetimeFix(
  router: RouterInfo,
  settings: Phase2Settings,
  values: Partial<IpsecLifetimes>,
  title: string,
  preferred: boolean,
): Fix | undefined {
  const container = settings.container;
  if (!container) {
    return undefined;
  }
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const cli = [container.text.trim()];
  const indent = childIndent(container);
  const apply = (
    metric: keyof IpsecLifetimes,
    value: IpsecLifetimes[keyof IpsecLifetimes] | undefined,
    node: ConfigNode | undefined,
  ) => {
    if (value === undefined) {
      return;
    }
    const text = `set security-association lifetime ${metric} ${value === "disabled" ? "disable" : value}`;
    cli.push(` ${text}`);
    if (node) {
      edits.push(
        replaceLine(router.uri, node, `${" ".repeat(node.indent)}${text}`),
      );
    } else {
      added.push(`${indent}${text}`);
    }
  };
  apply("seconds", values.seconds, settings.lifetimeSeconds.node);
  apply("kilobytes", values.kilobytes, settings.lifetimeKilobytes.node);
  if (added.length) {
    edits.push(insertAfterSection(router.uri, router.model, container, added));
  }
  return edits.length
    ? { title, isPreferred: preferred, edits, cli }
    : undefined;
}

function ipsecLifetimeIssue(
  a: Endpoint,
  aSettings: Phase2Settings,
  b: Endpoint,
  bSettings: Phase2Settings,
  ikev2: boolean,
): PeerIssue | undefined {
  const xs = aSettings.lifetimeSeconds;
  const ys = bSettings.lifetimeSeconds;
  const xk = aSettings.lifetimeKilobytes;
  const yk = bSettings.lifetimeKilobytes;
  const secondsDiffer = xs.value !== ys.value;
  const kilobytesDiffer = xk.value !== yk.value;
  if (!secondsDiffer && !kilobytesDiffer) {
    return undefined;
  }
  const A = a.router;
  const B = b.router;
  const text = (s: Phase2Settings) =>
    `${s.lifetimeSeconds.value} s / ${volumeText(s.lifetimeKilobytes.value)}`;
  const differ = `IPsec SA lifetimes differ: ${A.name} ${text(aSettings)}, ${B.name} ${text(bSettings)}.`;
  // A side with `kilobytes disable` proposes no volume lifetime and rekeys on time only. The
  // other side's volume lifetime still counts on its own SAs; what IKEv1 agrees on when one
  // proposal carries none is not confirmed, so it is not claimed.
  const agreed = agreedVolume(xk.value, yk.value);
  const [off, on, onKilobytes] =
    xk.value === "disabled" ? [A, B, yk.value] : [B, A, xk.value];
  // Only one side disables the volume lifetime exactly when the two agree on none.
  const volumeClause =
    agreed === undefined
      ? `${off.name} has no volume lifetime (kilobytes disable) and rekeys on time only, while ${on.name} also rekeys after ${onKilobytes} KB of traffic`
      : undefined;
  const shortest = Math.min(xs.value, ys.value);
  // IKEv1 agrees on the shorter lifetime in quick mode; IKEv2 does not negotiate lifetimes at
  // all, each side rekeying when its own runs out.
  let message: string;
  if (ikev2) {
    message = `${differ} IKEv2 does not negotiate lifetimes: each side rekeys its child SAs when its own lifetime runs out, so the side with the shorter one starts the rekeys.${volumeClause ? ` ${volumeClause}.` : ""}`;
  } else if (agreed !== undefined) {
    message = `${differ} The SAs take the shorter values, ${shortest} s / ${volumeText(agreed)}, so rekeys follow the side with the shorter lifetime.`;
  } else {
    message = `${differ} ${volumeClause}; whether IKEv1 gives the SAs ${on.name}'s volume lifetime when ${off.name} proposes none is not judged here.${secondsDiffer ? ` The SAs take the shorter time, ${shortest} s.` : ""}`;
  }
  const line = (s: Phase2Settings) =>
    (secondsDiffer ? s.lifetimeSeconds.node : undefined) ??
    (kilobytesDiffer ? s.lifetimeKilobytes.node : undefined) ??
    s.lifetimeSeconds.node ??
    s.lifetimeKilobytes.node;
  const values = (s: Phase2Settings): Partial<IpsecLifetimes> => ({
    seconds: secondsDiffer ? s.lifetimeSeconds.value : undefined,
    kilobytes: kilobytesDiffer ? s.lifetimeKilobytes.value : undefined,
  });
  const fixes = [
    setLifetimeFix(
      A,
      aSettings,
      values(bSettings),
      `Set ${A.name}'s IPsec SA lifetime to ${B.name}'s`,
      true,
    ),
    setLifetimeFix(
      B,
      bSettings,
      values(aSettings),
      `Set ${B.name}'s IPsec SA lifetime to ${A.name}'s`,
      false,
    ),
  ].filter((f): f is Fix => f !== undefined);
  return {
    code: "ipsec-lifetime-mismatch",
    sides: [
      side(
        A.uri,
        settingRange(line(aSettings), aSettings, a),
        message,
        `${A.name}: ${text(aSettings)}`,
      ),
      side(
        B.uri,
        settingRange(line(bSettings), bSettings, b),
        message,
        `${B.name}: ${text(bSettings)}`,
      ),
    ],
    fixes,
  };
}

/** "attribute (A: value, B: value)" for each attribute two proposals differ in. */
function describeDifferences(
  differences: readonly {
    attribute: string;
    initiator: string | number;
    responder: string | number;
  }[],
  initiatorName: string,
  responderName: string,
): string {
  return differences
    .map(
      (c) =>
        `${c.attribute} (${initiatorName}: ${c.initiator}, ${responderName}: ${c.responder})`,
    )
    .join(", ");
}

/** What starting phase 2 is called in a direction: IKEv2 creates a child SA, IKEv1 runs quick mode. */
function phase2Start(d: DirectionResult): string {
  return ikev2ProfileRef(d.initiator) && ikev2ProfileRef(d.responder)
    ? "create its child SA"
    : "start quick mode";
}
