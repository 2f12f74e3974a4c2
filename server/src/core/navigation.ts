import { toLoggedRange, toOutputPosition } from "./capture/outputColumns";
import { capturedConfigAt } from "./capture/runningConfigs";
import {
  occurrenceAt,
  occurrencesOf,
  type NameOccurrence,
} from "./config/lineIndex";
import type { ConfigModel, ObjectKind } from "./config/model";
import type { WorkspaceView } from "./checks/check";
import { owningInterface } from "./config/cryptoPeers";
import { nodeRange, tokenize } from "./config/tree";
import { parseIpv4 } from "./ipv4/address";
import type { ParsedDocument } from "./languageService";
import { comparePositions, type Position, type Range } from "./text/position";

/**
 * Go to definition, find references and rename for the named objects of a config (ACLs,
 * transform sets, crypto maps, profiles, keyrings...), within one document. The parser records
 * every definition and use of a name with its range, so these are lookups, not searches.
 */

/** A place in a document. */
export interface Location {
  uri: string;
  range: Range;
}

/** A text replacement. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** What prepareRename answers: the range to rename with the current name, or why not. */
export type PrepareRenameResult =
  { range: Range; placeholder: string } | { error: string };

/** What renameAt answers: the edits, or why the rename is refused. */
export type RenameResult = { edits: TextEdit[] } | { error: string };

/** How each kind reads in messages. */
const KIND_LABELS: Readonly<Record<ObjectKind, string>> = {
  acl: "access list",
  "ipv6-acl": "IPv6 access list",
  "transform-set": "transform set",
  "crypto-map": "crypto map",
  "ipv6-crypto-map": "IPv6 crypto map",
  "dynamic-map": "dynamic map",
  "isakmp-profile": "isakmp profile",
  keyring: "keyring",
  "ipsec-profile": "ipsec profile",
  identity: "crypto identity",
  trustpoint: "trustpoint",
  interface: "interface",
  "route-map": "route-map",
  "nat-pool": "NAT pool",
  "ikev2-proposal": "IKEv2 proposal",
  "ikev2-policy": "IKEv2 policy",
  "ikev2-keyring": "IKEv2 keyring",
  "ikev2-profile": "IKEv2 profile",
  zone: "security zone",
  "class-map": "inspect class-map",
  "policy-map": "inspect policy-map",
  "object-group": "object group",
  "standby-group": "HSRP group",
  "certificate-map": "certificate map",
};

/** Numbered ACL ranges by kind, as IOS assigns them. */
const ACL_NUMBER_RANGES: Readonly<
  Record<"standard" | "extended", readonly [number, number][]>
> = {
  standard: [
    [1, 99],
    [1300, 1999],
  ],
  extended: [
    [100, 199],
    [2000, 2699],
  ],
};

