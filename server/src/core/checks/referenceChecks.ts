import { BUILT_IN_OBJECTS } from "../knowledge/ikev2Defaults";
import { pushAt } from "../collections/multiMap";
import type {
  ConfigModel,
  Definition,
  ObjectKind,
  Reference,
} from "../config/model";
import { startsWith } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import type { Severity } from "../diagnostics/severity";
import {
  deleteLine,
  insertAfterLastOf,
  insertLinesBefore,
  replaceRange,
} from "../fixes/configEdits";
import {
  choice,
  escapeSnippet,
  placeholder,
  snippetToCli,
} from "../fixes/snippets";
import type { ConfigCheck } from "./check";
import { relatedLine, similarNames } from "./support/checkSupport";

/**
 * Names used but never defined. IOS accepts most of these silently (a crypto map entry that names
 * a missing ACL is only flagged "incomplete" in `show crypto map`), so a typo goes unnoticed
 * until the tunnel does not come up.
 */
export const referenceChecks: ConfigCheck = {
  id: "referenceChecks",
  run(model) {
    return undefinedReferences(model);
  },
};

/** The kinds this family checks, with how IOS names them in messages. */
const CHECKED_KINDS: Partial<Record<ObjectKind, string>> = {
  acl: "access list",
  "ipv6-acl": "IPv6 access list",
  "transform-set": "transform set",
  "crypto-map": "crypto map",
  "ipv6-crypto-map": "IPv6 crypto map",
  "dynamic-map": "dynamic map",
  "isakmp-profile": "ISAKMP profile",
  keyring: "keyring",
  "ipsec-profile": "IPsec profile",
  identity: "crypto identity",
  trustpoint: "trustpoint",
  "ikev2-proposal": "IKEv2 proposal",
  "ikev2-keyring": "IKEv2 keyring",
  "ikev2-profile": "IKEv2 profile",
  zone: "security zone",
  "class-map": "inspect class-map",
  "policy-map": "inspect policy-map",
  "object-group": "object group",
  "standby-group": "HSRP group",
  "certificate-map": "certificate map",
};

/** Where an ACL is used decides what its absence does. */
function aclUse(
  ref: Reference,
):
  | "filter"
  | "crypto"
  | "nat"
  | "route-map"
  | "management"
  | "distribute"
  | "class-map"
  | "other" {
  const node = ref.node;
  if (startsWith(node, "ip", "access-group")) {
    return "filter";
  }
  if (
    startsWith(node, "access-class") ||
    startsWith(node, "snmp-server") ||
    startsWith(node, "ntp", "access-group") ||
    startsWith(node, "ip", "http", "access-class")
  ) {
    return "management";
  }
  if (startsWith(node, "distribute-list")) {
    return "distribute";
  }
  if (startsWith(node, "match", "address")) {
    return "crypto";
  }
  if (startsWith(node, "match", "ip", "address")) {
    return "route-map";
  }
  if (startsWith(node, "match", "access-group")) {
    return "class-map";
  }
  if (startsWith(node, "ip", "nat")) {
    return "nat";
  }
  return "other";
}

/** What a missing object means for IOS, by kind. */
const CONSEQUENCES: Partial<Record<ObjectKind, string>> = {
  "transform-set": "IOS has no proposal to offer for phase 2 from this name",
  "crypto-map": "the interface encrypts nothing",
  "ipv6-crypto-map": "the interface encrypts no IPv6 traffic",
  "dynamic-map": "the entry answers no peer",
  "isakmp-profile":
    "phase 1 cannot use the keyrings and identities meant for this peer",
  keyring: "the profile has no pre-shared keys to offer",
  "ipsec-profile":
    "the tunnel interface has no IPsec protection and stays down or sends in the clear",
  identity: "the crypto map admits no peer",
  trustpoint: "no certificate can be used or verified through it",
  zone: "IOS requires a zone to exist (`zone security NAME`) before an interface or a zone-pair can name it, so this line is refused",
  "class-map":
    "the class has no traffic to act on, and IOS refuses a class whose class-map does not exist",
  "policy-map": "the zone-pair has no inspect policy to apply to its traffic",
  "object-group":
    "IOS refuses an access-list line or a `group-object` that names a group it does not have, so the line is not in the running configuration",
  "certificate-map":
    "the IKEv2 profile selects no peer by certificate through this line",
  "ikev2-proposal":
    "the IKEv2 policy has no proposal of this name to offer or accept in IKE_SA_INIT",
  "ikev2-keyring":
    "the IKEv2 profile has no pre-shared keys, so IKE_AUTH with `pre-share` finds no key for its peers",
  "ikev2-profile":
    "the crypto map entry or IPsec profile has no IKEv2 profile to identify and authenticate its peer with",
  "standby-group":
    "the crypto map cannot follow HSRP: no standby group bears this name (`standby N name NAME`), so IKE and IPsec talk from the interface's own address, not from a virtual address the peer could keep reaching after a failover",
};

