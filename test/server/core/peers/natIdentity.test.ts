import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  PEERS,
  allCodes,
  allFindings,
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  workspace,
  type Workspace,
  onlyFindingOf,
} from "./support";

/**
 * A branch behind NAT sends its own private address as its IKE identity: NAT rewrites the
 * packets' addresses, not the identity payload inside them (encrypted in main mode message 5 and
 * in IKE_AUTH). So the hub keys the branch by the NAT device's address its packets come from, but
 * its profile must match the branch's private address.
 */

const NAMES = ["branch.ios", "hq.ios"];

/** Each direction's outcome, by initiator. */
function directions(ws: Workspace): Record<string, string | undefined> {
  const [pa, ...more] = pairs(ws);
  assert.ok(pa);
  assert.deepEqual(more, []);
  return Object.fromEntries(
    [pa.forward, pa.reverse].map((d) => [d?.initiator.router.name, d?.outcome]),
  );
}

describe("identities behind NAT", () => {
  describe("IKEv1 (isakmp profile)", () => {
    const ws = fixture("nat-identity");

    it("takes a profile matching the branch's private address, keyed by its NAT address, as right", () => {
      assert.deepEqual(directions(ws), {
        HQ: "ESTABLISHED",
        Branch: "ESTABLISHED",
      });
      assert.deepEqual(allCodes(ws), []);
    });

    it("reports a profile matching the NAT device's address, and its fix matches the private one", () => {
      const wrong = edited(ws, "hq.ios", [
        " match identity address 192.168.50.2 255.255.255.255\n",
        " match identity address 203.0.113.50 255.255.255.255\n",
      ]);
      assert.deepEqual(directions(wrong), {
        HQ: "ESTABLISHED",
        Branch: "PHASE2_FAILED",
      });
      const [found] = findingsOf(wrong, "hq.ios", "identity-rejects-peer");
      assert.ok(found);
      assert.match(
        found.message,
        /^HQ's isakmp profile BRANCH matches address 203\.0\.113\.50 255\.255\.255\.255, but Branch sends its address 192\.168\.50\.2 \(.*\), its own address: NAT makes its packets come from 203\.0\.113\.50 but leaves the identity inside them as it was: /,
      );
      assert.equal(
        findingsOf(wrong, "branch.ios", "identity-rejects-peer").length,
        1,
      );
      const fix = found.fixes?.[0];
      assert.deepEqual(fix?.cli, [
        "crypto isakmp profile BRANCH",
        " match identity address 192.168.50.2 255.255.255.255",
      ]);
      const fixed = applyFix(wrong, "hq.ios", fix!, NAMES);
      assert.deepEqual(directions(fixed), {
        HQ: "ESTABLISHED",
        Branch: "ESTABLISHED",
      });
      assert.deepEqual(allCodes(fixed), []);
    });

    it("gives HQ's config alone a hint, not a warning: one config cannot tell NAT", () => {
      const hq = workspace(path.join(PEERS, "nat-identity", "hq.ios"));
      assert.deepEqual(allCodes(hq, ["hq.ios"]), [
        "hq.ios ike-profile-mismatch",
      ]);
      const [hint] = allFindings(hq, "hq.ios");
      assert.ok(hint);
      assert.equal(hint.severity, "information");
      assert.match(
        hint.message,
        /^isakmp profile BRANCH does not match crypto map VPN 10's peer 203\.0\.113\.50, only 192\.168\.50\.2\. Right if 203\.0\.113\.50 is a NAT device in front of the peer and 192\.168\.50\.2 its own address/,
      );
    });
  });

  describe("IKEv2 (match identity remote)", () => {
    const ws = fixture("ikev2/nat-identity");

    it("takes a profile matching the branch's private address as right, both ways", () => {
      assert.deepEqual(directions(ws), {
        HQ: "ESTABLISHED",
        Branch: "ESTABLISHED",
      });
      assert.deepEqual(allCodes(ws), []);
    });

    it("reports a profile matching the NAT device's address, whichever side starts", () => {
      const wrong = edited(ws, "hq.ios", [
        " match identity remote address 192.168.50.2 255.255.255.255\n",
        " match identity remote address 203.0.113.50 255.255.255.255\n",
      ]);
      // As responder too the branch sends its own address.
      assert.deepEqual(directions(wrong), {
        HQ: "PHASE1_FAILED",
        Branch: "PHASE1_FAILED",
      });
      const found = onlyFindingOf(wrong, "hq.ios", "identity-rejects-peer");
      assert.equal(
        found.message,
        "HQ's IKEv2 profile PROF matches address 203.0.113.50, not the identity Branch sends (address 192.168.50.2, its own address: NAT makes its packets come from 203.0.113.50 but leaves the identity inside them as it was): HQ refuses Branch in IKE_AUTH (`Failed to locate an item in the database`, then AUTHENTICATION_FAILED), so the tunnel does not come up.",
      );
      const fixed = applyFix(wrong, "hq.ios", found.fixes![0]!, NAMES);
      assert.deepEqual(directions(fixed), {
        HQ: "ESTABLISHED",
        Branch: "ESTABLISHED",
      });
    });

    it("finds the branch's key by its identity when HQ answers, not when HQ starts", () => {
      const byIdentity = edited(ws, "hq.ios", [
        "  address 203.0.113.50\n",
        "  identity address 192.168.50.2\n",
      ]);
      assert.deepEqual(directions(byIdentity), {
        HQ: "PHASE1_KEY_MISMATCH",
        Branch: "ESTABLISHED",
      });
      assert.deepEqual(allCodes(byIdentity), ["hq.ios missing-psk-for-peer"]);
      const [missing] = allFindings(byIdentity, "hq.ios");
      assert.equal(missing?.severity, "warning");
      assert.match(
        missing!.message,
        /^No peer of IKEv2 keyring KR covers 203\.0\.113\.50 by address or name, .*peer BRANCH is found by identity alone, which IOS looks up only when the peer starts IKE_AUTH\. .*the tunnel comes up only when 203\.0\.113\.50 starts it\./,
      );
    });

    it("says nothing of NAT when a side sends an address it chose itself", () => {
      // `identity local address` on the branch: it sends the NAT device's address, as HQ matches.
      const chosen = edited(
        edited(ws, "branch.ios", [
          " authentication local pre-share\n",
          " identity local address 203.0.113.50\n authentication local pre-share\n",
        ]),
        "hq.ios",
        [
          " match identity remote address 192.168.50.2 255.255.255.255\n",
          " match identity remote address 203.0.113.50 255.255.255.255\n",
        ],
      );
      assert.deepEqual(directions(chosen), {
        HQ: "ESTABLISHED",
        Branch: "ESTABLISHED",
      });
      assert.deepEqual(allCodes(chosen), []);
    });
  });
});
