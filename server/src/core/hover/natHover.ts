import type {
  AccessList,
  ConfigModel,
  Interface,
  NatRule,
} from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { AnalysisSettings, HoverResult } from "../document";
import {
  describeWildcard,
  formatIpv4,
  type WildcardMatch,
} from "../ipv4/address";
import type { Packet } from "../ipv4/acl";
import {
  describeMapEntry,
  describePacket,
  describeTraffic,
  interfaceAddress,
  natAppliesOn,
  natLeaks,
  natMatch,
  natPool,
  protectedTraffic,
  staticLocal,
  translatedSources,
  type NatMatch,
  type ProtectedTraffic,
} from "../nat/exemption";
import { intersectWildcards } from "../nat/packetSpace";
import type { Position } from "../text/position";

/**
 * Hover on NAT lines: what a `ip nat ... source` rule translates, where, to what, and whether the
 * traffic that the crypto maps protect is exempted from it; on an interface's `ip nat` line, the
 * rules that translate there.
 */

/** ACL entries shown in a hover before the list is cut. */
const MAX_ENTRIES = 8;

/** Protected entries listed in the VPN section before a count takes over. */
const MAX_VPN_LINES = 10;

/** Explains the NAT line under the cursor; null when the cursor is not on one. */
export function natHover(
  model: ConfigModel,
  position: Position,
  _settings: AnalysisSettings,
): HoverResult | null {
  if (
    !model.natRules.length &&
    !model.interfaces.some((i) => i.nat || i.natEnable)
  ) {
    return null;
  }
  const rule = model.natRules.find((r) => r.node.line === position.line);
  if (rule) {
    return { markdown: ruleMarkdown(model, rule), range: nodeRange(rule.node) };
  }
  for (const iface of model.interfaces) {
    const node = iface.nat?.node ?? iface.natEnable;
    if (node && node.line === position.line) {
      return {
        markdown: interfaceMarkdown(model, iface),
        range: nodeRange(node),
      };
    }
  }
  return null;
}

/** The lines of an ACL as written, cut after a few. */
function aclLines(acl: AccessList): string[] {
  const entries = acl.entries
    .slice(0, MAX_ENTRIES)
    .map((e) => `- \`${e.node.text.trim()}\``);
  if (acl.entries.length > MAX_ENTRIES) {
    entries.push(`- … ${acl.entries.length - MAX_ENTRIES} more`);
  }
  return entries.length ? entries : ["- (no entries: nothing matches)"];
}

/** What the rule selects: its ACL or route-map, in words. */
function selection(model: ConfigModel, rule: NatRule): string[] {
  if (rule.routeMap) {
    const clauses = model.routeMaps
      .filter((c) => c.name === rule.routeMap!.name)
      .sort((a, b) => a.sequence - b.sequence);
    if (!clauses.length) {
      return [
        `Route-map \`${rule.routeMap.name}\` is not defined, so the rule translates nothing.`,
      ];
    }
    const lines = [
      `Packets are selected by route-map \`${rule.routeMap.name}\` (first clause that matches decides; a \`deny\` clause leaves the packet untranslated):`,
    ];
    for (const c of clauses) {
      const acls = c.matchAcls.map((r) => r.name).join(" ");
      const ifaces = c.matchInterfaces.map((r) => r.name).join(" ");
      lines.push(
        `- \`${c.action} ${c.sequence}\`${acls ? ` match ip address ${acls}` : " (matches every packet)"}${ifaces ? `, only when leaving by ${ifaces}` : ""}`,
      );
    }
    return lines;
  }
  if (rule.acl) {
    const acl = model.acls.get(rule.acl.name);
    if (!acl) {
      return [
        `ACL \`${rule.acl.name}\` is not defined, so the rule translates nothing.`,
      ];
    }
    return [
      `Packets are selected by ${acl.kind} ACL \`${acl.name}\` (first match; a \`deny\` leaves the packet untranslated${acl.kind === "standard" ? "; a standard ACL looks at the source only" : ""}):`,
      ...aclLines(acl),
    ];
  }
  return [];
}

/** Where translated packets get their new source. */
function target(model: ConfigModel, rule: NatRule): string {
  const parts: string[] = [];
  if (rule.interface) {
    const address = interfaceAddress(model, rule.interface.name);
    parts.push(
      `the address of ${rule.interface.name}${address !== undefined ? ` (${formatIpv4(address)})` : ""}`,
    );
  }
  if (rule.pool) {
    const pool = natPool(model, rule.pool.name);
    parts.push(
      pool?.first !== undefined && pool.last !== undefined
        ? `pool \`${pool.name}\` (${formatIpv4(pool.first)}–${formatIpv4(pool.last)})`
        : `pool \`${rule.pool.name}\``,
    );
  }
  const text = parts.join(" and ") || "an address not given here";
  return rule.overload
    ? `${text}, overloaded: many inside hosts share it, told apart by port (PAT)`
    : text;
}

