import {
  certificateName,
  certificateOf,
  DAY_MS,
  ikeTrustpoints,
  ownCertificate,
  signingGroups,
  utcText,
  type IkeTrustpoint,
} from "../certificates/chain";
import type { CertificateDetails } from "../certificates/x509";
import { cryptoView } from "../config/cryptoPeers";
import type {
  ChainCertificate,
  ConfigModel,
  Trustpoint,
} from "../config/model";
import { startsWith, wordsRange } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import { insertChild } from "../fixes/configEdits";
import type { CheckContext, ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * What the certificates a running config prints under `crypto pki certificate chain` say about
 * the trustpoints IKE signs and verifies with: a certificate past its end date (the peer
 * refuses it, or this router refuses the peers' when its CA certificate expired), one about to
 * expire, a trustpoint that trusts a CA but never got a certificate of its own, and a block
 * whose hex does not decode. Validity is judged at `ctx.now` (the editor's and the CLI's
 * clock); without it no date is judged, the other findings stand.
 */
export const certificateChainChecks: ConfigCheck = {
  id: "certificateChainChecks",
  run(model, ctx) {
    if (!model.trustpoints.length || !cryptoView(model).ikeInUse) {
      return [];
    }
    const findings: Finding[] = [];
    if (model.trustpoints.some((t) => t.hasCertificateChain)) {
      findings.push(...notEnrolled(model));
    }
    for (const use of ikeTrustpoints(model)) {
      for (const cert of use.trustpoint.certificates) {
        if (cert.role === "rollover" || cert.role === "ca-rollover") {
          // A certificate waiting to replace the current one is not used yet.
          continue;
        }
        const decoded = certificateOf(cert);
        if (!decoded.ok) {
          findings.push(unreadable(cert, decoded.problem));
        } else if (ctx.now !== undefined) {
          findings.push(...validity(model, use, cert, decoded.details, ctx));
        }
      }
    }
    return findings;
  },
};

function validity(
  model: ConfigModel,
  use: IkeTrustpoint,
  cert: ChainCertificate,
  details: CertificateDetails,
  ctx: CheckContext,
): Finding[] {
  const now = ctx.now!;
  const range = wordsRange(cert.node, 0);
  const own = cert.role !== "ca";
  const days = Math.floor(Math.abs(details.notAfter - now) / DAY_MS);
  const by = `IKE uses the trustpoint through ${use.by}`;
  const refused = (mnemonic: string): string =>
    own
      ? `peers refuse it when they validate it (\`%PKI-3-${mnemonic}\` on IOS peers), so IKE authentication with trustpoint ${use.trustpoint.name} fails`
      : `this router refuses every peer certificate the CA issued (\`%PKI-3-${mnemonic}\`), and peers refuse this router's certificate issued under it, so IKE authentication with trustpoint ${use.trustpoint.name} fails`;
  const renew = own
    ? `Enroll again (\`crypto pki enroll ${use.trustpoint.name}\`)`
    : `Authenticate the CA's new certificate (\`crypto pki authenticate ${use.trustpoint.name}\`), then enroll again`;
  if (details.notAfter <= now) {
    return [
      {
        code: "certificate-expired",
        range,
        message: `The ${certificateName(cert)} (${details.subject}) expired on ${utcText(details.notAfter)}, ${days} day${days === 1 ? "" : "s"} ago: ${refused("CERTIFICATE_INVALID_EXPIRED")} (${by}). ${renew}.`,
        fixes: renewFixes(model, use, own),
      },
    ];
  }
  if (details.notAfter - now <= ctx.settings.certificateExpiryDays * DAY_MS) {
    return [
      {
        code: "certificate-expiring-soon",
        range,
        message: `The ${certificateName(cert)} (${details.subject}) expires on ${utcText(details.notAfter)}, in ${days} day${days === 1 ? "" : "s"}: after that ${refused("CERTIFICATE_INVALID_EXPIRED")} (${by}). ${renew} before then${autoEnrolls(use) ? "" : ", or let the router renew it itself (`auto-enroll`)"}.`,
        fixes: renewFixes(model, use, own),
      },
    ];
  }
  if (details.notBefore > now) {
    return [
      {
        code: "certificate-not-yet-valid",
        range,
        message: `The ${certificateName(cert)} (${details.subject}) is not valid before ${utcText(details.notBefore)}: until then ${refused("CERTIFICATE_INVALID_NOT_YET_VALID")} (${by}). A certificate dated in the future usually means a wrong clock on the CA or on this router when it enrolled: check \`show clock\` and NTP.`,
      },
    ];
  }
  return [];
}

function autoEnrolls(use: IkeTrustpoint): boolean {
  return use.trustpoint.node.children.some((c) => startsWith(c, "auto-enroll"));
}

/** Enroll again (console commands), and let an enrolling trustpoint renew itself from now on. */
function renewFixes(
  model: ConfigModel,
  use: IkeTrustpoint,
  own: boolean,
): Fix[] {
  const name = use.trustpoint.name;
  const fixes: Fix[] = [
    {
      title: own
        ? `Renew the certificate (crypto pki enroll ${name})`
        : `Authenticate the CA's new certificate and enroll again (trustpoint ${name})`,
      edits: [],
      cli: own
        ? [`crypto pki enroll ${name}`]
        : [`crypto pki authenticate ${name}`, `crypto pki enroll ${name}`],
    },
  ];
  const enrollsByUrl = use.trustpoint.enrollment
    ?.toLowerCase()
    .startsWith("url");
  if (own && enrollsByUrl && !autoEnrolls(use)) {
    fixes.push({
      title: `Let trustpoint ${name} renew its certificate itself (auto-enroll 70 regenerate)`,
      edits: [
        insertChild(
          model.tree,
          use.trustpoint.node,
          "auto-enroll 70 regenerate",
        ),
      ],
      cli: [`crypto pki trustpoint ${name}`, " auto-enroll 70 regenerate"],
    });
  }
  return fixes;
}

/**
 * The signers (see `signingGroups`) none of whose trustpoints holds a certificate of the
 * router's own: each such trustpoint holds only its CA's certificate (the CA was authenticated,
 * the router never enrolled) or, in a config that prints other trustpoints' chains, none at all.
 * One finding per trustpoint, however many signers share it.
 */
function notEnrolled(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  const told = new Set<Trustpoint>();
  for (const group of signingGroups(model)) {
    if (group.trustpoints.some((tp) => ownCertificate(tp))) {
      continue;
    }
    for (const tp of group.trustpoints) {
      if (told.has(tp)) {
        continue;
      }
      told.add(tp);
      out.push(notEnrolledFinding(tp, group.by));
    }
  }
  return out;
}

function notEnrolledFinding(tp: Trustpoint, by: string): Finding {
  const authenticated = tp.certificates.some((c) => c.role === "ca");
  const state = authenticated
    ? "holds the CA's certificate but no certificate of the router's own: the CA was authenticated, but the router never enrolled (or its request is still pending)"
    : "has no certificate chain in this config, where other trustpoints print theirs: the CA was never authenticated and the router never enrolled";
  return {
    code: "trustpoint-not-enrolled",
    range: tp.nameRange,
    message: `Trustpoint ${tp.name} (IKE signs with it through ${by}, and no other trustpoint it may use holds a certificate) ${state}. IKE has no certificate to sign with, so phase 1 fails ("No Cert or pre-shared address key", or no certificate in the IKEv2 AUTH). Check \`show crypto pki certificates ${tp.name}\`, then ${authenticated ? "" : `\`crypto pki authenticate ${tp.name}\` and `}\`crypto pki enroll ${tp.name}\`.`,
    related: tp.certificates
      .slice(0, 1)
      .map((c) => relatedLine(c.node, "only the CA's certificate")),
    fixes: [
      {
        title: `Enroll trustpoint ${tp.name}`,
        edits: [],
        cli: authenticated
          ? [`crypto pki enroll ${tp.name}`]
          : [
              `crypto pki authenticate ${tp.name}`,
              `crypto pki enroll ${tp.name}`,
            ],
      },
    ],
  };
}

function unreadable(cert: ChainCertificate, problem: string): Finding {
  return {
    code: "certificate-unreadable",
    range: wordsRange(cert.node, 0),
    message: `The ${certificateName(cert)} does not decode: ${problem}. A router given this config would not load it; copy the chain again from \`show running-config\` (a paste cut at a line end or a page is the usual cause).`,
  };
}
