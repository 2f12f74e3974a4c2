import * as assert from "node:assert/strict";
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
