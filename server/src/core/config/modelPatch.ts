import type { AccessList, ConfigModel } from "./model";
import type { ConfigNode, ConfigTree, TreeRevision } from "./tree";
import { startsWith } from "./tree";

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
 * or a name defined once, the caller builds the whole model instead.
 *
 * An edit that adds or removes lines has already moved the tree's nodes below it; the model's
 * ranges there still hold the old line numbers, so they are moved too (`moveRanges`), and every
 * decision about the previous model's entries is taken in its own (old) line numbers.
 */

/** Top-level commands whose sections feed something shared beyond ACLs and route-maps, by first word. */
const SHARED_COMMANDS = new Set([
  "hostname",
  "version",
  "crypto",
  "ntp",
  "sntp",
]);

/** True when the section only adds entries to the lists below, to ACLs or to route-maps. */
export function isLocalSection(root: ConfigNode): boolean {
  if (root.negated) {
    return false;
  }
  const first = root.words[0]?.text.toLowerCase() ?? "";
  if (SHARED_COMMANDS.has(first)) {
    return false;
  }
  return !(
    startsWith(root, "ip", "domain-name") || startsWith(root, "ip", "domain")
  );
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

/** A node's line in the previous version (nodes below the edited part were moved already). */
type OldLine = (node: ConfigNode) => number;

function lineOf(entry: Entry | { node: ConfigNode }, oldLine: OldLine): number {
  return "node" in entry ? oldLine(entry.node) : entry.range.start.line;
}

/** `before` with its entries of lines [start, end) replaced by `added`; entries are in section order. */
function splice<T extends Entry | { node: ConfigNode } | ConfigNode>(
  before: readonly T[],
  added: readonly T[],
  start: number,
  end: number,
  oldLine: OldLine,
): T[] {
  const at = (entry: T): number =>
    "lastLine" in entry ? oldLine(entry) : lineOf(entry, oldLine);
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
  if (
    !replaced ||
    !replaced.removed.every(isLocalSection) ||
    !replaced.added.every(isLocalSection)
  ) {
    return undefined;
  }
  const { startLine, oldEndLine, delta } = replaced;
  const inPart = (line: number): boolean =>
    line >= startLine && line < oldEndLine;
  // The previous model's nodes are above the part (not moved), in it (replaced, not moved) or
  // below it (moved by delta).
  const removedNodes = delta === 0 ? undefined : subtreeNodes(replaced.removed);
  const oldLine: OldLine = (node) =>
    !removedNodes || node.line < startLine || removedNodes.has(node)
      ? node.line
      : node.line - delta;

  // Names defined above the edited part are known to it; those defined in it must still be
  // defined by it (and nothing new), or where a name is first defined would move.
  const seed: SectionSeed = { acls: new Map(), routeMapNames: new Set() };
  for (const [name, acl] of previous.acls) {
    if (oldLine(acl.nodes[0]!) < startLine) {
      seed.acls.set(name, {
        ...acl,
        nodes: [],
        entries: [],
        remarks: [],
        unreadable: [],
      });
    }
  }
  const routeMapsDefinedInPart = new Set<string>();
  for (const definition of previous.definitions) {
    if (definition.kind === "route-map") {
      const line = oldLine(definition.node);
      if (line < startLine) {
        seed.routeMapNames.add(definition.name);
      } else if (inPart(line)) {
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
    const defined = oldLine(old.nodes[0]!);
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
      !old.nodes.some((n) => inPart(oldLine(n)))
    ) {
      continue;
    }
    acls.set(name, {
      ...(inPart(defined) ? fromPart! : old),
      nodes: splice(
        old.nodes,
        fromPart?.nodes ?? [],
        startLine,
        oldEndLine,
        oldLine,
      ),
      entries: splice(
        old.entries,
        fromPart?.entries ?? [],
        startLine,
        oldEndLine,
        oldLine,
      ),
      remarks: splice(
        old.remarks,
        fromPart?.remarks ?? [],
        startLine,
        oldEndLine,
        oldLine,
      ),
      unreadable: splice(
        old.unreadable,
        fromPart?.unreadable ?? [],
        startLine,
        oldEndLine,
        oldLine,
      ),
    });
  }

  const model: ConfigModel = { ...previous, tree: revision.tree, acls };
  for (const list of LOCAL_LISTS) {
    (model as unknown as Record<LocalList, Entry[]>)[list] = splice(
      previous[list] as Entry[],
      part[list] as Entry[],
      startLine,
      oldEndLine,
      oldLine,
    );
  }
  if (delta !== 0) {
    moveRanges(previous, oldEndLine, delta, oldLine);
  }
  return model;
}

/** Every node of some sections. */
function subtreeNodes(roots: readonly ConfigNode[]): Set<ConfigNode> {
  const out = new Set<ConfigNode>();
  const stack = [...roots];
  while (stack.length) {
    const node = stack.pop()!;
    out.add(node);
    stack.push(...node.children);
  }
  return out;
}

/**
 * Moves by `delta` lines every position the previous model holds at or below `from` (its own
 * numbering), each position once: the entries below the edited part are kept in the new model.
 * List entries above or in the part are skipped without looking inside (a list entry's ranges lie
 * in its own section); everything else is walked whole.
 */
function moveRanges(
  previous: ConfigModel,
  from: number,
  delta: number,
  oldLine: OldLine,
): void {
  const seen = new Set<object>();
  const below = (entry: Entry | { node: ConfigNode }): boolean =>
    lineOf(entry, oldLine) >= from;
  const walk = (start: unknown): void => {
    const stack = [start];
    while (stack.length) {
      const value = stack.pop();
      if (typeof value !== "object" || value === null || seen.has(value)) {
        continue;
      }
      seen.add(value);
      if (value instanceof Map || value instanceof Set) {
        stack.push(...value.values());
      } else if (Array.isArray(value)) {
        stack.push(...(value as unknown[]));
      } else if (Object.getPrototypeOf(value) === Object.prototype) {
        const record = value as Record<string, unknown>;
        if (
          typeof record["line"] === "number" &&
          typeof record["character"] === "number"
        ) {
          if (record["line"] >= from) {
            record["line"] += delta;
          }
          continue;
        }
        for (const key in record) {
          // Tree nodes moved with the tree; `tree` holds them all.
          if (!TREE_KEYS.has(key)) {
            stack.push(record[key]);
          }
        }
      }
      // Class instances (the tree's tokens) hold no model positions.
    }
  };
  for (const [key, value] of Object.entries(previous)) {
    if (key === "tree") {
      continue;
    }
    if ((LOCAL_LISTS as readonly string[]).includes(key)) {
      for (const entry of value as Entry[]) {
        if (below(entry)) {
          walk(entry);
        }
      }
    } else if (key === "acls") {
      for (const acl of (value as ConfigModel["acls"]).values()) {
        const { entries, ...rest } = acl;
        walk(rest);
        for (const entry of entries) {
          if (below(entry)) {
            walk(entry);
          }
        }
      }
    } else {
      walk(value);
    }
  }
}

/** Keys under which a model holds tree nodes rather than model data. */
const TREE_KEYS = new Set(["tree", "node", "parent", "children", "words"]);
