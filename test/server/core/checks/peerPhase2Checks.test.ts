import * as assert from "node:assert/strict";
import {
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  peerFindings,
  rangeText,
  workspace,
} from "../peers/support";

const NAMES = ["osaka.ios", "tokyo.ios"];

/** The direction in which the named router initiates. */
function initiatedBy(name: string, ws: ReturnType<typeof fixture>) {
  const [pair] = pairs(ws);
  return [pair!.forward, pair!.reverse].find(
    (d) => d?.initiator.router.name === name,
  );
}

describe("peerPhase2Checks", () => {
  describe("transform-set-mismatch", () => {
    const ws = fixture("transform");

    it("points at both set transform-set lines and names what differs", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "transform-set-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "transform-set-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(
        rangeText(ws, "tokyo.ios", tokyo.range),
        "set transform-set mjlnet",
      );
      assert.equal(
        rangeText(ws, "osaka.ios", osaka.range),
        "set transform-set mjlnet",
      );
      assert.match(tokyo.message, /ESP encryption/);
      assert.match(tokyo.message, /ESP integrity/);
      assert.equal(osaka.related?.[0]?.uri, ws.uri("tokyo.ios"));
      assert.equal(pairs(ws)[0]!.outcome, "PHASE2_FAILED");
    });

    it("rewrites either transform set like the other's", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "transform-set-mismatch");
      assert.equal(tokyo!.fixes!.length, 2);
      for (const fix of tokyo!.fixes!) {
        const fixed = applyFix(ws, "tokyo.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
      }
    });

    it("compares key sizes: esp-aes is AES-128, not the peer's AES-256 (tunnel interfaces)", () => {
      const vti = fixture("vti");
      const [osaka] = findingsOf(vti, "osaka.ios", "transform-set-mismatch");
      assert.ok(osaka);
      assert.match(osaka.message, /esp-aes 256/);
      assert.match(osaka.message, /esp-aes 128/);
      // On a tunnel interface the transform sets come from the IPsec profile.
      assert.equal(
        rangeText(vti, "osaka.ios", osaka.range),
        "set transform-set VTI-TS",
      );
    });
  });

  describe("pfs-mismatch", () => {
    const ws = fixture("pfs");

    it("reports PFS on one side only, and which side can still start quick mode", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "pfs-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "pfs-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "set pfs group2");
      // Osaka has no PFS line: the crypto map entry is where to add it.
      assert.equal(
        rangeText(ws, "osaka.ios", osaka.range),
        "crypto map mjlnetmap 10 ipsec-isakmp",
      );
      assert.match(tokyo.message, /Tokyo can start quick mode/);
      assert.match(tokyo.message, /Osaka cannot start quick mode/);
      assert.equal(initiatedBy("Tokyo", ws)!.outcome, "ESTABLISHED");
      assert.equal(initiatedBy("Osaka", ws)!.outcome, "PHASE2_FAILED");
      assert.equal(pairs(ws)[0]!.outcome, "ONE_WAY");
    });

    it("adds PFS on Osaka, or removes it from Tokyo", () => {
      const [osaka] = findingsOf(ws, "osaka.ios", "pfs-mismatch");
      const add = osaka!.fixes!.find((f) => f.isPreferred)!;
      assert.deepEqual(add.cli, [
        "crypto map mjlnetmap 10 ipsec-isakmp",
        " set pfs group2",
      ]);
      for (const fix of osaka!.fixes!) {
        const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
        assert.deepEqual(findingsOf(fixed, "osaka.ios", "pfs-mismatch"), []);
      }
    });
  });

  describe("crypto-acl-not-mirrored", () => {
    const ws = fixture("acl");

    it("says Osaka can initiate and Tokyo cannot (the chapter's Examples 8-84 to 8-88)", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "crypto-acl-not-mirrored");
      const [osaka] = findingsOf(ws, "osaka.ios", "crypto-acl-not-mirrored");
      assert.ok(tokyo && osaka);
      assert.equal(
        rangeText(ws, "tokyo.ios", tokyo.range),
        "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
      );
      assert.equal(
        rangeText(ws, "osaka.ios", osaka.range),
        "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      );
      assert.match(tokyo.message, /Osaka can initiate/);
      assert.match(
        tokyo.message,
        /Tokyo cannot initiate: Osaka rejects its proxies 10\.1\.0\.0\/16 to 10\.2\.0\.0\/16/,
      );
      assert.equal(initiatedBy("Osaka", ws)!.outcome, "ESTABLISHED");
      assert.equal(initiatedBy("Tokyo", ws)!.outcome, "PHASE2_FAILED");
      assert.equal(pairs(ws)[0]!.outcome, "ONE_WAY");
    });

    it("replaces Tokyo's ACL with the mirror of Osaka's (preferred), or the reverse", () => {
      const [osaka] = findingsOf(ws, "osaka.ios", "crypto-acl-not-mirrored");
      const preferred = osaka!.fixes!.find((f) => f.isPreferred)!;
      assert.match(
        preferred.title,
        /ACL 101 on Tokyo with the mirror of Osaka's/,
      );
      assert.deepEqual(
        preferred.edits.map((e) => [e.uri, e.newText]),
        [
          [
            ws.uri("tokyo.ios"),
            "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
          ],
        ],
      );
      assert.deepEqual(preferred.cli, [
        "no access-list 101",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      for (const fix of osaka!.fixes!) {
        const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
      }
    });

    it("reads crypto ACLs written with object groups, member by member", () => {
      const groups = fixture("object-groups");
      assert.deepEqual(
        [
          ...peerFindings(groups, "osaka.ios"),
          ...peerFindings(groups, "tokyo.ios"),
        ].map((f) => f.code),
        [],
      );
      assert.equal(pairs(groups)[0]!.outcome, "ESTABLISHED");

      // One member of Osaka's nested group no longer mirrors Tokyo's second line.
      const osaka = groups
        .text("osaka.ios")
        .replace("host 10.2.3.5", "host 10.2.3.6");
      const broken = workspace(
        { name: "osaka.ios", text: osaka },
        { name: "tokyo.ios", text: groups.text("tokyo.ios") },
      );
      const [onOsaka] = findingsOf(
        broken,
        "osaka.ios",
        "crypto-acl-not-mirrored",
      );
      const [onTokyo] = findingsOf(
        broken,
        "tokyo.ios",
        "crypto-acl-not-mirrored",
      );
      assert.ok(onOsaka && onTokyo);
      assert.equal(
        rangeText(broken, "osaka.ios", onOsaka.range),
        "permit ip object-group OSAKA-LANS object-group TOKYO-LANS",
      );
      assert.equal(
        rangeText(broken, "tokyo.ios", onTokyo.range),
        "permit ip 10.1.1.0 0.0.0.255 host 10.2.3.5",
      );
      assert.match(
        onOsaka.message,
        /Tokyo rejects its proxies host 10\.2\.3\.6 to 10\.1\.1\.0\/24/,
      );
      // Osaka's group line is replaced once by plain mirror lines, never edited twice.
      const mirror = onOsaka.fixes!.find((f) => /on Osaka/.test(f.title))!;
      assert.deepEqual(
        mirror.edits.map((e) => e.newText),
        [
          " permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255\n permit ip host 10.2.3.5 10.1.1.0 0.0.0.255",
        ],
      );
      for (const fix of onOsaka.fixes!) {
        const fixed = applyFix(broken, "osaka.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
      }
    });

    it("accepts named ACLs that mirror each other, ports included", () => {
      const ws2 = fixture("several");
      assert.deepEqual(
        findingsOf(ws2, "tokyo.ios", "crypto-acl-not-mirrored"),
        [],
      );
    });
  });

  describe("identity-rejects-peer", () => {
    const ws = fixture("identity");

    it("points at Tokyo's identity line and Osaka's hostname", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "identity-rejects-peer");
      const [osaka] = findingsOf(ws, "osaka.ios", "identity-rejects-peer");
      assert.ok(tokyo && osaka);
      assert.equal(
        rangeText(ws, "tokyo.ios", tokyo.range),
        "identity from-mjlnet",
      );
      assert.equal(rangeText(ws, "osaka.ios", osaka.range), "hostname Osaka");
      assert.match(tokyo.message, /fqdn Niigata\.mjlnet\.com/);
      assert.match(tokyo.message, /osaka\.mjlnet\.com/);
      assert.equal(pairs(ws)[0]!.outcome, "PHASE2_FAILED");
    });

    it("admits Osaka's FQDN in the list", () => {
      const [osaka] = findingsOf(ws, "osaka.ios", "identity-rejects-peer");
      const fix = osaka!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "crypto identity from-mjlnet",
        " fqdn Osaka.mjlnet.com",
      ]);
      const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
      assert.deepEqual(peerFindings(fixed, "tokyo.ios"), []);
      assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    });

    it("reads the list from `set identity`, the form IOS documents", () => {
      const written = workspace(
        {
          name: "tokyo.ios",
          text: ws
            .text("tokyo.ios")
            .replace(/^ identity from-mjlnet$/m, " set identity from-mjlnet"),
        },
        { name: "osaka.ios", text: ws.text("osaka.ios") },
      );
      const [tokyo] = findingsOf(written, "tokyo.ios", "identity-rejects-peer");
      assert.equal(
        rangeText(written, "tokyo.ios", tokyo!.range),
        "set identity from-mjlnet",
      );
      assert.equal(pairs(written)[0]!.outcome, "PHASE2_FAILED");
    });
  });

  describe("ipsec-lifetime-mismatch", () => {
    const ws = fixture("ipsec-lifetime");

    it("notes the different lifetimes on both sides; the shorter wins and the tunnel comes up", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "ipsec-lifetime-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "ipsec-lifetime-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(tokyo.severity, "information");
      assert.equal(
        rangeText(ws, "tokyo.ios", tokyo.range),
        "set security-association lifetime seconds 1800",
      );
      assert.match(tokyo.message, /shorter values, 1800 s/);
      const [pair] = pairs(ws);
      assert.equal(pair!.outcome, "ESTABLISHED");
      assert.equal(pair!.forward!.phase2.lifetimeSeconds, 1800);
    });

    it("sets Osaka's lifetime like Tokyo's", () => {
      const [osaka] = findingsOf(ws, "osaka.ios", "ipsec-lifetime-mismatch");
      const fix = osaka!.fixes!.find((f) =>
        /Osaka's IPsec SA lifetime/.test(f.title),
      )!;
      assert.deepEqual(fix.cli, [
        "crypto map mjlnetmap 10 ipsec-isakmp",
        " set security-association lifetime seconds 1800",
      ]);
      const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
      assert.deepEqual(
        findingsOf(fixed, "osaka.ios", "ipsec-lifetime-mismatch"),
        [],
      );
    });

    describe("a volume lifetime one side disables", () => {
      // Tokyo's entry writes `set security-association lifetime kilobytes disable`; Osaka keeps
      // IOS's 4608000 KB.
      const disabled = fixture("ipsec-volume-disabled");

      it("says which side rekeys on time only, claims no failure, and leaves IKEv1's volume unjudged", () => {
        const [tokyo] = findingsOf(
          disabled,
          "tokyo.ios",
          "ipsec-lifetime-mismatch",
        );
        const [osaka] = findingsOf(
          disabled,
          "osaka.ios",
          "ipsec-lifetime-mismatch",
        );
        assert.ok(tokyo && osaka);
        assert.equal(tokyo.severity, "information");
        assert.equal(
          tokyo.message,
          "IPsec SA lifetimes differ: Osaka 3600 s / 4608000 KB, Tokyo 3600 s / KB disabled. Tokyo has no volume lifetime (kilobytes disable) and rekeys on time only, while Osaka also rekeys after 4608000 KB of traffic; whether IKEv1 gives the SAs Osaka's volume lifetime when Tokyo proposes none is not judged here.",
        );
        assert.equal(
          rangeText(disabled, "tokyo.ios", tokyo.range),
          "set security-association lifetime kilobytes disable",
        );
        assert.equal(
          rangeText(disabled, "osaka.ios", osaka.range),
          "crypto map mjlnetmap 10 ipsec-isakmp",
        );
        assert.equal(pairs(disabled)[0]!.outcome, "ESTABLISHED");
      });

      it("writes `kilobytes disable` on the other side, or the number in place of it", () => {
        const [osaka] = findingsOf(
          disabled,
          "osaka.ios",
          "ipsec-lifetime-mismatch",
        );
        assert.deepEqual(
          osaka!.fixes!.map((f) => [f.title, f.cli]),
          [
            [
              "Set Osaka's IPsec SA lifetime to Tokyo's",
              [
                "crypto map mjlnetmap 10 ipsec-isakmp",
                " set security-association lifetime kilobytes disable",
              ],
            ],
            [
              "Set Tokyo's IPsec SA lifetime to Osaka's",
              [
                "crypto map mjlnetmap 10 ipsec-isakmp",
                " set security-association lifetime kilobytes 4608000",
              ],
            ],
          ],
        );
        for (const fix of osaka!.fixes!) {
          const name = /Osaka's IPsec/.test(fix.title)
            ? "osaka.ios"
            : "tokyo.ios";
          const fixed = applyFix(disabled, name, fix, NAMES);
          assert.deepEqual(
            findingsOf(fixed, "osaka.ios", "ipsec-lifetime-mismatch"),
            [],
            fix.title,
          );
        }
      });

      // Tokyo also sets a global volume lifetime, which its entry's `disable` overrides.
      const globalNumber = edited(disabled, "tokyo.ios", [
        "crypto map mjlnetmap 10",
        "crypto ipsec security-association lifetime kilobytes 102400\n!\ncrypto map mjlnetmap 10",
      ]);

      it("lets Tokyo's entry `disable` override its global number", () => {
        const [tokyo] = findingsOf(
          globalNumber,
          "tokyo.ios",
          "ipsec-lifetime-mismatch",
        );
        assert.match(
          tokyo!.message,
          /^IPsec SA lifetimes differ: Osaka 3600 s \/ 4608000 KB, Tokyo 3600 s \/ KB disabled\. Tokyo has no volume lifetime/,
        );
      });

      it("gives the shorter time and no volume when both disable it and only their seconds differ", () => {
        const both = edited(globalNumber, "osaka.ios", [
          " match address 101\n",
          " match address 101\n set security-association lifetime kilobytes disable\n set security-association lifetime seconds 1800\n",
        ]);
        assert.equal(
          findingsOf(both, "tokyo.ios", "ipsec-lifetime-mismatch")[0]?.message,
          "IPsec SA lifetimes differ: Osaka 1800 s / KB disabled, Tokyo 3600 s / KB disabled. The SAs take the shorter values, 1800 s / KB disabled, so rekeys follow the side with the shorter lifetime.",
        );
      });

      it("finds nothing when both sides disable it, by their entries or by the global command", () => {
        const both = edited(globalNumber, "osaka.ios", [
          " match address 101\n",
          " match address 101\n set security-association lifetime kilobytes disable\n",
        ]);
        assert.deepEqual(
          findingsOf(both, "tokyo.ios", "ipsec-lifetime-mismatch"),
          [],
        );
        // The global `disable` applies to Osaka's entry, which writes no volume lifetime.
        const global = edited(globalNumber, "osaka.ios", [
          "crypto map mjlnetmap 10",
          "crypto ipsec security-association lifetime kilobytes disable\n!\ncrypto map mjlnetmap 10",
        ]);
        assert.deepEqual(
          findingsOf(global, "tokyo.ios", "ipsec-lifetime-mismatch"),
          [],
        );
        assert.equal(pairs(global)[0]!.outcome, "ESTABLISHED");
      });

      it("tells IKEv2's own rule and fixes the IPsec profile's line (tunnel interfaces)", () => {
        const vti = edited(fixture("ipv6-vti"), "branch.ios", [
          " set ikev2-profile PROF-V6\n",
          " set ikev2-profile PROF-V6\n set security-association lifetime kilobytes disable\n",
        ]);
        const [branch] = findingsOf(
          vti,
          "branch.ios",
          "ipsec-lifetime-mismatch",
        );
        assert.equal(
          branch?.message,
          "IPsec SA lifetimes differ: BRANCH 3600 s / KB disabled, HQ 3600 s / 4608000 KB. IKEv2 does not negotiate lifetimes: each side rekeys its child SAs when its own lifetime runs out, so the side with the shorter one starts the rekeys. BRANCH has no volume lifetime (kilobytes disable) and rekeys on time only, while HQ also rekeys after 4608000 KB of traffic.",
        );
        assert.equal(
          rangeText(vti, "branch.ios", branch!.range),
          "set security-association lifetime kilobytes disable",
        );
        const fix = branch!.fixes!.find((f) =>
          /BRANCH's IPsec SA lifetime/.test(f.title),
        )!;
        const fixed = applyFix(vti, "branch.ios", fix, [
          "branch.ios",
          "hq.ios",
        ]);
        assert.match(
          fixed.text("branch.ios"),
          / set ikev2-profile PROF-V6\n set security-association lifetime kilobytes 4608000\n/,
        );
        assert.deepEqual(
          findingsOf(fixed, "branch.ios", "ipsec-lifetime-mismatch"),
          [],
        );
        // Two volume lifetimes that merely differ say nothing of a disabled one.
        const numbers = edited(fixture("ipv6-vti"), "branch.ios", [
          " set ikev2-profile PROF-V6\n",
          " set ikev2-profile PROF-V6\n set security-association lifetime kilobytes 102400\n",
        ]);
        assert.equal(
          findingsOf(numbers, "branch.ios", "ipsec-lifetime-mismatch")[0]
            ?.message,
          "IPsec SA lifetimes differ: BRANCH 3600 s / 102400 KB, HQ 3600 s / 4608000 KB. IKEv2 does not negotiate lifetimes: each side rekeys its child SAs when its own lifetime runs out, so the side with the shorter one starts the rekeys.",
        );
      });
    });
  });
});
