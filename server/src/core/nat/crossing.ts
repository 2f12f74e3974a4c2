import type { ConfigModel, Interface } from "../config/model";
import { nodeRange } from "../config/tree";
import type { RelatedInfo } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import type { IpAddress } from "../ipv6/address";
import { isPrivateAddress, privateBlockOf } from "../knowledge/addressBlocks";
import { effectiveAddress, type Endpoint } from "../peers/endpoint";
import { lookupInterface, type RouterInfo } from "../peers/router";

/**
 * Whether the path between two IPsec peers crosses a NAT device, judged from the configs alone.
 * Two facts give it away: a router that talks from a private address to a public one (the
 * Internet does not carry private addresses, so something translates them), and a peer reached at
 * an address it does not own while its own address is private (the address is the NAT device's).
 *
 * This judgement reads two ends and nothing else, so the pairing uses it too (a peer reached at
 * its NAT device's address still pairs) without depending on the workspace analysis.
 */

/** Which end of a tunnel sits behind a NAT device ("both": each behind its own). */
export type NatSide = "self" | "peer" | "both";

/** A tunnel end of this router whose path crosses NAT, and why we believe so. */
export interface NatCrossing {
  /** The end on the router being checked. */
  end: Endpoint;
  /** The other end, when the workspace holds it. */
  other?: Endpoint;
  behind: NatSide;
  /** One sentence for messages: the evidence. */
  reason: string;
  related: RelatedInfo[];
}

/**
 * Interface lookups of one config, built once: the pairing judges every candidate pair and the
 * NAT checks every end of a hub, and a scan of thousands of interfaces each time was quadratic.
 */
interface InterfaceLookups {
  /** Address → the first interface (in config order) that has it, as `interfaceOwning` answers. */
  owning: Map<number, Interface>;
  /** Crypto map name → the first interface carrying it that is up, else the first one shut down (`mapInterfaces(...)[0]`). */
  firstOnMap: Map<string, { up?: Interface; shut?: Interface }>;
}

const LOOKUPS = new WeakMap<ConfigModel, InterfaceLookups>();

function lookupsOf(router: RouterInfo): InterfaceLookups {
  let lookups = LOOKUPS.get(router.model);
  if (!lookups) {
    lookups = { owning: new Map(), firstOnMap: new Map() };
    for (const iface of router.model.interfaces) {
      for (const a of iface.addresses) {
        if (!lookups.owning.has(a.address)) {
          lookups.owning.set(a.address, iface);
        }
      }
      const map = iface.cryptoMap?.name;
      if (map !== undefined) {
        let first = lookups.firstOnMap.get(map);
        if (!first) {
          first = {};
          lookups.firstOnMap.set(map, first);
        }
        if (iface.shutdown) {
          first.shut ??= iface;
        } else {
          first.up ??= iface;
        }
      }
    }
    LOOKUPS.set(router.model, lookups);
  }
  return lookups;
}

/** The first interface of the router that has the address. */
function owningInterface(
  router: RouterInfo,
  address: number,
): Interface | undefined {
  return lookupsOf(router).owning.get(address);
}

/** The interface that carries an end's IPsec packets. */
export function endInterface(end: Endpoint): Interface | undefined {
  if (end.tunnel) {
    const source = end.tunnel.tunnel.source;
    return source?.interface
      ? lookupInterface(end.router, source.interface)
      : source?.address !== undefined
        ? owningInterface(end.router, source.address)
        : undefined;
  }
  if (end.map) {
    const local = ipv4Of(end.explicitLocal);
    if (local !== undefined) {
      return owningInterface(end.router, local);
    }
    const first = lookupsOf(end.router).firstOnMap.get(end.map.name);
    return first?.up ?? first?.shut;
  }
  return undefined;
}

function isPrivate(address: number | undefined): address is number {
  return address !== undefined && isPrivateAddress(address);
}

function isPublic(address: number | undefined): address is number {
  return address !== undefined && !isPrivateAddress(address);
}

