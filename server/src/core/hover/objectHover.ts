import { CERTIFICATE_ROLES, detailsOf, utcText } from "../certificates/chain";
import { certificateMatchText } from "../config/certificateMaps";
import {
  IKEV2_DEFAULT_NAME,
  IKEV2_DEFAULT_TRANSFORMS,
} from "../knowledge/ikev2Defaults";
import { table } from "../knowledge/table";
import { occurrencesOf, type NameOccurrence } from "../config/lineIndex";
import type {
  AccessList,
  ConfigModel,
  CryptoMap,
  CryptoMapEntry,
  Interface,
  IpsecProfile,
  ObjectKind,
  PresharedKey,
  Secret,
} from "../config/model";
import { isMultipoint, staticNbmaPeers } from "../config/dmvpn";
import { interfaceNamed } from "../config/routingView";
import type { AnalysisSettings } from "../document";
import { formatIpv4, formatPrefix, maskToPrefix } from "../ipv4/address";
import { formatIpv6, formatIpv6Prefix } from "../ipv6/address";
import { endpointText } from "../config/cryptoPeers";
import { SECRET_TYPES } from "../knowledge/secretTypes";
import { STRENGTH_LABELS } from "../knowledge/strength";
import { TRANSFORM_FACTS } from "../knowledge/transforms";
import { clearText } from "../peers/presharedKeys";
import { ipsecLifetime, type Lifetime } from "../peers/phase2";
import { aclEntryText, aclSideText, serviceText } from "../config/aclText";
import { expandGroup } from "../config/objectGroups";
import { humanDuration, humanKilobytes } from "../text/units";
import { describeUse, exitsToward, peerText } from "./describe";
import { ikev2Hover } from "./ikev2Hover";
import { zoneFirewallHover } from "./zoneFirewallHover";

/**
 * Hovers on the name of an object (where it is defined or used): what the object holds, and
 * where the config uses it. Keys stay masked unless the user asked to reveal them.
 */

/** What an object hover needs. */
export interface ObjectHoverInput {
  model: ConfigModel;
  settings: AnalysisSettings;
  occurrence: NameOccurrence;
}

const MAX_LISTED = 12;

/** Lines that use an object, skipping the object's own lines. */
function usedBy(
  model: ConfigModel,
  kind: ObjectKind,
  name: string,
  ownLines: ReadonlySet<number> = new Set(),
): string {
  const uses = occurrencesOf(model, kind, name).filter(
    (o) => o.role === "reference" && !ownLines.has(o.node.line),
  );
  if (!uses.length) {
    // Interfaces exist whether or not a command names them; other objects are dead weight unused.
    return kind === "interface" ? "" : "Not used anywhere in this config.";
  }
  const shown = uses
    .slice(0, MAX_LISTED)
    .map((o) => `- ${describeUse(model, o.node)}`);
  if (uses.length > MAX_LISTED) {
    shown.push(`- … and ${uses.length - MAX_LISTED} more`);
  }
  return `Used by:\n${shown.join("\n")}`;
}

/** A comma-separated list cut after MAX_LISTED items, saying how many were left out. */
export function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(", ");
  return items.length > MAX_LISTED
    ? `${shown} and ${items.length - MAX_LISTED} more`
    : shown;
}

function notDefined(label: string, name: string): string {
  return `**${label} ${name}** is not defined in this config: every command that names it refers to nothing.`;
}

/** IOS's own objects of the IKEv2 smart defaults, named but not written in the config. */
const BUILT_IN_HOVERS: Readonly<Record<string, string>> = table({
  "ipsec profile": `IOS's own (IKEv2 smart defaults): transform set \`default\` (${IKEV2_DEFAULT_TRANSFORMS.join(" ")}), no PFS, the default lifetimes, and the IKEv2 profile named \`default\`, which the config must write (it holds the authentication).`,
  "transform set": `IOS's own (IKEv2 smart defaults): ${IKEV2_DEFAULT_TRANSFORMS.join(" ")}, printed as transport mode, which still accepts tunnel mode.`,
});

