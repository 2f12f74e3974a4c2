import { pushAt } from "../collections/multiMap";
import type { AclEntry, ConfigModel, CryptoMapEntry } from "../config/model";
import { remoteNetworkMisses } from "../config/remoteNetworks";
import { describeRoute } from "../config/routingView";
import type { ConfigNode } from "../config/tree";
import { zoneOf } from "../config/zoneFirewall";
import { lanDrop, mapTransits } from "../config/zoneTransit";
import { describeWildcard } from "../ipv4/address";
import {
  describeMapEntry,
  describePacket,
  describeTraffic,
  vpnNatLeaks,
} from "../nat/exemption";
import type { Endpoint } from "./endpoint";

/**
 * The protected traffic of a crypto map end that never meets its map, for a fault of the end's
 * own config: NAT translates it first (`nat-not-exempted`, `static-nat-breaks-vpn`), or the
 * router routes its remote network elsewhere or nowhere (`no-route-to-remote-network`). The SAs
 * do not care (they can still be negotiated), but that traffic is never encrypted: it leaves in
 * clear or is dropped. And since a crypto map starts IKE only for a packet that matches it on
 * its way out, an end none of whose protected traffic meets the map never starts the tunnel.
 * The decisions are the checks' own (`vpnNatLeaks`, `remoteNetworkMisses`), read here.
 */

/** The codes of the single-config findings behind unencrypted traffic. */
export type DataPlaneCode =
  | "nat-not-exempted"
  | "static-nat-breaks-vpn"
  | "no-route-to-remote-network"
  | "zone-firewall-blocks-protected-traffic";

/** Protected traffic of an end that never meets its crypto map. */
export interface UnencryptedTraffic {
  end: Endpoint;
  code: DataPlaneCode;
  /** The line the single-config finding sits on: the NAT rule, or the crypto ACL line. */
  node: ConfigNode;
  /** The crypto ACL line whose traffic it is. */
  acl: AclEntry;
  /** True when all the line's traffic is concerned, not only some of its packets. */
  whole: boolean;
  /** Why, in a sentence that names the router. */
  reason: string;
}

/** A fault of a config, before it is told for an end (its router's name). */
interface Fault {
  code: DataPlaneCode;
  node: ConfigNode;
  acl: AclEntry;
  whole: boolean;
  /** The reason after the router's name. */
  text: string;
}

const FAULTS = new WeakMap<ConfigModel, Map<CryptoMapEntry, Fault[]>>();
const NO_FAULTS: Map<CryptoMapEntry, Fault[]> = new Map();

