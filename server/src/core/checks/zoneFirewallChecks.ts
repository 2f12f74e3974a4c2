import { andList } from "../text/units";
import { pushAt } from "../collections/multiMap";
import {
  cryptoView,
  protocolsNeeded,
  type CryptoPeer,
} from "../config/cryptoPeers";
import type {
  ConfigModel,
  InspectPolicyClass,
  Interface,
  ZonePair,
} from "../config/model";
import { arrivalZones } from "../config/ipsecFilters";
import { primaryAddress } from "../config/routingView";
import { nodeRange, type ConfigNode } from "../config/tree";
import {
  evaluateSelfTraffic,
  policyClasses,
  zoneFirewallView,
  type SelfDirection,
  type ZoneVerdict,
} from "../config/zoneFirewall";
import { withLazyFixes, type Finding, type Fix } from "../diagnostics/finding";
import { SEVERITIES, type Severity } from "../diagnostics/severity";
import {
  childIndent,
  freeName,
  indentOf,
  insertLinesAfterLine,
  insertLinesBefore,
} from "../fixes/configEdits";
import { formatIpv4 } from "../ipv4/address";
import { IPSEC_TRAFFIC } from "../knowledge/ipsecTraffic";
import type { ConfigCheck } from "./check";
import { relatedLine, natLikely } from "./support/checkSupport";

/**
 * A zone-based policy firewall that drops a peer's IKE, ESP or AH on their way to or from the
 * router. Traffic between a zone and the router itself flows freely until a zone-pair names
 * `self`; from then on only what its inspect policy passes or inspects gets through. So for every
 * crypto peer, the zone of the interface its IPsec uses (crypto map interface, tunnel source, or
 * for a source in no zone the interface toward the peer) is looked up, and the zone-pairs between
 * that zone and `self`, both ways, are asked what they do with ISAKMP (UDP 500), NAT-T (UDP 4500,
 * unless NAT transparency is off), and ESP or AH as the transform sets need (config/zoneFirewall.ts
 * evaluates the policies; a verdict it cannot be sure of is not reported). Findings are one per
 * zone-pair, listing the peers and what is dropped.
 *
 * IKE is a request and a reply: an inspected exchange lets its reply back in, a passed one does
 * not. So a zone-pair that drops IKE breaks both directions unless the opposite zone-pair
 * inspects it, which leaves the exchanges this router starts working (a warning then). ESP and
 * AH keep no state and must be passed both ways; the firewall does not inspect them for the
 * router's own traffic, so a class that inspects them is reported as well. Traffic between zones
 * (the protected networks crossing the router) is another matter and is not judged here.
 */
export const zoneFirewallChecks: ConfigCheck = {
  id: "zoneFirewallChecks",
  run(model) {
    return model.zonePairs.length ? blockedIpsec(model) : [];
  },
};

type TrafficKind = keyof typeof IPSEC_TRAFFIC;

/** The order kinds are told in. */
const KINDS: readonly TrafficKind[] = ["isakmp", "natT", "esp", "ah"];

/** IKE kinds, which the firewall can track as sessions. */
const STATEFUL = new Set<TrafficKind>(["isakmp", "natT"]);

/** One kind of traffic of one peer that a zone-pair drops (or inspects where it cannot). */
interface Problem {
  kind: TrafficKind;
  direction: SelfDirection;
  pair: ZonePair;
  policy: string;
  /** The class that decided; undefined for the implicit class-default. */
  decidedBy: InspectPolicyClass | undefined;
  action: "drop" | "inspect";
  peer: CryptoPeer;
  peerAddress: number;
  local: number;
  iface: Interface;
  severity: Severity;
  effect: string;
}