/** The hover of an object the config does not define: IOS's own default, or nothing. */
function undefinedHover(label: string, name: string): string {
  const builtIn = BUILT_IN_HOVERS[label];
  return builtIn && name === IKEV2_DEFAULT_NAME
    ? `**${label} ${name}**: ${builtIn}`
    : notDefined(label, name);
}

/** A secret as hovers may show it. */
export function secretText(secret: Secret, settings: AnalysisSettings): string {
  if (!settings.revealSecrets) {
    return "`*****`";
  }
  const clear = clearText(secret);
  if (secret.type === 7 && clear !== undefined) {
    return `\`${secret.value}\` (decodes to \`${clear}\`)`;
  }
  return `\`${secret.value}\``;
}

/** Where a key applies, as text. */
export function keyTarget(key: PresharedKey): string {
  if (key.address) {
    const length = maskToPrefix(key.address.mask);
    if (key.address.address === 0 && key.address.mask === 0) {
      return "any peer (0.0.0.0/0)";
    }
    return length === 32
      ? formatIpv4(key.address.address)
      : `${formatIpv4(key.address.address)} mask ${formatIpv4(key.address.mask)}${length !== undefined ? ` (/${length})` : ""}`;
  }
  if (key.address6) {
    return `IPv6 ${formatIpv6Prefix(key.address6)}`;
  }
  return `hostname ${key.hostname ?? "?"}`;
}

function keyLine(key: PresharedKey, settings: AnalysisSettings): string {
  return `- ${keyTarget(key)}: ${secretText(key.secret, settings)} (${SECRET_TYPES[key.secret.type].name})`;
}

const NUMBER_RANGES: Readonly<Record<AccessList["kind"], string>> = {
  standard: "1-99 and 1300-1999",
  extended: "100-199 and 2000-2699",
};

function aclHover(model: ConfigModel, name: string): string {
  const acl = model.acls.get(name);
  if (!acl) {
    return notDefined("access-list", name);
  }
  const form = acl.numbered
    ? `numbered ${acl.kind} (range ${NUMBER_RANGES[acl.kind]})`
    : `named ${acl.kind}`;
  const lines = [
    `**access-list ${acl.name}**: ${form}, ${acl.entries.length} ${acl.entries.length === 1 ? "entry" : "entries"}, then the implicit deny.`,
  ];
  const entries = acl.entries
    .slice(0, MAX_LISTED)
    .map((e, i) => `${i + 1}. ${aclEntryText(e)}`);
  if (acl.entries.length > MAX_LISTED) {
    entries.push(`… and ${acl.entries.length - MAX_LISTED} more`);
  }
  if (entries.length) {
    lines.push(entries.join("\n"));
  }
  const own = new Set(acl.nodes.map((n) => n.line));
  const crypto = occurrencesOf(model, "acl", name).some(
    (o) =>
      o.role === "reference" &&
      /^match address$/i.test(
        o.node.words
          .slice(0, 2)
          .map((t) => t.text)
          .join(" "),
      ),
  );
  if (crypto) {
    lines.push(
      "As a crypto ACL: `permit` marks traffic to encrypt toward the peer, `deny` leaves traffic unencrypted. The peer's crypto ACL must be the mirror image.",
    );
  }
  lines.push(usedBy(model, "acl", name, own));
  return lines.join("\n\n");
}

/**
 * An object group: what its lines hold and what ACL lines naming it match, nested groups
 * included, or why those lines are not read.
 */
