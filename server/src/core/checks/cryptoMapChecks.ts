import {
  cryptoView,
  endpointText,
  entryLabel,
  peerLabel,
  type CryptoView,
} from "../config/cryptoPeers";
import { findPresharedKey } from "../peers/presharedKeys";
import type {
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
  PresharedKey,
} from "../config/model";
import { interfaceDownReason } from "../config/interfaceState";
import { interfaceNamed, lookupIpv6, routingView } from "../config/routingView";
import { nodeRange, startsWith, wordsRange } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import {
  childIndent,
  deleteLine,
  insertChild,
  insertLinesAfterLine,
  insertTopLevelAfter,
  interfaceCli,
  replaceLine,
} from "../fixes/configEdits";
import { mergeEntriesInto } from "../fixes/cryptoMapEdits";
import { choice, placeholder, snippetToCli } from "../fixes/snippets";
import { formatIpv4 } from "../ipv4/address";
import { formatIpv6, type Ipv6Address } from "../ipv6/address";
import { RELEASE_FEATURES } from "../knowledge/iosReleases";
import type { Severity } from "../diagnostics/severity";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * Crypto maps that cannot work as written: IKE turned off under them, maps on no interface, and
 * entries IOS leaves disabled because a peer, an ACL or a transform set is missing.
 */
export const cryptoMapChecks: ConfigCheck = {
  id: "cryptoMapChecks",
  run(model) {
    const view = cryptoView(model);
    return [
      ...isakmpDisabled(model, view),
      ...notApplied(model, view),
      ...notApplied6(model, view),
      ...incomplete(model, view),
      ...xauthOnSiteToSite(model, view),
    ];
  },
};

/**
 * A crypto map applied only to interfaces that cannot carry IPsec: shut down (a backup link left
 * shut, a template's `shutdown` never removed) or without any address. It is on an interface,
 * but no packet leaves there, or IKE has no address to start from.
 */
function onShutInterfaces(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  for (const map of model.cryptoMaps.values()) {
    const apps = view.applications.get(map.name);
    if (
      !map.entries.length ||
      !apps?.length ||
      apps.some((a) => !interfaceDownReason(model, a.iface))
    ) {
      continue;
    }
    const lines = apps.flatMap(({ iface }) => {
      const line = iface.node.children.find(
        (c) => !c.negated && c.words.length === 1 && startsWith(c, "shutdown"),
      );
      return line ? [{ iface, line }] : [];
    });
    const states = apps.map(
      (a) => `${a.iface.name} (${interfaceDownReason(model, a.iface)})`,
    );
    out.push({
      code: "crypto-map-not-applied",
      range: apps[0]!.ref.range,
      message: `Crypto map ${map.name} is applied only to ${states.join(" and ")}: no packet leaves there with an address IKE can use, so the map never encrypts and IKE never starts. Bring the interface up with its address (\`no shutdown\`, \`ip address\`) or apply the map where the traffic to its peers leaves.`,
      related: lines.map(({ iface, line }) =>
        relatedLine(line, `${iface.name} is shut down`),
      ),
      fixes: [
        ...lines.map(({ iface, line }) => ({
          title: `Bring ${iface.name} up (no shutdown)`,
          isPreferred: lines.length === 1,
          edits: [deleteLine(model.tree, line)],
          cli: interfaceCli(iface, ["no shutdown"]),
        })),
        ...apps
          .filter(
            (a) => interfaceDownReason(model, a.iface) === "without an address",
          )
          .map(({ iface }) => {
            const line = `ip address ${placeholder(1, "address")} ${placeholder(2, "mask")}`;
            return {
              title: `Give ${iface.name} its address`,
              snippet: true,
              edits: [insertChild(model.tree, iface.node, line)],
              cli: interfaceCli(iface, [snippetToCli(line)]),
            };
          }),
      ],
    });
  }
  return out;
}

