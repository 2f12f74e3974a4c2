import { messageRange, routerAt } from "../capture/describe";
import {
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
} from "../capture/model";
import type { IpsecFlow, ShowBlock } from "../capture/show/types";
import { captureRouters, type CaptureRouters } from "../capture/workspace";
import { pushAt } from "../collections/multiMap";
import { cryptoView, entryAcl, peerLabel } from "../config/cryptoPeers";
import { ikev2ProfileOf } from "../config/profileSelection";
import {
  routerName,
  type ConfigModel,
  type CryptoMapEntry,
  type Ikev2Profile,
  type ReplayWindow,
} from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import {
  insertAfterLastOf,
  insertChild,
  replaceLine,
} from "../fixes/configEdits";
import { evaluateAcl, type Packet } from "../ipv4/acl";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import { PROTO } from "../knowledge/protocols";
import {
  dropOfCounter,
  dropOfMnemonic,
  type DataPlaneDrop,
  type ProtocolCause,
} from "../knowledge/dataPlaneDrops";
import type { CaptureCheck, CheckContext, WorkspaceConfig } from "./check";
import { isPlainGre } from "./cryptoAclChecks";

/**
 * Packets a router drops once its tunnel is up ("the tunnel is up but traffic does not pass"):
 * the CRYPTO syslog messages for an SPI of no SA, anti-replay, a failed integrity check, inner
 * addresses outside the SA's identities and clear text that should have come encrypted (one
 * code per cause, `log-*`), and the same causes counted by `show crypto ipsec sa`
 * (`show-ipsec-drops`). IOS rate-limits these messages, so one finding stands for every message
 * of one cause from one router and peer, on the first, with the next few as related lines. With
 * the router's config (or its peer's) known, the finding says what in it explains the drops and
 * offers the command that helps; a capture is not edited, so fixes are console commands, plus an
 * edit of the config file when the workspace holds one.
 */

/** At most this many later messages of one finding are listed as related lines. */
const MAX_RELATED = 5;

/** Below this share of the decapsulated packets, a drop counter is background noise (not reported). */
const NOISE_SHARE = 0.001;

/** The anti-replay window a fix sets (the largest IOS accepts). */
const WIDE_WINDOW = 1024;

/** The IP protocol numbers a message may name, as words. */
const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  1: "ICMP",
  6: "TCP",
  17: "UDP",
  47: "GRE",
  50: "ESP",
  51: "AH",
};

/** `key=value` fields of a CRYPTO message (`destaddr=`, `src_addr= `, `vrf/dest_addr= /`, `connection id=`). */
const FIELD =
  /\b([A-Za-z_]{1,24}(?: id| number)?)= ?\/?([0-9A-Fa-fx.:]{1,45}(?:\(\d{1,10}\))?)/g;

/** The fields of a message body, keyed without underscores and in lower case (`destaddr`, `srcaddr`, `connectionid`). */
function fieldsOf(body: string): Map<string, string> {
  const out = new Map<string, string>();
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(body); m; m = FIELD.exec(body)) {
    const key = m[1]!.toLowerCase().replace(/[_ ]/g, "");
    if (!out.has(key)) {
      out.set(key, m[2]!);
    }
  }
  return out;
}

/** An IPv4 address field, checked. */
function addressField(
  fields: Map<string, string>,
  ...keys: string[]
): string | undefined {
  for (const key of keys) {
    const v = fields.get(key);
    if (v !== undefined && parseIpv4(v) !== undefined) {
      return v;
    }
  }
  return undefined;
}

/** What one drop message says. */
interface DropMessage {
  message: CaptureMessage;
  drop: DataPlaneDrop;
  router?: string;
  /** The peer's (outer) address, when the message gives it or the capture's SAs tell it. */
  peer?: string;
  /** The inner packet, for identity and clear-text drops. */
  inner?: { source: string; destination: string; protocol?: number };
  spi?: string;
  sequence?: string;
}

