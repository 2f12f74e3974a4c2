import {
  isMultipointOverAny,
  staticNbmaPeers,
  templateCloned,
  virtualTemplatesByNumber,
} from "../config/dmvpn";
import type { ConfigModel, Interface, Reference } from "../config/model";
import { interfaceNamed, lookupIpv6, routingView } from "../config/routingView";
import { ipv6PrefixContains, type Ipv6Address } from "../ipv6/address";
import type { Finding, Fix } from "../diagnostics/finding";
import {
  appendTopLevel,
  deleteLine,
  freeName,
  indentOf,
  insertChild,
  interfaceCli,
  replaceLine,
  replaceRange,
} from "../fixes/configEdits";
import { flexvpnClientOf } from "../config/flexvpn";
import { interfaceDownReason } from "../config/interfaceState";
import { endpointText } from "../config/cryptoPeers";
import { nodeRange, startsWith } from "../config/tree";
import { relatedLine } from "./support/checkSupport";
import { choice, placeholder, snippetToCli } from "../fixes/snippets";
import {
  defaultTransformSetsStatus,
  RELEASE_FEATURES,
} from "../knowledge/iosReleases";
import type { ConfigCheck } from "./check";

/**
 * Protected tunnel interfaces that cannot come up: IOS keeps a tunnel's line protocol down until
 * it has a source, and a point-to-point one until it has a destination. The crypto analysis sees
 * no peer there at all, so without this family such a tunnel would pass in silence.
 */
export const tunnelChecks: ConfigCheck = {
  id: "tunnelChecks",
  run(model) {
    const out: Finding[] = [];
    for (const iface of model.interfaces) {
      const t = iface.tunnel;
      if (
        !t.protection &&
        t.mode?.startsWith("ipsec") &&
        !iface.shutdown &&
        iface.key.startsWith("tunnel")
      ) {
        out.push(unprotectedVti(model, iface));
        continue;
      }
      // A virtual template (dynamic VTI) has no destination by design: each clone gets its peer.
      if (!t.protection || iface.shutdown || !iface.key.startsWith("tunnel")) {
        continue;
      }
      const sourceName = t.source?.interface?.name;
      if (!t.source) {
        out.push(missingSource(model, iface));
      } else if (sourceName && !interfaceNamed(model, sourceName)) {
        out.push(missingSourceInterface(model, iface, t.source.interface!));
      } else if (
        sourceName &&
        interfaceDownReason(model, interfaceNamed(model, sourceName)!)
      ) {
        const source = interfaceNamed(model, sourceName)!;
        out.push(
          interfaceDownReason(model, source) === "shut down"
            ? shutSource(model, iface, source)
            : addresslessSource(model, iface, source),
        );
      } else if (!t.destination && !isMultipointOverAny(iface)) {
        out.push(missingDestination(model, iface));
      } else if (t.destination?.dynamic && !flexvpnClientOf(model, iface)) {
        out.push(noFlexvpnClient(model, iface));
      }
      const mismatch = familyMismatch(model, iface);
      if (mismatch) {
        out.push(mismatch);
      }
    }
    out.push(...virtualTemplates(model));
    out.push(...profilesWithoutTransformSet(model));
    return out;
  },
};

/**
 * An IKEv1 IPsec profile a tunnel uses that names no transform set: releases before the default
 * transform sets (12.4(20)T) have nothing to propose, so the tunnel negotiates no IPsec SA. As for
 * a crypto map entry, the severity follows how sure the version line makes that (an IKEv2 profile
 * runs a release that has the defaults).
 */
