import type { ConfigModel, InspectMatch } from "../config/model";
import {
  policyClasses,
  selfZonePair,
  zoneFirewallView,
} from "../config/zoneFirewall";
import { inspectProtocol } from "../knowledge/inspectProtocols";

/**
 * Hovers on the names of the zone-based policy firewall: a zone (its interfaces and the zone-pairs
 * that name it, with what they mean for traffic to the router itself), an inspect class-map (what
 * its match lines select) and an inspect policy-map (its classes in the order IOS tries them).
 */

/** The firewall kinds these hovers cover. */
export type ZoneFirewallKind = "zone" | "class-map" | "policy-map";

function zoneHover(model: ConfigModel, name: string, usedBy: string): string {
  const zone = model.zones.find((z) => z.name === name);
  if (!zone) {
    return `**zone security ${name}** is not defined in this config: IOS takes \`zone-member security ${name}\` only once the zone exists.`;
  }
  const members = model.interfaces
    .filter((i) => i.zone?.name === name)
    .map((i) => i.name);
  const pairs = model.zonePairs
    .filter((p) => p.source === name || p.destination === name)
    .map(
      (p) =>
        `- zone-pair ${p.name}: ${p.source} → ${p.destination}${p.servicePolicy ? `, policy-map ${p.servicePolicy.name}` : ", no policy"}`,
    );
  const toSelf = selfZonePair(model, name, "to-self");
  const fromSelf = selfZonePair(model, name, "from-self");
  const self = (pair: typeof toSelf, way: string): string =>
    pair?.servicePolicy
      ? `- ${way}: only what policy-map ${pair.servicePolicy.name} passes or inspects`
      : `- ${way}: everything (no zone-pair with a policy names \`self\` this way)`;
  return [
    `**zone security ${name}**: ${members.length ? `members ${members.join(", ")}` : "no interface is a member"}.`,
    pairs.length
      ? `Zone-pairs:\n${pairs.join("\n")}`
      : "No zone-pair names it.",
    [
      "Traffic with the router itself (IKE, ESP, management):",
      self(toSelf, `from ${name} to the router`),
      self(fromSelf, `from the router to ${name}`),
    ].join("\n"),
    usedBy,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** What one match line selects, in words. */
function matchText(match: InspectMatch): string {
  switch (match.kind) {
    case "protocol": {
      const known = inspectProtocol(match.protocol);
      return `- protocol ${match.protocol}: ${known ? known.meaning : "not a name IPsec Lens knows (not judged)"}`;
    }
    case "access-group":
      return `- what access list ${match.acl.name} permits`;
    case "class-map":
      return `- what class-map ${match.classMap.name} matches`;
    case "other":
      return `- \`${match.node.text.trim()}\` (not judged)`;
  }
}

function classMapHover(
  model: ConfigModel,
  name: string,
  usedBy: string,
): string {
  const sections = zoneFirewallView(model).classMaps.get(name);
  if (!sections) {
    return `**class-map type inspect ${name}** is not defined in this config.`;
  }
  const matches = sections.flatMap((s) => s.matches);
  const any = sections[0]!.matchAny;
  return [
    `**class-map type inspect ${name}** (${any ? "match-any: one line suffices" : "match-all: every line must match"}).`,
    matches.length ? matches.map(matchText).join("\n") : "No match line.",
    usedBy,
  ].join("\n\n");
}

function policyMapHover(
  model: ConfigModel,
  name: string,
  usedBy: string,
): string {
  const classes = policyClasses(zoneFirewallView(model), name);
  if (!classes) {
    return `**policy-map type inspect ${name}** is not defined in this config.`;
  }
  const lines = classes.map(
    (c, i) =>
      `${i + 1}. ${c.classMap ? `class ${c.classMap.name}` : "class-default"}: ${c.action}${c.actionNode ? "" : " (no action line: drop)"}`,
  );
  if (!classes.some((c) => !c.classMap)) {
    lines.push(`${lines.length + 1}. class-default: drop (implicit)`);
  }
  return [
    `**policy-map type inspect ${name}**: classes in the order they are tried; the first that matches decides.`,
    lines.join("\n"),
    usedBy,
  ].join("\n\n");
}

/** The hover of a zone, inspect class-map or inspect policy-map name. */
export function zoneFirewallHover(
  model: ConfigModel,
  kind: ZoneFirewallKind,
  name: string,
  usedBy: string,
): string {
  switch (kind) {
    case "zone":
      return zoneHover(model, name, usedBy);
    case "class-map":
      return classMapHover(model, name, usedBy);
    case "policy-map":
      return policyMapHover(model, name, usedBy);
  }
}