function objectGroupHover(model: ConfigModel, name: string): string {
  const group = model.objectGroups.get(name);
  if (!group) {
    return notDefined("object group", name);
  }
  const lines = [`**object-group ${group.kind} ${group.name}**`];
  const written = group.members.map((m) =>
    m.kind === "addresses"
      ? m.matches.map(aclSideText).join(", ")
      : m.kind === "services"
        ? m.services.map(serviceText).join(", ")
        : m.kind === "group"
          ? `group-object ${m.name}`
          : `⚠ not read: \`${m.node.text.trim()}\``,
  );
  const shown = written.slice(0, MAX_LISTED).map((t) => `- ${t}`);
  if (written.length > MAX_LISTED) {
    shown.push(`- … and ${written.length - MAX_LISTED} more`);
  }
  lines.push(
    shown.length ? shown.join("\n") : "No members: it matches nothing.",
  );
  const expanded =
    group.kind === "network"
      ? expandGroup(model.objectGroups, name, "network")?.map(aclSideText)
      : expandGroup(model.objectGroups, name, "service")?.map(serviceText);
  if (!expanded) {
    lines.push(
      "⚠ Its members cannot all be read (a line not understood, a group that does not exist or names itself, or too many members): verdicts on the ACL lines that name it are uncertain.",
    );
  } else if (group.members.some((m) => m.kind === "group")) {
    lines.push(`With its nested groups: ${listed(expanded)}.`);
  }
  lines.push(
    "An ACL line that names it stands for one entry per member (per combination, with several groups).",
  );
  lines.push(usedBy(model, "object-group", name));
  return lines.join("\n\n");
}

function transformSetHover(model: ConfigModel, name: string): string {
  const set = model.transformSets.find((s) => s.name === name);
  if (!set) {
    return undefinedHover("transform set", name);
  }
  const lines = [
    `**transform set ${set.name}** (${set.mode} mode${set.modeNode ? "" : ", the default"}):`,
  ];
  lines.push(
    set.transforms
      .map((t) => {
        const facts = TRANSFORM_FACTS[t.name];
        const size = t.keySize !== undefined ? ` ${t.keySize}` : "";
        return facts
          ? `- \`${t.name}${size}\`: ${facts.algorithm} (${STRENGTH_LABELS[facts.strength]})`
          : `- \`${t.name}${size}\`: unknown transform`;
      })
      .join("\n"),
  );
  const slots = new Set(
    set.transforms.map((t) => TRANSFORM_FACTS[t.name]?.slot),
  );
  if (slots.has("esp-encryption") && !slots.has("esp-integrity")) {
    lines.push(
      "⚠ ESP encryption without an ESP integrity transform: packets are hidden but not protected against tampering or replay.",
    );
  }
  if (slots.has("ah-integrity")) {
    lines.push(
      "AH signs the outer IP header, so this set cannot work through NAT.",
    );
  }
  lines.push(
    "Both peers need a transform set with the same transforms (names may differ).",
  );
  lines.push(usedBy(model, "transform-set", name));
  return lines.join("\n\n");
}

function entryRow(entry: CryptoMapEntry): string {
  const peers = entry.peers.map(peerText).join(", ") || "—";
  const sets = entry.transformSets.map((r) => r.name).join(", ") || "—";
  const mode =
    entry.mode === "dynamic"
      ? `dynamic ${entry.dynamicMap?.name ?? ""}`
      : entry.mode;
  return `| ${entry.sequence} | ${mode} | ${peers} | ${entry.matchAddress?.name ?? "—"} | ${sets} | ${entry.pfs?.group ?? "—"} |`;
}

function interfacesApplying(model: ConfigModel, map: CryptoMap): Interface[] {
  return model.interfaces.filter((i) =>
    map.ipv6 ? i.cryptoMap6?.name === map.name : i.cryptoMap?.name === map.name,
  );
}

