import type { AccessList, ConfigModel } from "./model";
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
 * When the edit moves where an ACL or route-map is first defined, touches crypto, a global setting
 * or a name defined once, the caller builds the whole model instead. An edit that adds or removes
 * lines is read from its place to the end (see `toEndWhenLinesMoved`).
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
  "routerProcesses",
  "natRules",
  "natPools",
  "routeMaps",
  "definitions",
  "references",
  "secrets",
  "problems",
  "ntpServers",
] as const satisfies readonly (keyof ConfigModel)[];

/** Parts of the model the local sections may also change, handled apart from the lists. */
const SHARED_BY_LOCAL = new Set<string>(["tree", "acls", ...LOCAL_LISTS]);

type LocalList = (typeof LOCAL_LISTS)[number];
type Entry = ConfigModel[LocalList][number];

/** What the sections of the edited part know before they are read: the names defined above it. */
export interface SectionSeed {
  /** The ACLs defined above, as empty copies that collect the part's lines. */
  acls: Map<string, AccessList>;
  routeMapNames: Set<string>;
}

/** Builds the model of some top-level sections, starting from what the seed knows. */
export type SectionParser = (
  tree: ConfigTree,
  roots: ConfigNode[],
  seed: SectionSeed,
) => ConfigModel;

function lineOf(entry: Entry | { node: ConfigNode }): number {
  return "node" in entry ? entry.node.line : entry.range.start.line;
}

/** `before` with its entries of lines [start, end) replaced by `added`; entries are in section order. */
function splice<T extends Entry | { node: ConfigNode } | ConfigNode>(
  before: readonly T[],
  added: readonly T[],
  start: number,
  end: number,
): T[] {
  const at = (entry: T): number =>
    "lastLine" in entry ? entry.line : lineOf(entry);
  const out: T[] = [];
  let i = 0;
  while (i < before.length && at(before[i]!) < start) {
    out.push(before[i++]!);
  }
  while (i < before.length && at(before[i]!) < end) {
    i++;
  }
  for (const entry of added) {
    out.push(entry);
  }
  while (i < before.length) {
    out.push(before[i++]!);
  }
  return out;
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
 * The ACL table in the order a full read makes it (by first definition) when the part runs to the
 * end: the ACLs defined above it as they were, then those the part defines first, in its order
 * (an edit may have moved one's first line past another's).
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
 * The part of the tree to read again. When the edit added or removed lines, the model's entries
 * below it hold ranges of the old line numbers; rather than move them (a walk of the whole model,
 * tried: dearer than reading the sections again), every section from the edit to the end is read
 * again, so no entry of the previous model is kept below the edit. The moved sections are the
 * same nodes, already at their new lines.
 */
function toEndWhenLinesMoved(
  revision: TreeRevision,
): TreeRevision["replaced"] | undefined {
  const replaced = revision.replaced;
  if (!replaced || replaced.delta === 0) {
    return replaced;
  }
  const roots = revision.tree.roots;
  let low = 0;
  let high = roots.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (roots[mid]!.line < replaced.startLine) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const tail = roots.slice(low + replaced.added.length);
  return {
    ...replaced,
    oldEndLine: Number.POSITIVE_INFINITY,
    removed: [...replaced.removed, ...tail],
    added: [...replaced.added, ...tail],
  };
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
  const replaced = toEndWhenLinesMoved(revision);
  if (
    !replaced ||
    !replaced.removed.every(isLocalSection) ||
    !replaced.added.every(isLocalSection)
  ) {
    return undefined;
  }
  const { startLine, oldEndLine } = replaced;
  const inPart = (line: number): boolean =>
    line >= startLine && line < oldEndLine;

  // Names defined above the edited part are known to it; those defined in it must still be
  // defined by it (and nothing new), or where a name is first defined would move.
  const seed: SectionSeed = { acls: new Map(), routeMapNames: new Set() };
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
      } else if (inPart(definition.node.line)) {
        routeMapsDefinedInPart.add(definition.name);
      }
    }
  }

  const part = parseSections(revision.tree, replaced.added, seed);
  if (!onlyLocal(part)) {
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
    const defined = old.nodes[0]!.line;
    if (defined >= oldEndLine) {
      // Defined below the part: the part must not name it first.
      if (fromPart) {
        return undefined;
      }
      continue;
    }
    if (inPart(defined)) {
      // Defined in the part: the part must define it again.
      if (!fromPart?.nodes.length) {
        return undefined;
      }
    } else if (
      !fromPart?.nodes.length &&
      !old.nodes.some((n) => inPart(n.line))
    ) {
      continue;
    }
    acls.set(
      name,
      ((inPart(defined) ? fromPart! : old) as LineAcl).withLines(
        splice(old.nodes, fromPart?.nodes ?? [], startLine, oldEndLine),
        splice(old.remarks, fromPart?.remarks ?? [], startLine, oldEndLine),
      ),
    );
  }

  const model: ConfigModel = {
    ...previous,
    tree: revision.tree,
    acls:
      oldEndLine === Number.POSITIVE_INFINITY
        ? inReadOrder(acls, part, startLine)
        : acls,
  };
  for (const list of LOCAL_LISTS) {
    (model as unknown as Record<LocalList, Entry[]>)[list] = splice(
      previous[list] as Entry[],
      part[list] as Entry[],
      startLine,
      oldEndLine,
    );
  }
  return model;
}
