import { cryptoView, entryAcl, type CryptoView } from "../config/cryptoPeers";
import type {
  AccessList,
  ConfigModel,
  CryptoMapEntry,
  Interface,
} from "../config/model";
import { interfaceNamed, primaryAddress } from "../config/routingView";
import { nodeRange, type ConfigNode } from "../config/tree";
import { withLazyFixes, type Finding, type Fix } from "../diagnostics/finding";
import {
  aclEntryTextWith,
  insertAclEntry,
  replaceAclEntry,
  replaceRange,
} from "../fixes/configEdits";
import { evaluateAcl } from "../ipv4/acl";
import { placeholder, snippetToCli } from "../fixes/snippets";
import {
  describeWildcard,
  formatIpv4,
  invert,
  prefixToMask,
  type Prefix,
  type WildcardMatch,
} from "../ipv4/address";
import type { Range } from "../text/position";
import { PROTO } from "../knowledge/protocols";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";
import { localNetworkOf, singleLanNetwork } from "../config/localNetworks";
import { reversedEntry, swapEntry } from "./support/reversedAcl";

/**
 * The crypto ACL as IOS reads it: from this router's point of view, local networks as source and
 * remote ones as destination. Written backwards, no outbound packet matches and IKE never starts;
 * written with `any`, it sweeps up routing and management traffic.
 */
export const cryptoAclChecks: ConfigCheck = {
  id: "cryptoAclChecks",
  run(model) {
    const view = cryptoView(model);
    const out: Finding[] = [];
    for (const { acl, users } of cryptoAcls(model, view)) {
      out.push(...reversed(view, acl, users));
      out.push(...anyEntries(view, acl, users));
      out.push(...permitsNothing(model, view, acl, users));
    }
    out.push(...greNotEncrypted(model, view));
    return out;
  },
};

/** Each ACL used by `match address`, with the entries that use it. */
function cryptoAcls(
  model: ConfigModel,
  view: CryptoView,
): { acl: AccessList; users: CryptoMapEntry[] }[] {
  const byName = new Map<
    string,
    { acl: AccessList; users: CryptoMapEntry[] }
  >();
  for (const { entry } of view.entries) {
    const acl = entryAcl(model, entry);
    if (!acl || acl.kind !== "extended") {
      continue;
    }
    const known = byName.get(acl.name);
    if (known) {
      known.users.push(entry);
    } else {
      byName.set(acl.name, { acl, users: [entry] });
    }
  }
  return [...byName.values()];
}

function usersText(users: CryptoMapEntry[]): string {
  const names = users.map(
    (e) =>
      `${e.isDynamicMapEntry ? "dynamic map" : "crypto map"} ${e.map} ${e.sequence}`,
  );
  return names.slice(0, 2).join(", ") + (names.length > 2 ? "..." : "");
}

function reversed(
  view: CryptoView,
  acl: AccessList,
  users: CryptoMapEntry[],
): Finding[] {
  const out: Finding[] = [];
  // A line with object groups is reported once, for its first reversed combination.
  const reported = new Set<ConfigNode>();
  const localOf = (m: WildcardMatch) => localNetworkOf(view, m);
  for (const e of acl.entries) {
    if (reported.has(e.node)) {
      continue;
    }
    const destinationLocal = reversedEntry(e, localOf);
    if (!destinationLocal) {
      continue;
    }
    const { source, destination, change } = swapEntry(acl, e);
    if (e.grouped) {
      reported.add(e.node);
    }
    out.push({
      code: "crypto-acl-reversed",
      range: { start: source.start, end: destination.end },
      message: `Access list ${acl.name} (${usersText(users)}) permits ${describeWildcard(e.source)} to ${describeWildcard(e.destination)}, but ${describeWildcard(e.destination)} is this router's own side (${formatIpv4(destinationLocal.prefix.network)}/${destinationLocal.prefix.length} on ${destinationLocal.iface.name}) and ${describeWildcard(e.source)} is not: a crypto ACL names outbound traffic, local as source and remote as destination, so no packet matches and IKE never starts.`,
      related: [
        relatedLine(
          destinationLocal.iface.addresses.find(
            (a) => a.prefix.network === destinationLocal.prefix.network,
          )?.node ?? destinationLocal.iface.node,
          `${describeWildcard(e.destination)} is local, on ${destinationLocal.iface.name}`,
        ),
        ...users
          .slice(0, 3)
          .flatMap((u) =>
            u.matchAddress
              ? [
                  relatedLine(
                    u.matchAddress.node,
                    `used by ${u.isDynamicMapEntry ? "dynamic map" : "crypto map"} ${u.map} ${u.sequence}`,
                  ),
                ]
              : [],
          ),
      ],
      // Swapping a line's object groups would reverse its other combinations too.
      fixes: e.grouped
        ? []
        : [
            {
              title: "Swap source and destination",
              edits: change.edits,
              isPreferred: true,
              cli: change.cli,
            },
          ],
    });
  }
  return out;
}

