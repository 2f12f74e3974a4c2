import { certificateMatchText } from "../config/certificateMaps";
import {
  capitalised,
  messageRange,
  packetLabel,
  resentCount,
  routerAt,
  stepName,
} from "../capture/describe";
import {
  exchangesWithEvents,
  failedExchanges,
  isCertificateEvent,
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
  type Exchange,
  type Ikev2Identity,
  type PromptLine,
  type ProposalCheck,
} from "../capture/model";
import type {
  IsakmpKeyShow,
  IpInterfaceShow,
  AccessListsShow,
} from "../capture/show/types";
import { captureRouters, type CaptureRouters } from "../capture/workspace";
import { pushAt } from "../collections/multiMap";
import { cryptoView } from "../config/cryptoPeers";
import {
  ikev2ProfileOf,
  isakmpProfileProblem,
  knownVrf,
} from "../config/profileSelection";
import { matchedText, profileSelects } from "../peers/isakmpIdentity";
import {
  ikev2IdentityText,
  routerName,
  type AccessList,
  type ConfigModel,
  type Ikev2Profile,
  type Ikev2Proposal,
} from "../config/model";
import { nodeRange } from "../config/tree";
import { insertChild } from "../fixes/configEdits";
import {
  compareIkev2Proposals,
  matchIdentityLine,
  profileAdmits,
  type Ikev2Difference,
  type Ikev2Offer,
} from "../peers/ikev2Negotiation";
import {
  policyListKind,
  readPolicyList,
  type PrintedIkev2Proposal,
} from "../capture/ikev2Policies";
import { table } from "../knowledge/table";
import { natDiscoveries, type NatDiscovery } from "../nat/natDiscovery";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { evaluateAcl } from "../ipv4/acl";
import { formatIpv4, parseIpv4 } from "../ipv4/address";
import { formatIpv6, parseIpv6 } from "../ipv6/address";
import {
  attributeValue,
  decodeAttributeNumber,
  IKE_ATTRIBUTES,
} from "../knowledge/ikeAttributes";
import { PORT, PROTO } from "../knowledge/protocols";
import {
  childIndent,
  insertAfterSection,
  insertBefore,
  insertSection,
  replaceLine,
} from "../peers/edits";
import { compareSecrets, findPresharedKey } from "../peers/presharedKeys";
import { lineRange, type Range } from "../text/position";
import type { CaptureCheck, CheckContext } from "./check";
import { isakmpProfileFinding } from "./ikeProfileChecks";
import { cliSecret } from "./support/checkSupport";

/**
 * Phase 1 failures in a capture: ISAKMP turned off, no key for the peer, no reply from the peer,
 * no acceptable proposal, and keys that differ (main mode 5/6 fails). Each finding sits on the
 * debug line that shows the failure; when the workspace holds the router's or the peer's
 * config, related information points at the config line at fault and the fix edits it.
 */

/** The router's name mid-sentence; `Who` starts a sentence. */
const who = (r: CaptureRouters): string => r.hostname ?? "the router";
const Who = (r: CaptureRouters): string => r.hostname ?? "The router";

function related(
  message: CaptureMessage,
  model: CaptureModel,
  text: string,
): RelatedInfo {
  return { range: messageRange(model, message), message: text };
}

// --- log-isakmp-disabled ------------------------------------------------------------------------

function isakmpDisabledFix(r: CaptureRouters): Fix {
  const node = r.self?.model.isakmpDisabled;
  if (r.self && node) {
    return {
      title: `Turn ISAKMP back on in ${who(r)}'s config`,
      edits: [replaceLine(r.self.uri, node, "crypto isakmp enable")],
      isPreferred: true,
      cli: ["crypto isakmp enable"],
    };
  }
  return {
    title: "Turn ISAKMP back on",
    edits: [],
    cli: ["crypto isakmp enable"],
  };
}

/** A line that shows ISAKMP off while it was needed: the debug's refusal or `show crypto isakmp sa`. */
interface OffSign {
  line: number;
  range: Range;
  what: string;
}

/**
 * The command typed at this router's prompt before `line` that explains why IKE stopped
 * listening (a tunnel or interface shut, a crypto map or tunnel protection removed, ISAKMP turned
 * off by hand), with the interface it was typed under; undefined when the capture shows none.
 */
function offCause(
  model: CaptureModel,
  line: number,
  router: string | undefined,
): { prompt: PromptLine; under?: string } | undefined {
  let cause: PromptLine | undefined;
  let at = model.prompts.length - 1;
  while (at >= 0 && model.prompts[at]!.line >= line) {
    at--;
  }
  // A few prompts back: the command is typed just before the message, as IOS logs it at once.
  for (let i = at; i >= 0 && i > at - 8; i--) {
    const p = model.prompts[i]!;
    if (router !== undefined && p.hostname !== router) {
      break;
    }
    if (
      !cause &&
      /^(?:shut(?:down)?|no\s+(?:crypto\s+(?:map|isakmp)|tunnel\s+protection)\b.*)$/i.test(
        p.command,
      )
    ) {
      cause = p;
      continue;
    }
    if (cause && /^int(?:erface)?\s+\S/i.test(p.command)) {
      const name = p.command.replace(/^int(?:erface)?\s+/i, "");
      return { prompt: cause, under: name };
    }
  }
  return cause ? { prompt: cause } : undefined;
}

