import { liveRoots } from "./model";
import { pushAt } from "../collections/multiMap";
import type { Packet } from "../ipv4/acl";
import { evaluateAclIndexed } from "../ipv4/aclIndex";
import { inspectProtocol } from "../knowledge/inspectProtocols";
import { PROTO } from "../knowledge/protocols";
import type {
  ConfigModel,
  InspectAction,
  InspectClassMap,
  InspectMatch,
  InspectPolicyClass,
  InspectPolicyMap,
  Interface,
  ZonePair,
} from "./model";
import { startsWith } from "./tree";
import { isSelfZone } from "./zoneFirewallParser";

/**
 * What the zone-based policy firewall (ZBF) does with a packet between a zone and the router
 * itself (the `self` zone), read from the config alone:
 *
 * - traffic between a zone and the router is allowed as long as no zone-pair names `self` in that
 *   direction (a zone-pair without a `service-policy` changes nothing either);
 * - once `zone-pair security ... source Z destination self` (or `source self destination Z`) has a
 *   policy, only what a class of its `policy-map type inspect` passes or inspects gets through:
 *   classes are tried in order, the first whose class-map matches decides, a class without an
 *   action line drops, and `class class-default` (written or not) drops what no class matched;
 * - a class-map matches when any of its `match` lines does (`match-any`) or all of them
 *   (`match-all`, the default); `match access-group` matches what the ACL permits (its first
 *   match, as `evaluateAclIndexed` reads ACLs everywhere else), `match class-map` what the other
 *   class-map matches, `match protocol` what knowledge/inspectProtocols.ts says.
 *
 * Anything the model cannot read (an unknown protocol name, an undefined or unreadable ACL or
 * class-map, another kind of match) makes a match `maybe`; a verdict that depends on a `maybe` is
 * `unknown`, so checks built on this never report a guess.
 */

/** Yes, no, or cannot tell from the config. */
export type MatchResult = "yes" | "no" | "maybe";

/** Traffic between a zone and the router itself, one way. */
export type SelfDirection = "to-self" | "from-self";

/** What the firewall does with a packet. */
export interface ZoneVerdict {
  /**
   * `allowed`: no zone-pair with a policy in that direction; `unknown`: the result depends on
   * what the model cannot read; otherwise the action of the class that decides.
   */
  outcome: InspectAction | "allowed" | "unknown";
  /** The zone-pair that applies, when there is one. */
  pair?: ZonePair;
  /** The name of its policy-map. */
  policy?: string;
  /** The class that decides; absent with an action: nothing matched and the implicit class-default dropped it. */
  decidedBy?: InspectPolicyClass;
}

/** The firewall's parts, indexed once per model. */
export interface ZoneFirewallView {
  /** The class-maps by name: every section of the name, in order (IOS adds a repeated section's lines to the first). */
  classMaps: Map<string, InspectClassMap[]>;
  /** The policy-maps by name: every section of the name, in order. */
  policyMaps: Map<string, InspectPolicyMap[]>;
  /** Applications and ports `ip port-map` lines change, which `match protocol` can then not judge. */
  portMapped: { apps: Set<string>; ports: Set<number> };
}

/** Builds (once per model) the view of the firewall. */
export function zoneFirewallView(model: ConfigModel): ZoneFirewallView {
  let view = VIEWS.get(model);
  if (!view) {
    view = buildView(model);
    VIEWS.set(model, view);
  }
  return view;
}
const VIEWS = new WeakMap<ConfigModel, ZoneFirewallView>();

function group<T extends { name: string }>(
  items: readonly T[],
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    pushAt(out, item.name, item);
  }
  return out;
}

function buildView(model: ConfigModel): ZoneFirewallView {
  const portMapped = { apps: new Set<string>(), ports: new Set<number>() };
  // `ip port-map APP port [tcp|udp] P... [list ACL]`: read only where a firewall could use it.
  if (model.zonePairs.length) {
    for (const root of liveRoots(model)) {
      if (root.negated || !startsWith(root, "ip", "port-map")) {
        continue;
      }
      const w = root.words;
      const app = w[2]?.text.toLowerCase();
      if (app) {
        portMapped.apps.add(app);
      }
      for (let i = 3; i < w.length; i++) {
        const word = w[i]!.text.toLowerCase();
        if (word === "list") {
          break;
        }
        if (/^\d{1,5}$/.test(word)) {
          portMapped.ports.add(Number(word));
        }
      }
    }
  }
  return {
    classMaps: group(model.inspectClassMaps),
    policyMaps: group(model.inspectPolicyMaps),
    portMapped,
  };
}

/**
 * The zone an interface is in: its `zone-member security` zone, or with `zone security default`
 * (IOS XE) the default zone, which holds every interface not assigned to another.
 */
export function zoneOf(
  model: ConfigModel,
  iface: Interface,
): string | undefined {
  return (
    iface.zone?.name ??
    (model.zones.some((z) => z.name === "default") ? "default" : undefined)
  );
}

/** The zone-pair between a zone and the router in one direction (the first written, as IOS keeps one). */
export function selfZonePair(
  model: ConfigModel,
  zone: string,
  direction: SelfDirection,
): ZonePair | undefined {
  return model.zonePairs.find((p) =>
    direction === "to-self"
      ? p.source === zone && isSelfZone(p.destination)
      : isSelfZone(p.source) && p.destination === zone,
  );
}