function cryptoMapHover(
  model: ConfigModel,
  map: CryptoMap | undefined,
  name: string,
  dynamic: boolean,
  ipv6 = false,
): string {
  const label = dynamic
    ? "dynamic map"
    : ipv6
      ? "crypto map ipv6"
      : "crypto map";
  if (!map) {
    return notDefined(label, name);
  }
  const lines = [
    `**${label} ${map.name}**: ${map.entries.length} ${map.entries.length === 1 ? "entry" : "entries"}, tried in sequence order.`,
  ];
  if (map.entries.length) {
    lines.push(
      [
        "| seq | mode | peer | match address | transform sets | PFS |",
        "|---|---|---|---|---|---|",
        ...map.entries.slice(0, MAX_LISTED).map(entryRow),
      ].join("\n"),
    );
    if (map.entries.length > MAX_LISTED) {
      lines.push(`… and ${map.entries.length - MAX_LISTED} more entries.`);
    }
  }
  if (dynamic) {
    const users = model.references.filter(
      (r) =>
        r.kind === "dynamic-map" &&
        r.name === map.name &&
        /^crypto$/i.test(r.node.words[0]?.text ?? "") &&
        /^map$/i.test(r.node.words[1]?.text ?? ""),
    );
    lines.push(
      users.length
        ? `Used by crypto map ${listed(users.map((u) => `\`${u.node.words[2]?.text ?? ""} ${u.node.words[3]?.text ?? ""}\``))}.`
        : "No crypto map entry points at this dynamic map, so it is never used.",
    );
    return lines.join("\n\n");
  }
  const applied = interfacesApplying(model, map);
  lines.push(
    applied.length
      ? `Applied to ${listed(applied.map((i) => `**${i.name}**${i.shutdown ? " (shut down)" : ""}`))}${map.ipv6 ? " (`ipv6 crypto map`): it protects IPv6 traffic to IPv6 peers" : ""}.`
      : `⚠ Applied to no interface (\`${map.ipv6 ? "ipv6 " : ""}crypto map ${map.name}\` under one): IOS never uses it.`,
  );
  if (map.localAddress) {
    lines.push(
      `IKE and IPsec use the address of ${map.localAddress.name} (\`local-address\`).`,
    );
  }
  return lines.join("\n\n");
}

/** The details of one crypto map entry, with lifetimes and defaults. */
export function cryptoMapEntryHover(
  model: ConfigModel,
  entry: CryptoMapEntry,
): string {
  const label = entry.isDynamicMapEntry
    ? "dynamic map"
    : entry.ipv6
      ? "crypto map ipv6"
      : "crypto map";
  const lines = [
    `**${label} ${entry.map} ${entry.sequence}** (${entry.mode === "dynamic" ? `points at dynamic map ${entry.dynamicMap?.name ?? "?"}` : entry.mode})`,
  ];
  if (entry.mode === "dynamic") {
    lines.push(
      "Peers not matched by earlier entries are accepted with the dynamic map's settings; this should be the map's last entry.",
    );
    return lines.join("\n\n");
  }
  const items: string[] = [];
  items.push(
    `- peer: ${entry.peers.length ? entry.peers.map(peerText).join(", ") : entry.isDynamicMapEntry ? "any (learned from the peer)" : "⚠ none (the entry stays disabled)"}`,
  );
  const name = entry.matchAddress?.name;
  const acl6 = entry.ipv6
    ? model.acls6.find((a) => a.name === name)
    : undefined;
  const acl =
    entry.ipv6 || name === undefined ? undefined : model.acls.get(name);
  const sides: string[] | undefined = acl6
    ? acl6.entries.map(
        (e) =>
          `${e.action} ${formatIpv6Prefix(e.source)} → ${formatIpv6Prefix(e.destination)}`,
      )
    : acl?.entries.map(
        (e) =>
          `${e.action} ${aclSideText(e.source)} → ${aclSideText(e.destination)}`,
      );
  items.push(
    `- match address: ${
      entry.matchAddress
        ? `${entry.ipv6 ? "ipv6 access-list " : ""}${entry.matchAddress.name}${
            sides
              ? ` (${sides.slice(0, 3).join("; ")}${sides.length > 3 ? "; …" : ""})`
              : " (not defined)"
          }`
        : "⚠ none"
    }`,
  );
  items.push(
    `- transform sets: ${entry.transformSets.length ? entry.transformSets.map((r) => r.name).join(", ") : "none written"}`,
  );
  items.push(
    `- PFS: ${entry.pfs ? entry.pfs.group : "off (accepts the peer's choice as responder)"}`,
  );
  items.push(lifetimeItem(model, entry));
  if (entry.isakmpProfile) {
    items.push(`- isakmp profile: ${entry.isakmpProfile.name}`);
  }
  lines.push(items.join("\n"));
  return lines.join("\n\n");
}