/** The head line of an entry, as the console needs it to enter the entry. */
function entryHead(entry: CryptoMapEntry): string {
  return entry.node.text.trim();
}

function isakmpDisabled(model: ConfigModel, view: CryptoView): Finding[] {
  const off = model.isakmpDisabled;
  if (!off) {
    return [];
  }
  const users = view.entries.filter(
    ({ entry }) => entry.mode === "ipsec-isakmp" || entry.mode === "dynamic",
  );
  const tunnels = model.interfaces.filter(
    (i) => i.tunnel.protection && !i.shutdown,
  );
  if (!users.length && !tunnels.length) {
    return [];
  }
  const names = [
    ...users.map(({ entry }) => entryLabel(entry)),
    ...tunnels.map((t) => `${t.name} (tunnel protection)`),
  ];
  const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? "..." : "");
  const fix: Fix = {
    title: "Turn ISAKMP back on: crypto isakmp enable",
    edits: [replaceLine(off, "crypto isakmp enable")],
    isPreferred: true,
    cli: ["crypto isakmp enable"],
  };
  return [
    {
      code: "isakmp-disabled",
      range: nodeRange(off),
      message: `ISAKMP is turned off here, but ${shown} ${names.length > 1 ? "need" : "needs"} IKE to negotiate its security associations: IOS will not start phase 1 ("can't initiate when turned off") nor answer a peer.`,
      related: [
        ...users
          .slice(0, 3)
          .map(({ entry }) =>
            relatedLine(entry.node, `${entryLabel(entry)} uses IKE`),
          ),
        ...tunnels
          .slice(0, 3)
          .map((t) =>
            relatedLine(t.tunnel.protection!.node, `${t.name} uses IKE`),
          ),
      ],
      fixes: [fix],
    },
  ];
}

/** Interfaces a crypto map could go on: up, addressed, not a loopback, carrying no other map. */
function candidateInterfaces(model: ConfigModel): Interface[] {
  return model.interfaces.filter(
    (i) =>
      !i.shutdown &&
      !i.cryptoMap &&
      (i.addresses.length > 0 || i.dynamicAddress || i.unnumbered) &&
      !/^loopback/i.test(i.key) &&
      !i.tunnel.protection,
  );
}

function applyFix(
  map: CryptoMap,
  iface: Interface,
  preferred: boolean,
  model: ConfigModel,
): Fix {
  return {
    title: `Apply crypto map ${map.name} to ${iface.name}`,
    edits: [insertChild(model.tree, iface.node, `crypto map ${map.name}`)],
    isPreferred: preferred || undefined,
    cli: interfaceCli(iface, [`crypto map ${map.name}`]),
  };
}

