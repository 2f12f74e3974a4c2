import type { AccessList, ConfigModel, ObjectGroup } from "./model";
import type { ConfigNode, ConfigTree, TreeRevision } from "./tree";
import { keywordAt, startsWith } from "./tree";
import type { LineAcl } from "./aclLine";

/**
 * Re-derives an edited config's model from the previous version's instead of reading every
 * section again. Most edits in a big config touch an interface, an ACL line, a route-map clause or
 * a prefix list: sections that add entries of their own to the model's lists. Their entries are
 * taken out of the lists and the new sections' put in their place.
 *
 * ACLs and route-maps are shared by sections (`access-list 101` lines, clauses of one route-map):
 * the sections in the edited part are read with the ACLs and route-maps defined before it known,
 * so their lines refer to them as in a full read, and the ACLs' entries are spliced like the lists.
 * An edit that touches a shared section (crypto, a global setting) reads every shared section
 * again with it (a few percent of a big config): everything outside the lists and ACLs is then
 * theirs, and their list entries are merged with the kept ones by section order. When the edit
 * moves where an ACL or route-map is first defined, the caller builds the whole model instead. An
 * edit that adds or removes lines moves the sections below it, which are not read again: every
 * entry of the model builds its ranges from its node's current line (config/lineEntries.ts), so it
 * follows its moved line.
 */

/** Top-level commands whose sections feed something shared beyond ACLs and route-maps, by first word. */
const SHARED_COMMANDS = new Set(["hostname", "version", "crypto"]);

/** True when the section only adds entries to the lists below, to ACLs or to route-maps. */
export function isLocalSection(root: ConfigNode): boolean {
  if (root.negated) {
    return false;
  }
  const first = keywordAt(root, 0);
  if (SHARED_COMMANDS.has(first)) {
    return false;
  }
  // `ntp master` sets one value of the model; `ntp server` lines add to a list like the others
  // (and sit near the end of real configs, below most edits).
  if (first === "ip") {
    return !(
      startsWith(root, "ip", "domain-name") || startsWith(root, "ip", "domain")
    );
  }
  return !(first === "ntp" && startsWith(root, "ntp", "master"));
}

/** The lists a local section may add to, each entry tied to a line of its section. */
const LOCAL_LISTS = [
  "interfaces",
  "routes",
  "routes6",
  "acls6",
  "routerProcesses",
  "natRules",
  "natPools",
  "routeMaps",
  "definitions",
  "references",
  "secrets",
  "problems",
  "ntpServers",
  "staticHosts",
  "zones",
  "zonePairs",
  "inspectClassMaps",
  "inspectPolicyMaps",
] as const satisfies readonly (keyof ConfigModel)[];

/** Parts of the model the local sections may also change, handled apart from the lists. */
const SHARED_BY_LOCAL = new Set<string>([
  "tree",
  "acls",
  "objectGroups",
  ...LOCAL_LISTS,
]);

type LocalList = (typeof LOCAL_LISTS)[number];
type Entry = ConfigModel[LocalList][number];

/** What the sections of the edited part know before they are read: the names defined above it. */
export interface SectionSeed {
  /** The ACLs defined above, as empty copies that collect the part's lines. */
  acls: Map<string, AccessList>;
  routeMapNames: Set<string>;
  /** The object groups of the whole config, which the part's ACL lines may name. */
  objectGroups: Map<string, ObjectGroup>;
}

/** Builds the model of some top-level sections, starting from what the seed knows. */
export type SectionParser = (
  tree: ConfigTree,
  roots: ConfigNode[],
  seed: SectionSeed,
) => ConfigModel;

/** The line an entry of the lists (or an ACL's line) stands on: every entry holds its node. */
function nodeOf(entry: Entry | ConfigNode): ConfigNode {
  return "lastLine" in entry ? entry : entry.node;
}

/**
 * `before` without the entries of the sections `dropped` says, and `added` merged in by section
 * order. The replaced sections' entries are together in a list, a shared edit's are spread over
 * the whole config; lists of sections themselves merge the same way (a root is its own node).
 */