function isakmpProfileHover(model: ConfigModel, name: string): string {
  const profile = model.isakmpProfiles.find((p) => p.name === name);
  if (!profile) {
    return notDefined("isakmp profile", name);
  }
  const items: string[] = [];
  items.push(
    `- keyrings: ${profile.keyrings.map((r) => r.name).join(", ") || "none (certificates or the default keyring)"}`,
  );
  items.push(
    `- matches peers: ${
      [
        ...profile.matches.map((m) =>
          m.kind === "address" && m.address !== undefined
            ? `${formatIpv4(m.address)}${m.mask !== undefined && m.mask !== 0xffffffff ? ` mask ${formatIpv4(m.mask)}` : ""}`
            : `${m.kind} ${m.value}`,
        ),
        ...profile.certificateMaps.map((ref) =>
          certificateMatchText(model.certificateMaps, ref),
        ),
      ].join(", ") || "⚠ none (no peer selects this profile)"
    }`,
  );
  if (profile.trustpoints.length) {
    items.push(
      `- trustpoints: ${profile.trustpoints.map((r) => r.name).join(", ")}`,
    );
  }
  if (profile.localAddress) {
    items.push(
      `- local address: ${profile.localAddress.interface?.name ?? formatIpv4(profile.localAddress.address ?? 0)}`,
    );
  }
  if (profile.selfIdentity) {
    items.push(`- self identity: ${profile.selfIdentity}`);
  }
  if (profile.vrf) {
    items.push(`- VRF: ${profile.vrf.name}`);
  }
  return [
    `**isakmp profile ${profile.name}**: phase 1 settings for the peers it matches.`,
    items.join("\n"),
    usedBy(model, "isakmp-profile", name),
  ].join("\n\n");
}

function keyringHover(
  model: ConfigModel,
  name: string,
  settings: AnalysisSettings,
): string {
  const ring = model.keyrings.find((k) => k.name === name);
  if (!ring) {
    return notDefined("keyring", name);
  }
  const lines = [
    `**keyring ${ring.name}**: ${ring.keys.length} pre-shared ${ring.keys.length === 1 ? "key" : "keys"}${ring.vrf ? ` for VRF ${ring.vrf}` : ""}.`,
  ];
  if (ring.keys.length) {
    const keys = ring.keys
      .slice(0, MAX_LISTED)
      .map((k) => keyLine(k, settings));
    if (ring.keys.length > MAX_LISTED) {
      keys.push(`- … and ${ring.keys.length - MAX_LISTED} more`);
    }
    lines.push(keys.join("\n"));
  }
  if (ring.localAddress) {
    lines.push(
      `Used only for IKE on ${ring.localAddress.interface?.name ?? formatIpv4(ring.localAddress.address ?? 0)} (\`local-address\`).`,
    );
  }
  lines.push(usedBy(model, "keyring", name));
  return lines.join("\n\n");
}

/**
 * The SA lifetimes a crypto map entry or IPsec profile runs with, each marked with where it comes
 * from when the section does not write it; a disabled volume lifetime is said so, not given a size.
 */
function lifetimeItem(
  model: ConfigModel,
  lines: Pick<IpsecProfile, "lifetimeSeconds" | "lifetimeKilobytes">,
): string {
  const seconds = ipsecLifetime(model, "seconds", lines.lifetimeSeconds);
  const kilobytes = ipsecLifetime(model, "kilobytes", lines.lifetimeKilobytes);
  const from = (l: Lifetime<unknown>) =>
    l.origin === "entry" ? "" : ` (${l.origin})`;
  const volume =
    kilobytes.value === "disabled"
      ? "no volume lifetime (kilobytes disable: rekeys on time only)"
      : `${kilobytes.value} KB ≈ ${humanKilobytes(kilobytes.value)}`;
  return `- SA lifetime: ${seconds.value} s = ${humanDuration(seconds.value)}${from(seconds)}, ${volume}${from(kilobytes)}`;
}

function ipsecProfileHover(model: ConfigModel, name: string): string {
  const profile = model.ipsecProfiles.find((p) => p.name === name);
  if (!profile) {
    return undefinedHover("ipsec profile", name);
  }
  const items = [
    `- transform sets: ${profile.transformSets.map((r) => r.name).join(", ") || "none written (newer IOS uses its default sets)"}`,
    `- PFS: ${profile.pfs?.group ?? "off"}`,
  ];
  if (profile.isakmpProfile) {
    items.push(`- isakmp profile: ${profile.isakmpProfile.name}`);
  }
  items.push(lifetimeItem(model, profile));
  return [
    `**ipsec profile ${profile.name}**: phase 2 settings of the tunnel interfaces that use it.`,
    items.join("\n"),
    usedBy(model, "ipsec-profile", name),
  ].join("\n\n");
}

