import { promptOn } from "../capture/describe";
import { capturedConfigs } from "../capture/runningConfigs";
import { pushAt } from "../collections/multiMap";
import { routerName } from "../config/model";
import { interfaceKey } from "../config/parser";
import type { CaptureModel } from "../capture/model";
import type {
  AclShowEntry,
  Cell,
  CryptoMapShow,
  CryptoMapShowEntry,
  IpRouteShow,
  ShowBlock,
} from "../capture/show/types";
import type { Finding } from "../diagnostics/finding";
import {
  describeWildcard,
  formatIpv4,
  formatPrefix,
  formatWildcard,
  parseIpv4,
  prefixOf,
  prefixToMask,
  wildcardsIntersect,
  type Prefix,
  type WildcardMatch,
} from "../ipv4/address";
import { RELEASE_FEATURES } from "../knowledge/iosReleases";
import { protocolName } from "../nat/exemption";
import { PrefixMap, PrefixSet } from "../ipv4/prefixSet";
import { matchIosCommand } from "../knowledge/iosCommands";
import { IPSEC_PERMITS } from "../knowledge/ipsecTraffic";
import type { CaptureCheck, CheckContext } from "./check";
import { cryptoMapAcl } from "../capture/show/asConfig";
import { deniedInnerTraffic } from "./support/decryptedTraffic";
import { reversedEntry, swapEntry } from "./support/reversedAcl";
import {
  lineSpan,
  listSome,
  nearestBlock,
  nearestIn,
  sequenceBefore,
} from "./support/showSupport";

/**
 * Problems that two show outputs of the same router reveal together and neither alone: a crypto
 * map peer that no pre-shared key covers (`show crypto map` + `show crypto isakmp key`), that no
 * route reaches or whose route leaves by another interface than the map's (+ the whole `show ip
 * route` of the map interface's front-door VRF), and an interface ACL with no entry for IKE or
 * ESP (`show ip interface` + `show ip access-lists`). Each reads the other output nearest to it,
 * so a capture that shows a fix and the outputs again judges each state on its own.
 */

/**
 * The addresses a cell of show output covers: `a.b.c.d/len` (a route, a key for a subnet), or
 * `a.b.c.d` (one address; 0.0.0.0, the key for any peer, covers all).
 */
function cellPrefix(text: string): Prefix | undefined {
  const slash = text.indexOf("/");
  const address = parseIpv4(text, 0, slash < 0 ? text.length : slash);
  if (address === undefined) {
    return undefined;
  }
  if (slash < 0) {
    return prefixOf(address, address === 0 ? 0 : 32);
  }
  const length = Number(text.slice(slash + 1));
  return Number.isInteger(length) && length >= 0 && length <= 32
    ? prefixOf(address, length)
    : undefined;
}

/** The crypto map peers (by address) that `covers` does not cover. */
function uncoveredPeers(
  data: CryptoMapShow,
  covers: (address: number) => boolean,
): { entry: CryptoMapShowEntry; peer: Cell }[] {
  const out: { entry: CryptoMapShowEntry; peer: Cell }[] = [];
  for (const entry of data.entries) {
    for (const peer of entry.peers) {
      const address = parseIpv4(peer.text);
      if (address !== undefined && !covers(address)) {
        out.push({ entry, peer });
      }
    }
  }
  return out;
}

/**
 * `show crypto map` against `show crypto isakmp key` of the same router: a crypto map peer that
 * no pre-shared key covers cannot start phase 1 (debug prints `No pre-shared key with ...`).
 * Judged only when the capture shows keys in use, every key address is readable, and no
 * `show crypto isakmp policy` of that router says authentication is by certificate only.
 */
