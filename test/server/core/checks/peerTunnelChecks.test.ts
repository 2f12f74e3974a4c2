import * as assert from "node:assert/strict";
import {
  applyFix,
  findingsOf,
  fixture,
  pairs,
  rangeText,
  workspace,
} from "../peers/support";

const NAMES = [
  "auth-spoke.ios",
  "hub.ios",
  "key-spoke.ios",
  "lone-spoke.ios",
  "nhs-spoke.ios",
];

/** The outcome of the pair the named spoke starts. */
function outcomeOf(ws: ReturnType<typeof fixture>, spoke: string) {
  const p = pairs(ws).find((x) => x.pair.a.router.name === spoke);
  return p && `${p.outcome} ${p.forward?.outcome}`;
}

describe("peerTunnelChecks", () => {
  const ws = fixture("dmvpn-broken");

  describe("tunnel-key-mismatch", () => {
    it("points at both tunnel key lines", () => {
      const [spoke] = findingsOf(ws, "key-spoke.ios", "tunnel-key-mismatch");
      const [hub] = findingsOf(ws, "hub.ios", "tunnel-key-mismatch");
      assert.ok(spoke && hub);
      assert.equal(
        rangeText(ws, "key-spoke.ios", spoke.range),
        "tunnel key 200",
      );
      assert.equal(rangeText(ws, "hub.ios", hub.range), "tunnel key 100");
      assert.match(spoke.message, /drops the GRE packets/);
      assert.equal(spoke.related?.[0]?.uri, ws.uri("hub.ios"));
    });

    it("changes the spoke, not the hub, and the spoke's tunnel then works", () => {
      const [f] = findingsOf(ws, "key-spoke.ios", "tunnel-key-mismatch");
      assert.deepEqual(
        f!.fixes!.map((x) => [x.title, x.isPreferred ?? false]),
        [["Set KeySpoke's Tunnel0 to tunnel key 100", true]],
      );
      const fixed = applyFix(ws, "key-spoke.ios", f!.fixes![0]!, NAMES);
      assert.equal(outcomeOf(fixed, "KeySpoke"), "ONE_WAY ESTABLISHED");
      assert.deepEqual(
        findingsOf(fixed, "key-spoke.ios", "tunnel-key-mismatch"),
        [],
      );
    });

    it("compares a point-to-point GRE spoke with the mGRE hub, key or none", () => {
      const p2p = ws
        .text("key-spoke.ios")
        .replace(
          " tunnel mode gre multipoint\n",
          " tunnel destination 203.0.113.1\n",
        )
        .replace(" tunnel key 200\n", "");
      const edited = workspace(
        ...NAMES.map((name) => ({
          name,
          text: name === "key-spoke.ios" ? p2p : ws.text(name),
        })),
      );
      const [f] = findingsOf(edited, "key-spoke.ios", "tunnel-key-mismatch");
      assert.ok(f);
      assert.match(
        f.message,
        /has no `tunnel key`, Hub's Tunnel0 `tunnel key 100`/,
      );
      // GRE and mGRE speak the same encapsulation: no mode mismatch.
      assert.deepEqual(
        findingsOf(edited, "key-spoke.ios", "tunnel-mode-mismatch"),
        [],
      );
    });
  });

  describe("nhrp-mismatch", () => {
    it("reports different authentication strings without showing either", () => {
      const [spoke] = findingsOf(ws, "auth-spoke.ios", "nhrp-mismatch");
      assert.ok(spoke);
      assert.equal(
        rangeText(ws, "auth-spoke.ios", spoke.range),
        "ip nhrp authentication NHRPold",
      );
      assert.match(spoke.message, /the two NHRP authentication strings differ/);
      assert.doesNotMatch(spoke.message, /NHRPold|NHRPauth/);
      assert.doesNotMatch(spoke.fixes![0]!.title, /NHRPold|NHRPauth/);
    });

    it("copies the hub's string to the spoke", () => {
      const [f] = findingsOf(ws, "auth-spoke.ios", "nhrp-mismatch");
      const fixed = applyFix(ws, "auth-spoke.ios", f!.fixes![0]!, NAMES);
      assert.match(
        fixed.text("auth-spoke.ios"),
        /^ ip nhrp authentication NHRPauth$/m,
      );
      assert.equal(outcomeOf(fixed, "AuthSpoke"), "ONE_WAY ESTABLISHED");
    });

    it("reports a spoke registering to an address the hub's tunnel does not have, and retargets it", () => {
      const [spoke] = findingsOf(ws, "nhs-spoke.ios", "nhrp-mismatch");
      assert.ok(spoke);
      assert.equal(
        rangeText(ws, "nhs-spoke.ios", spoke.range),
        "ip nhrp nhs 172.16.0.254 nbma 203.0.113.1 multicast",
      );
      const hubSide = findingsOf(ws, "hub.ios", "nhrp-mismatch").find((f) =>
        /NhsSpoke/.test(f.message),
      );
      assert.equal(
        rangeText(ws, "hub.ios", hubSide!.range),
        "ip address 172.16.0.1 255.255.255.0",
      );
      const fix = spoke.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "interface Tunnel0",
        " no ip nhrp nhs 172.16.0.254 nbma 203.0.113.1 multicast",
        " ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast",
      ]);
      const fixed = applyFix(ws, "nhs-spoke.ios", fix, NAMES);
      assert.equal(outcomeOf(fixed, "NhsSpoke"), "ONE_WAY ESTABLISHED");
    });
  });

  describe("tunnel-mode-mismatch", () => {
    it("reports a VTI toward a GRE peer, on both mode lines, and either fix cures it", () => {
      const vti = fixture("vti");
      // Osaka back to the default mode (GRE), Tokyo still a VTI.
      const gre = workspace(
        {
          name: "osaka.ios",
          text: vti
            .text("osaka.ios")
            .replace(/^ tunnel mode ipsec ipv4\n/m, ""),
        },
        { name: "tokyo.ios", text: vti.text("tokyo.ios") },
      );
      const [osaka] = findingsOf(gre, "osaka.ios", "tunnel-mode-mismatch");
      const [tokyo] = findingsOf(gre, "tokyo.ios", "tunnel-mode-mismatch");
      assert.ok(osaka && tokyo);
      assert.equal(
        rangeText(gre, "tokyo.ios", tokyo.range),
        "tunnel mode ipsec ipv4",
      );
      assert.match(osaka.message, /`tunnel mode gre ip`/);
      assert.equal(osaka.fixes!.length, 2);
      for (const fix of osaka.fixes!) {
        const fixed = applyFix(gre, "osaka.ios", fix, [
          "osaka.ios",
          "tokyo.ios",
        ]);
        assert.deepEqual(
          [
            ...findingsOf(fixed, "osaka.ios", "tunnel-mode-mismatch"),
            ...findingsOf(fixed, "tokyo.ios", "tunnel-mode-mismatch"),
          ],
          [],
          fix.title,
        );
      }
    });
  });
});
