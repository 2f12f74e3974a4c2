import { ikev2ValueProblem } from "../knowledge/ikev2ProposalValues";
import { proposalGapText } from "../peers/ikev2Negotiation";
import { contextOf, explainLine } from "../config/commandMatch";
import { certificateHover } from "./certificateHover";
import {
  configIndex,
  nodeAtLine,
  occurrenceAt,
  wordAt,
} from "../config/lineIndex";
import type {
  ConfigModel,
  CryptoMapEntry,
  IsakmpAttributes,
  IsakmpPolicy,
  Keyring,
  PresharedKey,
  Secret,
} from "../config/model";
import { isHub, staticNbmaPeers } from "../config/dmvpn";
import { isCryptoAcl } from "../config/cryptoPeers";
import {
  interfaceNamed,
  lookupIpv6,
  primaryAddress,
} from "../config/routingView";
import { startsWith, type ConfigNode, type Token } from "../config/tree";
import type { AnalysisSettings, HoverResult } from "../document";
import { formatIpv4, maskToPrefix, parseIpv4 } from "../ipv4/address";
import {
  formatIpv6,
  formatIpv6Prefix,
  ipv6Network,
  parseIpv6,
  type IpAddress,
  type Ipv6Address,
} from "../ipv6/address";
import type { CommandContext } from "../knowledge/cryptoCommands";
import {
  ACL_ACTION_MEANINGS,
  ACL_PROTOCOL_MEANINGS,
  IPSEC_PORT_MEANINGS,
} from "../knowledge/aclWords";
import {
  describeDhGroup,
  dhGroupFromWord,
  DH_GROUPS,
} from "../knowledge/dhGroups";
import {
  IPSEC_LIFETIME_DEFAULTS,
  ISAKMP_POLICY_DEFAULTS,
} from "../knowledge/iosDefaults";
import {
  POLICY_ATTRIBUTES,
  POLICY_KEYWORD_ALIASES,
  policyChoice,
  policyValueProblem,
} from "../knowledge/isakmpAttributes";
import { portNumber, protocolNumber } from "../knowledge/protocols";
import { SECRET_TYPES } from "../knowledge/secretTypes";
import { SHOW_FIELDS } from "../knowledge/showFields";
import { STRENGTH_LABELS } from "../knowledge/strength";
import { findPresharedKey } from "../peers/presharedKeys";
import { natHover } from "./natHover";
import {
  lineRange,
  rangeContains,
  type Position,
  type Range,
} from "../text/position";
import { formatCount, humanDuration, humanKilobytes } from "../text/units";
import {
  describeGroup,
  describeKilobytes,
  describeMask,
  describeRoute,
  describeSeconds,
  describeTransform,
  describeUse,
  describeWildcardPair,
  exitsToward,
} from "./describe";
import {
  cryptoMapEntryHover,
  interfaceHover,
  keyTarget,
  listed,
  objectHover,
  secretText,
} from "./objectHover";

/**
 * Explains the config token under the cursor. Providers are tried in order, most specific first:
 * secrets, named objects, the values of known commands (addresses, wildcards, lifetimes,
 * transforms, groups), and finally the command itself from the keyword table.
 */

/** What every provider sees. */
interface HoverInput {
  model: ConfigModel;
  settings: AnalysisSettings;
  /** The clock certificates are judged by, when the caller has one. */
  now: number | undefined;
  position: Position;
  node: ConfigNode;
  token: Token;
  /** Index of the token among the node's words. */
  index: number;
  /** Lower-case words of the node. */
  words: string[];
  context: CommandContext | undefined;
}

type Provider = (input: HoverInput) => HoverResult | undefined;

/** Explains the config token under the cursor. */
export function configHover(
  model: ConfigModel,
  position: Position,
  settings: AnalysisSettings,
  now?: number,
): HoverResult | null {
  const end = model.closingEnd;
  if (end && position.line > end.line) {
    return afterEndHover(model, end, position);
  }
  // NAT lines have their own explainer (natHover.ts), asked first; it answers null elsewhere.
  const nat = natHover(model, position, settings);
  if (nat) {
    return nat;
  }
  const node = nodeAtLine(model, position.line);
  if (!node) {
    return null;
  }
  const at = wordAt(node, position);
  if (!at) {
    return node.negated ? noHover(model, node, position, settings) : null;
  }
  const input: HoverInput = {
    model,
    settings,
    now,
    position,
    node,
    token: at.token,
    index: at.index,
    words: node.words.map((t) => t.text.toLowerCase()),
    context: contextOf(node),
  };
  for (const provider of PROVIDERS) {
    const result = provider(input);
    if (result) {
      return result;
    }
  }
  return null;
}

/**
 * The `no` of a `no ...` line (the words leave it out, so no provider sees it): what it does,
 * then what the command it negates is, as hovering that command's first word says.
 */