function profilesWithoutTransformSet(model: ConfigModel): Finding[] {
  const used = new Set<string>();
  for (const iface of model.interfaces) {
    if (iface.tunnel.protection && !iface.shutdown) {
      used.add(iface.tunnel.protection.name);
    }
  }
  const out: Finding[] = [];
  const feature = RELEASE_FEATURES.defaultTransformSets;
  const version = model.version?.text ?? "";
  const sets = model.transformSets.map((t) => t.name);
  for (const profile of model.ipsecProfiles) {
    if (
      profile.builtIn ||
      profile.transformSets.length ||
      !used.has(profile.name)
    ) {
      continue;
    }
    const status = defaultTransformSetsStatus(
      model.version,
      profile.ikev2Profile !== undefined,
    );
    if (status === "yes") {
      continue;
    }
    const why =
      status === "no"
        ? `IOS ${version} has no ${feature.description} (they came with ${feature.introduced}), so its tunnels negotiate no IPsec SA`
        : status === "maybe"
          ? `only ${feature.introduced} and later trains of IOS ${version} propose ${feature.description}; on older ones its tunnels negotiate no IPsec SA`
          : `the config has no version line: IOS before ${feature.introduced} has no ${feature.description} and its tunnels negotiate no IPsec SA, later releases propose theirs (which the peer must accept)`;
    const line = `set transform-set ${choice(1, sets, "transform-set")}`;
    out.push({
      code: "tunnel-incomplete",
      range: profile.nameRange,
      message: `IPsec profile ${profile.name} protects a tunnel but has no \`set transform-set\`: ${why}.`,
      severity:
        status === "no"
          ? undefined
          : status === "maybe"
            ? "warning"
            : "information",
      fixes: [
        {
          title: `Name a transform set in IPsec profile ${profile.name}`,
          isPreferred: true,
          snippet: true,
          edits: [insertChild(model.tree, profile.node, line)],
          cli: [profile.node.text.trim(), ` ${snippetToCli(line)}`],
        },
      ],
    });
  }
  return out;
}

/**
 * Dynamic VTIs: IOS clones a Virtual-Template for a peer only when the profile that selects the
 * peer names it (`virtual-template N`: an IKEv2 profile for FlexVPN, an isakmp profile for IKEv1).
 * A profile naming a template the config does not have, or a protected template no profile
 * names, leaves the peers without a tunnel: IKE completes, and the IPsec SA has no interface to
 * be bound to.
 */
function virtualTemplates(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  const templates = virtualTemplatesByNumber(model);
  const profiles = [
    ...model.ikev2Profiles.map((p) => ({ profile: p, kind: "IKEv2" })),
    ...model.isakmpProfiles.map((p) => ({ profile: p, kind: "isakmp" })),
  ];
  for (const { profile, kind } of profiles) {
    const vt = profile.virtualTemplate;
    if (!vt || templates.has(vt.number)) {
      continue;
    }
    const existing = [...templates.keys()];
    out.push({
      code: "undefined-reference",
      range: nodeRange(vt.node),
      message: `${kind === "IKEv2" ? "IKEv2" : "Isakmp"} profile ${profile.name} clones Virtual-Template${vt.number} for its peers, but the config has no \`interface Virtual-Template${vt.number} type tunnel\`: IOS has no template to clone, so its peers get no tunnel and their IPsec SAs fail.${existing.length ? ` Did you mean ${existing.map((n) => `Virtual-Template${n}`).join(" or ")}?` : ""}`,
      fixes: existing.slice(0, 3).map((n, i) => ({
        title: `Clone Virtual-Template${n} instead`,
        isPreferred: (i === 0 && existing.length === 1) || undefined,
        edits: [
          replaceLine(vt.node, `${indentOf(vt.node)}virtual-template ${n}`),
        ],
        cli: [profile.node.text.trim(), ` virtual-template ${n}`],
      })),
    });
  }
  for (const [number, iface] of templates) {
    const protection = iface.tunnel.protection;
    if (!protection || iface.shutdown || templateCloned(model, iface)) {
      continue;
    }
    const ipsec = model.ipsecProfiles.find((p) => p.name === protection.name);
    if (!ipsec) {
      continue;
    }
    const line = `virtual-template ${number}`;
    const ikev2 = ipsec.ikev2Profile
      ? model.ikev2Profiles.find((p) => p.name === ipsec.ikev2Profile!.name)
      : undefined;
    // IKEv1: the profile the IPsec profile names, else the config's only isakmp profile.
    const isakmp = ipsec.ikev2Profile
      ? undefined
      : ipsec.isakmpProfile
        ? model.isakmpProfiles.find((p) => p.name === ipsec.isakmpProfile!.name)
        : model.isakmpProfiles.length === 1
          ? model.isakmpProfiles[0]
          : undefined;
    if (ipsec.ikev2Profile && !ikev2) {
      continue;
    }
    const profile = ikev2 ?? isakmp;
    const kind = ikev2 ? "IKEv2" : "isakmp";
    const what = ikev2
      ? `a FlexVPN template (its IPsec profile ${ipsec.name} negotiates with IKEv2 profile ${ikev2.name})`
      : `a dynamic VTI template (its IPsec profile ${ipsec.name} negotiates with IKEv1)`;
    const after = ikev2
      ? "IKE_AUTH completes, then the child SA has no tunnel to be bound to and the peers' traffic goes nowhere"
      : "Phase 1 completes, then quick mode finds no tunnel to bind the spoke's proposal to and is refused";
    out.push({
      code: "tunnel-incomplete",
      range: iface.nameRange,
      message: `${iface.name} is ${what}, but no ${kind} profile names it${profile ? `: ${profile.name} has no \`${line}\`` : ""}, so IOS clones no virtual-access interface for the peers it selects. ${after}. Add \`${line}\` to ${profile ? profile.name : "the isakmp profile that matches the spokes"}.`,
      related: profile
        ? [
            relatedLine(
              profile.node,
              `${kind} profile ${profile.name} names no virtual-template`,
            ),
          ]
        : [],
      fixes: profile
        ? [
            {
              title: `Add ${line} to ${kind} profile ${profile.name}`,
              isPreferred: true,
              edits: [insertChild(model.tree, profile.node, line)],
              cli: [profile.node.text.trim(), ` ${line}`],
            },
          ]
        : [],
    });
  }
  return out;
}

