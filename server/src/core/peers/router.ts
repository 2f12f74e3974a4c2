import type { WorkspaceConfig } from "../checks/check";
import { pushAt } from "../collections/multiMap";
import {
  routerName,
  type ConfigModel,
  type CryptoMap,
  type Interface,
  type Reference,
} from "../config/model";
import { printedConfigPlace } from "../capture/runningConfigs";
import { answersAnyPeer } from "../config/dmvpn";
import { interfaceKey } from "../config/parser";
import { redundancyAddress } from "../config/routingView";
import type { IpAddress } from "../ipv6/address";

/**
 * A config seen as a router of the network: its name, its FQDN and every address it owns. The
 * peer analysis builds one per config of the workspace and looks addresses up here.
 */
export interface RouterInfo {
  uri: string;
  model: ConfigModel;
  /** The hostname, else the file name (a config without `hostname` still needs a name in messages). */
  name: string;
  /** `hostname.domain` in lower case (the hostname alone without a domain); undefined without a hostname. */
  fqdn?: string;
  /** Every interface address, shut or not (an address is owned even while its interface is down), and local addresses of keyrings and profiles. */
  addresses: Set<IpAddress>;
  /** Interfaces by `Interface.key` (the last of a name wins); built on first use, shared by the model's views. */
  interfaces: Map<string, Interface>;
  /** The URI up to its last `/`: configs in the same folder are likelier partners (see `sameFolder`). */
  folder: string;
}

/** What the peer analysis reads of one config, whatever its URI: built once per model, in one pass over its interfaces. Read-only. */
interface ModelFacts {
  addresses: Set<IpAddress>;
  fqdn?: string;
  /** Crypto map name → its interfaces, the ones that are up first. */
  onMap: Map<string, Interface[]>;
  /** IPv6 crypto map name → its interfaces (`ipv6 crypto map`), the ones that are up first. */
  onMap6: Map<string, Interface[]>;
  /** Interfaces with `tunnel protection` and a `tunnel destination`, multipoint GRE or virtual templates, in config order. */
  protectedTunnels: Interface[];
  /** Built on first use: most configs never look an interface up by name. */
  interfaces?: Map<string, Interface>;
  /** Address → the first interface that has it; built on first use. */
  owning?: Map<IpAddress, Interface>;
}

const FACTS = new WeakMap<ConfigModel, ModelFacts>();

function factsOf(model: ConfigModel): ModelFacts {
  let facts = FACTS.get(model);
  if (!facts) {
    const addresses = new Set<IpAddress>();
    const onMap = new Map<string, Interface[]>();
    const onMap6 = new Map<string, Interface[]>();
    let shutOnMap: Map<string, Interface[]> | undefined;
    let shutOnMap6: Map<string, Interface[]> | undefined;
    const protectedTunnels: Interface[] = [];
    for (const iface of model.interfaces) {
      for (const a of iface.addresses) {
        addresses.add(a.address);
      }
      // Global IPv6 addresses too: a tunnel over IPv6 points at one (never at a link-local one).
      for (const a of iface.addresses6 ?? []) {
        if (!a.linkLocal && !a.eui64) {
          addresses.add(a.prefix.address);
        }
      }
      // A crypto map with HSRP redundancy answers at the group's virtual address.
      const virtual = redundancyAddress(iface);
      if (virtual !== undefined) {
        addresses.add(virtual);
      }
      const map = iface.cryptoMap?.name;
      if (map !== undefined) {
        const into = iface.shutdown ? (shutOnMap ??= new Map()) : onMap;
        pushAt(into, map, iface);
      }
      const map6 = iface.cryptoMap6?.name;
      if (map6 !== undefined) {
        const into = iface.shutdown ? (shutOnMap6 ??= new Map()) : onMap6;
        pushAt(into, map6, iface);
      }
      if (
        iface.tunnel.protection &&
        (iface.tunnel.destination || answersAnyPeer(iface))
      ) {
        protectedTunnels.push(iface);
      }
    }
    for (const [maps, shutOn] of [
      [onMap, shutOnMap],
      [onMap6, shutOnMap6],
    ] as const) {
      for (const [map, shut] of shutOn ?? []) {
        const up = maps.get(map);
        maps.set(map, up ? up.concat(shut) : shut);
      }
    }
    // A keyring or isakmp profile bound to an address written as such names one of the router's own.
    for (const ring of model.keyrings) {
      if (ring.localAddress?.address !== undefined) {
        addresses.add(ring.localAddress.address);
      }
    }
    for (const profile of model.isakmpProfiles) {
      if (profile.localAddress?.address !== undefined) {
        addresses.add(profile.localAddress.address);
      }
    }
    const hostname = model.hostname?.name;
    const domain = model.domainName?.name;
    facts = {
      addresses,
      fqdn: hostname
        ? (domain ? `${hostname}.${domain}` : hostname).toLowerCase()
        : undefined,
      onMap,
      onMap6,
      protectedTunnels,
    };
    FACTS.set(model, facts);
  }
  return facts;
}

