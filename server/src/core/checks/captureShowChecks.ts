import type { CaptureModel } from "../capture/model";
import type {
  AclShowEntry,
  CryptoMapShowEntry,
  IpsecFlow,
  ShowBlock,
} from "../capture/show/types";
import { describeIdentity } from "../capture/show/identities";
import { captureRouters } from "../capture/workspace";
import type {
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
} from "../config/model";
import { nodeRange } from "../config/tree";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { parseIpv4 } from "../ipv4/address";
import {
  dmvpnAttributes,
  dmvpnState,
  fillDmvpnText,
} from "../knowledge/dmvpnStates";
import { saState } from "../knowledge/saStates";
import { sessionStatus } from "../knowledge/sessionStatuses";
import { IPSEC_PERMITS } from "../knowledge/ipsecTraffic";
import { insertBefore } from "../peers/edits";
import type { CaptureCheck, CheckContext, WorkspaceConfig } from "./check";
import { phase2Rejections, type Phase2Rejection } from "./capturePhase2Checks";
import { analyseWorkspace, type DirectionResult } from "../peers/analysis";
import type { Endpoint } from "../peers/endpoint";
import { deniedInnerTraffic } from "./support/decryptedTraffic";
import { lineSpan, listSome, sequenceBefore } from "./support/showSupport";

/**
 * Problems that show outputs reveal on their own: an IKE SA stuck before authentication, IPsec
 * SAs that encrypt but never decrypt, an access list whose deny entries are hit by IPsec, crypto
 * map entries that are incomplete or applied to no interface, crypto sessions that keep
 * negotiating, and DMVPN peers that are not up. Problems that take two outputs of one router to see are captureShowCrossChecks'.
 */

const STUCK = new Set(["MM_NO_STATE", "MM_SA_SETUP", "MM_KEY_EXCH"]);

function stuckSas(model: CaptureModel, block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "isakmp-sa") {
    return [];
  }
  const out: Finding[] = [];
  for (const row of data.rows) {
    const state = row.state.text;
    if (!STUCK.has(state)) {
      continue;
    }
    const info = saState(state)!;
    out.push({
      code: "show-isakmp-sa-stuck",
      range: row.state.range,
      message:
        `The IKE SA between ${row.src.text} and ${row.dst.text} is stuck in ${state}: ${info.meaning} ${info.hint ?? ""}${row.status?.text === "ACTIVE" && /deleted/.test(model.lines[row.line] ?? "") ? " It is being deleted, so the negotiation already failed." : ""}`.trim(),
    });
  }
  return out;
}

/** `show crypto ikev2 sa`: an SA that stays IN-NEG, as stuck as an IKEv1 one in MM_NO_STATE. */
function stuckIkev2Sas(block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "ikev2-sa") {
    return [];
  }
  const out: Finding[] = [];
  for (const row of data.rows) {
    const info = saState(row.status.text);
    if (!info?.stuck) {
      continue;
    }
    const between =
      row.local && row.remote
        ? ` between ${row.local.text} and ${row.remote.text}`
        : "";
    out.push({
      code: "show-isakmp-sa-stuck",
      range: row.status.range,
      message:
        `The IKEv2 SA${between} (tunnel id ${row.tunnelId.text}) is stuck in ${row.status.text}: ${info.meaning} ${info.hint ?? ""}`.trim(),
    });
  }
  return out;
}

/** A flow's proxy identities as messages name them. */
function flowIdentities(flow: IpsecFlow): { local: string; remote: string } {
  return {
    local: flow.localIdent
      ? describeIdentity(flow.localIdent.text)
      : "this flow",
    remote: flow.remoteIdent
      ? describeIdentity(flow.remoteIdent.text)
      : "the remote network",
  };
}

/**
 * A flow that carries traffic one way only. Encapsulated but never decapsulated: the replies do
 * not come back through the tunnel. Decapsulated but never encapsulated: the peer's traffic
 * arrives and this router's replies do not enter the tunnel (NAT before encryption, a route out
 * another interface, a crypto ACL that misses them).
 */
