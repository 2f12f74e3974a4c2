import { cryptoView, peerLabel } from "../config/cryptoPeers";
import {
  ikev2IdentityText,
  type ConfigModel,
  type Ikev2Identity,
  type Ikev2Policy,
} from "../config/model";
import { certificateMatchText } from "../config/certificateMaps";
import { ikev2ProfileOf, peerText } from "../config/profileSelection";
import type { AnalysisSettings } from "../document";
import { formatIpv4 } from "../ipv4/address";
import { formatAddress, formatIpv6Prefix } from "../ipv6/address";
import {
  IKEV2_AEAD_CIPHERS,
  IKEV2_DEFAULT_LIFETIME,
  IKEV2_DEFAULT_NAME,
  ikev2DefaultProposal,
} from "../knowledge/ikev2Defaults";
import { ikev2PolicyFor, proposalGapText } from "../peers/ikev2Negotiation";
import { secretText } from "./objectHover";

/**
 * Hovers on the names of IKEv2 objects: proposals, policies, keyrings and profiles. Keys stay
 * masked unless the user asked to reveal them.
 */

/** The IKEv2 kinds these hovers cover. */
export type Ikev2Kind =
  "ikev2-proposal" | "ikev2-policy" | "ikev2-keyring" | "ikev2-profile";

function list(values: readonly (string | number)[], none: string): string {
  return values.length ? values.join(" ") : none;
}

function identityText(m: Ikev2Identity): string {
  if (m.kind === "address" && m.address !== undefined) {
    return m.mask !== undefined && m.mask !== 0xffffffff
      ? `address ${formatIpv4(m.address)} mask ${formatIpv4(m.mask)}`
      : `address ${formatIpv4(m.address)}`;
  }
  return ikev2IdentityText(m);
}

function proposalHover(model: ConfigModel, name: string): string {
  const p = model.ikev2Proposals.find((x) => x.name === name);
  if (!p) {
    if (name === IKEV2_DEFAULT_NAME) {
      const d = ikev2DefaultProposal(model.version?.major);
      return `**IKEv2 proposal default** (built in, ${d.releases}): encryption ${d.encryption.join(" ")}; integrity ${d.integrity.join(" ")}; PRF ${d.prf.join(" ")}; DH groups ${d.groups.join(" ")}.`;
    }
    return `**IKEv2 proposal ${name}** is not defined in this config.`;
  }
  const aead =
    p.encryption.length > 0 &&
    p.encryption.every((e) => IKEV2_AEAD_CIPHERS.has(e));
  const gaps = proposalGapText(p);
  return [
    `**IKEv2 proposal ${p.name}**: the peer must share one algorithm of each kind.`,
    [
      `- encryption: ${list(p.encryption, "⚠ none")}`,
      `- integrity: ${list(p.integrity, aead ? "none (AEAD cipher)" : "⚠ none")}`,
      `- PRF: ${list(p.prf, aead ? "⚠ none" : "same as integrity")}`,
      `- DH groups: ${list(p.groups, "⚠ none")}`,
    ].join("\n"),
    ...(gaps
      ? [
          `⚠ Incomplete: ${gaps}. IOS neither offers nor accepts it (AES-GCM takes a prf line and no integrity; other ciphers an integrity line).`,
        ]
      : []),
  ].join("\n\n");
}

function policyHover(model: ConfigModel, name: string): string {
  const p = model.ikev2Policies.find((x) => x.name === name);
  if (!p) {
    return `**IKEv2 policy ${name}** is not defined in this config.`;
  }
  return [
    `**IKEv2 policy ${p.name}**: the proposals offered and accepted on the local addresses it matches.`,
    [
      `- proposals: ${list(
        p.proposals.map((r) => r.name),
        "⚠ none (the policy is incomplete)",
      )}`,
      `- local addresses: ${list(p.localAddresses.map(formatAddress), "any")}`,
      `- front-door VRF: ${p.fvrf ?? "global"}`,
      `- used for: ${usedFor(model, p)}`,
    ].join("\n"),
  ].join("\n\n");
}

