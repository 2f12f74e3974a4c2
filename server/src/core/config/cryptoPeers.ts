import { pushAt } from "../collections/multiMap";
import { formatIpv4, prefixContains, type Prefix } from "../ipv4/address";
import {
  formatIpv6,
  ipv6PrefixContains,
  type Ipv6Address,
} from "../ipv6/address";
import {
  DEFAULT_TRANSFORM_SETS,
  RELEASE_FEATURES,
  featureStatus,
  type FeatureStatus,
} from "../knowledge/iosReleases";
import {
  BUILT_IN_OBJECTS,
  IKEV2_DEFAULT_NAME,
} from "../knowledge/ikev2Defaults";
import type { Range } from "../text/position";
import type {
  AccessList,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
  Ipv6AccessList,
  IpsecProfile,
  IsakmpProfile,
  Keyring,
  PresharedKey,
  Reference,
  TransformSet,
} from "./model";
import { answersAnyPeer, isMultipoint, staticNbmaPeers } from "./dmvpn";
import { tunnelDestination } from "./flexvpn";
import { resolveHost } from "./hosts";
import {
  cryptoMapAddress,
  interfaceNamed,
  primaryAddress,
  primaryAddress6,
} from "./routingView";
import { startsWith, type ConfigNode } from "./tree";

/**
 * The crypto relations of one config, resolved once: which interfaces carry each crypto map, who
 * the peers are (crypto map entries and protected tunnels), which transform sets and profiles they
 * use, and which keys cover them. Check families read this instead of re-walking the model.
 */

/** A remote IPsec endpoint the router talks to. */
export interface CryptoPeer {
  kind: "map" | "tunnel";
  address?: number;
  /** An IPv6 peer (`tunnel destination` of a `tunnel mode ... ipv6` tunnel). */
  address6?: Ipv6Address;
  hostname?: string;
  /** The peer's word (`set peer X`, `tunnel destination X`). */
  range: Range;
  node: ConfigNode;
  entry?: CryptoMapEntry;
  map?: CryptoMap;
  tunnel?: Interface;
  /** Where the IPsec packets leave and arrive: the map's interfaces, or the tunnel's source interface. */
  interfaces: Interface[];
  /** The front-door VRF (of the first interface). */
  vrf?: string;
  /** The local address IKE and ESP use, when known (an IPv4 one for an IPv4 peer). */
  localAddress?: number;
  /** The local IPv6 address, for an IPv6 peer. */
  localAddress6?: Ipv6Address;
  transformSets: TransformSet[];
  /** True when no transform set is named, so IOS falls back on its defaults (where it has them). */
  defaultTransforms: boolean;
  isakmpProfile?: IsakmpProfile;
  ipsecProfile?: IpsecProfile;
  /** False for `ipsec-manual` entries, which use no IKE. */
  ike: boolean;
}

/** The endpoints keys and messages speak of: an IPv4 or IPv6 address, or a host name. */
export interface PeerName {
  address?: number;
  address6?: Ipv6Address;
  hostname?: string;
}

/** How messages write a peer: its address as IOS prints it, else its host name. */
export function endpointText(peer: PeerName): string | undefined {
  return peer.address !== undefined
    ? formatIpv4(peer.address)
    : peer.address6 !== undefined
      ? formatIpv6(peer.address6)
      : peer.hostname;
}

/** True when the peer is known by an address (IPv4 or IPv6), not only a name. */
export function hasAddress(peer: PeerName): boolean {
  return peer.address !== undefined || peer.address6 !== undefined;
}

/** How messages name where a peer is configured: `crypto map VPN 10` or the tunnel. */
export function peerLabel(peer: CryptoPeer): string {
  return peer.kind === "map" ? entryLabel(peer.entry!) : `${peer.tunnel!.name}`;
}

/** How messages name a map entry: `crypto map VPN 10`, `crypto map ipv6 VPN6 10`, `dynamic map D 10`. */
export function entryLabel(entry: CryptoMapEntry): string {
  return entry.isDynamicMapEntry
    ? `dynamic map ${entry.map} ${entry.sequence}`
    : `crypto map ${entry.ipv6 ? "ipv6 " : ""}${entry.map} ${entry.sequence}`;
}

