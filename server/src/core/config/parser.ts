import {
  isContiguousMask,
  maskToPrefix,
  parseIpv4,
  prefixToMask,
  prefixOf,
} from "../ipv4/address";
import {
  ISAKMP_POLICY_DEFAULTS,
  TRANSFORM_MODE_DEFAULT,
  STATIC_ROUTE_DISTANCE,
} from "../knowledge/iosDefaults";
import { ikev2ValueProblem } from "../knowledge/ikev2ProposalValues";
import { policyValueProblem } from "../knowledge/isakmpAttributes";
import { PFS_RULES } from "../knowledge/negotiation";
import { parseIpv6, parseIpv6Prefix, type Ipv6Prefix } from "../ipv6/address";
import { lineRange, type Range } from "../text/position";
import type {
  CertificateMapRule,
  ChainCertificate,
  ChainCertificateRole,
  ConfigModel,
  CryptoMapEntry,
  Definition,
  IdentityMatch,
  Ikev2Identity,
  Ikev2Authentication,
  Ikev2Keyring,
  Ikev2KeyringPeer,
  Ikev2Policy,
  Ikev2Profile,
  Ikev2Proposal,
  Interface,
  IsakmpAttributes,
  IsakmpPolicy,
  Keyring,
  ObjectKind,
  ParseProblemKind,
  PresharedKey,
  Reference,
  ReplayWindow,
  Secret,
  SecretType,
  Transform,
  TransformSet,
  VolumeLifetime,
} from "./model";
import { ACL_USE_FIRST_WORDS, aclUsesOf } from "./aclUses";
import { ACL_WORDS, LineAcl, numberedAclKind } from "./aclLine";
import { LineObjectGroup } from "./objectGroups";
import {
  withRange,
  LineDefinition,
  LineInterface,
  LineProblem,
  LineReference,
  LineRouteMapClause,
  LineSecret,
} from "./lineEntries";
import { LineWords } from "./lineWords";
import {
  buildTree,
  buildTreeOfLines,
  closingEndIndex,
  keywordAmong,
  keywordAt,
  KeywordSet,
  reviseTree,
  startsWith,
  wordsRange,
  type ConfigNode,
  type ConfigTree,
  type Token,
} from "./tree";
import { readIpv6Acl } from "./ipv6Acl";
import { patchModel, type SectionSeed } from "./modelPatch";
import { parseZoneFirewallSection } from "./zoneFirewallParser";

/**
 * Turns config text into the model. It reads line by line and never throws: a line it does not
 * know stays in the tree as an opaque node, and a line it knows but cannot read becomes a problem.
 */

/** Normalises an interface name so `FastEthernet0/0`, `fastethernet 0/0` and `Fa0/0` compare equal. */
export function interfaceKey(name: string): string {
  // Remembered: the peer analysis asks for each pair's tunnel source, the same few names over
  // and over (a DMVPN cloud of 600 spokes: 360,000 times per first analysis).
  let key = INTERFACE_KEYS.get(name);
  if (key === undefined) {
    if (INTERFACE_KEYS.size >= INTERFACE_KEYS_LIMIT) {
      INTERFACE_KEYS.clear();
    }
    key = normaliseInterfaceName(name);
    INTERFACE_KEYS.set(name, key);
  }
  return key;
}

/** Names normalised so far, and how many are kept before starting over (memory stays bounded). */
const INTERFACE_KEYS = new Map<string, string>();
const INTERFACE_KEYS_LIMIT = 10_000;

function normaliseInterfaceName(name: string): string {
  const compact = name.replace(/\s+/g, "").toLowerCase();
  // The type is the leading run of letters and dashes; a scan, not a regex, keeps it linear.
  let end = 0;
  while (end < compact.length && isTypeLetter(compact.charCodeAt(end))) {
    end++;
  }
  if (end === 0) {
    return compact;
  }
  const type = compact.slice(0, end);
  const rest = compact.slice(end);
  const full =
    INTERFACE_ABBREVIATIONS.find(
      (t) => t.startsWith(type) && type.length >= 2,
    ) ?? type;
  return full + rest;
}

/** a-z or a dash. */
function isTypeLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || code === 45;
}

/** Interface types in the order IOS resolves their abbreviations. */
const INTERFACE_ABBREVIATIONS = [
  "fastethernet",
  "gigabitethernet",
  "tengigabitethernet",
  "fortygigabitethernet",
  "hundredgige",
  "ethernet",
  "serial",
  "tunnel",
  "loopback",
  "dialer",
  "virtual-template",
  "vlan",
  "port-channel",
  "atm",
  "bvi",
  "cellular",
  "multilink",
];

/**
 * Parses a config into its model. With `previous`, the model of the same document's previous
 * version, only the sections the edit touched are split into words again (see `updateTree`), and
 * when they are local ones their model entries replace the old ones (see `patchModel`);
 * `previous` must not be used afterwards.
 */
export function parseConfig(text: string, previous?: ConfigModel): ConfigModel {
  if (!previous) {
    const tree = buildTree(text);
    return buildModel(tree, tree.roots);
  }
  const revision = reviseTree(previous.tree, text);
  // Lines after a closing `end`, before or after the edit, change which sections are read at
  // all: the whole model is read again, so the patch never has to know.
  const patched =
    previous.closingEnd || closingEndIndex(revision.tree.roots) >= 0
      ? undefined
      : patchModel(previous, revision, buildModel);
  return patched ?? buildModel(revision.tree, revision.tree.roots);
}

/**
 * The model of lines `from` to `to` (exclusive) of a longer text, with that text's line numbers:
 * the configuration a capture prints (see `capture/runningConfigs.ts`).
 */
export function parseConfigLines(
  lines: readonly string[],
  from: number,
  to: number,
): ConfigModel {
  const tree = buildTreeOfLines(lines, from, to);
  return buildModel(tree, tree.roots);
}

/** The model of some top-level sections of a tree (all of them for a whole config). */
function buildModel(
  tree: ConfigTree,
  sections: ConfigNode[],
  seed?: SectionSeed,
): ConfigModel {
  // IOS stops reading at a top-level `end`: the sections after it are not configured.
  const end = closingEndIndex(sections);
  const roots = end >= 0 ? sections.slice(0, end + 1) : sections;
  const model: ConfigModel = {
    tree,
    interfaces: [],
    routes: [],
    routes6: [],
    acls6: [],
    routerProcesses: [],
    acls: new Map(seed?.acls),
    objectGroups: seed?.objectGroups ?? new Map(),
    isakmpPolicies: [],
    globalKeys: [],
    keyrings: [],
    isakmpProfiles: [],
    ikev2Proposals: [],
    ikev2Policies: [],
    ikev2Keyrings: [],
    ikev2Profiles: [],
    flexvpnClients: [],
    transformSets: [],
    cryptoMaps: new Map(),
    cryptoMaps6: new Map(),
    dynamicMaps: new Map(),
    ipsecProfiles: [],
    identities: [],
    trustpoints: [],
    certificateMaps: new Map(),
    ipsecLifetime: {},
    ntpServers: [],
    staticHosts: [],
    natRules: [],
    natPools: [],
    routeMaps: [],
    zones: [],
    zonePairs: [],
    inspectClassMaps: [],
    inspectPolicyMaps: [],
    definitions: [],
    references: [],
    secrets: [],
    problems: [],
  };
  if (end >= 0) {
    model.closingEnd = sections[end];
  }
  const ctx = new ParseContext(model, new Set(seed?.routeMapNames));
  // Indexed: a `for...of` around a `try` made an iterator result per line (2 MB on config-100k).
  for (let i = 0; i < roots.length; i++) {
    const node = roots[i]!;
    try {
      parseTopLevel(ctx, node);
    } catch (error) {
      // A parser bug must not cost the user the rest of the file.
      model.problems.push(
        new LineProblem(
          "unreadable",
          `could not read this line: ${String(error)}`,
          node,
          node.indent,
          node.text.trimEnd().length,
        ),
      );
    }
  }
  for (const map of [
    ...model.cryptoMaps.values(),
    ...model.cryptoMaps6.values(),
    ...model.dynamicMaps.values(),
  ]) {
    map.entries.sort((a, b) => a.sequence - b.sequence);
  }
  markIpv6DynamicMaps(model);
  model.isakmpPolicies.sort((a, b) => a.priority - b.priority);
  dropBuiltInProposalReferences(ctx);
  return model;
}

/**
 * `standby [N] ip X [secondary]` and `standby N name NAME` (HSRP; group 0 when no number is
 * written): what IPsec failover (`crypto map NAME redundancy GROUP`) reads of the group.
 */
function readStandbyLine(
  ctx: ParseContext,
  iface: Interface,
  child: ConfigNode,
): void {
  const w = child.words;
  const numbered = /^\d+$/.test(w[1]?.text ?? "");
  const group = numbered ? Number(w[1]!.text) : 0;
  const at = numbered ? 2 : 1;
  const keyword = lower(w[at]);
  if (keyword !== "ip" && keyword !== "name") {
    return;
  }
  const groups = (iface.standby ??= []);
  let entry = groups.find((g) => g.group === group);
  if (!entry) {
    entry = { group, node: child };
    groups.push(entry);
  }
  if (keyword === "ip") {
    const address = parseIpv4(w[at + 1]?.text ?? "");
    if (address !== undefined && lower(w[at + 2]) !== "secondary") {
      entry.address = address;
      entry.node = child;
    }
  } else if (w[at + 1]) {
    entry.name = w[at + 1]!.text;
    ctx.define("standby-group", w[at + 1]!, child);
  }
}

/**
 * A dynamic map an IPv6 crypto map entry points at (`crypto map ipv6 M 10 ipsec-isakmp dynamic D`)
 * is an IPv6 template: its entries' `match address` names an IPv6 ACL, which its line alone did
 * not tell when it was read.
 */
function markIpv6DynamicMaps(model: ConfigModel): void {
  for (const map of model.cryptoMaps6.values()) {
    for (const entry of map.entries) {
      const dynamic = entry.dynamicMap
        ? model.dynamicMaps.get(entry.dynamicMap.name)
        : undefined;
      for (const template of dynamic?.entries ?? []) {
        template.ipv6 = true;
        if (template.matchAddress?.kind === "acl") {
          template.matchAddress.kind = "ipv6-acl";
        }
      }
    }
  }
}

/**
 * `proposal default` in an IKEv2 policy names the built-in proposal unless the config defines one
 * called `default`: only then is it a reference (for rename and undefined-reference).
 */
function dropBuiltInProposalReferences(ctx: ParseContext): void {
  const refs = ctx.builtInProposalRefs;
  if (
    !refs.length ||
    ctx.model.ikev2Proposals.some((p) => p.name === "default")
  ) {
    return;
  }
  const drop = new Set(refs);
  ctx.model.references = ctx.model.references.filter((r) => !drop.has(r));
}

/** Helpers that record definitions and references while parsing. */
class ParseContext {
  constructor(
    readonly model: ConfigModel,
    /** Route-maps defined so far (the first clause defines, later ones refer). */
    readonly routeMapNames: Set<string>,
  ) {}

