import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { allFindings as analyseIn, PEERS, workspace } from "../peers/support";

const PAIR = path.join(PEERS, "isakmp-policy-invalid");

describe("checks/isakmpPolicyChecks", () => {
  const text = fixture("isakmp-policy-invalid.ios");
  const found = findingsOf(analyse(text), "isakmp-policy-invalid");

  it("flags each policy line IOS refuses, on its value, as an error", () => {
    assert.deepEqual(
      found.map((f) => [textAt(text, f.range), f.severity]),
      [
        ["aes-256", "error"],
        ["sha-256", "error"],
        ["pre-shared", "error"],
        ["17", "error"],
        ["100000", "error"],
      ],
    );
  });

  it("says what the policy offers instead: the attribute's default", () => {
    assert.match(
      found[0]!.message,
      /^ISAKMP policy 10: IOS refuses `encryption aes-256` \(IOS writes `encryption aes 256`\).*keeps the default encryption, des/,
    );
    assert.match(
      found[3]!.message,
      /groups 1, 2, 5, 14.*default group, group 1/,
    );
    assert.match(found[4]!.message, /nearest it takes: `lifetime 86400`/);
  });

  it("writes the IOS spelling, which cures the finding", () => {
    assert.deepEqual(
      found[1]!.fixes!.map((f) => f.cli),
      [["crypto isakmp policy 10", " hash sha256"]],
    );
    const cured = assertFixesCure(text, "isakmp-policy-invalid", {}, {});
    assert.ok(cured.some((r) => /^ encryption aes 256$/m.test(r.after)));
  });

  it("takes the words IOS takes, aes 128 included, and leaves unknown authentication words unjudged", () => {
    const valid = analyse(
      "crypto isakmp policy 5\n encr aes 128\n hash sha512\n authentication ecdsa-sig\n group 24\n lifetime 60\n",
    );
    assert.deepEqual(findingsOf(valid, "isakmp-policy-invalid"), []);
  });

  it("negotiates the defaults in the pair analysis, not the refused words", () => {
    const ws = workspace(
      { name: "a.ios", text: readFileSync(path.join(PAIR, "a.ios"), "utf8") },
      { name: "b.ios", text: readFileSync(path.join(PAIR, "b.ios"), "utf8") },
    );
    const [mismatch] = findingsOf(
      analyseIn(ws, "a.ios"),
      "ike-policy-mismatch",
    );
    assert.match(
      mismatch!.message,
      /differs in encryption \(A: des, B: aes 256\), hash \(A: sha, B: sha256\)/,
    );
  });
});
