import type {
  CertificateMap,
  CertificateMapRule,
  ConfigModel,
  Ikev2Profile,
  IsakmpProfile,
  Reference,
  Trustpoint,
} from "./model";
import {
  detailsOf,
  isWebServerTrustpoint,
  ownCertificate,
} from "../certificates/chain";

/**
 * What a certificate map says of a certificate whose subject is known only as the trustpoint's
 * `subject-name` (the DN the router asks its CA for), or as the subject of the certificate the
 * config prints. The certificate may carry more than that
 * (the CA's own attributes, the `hostname=` IOS adds), so a rule is judged false only when the
 * attributes it names are in the known subject with other values; anything else it cannot
 * settle leaves the verdict open.
 */

/** Lower case, without the spaces IOS lets a DN have around `=` and `,`. */
function normalise(text: string): string {
  // Split at the separators (kept) and trim each part: linear, where a regex with spaces on
  // both sides of the separator is not on long runs of spaces.
  return text
    .toLowerCase()
    .split(/([=,])/)
    .map((part) => part.trim())
    .join("");
}

/** The attribute names of a DN-like value (`ou = vpn, o = x` → `ou`, `o`); none without `=`. */
function attributesOf(value: string): string[] {
  return normalise(value)
    .split(",")
    .filter((part) => part.includes("="))
    .map((part) => part.slice(0, part.indexOf("=")));
}

/** True, false, or undefined when the rule cannot be judged from the known subject and issuer. */
function ruleAdmits(
  rule: CertificateMapRule,
  subject: string,
  issuer: string | undefined,
): boolean | undefined {
  if (rule.field === "issuer-name") {
    return issuer === undefined ? undefined : exactRuleAdmits(rule, issuer);
  }
  if (rule.field !== "subject-name") {
    return undefined;
  }
  const known = normalise(subject);
  const value = normalise(rule.value);
  const named = attributesOf(rule.value);
  const present = new Set(attributesOf(subject));
  // A value naming attributes the known subject has not may still match the real certificate.
  const judgeable = named.length > 0 && named.every((a) => present.has(a));
  const contains = known.includes(value);
  switch (rule.op) {
    case "co":
      return contains ? true : judgeable ? false : undefined;
    case "nc":
      return contains ? false : judgeable ? true : undefined;
    case "eq":
      return known === value ? true : undefined;
    case "ne":
      return known === value ? false : undefined;
    default:
      return undefined;
  }
}

/**
 * A rule on a DN known exactly (the issuer of a certificate the config prints): every operator
 * is judged.
 */
function exactRuleAdmits(
  rule: CertificateMapRule,
  dn: string,
): boolean | undefined {
  const known = normalise(dn);
  const value = normalise(rule.value);
  switch (rule.op) {
    case "co":
      return known.includes(value);
    case "nc":
      return !known.includes(value);
    case "eq":
      return known === value;
    case "ne":
      return known !== value;
    default:
      return undefined;
  }
}

/**
 * Whether the map takes a certificate with this subject (and issuer, when known): true when one
 * entry takes it, false when every entry refuses it, undefined when the subject is unknown or
 * an entry stays open.
 */
export function certificateMapAdmits(
  map: CertificateMap,
  subject: string | undefined,
  issuer?: string,
): boolean | undefined {
  if (subject === undefined) {
    return undefined;
  }
  let open = false;
  for (const entry of map.entries) {
    // An entry takes the certificate when every line does: one refusal settles it.
    let verdict: boolean | undefined = true;
    for (const rule of entry.rules) {
      const one = ruleAdmits(rule, subject, issuer);
      if (one === false) {
        verdict = false;
        break;
      }
      if (one === undefined) {
        verdict = undefined;
      }
    }
    if (verdict === true) {
      return true;
    }
    open ||= verdict === undefined;
  }
  return open ? undefined : false;
}

/**
 * Whether one of a profile's `match certificate` maps (named by `refs`, looked up in `maps`)
 * takes the certificate: true when one does, false when all refuse it (or there are none),
 * undefined when one cannot be judged (a missing map, an unknown subject, an open line).
 */
