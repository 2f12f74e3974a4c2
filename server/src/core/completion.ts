import {
  commandsOf,
  matchWords,
  sectionContext,
  type CompiledCommand,
  type MatchState,
  type SyntaxElement,
} from "./config/commandMatch";
import { isCryptoAcl } from "./config/cryptoPeers";
import { virtualTemplatesByNumber } from "./config/dmvpn";
import { configIndex } from "./config/lineIndex";
import type {
  ConfigModel,
  Interface,
  InterfaceAddress,
  ObjectKind,
} from "./config/model";
import { interfaceKey } from "./config/parser";
import { startsWith, type ConfigNode } from "./config/tree";
import {
  formatIpv4,
  parseIpv4,
  prefixToMask,
  wildcardToPrefix,
  type Prefix,
  type WildcardMatch,
} from "./ipv4/address";
import { formatIpv6 } from "./ipv6/address";
import type { CommandContext } from "./knowledge/cryptoCommands";
import { TRANSFORM_FACTS, EXCLUSIVE_SLOTS } from "./knowledge/transforms";
import { BUILT_IN_ZONES } from "./knowledge/zoneFirewallCommands";
import type { ParsedDocument } from "./languageService";
import { lineRange, type Position, type Range } from "./text/position";

/**
 * Completion for configs: the crypto commands of the mode the cursor is in, their keywords and
 * values word by word, and the names already defined where a command expects one. Everything
 * comes from the command table in knowledge/cryptoCommands.ts.
 */

/** What kind of thing an item inserts; the LSP layer maps it to an icon. */
export type CompletionKind = "command" | "keyword" | "value" | "reference";

/** One completion item as plain data. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Short text beside the label. */
  detail?: string;
  /** Markdown shown when the item is selected. */
  documentation?: string;
  /** Plain text to insert. */
  insertText: string;
  /** The same with snippet placeholders, for clients that take snippets. */
  snippet?: string;
  /** The text the item replaces: the word being typed. */
  range: Range;
  /** Keeps the table order (common commands first) instead of alphabetical order. */
  sortText: string;
}

/** Where the cursor stands: the mode, the whole words before it and the word being typed. */
interface CursorLine {
  context: CommandContext;
  words: string[];
  partialStart: number;
  /** Inside an IPv6 crypto map entry: its ACL is an IPv6 one, its peer an IPv6 address. */
  ipv6Map: boolean;
  /** The section head the line belongs to (none at the top level). */
  head?: ConfigNode;
}

const WORD = /\S+/g;

/** Finds the section head an indented line belongs to, walking up past blank and comment lines. */
function parentHead(model: ConfigModel, line: number, indent: number) {
  const { nodeAt, firstLine } = configIndex(model);
  for (let l = Math.min(line - firstLine, nodeAt.length) - 1; l >= 0; l--) {
    const node = nodeAt[l];
    if (node && node.indent < indent) {
      return node;
    }
  }
  return undefined;
}

function cursorLine(
  model: ConfigModel,
  position: Position,
): CursorLine | undefined {
  const text = model.tree.lines[position.line] ?? "";
  const before = text.slice(0, position.character);
  const trimmed = before.trimStart();
  if (trimmed.startsWith("!") || trimmed.startsWith("#")) {
    return undefined;
  }
  const indent = before.length - trimmed.length;
  let context: CommandContext | undefined = "top";
  let ipv6Map = false;
  let head: ConfigNode | undefined;
  if (indent > 0) {
    head = parentHead(model, position.line, indent);
    context = head ? sectionContext(head) : undefined;
    ipv6Map = !!head && startsWith(head, "crypto", "map", "ipv6");
  }
  if (!context) {
    return undefined;
  }
  const tokens: { text: string; start: number }[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(before); m; m = WORD.exec(before)) {
    tokens.push({ text: m[0], start: m.index });
  }
  const typing = before.length > 0 && !/\s$/.test(before);
  const partial = typing ? tokens.pop() : undefined;
  const words = tokens.map((t) => t.text.toLowerCase());
  if (words[0] === "no") {
    words.shift();
  }
  return {
    context,
    words,
    partialStart: partial ? partial.start : position.character,
    ipv6Map,
    head,
  };
}