  /** Lookups that keep parsing linear on configs with thousands of entries (no scans per line). */
  readonly entriesBySequence = new Map<object, Map<number, CryptoMapEntry>>();
  readonly transformSetsByName = new Map<string, TransformSet>();
  /** `proposal default` lines of IKEv2 policies, which may name the built-in proposal. */
  readonly builtInProposalRefs: Reference[] = [];

  ref(
    kind: ObjectKind,
    token: Token | undefined,
    node: ConfigNode,
  ): Reference | undefined {
    return token
      ? this.refAt(kind, token.text, node, token.start, token.end)
      : undefined;
  }

  /** A reference to `name`, written on `node`'s line between columns `from` and `to`. */
  refAt(
    kind: ObjectKind,
    name: string,
    node: ConfigNode,
    from: number,
    to: number,
  ): Reference {
    const reference = new LineReference(kind, name, node, from, to);
    this.model.references.push(reference);
    return reference;
  }

  define(kind: ObjectKind, token: Token, node: ConfigNode): Definition {
    return this.defineAt(kind, token.text, node, token.start, token.end);
  }

  /** A definition of `name`, written on `node`'s line between columns `from` and `to`. */
  defineAt(
    kind: ObjectKind,
    name: string,
    node: ConfigNode,
    from: number,
    to: number,
  ): Definition {
    const definition = new LineDefinition(kind, name, node, from, to);
    this.model.definitions.push(definition);
    return definition;
  }

  /** The secret written on `node`'s line, after its type digit when there is one. */
  secret(
    typeToken: Token | undefined,
    valueToken: Token | undefined,
    node: ConfigNode,
  ): Secret | undefined {
    if (!valueToken && !typeToken) {
      return undefined;
    }
    let type: SecretType = 0;
    let value = valueToken;
    if (typeToken && valueToken && /^[05-9]$/.test(typeToken.text)) {
      type = Number(typeToken.text) as SecretType;
    } else if (typeToken && !valueToken) {
      value = typeToken;
    } else if (typeToken && valueToken) {
      value = typeToken;
    }
    if (!value) {
      return undefined;
    }
    const secret = new LineSecret(
      type,
      value.text,
      node,
      value.start,
      value.end,
    );
    this.model.secrets.push(secret);
    return secret;
  }

  /** A problem with the words of `node`'s line between columns `from` and `to`. */
  problem(
    kind: ParseProblemKind,
    message: string,
    node: ConfigNode,
    from: number,
    to: number,
  ): void {
    this.model.problems.push(new LineProblem(kind, message, node, from, to));
  }
}

function lower(token: Token | undefined): string {
  return token?.text.toLowerCase() ?? "";
}

/**
 * A word of digits as a number. IOS numbers fit in 32 bits, so a longer run is not read as one (a
 * sequence of 400 nines became Infinity in hovers).
 */
/**
 * The anti-replay setting whose `window-size N` or `disable` is the word at `at`; undefined for
 * anything else (IOS refuses it). A `window-size` without its number is the default, 64 packets.
 */
function replayWindowOf(
  w: readonly Token[],
  at: number,
  node: ConfigNode,
): ReplayWindow | undefined {
  const kind = lower(w[at]);
  if (kind === "disable") {
    return { disabled: true, node };
  }
  const size =
    kind === "window-size" ? (w[at + 1] ? num(w[at + 1]) : 64) : undefined;
  return size === undefined ? undefined : { disabled: false, node, size };
}

/**
 * The lifetime of a line whose unit is the word at `at`: `seconds N`, `kilobytes N`, or
 * `kilobytes disable`, which turns the volume lifetime off; undefined for anything else (IOS
 * refuses it).
 */
function lifetimeOf(
  w: readonly Token[],
  at: number,
):
  | { unit: "seconds"; value: number }
  | { unit: "kilobytes"; value: VolumeLifetime }
  | undefined {
  const unit = lower(w[at]);
  if (unit !== "seconds" && unit !== "kilobytes") {
    return undefined;
  }
  if (unit === "kilobytes" && lower(w[at + 1]) === "disable") {
    return { unit, value: "disabled" };
  }
  const value = num(w[at + 1]);
  return value === undefined ? undefined : { unit, value };
}

/** Reads a `set security-association lifetime ...` line into its crypto map entry or IPsec profile. */
function setLifetime(
  holder: Pick<CryptoMapEntry, "lifetimeSeconds" | "lifetimeKilobytes">,
  w: readonly Token[],
  node: ConfigNode,
): void {
  const lifetime = lifetimeOf(w, 3);
  if (lifetime?.unit === "seconds") {
    holder.lifetimeSeconds = { value: lifetime.value, node };
  } else if (lifetime) {
    holder.lifetimeKilobytes = { value: lifetime.value, node };
  }
}

function num(token: Token | undefined): number | undefined {
  return token && /^\d{1,10}$/.test(token.text)
    ? Number(token.text)
    : undefined;
}

/** The first words of the top-level commands `parseTopLevel` reads; other lines cost no split. */
const TOP_LEVEL_HANDLED = new Set([
  "hostname",
  "version",
  "interface",
  "ip",
  "ipv6",
  "access-list",
  "crypto",
  "ntp",
  "route-map",
  "router",
  "sntp",
  "username",
  "enable",
  "line",
  "zone",
  "zone-pair",
  "class-map",
  "policy-map",
  "object-group",
]);

/** The commands whose handler reads the line's words itself. */
const HANDLED_ELSEWHERE = new Set([
  "interface",
  "line",
  "ip",
  "access-list",
  "crypto",
  "route-map",
  "username",
  "enable",
  "zone",
  "zone-pair",
  "class-map",
  "policy-map",
  "object-group",
]);

/** Every first word `parseTopLevel` and `aclUsesOf` look at; other lines read as "". */
const TOP_LEVEL_WORDS = new KeywordSet(
  new Set([...TOP_LEVEL_HANDLED, ...ACL_USE_FIRST_WORDS]),
);

/** Top-level commands that open sections or stand alone. */
function parseTopLevel(ctx: ParseContext, node: ConfigNode): void {
  const first = keywordAmong(node, 0, TOP_LEVEL_WORDS);
  if (node.negated) {
    if (first !== "crypto") {
      return;
    }
    const w = node.words;
    if (
      startsWith(node, "crypto", "isakmp") &&
      (w.length === 2 || lower(w[2]) === "enable")
    ) {
      ctx.model.isakmpDisabled = node;
    } else if (
      startsWith(
        node,
        "crypto",
        "ipsec",
        "nat-transparency",
        "udp-encapsulation",
      )
    ) {
      ctx.model.natTransparencyDisabled = node;
    } else if (startsWith(node, "crypto", "isakmp", "default", "policy")) {
      ctx.model.isakmpDefaultPolicyDisabled = node;
    }
    return;
  }
  // ACLs named outside the crypto configuration (vty, SNMP, NTP, HTTP, distribute-lists).
  const uses = aclUsesOf(node, first);
  for (let i = 0; i < uses.length; i++) {
    const use = uses[i]!;
    ctx.ref("acl", use.acl, use.node);
    ctx.secret(undefined, use.secret, use.node);
  }
  if (!TOP_LEVEL_HANDLED.has(first)) {
    return;
  }
  // Lines handed to a handler are split there, or not at all (`ip prefix-list`).
  const w = HANDLED_ELSEWHERE.has(first) ? [] : node.words;
  switch (first) {
    case "hostname":
      if (w[1]) {
        ctx.model.hostname = { name: w[1].text, node };
      }
      return;
    case "version": {
      const m = /^(\d+)\.(\d+)/.exec(w[1]?.text ?? "");
      if (m) {
        ctx.model.version = {
          text: w[1]!.text,
          major: Number(m[1]),
          minor: Number(m[2]),
          node,
        };
      }
      return;
    }
    case "interface":
      parseInterface(ctx, node);
      return;
    case "ip":
      parseIpCommand(ctx, node);
      return;
    case "ipv6":
      if (lower(w[1]) === "route") {
        parseRoute6(ctx, node);
      } else if (lower(w[1]) === "access-list" && w[2]) {
        ctx.define("ipv6-acl", w[2], node);
        ctx.model.acls6.push(readIpv6Acl(node, w[2].text));
      } else if (lower(w[1]) === "router" && w[2]) {
        // `ipv6 router ospf 1` and the like learn IPv6 routes the config does not show.
        ctx.model.routerProcesses.push({ protocol: lower(w[2]), node });
      }
      return;
    case "access-list":
      parseNumberedAcl(ctx, node);
      return;
    case "object-group":
      parseObjectGroup(ctx, node);
      return;
    case "crypto":
      parseCrypto(ctx, node);
      return;
    case "ntp":
      if (lower(w[1]) === "server" || lower(w[1]) === "peer") {
        const target = w[2]?.text === "vrf" ? w[4] : w[2];
        if (target) {
          const address = parseIpv4(target.text);
          ctx.model.ntpServers.push(
            address === undefined
              ? { hostname: target.text, node }
              : { address, node },
          );
        }
      } else if (lower(w[1]) === "master") {
        ctx.model.ntpMaster = node;
      }
      return;
    case "route-map":
      parseRouteMap(ctx, node);
      return;
    case "router":
      // Any routing process may learn routes the config does not show (`router ospf 1`, `router bgp 65000`).
      if (w[1]) {
        ctx.model.routerProcesses.push({ protocol: lower(w[1]), node });
      }
      return;
    case "sntp":
      if (lower(w[1]) === "server" && w[2]) {
        const address = parseIpv4(w[2].text);
        ctx.model.ntpServers.push(
          address === undefined
            ? { hostname: w[2].text, node }
            : { address, node },
        );
      }
      return;
    case "username":
    case "enable":
      parsePasswordLine(ctx, node);
      return;
    case "line":
      // `password [7] X` of the console and vty lines: masked, and judged as any type 7 secret.
      for (const child of node.children) {
        if (!child.negated && startsWith(child, "password")) {
          ctx.secret(child.words[1], child.words[2], child);
        }
      }
      return;
    case "zone":
    case "zone-pair":
    case "class-map":
    case "policy-map":
      // The zone-based firewall (only its inspect maps: QoS maps are read no further).
      parseZoneFirewallSection(ctx, node, first);
      return;
    default:
      return;
  }
}

/** Records secrets of `username X password 7 Y` and `enable password|secret`. */
function parsePasswordLine(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const at = w.findIndex((t) => ["password", "secret"].includes(lower(t)));
  if (at > 0 || (at === 1 && lower(w[0]) === "enable")) {
    ctx.secret(w[at + 1], w[at + 2], node);
  }
}

/** The first words of the interface commands `parseInterface` reads (not `description`...). */
const INTERFACE_COMMANDS_HANDLED = new Set([
  "ip",
  "ipv6",
  "standby",
  "shutdown",
  "crypto",
  "vrf",
  "tunnel",
  "zone-member",
]);

