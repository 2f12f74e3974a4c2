import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
} from "../config/model";
import { nodeRange } from "../config/tree";
import { withLazyFixes, type Finding, type Fix } from "../diagnostics/finding";
import {
  aclEntryText,
  deleteLine,
  deleteSection,
  replaceRange,
} from "../fixes/configEdits";
import { insertAclEntries } from "../fixes/natEdits";
import type { PortMatch } from "../ipv4/acl";
import {
  wildcardCovers,
  wildcardsIntersect,
  wildcardToPrefix,
  prefixToMask,
} from "../ipv4/address";
import { describeEntry } from "../peers/proxies";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * IOS tries a crypto map's entries in sequence order and protects a packet by the first entry
 * whose ACL permits it (a `deny` only passes it on to the next entry). A line of a later entry
 * whose traffic an earlier entry for another peer already permits is never used from this side:
 * the packets are encrypted toward the earlier entry's peer, and the later peer's tunnel never
 * starts from here. The classic case is a hub whose first entry protects a summary (10.0.0.0/8)
 * and a new site's entry added after it.
 */
export const cryptoMapOrderChecks: ConfigCheck = {
  id: "cryptoMapOrderChecks",
  run(model) {
    const out: Finding[] = [];
    for (const map of model.cryptoMaps.values()) {
      out.push(...shadowedLines(model, map));
    }
    return out;
  },
};

/** A permit line of an earlier entry, as a candidate to shadow later lines. */
interface EarlierLine {
  entry: CryptoMapEntry;
  acl: AccessList;
  /** Its position in its ACL. */
  index: number;
  line: AclEntry;
}

/**
 * The permit lines of the entries read so far, by destination prefix, so that a later line
 * finds the lines that may cover it with one lookup per prefix length in use instead of a scan
 * of a hub's thousands of lines. Lines whose destination is not a prefix are always candidates.
 */
class EarlierLines {
  /** By prefix length, then network. */
  private readonly byLength: (Map<number, EarlierLine[]> | undefined)[] = [];
  /** The prefix lengths that hold lines, ascending. */
  private lengths: number[] = [];
  private readonly scattered: EarlierLine[] = [];
  private readonly all: EarlierLine[] = [];

  add(line: EarlierLine): void {
    this.all.push(line);
    const prefix = wildcardToPrefix(line.line.destination);
    if (!prefix) {
      this.scattered.push(line);
      return;
    }
    let byNetwork = this.byLength[prefix.length];
    if (!byNetwork) {
      byNetwork = new Map();
      this.byLength[prefix.length] = byNetwork;
      this.lengths = [...this.lengths, prefix.length].sort((a, b) => a - b);
    }
    const list = byNetwork.get(prefix.network);
    if (list) {
      list.push(line);
    } else {
      byNetwork.set(prefix.network, [line]);
    }
  }

  /** Calls `visit` with each earlier line whose destination may cover `line`'s. */
  forCandidates(line: AclEntry, visit: (c: EarlierLine) => void): void {
    const prefix = wildcardToPrefix(line.destination);
    if (!prefix) {
      this.all.forEach(visit);
      return;
    }
    this.scattered.forEach(visit);
    for (const length of this.lengths) {
      if (length > prefix.length) {
        break;
      }
      const network = (prefix.network & prefixToMask(length)) >>> 0;
      this.byLength[length]!.get(network)?.forEach(visit);
    }
  }
}

/** True when port conditions `outer` admit every port `inner` does (no condition admits all). */
function portsCover(
  outer: PortMatch | undefined,
  inner: PortMatch | undefined,
): boolean {
  return (
    !outer ||
    (inner !== undefined &&
      outer.op === inner.op &&
      outer.ports.join() === inner.ports.join())
  );
}

/** True when every packet `inner` matches, `outer` matches too. */
function ruleCovers(outer: AclEntry, inner: AclEntry): boolean {
  return (
    (outer.protocol === undefined || outer.protocol === inner.protocol) &&
    wildcardCovers(outer.source, inner.source) &&
    wildcardCovers(outer.destination, inner.destination) &&
    portsCover(outer.sourcePort, inner.sourcePort) &&
    portsCover(outer.destinationPort, inner.destinationPort)
  );
}