function peersWithoutKeys(model: CaptureModel, block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-map") {
    return [];
  }
  const keyBlock = nearestBlock(model, block, "isakmp-key");
  const keys = keyBlock?.data?.kind === "isakmp-key" ? keyBlock.data.keys : [];
  const prefixes = keys.map((k) => cellPrefix(k.address.text));
  if (!keys.length || !prefixes.every((p): p is Prefix => p !== undefined)) {
    return [];
  }
  const policies = nearestBlock(model, block, "isakmp-policy")?.data;
  if (
    policies?.kind === "isakmp-policy" &&
    policies.suites.length &&
    !policies.suites.some((s) =>
      /pre-?shared?\b/i.test(s.authentication?.text ?? ""),
    )
  ) {
    return [];
  }
  // A few keys are enough to show what the router has; thousands would repeat in every finding.
  const listed = listSome(keys.map((k) => k.address.text));
  const related = keys.slice(0, 3).map((k) => ({
    range: k.address.range,
    message: `a key for ${k.address.text}`,
  }));
  const keyed = new PrefixSet(prefixes);
  return uncoveredPeers(data, (a) => keyed.covers(a)).map(
    ({ entry, peer }) => ({
      code: "show-no-psk-for-peer",
      range: peer.range,
      message: `Crypto map ${entry.name.text} ${entry.sequence} peers with ${peer.text}, but \`show crypto isakmp key\`${block.router ? ` on ${block.router}` : ""} lists no pre-shared key for it (keys for ${listed}): phase 1 with ${peer.text} cannot start, and debug prints "No pre-shared key with ${peer.text}". Add the key for the peer's address: \`crypto isakmp key <key> address ${peer.text}\` (the same key as on ${peer.text}), or correct the address of the existing key if it was meant for this peer.`,
      related,
    }),
  );
}

/** Which routing table a `show ip route` output prints, and whether all of it. */
interface TableShown {
  /** The VRF's name, "" for the global table. */
  vrf: string;
  /**
   * True without a filter: a filtered table (`show ip route static`, a prefix, `| include`) lacks
   * routes that exist, so only the whole one may say that a route is missing.
   */
  whole: boolean;
}

function tableShown(
  model: CaptureModel,
  block: ShowBlock,
): TableShown | undefined {
  const command =
    block.promptLine === undefined
      ? undefined
      : promptOn(model, block.promptLine)?.command;
  if (command === undefined || matchIosCommand(command)?.show !== "ip-route") {
    return undefined;
  }
  // `show ip route` (abbreviated or not), then `vrf NAME` for a VRF's table; any word more filters.
  const words = command.trim().split(/\s+/);
  const vrf = words.length >= 5 && /^vr?f?$/i.test(words[3]!);
  return vrf
    ? { vrf: words[4]!, whole: words.length === 5 }
    : { vrf: "", whole: words.length === 3 };
}

/** The route outputs of a capture by router and VRF, in line order (once per model). */
const ROUTE_OUTPUTS = new WeakMap<CaptureModel, Map<string, ShowBlock[]>>();

function routeOutputsOf(
  model: CaptureModel,
  router: string | undefined,
  vrf: string,
): readonly ShowBlock[] {
  let index = ROUTE_OUTPUTS.get(model);
  if (!index) {
    index = new Map();
    for (const block of model.shows) {
      const shown = block.data?.kind === "ip-route" && tableShown(model, block);
      if (shown) {
        const key = `${block.router ?? ""}\n${shown.vrf}`;
        pushAt(index, key, block);
      }
    }
    ROUTE_OUTPUTS.set(model, index);
  }
  return index.get(`${router ?? ""}\n${vrf}`) ?? [];
}

/**
 * The front-door VRF of a crypto map entry: the VRF of the interface it is applied to, where IOS
 * looks its peer up. Read from the router's nearest `show ip interface`, else from its
 * configuration (printed in the capture or a workspace file); "" (the global table) when
 * neither says.
 */
