import { owningInterface } from "../config/cryptoPeers";
import type { ConfigModel, Interface } from "../config/model";
import { interfaceNamed, routingView } from "../config/routingView";
import { nodeRange } from "../config/tree";
import { zoneFirewallView, zoneOf } from "../config/zoneFirewall";
import {
  crossing,
  mapTransits,
  NOT_A_LAN,
  policyDrop,
  transitAnchor,
  type MapTransit,
  type PolicyDrop,
} from "../config/zoneTransit";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import {
  freeName,
  insertLinesAfterLine,
  insertLinesBefore,
} from "../fixes/configEdits";
import { aclSideText } from "../config/aclText";
import { formatWildcard } from "../ipv4/address";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * The protected networks' own traffic crossing the zone-based firewall between the LAN and the
 * crypto interface or tunnel (`config/zoneTransit.ts` holds the ZBF facts and the pairing of
 * each crypto map interface with its LANs). Where a zone-pair exists its policy decides: a flow it
 * surely drops is reported on its `service-policy` line (the self zone, IKE and ESP, is
 * `zoneFirewallChecks`' business). A
 * protected tunnel has no ACL to name its LAN, so it is reported only when it can exchange
 * traffic with none of the router's other interfaces: then nothing it carries reaches a host.
 */
export const zoneTransitChecks: ConfigCheck = {
  id: "zoneTransitChecks",
  run(model) {
    return model.zones.length
      ? [...cryptoMapTransit(model), ...tunnelTransit(model)]
      : [];
  },
};

const CODE = "zone-firewall-blocks-protected-traffic";

function cryptoMapTransit(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  for (const group of mapTransits(model)) {
    const finding = mapFinding(model, group);
    if (finding) {
      out.push(finding);
    }
    const outbound = policyDrop(model, group, "outbound");
    if (outbound) {
      out.push(policyFinding(model, group, outbound, "outbound"));
    }
    const inbound = policyDrop(model, group, "inbound");
    if (inbound) {
      out.push(policyFinding(model, group, inbound, "inbound"));
    }
  }
  return out;
}

/**
 * A zone-pair between the LAN's zone and the crypto interface's whose policy drops protected
 * flows: every kind of packet of each named flow meets a dropping class (class-default, unless a
 * class says `drop`). On the LAN's way out that traffic never reaches the map (an error when it
 * is all of it); on the way in the peer's hosts cannot start connections, as with a missing
 * zone-pair in that direction (information, since a design may want it).
 */
function policyFinding(
  model: ConfigModel,
  g: MapTransit,
  drop: PolicyDrop,
  direction: "outbound" | "inbound",
): Finding {
  const outbound = direction === "outbound";
  const flows = flowsOf(drop.flows, outbound);
  const by = drop.decidedBy
    ? `class ${drop.decidedBy.classMap?.name ?? "class-default"} drops it`
    : "no class matches it, and class-default drops what none matches";
  const pair = `Zone-pair ${drop.pair.name} (${drop.pair.source} → ${drop.pair.destination})`;
  const message = outbound
    ? `${pair} applies policy-map ${drop.policy}, which drops the traffic crypto map ${g.map} protects (${flows}: ${by}): ${drop.all ? `none of the LAN's protected traffic reaches ${g.crypto.name} to be encrypted, so the tunnel carries none of it and this router never starts it` : `that part of the LAN's protected traffic never reaches ${g.crypto.name} to be encrypted`}.`
    : `${pair} applies policy-map ${drop.policy}, which drops what the peer's hosts send through the tunnel after decryption (${flows}: ${by}): they cannot start connections toward ${g.lan.name}${policyDrop(model, g, "outbound")?.all ? "" : "; only replies to sessions the LAN starts come back. Inspect that traffic in " + drop.policy + " if both sides must start connections"}.`;
  const fixes = drop.decidedBy ? [] : classFix(model, g, drop, outbound);
  return {
    code: CODE,
    range: nodeRange(drop.pair.servicePolicy?.node ?? drop.pair.node),
    ...(outbound
      ? drop.all
        ? {}
        : { severity: "warning" as const }
      : {
          severity: "information" as const,
        }),
    message,
    related: [
      relatedLine(drop.pair.node, `zone-pair ${drop.pair.name}`),
      ...(drop.decidedBy
        ? [relatedLine(drop.decidedBy.node, "the class that drops it")]
        : []),
      ...drop.flows
        .slice(0, 3)
        .map((f) => relatedLine(f.node, "protected traffic of the crypto map")),
    ],
    fixes,
  };
}

/** Flows as `local → remote` (or the other way), at most three. */
function flowsOf(flows: MapTransit["flows"], outbound: boolean): string {
  const shown = flows
    .slice(0, 3)
    .map((f) =>
      outbound
        ? `${aclSideText(f.local)} → ${aclSideText(f.remote)}`
        : `${aclSideText(f.remote)} → ${aclSideText(f.local)}`,
    );
  return (
    shown.join(", ") + (flows.length > 3 ? ` and ${flows.length - 3} more` : "")
  );
}

/**
 * A class that inspects the dropped flows, added to the policy-map before class-default: an ACL
 * of the flows and its class-map above the policy-map, the class inside it. At the console, a
 * class entered in an existing policy-map goes last before class-default, which is where it must
 * be (the fix is offered only when class-default is what drops).
 */
function classFix(
  model: ConfigModel,
  g: MapTransit,
  drop: PolicyDrop,
  outbound: boolean,
): Fix[] {
  const sections = zoneFirewallView(model).policyMaps.get(drop.policy);
  const section = sections?.[sections.length - 1];
  if (!section) {
    return [];
  }
  const taken = new Set<string>(model.acls.keys());
  const base = `VPN-${drop.pair.source}-${drop.pair.destination}`;
  const acl = freeName((n) => taken.has(n), `${base}-ACL`);
  const cm = freeName(
    (n) => zoneFirewallView(model).classMaps.has(n),
    `${base}-CM`,
  );
  const definitions = flowClass(acl, cm, drop.flows, !outbound);
  const inClass = [` class type inspect ${cm}`, `  inspect`];
  const classDefault = section.classes.find((c) => !c.classMap);
  return [
    {
      title: `Inspect the protected traffic of crypto map ${g.map} in policy-map ${drop.policy}`,
      edits: [
        insertLinesBefore(model.tree, section.node, definitions),
        classDefault
          ? insertLinesBefore(model.tree, classDefault.node, inClass)
          : insertLinesAfterLine(model.tree, section.node.lastLine, inClass),
      ],
      isPreferred: true,
      cli: [
        ...definitions,
        `policy-map type inspect ${drop.policy}`,
        ...inClass,
      ],
    },
  ];
}

function mapFinding(model: ConfigModel, g: MapTransit): Finding | undefined {
  // Decrypted traffic goes from the crypto interface to the LAN; the LAN's traffic the other way.
  const c = crossing(model, g.crypto, g.lan);
  const anchor = transitAnchor(model, g);
  if (!anchor || c.kind === "open") {
    return undefined;
  }
  const sides = flowsText(g);
  const related: RelatedInfo[] = [
    ...g.flows
      .slice(0, 3)
      .map((f) => relatedLine(f.node, "protected traffic of the crypto map")),
    ...zoneLines([g.crypto, g.lan]),
  ];
  if (c.kind === "member-vs-none") {
    return {
      code: CODE,
      range: nodeRange(anchor),
      message: `${c.zoned.name} is in zone ${zoneOf(model, c.zoned)} but ${c.unzoned.name} is in no zone, and the zone-based firewall never passes traffic between a zone member and an interface outside every zone: the traffic crypto map ${g.map} protects (${sides}) is dropped both ways between ${g.lan.name} and ${g.crypto.name}, so the tunnel may come up but carries nothing.`,
      related,
      fixes: [],
    };
  }
  const cryptoZone = zoneOf(model, g.crypto)!;
  const lanZone = zoneOf(model, g.lan)!;
  const missing = [
    ...(c.forward ? [] : [[cryptoZone, lanZone] as const]),
    ...(c.backward ? [] : [[lanZone, cryptoZone] as const]),
  ];
  const fixes = inspectFix(model, g, missing);
  if (!c.forward && !c.backward) {
    return {
      code: CODE,
      range: nodeRange(anchor),
      message: `No zone-pair joins zones ${cryptoZone} (${g.crypto.name}, crypto map ${g.map}) and ${lanZone} (${g.lan.name}) in either direction, and the zone-based firewall drops traffic between zones unless a zone-pair's policy passes it: the protected traffic (${sides}) never reaches the tunnel from the LAN, and what the peer sends through the tunnel is dropped after decryption.`,
      related,
      fixes,
    };
  }
  // `forward` runs from the crypto interface's zone to the LAN's: the peer's side starting.
  const existing = (c.forward ?? c.backward)!;
  const [from, to] = c.forward ? [lanZone, cryptoZone] : [cryptoZone, lanZone];
  const who = c.forward
    ? `hosts of the local network cannot start connections through the tunnel (their packets are dropped on the way from ${g.lan.name} to ${g.crypto.name}, before encryption)`
    : `hosts of the remote network cannot start connections toward ${g.lan.name} (their packets are dropped after decryption)`;
  return {
    code: CODE,
    range: nodeRange(anchor),
    severity: "information",
    message: `Zone-pair ${existing.name} (${existing.source} → ${existing.destination}) has no counterpart from zone ${from} to zone ${to}: for the traffic crypto map ${g.map} protects (${sides}), ${who}; only replies to sessions ${existing.name} inspects get through. Add a zone-pair from ${from} to ${to} if both sides must start connections.`,
    related: [
      relatedLine(existing.node, `zone-pair ${existing.name}`),
      ...related,
    ],
    fixes,
  };
}

/** The flows as short text: `10.1.0.0/24 ↔ 10.2.0.0/24`, at most three. */
function flowsText(g: MapTransit): string {
  const shown = g.flows
    .slice(0, 3)
    .map((f) => `${aclSideText(f.local)} ↔ ${aclSideText(f.remote)}`);
  const more = g.flows.length > 3 ? ` and ${g.flows.length - 3} more` : "";
  return shown.join(", ") + more;
}

function zoneLines(ifaces: readonly Interface[]): RelatedInfo[] {
  return ifaces.flatMap((i) =>
    i.zone
      ? [relatedLine(i.zone.node, `${i.name} is in zone ${i.zone.name}`)]
      : [],
  );
}

/**
 * Inspects the protected traffic across each missing zone-pair: an ACL of the traffic in that
 * direction, a class-map of the ACL, a policy-map that inspects it (replies come back through the
 * session) and the zone-pair with the policy. Written before the first zone-pair, after the
 * definitions they name, the order IOS needs them in.
 */
function inspectFix(
  model: ConfigModel,
  g: MapTransit,
  missing: readonly (readonly [string, string])[],
): Fix[] {
  const lines: string[] = [];
  const taken = new Set<string>([
    ...model.acls.keys(),
    ...model.zonePairs.map((p) => p.name),
  ]);
  // Names are taken as they are chosen: the two directions' objects must differ too.
  const free = (base: string): string => {
    const name = freeName((n) => taken.has(n), base);
    taken.add(name);
    return name;
  };
  for (const [source, destination] of missing) {
    const inbound = source === zoneOf(model, g.crypto);
    const base = `VPN-${source}-${destination}`;
    const acl = free(`${base}-ACL`);
    const cm = free(`${base}-CM`);
    const pm = free(`${base}-PM`);
    const pair = free(`${source}-${destination}`);
    lines.push(
      ...flowClass(acl, cm, g.flows, inbound),
      `policy-map type inspect ${pm}`,
      ` class type inspect ${cm}`,
      `  inspect`,
      `zone-pair security ${pair} source ${source} destination ${destination}`,
      ` service-policy type inspect ${pm}`,
    );
  }
  const first = model.zonePairs[0];
  const edit = first
    ? insertLinesBefore(model.tree, first.node, lines)
    : insertLinesAfterLine(model.tree, lastZoneLine(model), lines);
  const directions = missing.map(([s, d]) => `${s} → ${d}`).join(" and ");
  return [
    {
      title: `Inspect the protected traffic of crypto map ${g.map} from zone ${directions}`,
      edits: [edit],
      isPreferred: true,
      cli: lines,
    },
  ];
}

/**
 * An extended ACL of the protected flows (the peer's side as source when `inbound`, the traffic
 * after decryption) and an inspect class-map that matches it.
 */
function flowClass(
  acl: string,
  cm: string,
  flows: MapTransit["flows"],
  inbound: boolean,
): string[] {
  return [
    `ip access-list extended ${acl}`,
    ...flows.map((f) =>
      inbound
        ? ` permit ${f.protocol} ${formatWildcard(f.remote)} ${formatWildcard(f.local)}`
        : ` permit ${f.protocol} ${formatWildcard(f.local)} ${formatWildcard(f.remote)}`,
    ),
    `class-map type inspect match-any ${cm}`,
    ` match access-group name ${acl}`,
  ];
}

function lastZoneLine(model: ConfigModel): number {
  return Math.max(...model.zones.map((z) => z.node.lastLine));
}

/**
 * A protected tunnel that can exchange traffic with none of the router's other interfaces: every
 * one of them is cut off from it by zone membership or by the lack of any zone-pair. Loopbacks are
 * the router's own (the self zone) and other tunnels and the tunnel's transport are left out.
 */
function tunnelTransit(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  // Listed once: a hub has thousands of tunnels and a few LANs.
  const lans = model.interfaces.filter(
    (i) =>
      !i.shutdown &&
      i.addresses.length > 0 &&
      !NOT_A_LAN.test(i.key) &&
      !i.tunnel.protection,
  );
  for (const tunnel of model.interfaces) {
    if (!tunnel.tunnel.protection || tunnel.shutdown) {
      continue;
    }
    const transport = transportOf(model, tunnel);
    const others = lans.filter(
      (i) => (i.vrf ?? "") === (tunnel.vrf ?? "") && !transport.has(i),
    );
    if (!others.length) {
      continue;
    }
    const reachable = others.some((o) => {
      const c = crossing(model, tunnel, o);
      return (
        c.kind === "open" || (c.kind === "zones" && (c.forward || c.backward))
      );
    });
    if (reachable) {
      continue;
    }
    const names = others
      .slice(0, 4)
      .map((o) => `${o.name} (${zoneOf(model, o) ?? "no zone"})`);
    const more = others.length > 4 ? ` and ${others.length - 4} more` : "";
    const zone = zoneOf(model, tunnel);
    const why =
      zone === undefined
        ? `${tunnel.name} is in no zone while ${names.join(", ")}${more} ${others.length === 1 ? "is a zone member" : "are zone members"}, and the zone-based firewall never passes traffic between a zone member and an interface outside every zone`
        : `${tunnel.name} is in zone ${zone}, and no zone-pair joins it with the zones of ${names.join(", ")}${more} in either direction`;
    const lanZone = others
      .map((o) => zoneOf(model, o))
      .find((z) => z !== undefined);
    const fixes: Fix[] =
      zone === undefined && lanZone !== undefined
        ? [
            {
              title: `Put ${tunnel.name} in zone ${lanZone}`,
              edits: [
                insertLinesAfterLine(model.tree, tunnel.node.lastLine, [
                  ` zone-member security ${lanZone}`,
                ]),
              ],
              cli: [
                `interface ${tunnel.name}`,
                ` zone-member security ${lanZone}`,
              ],
            },
          ]
        : [];
    out.push({
      code: CODE,
      range: nodeRange(tunnel.zone?.node ?? tunnel.tunnel.protection.node),
      message: `${why}: nothing routed into ${tunnel.name} can come from a host behind this router, and nothing decrypted from it reaches one. The tunnel may come up (IKE and ESP are the router's own traffic) but carries no user traffic. Put the tunnel in a zone and join it to the LAN's zone with zone-pairs (or in the LAN's own zone).`,
      related: zoneLines(others.slice(0, 4)),
      fixes,
    });
  }
  return out;
}

/** The interfaces a tunnel's packets use outside: its source interface and the route to its destination. */
function transportOf(model: ConfigModel, tunnel: Interface): Set<Interface> {
  const out = new Set<Interface>();
  const source = tunnel.tunnel.source;
  const named = interfaceNamed(model, source?.interface?.name);
  if (named) {
    out.add(named);
  }
  const owner =
    source?.address === undefined
      ? undefined
      : owningInterface(model, source.address);
  if (owner) {
    out.add(owner);
  }
  const destination = tunnel.tunnel.destination?.address;
  if (destination !== undefined) {
    const lookup = routingView(model, tunnel.tunnel.vrf?.name).lookup(
      destination,
    );
    for (const exit of lookup?.exits ?? []) {
      out.add(exit);
    }
  }
  return out;
}