function notApplied(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  for (const map of model.cryptoMaps.values()) {
    if (!map.entries.length || view.applications.has(map.name)) {
      continue;
    }
    // The interface the route toward the first peer leaves through is the clear place for the map.
    const peer = map.entries
      .flatMap((e) => e.peers)
      .find((p) => p.address !== undefined);
    const fixes: Fix[] = [];
    let exit: Interface | undefined;
    if (peer?.address !== undefined) {
      const lookup = routingView(model).lookup(peer.address);
      exit = lookup?.exits.length === 1 ? lookup.exits[0] : undefined;
    }
    if (exit && !exit.cryptoMap) {
      fixes.push(applyFix(map, exit, true, model));
    } else if (exit?.cryptoMap) {
      // The interface holds one crypto map: these entries must join the one already there.
      const into = exit.cryptoMap.name;
      const merge = mergeEntriesInto(model, map, into);
      fixes.push({
        title: `Move the entries of crypto map ${map.name} into crypto map ${into} (on ${exit.name})`,
        edits: merge.edits,
        isPreferred: true,
        cli: merge.cli,
      });
    } else {
      for (const iface of candidateInterfaces(model).slice(0, 3)) {
        fixes.push(applyFix(map, iface, false, model));
      }
    }
    const toward =
      peer?.address !== undefined
        ? exit
          ? `; the route toward peer ${formatIpv4(peer.address)} leaves through ${exit.name}${exit.cryptoMap ? `, which already carries crypto map ${exit.cryptoMap.name} (an interface holds one crypto map, so these entries belong in it)` : ""}`
          : ` (peer ${formatIpv4(peer.address)})`
        : "";
    out.push({
      code: "crypto-map-not-applied",
      range: map.nameRange,
      message: `Crypto map ${map.name} has ${map.entries.length} ${map.entries.length === 1 ? "entry" : "entries"} but no interface applies it, so no traffic meets it and IKE is never triggered${toward}. Apply it with \`crypto map ${map.name}\` on the interface that faces the peer.`,
      related: map.entries.map((e) =>
        relatedLine(e.node, `entry ${e.sequence} of crypto map ${map.name}`),
      ),
      fixes,
    });
  }
  out.push(...onShutInterfaces(model, view));
  // A dynamic map does nothing until a crypto map entry points at it.
  const usedDynamic = new Set(
    view.entries
      .filter(({ entry }) => entry.mode === "dynamic" && entry.dynamicMap)
      .map(({ entry }) => entry.dynamicMap!.name),
  );
  for (const dyn of model.dynamicMaps.values()) {
    if (!dyn.entries.length || usedDynamic.has(dyn.name)) {
      continue;
    }
    const applied = [...model.cryptoMaps.values()].filter((m) =>
      view.applications.has(m.name),
    );
    const fixes: Fix[] = [];
    if (applied.length === 1) {
      const map = applied[0]!;
      const last = map.entries[map.entries.length - 1];
      const sequence = Math.max(0, ...map.entries.map((e) => e.sequence)) + 10;
      // The dynamic entry goes last: static entries must be tried first.
      const line = `crypto map ${map.name} ${sequence} ipsec-isakmp dynamic ${dyn.name}`;
      const after = last?.node ?? map.node;
      fixes.push({
        title: `Add crypto map ${map.name} ${sequence} ipsec-isakmp dynamic ${dyn.name}`,
        edits: [insertTopLevelAfter(model.tree, after, [line])],
        isPreferred: true,
        cli: [line],
      });
    }
    out.push({
      code: "crypto-map-not-applied",
      range: dyn.nameRange,
      message: `Dynamic map ${dyn.name} is referenced by no crypto map entry (\`crypto map NAME SEQ ipsec-isakmp dynamic ${dyn.name}\`), so it never answers a peer.`,
      related: dyn.entries.map((e) =>
        relatedLine(e.node, `entry ${e.sequence} of dynamic map ${dyn.name}`),
      ),
      fixes,
    });
  }
  return out;
}

/**
 * The interface packets to an IPv6 address leave by: the connected prefix that holds it, or the
 * one that holds the next hop of the static route toward it (or the route's own interface).
 */
function exitToward6(
  model: ConfigModel,
  address: Ipv6Address,
): Interface | undefined {
  const match = lookupIpv6(model, undefined, address);
  if (!match || match.connected) {
    return match?.connected;
  }
  const route = model.routes6.find((r) => r.node === match.node);
  if (route?.exitInterface) {
    return interfaceNamed(model, route.exitInterface.name);
  }
  return route?.nextHop !== undefined
    ? lookupIpv6(model, undefined, route.nextHop)?.connected
    : undefined;
}

