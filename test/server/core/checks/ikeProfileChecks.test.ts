import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import { fixture as peersFixture } from "../peers/support";

describe("checks/ikeProfileChecks", () => {
  describe("ike-profile-mismatch", () => {
    const text = fixture("ike-profiles.ios");
    const found = findingsOf(analyse(text), "ike-profile-mismatch");

    it("flags the profiles a responder cannot select, and only those", () => {
      assert.deepEqual(
        found.map((f) => [textAt(text, f.range), f.severity ?? "warning"]),
        [
          ["match identity address 198.51.100.2 255.255.255.255", "warning"],
          ["match identity address 198.51.100.44 INET", "warning"],
          ["P-EMPTY", "error"],
          ["match identity address 10.9.9.9 INET", "information"],
          ["V2-NOFVRF", "error"],
          ["V2-EMPTY", "error"],
          ["match fvrf INET", "error"],
        ],
      );
    });

    it("says in which table each side looks, and what the peer then sees", () => {
      assert.match(
        found[0]!.message,
        /^isakmp profile P-GLOBAL matches 198\.51\.100\.2 in the global table, but crypto map CM 10 reaches it in VRF INET: .*peer matches \*none\* of the profiles.*Write `match identity address 198\.51\.100\.2 255\.255\.255\.255 INET`\.$/,
      );
      assert.match(
        found[1]!.message,
        /^isakmp profile P-OTHER does not match crypto map CM 30's peer 198\.51\.100\.4: .*Add `match identity address 198\.51\.100\.4 255\.255\.255\.255 INET`/,
      );
      // A private match for a public peer may be the peer's own address behind NAT.
      assert.match(
        found[3]!.message,
        /^isakmp profile P-NAT does not match crypto map CM 60's peer 198\.51\.100\.7, only 10\.9\.9\.9\. Right if 198\.51\.100\.7 is a NAT device in front of the peer and 10\.9\.9\.9 its own address: .*Otherwise, when 198\.51\.100\.7 starts IKE/,
      );
      assert.match(
        found[2]!.message,
        /^isakmp profile P-EMPTY, which crypto map CM 40 uses, is incomplete/,
      );
      assert.match(
        found[4]!.message,
        /^IKEv2 profile V2-NOFVRF has no `match fvrf`, so it serves only the global table, but Tunnel1 reaches 198\.51\.100\.10 in VRF INET/,
      );
      assert.match(
        found[6]!.message,
        /^IKEv2 profile V2-INET matches front-door VRF INET, but Tunnel4 reaches 192\.0\.2\.9 in the global table.*Remove `match fvrf INET`/,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => [textAt(text, r.range), r.message]),
        [["198.51.100.2", "crypto map CM 10's peer, in VRF INET"]],
      );
    });

    it("fixes each profile, and the finding is gone", () => {
      const results = assertFixesCure(text, "ike-profile-mismatch");
      assert.deepEqual(
        results.map((r) => [r.fix.title, r.fix.cli]),
        [
          [
            "Match 198.51.100.2 in VRF INET",
            [
              "crypto isakmp profile P-GLOBAL",
              " no match identity address 198.51.100.2 255.255.255.255",
              " match identity address 198.51.100.2 255.255.255.255 INET",
            ],
          ],
          [
            "Add match identity address 198.51.100.4 255.255.255.255 INET to P-OTHER",
            [
              "crypto isakmp profile P-OTHER",
              " match identity address 198.51.100.4 255.255.255.255 INET",
            ],
          ],
          [
            "Add match identity address 198.51.100.5 255.255.255.255 INET to P-EMPTY",
            [
              "crypto isakmp profile P-EMPTY",
              " match identity address 198.51.100.5 255.255.255.255 INET",
            ],
          ],
          [
            "Add match identity address 198.51.100.7 255.255.255.255 INET to P-NAT",
            [
              "crypto isakmp profile P-NAT",
              " match identity address 198.51.100.7 255.255.255.255 INET",
            ],
          ],
          [
            "Add match fvrf INET to V2-NOFVRF",
            ["crypto ikev2 profile V2-NOFVRF", " match fvrf INET"],
          ],
          [
            "Add match identity remote address 198.51.100.12 255.255.255.255 to V2-EMPTY",
            [
              "crypto ikev2 profile V2-EMPTY",
              " match identity remote address 198.51.100.12 255.255.255.255",
            ],
          ],
          [
            "Remove match fvrf INET from V2-INET",
            ["crypto ikev2 profile V2-INET", " no match fvrf INET"],
          ],
        ],
      );
      assert.match(
        results[2]!.after,
        /crypto isakmp profile P-EMPTY\n keyring KR\n match identity address 198\.51\.100\.5 255\.255\.255\.255 INET\n!/,
      );
    });

    it("leaves a profile that also matches by certificate map alone: the peer's certificate may select it", () => {
      const byCertificate = text.replace(
        " match identity address 198.51.100.44 INET\n",
        " match identity address 198.51.100.44 INET\n match certificate CERTMAP\n",
      );
      assert.ok(byCertificate !== text);
      assert.ok(
        !findingsOf(analyse(byCertificate), "ike-profile-mismatch").some(
          (f) =>
            textAt(byCertificate, f.range) ===
            "match identity address 198.51.100.44 INET",
        ),
      );
    });

    it("reads 0.0.0.0 without a mask as every address, as IOS does", () => {
      const any = text.replace(
        "match identity address 198.51.100.44 INET",
        "match identity address 0.0.0.0 INET",
      );
      assert.deepEqual(
        findingsOf(analyse(any), "ike-profile-mismatch").map((f) =>
          textAt(any, f.range),
        ),
        [
          "match identity address 198.51.100.2 255.255.255.255",
          "P-EMPTY",
          "match identity address 10.9.9.9 INET",
          "V2-NOFVRF",
          "V2-EMPTY",
          "match fvrf INET",
        ],
      );
    });

    it("leaves a crypto map on no interface alone: its front-door VRF is unknown", () => {
      const unapplied = text.replace(
        "ip address 203.0.113.1 255.255.255.252\n crypto map CM\n",
        "ip address 203.0.113.1 255.255.255.252\n",
      );
      assert.deepEqual(
        findingsOf(analyse(unapplied), "ike-profile-mismatch").map((f) =>
          textAt(unapplied, f.range),
        ),
        ["V2-NOFVRF", "V2-EMPTY", "match fvrf INET"],
      );
    });

    it("leaves a tunnel whose tunnel vrf is wrong to tunnel-vrf-mismatch", () => {
      const wrong = text.replace(
        "tunnel destination 198.51.100.10\n tunnel vrf INET\n",
        "tunnel destination 198.51.100.10\n",
      );
      const analysed = analyse(wrong);
      assert.equal(findingsOf(analysed, "tunnel-vrf-mismatch").length, 1);
      // V2-NOFVRF is still reported, for Tunnel5 alone.
      const v2 = findingsOf(analysed, "ike-profile-mismatch").filter(
        (f) => textAt(wrong, f.range) === "V2-NOFVRF",
      );
      assert.equal(v2.length, 1);
      assert.match(v2[0]!.message, /but Tunnel5 reaches 198\.51\.100\.13/);
    });

    it("reports a profile's match fvrf once for all the tunnels that share it", () => {
      assert.match(found[4]!.message, /but Tunnel1 reaches 198\.51\.100\.10/);
      assert.equal(
        found.filter((f) => textAt(text, f.range) === "V2-NOFVRF").length,
        1,
      );
      // Two peers of entry 10's profile reached in VRF INET, one match line in the global table.
      const wide = text
        .replace(
          "match identity address 198.51.100.2 255.255.255.255\n",
          "match identity address 198.51.100.0 255.255.255.0\n",
        )
        .replace(
          " set peer 198.51.100.3\n set transform-set T\n set isakmp-profile P-OK",
          " set peer 198.51.100.3\n set transform-set T\n set isakmp-profile P-GLOBAL",
        );
      assert.equal(
        findingsOf(analyse(wide), "ike-profile-mismatch").filter((f) =>
          f.message.startsWith("isakmp profile P-GLOBAL"),
        ).length,
        1,
      );
      const twice = text.replace(
        "tunnel destination 198.51.100.10\n tunnel vrf INET\n tunnel protection ipsec profile VTI-NOFVRF",
        "tunnel destination 198.51.100.10\n tunnel vrf INET\n tunnel protection ipsec profile VTI-EMPTY",
      );
      assert.equal(
        findingsOf(analyse(twice), "ike-profile-mismatch").filter(
          (f) => textAt(twice, f.range) === "V2-EMPTY",
        ).length,
        1,
      );
    });
  });
  describe("ikev2-policy-unmatched", () => {
    const text = fixture("../peers/ikev2/policy-fvrf/tokyo.ios");

    it("flags an IKEv2 peer in a VRF that none of the config's IKEv2 policies serves", () => {
      const [f, ...rest] = findingsOf(analyse(text), "ikev2-policy-unmatched");
      assert.deepEqual(rest, []);
      assert.equal(textAt(text, f!.range), "POL-TOKYO");
      assert.equal(
        f!.message,
        "No IKEv2 policy serves crypto map mjlnetmap 10's peer 172.16.6.2: IKEv2 policy POL-TOKYO serves the global table and local address 172.16.5.1; none serves VRF INET and local address 172.16.5.1. IOS uses its built-in default policy only in a config that writes no policy, so IKE_SA_INIT with this peer has no proposal and fails. Write `match fvrf any` in IKEv2 policy POL-TOKYO.",
      );
      assert.deepEqual(
        f!.related?.map((r) => [textAt(text, r.range), r.message]),
        [
          [
            "172.16.6.2",
            "crypto map mjlnetmap 10's peer, in VRF INET from 172.16.5.1",
          ],
        ],
      );
    });

    it("fixes the policy whose address fits, and the finding is gone", () => {
      const [result] = assertFixesCure(text, "ikev2-policy-unmatched");
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 policy POL-TOKYO",
        " match fvrf any",
      ]);
      // A policy for another VRF keeps its VRF: `any` replaces its match fvrf line.
      const elsewhere = text.replace(
        "crypto ikev2 policy POL-TOKYO\n",
        "crypto ikev2 policy POL-TOKYO\n match fvrf BRANCH\n",
      );
      const [other] = assertFixesCure(elsewhere, "ikev2-policy-unmatched");
      assert.match(
        other!.after,
        /^crypto ikev2 policy POL-TOKYO\n match fvrf any\n match address local/m,
      );
      // A policy that serves the VRF from another address gets this one.
      const address = text
        .replace(
          "crypto ikev2 policy POL-TOKYO\n",
          "crypto ikev2 policy POL-TOKYO\n match fvrf INET\n",
        )
        .replace(
          "match address local 172.16.5.1",
          "match address local 172.16.5.9",
        );
      const [byAddress] = assertFixesCure(address, "ikev2-policy-unmatched");
      assert.deepEqual(byAddress!.fix.cli, [
        "crypto ikev2 policy POL-TOKYO",
        " match address local 172.16.5.1",
      ]);
    });

    it("says nothing when the config has no policy (the built-in one serves all) or one serves", () => {
      const none = text.replace(
        /crypto ikev2 policy POL-TOKYO\n(?: .*\n)*/,
        "",
      );
      assert.deepEqual(findingsOf(analyse(none), "ikev2-policy-unmatched"), []);
      const any = text.replace(
        "crypto ikev2 policy POL-TOKYO\n",
        "crypto ikev2 policy POL-TOKYO\n match fvrf any\n",
      );
      assert.deepEqual(findingsOf(analyse(any), "ikev2-policy-unmatched"), []);
      assert.deepEqual(
        findingsOf(
          analyse(fixture("ike-profiles.ios")),
          "ikev2-policy-unmatched",
        ),
        [],
      );
    });
  });

  describe("isakmp profiles over IPv6", () => {
    const r2 = peerFixture("ipv6-isakmp-profile", "r2.ios");

    it("selects the profile by its IPv6 identity match, and says when it takes another peer", () => {
      assert.deepEqual(findingsOf(analyse(r2), "ike-profile-mismatch"), []);
      const other = r2.replace(
        "match identity address ipv6 2001:DB8:0:1::1/128",
        "match identity address ipv6 2001:DB8:0:9::1/128",
      );
      const [f, ...rest] = findingsOf(analyse(other), "ike-profile-mismatch");
      assert.equal(rest.length, 0);
      assert.match(
        f!.message,
        /^isakmp profile P6 does not match Tunnel0's peer 2001:DB8:0:1::1:/,
      );
      const [cured] = assertFixesCure(other, "ike-profile-mismatch");
      assert.match(
        cured!.after,
        /^ match identity address ipv6 2001:DB8:0:1::1\/128$/m,
      );
      // A lone `::` matches every IPv6 peer.
      const any = r2.replace(
        "match identity address ipv6 2001:DB8:0:1::1/128",
        "match identity address ipv6 ::",
      );
      assert.deepEqual(findingsOf(analyse(any), "ike-profile-mismatch"), []);
    });

    it("pairs the two IKEv1 routers over IPv6, keys from their keyrings", () => {
      const ws = peersFixture("ipv6-isakmp-profile");
      const [pair] = analyseWorkspace(ws.view).pairs;
      assert.equal(pair?.outcome, "ESTABLISHED");
      assert.equal(pair?.forward?.keys?.comparison, "same");
    });
  });
});

