import { cryptoView, type CryptoView } from "../config/cryptoPeers";
import type {
  AccessList,
  ConfigModel,
  CryptoMapEntry,
  Interface,
} from "../config/model";
import type { ConfigNode } from "../config/tree";
import type { Finding, Fix, TextEdit } from "../diagnostics/finding";
import {
  aclEntryTextWith,
  replaceAclEntry,
  replaceRange,
} from "../fixes/configEdits";
import { placeholder, snippetToCli } from "../fixes/snippets";
import {
  describeWildcard,
  formatIpv4,
  invert,
  maskToPrefix,
  prefixToMask,
  wildcardsIntersect,
  type Prefix,
  type WildcardMatch,
} from "../ipv4/address";
import type { Range } from "../text/position";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

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
    }
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
    const name = entry.matchAddress?.name;
    const acl = name !== undefined ? model.acls.get(name) : undefined;
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

function prefixMatch(prefix: Prefix): WildcardMatch {
  return {
    address: prefix.network,
    wildcard: invert(prefixToMask(prefix.length)),
  };
}

/** The local network an address spec touches, if any. */
function localNetworkOf(
  view: CryptoView,
  match: WildcardMatch,
): { prefix: Prefix; iface: Interface } | undefined {
  if (match.wildcard === 0xffffffff) {
    return undefined;
  }
  const length = maskToPrefix(invert(match.wildcard));
  if (length === undefined) {
    // A non-contiguous wildcard is rare: scan.
    return view.localNetworks.find((n) =>
      wildcardsIntersect(prefixMatch(n.prefix), match),
    );
  }
  // Two prefixes intersect when one holds the other. The index answers both questions with a
  // few lookups, so crypto ACLs against thousands of interfaces stay linear.
  const index = networkIndex(view);
  let best = Infinity;
  for (let l = 0; l <= length; l++) {
    const i = index.byPrefix.get(prefixKey(match.address, l));
    if (i !== undefined && index.lengths[i] === l && i < best) {
      best = i;
    }
  }
  const inside = index.within[length]?.get(match.address);
  if (inside !== undefined && inside < best) {
    best = inside;
  }
  return best === Infinity ? undefined : view.localNetworks[best];
}

/** Lookups over a view's local networks, by position in the list (the first match wins). */
interface NetworkIndex {
  /** "length/network" → first position of that exact prefix. */
  byPrefix: Map<string, number>;
  lengths: number[];
  /** For each length L: network masked to L → first position of a network at least that long. */
  within: Map<number, number>[];
}

const indexes = new WeakMap<CryptoView, NetworkIndex>();

function prefixKey(address: number, length: number): string {
  return `${length}/${(address & prefixToMask(length)) >>> 0}`;
}

function networkIndex(view: CryptoView): NetworkIndex {
  let index = indexes.get(view);
  if (index) {
    return index;
  }
  index = { byPrefix: new Map(), lengths: [], within: [] };
  for (let l = 0; l <= 32; l++) {
    index.within.push(new Map());
  }
  view.localNetworks.forEach((n, i) => {
    const { network, length } = n.prefix;
    index!.lengths.push(length);
    const key = prefixKey(network, length);
    if (!index!.byPrefix.has(key)) {
      index!.byPrefix.set(key, i);
    }
    for (let l = 0; l <= length; l++) {
      const masked = (network & prefixToMask(l)) >>> 0;
      if (!index!.within[l]!.has(masked)) {
        index!.within[l]!.set(masked, i);
      }
    }
  });
  indexes.set(view, index);
  return index;
}

/** The span of a source or destination with its port condition. */
function span(start: Range, port: Range | undefined): Range {
  return { start: start.start, end: (port ?? start).end };
}

function textOf(node: ConfigNode, r: Range): string {
  return node.text.slice(r.start.character, r.end.character);
}

function reversed(
  view: CryptoView,
  acl: AccessList,
  users: CryptoMapEntry[],
): Finding[] {
  const out: Finding[] = [];
  for (const e of acl.entries) {
    if (e.action !== "permit") {
      continue;
    }
    const destinationLocal = localNetworkOf(view, e.destination);
    if (!destinationLocal || e.source.wildcard === 0xffffffff) {
      continue;
    }
    // Only when the source is clearly remote: a source that touches a local network may be a
    // summary that covers both sides, which is not reversed.
    if (localNetworkOf(view, e.source)) {
      continue;
    }
    const source = span(e.sourceRange, e.sourcePortRange);
    const destination = span(e.destinationRange, e.destinationPortRange);
    const sourceText = textOf(e.node, source);
    const destinationText = textOf(e.node, destination);
    const edits: TextEdit[] = [
      replaceRange(source, destinationText),
      replaceRange(destination, sourceText),
    ];
    const swapped = aclEntryTextWith(acl, e.node, [
      { range: source, text: destinationText },
      { range: destination, text: sourceText },
    ]);
    const change = replaceAclEntry(acl, e, swapped, edits);
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
      fixes: [
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

/** The local LAN networks: up, not the crypto interfaces, not host routes. */
function lanNetworks(
  view: CryptoView,
  cryptoInterfaces: Interface[],
): Prefix[] {
  return view.localNetworks
    .filter(
      (n) =>
        !cryptoInterfaces.includes(n.iface) &&
        n.prefix.length < 32 &&
        !/^loopback/i.test(n.iface.key),
    )
    .map((n) => n.prefix);
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
  const lans = lanNetworks(view, cryptoInterfaces);
  for (const e of acl.entries) {
    if (e.action !== "permit") {
      continue;
    }
    const sourceAny = e.source.wildcard === 0xffffffff;
    const destinationAny = e.destination.wildcard === 0xffffffff;
    if (!sourceAny && !destinationAny) {
      continue;
    }
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
    if (sourceAny) {
      if (lans.length === 1) {
        const lan = lans[0]!;
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
    if (destinationAny) {
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
