import * as assert from "node:assert/strict";
import { fixture, peerFixture } from "../../../support/configAnalysis";
import { configHoverAt } from "../../../support/configFixtures";

const TOKYO = peerFixture("certificate-chains", "tokyo.ios");
const NOW = Date.parse("2026-11-29T00:00:00Z");

describe("hover/certificateHover", () => {
  it("decodes the router's certificate on its certificate line", () => {
    const md = configHoverAt(TOKYO, " certificate 0|2", NOW);
    assert.match(
      md,
      /^\*\*Certificate 02\*\* of trustpoint `LAB-CA`: the router's own certificate\./,
    );
    assert.match(
      md,
      /\| Subject \| CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab \|/,
    );
    assert.match(
      md,
      /\| Issuer \| CN=Lens Lab Root CA, O=Lens Lab \(the chain's `certificate ca 01`, whose signature checks out\) \|/,
    );
    assert.match(
      md,
      /\| Valid \| 2025-06-01 00:00 UTC to 2026-06-01 00:00 UTC — \*\*expired\*\* \|/,
    );
    assert.match(md, /\| Key \| RSA 2048 bits \|/);
    assert.match(md, /\| Signature \| sha256WithRSAEncryption \|/);
    assert.match(md, /\| Alternative names \| DNS:tokyo\.lens\.lab \|/);
    assert.match(
      md,
      /IKE uses this trustpoint through an rsa-sig ISAKMP policy/,
    );
  });

  it("answers the same on the certificate's hex lines, and counts the days left of a valid one", () => {
    const lines = TOKYO.split("\n");
    const ca = lines.indexOf(" certificate ca 01");
    // A whole hex line of the CA's certificate: short runs recur across certificates.
    const hex = lines[ca + 10]!.trim();
    const md = configHoverAt(
      TOKYO,
      `  ${hex.slice(0, 4)}|${hex.slice(4)}`,
      NOW,
    );
    assert.match(
      md,
      /^\*\*Certificate 01\*\* of trustpoint `LAB-CA`: the certificate of the CA/,
    );
    assert.match(md, /\(self-issued: a root\)/);
    assert.match(md, /— valid, 2590 days left \|/);
    assert.match(md, /\| CA \| yes \|/);
  });

  it("gives dates without a verdict when the caller has no clock", () => {
    const md = configHoverAt(TOKYO, " certificate 0|2");
    assert.match(
      md,
      /\| Valid \| 2025-06-01 00:00 UTC to 2026-06-01 00:00 UTC \|/,
    );
  });

  it("marks a weak key and hash, and says when IKE does not use the trustpoint", () => {
    const kobe = fixture("certificates-weak.ios");
    const md = configHoverAt(kobe, " certificate 0|4", NOW);
    assert.match(md, /\| Key \| RSA 1024 bits \(⚠ weak\) \|/);
    assert.match(
      md,
      /\| Signature \| sha1WithRSAEncryption \(⚠ weak hash\) \|/,
    );
    const selfSigned = configHoverAt(
      TOKYO,
      " certificate self-sig|ned 01",
      NOW,
    );
    assert.match(selfSigned, /IKE does not use this trustpoint\./);
  });

  it("says why a damaged certificate does not decode", () => {
    const damaged = TOKYO.replace(
      /(\n certificate 02\n  )[0-9A-F]{8}/,
      "$1ZZZZZZZZ",
    );
    const md = configHoverAt(damaged, " certificate 0|2", NOW);
    assert.match(md, /It does not decode: a line is not hex: "ZZZZZZZZ/);
  });

  it("names a router certificate no CA certificate of its chain signed", () => {
    const nara = peerFixture("certificate-untrusted", "nara.ios");
    const hexOf = (text: string, head: string): string => {
      const start = text.indexOf(`\n${head}\n`) + head.length + 2;
      return text.slice(start, text.indexOf("\tquit\n", start));
    };
    // Tokyo's chain holding Nara's certificate, which another company's CA issued.
    const foreign = TOKYO.replace(
      hexOf(TOKYO, " certificate 02"),
      hexOf(nara, " certificate 42"),
    );
    const md = configHoverAt(foreign, " certificate 0|2", NOW);
    assert.match(md, /CN=nara\.lens\.lab/);
    assert.match(
      md,
      /\| Issuer \| CN=Elsewhere Issuing CA, O=Elsewhere \(⚠ no CA certificate of this chain signed it\) \|/,
    );
  });
});

describe("hover on trustpoints and chains", () => {
  it("lists a trustpoint's decoded certificates where its name is used", () => {
    const md = configHoverAt(TOKYO, "crypto pki certificate chain LAB|-CA");
    assert.match(
      md,
      /- certificate 02: CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab, until 2026-06-01 00:00 UTC\n- CA certificate 01: CN=Lens Lab Root CA, O=Lens Lab, until 2034-01-01 00:00 UTC/,
    );
  });

  it("explains the chain section and the revocation checks", () => {
    assert.match(
      configHoverAt(TOKYO, "crypto pki certif|icate chain LAB-CA"),
      /The certificates of a trustpoint as the router stores them/,
    );
    assert.match(
      configHoverAt(TOKYO, " revocation-ch|eck none"),
      /Accepts certificates without checking revocation/,
    );
  });
});
