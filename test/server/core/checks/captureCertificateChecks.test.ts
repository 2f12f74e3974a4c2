import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { peerFixture } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";
import { seedText } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";

describe("checks/captureCertificateChecks", () => {
  it("flags the certificate the responder refused", () => {
    const text = seedText(71);
    const f = only(checkCapture(text), "log-cert-invalid");
    assert.match(
      textOf(text, f.range),
      /^%CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 172\.16\.5\.1/,
    );
    assert.match(f.message, /show clock/);
    assert.deepEqual(f.fixes![0]!.cli, ["ntp server <NTP server address>"]);
  });

  it("says the clock is wrong when show clock and the certificate dates are in the file", () => {
    const text = seedText(71) + seedText(72) + seedText(73);
    const findings = checkCapture(text);
    assert.deepEqual(codesOf(findings), [
      "log-cert-invalid",
      "show-clock-outside-cert",
    ]);
    const cert = only(findings, "log-cert-invalid");
    assert.match(
      cert.message,
      /14 Mar 2005, after the end \(13 Mar 2004\).*the clock is the likely culprit/,
    );
    const clock = only(findings, "show-clock-outside-cert");
    assert.equal(textOf(text, clock.range), "14:18:58.579 UTC Sun Mar 14 2005");
    assert.equal(
      textOf(text, clock.related![0]!.range),
      "09:14:23 UTC Mar 13 2004",
    );
    assert.equal(clock.severity, "error");
  });

  it("blames the certificate when the clock is authoritative", () => {
    const text =
      seedText(72).replace(".14:18:58.579", "14:18:58.579") + seedText(73);
    const f = only(checkCapture(text), "show-clock-outside-cert");
    assert.match(f.message, /certificate has expired \(366 days ago\)/);
  });

  it("is silent when the clock is within the validity dates", () => {
    const text = seedText(72).replace("2005", "2003") + seedText(73);
    assert.deepEqual(codesOf(checkCapture(text)), []);
  });

  it("treats an unauthenticated notify as a certificate failure when certificates are in use", () => {
    const text = seedText(71).replace(
      "05:13:10: %CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 172.16.5.1 is bad: certificate invalid\n",
      "05:13:10: ISAKMP (0:3): Notify has no hash. Rejected.\n",
    );
    assert.deepEqual(codesOf(checkCapture(text)), ["log-cert-invalid"]);
  });
});

describe("checks/captureCertificateChecks: PKI validation messages", () => {
  const text = fs.readFileSync(
    path.join(
      REPO_ROOT,
      "test/fixtures/captures/pki-certificate-expired.ioslog",
    ),
    "utf8",
  );
  const tokyo = peerFixture("certificate-chains", "tokyo.ios");

  it("says which certificate expired and when, from %PKI-3-CERTIFICATE_INVALID_EXPIRED", () => {
    const f = only(checkCapture(text), "log-cert-invalid");
    assert.match(
      textOf(text, f.range),
      /^%PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed/,
    );
    assert.match(
      f.message,
      /The certificate with serial 02 has expired: its validity ended on 00:00:00 UTC Jun 1 2026, by this router's clock\./,
    );
    assert.match(f.message, /crypto pki enroll/);
  });

  it("names the workspace config that holds that certificate, and points at it", () => {
    const f = only(
      checkCapture(text, { "file:///configs/tokyo.ios": tokyo }),
      "log-cert-invalid",
    );
    assert.match(
      f.message,
      /The certificate with serial 02 \(certificate 02 of trustpoint LAB-CA on Tokyo\) has expired/,
    );
    const related = f.related?.find(
      (r) => r.uri === "file:///configs/tokyo.ios",
    );
    assert.ok(related);
    assert.equal(
      related.range.start.line,
      tokyo.split("\n").indexOf(" certificate 02"),
    );
    assert.match(
      related.message,
      /valid 2025-06-01 00:00 UTC to 2026-06-01 00:00 UTC/,
    );
  });

  it("reads a not-yet-valid certificate as a clock problem", () => {
    const early = text
      .replace(
        "CERTIFICATE_INVALID_EXPIRED",
        "CERTIFICATE_INVALID_NOT_YET_VALID",
      )
      .replace(
        "has expired.    Validity period ended on 00:00:00 UTC Jun 1 2026",
        "is not yet valid   Validity period starts on 00:51:51 UTC Feb 23 2027",
      );
    const f = only(checkCapture(early), "log-cert-invalid");
    assert.match(
      f.message,
      /The certificate with serial 02 is not valid yet: its validity starts on 00:51:51 UTC Feb 23 2027, by this router's clock\. This router's clock is behind, or the CA's was ahead/,
    );
  });
});

