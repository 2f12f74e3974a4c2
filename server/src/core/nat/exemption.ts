import { pushAt } from "../collections/multiMap";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
  NatRule,
  RouteMapClause,
} from "../config/model";
import { interfaceKey } from "../config/parser";
import {
  ANY,
  describeWildcard,
  formatIpv4,
  invert,
  parseIpv4,
  prefixToMask,
  wildcardContains,
  wildcardCovers,
  wildcardMatch,
  wildcardsIntersect,
  type WildcardMatch,
} from "../ipv4/address";
import type { AclRule, Packet } from "../ipv4/acl";
import { evaluateAclIndexed, firstRuleWhere } from "../ipv4/aclIndex";
import { IP_PROTOCOLS } from "../knowledge/protocols";
import {
  boxOf,
  intersectBoxes,
  samplePackets,
  type PacketBox,
} from "./packetSpace";

/**
 * Which traffic a NAT rule translates, and whether the traffic a crypto map protects escapes it.
 *
 * On IOS, a packet going from an `ip nat inside` to an `ip nat outside` interface is translated
 * before the outbound crypto map looks at it. A LAN packet whose source NAT rewrites to a public
 * address then no longer matches the crypto ACL (written with the LAN address), so it leaves in
 * clear text or is dropped. The cure is an exemption: a `deny` of the VPN traffic in the NAT ACL
 * before its permit, or a route-map whose clauses leave the VPN traffic alone.
 */

/** One permit entry of a crypto ACL, with the crypto map entry and interface that use it. */
export interface ProtectedTraffic {
  /** The interface the crypto map is applied to: the packet's way out. */
  iface: Interface;
  map: CryptoMap;
  /** The entry that holds the ACL (a dynamic map's entry when the map points at one). */
  entry: CryptoMapEntry;
  acl: AccessList;
  rule: AclEntry;
}

/** The entries of an ACL as an evaluation sees them; fixes pass a patched view to test their cure. */
export type AclView = (acl: AccessList) => readonly AclEntry[];

/** The ACL as written. */
export const writtenAcl: AclView = (acl) => acl.entries;

/** What a NAT rule does with one packet. */
export interface NatMatch {
  /** True: translated; false: left alone; undefined: it depends on something not modelled. */
  translated: boolean | undefined;
  /** The ACL that decided and its entry (entry undefined: the implicit deny at the end). */
  acl?: AccessList;
  entry?: AclEntry;
  /** The route-map clause that decided. */
  clause?: RouteMapClause;
}

/** Traffic of a crypto map that a NAT rule translates: the fault behind nat-not-exempted and static-nat-breaks-vpn. */
export interface NatLeak {
  rule: NatRule;
  traffic: ProtectedTraffic;
  /** A packet of the protected traffic that leaves translated. */
  witness: Packet;
  match: NatMatch;
  /**
   * Set when every packet of the crypto ACL line is translated (the NAT ACL's first entry that
   * can match any of them is a permit covering them all), not only the witness: none of that
   * traffic ever matches the crypto map.
   */
  whole?: true;
}

/** An inside NAT rule that translates protected traffic, with its leaks. */
export interface VpnNatLeaks {
  rule: NatRule;
  leaks: NatLeak[];
}

const VPN_NAT_LEAKS = new WeakMap<ConfigModel, VpnNatLeaks[]>();
const NO_LEAKS: readonly VpnNatLeaks[] = [];

/**
 * Every inside NAT rule of a config that translates the traffic its crypto maps protect, with
 * its leaks, in config order (once per model): what `nat-not-exempted` and
 * `static-nat-breaks-vpn` report, and what the pair analysis reads to say that a side's
 * protected traffic never meets its crypto map.
 */
export function vpnNatLeaks(model: ConfigModel): readonly VpnNatLeaks[] {
  if (!model.natRules.length) {
    return NO_LEAKS;
  }
  let found = VPN_NAT_LEAKS.get(model);
  if (!found) {
    found = [];
    const traffic = protectedTraffic(model);
    for (const rule of traffic.length ? model.natRules : []) {
      if (rule.side !== "inside") {
        continue;
      }
      const leaks = natLeaks(model, rule, traffic);
      if (leaks.length) {
        found.push({ rule, leaks });
      }
    }
    VPN_NAT_LEAKS.set(model, found);
  }
  return found;
}

