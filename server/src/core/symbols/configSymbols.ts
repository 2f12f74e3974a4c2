import { CERTIFICATE_ROLES, detailsOf, utcText } from "../certificates/chain";
import {
  ikev2IdentityText,
  type ConfigModel,
  type CryptoMapEntry,
  type Ikev2KeyringPeer,
  type Ikev2Profile,
  type PresharedKey,
} from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { OutlineSymbol, SymbolKindName } from "../document";
import { formatIpv4 } from "../ipv4/address";
import { formatIpv6Prefix } from "../ipv6/address";
import { endpointText } from "../config/cryptoPeers";
import { aclEntryText } from "../config/aclText";
import { lineRange, type Range } from "../text/position";

function sectionRange(node: ConfigNode, lines: readonly string[]): Range {
  return {
    start: { line: node.line, character: 0 },
    end: { line: node.lastLine, character: lines[node.lastLine]?.length ?? 0 },
  };
}

function symbol(
  name: string,
  kind: SymbolKindName,
  node: ConfigNode,
  nameRange: Range,
  lines: readonly string[],
  detail?: string,
): OutlineSymbol {
  return {
    name,
    kind,
    detail,
    range: sectionRange(node, lines),
    selectionRange: nameRange,
  };
}

/**
 * Pushes one symbol per named section: `label NAME`, the section's range, the name selected, and
 * the detail a few words give (none when they are empty).
 */
function named<T extends { name: string; node: ConfigNode; nameRange: Range }>(
  out: OutlineSymbol[],
  lines: readonly string[],
  items: readonly T[],
  label: string,
  kind: SymbolKindName,
  detail?: (item: T) => string | undefined,
): void {
  for (const item of items) {
    out.push(
      symbol(
        `${label} ${item.name}`,
        kind,
        item.node,
        item.nameRange,
        lines,
        detail?.(item) || undefined,
      ),
    );
  }
}

/** ACLs with more entries than this show no entry children. */
const MAX_ACL_CHILDREN = 50;

/** A crypto map entry in a few words: its mode and peers. */
function entryDetail(e: CryptoMapEntry): string {
  if (e.mode === "dynamic") {
    return `dynamic ${e.dynamicMap?.name ?? ""}`.trim();
  }
  const peers = e.peers.map((p) => endpointText(p)).join(", ");
  return peers ? `${e.mode} → ${peers}` : e.mode;
}

/**
 * The outline of a config: interfaces, ACLs with their entries, policies, keys, keyrings, IKEv2
 * proposals, policies, keyrings and profiles,
 * profiles, transform sets, identities, trustpoints, the zone-based firewall's zones, zone-pairs,
 * inspect class-maps and policy-maps, and crypto maps with their entries.
 */
