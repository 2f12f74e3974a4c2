import * as assert from "node:assert/strict";
import { fixesInRange } from "../../server/src/core/codeActions";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../server/src/core/document";
import { hover } from "../../server/src/core/hover";
import { parseDocument, validate } from "../../server/src/core/languageService";
import { lineRange } from "../../server/src/core/text/position";
import { allFixtures } from "./support/arbitraries";

/** Names every plain object answers to: a lookup table that is a plain object finds them too. */
const OBJECT_MEMBERS = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
];

/** What a leaked function or object looks like once it is printed into a message. */
const LEAKED = /\[native code\]|\[object Object\]|function \w*\(/;

const SETTINGS = DEFAULT_ANALYSIS_SETTINGS;

/**
 * Every fixture with one word of each line replaced by the name of an Object member, in turn at
 * each of the line's first eight words: the word must read as any unknown word does. Random fuzzing
 * almost never writes these words, and tables that were plain objects used to answer them with
 * Object's own functions (a capture line then threw; `permit constructor` printed a function).
 */
describe("fuzz: words that name Object's members", function () {
  this.timeout(120_000);

  it("read as unknown words in every fixture: no exception, nothing leaked into what the user sees", () => {
    const problems: string[] = [];
    let variant = 0;
    for (const fixture of allFixtures()) {
      const lines = fixture.text.split("\n");
      if (lines.length > 600) {
        continue;
      }
      for (let li = 0; li < lines.length; li++) {
        const words = [...lines[li]!.matchAll(/\S+/g)];
        if (words.length === 0) {
          continue;
        }
        const word = words[variant % Math.min(words.length, 8)]!;
        const name = OBJECT_MEMBERS[variant % OBJECT_MEMBERS.length]!;
        variant++;
        const line =
          lines[li]!.slice(0, word.index) +
          name +
          lines[li]!.slice(word.index! + word[0].length);
        const text = [...lines.slice(0, li), line, ...lines.slice(li + 1)].join(
          "\n",
        );
        const where = `${fixture.name}:${li + 1} ${JSON.stringify(line.slice(0, 100))}`;
        try {
          const parsed = parseDocument(
            {
              uri: "file:///fuzz/object-members",
              languageId: fixture.languageId,
              text,
            },
            SETTINGS,
          );
          const shown: string[] = [];
          const findings = validate(parsed, {
            settings: SETTINGS,
            overrides: {},
          });
          for (const f of findings) {
            shown.push(f.message);
          }
          for (let c = 0; c <= line.length; c += 2) {
            const h = hover(parsed, { line: li, character: c }, SETTINGS);
            if (h) {
              shown.push(h.markdown);
            }
          }
          for (const { fix } of fixesInRange(
            findings,
            lineRange(li, 0, line.length),
          )) {
            shown.push(fix.title, ...(fix.cli ?? []));
          }
          const leak = shown.find((s) => LEAKED.test(s) && !LEAKED.test(text));
          if (leak) {
            problems.push(`${where}: ${leak.slice(0, 200)}`);
          }
        } catch (error) {
          problems.push(`${where}: threw ${String(error)}`);
        }
      }
    }
    assert.ok(variant > 1000, `only ${variant} lines were tried`);
    assert.deepEqual(problems.slice(0, 10), []);
  });
});