/** How an element reads in a label. */
function display(element: SyntaxElement): string {
  const text =
    element.type === "keyword"
      ? element.word
      : element.type === "value"
        ? `<${element.label}>`
        : element.type === "name"
          ? `<${element.kind}>`
          : `<${element.table}>`;
  const repeat =
    (element.type === "name" || element.type === "choice") && element.repeat
      ? "…"
      : "";
  return element.optional ? `[${text}${repeat}]` : `${text}${repeat}`;
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, (c) => `\\${c}`);
}

/** Names of objects of a kind defined in the config, in order of appearance. */
function definedNames(model: ConfigModel, kind: ObjectKind): string[] {
  const names =
    kind === "interface"
      ? model.interfaces.map((i) => i.name)
      : model.definitions.filter((d) => d.kind === kind).map((d) => d.name);
  return [...new Set(names)];
}

/** A snippet placeholder for an element: a choice of known values when there are few. */
function placeholder(
  model: ConfigModel,
  element: SyntaxElement,
  n: number,
): string {
  const options =
    element.type === "name"
      ? definedNames(model, element.kind)
      : element.type === "choice"
        ? element.values.map((v) => v.value)
        : [];
  if (options.length > 0 && options.length <= 8) {
    return `\${${n}|${options.map(escapeChoice).join(",")}|}`;
  }
  const label =
    element.type === "value"
      ? element.label
      : element.type === "name"
        ? element.kind
        : element.type === "choice"
          ? element.table
          : element.word;
  return `\${${n}:${escapeSnippet(label)}}`;
}

/** The item for the keywords that start at an element, with the rest of the command as a snippet. */
function commandItem(
  model: ConfigModel,
  command: CompiledCommand,
  from: number,
  range: Range,
  order: number,
): CompletionEntry {
  const elements = command.elements.slice(from);
  // The keywords inserted as plain text: the one the cursor stands at, then the required ones
  // after it. An optional keyword (`pass [log]`) is the user's choice, never inserted for them.
  let run = elements[0]?.type === "keyword" ? 1 : 0;
  while (
    run < elements.length &&
    elements[run]!.type === "keyword" &&
    !elements[run]!.optional
  ) {
    run++;
  }
  const keywords = elements
    .slice(0, run)
    .map((e) => (e.type === "keyword" ? e.word : ""));
  let n = 1;
  const snippetParts = [...keywords.map(escapeSnippet)];
  for (const element of elements.slice(run)) {
    if (element.optional) {
      continue;
    }
    snippetParts.push(
      element.type === "keyword"
        ? escapeSnippet(element.word)
        : placeholder(model, element, n++),
    );
  }
  const label = elements.map(display).join(" ");
  return {
    label,
    kind: from === 0 ? "command" : "keyword",
    detail: command.syntax.replace(/\|[a-z-]+/g, ""),
    documentation: command.summary,
    insertText: keywords.join(" "),
    snippet: `${snippetParts.join(" ")}$0`,
    range,
    sortText: `a${String(order).padStart(4, "0")}`,
  };
}

/** Transform slots already filled by the transforms typed on the line. */
function takenSlots(words: readonly string[]): Set<string> {
  const taken = new Set<string>();
  for (const w of words) {
    const facts = TRANSFORM_FACTS[w];
    if (facts) {
      for (const slot of EXCLUSIVE_SLOTS[facts.slot]) {
        taken.add(slot);
      }
    }
  }
  return taken;
}

/**
 * True for a name that cannot stand where the cursor is: inside an interface, the interface
 * itself (a tunnel is never its own source).
 */
