import {
  ANY,
  invert,
  isContiguousMask,
  wildcardMatch,
  type WildcardMatch,
} from "../ipv4/address";
import { protocolNumber, PROTO } from "../knowledge/protocols";
import { lineRange, type Range } from "../text/position";
import { readPort } from "./aclPorts";
import { LineWords } from "./lineWords";
import type { GroupService, ObjectGroup, ObjectGroupMember } from "./model";
import type { ConfigNode } from "./tree";

/**
 * `object-group network|service` sections, which extended ACL lines name in place of an address
 * or of the protocol. IOS treats such a line as one entry per combination of the groups'
 * members; this module gives the members of a group, nested groups included, so the ACL reader
 * can write those entries.
 */

/**
 * The most members a group may expand to, and the most entries one ACL line may expand to: past
 * it the line is left unreadable rather than multiplied without bound.
 */
export const MAX_GROUP_EXPANSION = 1024;

const ICMP = 1;

/** Its own reader: a group's lines are read while an ACL line is held in the ACL reader's. */
const GROUP_WORDS = new LineWords();

/** Where a group's expansion stands: not asked yet, being computed (a nesting cycle), or known. */
type Expansion =
  | { state: "busy" }
  | {
      state: "done";
      value: readonly (WildcardMatch | GroupService)[] | undefined;
    };

/** A group read from its section; its members are read from the lines when first asked for. */
export class LineObjectGroup implements ObjectGroup {
  private read: ObjectGroupMember[] | undefined;
  /** Set by `expandGroup`: a group's members do not change while its model lives. */
  expansion: Expansion | undefined;

  constructor(
    readonly name: string,
    readonly kind: "network" | "service",
    readonly node: ConfigNode,
    private readonly nameFrom: number,
    private readonly nameTo: number,
    /** Every section of the group: IOS adds to a group entered again. */
    readonly sections: ConfigNode[] = [node],
  ) {}

  get nameRange(): Range {
    return lineRange(this.node.line, this.nameFrom, this.nameTo);
  }

  get members(): readonly ObjectGroupMember[] {
    if (!this.read) {
      const members: ObjectGroupMember[] = [];
      for (const section of this.sections) {
        for (const child of section.children) {
          const member = child.negated
            ? undefined
            : readMember(child, this.kind);
          if (member) {
            members.push(member);
          }
        }
      }
      this.read = members;
    }
    return this.read;
  }
}

/** Reads one line of a group; undefined for `description`, which holds nothing. */
function readMember(
  node: ConfigNode,
  kind: "network" | "service",
): ObjectGroupMember | undefined {
  const w = GROUP_WORDS.read(node);
  if (w.is(0, "description")) {
    return undefined;
  }
  if (w.is(0, "group-object")) {
    return w.count === 2
      ? { kind: "group", name: w.word(1), node }
      : { kind: "unreadable", node };
  }
  if (kind === "network") {
    const matches = readNetwork(w);
    return matches
      ? { kind: "addresses", matches, node }
      : { kind: "unreadable", node };
  }
  const services = readServices(w);
  return services
    ? { kind: "services", services, node }
    : { kind: "unreadable", node };
}

/** `host A`, `A MASK` (a subnet mask, not a wildcard), `range A B`, `any`. */
function readNetwork(w: LineWords): WildcardMatch[] | undefined {
  if (w.is(0, "any") && w.count === 1) {
    return [ANY];
  }
  if (w.count !== 2 && w.count !== 3) {
    return undefined;
  }
  if (w.is(0, "host")) {
    const a = w.ipv4(1);
    return a === undefined || w.count !== 2 ? undefined : [wildcardMatch(a, 0)];
  }
  if (w.is(0, "range")) {
    const first = w.ipv4(1);
    const last = w.ipv4(2);
    return first === undefined || last === undefined || first > last
      ? undefined
      : rangeMatches(first, last);
  }
  const address = w.ipv4(0);
  const mask = w.ipv4(1);
  return address === undefined ||
    mask === undefined ||
    w.count !== 2 ||
    !isContiguousMask(mask)
    ? undefined
    : [wildcardMatch(address, invert(mask))];
}