function frontDoorVrf(
  model: CaptureModel,
  block: ShowBlock,
  entry: CryptoMapShowEntry,
  ctx: CheckContext,
): string {
  const name = entry.interfaces[0]?.text;
  if (!name) {
    return "";
  }
  const key = interfaceKey(name);
  const shown = nearestBlock(model, block, "ip-interface")?.data;
  const row =
    shown?.kind === "ip-interface"
      ? shown.interfaces.find((i) => interfaceKey(i.name.text) === key)
      : undefined;
  if (row) {
    return row.vrf?.text ?? "";
  }
  const router = block.router?.toLowerCase();
  if (router === undefined) {
    return "";
  }
  // Any printing of the interface's section says (`| section interface` too), the last before the
  // output first; then the router's configuration file.
  const printed = capturedConfigs(model).filter(
    (c) =>
      c.router?.toLowerCase() === router &&
      c.model.interfaces.some((i) => i.key === key),
  );
  const config =
    printed.filter((c) => c.startLine < block.startLine).pop() ??
    printed[0] ??
    ctx.workspace?.configs.find(
      (c) => routerName(c.model)?.toLowerCase() === router,
    );
  return config?.model.interfaces.find((i) => i.key === key)?.vrf ?? "";
}

/** The block's first line with text (`show ip route vrf` starts with an empty one). */
function firstPrinted(model: CaptureModel, block: ShowBlock): number {
  let line = block.startLine;
  while (line < block.endLine && !model.lines[line]!.trim()) {
    line++;
  }
  return line;
}

/** How a message names the table: `show ip route` or `show ip route vrf NAME`. */
function tableCommand(table: RoutingTable): string {
  return table.vrf ? `show ip route vrf ${table.vrf}` : "show ip route";
}

/**
 * `show crypto map` against the same router's whole `show ip route` (of the map's front-door
 * VRF): a peer that no route and no gateway of last resort covers is unreachable, so the router
 * never sends it an IKE packet.
 */
function peersWithoutRoutes(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-map") {
    return [];
  }
  const out: Finding[] = [];
  for (const entry of data.entries) {
    const table = routingTableFor(model, block, entry, ctx);
    if (!table || table.gateway !== undefined) {
      continue;
    }
    for (const peer of entry.peers) {
      const address = parseIpv4(peer.text);
      if (address === undefined || table.routes.longest(address)) {
        continue;
      }
      out.push({
        code: "show-no-route-to-peer",
        range: peer.range,
        message: `No route in \`${tableCommand(table)}\`${block.router ? ` on ${block.router}` : ""} covers peer ${peer.text} of crypto map ${entry.name.text} ${entry.sequence}, and the gateway of last resort is not set: the router cannot send ${peer.text} a single IKE packet, so phase 1 never starts. Add a route toward the peer through the interface that carries the crypto map, for example \`ip route ${table.vrf ? `vrf ${table.vrf} ` : ""}0.0.0.0 0.0.0.0 <next hop>\` or \`ip route ${table.vrf ? `vrf ${table.vrf} ` : ""}${peer.text} 255.255.255.255 <next hop>\`.`,
        related: [
          {
            range: lineSpan(model, firstPrinted(model, table.block)),
            message: "the routing table it was looked up in",
          },
        ],
      });
    }
  }
  return out;
}

type RouteRow = IpRouteShow["routes"][number];

/** A whole routing table, its routes indexed by prefix. */
interface RoutingTable {
  block: ShowBlock;
  /** The VRF's name, "" for the global table. */
  vrf: string;
  routes: PrefixMap<RouteRow>;
  /** The gateway of last resort, when set. */
  gateway?: number;
}

const TABLES = new WeakMap<ShowBlock, RoutingTable>();

/**
 * The routing table the entry's peers are looked up in: the nearest `show ip route` of its
 * front-door VRF printed by the same router, when that output is the whole table; indexed once
 * per table (the route checks of every crypto map output share it).
 */
function routingTableFor(
  model: CaptureModel,
  block: ShowBlock,
  entry: CryptoMapShowEntry,
  ctx: CheckContext,
): RoutingTable | undefined {
  const vrf = frontDoorVrf(model, block, entry, ctx);
  const found = nearestIn(routeOutputsOf(model, block.router, vrf), block);
  if (found?.data?.kind !== "ip-route" || !tableShown(model, found)?.whole) {
    return undefined;
  }
  let table = TABLES.get(found);
  if (!table) {
    const routes = new PrefixMap<RouteRow>();
    for (const route of found.data.routes) {
      const prefix = cellPrefix(route.prefix.text);
      if (prefix) {
        routes.set(prefix, route);
      }
    }
    const gateway = found.data.gatewayOfLastResort
      ? parseIpv4(found.data.gatewayOfLastResort.text)
      : undefined;
    table = {
      block: found,
      vrf,
      routes,
      ...(gateway === undefined ? {} : { gateway }),
    };
    TABLES.set(found, table);
  }
  return table;
}