/** The peer of a connection id, from the `show crypto ipsec sa` output of the capture. */
function peerOfConnection(
  model: CaptureModel,
  connId: number,
): string | undefined {
  for (const block of model.shows) {
    if (block.data?.kind !== "ipsec-sa") {
      continue;
    }
    for (const flow of block.data.flows) {
      if (flow.sas.some((s) => s.connId === connId)) {
        return flow.peer?.text ?? flow.remoteEndpoint?.text;
      }
    }
  }
  return undefined;
}

/** Reads a drop message's fields. */
function readDrop(
  model: CaptureModel,
  message: CaptureMessage,
  drop: DataPlaneDrop,
): DropMessage {
  const f = fieldsOf(message.body);
  const out: DropMessage = {
    message,
    drop,
    router: routerAt(model, message.line),
  };
  out.peer = addressField(f, "srcaddr", "remote");
  const source = addressField(f, "srcaddr", "src");
  const destination = addressField(f, "destaddr", "dest", "dst");
  if (drop.id === "identity" || drop.id === "cleartext") {
    // `src_addr`/`dest_addr` are the inner packet's here; the peer is the `(ident) remote=`.
    out.peer = addressField(f, "remote");
    if (source && destination) {
      const protocol = Number(f.get("prot"));
      out.inner = {
        source,
        destination,
        ...(Number.isInteger(protocol) ? { protocol } : {}),
      };
    }
  }
  const spi = f.get("spi");
  if (spi) {
    out.spi = spi.replace(/\(\d+\)$/, "");
  }
  const seq = f.get("sequencenumber") ?? f.get("seqno");
  if (seq !== undefined) {
    out.sequence = seq;
  }
  if (out.peer === undefined) {
    const conn = Number(f.get("connectionid") ?? f.get("id"));
    if (Number.isInteger(conn)) {
      out.peer = peerOfConnection(model, conn);
    }
  }
  return out;
}

/** "ICMP", "TCP", or "protocol 89". */
function protocolName(protocol: number | undefined): string {
  if (protocol === undefined) {
    return "";
  }
  return PROTOCOL_NAMES[protocol] ?? `protocol ${protocol}`;
}

/** The first entry (of any map) whose crypto ACL permits `packet`, with whether its map is applied. */
function entryFor(
  model: ConfigModel,
  packet: Packet,
): { entry: CryptoMapEntry; applied: boolean } | undefined {
  const applications = cryptoView(model).applications;
  let found: { entry: CryptoMapEntry; applied: boolean } | undefined;
  for (const map of model.cryptoMaps.values()) {
    const applied = (applications.get(map.name)?.length ?? 0) > 0;
    for (const entry of map.entries) {
      const acl = entryAcl(model, entry);
      if (acl && evaluateAcl(acl.entries, packet).action === "permit") {
        // An applied map's entry is what IOS uses; an unapplied one only explains.
        if (applied) {
          return { entry, applied };
        }
        found ??= { entry, applied };
      }
    }
  }
  return found;
}

/** "Tokyo" or "the router". */
function nameOf(config: WorkspaceConfig | undefined, fallback: string): string {
  return (config && routerName(config.model)) ?? fallback;
}

/** A fix that adds global lines to a config: console commands, and the config file's edit when the workspace holds it. */
function globalFix(
  config: WorkspaceConfig | undefined,
  title: string,
  lines: string[],
  family: readonly (ConfigNode | undefined)[],
  replace?: ConfigNode,
): Fix {
  const model = config?.model;
  const edits =
    model && !model.printedBy
      ? [
          {
            uri: config.uri,
            ...(replace
              ? replaceLine(replace, lines[0]!)
              : insertAfterLastOf(
                  model.tree,
                  family.filter((n): n is ConfigNode => n !== undefined),
                  lines,
                )),
          },
        ]
      : [];
  return { title, edits, cli: lines };
}

/** True when the config speaks IKEv1 (policies, keys, isakmp profiles). */
function usesIkev1(model: ConfigModel): boolean {
  return (
    model.isakmpPolicies.length > 0 ||
    model.globalKeys.length > 0 ||
    model.keyrings.length > 0 ||
    model.isakmpProfiles.length > 0
  );
}

/**
 * How `theirs` negotiates with the router of `mine`, when that is IKEv2: the IKEv2 profile of its
 * crypto peer at one of `mine`'s addresses; without `mine` (or no such peer), a config that only
 * speaks IKEv2, with its profile when it has just one. Undefined for IKEv1.
 */
