import * as assert from "node:assert/strict";
import {
  allCodes,
  applyFix,
  findingsOf,
  fixture,
  pairs,
  workspace,
} from "./support";

/**
 * IKEv2 profiles whose pre-shared keys are written in their `authentication local|remote
 * pre-share key KEY` lines, with no keyring: IOS signs and verifies with those keys.
 */
describe("IKEv2 keys written in the profile's authentication lines", () => {
  const ws = fixture("ikev2/inline-keys");
  const names = ws.names();

  it("are keys: a config alone misses none", () => {
    const alone = workspace({ name: "a.ios", text: ws.text("a.ios") });
    assert.deepEqual(allCodes(alone), []);
  });

  it("are compared between the two routers, local against remote, and stay masked", () => {
    const [mismatch] = findingsOf(ws, "b.ios", "psk-mismatch");
    assert.match(
      mismatch!.message,
      /^A's local pre-shared key for 198\.51\.100\.2 \(\*+\) does not match B's remote key for 203\.0\.113\.1 \(\*+\)/,
    );
    assert.match(
      mismatch!.message,
      /B's key is the one that differs: A's key is matched elsewhere \(by another peer, or by B the other way\)/,
    );
    assert.doesNotMatch(mismatch!.message, /Inl1neK3y/);
    assert.deepEqual(
      pairs(ws).map((p) => p.outcome),
      ["PHASE1_KEY_MISMATCH"],
    );
  });

  it("fixes B's remote key in its profile, which brings the tunnel up", () => {
    const [mismatch] = findingsOf(ws, "b.ios", "psk-mismatch");
    const fix = mismatch!.fixes!.find((f) => /^Set B's key/.test(f.title))!;
    assert.deepEqual(fix.cli, [
      "crypto ikev2 profile PROF",
      " authentication remote pre-share key Inl1neK3y-2026",
    ]);
    const after = applyFix(ws, "b.ios", fix, names);
    assert.deepEqual(
      pairs(after).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    assert.match(
      after.text("b.ios"),
      /authentication remote pre-share key Inl1neK3y-2026/,
    );
  });

  it("let a keyring serve the role the profile leaves without a key", () => {
    const mixed = (text: string) =>
      text
        .replace(
          / authentication remote pre-share key \S+/,
          " authentication remote pre-share\n keyring local KR",
        )
        .replace(
          /^end$/m,
          "crypto ikev2 keyring KR\n peer ANY\n  address 0.0.0.0 0.0.0.0\n  pre-shared-key Inl1neK3y-2026\nend",
        );
    const both = workspace(
      { name: "a.ios", text: mixed(ws.text("a.ios")) },
      { name: "b.ios", text: mixed(ws.text("b.ios")) },
    );
    assert.deepEqual(
      pairs(both).map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    assert.deepEqual(allCodes(both), []);
  });
});
