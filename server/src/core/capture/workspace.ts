import type { CheckContext, WorkspaceConfig } from "../checks/check";
import {
  routerName,
  type ConfigModel,
  type CryptoMapEntry,
  type TransformSet,
} from "../config/model";
import { ownsAddress } from "../config/cryptoPeers";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import { parseIpv6 } from "../ipv6/address";
import { routerAt } from "./describe";
import { configsAt } from "./runningConfigs";
import type { CaptureModel, Exchange } from "./model";

/**
 * From a capture to the configs it is about. The prompt names the router that printed a line
 * (`Tokyo#`), and the exchange names its peer by address; the workspace's configs are matched by
 * host name, then by addresses (a configuration the capture itself prints counts as one of them,
 * see `runningConfigs.ts`). Checks use this to point related information at the config line
 * at fault and to make quick fixes that edit that config.
 */

/** The router of a capture line and its peer, as configs of the workspace. */
export interface CaptureRouters {
  /** The config of the router that printed the line. */
  self?: WorkspaceConfig;
  /** The config of the peer (the one that owns the peer address). */
  peer?: WorkspaceConfig;
  /** The router's host name from the capture. */
  hostname?: string;
  /** The peer address from the capture. */
  peerAddress?: string;
  /** This router's address toward the peer, when known. */
  localAddress?: string;
}

/** The crypto map entries (of applied or unapplied maps) that name this peer. */
export function entriesForPeer(
  model: ConfigModel,
  peer: number,
): CryptoMapEntry[] {
  const out: CryptoMapEntry[] = [];
  for (const map of model.cryptoMaps.values()) {
    for (const entry of map.entries) {
      if (entry.peers.some((p) => p.address === peer)) {
        out.push(entry);
      }
    }
  }
  return out;
}

/** The address a router uses toward a peer: its crypto map interface's address, when it has one. */
export function addressToward(
  model: ConfigModel,
  peer: number,
): number | undefined {
  const maps = new Set(
    [...model.cryptoMaps.values()]
      .filter((m) =>
        m.entries.some((e) => e.peers.some((p) => p.address === peer)),
      )
      .map((m) => m.name),
  );
  for (const i of model.interfaces) {
    if (i.cryptoMap && maps.has(i.cryptoMap.name) && i.addresses[0]) {
      return i.addresses[0].address;
    }
  }
  return undefined;
}

/** Finds the configs of the router that printed `line` and of its peer. */
export function captureRouters(
  model: CaptureModel,
  ctx: CheckContext,
  line: number,
  exchange?: Exchange,
  peerHint?: string,
): CaptureRouters {
  const hostname = exchange?.router ?? routerAt(model, line);
  const peerAddress = exchange?.peer ?? peerHint;
  const out: CaptureRouters = { hostname, peerAddress };
  // A configuration the capture prints stands for its router when the workspace has no file of it.
  const configs = configsAt(model, ctx.uri, ctx.workspace, line);
  const peer = peerAddress !== undefined ? parseIpv4(peerAddress) : undefined;
  if (hostname) {
    const host = hostname.toLowerCase();
    out.self = configs.find((c) => routerName(c.model)?.toLowerCase() === host);
  }
  const peer6 =
    peer === undefined && peerAddress !== undefined
      ? parseIpv6(peerAddress)
      : undefined;
  if (peer6 !== undefined) {
    // An IPv6 peer (a tunnel over IPv6): the config with an interface on that address.
    out.peer = configs.find(
      (c) =>
        c !== out.self &&
        c.model.interfaces.some((i) =>
          (i.addresses6 ?? []).some((a) => a.prefix.address === peer6),
        ),
    );
  }
  if (peer !== undefined) {
    out.peer = configs.find(
      (c) => c !== out.self && ownsAddress(c.model, peer),
    );
    // Without a host name, the router is the one whose crypto map or keys name the peer.
    out.self ??= configs.find(
      (c) =>
        c !== out.peer &&
        !ownsAddress(c.model, peer) &&
        (entriesForPeer(c.model, peer).length > 0 ||
          c.model.globalKeys.some((k) => k.address?.address === peer)),
    );
  }
  if (out.self && peer !== undefined) {
    const local = addressToward(out.self.model, peer);
    if (local !== undefined) {
      out.localAddress = formatIpv4(local);
    }
  }
  out.localAddress ??= localFromCapture(exchange);
  return out;
}

/** This router's address as the capture shows it (the `to` of an inbound SA). */
function localFromCapture(exchange: Exchange | undefined): string | undefined {
  const inbound = exchange?.sas.find((s) => s.direction === "inbound");
  return inbound?.to;
}

/** The transform sets a crypto map entry offers. */
export function entryTransformSets(
  model: ConfigModel,
  entry: CryptoMapEntry,
): TransformSet[] {
  return entry.transformSets
    .map((r) => model.transformSets.find((t) => t.name === r.name))
    .filter((t): t is TransformSet => t !== undefined);
}

/** The crypto ACL of an entry (the config model's own lookup, for the capture checks). */
export { entryAcl } from "../config/cryptoPeers";