/** An interface's `crypto map` line. */
export interface MapApplication {
  iface: Interface;
  ref: Reference;
}

/** The resolved crypto relations of a config. */
export interface CryptoView {
  peers: CryptoPeer[];
  /** Interfaces that carry each crypto map (by map name). */
  applications: Map<string, MapApplication[]>;
  /** Interfaces that carry each IPv6 crypto map (`ipv6 crypto map NAME`). */
  applications6: Map<string, MapApplication[]>;
  transformSets: Map<string, TransformSet>;
  isakmpProfiles: Map<string, IsakmpProfile>;
  ipsecProfiles: Map<string, IpsecProfile>;
  keyrings: Map<string, Keyring>;
  /** Every static and dynamic map entry, in file order of maps. */
  entries: { map: CryptoMap; entry: CryptoMapEntry }[];
  /** True when an IKE crypto map entry or a protected tunnel exists: IKE will run. */
  ikeInUse: boolean;
  /** True when a crypto map entry points at a dynamic map: peers may come from anywhere. */
  dynamicMapInUse: boolean;
  /** True when a protected multipoint GRE tunnel (DMVPN) or virtual template exists: peers may come from anywhere. */
  dynamicTunnelInUse: boolean;
  /** Networks of the interfaces that are up: the router's own side. */
  localNetworks: { prefix: Prefix; iface: Interface }[];
  /** Whether IOS proposes default transform sets when an entry names none. */
  defaultTransformSets: FeatureStatus;
}

/** The first interface (in config order) with the address; indexed, as hubs have thousands of tunnels and interfaces. */
export function owningInterface(
  model: ConfigModel,
  address: number,
): Interface | undefined {
  return byAddress(OWNERS, model, (iface) =>
    iface.addresses.map((a) => a.address),
  ).get(address);
}
const OWNERS = new WeakMap<ConfigModel, Map<number, Interface>>();

/** The first interface with an HSRP group of this virtual address; indexed the same way. */
function standbyInterface(
  model: ConfigModel,
  address: number,
): Interface | undefined {
  return byAddress(STANDBY_OWNERS, model, (iface) =>
    (iface.standby ?? []).map((g) => g.address),
  ).get(address);
}
const STANDBY_OWNERS = new WeakMap<ConfigModel, Map<number, Interface>>();

/** The config's interfaces by the addresses `addressesOf` gives, the first in config order; built once per model. */
function byAddress(
  cache: WeakMap<ConfigModel, Map<number, Interface>>,
  model: ConfigModel,
  addressesOf: (iface: Interface) => readonly (number | undefined)[],
): Map<number, Interface> {
  let owners = cache.get(model);
  if (!owners) {
    owners = new Map();
    for (const iface of model.interfaces) {
      for (const address of addressesOf(iface)) {
        if (address !== undefined && !owners.has(address)) {
          owners.set(address, iface);
        }
      }
    }
    cache.set(model, owners);
  }
  return owners;
}

/**
 * The interface that holds a peer's own address in the peer's front-door VRF (as its address, or
 * as the virtual address of one of its HSRP groups): the entry or tunnel points at this router
 * itself (a line copied from the other router's config).
 */
export function pointsAtItself(
  model: ConfigModel,
  peer: CryptoPeer,
): Interface | undefined {
  const v4 = peer.address;
  const iface =
    v4 !== undefined
      ? (owningInterface(model, v4) ??
        // An HSRP virtual address is the router's own too (while it is active).
        standbyInterface(model, v4))
      : peer.address6 !== undefined
        ? model.interfaces.find((i) =>
            i.addresses6?.some(
              (a) => !a.linkLocal && a.prefix.address === peer.address6,
            ),
          )
        : undefined;
  return iface && iface.vrf === peer.vrf ? iface : undefined;
}

/** Every pre-shared key of the config: global ones and those of keyrings. */
export function presharedKeys(model: ConfigModel): PresharedKey[] {
  return [...model.globalKeys, ...model.keyrings.flatMap((k) => k.keys)];
}

/** True when one of the config's interfaces has this address (the router's own, not a network's). */
export function ownsAddress(model: ConfigModel, address: number): boolean {
  return owningInterface(model, address) !== undefined;
}

