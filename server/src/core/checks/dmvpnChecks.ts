import { pushAt } from "../collections/multiMap";
import { isHub, isMultipoint, serverNbma } from "../config/dmvpn";
import type { ConfigModel, Interface, NhrpServer } from "../config/model";
import { interfaceKey } from "../config/parser";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import { insertChild, interfaceCli, replaceLine } from "../fixes/configEdits";
import { choice, snippetToCli } from "../fixes/snippets";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import { featureStatus, RELEASE_FEATURES } from "../knowledge/iosReleases";
import { relatedLine } from "./support/checkSupport";
import type { ConfigCheck } from "./check";

/**
 * DMVPN on one router: a multipoint GRE tunnel works only with NHRP running on it, each hub it
 * registers to reachable at a known NBMA address, multicast copied where routing hellos must go,
 * and, when tunnels share a source and an IPsec profile, the profile marked `shared`.
 */
export const dmvpnChecks: ConfigCheck = {
  id: "dmvpnChecks",
  run(model) {
    const tunnels = model.interfaces.filter(
      (i) => isMultipoint(i) && !i.shutdown,
    );
    const out: Finding[] = [];
    for (const iface of tunnels) {
      out.push(...networkId(model, iface));
      out.push(...unmappedServers(model, iface));
      out.push(...multicast(model, iface));
    }
    out.push(...unsharedProtection(model));
    return out;
  },
};

function networkId(model: ConfigModel, iface: Interface): Finding[] {
  // NHRP for an IPv6 overlay (`ipv6 nhrp network-id`) runs the tunnel as well.
  if (iface.nhrp?.networkId || iface.nhrp6?.networkId) {
    return [];
  }
  return [
    {
      code: "nhrp-network-id-missing",
      range: iface.nameRange,
      message: `${iface.name} is a multipoint GRE tunnel without \`ip nhrp network-id\`: NHRP does not run on it, so it learns no peer's NBMA address, ${iface.nhrp?.servers.length ? "never registers to its hub" : "accepts no spoke's registration"} and sends nothing${iface.tunnel.protection ? " (IPsec never starts either)" : ""}. Add \`ip nhrp network-id 1\` (the number is local to this router).`,
      fixes: [
        {
          title: `Turn NHRP on for ${iface.name} (ip nhrp network-id 1)`,
          isPreferred: true,
          edits: [insertChild(model.tree, iface.node, "ip nhrp network-id 1")],
          cli: interfaceCli(iface, ["ip nhrp network-id 1"]),
        },
      ],
    },
  ];
}

/** `ip nhrp nhs X` with no NBMA address for X: the registration has nowhere to go. */
function unmappedServers(model: ConfigModel, iface: Interface): Finding[] {
  const out: Finding[] = [];
  // A host name NBMA is resolved by DNS: the spoke knows where to go.
  const unmapped = (iface.nhrp?.servers ?? []).filter(
    (server) =>
      server.address !== undefined &&
      server.nbmaName === undefined &&
      !serverNbma(iface, server),
  );
  for (const server of unmapped) {
    if (server.address === undefined) {
      continue;
    }
    const hub = formatIpv4(server.address);
    const known = unmappedMulticastNbma(iface);
    // A spoke copies multicast to its hub: with one server unmapped and one multicast address
    // no mapping claims, that address is the hub's NBMA, so the fix writes it.
    const proven =
      known.length === 1 && unmapped.length === 1 ? known[0] : undefined;
    const line = `ip nhrp map ${hub} ${proven !== undefined ? formatIpv4(proven) : choice(1, known.map(formatIpv4), "hub NBMA address")}`;
    out.push({
      code: "nhrp-nhs-unmapped",
      range: nodeRange(server.node),
      message: `${iface.name} registers to next-hop server ${hub}, but nothing says at which NBMA (outside) address ${hub} is reached: no \`ip nhrp map ${hub} <nbma>\` and no \`nbma\` on this line. The spoke never sends its registration, IKE toward the hub never starts, and \`show dmvpn\` lists no peer. Map the hub's tunnel address to the address of its tunnel source.`,
      fixes: [
        {
          title: `Map next-hop server ${hub} to ${proven !== undefined ? `NBMA address ${formatIpv4(proven)}` : "its NBMA address"}`,
          isPreferred: true,
          snippet: proven === undefined || undefined,
          edits: [insertChild(model.tree, iface.node, line)],
          cli: interfaceCli(iface, [snippetToCli(line)]),
        },
      ],
    });
  }
  return out;
}

/**
 * The addresses `ip nhrp map multicast` copies multicast to that no mapping of a next-hop server
 * already names: on a spoke, where its unmapped hub is reached.
 */
