import {
  cryptoView,
  entryAcl,
  protocolsNeeded,
  type CryptoPeer,
  type CryptoView,
} from "../config/cryptoPeers";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  CryptoMapEntry,
  Interface,
  Ipv6AccessList,
  Ipv6AclEntry,
} from "../config/model";
import { filteringAcls, type AccessGroup } from "../config/ipsecFilters";
import { primaryAddress } from "../config/routingView";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Code } from "../diagnostics/catalog";
import { withLazyFixes, type Finding } from "../diagnostics/finding";
import type { Severity } from "../diagnostics/severity";
import {
  deleteLine,
  indentOf,
  insertAclEntry,
  insertChild,
  insertLinesBefore,
  interfaceCli,
} from "../fixes/configEdits";
import { formatIpv6 } from "../ipv6/address";
import { evaluateIpv6Acl, type Ipv6Packet } from "../ipv6/acl";
import type { Packet } from "../ipv4/acl";
import { evaluateAclIndexed } from "../ipv4/aclIndex";
import {
  describeWildcard,
  formatIpv4,
  formatWildcard,
  sampleAddress,
} from "../ipv4/address";
import { RELEASE_FEATURES, featureStatus } from "../knowledge/iosReleases";
import { IPSEC_TRAFFIC, SAMPLE_FLOWS } from "../knowledge/ipsecTraffic";
import type { ConfigCheck } from "./check";
import { relatedLine, natLikely } from "./support/checkSupport";

/**
 * The inbound ACL of the interface IPsec arrives on must let the peer's IKE (UDP 500, and 4500
 * with NAT-T), ESP or AH in. Releases before the crypto access check on clear-text packets also
 * apply it to the decrypted traffic. Each verdict is the ACL's first-match result for a packet
 * from the peer to this router's address, so a deny anywhere before a permit is caught.
 */
export const interfaceAclChecks: ConfigCheck = {
  id: "interfaceAclChecks",
  run(model) {
    const view = cryptoView(model);
    return [...inboundAcls(model, view), ...inboundIpv6Filters(model, view)];
  },
};

interface Blocked {
  code: Code;
  iface: Interface;
  /** The `ip access-group` line; the first of the interface's inbound lines naming the ACL, since a repeated line only repeats verdicts already reported. */
  group: AccessGroup;
  acl: AccessList;
  rule: AclEntry | undefined;
  what: string;
  effect: string;
  permitText: string;
  peer: CryptoPeer;
  severity?: Severity;
}

function inboundAcls(model: ConfigModel, view: CryptoView): Finding[] {
  const blocked: Blocked[] = [];
  const seen = new Set<string>();
  const natTDisabled = model.natTransparencyDisabled !== undefined;
  const doubleCheck = featureStatus(
    RELEASE_FEATURES.clearTextAclCheckRemoved,
    model.version,
  );
  const checkedInner = new Set<string>();
  for (const peer of view.peers) {
    if (peer.address === undefined) {
      continue;
    }
    const needs = protocolsNeeded(peer, view);
    for (const iface of peer.interfaces) {
      const local = peer.localAddress ?? primaryAddress(iface);
      if (local === undefined) {
        continue;
      }
      for (const { group, acl } of filteringAcls(model, iface)) {
        const kinds: (keyof typeof IPSEC_TRAFFIC)[] = [];
        if (peer.ike) {
          kinds.push("isakmp");
          if (!natTDisabled) {
            kinds.push("natT");
          }
        }
        if (needs.esp) {
          kinds.push("esp");
        }
        if (needs.ah) {
          kinds.push("ah");
        }
        for (const kind of kinds) {
          const t = IPSEC_TRAFFIC[kind];
          const verdict = evaluateAclIndexed(
            acl.entries,
            t.packet(peer.address, local),
          );
          if (verdict.action === "permit") {
            continue;
          }
          const key = `${t.code}|${iface.key}|${acl.name}|${peer.address}`;
          if (seen.has(key)) {
            continue;
          }
          seen.add(key);
          // NAT-T is used only across NAT. A private address on either end proves NAT is in the
          // path (and NAT keepalives say the operator expects it); between public addresses the
          // block may never matter, so it is information there.
          const likely = natLikely(model, local, peer.address);
          blocked.push({
            code: t.code,
            iface,
            group,
            acl,
            rule: verdict.rule,
            what: `${t.name} from peer ${formatIpv4(peer.address)} to ${formatIpv4(local)}`,
            effect:
              kind === "natT" && !likely
                ? `${t.effect} (both addresses are public, so this matters only if NAT appears on the path)`
                : t.effect,
            severity: kind === "natT" && !likely ? "information" : undefined,
            permitText:
              acl.kind === "standard"
                ? `permit host ${formatIpv4(peer.address)}`
                : t.permit(formatIpv4(peer.address), formatIpv4(local)),
            peer,
          });
        }
        if (
          peer.kind === "map" &&
          peer.entry &&
          (doubleCheck === "no" || doubleCheck === "maybe")
        ) {
          blocked.push(
            ...innerTraffic(
              model,
              peer,
              peer.entry,
              iface,
              group,
              acl,
              checkedInner,
              doubleCheck === "maybe",
            ),
          );
        }
      }
    }
  }
  return blocked.map((b) => toFinding(model, b));
}