function oneWayFlows(model: CaptureModel, block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "ipsec-sa") {
    return [];
  }
  const out: Finding[] = [];
  for (const flow of data.flows) {
    const encaps = flow.counters["encaps"];
    const decaps = flow.counters["decaps"];
    if (!encaps || !decaps || (encaps.value === 0) === (decaps.value === 0)) {
      continue;
    }
    const peer = flow.peer?.text ?? flow.remoteEndpoint?.text ?? "the peer";
    const { local, remote } = flowIdentities(flow);
    if (decaps.value === 0) {
      out.push({
        code: "show-ipsec-no-decaps",
        range: decaps.range,
        message: `${encaps.value} packet${encaps.value > 1 ? "s" : ""} encrypted to ${peer} for ${local} -> ${remote}, none decrypted from it: the return traffic never arrives. ESP (IP protocol 50, or UDP 4500 with NAT-T) is dropped on the way back, or ${peer} does not route the replies into its tunnel (its crypto ACL or route toward this LAN). Check \`show crypto ipsec sa\` on ${peer}: if its decaps rise, the replies are lost on the path.`,
        related: [{ range: encaps.range, message: "packets sent encrypted" }],
      });
    } else if (!deniedInnerTraffic(model, block, flow)) {
      // A flow whose decrypted traffic the interface ACL denies is show-acl-blocks-tunneled-traffic's.
      out.push({
        code: "show-ipsec-no-encaps",
        range: encaps.range,
        message: `${decaps.value} packet${decaps.value > 1 ? "s" : ""} decrypted from ${peer} for ${remote} -> ${local}, none encrypted back: the replies from ${local} never enter the tunnel. On this router they leave without meeting the crypto map: NAT translates them first (exempt ${local} -> ${remote} from NAT with a \`deny\` in the NAT ACL or route-map), a route sends them out an interface without the crypto map, or the crypto ACL does not cover them. Check \`show ip nat translations\`, and \`show ip route\` for an address of ${remote}.`,
        related: [
          { range: decaps.range, message: "packets received and decrypted" },
        ],
      });
    }
  }
  return out;
}

/**
 * A flow whose packets could not be sent (`#send errors`) while it has no SA at all: traffic
 * matched the crypto ACL, IKE was asked for SAs and none came, so phase 2 (or phase 1 before
 * it) fails. A flow without SAs and without errors is only idle.
 */
function noSa(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "ipsec-sa") {
    return [];
  }
  const out: Finding[] = [];
  for (const flow of data.flows) {
    const errors = flow.counters["send errors"];
    const encaps = flow.counters["encaps"];
    if (
      flow.sas.length ||
      !errors ||
      errors.value === 0 ||
      (encaps && encaps.value > 0)
    ) {
      continue;
    }
    const peer = flow.peer?.text ?? flow.remoteEndpoint?.text ?? "the peer";
    const { local, remote } = flowIdentities(flow);
    const head = `${errors.value} packet${errors.value > 1 ? "s" : ""} for ${local} -> ${remote} could not be sent: traffic matches the crypto ACL, yet no IPsec SA with ${peer} exists`;
    const refused = refusalOf(model, block, ctx, peer);
    if (refused) {
      // The capture shows this peer's phase 2 refused: say what that finding says, not every cause.
      const line = refused.finding.range.start.line + 1;
      out.push({
        code: "show-ipsec-no-sa",
        range: errors.range,
        message: refused.cause
          ? `${head}, because its phase 2 is refused: line ${line} shows it (${refused.refusal}). ${refused.cause}`
          : `${head}, because its phase 2 is refused: line ${line} shows it (${refused.refusal}), so phase 1 is up and the cause is among the phase 2 settings that finding lists; \`debug crypto ipsec\` on the side that refused says which.`,
        related: [
          {
            range: refused.finding.range,
            message: `the quick mode refused (${refused.finding.code})`,
          },
        ],
      });
      continue;
    }
    out.push({
      code: "show-ipsec-no-sa",
      range: errors.range,
      message: `${head}, so the negotiation for this flow fails. If \`show crypto isakmp sa\` shows QM_IDLE with ${peer}, quick mode is refused: transform sets, PFS, or crypto ACLs that are not mirror images (${peer} must permit ${remote} -> ${local}); otherwise phase 1 fails first. \`debug crypto isakmp\` and \`debug crypto ipsec\` while sending traffic show which.`,
    });
  }
  return out;
}