function excluded(
  model: ConfigModel,
  cursor: CursorLine,
  kind: ObjectKind,
  name: string,
): boolean {
  if (kind !== "interface" || cursor.context !== "interface") {
    return false;
  }
  const own = model.interfaces.find((i) => i.node === cursor.head);
  return own !== undefined && own.key === interfaceKey(name);
}

/** Values suggested for free-form arguments, from what the config already holds. */
function valueSuggestions(
  model: ConfigModel,
  element: Extract<SyntaxElement, { type: "value" }>,
  words: readonly string[],
  ipv6Map: boolean,
): { value: string; detail: string }[] {
  switch (element.label) {
    case "peer-address": {
      const out: { value: string; detail: string }[] = [];
      const keys = [
        ...model.globalKeys,
        ...model.keyrings.flatMap((r) => r.keys),
      ];
      for (const key of keys) {
        // An IPv6 map's peers have IPv6 host keys (`/128`), an IPv4 map's IPv4 ones.
        if (ipv6Map) {
          if (key.address6?.length === 128) {
            out.push({
              value: formatIpv6(key.address6.address),
              detail: key.keyring
                ? `has a pre-shared key in keyring ${key.keyring}`
                : "has a pre-shared key",
            });
          }
          continue;
        }
        if (key.address && key.address.mask === 0xffffffff) {
          out.push({
            value: formatIpv4(key.address.address),
            detail: key.keyring
              ? `has a pre-shared key in keyring ${key.keyring}`
              : "has a pre-shared key",
          });
        }
      }
      return out;
    }
    case "priority": {
      const used = model.isakmpPolicies.map((p) => p.priority);
      const next = used.length ? Math.max(...used) + 10 : 10;
      return [{ value: String(next), detail: "next free policy number" }];
    }
    case "sequence": {
      const ipv6 = words[1] === "map" && words[2] === "ipv6";
      // The words are lower-cased for matching keywords; map names keep their case.
      const name = words[ipv6 ? 3 : 2];
      const maps =
        words[1] === "dynamic-map"
          ? model.dynamicMaps
          : ipv6
            ? model.cryptoMaps6
            : model.cryptoMaps;
      const map = [...maps.values()].find((m) => m.name.toLowerCase() === name);
      const used = map?.entries.map((e) => e.sequence) ?? [];
      const next = used.length ? Math.max(...used) + 10 : 10;
      return [{ value: String(next), detail: "next free sequence number" }];
    }
    case "virtual-template":
      return [...virtualTemplatesByNumber(model).keys()].map((n) => ({
        value: String(n),
        detail: `interface Virtual-Template${n}`,
      }));
    default:
      return [];
  }
}

function itemsForState(
  model: ConfigModel,
  command: CompiledCommand,
  state: MatchState,
  cursor: CursorLine,
  range: Range,
  order: number,
  out: CompletionEntry[],
): void {
  const sort = `b${String(order).padStart(4, "0")}`;
  const element = command.elements[state.element];
  if (state.pending && element?.type === "choice") {
    for (const rest of state.pending) {
      const text = rest.join(" ");
      const value = element.values.find((v) => v.value.endsWith(` ${text}`));
      out.push({
        label: text,
        kind: "value",
        detail: value ? `${value.value}: ${value.meaning}` : undefined,
        insertText: text,
        range,
        sortText: sort,
      });
    }
    return;
  }
  if (!element) {
    return;
  }
  switch (element.type) {
    case "keyword":
      out.push(commandItem(model, command, state.element, range, order));
      return;
    case "choice": {
      const taken =
        element.table === "transform" ? takenSlots(cursor.words) : undefined;
      for (const v of element.values) {
        const facts = TRANSFORM_FACTS[v.value.split(" ")[0]!];
        if (taken && facts && taken.has(facts.slot)) {
          continue;
        }
        out.push({
          label: v.value,
          kind: "value",
          detail: v.meaning,
          insertText: v.value,
          range,
          sortText: sort,
        });
      }
      return;
    }
    case "name": {
      const already = new Set(element.repeat ? cursor.words : []);
      const kind =
        element.kind === "acl" && cursor.ipv6Map ? "ipv6-acl" : element.kind;
      for (const name of definedNames(model, kind)) {
        if (
          already.has(name.toLowerCase()) ||
          excluded(model, cursor, kind, name)
        ) {
          continue;
        }
        out.push({
          label: name,
          kind: "reference",
          detail: kind,
          insertText: name,
          range,
          sortText: sort,
        });
      }
      // Names IOS defines itself, after the configured ones (`self` never joins an interface).
      for (const builtIn of command.builtInZones ? BUILT_IN_ZONES : []) {
        out.push({
          label: builtIn.value,
          kind: "value",
          detail: builtIn.meaning,
          insertText: builtIn.value,
          range,
          sortText: `${sort}z`,
        });
      }
      return;
    }
    case "value":
      for (const s of valueSuggestions(
        model,
        element,
        cursor.words,
        cursor.ipv6Map,
      )) {
        out.push({
          label: s.value,
          kind: "value",
          detail: s.detail,
          insertText: s.value,
          range,
          sortText: sort,
        });
      }
      return;
  }
}