function ikev2Toward(
  theirs: ConfigModel,
  mine: ConfigModel | undefined,
): { profile?: Ikev2Profile } | undefined {
  const own = new Set(
    (mine?.interfaces ?? []).flatMap((i) => i.addresses.map((a) => a.address)),
  );
  const toward = cryptoView(theirs).peers.find(
    (p) => p.address !== undefined && own.has(p.address),
  );
  if (toward) {
    const profile = ikev2ProfileOf(theirs, toward);
    return profile ? { profile } : undefined;
  }
  if (usesIkev1(theirs) || theirs.ikev2Profiles.length === 0) {
    return undefined;
  }
  return theirs.ikev2Profiles.length === 1
    ? { profile: theirs.ikev2Profiles[0] }
    : {};
}

/** Turns on periodic DPD in the IKEv2 profile toward the peer, or globally when that is unknown. */
function ikev2DpdFix(
  config: WorkspaceConfig,
  name: string,
  profile: Ikev2Profile | undefined,
): Fix {
  const title = `Turn on dead peer detection on ${name}`;
  if (!profile) {
    return globalFix(
      config,
      title,
      ["crypto ikev2 dpd 10 3 periodic"],
      [...config.model.ikev2Profiles.map((p) => p.node)],
    );
  }
  return {
    title: `${title} (IKEv2 profile ${profile.name})`,
    edits: config.model.printedBy
      ? []
      : [
          {
            uri: config.uri,
            ...insertChild(
              config.model.tree,
              profile.node,
              "dpd 10 3 periodic",
            ),
          },
        ],
    cli: [profile.node.text.trim(), " dpd 10 3 periodic"],
  };
}

/** The global `crypto isakmp` lines, after which a new one goes. */
function isakmpFamily(model: ConfigModel): (ConfigNode | undefined)[] {
  return [
    ...model.isakmpPolicies.map((p) => p.node),
    ...model.globalKeys.map((k) => k.node),
    model.isakmpKeepalive,
    model.isakmpIdentity?.node,
    model.natKeepalive,
  ];
}

/** What the configs say about a drop, the fixes they call for, and the lines they point at. */
interface Advice {
  notes: string[];
  fixes: Fix[];
  related: RelatedInfo[];
}

/** What the configs say about SAs out of step, and the commands that resynchronise them. */
function invalidSpiNotes(
  r: CaptureRouters,
  self: string,
  peer: string,
): Advice {
  const notes: string[] = [];
  const fixes: Fix[] = [];
  const related: RelatedInfo[] = [];
  const mine = r.self?.model;
  const theirs = r.peer?.model;
  // `invalid-spi-recovery` is IKEv1's: it does nothing for SAs negotiated with IKEv2.
  if (mine && usesIkev1(mine) && !(theirs && ikev2Toward(mine, theirs))) {
    if (mine.isakmpInvalidSpiRecovery) {
      notes.push(
        `${self} has \`crypto isakmp invalid-spi-recovery\`, so it tells ${peer} when it can; drops that go on mean ${peer} has no IKE SA with it to take the notice through`,
      );
    } else {
      notes.push(
        `${self}'s config has no \`crypto isakmp invalid-spi-recovery\`: it drops the packets without telling ${peer}`,
      );
      fixes.push(
        globalFix(
          r.self,
          `Turn on invalid SPI recovery on ${self}`,
          ["crypto isakmp invalid-spi-recovery"],
          isakmpFamily(mine),
        ),
      );
    }
  }
  const ikev2 = theirs && ikev2Toward(theirs, mine);
  if (theirs && ikev2) {
    const dpd = ikev2.profile?.dpd ?? theirs.ikev2Dpd;
    if (dpd) {
      related.push({
        uri: r.peer!.uri,
        range: nodeRange(dpd),
        message: `${peer}: dead peer detection`,
      });
    } else {
      notes.push(
        `${peer} negotiates with IKEv2 and has no dead peer detection (\`dpd\` in its IKEv2 profile, or \`crypto ikev2 dpd\`), so it does not notice that ${self} lost its SAs`,
      );
      fixes.push(ikev2DpdFix(r.peer!, peer, ikev2.profile));
    }
  } else if (theirs && !theirs.isakmpKeepalive && usesIkev1(theirs)) {
    notes.push(
      `${peer} has no dead peer detection (\`crypto isakmp keepalive\`), so it does not notice that ${self} lost its SAs`,
    );
    fixes.push(
      globalFix(
        r.peer,
        `Turn on dead peer detection on ${peer}`,
        ["crypto isakmp keepalive 10 3 periodic"],
        isakmpFamily(theirs),
      ),
    );
  } else if (theirs?.isakmpKeepalive) {
    related.push({
      uri: r.peer!.uri,
      range: nodeRange(theirs.isakmpKeepalive),
      message: `${peer}: dead peer detection`,
    });
  }
  return { notes, fixes, related };
}

