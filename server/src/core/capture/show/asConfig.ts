import { parseConfigLines } from "../../config/parser";
import type { AccessList, AclEntry, TransformSet } from "../../config/model";
import { lineRange, type Range } from "../../text/position";
import type {
  AccessListsShow,
  Cell,
  CryptoMapShowEntry,
  TransformSetShow,
} from "./types";

/**
 * What show output prints of a config, read as config: the ACLs (the crypto ACL under `show
 * crypto map`, the lists of `show ip access-lists`) and the transform sets (`show crypto ipsec
 * transform-set`). The lines are written out as the config would hold them and parsed by the
 * config parser, so the checks judge a printed ACL or transform set with the same code (first
 * match, wildcards, ports, mirror images, transform matching) as a configured one.
 */

/** A printed ACL read as a config ACL. */
export interface ShownAcl {
  acl: AccessList;
  /** The printed line an entry was read from. */
  lineOf(entry: AclEntry): Cell;
  /** A range of an entry's config line (its source, its destination) on the printed line. */
  printedRange(entry: AclEntry, range: Range): Range;
}

/** `(57 matches)`, `(1 match)`: counters the config has not (the blank before them is trimmed). */
const COUNTER = /\(\d{1,20} match(?:es)?\)/g;

/**
 * Reads config lines made from printed ones: `printed[i]` is the cell of `lines[i]`, whose text
 * starts at column `starts[i]` of `lines[i]` (before it when the config line drops a prefix).
 */
function readAcl(
  name: string,
  lines: readonly string[],
  printed: readonly (Cell | undefined)[],
  starts: readonly number[],
): ShownAcl | undefined {
  const model = parseConfigLines(lines, 0, lines.length);
  const acl = model.acls.get(name);
  if (!acl || !acl.entries.length || acl.unreadable.length) {
    return undefined;
  }
  return {
    acl,
    lineOf: (entry) => printed[entry.node.line]!,
    printedRange(entry, range) {
      const i = entry.node.line;
      const shift = printed[i]!.range.start.character - starts[i]!;
      return lineRange(
        printed[i]!.range.start.line,
        range.start.character + shift,
        range.end.character + shift,
      );
    },
  };
}

const CRYPTO_MAP_ACLS = new WeakMap<CryptoMapShowEntry, ShownAcl | undefined>();

/**
 * The crypto ACL a `show crypto map` entry prints (`access-list 101 permit ip ...` lines), or
 * undefined when it prints none or a line the config parser cannot read.
 */
export function cryptoMapAcl(entry: CryptoMapShowEntry): ShownAcl | undefined {
  if (CRYPTO_MAP_ACLS.has(entry)) {
    return CRYPTO_MAP_ACLS.get(entry);
  }
  let shown: ShownAcl | undefined;
  const name = entry.acl?.text;
  if (name && !entry.ipv6 && entry.aclLines.length) {
    const numbered = /^\d+$/.test(name);
    const lines: string[] = numbered ? [] : [`ip access-list extended ${name}`];
    const printed: (Cell | undefined)[] = numbered ? [] : [undefined];
    const starts: number[] = numbered ? [] : [0];
    const prefix = `access-list ${name} `;
    for (const cell of entry.aclLines) {
      const text = cell.text.replace(COUNTER, "").trimEnd();
      if (!text.startsWith(prefix)) {
        continue;
      }
      // A named list's lines go in its section: ` permit ...` for `access-list NAME permit ...`.
      lines.push(numbered ? text : ` ${text.slice(prefix.length)}`);
      printed.push(cell);
      starts.push(numbered ? 0 : 1 - prefix.length);
    }
    shown = readAcl(name, lines, printed, starts);
  }
  CRYPTO_MAP_ACLS.set(entry, shown);
  return shown;
}

type PrintedList = AccessListsShow["acls"][number];

const LISTS = new WeakMap<PrintedList, ShownAcl | undefined>();

/** An ACL of `show ip access-lists`, its match counters left out. */
export function accessListAcl(list: PrintedList): ShownAcl | undefined {
  if (LISTS.has(list)) {
    return LISTS.get(list);
  }
  const lines = [`ip access-list ${list.type} ${list.name.text}`];
  const printed: (Cell | undefined)[] = [undefined];
  const starts = [0];
  for (const entry of list.entries) {
    lines.push(` ${entry.text.text.replace(COUNTER, "").trimEnd()}`);
    printed.push(entry.text);
    starts.push(1);
  }
  const shown = readAcl(list.name.text, lines, printed, starts);
  LISTS.set(list, shown);
  return shown;
}

/** A transform set of `show crypto ipsec transform-set`, read as a config transform set. */
export interface ShownTransformSet {
  set: TransformSet;
  /** Its name as printed. */
  name: Cell;
}

const TRANSFORM_SETS = new WeakMap<TransformSetShow, ShownTransformSet[]>();

/** The transform sets an output prints (those the config parser reads), in its order. */
export function shownTransformSets(
  data: TransformSetShow,
): ShownTransformSet[] {
  let out = TRANSFORM_SETS.get(data);
  if (!out) {
    out = [];
    for (const printed of data.sets) {
      const lines = [
        `crypto ipsec transform-set ${printed.name.text} ${printed.transforms.map((t) => t.text).join(" ")}`,
        ...(/transport/i.test(printed.mode ?? "") ? [" mode transport"] : []),
      ];
      const set = parseConfigLines(lines, 0, lines.length).transformSets[0];
      if (set?.transforms.length) {
        out.push({ set, name: printed.name });
      }
    }
    TRANSFORM_SETS.set(data, out);
  }
  return out;
}