/**
 * The reader for interface lines: a big config has thousands of interfaces, and their headers and
 * `ip address` lines are most of what is read of them.
 */
const LINE_WORDS = new LineWords();

function parseInterface(ctx: ParseContext, node: ConfigNode): void {
  const head = LINE_WORDS.read(node);
  if (head.count < 2) {
    return;
  }
  // `interface FastEthernet 0/0` splits the name in two words; `point-to-point` etc. are not part of it.
  let name = head.word(1);
  let last = 1;
  for (let i = 2; i < head.count; i++) {
    const c = head.text.charCodeAt(head.start(i));
    if (c >= 48 && c <= 57) {
      name += head.word(i);
      last = i;
    }
  }
  const from = head.start(1);
  const to = head.end(last);
  const iface = new LineInterface(name, interfaceKey(name), node, from, to);
  ctx.defineAt("interface", name, node, from, to);
  for (const child of node.children) {
    if (child.negated) {
      if (startsWith(child, "shutdown")) {
        iface.shutdown = false;
      } else if (startsWith(child, "ip", "nhrp")) {
        readNhrpSwitch(iface, child, false);
      }
      continue;
    }
    if (!INTERFACE_COMMANDS_HANDLED.has(keywordAt(child, 0))) {
      continue;
    }
    if (startsWith(child, "ip", "address")) {
      readInterfaceAddress(ctx, iface, child);
      continue;
    }
    if (startsWith(child, "ipv6", "address")) {
      readInterfaceAddress6(iface, child);
      continue;
    }
    if (startsWith(child, "ipv6", "nhrp")) {
      readNhrp6Line(ctx, iface, child);
      continue;
    }
    if (startsWith(child, "ipv6", "traffic-filter")) {
      const name = child.words[2]?.text;
      if (name) {
        ctx.ref("ipv6-acl", child.words[2], child);
        (iface.trafficFilters ??= []).push({
          name,
          direction: lower(child.words[3]) === "out" ? "out" : "in",
          node: child,
        });
      }
      continue;
    }
    // Words are split only for the commands read below (`ip mtu` and the like are not).
    if (startsWith(child, "ip", "unnumbered")) {
      iface.unnumbered = ctx.ref(
        "interface",
        joinInterfaceName(child.words.slice(2)),
        child,
      );
    } else if (startsWith(child, "shutdown")) {
      iface.shutdown = true;
    } else if (startsWith(child, "ip", "access-group") && child.words[2]) {
      const direction = lower(child.words[3]) === "out" ? "out" : "in";
      const acl = ctx.ref("acl", child.words[2], child);
      if (acl) {
        iface.accessGroups.push({ acl, direction });
      }
    } else if (startsWith(child, "crypto", "map")) {
      iface.cryptoMap = ctx.ref("crypto-map", child.words[2], child);
      if (lower(child.words[3]) === "redundancy") {
        const named = child.words[4] && lower(child.words[4]) !== "stateful";
        if (named) {
          ctx.ref("standby-group", child.words[4], child);
        }
        iface.cryptoMapRedundancy = {
          group: named ? child.words[4]!.text : undefined,
          stateful: child.words.some((w) => lower(w) === "stateful"),
          node: child,
        };
      }
    } else if (startsWith(child, "standby")) {
      readStandbyLine(ctx, iface, child);
    } else if (startsWith(child, "ipv6", "crypto", "map")) {
      iface.cryptoMap6 = ctx.ref("ipv6-crypto-map", child.words[3], child);
    } else if (
      startsWith(child, "ip", "nat") &&
      (lower(child.words[2]) === "inside" ||
        lower(child.words[2]) === "outside")
    ) {
      iface.nat = {
        side: lower(child.words[2]) as "inside" | "outside",
        node: child,
      };
    } else if (startsWith(child, "ip", "nat", "enable")) {
      iface.natEnable = child;
    } else if (
      startsWith(child, "ip", "vrf", "forwarding") ||
      startsWith(child, "vrf", "forwarding")
    ) {
      iface.vrf = child.words[child.words.length - 1]?.text;
    } else if (startsWith(child, "tunnel", "vrf")) {
      const name = child.words[2]?.text;
      if (name) {
        iface.tunnel.vrf = { name, node: child };
      }
    } else if (startsWith(child, "tunnel", "source")) {
      const text = child.words[2]?.text ?? "";
      const address = parseIpv4(text);
      const address6 = address === undefined ? parseIpv6(text) : undefined;
      iface.tunnel.source =
        address !== undefined
          ? { address, node: child }
          : address6 !== undefined
            ? { address6, node: child }
            : {
                interface: ctx.ref(
                  "interface",
                  joinInterfaceName(child.words.slice(2)),
                  child,
                ),
                node: child,
              };
    } else if (startsWith(child, "tunnel", "destination")) {
      const text = child.words[2]?.text ?? "";
      const address = parseIpv4(text);
      const address6 = address === undefined ? parseIpv6(text) : undefined;
      iface.tunnel.destination =
        address !== undefined
          ? { address, node: child }
          : address6 !== undefined
            ? { address6, node: child }
            : lower(child.words[2]) === "dynamic" && child.words.length === 3
              ? { dynamic: true, node: child }
              : { hostname: child.words[2]?.text, node: child };
    } else if (
      startsWith(child, "tunnel", "protection", "ipsec", "policy", "ipv4") &&
      child.words[5]
    ) {
      iface.tunnel.policy = ctx.ref("acl", child.words[5], child);
    } else if (startsWith(child, "tunnel", "protection", "ipsec", "profile")) {
      iface.tunnel.protection = ctx.ref("ipsec-profile", child.words[4], child);
      iface.tunnel.shared = child.words
        .slice(5)
        .some((t) => lower(t) === "shared");
    } else if (startsWith(child, "tunnel", "key")) {
      const value = num(child.words[2]);
      if (value !== undefined) {
        iface.tunnel.key = { value, node: child };
      }
    } else if (startsWith(child, "ip", "nhrp")) {
      readNhrpLine(ctx, iface, child);
    } else if (startsWith(child, "zone-member", "security")) {
      iface.zone = ctx.ref("zone", child.words[2], child);
    } else if (startsWith(child, "tunnel", "mode")) {
      iface.tunnel.mode = child.words
        .slice(2)
        .map((t) => t.text.toLowerCase())
        .join(" ");
    }
  }
  ctx.model.interfaces.push(iface);
}

/** `ip address A M [secondary]`, `ip address dhcp|negotiated`, read in place. */
/**
 * One `ip nhrp` line of an interface (DMVPN): what makes NHRP run (network id), what every router
 * of the cloud must share (authentication), how a spoke reaches its hubs (static mappings,
 * next-hop servers), and phase 3 (redirect, shortcut). Other NHRP settings (holdtime...) are not kept.
 */
function readNhrpLine(
  ctx: ParseContext,
  iface: LineInterface,
  node: ConfigNode,
): void {
  const w = node.words;
  if (readNhrpSwitch(iface, node, true)) {
    return;
  }
  const nhrp = (iface.nhrp ??= { maps: [], multicast: [], servers: [] });
  const what = lower(w[2]);
  if (readNhrpIdentity(ctx, nhrp, node, what)) {
    return;
  }
  if (what === "map" && lower(w[3]) === "multicast") {
    const dynamic = lower(w[4]) === "dynamic";
    const nbma = dynamic ? undefined : parseIpv4(w[4]?.text ?? "");
    if (dynamic || nbma !== undefined) {
      nhrp.multicast.push({ dynamic, nbma, node });
    }
  } else if (what === "map") {
    const address = parseIpv4(w[3]?.text ?? "");
    const nbma = parseIpv4(w[4]?.text ?? "");
    if (address !== undefined && nbma !== undefined) {
      nhrp.maps.push({ address, nbma, node });
    }
  } else if (what === "nhs") {
    const server = readNhs(w, parseIpv4);
    if (!server) {
      return;
    }
    const { address, nbma, nbmaWord } = server;
    const multicast = w.some((t, i) => i > 3 && lower(t) === "multicast");
    nhrp.servers.push({
      address,
      nbma,
      ...(nbmaWord !== undefined && nbma === undefined
        ? { nbmaName: nbmaWord }
        : {}),
      multicast,
      node,
    });
  }
}

/** `ip|ipv6 nhrp network-id N` and `... authentication STRING` (a secret); false for other lines. */
function readNhrpIdentity(
  ctx: ParseContext,
  nhrp: {
    networkId?: { value: number; node: ConfigNode };
    authentication?: { secret: string; node: ConfigNode };
  },
  node: ConfigNode,
  what: string,
): boolean {
  const w = node.words;
  if (what === "network-id") {
    const value = num(w[3]);
    if (value !== undefined) {
      nhrp.networkId = { value, node };
    }
    return true;
  }
  if (what === "authentication") {
    const secret = ctx.secret(undefined, w[3], node);
    if (secret) {
      nhrp.authentication = { secret: secret.value, node };
    }
    return true;
  }
  return false;
}

/**
 * `ip|ipv6 nhrp nhs ADDRESS|dynamic [nbma NBMA]`: the server's tunnel address (undefined for
 * `dynamic`) read by the family's parser, and its NBMA address; undefined for another form.
 */
function readNhs<A>(
  w: readonly Token[],
  parseAddress: (text: string) => A | undefined,
): { address?: A; nbma?: number; nbmaWord?: string } | undefined {
  const address = parseAddress(w[3]?.text ?? "");
  if (address === undefined && lower(w[3]) !== "dynamic") {
    return undefined;
  }
  const at = w.findIndex((t, i) => i > 3 && lower(t) === "nbma");
  const nbmaWord = at > 0 ? w[at + 1]?.text : undefined;
  const nbma = nbmaWord !== undefined ? parseIpv4(nbmaWord) : undefined;
  return { address, nbma, nbmaWord };
}

/**
 * An `ipv6 nhrp` line: the network id, the authentication string (a secret), next-hop servers
 * and mappings of IPv6 tunnel addresses to IPv4 NBMA addresses. Other forms are not read.
 */
function readNhrp6Line(
  ctx: ParseContext,
  iface: LineInterface,
  node: ConfigNode,
): void {
  const w = node.words;
  const nhrp = (iface.nhrp6 ??= { servers: [], maps: [] });
  const what = lower(w[2]);
  if (readNhrpIdentity(ctx, nhrp, node, what)) {
    return;
  }
  if (what === "map" && lower(w[3]) !== "multicast") {
    const text = w[3]?.text ?? "";
    const address = parseIpv6(
      text.includes("/") ? text.slice(0, text.indexOf("/")) : text,
    );
    const nbma = parseIpv4(w[4]?.text ?? "");
    if (address !== undefined && nbma !== undefined) {
      nhrp.maps.push({ address, nbma, node });
    }
  } else if (what === "nhs") {
    const server = readNhs(w, parseIpv6);
    if (server) {
      nhrp.servers.push({ address: server.address, nbma: server.nbma, node });
    }
  }
}

