import type {
  ConfigModel,
  NatRule,
  Reference,
  Transform,
  TransformSet,
} from "../config/model";
import { nodeRange } from "../config/tree";
import type { Finding, RelatedInfo } from "../diagnostics/finding";
import { describeWildcard, formatIpv4, formatWildcard } from "../ipv4/address";
import {
  exemptionFixes,
  natTransparencyFix,
  policyStaticFix,
} from "../fixes/natEdits";
import { espInsteadOfAh, espOf } from "../fixes/transformSetEdits";
import {
  describeMapEntry,
  describePacket,
  describeTraffic,
  protectedTraffic,
  staticLocal,
  type NatLeak,
  type ProtectedTraffic,
  vpnNatLeaks,
} from "../nat/exemption";
import { endInterface, natCrossings, type NatCrossing } from "../nat/natPath";
import type { CheckContext, ConfigCheck } from "./check";

/**
 * NAT against IPsec on one router: VPN traffic translated before the crypto map sees it
 * (dynamic and static NAT), NAT transparency turned off while the path to a peer crosses NAT, and
 * AH across such a path. Whether a path crosses NAT comes from the other configs of the workspace
 * (and from the addresses alone when a private address talks to a public one).
 */

/** Leaks whose lines a finding lists as related information. */
const MAX_RELATED_LEAKS = 5;

/** The protected traffic and NAT rules that meet on a crypto-map interface. */
function natFindings(model: ConfigModel): Finding[] {
  const found = vpnNatLeaks(model);
  if (!found.length) {
    return [];
  }
  const traffic = protectedTraffic(model);
  return found.map(({ rule, leaks }) =>
    rule.kind === "static"
      ? staticFinding(model, rule, leaks)
      : dynamicFinding(model, rule, leaks, traffic),
  );
}

/** Related lines shared by both NAT findings: the protected entry and the interface where NAT meets the map. */
function leakRelated(leak: NatLeak): RelatedInfo[] {
  const t = leak.traffic;
  const related: RelatedInfo[] = [
    {
      range: nodeRange(t.rule.node),
      message: `protected by ${describeMapEntry(t)}: ${describeTraffic(t.rule)}`,
    },
  ];
  const natLine = t.iface.nat?.node ?? t.iface.natEnable;
  related.push({
    range: natLine ? nodeRange(natLine) : t.iface.nameRange,
    message: `${t.iface.name} translates and encrypts: NAT runs before the crypto map`,
  });
  return related;
}

/** Names the ACL line or route-map clause that sends the traffic to translation. */
function decider(leak: NatLeak): string {
  const { acl, entry, clause } = leak.match;
  const line = entry ? `\`${entry.node.text.trim()}\`` : undefined;
  if (clause) {
    const head = `route-map ${clause.name} ${clause.action} ${clause.sequence}`;
    return line && acl ? `${head} (${line} of ACL ${acl.name})` : head;
  }
  return line && acl ? `${line} of ACL ${acl.name}` : "the rule";
}

/** What exempts the VPN traffic for this kind of rule. */
function cure(model: ConfigModel, rule: NatRule): string {
  if (rule.routeMap) {
    return `Deny the VPN traffic in the route-map's ACL, or match it in a deny clause ahead of the permits.`;
  }
  const acl = rule.acl ? model.acls.get(rule.acl.name) : undefined;
  if (acl?.kind === "standard") {
    return `Standard ACL ${acl.name} matches sources only, so it cannot leave the VPN destinations out: translate through a route-map over an extended ACL that denies the VPN traffic first.`;
  }
  return `Deny the VPN traffic in the NAT ACL before its permit.`;
}

