import * as assert from "node:assert/strict";
import { allFixtures, fuzzScale, mutate } from "./support/arbitraries";
import { exercise } from "./support/pipeline";
import { SHAPES } from "./support/properties";
import { runProperty, runShape } from "./support/propertyRunner";

/**
 * Property-based fuzzing of the core through its public functions: whatever the text, nothing
 * throws, every range a client receives lies inside the document, and each stage finishes within a
 * time proportional to the input (see support/pipeline.ts for the bounds).
 */
describe("fuzz: the core on any input", function () {
  this.timeout(120_000);

  it("finds fixtures of both languages", () => {
    const fixtures = allFixtures();
    assert.ok(fixtures.some((f) => f.languageId === "cisco-ios"));
    assert.ok(fixtures.some((f) => f.languageId === "cisco-ios-log"));
  });

  it("every fixture, as written and with CRLF and lone CR endings, through every feature and fix", () => {
    for (const fixture of allFixtures()) {
      for (const eol of ["\n", "\r\n", "\r"]) {
        const text = mutate(fixture.text, [], eol);
        try {
          // Every position once (LF); the other endings split into the same lines, so a sample does.
          exercise(text, {
            languageId: fixture.languageId,
            workspace: true,
            applyFixes: true,
            everyPosition: eol === "\n",
          });
        } catch (error) {
          assert.fail(
            `${fixture.name} (eol ${JSON.stringify(eol)}): ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
      }
    }
  });

  // Each property runs in a worker with a watchdog (support/propertyRunner.ts): a case that hangs
  // fails with its input instead of blocking the run.
  for (const [name, title] of [
    [
      "mutatedFixtures",
      "mutated fixtures (lines deleted, doubled, cut, swapped, junk injected)",
    ],
    ["tokenSoup", "IOS-flavoured token soup"],
    ["randomText", "random text, surrogates and control characters included"],
    ["randomBytes", "random bytes, decoded as the CLI decodes files"],
  ] as const) {
    it(title, async function () {
      // FUZZ_RUNS=N (local exploration) runs N times the cases: give them N times the time, so
      // that reaching the limit still means a slow case and not a longer run.
      const limitMs = 60_000 * fuzzScale();
      this.timeout(limitMs + 60_000);
      const result = await runProperty(name, limitMs, 30_000);
      assert.ok(!result.failed, result.message);
    });
  }

  describe("shapes that break naive code, in both languages", () => {
    for (const name of Object.keys(SHAPES)) {
      for (const languageId of ["cisco-ios", "cisco-ios-log"] as const) {
        it(`${name} (${languageId})`, async () => {
          const result = await runShape(name, languageId, 60_000);
          assert.ok(!result.failed, result.message);
        });
      }
    }
  });
});
