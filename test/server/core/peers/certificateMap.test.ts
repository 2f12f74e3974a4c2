import * as assert from "node:assert/strict";
import {
  allCodes,
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  type Workspace,
  onlyFindingOf,
} from "./support";

/**
 * IKEv2 authenticated by certificates: each end sends the DN of its certificate
 * (`identity local dn`) and selects its profile by certificate map (`match certificate`), which
 * is judged on the subject the peer's trustpoint asks its CA for (`subject-name`).
 */

const NAMES = ["branch.ios", "hq.ios"];

function outcomes(ws: Workspace): string[] {
  return pairs(ws).map((pa) => pa.outcome);
}

describe("IKEv2 profiles selected by certificate map", () => {
  const ws = fixture("ikev2/certificate-map");

  it("takes the peers whose subject the certificate map takes", () => {
    assert.deepEqual(outcomes(ws), ["ESTABLISHED"]);
    assert.deepEqual(allCodes(ws), []);
  });

  it("refuses a peer whose subject has another value of the attribute the map tests, and adds an entry for it", () => {
    const sales = edited(ws, "branch.ios", [
      "subject-name cn=branch.example.com,ou=VPN",
      "subject-name cn=branch.example.com,ou=Sales",
    ]);
    assert.deepEqual(outcomes(sales), ["PHASE1_FAILED"]);
    const found = onlyFindingOf(sales, "hq.ios", "identity-rejects-peer");
    assert.equal(
      found.message,
      "HQ's IKEv2 profile PKI-PROFILE matches the certificates certificate map CERT-MAP takes, not the identity BRANCH sends (the DN of its certificate, `cn=branch.example.com,ou=Sales`): HQ refuses BRANCH in IKE_AUTH (`Failed to locate an item in the database`, then AUTHENTICATION_FAILED), so the tunnel does not come up.",
    );
    const [fix] = found.fixes!;
    assert.deepEqual(fix!.cli, [
      "crypto pki certificate map CERT-MAP 20",
      " subject-name co ou=sales",
    ]);
    const fixed = applyFix(sales, "hq.ios", fix!, NAMES);
    assert.deepEqual(outcomes(fixed), ["ESTABLISHED"]);
    assert.deepEqual(allCodes(fixed), []);
  });

  it("does not judge a peer whose subject it does not know", () => {
    const unknown = edited(ws, "branch.ios", [
      " subject-name cn=branch.example.com,ou=VPN\n",
      "",
    ]);
    assert.deepEqual(outcomes(unknown), ["ESTABLISHED"]);
    assert.deepEqual(
      findingsOf(unknown, "hq.ios", "identity-rejects-peer"),
      [],
    );
  });

  it("reports a certificate map the profile names but the config does not define", () => {
    const missing = edited(ws, "hq.ios", [
      " match certificate CERT-MAP\n",
      " match certificate CERT-MAPS\n",
    ]);
    assert.deepEqual(allCodes(missing, ["hq.ios"]), [
      "hq.ios undefined-reference",
    ]);
  });
});

describe("isakmp profiles selected by certificate map (IKEv1)", () => {
  const ws = fixture("certificate-map");

  it("takes the initiator whose certificate subject the map takes", () => {
    assert.deepEqual(outcomes(ws), ["ESTABLISHED"]);
    assert.deepEqual(allCodes(ws), []);
  });

  it("refuses one whose subject has another value, with a map entry as the first fix", () => {
    const guest = edited(ws, "branch.ios", [
      "subject-name cn=branch.example.com,ou=VPN",
      "subject-name cn=branch.example.com,ou=Guest",
    ]);
    // HQ still starts it: BRANCH's own map takes HQ's certificate.
    assert.deepEqual(outcomes(guest), ["ONE_WAY"]);
    const found = onlyFindingOf(guest, "hq.ios", "identity-rejects-peer");
    assert.match(
      found.message,
      /^HQ's isakmp profile BRANCH-PROFILE matches the certificates certificate map BRANCHES takes, but BRANCH sends its address 198\.51\.100\.2 \(.*\), with a certificate whose subject is `cn=branch\.example\.com,ou=Guest`: /,
    );
    const [fix] = found.fixes!;
    assert.deepEqual(fix!.cli, [
      "crypto pki certificate map BRANCHES 20",
      " subject-name co ou=guest",
    ]);
    const fixed = applyFix(guest, "hq.ios", fix!, NAMES);
    assert.deepEqual(outcomes(fixed), ["ESTABLISHED"]);
    assert.deepEqual(allCodes(fixed), []);
  });
});

describe("IKEv2 profiles that name no pki trustpoint", () => {
  const ws = fixture("ikev2/certificate-map");
  const reasons = (w: Workspace) =>
    pairs(w)
      .flatMap((pa) => [pa.forward, pa.reverse])
      .flatMap((d) => d?.reasons ?? [])
      .join("\n");

  it("fails IKE_AUTH when the signer's profile names none (IKEv2 uses only the trustpoints its profile names)", () => {
    const unnamed = edited(ws, "branch.ios", [
      "\n pki trustpoint CA-TP\n",
      "\n",
    ]);
    assert.deepEqual(outcomes(unnamed), ["PHASE1_FAILED"]);
    assert.match(
      reasons(unnamed),
      /BRANCH's IKEv2 profile PKI-PROFILE names no `pki trustpoint` to sign with, so it has no certificate for its AUTH payload/,
    );
    // The config says why on its own.
    assert.ok(
      allCodes(unnamed, ["branch.ios"]).includes(
        "branch.ios cert-auth-no-trustpoint",
      ),
    );
  });

  it("fails when the verifier's profile names only a trustpoint to sign with", () => {
    const signOnly = edited(ws, "hq.ios", [
      "\n pki trustpoint CA-TP\n",
      "\n pki trustpoint CA-TP sign\n",
    ]);
    assert.match(
      reasons(signOnly),
      /HQ's IKEv2 profile PKI-PROFILE names no `pki trustpoint` to verify BRANCH's certificate with/,
    );
  });
});