/** The anti-replay setting the SAs with a peer use, and the section that sets it when not global. */
interface ReplayScope {
  window?: ReplayWindow;
  /** The crypto map entry or IPsec profile whose own setting wins over the global one. */
  owner?: { label: string; section: ConfigNode };
}

/**
 * The anti-replay setting for the SAs with `peerAddress`: the `set security-association replay`
 * of its crypto map entry or of its tunnel's IPsec profile, else the global command.
 */
function replayScope(
  model: ConfigModel,
  peerAddress: string | undefined,
): ReplayScope {
  const address =
    peerAddress === undefined ? undefined : parseIpv4(peerAddress);
  const peer =
    address === undefined
      ? undefined
      : cryptoView(model).peers.find((p) => p.address === address);
  if (peer?.entry?.replayWindow) {
    return {
      window: peer.entry.replayWindow,
      owner: { label: peerLabel(peer), section: peer.entry.node },
    };
  }
  if (peer?.ipsecProfile?.replayWindow) {
    return {
      window: peer.ipsecProfile.replayWindow,
      owner: {
        label: `IPsec profile ${peer.ipsecProfile.name}`,
        section: peer.ipsecProfile.node,
      },
    };
  }
  return { window: model.replayWindow };
}

/** What the config says about the anti-replay window, and the command that widens it. */
function replayNotes(
  r: CaptureRouters,
  self: string,
  peerAddress: string | undefined,
): Advice {
  const model = r.self?.model;
  if (!model) {
    return { notes: [], fixes: [], related: [] };
  }
  const { window, owner } = replayScope(model, peerAddress);
  const size = window?.disabled ? undefined : (window?.size ?? 64);
  const whose = owner ? `${self}'s ${owner.label}` : self;
  const notes: string[] = [];
  const fixes: Fix[] = [];
  const related: RelatedInfo[] = [];
  if (window?.disabled) {
    notes.push(
      `${whose} turns anti-replay off, so a router running this config drops nothing as a replay: the running config differs from this file`,
    );
  } else if (size !== undefined && size < WIDE_WINDOW) {
    notes.push(
      !window
        ? `${self}'s config keeps the default anti-replay window of 64 packets`
        : owner
          ? `${whose} sets its own anti-replay window of ${size} packets, which wins over the global one`
          : `${self}'s anti-replay window is ${size} packets`,
    );
    const line = `security-association replay window-size ${WIDE_WINDOW}`;
    fixes.push(
      owner && window
        ? {
            title: `Widen the anti-replay window of ${owner.label} on ${self} to ${WIDE_WINDOW} packets`,
            edits: model.printedBy
              ? []
              : [
                  {
                    uri: r.self!.uri,
                    ...replaceLine(
                      window.node,
                      `${window.node.text.slice(0, window.node.indent)}set ${line}`,
                    ),
                  },
                ],
            cli: [owner.section.text.trim(), ` set ${line}`],
          }
        : globalFix(
            r.self,
            `Widen the anti-replay window on ${self} to ${WIDE_WINDOW} packets`,
            [`crypto ipsec ${line}`],
            model.transformSets.map((t) => t.node),
            window?.node,
          ),
    );
  } else if (window && size !== undefined) {
    notes.push(
      `${owner ? `${whose}'s own window` : `${self}'s window`} is already ${size} packets: the reordering is deeper than that, so look for its cause on the path`,
    );
  }
  if (window) {
    related.push({
      uri: r.self!.uri,
      range: nodeRange(window.node),
      message: `${whose}: anti-replay ${window.disabled ? "off" : "window"}`,
    });
  }
  return { notes, fixes, related };
}