/** `[no] ip nhrp redirect` and `[no] ip nhrp shortcut`; false for any other `ip nhrp` line. */
function readNhrpSwitch(
  iface: LineInterface,
  node: ConfigNode,
  enabled: boolean,
): boolean {
  const what = lower(node.words[2]);
  // `ip nhrp redirect timeout N` is still the redirect.
  if (what !== "redirect" && what !== "shortcut") {
    return false;
  }
  const nhrp = (iface.nhrp ??= { maps: [], multicast: [], servers: [] });
  nhrp[what] = { enabled, node };
  return true;
}

function readInterfaceAddress(
  ctx: ParseContext,
  iface: Interface,
  child: ConfigNode,
): void {
  const w = LINE_WORDS.read(child);
  const address = w.ipv4(2);
  const mask = w.ipv4(3);
  if (address !== undefined && mask !== undefined) {
    const length = maskToPrefix(mask);
    if (length === undefined) {
      ctx.problem(
        "netmask",
        `${w.word(3)} is not a valid netmask`,
        child,
        w.start(3),
        w.end(3),
      );
      return;
    }
    iface.addresses.push({
      address,
      mask,
      prefix: prefixOf(address, length),
      secondary: w.is(4, "secondary"),
      node: child,
    });
  } else if (w.is(2, "dhcp") || w.is(2, "negotiated")) {
    iface.dynamicAddress = true;
  }
}

/**
 * `ipv6 address X/LEN [eui-64|anycast]` or `ipv6 address X link-local`; `autoconfig` and `dhcp`
 * learn the address, which the config does not hold.
 */
function readInterfaceAddress6(iface: Interface, child: ConfigNode): void {
  const w = child.words;
  const text = w[2]?.text ?? "";
  const linkLocal = lower(w[3]) === "link-local";
  const prefix = linkLocal ? readIpv6Prefix(text) : parseIpv6Prefix(text);
  if (!prefix) {
    return;
  }
  (iface.addresses6 ??= []).push({
    prefix,
    linkLocal,
    // The host part of an `eui-64` address comes from the MAC address, which the config lacks.
    ...(lower(w[3]) === "eui-64" ? { eui64: true } : {}),
    node: child,
  });
}

/**
 * An IPv6 prefix (`X/LEN`) or a lone address (a host prefix), as keyrings and identities write
 * them; a lone `::` stands for every address (`::/0`).
 */
function readIpv6Prefix(text: string): Ipv6Prefix | undefined {
  if (text.includes("/")) {
    return parseIpv6Prefix(text);
  }
  if (text === "::") {
    return { address: parseIpv6(text)!, length: 0 };
  }
  const address = parseIpv6(text);
  return address === undefined ? undefined : { address, length: 128 };
}

/** Words of an `ipv6 route` line that are neither an interface nor a next hop: with a value, and alone. */
const ROUTE6_VALUED = new Set(["name", "tag", "track"]);
const ROUTE6_FLAGS = new Set(["multicast", "unicast", "permanent"]);

/** `ipv6 route [vrf V] X/LEN {INTERFACE [NEXT-HOP] | NEXT-HOP} [DISTANCE] [name N] ...`. */
function parseRoute6(ctx: ParseContext, node: ConfigNode): void {
  let w = node.words.slice(2);
  let vrf: string | undefined;
  if (lower(w[0]) === "vrf") {
    vrf = w[1]?.text;
    w = w.slice(2);
  }
  const prefix = parseIpv6Prefix(w[0]?.text ?? "");
  if (!prefix) {
    return;
  }
  const route: ConfigModel["routes6"][number] = {
    prefix,
    distance: STATIC_ROUTE_DISTANCE,
    vrf,
    node,
  };
  for (let i = 1; i < w.length; i++) {
    const text = w[i]!.text;
    const hop = parseIpv6(text);
    if (hop !== undefined) {
      route.nextHop ??= hop;
    } else if (/^\d{1,3}$/.test(text)) {
      route.distance = Number(text);
    } else if (ROUTE6_VALUED.has(text.toLowerCase())) {
      // `name N`, `tag N`, `track N`: the value after it is not an interface.
      i++;
    } else if (ROUTE6_FLAGS.has(text.toLowerCase())) {
      continue;
    } else if (!route.exitInterface && !route.nextHop) {
      const joined = joinInterfaceName(w.slice(i));
      route.exitInterface = ctx.ref("interface", joined, node);
      if (joined && joined.text !== text) {
        i++;
      }
    }
  }
  ctx.model.routes6.push(route);
}

/** Joins `FastEthernet 0/0` written as two words into one token. */
function joinInterfaceName(tokens: Token[]): Token | undefined {
  const first = tokens[0];
  if (!first) {
    return undefined;
  }
  const second = tokens[1];
  if (second && /^\d/.test(second.text) && !/\d/.test(first.text)) {
    return {
      text: first.text + second.text,
      range: { start: first.range.start, end: second.range.end },
      start: first.start,
      end: second.end,
    };
  }
  return first;
}

/** The `ip` commands `parseIpCommand` reads (`ip prefix-list`, a quarter of big configs, is not). */
const IP_COMMANDS_HANDLED = new Set([
  "route",
  "access-list",
  "nat",
  "domain-name",
  "domain",
  "host",
]);

const IP_WORDS = new KeywordSet(IP_COMMANDS_HANDLED);

function parseIpCommand(ctx: ParseContext, node: ConfigNode): void {
  const second = keywordAmong(node, 1, IP_WORDS);
  if (!IP_COMMANDS_HANDLED.has(second)) {
    return;
  }
  const w = node.words;
  if (second === "route") {
    parseRoute(ctx, node);
  } else if (
    second === "access-list" &&
    (lower(w[2]) === "extended" || lower(w[2]) === "standard") &&
    w[3]
  ) {
    parseNamedAcl(ctx, node);
  } else if (second === "nat") {
    parseNat(ctx, node);
  } else if (second === "host" && w[2] && lower(w[2]) !== "vrf") {
    // `ip host NAME [TCP-PORT] ADDRESS...`: a port is a number that is not an address.
    const addresses = w.slice(3).flatMap((t) => {
      const address = parseIpv4(t.text);
      return address === undefined ? [] : [address];
    });
    if (addresses.length) {
      ctx.model.staticHosts.push({
        name: w[2].text.toLowerCase(),
        addresses,
        node,
      });
    }
  } else if (
    (second === "domain-name" ||
      (second === "domain" && lower(w[2]) === "name")) &&
    w[second === "domain" ? 3 : 2]
  ) {
    ctx.model.domainName = {
      name: w[second === "domain" ? 3 : 2]!.text,
      node,
    };
  }
}

function parseRoute(ctx: ParseContext, node: ConfigNode): void {
  let w = node.words.slice(2);
  let vrf: string | undefined;
  if (lower(w[0]) === "vrf") {
    vrf = w[1]?.text;
    w = w.slice(2);
  }
  const network = parseIpv4(w[0]?.text ?? "");
  const mask = parseIpv4(w[1]?.text ?? "");
  if (network === undefined || mask === undefined) {
    return;
  }
  const length = maskToPrefix(mask);
  if (length === undefined) {
    ctx.problem(
      "netmask",
      `${w[1]!.text} is not a valid netmask`,
      node,
      w[1]!.start,
      w[1]!.end,
    );
    return;
  }
  const rest = w.slice(2);
  const route: ConfigModel["routes"][number] = {
    prefix: prefixOf(network, length),
    distance: STATIC_ROUTE_DISTANCE,
    vrf,
    node,
  };
  let i = 0;
  const hop = rest[i] ? parseIpv4(rest[i]!.text) : undefined;
  if (hop !== undefined) {
    route.nextHop = hop;
    i++;
  } else if (rest[i] && !/^\d+$/.test(rest[i]!.text)) {
    const joined = joinInterfaceName(rest.slice(i));
    route.exitInterface = ctx.ref("interface", joined, node);
    i += joined && joined.text !== rest[i]!.text ? 2 : 1;
    const after = rest[i] ? parseIpv4(rest[i]!.text) : undefined;
    if (after !== undefined) {
      route.nextHop = after;
      i++;
    }
  }
  const distance = num(rest[i]);
  if (distance !== undefined) {
    route.distance = distance;
  }
  ctx.model.routes.push(route);
}

/** The ACL named by words `at` of the line `w` holds, made on its first line. */
function getAcl(
  ctx: ParseContext,
  w: LineWords,
  at: number,
  kind: "standard" | "extended",
  numbered: boolean,
  node: ConfigNode,
): LineAcl {
  const name = w.word(at);
  const known = ctx.model.acls.get(name);
  if (known) {
    // Later lines of the same ACL are uses of its name, so rename and references see them; they
    // share the ACL's name string (an ACL may be named on thousands of lines).
    ctx.refAt("acl", known.name, node, w.start(at), w.end(at));
    return known as LineAcl;
  }
  const acl = new LineAcl(
    name,
    kind,
    numbered,
    node,
    w.start(at),
    w.end(at),
    ctx.model.objectGroups,
  );
  ctx.model.acls.set(name, acl);
  ctx.defineAt("acl", name, node, w.start(at), w.end(at));
  return acl;
}

/** `access-list N ...`: the line joins its ACL, whose entries are read when asked for. */
function parseNumberedAcl(ctx: ParseContext, node: ConfigNode): void {
  const w = ACL_WORDS.read(node, 3);
  const n = w.number(1);
  const kind = n === undefined ? undefined : numberedAclKind(n);
  if (kind) {
    getAcl(ctx, w, 1, kind, true, node).add(node, w.is(2, "remark"));
    if (kind === "extended") {
      referObjectGroups(ctx, node);
    }
  }
}

/**
 * The object groups an extended ACL line names, as references (navigation, rename, undefined
 * names). Most lines name none, found without splitting them.
 */
function referObjectGroups(ctx: ParseContext, node: ConfigNode): void {
  if (!OBJECT_GROUP_WORD.test(node.text)) {
    return;
  }
  const w = ACL_WORDS.read(node);
  for (let i = 0; i + 1 < w.count; i++) {
    if (w.is(i, "object-group")) {
      ctx.refAt(
        "object-group",
        w.word(i + 1),
        node,
        w.start(i + 1),
        w.end(i + 1),
      );
    }
  }
}
const OBJECT_GROUP_WORD = /object-group/i;

/**
 * `object-group network|service NAME`: the group, its `group-object` lines as references. Its
 * other lines are read when an ACL line naming it is (see `config/objectGroups.ts`).
 */
function parseObjectGroup(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const kind = lower(w[1]);
  const name = w[2];
  if ((kind !== "network" && kind !== "service") || !name || w.length > 3) {
    return;
  }
  const known = ctx.model.objectGroups.get(name.text);
  if (known instanceof LineObjectGroup && known.kind === kind) {
    // Entered again: IOS adds the lines to the group.
    ctx.ref("object-group", name, node);
    known.sections.push(node);
  } else {
    ctx.define("object-group", name, node);
    if (!known) {
      ctx.model.objectGroups.set(
        name.text,
        new LineObjectGroup(name.text, kind, node, name.start, name.end),
      );
    }
  }
  for (const child of node.children) {
    if (!child.negated && startsWith(child, "group-object")) {
      ctx.ref("object-group", child.words[1], child);
    }
  }
}