function unmappedMulticastNbma(iface: Interface): number[] {
  const nhrp = iface.nhrp;
  if (!nhrp) {
    return [];
  }
  const claimed = new Set<number>(
    nhrp.servers.flatMap((s) => {
      const known = serverNbma(iface, s);
      return known ? [known.nbma] : [];
    }),
  );
  const out: number[] = [];
  for (const m of nhrp.multicast) {
    if (m.nbma !== undefined && !claimed.has(m.nbma) && !out.includes(m.nbma)) {
      out.push(m.nbma);
    }
  }
  return out;
}

const MULTICAST_ROUTING = new Set(["eigrp", "ospf", "rip"]);

/**
 * True when a routing protocol that finds its neighbours by multicast runs on the interface: a
 * `network` line of its process covers one of the interface's addresses, or the interface has
 * `ip ospf N area A`.
 */
function runsMulticastRouting(model: ConfigModel, iface: Interface): boolean {
  if (
    iface.node.children.some((c) => {
      const w = c.words.map((t) => t.text.toLowerCase());
      return !c.negated && w[0] === "ip" && w[1] === "ospf" && w[3] === "area";
    })
  ) {
    return true;
  }
  const addresses = iface.addresses.map((a) => a.address);
  if (!addresses.length) {
    return false;
  }
  return model.routerProcesses.some(
    (p) =>
      MULTICAST_ROUTING.has(p.protocol) &&
      someLine(p.node, (line) => networkCovers(line, addresses)),
  );
}

function someLine(
  node: ConfigNode,
  test: (line: ConfigNode) => boolean,
): boolean {
  return node.children.some((c) => test(c) || someLine(c, test));
}

/** True when a `network A [WILDCARD]` line covers one of the addresses (classful without a wildcard). */
function networkCovers(line: ConfigNode, addresses: number[]): boolean {
  const w = line.words;
  if (line.negated || w[0]?.text.toLowerCase() !== "network") {
    return false;
  }
  const network = parseIpv4(w[1]?.text ?? "");
  if (network === undefined) {
    return false;
  }
  const wildcard = parseIpv4(w[2]?.text ?? "") ?? classfulWildcard(network);
  const care = ~wildcard >>> 0;
  return addresses.some((a) => (a & care) >>> 0 === (network & care) >>> 0);
}

function classfulWildcard(network: number): number {
  const first = network >>> 24;
  return first < 128 ? 0x00ffffff : first < 192 ? 0x0000ffff : 0x000000ff;
}

/**
 * Routing hellos over mGRE are copied only to the NBMA addresses `ip nhrp map multicast` names:
 * a hub needs `dynamic` (each registered spoke; judged only where the release does not imply
 * it), a spoke its hubs.
 */
function multicast(model: ConfigModel, iface: Interface): Finding[] {
  const nhrp = iface.nhrp;
  if (!nhrp?.networkId || !runsMulticastRouting(model, iface)) {
    return [];
  }
  const copied = (nbma: number) =>
    nhrp.multicast.some((m) => m.nbma === nbma) ||
    nhrp.servers.some(
      (s) => s.multicast && serverNbma(iface, s)?.nbma === nbma,
    );
  if (isHub(iface)) {
    const implicit = featureStatus(
      RELEASE_FEATURES.nhrpMulticastDynamicImplicit,
      model.version,
    );
    if (implicit !== "no" || nhrp.multicast.some((m) => m.dynamic)) {
      return [];
    }
    const line = "ip nhrp map multicast dynamic";
    return [
      {
        code: "nhrp-multicast-missing",
        range: nodeRange(nhrp.networkId.node),
        message: `${iface.name} is a DMVPN hub running a routing protocol that finds neighbours by multicast, but without \`${line}\` it sends its hellos to no spoke: the tunnels come up, the neighbours never do, and no route is learnt over the cloud. Add \`${line}\`.`,
        fixes: [
          {
            title: `Copy multicast to every registered spoke on ${iface.name}`,
            isPreferred: true,
            edits: [insertChild(model.tree, iface.node, line)],
            cli: interfaceCli(iface, [line]),
          },
        ],
      },
    ];
  }
  const out: Finding[] = [];
  // Multicast copied to an NBMA address no server is mapped to: with one server, one of the two
  // addresses is most likely mistyped.
  const hubs = new Set(
    nhrp.servers.flatMap((srv) => {
      const hub = serverNbma(iface, srv);
      return hub ? [hub.nbma] : [];
    }),
  );
  const strays = nhrp.multicast.filter(
    (m) => m.nbma !== undefined && !hubs.has(m.nbma),
  );
  for (const server of nhrp.servers) {
    const hub = serverNbma(iface, server);
    if (!hub || copied(hub.nbma)) {
      continue;
    }
    const stray = nhrp.servers.length === 1 ? strays[0] : undefined;
    if (stray) {
      out.push(mismatchedMulticast(iface, server, hub, stray));
      continue;
    }
    const line = `ip nhrp map multicast ${formatIpv4(hub.nbma)}`;
    out.push({
      code: "nhrp-multicast-missing",
      range: nodeRange(server.node),
      message: `${iface.name} runs a routing protocol that finds neighbours by multicast, but copies no multicast to its hub at ${formatIpv4(hub.nbma)}: without \`${line}\` (or \`multicast\` on the \`ip nhrp nhs\` line) the spoke's hellos never reach the hub, and the neighbourship over the tunnel never forms. Add \`${line}\`.`,
      fixes: [
        {
          title: `Copy multicast to the hub ${formatIpv4(hub.nbma)} on ${iface.name}`,
          isPreferred: true,
          edits: [insertChild(model.tree, iface.node, line)],
          cli: interfaceCli(iface, [line]),
        },
      ],
    });
  }
  return out;
}