/** The interfaces on each side of a rule. */
function sides(model: ConfigModel, rule: NatRule): string {
  const names = (pick: (i: Interface) => boolean): string =>
    model.interfaces
      .filter(pick)
      .map((i) => i.name)
      .join(", ") || "none";
  if (rule.nvi) {
    return `between \`ip nat enable\` interfaces (${names((i) => i.natEnable !== undefined)})`;
  }
  return `from an \`ip nat inside\` interface (${names((i) => i.nat?.side === "inside")}) to an \`ip nat outside\` one (${names((i) => i.nat?.side === "outside")})`;
}

/**
 * A packet of protected traffic to test: host 1 of each side, as a person would try; for a static
 * rule, from the static host. Undefined when the static host is not in the protected sources.
 */
function probe(rule: NatRule, t: ProtectedTraffic): Packet | undefined {
  const r = t.rule;
  let sourceMatch: WildcardMatch | undefined = r.source;
  if (rule.kind === "static") {
    const local = staticLocal(rule);
    sourceMatch = local ? intersectWildcards(local, r.source) : undefined;
  }
  if (!sourceMatch) {
    return undefined;
  }
  return {
    protocol: r.protocol ?? 6,
    source: (sourceMatch.address | (sourceMatch.wildcard & 1)) >>> 0,
    destination: (r.destination.address | (r.destination.wildcard & 1)) >>> 0,
    sourcePort:
      rule.kind === "static" && rule.localPort !== undefined
        ? rule.localPort
        : (r.sourcePort?.ports[0] ?? 50000),
    destinationPort: r.destinationPort?.ports[0] ?? 80,
  };
}

/** The VPN section: for each protected traffic on an interface where the rule applies, exempted or not. */
function vpnLines(model: ConfigModel, rule: NatRule): string[] {
  const traffic = protectedTraffic(model);
  if (!traffic.length) {
    return ["**VPN traffic:** no crypto map on this router protects traffic."];
  }
  const applicable = traffic.filter((t) => natAppliesOn(model, rule, t.iface));
  if (!applicable.length) {
    const ifaces = [...new Set(traffic.map((t) => t.iface.name))].join(", ");
    return [
      `**VPN traffic:** not affected: the crypto map interface (${ifaces}) is not one where this rule translates.`,
    ];
  }
  const leaks = new Map(
    natLeaks(model, rule, applicable).map((l) => [l.traffic, l]),
  );
  const lines = ["**VPN traffic:**"];
  // Faults first; a hub with thousands of entries gets a count rather than a wall of text.
  const ordered = [
    ...applicable.filter((t) => leaks.has(t)),
    ...applicable.filter((t) => !leaks.has(t)),
  ];
  for (const t of ordered.slice(0, MAX_VPN_LINES)) {
    const leak = leaks.get(t);
    const head = `${describeMapEntry(t)} on ${t.iface.name}, ${describeTraffic(t.rule)}`;
    if (leak) {
      lines.push(
        `- ${head}: **not exempted**: ${describePacket(leak.witness)} is translated, no longer matches ACL ${t.acl.name} and leaves unencrypted.`,
      );
      continue;
    }
    lines.push(`- ${head}: ${exemptionReason(model, rule, t)}.`);
  }
  if (ordered.length > MAX_VPN_LINES) {
    lines.push(
      `- … ${ordered.length} protected entries in all: ${leaks.size} not exempted, ${ordered.length - leaks.size} exempted.`,
    );
  }
  return lines;
}

/** Why a protected traffic is not translated (or translated into the tunnel), from a test packet. */
function exemptionReason(
  model: ConfigModel,
  rule: NatRule,
  t: ProtectedTraffic,
): string {
  const packet = probe(rule, t);
  if (!packet) {
    return "not affected (its sources are not the static host)";
  }
  const match = natMatch(model, rule, packet, t.iface);
  if (match.translated === true) {
    const into = translatedSources(model, rule, packet)[0];
    return into !== undefined
      ? `translated into the tunnel on purpose: the new source ${formatIpv4(into)} matches ACL ${t.acl.name} too`
      : "exempted";
  }
  if (match.translated === undefined) {
    const where = match.clause
      ? `route-map ${match.clause.name} ${match.clause.action} ${match.clause.sequence}`
      : "the route-map";
    return `not judged: ${where} uses a match IPsec Lens does not model`;
  }
  return `exempted${exemptedBy(rule, match)}`;
}