export function configOutline(model: ConfigModel): OutlineSymbol[] {
  const lines = model.tree.lines;
  const out: OutlineSymbol[] = [];
  for (const iface of model.interfaces) {
    const address = iface.addresses.find((a) => !a.secondary);
    out.push(
      symbol(
        iface.name,
        "interface",
        iface.node,
        iface.nameRange,
        lines,
        address ? formatIpv4(address.address) : undefined,
      ),
    );
  }
  for (const acl of model.acls.values()) {
    const first = acl.nodes[0]!;
    const last = acl.nodes[acl.nodes.length - 1]!;
    out.push({
      name: `access-list ${acl.name}`,
      kind: "array",
      detail: `${acl.kind}, ${acl.entries.length} ${acl.entries.length === 1 ? "entry" : "entries"}`,
      range: {
        start: { line: first.line, character: 0 },
        end: {
          line: last.lastLine,
          character: lines[last.lastLine]?.length ?? 0,
        },
      },
      selectionRange: acl.nameRange,
      // Entries as children help with short crypto ACLs; long filters would only bury the outline.
      children:
        acl.entries.length <= MAX_ACL_CHILDREN
          ? acl.entries.map((e) => ({
              name: aclEntryText(e),
              kind: "field" as const,
              range: nodeRange(e.node),
              selectionRange: nodeRange(e.node),
            }))
          : undefined,
    });
  }
  for (const policy of model.isakmpPolicies) {
    out.push(
      symbol(
        `isakmp policy ${policy.priority}`,
        "struct",
        policy.node,
        nodeRange(policy.node),
        lines,
        `${policy.encryption} ${policy.hash} ${policy.authentication} group ${policy.group}`,
      ),
    );
  }
  for (const key of model.globalKeys) {
    out.push(
      symbol(
        `isakmp key ${keyName(key)}`,
        "key",
        key.node,
        key.targetRange,
        lines,
      ),
    );
  }
  for (const keyring of model.keyrings) {
    out.push({
      ...symbol(
        `keyring ${keyring.name}`,
        "namespace",
        keyring.node,
        keyring.nameRange,
        lines,
      ),
      children: keyring.keys.map((k) =>
        symbol(`key ${keyName(k)}`, "key", k.node, k.targetRange, lines),
      ),
    });
  }
  named(out, lines, model.isakmpProfiles, "isakmp profile", "object");
  named(out, lines, model.ikev2Proposals, "ikev2 proposal", "struct", (p) =>
    [
      ...p.encryption,
      ...p.integrity,
      ...p.groups.map((g) => `group ${g}`),
    ].join(" "),
  );
  named(out, lines, model.ikev2Policies, "ikev2 policy", "struct", (p) =>
    p.proposals.map((r) => r.name).join(", "),
  );
  for (const keyring of model.ikev2Keyrings) {
    out.push({
      ...symbol(
        `ikev2 keyring ${keyring.name}`,
        "namespace",
        keyring.node,
        keyring.nameRange,
        lines,
      ),
      // Peers by name and address only: their keys never reach the outline.
      children: keyring.peers.map((p) =>
        symbol(
          `peer ${p.name}`,
          "key",
          p.node,
          lineRange(p.node.line, p.node.indent, p.node.text.trimEnd().length),
          lines,
          ikev2PeerDetail(p),
        ),
      ),
    });
  }
  named(
    out,
    lines,
    model.ikev2Profiles,
    "ikev2 profile",
    "object",
    ikev2ProfileDetail,
  );
  named(out, lines, model.transformSets, "transform-set", "enumMember", (set) =>
    set.transforms
      .map((t) => (t.keySize ? `${t.name} ${t.keySize}` : t.name))
      .join(" "),
  );
  named(out, lines, model.ipsecProfiles, "ipsec profile", "object");
  named(out, lines, model.identities, "crypto identity", "object", (identity) =>
    identity.entries.map((e) => `${e.kind} ${e.value}`).join(", "),
  );
  named(
    out,
    lines,
    model.trustpoints,
    "trustpoint",
    "object",
    (tp) => tp.enrollment,
  );
  // A chain's certificates by whose they are and until when: their hex says nothing.
  for (const tp of model.trustpoints) {
    const chain = tp.certificates[0]?.node.parent;
    if (!chain) {
      continue;
    }
    out.push({
      ...symbol(
        `certificate chain ${tp.name}`,
        "object",
        chain,
        lineRange(chain.line, chain.indent, chain.text.trimEnd().length),
        lines,
      ),
      children: tp.certificates.map((cert) => {
        const details = detailsOf(cert);
        return symbol(
          `${CERTIFICATE_ROLES[cert.role].name} ${cert.serial}`,
          "key",
          cert.node,
          lineRange(
            cert.node.line,
            cert.node.indent,
            cert.node.text.trimEnd().length,
          ),
          lines,
          details
            ? `${details.subject}, until ${utcText(details.notAfter).slice(0, 10)}`
            : "does not decode",
        );
      }),
    });
  }
  for (const map of model.certificateMaps.values()) {
    for (const entry of map.entries) {
      out.push(
        symbol(
          `certificate map ${map.name} ${entry.sequence}`,
          "object",
          entry.node,
          lineRange(
            entry.node.line,
            entry.node.indent,
            entry.node.text.trimEnd().length,
          ),
          lines,
          entry.rules.map((r) => `${r.field} ${r.op} ${r.value}`).join(", "),
        ),
      );
    }
  }
  named(out, lines, model.zones, "zone", "namespace");
  named(
    out,
    lines,
    model.zonePairs,
    "zone-pair",
    "event",
    (pair) =>
      `${pair.source} → ${pair.destination}${pair.servicePolicy ? `, ${pair.servicePolicy.name}` : ""}`,
  );
  named(
    out,
    lines,
    model.inspectClassMaps,
    "class-map",
    "class",
    (classMap) =>
      `${classMap.matchAny ? "match-any" : "match-all"}, ${classMap.matches.length} ${classMap.matches.length === 1 ? "match" : "matches"}`,
  );
  named(out, lines, model.inspectPolicyMaps, "policy-map", "module", (policy) =>
    policy.classes
      .map((c) => `${c.classMap?.name ?? "class-default"}: ${c.action}`)
      .join(", "),
  );
  for (const [label, maps] of [
    ["crypto map", model.cryptoMaps],
    ["crypto map ipv6", model.cryptoMaps6],
    ["dynamic-map", model.dynamicMaps],
  ] as const) {
    for (const map of maps.values()) {
      const first = map.entries[0]?.node ?? map.node;
      const lastLine = Math.max(
        map.node.lastLine,
        ...map.entries.map((e) => e.node.lastLine),
      );
      out.push({
        name: `${label} ${map.name}`,
        kind: "module",
        range: {
          start: { line: Math.min(first.line, map.node.line), character: 0 },
          end: { line: lastLine, character: lines[lastLine]?.length ?? 0 },
        },
        selectionRange: map.nameRange,
        children: map.entries.map((e) =>
          symbol(
            `${e.sequence}`,
            "method",
            e.node,
            lineRange(e.node.line, e.node.indent, e.node.text.trimEnd().length),
            lines,
            entryDetail(e),
          ),
        ),
      });
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line);
  return out;
}

/** An IKEv2 keyring peer in a few words: the address or host it is for, never its key. */
function ikev2PeerDetail(peer: Ikev2KeyringPeer): string | undefined {
  if (peer.address) {
    return `${formatIpv4(peer.address.address)} ${formatIpv4(peer.address.mask)}`;
  }
  if (peer.address6) {
    return formatIpv6Prefix(peer.address6);
  }
  return peer.hostname;
}

/** An IKEv2 profile in a few words: whom it matches and, on a FlexVPN server, its template. */
function ikev2ProfileDetail(profile: Ikev2Profile): string | undefined {
  const parts = [
    ...profile.matches.map((m) => ikev2IdentityText(m)),
    ...profile.certificateMaps.map((c) => `certificate ${c.name}`),
  ];
  if (profile.virtualTemplate) {
    parts.push(`virtual-template ${profile.virtualTemplate.number}`);
  }
  return parts.join(", ") || undefined;
}

/** The peer a key is for, as the outline names it. */
function keyName(key: PresharedKey): string {
  return key.address
    ? formatIpv4(key.address.address)
    : key.address6
      ? formatIpv6Prefix(key.address6)
      : (key.hostname ?? "");
}