/**
 * `tunnel destination dynamic` takes the peer from a FlexVPN client that connects the tunnel
 * (`crypto ikev2 client flexvpn NAME`, `client connect TunnelN`): without one the tunnel has no
 * peer to start IKE with.
 */
function noFlexvpnClient(model: ConfigModel, iface: Interface): Finding {
  const name = freeName(
    (n) => model.flexvpnClients.some((c) => c.name === n),
    "FLEXVPN-CLIENT",
  );
  const lines = [
    `crypto ikev2 client flexvpn ${name}`,
    ` peer 1 ${placeholder(1, "hub address")}`,
    ` client connect ${iface.name}`,
  ];
  return {
    code: "tunnel-incomplete",
    range: nodeRange(iface.tunnel.destination!.node),
    message: `${iface.name} takes its destination from a FlexVPN client (\`tunnel destination dynamic\`), but no \`crypto ikev2 client flexvpn\` connects it (\`client connect ${iface.name}\`): IOS has no peer to start IKE with, so the tunnel stays down. Add a client that names the hub and connects ${iface.name}.`,
    fixes: [
      {
        title: `Add FlexVPN client ${name} that connects ${iface.name}`,
        isPreferred: true,
        snippet: true,
        edits: [appendTopLevel(model.tree, lines)],
        cli: lines.map(snippetToCli),
      },
    ],
  };
}

/**
 * The interfaces a source may be: up, addressed in the destination's IP version, not tunnels; the
 * one toward the peer first (the exit of its route, or the interface whose IPv6 prefix holds it).
 */
function sourceCandidates(model: ConfigModel, iface: Interface): string[] {
  const destination6 = iface.tunnel.destination?.address6;
  const toward =
    iface.tunnel.destination?.address ?? staticNbmaPeers(iface)[0]?.nbma;
  const exits =
    destination6 !== undefined
      ? [ipv6Exit(model, iface.tunnel.vrf?.name, destination6)]
      : toward !== undefined
        ? (routingView(model, iface.tunnel.vrf?.name).lookup(toward)?.exits ??
          [])
        : [];
  const usable = (i: Interface | undefined): i is Interface =>
    i !== undefined &&
    i !== iface &&
    !i.shutdown &&
    (destination6 !== undefined
      ? (i.addresses6 ?? []).some((a) => !a.linkLocal)
      : i.addresses.length > 0) &&
    !i.key.startsWith("tunnel");
  const names = exits.filter(usable).map((i) => i.name);
  for (const i of model.interfaces) {
    if (usable(i) && !names.includes(i.name)) {
      names.push(i.name);
    }
  }
  return names;
}

/**
 * The interface the IPv6 route to an address leaves by: the connected prefix's, the static route's
 * exit interface, or the interface whose prefix holds the static route's next hop.
 */
function ipv6Exit(
  model: ConfigModel,
  vrf: string | undefined,
  address: Ipv6Address,
): Interface | undefined {
  const match = lookupIpv6(model, vrf, address);
  if (!match || match.connected) {
    return match?.connected;
  }
  const route = model.routes6.find((r) => r.node === match.node);
  if (route?.exitInterface) {
    return interfaceNamed(model, route.exitInterface.name);
  }
  const hop = route?.nextHop;
  return hop === undefined
    ? undefined
    : model.interfaces.find((i) =>
        (i.addresses6 ?? []).some(
          (a) => !a.linkLocal && ipv6PrefixContains(a.prefix, hop),
        ),
      );
}