function isakmpDisabled(
  model: CaptureModel,
  ctx: CheckContext,
  messages: readonly CaptureMessage[],
): Finding[] {
  const out: Finding[] = [];
  // By router: the lines that show ISAKMP off when IKE was needed, and the syslog's OFF and ON.
  const signs = new Map<string, OffSign[]>();
  const offs: CaptureMessage[] = [];
  const ons: CaptureMessage[] = [];
  const routerOf = (line: number) => routerAt(model, line) ?? "";
  for (const m of messages) {
    const e = m.event;
    if (e?.type === "turned-off") {
      pushAt(signs, routerOf(m.line), {
        line: m.line,
        range: messageRange(model, m),
        what: "IKE could not start (`can't initiate when turned off`)",
      });
    } else if (e?.type === "syslog" && e.mnemonic === "ISAKMP_ON_OFF") {
      (/\bOFF\b/i.test(e.text) ? offs : ons).push(m);
    }
  }
  for (const block of model.shows) {
    const data = block.data;
    if (data?.kind === "isakmp-sa" && data.turnedOffLine !== undefined) {
      const line = data.turnedOffLine;
      const text = model.lines[line] ?? "";
      const start = text.length - text.trimStart().length;
      pushAt(signs, routerOf(line), {
        line,
        range: lineRange(line, start, text.trimEnd().length),
        what: "`show crypto isakmp sa` answers `ISAKMP is turned off`",
      });
    }
  }
  const lineNo = (line: number) => `line ${line + 1}`;
  /** The next `ISAKMP is ON` of the router after `line`. */
  const nextOn = (line: number, router: string) =>
    ons.find((m) => m.line > line && routerOf(m.line) === router);
  for (const [router, list] of signs) {
    list.sort((a, b) => a.line - b.line);
    const first = list[0]!;
    const r = captureRouters(model, ctx, first.line);
    const rel: RelatedInfo[] = list.slice(1).map((x) => ({
      range: x.range,
      message: `the same: ${x.what}`,
    }));
    // The syslog line that says when it went off, if the capture shows it.
    let off: CaptureMessage | undefined;
    for (const m of offs) {
      if (m.line < first.line && routerOf(m.line) === router) {
        off = m;
      }
    }
    // Unless it came back on before the first sign.
    const backOn = off ? nextOn(off.line, router) : undefined;
    const wentOff =
      off && (backOn === undefined || backOn.line > first.line)
        ? off
        : undefined;
    if (wentOff) {
      rel.push(
        related(wentOff, model, "ISAKMP went off here (`ISAKMP is OFF`)"),
      );
    }
    if (r.self?.model.isakmpDisabled) {
      rel.push({
        uri: r.self.uri,
        range: nodeRange(r.self.model.isakmpDisabled),
        message: `${Who(r)}'s config turns ISAKMP off here`,
      });
    }
    const also =
      list.length > 1
        ? ` The capture shows it ${list.length} times (lines ${list.map((x) => x.line + 1).join(", ")}).`
        : "";
    const since = wentOff
      ? ` It went off at ${lineNo(wentOff.line)} (\`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF\`), and IKE was needed while it was off.`
      : "";
    out.push({
      code: "log-isakmp-disabled",
      range: first.range,
      message: `${Who(r)} has ISAKMP turned off (\`no crypto isakmp\`), so it neither starts IKE nor answers a peer: no tunnel can come up.${since}${also}`,
      related: rel,
      fixes: [isakmpDisabledFix(r)],
    });
  }
  for (const m of offs) {
    const router = routerOf(m.line);
    const on = nextOn(m.line, router);
    const needed = signs
      .get(router)
      ?.some((x) => x.line > m.line && (on === undefined || x.line < on.line));
    if (needed) {
      // Reported with the lines that show it was needed.
      continue;
    }
    const r = captureRouters(model, ctx, m.line);
    const cause = offCause(model, m.line, router || undefined);
    const byHand =
      r.self?.model.isakmpDisabled !== undefined ||
      /^no\s+crypto\s+isakmp\b/i.test(cause?.prompt.command ?? "");
    const rel: RelatedInfo[] = [];
    if (cause) {
      const p = cause.prompt;
      rel.push({
        range: lineRange(
          p.line,
          p.commandStart,
          p.commandStart + p.command.length,
        ),
        message: `typed just before: ${p.command}`,
      });
    }
    if (on) {
      rel.push(related(on, model, "ISAKMP back on (`ISAKMP is ON`)"));
    }
    if (byHand) {
      if (r.self?.model.isakmpDisabled) {
        rel.push({
          uri: r.self.uri,
          range: nodeRange(r.self.model.isakmpDisabled),
          message: `${Who(r)}'s config turns ISAKMP off here`,
        });
      }
      out.push({
        code: "log-isakmp-disabled",
        range: messageRange(model, m),
        message: `${Who(r)} turned ISAKMP off (\`no crypto isakmp\`), so it neither starts IKE nor answers a peer until \`crypto isakmp enable\`${on ? `; it is on again at ${lineNo(on.line)}` : ": no tunnel can come up"}.`,
        ...(on ? { severity: "information" as const } : {}),
        related: rel,
        fixes: on ? [] : [isakmpDisabledFix(r)],
      });
      continue;
    }
    const after = cause
      ? ` after \`${cause.prompt.command}\`${cause.under ? ` on ${cause.under}` : ""} (${lineNo(cause.prompt.line)})`
      : "";
    out.push({
      code: "log-isakmp-disabled",
      range: messageRange(model, m),
      message: `${Who(r)} stopped listening for IKE${after}: IOS turns ISAKMP off by itself when no crypto map is applied to an interface and no protected tunnel is up any more, and on again when one comes back${on ? ` (it did at ${lineNo(on.line)}, \`ISAKMP is ON\`)` : ""}. Not a fault by itself: no tunnel negotiates while it is off. If a tunnel should be up, check that its crypto map is applied (\`show crypto map\`) or its tunnel interface is up.`,
      severity: "information",
      related: rel,
    });
  }
  return out;
}

// --- log-no-psk-for-peer ------------------------------------------------------------------------

/** The crypto map peer a capture shows elsewhere (show crypto map), for initiators whose debug names none. */
function peerFromShows(
  model: CaptureModel,
  router: string | undefined,
): string | undefined {
  for (const block of model.shows) {
    if (
      block.data?.kind !== "crypto-map" ||
      (router && block.router && block.router !== router)
    ) {
      continue;
    }
    const entry = block.data.entries[0];
    const peer = entry?.currentPeer?.text ?? entry?.peers[0]?.text;
    if (peer) {
      return peer;
    }
  }
  return undefined;
}

function noKeyFix(
  r: CaptureRouters,
  peer: string | undefined,
  ctx: CheckContext,
): Fix[] {
  const self = r.self;
  const peerNum = peer !== undefined ? parseIpv4(peer) : undefined;
  // An IPv6 peer's key is written `address ipv6 X/LEN`.
  const peer6 =
    peer !== undefined && peerNum === undefined ? parseIpv6(peer) : undefined;
  const target =
    peer6 !== undefined
      ? `ipv6 ${formatIpv6(peer6)}/128`
      : (peer ?? "<peer address>");
  if (!self || (peerNum === undefined && peer6 === undefined)) {
    return [
      {
        title: `Add a pre-shared key for ${peer ?? "<peer address>"}`,
        edits: [],
        cli: [`crypto isakmp key <key> address ${target}`],
      },
    ];
  }
  const keys = self.model.globalKeys;
  // An IPv4 key for another address is likely this one mistyped (IPv6 keys are not retargeted).
  const misdirected = keys.filter(
    (k) => k.address && k.address.address !== peerNum,
  );
  if (peerNum !== undefined && misdirected.length === 1 && keys.length === 1) {
    const key = misdirected[0]!;
    const old =
      self.model.tree.lines[key.targetRange.start.line]?.slice(
        key.targetRange.start.character,
        key.targetRange.end.character,
      ) ?? "";
    const secret = cliSecret(key.secret, ctx);
    return [
      {
        title: `Point ${who(r)}'s key at ${peer} instead of ${old}`,
        edits: [{ uri: self.uri, range: key.targetRange, newText: peer! }],
        isPreferred: true,
        cli: [
          `no crypto isakmp key ${secret} address ${old}`,
          `crypto isakmp key ${secret} address ${peer}`,
        ],
      },
    ];
  }
  const line = `crypto isakmp key \${1:key} address ${target}`;
  const last = keys[keys.length - 1];
  const edit = last
    ? insertAfterSection(self.uri, self.model, last.node, [line])
    : insertSection(
        self.uri,
        self.model,
        self.model.isakmpPolicies.map((p) => p.node),
        [line],
      );
  return [
    {
      title: `Add a pre-shared key for ${peer} to ${who(r)}'s config`,
      edits: [edit],
      snippet: true,
      cli: [`crypto isakmp key <key> address ${target}`],
    },
  ];
}

function noPsk(
  model: CaptureModel,
  ctx: CheckContext,
  messages: readonly CaptureMessage[],
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  // What the show output says is the same for every finding: read it once, when first needed.
  let keyShows: { router?: string; data: IsakmpKeyShow }[] | undefined;
  const showPeers = new Map<string | undefined, string | undefined>();
  for (const m of messages) {
    const e = m.event;
    if (e?.type !== "no-key") {
      continue;
    }
    if (m.exchange >= 0) {
      if (seen.has(m.exchange)) {
        continue;
      }
      seen.add(m.exchange);
    }
    const ex = model.exchanges[m.exchange];
    let peer = e.peer ?? ex?.peer;
    if (peer === undefined) {
      const router = ex?.router;
      if (!showPeers.has(router)) {
        showPeers.set(router, peerFromShows(model, router));
      }
      peer = showPeers.get(router);
    }
    let r = captureRouters(model, ctx, m.line, ex, peer);
    if (peer === undefined && r.self) {
      // The initiator's debug does not name the peer; its crypto map does.
      const peers = [...r.self.model.cryptoMaps.values()].flatMap((map) =>
        map.entries.flatMap((entry) => entry.peers.map((p) => p.address)),
      );
      if (peers.length === 1 && peers[0] !== undefined) {
        peer = formatIpv4(peers[0]);
        r = captureRouters(model, ctx, m.line, ex, peer);
      }
    }
    const rel: RelatedInfo[] = [];
    const peerNum = peer !== undefined ? parseIpv4(peer) : undefined;
    if (r.self && peerNum !== undefined) {
      for (const key of r.self.model.globalKeys) {
        if (key.address && key.address.address !== peerNum) {
          rel.push({
            uri: r.self.uri,
            range: key.targetRange,
            message: `${Who(r)} has a key for this address, not for ${peer}`,
          });
        }
      }
    }
    keyShows ??= model.shows
      .filter((b) => b.data?.kind === "isakmp-key")
      .map((b) => ({ router: b.router, data: b.data as IsakmpKeyShow }));
    for (const { router, data } of keyShows) {
      if (!router || router === r.hostname) {
        for (const k of data.keys) {
          if (peer && k.address.text !== peer) {
            rel.push({
              range: k.address.range,
              message: `key for ${k.address.text}, not ${peer}`,
            });
          }
        }
      }
    }
    const message = e.peer
      ? `${Who(r)} has no pre-shared key for ${e.peer}, the address the IKE request came from, so it rejects every pre-share proposal and phase 1 fails.`
      : `${Who(r)} has neither a pre-shared key nor a certificate for its crypto map peer${peer ? ` ${peer}` : ""}, so it cannot start IKE at all.`;
    out.push({
      code: "log-no-psk-for-peer",
      range: messageRange(model, m),
      message: `${message} Check \`show crypto isakmp key\` against \`set peer\`: the key must name the peer's own address.`,
      related: rel,
      fixes: noKeyFix(r, peer, ctx),
    });
  }
  return out;
}

// --- log-profile-not-matched --------------------------------------------------------------------

/**
 * `peer matches *none* of the profiles` is normal on a router without isakmp profiles, or for a
 * peer served without one; it is a failure when the router's config names a profile for that
 * peer (a crypto map entry's or a tunnel's), which then does not match it. The config says why.
 */
function profileNotMatched(
  model: CaptureModel,
  ctx: CheckContext,
  messages: readonly CaptureMessage[],
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of messages) {
    const ex = model.exchanges[m.exchange];
    const peer = ex?.peer;
    const peerNum = peer !== undefined ? parseIpv4(peer) : undefined;
    if (peerNum === undefined) {
      continue;
    }
    const r = captureRouters(model, ctx, m.line, ex, peer);
    const self = r.self;
    const key = `${self?.uri}|${peer}`;
    if (!self || seen.has(key)) {
      continue;
    }
    seen.add(key);
    // A peer that identified itself by another address than the one its packets come from
    // (behind NAT, its own private address) is judged by that identity.
    const sent = ex && receivedIdAddress(model, ex, m);
    if (sent !== undefined && sent !== peerNum) {
      const finding = identityNotMatched(model, m, r, self, peerNum, sent);
      if (finding) {
        out.push(finding);
      }
      continue;
    }
    let explained = false;
    for (const cp of cryptoView(self.model).peers) {
      const problem =
        cp.address === peerNum ? isakmpProfileProblem(cp) : undefined;
      const finding = problem && isakmpProfileFinding(self.model, cp);
      if (!problem || !finding) {
        continue;
      }
      explained = true;
      const { reason } = problem;
      out.push({
        code: "log-profile-not-matched",
        range: messageRange(model, m),
        message: `${Who(r)} selected no isakmp profile for ${peer} (\`peer matches *none* of the profiles\`), though its ${cp.kind === "map" ? "crypto map" : "tunnel"} names profile ${cp.isakmpProfile!.name} for that peer: ${reason}. Phase 1 goes on without the profile's keyring and settings, and quick mode is refused because the profile is required; the tunnel comes up only when ${who(r)} starts it.`,
        related: [
          {
            uri: self.uri,
            range: finding.range,
            message: `${reason} (${who(r)}'s config)`,
          },
        ],
        fixes: (finding.fixes ?? []).map((fix) => ({
          ...fix,
          title: `${fix.title} in ${who(r)}'s config`,
          edits: fix.edits.map((e) => ({ ...e, uri: self.uri })),
        })),
      });
      break;
    }
    // The profile matches the address the packets come from, yet was not selected: behind NAT
    // that address is the NAT device's, and the identity the peer's own private address.
    const behind =
      ex && !explained && sent === undefined
        ? peerBehindNat(model, ex)
        : undefined;
    if (behind) {
      const finding = natIdentityUnseen(model, m, r, self, peerNum, behind);
      if (finding) {
        out.push(finding);
      }
    }
  }
  return out;
}