/**
 * What a missing ACL means, by where it is used. IOS lets an interface name an ACL that does not
 * exist and then filters nothing: the tunnel is not hurt, but the interface is open where someone
 * meant to filter it, which a careful engineer wants to hear about. So uses outside crypto maps
 * are warnings; a crypto map entry without its ACL is broken, an error.
 */
const ACL_CONSEQUENCES: Record<
  ReturnType<typeof aclUse>,
  { text: string; severity?: Severity }
> = {
  crypto: {
    text: "the crypto map entry has no traffic to protect and IOS marks it incomplete",
  },
  filter: {
    text: "IOS then filters nothing on this interface (an undefined ACL permits all), which is rarely what was meant",
    severity: "warning",
  },
  nat: { text: "this NAT rule then translates nothing", severity: "warning" },
  "route-map": {
    text: "this route-map clause then matches nothing",
    severity: "warning",
  },
  management: {
    text: "the access restriction meant here does not exist (depending on the feature and the release, IOS then admits every address or none), which is rarely what was meant",
    severity: "warning",
  },
  distribute: {
    text: "the route filter meant here does not exist, so the routing process does not filter its updates as intended",
    severity: "warning",
  },
  "class-map": {
    text: "this match line of the firewall class-map then selects nothing",
    severity: "warning",
  },
  other: { text: "the command that uses it has nothing to apply" },
};

function consequence(ref: Reference): { text: string; severity?: Severity } {
  if (ref.kind === "acl") {
    return ACL_CONSEQUENCES[aclUse(ref)];
  }
  if (ref.kind === "ipv6-acl") {
    // An IPv6 crypto map entry's `match address`, else `ipv6 traffic-filter` (which filters
    // nothing without its ACL, as an IPv4 one).
    return ACL_CONSEQUENCES[aclUse(ref) === "crypto" ? "crypto" : "filter"];
  }
  return {
    text: CONSEQUENCES[ref.kind] ?? "the command that uses it does nothing",
    // A misnamed HSRP group costs the failover, not the tunnel (a peer may point at the
    // interface's own address).
    severity: ref.kind === "standby-group" ? "warning" : undefined,
  };
}

/** What a skeleton builder knows: the config, the reference, and the escaped name. */
interface SkeletonInput {
  model: ConfigModel;
  ref: Reference;
  name: string;
}

/**
 * The definition of each kind whose skeleton is clear, as snippet lines: values the analysis
 * knows (the peer the using section points at, its front-door VRF, the config's own objects) are
 * written, the rest are placeholders. Undefined where no clear skeleton exists for that use.
 */
const SKELETONS: Partial<
  Record<ObjectKind, (input: SkeletonInput) => string[] | undefined>