/** IPv6 crypto maps on no interface: `ipv6 crypto map NAME` is what applies one. */
function notApplied6(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  for (const map of model.cryptoMaps6.values()) {
    if (!map.entries.length || view.applications6.has(map.name)) {
      continue;
    }
    const peer = map.entries
      .flatMap((e) => e.peers)
      .find((p) => p.address6 !== undefined);
    const exit =
      peer?.address6 !== undefined
        ? exitToward6(model, peer.address6)
        : undefined;
    const line = `ipv6 crypto map ${map.name}`;
    const apply = (iface: Interface, preferred: boolean): Fix => ({
      title: `Apply IPv6 crypto map ${map.name} to ${iface.name}`,
      edits: [insertChild(model.tree, iface.node, line)],
      isPreferred: preferred || undefined,
      cli: interfaceCli(iface, [line]),
    });
    const fixes: Fix[] = [];
    if (exit && !exit.cryptoMap6) {
      fixes.push(apply(exit, true));
    } else if (!exit) {
      // Interfaces with a global IPv6 address and no IPv6 map yet.
      for (const iface of model.interfaces
        .filter(
          (i) =>
            !i.shutdown &&
            !i.cryptoMap6 &&
            !i.tunnel.protection &&
            !/^loopback/i.test(i.key) &&
            (i.addresses6 ?? []).some((a) => !a.linkLocal),
        )
        .slice(0, 3)) {
        fixes.push(apply(iface, false));
      }
    }
    const peerText =
      peer?.address6 !== undefined ? formatIpv6(peer.address6) : undefined;
    const toward = peerText
      ? exit
        ? `; the route toward peer ${peerText} leaves through ${exit.name}${exit.cryptoMap6 ? `, which already carries IPv6 crypto map ${exit.cryptoMap6.name} (an interface holds one IPv6 crypto map, so these entries belong in it)` : ""}`
        : ` (peer ${peerText})`
      : "";
    out.push({
      code: "crypto-map-not-applied",
      range: map.nameRange,
      message: `IPv6 crypto map ${map.name} has ${map.entries.length} ${map.entries.length === 1 ? "entry" : "entries"} but no interface applies it, so no IPv6 traffic meets it and IKE is never triggered${toward}. Apply it with \`${line}\` on the interface that faces the peer (\`crypto map\` applies only IPv4 maps).`,
      related: map.entries.map((e) =>
        relatedLine(
          e.node,
          `entry ${e.sequence} of IPv6 crypto map ${map.name}`,
        ),
      ),
      fixes,
    });
  }
  return out;
}

/**
 * A crypto map that serves remote-access clients with XAUTH (`client authentication list`) asks
 * every peer of the map for a user name and password after phase 1, routers of site-to-site
 * entries too, which cannot answer: their global key must say `no-xauth` (a peer selected by an
 * isakmp profile follows the profile's own XAUTH setting and is left alone).
 */
function xauthOnSiteToSite(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  const reported = new Set<PresharedKey>();
  for (const peer of view.peers) {
    const xauth = peer.map?.clientAuthentication;
    if (
      !xauth ||
      peer.kind !== "map" ||
      !peer.ike ||
      peer.isakmpProfile ||
      peer.entry?.ikev2Profile
    ) {
      continue;
    }
    const key = findPresharedKey(
      model,
      { peer: peer.address ?? peer.address6, peerNames: [] },
      () => undefined,
    ).key;
    if (!key || key.noXauth || key.keyring || reported.has(key)) {
      continue;
    }
    reported.add(key);
    const peerText = endpointText(peer) ?? "the peer";
    const line = key.node.text.trimEnd();
    out.push({
      code: "xauth-on-site-to-site",
      range: key.targetRange,
      message: `Crypto map ${peer.map!.name} asks every peer for XAUTH (\`${xauth.node.text.trim()}\`), and the key for ${peerText}, the peer of ${peerLabel(peer)} (a router, not a remote-access client), is not marked \`no-xauth\`: after phase 1 the router is asked for a user name and password it cannot give, so the tunnel does not come up. Mark the site-to-site key \`no-xauth\`, or give the site-to-site peer an isakmp profile of its own.`,
      related: [
        relatedLine(xauth.node, `crypto map ${peer.map!.name} asks for XAUTH`),
        relatedLine(peer.node, `${peerLabel(peer)}: a site-to-site peer`),
      ],
      fixes: [
        {
          title: `Add no-xauth to the key for ${peerText}`,
          isPreferred: true,
          edits: [replaceLine(key.node, `${line} no-xauth`)],
          cli: [`${line.trim()} no-xauth`],
        },
      ],
    });
  }
  return out;
}

