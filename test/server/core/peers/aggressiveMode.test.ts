import * as assert from "node:assert/strict";
import {
  allCodes,
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  rangeText,
  workspace,
} from "./support";

/**
 * IKEv1 aggressive mode started with `crypto isakmp peer address X` / `set aggressive-mode
 * password P`: the password is the key the branch starts with toward X, not one it answers with.
 */
describe("aggressive-mode passwords (crypto isakmp peer)", () => {
  const ws = fixture("aggressive-mode");

  it("take the password as the branch's key toward its hub: the tunnel comes up from the branch", () => {
    const [pa, ...more] = pairs(ws);
    assert.ok(pa);
    assert.deepEqual(more, []);
    assert.equal(pa.outcome, "ONE_WAY");
    assert.deepEqual(
      [pa.forward, pa.reverse].map((d) => [
        d?.initiator.router.name,
        d?.outcome,
      ]),
      [
        ["AGGR-BRANCH", "ESTABLISHED"],
        ["AGGR-HUB", "PHASE1_KEY_MISMATCH"],
      ],
    );
    assert.match(
      pa.reasons.join("\n"),
      /AGGR-BRANCH holds no pre-shared key for 198\.51\.100\.140 \(its `crypto isakmp peer` aggressive-mode password serves only the exchanges it starts\)/,
    );
    // Its crypto map's peer has the password (no error); the hub's direction gets a warning.
    assert.deepEqual(allCodes(ws), [
      "branch.ios missing-psk-for-peer",
      "hub.ios missing-psk-for-peer",
    ]);
    const [found] = findingsOf(ws, "branch.ios", "missing-psk-for-peer");
    assert.equal(found!.severity, "warning");
    assert.equal(rangeText(ws, "branch.ios", found!.range), "AggrK3y2026");
    assert.match(
      found!.message,
      /^AGGR-BRANCH's only key for 198\.51\.100\.140 \(AGGR-HUB\) is the aggressive-mode password of `crypto isakmp peer address 198\.51\.100\.140`, which serves only the exchanges AGGR-BRANCH starts: /,
    );
    const fixed = applyFix(ws, "branch.ios", found!.fixes![0]!, [
      "branch.ios",
      "hub.ios",
    ]);
    assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    assert.deepEqual(allCodes(fixed), []);
  });

  it("compares the password with the hub's key", () => {
    const wrong = edited(ws, "hub.ios", [
      "crypto isakmp key AggrK3y2026",
      "crypto isakmp key AggrKey2026",
    ]);
    assert.deepEqual(
      allCodes(wrong).filter((c) => c.endsWith("psk-mismatch")),
      ["branch.ios psk-mismatch", "hub.ios psk-mismatch"],
    );
    const [found] = findingsOf(wrong, "branch.ios", "psk-mismatch");
    assert.match(found!.message, /Phase 1 fails in aggressive mode: /);
    // The branch's fix rewrites the password under its `crypto isakmp peer` section (the
    // editor and the CLI mask the key, as they mask every key of a fix).
    assert.equal(rangeText(wrong, "branch.ios", found!.range), "AggrK3y2026");
    assert.deepEqual(found!.fixes![0]!.cli, [
      "crypto isakmp peer address 198.51.100.140",
      " set aggressive-mode password AggrKey2026",
    ]);
  });
});

describe("aggressive mode blocked (crypto isakmp aggressive-mode disable)", () => {
  const ws = fixture("aggressive-mode");
  /** The direction the branch starts (with its aggressive-mode password). */
  const fromBranch = (pa: ReturnType<typeof pairs>[number]) =>
    [pa.forward, pa.reverse].find(
      (d) => d?.initiator.router.name === "AGGR-BRANCH",
    );
  const blocked = (name: "hub.ios" | "branch.ios") =>
    workspace(
      ...(["hub.ios", "branch.ios"] as const).map((n) => ({
        name: n,
        text:
          n === name
            ? ws
                .text(n)
                .replace(
                  /^(hostname .*)$/m,
                  "$1\ncrypto isakmp aggressive-mode disable",
                )
            : ws.text(n),
      })),
    );

  it("fails the branch's phase 1 when the hub blocks aggressive mode, said on both lines", () => {
    const w = blocked("hub.ios");
    const [pa] = pairs(w);
    assert.equal(fromBranch(pa!)?.outcome, "PHASE1_FAILED");
    assert.match(
      pa!.reasons.join(" "),
      /AGGR-HUB blocks \(`crypto isakmp aggressive-mode disable`\)/,
    );
    const [hub] = findingsOf(w, "hub.ios", "aggressive-mode-blocked");
    assert.equal(
      rangeText(w, "hub.ios", hub!.range),
      "crypto isakmp aggressive-mode disable",
    );
    assert.equal(hub!.severity, "error");
    const [branch] = findingsOf(w, "branch.ios", "aggressive-mode-blocked");
    assert.ok(branch);
    assert.deepEqual(hub!.fixes?.[0]?.cli, [
      "no crypto isakmp aggressive-mode disable",
    ]);
    const fixed = applyFix(w, "hub.ios", hub!.fixes![0]!, [
      "hub.ios",
      "branch.ios",
    ]);
    assert.deepEqual(
      findingsOf(fixed, "hub.ios", "aggressive-mode-blocked"),
      [],
    );
  });

  it("also when the branch blocks its own aggressive mode", () => {
    const w = blocked("branch.ios");
    assert.equal(fromBranch(pairs(w)[0]!)?.outcome, "PHASE1_FAILED");
    assert.match(
      findingsOf(w, "branch.ios", "aggressive-mode-blocked")[0]!.message,
      /AGGR-BRANCH itself blocks aggressive mode/,
    );
  });
});
