import type {
  AccessList,
  ConfigModel,
  CryptoMap,
  Interface,
  IpsecProfile,
  TransformSet,
} from "../config/model";
import type { ConfigNode, ConfigTree } from "../config/tree";
import type { Fix, TextEdit } from "../diagnostics/finding";
import {
  combineEdits,
  deleteLine,
  deleteSection,
  freeName,
  indentOf,
  insertAfterLastOf,
  insertChild,
  insertLinesAfterLine,
  interfaceCli,
} from "../fixes/configEdits";
import { escapeSnippet, placeholder } from "../fixes/snippets";
import { formatIpv4 } from "../ipv4/address";
import type { Endpoint } from "./endpoint";
import {
  matchTransformSets,
  phase2Settings,
  transformText,
  type Phase2Settings,
} from "./phase2";
import { findPresharedKey } from "./presharedKeys";
import { mirrorEntryText } from "./proxies";
import {
  interfaceOwning,
  mapInterfaces,
  resolveLocal,
  type RouterInfo,
} from "./router";

/**
 * Quick fixes for a one-sided crypto map peer: router A points an entry at router B, and no entry
 * of B points back. On B's side the fix writes the entry B lacks, mirroring A's (peer, transform
 * set, mirrored crypto ACL, PFS, and a key placeholder when B holds none for A); on A's side it
 * removes the entry nobody answers. Keys are never copied from A: the user types B's key.
 */

/** The mirror image of an ACL's permit entries, as entry text after the ACL's prefix (`permit ip ...`). */
export function mirroredPermits(acl: AccessList): string[] {
  return acl.entries.filter((e) => e.action === "permit").map(mirrorEntryText);
}

/** Highest sequence number of a crypto map entry. */
const MAX_SEQUENCE = 65535;

/** The extended numbered ACL ranges, in the order a free number is looked for. */
const EXTENDED_RANGES: readonly [number, number][] = [
  [100, 199],
  [2000, 2699],
];

/** One part of the change: its text edits and its console commands. */
interface Part {
  edits: TextEdit[];
  cli: string[];
}

/**
 * Where new sections go in a config, found once per config: the last transform set, the last
 * line of the ISAKMP area (policies, global keys), the last ACL line and the last crypto map entry.
 */
interface Anchors {
  transformSets: ConfigNode[];
  ipsecProfiles: ConfigNode[];
  keys: ConfigNode[];
  isakmp: ConfigNode[];
  acls: ConfigNode[];
  mapEntries: ConfigNode[];
}

const ANCHORS = new WeakMap<ConfigModel, Anchors>();

function anchorsOf(model: ConfigModel): Anchors {
  let anchors = ANCHORS.get(model);
  if (!anchors) {
    const acls: ConfigNode[] = [];
    for (const acl of model.acls.values()) {
      // Only top-level lines: a named ACL's head carries its entries as children.
      for (const node of acl.nodes) {
        if (!node.parent) {
          acls.push(node);
        }
      }
    }
    const mapEntries: ConfigNode[] = [];
    for (const maps of [model.cryptoMaps, model.dynamicMaps]) {
      for (const map of maps.values()) {
        for (const entry of map.entries) {
          mapEntries.push(entry.node);
        }
      }
    }
    anchors = {
      transformSets: model.transformSets.map((s) => s.node),
      ipsecProfiles: model.ipsecProfiles
        .filter((p) => !p.builtIn)
        .map((p) => p.node),
      keys: model.globalKeys.map((k) => k.node),
      isakmp: [
        ...model.isakmpPolicies.map((p) => p.node),
        ...model.keyrings.map((k) => k.node),
        ...model.isakmpProfiles.map((p) => p.node),
      ],
      acls,
      mapEntries,
    };
    ANCHORS.set(model, anchors);
  }
  return anchors;
}

/** Inserts top-level lines after the last node of the first family that has one, else at the end of the config. */
function insertAfterFirstOf(
  tree: ConfigTree,
  families: readonly (readonly ConfigNode[])[],
  lines: readonly string[],
): TextEdit {
  const family = families.find((f) => f.length > 0) ?? [];
  return insertAfterLastOf(tree, family, lines);
}