/** Builds (once per model) the crypto view. */
export function cryptoView(model: ConfigModel): CryptoView {
  let view = VIEWS.get(model);
  if (!view) {
    view = buildView(model);
    VIEWS.set(model, view);
  }
  return view;
}
const VIEWS = new WeakMap<ConfigModel, CryptoView>();

function byName<T extends { name: string }>(
  items: readonly T[],
): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    out.set(item.name, item);
  }
  return out;
}

function buildView(model: ConfigModel): CryptoView {
  const applications = new Map<string, MapApplication[]>();
  const applications6 = new Map<string, MapApplication[]>();
  for (const iface of model.interfaces) {
    const ref = iface.cryptoMap;
    if (ref) {
      pushAt(applications, ref.name, { iface, ref });
    }
    const ref6 = iface.cryptoMap6;
    if (ref6) {
      pushAt(applications6, ref6.name, { iface, ref: ref6 });
    }
  }
  const transformSets = byName(model.transformSets);
  const isakmpProfiles = byName(model.isakmpProfiles);
  const ipsecProfiles = byName(model.ipsecProfiles);
  const keyrings = byName(model.keyrings);
  const defaults = featureStatus(
    RELEASE_FEATURES.defaultTransformSets,
    model.version,
  );
  const entries: CryptoView["entries"] = [];
  const peers: CryptoPeer[] = [];
  let ikeInUse = false;
  let dynamicMapInUse = false;
  let dynamicTunnelInUse = false;
  const resolveSets = (refs: Reference[]): TransformSet[] =>
    refs
      .map((r) => transformSets.get(r.name))
      .filter((s): s is TransformSet => s !== undefined);

  const maps = model.cryptoMaps6.size
    ? [...model.cryptoMaps.values(), ...model.cryptoMaps6.values()]
    : model.cryptoMaps.values();
  for (const map of maps) {
    const apps = (map.ipv6 ? applications6 : applications).get(map.name) ?? [];
    const interfaces = apps.map((a) => a.iface);
    const localIface = map.localAddress
      ? interfaceNamed(model, map.localAddress.name)
      : (interfaces.find((i) => !i.shutdown) ?? interfaces[0]);
    for (const entry of map.entries) {
      entries.push({ map, entry });
      if (entry.mode === "dynamic") {
        dynamicMapInUse = true;
        ikeInUse = true;
        continue;
      }
      if (entry.mode === "gdoi") {
        continue;
      }
      const ike = entry.mode === "ipsec-isakmp";
      ikeInUse ||= ike;
      const sets = resolveSets(entry.transformSets);
      for (const peer of entry.peers) {
        peers.push({
          kind: "map",
          address:
            peer.address ??
            (peer.address6 === undefined
              ? resolveHost(model, peer.hostname)
              : undefined),
          address6: peer.address6,
          hostname: peer.hostname,
          range: peer.range,
          node: peer.node,
          entry,
          map,
          interfaces,
          vrf: interfaces[0]?.vrf,
          // An IPv6 map talks from the interface's IPv6 address.
          localAddress:
            localIface && !map.ipv6 ? cryptoMapAddress(localIface) : undefined,
          localAddress6:
            localIface && map.ipv6 ? primaryAddress6(localIface) : undefined,
          transformSets: sets,
          defaultTransforms: entry.transformSets.length === 0,
          isakmpProfile: entry.isakmpProfile
            ? isakmpProfiles.get(entry.isakmpProfile.name)
            : undefined,
          ike,
        });
      }
    }
  }
  for (const map of model.dynamicMaps.values()) {
    for (const entry of map.entries) {
      entries.push({ map, entry });
    }
  }
  for (const tunnel of model.interfaces) {
    const protection = tunnel.tunnel.protection;
    const destination = tunnelDestination(model, tunnel);
    const multipoint = isMultipoint(tunnel);
    if (!protection || tunnel.shutdown) {
      continue;
    }
    // An mGRE tunnel answers whoever registers (spokes, and spokes of spoke-to-spoke tunnels), a
    // virtual template whoever connects.
    if (answersAnyPeer(tunnel)) {
      ikeInUse = true;
      dynamicTunnelInUse = true;
    }
    if (!destination && !multipoint) {
      continue;
    }
    ikeInUse = true;
    const profile = protectionProfile(model, protection, ipsecProfiles);
    const source = tunnel.tunnel.source;
    const sourceIface = source?.interface
      ? interfaceNamed(model, source.interface.name)
      : source?.address !== undefined
        ? owningInterface(model, source.address)
        : undefined;
    // A point-to-point tunnel's one peer, or each NBMA address an mGRE tunnel knows (its hubs).
    const targets = destination
      ? [
          {
            address:
              destination.address ??
              (destination.address6 === undefined
                ? resolveHost(model, destination.hostname)
                : undefined),
            address6: destination.address6,
            hostname: destination.hostname,
            // The address word: `tunnel destination X`, or a FlexVPN client's `peer N X` or
            // `peer N fqdn NAME`.
            range:
              destination.node.words[
                destination.node.words[2]?.text.toLowerCase() === "fqdn" ? 3 : 2
              ]?.range ?? destination.node.words[0]!.range,
            node: destination.node,
          },
        ]
      : staticNbmaPeers(tunnel).map((p) => ({
          address: p.nbma as number | undefined,
          address6: undefined as Ipv6Address | undefined,
          hostname: undefined as string | undefined,
          range: p.range,
          node: p.node,
        }));
    for (const target of targets) {
      const v6 = target.address6 !== undefined;
      peers.push({
        kind: "tunnel",
        ...target,
        tunnel,
        interfaces: sourceIface ? [sourceIface] : [],
        // IOS sends a tunnel's IKE in its `tunnel vrf`, which must be the source interface's: where
        // they differ, tunnel-vrf-mismatch says so, and the source's VRF (what its fix writes) keeps
        // the route and key checks from repeating it. The `tunnel vrf` when the source is unknown.
        vrf: sourceIface ? sourceIface.vrf : tunnel.tunnel.vrf?.name,
        // An IPv6 peer is reached from the source's IPv6 address, an IPv4 one from its IPv4 address.
        localAddress: v6
          ? undefined
          : (source?.address ??
            (sourceIface ? primaryAddress(sourceIface) : undefined)),
        localAddress6: v6
          ? (source?.address6 ??
            (sourceIface ? primaryAddress6(sourceIface) : undefined))
          : undefined,
        transformSets: profile ? resolveSets(profile.transformSets) : [],
        defaultTransforms: !profile || profile.transformSets.length === 0,
        isakmpProfile: profile?.isakmpProfile
          ? isakmpProfiles.get(profile.isakmpProfile.name)
          : undefined,
        ipsecProfile: profile,
        ike: true,
      });
    }
  }
  const localNetworks: CryptoView["localNetworks"] = [];
  for (const iface of model.interfaces) {
    if (iface.shutdown) {
      continue;
    }
    for (const a of iface.addresses) {
      localNetworks.push({ prefix: a.prefix, iface });
    }
  }
  return {
    peers,
    applications,
    applications6,
    transformSets,
    isakmpProfiles,
    ipsecProfiles,
    keyrings,
    entries,
    ikeInUse,
    dynamicMapInUse,
    dynamicTunnelInUse,
    localNetworks,
    defaultTransformSets: defaults,
  };
}

