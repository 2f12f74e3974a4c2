import { endpointText } from "../config/cryptoPeers";
import type { ConfigModel, Interface, PeerRef } from "../config/model";
import { maskedLineText } from "../config/lineIndex";
import { describeRoute as routeText, routingView } from "../config/routingView";
import type { ConfigNode } from "../config/tree";
import {
  formatIpv4,
  formatPrefix,
  invert,
  maskToPrefix,
  prefixOf,
  wildcardBounds,
  wildcardMatch,
  wildcardSize,
  wildcardToPrefix,
} from "../ipv4/address";
import {
  describeDhGroup,
  DH_GROUPS,
  SUGGESTED_DH_GROUP,
  type DhGroup,
} from "../knowledge/dhGroups";
import { STRENGTH_LABELS } from "../knowledge/strength";
import {
  TRANSFORM_FACTS,
  TRANSFORM_SLOT_LABELS,
  iosTransformSpelling,
  type TransformFacts,
} from "../knowledge/transforms";
import { formatCount, humanDuration, humanKilobytes } from "../text/units";

/**
 * Markdown for the values a config holds (wildcards, masks, lifetimes, transforms, DH groups,
 * routes), shared by the hover providers. Every function returns finished sentences.
 */

const OCTET_NAMES = ["first", "second", "third", "fourth"];

/** How the free bits of one wildcard octet read: "any value", "0-3", "even values 0-254"... */
function describeOctet(address: number, wildcard: number): string {
  if (wildcard === 0) {
    return `exactly ${address}`;
  }
  if (wildcard === 255) {
    return "any value";
  }
  // Low contiguous free bits make a plain range.
  if ((wildcard & (wildcard + 1)) === 0) {
    return `${address}-${address + wildcard}`;
  }
  const values: number[] = [];
  for (let v = 0; v < 256; v++) {
    if ((v & ~wildcard & 255) === address) {
      values.push(v);
    }
  }
  const shown = values.slice(0, 6).join(", ");
  return `${values.length} values (${shown}${values.length > 6 ? ", …" : ""})`;
}

/**
 * Explains an ACL address match written as address and wildcard: CIDR and range when the
 * wildcard is contiguous, octet by octet when it is not, and the usual slips (a netmask written
 * as a wildcard, host bits set under the wildcard).
 */
export function describeWildcardPair(
  addressText: string,
  address: number,
  wildcard: number,
): string {
  const match = wildcardMatch(address, wildcard);
  const lines: string[] = [];
  const size = wildcardSize(match);
  const { first, last } = wildcardBounds(match);
  const prefix = wildcardToPrefix(match);
  if (wildcard === 0xffffffff) {
    lines.push(
      "**any address** (wildcard 255.255.255.255: every bit is free).",
    );
  } else if (prefix) {
    lines.push(
      prefix.length === 32
        ? `**host ${formatIpv4(first)}** (wildcard 0.0.0.0: every bit must match).`
        : `**${formatPrefix(prefix)}**: ${formatIpv4(first)} – ${formatIpv4(last)} (${formatCount(size)} addresses).`,
    );
  } else {
    lines.push(
      `**Non-contiguous wildcard** ${formatIpv4(wildcard)}: ${formatCount(size)} addresses between ${formatIpv4(first)} and ${formatIpv4(last)}, not one block.`,
    );
    const octets: string[] = [];
    for (let i = 0; i < 4; i++) {
      const shift = 24 - 8 * i;
      octets.push(
        `- ${OCTET_NAMES[i]} octet: ${describeOctet((match.address >>> shift) & 255, (wildcard >>> shift) & 255)}`,
      );
    }
    lines.push(
      "A 0 bit in the wildcard must match the address, a 1 bit is free:",
      octets.join("\n"),
    );
  }
  const asMask = maskToPrefix(wildcard);
  if (asMask !== undefined && asMask > 0 && asMask < 32 && wildcard !== 0) {
    lines.push(
      `⚠ ${formatIpv4(wildcard)} looks like a netmask. ACLs take wildcards (inverted masks): for /${asMask} write ${formatIpv4(invert(wildcard))}.`,
    );
  }
  if (match.address !== address) {
    lines.push(
      `IOS ignores the address bits under the wildcard and stores this as ${formatIpv4(match.address)} ${formatIpv4(wildcard)} (you wrote ${addressText}).`,
    );
  }
  return lines.join("\n\n");
}