/** True when some packet may match both (ports are not compared: a deny may take part). */
function rulesMayIntersect(a: AclEntry, b: AclEntry): boolean {
  return (
    (a.protocol === undefined ||
      b.protocol === undefined ||
      a.protocol === b.protocol) &&
    wildcardsIntersect(a.source, b.source) &&
    wildcardsIntersect(a.destination, b.destination)
  );
}

/** The peers an entry names, as one comparable text. */
function peersKey(entry: CryptoMapEntry): string {
  return entry.peers
    .map((p) => (p.address !== undefined ? String(p.address) : p.hostname))
    .sort()
    .join(",");
}

/** How messages name an entry's peers. */
function peersText(entry: CryptoMapEntry): string {
  const words = entry.peers.map((p) =>
    p.node.text.slice(p.range.start.character, p.range.end.character),
  );
  return words.length > 1 ? `peers ${words.join(", ")}` : `peer ${words[0]}`;
}

/** True when no line before `index` of the ACL is a deny that may take part of `line` away. */
function effective(acl: AccessList, index: number, line: AclEntry): boolean {
  for (let k = 0; k < index; k++) {
    const before = acl.entries[k]!;
    if (before.action === "deny" && rulesMayIntersect(before, line)) {
      return false;
    }
  }
  return true;
}

function shadowedLines(model: ConfigModel, map: CryptoMap): Finding[] {
  const out: Finding[] = [];
  const earlier = new EarlierLines();
  const peerKeys = new Map<CryptoMapEntry, string>();
  const sequences = new Set(map.entries.map((e) => e.sequence));
  for (const entry of map.entries) {
    const acl = entry.matchAddress
      ? model.acls.get(entry.matchAddress.name)
      : undefined;
    if (!acl || acl.kind !== "extended" || !entry.peers.length) {
      continue;
    }
    const peers = peersKey(entry);
    peerKeys.set(entry, peers);
    // One finding per earlier entry that shadows lines of this one, on the first of them.
    const shadowed = new Map<CryptoMapEntry, [AclEntry, EarlierLine][]>();
    for (const line of acl.entries) {
      if (line.action !== "permit") {
        continue;
      }
      let first: EarlierLine | undefined;
      earlier.forCandidates(line, (c) => {
        if (
          c.entry !== entry &&
          (!first ||
            c.entry.sequence < first.entry.sequence ||
            (c.entry.sequence === first.entry.sequence &&
              c.index < first.index)) &&
          peerKeys.get(c.entry) !== peers &&
          ruleCovers(c.line, line) &&
          effective(c.acl, c.index, line)
        ) {
          first = c;
        }
      });
      if (first) {
        const list = shadowed.get(first.entry);
        if (list) {
          list.push([line, first]);
        } else {
          shadowed.set(first.entry, [[line, first]]);
        }
      }
    }
    for (const lines of shadowed.values()) {
      out.push(shadowFinding(model, map, entry, acl, lines, sequences));
    }
    // An ACL with lines the parser could not read may deny before any line: it shadows nothing.
    if (!acl.unreadable.length) {
      acl.entries.forEach((line, index) => {
        if (line.action === "permit") {
          earlier.add({ entry, acl, index, line });
        }
      });
    }
  }
  return out;
}

/** How many more lines a message names after the first. */
function moreLines(count: number, acl: AccessList): string {
  return count > 0
    ? ` (and ${count} more line${count > 1 ? "s" : ""} of ACL ${acl.name})`
    : "";
}

