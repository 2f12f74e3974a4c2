import { capitalised, messageRange } from "../capture/describe";
import {
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
} from "../capture/model";
import type { CertificateEntry, ClockShow } from "../capture/show/types";
import { captureRouters } from "../capture/workspace";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { insertAfterSection, insertSection, replaceLine } from "../peers/edits";
import { CERTIFICATE_ROLES, detailsOf, utcText } from "../certificates/chain";
import { startsWith, wordsRange } from "../config/tree";
import type { CaptureCheck, CheckContext } from "./check";
import { certificateTest } from "./captureHandshakeChecks";

/**
 * Certificate failures: the peer's certificate refused (log-cert-invalid) and a `show clock`
 * outside a certificate's validity in the same file (show-clock-outside-cert). When both the
 * clock and the dates are in the file, the message says which one is likely wrong: a clock marked
 * not authoritative (`*` or `.`) is suspect; otherwise the certificate has expired or is not yet
 * valid. And what PKI says before any certificate is judged: a CRL it could not fetch
 * (log-crl-fetch-failed), a clock it does not trust yet (log-pki-clock-not-authoritative).
 */

const DAY = 86400000;

function dateText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** How a clock stands against a certificate's validity. */
interface ClockVerdict {
  clock: ClockShow;
  cert: CertificateEntry;
  side: "before" | "after";
  /** Which of the two is likely wrong, in words. */
  blame: string;
}

function judge(
  clock: ClockShow,
  cert: CertificateEntry,
): ClockVerdict | undefined {
  if (clock.ms === undefined) {
    return undefined;
  }
  const start = cert.start?.ms;
  const end = cert.end?.ms;
  const side =
    start !== undefined && clock.ms < start
      ? "before"
      : end !== undefined && clock.ms > end
        ? "after"
        : undefined;
  if (!side) {
    return undefined;
  }
  const unsure = clock.flag === "." || clock.flag === "*";
  const gap = Math.round(
    Math.abs(clock.ms - (side === "before" ? start! : end!)) / DAY,
  );
  const blame = unsure
    ? `the clock is the likely culprit: it is marked ${clock.flag === "." ? "`.` (set but not synchronised)" : "`*` (never set)"}. Set it (\`clock set\`) and keep it right with NTP`
    : side === "after"
      ? `the clock is authoritative, so the certificate has expired (${gap} day${gap === 1 ? "" : "s"} ago): enroll again`
      : `the clock is authoritative, so the certificate is not valid yet (for ${gap} more day${gap === 1 ? "" : "s"}): check the CA's clock`;
  return { clock, cert, side, blame };
}

function clockVerdicts(model: CaptureModel): ClockVerdict[] {
  const clocks: ClockShow[] = [];
  const certs: CertificateEntry[] = [];
  for (const block of model.shows) {
    if (block.data?.kind === "clock") {
      clocks.push(block.data);
    } else if (block.data?.kind === "certificates") {
      certs.push(...block.data.certificates);
    }
  }
  const out: ClockVerdict[] = [];
  for (const clock of clocks) {
    for (const cert of certs) {
      const v = judge(clock, cert);
      if (v) {
        out.push(v);
      }
    }
  }
  return out;
}

function describe(v: ClockVerdict): string {
  const date = v.side === "after" ? v.cert.end!.ms! : v.cert.start!.ms!;
  const subject = v.cert.subject
    .find((s) => /^Name:|CN ?=/.test(s.text))
    ?.text.replace(/^Name:\s*/, "");
  return `\`show clock\` says ${dateText(v.clock.ms!)}, ${v.side === "after" ? "after the end" : "before the start"} (${dateText(date)}) of the certificate${subject ? ` of ${subject}` : ""}${v.cert.serial ? ` (serial ${v.cert.serial.text})` : ""}: ${v.blame}.`;
}

function relatedOf(v: ClockVerdict): RelatedInfo[] {
  const date = v.side === "after" ? v.cert.end : v.cert.start;
  return date
    ? [
        {
          range: date.cell.range,
          message:
            v.side === "after"
              ? "certificate end date"
              : "certificate start date",
        },
      ]
    : [];
}

