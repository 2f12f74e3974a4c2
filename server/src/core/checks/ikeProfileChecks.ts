import { cryptoView, peerLabel, type CryptoPeer } from "../config/cryptoPeers";
import type {
  ConfigModel,
  Ikev2Profile,
  Interface,
  IsakmpProfile,
} from "../config/model";
import {
  ikev2ProfileOf,
  ikev2ProfileProblem,
  isakmpProfileProblem,
  knownVrf,
  mayMatchPrivateIdentity,
  peerText,
} from "../config/profileSelection";
import { interfaceNamed, vrfText } from "../config/routingView";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import {
  childIndent,
  deleteLine,
  insertChild,
  insertLinesAfterLine,
  interfaceCli,
  replaceLine,
} from "../fixes/configEdits";
import { formatIpv4 } from "../ipv4/address";
import { formatIpv6 } from "../ipv6/address";
import {
  servePolicyChange,
  unservedPolicies,
  unservedText,
} from "../peers/ikev2Negotiation";
import { analysisFor, pairsWith } from "../peers/analysis";
import type { CheckContext, ConfigCheck } from "./check";
import { relatedRange } from "./support/checkSupport";

/**
 * The IKE profile a crypto map entry or protected tunnel names must be one IOS can select for
 * that peer. A responder picks an isakmp profile by its `match identity address` lines, each for
 * one front-door VRF (the global table when none is written), and an IKEv2 profile only for the
 * VRF its `match fvrf` names; a profile without any match statement IOS calls incomplete and
 * never uses. The initiator is told the profile by the map or the ipsec profile, so a profile
 * that matches the peer wrongly breaks the tunnel only when the peer starts it: the kind of
 * failure that shows up hours later, at the first rekey the other side begins.
 */
export const ikeProfileChecks: ConfigCheck = {
  id: "ikeProfileChecks",
  run(model, ctx) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const peer of cryptoView(model).peers) {
      if (!peer.ike || !knownVrf(peer)) {
        continue;
      }
      // A hub's hundred tunnels share one profile: an incomplete profile, an IKEv2 profile's
      // `match fvrf` or a match line in the wrong VRF is one finding (one edit cures them all);
      // a peer no line matches needs a line of its own.
      const isakmp = isakmpProfileProblem(peer);
      const ikev2 = isakmp ? undefined : ikev2ProfileProblem(model, peer);
      const key = isakmp
        ? isakmp.kind === "incomplete"
          ? `isakmp|${isakmp.profile.name}`
          : isakmp.match
            ? `isakmp|${isakmp.profile.name}|${isakmp.match.node.line}|${peer.vrf}`
            : `isakmp|${isakmp.profile.name}|${peer.address ?? peer.address6}|${peer.vrf}`
        : ikev2 && `ikev2|${ikev2.profile.name}|${peer.vrf}`;
      if (key === undefined || seen.has(key)) {
        continue;
      }
      seen.add(key);
      const finding = isakmp
        ? isakmpProfileFinding(model, peer)
        : ikev2ProfileFinding(model, peer);
      // The hint that the profile may match a peer's identity behind NAT is moot when the
      // workspace shows that peer behind NAT: the pair analysis judges what it sends.
      if (
        finding?.severity === "information" &&
        reachedThroughNat(model, peer, ctx)
      ) {
        continue;
      }
      if (finding) {
        out.push(finding);
      }
    }
    out.push(...unservedPeers(model));
    out.push(...tunnelInsideVrfs(model));
    return out;
  },
};

/** The VRF a tunnel's IKE and ESP travel in: its `tunnel vrf`, else its source interface's. */
function frontDoorVrf(
  model: ConfigModel,
  tunnel: Interface,
): string | undefined {
  const t = tunnel.tunnel;
  if (t.vrf) {
    return t.vrf.name;
  }
  return interfaceNamed(model, t.source?.interface?.name)?.vrf;
}