/** The decrypted traffic (remote to local networks of the crypto ACL) checked against the inbound ACL. */
function innerTraffic(
  model: ConfigModel,
  peer: CryptoPeer,
  entry: CryptoMapEntry,
  iface: Interface,
  group: AccessGroup,
  acl: AccessList,
  checked: Set<string>,
  dependsOnTrain: boolean,
): Blocked[] {
  const crypto = entryAcl(model, entry);
  if (!crypto || crypto.kind !== "extended") {
    return [];
  }
  const out: Blocked[] = [];
  for (const [i, e] of crypto.entries.entries()) {
    if (e.action !== "permit") {
      continue;
    }
    // By entry, not line: a line with object groups holds several.
    const key = `${iface.key}|${acl.name}|${crypto.name}|${i}`;
    if (checked.has(key)) {
      continue;
    }
    checked.add(key);
    // The inner packets come back mirrored: from the ACL's destination to its source.
    const source = sampleAddress(e.destination);
    const destination = sampleAddress(e.source);
    const flows =
      e.protocol === undefined
        ? SAMPLE_FLOWS
        : SAMPLE_FLOWS.filter((f) => f.protocol === e.protocol).concat(
            SAMPLE_FLOWS.some((f) => f.protocol === e.protocol)
              ? []
              : [{ protocol: e.protocol, name: e.protocolWord.toUpperCase() }],
          );
    for (const flow of flows) {
      const packet: Packet = {
        protocol: flow.protocol,
        source,
        destination,
        sourcePort: e.destinationPort?.ports[0] ?? flow.sourcePort,
        destinationPort: e.sourcePort?.ports[0] ?? flow.destinationPort,
      };
      const verdict = evaluateAclIndexed(acl.entries, packet);
      // `established` lets replies to inside-initiated TCP through: a deliberate choice, not a block.
      if (
        verdict.action === "permit" ||
        verdict.rule?.node.words.some(
          (w) => w.text.toLowerCase() === "established",
        )
      ) {
        continue;
      }
      const mirror = `${e.protocolWord} ${formatWildcard(e.destination)} ${formatWildcard(e.source)}`;
      out.push({
        code: "acl-blocks-tunneled-traffic",
        iface,
        group,
        acl,
        rule: verdict.rule,
        what: `decrypted ${flow.name} traffic from ${describeWildcard(e.destination)} to ${describeWildcard(e.source)} (the mirror of access list ${crypto.name})`,
        effect: `this IOS checks decrypted packets against the interface ACL a second time, so that traffic is dropped after decryption${dependsOnTrain ? ` (unless this is ${RELEASE_FEATURES.clearTextAclCheckRemoved.introduced} or later, which no longer does)` : ""}`,
        permitText:
          acl.kind === "standard"
            ? `permit ${formatWildcard(e.destination)}`
            : `permit ${mirror}`,
        peer,
      });
      break;
    }
  }
  return out;
}

