import { liveRoots } from "../config/model";
import {
  certificateMapsAdmit,
  isakmpSigningCertificate,
} from "../config/certificateMaps";
import type {
  CertificateMap,
  ConfigModel,
  IdentityMatch,
  IsakmpProfile,
} from "../config/model";
import { nodeRange, startsWith, type ConfigNode } from "../config/tree";
import type { Fix, TextEdit } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import {
  formatAddress,
  formatIpv6,
  ipv6PrefixContains,
  isIpv6,
  type IpAddress,
  type Ipv6Address,
} from "../ipv6/address";
import {
  childIndent,
  insertAfterSection,
  insertBefore,
  replaceLine,
} from "./edits";
import type { Endpoint } from "./pairing";
import type { PeerIssue } from "./issues";
import { certificateMapFix } from "./certificateMapFix";

/**
 * IKEv1 profile selection between two known routers. As responder, IOS picks an isakmp profile by
 * the identity the initiator sends in main mode message 5: its address (the default), its FQDN
 * (`crypto isakmp identity hostname`, or `self-identity fqdn` in the profile it initiates with),
 * an e-mail-style name (`self-identity user-fqdn`) or its certificate DN. `match identity address`
 * takes only an address, `match identity host` only that FQDN, `match identity host domain` any
 * FQDN in the domain (host names compare case-insensitively, as DNS names do). The one-config
 * check (`config/profileSelection.ts`) judges profiles that match addresses only; this judges
 * host and domain matches too, from what the peer's config says it sends.
 */

/** The identity an IKEv1 initiator sends in main mode message 5. */
export interface IsakmpIdentity {
  /** ID_IPV4_ADDR, ID_FQDN, ID_USER_FQDN, or something not judged here (a certificate DN). */
  kind: "address" | "fqdn" | "user-fqdn" | "unknown";
  /** The FQDN (lower case) or e-mail name sent; empty for an address. */
  value: string;
  /** The address sent (the initiator's own, behind NAT too); undefined when unknown. */
  address?: number;
  /** The IPv6 address sent (ID_IPV6_ADDR), for a tunnel over IPv6. */
  address6?: Ipv6Address;
  /**
   * Behind NAT, the NAT device's address the responder sees the packets come from: NAT rewrites
   * the packets, not the identity payload inside them (encrypted in main mode message 5).
   */
  natAddress?: IpAddress;
  /** The line that chose the kind (`self-identity ...` or `crypto isakmp identity ...`); absent for the default. */
  source?: ConfigNode;
  /** The initiator's isakmp profile, when `self-identity` in it chose the kind. */
  profile?: IsakmpProfile;
  /** True for an FQDN made of the host name alone, for want of `ip domain name`. */
  noDomain?: boolean;
  /** The subject of the certificate it signs with, when known (`match certificate` judges it). */
  subject?: string;
  /** Its issuer, when the config prints the certificate. */
  issuer?: string;
}

/** The `self-identity` line of an isakmp profile. */
function selfIdentityLine(profile: IsakmpProfile): ConfigNode | undefined {
  return profile.node.children.find(
    (c) => !c.negated && startsWith(c, "self-identity"),
  );
}

/** The FQDN a router sends: its host name and `ip domain name`, in lower case. */
function fqdnOf(
  model: ConfigModel,
): { value: string; noDomain: boolean } | undefined {
  const host = model.hostname?.name;
  if (!host) {
    return undefined;
  }
  const domain = model.domainName?.name;
  return {
    value: (domain ? `${host}.${domain}` : host).toLowerCase(),
    noDomain: !domain,
  };
}

/**
 * What an IKEv1 initiator sends as its identity: the `self-identity` of the isakmp profile it
 * initiates with, else the global `crypto isakmp identity`, else its address. `address` is the
 * address it talks from (undefined when unknown), `natAddress` the NAT device's the responder sees.
 */
export function sentIsakmpIdentity(
  model: ConfigModel,
  profile: IsakmpProfile | undefined,
  address: IpAddress | undefined,
  natAddress?: IpAddress,
): IsakmpIdentity {
  const identity = ownIsakmpIdentity(model, profile, address, natAddress);
  const certificate = isakmpSigningCertificate(model, profile);
  return certificate === undefined ? identity : { ...identity, ...certificate };
}