function noHover(
  model: ConfigModel,
  node: ConfigNode,
  position: Position,
  settings: AnalysisSettings,
): HoverResult | null {
  const no = lineRange(node.line, node.indent, node.indent + 2);
  const first = node.words[0];
  if (!rangeContains(no, position) || !first) {
    return null;
  }
  const command = configHover(model, first.range.start, settings);
  return result(
    `**no** negates the command that follows: typed at the console it removes that setting; in a saved configuration it records a feature that is on by default turned off (as \`no crypto isakmp enable\`).${command ? `\n\n---\n\n${command.markdown}` : ""}`,
    no,
  );
}

/** A word after the closing `end`: not configured, whatever it says. */
function afterEndHover(
  model: ConfigModel,
  end: ConfigNode,
  position: Position,
): HoverResult | null {
  const node = nodeAtLine(model, position.line);
  const at = node && wordAt(node, position);
  if (!at) {
    return null;
  }
  return result(
    `**Not configured**: this line comes after \`end\` (line ${end.line + 1}), where IOS stops reading the configuration, so the router does not have it and IPsec Lens leaves it out of the analysis.`,
    at.token.range,
  );
}

function result(markdown: string, range: Range): HoverResult {
  return { markdown, range };
}

// ---------------------------------------------------------------------------------------------
// Secrets

function keyOfSecret(
  model: ConfigModel,
  secret: Secret,
): { key: PresharedKey; ring?: Keyring } | undefined {
  const global = model.globalKeys.find((k) => k.secret === secret);
  if (global) {
    return { key: global };
  }
  for (const ring of model.keyrings) {
    const key = ring.keys.find((k) => k.secret === secret);
    if (key) {
      return { key, ring };
    }
  }
  return undefined;
}

/** An IKEv2 keyring key: whose, and which way it is used. */
function ikev2KeyOfSecret(
  model: ConfigModel,
  secret: Secret,
):
  | { ring: string; peer: string; role: "both" | "local" | "remote" }
  | undefined {
  for (const ring of model.ikev2Keyrings) {
    for (const peer of ring.peers) {
      for (const role of ["both", "local", "remote"] as const) {
        if (peer[role]?.secret === secret) {
          return { ring: ring.name, peer: peer.name, role };
        }
      }
    }
  }
  return undefined;
}

const IKEV2_KEY_ROLE: Readonly<Record<"both" | "local" | "remote", string>> = {
  both: "",
  local: " (local: this router signs its AUTH payload with it)",
  remote: " (remote: the peer's AUTH payload is checked with it)",
};

const IKEV2_KEY_RULE: Readonly<Record<"both" | "local" | "remote", string>> = {
  both: "\n\nThe peer must hold the same key for this router.",
  local:
    "\n\nThe peer must hold it as its `pre-shared-key remote` for this router.",
  remote: "\n\nThe peer must hold it as its `pre-shared-key local`.",
};