/** Where the cursor stands in a `permit|deny ip` line's addresses. */
interface AddressSlot {
  side: "source" | "destination";
  /** At the address's first word, after `host`, or after a network awaiting its wildcard. */
  part: "start" | "host" | "wildcard";
  address?: number;
}

/** Reads the whole words of an ACL line up to the cursor: which address it is at, if any. */
function addressSlot(words: readonly string[]): AddressSlot | undefined {
  const from = /^\d+$/.test(words[0] ?? "") ? 1 : 0;
  const action = words[from];
  if ((action !== "permit" && action !== "deny") || words[from + 1] !== "ip") {
    return undefined;
  }
  let i = from + 2;
  for (const side of ["source", "destination"] as const) {
    if (i === words.length) {
      return { side, part: "start" };
    }
    const word = words[i]!;
    if (word === "any") {
      i += 1;
      continue;
    }
    if (word === "host" || word === "object-group") {
      if (i + 1 === words.length) {
        return word === "host" ? { side, part: "host" } : undefined;
      }
      i += 2;
      continue;
    }
    const address = parseIpv4(word);
    if (address === undefined) {
      return undefined;
    }
    if (i + 1 === words.length) {
      return { side, part: "wildcard", address };
    }
    i += 2;
  }
  return undefined;
}

/** An address a crypto ACL line may name, with where the config shows it. */
interface AddressCandidate {
  match: WildcardMatch;
  detail: string;
}

function addCandidate(
  out: AddressCandidate[],
  prefix: Prefix,
  detail: string,
): void {
  const match = {
    address: prefix.network,
    wildcard: ~prefixToMask(prefix.length) >>> 0,
  };
  if (
    prefix.length > 0 &&
    !out.some(
      (c) =>
        c.match.address === match.address &&
        c.match.wildcard === match.wildcard,
    )
  ) {
    out.push({ match, detail });
  }
}

/** The addresses of the interfaces that are up and carry no crypto map: the protected side. */
function protectedSideAddresses(
  model: ConfigModel,
): { iface: Interface; address: InterfaceAddress }[] {
  return model.interfaces
    .filter((iface) => !iface.shutdown && !iface.cryptoMap)
    .flatMap((iface) => iface.addresses.map((address) => ({ iface, address })));
}

/**
 * The protected traffic's likely ends: as source the networks of the router's interfaces (not
 * those of its crypto map interfaces, which face the peer), as destination what the ACL's own
 * lines and the static routes send elsewhere.
 */