describe("checks/captureCertificateChecks: CRL and clock", () => {
  const text = fs.readFileSync(
    path.join(REPO_ROOT, "test/fixtures/captures/pki-crl-clock.ioslog"),
    "utf8",
  );
  const tokyo = peerFixture("certificate-chains", "tokyo.ios");
  const TOKYO_URI = "file:///configs/tokyo.ios";

  it("reports a CRL the router could not fetch, with its trustpoint and reason", () => {
    const f = only(checkCapture(text), "log-crl-fetch-failed");
    assert.equal(f.severity, "warning");
    assert.match(
      textOf(text, f.range),
      /^%PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint LAB-CA failed/,
    );
    assert.match(
      f.message,
      /^Tokyo could not fetch the CRL of trustpoint LAB-CA \(Enrollment URL not configured\)/,
    );
    assert.deepEqual(f.fixes![0]!.cli, [
      "crypto pki trustpoint LAB-CA",
      " revocation-check crl none",
    ]);
  });

  it("fixes the router's trustpoint in the workspace: its revocation-check line, or a new one", () => {
    const written = only(
      checkCapture(text, { [TOKYO_URI]: tokyo }),
      "log-crl-fetch-failed",
    );
    const [replace] = written.fixes![0]!.edits;
    assert.equal(replace!.uri, TOKYO_URI);
    assert.equal(replace!.newText, " revocation-check crl none");
    assert.equal(
      replace!.range.start.line,
      tokyo.split("\n").indexOf(" revocation-check none"),
    );
    const silent = tokyo.replace(
      " subject-name cn=tokyo.lens.lab,ou=VPN,o=Lens Lab\n revocation-check none\n",
      " subject-name cn=tokyo.lens.lab,ou=VPN,o=Lens Lab\n",
    );
    const inserted = only(
      checkCapture(text, { [TOKYO_URI]: silent }),
      "log-crl-fetch-failed",
    );
    assert.match(
      inserted.message,
      /IOS default when the trustpoint writes none/,
    );
    assert.match(
      inserted.related![0]!.message,
      /trustpoint LAB-CA, which writes no revocation-check \(so crl\)/,
    );
    assert.equal(
      inserted.fixes![0]!.edits[0]!.newText,
      "\n revocation-check crl none",
    );
  });

  it("names the CRL as the cause of the certificate refused after it", () => {
    const f = only(checkCapture(text), "log-cert-invalid");
    assert.match(
      f.message,
      /The CRL of trustpoint LAB-CA could not be fetched \(line 4\): with `revocation-check crl` that alone fails the validation\./,
    );
  });

  it("tells the clock PKI waits for, as history once NTP synchronised", () => {
    const history = only(checkCapture(text), "log-pki-clock-not-authoritative");
    assert.equal(history.severity, "information");
    assert.match(history.message, /until NTP synchronised \(line 3\)/);
    const waiting = text.replace(/^.*%NTP-5-PEERSYNC.*\n/m, "");
    const f = only(checkCapture(waiting), "log-pki-clock-not-authoritative");
    assert.equal(f.severity, "warning");
    assert.match(f.message, /clock calendar-valid/);
    assert.deepEqual(f.fixes![0]!.cli, ["ntp server <NTP server address>"]);
  });
});
