import { lineRange, type Range } from "../text/position";
import type {
  Definition,
  Interface,
  InterfaceAddress,
  InterfaceAddress6,
  InterfaceNhrp,
  InterfaceNhrp6,
  ObjectKind,
  ParseProblem,
  ParseProblemKind,
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
 * The columns of words of a line, for the entries the parser builds from object literals (a
 * crypto map entry, a key, a profile): their lazy range getters live on these prototypes. V8 makes
 * an object literal that has a getter in dictionary mode, so every read of any of its properties
 * was a hash lookup and its property table weighed about 450 bytes; these entries are read by most
 * checks. The fields are private (`#`) so the entries' own properties are only what they say.
 */
abstract class Span {
  readonly #node: ConfigNode;
  readonly #from: number;
  readonly #to: number;

  constructor(node: ConfigNode, first: Token, last: Token) {
    this.#node = node;
    this.#from = first.start;
    this.#to = last.end;
  }

  protected span(): Range {
    return lineRange(this.#node.line, this.#from, this.#to);
  }
}

class NameSpan extends Span {
  get nameRange(): Range {
    return this.span();
  }
}

class RangeSpan extends Span {
  get range(): Range {
    return this.span();
  }
}

class TargetSpan extends Span {
  get targetRange(): Range {
    return this.span();
  }
}

/** The range getters `withRange` can give an entry, by property name. */
const SPANS = {
  nameRange: NameSpan,
  range: RangeSpan,
  targetRange: TargetSpan,
} as const;

/**
 * `fields` with property `key` (`nameRange`, `range` or `targetRange`): the range from word
 * `first` to word `last` of `node`'s current line.
 */
export function withRange<K extends keyof typeof SPANS, T extends object>(
  key: K,
  fields: T,
  node: ConfigNode,
  first: Token,
  last: Token = first,
): T & { readonly [P in K]: Range } {
  return Object.assign(new SPANS[key](node, first, last), fields) as T & {
    readonly [P in K]: Range;
  };
}

/** Something written on `node`'s line between columns `from` and `to`. */
abstract class OnLine {
  constructor(
    readonly node: ConfigNode,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Its range on the node's current line. */
  protected span(): Range {
    return lineRange(this.node.line, this.from, this.to);
  }
}

/** An entry whose `range` is where it is written. */
abstract class RangedOnLine extends OnLine {
  get range(): Range {
    return this.span();
  }
}

/** An entry whose `nameRange` is where its name is written. */
abstract class NamedOnLine extends OnLine {
  get nameRange(): Range {
    return this.span();
  }
}

/** A use of a name. */
export class LineReference extends RangedOnLine implements Reference {
  constructor(
    readonly kind: ObjectKind,
    readonly name: string,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}

/** The place a name is defined. */
export class LineDefinition extends NamedOnLine implements Definition {
  constructor(
    readonly kind: ObjectKind,
    readonly name: string,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}

/** A key or password, on `node`'s line between columns `from` and `to`. */
export class LineSecret extends RangedOnLine implements Secret {
  constructor(
    readonly type: SecretType,
    readonly value: string,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}

/** Something the parser could not make sense of, on `node`'s line. */
export class LineProblem extends RangedOnLine implements ParseProblem {
  constructor(
    readonly kind: ParseProblemKind,
    readonly message: string,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}

/** An `interface` section (its name's columns); what its lines say is filled in as they are read. */
export class LineInterface extends NamedOnLine implements Interface {
  addresses: InterfaceAddress[] = [];
  addresses6: InterfaceAddress6[] | undefined = undefined;
  trafficFilters: Interface["trafficFilters"] = undefined;
  dynamicAddress = false;
  unnumbered?: Reference;
  shutdown = false;
  accessGroups: Interface["accessGroups"] = [];
  cryptoMap?: Reference;
  cryptoMapRedundancy?: Interface["cryptoMapRedundancy"];
  cryptoMap6?: Reference;
  standby?: Interface["standby"];
  nat?: Interface["nat"];
  natEnable?: ConfigNode;
  vrf?: string;
  tunnel: Interface["tunnel"] = {};
  nhrp?: InterfaceNhrp;
  nhrp6: InterfaceNhrp6 | undefined = undefined;
  zone?: Reference;

  constructor(
    readonly name: string,
    readonly key: string,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}

/** A `route-map NAME [permit|deny] [SEQ]` clause; its `match` lines are filled in as read. */
export class LineRouteMapClause extends NamedOnLine implements RouteMapClause {
  matchAcls: Reference[] = [];
  matchInterfaces: Reference[] = [];
  otherMatches: ConfigNode[] = [];

  constructor(
    readonly name: string,
    readonly action: "permit" | "deny",
    readonly sequence: number,
    node: ConfigNode,
    from: number,
    to: number,
  ) {
    super(node, from, to);
  }
}
