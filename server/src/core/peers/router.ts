import type { WorkspaceConfig } from "../checks/check";
import type {
  ConfigModel,
  CryptoMap,
  Interface,
  Reference,
} from "../config/model";
import { interfaceKey } from "../config/parser";

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
  addresses: Set<number>;
  interfaces: Map<string, Interface>;
}

/** Builds the router view of a config. */
export function routerInfo(config: WorkspaceConfig): RouterInfo {
  const { model, uri } = config;
  const interfaces = new Map<string, Interface>();
  const addresses = new Set<number>();
  for (const iface of model.interfaces) {
    interfaces.set(iface.key, iface);
    for (const a of iface.addresses) {
      addresses.add(a.address);
    }
  }
  // A keyring or isakmp profile bound to an address written as such names one of the router's own.
  for (const bound of [...model.keyrings, ...model.isakmpProfiles]) {
    if (bound.localAddress?.address !== undefined) {
      addresses.add(bound.localAddress.address);
    }
  }
  const hostname = model.hostname?.name;
  const domain = model.domainName?.name;
  return {
    uri,
    model,
    name: hostname ?? fileName(uri),
    fqdn: hostname
      ? (domain ? `${hostname}.${domain}` : hostname).toLowerCase()
      : undefined,
    addresses,
    interfaces,
  };
}

/** The last segment of a URI, decoded, for naming a config without a hostname. */
export function fileName(uri: string): string {
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

/** The interfaces a crypto map is applied to, the ones that are up first. */
export function mapInterfaces(router: RouterInfo, map: CryptoMap): Interface[] {
  const out = router.model.interfaces.filter(
    (i) => i.cryptoMap?.name === map.name,
  );
  return [...out.filter((i) => !i.shutdown), ...out.filter((i) => i.shutdown)];
}

/** The interface that owns an address on this router. */
export function interfaceOwning(
  router: RouterInfo,
  address: number,
): Interface | undefined {
  return router.model.interfaces.find((i) =>
    i.addresses.some((a) => a.address === address),
  );
}
