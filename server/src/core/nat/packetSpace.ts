import { wildcardsIntersect, type WildcardMatch } from "../ipv4/address";
import {
  portMatches,
  ruleMatches,
  type AclRule,
  type Packet,
  type PortMatch,
} from "../ipv4/acl";

/**
 * Sets of packets as ACL entries describe them, and representative packets drawn from them. The
 * NAT analysis asks "does any packet of the protected traffic get translated?"; answering it
 * exactly over arbitrary ACLs is costly, so it tests a few packets chosen to step around every
 * earlier `deny`, which is exact for the usual shapes (a deny of the VPN traffic before a permit).
 */

/** A set of packets: source and destination matches, an optional protocol, port conditions that all hold. */
export interface PacketBox {
  source: WildcardMatch;
  destination: WildcardMatch;
  /** Undefined for every protocol (`ip`). */
  protocol: number | undefined;
  sourcePorts: readonly PortMatch[];
  destinationPorts: readonly PortMatch[];
}

/** Protocols with ports in IOS ACLs (TCP, UDP, SCTP). */
const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132]);

/** Protocols tried, in order, when a box allows every protocol. */
const SAMPLE_PROTOCOLS: readonly number[] = [6, 17, 1];

/** Ports tried when a port condition must be met or avoided (the condition's own numbers come first). */
const SOURCE_PORTS: readonly number[] = [50000, 1024, 80, 443, 53, 1, 65535];
const DESTINATION_PORTS: readonly number[] = [
  80, 443, 53, 1024, 50000, 1, 65535,
];

/** The box of one ACL entry. */
export function boxOf(rule: AclRule): PacketBox {
  return {
    source: rule.source,
    destination: rule.destination,
    protocol: rule.protocol,
    sourcePorts: rule.sourcePort ? [rule.sourcePort] : [],
    destinationPorts: rule.destinationPort ? [rule.destinationPort] : [],
  };
}

/** The addresses two matches share, as one match (wildcard sets are closed under intersection). */
export function intersectWildcards(
  a: WildcardMatch,
  b: WildcardMatch,
): WildcardMatch | undefined {
  if (!wildcardsIntersect(a, b)) {
    return undefined;
  }
  return {
    address: ((a.address & ~a.wildcard) | (b.address & ~b.wildcard)) >>> 0,
    wildcard: (a.wildcard & b.wildcard) >>> 0,
  };
}

/** The packets two boxes share, or undefined when they share none that we can build. */
export function intersectBoxes(
  a: PacketBox,
  b: PacketBox,
): PacketBox | undefined {
  if (
    a.protocol !== undefined &&
    b.protocol !== undefined &&
    a.protocol !== b.protocol
  ) {
    return undefined;
  }
  const source = intersectWildcards(a.source, b.source);
  const destination = intersectWildcards(a.destination, b.destination);
  if (!source || !destination) {
    return undefined;
  }
  const box: PacketBox = {
    source,
    destination,
    protocol: a.protocol ?? b.protocol,
    sourcePorts: [...a.sourcePorts, ...b.sourcePorts],
    destinationPorts: [...a.destinationPorts, ...b.destinationPorts],
  };
  const hasPorts = box.sourcePorts.length || box.destinationPorts.length;
  if (
    hasPorts &&
    (pickPort(box.sourcePorts) === undefined ||
      pickPort(box.destinationPorts) === undefined)
  ) {
    return undefined;
  }
  return box;
}

/** True when the packet lies in the box. */
export function boxContains(box: PacketBox, packet: Packet): boolean {
  return (
    ruleMatches(
      {
        action: "permit",
        protocol: box.protocol,
        source: box.source,
        destination: box.destination,
      },
      packet,
    ) &&
    box.sourcePorts.every(
      (m) =>
        packet.sourcePort !== undefined && portMatches(m, packet.sourcePort),
    ) &&
    box.destinationPorts.every(
      (m) =>
        packet.destinationPort !== undefined &&
        portMatches(m, packet.destinationPort),
    )
  );
}

/** A port meeting every condition and none of the avoided one, or undefined. */
function pickPort(
  conditions: readonly PortMatch[],
  avoid?: PortMatch,
  preferred: readonly number[] = DESTINATION_PORTS,
): number | undefined {
  if (!conditions.length && !avoid) {
    // The common case (no port condition at all), without building the candidate list.
    return preferred.find((p) => p >= 0 && p <= 65535);
  }
  const candidates: number[] = [];
  for (const c of [...conditions, ...(avoid ? [avoid] : [])]) {
    for (const p of c.ports) {
      candidates.push(p, p + 1, p - 1);
    }
  }
  candidates.push(...preferred);
  return candidates.find(
    (p) =>
      p >= 0 &&
      p <= 65535 &&
      conditions.every((c) => portMatches(c, p)) &&
      (!avoid || !portMatches(avoid, p)),
  );
}

/** An address of `within` that `avoid` does not match, as close to `from` as one bit allows. */
function escapeAddress(
  within: WildcardMatch,
  avoid: WildcardMatch,
  from: number,
): number | undefined {
  // A bit that `within` leaves free but `avoid` fixes can be set against `avoid`.
  const free = (within.wildcard & ~avoid.wildcard) >>> 0;
  if (!free) {
    return undefined;
  }
  const bit = (free & -free) >>> 0;
  const avoidBit = (avoid.address & bit) >>> 0;
  return avoidBit ? (from & ~bit) >>> 0 : (from | bit) >>> 0;
}