/**
 * An inside VRF set in the IKE profile of a protected tunnel interface (`vrf` in an isakmp
 * profile, `ivrf` in an IKEv2 one, named through the tunnel's IPsec profile). With tunnel
 * protection (VTI, GRE over IPsec, DMVPN) the inside VRF belongs to the tunnel interface, and
 * Cisco documents that one defined in the profile can make the IPsec negotiation fail. A virtual
 * template is the exception: there the profile's inside VRF is how each clone gets its own.
 */
function tunnelInsideVrfs(model: ConfigModel): Finding[] {
  const users = new Map<
    IsakmpProfile | Ikev2Profile,
    { vrf: { name: string; node: ConfigNode }; tunnels: Interface[] }
  >();
  for (const iface of model.interfaces) {
    const protection = iface.tunnel.protection;
    if (!protection || iface.shutdown || !iface.key.startsWith("tunnel")) {
      continue;
    }
    const ipsec = model.ipsecProfiles.find((p) => p.name === protection.name);
    const isakmp =
      ipsec?.isakmpProfile &&
      model.isakmpProfiles.find((p) => p.name === ipsec.isakmpProfile!.name);
    const ikev2 =
      ipsec?.ikev2Profile &&
      model.ikev2Profiles.find((p) => p.name === ipsec.ikev2Profile!.name);
    for (const [profile, vrf] of [
      [isakmp, isakmp?.vrf],
      [ikev2, ikev2?.ivrf],
    ] as const) {
      if (profile && vrf) {
        const entry = users.get(profile) ?? { vrf, tunnels: [] };
        entry.tunnels.push(iface);
        users.set(profile, entry);
      }
    }
  }
  const out: Finding[] = [];
  for (const [profile, { vrf, tunnels }] of users) {
    const kind = "keyrings" in profile ? "isakmp" : "IKEv2";
    const line = vrf.node.text.trim();
    const names = tunnels.map((t) => t.name).join(", ");
    const outside = tunnels.filter((t) => t.vrf !== vrf.name);
    // The front-door VRF written where the inside one goes: a usual confusion, cured by removal.
    const frontDoor = outside.length
      ? outside.every((t) => frontDoorVrf(model, t) === vrf.name)
      : false;
    const fixes: Fix[] = [];
    const removal = {
      edits: [deleteLine(model.tree, vrf.node)],
      cli: [profile.node.text.trim(), ` no ${line}`],
    };
    if (
      !frontDoor &&
      outside.length &&
      outside.every((t) => t.vrf === undefined)
    ) {
      // `vrf forwarding` removes an interface's addresses: they are entered again after it.
      const moves = outside.map((t) => ({
        edit: insertLinesAfterLine(model.tree, t.node.line, [
          `${childIndent(t.node)}vrf forwarding ${vrf.name}`,
        ]),
        cli: interfaceCli(t, [
          `vrf forwarding ${vrf.name}`,
          ...t.addresses.map((a) => a.node.text.trim()),
          ...(t.addresses6 ?? []).map((a) => a.node.text.trim()),
        ]),
      }));
      fixes.push({
        title: `Move the inside VRF ${vrf.name} from ${kind} profile ${profile.name} to ${names}`,
        isPreferred: true,
        edits: [...removal.edits, ...moves.map((m) => m.edit)],
        cli: [...removal.cli, ...moves.flatMap((m) => m.cli)],
      });
    }
    fixes.push({
      title: `Remove \`${line}\` from ${kind} profile ${profile.name}`,
      ...(frontDoor ? { isPreferred: true } : {}),
      ...removal,
    });
    const where = frontDoor
      ? `${vrf.name} is the front-door VRF of ${names} (where ${tunnels.length === 1 ? "its" : "their"} IKE and ESP travel, set by \`tunnel vrf\` or the source interface's VRF), not an inside VRF: the profile's line would put the decrypted traffic in ${vrf.name}, away from the tunnel's own routing table. Remove it from the profile; the front-door VRF is already where it belongs`
      : outside.length
        ? `${outside.map((t) => `${t.name} is ${t.vrf ? `in VRF ${t.vrf}` : "in the global table"}`).join(", ")}: put the inside VRF on the tunnel interface (\`vrf forwarding ${vrf.name}\`, then its \`ip address\` again, which the command removes) and remove it from the profile`
        : `the tunnel interface already has \`vrf forwarding ${vrf.name}\`: remove the line from the profile`;
    out.push({
      code: "tunnel-ivrf-in-profile",
      range: nodeRange(vrf.node),
      message: `${kind === "isakmp" ? "Isakmp" : "IKEv2"} profile ${profile.name} sets the inside VRF (\`${line}\`) and protects ${names} (through its IPsec profile): with tunnel protection (VTI, GRE over IPsec, DMVPN) the inside VRF is the tunnel interface's, and Cisco documents that an inside VRF defined in the ISAKMP or IKEv2 profile can make the IPsec negotiation fail. ${where[0]!.toUpperCase()}${where.slice(1)}.`,
      related: tunnels.map((t) =>
        relatedRange(
          t.nameRange,
          `${t.name} is protected through ${profile.name}`,
        ),
      ),
      fixes,
    });
  }
  return out;
}