/** Explains a netmask and the subnet it makes with an address. */
export function describeMask(
  address: number | undefined,
  mask: number,
): string {
  const length = maskToPrefix(mask);
  if (length === undefined) {
    return `${formatIpv4(mask)} is **not a valid netmask**: its one bits must be contiguous from the left.`;
  }
  const lines = [
    `Netmask **/${length}** (${length === 32 ? "1 address" : `${formatCount(2 ** (32 - length))} addresses`}).`,
  ];
  if (address !== undefined) {
    const prefix = prefixOf(address, length);
    const size = 2 ** (32 - length);
    const lastAddress = (prefix.network + size - 1) >>> 0;
    lines.push(
      length >= 31
        ? `Subnet ${formatPrefix(prefix)}.`
        : `Subnet ${formatPrefix(prefix)}: hosts ${formatIpv4(prefix.network + 1)} – ${formatIpv4(lastAddress - 1)}, broadcast ${formatIpv4(lastAddress)}.`,
    );
  }
  return lines.join(" ");
}

/** A lifetime in seconds with human units and how it compares with the default. */
export function describeSeconds(
  seconds: number,
  defaultSeconds?: number,
): string {
  const base = `**${formatCount(seconds)} seconds** = ${humanDuration(seconds)}`;
  if (defaultSeconds === undefined) {
    return `${base}.`;
  }
  return seconds === defaultSeconds
    ? `${base} (the IOS default).`
    : `${base} (IOS default ${humanDuration(defaultSeconds)}).`;
}

/** A volume lifetime in kilobytes with human units. */
export function describeKilobytes(
  kilobytes: number,
  defaultKilobytes?: number,
): string {
  const base = `**${formatCount(kilobytes)} KB** ≈ ${humanKilobytes(kilobytes)}`;
  if (defaultKilobytes === undefined) {
    return `${base}.`;
  }
  return kilobytes === defaultKilobytes
    ? `${base} (the IOS default).`
    : `${base} (IOS default ${humanKilobytes(defaultKilobytes)}).`;
}

/**
 * What an ESP cipher's set gives it for integrity: an ESP cipher alone (the `esp-encryption`
 * slot) lets altered and replayed packets through, since ESP's integrity and anti-replay need an
 * integrity transform. Empty for other transforms, or when the set is not known.
 */
function integrityNote(
  facts: TransformFacts,
  set: readonly string[] | undefined,
): string {
  if (facts.slot !== "esp-encryption" || set === undefined) {
    return "";
  }
  const integrity = set.find((t) => {
    const slot = TRANSFORM_FACTS[t.toLowerCase()]?.slot;
    return slot === "esp-integrity" || slot === "ah-integrity";
  });
  return integrity
    ? `\n\nIntegrity: from ${integrity}, beside it in the set.`
    : "\n\n⚠ The set has no integrity transform, so altered or replayed packets go undetected: add one beside it (esp-sha256-hmac).";
}

/**
 * Explains one transform of a transform set; given the names of the set's transforms, says
 * whether an ESP cipher has integrity beside it.
 */
export function describeTransform(
  name: string,
  keySize?: number,
  set?: readonly string[],
): string {
  const facts = TRANSFORM_FACTS[name.toLowerCase()];
  if (!facts) {
    const meant = iosTransformSpelling(name);
    return meant
      ? `\`${name}\` is not an IOS transform: IOS writes \`${meant}\`, and refuses the whole set as written.`
      : `\`${name}\` is not a transform this IOS table knows; IOS rejects the set if the keyword is wrong.`;
  }
  const size = keySize ?? facts.defaultKeySize;
  const sizeText =
    size !== undefined
      ? `, ${size}-bit key${keySize === undefined ? " (default)" : ""}`
      : "";
  const badSize =
    keySize !== undefined && facts.keySizes && !facts.keySizes.includes(keySize)
      ? `\n\n⚠ ${keySize} is not a key size of ${name} (IOS takes ${facts.keySizes.join(", ")}).`
      : "";
  const note = `${facts.note ? ` ${capitalise(facts.note)}.` : ""}${integrityNote(facts, set)}`;
  return `**${name}${keySize !== undefined ? ` ${keySize}` : ""}**: ${TRANSFORM_SLOT_LABELS[facts.slot]}, ${facts.algorithm}${sizeText}.\n\nProtects ${facts.protects}.\n\nStrength: ${STRENGTH_LABELS[facts.strength]}.${note}${badSize}`;
}