/** `ip access-list standard|extended NAME` and its lines. */
function parseNamedAcl(ctx: ParseContext, node: ConfigNode): void {
  const w = ACL_WORDS.read(node, 4);
  const kind = w.lower(2) as "standard" | "extended";
  const acl = getAcl(ctx, w, 3, kind, false, node);
  acl.add(node, false);
  for (const child of node.children) {
    if (!child.negated) {
      acl.add(child, ACL_WORDS.read(child, 1).is(0, "remark"));
      if (kind === "extended") {
        referObjectGroups(ctx, child);
      }
    }
  }
}

function parseNat(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  if (lower(w[2]) === "pool" && w[3]) {
    ctx.model.natPools.push(ctx.define("nat-pool", w[3], node));
    return;
  }
  // `ip nat source ...` (no side) is an NVI rule; it translates like an inside source rule.
  const nvi = lower(w[2]) === "source";
  const side = nvi ? "inside" : lower(w[2]);
  if (
    (side !== "inside" && side !== "outside") ||
    (!nvi && lower(w[3]) !== "source")
  ) {
    return;
  }
  const rest = w.slice(nvi ? 3 : 4);
  const rule: ConfigModel["natRules"][number] = {
    side,
    kind: "dynamic",
    overload: false,
    node,
  };
  if (nvi) {
    rule.nvi = true;
  }
  let i = 0;
  if (lower(rest[0]) === "static") {
    rule.kind = "static";
    i = 1;
    const protocol = lower(rest[i]);
    if (protocol === "tcp" || protocol === "udp") {
      rule.protocol = protocol;
      i++;
    }
    if (lower(rest[i]) === "network") {
      i++;
    }
    rule.local = parseIpv4(rest[i]?.text ?? "");
    // A port translation writes the local port after the local address: `static tcp L 80 G 8080`.
    if (rule.protocol) {
      rule.localPort = num(rest[i + 1]);
      i++;
    }
    rule.global = parseIpv4(rest[i + 1]?.text ?? "");
    const maskText = rest[i + 2]?.text ?? "";
    const prefixLength = /^\/(\d{1,2})$/.exec(maskText);
    const maybeMask = prefixLength
      ? Number(prefixLength[1]) <= 32
        ? prefixToMask(Number(prefixLength[1]))
        : undefined
      : parseIpv4(maskText);
    if (maybeMask !== undefined && isContiguousMask(maybeMask)) {
      rule.mask = maybeMask;
    }
  }
  for (let j = i; j < rest.length; j++) {
    const word = lower(rest[j]);
    if (word === "list") {
      rule.acl = ctx.ref("acl", rest[j + 1], node);
    } else if (word === "route-map") {
      rule.routeMap = ctx.ref("route-map", rest[j + 1], node);
    } else if (word === "pool") {
      rule.pool = ctx.ref("nat-pool", rest[j + 1], node);
    } else if (word === "interface") {
      rule.interface = ctx.ref(
        "interface",
        joinInterfaceName(rest.slice(j + 1)),
        node,
      );
    } else if (word === "overload") {
      rule.overload = true;
    }
  }
  ctx.model.natRules.push(rule);
}

function parseRouteMap(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  if (!w[1]) {
    return;
  }
  const action = lower(w[2]) === "deny" ? "deny" : "permit";
  const clause = new LineRouteMapClause(
    w[1].text,
    action,
    num(w[3]) ?? 10,
    node,
    w[1].start,
    w[1].end,
  );
  if (!ctx.routeMapNames.has(clause.name)) {
    ctx.routeMapNames.add(clause.name);
    ctx.define("route-map", w[1], node);
  } else {
    ctx.ref("route-map", w[1], node);
  }
  for (const child of node.children) {
    if (!child.negated && startsWith(child, "match", "ip", "address")) {
      for (const t of child.words.slice(3)) {
        if (lower(t) === "prefix-list") {
          break;
        }
        const ref = ctx.ref("acl", t, child);
        if (ref) {
          clause.matchAcls.push(ref);
        }
      }
      if (child.words.some((t) => lower(t) === "prefix-list")) {
        clause.otherMatches.push(child);
      }
    } else if (!child.negated && startsWith(child, "match", "interface")) {
      const names = child.words.slice(2);
      for (let k = 0; k < names.length; k++) {
        const joined = joinInterfaceName(names.slice(k));
        const ref = ctx.ref("interface", joined, child);
        if (ref) {
          clause.matchInterfaces.push(ref);
        }
        if (joined && joined.text !== names[k]!.text) {
          k++;
        }
      }
    } else if (!child.negated && startsWith(child, "match")) {
      clause.otherMatches.push(child);
    }
  }
  ctx.model.routeMaps.push(clause);
}

/** `crypto ...` top-level commands. */
function parseCrypto(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const second = lower(w[1]);
  const third = lower(w[2]);
  if (second === "isakmp") {
    if (third === "policy") {
      parseIsakmpPolicy(ctx, node);
    } else if (third === "key") {
      const key = parseKeyLine(ctx, node, 3, undefined);
      if (key) {
        ctx.model.globalKeys.push(key);
      }
    } else if (third === "profile" && w[3]) {
      parseIsakmpProfile(ctx, node);
    } else if (third === "client" && lower(w[3]) === "configuration") {
      // `crypto isakmp client configuration group NAME`: the group's `key [0|6|7] K` (EzVPN).
      for (const child of node.children) {
        if (!child.negated && startsWith(child, "key")) {
          ctx.secret(child.words[1], child.words[2], child);
        }
      }
    } else if (third === "peer" && w[4]) {
      const key = readAggressiveModeKey(ctx, node);
      if (key) {
        ctx.model.globalKeys.push(key);
      }
    } else if (third === "identity") {
      ctx.model.isakmpIdentity = { kind: lower(w[3]), node };
    } else if (third === "aggressive-mode" && lower(w[3]) === "disable") {
      ctx.model.aggressiveModeDisabled = node;
    } else if (third === "keepalive") {
      ctx.model.isakmpKeepalive = node;
    } else if (third === "invalid-spi-recovery") {
      ctx.model.isakmpInvalidSpiRecovery = node;
    } else if (third === "nat" && lower(w[3]) === "keepalive") {
      ctx.model.natKeepalive = node;
    }
  } else if (second === "ikev2" && w[3]) {
    if (third === "proposal") {
      parseIkev2Proposal(ctx, node);
    } else if (third === "policy") {
      parseIkev2Policy(ctx, node);
    } else if (third === "keyring") {
      parseIkev2Keyring(ctx, node);
    } else if (third === "profile") {
      parseIkev2Profile(ctx, node);
    } else if (third === "client" && lower(w[3]) === "flexvpn" && w[4]) {
      parseFlexvpnClient(ctx, node);
    } else if (third === "dpd") {
      ctx.model.ikev2Dpd = node;
    } else if (third === "nat" && lower(w[3]) === "keepalive") {
      ctx.model.ikev2NatKeepalive = node;
    }
  } else if (second === "keyring" && w[2]) {
    parseKeyring(ctx, node);
  } else if (second === "ipsec") {
    if (third === "client" && lower(w[3]) === "ezvpn") {
      // An Easy VPN client's group key (`group NAME key [0|6|7] K`) and its XAUTH password
      // (`username U password [0|7] P`): masked, and judged as any secret.
      for (const child of node.children) {
        const cw = child.words;
        if (child.negated) {
          continue;
        }
        if (startsWith(child, "group") && lower(cw[2]) === "key") {
          ctx.secret(cw[3], cw[4], child);
        } else if (
          startsWith(child, "username") &&
          lower(cw[2]) === "password"
        ) {
          ctx.secret(cw[3], cw[4], child);
        }
      }
    } else if (third === "transform-set" && w[3]) {
      parseTransformSet(ctx, node);
    } else if (third === "profile" && w[3]) {
      parseIpsecProfile(ctx, node);
    } else if (third === "security-association" && lower(w[3]) === "replay") {
      ctx.model.replayWindow =
        replayWindowOf(w, 4, node) ?? ctx.model.replayWindow;
    } else if (third === "security-association" && lower(w[3]) === "lifetime") {
      const lifetime = lifetimeOf(w, 4);
      if (lifetime?.unit === "seconds") {
        ctx.model.ipsecLifetime.seconds = lifetime.value;
      } else if (lifetime) {
        ctx.model.ipsecLifetime.kilobytes = lifetime.value;
      }
    }
  } else if (second === "map" && w[2]) {
    parseCryptoMapLine(ctx, node, false);
  } else if (second === "dynamic-map" && w[2]) {
    parseCryptoMapLine(ctx, node, true);
  } else if (second === "identity" && w[2]) {
    const nameToken = w[2];
    const identity: ConfigModel["identities"][number] = withRange(
      "nameRange",
      {
        name: nameToken.text,
        node,
        entries: [],
      },
      node,
      nameToken,
    );
    ctx.define("identity", w[2], node);
    for (const child of node.children) {
      const kind = lower(child.words[0]);
      if (!child.negated && (kind === "fqdn" || kind === "dn")) {
        identity.entries.push({
          kind,
          value: child.words
            .slice(1)
            .map((t) => t.text)
            .join(" "),
          node: child,
        });
      }
    }
    ctx.model.identities.push(identity);
  } else if (
    (second === "pki" || second === "ca") &&
    (third === "trustpoint" || third === "identity") &&
    w[3]
  ) {
    const nameToken = w[3];
    const trustpoint: ConfigModel["trustpoints"][number] = withRange(
      "nameRange",
      {
        name: nameToken.text,
        node,
        hasCertificateChain: false,
        certificates: [],
      },
      node,
      nameToken,
    );
    for (const child of node.children) {
      if (startsWith(child, "enrollment")) {
        trustpoint.enrollment = child.words
          .slice(1)
          .map((t) => t.text)
          .join(" ");
      }
      if (startsWith(child, "subject-name") && !child.negated) {
        trustpoint.subjectName = child.text
          .slice(child.words[1]?.range.start.character ?? child.text.length)
          .trim();
      }
    }
    ctx.define("trustpoint", w[3], node);
    ctx.model.trustpoints.push(trustpoint);
  } else if (
    second === "pki" &&
    third === "certificate" &&
    lower(w[3]) === "map" &&
    w[4]
  ) {
    readCertificateMap(ctx, node, w[4]);
  } else if (
    (second === "pki" || second === "ca") &&
    third === "certificate" &&
    lower(w[3]) === "chain" &&
    w[4]
  ) {
    const name = w[4].text;
    const tp = ctx.model.trustpoints.find((t) => t.name === name);
    if (tp) {
      tp.hasCertificateChain = node.children.length > 0;
      tp.certificates = chainCertificates(node, name);
    }
    ctx.ref("trustpoint", w[4], node);
  }
}

