import type { AccessList, AclEntry } from "../../config/model";
import type { TextEdit } from "../../diagnostics/finding";
import {
  aclEntryTextWith,
  replaceAclEntry,
  replaceRange,
  type ConfigChange,
} from "../../fixes/configEdits";
import type { WildcardMatch } from "../../ipv4/address";
import type { Range } from "../../text/position";

/**
 * A crypto ACL written backwards: IOS reads a crypto ACL from its own router's side, local
 * networks as source and remote ones as destination, so an entry that names the router's own
 * network as destination matches no outbound packet and IKE never starts. The config check
 * (`crypto-acl-reversed`) asks it of a configured ACL with the config's interfaces, the show
 * check (`show-crypto-acl-reversed`) of the ACL `show crypto map` prints with the connected
 * networks the same router's show output lists: one decision, two sources of local networks.
 */

/**
 * The local network the destination of a permit entry touches when the entry is reversed, else
 * undefined. `localOf` answers the local network a match shares an address with (`any` touches
 * none). Only a source that is clearly remote makes it reversed: a source that touches a local
 * network may be a summary that covers both sides, and `any` says nothing of a side.
 */
export function reversedEntry<L>(
  entry: Pick<AclEntry, "action" | "source" | "destination">,
  localOf: (match: WildcardMatch) => L | undefined,
): L | undefined {
  if (entry.action !== "permit" || entry.source.wildcard === 0xffffffff) {
    return undefined;
  }
  const local = localOf(entry.destination);
  return local !== undefined && localOf(entry.source) === undefined
    ? local
    : undefined;
}

/** The span of a source or destination with its port condition. */
function span(start: Range, port: Range | undefined): Range {
  return { start: start.start, end: (port ?? start).end };
}

/** An entry with its source and destination swapped: where they are, the new text, the change. */
export interface SwappedEntry {
  /** The source with its port condition, on the entry's line. */
  source: Range;
  /** The destination with its port condition. */
  destination: Range;
  /** The entry's text after the swap (`permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255`). */
  text: string;
  /** The edits of the line and the console commands that replace the entry. */
  change: ConfigChange;
}

/** Swaps an entry's source and destination, ports included. */
export function swapEntry(acl: AccessList, entry: AclEntry): SwappedEntry {
  const source = span(entry.sourceRange, entry.sourcePortRange);
  const destination = span(entry.destinationRange, entry.destinationPortRange);
  const line = entry.node.text;
  const sourceText = line.slice(source.start.character, source.end.character);
  const destinationText = line.slice(
    destination.start.character,
    destination.end.character,
  );
  const edits: TextEdit[] = [
    replaceRange(source, destinationText),
    replaceRange(destination, sourceText),
  ];
  const text = aclEntryTextWith(acl, entry.node, [
    { range: source, text: destinationText },
    { range: destination, text: sourceText },
  ]);
  return {
    source,
    destination,
    text,
    change: replaceAclEntry(acl, entry, text, edits),
  };
}