function anyEntries(
  view: CryptoView,
  acl: AccessList,
  users: CryptoMapEntry[],
): Finding[] {
  const out: Finding[] = [];
  const cryptoInterfaces = users.flatMap((u) =>
    (view.applications.get(u.map) ?? []).map((a) => a.iface),
  );
  // Asked only when an entry has source any: most crypto ACLs have none.
  let lan: Prefix | undefined | null = null;
  // A line with object groups is reported once, for its first combination with any.
  const reported = new Set<ConfigNode>();
  for (const e of acl.entries) {
    if (e.action !== "permit" || reported.has(e.node)) {
      continue;
    }
    const sourceAny = e.source.wildcard === 0xffffffff;
    const destinationAny = e.destination.wildcard === 0xffffffff;
    if (!sourceAny && !destinationAny) {
      continue;
    }
    reported.add(e.node);
    const range = sourceAny ? e.sourceRange : e.destinationRange;
    const fixes: Fix[] = [];
    const replaceWith = (
      target: Range,
      text: string,
      title: string,
      snippet: boolean,
    ): Fix => {
      const entryText = aclEntryTextWith(acl, e.node, [
        { range: target, text },
      ]);
      const change = replaceAclEntry(acl, e, snippetToCli(entryText), [
        replaceRange(target, text),
      ]);
      return {
        title,
        edits: change.edits,
        snippet: snippet || undefined,
        cli: change.cli,
      };
    };
    if (e.grouped) {
      // Replacing a group's words with one network would change the line's other members.
    } else if (sourceAny) {
      if (lan === null) {
        lan = singleLanNetwork(view, cryptoInterfaces);
      }
      if (lan) {
        const text = `${formatIpv4(lan.network)} ${formatIpv4(invert(prefixToMask(lan.length)))}`;
        fixes.push(
          replaceWith(
            e.sourceRange,
            text,
            `Replace source any with the local network ${text}`,
            false,
          ),
        );
      }
      fixes.push(
        replaceWith(
          e.sourceRange,
          `${placeholder(1, "local-network")} ${placeholder(2, "wildcard")}`,
          "Replace source any with the local network (fill it in)",
          true,
        ),
      );
    }
    if (destinationAny && !e.grouped) {
      fixes.push(
        replaceWith(
          e.destinationRange,
          `${placeholder(3, "remote-network")} ${placeholder(4, "wildcard")}`,
          "Replace destination any with the remote network (fill it in)",
          true,
        ),
      );
    }
    const which =
      sourceAny && destinationAny
        ? "source and destination"
        : sourceAny
          ? "source"
          : "destination";
    out.push({
      code: "crypto-acl-any",
      range,
      message: `Access list ${acl.name} (${usersText(users)}) permits any ${which}: every such packet is sent into the tunnel, including routing protocol, NTP and management traffic to and from the peer, and the matching clear-text packets that arrive are dropped. Name the networks, or deny control traffic in lines before this one.`,
      related: users
        .slice(0, 3)
        .flatMap((u) =>
          u.matchAddress
            ? [
                relatedLine(
                  u.matchAddress.node,
                  `crypto ACL of ${u.isDynamicMapEntry ? "dynamic map" : "crypto map"} ${u.map} ${u.sequence}`,
                ),
              ]
            : [],
        ),
      fixes,
    });
  }
  return out;
}

/**
 * A crypto ACL without a single permit line (only denies, or no lines at all): the entry
 * encrypts nothing, so it never starts IKE, and as responder it accepts no proxy identities.
 */