/** The `certificate` lines of a chain, each with the role its words give it. */
function chainCertificates(
  chain: ConfigNode,
  trustpoint: string,
): ChainCertificate[] {
  const certificates: ChainCertificate[] = [];
  for (const child of chain.children) {
    if (child.negated || !startsWith(child, "certificate")) {
      continue;
    }
    const words = child.words.slice(1).map((t) => t.text);
    const ca = words[0]?.toLowerCase() === "ca";
    const rest = ca ? words.slice(1) : words;
    const kind = rest[0]?.toLowerCase();
    const role: ChainCertificateRole =
      kind === "rollover"
        ? ca
          ? "ca-rollover"
          : "rollover"
        : ca
          ? "ca"
          : kind === "self-signed"
            ? "self-signed"
            : "router";
    const serial =
      kind === "rollover" || kind === "self-signed" ? rest[1] : rest[0];
    if (serial !== undefined) {
      certificates.push({ role, serial, node: child, trustpoint });
    }
  }
  return certificates;
}

/** `crypto pki certificate map NAME SEQ` and its `FIELD OP VALUE` lines. */
function readCertificateMap(
  ctx: ParseContext,
  node: ConfigNode,
  nameToken: Token,
): void {
  let map = ctx.model.certificateMaps.get(nameToken.text);
  if (!map) {
    map = withRange(
      "nameRange",
      { name: nameToken.text, node, entries: [] },
      node,
      nameToken,
    );
    ctx.model.certificateMaps.set(map.name, map);
    ctx.define("certificate-map", nameToken, node);
  } else {
    ctx.ref("certificate-map", nameToken, node);
  }
  const rules: CertificateMapRule[] = [];
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated || !cw[2]) {
      continue;
    }
    rules.push({
      field: lower(cw[0]),
      op: lower(cw[1]),
      value: child.text.slice(cw[2].range.start.character).trim(),
      node: child,
    });
  }
  map.entries.push({ sequence: num(node.words[5]) ?? 0, rules, node });
}

/** Maps policy keywords to the attribute they set. */
/** A Map, not an object: a line such as ` constructor` must not find Object's members. */
const POLICY_ATTRIBUTE_WORDS = new Map<string, keyof IsakmpAttributes>([
  ["encryption", "encryption"],
  ["encr", "encryption"],
  ["hash", "hash"],
  ["authentication", "authentication"],
  ["group", "group"],
  ["lifetime", "lifetime"],
]);

function parseIsakmpPolicy(ctx: ParseContext, node: ConfigNode): void {
  const priority = num(node.words[3]);
  if (priority === undefined) {
    return;
  }
  // Every field written out: an object spread of the defaults made each policy slow to read.
  const policy: IsakmpPolicy = {
    encryption: ISAKMP_POLICY_DEFAULTS.encryption,
    hash: ISAKMP_POLICY_DEFAULTS.hash,
    authentication: ISAKMP_POLICY_DEFAULTS.authentication,
    group: ISAKMP_POLICY_DEFAULTS.group,
    lifetime: ISAKMP_POLICY_DEFAULTS.lifetime,
    priority,
    node,
    explicit: {},
  };
  for (const child of node.children) {
    if (child.negated) {
      continue;
    }
    const attribute = POLICY_ATTRIBUTE_WORDS.get(keywordAt(child, 0));
    if (!attribute) {
      continue;
    }
    const values = child.words.slice(1).map((t) => t.text.toLowerCase());
    if (!values.length) {
      continue;
    }
    policy.explicit[attribute] = child;
    if (policyValueProblem(attribute, values)) {
      // IOS refuses the line, so the attribute keeps its default.
      (policy.invalid ??= {})[attribute] = child;
      continue;
    }
    if (attribute === "group" || attribute === "lifetime") {
      const value = Number(values[0]);
      if (Number.isFinite(value)) {
        policy[attribute] = value;
      }
    } else if (attribute === "encryption") {
      // `encr aes 256` is AES with a 256-bit key; IOS prints it as aes 256.
      policy.encryption = values.slice(0, 2).join(" ");
    } else {
      policy[attribute] = values[0]!;
    }
  }
  ctx.model.isakmpPolicies.push(policy);
}

/**
 * Reads a key line from words[start]: `[0|6|7] KEY address A [MASK] [no-xauth]` or `... hostname H`.
 * Used for `crypto isakmp key` (start 3) and keyring `pre-shared-key address A key [0|6|7] KEY` (other order).
 */
function parseKeyLine(
  ctx: ParseContext,
  node: ConfigNode,
  start: number,
  keyring: string | undefined,
): PresharedKey | undefined {
  const w = node.words;
  let i = start;
  let typeToken: Token | undefined;
  if (
    /^[067]$/.test(w[i]?.text ?? "") &&
    w[i + 2] &&
    ["address", "hostname", "ipv6"].includes(lower(w[i + 2]))
  ) {
    typeToken = w[i];
    i++;
  }
  const valueToken = w[i];
  const secret = ctx.secret(typeToken, valueToken, node);
  if (!secret) {
    return undefined;
  }
  i++;
  return readKeyTarget(w, i, node, secret, keyring);
}

/**
 * `crypto isakmp peer address X` (or `hostname H`) with `set aggressive-mode password P`: the key
 * the router starts aggressive mode with toward that peer, read as a key for it.
 */
function readAggressiveModeKey(
  ctx: ParseContext,
  node: ConfigNode,
): PresharedKey | undefined {
  const password = node.children.find(
    (c) => !c.negated && startsWith(c, "set", "aggressive-mode", "password"),
  );
  const secret = password && ctx.secret(undefined, password.words[3], password);
  if (!secret) {
    return undefined;
  }
  // The key stands on the peer line, where its address is written.
  const key = readKeyTarget(node.words, 3, node, secret, undefined);
  if (key) {
    key.aggressiveMode = true;
  }
  return key;
}

function readKeyTarget(
  w: Token[],
  i: number,
  node: ConfigNode,
  secret: Secret,
  keyring: string | undefined,
): PresharedKey | undefined {
  const kind = lower(w[i]);
  const noXauth = w.some((t) => lower(t) === "no-xauth");
  const target = w[i + 1];
  if (kind === "address" && lower(target) === "ipv6" && w[i + 2]) {
    // `address ipv6 X/LEN`: a key for IPv6 peers.
    const prefix = readIpv6Prefix(w[i + 2]!.text);
    if (!prefix) {
      return undefined;
    }
    return withRange(
      "targetRange",
      { secret, address6: prefix, keyring, node, noXauth },
      node,
      w[i + 2]!,
    );
  }
  if (kind === "address" && target) {
    const address = parseIpv4(target.text);
    if (address === undefined) {
      return undefined;
    }
    const maskToken =
      w[i + 2] && parseIpv4(w[i + 2]!.text) !== undefined
        ? w[i + 2]
        : undefined;
    const mask = maskToken ? parseIpv4(maskToken.text)! : unmaskedMask(address);
    return withRange(
      "targetRange",
      {
        secret,
        address: { address, mask, node },
        keyring,
        node,
        noXauth,
      },
      node,
      target,
      maskToken ?? target,
    );
  }
  if (kind === "hostname" && target) {
    return withRange(
      "targetRange",
      {
        secret,
        hostname: target.text,
        keyring,
        node,
        noXauth,
      },
      node,
      target,
    );
  }
  return undefined;
}

function parseKeyring(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const nameToken = w[2]!;
  const keyring: Keyring = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      keys: [],
    },
    node,
    nameToken,
  );
  if (lower(w[3]) === "vrf") {
    keyring.vrf = w[4]?.text;
  }
  ctx.define("keyring", w[2]!, node);
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "pre-shared-key")) {
      // pre-shared-key address A [MASK] key [0|6|7] KEY  |  pre-shared-key hostname H key KEY
      const keyAt = cw.findIndex((t) => lower(t) === "key");
      if (keyAt < 0) {
        continue;
      }
      const hasType =
        /^[067]$/.test(cw[keyAt + 1]?.text ?? "") &&
        cw[keyAt + 2] !== undefined;
      const secret = hasType
        ? ctx.secret(cw[keyAt + 1], cw[keyAt + 2], child)
        : ctx.secret(undefined, cw[keyAt + 1], child);
      if (!secret) {
        continue;
      }
      const key = readKeyTarget(cw, 1, child, secret, keyring.name);
      if (key) {
        keyring.keys.push(key);
      }
    } else if (startsWith(child, "local-address")) {
      const address = parseIpv4(cw[1]?.text ?? "");
      keyring.localAddress =
        address !== undefined
          ? { address }
          : {
              interface: ctx.ref(
                "interface",
                joinInterfaceName(cw.slice(1)),
                child,
              ),
            };
    }
  }
  ctx.model.keyrings.push(keyring);
}

function parseIsakmpProfile(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const nameToken = w[3]!;
  const profile: ConfigModel["isakmpProfiles"][number] = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      keyrings: [],
      trustpoints: [],
      matches: [],
      certificateMaps: [],
    },
    node,
    nameToken,
  );
  ctx.define("isakmp-profile", w[3]!, node);
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    const first = lower(cw[0]);
    if (first === "keyring") {
      const ref = ctx.ref("keyring", cw[1], child);
      if (ref) {
        profile.keyrings.push(ref);
      }
    } else if (first === "ca" && lower(cw[1]) === "trust-point") {
      const ref = ctx.ref("trustpoint", cw[2], child);
      if (ref) {
        profile.trustpoints.push(ref);
      }
    } else if (startsWith(child, "match", "identity")) {
      profile.matches.push(readIdentityMatch(cw.slice(2), child));
    } else if (startsWith(child, "match", "certificate") && cw[2]) {
      profile.certificateMaps.push(ctx.ref("certificate-map", cw[2], child)!);
    } else if (first === "local-address") {
      const address = parseIpv4(cw[1]?.text ?? "");
      profile.localAddress =
        address !== undefined
          ? { address }
          : {
              interface: ctx.ref(
                "interface",
                joinInterfaceName(cw.slice(1)),
                child,
              ),
            };
    } else if (first === "self-identity") {
      profile.selfIdentity = cw
        .slice(1)
        .map((t) => t.text)
        .join(" ");
    } else if (first === "vrf" && cw[1]) {
      profile.vrf = { name: cw[1].text, node: child };
    } else if (first === "keepalive") {
      profile.keepalive = child;
    } else if (first === "virtual-template" && num(cw[1]) !== undefined) {
      profile.virtualTemplate = { number: num(cw[1])!, node: child };
    }
  }
  ctx.model.isakmpProfiles.push(profile);
}

/**
 * The mask of an address written without one (keys, keyring peers, identity matches): a host,
 * except 0.0.0.0, which IOS reads as every address (the DMVPN hub's `address 0.0.0.0`; its
 * running config then shows the mask as blanks).
 */
function unmaskedMask(address: number): number {
  return address === 0 ? 0 : 0xffffffff;
}