/** The IKEv2 peers of the config whose VRF and local address the policy serves. */
function usedFor(model: ConfigModel, policy: Ikev2Policy): string {
  const peers = cryptoView(model).peers.filter(
    (peer) =>
      peer.ike &&
      ikev2ProfileOf(model, peer) &&
      ikev2PolicyFor(
        model,
        peer.localAddress ?? peer.localAddress6,
        peer.vrf,
      ) === policy,
  );
  const shown = peers
    .slice(0, 5)
    .map((peer) => `${peerLabel(peer)} (${peerText(peer)})`);
  return peers.length
    ? `${shown.join(", ")}${peers.length > 5 ? ` and ${peers.length - 5} more` : ""}`
    : "none of this config's IKEv2 peers";
}

function keyringHover(
  model: ConfigModel,
  name: string,
  settings: AnalysisSettings,
): string {
  const ring = model.ikev2Keyrings.find((x) => x.name === name);
  if (!ring) {
    return `**IKEv2 keyring ${name}** is not defined in this config.`;
  }
  const peers = ring.peers.map((p) => {
    const target = p.address
      ? `${formatIpv4(p.address.address)}${p.address.mask !== 0xffffffff ? ` mask ${formatIpv4(p.address.mask)}` : ""}`
      : p.address6
        ? formatIpv6Prefix(p.address6)
        : (p.hostname ?? p.identity?.value ?? "no address");
    const keys = [
      p.both ? `key ${secretText(p.both.secret, settings)}` : "",
      p.local ? `local key ${secretText(p.local.secret, settings)}` : "",
      p.remote ? `remote key ${secretText(p.remote.secret, settings)}` : "",
    ].filter(Boolean);
    return `- peer ${p.name} (${target}): ${keys.join(", ") || "no key"}`;
  });
  return [
    `**IKEv2 keyring ${ring.name}**: ${ring.peers.length} ${ring.peers.length === 1 ? "peer" : "peers"}.`,
    peers.join("\n"),
  ]
    .filter(Boolean)
    .join("\n\n");
}

function profileHover(model: ConfigModel, name: string): string {
  const p = model.ikev2Profiles.find((x) => x.name === name);
  if (!p) {
    return `**IKEv2 profile ${name}** is not defined in this config.`;
  }
  return [
    `**IKEv2 profile ${p.name}**: who the peer may be and how both sides authenticate.`,
    [
      `- matches peers: ${
        [
          p.matches.map(identityText).join(" "),
          ...p.certificateMaps.map((ref) =>
            certificateMatchText(model.certificateMaps, ref),
          ),
        ]
          .filter(Boolean)
          .join("; ") || "⚠ none (no peer selects this profile)"
      }`,
      `- local identity: ${p.localIdentity ? identityText(p.localIdentity) : "the local address"}`,
      `- signs with: ${p.localAuthentication?.method ?? "⚠ not written"}`,
      `- accepts from the peer: ${list(
        p.remoteAuthentication.map((a) => a.method),
        "⚠ not written",
      )}`,
      `- keyring: ${p.keyring?.name ?? "none"}`,
      `- lifetime: ${p.lifetime?.value ?? IKEV2_DEFAULT_LIFETIME} s`,
    ].join("\n"),
  ].join("\n\n");
}

/** The hover of an IKEv2 object, followed by where the config uses it. */
export function ikev2Hover(
  model: ConfigModel,
  kind: Ikev2Kind,
  name: string,
  settings: AnalysisSettings,
  usedBy: string,
): string {
  const body =
    kind === "ikev2-proposal"
      ? proposalHover(model, name)
      : kind === "ikev2-policy"
        ? policyHover(model, name)
        : kind === "ikev2-keyring"
          ? keyringHover(model, name, settings)
          : profileHover(model, name);
  return kind === "ikev2-policy" ? body : `${body}\n\n${usedBy}`;
}
