import type {
  AclEntry,
  ConfigModel,
  CryptoMapEntry,
  InspectPolicyClass,
  Interface,
  ZonePair,
} from "./model";
import { cryptoView, entryAcl, ownsAddress } from "./cryptoPeers";
import { localNetworkOf } from "./localNetworks";
import { routingView } from "./routingView";
import type { ConfigNode } from "./tree";
import { evaluatePolicy, zoneOf } from "./zoneFirewall";
import { protocolAndPortsMatch, type Packet } from "../ipv4/acl";
import type { WildcardMatch } from "../ipv4/address";
import { PROTO } from "../knowledge/protocols";

/**
 * Where the protected networks' own traffic crosses the zone-based firewall: the crypto map
 * interface (where decrypted packets enter and cleartext leaves encrypted) against the LAN
 * interface of each crypto ACL line's local network. Read by `zoneTransitChecks` (the finding)
 * and by the tunnel report (an end whose LAN traffic never reaches its map never starts the
 * tunnel). Three facts of the ZBF decide first: an interface in a zone and one in no zone never
 * exchange traffic; between two different zones nothing passes without a zone-pair in that
 * direction (an inspected session's replies come back on their own); two interfaces of one zone
 * exchange traffic freely. Where a zone-pair exists, its policy decides (`policyDrop`).
 */

/** Whether traffic can go from one interface to another, by zone membership and zone-pairs alone. */
export type Crossing =
  | { kind: "open" }
  /** One interface in a zone, the other in none: nothing passes either way. */
  | { kind: "member-vs-none"; zoned: Interface; unzoned: Interface }
  /** Different zones, with the zone-pair written in each direction, when any. */
  | { kind: "zones"; forward?: ZonePair; backward?: ZonePair };

export function crossing(
  model: ConfigModel,
  from: Interface,
  to: Interface,
): Crossing {
  const a = zoneOf(model, from);
  const b = zoneOf(model, to);
  if (a === b) {
    return { kind: "open" };
  }
  if (a === undefined || b === undefined) {
    return a === undefined
      ? { kind: "member-vs-none", zoned: to, unzoned: from }
      : { kind: "member-vs-none", zoned: from, unzoned: to };
  }
  return {
    kind: "zones",
    forward: zonePair(model, a, b),
    backward: zonePair(model, b, a),
  };
}

function zonePair(
  model: ConfigModel,
  source: string,
  destination: string,
): ZonePair | undefined {
  return model.zonePairs.find(
    (p) => p.source === source && p.destination === destination,
  );
}

/** One crypto map interface, one LAN interface, and the ACL lines whose traffic goes between them. */
export interface MapTransit {
  map: string;
  crypto: Interface;
  lan: Interface;
  /** The ACL lines already in `flows` (a line with object groups holds several entries). */
  lines: Set<ConfigNode>;
  /** Local and remote sides of the protected traffic, one per ACL line (deduplicated). */
  flows: {
    local: WildcardMatch;
    remote: WildcardMatch;
    /** The ACL line's protocol word (`ip`, `tcp`...), which the fix's ACL keeps. */
    protocol: string;
    node: ConfigNode;
  }[];
  /** Every crypto map entry and ACL line of the group (an ACL shared by entries repeats lines). */
  protects: { entry: CryptoMapEntry; line: AclEntry }[];
}

/** The crypto map interfaces and LANs the protected traffic goes between, once per model. */
export function mapTransits(model: ConfigModel): readonly MapTransit[] {
  let transits = TRANSITS.get(model);
  if (!transits) {
    transits = model.zones.length ? buildTransits(model) : [];
    TRANSITS.set(model, transits);
  }
  return transits;
}
const TRANSITS = new WeakMap<ConfigModel, readonly MapTransit[]>();