function ownIsakmpIdentity(
  model: ConfigModel,
  profile: IsakmpProfile | undefined,
  address: IpAddress | undefined,
  natAddress?: IpAddress,
): IsakmpIdentity {
  const self = profile && selfIdentityLine(profile);
  const kind = self
    ? self.words[1]?.text.toLowerCase()
    : model.isakmpIdentity?.kind;
  const source = self ?? model.isakmpIdentity?.node;
  const from = {
    ...(source ? { source } : {}),
    ...(self ? { profile } : {}),
  };
  if (kind === undefined || kind === "address") {
    return {
      kind: "address",
      value: "",
      ...(address === undefined
        ? {}
        : isIpv6(address)
          ? { address6: address }
          : { address }),
      ...(natAddress !== undefined && natAddress !== address
        ? { natAddress }
        : {}),
      ...from,
    };
  }
  if (kind === "hostname" || kind === "fqdn") {
    const fqdn = fqdnOf(model);
    return fqdn
      ? {
          kind: "fqdn",
          value: fqdn.value,
          ...(fqdn.noDomain ? { noDomain: true } : {}),
          ...from,
        }
      : { kind: "unknown", value: "", ...from };
  }
  if (kind === "user-fqdn" && self?.words[2]) {
    return {
      kind: "user-fqdn",
      value: self.words[2].text.toLowerCase(),
      ...from,
    };
  }
  // A certificate DN (`crypto isakmp identity dn`) and whatever else: not judged.
  return { kind: "unknown", value: "", ...from };
}

/** True when a `match identity host` (or `host domain`) line takes the FQDN. */
function hostMatches(m: IdentityMatch, fqdn: string): boolean {
  const value = m.value.toLowerCase();
  if (!value) {
    return false;
  }
  return m.domain
    ? fqdn === value || fqdn.endsWith(`.${value}`)
    : fqdn === value;
}

/**
 * Whether the responder's isakmp profile is selected by the identity the initiator sends, in
 * the front-door VRF `vrf` (`vrfKnown` false when the VRF cannot be known). Undefined when it
 * cannot be told: the identity is unknown, or the profile may select the peer by a group, a
 * certificate or an address the config does not show (behind NAT).
 */
export function profileSelects(
  profile: IsakmpProfile,
  identity: IsakmpIdentity,
  vrf: string | undefined,
  vrfKnown: boolean,
  maps?: ReadonlyMap<string, CertificateMap>,
): boolean | undefined {
  // `match certificate MAP` selects by the subject of the certificate the initiator signs with.
  const byCertificate = certificateMapsAdmit(
    profile.certificateMaps,
    maps,
    identity.subject,
    identity.issuer,
  );
  if (byCertificate === true) {
    return true;
  }
  let unsure = byCertificate === undefined;
  if (identity.kind === "unknown") {
    return undefined;
  }
  for (const m of profile.matches) {
    if (m.kind === "address" && m.address6 !== undefined) {
      // An IPv6 match takes IPv6 identities only.
      if (identity.kind !== "address" || identity.address !== undefined) {
        continue;
      }
      if (identity.address6 === undefined) {
        unsure = true;
      } else if (ipv6PrefixContains(m.address6, identity.address6)) {
        if (!vrfKnown) {
          unsure = true;
        } else if (m.vrf === vrf) {
          return true;
        }
      }
    } else if (m.kind === "address") {
      if (identity.kind !== "address" || identity.address6 !== undefined) {
        continue;
      }
      if (identity.address === undefined || m.address === undefined) {
        unsure = true;
        continue;
      }
      const mask = m.mask ?? 0xffffffff;
      if ((m.address & mask) >>> 0 === (identity.address & mask) >>> 0) {
        if (!vrfKnown) {
          unsure = true;
        } else if (m.vrf === vrf) {
          return true;
        }
      }
    } else if (m.kind === "host") {
      if (identity.kind === "fqdn" && hostMatches(m, identity.value)) {
        return true;
      }
    } else if (m.kind === "user-fqdn") {
      if (
        identity.kind === "user-fqdn" &&
        identity.value === m.value.toLowerCase()
      ) {
        return true;
      }
    } else {
      // `match identity group` (aggressive mode, EzVPN) and what this does not read.
      unsure = true;
    }
  }
  return unsure ? undefined : false;
}

/** A responder's isakmp profile that the identity its initiator sends does not select. */
export interface ProfileRefusal {
  initiator: Endpoint;
  responder: Endpoint;
  /** The responder's profile, which its crypto map entry or tunnel requires. */
  profile: IsakmpProfile;
  identity: IsakmpIdentity;
  /** The isakmp profile the initiator starts with, if any. */
  initiatorProfile?: IsakmpProfile;
  /** The responder's front-door VRF toward the initiator. */
  vrf?: string;
}

/** The profile's match lines as a list (`host r1.example.com, address 10.0.0.1`). */
export function matchedText(profile: IsakmpProfile): string {
  return (
    [
      ...profile.matches.map((m) =>
        m.node.text.trim().replace(/^match\s+identity\s+/i, ""),
      ),
      ...profile.certificateMaps.map(
        (r) => `the certificates certificate map ${r.name} takes`,
      ),
    ].join(", ") || "nothing"
  );
}

/**
 * Why an address identity is not the address a peer behind NAT is seen at, as a clause to follow
 * the identity: matching the address the packets come from is the natural mistake.
 */