/** Extended ACLs no other command uses: the likely crypto ACL of an entry that names none. */
function unusedExtendedAcls(model: ConfigModel): string[] {
  const used = new Set(
    model.references.filter((r) => r.kind === "acl").map((r) => r.name),
  );
  return [...model.acls.values()]
    .filter((a) => a.kind === "extended" && !used.has(a.name))
    .map((a) => a.name);
}

/** IPv6 ACLs no other command uses: the likely ACL of an IPv6 entry that names none. */
function unusedIpv6Acls(model: ConfigModel): string[] {
  const used = new Set(
    model.references.filter((r) => r.kind === "ipv6-acl").map((r) => r.name),
  );
  return model.acls6.filter((a) => !used.has(a.name)).map((a) => a.name);
}

/** IPv6 host keys (`/128`) that match no peer, for an IPv6 entry without a peer. */
function unpairedKeyAddresses6(model: ConfigModel, view: CryptoView): string[] {
  const peers = new Set(
    view.peers.flatMap((p) => (p.address6 !== undefined ? [p.address6] : [])),
  );
  const out = new Set<string>();
  for (const key of [
    ...model.globalKeys,
    ...model.keyrings.flatMap((k) => k.keys),
  ]) {
    const a = key.address6;
    if (a && a.length === 128 && !peers.has(a.address)) {
      out.add(formatIpv6(a.address));
    }
  }
  return [...out];
}

/** Host keys that match no peer: likely the address a peer-less entry meant. */
function unpairedKeyAddresses(model: ConfigModel, view: CryptoView): string[] {
  const peers = new Set(view.peers.map((p) => p.address));
  const out: string[] = [];
  for (const key of [
    ...model.globalKeys,
    ...model.keyrings.flatMap((k) => k.keys),
  ]) {
    const a = key.address;
    if (a && a.mask === 0xffffffff && !peers.has(a.address)) {
      out.push(formatIpv4(a.address));
    }
  }
  return [...new Set(out)];
}

function missingLineFix(
  model: ConfigModel,
  entry: CryptoMapEntry,
  snippetText: string,
  snippet: boolean,
  preferred: boolean,
): Fix {
  return {
    title: `Add \`${snippetToCli(snippetText)}\` to ${entryLabel(entry)}`,
    edits: [insertChild(model.tree, entry.node, snippetText)],
    snippet: snippet || undefined,
    isPreferred: preferred || undefined,
    cli: [entryHead(entry), ` ${snippetToCli(snippetText)}`],
  };
}

