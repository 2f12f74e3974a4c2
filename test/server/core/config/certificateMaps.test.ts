import * as assert from "node:assert/strict";
import {
  certificateMapAdmits,
  signingCertificate,
} from "../../../../server/src/core/config/certificateMaps";
import { parseConfig } from "../../../../server/src/core/config/parser";

/** The map `MAP` of a config made of certificate map entries. */
function mapOf(...entries: string[][]) {
  const model = parseConfig(
    entries
      .map((lines, i) =>
        [
          `crypto pki certificate map MAP ${(i + 1) * 10}`,
          ...lines.map((l) => ` ${l}`),
        ].join("\n"),
      )
      .join("\n"),
  );
  return model.certificateMaps.get("MAP")!;
}

describe("config/certificateMaps", () => {
  it("reads each entry of a map and its lines", () => {
    const map = mapOf(
      ["subject-name co ou = vpn", "issuer-name eq cn = root ca"],
      [],
    );
    assert.deepEqual(
      map.entries.map((e) => [
        e.sequence,
        e.rules.map((r) => [r.field, r.op, r.value]),
      ]),
      [
        [
          10,
          [
            ["subject-name", "co", "ou = vpn"],
            ["issuer-name", "eq", "cn = root ca"],
          ],
        ],
        [20, []],
      ],
    );
  });

  it("judges issuer-name rules on an issuer known from a printed certificate, and leaves them open without one", () => {
    const map = mapOf(["issuer-name co cn = lens lab root ca"]);
    const subject = "CN=tokyo.lens.lab, OU=VPN, O=Lens Lab";
    assert.equal(
      certificateMapAdmits(map, subject, "CN=Lens Lab Root CA, O=Lens Lab"),
      true,
    );
    assert.equal(
      certificateMapAdmits(
        map,
        subject,
        "CN=Elsewhere Issuing CA, O=Elsewhere",
      ),
      false,
    );
    assert.equal(certificateMapAdmits(map, subject), undefined);
    const exact = mapOf(["issuer-name eq cn = lens lab root ca, o = lens lab"]);
    assert.equal(
      certificateMapAdmits(exact, subject, "CN=Lens Lab Root CA, O=Lens Lab"),
      true,
    );
    assert.equal(
      certificateMapAdmits(exact, subject, "CN=Lens Lab Root CA, O=Other"),
      false,
    );
  });

  it("takes a subject that contains the value, whatever the case and the spaces around =", () => {
    const map = mapOf(["subject-name co ou = VPN"]);
    assert.equal(certificateMapAdmits(map, "cn=r2.example.com,ou=vpn"), true);
    assert.equal(certificateMapAdmits(map, "CN=R2, OU=Vpn"), true);
  });

  it("refuses a subject whose attribute has another value, and stays open on what the subject may carry", () => {
    const map = mapOf(["subject-name co ou = vpn"]);
    assert.equal(
      certificateMapAdmits(map, "cn=r2.example.com,ou=sales"),
      false,
    );
    // No ou in the known subject: the CA may add one.
    assert.equal(certificateMapAdmits(map, "cn=r2.example.com"), undefined);
    assert.equal(certificateMapAdmits(map, undefined), undefined);
    // A value without attributes, not found: it may be in what IOS or the CA adds.
    assert.equal(
      certificateMapAdmits(
        mapOf(["subject-name co cisco.com"]),
        "cn=r2,ou=vpn",
      ),
      undefined,
    );
    // `eq` is settled only by equality: the real subject may hold more attributes.
    assert.equal(
      certificateMapAdmits(
        mapOf(["subject-name eq cn=r2,ou=vpn"]),
        "cn=r2,ou=vpn",
      ),
      true,
    );
    assert.equal(
      certificateMapAdmits(mapOf(["subject-name eq cn=r2"]), "cn=r2,ou=vpn"),
      undefined,
    );
  });

  it("takes a certificate one entry takes, and needs every line of that entry", () => {
    const twoEntries = mapOf(
      ["subject-name co ou=sales"],
      ["subject-name co ou=vpn"],
    );
    assert.equal(certificateMapAdmits(twoEntries, "cn=r2,ou=vpn"), true);
    const bothLines = mapOf([
      "subject-name co ou=vpn",
      "subject-name co cn=r3",
    ]);
    assert.equal(certificateMapAdmits(bothLines, "cn=r2,ou=vpn"), false);
    // A line of another field cannot be judged: the entry stays open unless another refuses.
    const issuer = mapOf(["issuer-name co cn=root", "subject-name co ou=vpn"]);
    assert.equal(certificateMapAdmits(issuer, "cn=r2,ou=vpn"), undefined);
    assert.equal(certificateMapAdmits(issuer, "cn=r2,ou=sales"), false);
  });

  it("finds the subject a router signs with: its profile's trustpoint, else its only one", () => {
    const model = parseConfig(
      [
        "crypto pki trustpoint A",
        " subject-name cn=r1,ou=a",
        "crypto pki trustpoint B",
        " subject-name cn=r1,ou=b",
        "crypto ikev2 profile P",
        " authentication local rsa-sig",
        " pki trustpoint B sign",
        " pki trustpoint A verify",
        "crypto ikev2 profile PSK",
        " authentication local pre-share",
        " pki trustpoint A",
        "",
      ].join("\n"),
    );
    const [p, psk] = model.ikev2Profiles;
    assert.deepEqual(signingCertificate(model, p), { subject: "cn=r1,ou=b" });
    // A profile that signs with a pre-shared key sends no certificate.
    assert.equal(signingCertificate(model, psk), undefined);
    assert.deepEqual(
      model.references
        .filter((r) => r.kind === "trustpoint")
        .map((r) => r.name),
      ["B", "A", "A"],
    );
  });
});
