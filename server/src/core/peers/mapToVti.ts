import { entryAcl, entryAcl6 } from "../config/cryptoPeers";
import type { ConfigModel, CryptoMapEntry, Interface } from "../config/model";
import type { Fix, TextEdit } from "../diagnostics/finding";
import { freeName } from "../fixes/configEdits";
import { formatIpv4, prefixToMask, wildcardToPrefix } from "../ipv4/address";
import {
  formatAddress,
  formatIpv6Prefix,
  type IpAddress,
} from "../ipv6/address";
import { range } from "../text/position";
import { deleteLine, insertAfterSection, insertBefore } from "./edits";

/**
 * The quick fix that turns a crypto map entry into a static VTI toward the same peer: an IPsec
 * profile with the entry's transform sets, PFS and IKE profile; a tunnel interface sourced where
 * the map was applied; a route into the tunnel for each network the entry's ACL sends to; then
 * the entry removed (and the map from its interfaces when it was the map's only entry). It is
 * how an engineer finishes a migration to route-based VPN that the other end already made.
 */
export function mapToVtiFix(
  uri: string,
  model: ConfigModel,
  entry: CryptoMapEntry,
  peer: IpAddress,
  peerName: string,
): Fix | undefined {
  // An IPv6 map (`crypto map ipv6`) is applied with `ipv6 crypto map`, and its VTI is IPv6.
  const v6 = entry.ipv6 === true;
  const mapOf = (i: Interface) => (v6 ? i.cryptoMap6 : i.cryptoMap);
  const applied = model.interfaces.filter((i) => mapOf(i)?.name === entry.map);
  const wan = applied[0];
  if (!wan) {
    return undefined;
  }
  const profile = freeName(
    (n) => model.ipsecProfiles.some((p) => p.name === n),
    `VTI-${peerName}`.replace(/\s+/g, "-"),
  );
  const tunnel = `Tunnel${freeTunnelNumber(model)}`;
  // One `set transform-set` line names them all, as IOS writes it.
  const sets = entry.transformSets.map((t) => t.name).join(" ");
  const profileSection = [
    `crypto ipsec profile ${profile}`,
    ...(sets ? [` set transform-set ${sets}`] : []),
    ...(entry.pfs ? [` ${entry.pfs.node.text.trim()}`] : []),
    ...(entry.isakmpProfile
      ? [` set isakmp-profile ${entry.isakmpProfile.name}`]
      : []),
    ...(entry.ikev2Profile
      ? [` set ikev2-profile ${entry.ikev2Profile.name}`]
      : []),
  ];
  const tunnelSection = [
    `interface ${tunnel}`,
    ` description VTI to ${peerName}`,
    // A link-local address is all an IPv6 VTI needs for routes through it.
    v6 ? " ipv6 enable" : ` ip unnumbered ${wan.name}`,
    ` tunnel source ${wan.name}`,
    ` tunnel mode ipsec ${v6 ? "ipv6" : "ipv4"}`,
    ` tunnel destination ${formatAddress(peer)}`,
    ` tunnel protection ipsec profile ${profile}`,
  ];
  const routes = v6
    ? remoteRoutes6(model, entry).map((r) => `ipv6 route ${r} ${tunnel}`)
    : remoteRoutes(model, entry).map((r) => `ip route ${r} ${tunnel}`);
  const sole =
    (model.cryptoMaps.get(entry.map)?.entries.length ?? 0) <= 1 ? applied : [];
  const edits: TextEdit[] = [
    // The profile takes the entry's place among the crypto sections.
    {
      uri,
      range: range(
        entry.node.line,
        0,
        entry.node.lastLine,
        model.tree.lines[entry.node.lastLine]!.length,
      ),
      newText: profileSection.join(model.tree.eol),
    },
    insertBefore(uri, model, wan.node, [...tunnelSection, "!"]),
    ...sole.map((i) => deleteLine(uri, model, mapOf(i)!.node)),
  ];
  if (routes.length) {
    const lastRoute = (v6 ? model.routes6 : model.routes).at(-1)?.node;
    edits.push(
      lastRoute
        ? insertAfterSection(uri, model, lastRoute, routes)
        : insertBefore(uri, model, wan.node, [...routes, "!"]),
    );
  }
  return {
    title: `Replace ${entryText(entry)} with a VTI to ${peerName} (${tunnel}, as ${peerName} has)`,
    edits,
    cli: [
      ...profileSection,
      ...tunnelSection,
      ...routes,
      `no ${entryText(entry)}`,
      ...sole.flatMap((i) => [
        `interface ${i.name}`,
        ` no ${v6 ? "ipv6 " : ""}crypto map ${entry.map}`,
      ]),
    ],
  };
}

function entryText(entry: CryptoMapEntry): string {
  return `crypto map ${entry.ipv6 ? "ipv6 " : ""}${entry.map} ${entry.sequence}`;
}

/** The lowest tunnel number the config does not use. */
function freeTunnelNumber(model: ConfigModel): number {
  const used = new Set(
    model.interfaces
      .map((i: Interface) => /^tunnel(\d+)$/i.exec(i.name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
  let n = 0;
  while (used.has(n)) {
    n++;
  }
  return n;
}

/** `NETWORK MASK` of each distinct destination the entry's ACL protects, when it is a prefix. */
function remoteRoutes(model: ConfigModel, entry: CryptoMapEntry): string[] {
  const out = new Set<string>();
  for (const e of entryAcl(model, entry)?.entries ?? []) {
    const prefix =
      e.action === "permit" ? wildcardToPrefix(e.destination) : undefined;
    if (prefix && prefix.length > 0) {
      out.add(
        `${formatIpv4(prefix.network)} ${formatIpv4(prefixToMask(prefix.length))}`,
      );
    }
  }
  return [...out];
}

/** `PREFIX/LENGTH` of each distinct destination an IPv6 entry's ACL protects (`::/0` left out). */
function remoteRoutes6(model: ConfigModel, entry: CryptoMapEntry): string[] {
  const out = new Set<string>();
  for (const e of entryAcl6(model, entry)?.entries ?? []) {
    if (e.action === "permit" && e.destination.length > 0) {
      out.add(formatIpv6Prefix(e.destination));
    }
  }
  return [...out];
}
