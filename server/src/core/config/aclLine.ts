import { ANY, wildcardMatch, type WildcardMatch } from "../ipv4/address";
import type { PortMatch } from "../ipv4/acl";
import { protocolNumber } from "../knowledge/protocols";
import { PORT_OPERATORS, readPort, type Spec } from "./aclPorts";
import { expandGroup, MAX_GROUP_EXPANSION } from "./objectGroups";
import { lineRange, type Range } from "../text/position";
import { LineWords } from "./lineWords";
import type { AccessList, AclEntry, GroupService, ObjectGroup } from "./model";
import type { ConfigNode } from "./tree";

/**
 * ACL lines read from their text by column, without a token per word: a big config has twenty
 * thousand of them, with eight to ten words each, and they were half the words the parser split.
 */

/** The reader the parser uses for ACL lines. */
export const ACL_WORDS = new LineWords();

/**
 * An ACL entry read from one line. Its ranges are built when asked for, from the line's current
 * number and the columns read: most entries are never shown, and an entry kept on its node for
 * the next version (see `cachedAclEntry`) follows its line when lines are added or removed above.
 */
class LineAclEntry implements AclEntry {
  sourcePort: PortMatch | undefined = undefined;
  destinationPort: PortMatch | undefined = undefined;
  destination: WildcardMatch = ANY;
  grouped = false;
  /** Columns of the destination (-1 for a standard ACL's) and of the ports (-1: none). */
  private destinationFrom = -1;
  private destinationTo = -1;
  private sourcePortFrom = -1;
  private sourcePortTo = -1;
  private destinationPortFrom = -1;
  private destinationPortTo = -1;

  constructor(
    readonly action: "permit" | "deny",
    readonly protocol: number | undefined,
    readonly protocolWord: string,
    readonly source: WildcardMatch,
    private readonly sourceFrom: number,
    private readonly sourceTo: number,
    readonly node: ConfigNode,
    readonly sequence: number | undefined,
    readonly log: boolean,
  ) {}

  /** Sets the destination and the ports of an extended entry. */
  extended(
    destination: Spec<WildcardMatch>,
    sourcePort: Spec<PortMatch> | undefined,
    destinationPort: Spec<PortMatch> | undefined,
  ): this {
    this.destination = destination.value;
    this.destinationFrom = destination.from;
    this.destinationTo = destination.to;
    if (sourcePort) {
      this.sourcePort = sourcePort.value;
      this.sourcePortFrom = sourcePort.from;
      this.sourcePortTo = sourcePort.to;
    }
    if (destinationPort) {
      this.destinationPort = destinationPort.value;
      this.destinationPortFrom = destinationPort.from;
      this.destinationPortTo = destinationPort.to;
    }
    return this;
  }

  get sourceRange(): Range {
    return lineRange(this.node.line, this.sourceFrom, this.sourceTo);
  }

  /** A standard entry's destination is `any`, not written: its range is the source's. */
  get destinationRange(): Range {
    return this.destinationFrom < 0
      ? this.sourceRange
      : lineRange(this.node.line, this.destinationFrom, this.destinationTo);
  }

  get sourcePortRange(): Range | undefined {
    return this.sourcePortFrom < 0
      ? undefined
      : lineRange(this.node.line, this.sourcePortFrom, this.sourcePortTo);
  }

  get destinationPortRange(): Range | undefined {
    return this.destinationPortFrom < 0
      ? undefined
      : lineRange(
          this.node.line,
          this.destinationPortFrom,
          this.destinationPortTo,
        );
  }
}

/** Reads `any`, `host A`, `A W` (or `A` alone in a standard ACL) starting at word `i`. */
function readAddressSpec(
  w: LineWords,
  i: number,
  allowBare: boolean,
): Spec<WildcardMatch> | undefined {
  if (i >= w.count) {
    return undefined;
  }
  if (w.is(i, "any")) {
    return { value: ANY, next: i + 1, from: w.start(i), to: w.end(i) };
  }
  if (w.is(i, "host")) {
    const a = w.ipv4(i + 1);
    return a === undefined
      ? undefined
      : {
          value: wildcardMatch(a, 0),
          next: i + 2,
          from: w.start(i),
          to: w.end(i + 1),
        };
  }
  const address = w.ipv4(i);
  if (address === undefined) {
    return undefined;
  }
  const wildcard = w.ipv4(i + 1);
  if (wildcard !== undefined) {
    return {
      value: wildcardMatch(address, wildcard),
      next: i + 2,
      from: w.start(i),
      to: w.end(i + 1),
    };
  }
  return allowBare
    ? {
        value: wildcardMatch(address, 0),
        next: i + 1,
        from: w.start(i),
        to: w.end(i),
      }
    : undefined;
}