/** Every permit entry of the crypto ACLs of the maps applied to interfaces that are up. */
export function protectedTraffic(model: ConfigModel): ProtectedTraffic[] {
  const out: ProtectedTraffic[] = [];
  for (const iface of model.interfaces) {
    const map = iface.cryptoMap
      ? model.cryptoMaps.get(iface.cryptoMap.name)
      : undefined;
    if (!map || iface.shutdown) {
      continue;
    }
    for (const mapEntry of map.entries) {
      const entries =
        mapEntry.mode === "dynamic" && mapEntry.dynamicMap
          ? (model.dynamicMaps.get(mapEntry.dynamicMap.name)?.entries ?? [])
          : [mapEntry];
      for (const entry of entries) {
        const acl = entry.matchAddress
          ? model.acls.get(entry.matchAddress.name)
          : undefined;
        if (!acl || acl.kind !== "extended") {
          continue;
        }
        for (const rule of acl.entries) {
          if (rule.action === "permit") {
            out.push({ iface, map, entry, acl, rule });
          }
        }
      }
    }
  }
  return out;
}

/** True when the rule translates packets that leave by this interface. */
export function natAppliesOn(
  model: ConfigModel,
  rule: NatRule,
  iface: Interface,
): boolean {
  if (rule.side !== "inside") {
    // `ip nat outside source` rewrites the source of packets coming in, not of VPN traffic going out.
    return false;
  }
  const roles = natRoles(model);
  if (rule.nvi) {
    return (
      iface.natEnable !== undefined &&
      (roles.enabled.length > 1 ||
        (roles.enabled.length === 1 && roles.enabled[0] !== iface))
    );
  }
  return iface.nat?.side === "outside" && roles.inside;
}

/** Which interfaces take part in NAT, once per model (asked for every protected entry). */
interface NatRoles {
  /** Interfaces with `ip nat enable`, in config order. */
  enabled: Interface[];
  /** True when an interface is `ip nat inside`. */
  inside: boolean;
}
const NAT_ROLES = new WeakMap<ConfigModel, NatRoles>();

function natRoles(model: ConfigModel): NatRoles {
  let roles = NAT_ROLES.get(model);
  if (!roles) {
    roles = {
      enabled: model.interfaces.filter((i) => i.natEnable !== undefined),
      inside: model.interfaces.some((i) => i.nat?.side === "inside"),
    };
    NAT_ROLES.set(model, roles);
  }
  return roles;
}

/** The clauses of each route-map in sequence order, once per model. */
const ROUTE_MAPS = new WeakMap<ConfigModel, Map<string, RouteMapClause[]>>();

function routeMapClauses(model: ConfigModel, name: string): RouteMapClause[] {
  let byName = ROUTE_MAPS.get(model);
  if (!byName) {
    byName = new Map();
    for (const clause of model.routeMaps) {
      pushAt(byName, clause.name, clause);
    }
    // Stable sort: clauses with the same sequence keep their config order.
    for (const list of byName.values()) {
      list.sort((a, b) => a.sequence - b.sequence);
    }
    ROUTE_MAPS.set(model, byName);
  }
  return byName.get(name) ?? [];
}

/** Evaluates a route-map the way NAT does: first clause that matches decides, none means no translation. */
export function routeMapMatch(
  model: ConfigModel,
  name: string,
  packet: Packet,
  egress: Interface | undefined,
  view: AclView = writtenAcl,
): NatMatch {
  const clauses = routeMapClauses(model, name);
  let last: NatMatch = { translated: false };
  for (const clause of clauses) {
    if (clause.otherMatches.length) {
      return { translated: undefined, clause };
    }
    if (
      egress &&
      clause.matchInterfaces.length &&
      !clause.matchInterfaces.some((r) => interfaceKey(r.name) === egress.key)
    ) {
      continue;
    }
    if (!clause.matchAcls.length) {
      return { translated: clause.action === "permit", clause };
    }
    for (const ref of clause.matchAcls) {
      const acl = model.acls.get(ref.name);
      if (!acl) {
        return { translated: undefined, clause };
      }
      const verdict = evaluateAclIndexed(view(acl), packet);
      if (verdict.action === "permit") {
        return {
          translated: clause.action === "permit",
          clause,
          acl,
          entry: verdict.rule,
        };
      }
      last = { translated: false, clause, acl, entry: verdict.rule };
    }
  }
  return last;
}