export function certificateMapsAdmit(
  refs: readonly Reference[],
  maps: ReadonlyMap<string, CertificateMap> | undefined,
  subject: string | undefined,
  issuer?: string,
): boolean | undefined {
  let open = false;
  for (const ref of refs) {
    const map = maps?.get(ref.name);
    const verdict = map
      ? certificateMapAdmits(map, subject, issuer)
      : undefined;
    if (verdict === true) {
      return true;
    }
    open ||= verdict === undefined;
  }
  return open ? undefined : false;
}

/**
 * The subject of the certificate a router signs with under an IKEv2 profile: the `subject-name`
 * of the profile's signing trustpoint (`pki trustpoint NAME` without `verify`), else of the
 * config's only trustpoint (the web server's aside); the subject of its certificate when the
 * config prints it. Undefined when the profile does not sign with a certificate or the
 * trustpoint writes no subject.
 */
export function signingCertificate(
  model: ConfigModel,
  profile: Ikev2Profile | undefined,
): SigningCertificate | undefined {
  const method = profile?.localAuthentication?.method;
  if (method !== "rsa-sig" && method !== "ecdsa-sig") {
    return undefined;
  }
  const named = profile!.pkiTrustpoints.find((t) => t.usage !== "verify");
  return certificateOfTrustpoint(trustpointOf(model, named?.ref.name));
}

/**
 * The subject of the certificate an IKEv1 router signs with: the `subject-name` of its isakmp
 * profile's `ca trust-point`, else of its only trustpoint. Undefined when no ISAKMP policy
 * authenticates with `rsa-sig` or the trustpoint writes no subject.
 */
export function isakmpSigningCertificate(
  model: ConfigModel,
  profile: IsakmpProfile | undefined,
): SigningCertificate | undefined {
  if (!model.isakmpPolicies.some((p) => p.authentication === "rsa-sig")) {
    return undefined;
  }
  return certificateOfTrustpoint(
    trustpointOf(model, profile?.trustpoints[0]?.name),
  );
}

/** What a peer can know of the certificate a router signs with. */
export interface SigningCertificate {
  /** Its subject: the printed certificate's own (exact), else the trustpoint's `subject-name`. */
  subject?: string;
  /** Its issuer, known only from a printed certificate. */
  issuer?: string;
}

function certificateOfTrustpoint(
  tp: Trustpoint | undefined,
): SigningCertificate | undefined {
  const own = tp && ownCertificate(tp);
  const details = own && detailsOf(own);
  const subject = details?.subject ?? tp?.subjectName;
  return subject === undefined && details === undefined
    ? undefined
    : {
        ...(subject !== undefined ? { subject } : {}),
        ...(details ? { issuer: details.issuer } : {}),
      };
}

/** The trustpoint of that name, else the config's only one (the web server's aside). */
function trustpointOf(
  model: ConfigModel,
  name: string | undefined,
): Trustpoint | undefined {
  if (name !== undefined) {
    return model.trustpoints.find((t) => t.name === name);
  }
  const candidates = model.trustpoints.filter((t) => !isWebServerTrustpoint(t));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** How a certificate map line's operator reads in a sentence. */
const OPERATOR_WORDS: ReadonlyMap<string, string> = new Map([
  ["eq", "equals"],
  ["ne", "does not equal"],
  ["co", "contains"],
  ["nc", "does not contain"],
  ["lt", "is before"],
  ["le", "is at or before"],
  ["gt", "is after"],
  ["ge", "is at or after"],
]);

/**
 * The certificates a `match certificate NAME` line admits, in words: the map's entries joined by
 * "or", each entry's lines by "and" (`peers whose certificate certificate map CERTMAP accepts:
 * subject-name contains "cn = spoke"`). Hovers and messages that list who selects a profile read it.
 */
export function certificateMatchText(
  maps: ReadonlyMap<string, CertificateMap>,
  ref: Pick<Reference, "name">,
): string {
  const map = maps.get(ref.name);
  const head = `peers whose certificate certificate map ${ref.name} accepts`;
  if (!map) {
    return `${head} (⚠ not defined in this config)`;
  }
  if (map.entries.some((e) => !e.rules.length)) {
    return `${head}: any certificate (an entry without lines takes every one)`;
  }
  const entries = map.entries.map((e) =>
    e.rules
      .map(
        (r) =>
          `${r.field} ${OPERATOR_WORDS.get(r.op) ?? r.op} "${r.value.trim()}"`,
      )
      .join(" and "),
  );
  return entries.length ? `${head}: ${entries.join(", or ")}` : head;
}