/**
 * The protocol words of most entries, so an entry keeps the one string rather than a copy per
 * line.
 */
const PROTOCOL_WORDS = new Map(
  ["ip", "tcp", "udp", "icmp", "esp", "ahp", "gre", "ipinip", "50", "51"].map(
    (p) => [p, p],
  ),
);

/**
 * Reads an ACL entry from word `start` (its action, after any sequence number):
 * `permit|deny [proto] src [ports] dst [ports] ...`. Undefined when the words are not an entry
 * (the line is then kept as opaque text).
 */
function readAclEntry(
  w: LineWords,
  start: number,
  kind: "standard" | "extended",
  node: ConfigNode,
  sequence: number | undefined,
  groups: ReadonlyMap<string, ObjectGroup>,
): AclEntry | AclEntry[] | undefined {
  const action = w.is(start, "permit")
    ? "permit"
    : w.is(start, "deny")
      ? "deny"
      : undefined;
  if (!action) {
    return undefined;
  }
  let log = false;
  let grouped = false;
  for (let i = 0; i < w.count && !log; i++) {
    log = w.is(i, "log") || w.is(i, "log-input");
    grouped ||= w.is(i, "object-group");
  }
  if (grouped && kind === "extended") {
    return readGroupEntries(w, start, action, node, sequence, log, groups);
  }
  // A standard entry: a source alone, matched against any destination and protocol.
  const standard = kind === "standard";
  if (!standard && start + 1 >= w.count) {
    return undefined;
  }
  const written = standard ? "ip" : w.lower(start + 1);
  const protocolWord = PROTOCOL_WORDS.get(written) ?? written;
  const protocol =
    protocolWord === "ip" ? undefined : protocolNumber(protocolWord);
  if (protocolWord !== "ip" && protocol === undefined) {
    return undefined;
  }
  const src = readAddressSpec(w, start + (standard ? 1 : 2), standard);
  if (!src) {
    return undefined;
  }
  const entry = new LineAclEntry(
    action,
    protocol,
    protocolWord,
    src.value,
    src.from,
    src.to,
    node,
    sequence,
    log,
  );
  if (standard) {
    return entry;
  }
  let i = src.next;
  const srcPort = readPort(w, i, protocol);
  if (srcPort) {
    i = srcPort.next;
  }
  const dst = readAddressSpec(w, i, false);
  if (!dst) {
    return undefined;
  }
  const dstPort = readPort(w, dst.next, protocol);
  return entry.extended(dst, srcPort, dstPort);
}

/** Reads `object-group NAME` (a network group's members) or an address spec, at word `i`. */
function readSide(
  w: LineWords,
  i: number,
  groups: ReadonlyMap<string, ObjectGroup>,
): Spec<readonly WildcardMatch[]> | undefined {
  if (w.is(i, "object-group")) {
    const members =
      i + 1 < w.count
        ? expandGroup(groups, w.word(i + 1), "network")
        : undefined;
    return members
      ? { value: members, next: i + 2, from: w.start(i), to: w.end(i + 1) }
      : undefined;
  }
  const spec = readAddressSpec(w, i, false);
  return spec && { ...spec, value: [spec.value] };
}

/** True when word `i` opens a port condition. */
function isPortOperator(w: LineWords, i: number): boolean {
  return PORT_OPERATORS.some((o) => w.is(i, o));
}

/**
 * An extended line that names object groups: `permit|deny {PROTO|object-group SVC} {SRC|
 * object-group NET} [ports] {DST|object-group NET} [ports]`, one entry per combination of the
 * members, as IOS expands it, all on the line's node. Undefined (unreadable) when a group cannot
 * be read or the line would give more than `MAX_GROUP_EXPANSION` entries.
 */
