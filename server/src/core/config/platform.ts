import type { ConfigModel } from "./model";
import type { ConfigNode } from "./tree";

/**
 * Configs of other Cisco platforms that share IOS's words. A Cisco ASA writes `crypto map`,
 * `interface` and `access-list` too, but keeps a crypto map entry on one line per command, its
 * keys in tunnel groups and IKE under `crypto ikev1`: read as IOS, a working ASA config looks
 * like a router whose crypto map entries have no peer and are applied nowhere.
 */

/** A line that only a config of another platform holds. */
interface PlatformMarker {
  platform: string;
  /** Matched against a top-level line. */
  pattern: RegExp;
  /** Why the line gives the platform away, to finish "line N (...) is ...". */
  why: string;
  /** A version line: decisive alone. Other markers count when two lines show them. */
  decisive?: boolean;
}

const MARKERS: readonly PlatformMarker[] = [
  {
    platform: "Cisco ASA",
    pattern: /^(?:ASA|PIX|FWSM) Version \d/,
    why: "the version line of an ASA",
    decisive: true,
  },
  {
    platform: "Cisco ASA",
    pattern: /^crypto map \S+ \d+ (?:set|match) /i,
    why: "a crypto map entry's command written on the entry's own line, as an ASA does (IOS writes `set` and `match` under `crypto map NAME SEQ ipsec-isakmp`)",
  },
  {
    platform: "Cisco ASA",
    pattern: /^crypto map \S+ interface \S/i,
    why: "a crypto map applied by a global command, as an ASA does (IOS applies it under the interface)",
  },
  {
    platform: "Cisco ASA",
    pattern: /^crypto ikev[12] enable \S/i,
    why: "IKE turned on for one interface, as an ASA does",
  },
  {
    platform: "Cisco ASA",
    pattern: /^crypto ikev1 policy \d/i,
    why: "ASA's name for an ISAKMP policy",
  },
  {
    platform: "Cisco ASA",
    pattern: /^crypto ipsec ikev[12] (?:transform-set|ipsec-proposal) /i,
    why: "an ASA transform set or IPsec proposal",
  },
  {
    platform: "Cisco ASA",
    pattern:
      /^tunnel-group \S+ (?:type|ipsec-attributes|general-attributes)\b/i,
    why: "a tunnel group, where an ASA keeps a peer's settings and key",
  },
];

/**
 * The first characters of the markers' lines: other lines are not tested (a big config's
 * thousands of `access-list` and `ip` lines would each meet every pattern).
 */
const MARKER_STARTS = new Set("APFcCtT".split("").map((c) => c.charCodeAt(0)));

/** A line of a config that gives another platform away. */
export interface PlatformEvidence {
  node: ConfigNode;
  why: string;
}

/** A config written for another platform, with the lines that tell. */
export interface ForeignPlatform {
  platform: string;
  /** The deciding lines: a version line, or the first two marker lines. */
  evidence: PlatformEvidence[];
}

const FOREIGN = new WeakMap<ConfigModel, ForeignPlatform | null>();

/**
 * The other platform a config was written for, or undefined for IOS and IOS-XE. One marker line
 * alone (a typo such as `crypto map M 10 set peer ...` in an IOS config) does not decide: a
 * version line does, or two marker lines.
 */
export function foreignPlatform(
  model: ConfigModel,
): ForeignPlatform | undefined {
  let known = FOREIGN.get(model);
  if (known === undefined) {
    known = detect(model.tree.roots) ?? null;
    FOREIGN.set(model, known);
  }
  return known ?? undefined;
}

function detect(roots: readonly ConfigNode[]): ForeignPlatform | undefined {
  const found: { marker: PlatformMarker; node: ConfigNode }[] = [];
  for (const node of roots) {
    if (node.indent !== 0 || !MARKER_STARTS.has(node.text.charCodeAt(0))) {
      continue;
    }
    const marker = markerOf(node.text);
    if (!marker) {
      continue;
    }
    if (marker.decisive) {
      return {
        platform: marker.platform,
        evidence: [{ node, why: marker.why }],
      };
    }
    const first = found.find((f) => f.marker.platform === marker.platform);
    if (first) {
      return {
        platform: marker.platform,
        evidence: [
          { node: first.node, why: first.marker.why },
          { node, why: marker.why },
        ],
      };
    }
    found.push({ marker, node });
  }
  return undefined;
}

/** The marker a top-level line shows, if any. */
function markerOf(text: string): PlatformMarker | undefined {
  for (const marker of MARKERS) {
    if (marker.pattern.test(text)) {
      return marker;
    }
  }
  return undefined;
}