function addressCandidates(
  model: ConfigModel,
  aclName: string,
  side: AddressSlot["side"],
): AddressCandidate[] {
  const out: AddressCandidate[] = [];
  if (side === "source") {
    for (const { iface, address } of protectedSideAddresses(model)) {
      addCandidate(out, address.prefix, `network of ${iface.name}`);
    }
    return out;
  }
  for (const entry of model.acls.get(aclName)?.entries ?? []) {
    const prefix = wildcardToPrefix(entry.destination);
    if (prefix) {
      addCandidate(out, prefix, "a destination of this crypto ACL");
    }
  }
  for (const route of model.routes) {
    addCandidate(out, route.prefix, `routed by \`${route.node.text.trim()}\``);
  }
  return out;
}

/** How an address reads in an ACL line: `host X`, or the network and its wildcard. */
function aclAddressText(match: WildcardMatch): string {
  return match.wildcard === 0
    ? `host ${formatIpv4(match.address)}`
    : `${formatIpv4(match.address)} ${formatIpv4(match.wildcard)}`;
}

/**
 * Completion of the addresses of a `permit|deny ip` line in a crypto ACL (the ACL of a crypto map
 * entry's `match address`): the networks the config knows first, then `host`, and `any` last,
 * since `any` there draws the router's own traffic into the tunnel (`crypto-acl-any`).
 */
function cryptoAclAddressItems(
  model: ConfigModel,
  aclName: string,
  slot: AddressSlot,
  range: Range,
): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const candidates = addressCandidates(model, aclName, slot.side);
  const item = (
    label: string,
    detail: string,
    order: number,
    snippet?: string,
  ): CompletionEntry => ({
    label,
    kind: "value",
    detail,
    insertText: label,
    snippet,
    range,
    sortText: `b${String(order).padStart(4, "0")}`,
  });
  if (slot.part === "wildcard") {
    for (const c of candidates) {
      if (c.match.address === slot.address && c.match.wildcard !== 0) {
        out.push(item(formatIpv4(c.match.wildcard), c.detail, 0));
      }
    }
    return out;
  }
  if (slot.part === "host") {
    if (slot.side === "source") {
      for (const { iface, address } of protectedSideAddresses(model)) {
        out.push(
          item(formatIpv4(address.address), `address of ${iface.name}`, 0),
        );
      }
    }
    return out;
  }
  candidates.forEach((c, i) =>
    out.push(item(aclAddressText(c.match), c.detail, i)),
  );
  out.push(
    item("host", "one address", 9000, "host ${1:address}$0"),
    item(
      "any",
      `every address; in a crypto ACL it takes the router's own traffic too (crypto-acl-any)`,
      9999,
    ),
  );
  return out;
}

/** The name of the crypto ACL whose section the cursor is in, if it is one. */
function cryptoAclAt(
  model: ConfigModel,
  cursor: CursorLine,
): string | undefined {
  const name =
    cursor.context === "acl-extended" ? cursor.head?.words[3]?.text : undefined;
  return name !== undefined && isCryptoAcl(model, name) ? name : undefined;
}

/** Completion items at a position of a config. */
export function completionAt(
  parsed: ParsedDocument,
  position: Position,
): CompletionEntry[] {
  if (parsed.kind !== "config") {
    return [];
  }
  const model = parsed.model;
  const cursor = cursorLine(model, position);
  if (!cursor) {
    return [];
  }
  const range = lineRange(
    position.line,
    cursor.partialStart,
    position.character,
  );
  const out: CompletionEntry[] = [];
  const cryptoAcl = cryptoAclAt(model, cursor);
  if (cryptoAcl !== undefined) {
    const slot = addressSlot(cursor.words);
    if (slot) {
      out.push(...cryptoAclAddressItems(model, cryptoAcl, slot, range));
    }
  }
  commandsOf(cursor.context).forEach((command, order) => {
    if (command.hoverOnly || (cryptoAcl !== undefined && command.filterOnly)) {
      return;
    }
    for (const state of matchWords(command, cursor.words)) {
      itemsForState(model, command, state, cursor, range, order, out);
    }
  });
  const seen = new Set<string>();
  return out.filter((item) => {
    const key = `${item.kind}\u0000${item.label}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