/** Related information on the line that gives an end's address, in its own file. */
function addressLine(
  end: Endpoint,
  address: number,
  selfUri: string,
  message: string,
): RelatedInfo[] {
  const iface = owningInterface(end.router, address) ?? endInterface(end);
  const node =
    iface?.addresses.find((a) => a.address === address)?.node ?? iface?.node;
  if (!node) {
    return [];
  }
  return [
    {
      uri: end.router.uri === selfUri ? undefined : end.router.uri,
      range: nodeRange(node),
      message,
    },
  ];
}

/**
 * Judges one end against its peer (when known). The order puts the most telling evidence first:
 * a peer address that belongs to a NAT device, then a private address talking to a public one,
 * then an `ip nat inside` crypto interface.
 */
/**
 * The address when it is IPv4: NAT is judged between IPv4 addresses only (IPv6 tunnels cross no
 * NAT device in the configs this reads).
 */
function ipv4Of(address: IpAddress | undefined): number | undefined {
  return typeof address === "number" ? address : undefined;
}

export function judgeCrossing(
  mine: Endpoint,
  theirs: Endpoint | undefined,
): NatCrossing | undefined {
  const uri = mine.router.uri;
  const mineOwn = ipv4Of(effectiveAddress(mine, theirs));
  const theirsOwn = theirs ? ipv4Of(effectiveAddress(theirs, mine)) : undefined;
  const pointsTo = ipv4Of(mine.remote);
  const pointedAt = ipv4Of(theirs?.remote);
  const peerName = theirs?.router.name ?? "the peer";
  // An end that owns the address its peer points at but talks from another one (a tunnel
  // sourced from a loopback) is misconfigured, not behind NAT: `tunnelSourceIssue` says so.
  if (
    theirs &&
    ((pointsTo !== undefined &&
      theirsOwn !== pointsTo &&
      theirs.router.addresses.has(pointsTo)) ||
      (pointedAt !== undefined &&
        mineOwn !== pointedAt &&
        mine.router.addresses.has(pointedAt)))
  ) {
    return undefined;
  }
  if (
    theirs &&
    isPublic(pointsTo) &&
    isPrivate(theirsOwn) &&
    !theirs.router.addresses.has(pointsTo)
  ) {
    return {
      end: mine,
      other: theirs,
      behind: "peer",
      reason: `${mine.label} points at ${formatIpv4(pointsTo)}, which ${peerName} does not own: ${peerName} talks from the private address ${formatIpv4(theirsOwn)}, so ${formatIpv4(pointsTo)} is the NAT device that translates it`,
      related: addressLine(
        theirs,
        theirsOwn,
        uri,
        `${peerName}'s own address ${formatIpv4(theirsOwn)} is private`,
      ),
    };
  }
  if (
    theirs &&
    isPublic(pointedAt) &&
    isPrivate(mineOwn) &&
    !mine.router.addresses.has(pointedAt)
  ) {
    return {
      end: mine,
      other: theirs,
      behind: "self",
      reason: `${peerName} points at ${formatIpv4(pointedAt)} for this router, which talks from the private address ${formatIpv4(mineOwn)}: a NAT device translates one into the other`,
      related: [
        {
          uri: theirs.router.uri === uri ? undefined : theirs.router.uri,
          range: theirs.anchor,
          message: `${peerName} (${theirs.label}) points at ${formatIpv4(pointedAt)}`,
        },
        ...addressLine(
          mine,
          mineOwn,
          uri,
          `this router's address ${formatIpv4(mineOwn)} is private`,
        ),
      ],
    };
  }
  if (isPrivate(mineOwn) && isPublic(pointsTo ?? theirsOwn)) {
    const far = (pointsTo ?? theirsOwn)!;
    return {
      end: mine,
      other: theirs,
      behind: "self",
      reason: `${mine.label} talks from the private address ${formatIpv4(mineOwn)} to the public address ${formatIpv4(far)}: only a NAT device can carry that`,
      related: addressLine(
        mine,
        mineOwn,
        uri,
        `private address ${formatIpv4(mineOwn)} (${privateBlockOf(mineOwn)!.source})`,
      ),
    };
  }
  if (theirs && isPrivate(theirsOwn) && isPublic(mineOwn)) {
    return {
      end: mine,
      other: theirs,
      behind: "peer",
      reason: `${peerName} talks from the private address ${formatIpv4(theirsOwn)} to this router's public address ${formatIpv4(mineOwn)}: only a NAT device can carry that`,
      related: addressLine(
        theirs,
        theirsOwn,
        uri,
        `${peerName}'s address ${formatIpv4(theirsOwn)} is private`,
      ),
    };
  }
  const theirsIface = theirs ? endInterface(theirs) : undefined;
  if (theirs && theirsIface?.nat?.side === "inside" && isPrivate(theirsOwn)) {
    return {
      end: mine,
      other: theirs,
      behind: "peer",
      reason: `${peerName}'s crypto interface ${theirsIface.name} is \`ip nat inside\` with the private address ${formatIpv4(theirsOwn)}: its IPsec packets leave through NAT`,
      related: [
        {
          uri: theirs.router.uri === uri ? undefined : theirs.router.uri,
          range: nodeRange(theirsIface.nat.node),
          message: `${peerName}: ip nat inside on ${theirsIface.name}`,
        },
      ],
    };
  }
  const mineIface = endInterface(mine);
  if (mineIface?.nat?.side === "inside" && isPrivate(mineOwn)) {
    return {
      end: mine,
      other: theirs,
      behind: "self",
      reason: `the crypto interface ${mineIface.name} is \`ip nat inside\` with the private address ${formatIpv4(mineOwn)}: the IPsec packets leave through NAT`,
      related: [
        {
          range: nodeRange(mineIface.nat.node),
          message: `ip nat inside on ${mineIface.name}`,
        },
      ],
    };
  }
  return undefined;
}

