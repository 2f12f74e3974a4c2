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
  sharedTraffic,
  type EarlierLine,
} from "../config/cryptoMapOrder";
import { nodeRange } from "../config/tree";
import { withLazyFixes, type Finding, type Fix } from "../diagnostics/finding";
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
            ? crossedFinding(model, map, g.entry, g.acl, g.lines)
            : shadowFinding(model, map, g.entry, g.acl, g.lines, sequences),
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
 * Lines of which an earlier entry, for another peer, takes a part crosswise (wider on one side,
 * narrower on the other): that part goes to the earlier peer, the rest to this one, which is
 * seldom what either ACL meant. The fix leaves the shared part to this entry.
 */
function crossedFinding(
  model: ConfigModel,
  map: CryptoMap,
  entry: CryptoMapEntry,
  acl: AccessList,
  lines: readonly [AclEntry, EarlierLine][],
): Finding {
  const [line, by] = lines[0]!;
  const self = `crypto map ${map.name} ${entry.sequence}`;
  const other = `crypto map ${map.name} ${by.entry.sequence}`;
  const shared = sharedTraffic(by.line, line);
  const sharedText = describeEntry({ ...line, ...shared });
  const message = `${self} protects ${describeEntry(line)}${moreLines(lines.length - 1, acl)} toward ${peersText(entry)}, but ${other}, tried first, permits part of it, ${sharedText}, toward ${peersText(by.entry)} (its line: ${describeEntry(by.line)}): IOS encrypts those packets for ${other}'s peer and the rest for this one. Decide which peer carries ${sharedText}: deny it at the top of ACL ${by.acl.name} to leave it to ${self}, or take it out of ACL ${acl.name}.`;
  return withLazyFixes(
    {
      code: "crypto-acl-shadowed",
      range: nodeRange(line.node),
      message,
      related: [
        relatedLine(
          by.line.node,
          `tried first: ${other}, ACL ${by.acl.name}, shares ${sharedText}`,
        ),
        relatedLine(entry.node, `${self}, ACL ${acl.name}`),
      ],
    },
    () => {
      const first = by.acl.entries[0];
      if (!first) {
        return [];
      }
      const denies = [
        ...new Set(
          lines.map(
            ([l, b]) => `deny ${trafficSpec(sharedTraffic(b.line, l))}`,
          ),
        ),
      ];
      return [
        {
          title: `Deny the shared traffic at the top of ACL ${by.acl.name}, leaving it to ${self}`,
          ...insertAclEntries(model.tree, by.acl, first, denies),
        },
      ];
    },
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
