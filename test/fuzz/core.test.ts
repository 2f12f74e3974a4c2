import * as assert from "node:assert/strict";
import fc from "fast-check";
import { decode } from "../../server/src/cli/files";
import { detectLanguage } from "../../server/src/core/detect";
import {
  allFixtures,
  fuzzParameters,
  mutate,
  mutatedFixture,
  randomBytes,
  randomText,
  tokenSoup,
} from "./support/arbitraries";
import { exercise } from "./support/pipeline";

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

  it("mutated fixtures (lines deleted, doubled, cut, swapped, junk injected)", () => {
    fc.assert(
      fc.property(
        mutatedFixture(),
        fc.boolean(),
        ({ fixture, mutations, eol }, workspace) => {
          exercise(mutate(fixture.text, mutations, eol), {
            languageId: fixture.languageId,
            workspace,
            applyFixes: true,
          });
        },
      ),
      fuzzParameters(250),
    );
  });

  it("IOS-flavoured token soup", () => {
    fc.assert(
      fc.property(
        tokenSoup(),
        fc.boolean(),
        ({ text, languageId }, workspace) => {
          exercise(text, { languageId, workspace, applyFixes: true });
        },
      ),
      fuzzParameters(250),
    );
  });

  it("random text, surrogates and control characters included", () => {
    fc.assert(
      fc.property(randomText(), ({ text, languageId }) => {
        exercise(text, { languageId, workspace: true, applyFixes: true });
      }),
      fuzzParameters(150),
    );
  });

  it("random bytes, decoded as the CLI decodes files", () => {
    fc.assert(
      fc.property(randomBytes(), (bytes) => {
        const text = decode(bytes);
        const languageId = detectLanguage("capture.txt", text) ?? "cisco-ios";
        exercise(text, { languageId, workspace: false, applyFixes: true });
      }),
      fuzzParameters(150),
    );
  });

  describe("shapes that break naive code, in both languages", () => {
    const shapes: [string, () => string][] = [
      [
        "a staircase of 20,000 ever deeper lines",
        () =>
          Array.from({ length: 20_000 }, (_, i) => " ".repeat(i) + "x").join(
            "\n",
          ),
      ],
      [
        "one line of 300,000 characters",
        () => "crypto map M 10 ipsec-isakmp " + "a".repeat(300_000),
      ],
      [
        "300,000 characters of one word per line",
        () => Array.from({ length: 60_000 }, () => "peer").join("\n"),
      ],
      ["60,000 empty lines", () => "\n".repeat(60_000)],
      ["60,000 lone CRs", () => "\r".repeat(60_000)],
      [
        "a banner that never closes",
        () => "banner motd ^C\n" + "crypto map X 10\n".repeat(20_000),
      ],
      [
        "a fixture repeated 40 times",
        () =>
          allFixtures()
            .slice(0, 40)
            .map((f) => f.text)
            .join("\n"),
      ],
      [
        "every fixture one after another",
        () =>
          allFixtures()
            .map((f) => f.text)
            .join("\n"),
      ],
    ];
    for (const [name, make] of shapes) {
      for (const languageId of ["cisco-ios", "cisco-ios-log"] as const) {
        it(`${name} (${languageId})`, () => {
          exercise(make(), { languageId, workspace: true, applyFixes: false });
        });
      }
    }
  });
});