/** The local addresses of a static rule as an ACL-style match. */
export function staticLocal(rule: NatRule): WildcardMatch | undefined {
  if (rule.local === undefined) {
    return undefined;
  }
  return wildcardMatch(
    rule.local,
    rule.mask !== undefined ? invert(rule.mask) : 0,
  );
}

/** What one NAT rule does with a packet leaving by `egress`. */
export function natMatch(
  model: ConfigModel,
  rule: NatRule,
  packet: Packet,
  egress: Interface | undefined,
  view: AclView = writtenAcl,
): NatMatch {
  if (rule.kind === "static") {
    const local = staticLocal(rule);
    if (!local || !wildcardContains(local, packet.source)) {
      return { translated: false };
    }
    if (
      rule.protocol &&
      (packet.protocol !== IP_PROTOCOLS[rule.protocol] ||
        packet.sourcePort !== rule.localPort)
    ) {
      return { translated: false };
    }
    return rule.routeMap
      ? routeMapMatch(model, rule.routeMap.name, packet, egress, view)
      : { translated: true };
  }
  if (rule.routeMap) {
    return routeMapMatch(model, rule.routeMap.name, packet, egress, view);
  }
  const acl = rule.acl ? model.acls.get(rule.acl.name) : undefined;
  if (!acl) {
    // A dynamic rule without a defined ACL translates nothing.
    return { translated: false };
  }
  const verdict = evaluateAclIndexed(view(acl), packet);
  return { translated: verdict.action === "permit", acl, entry: verdict.rule };
}

/** A `ip nat pool` with its address range, read from its definition line. */
export interface NatPool {
  name: string;
  first?: number;
  last?: number;
  /** `netmask M` or `prefix-length N`, as a mask. */
  mask?: number;
}

/** Reads a pool: `ip nat pool NAME FIRST LAST netmask M | prefix-length N`. */
export function natPool(model: ConfigModel, name: string): NatPool | undefined {
  const def = model.natPools.find((p) => p.name === name);
  if (!def) {
    return undefined;
  }
  const w = def.node.words.map((t) => t.text);
  const pool: NatPool = {
    name,
    first: parseIpv4(w[4] ?? ""),
    last: parseIpv4(w[5] ?? ""),
  };
  const maskAt = w.findIndex(
    (t) => t.toLowerCase() === "netmask" || t.toLowerCase() === "prefix-length",
  );
  if (maskAt > 0) {
    const value = w[maskAt + 1] ?? "";
    pool.mask =
      w[maskAt]!.toLowerCase() === "netmask"
        ? parseIpv4(value)
        : /^\d{1,2}$/.test(value)
          ? prefixToMask(Number(value))
          : undefined;
  }
  return pool;
}

/** The primary address of the interface a reference names. */
export function interfaceAddress(
  model: ConfigModel,
  name: string,
): number | undefined {
  const key = interfaceKey(name);
  const iface = model.interfaces.find((i) => i.key === key);
  return (iface?.addresses.find((a) => !a.secondary) ?? iface?.addresses[0])
    ?.address;
}

/** The addresses a rule may translate a packet's source to (a sample for a pool: its ends). */
export function translatedSources(
  model: ConfigModel,
  rule: NatRule,
  packet: Packet,
): number[] {
  const out: number[] = [];
  if (rule.kind === "static" && rule.global !== undefined) {
    // A network static keeps the host part: 10.1.1.5 under 10.1.1.0/24 -> 192.0.2.0/24 is 192.0.2.5.
    const hostBits = rule.mask !== undefined ? invert(rule.mask) : 0;
    out.push(((rule.global & ~hostBits) | (packet.source & hostBits)) >>> 0);
  }
  if (rule.interface) {
    const address = interfaceAddress(model, rule.interface.name);
    if (address !== undefined) {
      out.push(address);
    }
  }
  if (rule.pool) {
    const pool = natPool(model, rule.pool.name);
    for (const a of [pool?.first, pool?.last]) {
      if (a !== undefined) {
        out.push(a);
      }
    }
  }
  return out;
}

