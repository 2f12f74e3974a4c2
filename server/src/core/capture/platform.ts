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
  pattern: RegExp;
  /** What the line is, to finish "line N is ...". */
  why: string;
}

const MARKERS: readonly OutputMarker[] = [
  {
    platform: "Cisco ASA",
    pattern: /^\s*#pre-frag successes: \d/,
    why: "an ASA's fragmentation counters in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    pattern: /^\s*#PMTUs sent: \d/,
    why: "an ASA's path MTU counters in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    pattern: /^\s*path mtu \d+, ipsec overhead \d/,
    why: "an ASA's `ipsec overhead` line in `show crypto ipsec sa`",
  },
  {
    platform: "Cisco ASA",
    pattern: /^\s*IKE Peer\s+Type\s+Dir\s+Rky\s+State\b/,
    why: "the heading of an ASA's `show crypto isakmp sa` table",
  },
  {
    platform: "Cisco ASA",
    pattern: /^\s*Rekey SA: \d+ \(A tunnel will report/,
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
    // Every marker line starts with `#`, `p`, `I` or `R` after its indentation.
    let at = 0;
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) {
      at++;
    }
    const c = text.charCodeAt(at);
    if (c !== 35 && c !== 112 && c !== 73 && c !== 82) {
      continue;
    }
    const marker = MARKERS.find((m) => m.pattern.test(text));
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