/** True when the workspace pairs the peer's entry or tunnel with a router behind NAT. */
function reachedThroughNat(
  model: ConfigModel,
  peer: CryptoPeer,
  ctx: CheckContext,
): boolean {
  if (!ctx.workspace) {
    return false;
  }
  const analysis = analysisFor({ uri: ctx.uri, model }, ctx.workspace);
  return pairsWith(analysis, ctx.uri).some(({ pair }) => {
    const { a, b, nat } = pair;
    if (!b || pair.missing || !nat) {
      return false;
    }
    const mine = a.router.uri === ctx.uri ? a : b;
    const hidden =
      nat.behind === "both" || (nat.behind === "a" ? a : b) !== mine;
    return (
      hidden &&
      (peer.entry
        ? mine.entry === peer.entry && mine.remote === peer.address
        : mine.tunnel !== undefined && mine.tunnel === peer.tunnel)
    );
  });
}

/**
 * IKEv2 peers that no `crypto ikev2 policy` of the config serves: each policy serves one
 * front-door VRF (the global table without `match fvrf`) and, with `match address local`, some
 * local addresses; IOS falls back on its built-in default policy only in a config without
 * policies. One finding per VRF and local address: a hub's tunnels share it.
 */
function unservedPeers(model: ConfigModel): Finding[] {
  if (!model.ikev2Policies.length) {
    return [];
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const peer of cryptoView(model).peers) {
    if (!peer.ike || !knownVrf(peer) || !ikev2ProfileOf(model, peer)) {
      continue;
    }
    const key = `${peer.vrf ?? ""}|${peer.localAddress ?? ""}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const unserved = unservedPolicies(
      model,
      peer.localAddress ?? peer.localAddress6,
      peer.vrf,
    );
    if (!unserved) {
      continue;
    }
    const change = servePolicyChange(unserved);
    const first = unserved.policies[0]!;
    out.push({
      code: "ikev2-policy-unmatched",
      range: (change?.policy ?? first).nameRange,
      message: `No IKEv2 policy serves ${peerLabel(peer)}'s peer ${peerText(peer)}: ${unservedText(unserved)}. IOS uses its built-in default policy only in a config that writes no policy, so IKE_SA_INIT with this peer has no proposal and fails.${change ? ` Write \`${change.line}\` in IKEv2 policy ${change.policy.name}.` : ""}`,
      related: [
        relatedRange(
          peer.range,
          `${peerLabel(peer)}'s peer, in ${vrfText(peer.vrf)}${peer.localAddress !== undefined ? ` from ${formatIpv4(peer.localAddress)}` : ""}`,
        ),
      ],
      fixes: change
        ? [
            {
              title: `Let IKEv2 policy ${change.policy.name} serve ${change.what} (${change.line})`,
              edits: [
                change.replaces
                  ? replaceLine(
                      change.replaces,
                      `${change.replaces.text.slice(0, change.replaces.indent)}${change.line}`,
                    )
                  : insertChild(model.tree, change.policy.node, change.line),
              ],
              cli: [
                `crypto ikev2 policy ${change.policy.name}`,
                ` ${change.line}`,
              ],
              isPreferred: true,
            },
          ]
        : [],
    });
  }
  return out;
}