function missingSource(model: ConfigModel, iface: Interface): Finding {
  const candidates = sourceCandidates(model, iface);
  const line = `tunnel source ${choice(1, candidates, "interface")}`;
  const fix: Fix = {
    title: `Set ${iface.name}'s tunnel source`,
    isPreferred: true,
    snippet: true,
    edits: [insertChild(model.tree, iface.node, line)],
    cli: interfaceCli(iface, [snippetToCli(line)]),
  };
  const toward =
    iface.tunnel.destination && endpointText(iface.tunnel.destination);
  return {
    code: "tunnel-incomplete",
    range: iface.nameRange,
    message: `${iface.name} is protected by IPsec profile ${iface.tunnel.protection!.name} but has no \`tunnel source\`: IOS keeps its line protocol down, so no IKE${toward !== undefined ? ` toward ${toward}` : ""} ever starts and nothing is routed into it. Set the source to the interface that faces the peer${candidates[0] ? ` (here ${candidates[0]})` : ""}.`,
    fixes: [fix],
  };
}

/**
 * A protected tunnel sourced from an interface the config does not have (deleted, renamed, or a
 * typo): the tunnel has no source address, so IOS keeps it down as if it had no source.
 */
function missingSourceInterface(
  model: ConfigModel,
  iface: Interface,
  source: Reference,
): Finding {
  const candidates = sourceCandidates(model, iface);
  const value = choice(1, candidates, "interface");
  return {
    code: "tunnel-incomplete",
    range: source.range,
    message: `${iface.name}'s \`tunnel source ${source.name}\` names an interface this config does not have: the tunnel has no source address, so IOS keeps its line protocol down and no IKE starts. Source it from the interface that faces the peer${candidates[0] ? ` (here ${candidates[0]})` : ""}, or create ${source.name} with an address.`,
    fixes: [
      {
        title: `Source ${iface.name} from an interface of the config`,
        isPreferred: true,
        snippet: true,
        edits: [replaceRange(source.range, value)],
        cli: interfaceCli(iface, [`tunnel source ${snippetToCli(value)}`]),
      },
    ],
  };
}

/** A protected tunnel sourced from an interface without an address: it has no source address. */
function addresslessSource(
  model: ConfigModel,
  iface: Interface,
  source: Interface,
): Finding {
  const candidates = sourceCandidates(model, iface).filter(
    (n) => n !== source.name,
  );
  const value = choice(1, candidates, "interface");
  return {
    code: "tunnel-incomplete",
    range: iface.tunnel.source!.interface!.range,
    message: `${iface.name} is sourced from ${source.name}, which has no address: the tunnel has no source address, so IOS keeps its line protocol down and no IKE starts. Give ${source.name} its address, or source the tunnel from the interface that faces the peer${candidates[0] ? ` (here ${candidates[0]})` : ""}.`,
    related: [relatedLine(source.node, `${source.name} has no address`)],
    fixes: [
      {
        title: `Source ${iface.name} from an interface with an address`,
        isPreferred: true,
        snippet: true,
        edits: [replaceRange(iface.tunnel.source!.interface!.range, value)],
        cli: interfaceCli(iface, [`tunnel source ${snippetToCli(value)}`]),
      },
    ],
  };
}

/** A protected tunnel sourced from a shut interface: IOS keeps the tunnel down with it. */
function shutSource(
  model: ConfigModel,
  iface: Interface,
  source: Interface,
): Finding {
  const line = source.node.children.find(
    (c) => !c.negated && c.words.length === 1 && startsWith(c, "shutdown"),
  );
  return {
    code: "tunnel-incomplete",
    range: iface.tunnel.source!.interface!.range,
    message: `${iface.name} is sourced from ${source.name}, which is shut down: IOS keeps the tunnel's line protocol down with it, so no IKE starts and nothing is routed into it. Bring ${source.name} up (\`no shutdown\`) or source the tunnel from the interface that faces the peer.`,
    ...(line
      ? { related: [relatedLine(line, `${source.name} is shut down`)] }
      : {}),
    fixes: line
      ? [
          {
            title: `Bring ${source.name} up (no shutdown)`,
            isPreferred: true,
            edits: [deleteLine(model.tree, line)],
            cli: interfaceCli(source, ["no shutdown"]),
          },
        ]
      : [],
  };
}

/**
 * A VTI (`tunnel mode ipsec ipv4|ipv6`) without `tunnel protection`: the mode means IPsec and
 * nothing else, so without a profile IOS has nothing to encrypt with and keeps the tunnel down.
 */