function readGroupEntries(
  w: LineWords,
  start: number,
  action: "permit" | "deny",
  node: ConfigNode,
  sequence: number | undefined,
  log: boolean,
  groups: ReadonlyMap<string, ObjectGroup>,
): AclEntry[] | undefined {
  let i = start + 1;
  let services: readonly GroupService[];
  const serviceGroup = w.is(i, "object-group");
  if (serviceGroup) {
    const members =
      i + 1 < w.count
        ? expandGroup(groups, w.word(i + 1), "service")
        : undefined;
    if (!members) {
      return undefined;
    }
    services = members;
    i += 2;
  } else {
    const written = w.lower(i);
    const protocolWord = PROTOCOL_WORDS.get(written) ?? written;
    const protocol =
      protocolWord === "ip" ? undefined : protocolNumber(protocolWord);
    if (protocolWord !== "ip" && protocol === undefined) {
      return undefined;
    }
    services = [{ protocol, protocolWord }];
    i++;
  }
  // With a service group the ports are its members'; the line writes none.
  const protocol = services[0]?.protocol;
  const src = readSide(w, i, groups);
  if (!src || (serviceGroup && isPortOperator(w, src.next))) {
    return undefined;
  }
  const srcPort = serviceGroup ? undefined : readPort(w, src.next, protocol);
  const dst = readSide(w, srcPort ? srcPort.next : src.next, groups);
  if (!dst || (serviceGroup && isPortOperator(w, dst.next))) {
    return undefined;
  }
  const dstPort = serviceGroup ? undefined : readPort(w, dst.next, protocol);
  if (
    services.length * src.value.length * dst.value.length >
    MAX_GROUP_EXPANSION
  ) {
    return undefined;
  }
  const entries: LineAclEntry[] = [];
  for (const service of services) {
    for (const source of src.value) {
      for (const destination of dst.value) {
        entries.push(
          new LineAclEntry(
            action,
            service.protocol,
            service.protocolWord,
            source,
            src.from,
            src.to,
            node,
            sequence,
            log,
          ).extended(
            { ...dst, value: destination },
            srcPort ?? unwritten(service.sourcePort),
            dstPort ?? unwritten(service.destinationPort),
          ),
        );
      }
    }
  }
  for (const entry of entries) {
    entry.grouped = true;
  }
  return entries;
}

/** A service group member's port, which has no place on the ACL line. */
function unwritten(port: PortMatch | undefined): Spec<PortMatch> | undefined {
  return port && { value: port, next: -1, from: -1, to: -1 };
}

/**
 * The entries read from each ACL line, kept on its node for the next version of the document: an
 * edit keeps most lines (the same node objects, see `updateTree`), and ACL lines are a fifth of a
 * big config. On the node rather than in a WeakMap, which cost the collector on every read.
 */
interface AclEntryMemo {
  kind: string;
  sequence: number | undefined;
  /** One entry for most lines; a list for a line with object groups. */
  entry: AclEntry | AclEntry[] | undefined;
  /**
   * The object groups a line that names some was read with: a new model's groups (after an edit
   * of an object-group section) read it again.
   */
  groups: ReadonlyMap<string, ObjectGroup> | undefined;
}

/**
 * The entries of the line `w` has read (word `start` is its action), reusing those read from
 * the same line of the previous version.
 */
function aclEntryOf(
  w: LineWords,
  start: number,
  kind: "standard" | "extended",
  node: ConfigNode,
  sequence: number | undefined,
  groups: ReadonlyMap<string, ObjectGroup>,
): AclEntry | AclEntry[] | undefined {
  const known = node.memo as AclEntryMemo | undefined;
  if (
    known &&
    known.kind === kind &&
    known.sequence === sequence &&
    (!known.groups || known.groups === groups)
  ) {
    return known.entry;
  }
  const entry = readAclEntry(w, start, kind, node, sequence, groups);
  node.memo = {
    kind,
    sequence,
    entry,
    groups: Array.isArray(entry) || entry === undefined ? groups : undefined,
  } satisfies AclEntryMemo;
  return entry;
}

/** Numbered ACL kinds by number range. */
export function numberedAclKind(
  n: number,
): "standard" | "extended" | undefined {
  if ((n >= 1 && n <= 99) || (n >= 1300 && n <= 1999)) {
    return "standard";
  }
  if ((n >= 100 && n <= 199) || (n >= 2000 && n <= 2699)) {
    return "extended";
  }
  return undefined;
}

/**
 * An ACL whose entries are read from its lines when first asked for. The parser only collects
 * the lines: a big config has twenty thousand ACL entries and its checks evaluate a few
 * thousand (the crypto ACLs and the ACLs of interfaces that face peers).
 */