/** Moves a packet out of one rule while staying in the box; undefined when it cannot. */
function escape(
  box: PacketBox,
  packet: Packet,
  rule: AclRule,
): Packet | undefined {
  const source = escapeAddress(box.source, rule.source, packet.source);
  if (source !== undefined) {
    return packetOf(
      packet.protocol,
      source,
      packet.destination,
      packet.sourcePort,
      packet.destinationPort,
    );
  }
  const destination = escapeAddress(
    box.destination,
    rule.destination,
    packet.destination,
  );
  if (destination !== undefined) {
    return packetOf(
      packet.protocol,
      packet.source,
      destination,
      packet.sourcePort,
      packet.destinationPort,
    );
  }
  if (box.protocol === undefined && rule.protocol !== undefined) {
    const protocol = SAMPLE_PROTOCOLS.find((p) => p !== rule.protocol);
    if (protocol !== undefined) {
      return withPorts(
        box,
        packetOf(
          protocol,
          packet.source,
          packet.destination,
          packet.sourcePort,
          packet.destinationPort,
        ),
      );
    }
  }
  if (rule.sourcePort && packet.sourcePort !== undefined) {
    const port = pickPort(box.sourcePorts, rule.sourcePort, SOURCE_PORTS);
    if (port !== undefined) {
      return packetOf(
        packet.protocol,
        packet.source,
        packet.destination,
        port,
        packet.destinationPort,
      );
    }
  }
  if (rule.destinationPort && packet.destinationPort !== undefined) {
    const port = pickPort(box.destinationPorts, rule.destinationPort);
    if (port !== undefined) {
      return packetOf(
        packet.protocol,
        packet.source,
        packet.destination,
        packet.sourcePort,
        port,
      );
    }
  }
  // A rule with ports never matches a packet without them (ICMP, GRE).
  if ((rule.sourcePort || rule.destinationPort) && box.protocol === undefined) {
    return packetOf(1, packet.source, packet.destination, undefined, undefined);
  }
  return undefined;
}

/** Gives a packet ports when its protocol has them, meeting the box's conditions. */
function withPorts(box: PacketBox, packet: Packet): Packet | undefined {
  if (!PORT_PROTOCOLS.has(packet.protocol)) {
    if (box.sourcePorts.length || box.destinationPorts.length) {
      return undefined;
    }
    return packetOf(
      packet.protocol,
      packet.source,
      packet.destination,
      undefined,
      undefined,
    );
  }
  const sourcePort = pickPort(box.sourcePorts, undefined, SOURCE_PORTS);
  const destinationPort = pickPort(box.destinationPorts);
  if (sourcePort === undefined || destinationPort === undefined) {
    return undefined;
  }
  return packetOf(
    packet.protocol,
    packet.source,
    packet.destination,
    sourcePort,
    destinationPort,
  );
}

/**
 * A packet with every field present, so all samples share one object shape (object spreads of
 * packets with and without ports made sampling the NAT analysis's main cost on big configs).
 */
function packetOf(
  protocol: number,
  source: number,
  destination: number,
  sourcePort: number | undefined,
  destinationPort: number | undefined,
): Packet {
  return { protocol, source, destination, sourcePort, destinationPort };
}

/** Field equality as the samples' text keys compared them (NaN equals NaN). */
function same(a: number | undefined, b: number | undefined): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * Representative packets of a box: its lowest, highest and a middle packet, each for every
 * protocol the box allows, and from each a packet moved step by step out of the `avoid` rules
 * (the denies that could exempt it). At most `limit` packets. `protocolChoices` are tried when
 * the box allows every protocol (one suffices when no rule involved looks at protocols).
 */
export function samplePackets(
  box: PacketBox,
  avoid: readonly AclRule[],
  protocolChoices: readonly number[] = SAMPLE_PROTOCOLS,
  limit = 48,
): Packet[] {
  const out: Packet[] = [];
  const push = (p: Packet | undefined): void => {
    if (!p || out.length >= limit || !boxContains(box, p)) {
      return;
    }
    // At most `limit` samples: comparing with each is cheaper than a text key per packet.
    const known = out.some(
      (q) =>
        same(q.protocol, p.protocol) &&
        same(q.source, p.source) &&
        same(q.destination, p.destination) &&
        same(q.sourcePort, p.sourcePort) &&
        same(q.destinationPort, p.destinationPort),
    );
    if (!known) {
      out.push(p);
    }
  };
  const protocols =
    box.protocol !== undefined ? [box.protocol] : protocolChoices;
  // The first corner takes host 1 rather than the network address, as a person would test.
  const corners: [number, number][] = [
    [
      (box.source.address | (box.source.wildcard & 1)) >>> 0,
      (box.destination.address | (box.destination.wildcard & 1)) >>> 0,
    ],
    [box.source.address, box.destination.address],
    [
      (box.source.address | box.source.wildcard) >>> 0,
      (box.destination.address | box.destination.wildcard) >>> 0,
    ],
    [
      (box.source.address | (box.source.wildcard & 0x55555555)) >>> 0,
      (box.destination.address | (box.destination.wildcard & 0x55555555)) >>> 0,
    ],
  ];
  // Every packet below keeps its addresses inside the box (escapes flip bits the box leaves
  // free), so rules whose addresses miss the box can never be hit: test only the others. A hub's
  // NAT ACL holds an exemption per tunnel, of which one or two meet a given box.
  const reachable = avoid.filter(
    (r) =>
      wildcardsIntersect(r.source, box.source) &&
      wildcardsIntersect(r.destination, box.destination),
  );
  for (const protocol of protocols) {
    for (const [source, destination] of corners) {
      const start = withPorts(box, { protocol, source, destination });
      push(start);
      let p = start;
      // Step out of each deny that still matches; a few passes settle the usual ACLs.
      for (let pass = 0; p && pass <= avoid.length && pass < 64; pass++) {
        const hit = reachable.find((r) => ruleMatches(r, p!));
        if (!hit) {
          break;
        }
        p = escape(box, p, hit);
        push(p);
      }
    }
  }
  return out;
}