function ntpFix(model: CaptureModel, ctx: CheckContext, line: number): Fix {
  const r = captureRouters(model, ctx, line);
  const cli = ["ntp server <NTP server address>"];
  if (r.self) {
    return {
      title: `Keep ${r.hostname ?? "the router"}'s clock right with NTP`,
      edits: [
        insertSection(
          r.self.uri,
          r.self.model,
          r.self.model.ntpServers.map((s) => s.node),
          ["ntp server ${1:192.0.2.123}"],
        ),
      ],
      snippet: true,
      cli,
    };
  }
  return { title: "Keep the clock right with NTP", edits: [], cli };
}

/** Syslog mnemonics (without the facility) of a refused certificate. */
const CERT_SYSLOG = /INVAL_CERT|CERT_(INVALID|EXPIRED)|CERTIFICATE_INVALID/;

/** What `%PKI-3-CERTIFICATE_INVALID_EXPIRED` or `_NOT_YET_VALID` says: which certificate, which date. */
interface PkiValidity {
  serial: string;
  expired: boolean;
  /** The date as the message prints it (`00:00:00 UTC Jun 1 2026`). */
  date?: string;
}

const PKI_SERIAL = /\(SN:\s*([0-9A-Fa-f]+)\)/;
const PKI_DATE = /Validity period (?:ended|starts) on\s+(.+?)\s*$/;

function pkiValidity(mnemonic: string, text: string): PkiValidity | undefined {
  const expired = mnemonic === "CERTIFICATE_INVALID_EXPIRED";
  if (!expired && mnemonic !== "CERTIFICATE_INVALID_NOT_YET_VALID") {
    return undefined;
  }
  const serial = PKI_SERIAL.exec(text)?.[1];
  if (serial === undefined) {
    return undefined;
  }
  const date = PKI_DATE.exec(text)?.[1]?.replace(/\s+/g, " ");
  return { serial, expired, ...(date ? { date } : {}) };
}

/** A serial as X.509 prints it, for comparing: upper case, no leading zeros. */
function serialKey(serial: string): string {
  return serial.toUpperCase().replace(/^0+(?=.)/, "");
}

/** A certificate of a workspace config a message names: how to say it, and where it is. */
interface NamedCertificate {
  /** `certificate 02 of trustpoint LAB-CA on Tokyo`. */
  name: string;
  related: RelatedInfo;
}

/** The certificates of the workspace's configs with that serial: which router's it is. */
function certificatesWithSerial(
  ctx: CheckContext,
  serial: string,
): NamedCertificate[] {
  const key = serialKey(serial);
  return (ctx.workspace?.configs ?? []).flatMap((config) =>
    config.model.trustpoints.flatMap((tp) =>
      tp.certificates.flatMap((cert) => {
        const details = detailsOf(cert);
        if (!details || serialKey(details.serial) !== key) {
          return [];
        }
        const name = `${CERTIFICATE_ROLES[cert.role].name} ${cert.serial} of trustpoint ${tp.name}${config.model.hostname ? ` on ${config.model.hostname.name}` : ""}`;
        return [
          {
            name,
            related: {
              uri: config.uri,
              range: wordsRange(cert.node, 0),
              message: `${name} (${details.subject}), valid ${utcText(details.notBefore)} to ${utcText(details.notAfter)}`,
            },
          },
        ];
      }),
    ),
  );
}