function permitsNothing(
  model: ConfigModel,
  view: CryptoView,
  acl: AccessList,
  users: CryptoMapEntry[],
): Finding[] {
  if (acl.unreadable.length || acl.entries.some((e) => e.action === "permit")) {
    return [];
  }
  const cryptoInterfaces = users.flatMap((u) =>
    (view.applications.get(u.map) ?? []).map((a) => a.iface),
  );
  const lan = singleLanNetwork(view, cryptoInterfaces);
  const source = lan
    ? `${formatIpv4(lan.network)} ${formatIpv4(invert(prefixToMask(lan.length)))}`
    : `${placeholder(1, "local-network")} ${placeholder(2, "wildcard")}`;
  const entryText = `permit ip ${source} ${placeholder(3, "remote-network")} ${placeholder(4, "wildcard")}`;
  return users
    .filter((u) => u.matchAddress)
    .slice(0, 1)
    .map((u) => ({
      code: "crypto-acl-permits-nothing" as const,
      range: u.matchAddress!.range,
      message: `Access list ${acl.name} (${usersText(users)}) has ${acl.entries.length ? "only deny lines" : "no lines"}: a crypto ACL's permit lines are the traffic the entry encrypts, so this entry encrypts nothing, never starts IKE, and as responder accepts no proxy identities. A \`deny\` only passes traffic on to the next entry; add a permit for the traffic to protect.`,
      related: [...new Set(acl.entries.map((e) => e.node))]
        .slice(0, 3)
        .map((node) => relatedLine(node, "denies: passes this traffic on")),
      fixes: [
        (() => {
          const change = insertAclEntry(model.tree, acl, undefined, entryText);
          return {
            title: `Add a permit line to ACL ${acl.name}`,
            edits: change.edits,
            snippet: true,
            cli: change.cli.map(snippetToCli),
          };
        })(),
      ],
    }));
}

/** True for a tunnel that encapsulates in GRE (the default mode) and has no tunnel protection. */
export function isPlainGre(iface: Interface): boolean {
  const mode = iface.tunnel.mode;
  return (
    !iface.shutdown &&
    !iface.tunnel.protection &&
    (mode === undefined || mode === "gre" || mode === "gre ip")
  );
}

/**
 * GRE over IPsec with a crypto map: the tunnel's GRE packets (protocol 47, from the tunnel source
 * to the tunnel destination) are what leaves the physical interface, so the crypto ACL of the
 * entry for that peer must permit them. Written for the LAN networks instead, it matches
 * nothing once routing sends the LAN traffic into the tunnel: the GRE packets leave in clear,
 * and IKE never starts.
 */
function greNotEncrypted(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  for (const tunnel of model.interfaces) {
    const destination = tunnel.tunnel.destination?.address;
    const source = tunnel.tunnel.source;
    if (
      !tunnel.name.toLowerCase().startsWith("tunnel") ||
      destination === undefined ||
      !source ||
      !isPlainGre(tunnel)
    ) {
      continue;
    }
    const sourceIface = source.interface
      ? interfaceNamed(model, source.interface.name)
      : undefined;
    const local =
      source.address ?? (sourceIface ? primaryAddress(sourceIface) : undefined);
    if (local === undefined) {
      continue;
    }
    // The entries of applied maps that name the tunnel's destination as their peer.
    const entries = view.peers.filter(
      (p) =>
        p.kind === "map" &&
        p.address === destination &&
        p.interfaces.length > 0 &&
        p.entry?.matchAddress,
    );
    if (!entries.length) {
      continue;
    }
    const packet = {
      protocol: PROTO.GRE,
      source: local,
      destination,
    };
    const acls = entries.flatMap((p) => {
      const acl = entryAcl(model, p.entry!);
      return acl && acl.kind === "extended" && !acl.unreadable.length
        ? [{ peer: p, acl }]
        : [];
    });
    if (
      acls.length !== entries.length ||
      acls.some(
        ({ acl }) => evaluateAcl(acl.entries, packet).action === "permit",
      )
    ) {
      continue;
    }
    const [{ peer, acl }] = acls as [(typeof acls)[number]];
    const entryText = `permit gre host ${formatIpv4(local)} host ${formatIpv4(destination)}`;
    const where = `crypto map ${peer.map!.name} ${peer.entry!.sequence}`;
    out.push(
      withLazyFixes(
        {
          code: "gre-not-encrypted",
          range:
            tunnel.tunnel.destination!.node.words[2]?.range ??
            nodeRange(tunnel.tunnel.destination!.node),
          message: `${tunnel.name} sends GRE (protocol 47) from ${formatIpv4(local)} to ${formatIpv4(destination)}, the peer of ${where}, but ACL ${acl.name} of that entry does not permit it: the GRE packets, and everything routed into ${tunnel.name}, leave unencrypted, and IKE never starts for them. A crypto map protecting a GRE tunnel must permit the tunnel's own packets (\`${entryText}\`), or protect the tunnel with \`tunnel protection ipsec profile\` instead.`,
          related: [
            relatedLine(
              source.node,
              `${tunnel.name}'s source: ${formatIpv4(local)}`,
            ),
            relatedLine(
              peer.entry!.matchAddress!.node,
              `${where}'s crypto ACL`,
            ),
          ],
        },
        () => [
          {
            title: `Permit ${tunnel.name}'s GRE packets in ACL ${acl.name}`,
            ...insertAclEntry(model.tree, acl, acl.entries[0], entryText),
            isPreferred: true,
          },
        ],
      ),
    );
  }
  return out;
}