/**
 * The refusal of a phase 2 proposal that the capture shows between the block's router and
 * `peer` (`log-phase2-rejected`), the nearest to the block when there are several: the same
 * router (or one the capture does not name) and the same peer address.
 */
function refusalOf(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
  peer: string,
): Phase2Rejection | undefined {
  let best: Phase2Rejection | undefined;
  let distance = Infinity;
  for (const r of phase2Rejections(model, ctx)) {
    const ex = r.exchange;
    if (
      ex.peer !== peer ||
      (ex.router !== undefined &&
        block.router !== undefined &&
        ex.router !== block.router)
    ) {
      continue;
    }
    const d = Math.abs(r.finding.range.start.line - block.startLine);
    if (d < distance) {
      best = r;
      distance = d;
    }
  }
  return best;
}

/** The IPsec protocol an ACL entry names, if it is one. */
function ipsecProtocol(entry: AclShowEntry): string | undefined {
  const p = entry.protocol.toLowerCase();
  if (p === "esp" || p === "50") {
    return "ESP";
  }
  if (p === "ahp" || p === "51") {
    return "AH";
  }
  if (p === "udp" || p === "17") {
    const words = entry.rest.join(" ");
    if (/\beq (isakmp|500)\b/.test(words)) {
      return "IKE (UDP 500)";
    }
    if (/\beq (non500-isakmp|4500)\b/.test(words)) {
      return "NAT-T (UDP 4500)";
    }
  }
  return undefined;
}

function aclBlocks(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "access-lists") {
    return [];
  }
  const out: Finding[] = [];
  for (const acl of data.acls) {
    acl.entries.forEach((entry, index) => {
      const what = ipsecProtocol(entry);
      if (
        entry.action !== "deny" ||
        !what ||
        !entry.matches ||
        entry.matches.value === 0
      ) {
        return;
      }
      const name = acl.name.text;
      const r = captureRouters(model, ctx, entry.line);
      const related: RelatedInfo[] = [];
      const fixes: Fix[] = [];
      const permit = IPSEC_PERMITS[what]!;
      const cli = [
        `ip access-list extended ${name}`,
        ` ${sequenceBefore(entry, index)} ${permit}`,
      ];
      const configAcl = r.self?.model.acls.get(name);
      const configEntry = configAcl?.entries.find(
        (e) => e.action === "deny" && e.node.text.includes(entry.protocol),
      );
      if (r.self && configAcl && configEntry) {
        related.push({
          uri: r.self.uri,
          range: nodeRange(configEntry.node),
          message: `${r.hostname ?? "the router"}'s ACL ${name} denies ${what} here`,
        });
        const text = configAcl.numbered
          ? `access-list ${name} ${permit}`
          : `${" ".repeat(configEntry.node.indent)}${permit}`;
        fixes.push({
          title: `Permit ${what} before the deny in ACL ${name}`,
          edits: [
            insertBefore(r.self.uri, r.self.model, configEntry.node, [text]),
          ],
          isPreferred: true,
          cli,
        });
      } else {
        fixes.push({
          title: `Permit ${what} before the deny in ACL ${name}`,
          edits: [],
          cli,
        });
      }
      out.push({
        code: "show-acl-blocks-ipsec",
        range: entry.text.range,
        message: `ACL ${name} denies ${what} and ${entry.matches.value} packet${entry.matches.value > 1 ? "s have" : " has"} hit that entry: IPsec traffic is being dropped${r.hostname ? ` on ${r.hostname}` : ""}. Where this ACL filters the path between the peers, permit ${what} from the peer before the deny.`,
        related,
        fixes,
      });
    });
  }
  return out;
}

/** How messages name the map of a `show crypto map` entry: `crypto map VPN`, `crypto map ipv6 VPN6`. */
function mapLabel(entry: CryptoMapShowEntry): string {
  return `crypto map ${entry.ipv6 ? "ipv6 " : ""}${entry.name.text}`;
}