function certInvalid(
  model: CaptureModel,
  ctx: CheckContext,
  verdicts: readonly ClockVerdict[],
): Finding[] {
  const out: Finding[] = [];
  const done = new Set<number>();
  const withCertificates = certificateTest(model);
  const crlFailures = crlFetchFailures(model);
  // The parser's index lists the messages with one of the three events.
  for (const m of messagesWithEvents(
    model,
    ["notify", "notify-no-hash"],
    (mnemonic) => CERT_SYSLOG.test(mnemonic),
  )) {
    const e = m.event;
    if (
      e?.type !== "syslog" &&
      e?.type !== "notify" &&
      e?.type !== "notify-no-hash"
    ) {
      continue;
    }
    const ex = m.exchange >= 0 ? model.exchanges[m.exchange] : undefined;
    const signal =
      (e?.type === "syslog" && CERT_SYSLOG.test(e.mnemonic)) ||
      (e?.type === "notify" &&
        /INVALID_CERT|CERT_TYPE_UNSUPPORTED|INVALID_CERT_AUTHORITY|INVALID_SIGNATURE|CERTIFICATE_UNAVAILABLE/.test(
          e.notify,
        )) ||
      (e?.type === "notify-no-hash" &&
        ex !== undefined &&
        withCertificates(ex));
    if (!signal) {
      continue;
    }
    if (m.exchange >= 0) {
      if (done.has(m.exchange)) {
        continue;
      }
      done.add(m.exchange);
    }
    const peerHint =
      e?.type === "syslog" ? /from ([\d.]+)/.exec(e.text)?.[1] : undefined;
    const r = captureRouters(model, ctx, m.line, ex, peerHint);
    const peer = r.peerAddress ?? "the peer";
    const head =
      e?.type === "syslog"
        ? `${r.hostname ?? "The router"} refused the certificate that ${peer} presented in main mode 5/6, so authentication fails.`
        : `${peer} refused the certificate of ${r.hostname ?? "the router"}, so authentication fails.`;
    const pki =
      e?.type === "syslog" ? pkiValidity(e.mnemonic, e.text) : undefined;
    const named = pki ? certificatesWithSerial(ctx, pki.serial) : [];
    const validity = pki
      ? `The certificate with serial ${pki.serial}${named.length === 1 ? ` (${named[0]!.name})` : ""} ${pki.expired ? `has expired${pki.date ? `: its validity ended on ${pki.date}` : ""}` : `is not valid yet${pki.date ? `: its validity starts on ${pki.date}` : ""}`}, by this router's clock. ${pki.expired ? "With a right clock, its owner enrolls again (`crypto pki enroll`), or a CA certificate's renewal is authenticated (`crypto pki authenticate`)." : "This router's clock is behind, or the CA's was ahead when it issued the certificate: check both (`show clock`, NTP)."}`
      : undefined;
    // A CRL the router could not fetch before this refusal explains it on its own.
    const crl = crlFailures.filter((f) => f.line < m.line).at(-1);
    const crlText = crl
      ? `The CRL of trustpoint ${crl.trustpoint} could not be fetched (line ${crl.line + 1}): with \`revocation-check crl\` that alone fails the validation.`
      : undefined;
    const causes = verdicts.length
      ? verdicts.map(describe).join(" ")
      : (validity ??
        crlText ??
        "Usual causes: a router clock outside the certificate's validity (compare `show clock` with `show crypto ca certificates`), an expired certificate, a CA that is not trusted, or a revoked certificate whose CRL is reachable.");
    out.push({
      code: "log-cert-invalid",
      range: messageRange(model, m),
      message: `${head} ${verdicts.length && validity ? `${validity} ` : ""}${causes}`,
      related: [...verdicts.flatMap(relatedOf), ...named.map((n) => n.related)],
      fixes: [ntpFix(model, ctx, m.line)],
    });
  }
  return out;
}

function clockOutside(
  model: CaptureModel,
  ctx: CheckContext,
  verdicts: readonly ClockVerdict[],
): Finding[] {
  return verdicts.map((v) => ({
    code: "show-clock-outside-cert" as const,
    range: v.clock.text.range,
    message: describe(v),
    related: relatedOf(v),
    fixes: [ntpFix(model, ctx, v.clock.line)],
  }));
}

/** The certificate capture check family. */
export const captureCertificateChecks: CaptureCheck = {
  id: "captureCertificateChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const verdicts = clockVerdicts(model);
    return capitalised([
      ...certInvalid(model, ctx, verdicts),
      ...clockOutside(model, ctx, verdicts),
      ...crlFetchFailed(model, ctx),
      ...clockNotAuthoritative(model, ctx),
    ]);
  },
};

/** The PKI syslog messages of one mnemonic, each once. */
function pkiMessages(model: CaptureModel, mnemonic: string) {
  return messagesWithEvents(model, [], (m) => m === mnemonic).filter(
    (m) => m.event?.type === "syslog" && m.event.facility === "PKI",
  );
}

const CRL_TRUSTPOINT = /CRL fetch for trustpoint\s+(\S+)\s+failed/;
const CRL_REASON = /Reason\s*:\s*(.+?)\.?\s*$/;

/** A `%PKI-3-CRL_FETCH_FAIL` message: its trustpoint and reason. */
interface CrlFailure {
  message: CaptureMessage;
  line: number;
  trustpoint: string;
  reason?: string;
}

function crlFetchFailures(model: CaptureModel): CrlFailure[] {
  return pkiMessages(model, "CRL_FETCH_FAIL").flatMap((m) => {
    const e = m.event;
    const trustpoint =
      e?.type === "syslog" ? CRL_TRUSTPOINT.exec(e.text)?.[1] : undefined;
    if (e?.type !== "syslog" || trustpoint === undefined) {
      return [];
    }
    const reason = CRL_REASON.exec(e.text)?.[1];
    return [
      {
        message: m,
        line: m.line,
        trustpoint,
        ...(reason !== undefined ? { reason } : {}),
      },
    ];
  });
}

