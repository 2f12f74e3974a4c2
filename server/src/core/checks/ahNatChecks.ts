import { cryptoView } from "../config/cryptoPeers";
import type { Interface, Transform, TransformSet } from "../config/model";
import type { Finding, Fix } from "../diagnostics/finding";
import { replaceRange } from "../fixes/configEdits";
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
  const hasEspAuth = set.transforms.some((t) =>
    /^esp-.*(hmac|mac)$/.test(t.name),
  );
  const hasEsp = set.transforms.some((t) => t.name.startsWith("esp-"));
  // ESP authentication protects the payload, not the outer addresses, so it survives NAT.
  const replacement = transform.name.replace(/^ah-/, "esp-");
  const fixes: Fix[] = [];
  const line = set.node.text;
  if (hasEspAuth) {
    // Remove the AH transform with the spaces before it.
    let from = transform.range.start.character;
    while (from > 0 && line[from - 1] === " ") {
      from--;
    }
    const cut = {
      start: { line: transform.range.start.line, character: from },
      end: transform.range.end,
    };
    const removed = (
      line.slice(set.node.indent, from) +
      line.slice(transform.range.end.character)
    ).trimEnd();
    fixes.push({
      title: `Drop ${transform.name} from transform set ${set.name}: ESP already authenticates (change the peer to match)`,
      edits: [replaceRange(cut, "")],
      cli: [removed],
    });
  } else if (hasEsp) {
    const newLine = (
      line.slice(set.node.indent, transform.range.start.character) +
      replacement +
      line.slice(transform.range.end.character)
    ).trimEnd();
    fixes.push({
      title: `Use ${replacement} instead of ${transform.name} (change the peer to match)`,
      edits: [replaceRange(transform.range, replacement)],
      cli: [newLine],
    });
  }
  return {
    code: "ah-through-nat",
    range: transform.range,
    message: `Transform set ${set.name} uses AH (${transform.name}) on ${iface.name}, which takes part in NAT (\`${nat.text.trim()}\`): AH's integrity check covers the outer IP addresses, so any translation of the IPsec packets makes the peer drop them, and NAT-T cannot carry AH. Use ESP authentication (${replacement}) instead, on both peers.`,
    related: [relatedLine(nat, `${iface.name} does NAT`)],
    fixes,
  };
}
