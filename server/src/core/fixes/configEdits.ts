import type { AccessList, AclEntry, Interface } from "../config/model";
import {
  closingEndIndex,
  type ConfigNode,
  type ConfigTree,
} from "../config/tree";
import type { TextEdit } from "../diagnostics/finding";
import { lineRange, range, type Range } from "../text/position";

/**
 * Edits of IOS config text that quick fixes share. Each builder returns plain text edits of the
 * document the finding is on; together with the console commands of the same change they make a
 * `Fix`. New lines follow the file's line ending and the indentation of their section.
 */

/** The indentation of a node's line. */
export function indentOf(node: ConfigNode): string {
  return node.text.slice(0, node.indent);
}

/** The indentation a new child of a section takes: that of its children, else one space deeper. */
export function childIndent(section: ConfigNode): string {
  const child = section.children[0];
  return child ? indentOf(child) : indentOf(section) + " ";
}

/** The end of a line, where text appended after it goes. */
function endOf(tree: ConfigTree, line: number): Range {
  const text = tree.lines[line] ?? "";
  return lineRange(line, text.length, text.length);
}

/** Inserts whole lines (already indented) after a given line. */
export function insertLinesAfterLine(
  tree: ConfigTree,
  line: number,
  lines: readonly string[],
): TextEdit {
  return {
    range: endOf(tree, line),
    newText: lines.map((l) => tree.eol + l).join(""),
  };
}

/** `base`, or `base-2`, `base-3`... when the name is taken (a name a fix gives a new object). */
export function freeName(
  taken: (name: string) => boolean,
  base: string,
): string {
  if (!taken(base)) {
    return base;
  }
  for (let i = 2; ; i++) {
    if (!taken(`${base}-${i}`)) {
      return `${base}-${i}`;
    }
  }
}

/**
 * A new `peer NAME` section of a `crypto ikev2 keyring` with its lines (`address A`,
 * `pre-shared-key ...`): indented as the keyring indents its peers, one more step for their
 * lines, and as the console enters them.
 */
export function ikev2KeyringPeerSection(
  ring: ConfigNode,
  ringName: string,
  peerName: string,
  body: readonly string[],
): { lines: string[]; cli: string[] } {
  const inner = childIndent(ring);
  // One more level, by the same step the keyring indents its peers.
  const deeper = inner + inner.slice(indentOf(ring).length);
  return {
    lines: [`${inner}peer ${peerName}`, ...body.map((l) => `${deeper}${l}`)],
    cli: [
      `crypto ikev2 keyring ${ringName}`,
      ` peer ${peerName}`,
      ...body.map((l) => `  ${l}`),
    ],
  };
}

/** Inserts whole lines (already indented) before a node's line. */
export function insertLinesBefore(
  tree: ConfigTree,
  node: ConfigNode,
  lines: readonly string[],
): TextEdit {
  return {
    range: lineRange(node.line, 0, 0),
    newText: lines.map((l) => l + tree.eol).join(""),
  };
}

/** Inserts a line as the last child of a section, with the section's child indentation. */
export function insertChild(
  tree: ConfigTree,
  section: ConfigNode,
  text: string,
): TextEdit {
  return insertLinesAfterLine(tree, section.lastLine, [
    childIndent(section) + text,
  ]);
}

/** Inserts top-level lines after a node and its whole section. */
export function insertTopLevelAfter(
  tree: ConfigTree,
  node: ConfigNode,
  lines: readonly string[],
): TextEdit {
  return insertLinesAfterLine(tree, node.lastLine, lines);
}

/**
 * Inserts top-level lines at the end of the config: before a closing `end` line when there is
 * one (IOS stops reading there), else after the last line.
 */
export function appendTopLevel(
  tree: ConfigTree,
  lines: readonly string[],
): TextEdit {
  // A closing `end` with lines after it (IOS ignores them) is where the config ends.
  const closing = closingEndIndex(tree.roots);
  if (closing >= 0) {
    return insertLinesBefore(tree, tree.roots[closing]!, lines);
  }
  const last = tree.roots[tree.roots.length - 1];
  if (
    last &&
    last.words.length === 1 &&
    last.words[0]!.text.toLowerCase() === "end"
  ) {
    return insertLinesBefore(tree, last, lines);
  }
  let line = tree.lines.length - 1;
  // Do not append after trailing empty lines: the new lines follow the last written one.
  while (line > 0 && tree.lines[line]!.trim() === "") {
    line--;
  }
  return insertLinesAfterLine(tree, Math.max(0, line), lines);
}

/**
 * Inserts top-level lines after the last of the given nodes (a family of similar commands, such as
 * the `ip route` lines), else at the end of the config.
 */
export function insertAfterLastOf(
  tree: ConfigTree,
  family: readonly ConfigNode[],
  lines: readonly string[],
): TextEdit {
  let last: ConfigNode | undefined;
  for (const n of family) {
    if (!last || n.lastLine > last.lastLine) {
      last = n;
    }
  }
  return last
    ? insertTopLevelAfter(tree, last, lines)
    : appendTopLevel(tree, lines);
}