/** The ` VRF` that ends a match line for a peer in that VRF (nothing for the global table). */
function vrfSuffix(vrf: string | undefined): string {
  return vrf === undefined ? "" : ` ${vrf}`;
}

/** The finding on a peer's isakmp profile that the responder would not select, with its fix. */
export function isakmpProfileFinding(
  model: ConfigModel,
  peer: CryptoPeer,
): Finding | undefined {
  const problem = isakmpProfileProblem(peer);
  if (!problem) {
    return undefined;
  }
  const { profile, reason } = problem;
  const where = peerLabel(peer);
  const matchLine =
    peer.address !== undefined
      ? `match identity address ${formatIpv4(peer.address)} 255.255.255.255${vrfSuffix(peer.vrf)}`
      : peer.address6 !== undefined
        ? `match identity address ipv6 ${formatIpv6(peer.address6)}/128`
        : undefined;
  if (problem.kind === "incomplete") {
    return incomplete(model, profile, "isakmp", reason, peer, matchLine);
  }
  const consequence = `when ${peerText(peer)} starts IKE (or rekeys), the router finds no profile for it ("peer matches *none* of the profiles"), negotiates without ${profile.name}'s keyring and settings, and quick mode is refused because ${where} wants profile ${profile.name}. The tunnel comes up only when this router starts it.`;
  const related = [
    relatedRange(peer.range, `${where}'s peer, in ${vrfText(peer.vrf)}`),
  ];
  const wrongVrf = problem.match;
  if (wrongVrf) {
    const line = wrongVrf.node;
    const rewritten = `match identity address ${wrongVrf.value} ${formatIpv4(wrongVrf.mask ?? 0xffffffff)}${vrfSuffix(peer.vrf)}`;
    return {
      code: "ike-profile-mismatch",
      range: nodeRange(line),
      message: `${reason}: ${consequence} Write \`${rewritten}\`.`,
      related,
      fixes: [
        {
          title: `Match ${peerText(peer)} in ${vrfText(peer.vrf)}`,
          edits: [
            replaceLine(line, `${line.text.slice(0, line.indent)}${rewritten}`),
          ],
          cli: [
            `crypto isakmp profile ${profile.name}`,
            ` no ${line.text.trim()}`,
            ` ${rewritten}`,
          ],
          isPreferred: true,
        },
      ],
    };
  }
  const first = profile.matches[0]!;
  // A public peer's profile that matches private addresses may be matching its identity behind
  // NAT, which one config cannot tell: said as a hint, not a fault.
  const privateMatches = mayMatchPrivateIdentity(peer)
    ? profile.matches.filter((m) => m.address !== undefined)
    : [];
  if (privateMatches.length) {
    const listed = privateMatches.map((m) => m.value).join(", ");
    return {
      code: "ike-profile-mismatch",
      range: nodeRange(first.node),
      severity: "information",
      message: `${reason}, only ${listed}. Right if ${peerText(peer)} is a NAT device in front of the peer and ${listed} its own address: the identity a peer sends keeps its own address however NAT rewrites its packets. Otherwise, ${consequence} Add \`${matchLine!}\` to the profile.`,
      related,
      fixes: [
        addMatchFix(model, profile.node, "isakmp", profile.name, matchLine!),
      ],
    };
  }
  return {
    code: "ike-profile-mismatch",
    range: nodeRange(first.node),
    message: `${reason}: ${consequence} Add \`${matchLine!}\` to the profile.`,
    related,
    fixes: [
      addMatchFix(model, profile.node, "isakmp", profile.name, matchLine!),
    ],
  };
}