describe("checks/ikeProfileChecks: tunnel-ivrf-in-profile", () => {
  const text = fixture("tunnel-ivrf-in-profile.ios");
  /** The fixture with the profile's VRF an inside one of its own (CUST), not the front door's. */
  const inside = text
    .replace(" vrf INET\n keyring", " vrf CUST\n keyring")
    .replace(
      "vrf definition INET\n",
      "vrf definition CUST\n!\nvrf definition INET\n",
    );

  it("flags the front-door VRF written as the profile's inside VRF, and removes it", () => {
    const [f] = findingsOf(analyse(text), "tunnel-ivrf-in-profile");
    assert.ok(f);
    assert.equal(f.severity, "warning");
    assert.equal(textAt(text, f.range), "vrf INET");
    assert.match(
      f.message,
      /INET is the front-door VRF of Tunnel10 .* Remove it from the profile/,
    );
    assert.deepEqual(
      f.fixes?.map((x) => [x.title, x.isPreferred ?? false]),
      [["Remove `vrf INET` from isakmp profile PROF-BR", true]],
    );
    assertFixesCure(text, "tunnel-ivrf-in-profile");
  });

  it("moves a real inside VRF to the tunnel, entering its address again", () => {
    const [f] = findingsOf(analyse(inside), "tunnel-ivrf-in-profile");
    assert.match(
      f!.message,
      /Tunnel10 is in the global table: put the inside VRF on the tunnel interface/,
    );
    const move = f!.fixes![0]!;
    assert.equal(
      move.title,
      "Move the inside VRF CUST from isakmp profile PROF-BR to Tunnel10",
    );
    assert.deepEqual(move.cli, [
      "crypto isakmp profile PROF-BR",
      " no vrf CUST",
      "interface Tunnel10",
      " vrf forwarding CUST",
      " ip address 10.10.10.1 255.255.255.252",
    ]);
    const results = assertFixesCure(inside, "tunnel-ivrf-in-profile");
    assert.ok(
      results.some((r) =>
        /^interface Tunnel10\n vrf forwarding CUST\n ip address 10\.10\.10\.1 255\.255\.255\.252$/m.test(
          r.after,
        ),
      ),
    );
  });

  it("only removes the line when the tunnel already has the VRF", () => {
    const both = inside.replace(
      "interface Tunnel10\n",
      "interface Tunnel10\n vrf forwarding CUST\n",
    );
    const [f] = findingsOf(analyse(both), "tunnel-ivrf-in-profile");
    assert.match(f!.message, /already has `vrf forwarding CUST`/);
    assert.deepEqual(
      f!.fixes?.map((x) => x.title),
      ["Remove `vrf CUST` from isakmp profile PROF-BR"],
    );
  });

  it("reads an IKEv2 profile's ivrf, and leaves virtual templates alone", () => {
    const ikev2 = [
      "crypto ikev2 profile V2",
      " match identity remote address 198.51.100.2 255.255.255.255",
      " authentication remote pre-share",
      " authentication local pre-share",
      " ivrf CUST",
      "crypto ipsec profile P",
      " set ikev2-profile V2",
      "interface Tunnel1",
      " ip address 10.0.0.1 255.255.255.252",
      " tunnel source 203.0.113.1",
      " tunnel mode ipsec ipv4",
      " tunnel destination 198.51.100.2",
      " tunnel protection ipsec profile P",
      "",
    ].join("\n");
    const [f] = findingsOf(analyse(ikev2), "tunnel-ivrf-in-profile");
    assert.equal(textAt(ikev2, f!.range), "ivrf CUST");
    assert.match(f!.message, /^IKEv2 profile V2 sets the inside VRF/);
    const template = ikev2.replace(
      "interface Tunnel1\n ip address 10.0.0.1 255.255.255.252\n",
      "interface Virtual-Template1 type tunnel\n ip unnumbered Loopback0\n",
    );
    assert.deepEqual(
      findingsOf(analyse(template), "tunnel-ivrf-in-profile"),
      [],
    );
  });
});