function readIdentityMatch(w: Token[], node: ConfigNode): IdentityMatch {
  const kind = lower(w[0]);
  if (kind === "address" && lower(w[1]) === "ipv6") {
    // `match identity address ipv6 X/LEN`.
    return {
      kind: "address",
      value: w[2]?.text ?? "",
      address6: readIpv6Prefix(w[2]?.text ?? ""),
      node,
    };
  }
  if (kind === "address") {
    // `match identity address A [MASK] [FVRF]`: the global table without a VRF.
    const address = parseIpv4(w[1]?.text ?? "");
    const written = parseIpv4(w[2]?.text ?? "");
    const vrf = written === undefined ? w[2] : w[3];
    return {
      kind: "address",
      value: w[1]?.text ?? "",
      address,
      mask:
        written ?? (address === undefined ? 0xffffffff : unmaskedMask(address)),
      ...(vrf ? { vrf: vrf.text } : {}),
      node,
    };
  }
  if (kind === "host" || kind === "user-fqdn" || kind === "group") {
    const domain = lower(w[1]) === "domain";
    const value = domain ? (w[2]?.text ?? "") : (w[1]?.text ?? "");
    return {
      kind: kind === "host" ? "host" : kind,
      value,
      ...(domain && kind === "host" ? { domain: true } : {}),
      node,
    };
  }
  return { kind: "other", value: w.map((t) => t.text).join(" "), node };
}

/** The lines of an IKEv2 proposal, by the attribute they list. */
const IKEV2_PROPOSAL_WORDS = new Map<
  string,
  "encryption" | "integrity" | "prf" | "group"
>([
  ["encryption", "encryption"],
  ["integrity", "integrity"],
  ["prf", "prf"],
  ["group", "group"],
]);

/** `crypto ikev2 proposal NAME`: `encryption`, `integrity`, `prf` and `group` lines, each listing values. */
function parseIkev2Proposal(ctx: ParseContext, node: ConfigNode): void {
  const nameToken = node.words[3]!;
  const proposal: Ikev2Proposal = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      encryption: [],
      integrity: [],
      prf: [],
      groups: [],
      lines: {},
    },
    node,
    nameToken,
  );
  ctx.define("ikev2-proposal", nameToken, node);
  for (const child of node.children) {
    const attribute = IKEV2_PROPOSAL_WORDS.get(lower(child.words[0]));
    if (!attribute || child.negated) {
      continue;
    }
    const values = child.words.slice(1).map((t) => t.text.toLowerCase());
    proposal.lines[attribute] = child;
    if (ikev2ValueProblem(attribute, values)) {
      // IOS refuses the whole line: the attribute is not set.
      (proposal.invalid ??= {})[attribute] = child;
      continue;
    }
    if (attribute === "group") {
      proposal.groups = values.map(Number).filter(Number.isInteger);
    } else {
      proposal[attribute] = values;
    }
  }
  ctx.model.ikev2Proposals.push(proposal);
}

/** `crypto ikev2 policy NAME`: `proposal` lines, `match address local A`, `match fvrf`. */
function parseIkev2Policy(ctx: ParseContext, node: ConfigNode): void {
  const nameToken = node.words[3]!;
  const policy: Ikev2Policy = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      proposals: [],
      localAddresses: [],
    },
    node,
    nameToken,
  );
  ctx.define("ikev2-policy", nameToken, node);
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "proposal")) {
      for (const t of cw.slice(1)) {
        const ref = ctx.ref("ikev2-proposal", t, child)!;
        policy.proposals.push(ref);
        if (t.text === "default") {
          ctx.builtInProposalRefs.push(ref);
        }
      }
    } else if (startsWith(child, "match", "address", "local")) {
      // `match address local A [B...]`: IPv4 or IPv6 addresses.
      for (const t of cw.slice(3)) {
        const address = parseIpv4(t.text) ?? parseIpv6(t.text);
        if (address !== undefined) {
          policy.localAddresses.push(address);
        }
      }
    } else if (startsWith(child, "match", "fvrf")) {
      policy.fvrf = cw[2]?.text;
    }
  }
  ctx.model.ikev2Policies.push(policy);
}

/** `crypto ikev2 keyring NAME` with its `peer NAME` sections. */
function parseIkev2Keyring(ctx: ParseContext, node: ConfigNode): void {
  const nameToken = node.words[3]!;
  const keyring: Ikev2Keyring = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      peers: [],
    },
    node,
    nameToken,
  );
  ctx.define("ikev2-keyring", nameToken, node);
  for (const child of node.children) {
    if (!child.negated && startsWith(child, "peer") && child.words[1]) {
      keyring.peers.push(parseIkev2Peer(ctx, child, keyring.name));
    }
  }
  ctx.model.ikev2Keyrings.push(keyring);
}

/** A keyring's `peer NAME`: `address A [MASK]`, `hostname H`, `identity ...`, `pre-shared-key [local|remote] [0|6|7] KEY`. */
function parseIkev2Peer(
  ctx: ParseContext,
  node: ConfigNode,
  keyring: string,
): Ikev2KeyringPeer {
  const peer: Ikev2KeyringPeer = { name: node.words[1]!.text, node };
  let addressNode: ConfigNode | undefined;
  const keyLines: {
    side: "both" | "local" | "remote";
    node: ConfigNode;
    secret: Secret;
  }[] = [];
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    const first = lower(cw[0]);
    if (first === "address") {
      const address = parseIpv4(cw[1]?.text ?? "");
      if (address !== undefined) {
        const mask = parseIpv4(cw[2]?.text ?? "") ?? unmaskedMask(address);
        peer.address = { address, mask, node: child };
      } else {
        peer.address6 = readIpv6Prefix(cw[1]?.text ?? "");
        addressNode = peer.address6 ? child : undefined;
      }
    } else if (first === "hostname" && cw[1]) {
      peer.hostname = cw[1].text;
    } else if (first === "identity" && cw[1]) {
      peer.identity = {
        kind: lower(cw[1]),
        value: cw
          .slice(2)
          .filter((t) => lower(t) !== "domain")
          .map((t) => t.text)
          .join(" "),
      };
    } else if (first === "pre-shared-key") {
      let i = 1;
      let side: "both" | "local" | "remote" = "both";
      if (lower(cw[1]) === "local" || lower(cw[1]) === "remote") {
        side = lower(cw[1]) as "local" | "remote";
        i = 2;
      }
      const hasType =
        /^[067]$/.test(cw[i]?.text ?? "") && cw[i + 1] !== undefined;
      const secret = hasType
        ? ctx.secret(cw[i], cw[i + 1], child)
        : ctx.secret(undefined, cw[i], child);
      if (secret) {
        keyLines.push({ side, node: child, secret });
      }
    }
  }
  // The keys point at the peer's address (or its name), so fixes and messages can say for whom.
  const targetNode = peer.address?.node ?? addressNode ?? node;
  const target = targetNode.words[1]!;
  for (const { side, node: line, secret } of keyLines) {
    peer[side] = withRange(
      "targetRange",
      {
        secret,
        address: peer.address,
        address6: peer.address6,
        hostname: peer.hostname,
        keyring,
        node: line,
        noXauth: false,
      },
      targetNode,
      target,
    );
  }
  return peer;
}

/** Reads `address A [MASK]`, `fqdn [domain] F`, `email [domain] E`, `key-id K` from an identity line. */
function readIkev2Identity(w: Token[], node: ConfigNode): Ikev2Identity {
  const kind = lower(w[0]);
  const rest = w.slice(1);
  if (kind === "address") {
    const address6 = readIpv6Prefix(rest[0]?.text ?? "");
    if (address6) {
      return { kind, value: rest[0]!.text, address6, node };
    }
    const address = parseIpv4(rest[0]?.text ?? "");
    const mask =
      parseIpv4(rest[1]?.text ?? "") ??
      (address === undefined ? 0xffffffff : unmaskedMask(address));
    return { kind, value: rest[0]?.text ?? "", address, mask, node };
  }
  if (kind === "fqdn" || kind === "email" || kind === "key-id") {
    // `fqdn domain D` and `email domain D` match every name in domain D.
    if (lower(rest[0]) === "domain" && kind !== "key-id") {
      return { kind, value: rest[1]?.text ?? "", domain: true, node };
    }
    if (lower(rest[0]) !== "domain") {
      return { kind, value: rest[0]?.text ?? "", node };
    }
  }
  return { kind: "other", value: w.map((t) => t.text).join(" "), node };
}

/** `crypto ikev2 profile NAME`: identities, authentication methods, keyring and lifetime. */
/** `crypto ikev2 client flexvpn NAME`: its `peer N ...` and `client connect TunnelN` lines. */
function parseFlexvpnClient(ctx: ParseContext, node: ConfigNode): void {
  const client: ConfigModel["flexvpnClients"][number] = {
    name: node.words[4]!.text,
    node,
    peers: [],
    connects: [],
  };
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "peer") && num(cw[1]) !== undefined && cw[2]) {
      const fqdn = lower(cw[2]) === "fqdn";
      const address = fqdn ? undefined : parseIpv4(cw[2].text);
      if (address !== undefined || (fqdn && cw[3])) {
        client.peers.push({
          sequence: num(cw[1])!,
          ...(address !== undefined ? { address } : { hostname: cw[3]!.text }),
          node: child,
        });
      }
    } else if (startsWith(child, "client", "connect") && cw[2]) {
      const ref = ctx.ref("interface", joinInterfaceName(cw.slice(2)), child);
      if (ref) {
        client.connects.push(ref);
      }
    }
  }
  client.peers.sort((a, b) => a.sequence - b.sequence);
  ctx.model.flexvpnClients.push(client);
}

function parseIkev2Profile(ctx: ParseContext, node: ConfigNode): void {
  const nameToken = node.words[3]!;
  const profile: Ikev2Profile = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      matches: [],
      remoteAuthentication: [],
      certificateMaps: [],
      pkiTrustpoints: [],
    },
    node,
    nameToken,
  );
  ctx.define("ikev2-profile", nameToken, node);
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "match", "identity", "remote")) {
      profile.matches.push(readIkev2Identity(cw.slice(3), child));
    } else if (startsWith(child, "identity", "local")) {
      profile.localIdentity = readIkev2Identity(cw.slice(2), child);
    } else if (startsWith(child, "authentication", "local") && cw[2]) {
      profile.localAuthentication = readIkev2Authentication(ctx, child);
    } else if (startsWith(child, "authentication", "remote") && cw[2]) {
      profile.remoteAuthentication.push(readIkev2Authentication(ctx, child));
    } else if (startsWith(child, "match", "fvrf") && cw[2]) {
      profile.fvrf = { name: cw[2].text, node: child };
    } else if (startsWith(child, "ivrf") && cw[1]) {
      profile.ivrf = { name: cw[1].text, node: child };
    } else if (startsWith(child, "match", "certificate") && cw[2]) {
      profile.certificateMaps.push(ctx.ref("certificate-map", cw[2], child)!);
    } else if (
      startsWith(child, "virtual-template") &&
      num(cw[1]) !== undefined
    ) {
      profile.virtualTemplate = { number: num(cw[1])!, node: child };
      // The number names `interface Virtual-TemplateN`: a use of that interface, so definition
      // and references lead from one to the other.
      ctx.refAt(
        "interface",
        `Virtual-Template${num(cw[1])!}`,
        child,
        cw[1]!.start,
        cw[1]!.end,
      );
    } else if (startsWith(child, "pki", "trustpoint") && cw[2]) {
      const usage = lower(cw[3]);
      profile.pkiTrustpoints.push({
        ref: ctx.ref("trustpoint", cw[2], child)!,
        usage: usage === "sign" || usage === "verify" ? usage : undefined,
      });
    } else if (startsWith(child, "keyring", "local")) {
      profile.keyring = ctx.ref("ikev2-keyring", cw[2], child);
    } else if (startsWith(child, "lifetime")) {
      const value = num(cw[1]);
      if (value !== undefined) {
        profile.lifetime = { value, node: child };
      }
    } else if (startsWith(child, "dpd")) {
      profile.dpd = child;
    }
  }
  ctx.model.ikev2Profiles.push(profile);
}

