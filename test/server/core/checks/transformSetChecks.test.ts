import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/transformSetChecks", () => {
  const text = fixture("transform-set-invalid.ios");
  const found = findingsOf(analyse(text), "transform-set-invalid");
  const on = (set: string) =>
    found.filter(
      (f) =>
        text.split("\n")[f.range.start.line]!.includes(` ${set} `) ||
        text.split("\n")[f.range.start.line]!.endsWith(` ${set}`),
    );

  it("flags each set IOS would refuse, as an error on the word it refuses", () => {
    assert.deepEqual(
      found.map((f) => [textAt(text, f.range), f.severity]),
      [
        ["esp-aes-256", "error"],
        ["esp-sha256-hmac", "error"],
        ["esp-3des", "error"],
        ["esp-aes 512", "error"],
        ["ONLY-COMPRESSION", "error"],
      ],
    );
    for (const f of found) {
      assert.match(f.message, /IOS refuses the whole command/);
    }
  });

  it("names the IOS spelling of another platform's transform and writes it", () => {
    const [f] = on("ASA-STYLE");
    assert.match(f!.message, /no transform `esp-aes-256`.*`esp-aes 256`/);
    assert.deepEqual(
      f!.fixes!.map((x) => x.cli),
      [["crypto ipsec transform-set ASA-STYLE esp-aes 256 esp-sha-hmac"]],
    );
  });

  it("says why a combined-mode cipher takes no integrity transform, pointing at the cipher", () => {
    const [f] = on("GCM-PLUS-HMAC");
    assert.match(f!.message, /esp-sha256-hmac cannot join esp-gcm/);
    assert.match(f!.message, /combined-mode cipher/);
    assert.equal(textAt(text, f!.related![0]!.range), "esp-gcm 256");
    assert.deepEqual(
      f!.fixes!.map((x) => x.cli),
      [["crypto ipsec transform-set GCM-PLUS-HMAC esp-gcm 256"]],
    );
  });

  it("gives the key sizes a transform takes, and the nearest as the fix", () => {
    const [f] = on("BAD-SIZE");
    assert.match(f!.message, /128, 192 or 256 bits, not 512/);
    assert.deepEqual(
      f!.fixes!.map((x) => x.cli),
      [["crypto ipsec transform-set BAD-SIZE esp-aes 256 esp-sha256-hmac"]],
    );
  });

  it("cures every case with its fix", () => {
    const results = assertFixesCure(text, "transform-set-invalid");
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set ONLY-COMPRESSION comp-lzs esp-aes 256 esp-sha256-hmac$/m.test(
          r.after,
        ),
      ),
    );
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set TWO-CIPHERS esp-aes 256 esp-sha-hmac$/m.test(
          r.after,
        ),
      ),
    );
  });

  it("leaves valid sets alone, GCM alone included", () => {
    assert.equal(on("GOOD").length, 0);
    assert.equal(on("NO-HMAC").length, 0);
    const valid = analyse(
      "crypto ipsec transform-set A esp-aes esp-sha-hmac\ncrypto ipsec transform-set B ah-sha-hmac esp-aes 192 esp-sha512-hmac comp-lzs\ncrypto ipsec transform-set C esp-sha-hmac\ncrypto ipsec transform-set D esp-gmac 128\n",
    );
    assert.deepEqual(findingsOf(valid, "transform-set-invalid"), []);
  });

  it("calls a template's placeholder what it is, with no guess to apply", () => {
    const template =
      "crypto ipsec transform-set T <encryption> <hashing>\n mode tunnel\n";
    const marks = findingsOf(analyse(template), "transform-set-invalid");
    assert.deepEqual(
      marks.map((f) => textAt(template, f.range)),
      ["<encryption>", "<hashing>"],
    );
    assert.match(marks[0]!.message, /placeholder left from a template/);
    assert.deepEqual(marks[0]!.fixes, []);
  });

  it("says a set with no transform at all is refused", () => {
    const bare = "crypto ipsec transform-set EMPTY\n";
    const [f] = findingsOf(analyse(bare), "transform-set-invalid");
    assert.equal(textAt(bare, f!.range), "EMPTY");
    assert.match(f!.message, /no transform: IOS needs at least one ESP or AH/);
  });
});