function unprotectedVti(model: ConfigModel, iface: Interface): Finding {
  const profiles = model.ipsecProfiles
    .filter((p) => !p.builtIn)
    .map((p) => p.name);
  const line = `tunnel protection ipsec profile ${choice(1, profiles, "ipsec-profile")}`;
  return {
    code: "tunnel-incomplete",
    range: iface.nameRange,
    message: `${iface.name} is a VTI (\`tunnel mode ${iface.tunnel.mode}\`) without \`tunnel protection ipsec profile\`: a VTI carries only IPsec, so without a profile IOS keeps its line protocol down and nothing is routed into it.${profiles.length ? "" : " The config has no IPsec profile yet (`crypto ipsec profile NAME` with `set transform-set`)."}`,
    fixes: [
      {
        title: `Protect ${iface.name} with an IPsec profile`,
        isPreferred: true,
        snippet: true,
        edits: [insertChild(model.tree, iface.node, line)],
        cli: interfaceCli(iface, [snippetToCli(line)]),
      },
    ],
  };
}

function missingDestination(model: ConfigModel, iface: Interface): Finding {
  const line = `tunnel destination ${placeholder(1, "peer address")}`;
  return {
    code: "tunnel-incomplete",
    range: iface.nameRange,
    message: `${iface.name} is protected by IPsec profile ${iface.tunnel.protection!.name} but has no \`tunnel destination\` and is not multipoint (\`tunnel mode gre multipoint\`): IOS keeps its line protocol down and it has no peer to start IKE with. Set the destination to the peer's address (for a DMVPN cloud, make it multipoint with NHRP instead).`,
    fixes: [
      {
        title: `Set ${iface.name}'s tunnel destination`,
        isPreferred: true,
        snippet: true,
        edits: [insertChild(model.tree, iface.node, line)],
        cli: interfaceCli(iface, [snippetToCli(line)]),
      },
    ],
  };
}

/**
 * The IP version a tunnel mode carries its packets over, and the mode of the other version that
 * does the same job. Modes not listed (`mpls`, `ipip`...) are not judged.
 */
const MODE_FAMILIES: ReadonlyMap<
  string,
  { transport: "ipv4" | "ipv6"; other: string }
> = new Map([
  ["gre ip", { transport: "ipv4", other: "gre ipv6" }],
  ["ipsec ipv4", { transport: "ipv4", other: "ipsec ipv6" }],
  ["ipsec ipv4 v6-overlay", { transport: "ipv4", other: "ipsec ipv6" }],
  ["gre ipv6", { transport: "ipv6", other: "gre ip" }],
  ["ipsec ipv6", { transport: "ipv6", other: "ipsec ipv4" }],
  ["ipsec ipv6 v4-overlay", { transport: "ipv6", other: "ipsec ipv4" }],
]);

/** A destination of the other IP version than the tunnel's mode carries packets over. */
function familyMismatch(
  model: ConfigModel,
  iface: Interface,
): Finding | undefined {
  const t = iface.tunnel;
  const destination = t.destination;
  const family =
    destination?.address !== undefined
      ? "ipv4"
      : destination?.address6 !== undefined
        ? "ipv6"
        : undefined;
  // No `tunnel mode` line is point-to-point GRE over IPv4.
  const mode = t.mode ?? "gre ip";
  const known = MODE_FAMILIES.get(mode);
  if (!destination || !family || !known || known.transport === family) {
    return undefined;
  }
  const modeLine = iface.node.children.find(
    (c) =>
      !c.negated &&
      c.words[0]?.text.toLowerCase() === "tunnel" &&
      c.words[1]?.text.toLowerCase() === "mode",
  );
  const line = `tunnel mode ${known.other}`;
  const written = t.mode
    ? `\`tunnel mode ${t.mode}\``
    : "no `tunnel mode` line (GRE over IPv4)";
  return {
    code: "tunnel-family-mismatch",
    range: destination.node.words[2]?.range ?? nodeRange(destination.node),
    message: `${iface.name}'s destination ${endpointText(destination)} is an ${family === "ipv6" ? "IPv6" : "IPv4"} address, but its mode carries the tunnel over ${known.transport === "ipv6" ? "IPv6" : "IPv4"} (${written}): the tunnel cannot reach its peer, its line protocol stays down and IKE never starts. Use \`${line}\`, or a destination of the mode's family.`,
    related: modeLine
      ? [relatedLine(modeLine, `${iface.name}'s tunnel mode`)]
      : [],
    fixes: [
      {
        title: `Set ${line} on ${iface.name}`,
        isPreferred: true,
        edits: [
          modeLine
            ? replaceLine(modeLine, `${indentOf(modeLine)}${line}`)
            : insertChild(model.tree, iface.node, line),
        ],
        cli: interfaceCli(iface, [line]),
      },
    ],
  };
}