/**
 * True when the translated packet still matches the crypto ACL: the design translates into the
 * tunnel on purpose (overlapping LANs are often joined so), which is not a fault.
 */
function translatesIntoTunnel(
  model: ConfigModel,
  rule: NatRule,
  packet: Packet,
  traffic: ProtectedTraffic,
): boolean {
  return translatedSources(model, rule, packet).some(
    (source) =>
      evaluateAclIndexed(traffic.acl.entries, { ...packet, source }).action ===
      "permit",
  );
}

/** True when a match is `any` (wildcard of all ones). */
function isAny(match: WildcardMatch): boolean {
  return match.wildcard === ANY.wildcard;
}

/** Candidate boxes of packets a rule may translate, and the rules that may exempt them. */
/** The candidate boxes of a rule, its exempting rules, and whether protocols matter to it. */
interface RuleShape {
  boxes: PacketBox[];
  exempting: AclRule[];
  protocolSensitive: boolean;
}

function ruleShape(
  model: ConfigModel,
  rule: NatRule,
  view: AclView,
): RuleShape {
  const boxes: PacketBox[] = [];
  const exempting: AclRule[] = [];
  const addAcl = (name: string, translating: boolean): void => {
    const acl = model.acls.get(name);
    for (const e of acl ? view(acl) : []) {
      if (e.action === "permit" && translating) {
        boxes.push(boxOf(e));
      } else {
        // A deny, or a permit of a deny clause, keeps packets out of translation.
        exempting.push({ ...e, action: "deny" });
      }
    }
  };
  if (rule.routeMap) {
    for (const clause of model.routeMaps) {
      if (clause.name === rule.routeMap.name) {
        for (const ref of clause.matchAcls) {
          addAcl(ref.name, clause.action === "permit");
        }
      }
    }
  } else if (rule.acl && rule.kind === "dynamic") {
    addAcl(rule.acl.name, true);
  }
  const protocolSensitive =
    rule.protocol !== undefined ||
    boxes.some(
      (b) =>
        b.protocol !== undefined ||
        b.sourcePorts.length > 0 ||
        b.destinationPorts.length > 0,
    ) ||
    exempting.some(constrainsProtocol);
  return {
    boxes: boxes.slice(0, 256),
    exempting: exempting.slice(0, 256),
    protocolSensitive,
  };
}

/** The box of packets a static rule translates on their way out. */
function staticBox(rule: NatRule): PacketBox | undefined {
  const local = staticLocal(rule);
  if (!local) {
    return undefined;
  }
  return {
    source: local,
    destination: ANY,
    protocol: rule.protocol ? IP_PROTOCOLS[rule.protocol] : undefined,
    sourcePorts:
      rule.protocol && rule.localPort !== undefined
        ? [{ op: "eq", ports: [rule.localPort] }]
        : [],
    destinationPorts: [],
  };
}

/** Sampling one protocol is enough when no rule involved looks at protocols or ports. */
const ONE_PROTOCOL: readonly number[] = [6];

/** True when a rule matches some protocols (or ports) only. */
function constrainsProtocol(rule: AclRule): boolean {
  return (
    rule.protocol !== undefined ||
    rule.sourcePort !== undefined ||
    rule.destinationPort !== undefined
  );
}

/**
 * The exact answer for the common case, in one pass over a rule's ACL: when the first entry that
 * can match any packet of the region covers all of it, a `deny` translates none of the region
 * (false; also when no entry can match) and a `permit` all of it (true). Undefined means "look
 * closer" (sampling decides).
 */
function listTranslates(
  model: ConfigModel,
  rule: NatRule,
  region: PacketBox,
  view: AclView,
): boolean | undefined {
  if (rule.kind !== "dynamic" || rule.routeMap || !rule.acl) {
    return undefined;
  }
  const acl = model.acls.get(rule.acl.name);
  if (!acl) {
    return false;
  }
  // The first entry that can match a packet of the region decides.
  const e = firstRuleWhere(
    view(acl),
    region.source,
    region.destination,
    (c) =>
      (c.protocol === undefined ||
        region.protocol === undefined ||
        c.protocol === region.protocol) &&
      wildcardsIntersect(c.source, region.source) &&
      wildcardsIntersect(c.destination, region.destination),
  );
  if (!e) {
    return false;
  }
  const covers =
    (e.protocol === undefined || e.protocol === region.protocol) &&
    !e.sourcePort &&
    !e.destinationPort &&
    wildcardCovers(e.source, region.source) &&
    wildcardCovers(e.destination, region.destination);
  return covers ? e.action === "permit" : undefined;
}