> = {
  "transform-set": ({ name }) => [
    `crypto ipsec transform-set ${name} ${placeholder(1, "esp-aes 256")} ${placeholder(2, "esp-sha-hmac")}`,
  ],
  acl: ({ ref, name }) => {
    if (aclUse(ref) !== "crypto") {
      return undefined;
    }
    const body = `permit ip ${placeholder(1, "local-network")} ${placeholder(2, "local-wildcard")} ${placeholder(3, "remote-network")} ${placeholder(4, "remote-wildcard")}`;
    if (/^\d+$/.test(ref.name)) {
      const n = Number(ref.name);
      return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699)
        ? [`access-list ${ref.name} ${body}`]
        : undefined;
    }
    return [`ip access-list extended ${name}`, ` ${body}`];
  },
  "ipv6-acl": ({ ref, name }) =>
    aclUse(ref) === "crypto"
      ? [
          `ipv6 access-list ${name}`,
          ` permit ipv6 ${placeholder(1, "local-prefix/length")} ${placeholder(2, "remote-prefix/length")}`,
        ]
      : undefined,
  "dynamic-map": ({ model, name }) => [
    `crypto dynamic-map ${name} 10`,
    ` set transform-set ${choice(
      1,
      model.transformSets.map((s) => s.name),
      "transform-set",
    )}`,
  ],
  "ipsec-profile": ({ model, name }) => [
    `crypto ipsec profile ${name}`,
    ` set transform-set ${choice(
      1,
      model.transformSets.map((s) => s.name),
      "transform-set",
    )}`,
  ],
  // An isakmp profile's `keyring NAME`: the keyring holds the key of the peer the profile
  // matches, in the profile's front-door VRF (IOS looks keys up in keyrings of that VRF).
  keyring: ({ ref, name }) => {
    const match = childWords(ref, "match", "identity", "address");
    const vrf = match?.[5];
    return [
      `crypto keyring ${name}${vrf ? ` vrf ${escapeSnippet(vrf)}` : ""}`,
      ` pre-shared-key address ${known(1, match?.[3], "peer-address")} key ${placeholder(2, "key")}`,
    ];
  },
  "ikev2-keyring": ({ ref, name }) => {
    const peer = childWords(ref, "match", "identity", "remote", "address")?.[4];
    return [
      `crypto ikev2 keyring ${name}`,
      ` peer ${placeholder(1, "peer-name")}`,
      `  address ${known(2, peer, "peer-address")}`,
      `  pre-shared-key ${placeholder(3, "key")}`,
    ];
  },
  // Named by a crypto map entry or an IPsec profile: the profile must select the entry's peer.
  "isakmp-profile": ({ model, ref, name }) => {
    const peer = childWords(ref, "set", "peer")?.[2];
    const keyrings = model.keyrings.map((k) => k.name);
    return [
      `crypto isakmp profile ${name}`,
      ...(keyrings.length
        ? [` keyring ${choice(2, keyrings, "keyring")}`]
        : []),
      ` match identity address ${known(1, peer, "peer-address")} 255.255.255.255`,
    ];
  },
  "ikev2-profile": ({ model, ref, name }) => {
    const peer = childWords(ref, "set", "peer")?.[2];
    return [
      `crypto ikev2 profile ${name}`,
      ` match identity remote address ${known(1, peer, "peer-address")} 255.255.255.255`,
      ` authentication remote pre-share`,
      ` authentication local pre-share`,
      ` keyring local ${choice(
        2,
        model.ikev2Keyrings.map((k) => k.name),
        "keyring",
      )}`,
    ];
  },
  "ikev2-proposal": ({ name }) => [
    `crypto ikev2 proposal ${name}`,
    ` encryption ${placeholder(1, "aes-cbc-256")}`,
    ` integrity ${placeholder(2, "sha256")}`,
    ` group ${placeholder(3, "14")}`,
  ],
  "certificate-map": ({ name }) => [
    `crypto pki certificate map ${name} 10`,
    ` subject-name co ${placeholder(1, "cn = peer-name")}`,
  ],
  identity: ({ name }) => [
    `crypto identity ${name}`,
    ` fqdn ${placeholder(1, "peer.example.com")}`,
  ],
};

/** A value the analysis knows, written as is; else a placeholder to type over. */
function known(
  index: number,
  value: string | undefined,
  label: string,
): string {
  return value !== undefined ? escapeSnippet(value) : placeholder(index, label);
}

/** The words of the first line of the reference's section that starts with these keywords. */
function childWords(
  ref: Reference,
  ...keywords: string[]
): string[] | undefined {
  const section = ref.node.parent ?? ref.node;
  const line = section.children.find((c) => startsWith(c, ...keywords));
  return line?.words.map((w) => w.text);
}

/**
 * A definition to insert for kinds whose skeleton is clear: after the last object of its kind,
 * else just above the section that uses it, so a config loaded line by line defines it first.
 */
function defineFix(
  model: ConfigModel,
  ref: Reference,
  byKind: Map<ObjectKind, Definition[]>,
): Fix | undefined {
  if (/\s/.test(ref.name) || ref.name.startsWith("<")) {
    return undefined;
  }
  const lines = SKELETONS[ref.kind]?.({
    model,
    ref,
    name: escapeSnippet(ref.name),
  });
  if (!lines) {
    return undefined;
  }
  const family = (byKind.get(ref.kind) ?? [])
    .map((d) => d.node)
    .filter((n) => !n.parent);
  let root = ref.node;
  while (root.parent) {
    root = root.parent;
  }
  const edit = family.length
    ? insertAfterLastOf(model.tree, family, lines)
    : insertLinesBefore(model.tree, root, lines);
  return {
    title: `Define ${CHECKED_KINDS[ref.kind]} ${ref.name}`,
    edits: [edit],
    snippet: true,
    cli: lines.map(snippetToCli),
  };
}

/** The references of checked kinds whose name is not defined, in order (kept small: it runs over every reference). */
function undefinedOnes(
  references: readonly Reference[],
  checked: ReadonlyMap<
    ObjectKind,
    { names: ReadonlyMap<string, unknown> | undefined }
  >,
): Reference[] {
  const out: Reference[] = [];
  for (const ref of references) {
    const kind = checked.get(ref.kind);
    if (
      kind &&
      !kind.names?.has(ref.name) &&
      !BUILT_IN_OBJECTS[ref.kind]?.has(ref.name)
    ) {
      out.push(ref);
    }
  }
  return out;
}