/** Explains a Diffie-Hellman group, with the stronger choice when it is weak. */
export function describeGroup(
  group: DhGroup | undefined,
  written: string,
  use: "phase 1" | "PFS",
): string {
  if (!group) {
    return `\`${written}\` is not a Diffie-Hellman group IOS offers.`;
  }
  const advice =
    group.strength === "broken" ||
    group.strength === "weak" ||
    group.strength === "legacy"
      ? ` Prefer group ${SUGGESTED_DH_GROUP} (${describeDhGroup(DH_GROUPS[SUGGESTED_DH_GROUP]!)}) or 14, changed on both peers together.`
      : "";
  const what =
    use === "PFS"
      ? "Each phase 2 negotiation runs a fresh Diffie-Hellman exchange in this group, so a stolen phase 1 key does not open past traffic. Both peers must use the same group (a peer without `set pfs` accepts any)."
      : "The key exchange of phase 1.";
  return `**Diffie-Hellman group ${group.group}**: ${describeDhGroup(group)}; ${group.note}.\n\nStrength: ${STRENGTH_LABELS[group.strength]}.${advice}\n\n${what}`;
}

/** Where a command sits, for "used by" lists: its section head and its own text, secrets masked. */
export function describeUse(model: ConfigModel, node: ConfigNode): string {
  const own = `\`${maskedLineText(model, node)}\``;
  const head = node.parent
    ? `\`${maskedLineText(model, node.parent)}\` › `
    : "";
  return `line ${node.line + 1}: ${head}${own}`;
}

/** The interfaces the route toward an address leaves by (empty when unknown, dropped or unrouted). */
export function exitsToward(model: ConfigModel, address: number): Interface[] {
  return routingView(model).lookup(address)?.exits ?? [];
}

/**
 * How the router reaches an address: the route that wins the longest-prefix lookup (with the
 * recursive next-hop resolution IOS does) and the interface it leaves by. Shares the routing
 * view the routing checks use, so the hover and the diagnostics never disagree.
 */
export function describeRoute(model: ConfigModel, address: number): string {
  const view = routingView(model);
  const lookup = view.lookup(address);
  const target = formatIpv4(address);
  if (!lookup || !lookup.routes.length) {
    const lines = [
      view.complete
        ? `No route in this config covers ${target} (no connected network, static or default route): packets to it are dropped.`
        : `No route in this config covers ${target}, but the config may not show every route: ${view.incompleteReason ?? "routes may be learned"}.`,
    ];
    const missed = lookup?.uninstalled[0];
    if (missed) {
      lines.push(
        `${capitalise(routeText(missed.route))} (line ${missed.route.node.line + 1}) would cover it but is not installed: ${missed.resolution.reason ?? "its next hop does not resolve"}.`,
      );
    }
    return lines.join(" ");
  }
  const route = lookup.routes[0]!;
  const resolution = lookup.resolutions[0]!;
  if (route.kind === "connected" && lookup.exits.length === 1) {
    return `${target} is on ${routeText(route).replace(/ of (\S+)$/, " of **$1**")} (line ${route.node.line + 1}): it leaves through that interface.`;
  }
  const lines = [
    `${target} matches ${routeText(route)} (line ${route.node.line + 1}).`,
  ];
  if (resolution.discard) {
    lines.push("That route points at Null0: packets to it are dropped.");
  } else if (lookup.exits.length > 1) {
    lines.push(
      `It leaves through ${lookup.exits.map((i) => `**${i.name}**`).join(" and ")} (equal-cost routes).`,
    );
  } else if (lookup.exits.length === 1) {
    const gateway =
      route.kind === "static" && resolution.gateway !== undefined
        ? `, handed to ${formatIpv4(resolution.gateway)}`
        : "";
    lines.push(`It leaves through **${lookup.exits[0]!.name}**${gateway}.`);
  } else if (resolution.unknownExit) {
    lines.push(
      `Its exit interface ${resolution.unknownExit} is not configured in this file.`,
    );
  }
  return lines.join(" ");
}

/** The address a peer reference names, as text. */
export function peerText(peer: PeerRef): string {
  return endpointText(peer) ?? "";
}

/** First letter upper case, for notes that start sentences. */
export function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