function toFinding(model: ConfigModel, b: Blocked): Finding {
  const group = b.group;
  const by = b.rule
    ? `line \`${b.rule.node.text.trim()}\``
    : "the implicit deny at its end";
  return withLazyFixes(
    {
      code: b.code,
      range: b.rule ? nodeRange(b.rule.node) : nodeRange(group.acl.node),
      message: `Access list ${b.acl.name}, inbound on ${b.iface.name}, denies ${b.what} by ${by}: ${b.effect}.`,
      severity: b.severity,
      related: [
        relatedLine(
          group.acl.node,
          `access list ${b.acl.name} filters what arrives on ${b.iface.name}`,
        ),
        ...(b.rule
          ? []
          : [
              relatedLine(
                b.acl.nodes[b.acl.nodes.length - 1]!,
                "the implicit deny follows this line",
              ),
            ]),
        relatedLine(b.peer.node, `peer ${formatIpv4(b.peer.address!)}`),
      ],
    },
    () => {
      const change = insertAclEntry(model.tree, b.acl, b.rule, b.permitText);
      return [
        {
          title: `Permit ${b.permitText.startsWith("permit ") ? b.permitText.slice(7) : b.permitText} in access list ${b.acl.name}${b.rule ? " before the deny" : ""}`,
          edits: change.edits,
          isPreferred: true,
          cli: change.cli,
        },
        {
          title: `Remove access list ${b.acl.name} from ${b.iface.name}`,
          edits: [deleteLine(model.tree, group.acl.node)],
          cli: interfaceCli(b.iface, [`no ip access-group ${b.acl.name} in`]),
        },
      ];
    },
  );
}

/**
 * The inbound `ipv6 traffic-filter` of the interface a tunnel over IPv6 leaves from must let the
 * peer's IKE (UDP 500) and ESP or AH in: IPv6 has no NAT, so NAT-T is not asked for. The verdict
 * is the list's first match for a packet from the peer to this router's IPv6 address, the
 * implicit deny at its end included.
 */
function inboundIpv6Filters(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const peer of view.peers) {
    const remote = peer.address6;
    const local = peer.localAddress6;
    if (remote === undefined || local === undefined) {
      continue;
    }
    const needs = protocolsNeeded(peer, view);
    const kinds = (["isakmp", "esp", "ah"] as const).filter((k) =>
      k === "isakmp" ? peer.ike : needs[k],
    );
    for (const iface of peer.interfaces) {
      for (const filter of iface.trafficFilters ?? []) {
        // The first list of a name is the one IOS keeps adding to; an undefined one filters nothing.
        const acl = model.acls6.find((a) => a.name === filter.name);
        if (filter.direction !== "in" || !acl || acl.unreadable.length) {
          continue;
        }
        for (const kind of kinds) {
          const t = IPSEC_TRAFFIC[kind];
          const packet: Ipv6Packet = {
            ...t.packet(0, 0),
            source: remote,
            destination: local,
          };
          const verdict = evaluateIpv6Acl(acl.entries, packet);
          const key = `${t.code}|${iface.key}|${acl.name}|${remote}`;
          if (verdict.action === "permit" || seen.has(key)) {
            continue;
          }
          seen.add(key);
          out.push(
            ipv6FilterFinding(model, {
              code: t.code,
              iface,
              filter,
              acl,
              rule: verdict.rule,
              what: `${t.name} from peer ${formatIpv6(remote)} to ${formatIpv6(local)}`,
              effect: t.effect,
              permitText: t.permit(formatIpv6(remote), formatIpv6(local)),
              peer,
            }),
          );
        }
      }
    }
  }
  return out;
}