function incomplete(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  const entryRange = (entry: CryptoMapEntry) => wordsRange(entry.node, 0);
  const setNames = [...view.transformSets.keys()];
  const transformSetFix = (entry: CryptoMapEntry): Fix => {
    if (setNames.length === 1) {
      return missingLineFix(
        model,
        entry,
        `set transform-set ${setNames[0]}`,
        false,
        true,
      );
    }
    return missingLineFix(
      model,
      entry,
      `set transform-set ${choice(1, setNames, "transform-set")}`,
      true,
      false,
    );
  };
  // Computed at most once, on the first entry that needs them.
  let unpaired: string[] | undefined;
  let unusedAcls: string[] | undefined;
  let unpaired6: string[] | undefined;
  let unusedAcls6: string[] | undefined;
  for (const { entry } of view.entries) {
    if (entry.mode === "dynamic" || entry.mode === "gdoi") {
      continue;
    }
    const label = entryLabel(entry);
    const isStatic = !entry.isDynamicMapEntry;
    const manual = entry.mode === "ipsec-manual";
    if (isStatic && !entry.peers.length) {
      const candidates = entry.ipv6
        ? (unpaired6 ??= unpairedKeyAddresses6(model, view))
        : (unpaired ??= unpairedKeyAddresses(model, view));
      out.push({
        code: "crypto-map-incomplete",
        range: entryRange(entry),
        message: `${label} has no \`set peer\`: IOS keeps the entry disabled (show crypto map says it is incomplete) and never negotiates for its traffic.`,
        fixes: [
          missingLineFix(
            model,
            entry,
            `set peer ${choice(1, candidates, "peer-address")}`,
            true,
            false,
          ),
        ],
      });
    }
    if (isStatic && !entry.matchAddress) {
      const candidates = entry.ipv6
        ? (unusedAcls6 ??= unusedIpv6Acls(model))
        : (unusedAcls ??= unusedExtendedAcls(model));
      out.push({
        code: "crypto-map-incomplete",
        range: entryRange(entry),
        message: `${label} has no \`match address\`: without a crypto ACL no traffic is selected for encryption and IOS leaves the entry incomplete.`,
        fixes: [
          missingLineFix(
            model,
            entry,
            `match address ${choice(1, candidates, "acl")}`,
            true,
            false,
          ),
        ],
      });
    }
    if (!entry.transformSets.length) {
      // An IKEv2 entry runs a release with default sets, whatever the version line says.
      const status = manual
        ? "no"
        : entry.ikev2Profile
          ? "yes"
          : view.defaultTransformSets;
      const feature = RELEASE_FEATURES.defaultTransformSets;
      let severity: Severity | undefined;
      let why: string;
      if (status === "no") {
        why = manual
          ? "a manual entry needs exactly one transform set (there are no defaults for manual keying)"
          : `IOS ${model.version?.text ?? ""} has no ${feature.description} (they came with ${feature.introduced}), so the entry stays incomplete`;
      } else if (status === "maybe") {
        severity = "warning";
        why = `only ${feature.introduced} and later trains of IOS ${model.version?.text ?? ""} propose ${feature.description}; older ones leave the entry incomplete`;
      } else if (status === "unknown") {
        severity = "information";
        why = `the config has no version line: IOS before ${feature.introduced} has no ${feature.description} and leaves the entry incomplete, later releases propose theirs (which the peer must accept)`;
      } else {
        why = "";
      }
      if (why) {
        out.push({
          code: "crypto-map-incomplete",
          range: entryRange(entry),
          message: `${label} has no \`set transform-set\`: ${why}.`,
          severity,
          fixes: [transformSetFix(entry)],
        });
      }
    }
    if (
      manual &&
      !entry.node.children.some((c) => startsWith(c, "set", "session-key"))
    ) {
      out.push({
        code: "crypto-map-incomplete",
        range: entryRange(entry),
        message: `${label} is an ipsec-manual entry without \`set session-key\` lines: manual keying has no IKE to make keys, so no security association can exist.`,
        fixes: [
          {
            title: `Add inbound and outbound ESP session keys to ${label}`,
            edits: [
              insertLinesAfterLine(model.tree, entry.node.lastLine, [
                `${childIndent(entry.node)}set session-key inbound esp ${placeholder(1, "spi")} cipher ${placeholder(2, "hex-key")} authenticator ${placeholder(3, "hex-key")}`,
                `${childIndent(entry.node)}set session-key outbound esp ${placeholder(4, "spi")} cipher ${placeholder(5, "hex-key")} authenticator ${placeholder(6, "hex-key")}`,
              ]),
            ],
            snippet: true,
            cli: [
              entryHead(entry),
              " set session-key inbound esp <spi> cipher <hex-key> authenticator <hex-key>",
              " set session-key outbound esp <spi> cipher <hex-key> authenticator <hex-key>",
            ],
          },
        ],
      });
    }
  }
  return out;
}