/**
 * The interface a routing table sends an address out of: the longest route's own interface, or
 * that of its next hop (looked up again, a few levels deep), the gateway of last resort when no
 * route covers it. Undefined when the table does not say.
 */
function exitInterface(
  routes: PrefixMap<RouteRow>,
  gateway: number | undefined,
  address: number,
  depth = 0,
): string | undefined {
  if (depth > 3) {
    return undefined;
  }
  const route = routes.longest(address);
  if (!route) {
    return gateway !== undefined && depth === 0
      ? exitInterface(routes, undefined, gateway, depth + 1)
      : undefined;
  }
  if (route.interfaceName) {
    return route.interfaceName.text;
  }
  const next = route.nextHop ? parseIpv4(route.nextHop.text) : undefined;
  return next === undefined
    ? undefined
    : exitInterface(routes, undefined, next, depth + 1);
}

/**
 * `show crypto map` against the same router's whole `show ip route`: a map applied to an
 * interface that the route toward its peer does not leave by. Packets to the peer never meet
 * the map, so nothing triggers IKE (the seed's map on FastEthernet0/0, peer out Serial4/0).
 */
function mapsOnWrongInterface(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-map") {
    return [];
  }
  const out: Finding[] = [];
  const reported = new Set<string>();
  for (const entry of data.entries) {
    const table = routingTableFor(model, block, entry, ctx);
    if (!table) {
      continue;
    }
    const applied = new Set(entry.interfaces.map((i) => i.text.toLowerCase()));
    const first = entry.interfaces[0];
    for (const peer of entry.peers) {
      const address = parseIpv4(peer.text);
      const exit =
        address === undefined
          ? undefined
          : exitInterface(table.routes, table.gateway, address);
      const key = `${entry.name.text}\n${exit}`;
      if (
        !first ||
        !exit ||
        applied.has(exit.toLowerCase()) ||
        reported.has(key)
      ) {
        continue;
      }
      reported.add(key);
      const on = listSome(entry.interfaces.map((i) => i.text));
      out.push({
        code: "show-crypto-map-wrong-interface",
        range: first.range,
        message: `Crypto map ${entry.name.text} is applied to ${on}, but \`${tableCommand(table)}\`${block.router ? ` on ${block.router}` : ""} sends traffic for its peer ${peer.text} out ${exit}: packets toward the peer never meet the map, so IKE is never triggered. Move the map to ${exit}: \`interface ${first.text}\`, \`no crypto map ${entry.name.text}\`, then \`interface ${exit}\`, \`crypto map ${entry.name.text}\`.`,
        related: [
          {
            range: lineSpan(model, firstPrinted(model, table.block)),
            message: `the routing table: ${peer.text} is reached out ${exit}`,
          },
        ],
      });
    }
  }
  return out;
}

/** What an inbound ACL must let in from the peer (names of IPSEC_PERMITS). */
const IPSEC_NEEDS: readonly string[] = ["IKE (UDP 500)", "ESP"];

/**
 * Whether an entry of `show ip access-lists` can let the protocol in. Judged on the protocol and
 * ports only: the addresses are not known to be the peer's, so an entry that might admit the
 * peer counts as admitting it, and what remains are ACLs that admit it from nobody.
 */
function mayPermit(entry: AclShowEntry, what: string): boolean {
  const protocol = entry.protocol.toLowerCase();
  if (entry.action !== "permit") {
    return false;
  }
  if (protocol === "ip") {
    return true;
  }
  if (what === "ESP") {
    return protocol === "esp" || protocol === "50";
  }
  if (protocol !== "udp" && protocol !== "17") {
    return false;
  }
  const words = entry.rest.join(" ");
  return (
    !/\beq\b/.test(words) ||
    /\beq (?:isakmp|500)\b/.test(words) ||
    /\b(?:range|gt|lt|neq)\b/.test(words)
  );
}