/**
 * `authentication local|remote METHOD`, with the key a `pre-share key [0|6] KEY` line writes: a
 * key for every peer of the profile, which IOS takes instead of the keyring's.
 */
function readIkev2Authentication(
  ctx: ParseContext,
  node: ConfigNode,
): Ikev2Authentication {
  const cw = node.words;
  const method = lower(cw[2]);
  if (method !== "pre-share" || lower(cw[3]) !== "key" || !cw[4]) {
    return { method, node };
  }
  const hasType = /^[06]$/.test(cw[4].text) && cw[5] !== undefined;
  const secret = hasType
    ? ctx.secret(cw[4], cw[5], node)
    : ctx.secret(undefined, cw[4], node);
  if (!secret) {
    return { method, node };
  }
  return {
    method,
    node,
    key: withRange(
      "targetRange",
      { secret, node, noXauth: false },
      node,
      cw[2]!,
    ),
  };
}

function parseTransformSet(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const transforms: Transform[] = [];
  for (let i = 4; i < w.length; i++) {
    const t = w[i]!;
    const sizeToken = w[i + 1];
    const size = num(sizeToken);
    if (size !== undefined) {
      transforms.push(
        withRange(
          "range",
          {
            name: t.text.toLowerCase(),
            keySize: size,
          },
          node,
          t,
          sizeToken!,
        ),
      );
      i++;
    } else {
      transforms.push(
        withRange(
          "range",
          {
            name: t.text.toLowerCase(),
          },
          node,
          t,
        ),
      );
    }
  }
  const nameToken = w[3]!;
  const set: ConfigModel["transformSets"][number] = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      transforms,
      mode: TRANSFORM_MODE_DEFAULT,
    },
    node,
    nameToken,
  );
  for (const child of node.children) {
    if (!child.negated && startsWith(child, "mode")) {
      set.mode = lower(child.words[1]) === "transport" ? "transport" : "tunnel";
      set.modeNode = child;
    }
  }
  // A transform set written twice is redefined; the last one counts, as on the router.
  const previous = ctx.transformSetsByName.get(set.name);
  if (previous) {
    ctx.model.transformSets.splice(
      ctx.model.transformSets.indexOf(previous),
      1,
    );
  }
  ctx.transformSetsByName.set(set.name, set);
  ctx.define("transform-set", w[3]!, node);
  ctx.model.transformSets.push(set);
}

function parseIpsecProfile(ctx: ParseContext, node: ConfigNode): void {
  const w = node.words;
  const nameToken = w[3]!;
  const profile: ConfigModel["ipsecProfiles"][number] = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      transformSets: [],
    },
    node,
    nameToken,
  );
  ctx.define("ipsec-profile", w[3]!, node);
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "set", "transform-set")) {
      for (const t of cw.slice(2)) {
        profile.transformSets.push(ctx.ref("transform-set", t, child)!);
      }
    } else if (startsWith(child, "set", "pfs")) {
      profile.pfs = {
        group: lower(cw[2]) || PFS_RULES.implicitGroup,
        node: child,
      };
    } else if (startsWith(child, "set", "isakmp-profile")) {
      profile.isakmpProfile = ctx.ref("isakmp-profile", cw[2], child);
    } else if (startsWith(child, "set", "ikev2-profile")) {
      profile.ikev2Profile = ctx.ref("ikev2-profile", cw[2], child);
    } else if (startsWith(child, "set", "security-association", "lifetime")) {
      setLifetime(profile, cw, child);
    } else if (startsWith(child, "set", "security-association", "replay")) {
      profile.replayWindow =
        replayWindowOf(cw, 3, child) ?? profile.replayWindow;
    }
  }
  ctx.model.ipsecProfiles.push(profile);
}

/**
 * `crypto map NAME SEQ ...`, `crypto map NAME local-address IF`, `crypto dynamic-map NAME SEQ`, and
 * the IPv6 crypto maps `crypto map ipv6 NAME ...` (applied by `ipv6 crypto map NAME`, matching
 * IPv6 ACLs): a name space of their own, kept in `cryptoMaps6`.
 */
function parseCryptoMapLine(
  ctx: ParseContext,
  node: ConfigNode,
  dynamic: boolean,
): void {
  const w = node.words;
  const ipv6 = !dynamic && lower(w[2]) === "ipv6" && w[3] !== undefined;
  // Words after the map's name sit one further right in the IPv6 form.
  const at = ipv6 ? 3 : 2;
  const nameToken = w[at]!;
  const kind: ObjectKind = dynamic
    ? "dynamic-map"
    : ipv6
      ? "ipv6-crypto-map"
      : "crypto-map";
  const maps = dynamic
    ? ctx.model.dynamicMaps
    : ipv6
      ? ctx.model.cryptoMaps6
      : ctx.model.cryptoMaps;
  let map = maps.get(nameToken.text);
  if (!map) {
    map = withRange(
      "nameRange",
      {
        name: nameToken.text,
        entries: [],
        node,
        ...(ipv6 ? { ipv6 } : {}),
      },
      node,
      nameToken,
    );
    maps.set(nameToken.text, map);
    ctx.define(kind, nameToken, node);
  } else {
    // Later lines of the same map are uses of its name, so rename and references see them.
    ctx.ref(kind, nameToken, node);
  }
  if (
    !dynamic &&
    lower(w[at + 1]) === "client" &&
    lower(w[at + 2]) === "authentication" &&
    w[at + 4]
  ) {
    // `client authentication list LIST`: XAUTH for the map's peers (EzVPN clients).
    map.clientAuthentication = { list: w[at + 4]!.text, node };
    return;
  }
  if (!dynamic && lower(w[at + 1]) === "local-address") {
    map.localAddress = ctx.ref(
      "interface",
      joinInterfaceName(w.slice(at + 2)),
      node,
    );
    return;
  }
  const sequence = num(w[at + 1]);
  if (sequence === undefined) {
    return;
  }
  const modeWord = lower(w[at + 2]);
  let mode: CryptoMapEntry["mode"] = "ipsec-isakmp";
  let dynamicMap: Reference | undefined;
  if (dynamic) {
    mode = "ipsec-isakmp";
  } else if (modeWord === "ipsec-manual") {
    mode = "ipsec-manual";
  } else if (modeWord === "gdoi") {
    mode = "gdoi";
  } else if (modeWord === "ipsec-isakmp" && lower(w[at + 3]) === "dynamic") {
    mode = "dynamic";
    dynamicMap = ctx.ref("dynamic-map", w[at + 4], node);
  }
  const entry: CryptoMapEntry = withRange(
    "nameRange",
    {
      map: map.name,
      sequence,
      mode,
      isDynamicMapEntry: dynamic,
      dynamicMap,
      node,
      peers: [],
      transformSets: [],
      reverseRoute: false,
      ...(ipv6 ? { ipv6 } : {}),
    },
    node,
    nameToken,
  );
  for (const child of node.children) {
    const cw = child.words;
    if (child.negated) {
      continue;
    }
    if (startsWith(child, "set", "peer") && cw[2]) {
      const peerToken = cw[2];
      // An IPv6 map's peers are IPv6 addresses (or names); an IPv4 map's IPv4 ones.
      const address = ipv6 ? undefined : parseIpv4(peerToken.text);
      const address6 = ipv6 ? parseIpv6(peerToken.text) : undefined;
      entry.peers.push(
        withRange(
          "range",
          {
            address,
            ...(address6 !== undefined ? { address6 } : {}),
            hostname:
              address === undefined && address6 === undefined
                ? peerToken.text
                : undefined,
            node: child,
            default: lower(cw[3]) === "default",
          },
          child,
          peerToken,
        ),
      );
    } else if (startsWith(child, "match", "address")) {
      entry.matchAddress = ctx.ref(ipv6 ? "ipv6-acl" : "acl", cw[2], child);
    } else if (startsWith(child, "set", "transform-set")) {
      for (const t of cw.slice(2)) {
        entry.transformSets.push(ctx.ref("transform-set", t, child)!);
      }
    } else if (startsWith(child, "set", "pfs")) {
      entry.pfs = {
        group: lower(cw[2]) || PFS_RULES.implicitGroup,
        node: child,
      };
    } else if (startsWith(child, "set", "security-association", "lifetime")) {
      setLifetime(entry, cw, child);
    } else if (startsWith(child, "set", "security-association", "replay")) {
      entry.replayWindow = replayWindowOf(cw, 3, child) ?? entry.replayWindow;
    } else if (startsWith(child, "set", "identity")) {
      // `set identity NAME` is the documented form (DN-based crypto maps); a bare `identity NAME`
      // line is read the same way, as earlier versions of this parser did.
      entry.identity = ctx.ref("identity", cw[2], child);
    } else if (startsWith(child, "identity")) {
      entry.identity = ctx.ref("identity", cw[1], child);
    } else if (startsWith(child, "set", "isakmp-profile")) {
      entry.isakmpProfile = ctx.ref("isakmp-profile", cw[2], child);
    } else if (startsWith(child, "set", "ikev2-profile")) {
      entry.ikev2Profile = ctx.ref("ikev2-profile", cw[2], child);
    } else if (startsWith(child, "reverse-route")) {
      entry.reverseRoute = true;
    }
  }
  let bySequence = ctx.entriesBySequence.get(map);
  if (!bySequence) {
    bySequence = new Map();
    ctx.entriesBySequence.set(map, bySequence);
  }
  const previous = bySequence.get(sequence);
  if (previous) {
    map.entries.splice(map.entries.indexOf(previous), 1);
  }
  bySequence.set(sequence, entry);
  map.entries.push(entry);
}

/** The range a fix edits to change a whole line, from column 0 to its end. */
export function fullLineRange(node: ConfigNode): Range {
  return lineRange(node.line, 0, node.text.length);
}

export { wordsRange };
