import * as assert from "node:assert/strict";
import {
  appendConfig,
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/certificateChecks", () => {
  describe("cert-auth-no-trustpoint", () => {
    const text = fixture("certificates.ios");

    it("flags a policy that falls back on rsa-sig with no trustpoint, on the policy line", () => {
      const [f] = findingsOf(analyse(text), "cert-auth-no-trustpoint");
      assert.ok(f);
      assert.equal(f.severity, "error");
      assert.equal(textAt(text, f.range), "crypto isakmp policy 10");
      assert.match(
        f.message,
        /IOS default when no authentication line is written/,
      );
      assert.match(
        f.message,
        /authentication pre-share. was probably forgotten/,
      );
    });

    it("adds authentication pre-share (preferred) or a trustpoint skeleton", () => {
      const results = assertFixesCure(text, "cert-auth-no-trustpoint", {
        CA: "MYCA",
        "http://ca.example.com": "http://192.0.2.50",
        none: "none",
      });
      const preShare = results.find((r) => r.fix.isPreferred);
      assert.match(
        preShare?.after ?? "",
        /^ group 14\n authentication pre-share$/m,
      );
      const trustpoint = results.find((r) =>
        r.fix.title.startsWith("Add a trustpoint"),
      );
      assert.match(
        trustpoint?.after ?? "",
        /^crypto pki trustpoint MYCA\n enrollment url http:\/\/192\.0\.2\.50\n/m,
      );
      assert.deepEqual(trustpoint?.fix.cli?.slice(-2), [
        "crypto pki authenticate <CA>",
        "crypto pki enroll <CA>",
      ]);
    });

    it("puts the finding on an explicit authentication line", () => {
      const explicit = text.replace(
        " group 14\n",
        " group 14\n authentication rsa-sig\n",
      );
      const [f] = findingsOf(analyse(explicit), "cert-auth-no-trustpoint");
      assert.equal(textAt(explicit, f!.range), "authentication rsa-sig");
    });

    it("stays quiet with a trustpoint, beside a pre-share policy, or with no IKE user", () => {
      assert.deepEqual(
        findingsOf(
          analyse(fixture("certificates-ntp.ios")),
          "cert-auth-no-trustpoint",
        ),
        [],
      );
      const mixed = text.replace(
        "crypto isakmp key",
        "crypto isakmp policy 20\n authentication pre-share\ncrypto isakmp key",
      );
      assert.deepEqual(
        findingsOf(analyse(mixed), "cert-auth-no-trustpoint"),
        [],
      );
      // The corpus's parser test: phase-1 objects only, nothing uses them.
      const unused =
        "crypto isakmp policy 20\n!\ncrypto isakmp policy 10\n authentication rsa-sig\n";
      assert.deepEqual(
        findingsOf(analyse(unused), "cert-auth-no-trustpoint"),
        [],
      );
    });
  });

  describe("cert-auth-no-trustpoint (IKEv2)", () => {
    const working = peerFixture("ikev2/working", "tokyo.ios");
    const rsaSig = working
      .replace(
        " authentication local pre-share",
        " authentication local rsa-sig",
      )
      .replace(
        " authentication remote pre-share",
        " authentication remote rsa-sig",
      );

    it("flags an IKEv2 profile in use that signs with RSA signatures in a config without a trustpoint", () => {
      const [f, ...more] = findingsOf(
        analyse(rsaSig),
        "cert-auth-no-trustpoint",
      );
      assert.ok(f);
      assert.deepEqual(more, []);
      assert.equal(f.severity, "error");
      assert.equal(textAt(rsaSig, f.range), "authentication local rsa-sig");
      assert.match(
        f.message,
        /^IKEv2 profile PROF-OSAKA signs its AUTH payload with RSA signatures \(`authentication local rsa-sig`\), but no trustpoint or certificate is configured: .*IKE_AUTH fails\./,
      );
      assert.deepEqual(f.fixes![0]!.cli!.slice(-2), [
        "crypto ikev2 profile PROF-OSAKA",
        " pki trustpoint <CA>",
      ]);
      // Verifying only (the router signs with its key) needs a CA too.
      const verifying = working.replace(
        " authentication remote pre-share",
        " authentication remote rsa-sig",
      );
      assert.match(
        findingsOf(analyse(verifying), "cert-auth-no-trustpoint")[0]?.message ??
          "",
        /verifies the peer's AUTH payload/,
      );
    });

    it("stays quiet with a trustpoint, with pre-shared keys, or for a profile nothing uses", () => {
      const withTrustpoint =
        `crypto pki trustpoint CA\n enrollment url http://ca.example.com\n!\n${rsaSig}`.replace(
          " authentication remote rsa-sig",
          " authentication remote rsa-sig\n pki trustpoint CA",
        );
      assert.match(withTrustpoint, /\n pki trustpoint CA\n/);
      assert.deepEqual(
        findingsOf(analyse(withTrustpoint), "cert-auth-no-trustpoint"),
        [],
      );
      assert.deepEqual(
        findingsOf(analyse(working), "cert-auth-no-trustpoint"),
        [],
      );
      const unused = rsaSig.replace(" set ikev2-profile PROF-OSAKA\n", "");
      assert.deepEqual(
        findingsOf(analyse(unused), "cert-auth-no-trustpoint"),
        [],
      );
    });
  });

  describe("cert-auth-no-ntp", () => {
    const text = fixture("certificates-ntp.ios");

    it("flags certificate authentication without NTP, and adds an NTP server", () => {
      const [f] = findingsOf(analyse(text), "cert-auth-no-ntp");
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.equal(textAt(text, f.range), "authentication rsa-sig");
      const [result] = assertFixesCure(text, "cert-auth-no-ntp", {
        "ntp-server-address": "192.0.2.123",
      });
      assert.match(result?.after ?? "", /^ntp server 192\.0\.2\.123$/m);
    });

    it("stays quiet with ntp server, sntp server or ntp master, and with pre-shared keys", () => {
      for (const line of [
        "ntp server 192.0.2.123",
        "sntp server 192.0.2.123",
        "ntp master 3",
      ]) {
        assert.deepEqual(
          findingsOf(analyse(appendConfig(text, line)), "cert-auth-no-ntp"),
          [],
          line,
        );
      }
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "cert-auth-no-ntp"),
        [],
      );
    });
  });
});

describe("checks/certificateChecks: IKEv2 profiles without pki trustpoint", () => {
  const branch = peerFixture("ikev2/certificate-map", "branch.ios");
  const without = branch.replace("\n pki trustpoint CA-TP\n", "\n");

  it("flags a profile that signs with certificates but names no trustpoint, on its authentication line", () => {
    assert.notEqual(without, branch);
    const [f] = findingsOf(analyse(without), "cert-auth-no-trustpoint");
    assert.ok(f);
    assert.equal(textAt(without, f.range), "authentication local rsa-sig");
    assert.match(
      f.message,
      /IKEv2 profile PKI-PROFILE signs its AUTH payload with certificates .* but names no trustpoint: unlike IKEv1, IKEv2 uses only the trustpoints its profile names/,
    );
    assert.deepEqual(f.fixes![0]!.cli, [
      "crypto ikev2 profile PKI-PROFILE",
      " pki trustpoint CA-TP",
    ]);
    assertFixesCure(without, "cert-auth-no-trustpoint");
  });

  it("is silent when the profile names its trustpoint", () => {
    assert.deepEqual(
      findingsOf(analyse(branch), "cert-auth-no-trustpoint"),
      [],
    );
  });
});
