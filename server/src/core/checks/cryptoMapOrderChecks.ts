import { andList } from "../text/units";
import { pushAt } from "../collections/multiMap";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
} from "../config/model";
import {
  ruleCovers,
  shadowsOf,
  type EarlierLine,
  type ShadowGroup,
  type Taken,
} from "../config/cryptoMapOrder";
import { describeWildcard } from "../ipv4/address";
import {
  boxOfRule,
  intersectBoxes,
  portSetToMatches,
  subtractRegions,
  type PortSet,
  type TrafficBox,
} from "../ipv4/trafficSet";
import { IP_PROTOCOLS } from "../knowledge/protocols";
import { nodeRange, type ConfigNode } from "../config/tree";
import {
  withLazyFixes,
  type Finding,
  type Fix,
  type RelatedInfo,
  type TextEdit,
} from "../diagnostics/finding";
import {
  aclEntryText,
  deleteLine,
  deleteSection,
  replaceRange,
} from "../fixes/configEdits";
import { insertAclEntries, trafficSpec } from "../fixes/natEdits";
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
      const sequences = new Set(map.entries.map((e) => e.sequence));
      for (const g of shadowsOf(model, map)) {
        out.push(
          g.crossed
            ? crossedFinding(model, map, g)
            : shadowFinding(model, map, g, sequences),
        );
      }
    }
    return out;
  },
};

/** How messages name an entry's peers. */
function peersText(entry: CryptoMapEntry): string {
  const words = entry.peers.map((p) =>
    p.node.text.slice(p.range.start.character, p.range.end.character),
  );
  return words.length > 1 ? `peers ${words.join(", ")}` : `peer ${words[0]}`;
}

/** How many more lines a message names after the first. */
function moreLines(count: number, acl: AccessList): string {
  return count > 0
    ? ` (and ${count} more line${count > 1 ? "s" : ""} of ACL ${acl.name})`
    : "";
}

/** How many ACL lines the shadowed entries stand on (a line with object groups holds several). */
function lineCount(lines: readonly { line: AclEntry }[]): number {
  return new Set(lines.map((l) => l.line.node)).size;
}

/** An earlier entry as messages name it. */
function entryName(map: CryptoMap, entry: CryptoMapEntry): string {
  return `crypto map ${map.name} ${entry.sequence}`;
}

/** A protocol number as ACLs write it, preferring the word a line wrote for it. */
function protocolText(protocol: number, lines: readonly AclEntry[]): string {
  return (
    lines.find((l) => l.protocol === protocol)?.protocolWord ??
    Object.entries(IP_PROTOCOLS).find(([, n]) => n === protocol)?.[0] ??
    String(protocol)
  );
}

/** Port conditions as a message shows them (` eq 80`, ` lt 80 or gt 90`); empty for every port. */
function portsText(ports: PortSet): string {
  const matches = portSetToMatches(ports);
  return matches
    ? ` ${matches.map((m) => `${m.op} ${m.ports.join(" ")}`).join(" or ")}`
    : "";
}

/** Describes a set of packets as `describeEntry` describes an ACL line. */
function describeBox(box: TrafficBox, lines: readonly AclEntry[]): string {
  const protocol =
    box.protocol !== undefined
      ? ` (${protocolText(box.protocol, lines)})`
      : box.except.length
        ? ` (protocols other than ${andList(box.except.map((p) => protocolText(p, lines)))})`
        : "";
  return `${describeWildcard(box.source)}${portsText(box.sourcePorts)} to ${describeWildcard(box.destination)}${portsText(box.destinationPorts)}${protocol}`;
}

/** The packets a later line and an earlier one both match. */
function sharedBox(line: AclEntry, by: EarlierLine): TrafficBox {
  // The taker shares packets with the line, so the intersection exists.
  return intersectBoxes(boxOfRule(line), by.box) ?? by.box;
}

/**
 * Describes what one earlier line takes of a later one: the packets both match, less what its
 * ACL denies above it or earlier entries take (named when it is one or two boxes).
 */
function describeTaken(line: AclEntry, taken: Taken): string {
  const words = [line, taken.by.line];
  const shared = sharedBox(line, taken.by);
  const missing = subtractRegions([shared], taken.part, 3);
  if (missing && !missing.length) {
    return describeBox(shared, words);
  }
  return missing && missing.length <= 2
    ? `${describeBox(shared, words)} except ${andList(missing.map((b) => describeBox(b, words)))}`
    : `part of ${describeBox(shared, words)}`;
}

/** The ACL lines that deny the packets of a box, one per combination of port conditions. */
function denySpecs(box: TrafficBox, lines: readonly AclEntry[]): string[] {
  const protocol =
    box.protocol !== undefined ? protocolText(box.protocol, lines) : "ip";
  const out: string[] = [];
  for (const sp of portSetToMatches(box.sourcePorts) ?? [undefined]) {
    for (const dp of portSetToMatches(box.destinationPorts) ?? [undefined]) {
      out.push(
        `deny ${trafficSpec({ action: "deny", protocol: box.protocol, protocolWord: protocol, source: box.source, destination: box.destination, sourcePort: sp, destinationPort: dp })}`,
      );
    }
  }
  return out;
}

