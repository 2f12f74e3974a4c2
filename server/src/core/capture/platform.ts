import { LineKind, type CaptureModel } from "./model";

/**
 * Show output of other Cisco platforms that shares IOS's commands. A Cisco ASA answers `show
 * crypto ipsec sa` and `show crypto isakmp sa` too, with counters and tables IOS never prints;
 * read as IOS, its remote-access and firewall SAs would get IOS advice (`ip nat`, crypto ACLs)
 * that does not apply there.
 */

/** A line of output only another platform prints. */
interface OutputMarker {
  platform: string;
  /** What the line starts with after its indentation: tested first, as it costs no regex. */
  prefix: string;
  /** Tested from the prefix on. */
  pattern: RegExp;
  /** What the line is, to finish "line N is ...". */
  why: string;
}

const MARKERS: readonly OutputMarker[] = [
  {
    platform: "Cisco ASA",
    prefix: "#pre-frag successes: ",
    pattern: /#pre-frag successes: \d/y,
    why: "an ASA's fragmentation counters in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    prefix: "#PMTUs sent: ",
    pattern: /#PMTUs sent: \d/y,
    why: "an ASA's path MTU counters in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    prefix: "path mtu ",
    pattern: /path mtu \d+, ipsec overhead \d/y,
    why: "an ASA's `ipsec overhead` line in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    prefix: "IKE Peer ",
    pattern: /IKE Peer\s+Type\s+Dir\s+Rky\s+State\b/y,
    why: "the heading of an ASA's `show crypto isakmp sa` table",
  },
  {
    platform: "Cisco ASA",
    prefix: "Rekey SA: ",
    pattern: /Rekey SA: \d+ \(A tunnel will report/y,
    why: "an ASA's count of rekeying IKE SAs",
  },
];

/** Another platform's output in a capture: the platform, the first line that tells, and why. */
export interface ForeignOutput {
  platform: string;
  line: number;
  why: string;
  /** The show blocks (indices) that hold marker lines: their findings would be IOS advice. */
  blocks: ReadonlySet<number>;
}

/** The markers by the character code their prefix starts with (all ASCII). */
const BY_FIRST: readonly (readonly OutputMarker[] | undefined)[] = (() => {
  const table: OutputMarker[][] = [];
  for (const m of MARKERS) {
    (table[m.prefix.charCodeAt(0)] ??= []).push(m);
  }
  return table;
})();

const FOREIGN = new WeakMap<CaptureModel, ForeignOutput | null>();

/**
 * The other platform whose output a capture holds, if any. Only lines the parser did not read as
 * debug messages or prompts are tested (a big capture is mostly messages), and each marker is
 * a line no IOS output has, so one is enough.
 */
export function foreignOutput(model: CaptureModel): ForeignOutput | undefined {
  let known = FOREIGN.get(model);
  if (known === undefined) {
    known = detect(model) ?? null;
    FOREIGN.set(model, known);
  }
  return known ?? undefined;
}

function detect(model: CaptureModel): ForeignOutput | undefined {
  let first: { line: number; marker: OutputMarker } | undefined;
  const blocks = new Set<number>();
  const { lines, kinds, lineShow } = model;
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i];
    if (kind !== LineKind.Show && kind !== LineKind.Text) {
      continue;
    }
    const text = lines[i]!;
    let at = 0;
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) {
      at++;
    }
    // A big capture's show outputs have thousands of lines: one look at the first character
    // turns most away, a prefix test the `#pkts` counters.
    const marker = BY_FIRST[text.charCodeAt(at)]?.find((m) => {
      if (!text.startsWith(m.prefix, at)) {
        return false;
      }
      m.pattern.lastIndex = at;
      return m.pattern.test(text);
    });
    if (!marker) {
      continue;
    }
    first ??= { line: i, marker };
    if (lineShow[i]! >= 0) {
      blocks.add(lineShow[i]!);
    }
  }
  return first
    ? {
        platform: first.marker.platform,
        line: first.line,
        why: first.marker.why,
        blocks,
      }
    : undefined;
}