/** The line or clause that keeps a packet out of translation. */
function exemptedBy(rule: NatRule, match: NatMatch): string {
  if (match.entry && match.entry.action === "deny") {
    return ` by \`${match.entry.node.text.trim()}\` (line ${match.entry.node.line + 1})`;
  }
  if (match.clause && match.clause.action === "deny") {
    return ` by route-map ${match.clause.name} deny ${match.clause.sequence}`;
  }
  if (rule.kind === "static" && rule.routeMap) {
    return ` by route-map ${rule.routeMap.name}`;
  }
  if (match.acl) {
    return ` (ACL ${match.acl.name} does not permit it)`;
  }
  return rule.routeMap
    ? ` (no clause of route-map ${rule.routeMap.name} matches it on this interface)`
    : "";
}

function ruleMarkdown(model: ConfigModel, rule: NatRule): string {
  const lines: string[] = [`**NAT rule** \`${rule.node.text.trim()}\``, ""];
  if (rule.side === "outside") {
    lines.push(
      "Translates the **source of packets coming in** from an `ip nat outside` interface. It does not touch the LAN traffic a crypto map encrypts on the way out.",
    );
    return lines.join("\n");
  }
  if (rule.kind === "static") {
    const local = staticLocal(rule);
    const localText = local ? describeWildcard(local) : "?";
    const global =
      rule.global !== undefined
        ? formatIpv4(rule.global)
        : rule.interface
          ? `the address of ${rule.interface.name}`
          : "?";
    const port =
      rule.protocol && rule.localPort !== undefined
        ? ` (${rule.protocol} port ${rule.localPort} only)`
        : "";
    lines.push(
      `Static NAT: ${localText}${port} is seen as ${global} on packets going ${sides(model, rule)}; packets from outside to ${global} reach ${localText}.`,
    );
    lines.push(
      rule.routeMap
        ? `Policy NAT: it applies only where route-map \`${rule.routeMap.name}\` permits.`
        : "It applies to every destination, the remote VPN networks included, unless a route-map limits it.",
    );
  } else {
    lines.push(
      `Dynamic NAT: translates packets going ${sides(model, rule)} to ${target(model, rule)}.`,
      "",
      ...selection(model, rule),
    );
  }
  lines.push(
    "",
    "NAT runs before the outbound crypto map, so translated traffic no longer matches a crypto ACL written with the inside addresses.",
    "",
    ...vpnLines(model, rule),
  );
  return lines.join("\n");
}

function interfaceMarkdown(model: ConfigModel, iface: Interface): string {
  const node: ConfigNode | undefined = iface.nat?.node ?? iface.natEnable;
  const side = iface.nat?.side ?? "enable";
  const lines = [
    `**\`${node?.text.trim() ?? "ip nat"}\`** on ${iface.name}`,
    "",
  ];
  if (side === "inside") {
    lines.push(
      "Packets that arrive here and leave by an `ip nat outside` interface are translated by the `ip nat inside source` rules whose ACL or route-map selects them.",
    );
  } else if (side === "outside") {
    lines.push(
      "Packets from `ip nat inside` interfaces that leave here are translated (before any crypto map on this interface looks at them).",
    );
  } else {
    lines.push(
      "NAT virtual interface: `ip nat source` rules translate packets between `ip nat enable` interfaces.",
    );
  }
  const rules = model.natRules.filter((r) =>
    side === "inside"
      ? r.side === "inside" && !r.nvi
      : natAppliesOn(model, r, iface),
  );
  if (rules.length) {
    lines.push("", "Rules:");
    for (const r of rules) {
      lines.push(`- \`${r.node.text.trim()}\` (line ${r.node.line + 1})`);
    }
  }
  if (iface.cryptoMap && side !== "inside") {
    const traffic = protectedTraffic(model).filter((t) => t.iface === iface);
    const leaking = rules.filter((r) => natLeaks(model, r, traffic).length);
    lines.push(
      "",
      leaking.length
        ? `**Crypto map ${iface.cryptoMap.name} is on this interface and VPN traffic is not exempted** from ${leaking.length === 1 ? "a rule" : `${leaking.length} rules`}: it leaves translated and unencrypted.`
        : `Crypto map ${iface.cryptoMap.name} is on this interface; its protected traffic is exempted from NAT.`,
    );
  }
  return lines.join("\n");
}