/** The NAT discovery line of an exchange (or of its IKE SA) that says the peer sits behind NAT. */
function peerBehindNat(
  model: CaptureModel,
  ex: Exchange,
): NatDiscovery | undefined {
  return natDiscoveries(model).find(
    (d) =>
      (d.verdict === "peer" || d.verdict === "both") &&
      (d.exchange === ex.index ||
        (d.connId !== undefined &&
          d.connId === ex.connId &&
          d.peer === ex.peer)),
  );
}

/**
 * `peer matches *none* of the profiles` for a peer that NAT discovery shows behind NAT, where the
 * profile its entry names matches the address the packets come from: the identity (not printed
 * here) is the peer's own private address, which that match does not take.
 */
function natIdentityUnseen(
  model: CaptureModel,
  m: CaptureMessage,
  r: CaptureRouters,
  self: { uri: string; model: ConfigModel },
  peer: number,
  behind: NatDiscovery,
): Finding | undefined {
  const cp = cryptoView(self.model).peers.find(
    (p) => p.address === peer && p.isakmpProfile && p.ike,
  );
  const profile = cp?.isakmpProfile;
  if (!cp || !profile) {
    return undefined;
  }
  const first = profile.matches[0]?.node;
  return {
    code: "log-profile-not-matched",
    range: messageRange(model, m),
    message: `${Who(r)} selected no isakmp profile for ${formatIpv4(peer)} (\`peer matches *none* of the profiles\`), though its ${cp.kind === "map" ? "crypto map" : "tunnel"} names profile ${profile.name}, which matches ${matchedText(profile)}: NAT discovery shows ${formatIpv4(peer)} behind NAT, so that address is its NAT device's, and the identity the peer sends is its own private address, which NAT leaves as it was. Match that address in the profile (\`match identity address <its private address> 255.255.255.255\`; \`show crypto isakmp sa detail\` or the peer's config shows it). Phase 1 goes on without the profile's keyring and settings, and quick mode is refused because the profile is required.`,
    related: [
      {
        range: behind.decisive.range,
        message: "NAT discovery: the peer sits behind NAT",
      },
      {
        uri: self.uri,
        range: first ? nodeRange(first) : profile.nameRange,
        message: `isakmp profile ${profile.name} matches ${matchedText(profile)} (${who(r)}'s config)`,
      },
    ],
  };
}

/** `type : 1` (ID_IPV4_ADDR) and `address : 192.168.50.2` in an ID payload dump. */
const ID_DUMP_IPV4 = /\btype\s*:\s*1\b/;
const ID_DUMP_ADDRESS = /\baddress\s*:\s*(\d+\.\d+\.\d+\.\d+)/;

/**
 * The address identity the peer sent in an IKEv1 exchange, as the debug dumps it (`ID payload`
 * with `type : 1` and `address : X`) after `processing ID payload` and before `message`; undefined
 * when the capture does not show it (older releases print no address, an initiator's own dump
 * comes before any it received).
 */
function receivedIdAddress(
  model: CaptureModel,
  ex: Exchange,
  message: CaptureMessage,
): number | undefined {
  let received = false;
  let address: number | undefined;
  for (const i of ex.messages) {
    const m = model.messages[i]!;
    if (m.line >= message.line) {
      break;
    }
    const body = m.body;
    if (/^processing ID payload/i.test(body)) {
      received = true;
      address = undefined;
    } else if (received && /^ID payload/i.test(body)) {
      const found = ID_DUMP_IPV4.test(body) && ID_DUMP_ADDRESS.exec(body);
      address = found ? parseIpv4(found[1]!) : undefined;
      received = false;
    }
  }
  return address;
}

/**
 * `peer matches *none* of the profiles` for a peer that identified itself by another address than
 * the one its packets come from: the profile its entry names must match that identity.
 */
function identityNotMatched(
  model: CaptureModel,
  m: CaptureMessage,
  r: CaptureRouters,
  self: { uri: string; model: ConfigModel },
  peer: number,
  sent: number,
): Finding | undefined {
  for (const cp of cryptoView(self.model).peers) {
    const profile = cp.isakmpProfile;
    if (cp.address !== peer || !profile || !cp.ike || !knownVrf(cp)) {
      continue;
    }
    const identity = { kind: "address" as const, value: "", address: sent };
    if (profileSelects(profile, identity, cp.vrf, true) !== false) {
      continue;
    }
    const line = `match identity address ${formatIpv4(sent)} 255.255.255.255${cp.vrf === undefined ? "" : ` ${cp.vrf}`}`;
    const first = profile.matches[0]?.node;
    return {
      code: "log-profile-not-matched",
      range: messageRange(model, m),
      message: `${Who(r)} selected no isakmp profile for ${formatIpv4(peer)} (\`peer matches *none* of the profiles\`), though its ${cp.kind === "map" ? "crypto map" : "tunnel"} names profile ${profile.name} for that peer: the peer identified itself as ${formatIpv4(sent)} (the ID payload above), not as ${formatIpv4(peer)}, the address its packets come from, as a peer behind NAT does (NAT rewrites the packets, not the identity inside them), and ${profile.name} matches ${matchedText(profile)}. Phase 1 goes on without the profile's keyring and settings, and quick mode is refused because the profile is required; the tunnel comes up only when ${who(r)} starts it. Add \`${line}\` to the profile.`,
      related: [
        {
          uri: self.uri,
          range: first ? nodeRange(first) : profile.nameRange,
          message: `isakmp profile ${profile.name} matches ${matchedText(profile)} (${who(r)}'s config)`,
        },
      ],
      fixes: [
        {
          title: `Add ${line} to ${profile.name} in ${who(r)}'s config`,
          edits: [
            {
              ...insertChild(self.model.tree, profile.node, line),
              uri: self.uri,
            },
          ],
          cli: [`crypto isakmp profile ${profile.name}`, ` ${line}`],
          isPreferred: true,
        },
      ],
    };
  }
  return undefined;
}

/**
 * The `match identity remote` line that covers an IKEv2 identity as the debug prints it, or
 * undefined for a type IOS cannot match by such a line (a certificate's DN).
 */
export function identityMatchLine(id: Ikev2Identity): string | undefined {
  // IPv6 addresses are outside the analysis's IPv4 model: written with a host prefix.
  return id.type.toLowerCase().includes("ipv6")
    ? `match identity remote address ${id.text}/128`
    : matchIdentityLine(debugIdentity(id));
}

/** A debug line's identity as the pair analysis reads a sent one (`sentIdentity`). */
function debugIdentity(id: Ikev2Identity): {
  kind: string;
  value: string;
  address?: number;
} {
  const t = id.type.toLowerCase();
  const address = parseIpv4(id.text);
  return t.includes("ipv4") && address !== undefined
    ? { kind: "address", value: id.text, address }
    : {
        kind: t.includes("fqdn")
          ? "fqdn"
          : t.includes("mail")
            ? "email"
            : t.includes("key")
              ? "key-id"
              : t,
        value: id.text,
      };
}

/**
 * The IKEv2 profile this router would use with the peer: the one its crypto map entry or tunnel
 * toward that address names, else the config's only profile.
 */
function ikev2ProfileFor(
  model: ConfigModel,
  peer: number | undefined,
): Ikev2Profile | undefined {
  if (peer !== undefined) {
    for (const cp of cryptoView(model).peers) {
      const profile =
        cp.address === peer ? ikev2ProfileOf(model, cp) : undefined;
      if (profile) {
        return profile;
      }
    }
  }
  return model.ikev2Profiles.length === 1 ? model.ikev2Profiles[0] : undefined;
}

/**
 * `Failed to locate an item in the database` right after IOS looked the peer's IKEv2 identity up
 * in its profiles: no `match identity remote` line takes it. As responder the router answers
 * AUTHENTICATION_FAILED; as initiator it abandons the IKE SA the responder may already have built.
 */