function buildTransits(model: ConfigModel): MapTransit[] {
  const view = cryptoView(model);
  const groups = new Map<string, MapTransit>();
  for (const { map, entry } of view.entries) {
    if (entry.isDynamicMapEntry || entry.mode === "gdoi") {
      continue;
    }
    const acl = entryAcl(model, entry);
    if (!acl || acl.kind !== "extended") {
      continue;
    }
    for (const app of view.applications.get(map.name) ?? []) {
      for (const e of acl.entries) {
        // GRE and the router's own addresses are its own traffic (the self zone), not transit.
        if (
          e.action !== "permit" ||
          e.source.wildcard === 0xffffffff ||
          e.protocol === PROTO.GRE ||
          (e.source.wildcard === 0 && ownsAddress(model, e.source.address))
        ) {
          continue;
        }
        const lan = lanOf(model, app.iface, e.source);
        if (!lan || lan === app.iface || NOT_A_LAN.test(lan.key)) {
          continue;
        }
        const key = `${map.name}|${app.iface.key}|${lan.key}`;
        let group = groups.get(key);
        if (!group) {
          group = {
            map: map.name,
            crypto: app.iface,
            lan,
            flows: [],
            lines: new Set(),
            protects: [],
          };
          groups.set(key, group);
        }
        group.protects.push({ entry, line: e });
        if (!group.lines.has(e.node)) {
          group.lines.add(e.node);
          group.flows.push({
            local: e.source,
            remote: e.destination,
            protocol: e.protocolWord,
            node: e.node,
          });
        }
      }
    }
  }
  return [...groups.values()];
}

/**
 * The LAN's protected traffic the firewall drops on its way to the crypto map interface, which
 * then never meets the map (not encrypted, and never a trigger for IKE): all of it between a zone
 * member and an interface in no zone, or two zones without a zone-pair from the LAN's to the
 * crypto interface's; the flows the policy of that zone-pair drops otherwise (`policy`). `node` is
 * the line a finding about it sits on; `lines` the crypto ACL lines dropped (absent: every one).
 */
export function lanDrop(
  model: ConfigModel,
  t: MapTransit,
):
  | { node: ConfigNode; lines?: ReadonlySet<ConfigNode>; policy?: PolicyDrop }
  | undefined {
  const c = crossing(model, t.crypto, t.lan);
  if (c.kind === "member-vs-none" || (c.kind === "zones" && !c.backward)) {
    return { node: transitAnchor(model, t)! };
  }
  const drop = policyDrop(model, t, "outbound");
  return drop
    ? {
        node: drop.pair.servicePolicy?.node ?? drop.pair.node,
        policy: drop,
        ...(drop.all ? {} : { lines: new Set(drop.flows.map((f) => f.node)) }),
      }
    : undefined;
}

/**
 * Packets standing for what a protected flow carries, in the ACL line's direction (local to
 * remote): ping, the usual TCP services and UDP ones, from an ephemeral port. A policy is said to
 * drop a flow only when it drops every one of these the flow's line permits.
 */
const EPHEMERAL_PORT = 49152;
const SAMPLE_PACKETS: readonly Omit<Packet, "source" | "destination">[] = [
  { protocol: PROTO.ICMP },
  ...[22, 23, 25, 80, 443, 445, 3389, 8080].map((destinationPort) => ({
    protocol: PROTO.TCP,
    sourcePort: EPHEMERAL_PORT,
    destinationPort,
  })),
  ...[53, 123, 161, 514].map((destinationPort) => ({
    protocol: PROTO.UDP,
    sourcePort: EPHEMERAL_PORT,
    destinationPort,
  })),
];

/**
 * Protected flows that a zone-pair joining the two zones drops by its policy: `outbound`, the
 * LAN's traffic on its way to the crypto interface (the zone-pair from the LAN's zone); `inbound`,
 * the peer's decrypted traffic on its way to the LAN. Only a verdict the policy gives for sure
 * counts (a class the model cannot read leaves the flow alone); a zone-pair without a
 * `service-policy` is not judged.
 */
export interface PolicyDrop {
  pair: ZonePair;
  policy: string;
  /** The ACL lines whose flows are dropped, in the transit's order. */
  flows: MapTransit["flows"];
  /** The class that drops the first of them; absent when class-default does. */
  decidedBy?: InspectPolicyClass;
  /** Every flow of the transit is dropped. */
  all: boolean;
}