/** A free extended ACL number: the wanted one, else the next free one after it, else the first free one. */
function freeAclNumber(model: ConfigModel, wanted: number): string | undefined {
  const free = (n: number) => !model.acls.has(String(n));
  const ranges = EXTENDED_RANGES.map(([low, high]) =>
    wanted >= low && wanted <= high ? ([wanted, high] as const) : undefined,
  ).filter((r) => r !== undefined);
  for (const [low, high] of [...ranges, ...EXTENDED_RANGES]) {
    for (let n = low; n <= high; n++) {
      if (free(n)) {
        return String(n);
      }
    }
  }
  return undefined;
}

/** The next sequence number of a map: the highest plus 10, or 10; the first free one past the limit. */
function nextSequence(map: CryptoMap | undefined): number {
  let highest = 0;
  for (const e of map?.entries ?? []) {
    highest = Math.max(highest, e.sequence);
  }
  if (highest + 10 <= MAX_SEQUENCE) {
    return highest + 10;
  }
  const used = new Set(map!.entries.map((e) => e.sequence));
  let n = 1;
  while (used.has(n)) {
    n++;
  }
  return n;
}

/** A word safe for an IOS object name (a file name stands in for a missing hostname). */
function nameWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, "-");
}

/** Whether A authenticates phase 1 with pre-shared keys (no policy: IOS's defaults, which may). */
function usesPresharedKeys(model: ConfigModel): boolean {
  return (
    model.isakmpPolicies.length === 0 ||
    model.isakmpPolicies.some((p) => p.authentication === "pre-share")
  );
}

/** The crypto map B should take the new entry into, and the interface to apply it on when none is there. */
function chooseMap(
  B: RouterInfo,
  own: Interface | undefined,
  fallbackName: string,
):
  | { name: string; map?: CryptoMap; applyOn?: Interface; indent: string }
  | undefined {
  let name: string;
  let map: CryptoMap | undefined;
  let applyOn: Interface | undefined;
  if (own?.cryptoMap) {
    name = own.cryptoMap.name;
    map = B.model.cryptoMaps.get(name);
  } else {
    const maps = [...B.model.cryptoMaps.values()];
    map = maps.find((m) => mapInterfaces(B, m).length > 0) ?? maps[0];
    name = map?.name ?? fallbackName;
    applyOn = own;
    if (!applyOn && !(map && mapInterfaces(B, map).length)) {
      // The entry would sit in a map no interface uses: it would change nothing.
      return undefined;
    }
  }
  const withChild = map?.entries.find((e) => e.node.children.length);
  const indent = withChild ? indentOf(withChild.node.children[0]!) : " ";
  return { name, map, applyOn, indent };
}

/**
 * The fix on B's side of a one-sided peer: the crypto map entry B lacks for A, with what it needs.
 * Undefined when A's entry cannot be mirrored (no address of its own, no transform set, no crypto
 * ACL with a permit) or B has no interface to use it on.
 */