interface BlockedIpv6 {
  code: Code;
  iface: Interface;
  filter: NonNullable<Interface["trafficFilters"]>[number];
  acl: Ipv6AccessList;
  rule: Ipv6AclEntry | undefined;
  what: string;
  effect: string;
  permitText: string;
  peer: CryptoPeer;
}

function ipv6FilterFinding(model: ConfigModel, b: BlockedIpv6): Finding {
  const by = b.rule
    ? `line \`${b.rule.node.text.trim()}\``
    : "the implicit deny at its end";
  // The permit goes right before the line that denies (with a sequence number between its
  // neighbours', or the console would append it after the deny), else after the last line.
  const before = b.rule?.node;
  const last = b.acl.node.children[b.acl.node.children.length - 1];
  const place = before ? sequenceBefore(b.acl, before) : undefined;
  const entry = place
    ? `sequence ${place.sequence} ${b.permitText}`
    : b.permitText;
  // In the file, line order decides where lines without numbers go; a numbered neighbour needs
  // a number between.
  const numbered =
    place !== undefined &&
    !place.resequence &&
    before!.words[0]?.text.toLowerCase() === "sequence";
  const edit = before
    ? insertLinesBefore(model.tree, before, [
        `${indentOf(before)}${numbered ? entry : b.permitText}`,
      ])
    : insertChild(model.tree, b.acl.node, b.permitText);
  return {
    code: b.code,
    range: b.rule ? nodeRange(b.rule.node) : nodeRange(b.filter.node),
    message: `IPv6 access list ${b.acl.name}, inbound on ${b.iface.name}, denies ${b.what} by ${by}: ${b.effect}.`,
    related: [
      relatedLine(
        b.filter.node,
        `IPv6 access list ${b.acl.name} filters what arrives on ${b.iface.name}`,
      ),
      ...(b.rule
        ? []
        : [
            relatedLine(
              last ?? b.acl.node,
              "the implicit deny follows this line",
            ),
          ]),
      relatedLine(b.peer.node, `peer ${formatIpv6(b.peer.address6!)}`),
    ],
    fixes: [
      {
        title: `Permit ${b.permitText.slice("permit ".length)} in IPv6 access list ${b.acl.name}${b.rule ? " before the deny" : ""}`,
        edits: [edit],
        isPreferred: true,
        cli: [
          ...(place?.resequence
            ? [`ipv6 access-list resequence ${b.acl.name} 10 10`]
            : []),
          `ipv6 access-list ${b.acl.name}`,
          ` ${entry}`,
        ],
      },
      {
        title: `Remove IPv6 access list ${b.acl.name} from ${b.iface.name}`,
        edits: [deleteLine(model.tree, b.filter.node)],
        cli: interfaceCli(b.iface, [`no ipv6 traffic-filter ${b.acl.name} in`]),
      },
    ],
  };
}

/**
 * The sequence number a line inserted right before `node` takes: IOS numbers an IPv6 ACL's lines
 * 10, 20, ... unless a line writes `sequence N`. Between two consecutive numbers there is no room:
 * the list is renumbered first (`ipv6 access-list resequence NAME 10 10`), then the line goes
 * halfway.
 */
function sequenceBefore(
  acl: Ipv6AccessList,
  node: ConfigNode,
): { sequence: number; resequence: boolean } | undefined {
  let previous = 0;
  let position = 0;
  for (const child of acl.node.children) {
    const w = child.words;
    const explicit = w[0]?.text.toLowerCase() === "sequence";
    const action = w[explicit ? 2 : 0]?.text.toLowerCase();
    if (
      child.negated ||
      !["permit", "deny", "evaluate"].includes(action ?? "")
    ) {
      continue;
    }
    const sequence = explicit ? Number(w[1]?.text) : previous + 10;
    if (!Number.isFinite(sequence)) {
      return undefined;
    }
    if (child === node) {
      return sequence - previous > 1
        ? {
            sequence: previous + Math.floor((sequence - previous) / 2),
            resequence: false,
          }
        : { sequence: position * 10 + 5, resequence: true };
    }
    previous = sequence;
    position++;
  }
  return undefined;
}