function blockedIpsec(model: ConfigModel): Finding[] {
  const view = cryptoView(model);
  const natTDisabled = model.natTransparencyDisabled !== undefined;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const peer of view.peers) {
    if (peer.address === undefined) {
      continue;
    }
    const needs = protocolsNeeded(peer, view);
    const kinds = KINDS.filter((k) =>
      k === "isakmp"
        ? peer.ike
        : k === "natT"
          ? peer.ike && !natTDisabled
          : k === "esp"
            ? needs.esp
            : needs.ah,
    );
    for (const { iface, zone, local } of arrivals(model, peer)) {
      const key = `${zone}|${peer.address}|${local}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      // NAT-T is used only across NAT: a private address on either end, or NAT keepalives,
      // say it is expected; between public addresses its loss may never matter.
      const likely = natLikely(model, local, peer.address);
      for (const kind of kinds) {
        const t = IPSEC_TRAFFIC[kind];
        const verdicts: Record<SelfDirection, ZoneVerdict> = {
          "to-self": evaluateSelfTraffic(
            model,
            zone,
            "to-self",
            t.packet(peer.address, local),
          ),
          "from-self": evaluateSelfTraffic(
            model,
            zone,
            "from-self",
            t.packet(local, peer.address),
          ),
        };
        for (const direction of ["to-self", "from-self"] as const) {
          const verdict = verdicts[direction];
          const other =
            verdicts[direction === "to-self" ? "from-self" : "to-self"];
          const judged = judge(kind, direction, verdict, other, likely);
          if (judged && verdict.pair && verdict.policy !== undefined) {
            problems.push({
              kind,
              direction,
              pair: verdict.pair,
              policy: verdict.policy,
              decidedBy: verdict.decidedBy,
              action: verdict.outcome === "inspect" ? "inspect" : "drop",
              peer,
              peerAddress: peer.address,
              local,
              iface,
              ...judged,
            });
          }
        }
      }
    }
  }
  const byPair = new Map<ZonePair, Problem[]>();
  for (const p of problems) {
    pushAt(byPair, p.pair, p);
  }
  return [...byPair.values()].map((list) => toFinding(model, list));
}

/** Where a peer's IPsec meets the firewall: the zone of each interface it uses, with the local address. */
function arrivals(
  model: ConfigModel,
  peer: CryptoPeer,
): { iface: Interface; zone: string; local: number }[] {
  const out: { iface: Interface; zone: string; local: number }[] = [];
  for (const iface of peer.interfaces) {
    const local = peer.localAddress ?? primaryAddress(iface);
    if (local === undefined) {
      continue;
    }
    for (const a of arrivalZones(model, iface, peer.address!, peer.vrf)) {
      out.push({ ...a, local });
    }
  }
  return out;
}

/** What a verdict in one direction costs the tunnel, given the other direction's; undefined when nothing. */
function judge(
  kind: TrafficKind,
  direction: SelfDirection,
  verdict: ZoneVerdict,
  other: ZoneVerdict,
  nat: boolean,
): { severity: Severity; effect: string } | undefined {
  const toSelf = direction === "to-self";
  if (STATEFUL.has(kind)) {
    if (verdict.outcome !== "drop") {
      return undefined;
    }
    if (kind === "natT") {
      return nat
        ? {
            severity: "warning",
            effect:
              "when NAT sits between the peers, IKE moves to UDP 4500 and ESP travels inside it, and both are dropped here",
          }
        : {
            severity: "information",
            effect:
              "when NAT sits between the peers, IKE moves to UDP 4500 and ESP travels inside it, and both are dropped here (both addresses are public, so this matters only if NAT appears on the path)",
          };
    }
    // Exchanges started from the other side need this direction for their requests; those started
    // from this side need it for their replies, unless the other direction inspects them.
    if (other.outcome === "inspect") {
      return {
        severity: "warning",
        effect: toSelf
          ? `the peer cannot start IKE with this router; tunnels come up only when this router starts the exchange (zone-pair ${other.pair!.name} inspects it and lets its replies in), and exchanges the peer starts, rekeys included, time out`
          : `this router cannot start IKE toward the peer; tunnels come up only when the peer starts the exchange (zone-pair ${other.pair!.name} inspects it and lets the replies out), and rekeys this router starts time out`,
      };
    }
    if (other.outcome === "unknown") {
      return {
        severity: "warning",
        effect: toSelf
          ? "IKE exchanges the peer starts are dropped on arrival, so at best only tunnels this router starts come up"
          : "IKE exchanges this router starts are dropped on their way out, so at best only tunnels the peer starts come up",
      };
    }
    return {
      severity: "error",
      effect: toSelf
        ? "IKE fails whichever side starts it, since the peer's requests and the replies to this router's requests are both dropped; phase 1 never completes and the initiator only retransmits"
        : "IKE fails whichever side starts it, since this router's requests and its replies to the peer are both dropped; phase 1 never completes and the initiator only retransmits",
    };
  }
  const name = kind === "esp" ? "ESP" : "AH";
  if (verdict.outcome === "drop") {
    return {
      severity: "error",
      effect: toSelf
        ? `the SAs come up, but every ${name} packet from the peer is dropped before decryption (\`#pkts decaps\` stays at zero)`
        : `the SAs come up, but every ${name} packet this router sends to the peer is dropped on its way out (the peer decrypts nothing from this router)`,
    };
  }
  if (verdict.outcome === "inspect") {
    return {
      severity: "warning",
      effect: `the firewall inspects the router's own traffic only for TCP and UDP (and a few application protocols), not ${name}, which must be passed instead, in both directions, since a pass keeps no state`,
    };
  }
  return undefined;
}