function ikev2IdentityNotMatched(
  model: CaptureModel,
  ctx: CheckContext,
  messages: readonly CaptureMessage[],
): Finding[] {
  const out: Finding[] = [];
  const done = new Set<number>();
  for (const m of messages) {
    const ex = model.exchanges[m.exchange];
    const id = ex?.peerIdentity;
    if (!ex || !id || ex.identityNotFound !== m.line || done.has(ex.index)) {
      continue;
    }
    done.add(ex.index);
    const r = captureRouters(model, ctx, m.line, ex);
    const peer = ex.peer ?? "the peer";
    const line = identityMatchLine(id);
    const related: RelatedInfo[] = [];
    const fixes: Fix[] = [];
    const self = r.self;
    const profile = self
      ? ikev2ProfileFor(self.model, parseIpv4(ex.peer ?? ""))
      : undefined;
    let note = "";
    if (self && profile) {
      related.push({
        uri: self.uri,
        range: profile.nameRange,
        message: `IKEv2 profile ${profile.name} (${who(r)}'s config): ${
          profile.matches.length
            ? `it matches ${profile.matches.map(ikev2IdentityText).join(", ")}`
            : profile.certificateMaps.length
              ? `it has no match identity line and selects ${profile.certificateMaps.map((ref) => certificateMatchText(self.model.certificateMaps, ref)).join("; ")}`
              : "it has no match identity line"
        }`,
      });
      if (profileAdmits(profile, debugIdentity(id)) === true) {
        note = ` ${Who(r)}'s config as it stands matches it in profile ${profile.name}: the capture is older than the config, or the identity was looked up in another front-door VRF (\`match fvrf\`).`;
      } else if (line) {
        fixes.push({
          title: `Match ${id.type} ${id.text} in IKEv2 profile ${profile.name} of ${who(r)}`,
          edits: [
            {
              uri: self.uri,
              ...insertChild(self.model.tree, profile.node, line),
            },
          ],
          cli: [`crypto ikev2 profile ${profile.name}`, ` ${line}`],
        });
      }
    }
    if (!related.length) {
      // Without the router's config, its `show crypto ikev2 profile` in the capture says what
      // the profiles match.
      for (const block of model.shows) {
        if (
          block.data?.kind !== "ikev2-profile" ||
          (r.hostname !== undefined && block.router !== r.hostname)
        ) {
          continue;
        }
        for (const shown of block.data.profiles) {
          related.push({
            range: shown.name.range,
            message: `IKEv2 profile ${shown.name.text} matches ${
              shown.identities.length
                ? shown.identities.map((c) => c.text).join(", ")
                : "no identity"
            }`,
          });
        }
      }
    }
    const side =
      ex.role === "initiator"
        ? `'${id.text}' (${id.type}), the identity ${peer} answered with in IKE_AUTH, matches no \`match identity remote\` line of the IKEv2 profile ${who(r)} initiated with, so ${who(r)} abandons the IKE SA (\`Auth exchange failed\`) though ${peer} may already have installed its side`
        : `no IKEv2 profile of ${who(r)} matches '${id.text}' (${id.type}), the identity ${peer} sent in IKE_AUTH, so ${who(r)} refuses it with AUTHENTICATION_FAILED and no SA comes up`;
    // An address identity that is not the address the packets come from: the peer sits behind
    // NAT (or identifies by another interface), and a match must name the address it sends.
    const sentAddress = /ipv4/i.test(id.type) ? parseIpv4(id.text) : undefined;
    const natNote =
      sentAddress !== undefined &&
      ex.peer !== undefined &&
      parseIpv4(ex.peer) !== undefined &&
      parseIpv4(ex.peer) !== sentAddress
        ? ` ${peer} sends its own address ${id.text}, not ${peer}, the address its packets come from, as a peer behind NAT does (NAT rewrites the packets, not the identity inside them): a match for ${peer} does not take it.`
        : "";
    out.push({
      code: "log-profile-not-matched",
      range: messageRange(model, m),
      message: `${side} (\`Failed to locate an item in the database\`).${natNote}${note}${
        line
          ? ` Match that identity in the profile (\`${line}\`), or make ${peer} send the identity the profile matches (\`identity local\` in its IKEv2 profile).`
          : " Match the peer's certificate in the profile (`match certificate`), or make the peer send an identity the profile matches."
      }`,
      related,
      fixes,
    });
  }
  return out;
}

// --- log-peer-not-responding --------------------------------------------------------------------

function isPhase1(ex: Exchange): boolean {
  return ex.protocol === "ikev1"
    ? ex.messageId === 0
    : ex.kind === "ike-sa-init";
}

/** An inbound ACL of the capture's show output that drops IKE, with the interface it filters. */
type BlockingAcl =
  | {
      iface: IpInterfaceShow["interfaces"][number];
      acl?: AccessListsShow["acls"][number];
    }
  | undefined;

/**
 * For a peer address: the ACL of the capture's show output that is applied inbound on the peer's
 * interface and permits no UDP 500 (or the interface alone when its ACL is not shown). The show
 * output is read once: the first interface with each address, the first ACL of each name.
 */
function blockingAclsInCapture(
  model: CaptureModel,
): (peer: string) => BlockingAcl {
  const interfaces = new Map<string, IpInterfaceShow["interfaces"][number]>();
  const acls = new Map<string, AccessListsShow["acls"][number]>();
  for (const block of model.shows) {
    if (block.data?.kind === "ip-interface") {
      for (const iface of block.data.interfaces) {
        if (iface.address && iface.inboundAcl) {
          const address = iface.address.text.split("/")[0]!;
          if (!interfaces.has(address)) {
            interfaces.set(address, iface);
          }
        }
      }
    } else if (block.data?.kind === "access-lists") {
      for (const acl of block.data.acls) {
        if (!acls.has(acl.name.text)) {
          acls.set(acl.name.text, acl);
        }
      }
    }
  }
  return (peer) => {
    const iface = interfaces.get(peer);
    if (!iface) {
      return undefined;
    }
    const acl = acls.get(iface.inboundAcl!.text);
    if (!acl) {
      return { iface };
    }
    const permitsIke = acl.entries.some(
      (e) =>
        e.action === "permit" &&
        (e.protocol === "ip" ||
          (e.protocol === "udp" &&
            (!e.rest.includes("eq") ||
              /\b(isakmp|500)\b/.test(e.rest.join(" ")))) ||
          e.protocol === "17"),
    );
    return permitsIke ? undefined : { iface, acl };
  };
}

function permitIkeLine(
  acl: AccessList,
  indent: string,
  local: string | undefined,
  peer: string,
): string {
  const src = local ? `host ${local}` : "any";
  const rule = `permit udp ${src} host ${peer} eq isakmp`;
  return acl.numbered ? `access-list ${acl.name} ${rule}` : `${indent}${rule}`;
}

function notRespondingConfigHelp(
  r: CaptureRouters,
  peer: string,
): { related: RelatedInfo[]; fixes: Fix[] } {
  const related: RelatedInfo[] = [];
  const fixes: Fix[] = [];
  const cfg = r.peer;
  const peerNum = parseIpv4(peer);
  if (!cfg || peerNum === undefined) {
    return { related, fixes };
  }
  const name = routerName(cfg.model) ?? peer;
  if (cfg.model.isakmpDisabled) {
    related.push({
      uri: cfg.uri,
      range: nodeRange(cfg.model.isakmpDisabled),
      message: `${name} has ISAKMP turned off`,
    });
    fixes.push({
      title: `Turn ISAKMP back on in ${name}'s config`,
      edits: [
        replaceLine(cfg.uri, cfg.model.isakmpDisabled, "crypto isakmp enable"),
      ],
      isPreferred: true,
      cli: ["crypto isakmp enable"],
    });
  }
  const local =
    r.localAddress !== undefined ? parseIpv4(r.localAddress) : undefined;
  for (const iface of cfg.model.interfaces) {
    if (!iface.addresses.some((a) => a.address === peerNum)) {
      continue;
    }
    for (const group of iface.accessGroups) {
      if (group.direction !== "in") {
        continue;
      }
      const acl = cfg.model.acls.get(group.acl.name);
      if (!acl) {
        continue;
      }
      const verdict = evaluateAcl(acl.entries, {
        protocol: PROTO.UDP,
        source: local ?? 0,
        destination: peerNum,
        sourcePort: PORT.ISAKMP,
        destinationPort: PORT.ISAKMP,
      });
      if (verdict.action !== "deny") {
        continue;
      }
      related.push({
        uri: cfg.uri,
        range: nodeRange(group.acl.node),
        message: `${name} filters ${iface.name} inbound with ACL ${acl.name}, which ${verdict.rule ? "denies" : "does not permit"} UDP 500 from ${r.localAddress ?? "this router"}`,
      });
      if (verdict.rule) {
        related.push({
          uri: cfg.uri,
          range: nodeRange(verdict.rule.node),
          message: "this entry drops the IKE packets",
        });
      }
      const first = acl.entries[0]?.node;
      const indent = first && !acl.numbered ? " ".repeat(first.indent) : " ";
      const line = permitIkeLine(acl, indent, r.localAddress, peer);
      if (first) {
        fixes.push({
          title: `Permit IKE (UDP 500) from ${r.localAddress ?? "the peer"} in ACL ${acl.name} on ${name}`,
          edits: [insertBefore(cfg.uri, cfg.model, first, [line])],
          isPreferred: !fixes.length,
          cli: acl.numbered
            ? [
                `ip access-list extended ${acl.name}`,
                ` 1 ${line.replace(/^access-list \S+ /, "")}`,
              ]
            : [`ip access-list extended ${acl.name}`, ` 1 ${line.trim()}`],
        });
      }
    }
  }
  return { related, fixes };
}

/**
 * An IKEv2 initiator whose IKE_AUTH goes unanswered after the peer answered IKE_SA_INIT. Unlike
 * IKEv1, keys that differ are not it: IKE_AUTH is encrypted with keys from the Diffie-Hellman
 * exchange, and a responder that refuses the authentication says so (AUTHENTICATION_FAILED). What
 * stays silent is the path: UDP 4500, where NAT discovery moved IKE, filtered; or an IKE_AUTH
 * large enough to be fragmented (certificates) losing its fragments.
 */