function merge<T extends Entry | ConfigNode>(
  before: readonly T[],
  added: readonly T[],
  dropped: (root: ConfigNode) => boolean,
): T[] {
  const out: T[] = [];
  let j = 0;
  for (const entry of before) {
    const root = rootOf(nodeOf(entry));
    if (dropped(root)) {
      continue;
    }
    // Sections never share a line, and a section's entries are together in both lists.
    while (j < added.length && rootOf(nodeOf(added[j]!)).line < root.line) {
      out.push(added[j++]!);
    }
    out.push(entry);
  }
  while (j < added.length) {
    out.push(added[j++]!);
  }
  return out;
}

/**
 * The shared (not local) sections of a tree, kept per tree: an edit's new tree gets its list from
 * the previous one's, since scanning fifty thousand sections per keystroke cost more than the
 * rest of a shared edit.
 */
function sharedRootsOf(tree: ConfigTree): ConfigNode[] {
  let roots = SHARED_ROOTS.get(tree);
  if (!roots) {
    roots = tree.roots.filter((r) => !isLocalSection(r));
    SHARED_ROOTS.set(tree, roots);
  }
  return roots;
}
const SHARED_ROOTS = new WeakMap<ConfigTree, ConfigNode[]>();

/** True for an `object-group` section (`no object-group` included: it removes one). */
function isObjectGroup(root: ConfigNode): boolean {
  return keywordAt(root, 0) === "object-group";
}

/** The top-level section a line belongs to. */
function rootOf(node: ConfigNode): ConfigNode {
  let root = node;
  while (root.parent) {
    root = root.parent;
  }
  return root;
}

/** True when the model of the edited part holds nothing outside the lists, ACLs and route-maps. */
function onlyLocal(model: ConfigModel): boolean {
  for (const [key, value] of Object.entries(model)) {
    if (SHARED_BY_LOCAL.has(key)) {
      continue;
    }
    const empty =
      value === undefined ||
      (Array.isArray(value) && !value.length) ||
      (value instanceof Map && !value.size) ||
      (key === "ipsecLifetime" && !Object.keys(value as object).length);
    if (!empty) {
      return false;
    }
  }
  return true;
}

/**
 * The ACL table in the order a full read makes it (by first definition): the ACLs defined above
 * the part as they were, then those the part defines first, in its order (an edit may have moved
 * one's first line past another's), then those defined below.
 */
function inReadOrder(
  acls: Map<string, AccessList>,
  part: ConfigModel,
  startLine: number,
): Map<string, AccessList> {
  const ordered = new Map<string, AccessList>();
  for (const [name, acl] of acls) {
    if (acl.nodes[0]!.line < startLine) {
      ordered.set(name, acl);
    }
  }
  for (const name of part.acls.keys()) {
    const acl = acls.get(name);
    if (acl && !ordered.has(name)) {
      ordered.set(name, acl);
    }
  }
  for (const [name, acl] of acls) {
    if (!ordered.has(name)) {
      ordered.set(name, acl);
    }
  }
  return ordered;
}

/**
 * The model of `revision.tree` from the previous version's model, or undefined when the edit is
 * not one this can follow (then the caller builds the model afresh). The previous model is left
 * as it was.
 */