/** The config entry of a `show crypto map` entry, on the router that printed it, as related information. */
function configEntry(
  model: CaptureModel,
  ctx: CheckContext,
  entry: CryptoMapShowEntry,
): RelatedInfo[] {
  const r = captureRouters(model, ctx, entry.line);
  const maps = entry.ipv6
    ? r.self?.model.cryptoMaps6
    : r.self?.model.cryptoMaps;
  const map = maps?.get(entry.name.text);
  const configured = map && entriesBySequence(map).get(entry.sequence);
  return r.self && configured
    ? [
        {
          uri: r.self.uri,
          range: nodeRange(configured.node),
          message: `${r.hostname ?? "the router"}'s ${mapLabel(entry)} ${entry.sequence}`,
        },
      ]
    : [];
}

/** A config crypto map's entries by sequence number (once per map: outputs may list thousands). */
function entriesBySequence(map: CryptoMap): Map<number, CryptoMapEntry> {
  let index = BY_SEQUENCE.get(map);
  if (!index) {
    index = new Map(map.entries.map((e) => [e.sequence, e]));
    BY_SEQUENCE.set(map, index);
  }
  return index;
}
const BY_SEQUENCE = new WeakMap<CryptoMap, Map<number, CryptoMapEntry>>();

/** A config's interfaces by lower-case name (once per model). */
function interfacesByName(config: ConfigModel): Map<string, Interface> {
  let index = BY_NAME.get(config);
  if (!index) {
    index = new Map(config.interfaces.map((i) => [i.name.toLowerCase(), i]));
    BY_NAME.set(config, index);
  }
  return index;
}
const BY_NAME = new WeakMap<ConfigModel, Map<string, Interface>>();

/** What the output shows an incomplete entry lacks. */
function missingParts(entry: CryptoMapShowEntry): string[] {
  const missing: string[] = [];
  if (!entry.peers.length) {
    missing.push("it has no peer (`set peer`)");
  }
  if (!entry.acl) {
    missing.push("it has no crypto ACL (`match address`)");
  } else if (!entry.aclLines.length) {
    missing.push(
      `it names access list ${entry.acl.text}, but no entry of that list is printed under it, so the list is most likely not defined`,
    );
  }
  if (!entry.transformSets.length) {
    missing.push("it offers no transform set");
  }
  return missing;
}

/**
 * `show crypto map`: entries IOS itself calls incomplete, and maps no interface uses. Either way
 * no traffic ever triggers IKE for them, which `show crypto isakmp sa` alone does not explain.
 */
function mapEntries(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-map") {
    return [];
  }
  const out: Finding[] = [];
  for (const entry of data.entries) {
    if (entry.incompleteLine === undefined) {
      continue;
    }
    const missing = missingParts(entry);
    out.push({
      code: "show-crypto-map-incomplete",
      range: lineSpan(model, entry.incompleteLine),
      message: `IOS marks ${mapLabel(entry)} ${entry.sequence} incomplete${missing.length ? `: ${missing.join("; ")}` : " (a peer or a crypto ACL is missing)"}. IOS skips an incomplete entry, so its traffic never triggers IKE and leaves unprotected or is dropped. Complete it under \`${mapLabel(entry)} ${entry.sequence} ipsec-isakmp\` (\`set peer\`, \`match address\` with an access list that exists, \`set transform-set\`), then check \`show crypto map\` again.`,
      related: configEntry(model, ctx, entry),
    });
  }
  // Every entry of a map prints the same interface list: one finding per map, on its first
  // entry, naming the peers of all its entries (gathered in one pass, not per map).
  const maps = new Map<
    string,
    { first: CryptoMapShowEntry; applied: boolean; peers: string[] }
  >();
  for (const entry of data.entries) {
    // An IPv6 map is named apart from the IPv4 map of the same name.
    const key = mapLabel(entry);
    const map = maps.get(key);
    const peers = entry.peers.map((p) => p.text);
    if (!map) {
      maps.set(key, {
        first: entry,
        applied: entry.interfaces.length > 0,
        peers,
      });
    } else {
      map.applied ||= entry.interfaces.length > 0;
      map.peers.push(...peers);
    }
  }
  for (const { first: entry, applied, peers } of maps.values()) {
    if (entry.interfacesLine === undefined || applied) {
      continue;
    }
    const name = entry.name.text;
    out.push({
      code: "show-crypto-map-not-applied",
      range: lineSpan(model, entry.interfacesLine),
      message: `No interface uses ${mapLabel(entry)}: traffic only meets a crypto map on the interface that carries it, so nothing triggers IKE toward ${listSome(peers) || "its peers"} and \`debug crypto isakmp\` stays silent. Apply it on the interface that faces the peer: \`interface <outside interface>\`, then \`${entry.ipv6 ? "ipv6 " : ""}crypto map ${name}\`.`,
      related: configEntry(model, ctx, entry),
    });
  }
  return out;
}