export class LineAcl implements AccessList {
  private read: { entries: AclEntry[]; unreadable: ConfigNode[] } | undefined;

  constructor(
    readonly name: string,
    readonly kind: "standard" | "extended",
    readonly numbered: boolean,
    /** The line that defines it (its first), and its name's columns there. */
    private readonly definedOn: ConfigNode,
    private readonly nameFrom: number,
    private readonly nameTo: number,
    /** Every line of the ACL in order: numbered lines, `ip access-list` heads and their lines. */
    /** The config's object groups, which its lines may name (read with the entries). */
    private readonly groups: ReadonlyMap<string, ObjectGroup>,
    readonly nodes: ConfigNode[] = [],
    readonly remarks: ConfigNode[] = [],
  ) {}

  /** Built from the defining line's current number, so an ACL moved by an edit follows it. */
  get nameRange(): Range {
    return lineRange(this.definedOn.line, this.nameFrom, this.nameTo);
  }

  get entries(): AclEntry[] {
    return this.lines().entries;
  }

  get unreadable(): ConfigNode[] {
    return this.lines().unreadable;
  }

  /** Adds a line (the parser's only way in, so entries read earlier are read again). */
  add(node: ConfigNode, remark: boolean): void {
    this.nodes.push(node);
    if (remark) {
      this.remarks.push(node);
    }
    this.read = undefined;
  }

  /** The same ACL with other lines (the incremental parse splices its lines). */
  withLines(nodes: ConfigNode[], remarks: ConfigNode[]): LineAcl {
    return new LineAcl(
      this.name,
      this.kind,
      this.numbered,
      this.definedOn,
      this.nameFrom,
      this.nameTo,
      this.groups,
      nodes,
      remarks,
    );
  }

  private lines(): { entries: AclEntry[]; unreadable: ConfigNode[] } {
    return (this.read ??= readAclLines(this.nodes, this.groups));
  }
}

/**
 * Reads the entries of an ACL's lines, each as its own form says: `access-list N ...` by the
 * kind of its number; the lines of an `ip access-list standard|extended` section by the
 * section's kind, with its sequence numbers (written, or ten more than the line before).
 * A line that names object groups gives one entry per combination of their members. Lines that
 * look like entries but are not read (dynamic entries, object groups that cannot be read) are
 * `unreadable`: verdicts on the ACL are then uncertain.
 */
function readAclLines(
  nodes: readonly ConfigNode[],
  groups: ReadonlyMap<string, ObjectGroup>,
): {
  entries: AclEntry[];
  unreadable: ConfigNode[];
} {
  const entries: AclEntry[] = [];
  const unreadable: ConfigNode[] = [];
  let sectionKind: "standard" | "extended" = "extended";
  let implicitSequence = 0;
  for (const node of nodes) {
    const w = ACL_WORDS.read(node);
    if (!node.parent && w.is(0, "ip")) {
      // `ip access-list standard|extended NAME`: the lines below count from 10 again.
      sectionKind = w.lower(2) as "standard" | "extended";
      implicitSequence = 0;
      continue;
    }
    let entry: AclEntry | AclEntry[] | undefined;
    let at: number;
    let unreadableWords: readonly string[];
    if (!node.parent) {
      // `access-list N {permit|deny|dynamic|remark} ...`
      at = 2;
      if (w.is(at, "remark")) {
        continue;
      }
      const kind = numberedAclKind(w.number(1) ?? 0) ?? "extended";
      entry = aclEntryOf(w, at, kind, node, undefined, groups);
      unreadableWords = NUMBERED_ACTIONS;
    } else {
      if (w.is(0, "remark")) {
        continue;
      }
      const explicit = w.number(0);
      const sequence = explicit ?? implicitSequence + 10;
      implicitSequence = sequence;
      at = explicit === undefined ? 0 : 1;
      entry = aclEntryOf(w, at, sectionKind, node, sequence, groups);
      unreadableWords = NAMED_ACTIONS;
    }
    if (Array.isArray(entry)) {
      entries.push(...entry);
    } else if (entry) {
      entries.push(entry);
    } else if (unreadableWords.some((k) => w.is(at, k))) {
      unreadable.push(node);
    }
  }
  return { entries, unreadable };
}

/** The first words of the lines that are entries, read or not. */
const NUMBERED_ACTIONS = ["permit", "deny", "dynamic"];
const NAMED_ACTIONS = ["permit", "deny", "dynamic", "evaluate"];
