import {
  caCertificates,
  detailsOf,
  ikeTrustpoints,
  ownCertificate,
  utcText,
} from "../certificates/chain";
import { issuedBy, type CertificateDetails } from "../certificates/x509";
import type {
  ChainCertificate,
  ConfigModel,
  Trustpoint,
} from "../config/model";
import type { ConfigNode } from "../config/tree";
import type { RouterInfo } from "./router";

/**
 * Whether one router's certificate is one its peer trusts, judged from the chains both running
 * configs print: the peer validates the certificate against the CA certificates of the
 * trustpoints it verifies with, and refuses one no such CA signed (IOS logs certificate chain
 * validation failures and phase 1 fails). Judged only when both sides print what is needed (the
 * signer's own certificate, the verifier's CA certificates); a certificate a CA between them
 * issued (an intermediate the signer's chain holds and the verifier's root signed) is left open,
 * since whether the signer sends that chain is not in the configs.
 */

/** Where the verifier names the trustpoints it verifies with: its profile. */
export interface VerifyingProfile {
  kind: "isakmp" | "ikev2";
  name: string;
  node: ConfigNode;
  /** The trustpoints it names (`ca trust-point`, `pki trustpoint`). */
  trustpoints: string[];
}

/**
 * Why the verifier refuses it: no CA it trusts signed it; or one did, but at the clock the
 * certificate (or that CA's certificate) is past its end date, or not valid yet.
 */
export type RefusalKind = "untrusted" | "expired" | "not-yet-valid";

/** A certificate the verifier refuses. */
export interface CertificateRefusal {
  kind: RefusalKind;
  /** For `expired` and `not-yet-valid`: the certificate whose dates fail, the signer's or the CA's. */
  dated?: { details: CertificateDetails; ca: boolean };
  signer: RouterInfo;
  verifier: RouterInfo;
  /** The signer's certificate IKE offers (the first of its trustpoints'). */
  offered: ChainCertificate;
  details: CertificateDetails;
  /** The CA certificate of the signer's chain that issued it, which the verifier could trust. */
  issuer?: ChainCertificate;
  /** The trustpoints the verifier checks peers' certificates with. */
  trustpoints: Trustpoint[];
  /** The verifier's profile that restricts them, when one does. */
  profile?: VerifyingProfile;
  /** A CA certificate of the verifier bears the issuer's name with another key (a renewed CA). */
  sameNameOtherKey: boolean;
}

/** The trustpoints named by a profile, else every trustpoint IKE uses (for signing: those that sign). */
function trustpointsOf(
  model: ConfigModel,
  named: readonly string[] | undefined,
  signing: boolean,
): Trustpoint[] {
  if (named?.length) {
    return named.flatMap(
      (n) => model.trustpoints.find((t) => t.name === n) ?? [],
    );
  }
  return ikeTrustpoints(model)
    .filter((u) => !signing || u.signs)
    .map((u) => u.trustpoint);
}

/** What the verifier makes of the signer's certificate: `unknown` when the configs do not tell. */
export type CertificateVerdict =
  CertificateAccepted | "unknown" | CertificateRefusal;

/** A certificate the verifier accepts: which one, for the report. */
export interface CertificateAccepted {
  kind: "trusted";
  signer: RouterInfo;
  offered: ChainCertificate;
  details: CertificateDetails;
}

/**
 * What the verifier makes of the signer's certificate. `signerTrustpoints` and the verifier's
 * profile narrow the trustpoints each side uses, as their profiles do.
 */
export function judgeCertificate(
  signer: RouterInfo,
  signerTrustpoints: readonly string[] | undefined,
  verifier: RouterInfo,
  profile: VerifyingProfile | undefined,
  now: number | undefined,
): CertificateVerdict {
  const offered = trustpointsOf(signer.model, signerTrustpoints, true).flatMap(
    (tp) => {
      const own = ownCertificate(tp);
      const details = own && detailsOf(own);
      return own && details ? [{ tp, own, details }] : [];
    },
  );
  const trustpoints = trustpointsOf(
    verifier.model,
    profile?.trustpoints,
    false,
  );
  const anchors = trustpoints.flatMap((tp) =>
    caCertificates(tp).flatMap((c) => detailsOf(c) ?? []),
  );
  if (!offered.length || !anchors.length) {
    return "unknown";
  }
  // IOS offers the certificate of a CA the peer asked for: trusted when any would do.
  const signed = offered.flatMap((o) =>
    anchors.filter((ca) => issuedBy(o.details, ca)).map((ca) => ({ ...o, ca })),
  );
  if (signed.length) {
    const valid = (d: CertificateDetails) =>
      now === undefined || (d.notBefore <= now && now < d.notAfter);
    const good = signed.find((s) => valid(s.details) && valid(s.ca));
    if (good) {
      return {
        kind: "trusted",
        signer,
        offered: good.own,
        details: good.details,
      };
    }
    // Signed by a trusted CA, but out of its dates at the clock: the first that fails.
    const first = signed[0]!;
    const dated = valid(first.details)
      ? { details: first.ca, ca: true }
      : { details: first.details, ca: false };
    return {
      kind: dated.details.notAfter <= now! ? "expired" : "not-yet-valid",
      dated,
      signer,
      verifier,
      offered: first.own,
      details: first.details,
      trustpoints,
      ...(profile ? { profile } : {}),
      sameNameOtherKey: false,
    };
  }
  const first = offered[0]!;
  const issuer = caCertificates(first.tp).find((c) => {
    const d = detailsOf(c);
    return d !== undefined && issuedBy(first.details, d);
  });
  const issuerDetails = issuer && detailsOf(issuer);
  if (
    issuerDetails &&
    issuerDetails.subject !== issuerDetails.issuer &&
    anchors.some((ca) => issuedBy(issuerDetails, ca))
  ) {
    // An intermediate CA the verifier's root signed: trusted if the signer sends the chain.
    return "unknown";
  }
  return {
    kind: "untrusted",
    signer,
    verifier,
    offered: first.own,
    details: first.details,
    ...(issuer ? { issuer } : {}),
    trustpoints,
    ...(profile ? { profile } : {}),
    sameNameOtherKey: anchors.some((ca) => ca.subject === first.details.issuer),
  };
}

/** The refusal in one sentence naming both routers, for the tunnel report, ending with `outcome`. */
export function refusalReason(
  r: CertificateRefusal,
  outcome = "so certificate validation fails and phase 1 with it",
): string {
  const where = r.profile
    ? `the trustpoints of its ${r.profile.kind === "isakmp" ? "isakmp" : "IKEv2"} profile ${r.profile.name} (${r.trustpoints.map((t) => t.name).join(", ") || "none defined"})`
    : `its trustpoints (${r.trustpoints.map((t) => t.name).join(", ")})`;
  if (r.kind !== "untrusted" && r.dated) {
    const d = r.dated.details;
    const whose = r.dated.ca
      ? `the certificate of the CA that signed it (${d.subject})`
      : "it";
    return `${r.verifier.name} refuses ${r.signer.name}'s certificate (${r.details.subject}): ${whose} ${r.kind === "expired" ? `expired on ${utcText(d.notAfter)}` : `is not valid before ${utcText(d.notBefore)}`}, ${outcome}`;
  }
  return `${r.verifier.name} does not trust ${r.signer.name}'s certificate (${r.details.subject}, issued by ${r.details.issuer}): no CA certificate of ${where} signed it${r.sameNameOtherKey ? " (one bears the issuer's name but with another key: the CA was renewed with a new key)" : ""}, ${outcome}`;
}