/** The earlier lines that take a line's packets, each once, as related lines ("tried first: ..."). */
function takerLines(
  map: CryptoMap,
  takers: readonly Taken[],
  seen: Set<ConfigNode>,
  more: (t: Taken) => string,
): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const t of takers) {
    // By line: the entries of a line with object groups share it.
    if (!seen.has(t.by.line.node)) {
      seen.add(t.by.line.node);
      out.push(
        relatedLine(
          t.by.line.node,
          `tried first: ${entryName(map, t.by.entry)}, ACL ${t.by.acl.name}${more(t)}`,
        ),
      );
    }
  }
  return out;
}

/** The takers of a line by earlier entry, in the order IOS tries the entries. */
function byEntry(takers: readonly Taken[]): [CryptoMapEntry, Taken[]][] {
  const out = new Map<CryptoMapEntry, Taken[]>();
  for (const t of takers) {
    pushAt(out, t.by.entry, t);
  }
  return [...out];
}

/** The earlier ACLs that take lines of a group, each once, in the order IOS tries them. */
function takerAcls(g: ShadowGroup): AccessList[] {
  return [...new Set(g.lines.flatMap((l) => l.takers.map((t) => t.by.acl)))];
}

/** Inserts lines at the top of several ACLs as one fix's edits and console commands. */
function insertAtTops(
  model: ConfigModel,
  inserts: readonly [AccessList, string[]][],
): { edits: TextEdit[]; cli: string[] } | undefined {
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  for (const [acl, lines] of inserts) {
    const first = acl.entries[0];
    if (!first || !lines.length) {
      continue;
    }
    const change = insertAclEntries(model.tree, acl, first, lines);
    edits.push(...change.edits);
    cli.push(...change.cli);
  }
  return edits.length ? { edits, cli } : undefined;
}