function worst(severities: readonly Severity[]): Severity {
  return SEVERITIES.find((s) => severities.includes(s)) ?? "error";
}

function pairText(pair: ZonePair): string {
  return `Zone-pair ${pair.name} (${pair.source} → ${pair.destination})`;
}

/** `from peer A to B`, `from peers A and C to B`; a group per local address. */
function endpointsText(problems: readonly Problem[]): string {
  const byLocal = new Map<number, Set<number>>();
  for (const p of problems) {
    const set = byLocal.get(p.local) ?? new Set<number>();
    set.add(p.peerAddress);
    byLocal.set(p.local, set);
  }
  const toSelf = problems[0]!.direction === "to-self";
  return [...byLocal]
    .map(([local, peers]) => {
      const list = [...peers].map(formatIpv4);
      const names = `${list.length > 1 ? "peers" : "peer"} ${andList(list)}`;
      return toSelf
        ? `from ${names} to ${formatIpv4(local)}`
        : `from ${formatIpv4(local)} to ${names}`;
    })
    .join("; ");
}

/** The kinds' names as a list. */
function kindsText(kinds: readonly TrafficKind[]): string {
  return andList(kinds.map((k) => IPSEC_TRAFFIC[k].name));
}

/** What the class that decided did to some kinds, in a clause. */
function deciderText(p: Problem, kinds: readonly TrafficKind[]): string {
  const what = kindsText(kinds);
  const them = kinds.length > 1 ? "them" : "it";
  const name = p.decidedBy?.classMap?.name;
  if (p.action === "inspect") {
    return `${name ? `class ${name}` : "class-default"} inspects ${what}`;
  }
  if (!p.decidedBy) {
    return `${what} ${kinds.length > 1 ? "match" : "matches"} no class, and the implicit class-default drops ${them}`;
  }
  return name
    ? `class ${name} drops ${what}`
    : `${what} ${kinds.length > 1 ? "match" : "matches"} no class before class-default, which drops ${them}`;
}

/** The problems of each kind, and the one whose effect is told (the most serious). */
function byKind(problems: readonly Problem[]): Map<TrafficKind, Problem> {
  const out = new Map<TrafficKind, Problem>();
  for (const kind of KINDS) {
    const ofKind = problems.filter((p) => p.kind === kind);
    if (ofKind.length) {
      const severity = worst(ofKind.map((q) => q.severity));
      out.set(
        kind,
        ofKind.find((p) => p.severity === severity)!,
      );
    }
  }
  return out;
}