function interfacesOf(model: ConfigModel): Map<string, Interface> {
  const facts = factsOf(model);
  if (!facts.interfaces) {
    facts.interfaces = new Map();
    for (const iface of model.interfaces) {
      facts.interfaces.set(iface.key, iface);
    }
  }
  return facts.interfaces;
}

/**
 * A router view. A class, not an object literal with a getter: V8 makes such a literal a hash
 * table, and the pairing reads these views' fields thousands of times.
 */
class Router implements RouterInfo {
  readonly name: string;
  readonly fqdn?: string;
  readonly addresses: Set<IpAddress>;
  readonly folder: string;

  constructor(
    readonly uri: string,
    readonly model: ConfigModel,
  ) {
    const facts = factsOf(model);
    this.name = routerName(model) ?? fileName(uri);
    this.fqdn = facts.fqdn;
    this.addresses = facts.addresses;
    this.folder = uri.slice(0, uri.lastIndexOf("/") + 1);
  }

  get interfaces(): Map<string, Interface> {
    return interfacesOf(this.model);
  }
}

/** Builds the router view of a config. */
export function routerInfo(config: WorkspaceConfig): RouterInfo {
  return new Router(config.uri, config.model);
}

/** The last segment of a URI, decoded, for naming a config without a hostname. */
export function fileName(uri: string): string {
  const printed = printedConfigPlace(uri);
  if (printed) {
    return printed;
  }
  const last = uri.split(/[\\/]/).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** True when a hostname written in a `set peer` or key line names this router (with or without its domain). */
export function namesRouter(router: RouterInfo, name: string): boolean {
  const n = name.toLowerCase();
  const host = router.model.hostname?.name.toLowerCase();
  return n === router.fqdn || (host !== undefined && n === host);
}

/** The interface a reference names. */
export function lookupInterface(
  router: RouterInfo,
  ref: Reference | undefined,
): Interface | undefined {
  return ref ? router.interfaces.get(interfaceKey(ref.name)) : undefined;
}

/** The primary address of an interface (the first that is not secondary). */
export function primaryAddress(
  iface: Interface | undefined,
): number | undefined {
  if (!iface) {
    return undefined;
  }
  return (iface.addresses.find((a) => !a.secondary) ?? iface.addresses[0])
    ?.address;
}

/** A `local-address` written as an interface or an address, resolved to an address. */
export function resolveLocal(
  router: RouterInfo,
  local: { interface?: Reference; address?: number } | undefined,
): number | undefined {
  if (!local) {
    return undefined;
  }
  return (
    local.address ?? primaryAddress(lookupInterface(router, local.interface))
  );
}

/** The interfaces a crypto map is applied to, the ones that are up first (do not modify the array). */
export function mapInterfaces(
  router: RouterInfo,
  map: CryptoMap,
): readonly Interface[] {
  const facts = factsOf(router.model);
  return (map.ipv6 ? facts.onMap6 : facts.onMap).get(map.name) ?? NO_INTERFACES;
}
const NO_INTERFACES: readonly Interface[] = [];

/** The interfaces with `tunnel protection` and a `tunnel destination`, multipoint GRE or virtual templates, in config order (do not modify the array). */
export function protectedTunnels(router: RouterInfo): readonly Interface[] {
  return factsOf(router.model).protectedTunnels;
}

/** The interface that owns an address on this router (the first that has it). */
export function interfaceOwning(
  router: RouterInfo,
  address: IpAddress,
): Interface | undefined {
  const facts = factsOf(router.model);
  if (!facts.owning) {
    facts.owning = new Map();
    for (const iface of router.model.interfaces) {
      for (const a of iface.addresses) {
        if (!facts.owning.has(a.address)) {
          facts.owning.set(a.address, iface);
        }
      }
      for (const a of iface.addresses6 ?? []) {
        if (!a.linkLocal && !a.eui64 && !facts.owning.has(a.prefix.address)) {
          facts.owning.set(a.prefix.address, iface);
        }
      }
    }
  }
  return facts.owning.get(address);
}
