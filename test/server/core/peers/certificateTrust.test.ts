import * as assert from "node:assert/strict";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { validate } from "../../../../server/src/core/languageService";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  applyFix,
  edited,
  findingsOf,
  fixture,
  lineText,
  pairs,
  rangeText,
  type Workspace,
} from "./support";

/**
 * Certificates each side's running config prints, judged against the CA certificates the other
 * side trusts: Nara enrolled with another company's CA, which Osaka does not trust, and Osaka
 * with the Lens Lab root, which Nara does not trust.
 */

const NAMES = ["nara.ios", "osaka.ios"];
const CODE = "peer-certificate-untrusted";

function reasons(ws: Workspace): string {
  return pairs(ws)
    .flatMap((pa) => [pa.forward, pa.reverse])
    .flatMap((d) => d?.reasons ?? [])
    .join("\n");
}

describe("peer certificates and the CAs the other side trusts", () => {
  const ws = fixture("certificate-untrusted");

  it("fails phase 1 at the first refusal, the other waiting behind it", () => {
    const [pa] = pairs(ws);
    assert.equal(pa!.outcome, "PHASE1_FAILED");
    assert.match(
      reasons(ws),
      /Osaka does not trust Nara's certificate \(CN=nara\.lens\.lab, OU=VPN, O=Lens Lab, issued by CN=Elsewhere Issuing CA, O=Elsewhere\): no CA certificate of its trustpoints \(LAB-CA\) signed it, so certificate validation fails and phase 1 with it/,
    );
    assert.match(
      reasons(ws),
      /behind it, once that is fixed: Nara does not trust Osaka's certificate/,
    );
  });

  it("reports on the verifier's trustpoint and on the refused certificate", () => {
    const [verifier] = findingsOf(ws, "osaka.ios", CODE).filter((f) =>
      f.message.startsWith("Osaka does not trust Nara's"),
    );
    assert.ok(verifier);
    assert.equal(verifier.severity, "error");
    assert.equal(rangeText(ws, "osaka.ios", verifier.range), "LAB-CA");
    assert.match(
      lineText(ws, "osaka.ios", verifier.range.start.line),
      /^crypto pki trustpoint LAB-CA$/,
    );
    assert.match(
      verifier.message,
      /so main mode fails \(`%CRYPTO-5-IKMP_INVAL_CERT`, "failed validation"\)\. Trust the CA that issued it \(CN=Elsewhere Issuing CA, O=Elsewhere, SHA-1 fingerprint [0-9A-F:]{59}\)/,
    );
    const [signer] = findingsOf(ws, "nara.ios", CODE).filter((f) =>
      f.message.startsWith("Osaka does not trust this certificate"),
    );
    assert.ok(signer);
    assert.equal(rangeText(ws, "nara.ios", signer.range), "certificate 42");
    assert.ok(
      signer.related?.some((r) => r.uri === ws.uri("osaka.ios")),
      "the signer's side points at the verifier's trustpoint",
    );
  });

  it("fixes it by giving the verifier the CA certificate the signer's chain prints", () => {
    const [verifier] = findingsOf(ws, "osaka.ios", CODE).filter((f) =>
      f.message.startsWith("Osaka does not trust Nara's"),
    );
    const fix = verifier!.fixes![0]!;
    assert.match(
      fix.title,
      /^Trust Nara's CA on Osaka \(trustpoint ELSEWHERE-ISSUING-CA/,
    );
    assert.deepEqual(fix.cli!.slice(0, 6), [
      "crypto pki trustpoint ELSEWHERE-ISSUING-CA",
      " enrollment terminal",
      " revocation-check crl none",
      "exit",
      "crypto pki authenticate ELSEWHERE-ISSUING-CA",
      "-----BEGIN CERTIFICATE-----",
    ]);
    assert.deepEqual(fix.cli!.slice(-2), ["-----END CERTIFICATE-----", "quit"]);
    const once = applyFix(ws, "osaka.ios", fix, NAMES);
    assert.match(
      once.text("osaka.ios"),
      /\n!\ncrypto pki trustpoint ELSEWHERE-ISSUING-CA\n enrollment terminal\n revocation-check crl none\n!\ncrypto pki certificate chain ELSEWHERE-ISSUING-CA\n certificate ca 41\n  3082/,
    );
    // Osaka now trusts Nara; Nara still refuses Osaka, which its own fix settles.
    assert.doesNotMatch(reasons(once), /Osaka does not trust/);
    assert.match(reasons(once), /^Nara does not trust Osaka's certificate/m);
    const [other] = findingsOf(once, "nara.ios", CODE).filter((f) =>
      f.message.startsWith("Nara does not trust Osaka's"),
    );
    const both = applyFix(once, "nara.ios", other!.fixes![0]!, NAMES);
    assert.equal(pairs(both)[0]!.outcome, "ESTABLISHED");
    assert.deepEqual(findingsOf(both, "osaka.ios", CODE), []);
    assert.deepEqual(findingsOf(both, "nara.ios", CODE), []);
  });

  it("adds the new trustpoint to the isakmp profile that restricts the verifier's", () => {
    const profiled = edited(
      ws,
      "osaka.ios",
      [
        "crypto ipsec transform-set",
        "crypto isakmp profile NARA\n ca trust-point LAB-CA\n match identity address 172.16.8.1 255.255.255.255\n!\ncrypto ipsec transform-set",
      ],
      [
        " set transform-set TS\n",
        " set transform-set TS\n set isakmp-profile NARA\n",
      ],
    );
    const [verifier] = findingsOf(profiled, "osaka.ios", CODE).filter((f) =>
      f.message.startsWith("Osaka does not trust Nara's"),
    );
    assert.ok(verifier);
    assert.equal(
      lineText(profiled, "osaka.ios", verifier.range.start.line),
      "crypto isakmp profile NARA",
    );
    assert.match(verifier.message, /named in isakmp profile NARA/);
    const fix = verifier.fixes![0]!;
    assert.deepEqual(fix.cli!.slice(-2), [
      "crypto isakmp profile NARA",
      " ca trust-point ELSEWHERE-ISSUING-CA",
    ]);
    const fixed = applyFix(profiled, "osaka.ios", fix, NAMES);
    assert.match(
      fixed.text("osaka.ios"),
      /crypto isakmp profile NARA\n ca trust-point LAB-CA\n match identity address 172\.16\.8\.1 255\.255\.255\.255\n ca trust-point ELSEWHERE-ISSUING-CA\n/,
    );
    assert.doesNotMatch(reasons(fixed), /Osaka does not trust/);
  });

  it("establishes between routers whose certificates one CA issued, with nothing to say of them", () => {
    const same = fixture("certificate-chains");
    assert.equal(pairs(same)[0]!.outcome, "ESTABLISHED");
    assert.doesNotMatch(reasons(same), /certificate/);
  });

  it("says it cannot verify when a side prints no chain, and does not fail the pair for it", () => {
    const text = ws.text("osaka.ios");
    const start = text.indexOf("crypto pki certificate chain LAB-CA");
    const end = text.indexOf("crypto pki certificate chain TP-self-signed");
    const unprinted = edited(ws, "osaka.ios", [text.slice(start, end), ""]);
    assert.equal(pairs(unprinted)[0]!.outcome, "ESTABLISHED");
    assert.match(
      reasons(unprinted),
      /phase 1 authenticates with rsa-sig: certificates are verified only where both configs print them/,
    );
    assert.deepEqual(findingsOf(unprinted, "osaka.ios", CODE), []);
  });
});

describe("certificate maps judged on the certificate the config prints", () => {
  const ws = fixture("certificate-chains");
  // Osaka selects Tokyo by certificate map; Tokyo's trustpoint writes no subject-name, so only
  // its printed certificate says who it is.
  const withMap = (rule: string): Workspace =>
    edited(
      edited(ws, "tokyo.ios", [
        " subject-name cn=tokyo.lens.lab,ou=VPN,o=Lens Lab\n",
        "",
      ]),
      "osaka.ios",
      [
        "crypto ipsec transform-set",
        `crypto pki certificate map TOKYO 10\n ${rule}\n!\ncrypto isakmp profile TOKYO\n ca trust-point LAB-CA\n match certificate TOKYO\n!\ncrypto ipsec transform-set`,
      ],
      [
        " set transform-set TS\n",
        " set transform-set TS\n set isakmp-profile TOKYO\n",
      ],
    );

  it("refuses a peer whose certificate's subject the map does not take", () => {
    const refused = withMap("subject-name co cn = kyoto.lens.lab");
    const [f] = findingsOf(refused, "osaka.ios", "identity-rejects-peer");
    assert.ok(f, "the map's refusal is reported");
    assert.match(f.message, /CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab/);
  });

  it("judges issuer-name lines on the issuer of the printed certificate", () => {
    const refused = withMap("issuer-name co cn = elsewhere issuing ca");
    assert.ok(
      findingsOf(refused, "osaka.ios", "identity-rejects-peer").length,
      "a map that asks for another issuer refuses Tokyo",
    );
    const taken = withMap("issuer-name co cn = lens lab root ca");
    assert.deepEqual(
      findingsOf(taken, "osaka.ios", "identity-rejects-peer"),
      [],
    );
    assert.equal(pairs(taken)[0]!.outcome, "ESTABLISHED");
  });

  it("takes a peer whose certificate's subject the map takes", () => {
    const taken = withMap("subject-name co ou = vpn");
    assert.deepEqual(
      findingsOf(taken, "osaka.ios", "identity-rejects-peer"),
      [],
    );
    assert.equal(pairs(taken)[0]!.outcome, "ESTABLISHED");
  });
});

describe("certificate dates between peers, at the view's clock", () => {
  const ws = fixture("certificate-chains");
  const at = (date: string) =>
    analyseWorkspace({ ...ws.view, now: Date.parse(date) }).pairs[0]!;

  it("fails phase 1 where the peer refuses an expired certificate, and says whose and when", () => {
    const pa = at("2026-11-29");
    assert.equal(pa.outcome, "PHASE1_FAILED");
    assert.match(
      [...pa.forward!.reasons, ...pa.reverse!.reasons].join("\n"),
      /Osaka refuses Tokyo's certificate \(CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab\): it expired on 2026-06-01 00:00 UTC, so certificate validation fails and phase 1 with it/,
    );
    // The date is Tokyo's own finding (certificate-expired), not a second one between peers.
    const findings = validate(
      {
        kind: "config",
        uri: ws.uri("osaka.ios"),
        model: ws.view.configs.find((c) => c.uri === ws.uri("osaka.ios"))!
          .model,
      },
      {
        settings: DEFAULT_ANALYSIS_SETTINGS,
        overrides: {},
        workspace: { ...ws.view, now: Date.parse("2026-11-29") },
      },
    );
    assert.deepEqual(
      findings.filter((f) => f.code === CODE),
      [],
    );
  });

  it("blames the CA's certificate when it is the one out of its dates", () => {
    const kyoto = fixture("certificate-ca-expired");
    const pa = analyseWorkspace({
      ...kyoto.view,
      now: Date.parse("2026-11-29"),
    }).pairs[0]!;
    assert.equal(pa.outcome, "PHASE1_FAILED");
    assert.match(
      pa.forward!.reasons.join("\n"),
      /^Osaka refuses Kyoto's certificate \(CN=kyoto\.lens\.lab, OU=VPN, O=Lens Lab\): the certificate of the CA that signed it \(CN=Lens Lab Short-Lived CA, O=Lens Lab\) expired on 2026-03-01 00:00 UTC/,
    );
    // Before the CA's end date the pair comes up: each trusts the other's CA.
    assert.equal(
      analyseWorkspace({ ...kyoto.view, now: Date.parse("2026-01-15") })
        .pairs[0]!.outcome,
      "ESTABLISHED",
    );
  });

  it("refuses a certificate that is not valid yet", () => {
    const pa = at("2025-03-01");
    assert.match(
      pa.forward!.reasons.join("\n"),
      /refuses (Tokyo|Osaka)'s certificate \([^)]*\): it is not valid before 2025-0[69]-01 00:00 UTC/,
    );
  });

  it("establishes while both certificates are valid, and without a clock", () => {
    assert.equal(at("2026-01-15").outcome, "ESTABLISHED");
    assert.equal(pairs(ws)[0]!.outcome, "ESTABLISHED");
  });
});
