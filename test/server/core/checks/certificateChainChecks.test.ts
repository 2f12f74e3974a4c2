import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { applyFix } from "../../../support/fixes";

const tokyo = peerFixture("certificate-chains", "tokyo.ios");
const osaka = peerFixture("certificate-chains", "osaka.ios");
const at = (date: string) => Date.parse(date);
const DATE_CODES = [
  "certificate-expired",
  "certificate-expiring-soon",
  "certificate-not-yet-valid",
] as const;

/** The text from a line that starts with `head` through the `quit` that closes its block. */
function block(text: string, head: string): string {
  const start = text.indexOf(`\n${head}\n`) + 1;
  const end = text.indexOf("\tquit\n", start) + "\tquit\n".length;
  return text.slice(start, end);
}

describe("checks/certificateChainChecks", () => {
  describe("certificate-expired", () => {
    it("flags the router's certificate past its end date, on its certificate line", () => {
      const found = findingsOf(
        analyse(tokyo, { now: at("2026-11-29T10:00:00Z") }),
        ...DATE_CODES,
      );
      assert.equal(found.length, 1);
      const [f] = found;
      assert.equal(f!.code, "certificate-expired");
      assert.equal(f!.severity, "error");
      assert.equal(textAt(tokyo, f!.range), "certificate 02");
      assert.match(f!.message, /CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab/);
      assert.match(f!.message, /expired on 2026-06-01 00:00 UTC, 181 days ago/);
      assert.match(f!.message, /crypto pki enroll LAB-CA/);
    });

    it("leaves the web server's expired self-signed certificate alone (IKE does not use it)", () => {
      const found = analyse(tokyo, { now: at("2026-11-29") });
      assert.ok(
        !found.some((f) =>
          textAt(tokyo, f.range).startsWith("certificate self-signed"),
        ),
      );
    });

    it("offers the enrollment as console commands and auto-enroll in the trustpoint", () => {
      const [f] = findingsOf(
        analyse(tokyo, { now: at("2026-11-29") }),
        "certificate-expired",
      );
      const [renew, auto] = f!.fixes!;
      assert.deepEqual(renew!.edits, []);
      assert.deepEqual(renew!.cli, ["crypto pki enroll LAB-CA"]);
      const after = applyFix(tokyo, auto!);
      assert.match(
        after,
        /^crypto pki trustpoint LAB-CA\n(?: .*\n)* rsakeypair LAB-CA\n auto-enroll 70 regenerate\n!/m,
      );
      // Auto-enroll written: the warning no longer suggests it, and no second fix adds it.
      const [again] = findingsOf(
        analyse(after, { now: at("2026-11-29") }),
        "certificate-expired",
      );
      assert.equal(again!.fixes!.length, 1);
    });

    it("reports an expired CA certificate as breaking the peers' certificates too", () => {
      const found = findingsOf(
        analyse(osaka, { now: at("2034-02-01") }),
        "certificate-expired",
      );
      const ca = found.find(
        (f) => textAt(osaka, f.range) === "certificate ca 01",
      );
      assert.ok(ca);
      assert.match(ca.message, /CA certificate 01 of trustpoint LAB-CA/);
      assert.match(ca.message, /refuses every peer certificate the CA issued/);
      assert.deepEqual(ca.fixes![0]!.cli, [
        "crypto pki authenticate LAB-CA",
        "crypto pki enroll LAB-CA",
      ]);
    });

    it("judges nothing by date without a clock, nor a config where no IKE uses certificates", () => {
      assert.deepEqual(findingsOf(analyse(tokyo), ...DATE_CODES), []);
      const preShared = tokyo.replace(
        " authentication rsa-sig\n",
        " authentication pre-share\n",
      );
      assert.deepEqual(
        findingsOf(
          analyse(preShared, { now: at("2026-11-29") }),
          ...DATE_CODES,
        ),
        [],
      );
    });
  });

  describe("certificate-expiring-soon and certificate-not-yet-valid", () => {
    it("warns within 30 days of the end date, naming the days left", () => {
      const [f] = findingsOf(
        analyse(tokyo, { now: at("2026-05-20T00:00:00Z") }),
        ...DATE_CODES,
      );
      assert.equal(f!.code, "certificate-expiring-soon");
      assert.equal(f!.severity, "warning");
      assert.match(f!.message, /expires on 2026-06-01 00:00 UTC, in 12 days/);
      assert.match(f!.message, /auto-enroll/);
    });

    it("warns as many days ahead as the setting says, and never with 0", () => {
      const early = at("2026-04-20");
      const [f] = findingsOf(
        analyse(tokyo, { now: early, certificateExpiryDays: 60 }),
        ...DATE_CODES,
      );
      assert.equal(f?.code, "certificate-expiring-soon");
      assert.match(f!.message, /in 42 days/);
      assert.deepEqual(
        findingsOf(
          analyse(tokyo, {
            now: at("2026-05-31"),
            certificateExpiryDays: 0,
          }),
          ...DATE_CODES,
        ),
        [],
      );
    });

    it("is silent when the certificate has more than 30 days left", () => {
      assert.deepEqual(
        findingsOf(analyse(tokyo, { now: at("2026-04-20") }), ...DATE_CODES),
        [],
      );
    });

    it("warns of a certificate dated after the clock", () => {
      const [f] = findingsOf(
        analyse(tokyo, { now: at("2025-01-20") }),
        ...DATE_CODES,
      );
      assert.equal(f!.code, "certificate-not-yet-valid");
      assert.match(f!.message, /not valid before 2025-06-01 00:00 UTC/);
      assert.match(f!.message, /show clock/);
    });
  });

  describe("trustpoint-not-enrolled", () => {
    it("flags a trustpoint that holds only its CA's certificate", () => {
      const caOnly = tokyo.replace(block(tokyo, " certificate 02"), "");
      const [f] = findingsOf(analyse(caOnly), "trustpoint-not-enrolled");
      assert.ok(f);
      assert.equal(textAt(caOnly, f.range), "LAB-CA");
      assert.equal(
        f.range.start.line,
        caOnly.split("\n").indexOf("crypto pki trustpoint LAB-CA"),
      );
      assert.match(
        f.message,
        /CA was authenticated, but the router never enrolled/,
      );
      assert.deepEqual(f.fixes![0]!.cli, ["crypto pki enroll LAB-CA"]);
    });

    it("flags a trustpoint without a chain where the config prints other chains", () => {
      const start = tokyo.indexOf("crypto pki certificate chain LAB-CA\n");
      const end = tokyo.indexOf("crypto pki certificate chain TP-self-signed");
      const noChain = tokyo.slice(0, start) + tokyo.slice(end);
      const [f] = findingsOf(analyse(noChain), "trustpoint-not-enrolled");
      assert.ok(f);
      assert.match(f.message, /never authenticated/);
      assert.deepEqual(f.fixes![0]!.cli, [
        "crypto pki authenticate LAB-CA",
        "crypto pki enroll LAB-CA",
      ]);
    });

    it("leaves a trustpoint that only trusts a CA alone when another holds the router's certificate", () => {
      const kyoto = peerFixture("certificate-ca-expired", "kyoto.ios");
      assert.deepEqual(
        findingsOf(analyse(kyoto), "trustpoint-not-enrolled"),
        [],
      );
      // Without its own certificate in SHORT-CA, neither trustpoint holds one: both are told.
      const lines = kyoto.split("\n");
      const head = lines.indexOf(" certificate 12");
      const end = lines.indexOf(" certificate ca 11");
      const none = [...lines.slice(0, head), ...lines.slice(end)].join("\n");
      assert.deepEqual(
        findingsOf(analyse(none), "trustpoint-not-enrolled").map((f) =>
          textAt(none, f.range),
        ),
        ["SHORT-CA", "LAB-CA"],
      );
    });

    it("says nothing of a config that prints no chains (a template, a sanitised copy)", () => {
      const start = tokyo.indexOf("crypto pki certificate chain LAB-CA\n");
      const end = tokyo.indexOf("!\ncrypto isakmp policy");
      const noChains = tokyo.slice(0, start) + tokyo.slice(end);
      assert.deepEqual(
        findingsOf(analyse(noChains), "trustpoint-not-enrolled"),
        [],
      );
    });

    it("asks an IKEv2 trustpoint for a certificate only when the profile signs with it", () => {
      const ikev2 = (local: string, trustpoint: string): string =>
        tokyo
          .replace(block(tokyo, " certificate 02"), "")
          .replace(" authentication rsa-sig\n", " authentication pre-share\n")
          .replace(
            "crypto ipsec transform-set",
            [
              "crypto ikev2 profile FLEX",
              " match identity remote fqdn osaka.lens.lab",
              " authentication remote rsa-sig",
              ` authentication local ${local}`,
              ` pki trustpoint ${trustpoint}`,
              "!",
              "crypto ipsec transform-set",
            ].join("\n"),
          )
          .replace(
            " set transform-set TS\n",
            " set transform-set TS\n set ikev2-profile FLEX\n",
          );
      const [signs] = findingsOf(
        analyse(ikev2("rsa-sig", "LAB-CA")),
        "trustpoint-not-enrolled",
      );
      assert.match(
        signs!.message,
        /IKE signs with it through IKEv2 profile FLEX/,
      );
      assert.deepEqual(
        findingsOf(
          analyse(ikev2("pre-share key local-key", "LAB-CA verify")),
          "trustpoint-not-enrolled",
        ),
        [],
      );
    });
  });

  describe("certificate-unreadable", () => {
    it("names a cut block precisely", () => {
      const lines = tokyo.split("\n");
      const head = lines.indexOf(" certificate 02");
      lines.splice(head + 5, 3);
      const cut = lines.join("\n");
      const [f] = findingsOf(analyse(cut), "certificate-unreadable");
      assert.ok(f);
      assert.equal(textAt(cut, f.range), "certificate 02");
      assert.match(
        f.message,
        /the certificate is cut: it declares \d+ bytes and its lines hold \d+/,
      );
    });

    it("names a line that is not hex", () => {
      const damaged = tokyo.replace(
        /(\n certificate 02\n  )[0-9A-F]{8}/,
        "$1--More--",
      );
      const [f] = findingsOf(analyse(damaged), "certificate-unreadable");
      assert.match(f!.message, /a line is not hex: "--More--/);
    });

    it("is silent on the real chains of the fixtures", () => {
      assert.deepEqual(
        findingsOf(analyse(tokyo), "certificate-unreadable"),
        [],
      );
      assert.deepEqual(
        findingsOf(analyse(osaka), "certificate-unreadable"),
        [],
      );
    });
  });
});