export function policyDrop(
  model: ConfigModel,
  t: MapTransit,
  direction: "outbound" | "inbound",
): PolicyDrop | undefined {
  let cached = DROPS.get(t);
  if (!cached) {
    cached = {
      outbound: findPolicyDrop(model, t, "outbound"),
      inbound: findPolicyDrop(model, t, "inbound"),
    };
    DROPS.set(t, cached);
  }
  return cached[direction];
}
const DROPS = new WeakMap<
  MapTransit,
  Record<"outbound" | "inbound", PolicyDrop | undefined>
>();

function findPolicyDrop(
  model: ConfigModel,
  t: MapTransit,
  direction: "outbound" | "inbound",
): PolicyDrop | undefined {
  const c = crossing(model, t.crypto, t.lan);
  if (c.kind !== "zones") {
    return undefined;
  }
  const pair = direction === "outbound" ? c.backward : c.forward;
  const policy = pair?.servicePolicy?.name;
  if (!pair || policy === undefined) {
    return undefined;
  }
  const flows: MapTransit["flows"] = [];
  let decidedBy: InspectPolicyClass | undefined;
  for (const flow of t.flows) {
    const rules = t.protects
      .filter((p) => p.line.node === flow.node)
      .map((p) => p.line);
    // The peer's hosts start the same kinds of connection toward the LAN: the mirror of the
    // line must permit them (a line of one service toward the remote side permits none).
    const inbound = direction === "inbound";
    const packets = SAMPLE_PACKETS.map((sample) => ({
      ...sample,
      source: inbound ? flow.remote.address : flow.local.address,
      destination: inbound ? flow.local.address : flow.remote.address,
    })).filter((packet) =>
      rules.some((r) =>
        protocolAndPortsMatch(
          inbound
            ? {
                protocol: r.protocol,
                sourcePort: r.destinationPort,
                destinationPort: r.sourcePort,
              }
            : r,
          packet,
        ),
      ),
    );
    let first: InspectPolicyClass | undefined;
    const dropsAll =
      packets.length > 0 &&
      packets.every((packet, i) => {
        const verdict = evaluatePolicy(model, policy, packet);
        // A written `class class-default` decides like the implicit one.
        if (i === 0 && verdict.decidedBy?.classMap) {
          first = verdict.decidedBy;
        }
        return verdict.outcome === "drop";
      });
    if (dropsAll) {
      if (!flows.length) {
        decidedBy = first;
      }
      flows.push(flow);
    }
  }
  return flows.length
    ? {
        pair,
        policy,
        flows,
        ...(decidedBy ? { decidedBy } : {}),
        all: flows.length === t.flows.length,
      }
    : undefined;
}

/** The interface a local network is on, or the one the route toward it leaves by (one exit only). */
function lanOf(
  model: ConfigModel,
  crypto: Interface,
  local: WildcardMatch,
): Interface | undefined {
  const view = cryptoView(model);
  const connected = localNetworkOf(view, local);
  if (connected) {
    return connected.iface;
  }
  const table = routingView(model, crypto.vrf);
  const lookup = table.lookup(local.address);
  return lookup && lookup.exits.length === 1 ? lookup.exits[0] : undefined;
}

/**
 * The line a finding on a transit sits on: the zone-member line of the zoned side (a member
 * beside an interface in no zone), the LAN's zone-member line (zones no zone-pair joins), or the
 * one zone-pair written (one direction only). Undefined when the traffic crosses freely.
 */
export function transitAnchor(
  model: ConfigModel,
  t: MapTransit,
): ConfigNode | undefined {
  const c = crossing(model, t.crypto, t.lan);
  if (c.kind === "open" || (c.kind === "zones" && c.forward && c.backward)) {
    return undefined;
  }
  if (c.kind === "member-vs-none") {
    return c.zoned.zone?.node ?? t.crypto.node;
  }
  return (
    (c.forward ?? c.backward)?.node ??
    (t.lan.zone ?? t.crypto.zone)?.node ??
    t.lan.node
  );
}

/** Loopbacks (the router's own addresses), tunnels and templates, the null interface. */
export const NOT_A_LAN =
  /^(loopback|tunnel|virtual-template|virtual-access|null)/i;