/**
 * `show ip interface` with an inbound ACL, and that ACL in `show ip access-lists`, from the same
 * router: when no entry can permit IKE or ESP, the implicit deny at the end drops them. Counters
 * do not show it (the implicit deny has none), which is why `show-acl-blocks-ipsec` cannot.
 * Interfaces that carry no crypto map, when `show crypto map` says which do, are not judged.
 */
function aclsWithoutIpsecPermit(
  model: CaptureModel,
  block: ShowBlock,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "ip-interface") {
    return [];
  }
  const lists = nearestBlock(model, block, "access-lists")?.data;
  if (lists?.kind !== "access-lists") {
    return [];
  }
  const maps = nearestBlock(model, block, "crypto-map")?.data;
  const mapInterfaces =
    maps?.kind === "crypto-map"
      ? new Set(
          maps.entries.flatMap((e) =>
            e.interfaces.map((i) => i.text.toLowerCase()),
          ),
        )
      : undefined;
  const extended = new Map(
    lists.acls
      .filter((a) => a.type === "extended")
      .map((a) => [a.name.text, a]),
  );
  // What each ACL lacks, judged once however many interfaces apply it.
  const missing = new Map<string, string[]>();
  const out: Finding[] = [];
  for (const iface of data.interfaces) {
    const name = iface.inboundAcl?.text;
    const acl = name ? extended.get(name) : undefined;
    if (
      !iface.inboundAcl ||
      !acl?.entries.length ||
      (mapInterfaces?.size && !mapInterfaces.has(iface.name.text.toLowerCase()))
    ) {
      continue;
    }
    let lacks = missing.get(acl.name.text);
    if (!lacks) {
      lacks = IPSEC_NEEDS.filter(
        (what) => !acl.entries.some((e) => mayPermit(e, what)),
      );
      missing.set(acl.name.text, lacks);
    }
    for (const what of lacks) {
      out.push({
        code: "show-acl-no-ipsec-permit",
        range: acl.name.range,
        message: `ACL ${acl.name.text}, inbound on ${iface.name.text}${block.router ? ` of ${block.router}` : ""}, has no entry that permits ${what}: the implicit deny at its end drops ${what === "ESP" ? "every encrypted packet from the peer" : "the peer's IKE messages, so phase 1 never completes"}${mapInterfaces ? "" : ` (if ${iface.name.text} faces the peer)`}. Permit it before any deny: \`ip access-list extended ${acl.name.text}\`, then \`1 ${IPSEC_PERMITS[what]}\` (narrow \`any\` to the peer's address if you like).`,
        related: [
          {
            range: iface.inboundAcl.range,
            message: `applied inbound on ${iface.name.text}`,
          },
        ],
      });
    }
  }
  return out;
}

/**
 * `show crypto ipsec sa` with the same router's `show ip interface` and `show ip access-lists`:
 * the flow's decrypted traffic meets a deny of its interface's inbound ACL that counts matches.
 * Releases before the crypto access check on clear-text packets apply that ACL again after
 * decryption (as `acl-blocks-tunneled-traffic` says of a config), so the packets die there and
 * no reply is ever encrypted back.
 */