const secretProvider: Provider = (input) => {
  const secrets =
    configIndex(input.model).secretsByLine.get(input.node.line) ?? [];
  for (const secret of secrets) {
    const start = secret.range.start.character;
    const onValue = input.token.range.start.character === start;
    const next = input.node.words[input.index + 1];
    const onType =
      /^[067]$/.test(input.token.text) &&
      next?.range.start.character === start &&
      Number(input.token.text) === secret.type;
    if (!onValue && !onType) {
      continue;
    }
    const facts = SECRET_TYPES[secret.type];
    if (onType) {
      return result(
        `**Key type ${secret.type}**: ${facts.name}: ${facts.meaning}.`,
        input.token.range,
      );
    }
    const owner = keyOfSecret(input.model, secret);
    const ikev2 = owner ? undefined : ikev2KeyOfSecret(input.model, secret);
    const what = owner
      ? `**Pre-shared key** for ${keyTarget(owner.key)}${owner.ring ? ` in keyring ${owner.ring.name}` : ""}`
      : ikev2
        ? `**IKEv2 pre-shared key** of peer ${ikev2.peer} in keyring ${ikev2.ring}${IKEV2_KEY_ROLE[ikev2.role]}`
        : "**Password**";
    const reveal = input.settings.revealSecrets
      ? ""
      : "\n\nThe value is masked; the setting `ipsecLens.revealSecrets` shows it.";
    const peersMustMatch = owner
      ? "\n\nBoth peers must hold the same key, each under the other's address."
      : ikev2
        ? IKEV2_KEY_RULE[ikev2.role]
        : "";
    return result(
      `${what}: ${secretText(secret, input.settings)}, ${facts.name}: ${facts.meaning}.${peersMustMatch}${reveal}`,
      secret.range,
    );
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Named objects

const objectProvider: Provider = (input) => {
  const { model, node } = input;
  const occurrence = occurrenceAt(model, input.position);
  if (occurrence) {
    return result(
      objectHover({ model, settings: input.settings, occurrence }),
      occurrence.range,
    );
  }
  // The `interface` keyword of a section head explains the interface too.
  if (
    !node.parent &&
    input.index === 0 &&
    input.words[0] === "interface" &&
    node.words[1]
  ) {
    const iface = model.interfaces.find((i) => i.node === node);
    if (iface) {
      return result(interfaceHover(model, iface.name), input.token.range);
    }
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// ISAKMP policies

function attributeValueText(
  attribute: keyof IsakmpAttributes,
  policy: IsakmpAttributes,
): { value: string; meaning: string } {
  switch (attribute) {
    case "group": {
      const g = DH_GROUPS[policy.group];
      return {
        value: String(policy.group),
        meaning: g
          ? `${describeDhGroup(g)} (${STRENGTH_LABELS[g.strength]})`
          : "not a group IOS offers",
      };
    }
    case "lifetime":
      return {
        value: `${policy.lifetime} s`,
        meaning: humanDuration(policy.lifetime),
      };
    default: {
      const value = policy[attribute];
      const choice = policyChoice(attribute, value);
      return {
        value,
        meaning: choice
          ? `${choice.meaning}${choice.strength ? ` (${STRENGTH_LABELS[choice.strength]})` : ""}`
          : "not a value IOS takes",
      };
    }
  }
}

function policyTable(policy: IsakmpPolicy): string {
  const rows = POLICY_ATTRIBUTES.map((facts) => {
    const { value, meaning } = attributeValueText(facts.attribute, policy);
    const isDefault = policy.explicit[facts.attribute] ? "" : " *(default)*";
    return `| ${facts.keyword} | \`${value}\`${isDefault} | ${meaning} |`;
  });
  return ["| attribute | value | meaning |", "|---|---|---|", ...rows].join(
    "\n",
  );
}

/** A refused line of an IKEv2 proposal (`encryption aes-256`): what IOS writes, and what it is left with. */
const ikev2ProposalLineProvider: Provider = (input) => {
  const { model, node } = input;
  const parent = node.parent;
  if (
    input.index === 0 ||
    !parent ||
    parent.parent ||
    !startsWith(parent, "crypto", "ikev2", "proposal")
  ) {
    return undefined;
  }
  const proposal = model.ikev2Proposals.find((p) => p.node === parent);
  const attribute = (["encryption", "integrity", "prf", "group"] as const).find(
    (a) => proposal?.invalid?.[a] === node,
  );
  if (!proposal || !attribute) {
    return undefined;
  }
  const problem = ikev2ValueProblem(attribute, input.words.slice(1));
  if (!problem) {
    return undefined;
  }
  const written = node.words
    .slice(1)
    .map((w) => w.text)
    .join(" ");
  const gaps = proposalGapText(proposal);
  return result(
    `**${node.words[0]!.text}** (IKEv2 proposal ${proposal.name})\n\n⚠ IOS refuses \`${written}\`${problem.meant ? ` (it writes \`${problem.meant}\`)` : ""}: it takes ${problem.accepted}. The line is not configured${gaps ? `, and the proposal is incomplete: ${gaps}` : ""}.`,
    input.token.range,
  );
};

const policyProvider: Provider = (input) => {
  const { model, node } = input;
  if (!node.parent && startsWith(node, "crypto", "isakmp", "policy")) {
    const policy = model.isakmpPolicies.find((p) => p.node === node);
    if (!policy) {
      return undefined;
    }
    const defaults = POLICY_ATTRIBUTES.filter(
      (a) => !policy.explicit[a.attribute],
    ).length;
    return result(
      [
        `**ISAKMP policy ${policy.priority}**: an IKE phase 1 proposal. The responder takes the first of its policies, lowest number first, whose attributes equal the offer (its lifetime may be longer).`,
        policyTable(policy),
        defaults
          ? `Attributes marked *(default)* are not written: \`show running-config\` hides IOS defaults, and both peers must still agree on them.`
          : "",
      ]
        .filter(Boolean)
        .join("\n\n"),
      input.token.range,
    );
  }
  const parent = node.parent;
  if (
    !parent ||
    parent.parent ||
    !startsWith(parent, "crypto", "isakmp", "policy")
  ) {
    return undefined;
  }
  const policy = model.isakmpPolicies.find((p) => p.node === parent);
  const keyword =
    POLICY_KEYWORD_ALIASES[input.words[0] ?? ""] ?? input.words[0];
  const facts = POLICY_ATTRIBUTES.find((a) => a.keyword === keyword);
  if (!policy || !facts) {
    return undefined;
  }
  const attribute = facts.attribute;
  const { value, meaning } = attributeValueText(attribute, policy);
  const fallback = attributeValueText(attribute, ISAKMP_POLICY_DEFAULTS);
  if (policy.invalid?.[attribute] === node) {
    const written = node.words
      .slice(1)
      .map((w) => w.text)
      .join(" ");
    const problem = policyValueProblem(
      attribute,
      node.words.slice(1).map((w) => w.text.toLowerCase()),
    );
    return result(
      `**${facts.keyword}** (policy ${policy.priority}) decides ${facts.decides}.\n\n⚠ IOS refuses \`${written}\`${problem?.meant && attribute !== "lifetime" ? ` (it writes \`${problem.meant}\`)` : ""}: it takes ${problem?.accepted ?? "other values"}. The line is not configured, so the policy keeps \`${fallback.value}\`.`,
      input.token.range,
    );
  }
  let detail = `\`${value}\`: ${meaning}.`;
  if (attribute === "group" && input.index > 0) {
    detail = describeGroup(
      dhGroupFromWord(input.token.text),
      input.token.text,
      "phase 1",
    );
  } else if (attribute === "lifetime" && input.index > 0) {
    detail = describeSeconds(policy.lifetime, ISAKMP_POLICY_DEFAULTS.lifetime);
  }
  return result(
    `**${facts.keyword}** (policy ${policy.priority}) decides ${facts.decides}.\n\n${detail}\n\nWithout this line IOS uses \`${fallback.value}\`.`,
    input.token.range,
  );
};

// ---------------------------------------------------------------------------------------------
// Transform sets, crypto map entries, PFS, lifetimes

const transformProvider: Provider = (input) => {
  const { model, node } = input;
  if (
    node.parent ||
    !startsWith(node, "crypto", "ipsec", "transform-set") ||
    input.index < 4
  ) {
    return undefined;
  }
  const set = model.transformSets.find((s) => s.node === node);
  const transform = set?.transforms.find(
    (t) =>
      t.range.start.character <= input.token.range.start.character &&
      input.token.range.end.character <= t.range.end.character,
  );
  if (transform) {
    return result(
      describeTransform(
        transform.name,
        transform.keySize,
        set!.transforms.map((t) => t.name),
      ),
      transform.range,
    );
  }
  return result(describeTransform(input.token.text), input.token.range);
};

function mapEntryOf(
  model: ConfigModel,
  node: ConfigNode,
): CryptoMapEntry | undefined {
  const ipv6 = startsWith(node, "crypto", "map", "ipv6");
  for (const maps of ipv6
    ? [model.cryptoMaps6]
    : [model.cryptoMaps, model.dynamicMaps]) {
    const map = maps.get(node.words[ipv6 ? 3 : 2]?.text ?? "");
    const entry = map?.entries.find((e) => e.node === node);
    if (entry) {
      return entry;
    }
  }
  return undefined;
}

const mapEntryProvider: Provider = (input) => {
  const { model, node } = input;
  if (
    node.parent ||
    !(
      (input.index === 3 &&
        (startsWith(node, "crypto", "map") ||
          startsWith(node, "crypto", "dynamic-map"))) ||
      // `crypto map ipv6 NAME SEQ`: the sequence is one word further.
      (input.index === 4 && startsWith(node, "crypto", "map", "ipv6"))
    )
  ) {
    return undefined;
  }
  const entry = mapEntryOf(model, node);
  return entry
    ? result(cryptoMapEntryHover(model, entry), input.token.range)
    : undefined;
};

const pfsProvider: Provider = (input) => {
  if (
    !input.node.parent ||
    input.words[0] !== "set" ||
    input.words[1] !== "pfs" ||
    input.index !== 2
  ) {
    return undefined;
  }
  return result(
    describeGroup(dhGroupFromWord(input.token.text), input.token.text, "PFS"),
    input.token.range,
  );
};

const lifetimeProvider: Provider = (input) => {
  const w = input.words;
  let unitAt: number;
  if (
    input.node.parent &&
    w[0] === "set" &&
    w[1] === "security-association" &&
    w[2] === "lifetime"
  ) {
    unitAt = 3;
  } else if (
    !input.node.parent &&
    w[0] === "crypto" &&
    w[1] === "ipsec" &&
    w[2] === "security-association" &&
    w[3] === "lifetime"
  ) {
    unitAt = 4;
  } else {
    return undefined;
  }
  if (input.index !== unitAt + 1) {
    return undefined;
  }
  const scope =
    unitAt === 4
      ? "Global IPsec SA lifetime, for crypto map entries that set none."
      : "IPsec SA lifetime of this crypto map entry or profile; it overrides the global one.";
  if (w[unitAt] === "kilobytes" && w[unitAt + 1] === "disable") {
    return result(
      `**No volume lifetime**: the SAs are not rekeyed after an amount of traffic, only when their time lifetime runs out (IOS's default volume is ${formatCount(IPSEC_LIFETIME_DEFAULTS.kilobytes)} KB ≈ ${humanKilobytes(IPSEC_LIFETIME_DEFAULTS.kilobytes)}).\n\n${scope}`,
      input.token.range,
    );
  }
  const value = Number(input.token.text);
  if (!Number.isFinite(value)) {
    return undefined;
  }
  const text =
    w[unitAt] === "kilobytes"
      ? describeKilobytes(value, IPSEC_LIFETIME_DEFAULTS.kilobytes)
      : describeSeconds(value, IPSEC_LIFETIME_DEFAULTS.seconds);
  return result(
    `${text}\n\n${scope} The SA is renewed when either the time or the volume runs out; the peers settle on the shorter lifetime.`,
    input.token.range,
  );
};

// ---------------------------------------------------------------------------------------------
// Addresses: peers, keys, interfaces, routes

function resolveKeyringLocal(
  model: ConfigModel,
  ring: Keyring,
): number | undefined {
  if (ring.localAddress?.address !== undefined) {
    return ring.localAddress.address;
  }
  const iface = interfaceNamed(model, ring.localAddress?.interface?.name);
  return iface ? primaryAddress(iface) : undefined;
}

function peerKeyText(
  model: ConfigModel,
  address: IpAddress,
  entry: CryptoMapEntry | undefined,
): string {
  const profile = entry?.isakmpProfile
    ? model.isakmpProfiles.find((p) => p.name === entry.isakmpProfile!.name)
    : undefined;
  const lookup = findPresharedKey(
    model,
    { peer: address, peerNames: [], profile },
    (ring) => resolveKeyringLocal(model, ring),
  );
  if (lookup.key) {
    const where = lookup.keyring
      ? `keyring ${lookup.keyring.name}`
      : "`crypto isakmp key`";
    return `Pre-shared key: ${where} (${describeUse(model, lookup.key.node)}).`;
  }
  const preShare =
    !model.isakmpPolicies.length ||
    model.isakmpPolicies.some((p) => p.authentication === "pre-share");
  return preShare && model.isakmpPolicies.length
    ? "⚠ No pre-shared key in this config covers this peer."
    : "";
}

function peerHover(
  model: ConfigModel,
  address: number,
  entry: CryptoMapEntry | undefined,
  label: string,
): string {
  const lines = [
    `**${label} ${formatIpv4(address)}**${entry ? ` of ${entry.isDynamicMapEntry ? "dynamic map" : "crypto map"} ${entry.map} ${entry.sequence}` : ""}`,
  ];
  lines.push(describeRoute(model, address));
  const exits = exitsToward(model, address);
  const exit = exits.length === 1 ? exits[0] : undefined;
  if (entry && !entry.isDynamicMapEntry && exit) {
    const applied = model.interfaces.filter(
      (i) => i.cryptoMap?.name === entry.map,
    );
    if (applied.includes(exit)) {
      lines.push(
        `✓ Crypto map ${entry.map} is applied to ${exit.name}, where this route leaves.`,
      );
    } else if (applied.length) {
      lines.push(
        `⚠ Crypto map ${entry.map} is applied to ${applied.map((i) => i.name).join(", ")}, not to ${exit.name} where this route leaves: traffic to the peer never meets the map.`,
      );
    } else {
      lines.push(
        `⚠ Crypto map ${entry.map} is applied to no interface; it belongs on ${exit.name}.`,
      );
    }
  }
  const key = peerKeyText(model, address, entry);
  if (key) {
    lines.push(key);
  }
  return lines.join("\n\n");
}

/** The peer of an IPv6 crypto map entry: its IPv6 route, the map's interface and its key. */
function peer6Hover(
  model: ConfigModel,
  address: Ipv6Address,
  entry: CryptoMapEntry,
): string {
  const text = formatIpv6(address);
  const lines = [
    `**Peer ${text}** of crypto map ipv6 ${entry.map} ${entry.sequence}`,
  ];
  const match = lookupIpv6(model, undefined, address);
  const exit = match?.connected;
  lines.push(
    !match
      ? "⚠ No IPv6 route in this config covers it: no connected prefix holds it and no `ipv6 route` leads to it."
      : exit
        ? `${text} is on the connected prefix ${formatIpv6Prefix(ipv6Network(match.prefix))} of **${exit.name}**: it leaves through that interface.`
        : `Reached by \`${match.node.text.trim()}\`.`,
  );
  const applied = model.interfaces.filter(
    (i) => i.cryptoMap6?.name === entry.map,
  );
  if (exit && applied.includes(exit)) {
    lines.push(
      `✓ IPv6 crypto map ${entry.map} is applied to ${exit.name}, where this route leaves.`,
    );
  } else if (!applied.length) {
    lines.push(
      `⚠ IPv6 crypto map ${entry.map} is applied to no interface (\`ipv6 crypto map ${entry.map}\`).`,
    );
  }
  const key = peerKeyText(model, address, entry);
  if (key) {
    lines.push(key);
  }
  return lines.join("\n\n");
}

/** Crypto peers and tunnel destinations an address-and-mask covers. */
function peersCovered(
  model: ConfigModel,
  address: number,
  mask: number,
): string[] {
  const out: string[] = [];
  const covers = (a: number): boolean =>
    (a & mask) >>> 0 === (address & mask) >>> 0;
  for (const maps of [model.cryptoMaps]) {
    for (const map of maps.values()) {
      for (const entry of map.entries) {
        for (const peer of entry.peers) {
          if (peer.address !== undefined && covers(peer.address)) {
            out.push(
              `${formatIpv4(peer.address)} (crypto map ${map.name} ${entry.sequence})`,
            );
          }
        }
      }
    }
  }
  for (const iface of model.interfaces) {
    const d = iface.tunnel.destination?.address;
    if (d !== undefined && covers(d)) {
      out.push(`${formatIpv4(d)} (${iface.name})`);
    }
    for (const hub of staticNbmaPeers(iface)) {
      if (covers(hub.nbma)) {
        out.push(`${formatIpv4(hub.nbma)} (${iface.name}, NHRP)`);
      }
    }
    // A DMVPN hub's spokes register from addresses the config does not know.
    if (mask !== 0xffffffff && isHub(iface) && iface.tunnel.protection) {
      out.push(`the spokes that register to ${iface.name}`);
    }
  }
  return out;
}

function keyAddressHover(
  model: ConfigModel,
  address: number,
  mask: number,
  what: string,
): string {
  const length = maskToPrefix(mask);
  const target =
    mask === 0
      ? "any peer address"
      : length === 32
        ? `the peer ${formatIpv4(address)}`
        : `peers in ${formatIpv4(address)} mask ${formatIpv4(mask)}${length !== undefined ? ` (/${length})` : ""}`;
  const peers = peersCovered(model, address, mask);
  return `${what} applies to ${target}.\n\n${peers.length ? `Peers it covers: ${listed(peers)}.` : "No crypto map peer or tunnel destination of this config falls under it."}`;
}

/** Reads `A [M]` at words[i]; the mask is all ones when absent. */
function addressAndMask(
  node: ConfigNode,
  i: number,
): { address: number; mask: number; maskToken?: Token } | undefined {
  const address = parseIpv4(node.words[i]?.text ?? "");
  if (address === undefined) {
    return undefined;
  }
  const maskToken = node.words[i + 1];
  const mask = maskToken ? parseIpv4(maskToken.text) : undefined;
  return mask !== undefined
    ? { address, mask, maskToken }
    : { address, mask: 0xffffffff };
}

const addressProvider: Provider = (input) => {
  const { model, node, words, index, token } = input;
  const range = token.range;
  const ctx = input.context;
  // `set peer A`
  if (
    (ctx === "crypto-map" || ctx === "dynamic-map") &&
    words[0] === "set" &&
    words[1] === "peer" &&
    index === 2
  ) {
    const address = parseIpv4(token.text);
    const entry = mapEntryOf(model, node.parent!);
    const address6 = entry?.ipv6 ? parseIpv6(token.text) : undefined;
    if (address6 !== undefined) {
      return result(peer6Hover(model, address6, entry!), range);
    }
    if (address === undefined) {
      return result(
        `**Peer ${token.text}**: a hostname, resolved by DNS when IKE starts.`,
        range,
      );
    }
    return result(peerHover(model, address, entry, "Peer"), range);
  }
  if (
    ctx === "interface" &&
    words[0] === "tunnel" &&
    words[1] === "destination" &&
    index === 2
  ) {
    const address = parseIpv4(token.text);
    return address === undefined
      ? undefined
      : result(
          peerHover(model, address, undefined, "Tunnel destination"),
          range,
        );
  }
  if (
    ctx === "interface" &&
    words[0] === "tunnel" &&
    words[1] === "source" &&
    index === 2
  ) {
    const address = parseIpv4(token.text);
    if (address === undefined) {
      return undefined;
    }
    const owner = model.interfaces.find((i) =>
      i.addresses.some((a) => a.address === address),
    );
    return result(
      owner
        ? `**Tunnel source ${token.text}**: the address of ${owner.name}. The peer must point its tunnel destination (and key) at it.`
        : `**Tunnel source ${token.text}**: ⚠ no interface of this config has this address.`,
      range,
    );
  }
  // `network A [W]` of `router eigrp|ospf`: which interfaces run the protocol.
  if (
    ctx === "router-igp" &&
    words[0] === "network" &&
    (index === 1 || index === 2)
  ) {
    const address = parseIpv4(node.words[1]?.text ?? "");
    const wildcard = parseIpv4(node.words[2]?.text ?? "");
    if (address === undefined || wildcard === undefined) {
      return undefined;
    }
    const covered = model.interfaces.filter((i) =>
      i.addresses.some((a) => ((a.address ^ address) & ~wildcard) >>> 0 === 0),
    );
    return result(
      `${describeWildcardPair(node.words[1]!.text, address, wildcard)}\n\nInterfaces it takes in: ${covered.length ? covered.map((i) => i.name).join(", ") : "none of this config"}.`,
      lineRange(node.line, node.words[1]!.start, node.words[2]!.end),
    );
  }
  // `local-address A` of a keyring or isakmp profile
  if (
    (ctx === "keyring" || ctx === "isakmp-profile") &&
    words[0] === "local-address" &&
    index === 1
  ) {
    const address = parseIpv4(token.text);
    if (address === undefined) {
      return undefined;
    }
    const owner = model.interfaces.find((i) =>
      i.addresses.some((a) => a.address === address),
    );
    const scope =
      ctx === "keyring"
        ? "This keyring serves only IKE sessions that arrive on"
        : "IKE for this profile's peers uses";
    return result(
      owner
        ? `**Local address ${token.text}** (${owner.name}). ${scope} this address.`
        : `**Local address ${token.text}**: ⚠ no interface of this config has this address, and ${ctx === "keyring" ? "the keyring serves only IKE sessions on an address the router owns" : "IKE can only use an address the router owns"}.`,
      range,
    );
  }
  // `crypto isakmp key K address A [M]`, keyring `pre-shared-key address A [M] key K`, `match identity address A [M]`
  const addressAt =
    !node.parent &&
    words[0] === "crypto" &&
    words[1] === "isakmp" &&
    words[2] === "key"
      ? words.indexOf("address", 3)
      : ctx === "keyring" &&
          words[0] === "pre-shared-key" &&
          words[1] === "address"
        ? 1
        : ctx === "isakmp-profile" &&
            words[0] === "match" &&
            words[1] === "identity" &&
            words[2] === "address"
          ? 2
          : -1;
  if (addressAt >= 0 && (index === addressAt + 1 || index === addressAt + 2)) {
    const am = addressAndMask(node, addressAt + 1);
    if (!am || (index === addressAt + 2 && !am.maskToken)) {
      return undefined;
    }
    const what = words[0] === "match" ? "This identity match" : "This key";
    const text = keyAddressHover(model, am.address, am.mask, what);
    return result(
      index === addressAt + 2
        ? `${describeMask(undefined, am.mask)}\n\n${text}`
        : text,
      range,
    );
  }
  // `ip address A M`
  if (
    ctx === "interface" &&
    words[0] === "ip" &&
    words[1] === "address" &&
    (index === 2 || index === 3)
  ) {
    const address = parseIpv4(node.words[2]?.text ?? "");
    const mask = parseIpv4(node.words[3]?.text ?? "");
    if (address === undefined || mask === undefined) {
      return undefined;
    }
    return result(describeMask(address, mask), range);
  }
  // `ip route [vrf V] N M [IF] [H] [distance]`
  if (!node.parent && words[0] === "ip" && words[1] === "route") {
    const base = words[2] === "vrf" ? 4 : 2;
    const network = parseIpv4(node.words[base]?.text ?? "");
    const mask = parseIpv4(node.words[base + 1]?.text ?? "");
    if (network === undefined || mask === undefined || index < base) {
      return undefined;
    }
    if (index === base || index === base + 1) {
      const length = maskToPrefix(mask);
      const head =
        length === 0 && network === 0
          ? "**Default route** (0.0.0.0/0): used for every destination no longer prefix covers."
          : describeMask(network, mask);
      return result(head, range);
    }
    const hop = parseIpv4(token.text);
    if (hop !== undefined) {
      return result(
        `**Next hop ${token.text}**. ${describeRoute(model, hop)}`,
        range,
      );
    }
    if (/^\d+$/.test(token.text)) {
      return result(
        `**Administrative distance ${token.text}**: among routes to the same prefix, the lowest distance wins (static routes default to 1, connected 0).`,
        range,
      );
    }
    return undefined;
  }
  if (
    !node.parent &&
    words[0] === "ntp" &&
    (words[1] === "server" || words[1] === "peer") &&
    index === 2
  ) {
    const address = parseIpv4(token.text);
    return address === undefined
      ? undefined
      : result(
          `**NTP server ${token.text}**: keeps the clock right, which certificate validity checks depend on.\n\n${describeRoute(model, address)}`,
          range,
        );
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Access-list entries

function aclOfNode(
  node: ConfigNode,
): { name: string; first: number } | undefined {
  if (
    !node.parent &&
    node.words[0]?.text.toLowerCase() === "access-list" &&
    node.words[1]
  ) {
    return { name: node.words[1].text, first: 2 };
  }
  const parent = node.parent;
  if (
    parent &&
    !parent.parent &&
    startsWith(parent, "ip", "access-list") &&
    parent.words[3]
  ) {
    const explicit = /^\d+$/.test(node.words[0]?.text ?? "");
    return { name: parent.words[3].text, first: explicit ? 1 : 0 };
  }
  return undefined;
}

const PORT_OPERATORS = new Set(["eq", "neq", "lt", "gt", "range"]);

function within(inner: Range, outer: Range): boolean {
  return (
    inner.start.line === outer.start.line &&
    inner.start.character >= outer.start.character &&
    inner.end.character <= outer.end.character
  );
}

function sideHover(node: ConfigNode, side: Range, role: string): string {
  const words = node.words
    .filter((t) => within(t.range, side))
    .map((t) => t.text);
  const lower = words.map((w) => w.toLowerCase());
  if (lower[0] === "any") {
    return `**${role}: any address.**`;
  }
  if (lower[0] === "host") {
    return `**${role}: host ${words[1] ?? ""}**, exactly one address.`;
  }
  const address = parseIpv4(words[0] ?? "");
  const wildcard = words[1] === undefined ? 0 : parseIpv4(words[1]);
  if (address === undefined || wildcard === undefined) {
    return `**${role}**`;
  }
  return `**${role}:** ${describeWildcardPair(words[0]!, address, wildcard)}`;
}

const aclProvider: Provider = (input) => {
  const { model, node, index, token } = input;
  const acl = aclOfNode(node);
  if (!acl) {
    return undefined;
  }
  const list = model.acls.get(acl.name);
  // The leading `access-list` keyword explains the whole list, as its name does.
  if (index === 0 && acl.first === 2) {
    const occurrence = occurrenceAt(model, node.words[1]!.range.start);
    if (occurrence) {
      return result(
        objectHover({ model, settings: input.settings, occurrence }),
        token.range,
      );
    }
  }
  const entry = list?.entries.find((e) => e.node === node);
  if (!list || !entry) {
    return undefined;
  }
  if (within(token.range, entry.sourceRange)) {
    return result(
      sideHover(node, entry.sourceRange, "Source"),
      entry.sourceRange,
    );
  }
  if (list.kind === "extended" && within(token.range, entry.destinationRange)) {
    return result(
      sideHover(node, entry.destinationRange, "Destination"),
      entry.destinationRange,
    );
  }
  const word = input.words[index] ?? "";
  if (index === acl.first && (word === "permit" || word === "deny")) {
    const use = isCryptoAcl(model, acl.name) ? "crypto" : "filter";
    const note = use === "crypto" ? "in a crypto ACL, " : "in a filter, ";
    return result(
      `**${word}**: ${note}${ACL_ACTION_MEANINGS[use][word]}.`,
      token.range,
    );
  }
  if (list.kind === "extended" && index === acl.first + 1) {
    const meaning = ACL_PROTOCOL_MEANINGS[word];
    const number = protocolNumber(word);
    if (meaning || number !== undefined) {
      return result(
        `**${token.text}**: ${meaning ?? `IP protocol ${number}`}.`,
        token.range,
      );
    }
  }
  const operator = input.words[index - 1] ?? "";
  if (PORT_OPERATORS.has(operator) || input.words[index - 2] === "range") {
    const port = portNumber(token.text, entry.protocol);
    if (port !== undefined) {
      const meaning = IPSEC_PORT_MEANINGS[port];
      return result(
        `**Port ${port}**${/^\d+$/.test(token.text) ? "" : ` (\`${token.text}\`)`}${meaning ? `: ${meaning}` : ""}.`,
        token.range,
      );
    }
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// Lines whose meaning is their presence, and the keyword table

const specialLineProvider: Provider = (input) => {
  const { model, node } = input;
  if (node === model.isakmpDisabled) {
    return result(
      "**IKEv1 is turned off** on this router: it neither starts nor answers ISAKMP, so no `ipsec-isakmp` crypto map entry can come up. `crypto isakmp enable` turns it back on.",
      input.token.range,
    );
  }
  if (node === model.natTransparencyDisabled) {
    return result(
      "**NAT traversal is turned off**: through a NAT device, ESP is not wrapped in UDP 4500 and is likely dropped.",
      input.token.range,
    );
  }
  if (node === model.isakmpDefaultPolicyDisabled) {
    return result(
      "**The built-in default IKE policies are turned off**: only the configured `crypto isakmp policy` sections are offered and accepted.",
      input.token.range,
    );
  }
  // The lines IOS prints above the configuration (`Building configuration...`), kept in a saved
  // `show running-config`.
  if (node.indent === 0) {
    const header = SHOW_FIELDS["running-config"]?.find((f) =>
      f.pattern.test(node.text),
    );
    if (header) {
      return result(
        header.meaning,
        lineRange(node.line, 0, node.text.trimEnd().length),
      );
    }
  }
  return undefined;
};

/**
 * A command's syntax as the line wrote it: a keyword with alternatives (`tcp|udp|tcp-udp`) shows
 * the one on the line, or its first when the line stops before it.
 */
function syntaxAsWritten(
  syntax: string,
  assignment: readonly number[],
  words: readonly string[],
): string {
  return syntax
    .split(" ")
    .map((part, element) => {
      if (!part.includes("|")) {
        return part;
      }
      const at = assignment.indexOf(element);
      return at >= 0 && words[at] !== undefined
        ? words[at]!.toLowerCase()
        : part.replace(/\|[^|?]+/g, "");
    })
    .join(" ");
}

const keywordProvider: Provider = (input) => {
  if (!input.context) {
    return undefined;
  }
  const explained = explainLine(input.context, input.words);
  if (!explained || input.index >= explained.matched) {
    return undefined;
  }
  const element =
    explained.command.elements[explained.assignment[input.index] ?? -1];
  if (!element) {
    return undefined;
  }
  const head = `\`${syntaxAsWritten(explained.command.syntax, explained.assignment, input.words)}\`\n\n${explained.command.summary}`;
  if (element.type === "choice") {
    // A multi-word value (`aes 256`, `ipsec ipv4`) is explained by whichever of its words is
    // hovered; a repeated choice (`encryption aes-cbc-256 3des`) by the value under the cursor.
    const longestFirst = [...element.values].sort(
      (a, b) => b.value.length - a.value.length,
    );
    let at = explained.assignment.indexOf(explained.assignment[input.index]!);
    while (at <= input.index) {
      const written = input.words.slice(at).join(" ");
      const value = longestFirst.find(
        (v) => written === v.value || written.startsWith(`${v.value} `),
      );
      const span = value ? value.value.split(" ").length : 1;
      if (input.index < at + span) {
        if (value) {
          return result(
            `**${value.value}**: ${value.meaning}.\n\n${head}`,
            input.token.range,
          );
        }
        break;
      }
      at += span;
    }
  }
  return result(head, input.token.range);
};

/** A certificate of a chain, on its `certificate` line or its hex lines. */
const certificateProvider: Provider = ({ model, node, now }) =>
  certificateHover(model, node, now);

const PROVIDERS: readonly Provider[] = [
  certificateProvider,
  secretProvider,
  objectProvider,
  policyProvider,
  ikev2ProposalLineProvider,
  transformProvider,
  mapEntryProvider,
  pfsProvider,
  lifetimeProvider,
  addressProvider,
  aclProvider,
  specialLineProvider,
  keywordProvider,
];