function authUnanswered(
  model: CaptureModel,
  ctx: CheckContext,
  ex: Exchange,
  withCertificates: (ex: Exchange) => boolean,
): Finding | undefined {
  const sent = ex.packets.find((p) => p.direction === "sent");
  if (!sent || ex.packets.some((p) => p.direction === "received")) {
    return undefined;
  }
  const init = model.exchanges.find(
    (e) =>
      e.protocol === "ikev2" &&
      e.kind === "ike-sa-init" &&
      e.connId === ex.connId &&
      e.startLine < ex.startLine &&
      e.packets.some((p) => p.direction === "received"),
  );
  const firstRetx = ex.retransmissions.length
    ? model.messages[model.lineMessage[ex.retransmissions[0]!]!]
    : undefined;
  if (!init || !firstRetx) {
    return undefined;
  }
  const r = captureRouters(model, ctx, firstRetx.line, ex);
  const peer = ex.peer ?? r.peerAddress ?? "the peer";
  const n = resentCount(ex, ex.retransmissions);
  const times = `${n} time${n > 1 ? "s" : ""}`;
  const natT = /:4500\//.test(model.messages[sent.message]!.body);
  const certificates = withCertificates(ex);
  const why = natT
    ? `UDP 4500, where NAT discovery moved IKE after IKE_SA_INIT, is most likely filtered between the two (a firewall or ACL that passes UDP 500 but not NAT-T). Permit UDP 4500 both ways (\`permit udp host ${r.localAddress ?? "<this router>"} host ${peer} eq non500-isakmp\` and the reverse)`
    : `the IKE_AUTH request is most likely lost on the way: ${certificates ? "with certificates it is large enough to leave in IP fragments, which a firewall or NAT device on the path may drop; `crypto ikev2 fragmentation` on both routers splits it into IKE fragments instead" : "a device on the path that drops large or fragmented UDP, or the peer itself"}. Keys that differ give an AUTHENTICATION_FAILED reply, not silence`;
  return {
    code: "log-peer-not-responding",
    range: messageRange(model, firstRetx),
    message: `${Who(r)} sent IKE_AUTH to ${peer}${natT ? " on UDP 4500" : ""} and retransmitted it ${times} without a reply, while ${peer} had answered IKE_SA_INIT${natT ? " on UDP 500" : ""}: ${why}. Run \`debug crypto ikev2\` on ${peer} to see whether IKE_AUTH arrives.`,
    related: [
      related(
        model.messages[sent.message]!,
        model,
        `IKE_AUTH sent here${natT ? ", to UDP 4500 (NAT-T)" : ""}`,
      ),
    ],
  };
}

function peerNotResponding(model: CaptureModel, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  // The show output is the same for every exchange: read it once, when first needed.
  let blockingAcl: ((peer: string) => BlockingAcl) | undefined;
  // Only an exchange with a retransmission can report: the index lists those.
  for (const index of exchangesWithEvents(model, ["retransmit"])) {
    const ex = model.exchanges[index]!;
    if (
      !ex.retransmissions.length ||
      !isPhase1(ex) ||
      ex.role === "responder"
    ) {
      continue;
    }
    const sent = ex.packets.find((p) => p.direction === "sent");
    const received = ex.packets.some((p) => p.direction === "received");
    if (!sent || received) {
      continue;
    }
    const firstRetx =
      model.messages[model.lineMessage[ex.retransmissions[0]!]!];
    if (!firstRetx) {
      continue;
    }
    const peer = ex.peer ?? "the peer";
    const r = captureRouters(model, ctx, firstRetx.line, ex);
    const n = resentCount(ex, ex.retransmissions);
    const sentMessage = model.messages[sent.message]!;
    const rel: RelatedInfo[] = [
      related(sentMessage, model, `${packetLabel(ex, sent)}: first sent here`),
    ];
    const fixes: Fix[] = [];
    const inCapture = ex.peer
      ? (blockingAcl ??= blockingAclsInCapture(model))(ex.peer)
      : undefined;
    if (inCapture) {
      rel.push({
        range: inCapture.iface.inboundAcl!.range,
        message: `inbound ACL on ${inCapture.iface.name.text} of ${peer}`,
      });
      if (inCapture.acl) {
        rel.push({
          range: inCapture.acl.name.range,
          message: `ACL ${inCapture.acl.name.text} permits no UDP 500: the implicit deny drops IKE`,
        });
        fixes.push({
          title: `Permit IKE (UDP 500) in ACL ${inCapture.acl.name.text} on ${peer}`,
          edits: [],
          cli: [
            `ip access-list extended ${inCapture.acl.name.text}`,
            ` 1 permit udp ${r.localAddress ? `host ${r.localAddress}` : "any"} host ${peer} eq isakmp`,
          ],
        });
      }
    }
    if (ex.peer) {
      const help = notRespondingConfigHelp(r, ex.peer);
      rel.push(...help.related);
      fixes.push(...help.fixes);
    }
    const what = ex.protocol === "ikev2" ? "IKE_SA_INIT" : stepName(ex, sent);
    out.push({
      code: "log-peer-not-responding",
      range: messageRange(model, firstRetx),
      message: `${Who(r)} sent ${what} to ${peer} and retransmitted it ${n} time${n > 1 ? "s" : ""} without any reply. ${
        ex.protocol === "ikev2"
          ? `Either the packets never reach ${peer} (UDP 500 filtered on the path or by an ACL on ${peer}, no route) or ${peer} cannot answer (no route back, no IKEv2 configuration for this address, router down). Proposals are not the cause: an IKEv2 responder refuses them with a NO_PROPOSAL_CHOSEN notify, not silence. Run \`debug crypto ikev2\` on ${peer} to see whether the packets arrive.`
          : `Either the packets never reach ${peer} (UDP 500 filtered on the path or by an ACL on ${peer}, no route), ${peer} cannot answer (no route back, ISAKMP off, router down), or ${peer} silently dropped proposals it could not accept (an IKE policy mismatch looks the same from this side: run \`debug crypto isakmp\` on ${peer}).`
      }`,
      related: rel,
      fixes,
    });
  }
  return out;
}

/**
 * An IKEv1 initiator whose main mode 5/6 goes unanswered after the peer answered 1-4: the peer
 * drops a message 5 it cannot decrypt (keys differ; modern IOS sends nothing back, only logs
 * `IKMP_BAD_MESSAGE`), or, when NAT discovery moved IKE to UDP 4500 at message 5, that port is
 * filtered on the way. Certificates are left out: their message 5 can fail in other ways.
 */
function keyExchangeUnanswered(
  model: CaptureModel,
  ctx: CheckContext,
): Finding[] {
  const out: Finding[] = [];
  const withCertificates = certificateTest(model);
  for (const index of exchangesWithEvents(model, ["retransmit"])) {
    const ex = model.exchanges[index]!;
    if (ex.role !== "initiator" || ex.outcome === "complete") {
      continue;
    }
    if (ex.protocol === "ikev2") {
      const finding =
        ex.kind === "ike-auth"
          ? authUnanswered(model, ctx, ex, withCertificates)
          : undefined;
      if (finding) {
        out.push(finding);
      }
      continue;
    }
    if (ex.messageId !== 0) {
      continue;
    }
    const five = ex.packets.find((p) => p.step === 5 && p.direction === "sent");
    if (
      !five ||
      !ex.packets.some((p) => p.direction === "received" && p.step === 4) ||
      ex.packets.some((p) => p.direction === "received" && p.line > five.line)
    ) {
      continue;
    }
    const retransmits = ex.retransmissions.filter((l) => l > five.line);
    const firstRetx =
      retransmits.length > 0
        ? model.messages[model.lineMessage[retransmits[0]!]!]
        : undefined;
    if (!firstRetx || withCertificates(ex)) {
      continue;
    }
    const r = captureRouters(model, ctx, firstRetx.line, ex);
    const peer = ex.peer ?? r.peerAddress ?? "the peer";
    const n = resentCount(ex, retransmits, five.line);
    const times = `${n} time${n > 1 ? "s" : ""}`;
    const fiveMessage = model.messages[five.message]!;
    const natT = /\bpeer_port 4500\b/.test(fiveMessage.body);
    const rel: RelatedInfo[] = [
      related(
        fiveMessage,
        model,
        natT
          ? "main mode 5/6 sent here, to UDP 4500 (NAT-T)"
          : "main mode 5/6 sent here, encrypted with keys derived from the pre-shared key",
      ),
    ];
    if (natT) {
      out.push({
        code: "log-peer-not-responding",
        range: messageRange(model, firstRetx),
        message: `${Who(r)} sent main mode 5/6 to ${peer} on UDP 4500, where NAT discovery moved IKE, and retransmitted it ${times} without a reply, while ${peer} had answered messages 1-4 on UDP 500: UDP 4500 is most likely filtered between the two (a firewall or ACL that passes UDP 500 and ESP but not NAT-T), or the pre-shared keys differ (${peer} then drops the message it cannot decrypt and logs \`%CRYPTO-4-IKMP_BAD_MESSAGE\`). Permit UDP 4500 both ways (\`permit udp host ${r.localAddress ?? "<this router>"} host ${peer} eq non500-isakmp\` and the reverse) and run \`debug crypto isakmp\` on ${peer} to see whether message 5 arrives.`,
        related: rel,
      });
      continue;
    }
    const help = pskFix(r, ctx, false);
    rel.push(...help.related);
    out.push({
      code: "log-psk-mismatch",
      range: messageRange(model, firstRetx),
      message: `${Who(r)} sent main mode 5/6 (its identity and HASH, encrypted with keys derived from the pre-shared key) to ${peer} and retransmitted it ${times} without a reply, after ${peer} had answered messages 2 and 4: ${peer} could not decrypt it, so the pre-shared keys most likely differ (${peer} logs \`%CRYPTO-4-IKMP_BAD_MESSAGE\` for each copy and answers nothing; a path that passed messages 1-4 seldom drops message 5).${help.note ? ` ${help.note}` : ""} Compare \`crypto isakmp key ... address\` on both routers (each names the other's address).`,
      related: rel,
      fixes: help.fixes,
    });
  }
  return out;
}