function tunneledTrafficDenied(
  model: CaptureModel,
  block: ShowBlock,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "ipsec-sa") {
    return [];
  }
  const out: Finding[] = [];
  for (const flow of data.flows) {
    const denied = deniedInnerTraffic(model, block, flow);
    if (!denied) {
      continue;
    }
    const { deny, iface, aclName } = denied;
    const decaps = flow.counters["decaps"]!;
    const encaps = flow.counters["encaps"];
    const from = describeWildcard(denied.source);
    const to = describeWildcard(denied.destination);
    const peer = flow.peer?.text ?? flow.remoteEndpoint?.text ?? "the peer";
    const protocol =
      denied.protocol === 0 ? "ip" : protocolName(denied.protocol);
    const permit = `permit ${protocol} ${formatWildcard(denied.source)} ${formatWildcard(denied.destination)}`;
    const release = RELEASE_FEATURES.clearTextAclCheckRemoved;
    const replies =
      encaps?.value === 0
        ? ", none encrypted back: the hosts never get the packets, so they never answer"
        : "";
    out.push({
      code: "show-acl-blocks-tunneled-traffic",
      range: deny.text.range,
      message: `ACL ${aclName}, inbound on ${iface.name.text}${block.router ? ` of ${block.router}` : ""}, denies the traffic decrypted from ${peer} (${deny.protocol.toLowerCase() === "ip" ? "" : `${denied.flowName} `}from ${from} to ${to}) by \`${deny.text.text}\` (${deny.matches!.value} match${deny.matches!.value > 1 ? "es" : ""}), while \`show crypto ipsec sa\` counts ${decaps.value} packet${decaps.value > 1 ? "s" : ""} decrypted${replies}. Releases before ${release.introduced} check decrypted packets against the interface's inbound ACL a second time, so there the ACL must permit the inner traffic too; from ${release.certainFrom} on IOS no longer does, and on such a release the counters have another cause (the replies leave without meeting the crypto map: NAT, a route, the crypto ACL). Permit the inner traffic before the deny: \`ip access-list extended ${aclName}\`, then \`${sequenceBefore(deny, denied.index)} ${permit}\`.`,
      related: [
        {
          range: denied.inboundAcl.range,
          message: `applied inbound on ${iface.name.text}`,
        },
        { range: decaps.range, message: "packets received and decrypted" },
        ...(encaps?.value === 0
          ? [{ range: encaps.range, message: "no packet encrypted back" }]
          : []),
      ],
      fixes: [
        {
          title: `Permit the decrypted traffic (${from} to ${to}) before the deny in ACL ${aclName}`,
          edits: [],
          cli: [
            `ip access-list extended ${aclName}`,
            ` ${sequenceBefore(deny, denied.index)} ${permit}`,
          ],
        },
      ],
    });
  }
  return out;
}

/** A network the router's show output proves local: connected in `show ip route`, or an up interface's address. */
interface ShownLocal {
  prefix: Prefix;
  /** The interface it is on. */
  on: string;
  /** Where the output says so. */
  cell: Cell;
  /** The output that says so. */
  command: string;
  /**
   * True when only the address is known (`show ip interface brief` prints no mask): the prefix
   * is that one address, which proves the address local but not how far its network reaches.
   */
  addressOnly?: boolean;
}

/**
 * The local networks of the router that printed `block`: the connected routes of its nearest
 * `show ip route` (filtered or not: a connected route printed is connected), the addresses of
 * the interfaces that are up in its nearest `show ip interface`, and the bare addresses (as /32)
 * of the interfaces up/up in its nearest `show ip interface brief`.
 */
function shownLocalNetworks(
  model: CaptureModel,
  block: ShowBlock,
): ShownLocal[] {
  const out: ShownLocal[] = [];
  const routes = nearestBlock(model, block, "ip-route")?.data;
  if (routes?.kind === "ip-route") {
    for (const route of routes.routes) {
      const prefix = /^[CL]$/.test(route.code)
        ? cellPrefix(route.prefix.text)
        : undefined;
      if (prefix && route.interfaceName) {
        out.push({
          prefix,
          on: route.interfaceName.text,
          cell: route.prefix,
          command: "show ip route",
        });
      }
    }
  }
  const interfaces = nearestBlock(model, block, "ip-interface")?.data;
  if (interfaces?.kind === "ip-interface") {
    for (const iface of interfaces.interfaces) {
      const prefix =
        iface.address && /^up\/up\b/.test(iface.status)
          ? cellPrefix(iface.address.text)
          : undefined;
      if (prefix && iface.address) {
        out.push({
          prefix,
          on: iface.name.text,
          cell: iface.address,
          command: "show ip interface",
        });
      }
    }
  }
  // Last: a network printed with its mask says more than a bare address.
  const brief = nearestBlock(model, block, "ip-interface-brief")?.data;
  if (brief?.kind === "ip-interface-brief") {
    for (const row of brief.rows) {
      const address =
        row.status.text === "up" && row.protocol.text === "up"
          ? parseIpv4(row.address.text)
          : undefined;
      if (address !== undefined) {
        out.push({
          prefix: prefixOf(address, 32),
          on: row.name.text,
          cell: row.address,
          command: "show ip interface brief",
          addressOnly: true,
        });
      }
    }
  }
  return out;
}

