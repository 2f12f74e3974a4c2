import { lineRange, type Range } from "../text/position";
import type {
  Definition,
  Interface,
  InterfaceAddress,
  ObjectKind,
  Reference,
  RouteMapClause,
  Secret,
  SecretType,
} from "./model";
import type { ConfigNode, Token } from "./tree";

/**
 * Model entries of the sections an edit may move. Each keeps its line's node and the columns of
 * its name, and builds its range when asked for, from the node's current line: when an edit adds
 * or removes lines, the sections below it are moved, not read again, and their entries follow
 * their nodes. (A big config also names its ACLs, route-maps and interfaces tens of thousands of
 * times, and a range kept per name was three objects more each.)
 */

/**
 * The range of a word of `node`'s line, from the node's current line: the getter of a shared
 * section's entry (a crypto map, a key) calls it, so the entry also follows a move.
 */
export function tokenRange(node: ConfigNode, token: Token): Range {
  return lineRange(node.line, token.start, token.end);
}

/** From the start of word `first` to the end of word `last`, both of `node`'s line. */
export function tokensRange(
  node: ConfigNode,
  first: Token,
  last: Token,
): Range {
  return lineRange(node.line, first.start, last.end);
}

/** A use of a name. */
export class LineReference implements Reference {
  constructor(
    readonly kind: ObjectKind,
    readonly name: string,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get range(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** The place a name is defined. */
export class LineDefinition implements Definition {
  constructor(
    readonly kind: ObjectKind,
    readonly name: string,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get nameRange(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** A key or password, on `node`'s line between columns `from` and `to`. */
export class LineSecret implements Secret {
  constructor(
    readonly type: SecretType,
    readonly value: string,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get range(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** Something the parser could not make sense of, on `node`'s line. */
export class LineProblem {
  constructor(
    readonly message: string,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get range(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** An `interface` section; what its lines say is filled in as they are read. */
export class LineInterface implements Interface {
  addresses: InterfaceAddress[] = [];
  dynamicAddress = false;
  unnumbered?: Reference;
  shutdown = false;
  accessGroups: Interface["accessGroups"] = [];
  cryptoMap?: Reference;
  nat?: Interface["nat"];
  natEnable?: ConfigNode;
  vrf?: string;
  tunnel: Interface["tunnel"] = {};

  constructor(
    readonly name: string,
    readonly key: string,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get nameRange(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** A `route-map NAME [permit|deny] [SEQ]` clause; its `match` lines are filled in as read. */
export class LineRouteMapClause implements RouteMapClause {
  matchAcls: Reference[] = [];
  matchInterfaces: Reference[] = [];
  otherMatches: ConfigNode[] = [];

  constructor(
    readonly name: string,
    readonly action: "permit" | "deny",
    readonly sequence: number,
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get nameRange(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}