export function natClause(natAddress: IpAddress): string {
  return `, its own address: NAT makes its packets come from ${formatAddress(natAddress)} but leaves the identity inside them as it was`;
}

/** What the initiator sends, and why, as a clause: "R1 sends its address 198.51.100.1 (no ...)". */
export function sentText(
  name: string,
  identity: IsakmpIdentity,
  profile?: IsakmpProfile,
): string {
  // The certificate's subject matters to a profile that selects peers by certificate.
  const certificate =
    identity.subject !== undefined && profile?.certificateMaps.length
      ? `, with a certificate whose subject is \`${identity.subject}\`${identity.issuer !== undefined ? ` (issued by \`${identity.issuer}\`)` : ""}`
      : "";
  return ownSentText(name, identity) + certificate;
}

function ownSentText(name: string, identity: IsakmpIdentity): string {
  const chosen = identity.source
    ? identity.profile
      ? `\`${identity.source.text.trim()}\` in isakmp profile ${identity.profile.name}`
      : `\`${identity.source.text.trim()}\``
    : undefined;
  switch (identity.kind) {
    case "address":
      return `${name} sends its address${identity.address !== undefined ? ` ${formatIpv4(identity.address)}` : identity.address6 !== undefined ? ` ${formatIpv6(identity.address6)}` : ""} (${chosen ?? "no `crypto isakmp identity hostname` or `self-identity fqdn`"})${identity.natAddress !== undefined ? natClause(identity.natAddress) : ""}`;
    case "fqdn":
      return `${name} sends ${identity.noDomain ? `its host name alone, ${identity.value}, since it has no \`ip domain name\`` : identity.value} (${chosen})`;
    default:
      return `${name} sends ${identity.kind} ${identity.value} (${chosen})`;
  }
}

/** The domain the initiator needs for its FQDN to be one a host match of the profile takes. */
function wantedDomain(
  profile: IsakmpProfile,
  host: string,
): { domain: string; fqdn: string } | undefined {
  const h = host.toLowerCase();
  for (const m of profile.matches) {
    if (m.kind !== "host" || !m.value) {
      continue;
    }
    const value = m.value.toLowerCase();
    if (m.domain) {
      return { domain: value, fqdn: `${h}.${value}` };
    }
    if (value.startsWith(`${h}.`) && value.length > h.length + 1) {
      return { domain: value.slice(h.length + 1), fqdn: value };
    }
  }
  return undefined;
}

/** The match line that admits the identity, for the responder's profile. */
function admittingLine(refusal: ProfileRefusal): string | undefined {
  const { identity, vrf } = refusal;
  switch (identity.kind) {
    case "address":
      return identity.address !== undefined
        ? `match identity address ${formatIpv4(identity.address)} 255.255.255.255${vrf ? ` ${vrf}` : ""}`
        : identity.address6 !== undefined
          ? `match identity address ipv6 ${formatIpv6(identity.address6)}/128`
          : undefined;
    case "fqdn":
      return `match identity host ${identity.value}`;
    case "user-fqdn":
      return `match identity user-fqdn ${identity.value}`;
    default:
      return undefined;
  }
}

/** The fix on the responder: a match line for what the initiator sends. */
function responderFix(refusal: ProfileRefusal): Fix | undefined {
  const line = admittingLine(refusal);
  if (!line) {
    return undefined;
  }
  const R = refusal.responder.router;
  const { profile } = refusal;
  return {
    title: `Add \`${line}\` to ${R.name}'s isakmp profile ${profile.name}`,
    edits: [
      insertAfterSection(R.uri, R.model, profile.node, [
        `${childIndent(profile.node)}${line}`,
      ]),
    ],
    cli: [`crypto isakmp profile ${profile.name}`, ` ${line}`],
  };
}

/** The first top-level `crypto` line, before which a global crypto command goes. */
function firstCrypto(model: ConfigModel): ConfigNode | undefined {
  return liveRoots(model).find((n) => !n.negated && startsWith(n, "crypto"));
}

/**
 * The fix on the initiator: send the FQDN a host match takes. An initiator that starts with an
 * isakmp profile gets `self-identity fqdn` there (its other peers keep what they match); one
 * without gets `crypto isakmp identity hostname`; both get the `ip domain name` the FQDN needs.
 */