// --- log-ike-policy-mismatch --------------------------------------------------------------------

/** Maps the debug's mismatch wording to the policy command it concerns. */
const MISMATCH_COMMANDS: readonly [
  RegExp,
  "encryption" | "hash" | "authentication" | "group" | "lifetime",
][] = [
  [/encryption/i, "encryption"],
  [/key length/i, "encryption"],
  [/hash/i, "hash"],
  [/auth/i, "authentication"],
  [/group|diffie/i, "group"],
  [/life/i, "lifetime"],
];

function mismatchCommand(
  attribute: string,
): (typeof MISMATCH_COMMANDS)[number][1] | undefined {
  return MISMATCH_COMMANDS.find(([p]) => p.test(attribute))?.[1];
}

const ATTR = (key: string) => IKE_ATTRIBUTES.find((a) => a.key === key)!;

/** The policy command that accepts the offered value, such as `hash sha` or `encryption aes 256`. */
function offeredCommand(
  command: string,
  offered: Record<string, string>,
): string | undefined {
  const config = (key: string): string | undefined => {
    const v = offered[key];
    return v === undefined ? undefined : attributeValue(ATTR(key), v)?.config;
  };
  switch (command) {
    case "encryption": {
      const enc = config("encryption");
      if (!enc) {
        return undefined;
      }
      return enc === "aes" && offered["keylength"]
        ? `encryption aes ${offered["keylength"]}`
        : `encryption ${enc}`;
    }
    case "hash":
      return config("hash") ? `hash ${config("hash")}` : undefined;
    case "authentication":
      return config("auth") ? `authentication ${config("auth")}` : undefined;
    case "group":
      return offered["group"] ? `group ${offered["group"]}` : undefined;
    case "lifetime": {
      const n = offered["lifeduration"]
        ? decodeAttributeNumber(offered["lifeduration"])
        : undefined;
      return n !== undefined && offered["lifetype"] !== "kilobytes"
        ? `lifetime ${n}`
        : undefined;
    }
    default:
      return undefined;
  }
}

function describeProposalRejection(p: ProposalCheck): string {
  const policy =
    p.priority === 65535
      ? "the default policy (65535)"
      : `policy ${p.priority}`;
  const reasons = p.mismatches.map((m) => {
    const command = mismatchCommand(m.attribute);
    const key =
      command === "authentication"
        ? "auth"
        : command === "lifetime"
          ? "lifeduration"
          : command;
    const offered = key ? p.attributes[key] : undefined;
    const value =
      key === "lifeduration" && offered
        ? String(decodeAttributeNumber(offered) ?? offered)
        : offered;
    return `${m.attribute.toLowerCase()}${value ? ` (offered ${value})` : ""}`;
  });
  return `${policy} differs in ${reasons.length ? reasons.join(", ") : "attributes the debug does not name"}`;
}

function policyFix(
  r: CaptureRouters,
  ex: Exchange,
  proposals: readonly ProposalCheck[],
  skipAuth: boolean,
): Fix[] {
  const configured = proposals.filter((p) => p.priority !== 65535);
  const offered = proposals[0]!.attributes;
  const target = configured[0];
  const peer = ex.peer ?? "the peer";
  if (target) {
    const commands = new Map<string, string>();
    for (const m of target.mismatches) {
      const command = mismatchCommand(m.attribute);
      if (!command || (skipAuth && command === "authentication")) {
        continue;
      }
      const text = offeredCommand(command, target.attributes);
      if (text) {
        commands.set(command, text);
      }
    }
    if (!commands.size) {
      return [];
    }
    const cli = [
      `crypto isakmp policy ${target.priority}`,
      ...[...commands.values()].map((c) => ` ${c}`),
    ];
    const title = `Make policy ${target.priority} on ${who(r)} accept ${peer}'s offer (${[...commands.values()].join(", ")})`;
    const policy = r.self?.model.isakmpPolicies.find(
      (p) => p.priority === target.priority,
    );
    if (!r.self || !policy) {
      return [{ title, edits: [], cli }];
    }
    const uri = r.self.uri;
    const indent = childIndent(policy.node);
    const edits = [];
    const inserts: string[] = [];
    for (const [command, text] of commands) {
      const node = policy.explicit[command as keyof typeof policy.explicit];
      if (node) {
        edits.push(replaceLine(uri, node, `${" ".repeat(node.indent)}${text}`));
      } else {
        inserts.push(`${indent}${text}`);
      }
    }
    if (inserts.length) {
      edits.push(insertAfterSection(uri, r.self.model, policy.node, inserts));
    }
    return [{ title, edits, isPreferred: true, cli }];
  }
  // Only the default policy was tried: a policy that accepts the offer must be added.
  const lines = ["encryption", "hash", "authentication", "group", "lifetime"]
    .map((c) => offeredCommand(c, offered))
    .filter((c): c is string => c !== undefined);
  const priority = r.self
    ? Math.max(0, ...r.self.model.isakmpPolicies.map((p) => p.priority)) + 10
    : 10;
  const cli = [
    `crypto isakmp policy ${priority}`,
    ...lines.map((l) => ` ${l}`),
  ];
  const title = `Add an IKE policy on ${who(r)} that accepts ${peer}'s offer`;
  if (!r.self) {
    return [{ title, edits: [], cli }];
  }
  return [
    {
      title,
      edits: [
        insertSection(
          r.self.uri,
          r.self.model,
          r.self.model.isakmpPolicies.map((p) => p.node),
          cli,
        ),
      ],
      cli,
    },
  ];
}

/** IKEv2: IKE_SA_INIT refused with NO_PROPOSAL_CHOSEN, or the responder's own "failed to verify the proposed policies". */
function ikev2PolicyMismatch(
  model: CaptureModel,
  ctx: CheckContext,
  ex: Exchange,
): Finding[] {
  if (
    ex.kind !== "ike-sa-init" ||
    ex.outcome !== "failed" ||
    ex.outcomeLine === undefined
  ) {
    return [];
  }
  if (
    !/NO_PROPOSAL|proposed policies|matching policy|rejected the IKEv2 proposals/.test(
      ex.failure ?? "",
    )
  ) {
    return [];
  }
  const at = model.messages[model.lineMessage[ex.outcomeLine]!];
  if (!at) {
    return [];
  }
  const r = captureRouters(model, ctx, at.line, ex);
  // With the routers' configs in the workspace, point at the proposals to compare.
  const related: RelatedInfo[] = [];
  for (const [name, config] of [
    [Who(r), r.self],
    [ex.peer ?? "the peer", r.peer],
  ] as const) {
    for (const p of config?.model.ikev2Proposals.slice(0, 4) ?? []) {
      related.push({
        uri: config!.uri,
        range: nodeRange(p.node),
        message: `${name}'s IKEv2 proposal ${p.name}: ${describeIkev2Proposal(p)}`,
      });
    }
  }
  if (!related.length) {
    // Without the configs, the proposals the capture shows (of one router or both).
    for (const block of model.shows) {
      if (block.data?.kind !== "ikev2-proposal") {
        continue;
      }
      for (const p of block.data.proposals.slice(0, 4)) {
        const words = (label: string, cells: readonly { text: string }[]) =>
          cells.length ? `${label} ${cells.map((c) => c.text).join(" ")}` : "";
        related.push({
          range: p.name.range,
          message: `${block.router ?? "a router"}'s IKEv2 proposal ${p.name.text}: ${[
            words("encryption", p.encryption),
            words("integrity", p.integrity),
            words("prf", p.prf),
            words("groups", p.groups),
          ]
            .filter(Boolean)
            .join(", ")}`,
        });
      }
    }
  }
  // A responder prints what it received and what it expected: the closest two say what differs.
  const printed = printedPolicies(model, ex);
  if (printed) {
    const peer = ex.peer ?? "the peer";
    const { received, expected, differences } = printed;
    const named = (d: Ikev2Difference) =>
      `${IKEV2_ATTRIBUTE_NAMES[d.attribute]} (${d.initiator} against ${d.responder})`;
    const add = (d: Ikev2Difference, value: string) =>
      `\`${d.attribute === "group" ? "group" : d.attribute} ${value.split(" ")[0]}\``;
    return [
      {
        code: "log-ike-policy-mismatch",
        range: messageRange(model, printed.at),
        message: `${Who(r)} found none of ${peer}'s IKEv2 proposals acceptable (\`Failed to find a matching policy\`) and answered NO_PROPOSAL_CHOSEN: IKE_SA_INIT fails. Closest: ${peer}'s proposal ${received.number} (${received.text}) against ${who(r)}'s proposal ${expected.number} (${expected.text}), with no common ${differences.map(named).join(", ")}. Add ${differences.map((d) => add(d, d.initiator)).join(", ")} to ${who(r)}'s IKEv2 proposal, or ${differences.map((d) => add(d, d.responder)).join(", ")} to ${peer}'s.`,
        related: [
          {
            range: lineRange(
              received.line,
              0,
              model.lines[received.line]!.length,
            ),
            message: `${peer}'s proposal ${received.number}, as ${who(r)} received it`,
          },
          {
            range: lineRange(
              expected.line,
              0,
              model.lines[expected.line]!.length,
            ),
            message: `${who(r)}'s own proposal ${expected.number}`,
          },
          ...related,
        ],
      },
    ];
  }
  if (
    /matching policy/.test(ex.failure ?? "") &&
    !ex.messages.some((i) => policyListKind(model.messages[i]!) !== undefined)
  ) {
    // The responder's own verdict, without the lists it prints after it.
    return [
      {
        code: "log-ike-policy-mismatch",
        range: messageRange(model, at),
        message: `${Who(r)} found none of ${ex.peer ?? "the peer"}'s IKEv2 proposals acceptable (\`Failed to find a matching policy\`) and answers NO_PROPOSAL_CHOSEN: IKE_SA_INIT fails. The capture does not hold the lists IOS prints after that line (\`Received Policies:\`, \`Expected Policies:\`), which name the attribute that differs: compare \`show crypto ikev2 proposal\` on both routers (encryption, integrity, PRF and DH group), and \`show crypto ikev2 policy\` on ${who(r)} for the proposals the policy of its local address uses.`,
        ...(related.length ? { related } : {}),
      },
    ];
  }
  return [
    {
      code: "log-ike-policy-mismatch",
      range: messageRange(model, at),
      message: `${Who(r)} and ${ex.peer ?? "the peer"} share no IKEv2 proposal (encryption, integrity, PRF and DH group): IKE_SA_INIT fails with NO_PROPOSAL_CHOSEN.${ex.offered?.length ? ` ${Who(r)} offered ${ex.offered.join(" ")}.` : ""} Compare \`show crypto ikev2 proposal\` on both routers.`,
      ...(related.length ? { related } : {}),
    },
  ];
}