/** What the configs say about a drop cause settled by one router's settings (SPI recovery, replay window). */
function configAdvice(
  drop: DataPlaneDrop,
  r: CaptureRouters,
  self: string,
  peer: string,
  peerAddress: string | undefined,
): Advice | undefined {
  if (drop.id === "invalid-spi") {
    return invalidSpiNotes(r, self, peer);
  }
  if (drop.id === "replay") {
    return replayNotes(r, self, peerAddress);
  }
  return undefined;
}

/**
 * What the two configs say about inner traffic the peer sent in clear (`cleartext`) or outside
 * the SA (`identity`): which crypto map entry of this router expects it protected, and whether
 * the peer's crypto ACLs cover it.
 */
function innerNotes(
  d: DropMessage,
  r: CaptureRouters,
  self: string,
  configOf: (peer: string) => WorkspaceConfig | undefined,
): { notes: string[]; related: RelatedInfo[] } {
  const notes: string[] = [];
  const related: RelatedInfo[] = [];
  const inner = d.inner;
  const src = inner ? parseIpv4(inner.source) : undefined;
  const dst = inner ? parseIpv4(inner.destination) : undefined;
  if (!inner || src === undefined || dst === undefined) {
    return { notes, related };
  }
  const protocol = inner.protocol ?? 0;
  let peer = d.peer;
  const mine = r.self?.model;
  if (mine) {
    // This router's crypto ACLs are written from its side: the packet back toward the source.
    const back = entryFor(mine, { protocol, source: dst, destination: src });
    if (back) {
      const acl = back.entry.matchAddress?.name;
      const first = back.entry.peers[0];
      const entryPeer =
        first?.address !== undefined
          ? formatIpv4(first.address)
          : first?.hostname;
      peer ??= entryPeer;
      if (d.drop.id === "cleartext") {
        notes.push(
          `${self}'s crypto map ${back.entry.map} ${back.entry.sequence} (ACL ${acl}) protects ${inner.destination} <-> ${inner.source}${entryPeer ? ` with ${entryPeer}` : ""}`,
        );
      }
      related.push({
        uri: r.self!.uri,
        range: nodeRange(back.entry.node),
        message: `${self}: the entry that expects this traffic protected`,
      });
    } else if (d.drop.id === "identity") {
      notes.push(
        `none of ${self}'s crypto ACLs covers ${inner.destination} -> ${inner.source}, so no SA of it can carry ${inner.source} -> ${inner.destination}`,
      );
    }
  }
  // Clear GRE comes from a tunnel end itself: the inner source is the peer's own address.
  const gre = d.drop.id === "cleartext" && protocol === PROTO.GRE;
  const peerConfig =
    r.peer ??
    (peer !== undefined ? configOf(peer) : undefined) ??
    (gre ? configOf(inner.source) : undefined);
  const theirs = peerConfig?.model;
  if (theirs && peerConfig) {
    const name = nameOf(peerConfig, peer ?? "the peer");
    const tunnel = gre
      ? theirs.interfaces.find(
          (i) => i.tunnel.destination?.address === dst && isPlainGre(i),
        )
      : undefined;
    if (tunnel) {
      notes.push(
        `${name}'s ${tunnel.name} sends GRE to ${inner.destination} and has no \`tunnel protection\``,
      );
      related.push({
        uri: peerConfig.uri,
        range: nodeRange(tunnel.node),
        message: `${name}: the tunnel that sends this GRE unprotected`,
      });
    }
    const out = entryFor(theirs, { protocol, source: src, destination: dst });
    if (!out) {
      notes.push(
        `${name}'s crypto ACLs have no line for ${inner.source} -> ${inner.destination}, so ${name} sends it unprotected: the two routers' crypto ACLs are not mirror images`,
      );
    } else {
      related.push({
        uri: peerConfig.uri,
        range: nodeRange(out.entry.node),
        message: `${name}: the entry whose ACL covers this traffic`,
      });
      if (!out.applied) {
        notes.push(
          `${name}'s crypto map ${out.entry.map} covers it but is applied to no interface`,
        );
      } else if (d.drop.id === "cleartext" && !gre) {
        notes.push(
          `${name}'s crypto map ${out.entry.map} ${out.entry.sequence} covers it, so look at NAT (the traffic translated before the crypto map sees it) and at the route ${name} takes toward ${inner.destination}`,
        );
      } else {
        notes.push(
          `${name}'s crypto map ${out.entry.map} ${out.entry.sequence} covers it, while ${self}'s SA does not: the crypto ACLs are not mirror images`,
        );
      }
    }
  }
  return { notes, related };
}