/**
 * `show crypto session`: a session that keeps negotiating without success. Its status word is
 * the whole story an engineer reads first; the finding adds what the IKE SA lines say and where
 * to look next.
 */
function stuckSessions(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "crypto-session") {
    return [];
  }
  const out: Finding[] = [];
  for (const session of data.sessions) {
    const status = session.status;
    const info = status && sessionStatus(status.text);
    if (!status || !info?.failing) {
      continue;
    }
    const peer = session.peer?.text ?? "its peer";
    const where = session.interfaceName
      ? ` on ${session.interfaceName.text}`
      : "";
    const inactive = session.ikeSas.filter((sa) => sa.state.text !== "Active");
    const flows = session.flows.map((f) => f.text.text);
    const related: RelatedInfo[] = inactive.slice(0, 1).map((sa) => ({
      range: sa.state.range,
      message: `its ${sa.version} SA is ${sa.state.text}`,
    }));
    const r = captureRouters(model, ctx, session.line);
    const iface =
      session.interfaceName && r.self
        ? interfacesByName(r.self.model).get(
            session.interfaceName.text.toLowerCase(),
          )
        : undefined;
    if (r.self && iface) {
      related.push({
        uri: r.self.uri,
        range: nodeRange(iface.node),
        message: `${r.hostname ?? "the router"}'s ${iface.name}`,
      });
    }
    out.push({
      code: "show-crypto-session-stuck",
      range: status.range,
      message:
        `The crypto session with ${peer}${where} is ${status.text}: phase 1 keeps being tried without success${inactive[0] ? ` (its ${inactive[0].version} SA is ${inactive[0].state.text})` : ""}, so no IPsec SA protects ${flows.length ? flows.join("; ") : "its traffic"}. ${info.next ?? ""}`.trim(),
      related,
    });
  }
  return out;
}

/**
 * `show dmvpn`: a peer whose entry is not UP. The state says how far the tunnel to it got (IKE,
 * then IPsec, then NHRP), hence what to fix; an incomplete entry is a resolution nobody answered.
 */
