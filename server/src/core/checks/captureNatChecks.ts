import type { CaptureModel } from "../capture/model";
import { routerName } from "../config/model";
import { nodeRange } from "../config/tree";
import type { Finding, RelatedInfo } from "../diagnostics/finding";
import { parseIpv4 } from "../ipv4/address";
import { natTransparencyFix } from "../fixes/natEdits";
import {
  describeVerdict,
  natDiscoveries,
  type NatDiscovery,
} from "../nat/natDiscovery";
import type { CaptureCheck, CheckContext, WorkspaceConfig } from "./check";

/**
 * NAT discovery in a capture: the verdict of each exchange (log-nat-detected), and, when the
 * workspace holds the config of the router that printed it or of its peer, what that verdict
 * means for the config: NAT transparency turned off, or an AH transform, across a NAT path.
 */

/** Advice that follows each verdict. */
const ADVICE = {
  none: "Every firewall on the path must pass UDP 500 and ESP (IP protocol 50).",
  nat: "UDP 4500 must pass both ways, AH cannot cross NAT, and `crypto isakmp nat keepalive` keeps the NAT mapping open while the tunnel is idle.",
} as const;

function natDetectedFinding(d: NatDiscovery): Finding {
  const where = d.router ? `${d.router}: ` : "";
  const related: RelatedInfo[] = d.signals
    .filter(
      (s) =>
        s !== d.decisive && (s.signature.kind === "hash" || s === d.port4500),
    )
    .map((s) => ({ range: s.range, message: s.signature.label }));
  const head =
    d.decisive.signature.kind === "port-4500"
      ? `${where}NAT traversal: ${describeVerdict(d.verdict, d.peer)}.`
      : `${where}NAT discovery: ${describeVerdict(d.verdict, d.peer)}.`;
  return {
    code: "log-nat-detected",
    range: d.decisive.range,
    message: `${head} ${d.decisive.signature.explanation} ${d.verdict === "none" ? ADVICE.none : ADVICE.nat}`,
    related,
  };
}

/** The configs of the workspace that belong to the capture's router or its peer. */
function configsOf(
  d: NatDiscovery,
  ctx: CheckContext,
): { config: WorkspaceConfig; role: "router" | "peer" }[] {
  const out: { config: WorkspaceConfig; role: "router" | "peer" }[] = [];
  const router = d.router?.toLowerCase();
  const peer = d.peer !== undefined ? parseIpv4(d.peer) : undefined;
  for (const config of ctx.workspace?.configs ?? []) {
    const host = config.model.hostname?.name.toLowerCase();
    if (router !== undefined && host === router) {
      out.push({ config, role: "router" });
    } else if (
      peer !== undefined &&
      config.model.interfaces.some((i) =>
        i.addresses.some((a) => a.address === peer),
      )
    ) {
      out.push({ config, role: "peer" });
    }
  }
  return out;
}

/** Config findings that a NAT verdict reveals, reported on the capture line with the config line related. */
function configFindings(d: NatDiscovery, ctx: CheckContext): Finding[] {
  if (d.verdict === "none") {
    return [];
  }
  const out: Finding[] = [];
  for (const { config, role } of configsOf(d, ctx)) {
    const model = config.model;
    const name = routerName(model) ?? "the router";
    const node = model.natTransparencyDisabled;
    if (node) {
      const fix = natTransparencyFix(model);
      out.push({
        code: "nat-t-disabled",
        range: d.decisive.range,
        message: `This capture shows NAT on the path (${describeVerdict(d.verdict, d.peer)}), but ${name}${role === "peer" ? ", the peer," : ""} has NAT transparency turned off: ESP cannot cross the NAT device without NAT-T, so the tunnel carries nothing.`,
        related: [
          {
            uri: config.uri,
            range: nodeRange(node),
            message: `${name}: no crypto ipsec nat-transparency udp-encapsulation`,
          },
        ],
        fixes: fix
          ? [
              {
                ...fix,
                edits: fix.edits.map((e) => ({ ...e, uri: config.uri })),
              },
            ]
          : [],
      });
    }
    for (const set of model.transformSets) {
      const ah = set.transforms.find((t) =>
        t.name.toLowerCase().startsWith("ah-"),
      );
      const used = model.references.some(
        (r) => r.kind === "transform-set" && r.name === set.name,
      );
      if (!ah || !used) {
        continue;
      }
      out.push({
        code: "ah-through-nat",
        range: d.decisive.range,
        message: `This capture shows NAT on the path (${describeVerdict(d.verdict, d.peer)}), but ${name}'s transform set ${set.name} uses ${ah.name}: AH signs the outer IP header that NAT rewrites, so its packets fail the integrity check. Use ESP authentication instead.`,
        related: [
          {
            uri: config.uri,
            range: ah.range,
            message: `${name}: ${ah.name} in transform set ${set.name}`,
          },
        ],
      });
    }
  }
  return out;
}

/** The NAT capture check family. */
export const captureNatChecks: CaptureCheck = {
  id: "captureNatChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const out: Finding[] = [];
    for (const d of natDiscoveries(model)) {
      out.push(natDetectedFinding(d), ...configFindings(d, ctx));
    }
    return out;
  },
};