function dynamicFinding(
  model: ConfigModel,
  rule: NatRule,
  leaks: NatLeak[],
  traffic: readonly ProtectedTraffic[],
): Finding {
  const first = leaks[0]!;
  const t = first.traffic;
  const more =
    leaks.length > 1
      ? ` ${leaks.length - 1} more protected ${leaks.length === 2 ? "entry is" : "entries are"} translated too.`
      : "";
  // A few examples point the way; a hub with thousands of entries must not flood the panel.
  const shown = leaks.slice(0, MAX_RELATED_LEAKS);
  const related = shown.flatMap(leakRelated);
  for (const leak of shown) {
    if (leak.match.entry) {
      related.push({
        range: nodeRange(leak.match.entry.node),
        message: `translates ${describeTraffic(leak.traffic.rule)}`,
      });
    }
  }
  return {
    code: "nat-not-exempted",
    range: nodeRange(rule.node),
    message:
      `This NAT rule translates VPN traffic before ${describeMapEntry(t)} on ${t.iface.name} sees it: ` +
      `${describeTraffic(t.rule)} is matched by ${decider(first)} (for example ${describePacket(first.witness)}), ` +
      `so it leaves with a translated source, no longer matches crypto ACL ${t.acl.name} and goes out unencrypted. ` +
      `${cure(model, rule)}${more}`,
    related: dedupe(related),
    fixes: exemptionFixes(model, rule, leaks, traffic),
  };
}

function staticFinding(
  model: ConfigModel,
  rule: NatRule,
  leaks: NatLeak[],
): Finding {
  const first = leaks[0]!;
  const t = first.traffic;
  const local = staticLocal(rule);
  const localText = local ? formatWildcard(local).replace(/^host /, "") : "?";
  const global =
    rule.global !== undefined
      ? formatIpv4(rule.global)
      : rule.interface
        ? `the address of ${rule.interface.name}`
        : "its global address";
  const fix = policyStaticFix(model, rule, leaks);
  // A static port translation takes only that protocol and port: the host's other VPN traffic
  // goes through the dynamic rules (and their exemption) as before.
  const port =
    rule.protocol && rule.localPort !== undefined
      ? `${rule.protocol.toUpperCase()} port ${rule.localPort}`
      : undefined;
  return {
    code: "static-nat-breaks-vpn",
    range: nodeRange(rule.node),
    message: port
      ? `Static port NAT of ${localText} ${port} to ${global} also applies to VPN traffic: ` +
        `what the host sends from ${port} toward ${describeWildcard(t.rule.destination)} (its replies to the remote site's clients of that service; ${describeMapEntry(t)} on ${t.iface.name}) ` +
        `leaves as ${global} and no longer matches crypto ACL ${t.acl.name}. The host's other traffic is not translated by this rule. ` +
        `Policy NAT (a route-map that leaves the VPN traffic out) keeps both working.`
      : `Static NAT of ${localText} to ${global} also applies to its VPN traffic: ` +
        `packets toward ${describeWildcard(t.rule.destination)} (${describeMapEntry(t)} on ${t.iface.name}) ` +
        `leave as ${global} and no longer match crypto ACL ${t.acl.name}. ` +
        `Policy NAT (a route-map that leaves the VPN traffic out) keeps both working.`,
    related: dedupe(leaks.slice(0, MAX_RELATED_LEAKS).flatMap(leakRelated)),
    fixes: fix ? [fix] : [],
  };
}