function sortedUnique(occurrences: NameOccurrence[]): NameOccurrence[] {
  const seen = new Set<string>();
  const out: NameOccurrence[] = [];
  for (const o of occurrences) {
    const key = `${o.range.start.line}:${o.range.start.character}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(o);
    }
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/**
 * The name under the cursor and the config it belongs to. In a capture that is a configuration the
 * capture prints, for navigation only: `renaming` refuses it (a log records what a router said).
 */
function target(
  parsed: ParsedDocument,
  position: Position,
  renaming = false,
): { model: ConfigModel; occurrence: NameOccurrence } | undefined {
  const model =
    parsed.kind === "config"
      ? parsed.model
      : parsed.kind === "capture" && !renaming
        ? capturedConfigAt(parsed.model, position.line)?.model
        : undefined;
  if (!model) {
    return undefined;
  }
  const at =
    parsed.kind === "capture"
      ? toOutputPosition(parsed.model, position)
      : position;
  const occurrence = at && occurrenceAt(model, at);
  return occurrence ? { model, occurrence } : undefined;
}

/** Locations in the document itself; a printed configuration's are mapped to the lines as logged. */
function locations(
  parsed: ParsedDocument,
  occurrences: readonly NameOccurrence[],
): Location[] {
  return occurrences.map((o) => ({
    uri: parsed.uri,
    range:
      parsed.kind === "capture"
        ? toLoggedRange(parsed.model, o.range)
        : o.range,
  }));
}

/**
 * Where the object named under the cursor is defined; empty when nothing is named there or it is
 * undefined. On an IPv4 address of a config (`set peer`, `tunnel destination`, a key's
 * `address`), the interface lines of the workspace's other configs that own it: the peer.
 */
export function definitionAt(
  parsed: ParsedDocument,
  position: Position,
  workspace?: WorkspaceView,
): Location[] {
  const t = target(parsed, position);
  if (!t) {
    return parsed.kind === "config" && workspace
      ? ownersOfAddressAt(parsed.model, parsed.uri, position, workspace)
      : [];
  }
  return locations(
    parsed,
    sortedUnique(
      occurrencesOf(t.model, t.occurrence.kind, t.occurrence.name).filter(
        (o) => o.role === "definition",
      ),
    ),
  );
}

/** Every use of the object named under the cursor, with its definitions when asked. */
export function referencesAt(
  parsed: ParsedDocument,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const t = target(parsed, position);
  if (!t) {
    return [];
  }
  return locations(
    parsed,
    sortedUnique(
      occurrencesOf(t.model, t.occurrence.kind, t.occurrence.name).filter(
        (o) => includeDeclaration || o.role === "reference",
      ),
    ),
  );
}

const INTERFACE_REFUSAL =
  "Interfaces cannot be renamed: IOS names them after the hardware (type and slot/port). To move this configuration, copy it under the other interface and remove it here.";

/** Checks the cursor is on a name that can be renamed, and gives its range. */
export function prepareRename(
  parsed: ParsedDocument,
  position: Position,
): PrepareRenameResult | null {
  const t = target(parsed, position, true);
  if (!t) {
    return null;
  }
  if (t.occurrence.kind === "interface") {
    return { error: INTERFACE_REFUSAL };
  }
  return { range: t.occurrence.range, placeholder: t.occurrence.name };
}

function inRanges(n: number, ranges: readonly [number, number][]): boolean {
  return ranges.some(([lo, hi]) => n >= lo && n <= hi);
}

function rangesText(ranges: readonly [number, number][]): string {
  return ranges.map(([lo, hi]) => `${lo}-${hi}`).join(" or ");
}

/** Why a new name is not acceptable for the object, or undefined when it is. */
function validateName(
  model: ConfigModel,
  occurrence: NameOccurrence,
  newName: string,
): string | undefined {
  const label = KIND_LABELS[occurrence.kind];
  if (newName.length === 0 || /\s/.test(newName)) {
    return "IOS names cannot be empty or contain spaces: a space ends the name.";
  }
  if (/[?"]/.test(newName)) {
    return "IOS names cannot contain `?` (the CLI reads it as a request for help) or quotation marks.";
  }
  if (occurrence.kind === "zone" && newName.toLowerCase() === "self") {
    return "`self` is the router's own zone, which every zone-pair can name: a zone of that name could not be told apart from it.";
  }
  if (occurrence.kind === "acl") {
    const acl = model.acls.get(occurrence.name);
    const numeric = /^\d+$/.test(newName);
    if (acl?.numbered) {
      const ranges = ACL_NUMBER_RANGES[acl.kind];
      if (!numeric || !inRanges(Number(newName), ranges)) {
        return `access-list ${acl.name} is a numbered ${acl.kind} ACL: IOS reads the ACL type from the number, so the new name must be a number in ${rangesText(ranges)}.`;
      }
    } else if (
      acl &&
      numeric &&
      !inRanges(Number(newName), ACL_NUMBER_RANGES[acl.kind])
    ) {
      return `A named ${acl.kind} ACL can take a number only in ${rangesText(ACL_NUMBER_RANGES[acl.kind])}.`;
    } else if (acl && !numeric && !/^[A-Za-z]/.test(newName)) {
      return "A named ACL must begin with a letter, so IOS cannot mistake it for a number.";
    }
  }
  const clash = occurrencesOf(model, occurrence.kind, newName).find(
    (o) => o.role === "definition",
  );
  if (clash && newName !== occurrence.name) {
    return `${newName} already names another ${label} (line ${clash.node.line + 1}): renaming would merge the two.`;
  }
  return undefined;
}

/** Renames the object under the cursor everywhere in the document, or says why it cannot. */
export function renameAt(
  parsed: ParsedDocument,
  position: Position,
  newName: string,
): RenameResult | null {
  const t = target(parsed, position, true);
  if (!t) {
    return null;
  }
  if (t.occurrence.kind === "interface") {
    return { error: INTERFACE_REFUSAL };
  }
  const error = validateName(t.model, t.occurrence, newName);
  if (error) {
    return { error };
  }
  if (newName === t.occurrence.name) {
    return { edits: [] };
  }
  return {
    edits: sortedUnique(
      occurrencesOf(t.model, t.occurrence.kind, t.occurrence.name),
    ).map((o) => ({ range: o.range, newText: newName })),
  };
}

/** The `ip address` lines of the other configs of the workspace that own the address under the cursor. */
function ownersOfAddressAt(
  model: ConfigModel,
  uri: string,
  position: Position,
  workspace: WorkspaceView,
): Location[] {
  const text = model.tree.lines[position.line];
  const word =
    text === undefined
      ? undefined
      : tokenize(text, position.line).find(
          (w) => w.start <= position.character && position.character <= w.end,
        );
  const address = word ? parseIpv4(word.text) : undefined;
  if (address === undefined) {
    return [];
  }
  const out: Location[] = [];
  for (const other of workspace.configs) {
    if (other.uri === uri) {
      continue;
    }
    const owner = owningInterface(other.model, address);
    const line = owner?.addresses.find((a) => a.address === address)?.node;
    if (line) {
      const at = tokenize(line.text, line.line).find(
        (w) => w.text === word!.text,
      );
      out.push({ uri: other.uri, range: at ? at.range : nodeRange(line) });
    }
  }
  return out;
}
