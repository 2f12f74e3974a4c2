import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  applyFix,
  findingsOf,
  fixture,
  lineText,
  pairs,
  peerFindings,
  rangeText,
  REPO,
  workspace,
} from "../peers/support";

const SEED = [
  path.join(REPO, "examples", "tokyo.ios"),
  path.join(REPO, "examples", "osaka.ios"),
];
const NAMES = ["osaka.ios", "tokyo.ios"];

describe("peerPhase1Checks", () => {
  it("finds nothing between the chapter's working Tokyo and Osaka", () => {
    const ws = workspace(...SEED);
    assert.deepEqual(peerFindings(ws, "tokyo.ios"), []);
    assert.deepEqual(peerFindings(ws, "osaka.ios"), []);
  });

  describe("ike-policy-mismatch", () => {
    const ws = fixture("policy");

    it("points at the policy on both sides and names the hash", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "ike-policy-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(tokyo.severity, "error");
      // Tokyo leaves the hash at its default, so the policy head is where to edit; Osaka wrote it.
      assert.equal(
        rangeText(ws, "tokyo.ios", tokyo.range),
        "crypto isakmp policy 10",
      );
      assert.equal(rangeText(ws, "osaka.ios", osaka.range), "hash md5");
      assert.match(
        tokyo.message,
        /hash \((Tokyo: sha, Osaka: md5|Osaka: md5, Tokyo: sha)\)/,
      );
      assert.equal(tokyo.related?.[0]?.uri, ws.uri("osaka.ios"));
      assert.deepEqual(tokyo.related?.[0]?.range, osaka.range);
      assert.equal(osaka.related?.[0]?.uri, ws.uri("tokyo.ios"));
    });

    it("offers both fixes on both files, and each brings the tunnel up", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "ike-policy-mismatch");
      assert.deepEqual(
        tokyo!.fixes!.map((f) => f.title),
        osaka!.fixes!.map((f) => f.title),
      );
      const align = tokyo!.fixes!.find((f) => f.isPreferred)!;
      assert.match(align.title, /hash md5.*Tokyo/);
      assert.deepEqual(align.cli, ["crypto isakmp policy 10", " hash md5"]);
      // Offered on Osaka's file, the same fix edits Tokyo's file and says so.
      const fromOsaka = osaka!.fixes!.find((f) => f.isPreferred)!;
      assert.ok(fromOsaka.edits.every((e) => e.uri === ws.uri("tokyo.ios")));
      for (const fix of tokyo!.fixes!) {
        const fixed = applyFix(ws, "tokyo.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
        assert.deepEqual(
          findingsOf(fixed, "tokyo.ios", "ike-policy-mismatch"),
          [],
        );
      }
    });

    it("reports the chapter's broken pair: Tokyo proposes SHA, Osaka accepts MD5 only", () => {
      const broken = workspace(
        path.join(REPO, "examples", "broken", "tokyo.ios"),
        path.join(REPO, "examples", "broken", "osaka.ios"),
      );
      const [f] = findingsOf(broken, "osaka.ios", "ike-policy-mismatch");
      assert.ok(f);
      assert.match(f.message, /hash/);
      assert.equal(pairs(broken)[0]!.outcome, "PHASE1_FAILED");
    });
  });

  describe("ike-lifetime-mismatch", () => {
    const ws = fixture("lifetime");

    it("warns on both lifetimes and says who can initiate", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-lifetime-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "ike-lifetime-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(tokyo.severity, "warning");
      assert.equal(rangeText(ws, "osaka.ios", osaka.range), "lifetime 3600");
      assert.match(tokyo.message, /Osaka can initiate; Tokyo cannot/);
      // A lifetime alone is not reported as a policy mismatch.
      assert.deepEqual(findingsOf(ws, "tokyo.ios", "ike-policy-mismatch"), []);
      assert.equal(pairs(ws)[0]!.outcome, "ONE_WAY");
    });

    it("aligns Tokyo's lifetime with a quick fix", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-lifetime-mismatch");
      const fix = tokyo!.fixes!.find((f) => f.isPreferred)!;
      assert.deepEqual(fix.cli, ["crypto isakmp policy 10", " lifetime 3600"]);
      const fixed = applyFix(ws, "tokyo.ios", fix, NAMES);
      assert.deepEqual(
        findingsOf(fixed, "tokyo.ios", "ike-lifetime-mismatch"),
        [],
      );
      assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    });
  });

  describe("psk-mismatch", () => {
    const ws = fixture("psk");

    it("points at both keys and never prints them unless told to", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "psk-mismatch");
      const [osaka] = findingsOf(ws, "osaka.ios", "psk-mismatch");
      assert.ok(tokyo && osaka);
      assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "disco");
      assert.equal(rangeText(ws, "osaka.ios", osaka.range), "cisco");
      assert.doesNotMatch(tokyo.message, /disco|cisco/);
      assert.match(
        tokyo.message,
        /Tokyo's (pre-shared )?key for 172\.16\.6\.2/,
      );
      const [shown] = findingsOf(ws, "tokyo.ios", "psk-mismatch", {
        revealSecrets: true,
      });
      assert.match(shown!.message, /"disco"/);
      assert.match(shown!.message, /"cisco"/);
      assert.doesNotMatch(
        tokyo.fixes!.map((f) => f.title).join(" "),
        /disco|cisco/,
      );
      assert.equal(pairs(ws)[0]!.outcome, "PHASE1_KEY_MISMATCH");
    });

    it("sets either key to the other's", () => {
      const [osaka] = findingsOf(ws, "osaka.ios", "psk-mismatch");
      for (const fix of osaka!.fixes!) {
        const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED", fix.title);
      }
      const toTokyo = osaka!.fixes!.find((f) =>
        /Set Tokyo's key/.test(f.title),
      )!;
      assert.deepEqual(toTokyo.cli, [
        "crypto isakmp key cisco address 172.16.6.2",
      ]);
    });

    it("compares a type 7 key with a clear one by decoding it", () => {
      const same = fixture("psk-type7");
      assert.deepEqual(peerFindings(same, "osaka.ios"), []);
      assert.equal(pairs(same)[0]!.outcome, "ESTABLISHED");
    });

    it("says which side differs when one router shares its key with its other peers", () => {
      const hub = fixture("hub");
      assert.deepEqual(findingsOf(hub, "kyoto.ios", "psk-mismatch"), []);
      const [nagoya] = findingsOf(hub, "nagoya.ios", "psk-mismatch");
      const [onHub] = findingsOf(hub, "hub.ios", "psk-mismatch");
      assert.ok(nagoya && onHub);
      assert.equal(
        lineText(hub, "hub.ios", onHub.range.start.line),
        "crypto isakmp key cisco address 192.0.2.3",
      );
      assert.match(nagoya.message, /Nagoya's key is the one that differs/);
      const preferred = nagoya.fixes!.find((f) => f.isPreferred)!;
      assert.match(preferred.title, /Set Nagoya's key/);
    });
  });

  describe("psk-unverifiable", () => {
    it("tells on both sides that a type 6 key cannot be compared", () => {
      const ws = fixture("psk-type6");
      const [tokyo] = findingsOf(ws, "tokyo.ios", "psk-unverifiable");
      const [osaka] = findingsOf(ws, "osaka.ios", "psk-unverifiable");
      assert.ok(tokyo && osaka);
      assert.equal(tokyo.severity, "information");
      assert.match(
        osaka.message,
        /Osaka's key for 172\.16\.5\.1 is stored as type 6/,
      );
      assert.deepEqual(findingsOf(ws, "tokyo.ios", "psk-mismatch"), []);
    });

    it("names a dynamic responder's wildcard key for what it covers, not an unknown address", () => {
      const ws = fixture("psk-type6-dynamic");
      const [hub] = findingsOf(ws, "hq.ios", "psk-unverifiable");
      assert.match(
        hub!.message,
        /^BR-ISR's key for 203\.0\.113\.10 and HQ-ASR's key for any address are stored as type 6/,
      );
    });
  });

  it("negotiates several policies through keyrings, isakmp profiles and hostnames", () => {
    const ws = fixture("several");
    assert.deepEqual(peerFindings(ws, "tokyo.ios"), []);
    assert.deepEqual(peerFindings(ws, "osaka.ios"), []);
    const [pair] = pairs(ws);
    assert.equal(pair!.outcome, "ESTABLISHED");
    const tokyoFirst =
      pair!.forward!.initiator.router.name === "Tokyo"
        ? pair!.forward!
        : pair!.reverse!;
    assert.equal(tokyoFirst.phase1.offer!.priority, 20);
    assert.equal(tokyoFirst.phase1.policy!.priority, 15);
    assert.equal(tokyoFirst.keys!.initiator.lookup.keyring?.name, "OSAKA-RING");
    assert.equal(tokyoFirst.phase2.transforms.chosen!.offer.name, "MEDIUM");
    assert.equal(tokyoFirst.phase2.transforms.chosen!.own.name, "M2");
  });

  describe("missing-psk-for-peer between the spokes of a DMVPN cloud", () => {
    const names = ["hub.ios", "spoke1.ios", "spoke2.ios", "spoke3.ios"];

    it("finds nothing between the spokes of a healthy cloud", () => {
      const ws = fixture("dmvpn");
      for (const name of ["hub.ios", "spoke1.ios", "spoke2.ios"]) {
        assert.deepEqual(peerFindings(ws, name), [], name);
      }
    });

    it("reports on each spoke both its profile refusing the other spokes and its refused tunnel (IKEv2)", () => {
      const ws = fixture("dmvpn-ikev2-identity");
      const marks = (name: string) =>
        findingsOf(ws, name, "identity-rejects-peer")
          .map((f) => lineText(ws, name, f.range.start.line).trim())
          .sort();
      for (const name of ["spoke1.ios", "spoke2.ios"]) {
        // The profile that refuses the other spoke, and the tunnel the other spoke refuses.
        assert.deepEqual(
          marks(name),
          ["crypto ikev2 profile IKEV2-DMVPN", "interface Tunnel0"],
          name,
        );
      }
      const refuses = findingsOf(
        ws,
        "spoke1.ios",
        "identity-rejects-peer",
      ).find((f) =>
        lineText(ws, "spoke1.ios", f.range.start.line).startsWith("crypto"),
      );
      assert.match(
        refuses!.message,
        /^SPOKE1's IKEv2 profile IKEV2-DMVPN matches address 198\.51\.100\.1, not the identity SPOKE2 sends \(address 203\.0\.113\.12\)/,
      );
      assert.deepEqual(peerFindings(ws, "hub.ios"), []);
    });

    it("reports once, on the key line, a spoke whose only key is for the hub", () => {
      const ws = fixture("dmvpn-spokes");
      const found = findingsOf(ws, "spoke3.ios", "missing-psk-for-peer");
      assert.equal(found.length, 1);
      const [f] = found;
      assert.equal(f!.severity, "error");
      assert.equal(
        lineText(ws, "spoke3.ios", f!.range.start.line),
        "crypto isakmp key Cl0udK3y address 203.0.113.1",
      );
      assert.equal(rangeText(ws, "spoke3.ios", f!.range), "203.0.113.1");
      assert.match(
        f!.message,
        /^Spoke3 holds no pre-shared key for 2 other spokes of its DMVPN cloud \(Spoke1 at 198\.51\.100\.2, Spoke2 at 192\.0\.2\.10\)\. Its key \(`crypto isakmp key`\) covers only 203\.0\.113\.1, its hub\./,
      );
      assert.match(f!.message, /"No pre-shared key with 198\.51\.100\.2!"/);
      assert.match(f!.message, /address 0\.0\.0\.0 0\.0\.0\.0/);
      assert.doesNotMatch(f!.message, /Cl0udK3y/);
      // The spokes that hold a wildcard key are right: nothing to fix there.
      for (const name of ["hub.ios", "spoke1.ios", "spoke2.ios"]) {
        assert.deepEqual(peerFindings(ws, name), [], name);
      }
      const outcome = (x: string, y: string) =>
        pairs(ws).find(
          (p) =>
            p.pair.spokes &&
            [p.pair.a.router.name, p.pair.b!.router.name].sort().join() ===
              [x, y].sort().join(),
        )!.outcome;
      assert.equal(outcome("Spoke1", "Spoke2"), "ESTABLISHED");
      assert.equal(outcome("Spoke1", "Spoke3"), "PHASE1_KEY_MISMATCH");
    });

    it("fixes it with the cloud's key as a wildcard, or one key per spoke", () => {
      const ws = fixture("dmvpn-spokes");
      const [f] = findingsOf(ws, "spoke3.ios", "missing-psk-for-peer");
      assert.deepEqual(
        f!.fixes!.map((x) => [x.title, x.isPreferred ?? false, x.cli]),
        [
          [
            "Add a wildcard pre-shared key to Spoke3 (the cloud's key)",
            true,
            ["crypto isakmp key Cl0udK3y address 0.0.0.0 0.0.0.0"],
          ],
          [
            "Add a pre-shared key to Spoke3 for each of these spokes",
            false,
            [
              "crypto isakmp key Cl0udK3y address 198.51.100.2",
              "crypto isakmp key Cl0udK3y address 192.0.2.10",
            ],
          ],
        ],
      );
      for (const fix of f!.fixes!) {
        const fixed = applyFix(
          fixture("dmvpn-spokes"),
          "spoke3.ios",
          fix,
          names,
        );
        assert.match(
          fixed.text("spoke3.ios"),
          /crypto isakmp key Cl0udK3y address 203\.0\.113\.1\ncrypto isakmp key Cl0udK3y address /,
        );
        assert.deepEqual(
          pairs(fixed)
            .filter((p) => p.pair.spokes)
            .map((p) => p.outcome),
          ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
          fix.title,
        );
        assert.deepEqual(peerFindings(fixed, "spoke3.ios"), [], fix.title);
      }
    });

    it("adds the wildcard to the keyring that holds the hub's key", () => {
      const dmvpn = fixture("dmvpn-spokes");
      const ws = workspace(
        ...names.map((name) => ({
          name,
          text:
            name === "spoke3.ios"
              ? dmvpn
                  .text(name)
                  .replace(
                    "crypto isakmp key Cl0udK3y address 203.0.113.1",
                    "crypto keyring HUB\n pre-shared-key address 203.0.113.1 key Cl0udK3y",
                  )
              : dmvpn.text(name),
        })),
      );
      const [f] = findingsOf(ws, "spoke3.ios", "missing-psk-for-peer");
      assert.match(f!.message, /Its key \(keyring HUB\) covers only/);
      assert.deepEqual(f!.fixes![0]!.cli, [
        "crypto keyring HUB",
        " pre-shared-key address 0.0.0.0 0.0.0.0 key Cl0udK3y",
      ]);
      const fixed = applyFix(ws, "spoke3.ios", f!.fixes![0]!, names);
      assert.deepEqual(peerFindings(fixed, "spoke3.ios"), []);
    });

    it("reports a cloud of spokes that each lack the others' keys once per spoke, not once per pair", () => {
      const dmvpn = fixture("dmvpn-spokes");
      const spokes = Array.from({ length: 12 }, (_, i) => ({
        name: `s${i + 10}.ios`,
        text: dmvpn
          .text("spoke3.ios")
          .replace("hostname Spoke3", `hostname S${i + 10}`)
          .replace("172.16.0.13 ", `172.16.0.${i + 10} `)
          .replace("0.0.0.0 198.51.100.5", `0.0.0.0 198.51.100.${4 * i + 9}`)
          .replace(
            "198.51.100.6 255.255.255.252",
            `198.51.100.${4 * i + 10} 255.255.255.252`,
          ),
      }));
      const ws = workspace(
        { name: "hub.ios", text: dmvpn.text("hub.ios") },
        ...spokes,
      );
      assert.equal(pairs(ws).filter((p) => p.pair.spokes).length, 66);
      for (const { name } of spokes) {
        const found = peerFindings(ws, name);
        assert.deepEqual(
          found.map((f) => f.code),
          ["missing-psk-for-peer"],
          name,
        );
        assert.match(found[0]!.message, /for 11 other spokes .* and 8 more\)/);
      }
    });
  });

  describe("missing-psk-for-peer (a responder that answers peers it does not list)", () => {
    const dmvpn = fixture("dmvpn");
    const names = ["hub.ios", "spoke1.ios", "spoke2.ios"];
    // The hub keeps a key for Spoke1's address only: Spoke2 registers from another one.
    const ws = workspace(
      ...names.map((name) => ({
        name,
        text:
          name === "hub.ios"
            ? dmvpn
                .text(name)
                .replace("address 0.0.0.0 0.0.0.0", "address 198.51.100.2")
            : dmvpn.text(name),
      })),
    );

    it("reports, on the hub and on the spoke, the spoke whose address no key of the hub covers", () => {
      assert.deepEqual(
        findingsOf(ws, "spoke1.ios", "missing-psk-for-peer"),
        [],
      );
      const [hub] = findingsOf(ws, "hub.ios", "missing-psk-for-peer");
      const [spoke] = findingsOf(ws, "spoke2.ios", "missing-psk-for-peer");
      assert.ok(hub && spoke);
      assert.equal(rangeText(ws, "hub.ios", hub.range), "interface Tunnel0");
      assert.equal(rangeText(ws, "spoke2.ios", spoke.range), "Cl0udK3y");
      assert.match(
        hub.message,
        /Hub holds no pre-shared key for 192\.0\.2\.10 \(Spoke2\), which registers to its Tunnel0/,
      );
      assert.doesNotMatch(hub.message, /Cl0udK3y/);
      assert.equal(
        pairs(ws).find((p) => p.pair.a.router.name === "Spoke2")!.outcome,
        "PHASE1_KEY_MISMATCH",
      );
    });

    it("adds the spoke's key to the hub, as a wildcard or for its address", () => {
      const [hub] = findingsOf(ws, "hub.ios", "missing-psk-for-peer");
      assert.deepEqual(
        hub!.fixes!.map((f) => [f.title, f.isPreferred]),
        [
          ["Add a wildcard pre-shared key to Hub (Spoke2's key)", true],
          ["Add a pre-shared key for 192.0.2.10 to Hub (Spoke2's key)", false],
        ],
      );
      for (const fix of hub!.fixes!) {
        const fixed = applyFix(ws, "hub.ios", fix, names);
        // The two spokes' pairs with the hub, then the pair of the two spokes.
        assert.deepEqual(
          pairs(fixed).map((p) => p.forward!.outcome),
          ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
          fix.title,
        );
      }
    });
  });
});