/** Drops related entries that repeat the same place and message. */
function dedupe(related: RelatedInfo[]): RelatedInfo[] {
  const seen = new Set<string>();
  return related.filter((r) => {
    const key = `${r.uri ?? ""}:${r.range.start.line}:${r.range.start.character}:${r.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** True when the config has anything that a NAT path would break: NAT-T off or an AH transform in use. */
function pathMatters(model: ConfigModel): boolean {
  return (
    model.natTransparencyDisabled !== undefined ||
    model.transformSets.some((s) => s.transforms.some((x) => isAh(x.name)))
  );
}

function isAh(transform: string): boolean {
  return transform.toLowerCase().startsWith("ah-");
}

/** Related entries of a crossing: the evidence, then the tunnel end itself. */
function crossingRelated(c: NatCrossing): RelatedInfo[] {
  return [
    ...c.related,
    { range: c.end.anchor, message: `${c.end.label}: its path crosses NAT` },
  ];
}

function natTransparencyFinding(
  model: ConfigModel,
  crossings: readonly NatCrossing[],
): Finding | undefined {
  const node = model.natTransparencyDisabled;
  const first = crossings[0];
  if (!node || !first) {
    return undefined;
  }
  const fix = natTransparencyFix(model);
  const who =
    first.behind === "self"
      ? "this router sits behind NAT"
      : first.behind === "both"
        ? `this router and ${first.other?.router.name ?? "the peer"} both sit behind NAT`
        : `${first.other?.router.name ?? "the peer"} sits behind NAT`;
  return {
    code: "nat-t-disabled",
    range: nodeRange(node),
    message:
      `NAT transparency is turned off, but ${who}: ${first.reason}. ` +
      `Without NAT-T, IKE cannot move to UDP 4500 and ESP (IP protocol 50, no ports) cannot cross a port-translating NAT device, ` +
      `so the tunnel comes up or half up but carries nothing.`,
    related: dedupe(crossings.flatMap(crossingRelated)),
    fixes: fix ? [fix] : [],
  };
}

/**
 * AH across a NAT path. A crypto interface that does NAT itself is the single-config case
 * (`ah-through-nat` from ahNatChecks, with its fixes); this one reports the path that another
 * router's config or the addresses reveal, and only where that case does not already apply.
 */
function ahFindings(
  model: ConfigModel,
  crossings: readonly NatCrossing[],
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  // The AH transform of the first set of each name (as a lookup resolves it), found once: a hub
  // has thousands of ends and a few sets.
  const ahSets = new Map<string, { set: TransformSet; ah: Transform } | null>();
  for (const set of model.transformSets) {
    if (!ahSets.has(set.name)) {
      const ah = set.transforms.find((x) => isAh(x.name));
      ahSets.set(set.name, ah ? { set, ah } : null);
    }
  }
  const ahOf = (ref: Reference) => {
    const found = ahSets.get(ref.name);
    return found && !seen.has(found.set.name) ? found : undefined;
  };
  for (const c of crossings) {
    const refs: Reference[] =
      c.end.entry?.transformSets ?? c.end.ipsecProfile?.transformSets ?? [];
    // Most ends use no AH set not yet reported: skip them before looking for their interface.
    if (!refs.some((ref) => ahOf(ref))) {
      continue;
    }
    const iface = endInterface(c.end);
    if (iface?.nat || iface?.natEnable) {
      continue;
    }
    for (const ref of refs) {
      const found = ahOf(ref);
      if (!found) {
        continue;
      }
      const { set, ah } = found;
      seen.add(set.name);
      out.push({
        code: "ah-through-nat",
        range: ah.range,
        message:
          `Transform set ${set.name} uses ${ah.name}, but the path of ${c.end.label} crosses NAT: ${c.reason}. ` +
          `AH signs the outer IP header, which the NAT device rewrites, so every packet fails the integrity check ` +
          `(and AH has no ports to carry through NAT-T). Use ESP authentication (${espOf(ah)}) instead.`,
        related: dedupe([
          ...c.related,
          {
            range: ref.range,
            message: `${c.end.label} uses transform set ${set.name}`,
          },
        ]),
        fixes: [espInsteadOfAh(set, ah)],
      });
    }
  }
  return out;
}

/** The NAT check family. */
export const natChecks: ConfigCheck = {
  id: "natChecks",
  run(model: ConfigModel, ctx: CheckContext): Finding[] {
    const findings = natFindings(model);
    if (pathMatters(model)) {
      const crossings = natCrossings({ uri: ctx.uri, model }, ctx.workspace);
      const natT = natTransparencyFinding(model, crossings);
      if (natT) {
        findings.push(natT);
      }
      findings.push(...ahFindings(model, crossings));
    }
    return findings;
  },
};
