import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/ikeProfileChecks", () => {
  describe("ike-profile-mismatch", () => {
    const text = fixture("ike-profiles.ios");
    const found = findingsOf(analyse(text), "ike-profile-mismatch");

    it("flags the profiles a responder cannot select, and only those", () => {
      assert.deepEqual(
        found.map((f) => [textAt(text, f.range), f.severity ?? "warning"]),
        [
          ["match identity address 198.51.100.2 255.255.255.255", "warning"],
          ["match identity address 10.9.9.9 INET", "warning"],
          ["P-EMPTY", "error"],
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
      assert.match(
        found[2]!.message,
        /^isakmp profile P-EMPTY, which crypto map CM 40 uses, is incomplete/,
      );
      assert.match(
        found[3]!.message,
        /^IKEv2 profile V2-NOFVRF has no `match fvrf`, so it serves only the global table, but Tunnel1 reaches 198\.51\.100\.10 in VRF INET/,
      );
      assert.match(
        found[5]!.message,
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

    it("reads 0.0.0.0 without a mask as every address, as IOS does", () => {
      const any = text.replace(
        "match identity address 10.9.9.9 INET",
        "match identity address 0.0.0.0 INET",
      );
      assert.deepEqual(
        findingsOf(analyse(any), "ike-profile-mismatch").map((f) =>
          textAt(any, f.range),
        ),
        [
          "match identity address 198.51.100.2 255.255.255.255",
          "P-EMPTY",
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
      assert.match(found[3]!.message, /but Tunnel1 reaches 198\.51\.100\.10/);
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
});
