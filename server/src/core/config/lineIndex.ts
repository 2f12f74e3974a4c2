import { pushAt } from "../collections/multiMap";
import { rangeContains, type Position, type Range } from "../text/position";
import type { ConfigModel, Definition, ObjectKind, Reference } from "./model";
import { interfaceKey } from "./parser";
import type { ConfigNode, Token } from "./tree";

/**
 * Lookups by line and by name over a parsed config, built once per model (hover, navigation and
 * completion ask many questions of the same version) and dropped with it.
 */

/** A named occurrence: a definition or a reference, with the range of the name. */
export interface NameOccurrence {
  kind: ObjectKind;
  name: string;
  range: Reference["range"];
  node: ConfigNode;
  role: "definition" | "reference";
}

/** The index of one model. */
export interface ConfigIndex {
  /**
   * The node that starts on each line from `firstLine` on (undefined for blank, comment and
   * banner lines). A configuration printed in a capture starts deep into the capture's lines.
   */
  nodeAt: (ConfigNode | undefined)[];
  firstLine: number;
  /** Definitions and references by line. */
  occurrencesByLine: Map<number, NameOccurrence[]>;
  /** Definitions and references by `objectKey`. */
  occurrencesByKey: Map<string, NameOccurrence[]>;
  /** Secret ranges by line, so any text we echo can be masked. */
  secretsByLine: Map<number, ConfigModel["secrets"]>;
}

const CACHE = new WeakMap<ConfigModel, ConfigIndex>();

/** The key that identifies an object: interface names compare in their normalised form, others as written. */
export function objectKey(kind: ObjectKind, name: string): string {
  return `${kind}\u0000${kind === "interface" ? interfaceKey(name) : name}`;
}

/** The index of a model, built on first use. */
export function configIndex(model: ConfigModel): ConfigIndex {
  const cached = CACHE.get(model);
  if (cached) {
    return cached;
  }
  const roots = model.tree.roots;
  const firstLine = roots[0]?.line ?? 0;
  const lastLine = roots[roots.length - 1]?.lastLine ?? -1;
  const nodeAt: (ConfigNode | undefined)[] = new Array<ConfigNode | undefined>(
    Math.max(0, lastLine - firstLine + 1),
  );
  const visit = (node: ConfigNode): void => {
    nodeAt[node.line - firstLine] = node;
    for (const child of node.children) {
      visit(child);
    }
  };
  for (const root of model.tree.roots) {
    visit(root);
  }
  const occurrencesByLine = new Map<number, NameOccurrence[]>();
  const occurrencesByKey = new Map<string, NameOccurrence[]>();
  // By the node's line, which is the range's: the ranges (four objects each, for tens of
  // thousands of names) are built only for the occurrences a request reads.
  const add = (o: NameOccurrence): void => {
    pushAt(occurrencesByLine, o.node.line, o);
    pushAt(occurrencesByKey, objectKey(o.kind, o.name), o);
  };
  for (const d of model.definitions) {
    add(fromDefinition(d));
  }
  for (const r of model.references) {
    add(new IndexedOccurrence(r, "reference"));
  }
  const secretsByLine = new Map<number, ConfigModel["secrets"]>();
  for (const s of model.secrets) {
    pushAt(secretsByLine, s.node.line, s);
  }
  const index = {
    nodeAt,
    firstLine,
    occurrencesByLine,
    occurrencesByKey,
    secretsByLine,
  };
  CACHE.set(model, index);
  return index;
}

function fromDefinition(d: Definition): NameOccurrence {
  return new IndexedOccurrence(d, "definition");
}

/** A definition or reference as the index holds it: the range of its name built when read. */
class IndexedOccurrence implements NameOccurrence {
  readonly kind: ObjectKind;
  readonly name: string;
  readonly node: ConfigNode;

  constructor(
    private readonly source: Definition | Reference,
    readonly role: "definition" | "reference",
  ) {
    this.kind = source.kind;
    this.name = source.name;
    this.node = source.node;
  }

  get range(): Range {
    return this.role === "definition"
      ? (this.source as Definition).nameRange
      : (this.source as Reference).range;
  }
}

/** The definition or reference whose name covers the position, if any. */
export function occurrenceAt(
  model: ConfigModel,
  position: Position,
): NameOccurrence | undefined {
  const list = configIndex(model).occurrencesByLine.get(position.line);
  return list?.find((o) => rangeContains(o.range, position));
}

/** Every definition and reference of an object. */
export function occurrencesOf(
  model: ConfigModel,
  kind: ObjectKind,
  name: string,
): NameOccurrence[] {
  return configIndex(model).occurrencesByKey.get(objectKey(kind, name)) ?? [];
}

/** The node a position's line starts, if the line is a command. */
export function nodeAtLine(
  model: ConfigModel,
  line: number,
): ConfigNode | undefined {
  const index = configIndex(model);
  return index.nodeAt[line - index.firstLine];
}

/** The word of a node under the position, with its index among the node's words. */
export function wordAt(
  node: ConfigNode,
  position: Position,
): { token: Token; index: number } | undefined {
  const index = node.words.findIndex((t) => rangeContains(t.range, position));
  return index >= 0 ? { token: node.words[index]!, index } : undefined;
}

/** A node's text with every secret on its line replaced by `*****`, for echoing lines safely. */
export function maskedLineText(model: ConfigModel, node: ConfigNode): string {
  const secrets = configIndex(model).secretsByLine.get(node.line);
  let text = node.text.trim();
  if (!secrets?.length) {
    return text;
  }
  const offset = node.text.length - node.text.trimStart().length;
  // Replace from the right so earlier columns stay valid.
  const sorted = [...secrets].sort(
    (a, b) => b.range.start.character - a.range.start.character,
  );
  for (const s of sorted) {
    const start = s.range.start.character - offset;
    const end = s.range.end.character - offset;
    if (start >= 0 && end <= text.length) {
      text = text.slice(0, start) + "*****" + text.slice(end);
    }
  }
  return text;
}