function undefinedReferences(model: ConfigModel): Finding[] {
  const defined = new Map<ObjectKind, Map<string, Definition>>();
  for (const d of model.definitions) {
    let names = defined.get(d.kind);
    if (!names) {
      names = new Map();
      defined.set(d.kind, names);
    }
    if (!names.has(d.name)) {
      names.set(d.name, d);
    }
  }
  // A big config has tens of thousands of references (each later line of a numbered ACL names
  // it) and a few undefined ones: the loop does one map lookup per kind and per name, and the
  // indexes that only findings need are built when the first finding needs them.
  const checked = new Map<
    ObjectKind,
    { label: string; names: Map<string, Definition> | undefined }
  >();
  for (const [kind, label] of Object.entries(CHECKED_KINDS) as [
    ObjectKind,
    string,
  ][]) {
    checked.set(kind, { label, names: defined.get(kind) });
  }
  let lookups:
    | {
        byKind: Map<ObjectKind, Definition[]>;
        byName: Map<string, Definition[]>;
      }
    | undefined;
  const indexes = () => {
    if (!lookups) {
      lookups = { byKind: new Map(), byName: new Map() };
      for (const d of model.definitions) {
        pushAt(lookups.byKind, d.kind, d);
        pushAt(lookups.byName, d.name, d);
      }
    }
    return lookups;
  };
  const out: Finding[] = [];
  const similar = new Map<string, string[]>();
  for (const ref of undefinedOnes(model.references, checked)) {
    const { label, names } = checked.get(ref.kind)!;
    const { byKind, byName } = indexes();
    const cacheKey = `${ref.kind}|${ref.name}`;
    let candidates = similar.get(cacheKey);
    if (!candidates) {
      candidates = similarNames(ref.name, names?.keys() ?? []);
      similar.set(cacheKey, candidates);
    }
    const fixes: Fix[] = candidates.slice(0, 3).map((c, i) => ({
      title: `Change to ${label} ${c}`,
      edits: [replaceRange(ref.range, c)],
      isPreferred: (i === 0 && candidates.length === 1) || undefined,
      cli: renameCli(ref, c),
    }));
    const define = defineFix(model, ref, byKind);
    if (define) {
      fixes.push(define);
    }
    const remove = removeFix(model, ref);
    if (remove) {
      fixes.push(remove);
    }
    const { text, severity } = consequence(ref);
    // The same name defined as another kind (an isakmp profile named where an IPsec profile goes).
    const otherKind = byName
      .get(ref.name)
      ?.find((d) => d.kind !== ref.kind && CHECKED_KINDS[d.kind]);
    const hint = otherKind
      ? ` ${ref.name} is defined as ${article(CHECKED_KINDS[otherKind.kind]!)} ${CHECKED_KINDS[otherKind.kind]}, not ${article(label)} ${label}.`
      : candidates.length
        ? ` Did you mean ${candidates[0]}?`
        : "";
    out.push({
      code: "undefined-reference",
      range: ref.range,
      message: `${capitalise(label)} ${ref.name} is used here but never defined: ${text}.${hint}`,
      severity,
      related: [
        ...(otherKind
          ? [
              relatedLine(
                otherKind.node,
                `${CHECKED_KINDS[otherKind.kind]} ${ref.name}`,
              ),
            ]
          : []),
        ...candidates
          .slice(0, 3)
          .map((c) =>
            relatedLine(names!.get(c)!.node, `${label} ${c} is defined here`),
          ),
      ],
      fixes,
    });
  }
  return out;
}

/**
 * Removing the line is a fix where the line does nothing as written: an interface's `crypto map`
 * of a map that does not exist, or an `ip access-group` of an ACL that does not exist (IOS already
 * filters nothing; removing it says so).
 */
function removeFix(model: ConfigModel, ref: Reference): Fix | undefined {
  const node = ref.node;
  const iface = node.parent;
  const onInterface =
    iface !== undefined && iface.words[0]?.text.toLowerCase() === "interface";
  if (!onInterface) {
    return undefined;
  }
  if (!(
    ref.kind === "crypto-map" ||
    (ref.kind === "acl" && aclUse(ref) === "filter")
  )) {
    return undefined;
  }
  const line = node.text.trim();
  return {
    title: `Remove \`${line}\` from ${iface.words
      .slice(1)
      .map((w) => w.text)
      .join(" ")}`,
    edits: [deleteLine(model.tree, node)],
    cli: [iface.text.trim(), ` no ${line}`],
  };
}

/** The console commands that rename a reference: the line again with the new name, in its mode. */
function renameCli(ref: Reference, name: string): string[] {
  const node = ref.node;
  const start = ref.range.start.character;
  const text =
    node.text.slice(0, start) + name + node.text.slice(ref.range.end.character);
  const commands: string[] = [];
  if (node.parent) {
    commands.push(node.parent.text.trim());
    commands.push(` ${text.trim()}`);
  } else {
    commands.push(text.trim());
  }
  return commands;
}

function article(text: string): string {
  return /^([aeiou]|isakmp|ipsec)/i.test(text) ? "an" : "a";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