function shadowFinding(
  model: ConfigModel,
  map: CryptoMap,
  g: ShadowGroup,
  sequences: ReadonlySet<number>,
): Finding {
  const { entry, acl, lines } = g;
  const { line, takers } = lines[0]!;
  const by = takers[0]!.by;
  const self = entryName(map, entry);
  const other = entryName(map, by.entry);
  // One earlier line takes each line, and each is the other's copy.
  const same = lines.every(
    (l) => l.takers.length === 1 && ruleCovers(l.line, l.takers[0]!.by.line),
  );
  const head = `${self} protects ${describeEntry(line)}${moreLines(lineCount(lines) - 1, acl)} toward ${peersText(entry)}, but`;
  const acls = takerAcls(g);
  let message: string;
  if (g.byEntries.length > 1) {
    const parts = byEntry(takers).map(
      ([e, ts]) =>
        `${entryName(map, e)} takes ${andList(ts.map((t) => describeTaken(line, t)))} toward ${peersText(e)}`,
    );
    message = `${head} earlier entries for other peers, tried first, permit all of it between them: ${parts.join("; ")}. IOS encrypts these packets for those peers, so ${self}'s tunnel never starts from this router for them. Move ${self} before ${by.entry.sequence} (a lower sequence number), or deny this traffic at the top of ACLs ${andList(acls.map((a) => a.name))}.`;
  } else {
    const permits =
      takers.length > 1
        ? `all of it with ${takers.length} lines together (${takers.map((t) => describeEntry(t.by.line)).join("; ")})`
        : same
          ? "the same traffic"
          : `it (${describeEntry(by.line)})`;
    message = `${head} ${other}, tried first, already permits ${permits} toward ${peersText(by.entry)}: IOS encrypts these packets for ${other}'s peer, so ${self}'s tunnel never starts from this router for them. ${same ? `Remove the line from one of the two ACLs, or give the entries different traffic.` : `Move ${self} before ${by.entry.sequence} (a lower sequence number), or deny this traffic at the top of ACL ${by.acl.name}.`}`;
  }
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
    if (same && lines.some((l) => l.line.grouped)) {
      // Deleting a line with object groups would drop its other combinations too.
      return [];
    }
    if (same) {
      // Neither order is right for the same traffic toward two peers: the later copy goes.
      return [
        {
          title: `Remove from ACL ${acl.name} what ${other} already carries`,
          edits: lines.map((l) => deleteLine(model.tree, l.line.node)),
          cli: [
            `ip access-list extended ${acl.name}`,
            ...lines.map((l) => ` no ${aclEntryText(acl, l.line.node)}`),
          ],
        },
      ];
    }
    const free = freeSequenceBefore(map, by.entry, sequences);
    const sequenceWord = entry.node.words[3];
    if (free === undefined || !sequenceWord) {
      return denyFirst(model, g);
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
  const seen = new Set<ConfigNode>();
  const single = g.byEntries.length === 1;
  return withLazyFixes(
    {
      code: "crypto-acl-shadowed",
      range: nodeRange(line.node),
      message,
      related: [
        ...takerLines(
          map,
          lines.flatMap((l) => l.takers),
          seen,
          () => "",
        ),
        relatedLine(entry.node, `${self}, ACL ${acl.name}`),
        ...[...new Set(lines.map((l) => l.line.node))]
          .slice(1, 6)
          .map((node) =>
            relatedLine(
              node,
              single
                ? `also shadowed by ${other}`
                : `also shadowed by ${andList(g.byEntries.map((e) => entryName(map, e)))}`,
            ),
          ),
      ],
    },
    renumber,
  );
}

/**
 * Lines of which earlier entries, for other peers, take a part crosswise (an earlier line wider
 * on one side and narrower on the other, or with other ports or protocols): that part goes to the
 * earlier peer, the rest to this one, which is seldom what either ACL meant. The fix leaves the
 * shared part to this entry.
 */
function crossedFinding(
  model: ConfigModel,
  map: CryptoMap,
  g: ShadowGroup,
): Finding {
  const { entry, acl, lines } = g;
  const { line, takers } = lines[0]!;
  const by = takers[0]!.by;
  const self = entryName(map, entry);
  const other = entryName(map, by.entry);
  const head = `${self} protects ${describeEntry(line)}${moreLines(lineCount(lines) - 1, acl)} toward ${peersText(entry)}, but`;
  let message: string;
  if (takers.length === 1) {
    const sharedText = describeTaken(line, takers[0]!);
    message = `${head} ${other}, tried first, permits part of it, ${sharedText}, toward ${peersText(by.entry)} (its line: ${describeEntry(by.line)}): IOS encrypts those packets for ${other}'s peer and the rest for this one. Decide which peer carries ${sharedText}: deny it at the top of ACL ${by.acl.name} to leave it to ${self}, or take it out of ACL ${acl.name}.`;
  } else if (g.byEntries.length === 1) {
    const parts = takers.map(
      (t) =>
        `${describeTaken(line, t)} (its line: ${describeEntry(t.by.line)})`,
    );
    message = `${head} ${other}, tried first, permits parts of it, ${andList(parts)}, toward ${peersText(by.entry)}: IOS encrypts those packets for ${other}'s peer and the rest for this one. Decide which peer carries them: deny them at the top of ACL ${by.acl.name} to leave them to ${self}, or take them out of ACL ${acl.name}.`;
  } else {
    const parts = byEntry(takers).map(
      ([e, ts]) =>
        `${entryName(map, e)} takes ${andList(ts.map((t) => `${describeTaken(line, t)} (its line: ${describeEntry(t.by.line)})`))} toward ${peersText(e)}`,
    );
    message = `${head} earlier entries for other peers, tried first, take parts of it: ${parts.join("; ")}. IOS encrypts those packets for those peers and the rest for this one. Decide which peer carries each part: deny it at the top of the earlier entry's ACL (${andList(takerAcls(g).map((a) => a.name))}) to leave it to ${self}, or take it out of ACL ${acl.name}.`;
  }
  const seen = new Set<ConfigNode>();
  return withLazyFixes(
    {
      code: "crypto-acl-shadowed",
      range: nodeRange(line.node),
      message,
      related: [
        ...takerLines(
          map,
          takers,
          seen,
          (t) => `, shares ${describeTaken(line, t)}`,
        ),
        relatedLine(entry.node, `${self}, ACL ${acl.name}`),
      ],
    },
    () => {
      const acls = takerAcls(g);
      const change = insertAtTops(
        model,
        acls.map((a) => [
          a,
          [
            ...new Set(
              g.lines.flatMap((l) =>
                l.takers
                  .filter((t) => t.by.acl === a)
                  .flatMap((t) =>
                    denySpecs(sharedBox(l.line, t.by), [l.line, t.by.line]),
                  ),
              ),
            ),
          ],
        ]),
      );
      return change
        ? [
            {
              title: `Deny the shared traffic at the top of ${acls.length > 1 ? "ACLs" : "ACL"} ${andList(acls.map((a) => a.name))}, leaving it to ${self}`,
              ...change,
            },
          ]
        : [];
    },
  );
}

/**
 * Puts `deny` lines for the shadowed traffic at the top of the earlier entries' ACLs, so that IOS
 * passes it on to the later entry (when the entries cannot be reordered).
 */
function denyFirst(model: ConfigModel, g: ShadowGroup): Fix[] {
  const acls = takerAcls(g);
  // A line with object groups is denied by the combinations taken, written without groups.
  const denies = [
    ...new Set(
      g.lines.map((l) =>
        l.line.grouped
          ? `deny ${trafficSpec(l.line)}`
          : aclEntryText(g.acl, l.line.node).replace(/^permit\b/, "deny"),
      ),
    ),
  ];
  const change = insertAtTops(
    model,
    acls.map((a) => [a, denies]),
  );
  return change
    ? [
        {
          title: `Deny this traffic at the top of ${acls.length > 1 ? "ACLs" : "ACL"} ${andList(acls.map((a) => a.name))}`,
          ...change,
        },
      ]
    : [];
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