function identityHover(model: ConfigModel, name: string): string {
  const identity = model.identities.find((i) => i.name === name);
  if (!identity) {
    return notDefined("crypto identity", name);
  }
  const entries = identity.entries
    .map((e) => `- ${e.kind} ${e.value}`)
    .join("\n");
  return [
    `**crypto identity ${identity.name}**: peers whose certificate carries one of these names may use the entries that name it.`,
    entries || "No names listed: no peer qualifies.",
    usedBy(model, "identity", name),
  ].join("\n\n");
}

/** A trustpoint: how it enrols, and the certificates its chain prints (decoded). */
function trustpointHover(model: ConfigModel, name: string): string {
  const tp = model.trustpoints.find((t) => t.name === name);
  if (!tp) {
    return notDefined("trustpoint", name);
  }
  const items: string[] = [];
  if (tp.enrollment) {
    items.push(`- enrollment: ${tp.enrollment}`);
  }
  if (tp.subjectName) {
    items.push(`- subject name: ${tp.subjectName}`);
  }
  if (!tp.certificates.length) {
    items.push(
      `- certificate chain in this config: ${tp.hasCertificateChain ? "yes" : "no"}`,
    );
  }
  for (const cert of tp.certificates) {
    const details = detailsOf(cert);
    items.push(
      `- ${CERTIFICATE_ROLES[cert.role].name} ${cert.serial}: ${details ? `${details.subject}, until ${utcText(details.notAfter)}` : "does not decode"}`,
    );
  }
  return [
    `**trustpoint ${tp.name}**: the CA and certificate used for \`rsa-sig\` authentication.`,
    items.join("\n"),
    usedBy(model, "trustpoint", name),
  ].join("\n\n");
}

function routeMapHover(model: ConfigModel, name: string): string {
  const clauses = model.routeMaps.filter((r) => r.name === name);
  if (!clauses.length) {
    return notDefined("route-map", name);
  }
  const items = clauses.map(
    (c) =>
      `- ${c.action} ${c.sequence}${c.matchAcls.length ? `: match ip address ${c.matchAcls.map((r) => r.name).join(" ")}` : ""}`,
  );
  return [
    `**route-map ${name}**: ${clauses.length} ${clauses.length === 1 ? "clause" : "clauses"}.`,
    items.join("\n"),
    usedBy(model, "route-map", name, new Set(clauses.map((c) => c.node.line))),
  ].join("\n\n");
}

function natPoolHover(model: ConfigModel, name: string): string {
  const pool = model.natPools.find((p) => p.name === name);
  if (!pool) {
    return notDefined("NAT pool", name);
  }
  const w = pool.node.words.map((t) => t.text);
  return [
    `**NAT pool ${name}**: addresses ${w[4] ?? "?"} to ${w[5] ?? "?"}.`,
    usedBy(model, "nat-pool", name),
  ].join("\n\n");
}

/** Peers whose route leaves through an interface. */
function peersThrough(model: ConfigModel, iface: Interface): string[] {
  const out: string[] = [];
  for (const map of model.cryptoMaps.values()) {
    for (const entry of map.entries) {
      for (const peer of entry.peers) {
        if (peer.address === undefined) {
          continue;
        }
        if (exitsToward(model, peer.address).includes(iface)) {
          out.push(
            `${formatIpv4(peer.address)} (${map.name} ${entry.sequence})`,
          );
        }
      }
    }
  }
  return out;
}