/** The words messages use for each IKEv2 proposal attribute. */
const IKEV2_ATTRIBUTE_NAMES: Readonly<
  Record<Ikev2Difference["attribute"], string>
> = table({
  encryption: "encryption",
  integrity: "integrity",
  prf: "PRF",
  group: "DH group",
});

/**
 * The policy lists a responder printed in an exchange, and their closest two proposals (the
 * fewest attributes apart, the first such in the lists' order); undefined without both lists.
 */
function printedPolicies(
  model: CaptureModel,
  ex: Exchange,
):
  | {
      at: CaptureMessage;
      received: PrintedIkev2Proposal;
      expected: PrintedIkev2Proposal;
      differences: Ikev2Difference[];
    }
  | undefined {
  let at: CaptureMessage | undefined;
  let received: PrintedIkev2Proposal[] = [];
  let expected: PrintedIkev2Proposal[] = [];
  for (const i of ex.messages) {
    const m = model.messages[i]!;
    const kind = policyListKind(m);
    if (kind === "received") {
      at ??= m;
      received = readPolicyList(model, m);
    } else if (kind === "expected") {
      expected = readPolicyList(model, m);
    }
  }
  let best:
    | {
        received: PrintedIkev2Proposal;
        expected: PrintedIkev2Proposal;
        differences: Ikev2Difference[];
      }
    | undefined;
  const offer = (p: PrintedIkev2Proposal): Ikev2Offer => ({
    name: `proposal ${p.number}`,
    origin: "configured",
    ...p,
  });
  // A proposal read without its encryption or groups is a line not understood: not compared.
  const readable = (p: PrintedIkev2Proposal) =>
    p.encryption.length > 0 && p.groups.length > 0;
  for (const x of received.filter(readable)) {
    for (const y of expected.filter(readable)) {
      const { differences } = compareIkev2Proposals(offer(x), offer(y));
      if (
        differences.length &&
        (!best || differences.length < best.differences.length)
      ) {
        best = { received: x, expected: y, differences };
      }
    }
  }
  return at && best ? { at, ...best } : undefined;
}

/** A proposal's algorithms in a few words. */
function describeIkev2Proposal(p: Ikev2Proposal): string {
  const part = (label: string, values: readonly (string | number)[]) =>
    values.length ? `${label} ${values.join(" ")}` : undefined;
  return [
    part("encryption", p.encryption),
    part("integrity", p.integrity),
    part("prf", p.prf),
    part("group", p.groups),
  ]
    .filter((x) => x !== undefined)
    .join(", ");
}

/** Messages grouped by their exchange (in the given order); messages of no exchange are left out. */
function byExchange(
  messages: readonly CaptureMessage[],
): Map<number, CaptureMessage[]> {
  const out = new Map<number, CaptureMessage[]>();
  for (const m of messages) {
    const ex = m.exchange;
    if (ex >= 0) {
      pushAt(out, ex, m);
    }
  }
  return out;
}

function policyMismatch(model: CaptureModel, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  // An IKEv1 finding needs a "no offers" or "not acceptable" line in the exchange, an IKEv2 one
  // a failed exchange: the parser lists both, so the other exchanges are not read.
  const ends = byExchange(
    messagesWithEvents(model, ["no-offers", "not-acceptable"]),
  );
  const candidates = new Set(ends.keys());
  let noKeys: Set<number> | undefined;
  for (const ex of failedExchanges(model)) {
    if (ex.protocol === "ikev2") {
      candidates.add(ex.index);
    }
  }
  const order = [...candidates].sort((a, b) => a - b);
  for (const index of order) {
    const ex = model.exchanges[index]!;
    if (ex.protocol === "ikev2") {
      out.push(...ikev2PolicyMismatch(model, ctx, ex));
      continue;
    }
    if (ex.messageId !== 0) {
      continue;
    }
    const proposals = ex.proposals.filter((p) => p.priority > 0);
    if (!proposals.length || proposals.some((p) => p.accepted !== false)) {
      // A later policy (or proposal) that matched fixes the earlier rejections.
      continue;
    }
    // The exchange's listed lines, in order, stand for all its lines.
    const end = ends
      .get(index)
      ?.find(
        (m) =>
          m.event?.type === "no-offers" ||
          (m.event?.type === "not-acceptable" && m.event.phase === 1),
      );
    if (!end) {
      continue;
    }
    noKeys ??= new Set(exchangesWithEvents(model, ["no-key"]));
    const noKey = noKeys.has(index);
    const configured = proposals.filter((p) => p.priority !== 65535);
    const explainedByKey =
      noKey &&
      configured.every((p) =>
        p.mismatches.every((m) => /pre-?shared/i.test(m.attribute)),
      );
    if (explainedByKey) {
      continue;
    }
    const r = captureRouters(model, ctx, end.line, ex);
    const peer = ex.peer ?? "the peer";
    const rel: RelatedInfo[] = [];
    for (const p of proposals) {
      for (const m of p.mismatches) {
        const msg = model.messages[model.lineMessage[m.line]!];
        if (msg) {
          rel.push(
            related(
              msg,
              model,
              `${p.priority === 65535 ? "default policy" : `policy ${p.priority}`}: ${m.attribute.toLowerCase()} does not match`,
            ),
          );
        }
      }
    }
    if (r.self) {
      for (const p of configured) {
        const policy = r.self.model.isakmpPolicies.find(
          (x) => x.priority === p.priority,
        );
        if (policy) {
          rel.push({
            uri: r.self.uri,
            range: nodeRange(policy.node),
            message: `${Who(r)}'s policy ${p.priority}`,
          });
        }
      }
    }
    out.push({
      code: "log-ike-policy-mismatch",
      range: messageRange(model, end),
      message: `${Who(r)} accepted none of ${peer}'s phase 1 proposals: ${proposals.map(describeProposalRejection).join("; ")}. Phase 1 fails until one policy on each router agrees on encryption, hash, authentication and DH group (compare \`show crypto isakmp policy\` on both).`,
      related: rel,
      fixes: policyFix(r, ex, proposals, noKey),
    });
  }
  return out;
}

// --- log-psk-mismatch ---------------------------------------------------------------------------

/** True when the exchange shows certificate authentication (then a failure at 5/6 is not a key mismatch). */
export function usesCertificates(model: CaptureModel, ex: Exchange): boolean {
  return ex.messages.some((i) => isCertificateEvent(model.messages[i]!.event));
}

/**
 * `usesCertificates` for one run, without reading each exchange's messages: the parser lists the
 * messages that show certificates, and their exchanges are the ones that use them.
 */
export function certificateTest(
  model: CaptureModel,
): (ex: Exchange) => boolean {
  let withCertificates: Set<number> | undefined;
  return (ex) =>
    (withCertificates ??= new Set(
      exchangesWithEvents(model, ["certificate"]),
    )).has(ex.index);
}

function atKeyStage(ex: Exchange | undefined): boolean {
  if (!ex) {
    return true;
  }
  return (
    ex.packets.some((p) => p.step >= 5) ||
    ex.states.some(
      (s) => /MM[56]$/.test(s.newState) || /MM[56]$/.test(s.oldState),
    ) ||
    // A responder that sent message 4 waits for message 5: what it gets next is that.
    ex.lastState === "IKE_R_MM4" ||
    ex.kind === "ike-auth" ||
    ex.packets.length === 0
  );
}