/**
 * `show crypto map` with the same router's connected networks (`show ip route`, `show ip
 * interface`): a crypto ACL entry whose destination is one of them and whose source is not is
 * written backwards, as `crypto-acl-reversed` says of a config (the same decision, in
 * `support/reversedAcl.ts`). No outbound packet matches it, so IKE never starts.
 */
function reversedCryptoAcls(model: CaptureModel, block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-map") {
    return [];
  }
  let locals: ShownLocal[] | undefined;
  const localOf = (match: WildcardMatch) =>
    locals!.find((l) =>
      wildcardsIntersect(match, {
        address: l.prefix.network,
        wildcard: ~prefixToMask(l.prefix.length) >>> 0,
      }),
    );
  const out: Finding[] = [];
  for (const entry of data.entries) {
    const shown = cryptoMapAcl(entry);
    if (!shown) {
      continue;
    }
    locals ??= shownLocalNetworks(model, block);
    if (!locals.length) {
      return [];
    }
    const { acl } = shown;
    for (const e of acl.entries) {
      const local = reversedEntry(e, localOf);
      if (!local) {
        continue;
      }
      const swapped = swapEntry(acl, e);
      const old = shown.lineOf(e).text;
      const cli = acl.numbered
        ? swapped.change.cli
        : [
            `ip access-list extended ${acl.name}`,
            ` no ${old.slice(`access-list ${acl.name} `.length)}`,
            ` ${swapped.text}`,
          ];
      const range = shown.printedRange(e, {
        start: swapped.source.start,
        end: swapped.destination.end,
      });
      const to = describeWildcard(e.destination);
      const from = describeWildcard(e.source);
      out.push({
        code: "show-crypto-acl-reversed",
        range,
        message: `Access list ${acl.name} of ${entry.ipv6 ? "crypto map ipv6" : "crypto map"} ${entry.name.text} ${entry.sequence}${block.router ? ` on ${block.router}` : ""} permits ${from} to ${to}, but ${
          local.addressOnly
            ? `\`show ip interface brief\` shows ${formatIpv4(local.prefix.network)} (${local.on}, up/up) inside ${to}, so that side is this router's own, and no address of an interface that is up inside ${from} (the output prints no masks: it proves addresses local, not how far their networks reach)`
            : `\`${local.command}\` shows ${to} is this router's own side (${formatPrefix(local.prefix)} on ${local.on}) and ${from} is not`
        }: a crypto ACL names outbound traffic, local as source and remote as destination, so no packet matches and IKE never starts. Swap source and destination${acl.numbered ? "" : ` in ip access-list extended ${acl.name}`}: \`${swapped.text}\`.`,
        related: [
          {
            range: local.cell.range,
            message: local.addressOnly
              ? `${formatIpv4(local.prefix.network)}, inside ${to}, is the address of ${local.on}`
              : `${to} is local, on ${local.on}`,
          },
        ],
        fixes: [
          {
            title: `Swap source and destination in access list ${acl.name}`,
            edits: [],
            cli,
          },
        ],
      });
    }
  }
  return out;
}

/** The show output cross-check family. */
export const captureShowCrossChecks: CaptureCheck = {
  id: "captureShowCrossChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const out: Finding[] = [];
    for (const block of model.shows) {
      out.push(
        ...peersWithoutKeys(model, block),
        ...peersWithoutRoutes(model, block, ctx),
        ...mapsOnWrongInterface(model, block, ctx),
        ...aclsWithoutIpsecPermit(model, block),
        ...tunneledTrafficDenied(model, block),
        ...reversedCryptoAcls(model, block),
      );
    }
    return out;
  },
};