/** The aligned blocks that cover `first`..`last` exactly (at most 62). */
function rangeMatches(first: number, last: number): WildcardMatch[] {
  const out: WildcardMatch[] = [];
  let at = first;
  while (at <= last) {
    // The largest block aligned at `at` that does not pass `last`.
    let size = at === 0 ? 2 ** 32 : (at & -at) >>> 0;
    while (size > 1 && at + size - 1 > last) {
      size /= 2;
    }
    out.push(wildcardMatch(at, size - 1));
    at += size;
  }
  return out;
}

/**
 * A line of a service group: `ip`, a protocol name or number (`icmp` with its type and code,
 * which plain ACL lines do not model either), or `tcp|udp|tcp-udp [source OP PORT] [OP PORT]`.
 */
function readServices(w: LineWords): GroupService[] | undefined {
  const word = w.lower(0);
  if (word === "ip") {
    return w.count === 1
      ? [{ protocol: undefined, protocolWord: "ip" }]
      : undefined;
  }
  const protocols =
    word === "tcp-udp" ? [PROTO.TCP, PROTO.UDP] : [protocolNumber(word)];
  const services: GroupService[] = [];
  for (const protocol of protocols) {
    if (protocol === undefined) {
      return undefined;
    }
    const protocolWord =
      protocols.length > 1 ? (protocol === PROTO.TCP ? "tcp" : "udp") : word;
    const service = readPorts(w, protocol, protocolWord);
    if (!service) {
      return undefined;
    }
    services.push(service);
  }
  return services;
}

/** The ports written after the protocol word, or undefined when words are left over. */
function readPorts(
  w: LineWords,
  protocol: number,
  protocolWord: string,
): GroupService | undefined {
  const service: GroupService = { protocol, protocolWord };
  if (protocol === ICMP) {
    // `icmp [type [code]]`: the type is not modelled, as in plain ACL lines.
    return w.count <= 3 ? service : undefined;
  }
  let i = 1;
  if (protocol === PROTO.TCP || protocol === PROTO.UDP) {
    if (w.is(i, "source")) {
      const port = readPort(w, i + 1, protocol);
      if (!port) {
        return undefined;
      }
      service.sourcePort = port.value;
      i = port.next;
    }
    const port = readPort(w, i, protocol);
    if (port) {
      service.destinationPort = port.value;
      i = port.next;
    }
  }
  return i === w.count ? service : undefined;
}

/**
 * The members of group `name` of `kind`, nested groups included: wildcard matches for a network
 * group, services for a service group. Undefined when IOS's view of it cannot be read: no such
 * group, another kind, a line not read, a nesting cycle, or more than `MAX_GROUP_EXPANSION`
 * members.
 */
export function expandGroup(
  groups: ReadonlyMap<string, ObjectGroup>,
  name: string,
  kind: "network",
): readonly WildcardMatch[] | undefined;
export function expandGroup(
  groups: ReadonlyMap<string, ObjectGroup>,
  name: string,
  kind: "service",
): readonly GroupService[] | undefined;
export function expandGroup(
  groups: ReadonlyMap<string, ObjectGroup>,
  name: string,
  kind: "network" | "service",
): readonly WildcardMatch[] | readonly GroupService[] | undefined {
  const group = groups.get(name);
  if (!(group instanceof LineObjectGroup) || group.kind !== kind) {
    return undefined;
  }
  if (group.expansion) {
    // Busy: the group names itself through its nested groups.
    return group.expansion.state === "done"
      ? (group.expansion.value as
          readonly WildcardMatch[] | readonly GroupService[] | undefined)
      : undefined;
  }
  group.expansion = { state: "busy" };
  let value: (WildcardMatch | GroupService)[] | undefined = [];
  for (const member of group.members) {
    const items =
      member.kind === "addresses"
        ? member.matches
        : member.kind === "services"
          ? member.services
          : member.kind === "group"
            ? kind === "network"
              ? expandGroup(groups, member.name, "network")
              : expandGroup(groups, member.name, "service")
            : undefined;
    if (!items || value.length + items.length > MAX_GROUP_EXPANSION) {
      value = undefined;
      break;
    }
    value.push(...items);
  }
  group.expansion = { state: "done", value };
  // A group's members are all of its kind: network lines give addresses, service lines services.
  return value as
    readonly WildcardMatch[] | readonly GroupService[] | undefined;
}