/** Every fault of a config by the crypto map entry (static or dynamic) whose traffic it takes, once per model. */
function faultsOf(model: ConfigModel): Map<CryptoMapEntry, Fault[]> {
  let byEntry = FAULTS.get(model);
  if (byEntry) {
    return byEntry;
  }
  const leaks = vpnNatLeaks(model);
  const misses = remoteNetworkMisses(model);
  const blocked = mapTransits(model).flatMap((t) => {
    const drop = lanDrop(model, t);
    return drop ? [{ t, ...drop }] : [];
  });
  if (!leaks.length && !misses.length && !blocked.length) {
    // Most configs: one shared empty index rather than one per model.
    FAULTS.set(model, NO_FAULTS);
    return NO_FAULTS;
  }
  byEntry = new Map();
  const add = (entry: CryptoMapEntry, fault: Fault) =>
    pushAt(byEntry!, entry, fault);
  for (const { rule, leaks: ruleLeaks } of leaks) {
    const line = `\`${rule.node.text.trim()}\``;
    for (const leak of ruleLeaks) {
      const t = leak.traffic;
      // A static rule translates one host (or one port of it), never a whole line's traffic.
      const whole = rule.kind !== "static" && leak.whole === true;
      const what = whole
        ? describeTraffic(t.rule)
        : `part of ${describeTraffic(t.rule)} (for example ${describePacket(leak.witness)})`;
      add(t.entry, {
        code:
          rule.kind === "static" ? "static-nat-breaks-vpn" : "nat-not-exempted",
        node: rule.node,
        acl: t.rule,
        whole,
        text: `translates ${what} with ${line} before ${describeMapEntry(t)} on ${t.iface.name} sees it: the translated packets no longer match crypto ACL ${t.acl.name}, so they leave unencrypted even while the SAs are up`,
      });
    }
  }
  for (const miss of misses) {
    const network = describeWildcard(miss.line.destination);
    const where = `the remote network of crypto ACL ${miss.acl.name} (crypto map ${miss.map.name} ${miss.entry.sequence})`;
    const through = miss.applications.map((a) => a.iface.name).join(", ");
    add(miss.entry, {
      code: "no-route-to-remote-network",
      node: miss.line.node,
      acl: miss.line,
      whole: true,
      text:
        miss.route && miss.exit
          ? `routes ${network}, ${where}, out of ${miss.exit.name} by ${describeRoute(miss.route)}, not through ${through} where the map is applied: that traffic leaves unencrypted or is lost, even while the SAs are up`
          : `has no route for ${network}, ${where}: that traffic is dropped before it can leave through ${through} and meet the map, even while the SAs are up`,
    });
  }
  for (const { t, node, lines, policy } of blocked) {
    const zones = `${t.lan.name} (${zoneOf(model, t.lan) ?? "no zone"}) and ${t.crypto.name} (${zoneOf(model, t.crypto) ?? "no zone"})${policy ? `, by policy-map ${policy.policy} of zone-pair ${policy.pair.name}` : ""}`;
    for (const { entry, line } of t.protects) {
      if (lines && !lines.has(line.node)) {
        continue;
      }
      add(entry, {
        code: "zone-firewall-blocks-protected-traffic",
        node,
        acl: line,
        whole: true,
        text: `drops ${describeTraffic(line)} in its zone-based firewall between ${zones}, before crypto map ${t.map} sees it: that traffic never meets the map, even while the SAs are up`,
      });
    }
  }
  FAULTS.set(model, byEntry);
  return byEntry;
}

const NONE: readonly UnencryptedTraffic[] = [];

/** The protected traffic of a crypto map end (static or dynamic) that never meets its map. */
export function unencryptedTraffic(
  end: Endpoint,
): readonly UnencryptedTraffic[] {
  if (end.kind === "tunnel" || !end.entry) {
    return NONE;
  }
  const faults = faultsOf(end.router.model).get(end.entry);
  if (!faults) {
    return NONE;
  }
  return faults.map((f) => ({
    end,
    code: f.code,
    node: f.node,
    acl: f.acl,
    whole: f.whole,
    reason: `${end.router.name} ${f.text}`,
  }));
}

/**
 * Why an end never starts its tunnel, when none of the traffic its entry protects meets the
 * map: every permit line of its crypto ACL is wholly taken by a fault. A line only partly taken
 * still starts the tunnel with its other packets, so undefined then.
 */
export function neverTriggers(
  end: Endpoint,
  faults: readonly UnencryptedTraffic[],
): string | undefined {
  const whole = faults.filter((f) => f.whole);
  const acl =
    whole.length && end.entry?.matchAddress
      ? end.router.model.acls.get(end.entry.matchAddress.name)
      : undefined;
  const permits = acl?.entries.filter((e) => e.action === "permit") ?? [];
  const taken = new Set(whole.map((f) => f.acl));
  if (!permits.length || permits.some((e) => !taken.has(e))) {
    return undefined;
  }
  const codes = [...new Set(whole.map((f) => f.code))];
  return `${end.router.name} never starts it: a crypto map starts IKE only for a packet that matches it on its way out, and none of the traffic ${end.label} protects ever meets the map (${codes.join(", ")}: see unencrypted)`;
}