/** Replaces a whole line; `text` carries its own indentation. */
export function replaceLine(node: ConfigNode, text: string): TextEdit {
  return { range: lineRange(node.line, 0, node.text.length), newText: text };
}

/** Replaces a range (a word or a few words) with text. */
export function replaceRange(r: Range, text: string): TextEdit {
  return { range: r, newText: text };
}

/** Deletes a node's line (not its children), line ending included. */
export function deleteLine(tree: ConfigTree, node: ConfigNode): TextEdit {
  return deleteLines(tree, node.line, node.line);
}

/** Deletes a node and its whole section. */
export function deleteSection(tree: ConfigTree, node: ConfigNode): TextEdit {
  return deleteLines(tree, node.line, node.lastLine);
}

function deleteLines(tree: ConfigTree, first: number, last: number): TextEdit {
  if (last + 1 < tree.lines.length) {
    return { range: range(first, 0, last + 1, 0), newText: "" };
  }
  if (first > 0) {
    // The last line of the file: take the line break before it instead.
    const previous = tree.lines[first - 1]!;
    return {
      range: range(first - 1, previous.length, last, tree.lines[last]!.length),
      newText: "",
    };
  }
  return {
    range: range(first, 0, last, tree.lines[last]!.length),
    newText: "",
  };
}

/** Console commands that enter an interface and run commands there. */
export function interfaceCli(
  iface: Interface,
  commands: readonly string[],
): string[] {
  return [`interface ${iface.name}`, ...commands.map((c) => ` ${c}`)];
}

/** Where an ACL entry's own text starts on its line, after `access-list 101 ` or a sequence number. */
export function aclEntryStart(acl: AccessList, node: ConfigNode): number {
  const words = node.words;
  let first = 0;
  if (acl.numbered) {
    first = 2;
  } else if (/^\d+$/.test(words[0]?.text ?? "")) {
    first = 1;
  }
  return words[first]?.range.start.character ?? node.text.length;
}

/** The text of an ACL entry after its prefix (`access-list 101 ` or a sequence number). */
export function aclEntryText(acl: AccessList, node: ConfigNode): string {
  return node.text.slice(aclEntryStart(acl, node)).trimEnd();
}

/** The entry text of a line after replacing ranges of it (ranges on the entry's line, in any order). */
export function aclEntryTextWith(
  acl: AccessList,
  node: ConfigNode,
  replacements: readonly { range: Range; text: string }[],
): string {
  let line = node.text;
  const sorted = [...replacements].sort(
    (a, b) => b.range.start.character - a.range.start.character,
  );
  for (const r of sorted) {
    line =
      line.slice(0, r.range.start.character) +
      r.text +
      line.slice(r.range.end.character);
  }
  return line.slice(aclEntryStart(acl, node)).trimEnd();
}

/** The full line of a new entry in an ACL, as the config writes it (numbered: `access-list N ...`). */
function aclLine(
  acl: AccessList,
  entryText: string,
  indent: string,
  sequence: number | undefined,
): string {
  if (acl.numbered) {
    return `access-list ${acl.name} ${entryText}`;
  }
  return indent + (sequence !== undefined ? `${sequence} ` : "") + entryText;
}

/** The head line of a named ACL section. */
function namedAclHead(acl: AccessList): string {
  return `ip access-list ${acl.kind} ${acl.name}`;
}

/** Whether the named ACL's lines carry their sequence numbers in the text. */
function writesSequences(acl: AccessList): boolean {
  const first = acl.entries[0]?.node;
  return !!first && /^\d+$/.test(first.words[0]?.text ?? "");
}

/** Text edits plus console commands for one change. */
export interface ConfigChange {
  edits: TextEdit[];
  cli: string[];
}

/**
 * Rewrites a numbered ACL with new lines. IOS cannot insert into the middle of a numbered ACL
 * from the console, so the commands remove it and enter it again; in the text, the lines are
 * replaced where the ACL starts (scattered lines are gathered there).
 */
export function rewriteNumberedAcl(
  tree: ConfigTree,
  acl: AccessList,
  newLines: readonly string[],
): ConfigChange {
  const nodes = [...acl.nodes].sort((a, b) => a.line - b.line);
  const first = nodes[0]!;
  const edits: TextEdit[] = [replaceLine(first, newLines.join(tree.eol))];
  for (const n of nodes.slice(1)) {
    edits.push(deleteLine(tree, n));
  }
  return {
    edits,
    cli: [`no access-list ${acl.name}`, ...newLines.map((l) => l.trim())],
  };
}

/** The lines of a numbered ACL as they stand, in order. */
function numberedLines(acl: AccessList): { node: ConfigNode; text: string }[] {
  return [...acl.nodes]
    .sort((a, b) => a.line - b.line)
    .map((node) => ({ node, text: node.text.trim() }));
}