export function patchModel(
  previous: ConfigModel,
  revision: TreeRevision,
  parseSections: SectionParser,
): ConfigModel | undefined {
  const replaced = revision.replaced;
  if (!replaced) {
    return undefined;
  }
  const { startLine } = replaced;
  // An edit of an object group changes the entries of every ACL line that names it, wherever it
  // is: those are read again from a whole new model (the lines' memos are keyed by the groups).
  if (
    replaced.removed.some(isObjectGroup) ||
    replaced.added.some(isObjectGroup)
  ) {
    return undefined;
  }
  // The replaced sections' nodes are the previous tree's, not moved; those below were moved, so
  // when lines were removed their numbers may now fall in the part's old lines: ask the root.
  const removed = new Set(replaced.removed);
  const inPart = (node: ConfigNode): boolean => removed.has(rootOf(node));
  // An edit of a shared section (crypto, hostname...) reads every shared section again with the
  // part: they are a few percent of a big config, and the model's shared parts are theirs alone.
  const shared =
    !replaced.removed.every(isLocalSection) ||
    !replaced.added.every(isLocalSection);
  const wasReplaced = (root: ConfigNode): boolean => removed.has(root);
  const previousShared = sharedRootsOf(previous.tree);
  const partRoots = shared
    ? merge(previousShared, replaced.added, wasReplaced)
    : replaced.added;
  SHARED_ROOTS.set(
    revision.tree,
    merge(
      previousShared,
      replaced.added.filter((r) => !isLocalSection(r)),
      wasReplaced,
    ),
  );
  const oldShared = shared ? new Set(previousShared) : undefined;

  // Names defined above the edited part are known to it; those defined in it must still be
  // defined by it (and nothing new), or where a name is first defined would move.
  const seed: SectionSeed = {
    acls: new Map(),
    routeMapNames: new Set(),
    objectGroups: previous.objectGroups,
  };
  for (const [name, acl] of previous.acls) {
    if (acl.nodes[0]!.line < startLine) {
      seed.acls.set(name, (acl as LineAcl).withLines([], []));
    }
  }
  const routeMapsDefinedInPart = new Set<string>();
  for (const definition of previous.definitions) {
    if (definition.kind === "route-map") {
      if (definition.node.line < startLine) {
        seed.routeMapNames.add(definition.name);
      } else if (inPart(definition.node)) {
        routeMapsDefinedInPart.add(definition.name);
      }
    }
  }

  const part = parseSections(revision.tree, partRoots, seed);
  if (!shared && !onlyLocal(part)) {
    return undefined;
  }
  const partRouteMaps = new Set(
    part.definitions.filter((d) => d.kind === "route-map").map((d) => d.name),
  );
  if (
    partRouteMaps.size !== routeMapsDefinedInPart.size ||
    [...partRouteMaps].some((name) => !routeMapsDefinedInPart.has(name))
  ) {
    return undefined;
  }

  if ([...part.acls.keys()].some((name) => !previous.acls.has(name))) {
    // The part defines an ACL that did not exist: it would take its place in the table's order.
    return undefined;
  }
  const acls = new Map(previous.acls);
  for (const [name, old] of previous.acls) {
    const fromPart = part.acls.get(name);
    const definer = old.nodes[0]!;
    const definedInPart = definer.line >= startLine && inPart(definer);
    if (definer.line >= startLine && !definedInPart) {
      // Defined below the part: the part must not name it first.
      if (fromPart) {
        return undefined;
      }
      continue;
    }
    if (definedInPart) {
      // Defined in the part: the part must define it again.
      if (!fromPart?.nodes.length) {
        return undefined;
      }
    } else if (!fromPart?.nodes.length && !old.nodes.some(inPart)) {
      continue;
    }
    acls.set(
      name,
      ((definedInPart ? fromPart! : old) as LineAcl).withLines(
        merge(old.nodes, fromPart?.nodes ?? [], wasReplaced),
        merge(old.remarks, fromPart?.remarks ?? [], wasReplaced),
      ),
    );
  }

  // After a shared edit, everything outside the lists and ACLs is the part's (the shared
  // sections' alone), in the order a full read sets it.
  const model: ConfigModel = {
    ...(oldShared ? part : previous),
    tree: revision.tree,
    acls: inReadOrder(acls, part, startLine),
  };
  const dropped = oldShared
    ? (root: ConfigNode): boolean => removed.has(root) || oldShared.has(root)
    : wasReplaced;
  for (const list of LOCAL_LISTS) {
    (model as unknown as Record<LocalList, Entry[]>)[list] = merge(
      previous[list] as Entry[],
      part[list] as Entry[],
      dropped,
    );
  }
  return model;
}