/**
 * A spoke whose next-hop server is mapped to one NBMA address and whose multicast goes to
 * another: one of them is mistyped. Either the spoke registers with an address where no hub
 * answers, or its hellos go to one: both fixes are offered, neither preferred.
 */
function mismatchedMulticast(
  iface: Interface,
  server: NhrpServer,
  hub: { nbma: number; node: ConfigNode },
  stray: { nbma?: number; node: ConfigNode },
): Finding {
  const mapped = formatIpv4(hub.nbma);
  const other = formatIpv4(stray.nbma!);
  const serverText =
    server.address !== undefined ? formatIpv4(server.address) : "its server";
  const fixes: Fix[] = [
    {
      title: `Copy multicast to ${mapped}, the address the server is mapped to`,
      edits: [replaceLine(stray.node, stray.node.text.replace(other, mapped))],
      cli: interfaceCli(iface, [
        `no ${stray.node.text.trim()}`,
        `ip nhrp map multicast ${mapped}`,
      ]),
    },
  ];
  if (hub.node !== server.node || server.nbma !== undefined) {
    fixes.push({
      title: `Map the server ${serverText} to ${other}, the address multicast goes to`,
      edits: [replaceLine(hub.node, hub.node.text.replace(mapped, other))],
      cli: interfaceCli(iface, [
        `no ${hub.node.text.trim()}`,
        hub.node.text.trim().replace(mapped, other),
      ]),
    });
  }
  return {
    code: "nhrp-multicast-missing",
    range: nodeRange(hub.node),
    message: `${iface.name} maps its next-hop server ${serverText} to NBMA address ${mapped} (\`${hub.node.text.trim()}\`) but copies multicast to ${other} (\`${stray.node.text.trim()}\`): one of the two addresses is most likely mistyped. If the hub is at ${other}, the spoke registers with an address where no hub answers and never joins the cloud (its tunnel to the hub never comes up); if it is at ${mapped}, its routing hellos go nowhere and no neighbourship forms. Verify the hub's address (\`show ip interface brief\` on the hub, \`show dmvpn\` on the spoke) and correct the wrong line.`,
    related: [relatedLine(stray.node, `multicast copied to ${other}`)],
    fixes,
  };
}

/**
 * Tunnels that share a source and an IPsec profile (dual-cloud DMVPN) must say `shared`: without
 * it each tunnel opens its own crypto socket for the same local address, and one tunnel's SAs
 * take the other's traffic or are torn down by it.
 */
function unsharedProtection(model: ConfigModel): Finding[] {
  const groups = new Map<string, Interface[]>();
  for (const iface of model.interfaces) {
    const t = iface.tunnel;
    if (!t.protection || !t.source || iface.shutdown) {
      continue;
    }
    const source =
      (t.source.interface && interfaceKey(t.source.interface.name)) ??
      (t.source.address !== undefined ? formatIpv4(t.source.address) : "");
    const key = `${source}|${t.protection.name}`;
    pushAt(groups, key, iface);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length < 2 || !group.some(isMultipoint)) {
      continue;
    }
    for (const iface of group) {
      const t = iface.tunnel;
      if (t.shared) {
        continue;
      }
      const others = group.filter((i) => i !== iface).map((i) => i.name);
      const node = t.protection!.node;
      const text = `${node.text.trimEnd()} shared`;
      out.push({
        code: "tunnel-protection-not-shared",
        range: nodeRange(node),
        message: `${iface.name} shares its tunnel source and IPsec profile ${t.protection!.name} with ${others.join(", ")}, but its \`tunnel protection\` line lacks \`shared\`: each tunnel then keeps crypto state of its own for the same local address, and one tunnel's SAs are torn down or used by the other, so one of the clouds drops. Add \`shared\` on every such tunnel (they also need different \`tunnel key\`s).`,
        related: group
          .filter((i) => i !== iface)
          .map((i) =>
            relatedLine(
              i.tunnel.protection!.node,
              `${i.name}: same source and profile`,
            ),
          ),
        fixes: [
          {
            title: `Mark ${iface.name}'s protection shared`,
            isPreferred: true,
            edits: [replaceLine(node, text)],
            cli: interfaceCli(iface, [text.trim()]),
          },
        ],
      });
    }
  }
  return out;
}