/** Finds a packet of the protected traffic that the rule translates, if one exists among the samples. */
function findLeak(
  model: ConfigModel,
  rule: NatRule,
  traffic: ProtectedTraffic,
  view: AclView,
  shape: RuleShape,
): NatLeak | undefined {
  const region = boxOf(traffic.rule);
  if (
    rule.kind === "dynamic" &&
    isAny(region.source) &&
    isAny(region.destination)
  ) {
    // `permit ip any any` protects everything; another check flags it, and no exemption can fit.
    return undefined;
  }
  const translates = listTranslates(model, rule, region, view);
  if (translates === false) {
    return undefined;
  }
  const cryptoDenies = traffic.acl.entries.filter((e) => e.action === "deny");
  const avoid = [...shape.exempting, ...cryptoDenies];
  const protocols =
    shape.protocolSensitive || avoid.some(constrainsProtocol)
      ? undefined
      : ONE_PROTOCOL;
  const own = rule.kind === "static" ? staticBox(rule) : undefined;
  const candidates =
    rule.kind === "static" ? (own ? [own] : []) : [region, ...shape.boxes];
  for (const candidate of candidates) {
    const box = intersectBoxes(region, candidate);
    if (!box) {
      continue;
    }
    for (const packet of samplePackets(box, avoid, protocols)) {
      if (evaluateAclIndexed(traffic.acl.entries, packet).action !== "permit") {
        continue;
      }
      const match = natMatch(model, rule, packet, traffic.iface, view);
      if (match.translated !== true) {
        continue;
      }
      if (translatesIntoTunnel(model, rule, packet, traffic)) {
        continue;
      }
      return {
        rule,
        traffic,
        witness: packet,
        match,
        ...(translates ? { whole: true as const } : {}),
      };
    }
  }
  return undefined;
}

/**
 * The protected traffic a NAT rule translates on a crypto-map interface: one leak per crypto ACL
 * permit entry, each with a packet that proves it. Dynamic and static rules alike.
 */
export function natLeaks(
  model: ConfigModel,
  rule: NatRule,
  traffic: readonly ProtectedTraffic[] = protectedTraffic(model),
  view: AclView = writtenAcl,
): NatLeak[] {
  const out: NatLeak[] = [];
  let shape: RuleShape | undefined;
  for (const t of traffic) {
    if (!natAppliesOn(model, rule, t.iface)) {
      continue;
    }
    shape ??= ruleShape(model, rule, view);
    const leak = findLeak(model, rule, t, view, shape);
    if (leak) {
      out.push(leak);
    }
  }
  return out;
}

/** Names an IP protocol number the way IOS ACLs write it. */
export function protocolName(protocol: number): string {
  return (
    Object.entries(IP_PROTOCOLS).find(([, n]) => n === protocol)?.[0] ??
    String(protocol)
  );
}

/** Describes a packet for a person: `tcp 10.1.1.0:1024 -> 10.2.2.0:80`. */
export function describePacket(p: Packet): string {
  const port = (n: number | undefined): string =>
    n === undefined ? "" : `:${n}`;
  return `${protocolName(p.protocol)} ${formatIpv4(p.source)}${port(p.sourcePort)} → ${formatIpv4(p.destination)}${port(p.destinationPort)}`;
}

/** Describes protected traffic: `10.1.1.0/24 → 10.2.2.0/24`. */
export function describeTraffic(rule: AclRule): string {
  const proto =
    rule.protocol === undefined ? "" : ` (${protocolName(rule.protocol)})`;
  return `${describeWildcard(rule.source)} → ${describeWildcard(rule.destination)}${proto}`;
}

/** Names a crypto map entry: `crypto map VPN 10`, with the dynamic map when there is one. */
export function describeMapEntry(t: ProtectedTraffic): string {
  return t.entry.isDynamicMapEntry
    ? `crypto map ${t.map.name} (dynamic map ${t.entry.map} ${t.entry.sequence})`
    : `crypto map ${t.map.name} ${t.entry.sequence}`;
}
