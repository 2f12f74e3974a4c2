import {
  CERTIFICATE_ROLES,
  certificateOf,
  DAY_MS,
  ikeTrustpoints,
  issuerIn,
  utcText,
} from "../certificates/chain";
import type { ChainCertificate, ConfigModel } from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { HoverResult } from "../document";
import { MIN_RSA_BITS } from "../knowledge/signatureAlgorithms";

/**
 * A `certificate` line of a `crypto pki certificate chain`, or one of its hex lines, explained
 * as `show crypto pki certificates` would print the certificate: the hex is unreadable, and
 * whose certificate it is, until when, and who issued it is what an engineer asks of it.
 */

/** The chain certificate a line belongs to: its `certificate` line or one of its hex lines. */
function certificateAt(
  model: ConfigModel,
  node: ConfigNode,
): ChainCertificate | undefined {
  for (const candidate of [node, node.parent]) {
    if (!candidate) {
      continue;
    }
    for (const tp of model.trustpoints) {
      const found = tp.certificates.find((c) => c.node === candidate);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** The hover of a certificate's lines, or undefined elsewhere. */
export function certificateHover(
  model: ConfigModel,
  node: ConfigNode,
  now: number | undefined,
): HoverResult | undefined {
  const cert = certificateAt(model, node);
  if (!cert) {
    return undefined;
  }
  const title = `**Certificate ${cert.serial}** of trustpoint \`${cert.trustpoint}\`: ${CERTIFICATE_ROLES[cert.role].meaning}.`;
  const decoded = certificateOf(cert);
  if (!decoded.ok) {
    return {
      markdown: `${title}\n\nIt does not decode: ${decoded.problem}.`,
      range: nodeRange(node),
    };
  }
  const d = decoded.details;
  const tp = model.trustpoints.find((t) => t.name === cert.trustpoint);
  const signer = tp && cert.role !== "ca" ? issuerIn(tp, d) : undefined;
  const issuer =
    d.subject === d.issuer
      ? " (self-issued: a root)"
      : cert.role === "ca"
        ? ""
        : signer
          ? ` (the chain's \`certificate ca ${signer.serial}\`, whose signature checks out)`
          : " (⚠ no CA certificate of this chain signed it)";
  const status =
    now === undefined
      ? ""
      : d.notAfter <= now
        ? " — **expired**"
        : d.notBefore > now
          ? " — **not valid yet**"
          : ` — valid, ${Math.floor((d.notAfter - now) / DAY_MS)} days left`;
  const key = `${d.keyType.toUpperCase()}${d.keyBits ? ` ${d.keyBits} bits` : ""}${d.keyType === "rsa" && d.keyBits !== undefined && d.keyBits < MIN_RSA_BITS ? " (⚠ weak)" : ""}`;
  const signature = d.signature
    ? `${d.signature.name}${d.signature.weakness ? " (⚠ weak hash)" : ""}`
    : (d.signatureOid ?? "unknown");
  const rows: [string, string][] = [
    ["Subject", d.subject],
    ["Issuer", d.issuer + issuer],
    ["Serial", d.serial],
    ["Valid", `${utcText(d.notBefore)} to ${utcText(d.notAfter)}${status}`],
    ["Key", key],
    ["Signature", signature],
    ...(d.altNames.length
      ? [["Alternative names", d.altNames.join(", ")] as [string, string]]
      : []),
    ["CA", d.isCa ? "yes" : "no"],
    ["SHA-1 fingerprint", d.sha1],
  ];
  const table = [
    "| | |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  const use = ikeTrustpoints(model).find(
    (u) => u.trustpoint.name === cert.trustpoint,
  );
  const usage = use
    ? `IKE uses this trustpoint through ${use.by}.`
    : "IKE does not use this trustpoint.";
  return {
    markdown: `${title}\n\n${table}\n\n${usage} On the router: \`show crypto pki certificates ${cert.trustpoint}\`.`,
    range: nodeRange(node),
  };
}