/** True for an ACL a crypto map entry names with `match address`: it selects traffic to protect. */
export function isCryptoAcl(model: ConfigModel, name: string): boolean {
  return model.references.some(
    (r) =>
      r.kind === "acl" &&
      r.name === name &&
      r.node.parent !== undefined &&
      startsWith(r.node, "match", "address"),
  );
}

/** The IPsec protocols a peer's transform sets need: ESP (50) and/or AH (51). */
export function protocolsNeeded(
  peer: CryptoPeer,
  view: CryptoView,
): { esp: boolean; ah: boolean } {
  // Asked once per peer and interface: scan the names without building a list of them.
  let esp = false;
  let ah = false;
  // A set that bundles AH with ESP puts AH outside (ESP travels inside it): the ACL sees AH only.
  const see = <T>(set: readonly T[], name: (item: T) => string): void => {
    let setEsp = false;
    let setAh = false;
    for (const item of set) {
      setEsp ||= name(item).startsWith("esp-");
      setAh ||= name(item).startsWith("ah-");
    }
    ah ||= setAh;
    esp ||= setEsp && !setAh;
  };
  for (const set of peer.transformSets) {
    see(set.transforms, (t) => t.name);
  }
  // The defaults (where the release has them) are ESP only; without them the entry is incomplete.
  if (peer.defaultTransforms && view.defaultTransformSets !== "no") {
    for (const set of DEFAULT_TRANSFORM_SETS) {
      see(set, (name) => name);
    }
  }
  return { esp, ah };
}