/** What an interface holds and what is applied to it. */
export function interfaceHover(model: ConfigModel, name: string): string {
  const iface = interfaceNamed(model, name);
  if (!iface) {
    return `**interface ${name}** is not configured in this file.`;
  }
  const items: string[] = [];
  for (const a of iface.addresses) {
    items.push(
      `- ${a.secondary ? "secondary " : ""}address ${formatIpv4(a.address)} on ${formatPrefix(a.prefix)}`,
    );
  }
  if (iface.dynamicAddress) {
    items.push("- address learned dynamically (DHCP or PPP)");
  }
  if (iface.unnumbered) {
    items.push(`- unnumbered, borrows the address of ${iface.unnumbered.name}`);
  }
  if (!iface.addresses.length && !iface.dynamicAddress && !iface.unnumbered) {
    items.push("- no IPv4 address");
  }
  if (iface.vrf) {
    items.push(`- VRF ${iface.vrf}`);
  }
  if (iface.cryptoMap) {
    const exists = model.cryptoMaps.has(iface.cryptoMap.name);
    items.push(
      `- crypto map ${iface.cryptoMap.name}${exists ? "" : " (⚠ not defined)"}`,
    );
  }
  if (iface.cryptoMap6) {
    const exists = model.cryptoMaps6.has(iface.cryptoMap6.name);
    items.push(
      `- IPv6 crypto map ${iface.cryptoMap6.name}${exists ? "" : " (⚠ not defined)"}`,
    );
  }
  for (const g of iface.accessGroups) {
    items.push(
      `- access list ${g.acl.name} filters ${g.direction === "in" ? "inbound" : "outbound"} traffic${model.acls.has(g.acl.name) ? "" : " (not defined: IOS permits everything)"}`,
    );
  }
  if (iface.nat) {
    items.push(`- NAT ${iface.nat.side}`);
  }
  if (iface.natEnable) {
    items.push("- NAT (NVI, `ip nat enable`)");
  }
  if (iface.zone) {
    items.push(`- member of firewall zone ${iface.zone.name}`);
  }
  const t = iface.tunnel;
  if (t.source) {
    items.push(
      `- tunnel source ${t.source.interface?.name ?? (t.source.address6 !== undefined ? formatIpv6(t.source.address6) : formatIpv4(t.source.address ?? 0))}`,
    );
  }
  if (t.destination) {
    items.push(`- tunnel destination ${endpointText(t.destination) ?? "?"}`);
  }
  if (t.mode) {
    items.push(`- tunnel mode ${t.mode}`);
  }
  if (t.key) {
    items.push(`- tunnel key ${t.key.value}`);
  }
  if (t.protection) {
    items.push(
      `- protected by ipsec profile ${t.protection.name}${t.shared ? " (shared)" : ""}`,
    );
  }
  items.push(...dmvpnRole(iface));
  const peers = peersThrough(model, iface);
  if (peers.length) {
    items.push(`- routes to crypto peers ${listed(peers)}`);
  }
  const state = iface.shutdown ? " (⚠ shut down)" : "";
  return [
    `**interface ${iface.name}**${state}`,
    items.join("\n"),
    usedBy(model, "interface", name, new Set([iface.node.line])),
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** An IPv6 access list: its entries as written, then the implicit deny. */
function ipv6AclHover(model: ConfigModel, name: string): string {
  const acl = model.acls6.find((a) => a.name === name);
  if (!acl) {
    return notDefined("ipv6 access-list", name);
  }
  const entries = acl.entries
    .slice(0, MAX_LISTED)
    .map((e, i) => `${i + 1}. \`${e.node.text.trim()}\``);
  if (acl.entries.length > MAX_LISTED) {
    entries.push(`… and ${acl.entries.length - MAX_LISTED} more`);
  }
  return [
    `**ipv6 access-list ${acl.name}**: ${acl.entries.length} ${acl.entries.length === 1 ? "entry" : "entries"}, then the implicit deny (neighbour discovery excepted).`,
    entries.join("\n"),
    acl.unreadable.length
      ? `⚠ ${acl.unreadable.length} line(s) not read (\`${acl.unreadable[0]!.text.trim()}\`…): no verdict is drawn through this list.`
      : "",
    usedBy(model, "ipv6-acl", name, new Set([acl.node.line])),
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** A certificate map: its entries, each a set of lines a certificate must all match. */
function certificateMapHover(model: ConfigModel, name: string): string {
  const map = model.certificateMaps.get(name);
  if (!map) {
    return notDefined("certificate map", name);
  }
  const entries = map.entries.map(
    (e) =>
      `- entry ${e.sequence}: ${e.rules.length ? e.rules.map((r) => `\`${r.field} ${r.op} ${r.value}\``).join(" and ") : "no line (takes every certificate)"}`,
  );
  return [
    `**certificate map ${name}**: a peer's certificate matches when it matches every line of one entry (\`co\` contains, \`eq\` equals, \`nc\` / \`ne\` their opposites; case does not matter).`,
    entries.join("\n"),
    "An IKEv2 or isakmp profile with `match certificate` selects the peers whose certificate it takes.",
    usedBy(
      model,
      "certificate-map",
      name,
      new Set(map.entries.map((e) => e.node.line)),
    ),
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** An HSRP group by its name: its interface, number and virtual address. */
function standbyGroupHover(model: ConfigModel, name: string): string {
  for (const iface of model.interfaces) {
    const group = iface.standby?.find((g) => g.name === name);
    if (group) {
      return [
        `**HSRP group ${name}**: group ${group.group} of ${iface.name}${group.address !== undefined ? `, virtual address ${formatIpv4(group.address)}` : ", no virtual address (`standby N ip X`)"}.`,
        "A crypto map applied with `redundancy` and this name talks from the virtual address, on the router that is active for the group.",
        usedBy(model, "standby-group", name),
      ]
        .filter(Boolean)
        .join("\n\n");
    }
  }
  return notDefined("HSRP group", name);
}

/** The hover of a named object, at its definition or at a use. */
export function objectHover(input: ObjectHoverInput): string {
  const { model, settings, occurrence } = input;
  const name = occurrence.name;
  switch (occurrence.kind) {
    case "acl":
      return aclHover(model, name);
    case "ipv6-acl":
      return ipv6AclHover(model, name);
    case "transform-set":
      return transformSetHover(model, name);
    case "crypto-map":
      return cryptoMapHover(model, model.cryptoMaps.get(name), name, false);
    case "ipv6-crypto-map":
      return cryptoMapHover(
        model,
        model.cryptoMaps6.get(name),
        name,
        false,
        true,
      );
    case "dynamic-map":
      return cryptoMapHover(model, model.dynamicMaps.get(name), name, true);
    case "isakmp-profile":
      return isakmpProfileHover(model, name);
    case "keyring":
      return keyringHover(model, name, settings);
    case "ipsec-profile":
      return ipsecProfileHover(model, name);
    case "identity":
      return identityHover(model, name);
    case "trustpoint":
      return trustpointHover(model, name);
    case "route-map":
      return routeMapHover(model, name);
    case "nat-pool":
      return natPoolHover(model, name);
    case "interface":
      return interfaceHover(model, name);
    case "ikev2-proposal":
    case "ikev2-policy":
    case "ikev2-keyring":
    case "ikev2-profile":
      return ikev2Hover(
        model,
        occurrence.kind,
        name,
        settings,
        usedBy(model, occurrence.kind, name),
      );
    case "object-group":
      return objectGroupHover(model, name);
    case "standby-group":
      return standbyGroupHover(model, name);
    case "certificate-map":
      return certificateMapHover(model, name);
    case "zone":
    case "class-map":
    case "policy-map":
      return zoneFirewallHover(
        model,
        occurrence.kind,
        name,
        usedBy(model, occurrence.kind, name),
      );
  }
}

/** What a multipoint GRE tunnel is in its DMVPN cloud: a hub, or a spoke and the hubs it registers to. */
function dmvpnRole(iface: Interface): string[] {
  if (!isMultipoint(iface)) {
    return [];
  }
  if (!iface.nhrp?.networkId) {
    return [
      "- ⚠ multipoint GRE without `ip nhrp network-id`: NHRP does not run",
    ];
  }
  const hubs = staticNbmaPeers(iface).filter((p) => p.server);
  if (!hubs.length) {
    return [
      "- DMVPN hub: spokes register to it from any address, and it never starts their tunnels",
    ];
  }
  return [
    `- DMVPN spoke: registers to ${listed(
      hubs.map(
        (h) =>
          `${h.address !== undefined ? formatIpv4(h.address) : "a dynamic server"} at ${formatIpv4(h.nbma)}`,
      ),
    )}`,
  ];
}