/**
 * True when an end looks hidden behind a NAT device of its own while pointing at another one: it
 * points at a public address its router does not own, from a private address of its own. Whether
 * any router of the workspace owns that address is the pairing's question, not this one's.
 */
export function pointsOutFromPrivate(end: Endpoint): boolean {
  const remote = ipv4Of(end.remote);
  return (
    isPublic(remote) &&
    remote !== 0 &&
    !end.router.addresses.has(remote) &&
    isPrivate(ipv4Of(end.explicitLocal ?? end.interfaceLocal))
  );
}

/**
 * Judges two ends that each sit behind a NAT device of their own: each points at a public address
 * the other does not own (the other's NAT device) from a private address. Both ends must fit;
 * the evidence that they are each other's peer (mirrored crypto ACLs...) is the pairing's.
 */
export function judgeMutualNat(
  mine: Endpoint,
  theirs: Endpoint,
): NatCrossing | undefined {
  if (
    mine.router === theirs.router ||
    !pointsOutFromPrivate(mine) ||
    !pointsOutFromPrivate(theirs) ||
    theirs.router.addresses.has(mine.remote!) ||
    mine.router.addresses.has(theirs.remote!)
  ) {
    return undefined;
  }
  const uri = mine.router.uri;
  // pointsOutFromPrivate held both ends to IPv4 addresses.
  const mineOwn = (mine.explicitLocal ?? mine.interfaceLocal) as number;
  const theirsOwn = (theirs.explicitLocal ?? theirs.interfaceLocal) as number;
  const mineRemote = mine.remote as number;
  const theirsRemote = theirs.remote as number;
  const peerName = theirs.router.name;
  return {
    end: mine,
    other: theirs,
    behind: "both",
    reason: `${mine.router.name}'s ${mine.label} points at ${formatIpv4(mineRemote)} and ${peerName}'s ${theirs.label} at ${formatIpv4(theirsRemote)}, addresses neither router owns, while ${mine.router.name} talks from the private address ${formatIpv4(mineOwn)} and ${peerName} from ${formatIpv4(theirsOwn)}: each points at the NAT device in front of the other`,
    related: [
      {
        uri: theirs.router.uri === uri ? undefined : theirs.router.uri,
        range: theirs.anchor,
        message: `${peerName} (${theirs.label}) points at ${formatIpv4(theirsRemote)}, this router's NAT device`,
      },
      ...addressLine(
        mine,
        mineOwn,
        uri,
        `this router's address ${formatIpv4(mineOwn)} is private`,
      ),
      ...addressLine(
        theirs,
        theirsOwn,
        uri,
        `${peerName}'s address ${formatIpv4(theirsOwn)} is private`,
      ),
    ],
  };
}