/** "ESP packets from 198.51.100.7", "packets", "GRE packets". */
function packetsFrom(
  d: DropMessage,
  proven: ProtocolCause | undefined,
): string {
  const kind =
    proven?.packets ?? (d.drop.id === "cleartext" ? "packets" : "ESP packets");
  return d.peer ? `${kind} from ${d.peer}` : kind;
}

/** The cause the inner packet's protocol proves, if the table has one for it. */
function protocolCause(d: DropMessage): ProtocolCause | undefined {
  const protocol = d.inner?.protocol;
  return protocol === undefined ? undefined : d.drop.byProtocol?.get(protocol);
}

/** A text of the drop table with the message's addresses in place of `{peer}`, `{source}`, `{destination}`. */
function fillDrop(text: string, d: DropMessage): string {
  return text
    .replace(/\{peer\}/g, d.peer ?? "<peer>")
    .replace(/\{source\}/g, d.inner?.source ?? "<peer>")
    .replace(/\{destination\}/g, d.inner?.destination ?? "<this router>");
}

/** The finding for one group of messages (the same cause, router and peer). */
function dropFinding(
  model: CaptureModel,
  ctx: CheckContext,
  group: DropMessage[],
): Finding {
  const d = group[0]!;
  const drop = d.drop;
  const r = captureRouters(model, ctx, d.message.line, undefined, d.peer);
  const self = nameOf(r.self, d.router ?? "This router");
  const peerName = d.peer ? nameOf(r.peer, d.peer) : "the peer";
  const notes: string[] = [];
  const fixes: Fix[] = [];
  const related: RelatedInfo[] = [];
  const advice = configAdvice(drop, r, self, peerName, d.peer);
  if (advice) {
    notes.push(...advice.notes);
    fixes.push(...advice.fixes);
    related.push(...advice.related);
  } else if (drop.id === "identity" || drop.id === "cleartext") {
    const n = innerNotes(
      d,
      r,
      self,
      (peer) =>
        captureRouters(model, ctx, d.message.line, undefined, peer).peer,
    );
    notes.push(...n.notes);
    related.push(...n.related);
  }
  let detail = "";
  if (d.spi) {
    detail = ` (SPI ${d.spi})`;
  } else if (d.inner) {
    const p = protocolName(d.inner.protocol);
    detail = ` (${d.inner.source} -> ${d.inner.destination}${p ? `, ${p}` : ""})`;
  } else if (d.sequence === "0") {
    detail = " (sequence number 0)";
  }
  const count =
    group.length > 1
      ? ` The capture holds ${group.length} such messages, and IOS rate-limits them: each stands for more drops.`
      : "";
  const configs = notes.length ? ` The configs say: ${notes.join("; ")}.` : "";
  const proven = protocolCause(d);
  const cause = proven ?? drop;
  const message =
    `${self} dropped ${packetsFrom(d, proven)} ${drop.what}${detail}.${count} ` +
    `${proven ? "Cause" : "Likely cause"}: ${fillDrop(cause.cause, d)}. Effect: ${fillDrop(cause.effect, d)}.${configs} ` +
    `Verify: ${fillDrop(cause.verify, d)}. Fix: ${fillDrop(cause.fix, d)}.`;
  for (const again of group.slice(1, 1 + MAX_RELATED)) {
    related.push({
      range: messageRange(model, again.message),
      message: "the same drops again",
    });
  }
  return {
    code: drop.logCode,
    range: messageRange(model, d.message),
    message: message.replace(/ {2,}/g, " ").trim(),
    ...(related.length ? { related } : {}),
    ...(fixes.length ? { fixes } : {}),
  };
}