function dmvpnPeersDown(
  model: CaptureModel,
  block: ShowBlock,
  ctx: CheckContext,
): Finding[] {
  const data = block.data;
  if (data?.kind !== "dmvpn") {
    return [];
  }
  const out: Finding[] = [];
  for (const iface of data.interfaces) {
    for (const row of iface.rows) {
      const info = dmvpnState(row.state.text);
      if (info?.up) {
        continue;
      }
      const nbma = row.nbma?.text;
      const where = iface.name ? ` on ${iface.name.text}` : "";
      const since =
        row.upDown.text === "never"
          ? ", and has never been up"
          : ` for ${row.upDown.text}`;
      const incomplete =
        nbma === "UNKNOWN" ||
        (dmvpnAttributes(row.attributes.text)?.includes("I") ?? false);
      const peer = `${row.tunnel.text}${nbma && nbma !== "UNKNOWN" ? ` (NBMA ${nbma})` : ""}`;
      let message: string;
      if (incomplete) {
        message = `DMVPN peer ${row.tunnel.text}${where} is an incomplete entry in state ${row.state.text}${since}: this router asked NHRP for its NBMA address and no answer came. The hub resolves spoke addresses from their registrations: the spoke that owns ${row.tunnel.text} is not registered to the hub (see \`show dmvpn\` there), or the resolution or its reply is lost (\`debug nhrp packet\` on both). Traffic to ${row.tunnel.text} takes the hub meanwhile, or is dropped.`;
      } else if (info) {
        message = fillDmvpnText(
          `DMVPN peer ${peer}${where} is in state ${row.state.text}${since}: ${info.meaning} ${info.cause ?? ""} Verify: ${info.verify ?? ""} Fix: ${info.fix ?? ""}`,
          nbma,
          iface.name?.text,
        );
      } else {
        message = `DMVPN peer ${peer}${where} is in state ${row.state.text}${since}: not UP, so the tunnel to it carries no traffic. \`show dmvpn detail\` and \`show crypto session remote ${nbma ?? "NBMA"}\` say whether the crypto (IKE, IPsec) or NHRP is missing.`;
      }
      const related: RelatedInfo[] = [];
      const r = captureRouters(
        model,
        ctx,
        row.line,
        undefined,
        nbma && nbma !== "UNKNOWN" ? nbma : undefined,
      );
      const tunnel =
        r.self && iface.name
          ? interfacesByName(r.self.model).get(iface.name.text.toLowerCase())
          : undefined;
      if (r.self && tunnel) {
        related.push({
          uri: r.self.uri,
          range: nodeRange(tunnel.node),
          message: `${r.hostname ?? "this router"}'s ${tunnel.name}`,
        });
      }
      const address = parseIpv4(row.tunnel.text);
      const far =
        r.peer && address !== undefined
          ? r.peer.model.interfaces.find((i) =>
              i.addresses.some((a) => a.address === address),
            )
          : undefined;
      if (r.peer && far) {
        related.push({
          uri: r.peer.uri,
          range: nodeRange(far.node),
          message: `the peer's ${far.name} (${row.tunnel.text})`,
        });
      }
      const why =
        r.self && r.peer && iface.name
          ? pairFailure(r.self, r.peer, iface.name.text)
          : undefined;
      if (why) {
        message += ` The two routers' configs say why: ${why}.`;
      }
      out.push({
        code: "log-dmvpn-peer-down",
        range: row.state.range,
        message: message.replace(/ {2,}/g, " ").trim(),
        related,
      });
    }
  }
  return out;
}

/**
 * Why the pair analysis of the two routers' configs expects the tunnel `tunnel` of `self` toward
 * `peer` to fail, when it does: what the state in the table leaves open (which key, which
 * setting) the configs settle. Undefined when they predict the tunnel works from `self`'s side.
 */
function pairFailure(
  self: WorkspaceConfig,
  peer: WorkspaceConfig,
  tunnel: string,
): string | undefined {
  const analysis = analyseWorkspace({ configs: [self, peer] });
  const name = tunnel.toLowerCase();
  const mine = (e: Endpoint | undefined) =>
    e?.router.uri === self.uri && e.tunnel?.name.toLowerCase() === name;
  const pa = analysis.pairs.find(
    (p) =>
      !p.pair.missing &&
      p.pair.b?.router.uri !== p.pair.a.router.uri &&
      (mine(p.pair.a) || mine(p.pair.b)),
  );
  if (!pa) {
    return undefined;
  }
  const failing = [pa.forward, pa.reverse].filter(
    (d): d is DirectionResult =>
      d !== undefined && !d.neverStarts && d.outcome !== "ESTABLISHED",
  );
  const reasons = [...new Set(failing.flatMap((d) => d.reasons))];
  return reasons.length ? reasons.join("; ") : undefined;
}

/** The show output capture check family. */
export const captureShowChecks: CaptureCheck = {
  id: "captureShowChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const out: Finding[] = [];
    for (const block of model.shows) {
      out.push(
        ...stuckSas(model, block),
        ...stuckIkev2Sas(block),
        ...oneWayFlows(model, block),
        ...noSa(model, block, ctx),
        ...aclBlocks(model, block, ctx),
        ...mapEntries(model, block, ctx),
        ...stuckSessions(model, block, ctx),
        ...dmvpnPeersDown(model, block, ctx),
      );
    }
    return out;
  },
};