export function missingEntryFix(a: Endpoint, B: RouterInfo): Fix | undefined {
  const A = a.router;
  const entry = a.entry;
  if (a.kind !== "crypto-map" || !entry || !a.map) {
    return undefined;
  }
  // The address A's packets come from: its local-address, else its crypto map interface's.
  const aAddress = a.explicitLocal ?? a.interfaceLocal;
  const settings = phase2Settings(a);
  const mirrored = settings.acl ? mirroredPermits(settings.acl) : [];
  const offered = settings.transformSets;
  // Crypto maps are read for IPv4 peers only.
  if (typeof aAddress !== "number" || !settings.acl || !mirrored.length) {
    return undefined;
  }
  if (!offered.length) {
    return undefined;
  }
  const model = B.model;
  const tree = model.tree;
  const anchors = anchorsOf(model);
  const own = a.remote !== undefined ? interfaceOwning(B, a.remote) : undefined;
  const chosen = chooseMap(B, own, a.map.name);
  if (!chosen) {
    return undefined;
  }
  const { name: mapName, map, applyOn, indent } = chosen;
  const sequence = nextSequence(map);
  const peer = formatIpv4(aAddress);

  // IKEv2: B can only use A's profile when it defines one of that name.
  const ikev2 = entry.ikev2Profile?.name;
  const ikev2Kept =
    ikev2 !== undefined && model.ikev2Profiles.some((p) => p.name === ikev2);
  const ikev1Only = ikev2 !== undefined && !ikev2Kept;

  const keyLine = missingKeyPart(a, B, aAddress, ikev2Kept);
  const needsKey = keyLine !== undefined;
  // A placeholder makes the fix a snippet, where literal `$`, `}` and `\` must be escaped.
  const lit = needsKey ? escapeSnippet : (text: string) => text;
  // The interface line goes first among edits at one place (a config without `end` may end in
  // that interface, where the other sections would be appended too), last on the console.
  const apply: Part | undefined = applyOn && {
    edits: [insertChild(tree, applyOn.node, lit(`crypto map ${mapName}`))],
    cli: interfaceCli(applyOn, [`crypto map ${mapName}`]),
  };
  const parts: Part[] = [];

  if (keyLine) {
    parts.push(keyLine);
  }
  const transform = transformSetPart(a, B, offered, indent, lit);
  const transformName = transform.name;
  if (transform.part) {
    parts.push(transform.part);
  }

  const source = settings.acl;
  let aclName: string | undefined;
  let aclLines: string[];
  let aclCli: string[];
  if (source.numbered) {
    aclName = freeAclNumber(model, Number(source.name));
    aclLines = mirrored.map((t) => `access-list ${aclName} ${t}`);
    aclCli = aclLines;
  } else {
    aclName = freeName((n) => model.acls.has(n), source.name);
    const head = `ip access-list extended ${aclName}`;
    aclLines = [head, ...mirrored.map((t) => `${indent}${t}`)];
    aclCli = [head, ...mirrored.map((t) => ` ${t}`)];
  }
  if (aclName === undefined) {
    return undefined;
  }

  const body = [
    `set peer ${peer}`,
    `set transform-set ${transformName}`,
    ...(settings.pfs
      ? [`set pfs${settings.pfs.explicit ? ` ${settings.pfs.group}` : ""}`]
      : []),
    ...(ikev2Kept ? [`set ikev2-profile ${ikev2}`] : []),
    `match address ${aclName}`,
  ];
  const head = `crypto map ${mapName} ${sequence} ipsec-isakmp`;
  const entryLines = [head, ...body.map((l) => `${indent}${l}`)];
  // After the map's last entry section (in the file, not in sequence order).
  const mapNodes = map?.entries.map((e) => e.node) ?? [];
  const last = mapNodes.reduce<ConfigNode | undefined>(
    (best, n) => (!best || n.lastLine > best.lastLine ? n : best),
    undefined,
  );
  parts.push({
    edits: [
      last
        ? insertLinesAfterLine(tree, last.lastLine, entryLines.map(lit))
        : insertAfterFirstOf(
            tree,
            [anchors.mapEntries, anchors.transformSets, anchors.isakmp],
            entryLines.map(lit),
          ),
    ],
    cli: [head, ...body.map((l) => ` ${l}`)],
  });

  parts.push({
    edits: [
      insertAfterFirstOf(
        tree,
        [anchors.acls, anchors.mapEntries],
        aclLines.map(lit),
      ),
    ],
    cli: aclCli,
  });

  const edits = combineEdits([
    ...(apply?.edits ?? []),
    ...parts.flatMap((p) => p.edits),
  ]);
  if (!edits) {
    return undefined;
  }
  // Console order: what the entry names exists before the entry; the interface comes last.
  const cli = [...parts, ...(apply ? [apply] : [])].flatMap((p) => p.cli);
  return {
    title: `Add crypto map ${mapName} ${sequence} on ${B.name} for ${A.name}${ikev1Only ? " (IKEv1)" : ""}`,
    isPreferred: true,
    edits: edits.map((e) => ({ ...e, uri: B.uri })),
    ...(needsKey ? { snippet: true } : {}),
    cli,
  };
}

/**
 * The key line B lacks for A (a placeholder: keys are never copied), when A authenticates with
 * pre-shared keys under IKEv1 and no key of B covers A's address or names.
 */
