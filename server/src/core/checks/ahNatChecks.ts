import { cryptoView } from "../config/cryptoPeers";
import type { Interface, Transform, TransformSet } from "../config/model";
import type { Finding } from "../diagnostics/finding";
import { espInsteadOfAh, espOf } from "../fixes/transformSetEdits";
import type { ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * AH signs the outer IP header, addresses included, so any address translation of the IPsec
 * packets makes the peer reject them; NAT-T carries ESP only. An AH transform on an interface
 * that takes part in NAT is a tunnel that breaks as soon as translation touches it.
 */
export const ahNatChecks: ConfigCheck = {
  id: "ahNatChecks",
  run(model) {
    const view = cryptoView(model);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const peer of view.peers) {
      for (const iface of peer.interfaces) {
        const nat = iface.nat?.node ?? iface.natEnable;
        if (!nat) {
          continue;
        }
        for (const set of peer.transformSets) {
          for (const transform of set.transforms) {
            if (!transform.name.startsWith("ah-")) {
              continue;
            }
            const key = `${set.name}|${iface.key}`;
            if (seen.has(key)) {
              continue;
            }
            seen.add(key);
            out.push(finding(set, transform, iface, nat));
          }
        }
      }
    }
    return out;
  },
};

function finding(
  set: TransformSet,
  transform: Transform,
  iface: Interface,
  nat: NonNullable<Interface["natEnable"]>,
): Finding {
  return {
    code: "ah-through-nat",
    range: transform.range,
    message: `Transform set ${set.name} uses AH (${transform.name}) on ${iface.name}, which takes part in NAT (\`${nat.text.trim()}\`): AH's integrity check covers the outer IP addresses, so any translation of the IPsec packets makes the peer drop them, and NAT-T cannot carry AH. Use ESP authentication (${espOf(transform)}) instead, on both peers.`,
    related: [relatedLine(nat, `${iface.name} does NAT`)],
    fixes: [espInsteadOfAh(set, transform)],
  };
}