/**
 * The classes of a policy-map in the order IOS tries them: its classes as written (over every
 * section of the name), then class-default, which IOS always keeps last. Undefined when no
 * policy-map of the name exists.
 */
export function policyClasses(
  view: ZoneFirewallView,
  name: string,
): InspectPolicyClass[] | undefined {
  const sections = view.policyMaps.get(name);
  if (!sections) {
    return undefined;
  }
  const classes = sections.flatMap((s) => s.classes);
  return [
    ...classes.filter((c) => c.classMap),
    ...classes.filter((c) => !c.classMap),
  ];
}

/** What the firewall does with a packet between the zone and the router, in one direction. */
export function evaluateSelfTraffic(
  model: ConfigModel,
  zone: string,
  direction: SelfDirection,
  packet: Packet,
): ZoneVerdict {
  const pair = selfZonePair(model, zone, direction);
  const policy = pair?.servicePolicy?.name;
  if (!pair || policy === undefined) {
    return { outcome: "allowed", pair };
  }
  const verdict = evaluatePolicy(model, policy, packet);
  return { ...verdict, pair, policy };
}

/** The first-match verdict of an inspect policy-map for a packet. */
export function evaluatePolicy(
  model: ConfigModel,
  policy: string,
  packet: Packet,
): Pick<ZoneVerdict, "outcome" | "decidedBy"> {
  const view = zoneFirewallView(model);
  const classes = policyClasses(view, policy);
  if (!classes) {
    return { outcome: "unknown" };
  }
  // The actions of earlier classes that may have matched: the verdict holds only if they agree.
  const possible = new Set<InspectAction>();
  const decide = (
    action: InspectAction,
    decidedBy: InspectPolicyClass | undefined,
  ): Pick<ZoneVerdict, "outcome" | "decidedBy"> =>
    [...possible].every((a) => a === action)
      ? { outcome: action, decidedBy }
      : { outcome: "unknown" };
  for (const cls of classes) {
    const match = cls.classMap
      ? classMapMatches(model, view, cls.classMap.name, packet, new Set())
      : "yes";
    if (match === "yes") {
      return decide(cls.action, cls);
    }
    if (match === "maybe") {
      possible.add(cls.action);
    }
  }
  return decide("drop", undefined);
}

/** Whether an inspect class-map matches a packet. */
export function classMapMatches(
  model: ConfigModel,
  view: ZoneFirewallView,
  name: string,
  packet: Packet,
  visiting: Set<string>,
): MatchResult {
  const sections = view.classMaps.get(name);
  if (!sections || visiting.has(name)) {
    return "maybe";
  }
  visiting.add(name);
  const results = sections
    .flatMap((s) => s.matches)
    .map((m) => matchLine(model, view, m, packet, visiting));
  visiting.delete(name);
  if (!results.length) {
    return "maybe";
  }
  return sections[0]!.matchAny ? anyOf(results) : allOf(results);
}

function anyOf(results: readonly MatchResult[]): MatchResult {
  return results.includes("yes")
    ? "yes"
    : results.includes("maybe")
      ? "maybe"
      : "no";
}

function allOf(results: readonly MatchResult[]): MatchResult {
  return results.includes("no")
    ? "no"
    : results.includes("maybe")
      ? "maybe"
      : "yes";
}

function matchLine(
  model: ConfigModel,
  view: ZoneFirewallView,
  match: InspectMatch,
  packet: Packet,
  visiting: Set<string>,
): MatchResult {
  switch (match.kind) {
    case "protocol":
      return protocolMatches(view, match.protocol, packet);
    case "access-group": {
      const acl = model.acls.get(match.acl.name);
      if (!acl || acl.unreadable.length) {
        return "maybe";
      }
      return evaluateAclIndexed(acl.entries, packet).action === "permit"
        ? "yes"
        : "no";
    }
    case "class-map":
      return classMapMatches(
        model,
        view,
        match.classMap.name,
        packet,
        visiting,
      );
    case "other":
      return "maybe";
  }
}

/** Whether `match protocol NAME` selects a packet. */
export function protocolMatches(
  view: ZoneFirewallView,
  name: string,
  packet: Packet,
): MatchResult {
  const protocol = inspectProtocol(name);
  if (!protocol) {
    return "maybe";
  }
  if (protocol.kind === "layer4") {
    return protocol.protocol === packet.protocol ? "yes" : "no";
  }
  // Applications run over TCP or UDP: ESP, AH and ICMP are never one of them.
  const ports =
    packet.protocol === PROTO.TCP
      ? protocol.tcp
      : packet.protocol === PROTO.UDP
        ? protocol.udp
        : undefined;
  if (packet.protocol !== PROTO.TCP && packet.protocol !== PROTO.UDP) {
    return "no";
  }
  const packetPorts = [packet.sourcePort, packet.destinationPort].filter(
    (p): p is number => p !== undefined,
  );
  if (
    view.portMapped.apps.has(name) ||
    packetPorts.some((p) => view.portMapped.ports.has(p))
  ) {
    return "maybe";
  }
  return ports?.some((p) => packetPorts.includes(p)) ? "yes" : "no";
}