function pskFix(
  r: CaptureRouters,
  ctx: CheckContext,
  ikev2: boolean,
): { related: RelatedInfo[]; fixes: Fix[]; note?: string } {
  const rel: RelatedInfo[] = [];
  const peer = r.peerAddress;
  const theKey = `<the key configured on ${peer ?? "the peer"}>`;
  const cli = ikev2
    ? [
        "crypto ikev2 keyring <keyring>",
        ` peer ${peer ?? "<peer>"}`,
        `  address ${peer ?? "<peer address>"}`,
        `  pre-shared-key ${theKey}`,
      ]
    : [`crypto isakmp key ${theKey} address ${peer ?? "<peer address>"}`];
  const fallback: Fix = {
    title: "Set the same pre-shared key on both routers",
    edits: [],
    cli,
  };
  const peerNum = peer !== undefined ? parseIpv4(peer) : undefined;
  if (ikev2 || !r.self || peerNum === undefined) {
    return { related: rel, fixes: [fallback] };
  }
  const local =
    r.localAddress !== undefined ? parseIpv4(r.localAddress) : undefined;
  const own = findPresharedKey(
    r.self.model,
    { peer: peerNum, peerNames: [], local },
    () => undefined,
  ).key;
  if (own) {
    rel.push({
      uri: r.self.uri,
      range: nodeRange(own.node),
      message: `the key ${who(r)} uses for ${peer}`,
    });
  }
  const theirs =
    r.peer && local !== undefined
      ? findPresharedKey(
          r.peer.model,
          {
            peer: local,
            peerNames: r.hostname ? [r.hostname] : [],
            local: peerNum,
          },
          () => undefined,
        ).key
      : undefined;
  if (r.peer && theirs) {
    rel.push({
      uri: r.peer.uri,
      range: nodeRange(theirs.node),
      message: `the key ${routerName(r.peer.model) ?? peer} uses for ${r.localAddress}`,
    });
  }
  if (!own || !theirs || !r.peer) {
    return { related: rel, fixes: [fallback] };
  }
  const comparison = compareSecrets(own.secret, theirs.secret);
  if (comparison === "same") {
    return {
      related: rel,
      fixes: [fallback],
      note: "The keys in the workspace configs agree, so the routers run something else than these files: compare the running configs.",
    };
  }
  if (comparison === "different" && own.secret.type === theirs.secret.type) {
    const peerName = routerName(r.peer.model) ?? peer!;
    return {
      related: rel,
      fixes: [
        {
          title: `Use the same pre-shared key as ${peerName} in ${who(r)}'s config`,
          edits: [
            {
              uri: r.self.uri,
              range: own.secret.range,
              newText: theirs.secret.value,
            },
          ],
          isPreferred: true,
          cli: [
            `crypto isakmp key ${cliSecret(theirs.secret, ctx)} address ${peer}`,
          ],
        },
      ],
      note: "The two configs hold different keys.",
    };
  }
  return { related: rel, fixes: [fallback] };
}

function pskMismatch(
  model: CaptureModel,
  ctx: CheckContext,
  messages: readonly CaptureMessage[],
): Finding[] {
  const out: Finding[] = [];
  const done = new Set<number>();
  /**
   * The finding of each line that belongs to no exchange (`show logging` lists the syslog
   * message alone), by router, peer and kind: the same message again joins it.
   */
  const alone = new Map<string, { finding: Finding; lines: number[] }>();
  const withCertificates = certificateTest(model);
  /** Per exchange: a phase 1 (IKE_AUTH) at the key stage without certificates. */
  const keyStages = new Map<number, boolean>();
  for (const m of messages) {
    const e = m.event;
    if (!e) {
      continue;
    }
    // The event decides first: most listed messages are no failure, and need no other lookup.
    let kind: "malformed" | "no-hash" | "v2" | "v2-refused" | undefined;
    if (
      e.type === "malformed" ||
      (e.type === "syslog" && e.mnemonic === "IKMP_BAD_MESSAGE")
    ) {
      kind = "malformed";
    } else if (
      e.type === "notify-no-hash" ||
      (e.type === "notify" &&
        /INVALID_HASH|AUTHENTICATION_FAILED/.test(e.notify))
    ) {
      kind = "no-hash";
    } else if (e.type === "ikev2-auth" && !e.passed) {
      kind = "v2";
    } else if (
      e.type === "packet" &&
      e.payloads?.includes("NOTIFY(AUTHENTICATION_FAILED)")
    ) {
      // Received, the peer refused this router; sent, this router refused the peer.
      kind = e.direction === "received" ? "v2-refused" : "v2";
    }
    if (!kind) {
      continue;
    }
    const exchange = m.exchange;
    const ex = exchange >= 0 ? model.exchanges[exchange] : undefined;
    const key = exchange >= 0 ? exchange : -1 - m.index;
    if (done.has(key)) {
      continue;
    }
    const peerHint =
      e.type === "syslog" ? /from ([\d.]+)/.exec(e.text)?.[1] : undefined;
    const aloneKey = ex
      ? undefined
      : `${routerAt(model, m.line) ?? ""}|${peerHint ?? ""}|${kind}`;
    const same = aloneKey !== undefined ? alone.get(aloneKey) : undefined;
    if (same) {
      same.lines.push(m.line);
      same.finding.related!.push(related(m, model, "the same message again"));
      continue;
    }
    if (ex?.identityNotFound !== undefined) {
      // No profile took the peer's identity: log-profile-not-matched says so, keys are not it.
      continue;
    }
    if (ex) {
      // What the exchange itself says is read once, however many failure lines it has.
      let keyStage = keyStages.get(exchange);
      if (keyStage === undefined) {
        keyStage =
          (ex.protocol === "ikev2"
            ? ex.kind === "ike-auth"
            : ex.messageId === 0) &&
          atKeyStage(ex) &&
          !withCertificates(ex);
        keyStages.set(exchange, keyStage);
      }
      if (!keyStage) {
        continue;
      }
    }
    done.add(key);
    const r = captureRouters(model, ctx, m.line, ex, peerHint);
    const peer = r.peerAddress ?? "the peer";
    const fivePacket = ex?.packets.find(
      (p) => p.step === 5 && p.direction === "sent",
    );
    const rel: RelatedInfo[] = [];
    if (fivePacket) {
      rel.push(
        related(
          model.messages[fivePacket.message]!,
          model,
          "main mode 5/6 sent here, protected with keys derived from this router's pre-shared key",
        ),
      );
    }
    const v2 = kind === "v2" || kind === "v2-refused";
    const help = pskFix(r, ctx, ex?.protocol === "ikev2" || v2);
    rel.push(...help.related);
    // Message 5 goes from the initiator to the responder, message 6 back: the words follow the role.
    const received =
      ex?.role === "initiator"
        ? `The reply ${who(r)} got from ${peer} at main mode 5/6 does not`
        : ex?.role === "responder"
          ? `Main mode 5/6 from ${peer} (the initiator's identity and HASH, encrypted) does not`
          : `The encrypted main mode message (5 or 6) ${who(r)} got from ${peer} does not`;
    const head =
      kind === "malformed"
        ? `${received} decrypt or parse${ex?.role === "responder" ? ` on ${who(r)}` : ""}: the two routers derived different keys, so their pre-shared keys differ.`
        : kind === "no-hash"
          ? `${peer} answered main mode 5/6 with an unauthenticated notify: it could not verify ${who(r)}'s identity. With pre-shared keys this means the keys differ; with certificates, the peer refused the certificate (check its clock).`
          : kind === "v2-refused"
            ? `${peer} refused ${who(r)}'s IKEv2 authentication (AUTHENTICATION_FAILED): the pre-shared keys differ, or no IKEv2 profile of ${peer} matches the identity ${who(r)} sent${ex?.ownIdentity ? `, '${ex.ownIdentity.text}' (${ex.ownIdentity.type})` : ""} (\`debug crypto ikev2\` on ${peer} then prints \`Failed to locate an item in the database\`).`
            : `${peer}'s IKEv2 authentication data did not verify on ${who(r)}: the pre-shared keys differ.`;
    const finding: Finding = {
      code: "log-psk-mismatch",
      range: messageRange(model, m),
      message: `${head}${help.note ? ` ${help.note}` : ""} ${v2 ? "Compare the pre-shared keys of the IKEv2 keyrings (or profiles) on both routers." : "Compare `crypto isakmp key ... address` on both routers (each names the other's address)."}`,
      related: rel,
      fixes: help.fixes,
    };
    out.push(finding);
    if (aloneKey !== undefined) {
      alone.set(aloneKey, { finding, lines: [m.line] });
    }
  }
  for (const { finding, lines } of alone.values()) {
    if (lines.length > 1) {
      finding.message += ` The capture shows it ${lines.length} times (lines ${lines.map((l) => l + 1).join(", ")}).`;
    }
  }
  return out;
}

/** The phase 1 capture check family. */
export const captureHandshakeChecks: CaptureCheck = {
  id: "captureHandshakeChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    // The parser's index lists the few messages each check reads (of hundreds of thousands).
    return capitalised([
      ...isakmpDisabled(
        model,
        ctx,
        messagesWithEvents(
          model,
          ["turned-off"],
          (mnemonic) => mnemonic === "ISAKMP_ON_OFF",
        ),
      ),
      ...noPsk(model, ctx, messagesWithEvents(model, ["no-key"])),
      ...profileNotMatched(
        model,
        ctx,
        messagesWithEvents(model, ["no-profile"]),
      ),
      ...ikev2IdentityNotMatched(
        model,
        ctx,
        messagesWithEvents(model, ["ikev2-not-found"]),
      ),
      ...peerNotResponding(model, ctx),
      ...keyExchangeUnanswered(model, ctx),
      ...policyMismatch(model, ctx),
      ...pskMismatch(
        model,
        ctx,
        messagesWithEvents(
          model,
          ["malformed", "notify-no-hash", "notify", "ikev2-auth-failed"],
          (mnemonic) => mnemonic === "IKMP_BAD_MESSAGE",
        ),
      ),
    ]);
  },
};