function missingKeyPart(
  a: Endpoint,
  B: RouterInfo,
  aAddress: number,
  ikev2: boolean,
): Part | undefined {
  const A = a.router;
  const needed =
    !ikev2 &&
    usesPresharedKeys(A.model) &&
    !findPresharedKey(
      B.model,
      {
        peer: aAddress,
        peerNames: [A.model.hostname?.name, A.fqdn].filter(
          (n): n is string => n !== undefined,
        ),
        local: a.remote,
      },
      (ring) => resolveLocal(B, ring.localAddress),
    ).key;
  if (!needed) {
    return undefined;
  }
  const peer = formatIpv4(aAddress);
  const anchors = anchorsOf(B.model);
  const line = `crypto isakmp key ${placeholder(1, "key")} address ${peer}`;
  return {
    edits: [
      insertAfterFirstOf(B.model.tree, [anchors.keys, anchors.isakmp], [line]),
    ],
    cli: [`crypto isakmp key <key> address ${peer}`],
  };
}

/**
 * The transform set B names for A: one of its own that matches what A offers, else a copy of
 * A's first set (its mode kept) under a free name, with the part that adds it.
 */
function transformSetPart(
  a: Endpoint,
  B: RouterInfo,
  offered: Phase2Settings["transformSets"],
  indent: string,
  lit: (text: string) => string,
): { name: string; part?: Part } {
  const model = B.model;
  const match = matchTransformSets(
    offered.map((t) => t.set),
    model.transformSets,
  );
  if (match.ok && match.chosen) {
    return { name: match.chosen.own.name };
  }
  const first = offered[0]!;
  const set: TransformSet = first.set;
  const name = freeName(
    (n) => model.transformSets.some((s) => s.name === n),
    first.builtIn ? `TS-${nameWord(a.router.name)}` : set.name,
  );
  const lines = [`crypto ipsec transform-set ${name} ${transformText(set)}`];
  const cli = [...lines];
  if (set.mode === "transport") {
    lines.push(`${indent}mode transport`);
    cli.push(" mode transport");
  }
  const anchors = anchorsOf(model);
  return {
    name,
    part: {
      edits: [
        insertAfterFirstOf(
          model.tree,
          [anchors.transformSets, anchors.keys, anchors.isakmp],
          lines.map(lit),
        ),
      ],
      cli,
    },
  };
}

/**
 * The fix on B's side when B's tunnel toward A has no `tunnel protection` while A protects its
 * end: protect it with an IPsec profile B already has that fits A's (same IKEv2 profile, a
 * transform set that matches A's offer, PFS as A sets it), else with a new one mirroring A's,
 * and a key placeholder when B holds none for A. Undefined when A's end offers no transform set
 * or talks from no IPv4 address while B needs a key.
 */
