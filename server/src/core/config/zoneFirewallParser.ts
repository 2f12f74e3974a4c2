import type {
  ConfigModel,
  Definition,
  InspectAction,
  InspectClassMap,
  InspectMatch,
  InspectPolicyClass,
  InspectPolicyMap,
  ObjectKind,
  Reference,
  ZonePair,
} from "./model";
import { withRange } from "./lineEntries";
import { keywordAt, startsWith, type ConfigNode, type Token } from "./tree";

/**
 * Reads the sections of the zone-based policy firewall (ZBF): `zone security`, `zone-pair
 * security` with its `service-policy type inspect`, and the layer 3/4 inspect class-maps and
 * policy-maps. Layer 7 maps (`class-map type inspect http ...`) and QoS maps (`class-map NAME`,
 * `policy-map NAME`) are left alone: they decide nothing about IKE and ESP to the router. A line
 * is split into words only once its first keywords say it is one of these.
 */

/** What these readers need of the parser: the model and the recording of names. */
export interface NameRecorder {
  readonly model: ConfigModel;
  define(kind: ObjectKind, token: Token, node: ConfigNode): Definition;
  ref(
    kind: ObjectKind,
    token: Token | undefined,
    node: ConfigNode,
  ): Reference | undefined;
}

/** The zone a zone-pair names for the router itself; never a defined zone. */
export const SELF_ZONE = "self";

/** True when a zone name written in a zone-pair is the router's own zone. */
export function isSelfZone(name: string): boolean {
  return name.toLowerCase() === SELF_ZONE;
}

function lower(token: Token | undefined): string {
  return token?.text.toLowerCase() ?? "";
}

/** A top-level `zone`, `zone-pair`, `class-map` or `policy-map` line (`first` is its first word). */
export function parseZoneFirewallSection(
  ctx: NameRecorder,
  node: ConfigNode,
  first: string,
): void {
  if (first === "zone") {
    if (startsWith(node, "zone", "security")) {
      parseZone(ctx, node);
    }
  } else if (first === "zone-pair") {
    if (startsWith(node, "zone-pair", "security")) {
      parseZonePair(ctx, node);
    }
  } else if (first === "class-map") {
    if (startsWith(node, "class-map", "type", "inspect")) {
      parseClassMap(ctx, node);
    }
  } else if (first === "policy-map") {
    if (startsWith(node, "policy-map", "type", "inspect")) {
      parsePolicyMap(ctx, node);
    }
  }
}

/** `zone security NAME`. */
function parseZone(ctx: NameRecorder, node: ConfigNode): void {
  const nameToken = node.words[2];
  if (!nameToken) {
    return;
  }
  ctx.define("zone", nameToken, node);
  ctx.model.zones.push(
    withRange(
      "nameRange",
      {
        name: nameToken.text,
        node,
      },
      node,
      nameToken,
    ),
  );
}

/** `zone-pair security NAME source Z1 destination Z2`, and its `service-policy type inspect`. */
function parseZonePair(ctx: NameRecorder, node: ConfigNode): void {
  const w = node.words;
  const nameToken = w[2];
  const at = (keyword: string): Token | undefined => {
    const i = w.findIndex((t, k) => k > 2 && lower(t) === keyword);
    return i > 0 ? w[i + 1] : undefined;
  };
  const source = at("source");
  const destination = at("destination");
  if (!nameToken || !source || !destination) {
    return;
  }
  for (const zone of [source, destination]) {
    if (!isSelfZone(zone.text)) {
      ctx.ref("zone", zone, node);
    }
  }
  const pair: ZonePair = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      source: source.text,
      destination: destination.text,
    },
    node,
    nameToken,
  );
  for (const child of node.children) {
    if (
      !child.negated &&
      startsWith(child, "service-policy", "type", "inspect")
    ) {
      pair.servicePolicy = ctx.ref("policy-map", child.words[3], child);
    }
  }
  ctx.model.zonePairs.push(pair);
}

/** `class-map type inspect [match-any|match-all] NAME` and its `match` lines. */
function parseClassMap(ctx: NameRecorder, node: ConfigNode): void {
  const w = node.words;
  const mode = lower(w[3]);
  const explicit = mode === "match-any" || mode === "match-all";
  // `class-map type inspect http [match-any] NAME` is a layer 7 class-map of another namespace.
  if (explicit ? w.length !== 5 : w.length !== 4) {
    return;
  }
  const nameToken = w[explicit ? 4 : 3]!;
  ctx.define("class-map", nameToken, node);
  const matches: InspectMatch[] = [];
  for (const child of node.children) {
    if (child.negated || keywordAt(child, 0) !== "match") {
      continue;
    }
    const cw = child.words;
    if (startsWith(child, "match", "protocol") && cw[2]) {
      matches.push({ kind: "protocol", protocol: lower(cw[2]), node: child });
      continue;
    }
    const named = startsWith(child, "match", "access-group", "name");
    const acl =
      named || startsWith(child, "match", "access-group")
        ? ctx.ref("acl", cw[named ? 3 : 2], child)
        : undefined;
    const classMap = startsWith(child, "match", "class-map")
      ? ctx.ref("class-map", cw[2], child)
      : undefined;
    matches.push(
      acl
        ? { kind: "access-group", acl, node: child }
        : classMap
          ? { kind: "class-map", classMap, node: child }
          : { kind: "other", node: child },
    );
  }
  const classMapEntry: InspectClassMap = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      matchAny: mode === "match-any",
      matches,
    },
    node,
    nameToken,
  );
  ctx.model.inspectClassMaps.push(classMapEntry);
}

/** The words that set a class's action. */
const ACTIONS = new Set<string>(["inspect", "pass", "drop"]);

/** `policy-map type inspect NAME`, its classes and their actions. */
function parsePolicyMap(ctx: NameRecorder, node: ConfigNode): void {
  const w = node.words;
  // `policy-map type inspect http NAME` is a layer 7 policy-map.
  if (w.length !== 4) {
    return;
  }
  const nameToken = w[3]!;
  ctx.define("policy-map", nameToken, node);
  const classes: InspectPolicyClass[] = [];
  for (const child of node.children) {
    if (child.negated) {
      continue;
    }
    let classMap: Reference | undefined;
    if (startsWith(child, "class", "type", "inspect")) {
      classMap = ctx.ref("class-map", child.words[3], child);
      if (!classMap) {
        continue;
      }
    } else if (!startsWith(child, "class", "class-default")) {
      continue;
    }
    const entry: InspectPolicyClass = { classMap, node: child, action: "drop" };
    for (const line of child.children) {
      const action = keywordAt(line, 0);
      if (!line.negated && ACTIONS.has(action)) {
        // The last action written is the one IOS keeps.
        entry.action = action as InspectAction;
        entry.actionNode = line;
      }
    }
    classes.push(entry);
  }
  const policy: InspectPolicyMap = withRange(
    "nameRange",
    {
      name: nameToken.text,
      node,
      classes,
    },
    node,
    nameToken,
  );
  ctx.model.inspectPolicyMaps.push(policy);
}