function initiatorFix(refusal: ProfileRefusal): Fix | undefined {
  const I = refusal.initiator.router;
  const model = I.model;
  const host = model.hostname;
  const wanted = host && wantedDomain(refusal.profile, host.name);
  if (!host || !wanted) {
    return undefined;
  }
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  const steps: string[] = [];
  const { identity } = refusal;
  if (identity.kind !== "fqdn") {
    const own = refusal.initiatorProfile;
    if (identity.profile && identity.source) {
      edits.push(
        replaceLine(
          I.uri,
          identity.source,
          `${" ".repeat(identity.source.indent)}self-identity fqdn`,
        ),
      );
      cli.push(
        `crypto isakmp profile ${identity.profile.name}`,
        " self-identity fqdn",
      );
      steps.push("`self-identity fqdn`");
    } else if (own) {
      edits.push(
        insertAfterSection(I.uri, model, own.node, [
          `${childIndent(own.node)}self-identity fqdn`,
        ]),
      );
      cli.push(`crypto isakmp profile ${own.name}`, " self-identity fqdn");
      steps.push("`self-identity fqdn`");
    } else {
      const line = "crypto isakmp identity hostname";
      const existing = model.isakmpIdentity?.node;
      const before = firstCrypto(model);
      if (existing) {
        edits.push(replaceLine(I.uri, existing, line));
      } else if (before) {
        edits.push(insertBefore(I.uri, I.model, before, [line]));
      } else {
        return undefined;
      }
      cli.push(line);
      steps.push(`\`${line}\``);
    }
  }
  const domain = model.domainName;
  if (domain?.name.toLowerCase() !== wanted.domain) {
    const line = `ip domain name ${wanted.domain}`;
    edits.push(
      domain
        ? replaceLine(I.uri, domain.node, line)
        : insertAfterSection(I.uri, model, host.node, [line]),
    );
    cli.unshift(line);
    steps.unshift(`\`${line}\``);
  }
  if (!edits.length) {
    return undefined;
  }
  return {
    title: `Make ${I.name} send ${wanted.fqdn} (${steps.join(" and ")})`,
    edits,
    cli,
  };
}

/** The peer issue of a refused profile: on the responder's match lines and on what makes the initiator's identity. */
export function profileRefusalIssue(refusal: ProfileRefusal): PeerIssue {
  const { initiator, responder, profile, identity } = refusal;
  const I = initiator.router;
  const R = responder.router;
  const sent = sentText(I.name, identity, profile);
  const toResponder = responderFix(refusal);
  const certificateMap = profile.certificateMaps[0]?.name;
  const toMap =
    certificateMap && identity.subject !== undefined
      ? certificateMapFix(R, certificateMap, identity.subject, I.name)
      : undefined;
  const toInitiator = initiatorFix(refusal);
  // An address sent by default is usually meant; a host name without its domain is a slip.
  const initiatorFirst = identity.kind === "fqdn" && toInitiator !== undefined;
  // A profile that selects by certificate wants its map to take the peer's.
  const fixes = (
    toMap
      ? [toMap, toResponder, toInitiator]
      : initiatorFirst
        ? [toInitiator, toResponder]
        : [toResponder, toInitiator]
  ).filter((f): f is Fix => f !== undefined);
  if (fixes[0]) {
    fixes[0] = { ...fixes[0], isPreferred: true };
  }
  const line = admittingLine(refusal);
  const advice = [
    toMap &&
      `on ${R.name}, ${(toMap.cli ?? []).map((c) => `\`${c.trim()}\``).join(", ")}`,
    toResponder &&
      line &&
      `\`${line}\` in ${R.name}'s isakmp profile ${profile.name}`,
    toInitiator &&
      `on ${I.name}, ${(toInitiator.cli ?? []).map((c) => `\`${c.trim()}\``).join(", ")}`,
  ].filter((s): s is string => !!s);
  const message =
    `${R.name}'s isakmp profile ${profile.name} matches ${matchedText(profile)}, but ${sent}: ` +
    `when ${I.name} starts the tunnel, ${R.name} selects no profile for it (\`debug crypto isakmp\`: \`peer matches *none* of the profiles\`), ` +
    `and ${responder.label} requires ${profile.name}, so quick mode is refused` +
    (profile.keyrings.length
      ? `; the keys of its keyring ${profile.keyrings.map((k) => k.name).join(", ")} are not used either, so phase 1 may already fail with \`No pre-shared key\`. `
      : ". ") +
    `Verify with \`show crypto isakmp profile\` on ${R.name} and \`show running-config | include hostname|domain|isakmp identity\` on ${I.name}.` +
    (advice.length ? ` Fix: ${advice.join("; or ")}.` : "");
  const firstMatch = profile.matches[0]?.node;
  const initiatorNode =
    identity.source ?? (identity.noDomain ? I.model.hostname?.node : undefined);
  return {
    code: "identity-rejects-peer",
    sides: [
      {
        uri: R.uri,
        range: firstMatch ? nodeRange(firstMatch) : profile.nameRange,
        message: () => message,
        related: `${R.name}'s isakmp profile ${profile.name} matches ${matchedText(profile)}`,
      },
      {
        uri: I.uri,
        range: initiatorNode ? nodeRange(initiatorNode) : initiator.anchor,
        message: () => message,
        related: sent,
      },
    ],
    fixes,
  };
}