/**
 * `%PKI-3-CRL_FETCH_FAIL`: the router could not fetch a trustpoint's CRL. With `revocation-check
 * crl` (the IOS default) a peer certificate that CA issued fails validation while no valid CRL
 * is cached. One finding per trustpoint; the fix (on the router's config when the workspace has
 * it) lets validation go on without the CRL.
 */
function crlFetchFailed(model: CaptureModel, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const told = new Set<string>();
  for (const { message: m, trustpoint, reason } of crlFetchFailures(model)) {
    if (told.has(trustpoint)) {
      continue;
    }
    told.add(trustpoint);
    const r = captureRouters(model, ctx, m.line);
    const router = r.hostname ?? "The router";
    const cli = [
      `crypto pki trustpoint ${trustpoint}`,
      " revocation-check crl none",
    ];
    const tp = r.self?.model.trustpoints.find((t) => t.name === trustpoint);
    const line = tp?.node.children.find(
      (c) => !c.negated && startsWith(c, "revocation-check"),
    );
    const fixes: Fix[] = [
      {
        title: `Accept ${trustpoint}'s certificates when the CRL cannot be fetched (revocation-check crl none)`,
        edits:
          r.self && tp
            ? [
                line
                  ? replaceLine(r.self.uri, line, " revocation-check crl none")
                  : insertAfterSection(r.self.uri, r.self.model, tp.node, [
                      " revocation-check crl none",
                    ]),
              ]
            : [],
        cli,
      },
    ];
    out.push({
      code: "log-crl-fetch-failed",
      range: messageRange(model, m),
      message: `${router} could not fetch the CRL of trustpoint ${trustpoint}${reason ? ` (${reason})` : ""}. With \`revocation-check crl\` (the IOS default when the trustpoint writes none) a peer certificate its CA issued fails validation while no valid CRL is cached, so IKE with certificates fails. Make the CRL reachable (the CRL distribution point in the certificates, or the CA's enrollment URL for SCEP; \`vrf\` in the trustpoint when the CA is behind a VRF), or let validation go on without it (\`revocation-check crl none\`).`,
      ...(tp
        ? {
            related: [
              {
                uri: r.self!.uri,
                range: tp.nameRange,
                message: `trustpoint ${trustpoint}${line ? `: \`${line.text.trim()}\`` : ", which writes no revocation-check (so crl)"}`,
              },
            ],
          }
        : {}),
      fixes,
    });
  }
  return out;
}

/**
 * `%PKI-2-NON_AUTHORITATIVE_CLOCK`: PKI waits for a clock it trusts (NTP, or a calendar marked
 * valid) before it validates or uses certificates, so IKE with certificates cannot start.
 */
function clockNotAuthoritative(
  model: CaptureModel,
  ctx: CheckContext,
): Finding[] {
  const [m] = pkiMessages(model, "NON_AUTHORITATIVE_CLOCK");
  if (!m) {
    return [];
  }
  const r = captureRouters(model, ctx, m.line);
  // NTP synchronised later in the capture: what the message said held only until then.
  const synced = messagesWithEvents(model, [], (n) => n === "PEERSYNC").find(
    (n) =>
      n.line > m.line &&
      n.event?.type === "syslog" &&
      n.event.facility === "NTP",
  );
  if (synced) {
    return [
      {
        code: "log-pki-clock-not-authoritative",
        severity: "information",
        range: messageRange(model, m),
        message: `${r.hostname ?? "The router"}'s PKI waited for an authoritative clock until NTP synchronised (line ${synced.line + 1}): IKE with certificates could not work before then, and can since.`,
      },
    ];
  }
  return [
    {
      code: "log-pki-clock-not-authoritative",
      range: messageRange(model, m),
      message: `${r.hostname ?? "The router"}'s PKI waits for an authoritative clock: until NTP synchronises (or a battery-backed calendar is declared valid with \`clock calendar-valid\`), it validates no certificate and signs with none, so IKE with certificates fails. Check \`show ntp status\` and \`show clock\` (a leading \`*\` or \`.\` marks a clock not to be trusted).`,
      fixes: [ntpFix(model, ctx, m.line)],
    },
  ];
}