/** The drop messages of the capture, grouped by cause, router and peer, in capture order. */
function dropGroups(model: CaptureModel): DropMessage[][] {
  const groups = new Map<string, DropMessage[]>();
  const messages = messagesWithEvents(
    model,
    [],
    (mnemonic) => dropOfMnemonic(mnemonic) !== undefined,
  );
  for (const message of messages) {
    const e = message.event;
    if (e?.type !== "syslog" || e.facility !== "CRYPTO") {
      continue;
    }
    const drop = dropOfMnemonic(e.mnemonic)!;
    const d = readDrop(model, message, drop);
    const key = `${drop.id}|${d.router ?? ""}|${d.peer ?? ""}`;
    pushAt(groups, key, d);
  }
  return [...groups.values()];
}

/** Drop counters of one `show crypto ipsec sa` flow above zero. */
function counterFindings(
  model: CaptureModel,
  ctx: CheckContext,
  block: ShowBlock,
  flow: IpsecFlow,
): Finding[] {
  const out: Finding[] = [];
  const peer = flow.peer?.text ?? flow.remoteEndpoint?.text;
  const from = peer ? ` from ${peer}` : "";
  const decaps = flow.counters["decaps"]?.value ?? 0;
  const who = `${block.router ?? "This router"} `;
  let specific = false;
  for (const [name, counter] of Object.entries(flow.counters)) {
    const drop = dropOfCounter(name);
    if (!drop || counter.value === 0) {
      continue;
    }
    specific = true;
    // A few drops against many packets are background (rekeys, a rare reorder): not reported.
    if (decaps > 0 && counter.value / decaps < NOISE_SHARE) {
      continue;
    }
    const s = counter.value > 1 ? "s" : "";
    const r = captureRouters(model, ctx, flow.line, undefined, peer);
    const self = nameOf(r.self, block.router ?? "This router");
    const advice = configAdvice(
      drop,
      r,
      self,
      peer ? nameOf(r.peer, peer) : "the peer",
      peer,
    );
    const configs = advice?.notes.length
      ? ` The configs say: ${advice.notes.join("; ")}.`
      : "";
    out.push({
      code: "show-ipsec-drops",
      range: counter.range,
      message: `${self} dropped ${counter.value} packet${s}${from} ${drop.what}${decaps ? ` (against ${decaps} decapsulated)` : ""}. Likely cause: ${drop.cause}. Effect: ${drop.effect}.${configs} Verify: ${drop.verify.replace(/\{peer\}/g, peer ?? "<peer>")}. Fix: ${drop.fix}.`,
      ...(advice?.related.length ? { related: advice.related } : {}),
      ...(advice?.fixes.length ? { fixes: advice.fixes } : {}),
    });
  }
  const errors = flow.counters["recv errors"];
  if (
    !specific &&
    errors &&
    errors.value > 0 &&
    !(decaps > 0 && errors.value / decaps < NOISE_SHARE)
  ) {
    const s = errors.value > 1 ? "s" : "";
    out.push({
      code: "show-ipsec-drops",
      range: errors.range,
      message: `${who}dropped ${errors.value} received packet${s}${from} in IPsec processing. This output does not say why: \`show crypto ipsec sa detail\` splits the count by cause (invalid SA, failed integrity check, replay, invalid identity), and the CRYPTO syslog messages name the packets.`,
    });
  }
  return out;
}

/** The data-plane capture check family. */
export const captureDataPlaneChecks: CaptureCheck = {
  id: "captureDataPlaneChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const out: Finding[] = [];
    for (const group of dropGroups(model)) {
      out.push(dropFinding(model, ctx, group));
    }
    for (const block of model.shows) {
      if (block.data?.kind === "ipsec-sa") {
        for (const flow of block.data.flows) {
          out.push(...counterFindings(model, ctx, block, flow));
        }
      }
    }
    return out;
  },
};
