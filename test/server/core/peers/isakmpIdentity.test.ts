import * as assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { validate } from "../../../../server/src/core/languageService";
import { buildTunnelReport } from "../../../../server/src/core/peers/tunnelReport";
import {
  PEERS,
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  peerFindings,
  rangeText,
  workspace,
  type Workspace,
} from "./support";

const NAMES = ["hq.ios", "r1.ios", "r2.ios", "r3.ios"];
const DIR = path.join(PEERS, "profile-hostname");

/** The fixture with some files' text changed. */
function variant(
  ws: Workspace,
  change: Record<string, (text: string) => string>,
): Workspace {
  return workspace(
    ...NAMES.map((name) => ({
      name,
      text: (change[name] ?? ((t: string) => t))(ws.text(name)),
    })),
  );
}

/** Replaces one exact piece of a config's text (and fails when it is not there). */
function edit(from: string, to: string): (text: string) => string {
  return (text) => {
    assert.ok(text.includes(from), `missing ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
}

/** The outcome of each pair by the branch it joins to HQ. */
function outcomes(ws: Workspace): Record<string, string> {
  return Object.fromEntries(
    pairs(ws).map((p) => [
      [p.pair.a.router.name, p.pair.b?.router.name].find((n) => n !== "HQ"),
      p.outcome,
    ]),
  );
}

/** Every fix of a finding on `name` applied alone, then the pairs and findings again. */
function cures(ws: Workspace, name: string, expected: number): void {
  const [finding] = findingsOf(ws, name, "identity-rejects-peer");
  assert.ok(finding);
  assert.equal(finding.fixes?.length, expected);
  for (const fix of finding.fixes!) {
    const fixed = applyFix(ws, name, fix, NAMES);
    assert.deepEqual(
      Object.values(outcomes(fixed)),
      ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
      fix.title,
    );
    for (const n of NAMES) {
      assert.deepEqual(
        findingsOf(fixed, n, "identity-rejects-peer"),
        [],
        `${fix.title}: ${n}`,
      );
    }
  }
}

describe("isakmpIdentity", () => {
  const ws = fixture("profile-hostname");

  it("reports HQ's host match that r1's address cannot select, on both configs", () => {
    const [hq, ...moreHq] = findingsOf(ws, "hq.ios", "identity-rejects-peer");
    const [r1, ...moreR1] = findingsOf(ws, "r1.ios", "identity-rejects-peer");
    assert.ok(hq && r1);
    assert.deepEqual([moreHq, moreR1], [[], []]);
    assert.equal(
      rangeText(ws, "hq.ios", hq.range),
      "match identity host r1.example.com",
    );
    // r1 has no line that chooses its identity: the finding sits on its crypto map's peer.
    assert.equal(rangeText(ws, "r1.ios", r1.range), "203.0.113.1");
    assert.equal(hq.severity, "error");
    for (const f of [hq, r1]) {
      assert.match(
        f.message,
        /isakmp profile R1 matches host r1\.example\.com/,
      );
      assert.match(
        f.message,
        /r1 sends its address 198\.51\.100\.1 \(no `crypto isakmp identity hostname`/,
      );
      assert.match(f.message, /peer matches \*none\* of the profiles/);
      assert.match(f.message, /quick mode is refused/);
      assert.match(f.message, /show crypto isakmp profile/);
      assert.match(
        f.message,
        /`match identity address 198\.51\.100\.1 255\.255\.255\.255` in HQ's isakmp profile R1; or on r1, `crypto isakmp identity hostname`/,
      );
    }
    assert.equal(hq.related?.[0]?.uri, ws.uri("r1.ios"));
    assert.equal(r1.related?.[0]?.uri, ws.uri("hq.ios"));
  });

  it("leaves the healthy pairs silent: a host name with its domain, a domain match, any case", () => {
    assert.deepEqual(findingsOf(ws, "r2.ios", "identity-rejects-peer"), []);
    assert.deepEqual(findingsOf(ws, "r3.ios", "identity-rejects-peer"), []);
    assert.deepEqual(outcomes(ws), {
      r1: "ONE_WAY",
      r2: "ESTABLISHED",
      r3: "ESTABLISHED",
    });
  });

  it("gives the failing pair its outcome and reason in the tunnels report", () => {
    const report = buildTunnelReport(ws.view);
    const pair = report.pairs.find(
      (p) => p.b?.router === "r1" || p.a.router === "r1",
    );
    assert.ok(pair);
    assert.equal(pair.outcome, "ONE_WAY");
    const fromR1 = pair.directions.find((d) => d.initiator === "r1");
    assert.equal(fromR1?.outcome, "PHASE2_FAILED");
    assert.match(
      fromR1!.reasons.join("; "),
      /HQ selects no isakmp profile for r1 \(isakmp profile R1 matches host r1\.example\.com, but r1 sends its address 198\.51\.100\.1/,
    );
    assert.equal(
      pair.directions.find((d) => d.initiator === "HQ")?.outcome,
      "ESTABLISHED",
    );
  });

  it("fixes either side: a match for the address on HQ, or the host name sent by r1", () => {
    const [hq] = findingsOf(ws, "hq.ios", "identity-rejects-peer");
    const [toHq, toR1] = hq!.fixes!;
    assert.ok(toHq && toR1);
    assert.equal(toHq.isPreferred, true);
    assert.deepEqual(
      toHq.edits.map((e) => e.newText),
      ["\n match identity address 198.51.100.1 255.255.255.255"],
    );
    assert.deepEqual(toHq.cli, [
      "crypto isakmp profile R1",
      " match identity address 198.51.100.1 255.255.255.255",
    ]);
    // r1 already has `ip domain name example.com`: only the identity changes.
    assert.deepEqual(
      toR1.edits.map((e) => [e.uri, e.newText]),
      [[ws.uri("r1.ios"), "crypto isakmp identity hostname\n"]],
    );
    assert.match(toR1.title, /Make r1 send r1\.example\.com/);
    cures(ws, "hq.ios", 2);
    cures(ws, "r1.ios", 2);
  });

  it("keeps a CRLF config's line endings in the line it inserts", () => {
    const crlf = variant(ws, {
      "r1.ios": (t) => t.replace(/\r?\n/g, "\r\n"),
    });
    const [r1] = findingsOf(crlf, "r1.ios", "identity-rejects-peer");
    const toR1 = r1!.fixes!.find((f) => /Make r1 send/.test(f.title));
    assert.deepEqual(
      toR1!.edits.map((e) => e.newText),
      ["crypto isakmp identity hostname\r\n"],
    );
  });

  it("makes an initiator with an isakmp profile of its own send its name from that profile", () => {
    // Without `self-identity fqdn`, r3 sends its address, which HQ's domain match does not take.
    const byAddress = variant(ws, {
      "r3.ios": edit(" self-identity fqdn\n", ""),
    });
    const [r3] = findingsOf(byAddress, "r3.ios", "identity-rejects-peer");
    assert.ok(r3);
    assert.match(
      r3.message,
      /matches host domain example\.com, but r3 sends its address 198\.51\.100\.3/,
    );
    const fromR3 = r3.fixes!.find((f) => /Make r3 send/.test(f.title));
    assert.deepEqual(fromR3?.cli, [
      "crypto isakmp profile HQ",
      " self-identity fqdn",
    ]);
    assert.deepEqual(
      fromR3!.edits.map((e) => e.newText),
      ["\n self-identity fqdn"],
    );
    const fixed = applyFix(byAddress, "r3.ios", fromR3!, NAMES);
    assert.equal(outcomes(fixed).r3, "ESTABLISHED");
    assert.deepEqual(findingsOf(fixed, "r3.ios", "identity-rejects-peer"), []);
  });

  it("judges an identity of the host name alone, for want of `ip domain name`", () => {
    const noDomain = variant(ws, {
      "r2.ios": edit("ip domain name example.com\n", ""),
      "r3.ios": edit("ip domain-name example.com\n", ""),
    });
    const [r2] = findingsOf(noDomain, "r2.ios", "identity-rejects-peer");
    const [r3] = findingsOf(noDomain, "r3.ios", "identity-rejects-peer");
    assert.ok(r2 && r3);
    assert.equal(
      rangeText(noDomain, "r2.ios", r2.range),
      "crypto isakmp identity hostname",
    );
    assert.match(
      r2.message,
      /r2 sends its host name alone, r2, since it has no `ip domain name` \(`crypto isakmp identity hostname`\)/,
    );
    assert.match(r2.message, /matches host R2\.Example\.com/);
    // r3's own profile chose the FQDN.
    assert.equal(rangeText(noDomain, "r3.ios", r3.range), "self-identity fqdn");
    assert.match(r3.message, /`self-identity fqdn` in isakmp profile HQ/);
    assert.match(r3.message, /matches host domain example\.com/);
    // The domain is the slip: setting it is the preferred fix.
    for (const [name, finding] of [
      ["r2.ios", r2],
      ["r3.ios", r3],
    ] as const) {
      const preferred = finding.fixes!.find((f) => f.isPreferred);
      assert.deepEqual(preferred?.cli, ["ip domain name example.com"], name);
      const fixed = applyFix(noDomain, name, preferred!, NAMES);
      assert.equal(
        outcomes(fixed)[name.replace(".ios", "")],
        "ESTABLISHED",
        name,
      );
      assert.match(
        fixed.text(name),
        /^hostname r\d\nip domain name example\.com$/m,
      );
    }
    // The other fix on HQ takes the bare name.
    const [hqR2] = findingsOf(
      noDomain,
      "hq.ios",
      "identity-rejects-peer",
    ).filter((f) => /profile R2/.test(f.message));
    assert.ok(
      hqR2!.fixes!.some((f) => f.cli?.[1] === " match identity host r2"),
    );
  });

  it("reports a profile that matches the address when the peer sends its name", () => {
    const byAddress = variant(ws, {
      "hq.ios": edit(
        " match identity host R2.Example.com",
        " match identity address 198.51.100.2 255.255.255.255",
      ),
    });
    const [hq] = findingsOf(
      byAddress,
      "hq.ios",
      "identity-rejects-peer",
    ).filter((f) => /profile R2/.test(f.message));
    assert.ok(hq);
    assert.match(
      hq.message,
      /matches address 198\.51\.100\.2 255\.255\.255\.255, but r2 sends r2\.example\.com/,
    );
    const [r2, ...more] = findingsOf(
      byAddress,
      "r2.ios",
      "identity-rejects-peer",
    );
    assert.deepEqual(more, []);
    assert.equal(
      rangeText(byAddress, "r2.ios", r2!.range),
      "crypto isakmp identity hostname",
    );
    assert.deepEqual(hq.fixes?.[0]?.cli, [
      "crypto isakmp profile R2",
      " match identity host r2.example.com",
    ]);
    const fixed = applyFix(byAddress, "hq.ios", hq.fixes![0]!, NAMES);
    assert.equal(outcomes(fixed).r2, "ESTABLISHED");
  });

  it("stays silent where the identity or the selection cannot be known", () => {
    const unknowable = variant(ws, {
      // A certificate DN is not judged here.
      "r1.ios": edit(
        "ip domain name example.com\n",
        "ip domain name example.com\ncrypto isakmp identity dn\n",
      ),
    });
    assert.deepEqual(
      findingsOf(unknowable, "hq.ios", "identity-rejects-peer"),
      [],
    );
    const certificate = variant(ws, {
      "hq.ios": edit(
        " match identity host r1.example.com\n",
        " match identity host r1.example.com\n match certificate BRANCH-CERTS\n",
      ),
    });
    assert.deepEqual(
      findingsOf(certificate, "hq.ios", "identity-rejects-peer"),
      [],
    );
    // An address match beside the host match takes what r1 sends by default.
    const both = variant(ws, {
      "hq.ios": edit(
        " match identity host r1.example.com\n",
        " match identity host r1.example.com\n match identity address 198.51.100.1\n",
      ),
    });
    assert.deepEqual(findingsOf(both, "hq.ios", "identity-rejects-peer"), []);
    assert.equal(outcomes(both).r1, "ESTABLISHED");
  });

  it("keeps the one-config check silent on host matches it cannot judge alone", () => {
    const hq = workspace(path.join(DIR, "hq.ios"));
    const config = hq.view.configs[0]!;
    const findings = validate(
      { kind: "config", uri: config.uri, model: config.model },
      {
        settings: DEFAULT_ANALYSIS_SETTINGS,
        overrides: {},
        workspace: hq.view,
      },
    );
    assert.deepEqual(
      findings
        .filter(
          (f) =>
            f.code === "ike-profile-mismatch" ||
            f.code === "identity-rejects-peer",
        )
        .map((f) => f.message),
      [],
    );
  });

  it("reports the profile HQ cannot select for r1 with a policy and a key mismatch, all at once", () => {
    const broken = edited(
      ws,
      "r1.ios",
      [" encryption aes 256", " encryption aes 128"],
      ["crypto isakmp key r1-secret", "crypto isakmp key r1-secrets"],
    );
    for (const name of ["hq.ios", "r1.ios"]) {
      assert.deepEqual(
        peerFindings(broken, name)
          .map((f) => f.code)
          .sort(),
        ["identity-rejects-peer", "ike-policy-mismatch", "psk-mismatch"],
        name,
      );
    }
    // r1 starting it meets the policy first; the key and the profile wait behind it.
    const r1 = pairs(broken).find((p) => p.pair.b?.router.name === "r1");
    assert.equal(r1?.outcome, "PHASE1_FAILED");
    assert.deepEqual(
      r1?.reverse?.reasons.map((r) => r.split(" (")[0]),
      [
        "no IKE policy of r1 is acceptable to HQ",
        "behind it, once that is fixed: the pre-shared keys of r1 and HQ differ",
        "behind it, once that is fixed: HQ selects no isakmp profile for r1",
      ],
    );
  });
});