/** True when a key covers an address (masked match) or a hostname (same name). */
export function keyCovers(key: PresharedKey, peer: PeerName): boolean {
  if (key.address6 && peer.address6 !== undefined) {
    return ipv6PrefixContains(key.address6, peer.address6);
  }
  if (key.address && peer.address !== undefined) {
    const mask = key.address.mask;
    return (peer.address & mask) >>> 0 === (key.address.address & mask) >>> 0;
  }
  if (key.hostname && peer.hostname) {
    return key.hostname.toLowerCase() === peer.hostname.toLowerCase();
  }
  return false;
}

/**
 * The keys IOS could use for a peer: those of the keyrings of the peer's isakmp profile when it
 * names keyrings, else every global key and every keyring of the peer's front-door VRF.
 */
export function keysForPeer(
  model: ConfigModel,
  view: CryptoView,
  peer: CryptoPeer,
): PresharedKey[] {
  const profileKeyrings = peer.isakmpProfile?.keyrings ?? [];
  if (profileKeyrings.length) {
    return profileKeyrings.flatMap(
      (r) => view.keyrings.get(r.name)?.keys ?? [],
    );
  }
  const out = peer.vrf === undefined ? [...model.globalKeys] : [];
  for (const keyring of model.keyrings) {
    if (keyring.vrf === peer.vrf) {
      out.push(...keyring.keys);
    }
  }
  return out;
}

/** The crypto ACL of an IPv4 entry, when defined (an IPv6 entry's is `entryAcl6`'s). */
export function entryAcl(
  model: ConfigModel,
  entry: CryptoMapEntry,
): AccessList | undefined {
  return entry.matchAddress && !entry.ipv6
    ? model.acls.get(entry.matchAddress.name)
    : undefined;
}

/** The IPv6 ACL of an IPv6 crypto map entry, when defined. */
export function entryAcl6(
  model: ConfigModel,
  entry: CryptoMapEntry,
): Ipv6AccessList | undefined {
  const name = entry.matchAddress?.name;
  return entry.ipv6 && name !== undefined
    ? model.acls6.find((a) => a.name === name)
    : undefined;
}

/** True when an address lies in one of the router's own networks. */
export function isLocalAddress(view: CryptoView, address: number): boolean {
  return view.localNetworks.some((n) => prefixContains(n.prefix, address));
}

/** Keys indexed for coverage lookups: host keys by address; masked and hostname keys apart. */
export interface KeyIndex {
  hosts: Map<number, PresharedKey[]>;
  masked: PresharedKey[];
  hostnames: Map<string, PresharedKey[]>;
  /** IPv6 keys, longest prefix first (a router has few). */
  v6: PresharedKey[];
}

/**
 * Indexes keys so that covering a peer costs a map lookup plus the (few) masked keys. A key for a
 * host name also covers the addresses the router resolves that name to by itself (`ip host`): in
 * main mode IOS picks the key by the peer's address, before any identity is seen.
 */
export function indexKeys(
  keys: readonly PresharedKey[],
  staticHosts: ConfigModel["staticHosts"] = [],
): KeyIndex {
  const index: KeyIndex = {
    hosts: new Map(),
    masked: [],
    hostnames: new Map(),
    v6: [],
  };
  for (const key of keys) {
    if (key.address && key.address.mask === 0xffffffff) {
      pushAt(index.hosts, key.address.address, key);
    } else if (key.address) {
      index.masked.push(key);
    } else if (key.hostname) {
      const name = key.hostname.toLowerCase();
      pushAt(index.hostnames, name, key);
      for (const host of staticHosts) {
        if (host.name === name) {
          for (const address of host.addresses) {
            pushAt(index.hosts, address, key);
          }
        }
      }
    } else if (key.address6) {
      index.v6.push(key);
    }
  }
  // IOS takes the most specific key; a stable sort keeps config order among equal lengths.
  index.v6.sort((a, b) => b.address6!.length - a.address6!.length);
  return index;
}

