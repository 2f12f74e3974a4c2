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
  describe("nhrp-shortcut-mismatch (DMVPN phase 3)", () => {
    const names = ["hub.ios", "spoke1.ios", "spoke2.ios"];

    it("finds nothing in a phase 3 cloud whose spokes all have ip nhrp shortcut, nor in a phase 2 one", () => {
      for (const folder of ["dmvpn-spokes", "dmvpn"]) {
        const cloud = fixture(folder);
        for (const name of names) {
          assert.deepEqual(
            findingsOf(cloud, name, "nhrp-shortcut-mismatch"),
            [],
            `${folder}/${name}`,
          );
        }
      }
    });

    it("warns on the spoke without ip nhrp shortcut and on the hub's redirect, and adds the shortcut", () => {
      const p3 = fixture("dmvpn-phase3");
      assert.deepEqual(
        findingsOf(p3, "spoke1.ios", "nhrp-shortcut-mismatch"),
        [],
      );
      const [spoke] = findingsOf(p3, "spoke2.ios", "nhrp-shortcut-mismatch");
      const [hub] = findingsOf(p3, "hub.ios", "nhrp-shortcut-mismatch");
      assert.ok(spoke && hub);
      assert.equal(spoke.severity, "warning");
      assert.equal(hub.severity, "warning");
      assert.equal(rangeText(p3, "hub.ios", hub.range), "ip nhrp redirect");
      assert.match(
        rangeText(p3, "spoke2.ios", spoke.range),
        /^ip nhrp nhs 172\.16\.0\.1/,
      );
      assert.match(
        spoke.message,
        /^Spoke2's Tunnel0 has no `ip nhrp shortcut`, while its hub Hub sends NHRP redirects \(DMVPN phase 3\): .*keeps crossing the hub\. Verify: `show ip nhrp shortcut`/,
      );
      assert.match(hub.message, /its spoke Spoke2 has no `ip nhrp shortcut`/);
      assert.deepEqual(hub.fixes, []);
      assert.deepEqual(
        spoke.fixes!.map((f) => [f.title, f.cli]),
        [
          [
            "Add ip nhrp shortcut to Spoke2's Tunnel0",
            ["interface Tunnel0", " ip nhrp shortcut"],
          ],
        ],
      );
      const fixed = applyFix(p3, "spoke2.ios", spoke.fixes![0]!, names);
      assert.match(
        fixed.text("spoke2.ios"),
        /tunnel protection ipsec profile DMVPN\n ip nhrp shortcut\n/,
      );
      for (const name of names) {
        assert.deepEqual(
          findingsOf(fixed, name, "nhrp-shortcut-mismatch"),
          [],
          name,
        );
      }
    });

    it("turns a spoke's no ip nhrp shortcut back on in place", () => {
      const p3 = fixture("dmvpn-phase3");
      const ws = workspace(
        ...names.map((name) => ({
          name,
          text:
            name === "spoke2.ios"
              ? p3
                  .text(name)
                  .replace(
                    " tunnel key 100\n",
                    " tunnel key 100\n no ip nhrp shortcut\n",
                  )
              : p3.text(name),
        })),
      );
      const [spoke] = findingsOf(ws, "spoke2.ios", "nhrp-shortcut-mismatch");
      assert.equal(
        rangeText(ws, "spoke2.ios", spoke!.range),
        "no ip nhrp shortcut",
      );
      assert.match(spoke!.message, /turns `ip nhrp shortcut` off/);
      const fixed = applyFix(ws, "spoke2.ios", spoke!.fixes![0]!, names);
      assert.doesNotMatch(fixed.text("spoke2.ios"), /no ip nhrp shortcut/);
      assert.deepEqual(
        findingsOf(fixed, "spoke2.ios", "nhrp-shortcut-mismatch"),
        [],
      );
    });

    it("warns once per file when the spokes have ip nhrp shortcut and the hub no redirect, and adds it to the hub", () => {
      const p3 = fixture("dmvpn-spokes");
      const all = ["hub.ios", "spoke1.ios", "spoke2.ios", "spoke3.ios"];
      const ws = workspace(
        ...all.map((name) => ({
          name,
          text:
            name === "hub.ios"
              ? p3.text(name).replace(" ip nhrp redirect\n", "")
              : p3.text(name),
        })),
      );
      const [hub, more] = findingsOf(ws, "hub.ios", "nhrp-shortcut-mismatch");
      assert.ok(hub && !more);
      assert.equal(
        rangeText(ws, "hub.ios", hub.range),
        "ip nhrp network-id 10",
      );
      assert.match(
        hub.message,
        /^Hub's Tunnel0 has no `ip nhrp redirect`, but 3 of its spokes Spoke1, Spoke2, Spoke3 have `ip nhrp shortcut`/,
      );
      assert.equal(hub.related?.length, 3);
      for (const name of ["spoke1.ios", "spoke2.ios", "spoke3.ios"]) {
        const found = findingsOf(ws, name, "nhrp-shortcut-mismatch");
        assert.equal(found.length, 1, name);
        assert.equal(
          rangeText(ws, name, found[0]!.range).startsWith("ip nhrp"),
          true,
        );
        assert.match(found[0]!.message, /its hub Hub sends no NHRP redirects/);
        // The fix is the hub's, offered on each spoke too.
        assert.deepEqual(found[0]!.fixes![0]!.cli, [
          "interface Tunnel0",
          " ip nhrp redirect",
        ]);
      }
      const fixed = applyFix(ws, "hub.ios", hub.fixes![0]!, all);
      assert.deepEqual(
        findingsOf(fixed, "hub.ios", "nhrp-shortcut-mismatch"),
        [],
      );
      // A warning: traffic still flows, so the pairs' outcomes do not change.
      assert.deepEqual(
        pairs(ws).map((p) => p.outcome),
        pairs(fixed).map((p) => p.outcome),
      );
    });
  });
});