function ikev2ProfileFinding(
  model: ConfigModel,
  peer: CryptoPeer,
): Finding | undefined {
  const problem = ikev2ProfileProblem(model, peer);
  if (!problem) {
    return undefined;
  }
  const { profile, reason } = problem;
  if (problem.kind === "incomplete") {
    return incomplete(
      model,
      profile,
      "ikev2",
      reason,
      peer,
      peer.address !== undefined
        ? `match identity remote address ${formatIpv4(peer.address)} 255.255.255.255`
        : peer.address6 !== undefined
          ? `match identity remote address ${formatIpv6(peer.address6)}/128`
          : undefined,
    );
  }
  const where = peerLabel(peer);
  const fvrf = profile.fvrf;
  const message = `${reason}: IOS does not use the profile for a peer in ${vrfText(peer.vrf)}, so IKEv2 finds no profile for ${peerText(peer)} and the tunnel stays down. ${peer.vrf === undefined ? `Remove \`match fvrf ${fvrf!.name}\`` : `Write \`match fvrf ${peer.vrf}\``} (or write \`match fvrf any\`).`;
  const wanted = peer.vrf === undefined ? undefined : `match fvrf ${peer.vrf}`;
  const fix: Fix = fvrf
    ? wanted
      ? {
          title: `Set match fvrf ${peer.vrf} in ${profile.name}`,
          edits: [
            replaceLine(
              fvrf.node,
              `${fvrf.node.text.slice(0, fvrf.node.indent)}${wanted}`,
            ),
          ],
          cli: [`crypto ikev2 profile ${profile.name}`, ` ${wanted}`],
          isPreferred: true,
        }
      : {
          title: `Remove match fvrf ${fvrf.name} from ${profile.name}`,
          edits: [deleteLine(model.tree, fvrf.node)],
          cli: [
            `crypto ikev2 profile ${profile.name}`,
            ` no match fvrf ${fvrf.name}`,
          ],
          isPreferred: true,
        }
    : addMatchFix(model, profile.node, "ikev2", profile.name, wanted!);
  return {
    code: "ike-profile-mismatch",
    // Unlike an isakmp profile, the initiator is refused too: the tunnel never comes up.
    severity: "error",
    range: fvrf ? nodeRange(fvrf.node) : profile.nameRange,
    message,
    related: [
      relatedRange(peer.range, `${where}'s peer, in ${vrfText(peer.vrf)}`),
    ],
    fixes: [fix],
  };
}

/** A profile without a match statement: IOS keeps it but calls it incomplete and never uses it. */
function incomplete(
  model: ConfigModel,
  profile: IsakmpProfile | Ikev2Profile,
  kind: "isakmp" | "ikev2",
  reason: string,
  peer: CryptoPeer,
  line: string | undefined,
): Finding {
  const where = peerLabel(peer);
  const needs =
    kind === "isakmp"
      ? "a `match identity` line"
      : "a `match identity remote` or `match certificate` line";
  return {
    code: "ike-profile-mismatch",
    severity: "error",
    range: profile.nameRange,
    message: `${reason}: IOS does not use a profile until it has ${needs}, so IKE with ${peerText(peer)} fails. Add ${line ? `\`${line}\`` : `${needs} for the peer`}.`,
    related: [relatedRange(peer.range, `${where}'s peer`)],
    fixes: line
      ? [addMatchFix(model, profile.node, kind, profile.name, line)]
      : [],
  };
}

/** Adds a match line at the end of a profile. */
function addMatchFix(
  model: ConfigModel,
  section: ConfigNode,
  kind: "isakmp" | "ikev2",
  name: string,
  line: string,
): Fix {
  return {
    title: `Add ${line} to ${name}`,
    edits: [insertChild(model.tree, section, line)],
    cli: [`crypto ${kind} profile ${name}`, ` ${line}`],
    isPreferred: true,
  };
}
