import type {
  ChainCertificate,
  ConfigModel,
  Trustpoint,
} from "../config/model";
import { startsWith } from "../config/tree";
import {
  decodeCertificateHex,
  hexOfLines,
  issuedBy,
  type CertificateDetails,
  type DecodedCertificate,
} from "./x509";

/**
 * The certificates of a config's trustpoints, decoded when first asked (most analyses of a big
 * config never look at them), and which trustpoints IKE authenticates with.
 */

const decoded = new WeakMap<ChainCertificate, DecodedCertificate>();

/** What a chain's certificate says, or why its lines do not decode. */
export function certificateOf(cert: ChainCertificate): DecodedCertificate {
  let known = decoded.get(cert);
  if (!known) {
    const lines = cert.node.children
      .filter((c) => !startsWith(c, "quit"))
      .map((c) => c.text);
    const { hex, bad } = hexOfLines(lines);
    known =
      bad !== undefined
        ? { ok: false, problem: `a line is not hex: "${bad.slice(0, 40)}"` }
        : decodeCertificateHex(hex);
    decoded.set(cert, known);
  }
  return known;
}

/** The decoded details, or undefined when the certificate does not decode. */
export function detailsOf(
  cert: ChainCertificate,
): CertificateDetails | undefined {
  const d = certificateOf(cert);
  return d.ok ? d.details : undefined;
}

/** The router's own certificate of a trustpoint (`certificate SERIAL` or `self-signed`). */
export function ownCertificate(tp: Trustpoint): ChainCertificate | undefined {
  return tp.certificates.find(
    (c) => c.role === "router" || c.role === "self-signed",
  );
}

/** The CA certificates of a trustpoint (not the ones waiting to roll over). */
export function caCertificates(tp: Trustpoint): ChainCertificate[] {
  return tp.certificates.filter((c) => c.role === "ca");
}

/** The CA certificate of the trustpoint that issued `cert`, when one did. */
export function issuerIn(
  tp: Trustpoint,
  cert: CertificateDetails,
): ChainCertificate | undefined {
  return caCertificates(tp).find((ca) => {
    const d = detailsOf(ca);
    return d !== undefined && issuedBy(cert, d);
  });
}

/** Why IKE uses a trustpoint, for messages. */
export interface IkeTrustpoint {
  trustpoint: Trustpoint;
  /** `isakmp profile VPN`, `IKEv2 profile FLEX`, `an rsa-sig ISAKMP policy`. */
  by: string;
  /** True when IKE signs with its certificate (not only verifies peers' with its CA). */
  signs: boolean;
}

/** The automatic trustpoint IOS makes for its HTTPS server, not for IKE unless a profile names it. */
const HTTP_SELF_SIGNED = /^TP-self-signed-/i;

/** True for the trustpoint IOS makes for its web server (`TP-self-signed-NNN`). */
export function isWebServerTrustpoint(tp: Trustpoint): boolean {
  return HTTP_SELF_SIGNED.test(tp.name);
}

/**
 * Who uses certificates for IKE, and with which trustpoints: an IKEv2 profile (its `pki
 * trustpoint` lines: those but `verify` ones to sign with when it signs, the rest to verify), an
 * isakmp profile that names `ca trust-point`s, and the rsa-sig ISAKMP policies for peers outside
 * such a profile (any trustpoint but the web server's). IOS signs with whichever of a group's
 * trustpoints holds a certificate the peer asks for, so a trustpoint that only trusts a CA is
 * normal beside one that holds the router's certificate.
 */
export interface TrustpointGroup {
  /** `isakmp profile VPN`, `IKEv2 profile FLEX`, `an rsa-sig ISAKMP policy`. */
  by: string;
  trustpoints: Trustpoint[];
  /** True when IKE signs with the group's certificates (else it only verifies with its CAs). */
  signs: boolean;
}

/** IKE's groups of trustpoints, IKEv2 profiles first, then isakmp profiles, then the policies. */
function trustpointGroups(model: ConfigModel): TrustpointGroup[] {
  const named = (names: readonly string[]): Trustpoint[] =>
    names.flatMap((n) => model.trustpoints.find((t) => t.name === n) ?? []);
  const byCertificate = (method: string | undefined) =>
    method === "rsa-sig" || method === "ecdsa-sig";
  const groups: TrustpointGroup[] = [];
  for (const profile of model.ikev2Profiles) {
    const by = `IKEv2 profile ${profile.name}`;
    const signs = byCertificate(profile.localAuthentication?.method);
    const verifies = profile.remoteAuthentication.some((a) =>
      byCertificate(a.method),
    );
    if (!signs && !verifies) {
      continue;
    }
    const signing = signs
      ? profile.pkiTrustpoints.filter((t) => t.usage !== "verify")
      : [];
    groups.push(
      { by, trustpoints: named(signing.map((t) => t.ref.name)), signs: true },
      {
        by,
        trustpoints: named(
          profile.pkiTrustpoints
            .filter((t) => !signing.includes(t))
            .map((t) => t.ref.name),
        ),
        signs: false,
      },
    );
  }
  if (model.isakmpPolicies.some((p) => p.authentication === "rsa-sig")) {
    for (const profile of model.isakmpProfiles) {
      groups.push({
        by: `isakmp profile ${profile.name}`,
        trustpoints: named(profile.trustpoints.map((t) => t.name)),
        signs: true,
      });
    }
    groups.push({
      by: "an rsa-sig ISAKMP policy",
      trustpoints: model.trustpoints.filter((t) => !isWebServerTrustpoint(t)),
      signs: true,
    });
  }
  return groups.filter((g) => g.trustpoints.length);
}

/** The groups IKE signs with (see `TrustpointGroup`). */
export function signingGroups(model: ConfigModel): TrustpointGroup[] {
  return trustpointGroups(model).filter((g) => g.signs);
}

/**
 * The trustpoints IKE authenticates with, each once, with the first group that uses it and
 * whether any group signs with it.
 */
export function ikeTrustpoints(model: ConfigModel): IkeTrustpoint[] {
  const found = new Map<Trustpoint, IkeTrustpoint>();
  for (const group of trustpointGroups(model)) {
    for (const trustpoint of group.trustpoints) {
      const known = found.get(trustpoint);
      if (known) {
        known.signs ||= group.signs;
      } else {
        found.set(trustpoint, { trustpoint, by: group.by, signs: group.signs });
      }
    }
  }
  return [...found.values()];
}

/** A day in milliseconds, for days left and past. */
export const DAY_MS = 86_400_000;

/** `2026-06-01 00:00 UTC`. */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** How each role of a chain's certificate is named in messages, and what it is. */
export const CERTIFICATE_ROLES: Record<
  ChainCertificate["role"],
  { name: string; meaning: string }
> = {
  router: { name: "certificate", meaning: "the router's own certificate" },
  ca: {
    name: "CA certificate",
    meaning: "the certificate of the CA the trustpoint trusts",
  },
  "self-signed": {
    name: "self-signed certificate",
    meaning: "the router's own self-signed certificate",
  },
  rollover: {
    name: "rollover certificate",
    meaning: "the router's next certificate, waiting for the CA's rollover",
  },
  "ca-rollover": {
    name: "rollover CA certificate",
    meaning: "the CA's next certificate, waiting for its rollover",
  },
};

/** How a certificate of a chain is named in messages. */
export function certificateName(cert: ChainCertificate): string {
  return `${CERTIFICATE_ROLES[cert.role].name} ${cert.serial} of trustpoint ${cert.trustpoint}`;
}
