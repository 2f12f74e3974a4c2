import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  applyFix,
  BATFISH_RIG,
  edited,
  findingsOf,
  fixture,
  lineText,
  pairs,
  rangeText,
  REPO,
  workspace,
} from "../peers/support";

const NAMES = ["osaka.ios", "tokyo.ios"];

describe("peerAddressChecks", () => {
  describe("peer-address-mismatch", () => {
    const ws = fixture("peer-address");

    it("flags Tokyo's set peer and key at 172.16.4.2 and says it should be 172.16.6.2", () => {
      const tokyo = findingsOf(ws, "tokyo.ios", "peer-address-mismatch");
      assert.deepEqual(
        tokyo.map((f) => lineText(ws, "tokyo.ios", f.range.start.line)).sort(),
        [" set peer 172.16.4.2", "crypto isakmp key cisco address 172.16.4.2"],
      );
      for (const f of tokyo) {
        assert.equal(f.severity, "error");
        assert.equal(rangeText(ws, "tokyo.ios", f.range), "172.16.4.2");
        assert.match(f.message, /172\.16\.6\.2/);
        assert.equal(f.related?.[0]?.uri, ws.uri("osaka.ios"));
      }
      // Osaka's side: its own set peer, which points back at Tokyo.
      const osaka = findingsOf(ws, "osaka.ios", "peer-address-mismatch");
      assert.ok(osaka.length >= 1);
      assert.equal(rangeText(ws, "osaka.ios", osaka[0]!.range), "172.16.5.1");
      assert.equal(
        pairs(ws).find((p) => p.pair.missing === "misdirected")?.outcome,
        "MISSING_PEER",
      );
    });

    it("fixes both the peer and the key, after which the tunnel comes up", () => {
      const tokyo = findingsOf(ws, "tokyo.ios", "peer-address-mismatch");
      let fixed = ws;
      for (const line of [
        " set peer 172.16.4.2",
        "crypto isakmp key cisco address 172.16.4.2",
      ]) {
        const f = findingsOf(fixed, "tokyo.ios", "peer-address-mismatch").find(
          (x) => lineText(fixed, "tokyo.ios", x.range.start.line) === line,
        )!;
        assert.equal(f.fixes![0]!.edits[0]!.newText, "172.16.6.2");
        fixed = applyFix(fixed, "tokyo.ios", f.fixes![0]!, NAMES);
      }
      assert.equal(tokyo.length, 2);
      assert.deepEqual(
        findingsOf(fixed, "tokyo.ios", "peer-address-mismatch"),
        [],
      );
      assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    });

    it("flags the broken example's key for 172.16.5.2", () => {
      const broken = workspace(
        path.join(REPO, "examples", "broken", "tokyo.ios"),
        path.join(REPO, "examples", "broken", "osaka.ios"),
      );
      const [f] = findingsOf(broken, "tokyo.ios", "peer-address-mismatch");
      assert.equal(rangeText(broken, "tokyo.ios", f!.range), "172.16.5.2");
      assert.deepEqual(f!.fixes![0]!.cli, [
        "no crypto isakmp key cisco address 172.16.5.2",
        "crypto isakmp key cisco address 172.16.6.2",
      ]);
    });
  });

  describe("one-sided-peer", () => {
    it("warns on Tokyo's set peer and on Osaka's address that Osaka does not point back", () => {
      const ws = fixture("one-sided");
      const [tokyo] = findingsOf(ws, "tokyo.ios", "one-sided-peer");
      const [osaka] = findingsOf(ws, "osaka.ios", "one-sided-peer");
      assert.ok(tokyo && osaka);
      assert.equal(tokyo.severity, "warning");
      assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "172.16.6.2");
      assert.equal(
        rangeText(ws, "osaka.ios", osaka.range),
        "ip address 172.16.6.2 255.255.255.0",
      );
      assert.match(
        osaka.message,
        /no crypto map entry here points back at Tokyo/,
      );
      // Osaka's only entry pairs with Kyoto, and that tunnel is fine.
      assert.deepEqual(
        pairs(ws)
          .map((p) => [p.pair.a.router.name, p.pair.missing ?? "", p.outcome])
          .sort(),
        [
          ["Kyoto", "", "ESTABLISHED"],
          ["Tokyo", "one-sided", "MISSING_PEER"],
        ],
      );
    });

    it("points at a peer's shut tunnel and offers to bring it up (batfish r1/r2)", () => {
      const ws = workspace(...BATFISH_RIG);
      const r1 = "cfg_batfish_ios-crypto-ipsec_r1.cfg";
      const r2 = "cfg_batfish_ios-crypto-ipsec_r2.cfg";
      const [onR2] = findingsOf(ws, r2, "one-sided-peer");
      const [onR1] = findingsOf(ws, r1, "one-sided-peer");
      assert.ok(onR1 && onR2);
      assert.equal(rangeText(ws, r2, onR2.range), "tunnel destination 2.3.4.6");
      assert.equal(rangeText(ws, r1, onR1.range), "shutdown");
      assert.match(onR2.message, /Tunnel21 toward this router is shut down/);
      assert.deepEqual(onR2.fixes![0]!.cli, [
        "interface Tunnel21",
        " no shutdown",
      ]);
      assert.equal(onR2.fixes![0]!.edits[0]!.uri, ws.uri(r1));
    });

    it("stays quiet for a peer that answers through a dynamic map", () => {
      const ws = fixture("dynamic");
      assert.deepEqual(findingsOf(ws, "tokyo.ios", "one-sided-peer"), []);
      assert.equal(pairs(ws)[0]!.outcome, "ONE_WAY");
    });
  });
  describe("backup-path-not-accepted", () => {
    const ws = fixture("backup-path");
    const BOTH = ["branch.ios", "hq.ios"];
    /** The branch's map with one address for every path (`local-address`). */
    const oneAddress = (w: typeof ws) =>
      edited(w, "branch.ios", [
        "crypto map VPN 10 ipsec-isakmp",
        "crypto map VPN local-address GigabitEthernet0/0\ncrypto map VPN 10 ipsec-isakmp",
      ]);
    const MESSAGE =
      'Branch applies crypto map VPN to GigabitEthernet0/2 too, and reaches HQ (192.0.2.2) through it by `ip route 0.0.0.0 0.0.0.0 203.0.113.254 10` when the primary path is down: its IKE then comes from 203.0.113.1, and HQ has no pre-shared key for it ("No pre-shared key with 203.0.113.1!" ends phase 1) and no `set peer 203.0.113.1` in its crypto map VPN 10 (quick mode fails: "peer address 203.0.113.1 not found"), so the tunnel does not come back on that path. Give the map one address for every path (`crypto map VPN local-address` with an interface both paths reach), or let HQ accept 203.0.113.1 too.';

    it("warns on the backup interface's crypto map and on the hub's entry, while the primary path is up", () => {
      assert.equal(pairs(ws)[0]!.outcome, "ESTABLISHED");
      const [branch, ...more] = findingsOf(
        ws,
        "branch.ios",
        "backup-path-not-accepted",
      );
      assert.ok(branch);
      assert.deepEqual(more, []);
      assert.equal(branch.severity, "warning");
      assert.equal(rangeText(ws, "branch.ios", branch.range), "crypto map VPN");
      assert.equal(
        lineText(ws, "branch.ios", branch.range.start.line - 2),
        "interface GigabitEthernet0/2",
      );
      assert.equal(branch.message, MESSAGE);
      const [hq] = findingsOf(ws, "hq.ios", "backup-path-not-accepted");
      assert.equal(hq?.message, MESSAGE);
      assert.equal(rangeText(ws, "hq.ios", hq!.range), "198.51.100.1");
    });

    it("gives the hub a key and a set peer for the backup address; then nothing is left", () => {
      const [f] = findingsOf(ws, "hq.ios", "backup-path-not-accepted");
      const fix = f!.fixes![0]!;
      assert.equal(
        fix.title,
        "Let HQ accept Branch's backup address 203.0.113.1",
      );
      assert.deepEqual(fix.cli, [
        "crypto isakmp key K1 address 203.0.113.1",
        "crypto map VPN 10 ipsec-isakmp",
        " set peer 203.0.113.1",
      ]);
      const fixed = applyFix(ws, "hq.ios", fix, BOTH);
      assert.match(
        fixed.text("hq.ios"),
        /crypto isakmp key K1 address 203\.0\.113\.1\ncrypto isakmp key K1 address 198\.51\.100\.1\n/,
      );
      assert.match(
        fixed.text("hq.ios"),
        / set peer 198\.51\.100\.1\n set transform-set TS\n match address 101\n set peer 203\.0\.113\.1\n/,
      );
      assert.deepEqual(
        findingsOf(fixed, "branch.ios", "backup-path-not-accepted"),
        [],
      );
      assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    });

    it("names only what the hub lacks: a wildcard key leaves the set peer", () => {
      const wildcard = edited(ws, "hq.ios", [
        "crypto isakmp key K1 address 198.51.100.1",
        "crypto isakmp key K1 address 0.0.0.0 0.0.0.0",
      ]);
      const [f] = findingsOf(
        wildcard,
        "branch.ios",
        "backup-path-not-accepted",
      );
      assert.match(
        f?.message ?? "",
        /its IKE then comes from 203\.0\.113\.1, and HQ has no `set peer 203\.0\.113\.1` in its crypto map VPN 10 \(quick mode fails: "peer address 203\.0\.113\.1 not found"\), so the tunnel/,
      );
      assert.deepEqual(f!.fixes![0]!.cli, [
        "crypto map VPN 10 ipsec-isakmp",
        " set peer 203.0.113.1",
      ]);
    });

    it("adds the backup address to a keyring and to the isakmp profile the hub's entry requires", () => {
      const profiled = edited(
        ws,
        "hq.ios",
        [
          "crypto isakmp key K1 address 198.51.100.1",
          "crypto keyring KR\n pre-shared-key address 198.51.100.1 key K1\ncrypto isakmp profile PROF\n keyring KR\n match identity address 198.51.100.1 255.255.255.255",
        ],
        [
          " set transform-set TS",
          " set transform-set TS\n set isakmp-profile PROF",
        ],
      );
      assert.equal(pairs(profiled)[0]!.outcome, "ESTABLISHED");
      const [f] = findingsOf(profiled, "hq.ios", "backup-path-not-accepted");
      assert.match(
        f?.message ?? "",
        /and no `match identity address` for it in isakmp profile PROF, which its crypto map VPN 10 requires \(quick mode is refused\)/,
      );
      const fix = f!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "crypto keyring KR",
        " pre-shared-key address 203.0.113.1 key K1",
        "crypto isakmp profile PROF",
        " match identity address 203.0.113.1 255.255.255.255",
        "crypto map VPN 10 ipsec-isakmp",
        " set peer 203.0.113.1",
      ]);
      const fixed = applyFix(profiled, "hq.ios", fix, BOTH);
      assert.match(
        fixed.text("hq.ios"),
        /crypto keyring KR\n pre-shared-key address 203\.0\.113\.1 key K1\n pre-shared-key address 198\.51\.100\.1 key K1\ncrypto isakmp profile PROF\n keyring KR\n match identity address 198\.51\.100\.1 255\.255\.255\.255\n match identity address 203\.0\.113\.1 255\.255\.255\.255\n/,
      );
      assert.deepEqual(
        findingsOf(fixed, "hq.ios", "backup-path-not-accepted"),
        [],
      );
      assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    });

    it("says nothing when one address serves both paths, the hub knows both, or no route uses the backup", () => {
      const quiet = (w: typeof ws) =>
        findingsOf(w, "branch.ios", "backup-path-not-accepted");
      // local-address: IKE comes from one address whatever the path (the pair then needs it too).
      assert.deepEqual(quiet(oneAddress(ws)), []);
      assert.deepEqual(
        quiet(
          edited(
            ws,
            "hq.ios",
            [
              "crypto isakmp key K1 address 198.51.100.1",
              "crypto isakmp key K1 address 198.51.100.1\ncrypto isakmp key K1 address 203.0.113.1",
            ],
            [
              " set peer 198.51.100.1",
              " set peer 198.51.100.1\n set peer 203.0.113.1",
            ],
          ),
        ),
        [],
      );
      assert.deepEqual(
        quiet(
          edited(ws, "branch.ios", [
            "ip route 0.0.0.0 0.0.0.0 203.0.113.254 10\n",
            "",
          ]),
        ),
        [],
      );
    });

    describe("behind NAT", () => {
      // The branch of the NAT fixtures, behind the ISP router that translates its primary
      // address, given a second link with the crypto map and a floating default over it.
      const withBackup = (address: string, gateway: string) =>
        edited(
          workspace(
            path.join(REPO, "test/fixtures/peers/nat/branch.ios"),
            path.join(REPO, "test/fixtures/peers/nat/hq.ios"),
            path.join(REPO, "test/fixtures/peers/nat-device/edge.ios"),
          ),
          "branch.ios",
          [
            "interface GigabitEthernet0/1\n",
            `interface GigabitEthernet0/2\n ip address ${address} 255.255.255.0\n crypto map VPN\n!\ninterface GigabitEthernet0/1\n`,
          ],
          [
            "ip route 0.0.0.0 0.0.0.0 192.168.50.1\n",
            `ip route 0.0.0.0 0.0.0.0 192.168.50.1\nip route 0.0.0.0 0.0.0.0 ${gateway} 10\n`,
          ],
        );

      it("judges a public backup link: the hub keys only the NAT device's address", () => {
        const [f] = findingsOf(
          withBackup("203.0.113.77", "203.0.113.254"),
          "hq.ios",
          "backup-path-not-accepted",
        );
        assert.match(
          f?.message ?? "",
          /its IKE then comes from 203\.0\.113\.77, and HQ has no pre-shared key for it/,
        );
      });

      it("leaves a private backup link unjudged: another NAT device decides the address HQ sees", () => {
        const ws = withBackup("192.168.77.2", "192.168.77.1");
        assert.deepEqual(
          pairs(ws).map((p) => p.outcome),
          ["ESTABLISHED"],
        );
        for (const name of ["branch.ios", "hq.ios"]) {
          assert.deepEqual(
            findingsOf(ws, name, "backup-path-not-accepted"),
            [],
          );
        }
      });
    });

    describe("over IKEv2", () => {
      const v2 = fixture("ikev2/backup-path");
      const MESSAGE_V2 =
        'Branch applies crypto map VPN to GigabitEthernet0/2 too, and reaches HQ (192.0.2.2) through it by `ip route 0.0.0.0 0.0.0.0 203.0.113.254 10` when the primary path is down: its IKE then comes from 203.0.113.1, and HQ has no `match identity remote address` for it in IKEv2 profile PROF, which its crypto map VPN 10 requires (IKE_AUTH finds no profile: "Failed to locate an item in the database", then AUTHENTICATION_FAILED), no pre-shared key for it (no peer of its IKEv2 keyring KR covers it: IKE_AUTH fails with AUTHENTICATION_FAILED) and no `set peer 203.0.113.1` in its crypto map VPN 10 (the IPsec SAs are refused: "peer address 203.0.113.1 not found"), so the tunnel does not come back on that path. Give the map one address for every path (`crypto map VPN local-address` with an interface both paths reach), or let HQ accept 203.0.113.1 too.';
      /** The hub's entry lists the branch's backup address too. */
      const SECOND_PEER: [string, string] = [
        " set peer 198.51.100.1",
        " set peer 198.51.100.1\n set peer 203.0.113.1",
      ];
      const findings = (w: typeof v2, name = "branch.ios") =>
        findingsOf(w, name, "backup-path-not-accepted");

      it("warns on the backup interface's crypto map and on the hub's entry: profile, keyring and set peer", () => {
        assert.equal(pairs(v2)[0]!.outcome, "ESTABLISHED");
        const [branch, ...more] = findings(v2);
        assert.ok(branch);
        assert.deepEqual(more, []);
        assert.equal(branch.severity, "warning");
        assert.equal(
          rangeText(v2, "branch.ios", branch.range),
          "crypto map VPN",
        );
        assert.equal(
          lineText(v2, "branch.ios", branch.range.start.line - 2),
          "interface GigabitEthernet0/2",
        );
        assert.equal(branch.message, MESSAGE_V2);
        const [hq] = findings(v2, "hq.ios");
        assert.equal(hq?.message, MESSAGE_V2);
        assert.equal(rangeText(v2, "hq.ios", hq!.range), "198.51.100.1");
        assert.equal(
          lineText(v2, "hq.ios", hq!.range.start.line),
          " set peer 198.51.100.1",
        );
      });

      it("gives the hub a keyring peer with the primary's key, a profile match and a set peer; then nothing is left", () => {
        const [f] = findings(v2, "hq.ios");
        const fix = f!.fixes![0]!;
        assert.equal(
          fix.title,
          "Let HQ accept Branch's backup address 203.0.113.1",
        );
        assert.deepEqual(fix.cli, [
          "crypto ikev2 keyring KR",
          " peer BRANCH-backup",
          "  address 203.0.113.1",
          "  pre-shared-key K1",
          "crypto ikev2 profile PROF",
          " match identity remote address 203.0.113.1 255.255.255.255",
          "crypto map VPN 10 ipsec-isakmp",
          " set peer 203.0.113.1",
        ]);
        const fixed = applyFix(v2, "hq.ios", fix, BOTH);
        assert.match(
          fixed.text("hq.ios"),
          /crypto ikev2 keyring KR\n peer BRANCH\n  address 198\.51\.100\.1\n  pre-shared-key K1\n peer BRANCH-backup\n  address 203\.0\.113\.1\n  pre-shared-key K1\ncrypto ikev2 profile PROF\n match identity remote address 198\.51\.100\.1 255\.255\.255\.255\n match identity remote address 203\.0\.113\.1 255\.255\.255\.255\n authentication local pre-share\n/,
        );
        assert.match(
          fixed.text("hq.ios"),
          / set peer 198\.51\.100\.1\n set transform-set TS\n set ikev2-profile PROF\n match address 101\n set peer 203\.0\.113\.1\n/,
        );
        assert.deepEqual(findings(fixed), []);
        assert.deepEqual(findings(fixed, "hq.ios"), []);
        assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
      });

      it("copies asymmetric keys as the hub writes them, and names a free keyring peer", () => {
        const asymmetric = edited(
          edited(v2, "branch.ios", [
            "  pre-shared-key K1",
            "  pre-shared-key local B2H\n  pre-shared-key remote H2B",
          ]),
          "hq.ios",
          [
            "  pre-shared-key K1",
            "  pre-shared-key local H2B\n  pre-shared-key remote 7 02245673\n peer BRANCH-backup\n  address 192.0.2.99\n  pre-shared-key K9",
          ],
        );
        assert.equal(pairs(asymmetric)[0]!.outcome, "ESTABLISHED");
        const [f] = findings(asymmetric, "hq.ios");
        const fix = f!.fixes![0]!;
        assert.deepEqual(fix.cli!.slice(0, 5), [
          "crypto ikev2 keyring KR",
          " peer BRANCH-backup-2",
          "  address 203.0.113.1",
          "  pre-shared-key local H2B",
          "  pre-shared-key remote 7 02245673",
        ]);
        // The message names no key, masked or not.
        assert.doesNotMatch(f!.message, /H2B|B2H|02245673/);
        const fixed = applyFix(asymmetric, "hq.ios", fix, BOTH);
        assert.match(
          fixed.text("hq.ios"),
          / peer BRANCH\n  address 198\.51\.100\.1\n  pre-shared-key local H2B\n  pre-shared-key remote 7 02245673\n peer BRANCH-backup-2\n  address 203\.0\.113\.1\n  pre-shared-key local H2B\n  pre-shared-key remote 7 02245673\n peer BRANCH-backup\n/,
        );
        assert.deepEqual(findings(fixed), []);
      });

      it("names only what the hub lacks: a keyring peer for every address leaves the profile and the set peer", () => {
        const wildcard = edited(v2, "hq.ios", [
          "  address 198.51.100.1",
          "  address 0.0.0.0 0.0.0.0",
        ]);
        const [f] = findings(wildcard);
        assert.match(
          f?.message ?? "",
          /its IKE then comes from 203\.0\.113\.1, and HQ has no `match identity remote address` for it in IKEv2 profile PROF, which its crypto map VPN 10 requires \(IKE_AUTH finds no profile: "Failed to locate an item in the database", then AUTHENTICATION_FAILED\) and no `set peer 203\.0\.113\.1` in its crypto map VPN 10 \(the IPsec SAs are refused: "peer address 203\.0\.113\.1 not found"\), so the tunnel/,
        );
        assert.deepEqual(f!.fixes![0]!.cli, [
          "crypto ikev2 profile PROF",
          " match identity remote address 203.0.113.1 255.255.255.255",
          "crypto map VPN 10 ipsec-isakmp",
          " set peer 203.0.113.1",
        ]);
      });

      it("says which profile IKE_AUTH selects instead when another one takes the backup address", () => {
        const other = edited(v2, "hq.ios", [
          "crypto ipsec transform-set TS",
          "crypto ikev2 profile ISP2\n match identity remote address 203.0.113.0 255.255.255.0\n authentication local pre-share\n authentication remote pre-share\n keyring local KR\ncrypto ipsec transform-set TS",
        ]);
        const [f] = findings(other);
        assert.match(
          f?.message ?? "",
          /no `match identity remote address` for it in IKEv2 profile PROF, which its crypto map VPN 10 requires \(IKE_AUTH selects IKEv2 profile ISP2 instead, and the IPsec SAs are refused\)/,
        );
        // The line still goes to the profile the entry requires.
        assert.deepEqual(f!.fixes![0]!.cli!.slice(4, 6), [
          "crypto ikev2 profile PROF",
          " match identity remote address 203.0.113.1 255.255.255.255",
        ]);
      });

      it("says nothing when the hub accepts the backup address, the branch's identity is not its address, or one address serves both paths", () => {
        // Written by hand as an engineer would: a subnet match, a second keyring peer, two peers.
        const accepted = edited(
          v2,
          "hq.ios",
          [
            "  pre-shared-key K1",
            "  pre-shared-key K1\n peer BRANCH-ISP2\n  address 203.0.113.1\n  pre-shared-key K1",
          ],
          [
            " match identity remote address 198.51.100.1 255.255.255.255",
            " match identity remote address 198.51.100.1 255.255.255.255\n match identity remote address 203.0.113.0 255.255.255.0",
          ],
          SECOND_PEER,
        );
        assert.equal(pairs(accepted)[0]!.outcome, "ESTABLISHED");
        assert.deepEqual(findings(accepted), []);
        assert.deepEqual(findings(accepted, "hq.ios"), []);
        // An FQDN identity is the same on every path: the hub selects its profile by it, and finds
        // its keyring peer by it when the address does not; only the set peer is about the address.
        const fqdn = edited(
          edited(v2, "branch.ios", [
            " authentication local pre-share",
            " identity local fqdn branch.example.com\n authentication local pre-share",
          ]),
          "hq.ios",
          [
            "  address 198.51.100.1",
            "  address 198.51.100.1\n  identity fqdn branch.example.com",
          ],
          [
            " match identity remote address 198.51.100.1 255.255.255.255",
            " match identity remote fqdn branch.example.com",
          ],
          SECOND_PEER,
        );
        assert.equal(pairs(fqdn)[0]!.outcome, "ESTABLISHED");
        assert.deepEqual(findings(fqdn), []);
        assert.deepEqual(findings(oneAddress(v2)), []);
      });

      it("judges a hub that answers through a dynamic map by its profile and keyring alone", () => {
        const dynamic = edited(v2, "hq.ios", [
          "crypto map VPN 10 ipsec-isakmp\n set peer 198.51.100.1\n set transform-set TS\n set ikev2-profile PROF\n match address 101",
          "crypto dynamic-map DYN 10\n set transform-set TS\n set ikev2-profile PROF\n match address 101\ncrypto map VPN 10 ipsec-isakmp dynamic DYN",
        ]);
        const [f] = findings(dynamic, "hq.ios");
        assert.equal(
          rangeText(dynamic, "hq.ios", f!.range),
          "crypto dynamic-map DYN 10",
        );
        assert.match(
          f!.message,
          /which its crypto dynamic-map DYN 10 requires \(IKE_AUTH finds no profile: "Failed to locate an item in the database", then AUTHENTICATION_FAILED\) and no pre-shared key for it \(no peer of its IKEv2 keyring KR covers it: IKE_AUTH fails with AUTHENTICATION_FAILED\), so the tunnel/,
        );
        const fixed = applyFix(dynamic, "hq.ios", f!.fixes![0]!, BOTH);
        assert.deepEqual(findings(fixed), []);
      });

      describe("with certificates (rsa-sig)", () => {
        const pki = fixture("ikev2/backup-path-rsa-sig");

        it("needs no key for the backup address: the hub's keyring serves only the primary one, and nothing is said", () => {
          assert.equal(pairs(pki)[0]!.outcome, "ESTABLISHED");
          assert.deepEqual(findings(pki), []);
          assert.deepEqual(findings(pki, "hq.ios"), []);
          // The same keyring with pre-shared keys both ways lacks the backup address.
          const psk = edited(
            edited(
              pki,
              "branch.ios",
              [
                " authentication local rsa-sig",
                " authentication local pre-share",
              ],
              [
                " authentication remote rsa-sig",
                " authentication remote pre-share\n keyring local KR",
              ],
              [
                "crypto ikev2 profile PROF",
                "crypto ikev2 keyring KR\n peer HQ\n  address 192.0.2.2\n  pre-shared-key K1\ncrypto ikev2 profile PROF",
              ],
            ),
            "hq.ios",
            [
              " authentication local rsa-sig",
              " authentication local pre-share",
            ],
            [
              " authentication remote rsa-sig",
              " authentication remote pre-share",
            ],
          );
          assert.equal(pairs(psk)[0]!.outcome, "ESTABLISHED");
          assert.match(
            findings(psk)[0]?.message ?? "",
            /and HQ has no pre-shared key for it \(no peer of its IKEv2 keyring KR covers it/,
          );
        });

        it("still judges the profile: a match for the primary address only leaves the backup without one", () => {
          const primaryOnly = edited(pki, "hq.ios", [
            " match identity remote address 203.0.113.1 255.255.255.255\n",
            "",
          ]);
          const [f] = findings(primaryOnly);
          assert.match(
            f?.message ?? "",
            /and HQ has no `match identity remote address` for it in IKEv2 profile PROF, which its crypto map VPN 10 requires \(IKE_AUTH finds no profile: "Failed to locate an item in the database", then AUTHENTICATION_FAILED\), so the tunnel/,
          );
          const fix = f!.fixes![0]!;
          assert.deepEqual(fix.cli, [
            "crypto ikev2 profile PROF",
            " match identity remote address 203.0.113.1 255.255.255.255",
          ]);
          assert.deepEqual(
            findings(applyFix(primaryOnly, "hq.ios", fix, BOTH)),
            [],
          );
        });
      });
    });
  });
});