/** The first key of the index that covers the peer. */
export function coveringKey(
  index: KeyIndex,
  peer: PeerName,
): PresharedKey | undefined {
  if (peer.address6 !== undefined) {
    return index.v6.find((k) => keyCovers(k, peer));
  }
  if (peer.address !== undefined) {
    const host = index.hosts.get(peer.address)?.[0];
    if (host) {
      return host;
    }
    return index.masked.find((k) => keyCovers(k, peer));
  }
  if (peer.hostname) {
    return (
      index.hostnames.get(peer.hostname.toLowerCase())?.[0] ??
      // A wildcard address key answers any peer, named or not.
      index.masked.find((k) => k.address?.mask === 0)
    );
  }
  return undefined;
}

/** The key index for a peer (see keysForPeer), cached per keyring selection. */
export function keyIndexForPeer(
  model: ConfigModel,
  view: CryptoView,
  peer: CryptoPeer,
): KeyIndex {
  let cache = KEY_INDEXES.get(view);
  if (!cache) {
    cache = new Map();
    KEY_INDEXES.set(view, cache);
  }
  const profileKeyrings = peer.isakmpProfile?.keyrings ?? [];
  const selector = profileKeyrings.length
    ? `profile:${profileKeyrings.map((r) => r.name).join(",")}`
    : `vrf:${peer.vrf ?? ""}`;
  let index = cache.get(selector);
  if (!index) {
    index = indexKeys(keysForPeer(model, view, peer), model.staticHosts);
    cache.set(selector, index);
  }
  return index;
}
const KEY_INDEXES = new WeakMap<CryptoView, Map<string, KeyIndex>>();

/**
 * Finds, among many addresses, those that could be a mistyped form of another: the addresses that
 * differ from it in one octet (bucketed by the three octets they share), so a lookup does not scan
 * every address.
 */
export function octetNeighbours(
  addresses: Iterable<number>,
): (address: number) => number[] {
  const buckets = new Map<string, number[]>();
  const keysOf = (a: number) =>
    [0, 8, 16, 24].map((shift) => `${shift}:${(a & ~(255 << shift)) >>> 0}`);
  for (const a of new Set(addresses)) {
    for (const k of keysOf(a)) {
      pushAt(buckets, k, a);
    }
  }
  return (address) => {
    const out = new Set<number>();
    for (const k of keysOf(address)) {
      for (const a of buckets.get(k) ?? []) {
        if (a !== address) {
          out.add(a);
        }
      }
    }
    return [...out];
  };
}

const BUILT_IN_PROFILES = new WeakMap<Reference, IpsecProfile>();

/**
 * The IPsec profile a `tunnel protection ipsec profile NAME` line names: the config's, else for
 * `default` IOS's own (IKEv2 smart defaults: the built-in transform set `default` and the IKEv2
 * profile named `default`), which stands at the naming line; undefined for any other undefined
 * name. One object per line, so the views that read it agree.
 */
export function protectionProfile(
  model: ConfigModel,
  protection: Reference,
  byName?: ReadonlyMap<string, IpsecProfile>,
): IpsecProfile | undefined {
  const own = byName
    ? byName.get(protection.name)
    : model.ipsecProfiles.find((p) => p.name === protection.name);
  if (own || !BUILT_IN_OBJECTS["ipsec-profile"]?.has(protection.name)) {
    return own;
  }
  let builtIn = BUILT_IN_PROFILES.get(protection);
  if (!builtIn) {
    const at = { range: protection.range, node: protection.node };
    builtIn = {
      name: protection.name,
      nameRange: protection.range,
      node: protection.node,
      transformSets: [
        { kind: "transform-set", name: IKEV2_DEFAULT_NAME, ...at },
      ],
      ...(model.ikev2Profiles.some((p) => p.name === IKEV2_DEFAULT_NAME)
        ? {
            ikev2Profile: {
              kind: "ikev2-profile" as const,
              name: IKEV2_DEFAULT_NAME,
              ...at,
            },
          }
        : {}),
      builtIn: true,
    };
    BUILT_IN_PROFILES.set(protection, builtIn);
  }
  return builtIn;
}