function shadowFinding(
  model: ConfigModel,
  map: CryptoMap,
  entry: CryptoMapEntry,
  acl: AccessList,
  lines: readonly [AclEntry, EarlierLine][],
  sequences: ReadonlySet<number>,
): Finding {
  const [line, by] = lines[0]!;
  const self = `crypto map ${map.name} ${entry.sequence}`;
  const other = `crypto map ${map.name} ${by.entry.sequence}`;
  const same = lines.every(([l, b]) => ruleCovers(l, b.line));
  const message = `${self} protects ${describeEntry(line)}${moreLines(lines.length - 1, acl)} toward ${peersText(entry)}, but ${other}, tried first, already permits ${same ? "the same traffic" : `it (${describeEntry(by.line)})`} toward ${peersText(by.entry)}: IOS encrypts these packets for ${other}'s peer, so ${self}'s tunnel never starts from this router for them. ${same ? `Remove the line from one of the two ACLs, or give the entries different traffic.` : `Move ${self} before ${by.entry.sequence} (a lower sequence number), or deny this traffic at the top of ACL ${by.acl.name}.`}`;
  const renumber = (): Fix[] => {
    if (
      same &&
      lines.length === acl.entries.filter((e) => e.action === "permit").length
    ) {
      // Every permit of the later entry is a copy: the entry itself carries nothing of its own.
      return [
        {
          title: `Remove ${self}, whose traffic ${other} already carries`,
          edits: [deleteSection(model.tree, entry.node)],
          cli: [`no crypto map ${map.name} ${entry.sequence}`],
        },
      ];
    }
    if (same) {
      // Neither order is right for the same traffic toward two peers: the later copy goes.
      return [
        {
          title: `Remove from ACL ${acl.name} what ${other} already carries`,
          edits: lines.map(([l]) => deleteLine(model.tree, l.node)),
          cli: [
            `ip access-list extended ${acl.name}`,
            ...lines.map(([l]) => ` no ${aclEntryText(acl, l.node)}`),
          ],
        },
      ];
    }
    const free = freeSequenceBefore(map, by.entry, sequences);
    const sequenceWord = entry.node.words[3];
    if (free === undefined || !sequenceWord) {
      return denyFirst(model, by.acl, acl, lines);
    }
    return [
      {
        title: `Renumber ${self} to ${free}, before ${other}`,
        edits: [replaceRange(sequenceWord.range, String(free))],
        cli: [
          `no crypto map ${map.name} ${entry.sequence}`,
          `crypto map ${map.name} ${free} ${entry.mode}`,
          ...entry.node.children.map((c) => ` ${c.text.trim()}`),
        ],
        isPreferred: true,
      },
    ];
  };
  const seen = new Set<AclEntry>();
  return withLazyFixes(
    {
      code: "crypto-acl-shadowed",
      range: nodeRange(line.node),
      message,
      related: [
        ...lines.flatMap(([, b]) => {
          if (seen.has(b.line)) {
            return [];
          }
          seen.add(b.line);
          return [
            relatedLine(
              b.line.node,
              `tried first: ${other}, ACL ${b.acl.name}`,
            ),
          ];
        }),
        relatedLine(entry.node, `${self}, ACL ${acl.name}`),
        ...lines
          .slice(1, 6)
          .map(([l]) => relatedLine(l.node, `also shadowed by ${other}`)),
      ],
    },
    renumber,
  );
}

/**
 * Puts `deny` lines for the shadowed traffic at the top of the earlier entry's ACL, so that IOS
 * passes it on to the later entry (when the entries cannot be reordered).
 */
function denyFirst(
  model: ConfigModel,
  earlier: AccessList,
  later: AccessList,
  lines: readonly [AclEntry, EarlierLine][],
): Fix[] {
  const first = earlier.entries[0];
  if (!first) {
    return [];
  }
  const denies = lines.map(([l]) =>
    aclEntryText(later, l.node).replace(/^permit\b/, "deny"),
  );
  return [
    {
      title: `Deny this traffic at the top of ACL ${earlier.name}`,
      ...insertAclEntries(model.tree, earlier, first, denies),
    },
  ];
}

/** The highest unused sequence number below `entry`'s and above the entry before it. */
function freeSequenceBefore(
  map: CryptoMap,
  entry: CryptoMapEntry,
  used: ReadonlySet<number>,
): number | undefined {
  const index = map.entries.indexOf(entry);
  const floor = index > 0 ? map.entries[index - 1]!.sequence : 0;
  for (let n = entry.sequence - 1; n > floor; n--) {
    if (!used.has(n)) {
      return n;
    }
  }
  return undefined;
}