export function tunnelProtectionFix(
  a: Endpoint,
  B: RouterInfo,
  plain: Interface,
): Fix | undefined {
  const settings = phase2Settings(a);
  const offered = settings.transformSets;
  if (a.kind !== "tunnel" || !offered.length) {
    return undefined;
  }
  const A = a.router;
  const model = B.model;
  const tree = model.tree;
  const ikev2 = a.ipsecProfile?.ikev2Profile?.name;
  const ikev2Kept =
    ikev2 !== undefined && model.ikev2Profiles.some((p) => p.name === ikev2);
  const aAddress = a.explicitLocal ?? a.interfaceLocal;
  const keyLine =
    typeof aAddress === "number"
      ? missingKeyPart(a, B, aAddress, ikev2Kept)
      : undefined;
  if (
    typeof aAddress !== "number" &&
    !ikev2Kept &&
    usesPresharedKeys(A.model)
  ) {
    // An IPv6 end's key line is not written here: better no fix than a half one.
    return undefined;
  }
  const lit = keyLine ? escapeSnippet : (text: string) => text;
  const pfs = settings.pfs
    ? `set pfs${settings.pfs.explicit ? ` ${settings.pfs.group}` : ""}`
    : undefined;
  const offers = offered.map((t) => t.set);
  const fits = (p: IpsecProfile) =>
    !p.builtIn &&
    p.ikev2Profile?.name === (ikev2Kept ? ikev2 : undefined) &&
    (p.pfs !== undefined) === (pfs !== undefined) &&
    matchTransformSets(
      offers,
      p.transformSets.flatMap(
        (r) => model.transformSets.find((s) => s.name === r.name) ?? [],
      ),
    ).ok;
  const own =
    model.ipsecProfiles.find(
      (p) => p.name === a.ipsecProfile?.name && fits(p),
    ) ?? model.ipsecProfiles.find(fits);
  const parts: Part[] = keyLine ? [keyLine] : [];
  let profileName: string;
  if (own) {
    profileName = own.name;
  } else {
    const indent = " ";
    const transform = transformSetPart(a, B, offered, indent, lit);
    if (transform.part) {
      parts.push(transform.part);
    }
    profileName = freeName(
      (n) => model.ipsecProfiles.some((p) => p.name === n),
      a.ipsecProfile && !a.ipsecProfile.builtIn
        ? a.ipsecProfile.name
        : `PROT-${nameWord(A.name)}`,
    );
    const body = [
      `set transform-set ${transform.name}`,
      ...(pfs ? [pfs] : []),
      ...(ikev2Kept ? [`set ikev2-profile ${ikev2}`] : []),
    ];
    const head = `crypto ipsec profile ${profileName}`;
    const anchors = anchorsOf(model);
    parts.push({
      edits: [
        insertAfterFirstOf(
          tree,
          [anchors.ipsecProfiles, anchors.transformSets, anchors.isakmp],
          [head, ...body.map((l) => `${indent}${l}`)].map(lit),
        ),
      ],
      cli: [head, ...body.map((l) => ` ${l}`)],
    });
  }
  const line = `tunnel protection ipsec profile ${profileName}`;
  const apply: Part = {
    edits: [insertChild(tree, plain.node, lit(line))],
    cli: interfaceCli(plain, [line]),
  };
  const edits = combineEdits([apply, ...parts].flatMap((p) => p.edits));
  if (!edits) {
    return undefined;
  }
  return {
    title: `Protect ${B.name}'s ${plain.name} with IPsec profile ${profileName}${ikev2 !== undefined && !ikev2Kept ? " (IKEv1)" : ""}`,
    isPreferred: true,
    edits: edits.map((e) => ({ ...e, uri: B.uri })),
    ...(keyLine ? { snippet: true } : {}),
    // Console order: what the line names exists before the interface takes it.
    cli: [...parts, apply].flatMap((p) => p.cli),
  };
}

/**
 * The fix on A's side: remove the entry no router answers. Offered only for an entry with a
 * single peer (removing it would drop the others too); when it is the map's last entry, the map
 * leaves its interfaces as well.
 */
export function removeEntryFix(a: Endpoint): Fix | undefined {
  const entry = a.entry;
  const map = a.map;
  if (
    a.kind !== "crypto-map" ||
    !entry ||
    !map ||
    entry.isDynamicMapEntry ||
    entry.peers.length !== 1
  ) {
    return undefined;
  }
  const A = a.router;
  const tree = A.model.tree;
  const edits: TextEdit[] = [deleteSection(tree, entry.node)];
  const cli: string[] = [];
  const after: string[] = [];
  if (map.entries.length === 1) {
    for (const iface of mapInterfaces(A, map)) {
      if (iface.cryptoMap) {
        edits.push(deleteLine(tree, iface.cryptoMap.node));
        cli.push(...interfaceCli(iface, [`no crypto map ${map.name}`]));
      }
    }
    const local = map.localAddress?.node;
    if (local && !local.parent) {
      edits.push(deleteLine(tree, local));
      after.push(`no ${local.text.trim()}`);
    }
  }
  cli.push(`no crypto map ${map.name} ${entry.sequence}`, ...after);
  const combined = combineEdits(edits);
  if (!combined) {
    return undefined;
  }
  return {
    title: `Remove crypto map ${map.name} ${entry.sequence} (no peer answers)`,
    edits: combined.map((e) => ({ ...e, uri: A.uri })),
    cli,
  };
}