/** The clauses saying which class did what, one per deciding class and action. */
function decisions(shown: Map<TrafficKind, Problem>): string[] {
  const groups = new Map<string, { p: Problem; kinds: TrafficKind[] }>();
  for (const [kind, p] of shown) {
    const key = `${p.decidedBy?.node.line ?? "implicit"}|${p.action}`;
    const group = groups.get(key);
    if (group) {
      group.kinds.push(kind);
    } else {
      groups.set(key, { p, kinds: [kind] });
    }
  }
  return [...groups.values()].map((g) => deciderText(g.p, g.kinds));
}

function toFinding(model: ConfigModel, problems: Problem[]): Finding {
  const first = problems[0]!;
  const pair = first.pair;
  const severity = worst(problems.map((p) => p.severity));
  const shown = byKind(problems);
  const effects = [...shown].map(
    ([kind, p]) => `${IPSEC_TRAFFIC[kind].name}: ${p.effect}.`,
  );
  const onlyInspect = problems.every((p) => p.action === "inspect");
  const message = `${pairText(pair)} ${onlyInspect ? "mishandles" : "drops"} IPsec traffic ${endpointsText(problems)}: in policy-map ${first.policy}, ${decisions(shown).join("; ")}. ${effects.join(" ")}`;
  return withLazyFixes(
    {
      code: "zone-firewall-blocks-ipsec",
      range: nodeRange(pair.node),
      message,
      severity: severity === "error" ? undefined : severity,
      related: relatedFor(problems),
    },
    () => passFix(model, problems),
  );
}

function relatedFor(problems: readonly Problem[]) {
  const first = problems[0]!;
  const out: { node: ConfigNode; message: string }[] = [];
  if (first.pair.servicePolicy) {
    out.push({
      node: first.pair.servicePolicy.node,
      message: `policy-map ${first.policy} filters this traffic`,
    });
  }
  const deciders = new Map<
    ConfigNode,
    { action: string; kinds: TrafficKind[] }
  >();
  for (const p of problems) {
    if (p.decidedBy) {
      const d = deciders.get(p.decidedBy.node) ?? {
        action: p.action === "inspect" ? "inspects" : "drops",
        kinds: [],
      };
      if (!d.kinds.includes(p.kind)) {
        d.kinds.push(p.kind);
      }
      deciders.set(p.decidedBy.node, d);
    }
  }
  for (const [node, d] of deciders) {
    const kinds = KINDS.filter((k) => d.kinds.includes(k));
    out.push({ node, message: `this class ${d.action} ${kindsText(kinds)}` });
  }
  for (const p of problems) {
    if (p.iface.zone) {
      out.push({
        node: p.iface.zone.node,
        message: `${p.iface.name} is in zone ${p.iface.zone.name}`,
      });
    }
    out.push({
      node: p.peer.node,
      message: `peer ${formatIpv4(p.peerAddress)}`,
    });
  }
  const seen = new Set<ConfigNode>();
  return out
    .filter((r) => !seen.has(r.node) && seen.add(r.node))
    .map((r) => relatedLine(r.node, r.message));
}

/** The ACL entry that lets one kind of traffic between the router and a peer through. */
function permitLine(p: Problem): string {
  const peer = formatIpv4(p.peerAddress);
  const local = formatIpv4(p.local);
  const toSelf = p.direction === "to-self";
  // Toward the router the port that does not change is the destination; from it, the source
  // (a peer behind NAT answers from a translated port).
  const udp = (port: string): string =>
    toSelf
      ? `permit udp host ${peer} host ${local} eq ${port}`
      : `permit udp host ${local} eq ${port} host ${peer}`;
  const [from, to] = toSelf ? [peer, local] : [local, peer];
  switch (p.kind) {
    case "isakmp":
      return udp("isakmp");
    case "natT":
      return udp("non500-isakmp");
    case "esp":
      return `permit esp host ${from} host ${to}`;
    case "ah":
      return `permit ahp host ${from} host ${to}`;
  }
}