/**
 * Inserts an entry (`permit udp host A host B eq isakmp`) before another entry, or at the end of
 * the ACL when `before` is undefined. Numbered ACLs are rewritten on the console when the entry
 * goes in the middle; named ACLs take a sequence number between the neighbours.
 */
export function insertAclEntry(
  tree: ConfigTree,
  acl: AccessList,
  before: AclEntry | undefined,
  entryText: string,
): ConfigChange {
  if (acl.numbered) {
    const line = `access-list ${acl.name} ${entryText}`;
    if (!before) {
      const last = [...acl.nodes].sort((a, b) => b.line - a.line)[0]!;
      return {
        edits: [insertLinesAfterLine(tree, last.line, [line])],
        cli: [line],
      };
    }
    const lines = numberedLines(acl);
    const at = lines.findIndex((l) => l.node === before.node);
    const texts = lines.map((l) => l.text);
    texts.splice(at < 0 ? texts.length : at, 0, line);
    const contiguous = lines.every(
      (l, i) => i === 0 || l.node.line === lines[i - 1]!.node.line + 1,
    );
    const cli = [`no access-list ${acl.name}`, ...texts];
    if (contiguous) {
      // Same text as a rewrite, with the smallest edit.
      return { edits: [insertLinesBefore(tree, before.node, [line])], cli };
    }
    return { edits: rewriteNumberedAcl(tree, acl, texts).edits, cli };
  }
  const head = acl.nodes[0]!;
  const explicit = writesSequences(acl);
  if (!before) {
    const lastEntry = acl.nodes[acl.nodes.length - 1]!;
    const sequence = explicit
      ? (acl.entries[acl.entries.length - 1]?.sequence ?? 0) + 10
      : undefined;
    const indent = lastEntry === head ? childIndent(head) : indentOf(lastEntry);
    return {
      edits: [
        insertLinesAfterLine(tree, head.lastLine, [
          aclLine(acl, entryText, indent, sequence),
        ]),
      ],
      cli: [namedAclHead(acl), ` ${entryText}`],
    };
  }
  // The line's first entry: a line with object groups gives several, all with its sequence.
  const at = acl.entries.findIndex((e) => e.node === before.node);
  const previous = at > 0 ? (acl.entries[at - 1]!.sequence ?? 0) : 0;
  const index = new Set(
    acl.entries.slice(0, Math.max(at, 0)).map((e) => e.node),
  ).size;
  const next = before.sequence ?? previous + 10;
  const cli = [namedAclHead(acl)];
  let sequence: number;
  let room = true;
  if (next - previous >= 2) {
    sequence = previous + Math.floor((next - previous) / 2);
  } else {
    // No room between the neighbours: renumber 10, 20, 30... first, then slot in before.
    room = false;
    cli.unshift(`ip access-list resequence ${acl.name} 10 10`);
    sequence = (index + 1) * 10 - 5;
  }
  return {
    edits: [
      insertLinesBefore(tree, before.node, [
        aclLine(
          acl,
          entryText,
          indentOf(before.node),
          explicit && room ? sequence : undefined,
        ),
      ]),
    ],
    cli: [...cli, ` ${sequence} ${entryText}`],
  };
}

/**
 * Replaces one entry of an ACL with new entry text. The text edits touch only the changed
 * ranges; the console commands rewrite a numbered ACL, or replace the sequence number in a named one.
 */
export function replaceAclEntry(
  acl: AccessList,
  entry: AclEntry,
  newEntryText: string,
  edits: TextEdit[],
): ConfigChange {
  if (acl.numbered) {
    const texts = numberedLines(acl).map((l) =>
      l.node === entry.node
        ? `access-list ${acl.name} ${newEntryText}`
        : l.text,
    );
    return { edits, cli: [`no access-list ${acl.name}`, ...texts] };
  }
  const sequence = entry.sequence ?? 10;
  return {
    edits,
    cli: [namedAclHead(acl), ` no ${sequence}`, ` ${sequence} ${newEntryText}`],
  };
}

/**
 * Gathers the edits of one fix that insert at the same place into one edit, in the order given
 * (two inserts at one position would otherwise land in an order the editor picks), and returns
 * them sorted by position; undefined when two edits overlap, since no editor can apply that.
 */
export function combineEdits(
  edits: readonly TextEdit[],
): TextEdit[] | undefined {
  const byPlace = new Map<string, TextEdit>();
  for (const e of edits) {
    const { start, end } = e.range;
    const key = `${start.line}:${start.character}-${end.line}:${end.character}`;
    const same = byPlace.get(key);
    const empty = start.line === end.line && start.character === end.character;
    if (same && !empty) {
      return undefined;
    }
    byPlace.set(key, same ? { ...same, newText: same.newText + e.newText } : e);
  }
  const sorted = [...byPlace.values()].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.range.end.line - b.range.end.line ||
      a.range.end.character - b.range.end.character,
  );
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!.range.end;
    const next = sorted[i]!.range.start;
    if (
      previous.line > next.line ||
      (previous.line === next.line && previous.character > next.character)
    ) {
      return undefined;
    }
  }
  return sorted;
}
