import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  acceptedPolicies,
  hasDefaultPolicies,
  negotiatePhase1,
  offeredPolicies,
} from "../../../../server/src/core/peers/ikeNegotiation";

/** A config with a version line and the given policy sections. */
function router(
  version: string,
  ...policies: string[]
): ReturnType<typeof parseConfig> {
  return parseConfig(
    [
      `version ${version}`,
      "hostname R",
      ...policies.flatMap((p) => p.split("\n")),
    ].join("\n"),
  );
}

const AES_PSK_G5 =
  "crypto isakmp policy 10\n encryption aes\n authentication pre-share\n group 5";

describe("peers/ikeNegotiation", () => {
  it("matches the chapter's MD5 policies and takes the shorter lifetime", () => {
    const tokyo = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share\n lifetime 3600",
    );
    const osaka = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share",
    );
    const r = negotiatePhase1(tokyo, osaka);
    assert.ok(r.ok);
    assert.equal(r.offer?.priority, 10);
    assert.equal(r.lifetime, 3600);
  });

  it("rejects an offer whose lifetime is longer than the responder's policy (IOS's lifetime rule)", () => {
    const long = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share",
    );
    const short = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share\n lifetime 3600",
    );
    assert.ok(negotiatePhase1(short, long).ok);
    const r = negotiatePhase1(long, short);
    assert.equal(r.ok, false);
    assert.deepEqual(r.closest?.differences, [
      { attribute: "lifetime", initiator: 86400, responder: 3600 },
    ]);
  });

  it("names the differing attributes of the closest pair (the chapter's SHA against MD5)", () => {
    const tokyo = router(
      "12.3",
      "crypto isakmp policy 10\n authentication pre-share",
    );
    const osaka = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share",
    );
    const r = negotiatePhase1(tokyo, osaka);
    assert.equal(r.ok, false);
    assert.equal(r.closest?.policy.priority, 10);
    assert.deepEqual(r.closest?.differences, [
      { attribute: "hash", initiator: "sha", responder: "md5" },
    ]);
  });

  it("checks the default protection suite after the configured policies", () => {
    // Tokyo offers DES/SHA/pre-share (Example 8-62): Osaka's default suite differs only in authentication.
    const tokyo = router(
      "12.3",
      "crypto isakmp policy 10\n authentication pre-share",
    );
    const osaka = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n encryption 3des\n authentication pre-share",
    );
    const names = acceptedPolicies(osaka).map(
      (p) => `${p.origin}:${p.priority}`,
    );
    assert.deepEqual(names, ["configured:10", "default-suite:65535"]);
    const r = negotiatePhase1(tokyo, osaka);
    assert.equal(r.closest?.policy.origin, "default-suite");
    assert.deepEqual(
      r.closest?.differences.map((d) => d.attribute),
      ["authentication"],
    );
    // An initiator with the default suite's attributes (rsa-sig) is accepted by it.
    const certs = router("12.3", "crypto isakmp policy 10\n hash sha");
    assert.equal(negotiatePhase1(certs, osaka).policy?.priority, 65535);
  });

  it("lets the responder's priority order pick among several matching offers", () => {
    const initiator = router(
      "15.1",
      "crypto isakmp policy 1\n encryption 3des\n authentication pre-share\n group 2",
      AES_PSK_G5.replace("policy 10", "policy 2"),
    );
    const responder = router(
      "15.1",
      AES_PSK_G5.replace("policy 10", "policy 5"),
      "crypto isakmp policy 50\n encryption 3des\n authentication pre-share\n group 2",
    );
    const r = negotiatePhase1(initiator, responder);
    assert.equal(r.policy?.priority, 5);
    assert.equal(r.offer?.priority, 2);
  });

  describe("default policies by release", () => {
    it("15.x without policies offers and accepts the eight default policies", () => {
      const bare = router("15.1");
      assert.ok(hasDefaultPolicies(bare));
      assert.deepEqual(
        offeredPolicies(bare).map((p) => p.priority),
        [65507, 65508, 65509, 65510, 65511, 65512, 65513, 65514],
      );
      const r = negotiatePhase1(router("15.1", AES_PSK_G5), bare);
      assert.ok(r.ok);
      assert.equal(r.policy?.priority, 65508);
      assert.equal(r.policy?.origin, "default-policy");
    });

    it("12.3, 12.4 (train unknown) and `no crypto isakmp default policy` have only the default suite", () => {
      for (const bare of [
        router("12.3"),
        router("12.4"),
        parseConfig("version 15.1\nno crypto isakmp default policy\n"),
      ]) {
        assert.equal(hasDefaultPolicies(bare), false);
        assert.deepEqual(
          offeredPolicies(bare).map((p) => p.priority),
          [65535],
        );
        assert.equal(
          negotiatePhase1(router("15.1", AES_PSK_G5), bare).ok,
          false,
        );
      }
    });

    it("a router with a policy of its own does not use the default policies", () => {
      const own = router(
        "15.1",
        "crypto isakmp policy 10\n encryption aes 256\n authentication pre-share\n group 14",
      );
      assert.deepEqual(
        acceptedPolicies(own).map((p) => p.priority),
        [10, 65535],
      );
      assert.equal(negotiatePhase1(router("15.1", AES_PSK_G5), own).ok, false);
    });
  });

  it("fails, still naming the policy difference, when ISAKMP is off on either side", () => {
    const on = router(
      "12.3",
      "crypto isakmp policy 10\n hash md5\n authentication pre-share",
    );
    const off = parseConfig(
      "version 12.3\nno crypto isakmp enable\ncrypto isakmp policy 10\n authentication pre-share\n",
    );
    const r = negotiatePhase1(on, off);
    assert.equal(r.ok, false);
    assert.match(r.blocked ?? "", /responder/);
    assert.deepEqual(
      r.closest?.differences.map((d) => d.attribute),
      ["hash"],
    );
  });

  it("treats aes and aes 128 as the same cipher, and aes 256 as another", () => {
    const a = router(
      "15.1",
      "crypto isakmp policy 10\n encryption aes 128\n authentication pre-share",
    );
    const b = router(
      "15.1",
      "crypto isakmp policy 10\n encr aes\n authentication pre-share",
    );
    const c = router(
      "15.1",
      "crypto isakmp policy 10\n encryption aes 256\n authentication pre-share",
    );
    assert.ok(negotiatePhase1(a, b).ok);
    assert.deepEqual(
      negotiatePhase1(a, c).closest?.differences.map((d) => d.attribute),
      ["encryption"],
    );
  });
});