/** Child lines of a node as console commands, indented one more space per level. */
function childCommands(node: ConfigNode, depth: number): string[] {
  return node.children.flatMap((c) => [
    `${" ".repeat(depth)}${c.text.trim()}`,
    ...childCommands(c, depth + 1),
  ]);
}

/**
 * Passes the dropped traffic with a class of its own, tried before the class that dropped it: an
 * ACL of exactly the blocked packets, a match-any class-map of that ACL, and the class with
 * `pass` in the policy-map. On the console IOS adds a class after the existing ones (class-default
 * stays last), so when the new class must come before a user class, those are removed and added
 * again after it.
 */
function passFix(model: ConfigModel, problems: readonly Problem[]): Fix[] {
  const view = zoneFirewallView(model);
  const first = problems[0]!;
  const policyName = first.policy;
  const classes = policyClasses(view, policyName);
  const sections = view.policyMaps.get(policyName);
  if (!classes || !sections?.length) {
    return [];
  }
  const toSelf = first.direction === "to-self";
  const definedAcl = (name: string): boolean =>
    model.acls.has(name) ||
    model.definitions.some((d) => d.kind === "acl" && d.name === name);
  const aclName = freeName(
    definedAcl,
    toSelf ? "IPSEC-PEERS" : "IPSEC-PEERS-OUT",
  );
  const classMapName = freeName(
    (name) => view.classMaps.has(name),
    toSelf ? "IPSEC-CM" : "IPSEC-OUT-CM",
  );
  const permits = [...new Set(problems.map(permitLine))];
  const definitions = [
    `ip access-list extended ${aclName}`,
    ...permits.map((l) => ` ${l}`),
    `class-map type inspect match-any ${classMapName}`,
    ` match access-group name ${aclName}`,
  ];
  // Before the first class that decided any of the problems; at the end when only the implicit
  // class-default did.
  const positions = problems.map((p) =>
    p.decidedBy ? classes.indexOf(p.decidedBy) : classes.length,
  );
  const at = Math.min(...positions);
  const before = classes[at];
  const sampleClass = classes[0]?.node;
  const classIndent = sampleClass
    ? indentOf(sampleClass)
    : childIndent(sections[0]!.node);
  const actionIndent = sampleClass?.children.length
    ? childIndent(sampleClass)
    : `${classIndent} `;
  const classLines = [
    `${classIndent}class type inspect ${classMapName}`,
    `${actionIndent}pass`,
  ];
  const lastSection = sections[sections.length - 1]!;
  const edits = [
    insertLinesBefore(model.tree, sections[0]!.node, definitions),
    before
      ? insertLinesBefore(model.tree, before.node, classLines)
      : insertLinesAfterLine(model.tree, lastSection.node.lastLine, classLines),
  ];
  // User classes from the insertion point on, which the console must add again after the new one.
  const moved = before?.classMap
    ? classes.slice(at).filter((c) => c.classMap)
    : [];
  const cli = [
    ...definitions,
    `policy-map type inspect ${policyName}`,
    ...moved.map((c) => ` no class type inspect ${c.classMap!.name}`),
    ` class type inspect ${classMapName}`,
    "  pass",
    ...moved.flatMap((c) => [
      ` class type inspect ${c.classMap!.name}`,
      ...childCommands(c.node, 2),
    ]),
  ];
  const kinds = KINDS.filter((k) => problems.some((p) => p.kind === k)).map(
    (k) => IPSEC_TRAFFIC[k].name,
  );
  return [
    {
      title: `Pass ${andList(kinds)} ${toSelf ? "to" : "from"} the router in policy-map ${policyName}`,
      edits,
      isPreferred: true,
      cli,
    },
  ];
}
