import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  commonPrefixLength,
  commonSuffixLength,
  looksBinary,
  resplitLines,
  splitLines,
} from "../../../../server/src/core/text/lines";

function naivePrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i++;
  }
  return i;
}

function naiveSuffix(a: string, b: string): number {
  let i = 0;
  while (
    i < a.length &&
    i < b.length &&
    a[a.length - 1 - i] === b[b.length - 1 - i]
  ) {
    i++;
  }
  return i;
}

/** Texts made of few distinct characters, so lines repeat and breaks of every kind meet. */
const TEXT = fc
  .array(fc.constantFrom("a", "b", " ", "\n", "\r", "\r\n", "ab\n"), {
    maxLength: 30,
  })
  .map((parts) => parts.join(""));

describe("text/lines", () => {
  it("splits on LF, CRLF and lone CR alike", () => {
    assert.deepEqual(splitLines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
    assert.deepEqual(splitLines("a\n"), ["a", ""]);
    assert.deepEqual(splitLines("a\n\rb"), ["a", "", "b"]);
  });

  it("tells binary data from a terminal's text, pager erasures and colours included", () => {
    const erase = "\b".repeat(10);
    const paged = `R1#show crypto isakmp sa\n --More-- ${erase}          ${erase}172.16.7.2      172.16.5.1      MM_NO_STATE\nR1#`;
    assert.equal(looksBinary(paged), false);
    assert.equal(looksBinary("\u001b[1;32mR1#\u001b[0m show clock\n"), false);
    assert.equal(looksBinary("hostname R1\u0000\n"), true);
    assert.equal(looksBinary("\u0001\u0002\u0003\u0004 hostname\n"), true);
  });

  it("re-splits an edited text into the lines a full split gives, reusing the unchanged ends", () => {
    fc.assert(
      fc.property(TEXT, TEXT, TEXT, TEXT, (head, removed, added, tail) => {
        const oldText = head + removed + tail;
        const old = splitLines(oldText);
        const text = head + added + tail;
        const { lines, prefix, suffix } = resplitLines(old, text);
        // Knowing the old text skips comparisons but must not change the answer.
        assert.deepEqual(resplitLines(old, text, oldText), {
          lines,
          prefix,
          suffix,
        });
        assert.deepEqual(lines, splitLines(text));
        assert.ok(prefix + suffix <= Math.min(old.length, lines.length));
        for (let i = 0; i < prefix; i++) {
          assert.equal(lines[i], old[i]);
        }
        for (let i = 1; i <= suffix; i++) {
          assert.equal(lines[lines.length - i], old[old.length - i]);
        }
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it("finds the common start and end of two texts, short or long", () => {
    fc.assert(
      fc.property(TEXT, TEXT, TEXT, TEXT, (head, removed, added, tail) => {
        const a = head + removed + tail;
        const b = head + added + tail;
        assert.equal(commonPrefixLength(a, b), naivePrefix(a, b));
        assert.equal(commonSuffixLength(a, b), naiveSuffix(a, b));
      }),
      { numRuns: 3000, seed: 12 },
    );
    // Past the largest chunk (64 KiB), at positions around chunk boundaries.
    const long = "interface Gi0/1\n".repeat(20000);
    for (const at of [0, 1, 65535, 65536, 65537, 131072, long.length - 1]) {
      const changed = long.slice(0, at) + "#" + long.slice(at + 1);
      assert.equal(commonPrefixLength(long, changed), at);
      assert.equal(commonSuffixLength(long, changed), long.length - at - 1);
    }
    assert.equal(commonPrefixLength(long, long), long.length);
    assert.equal(commonPrefixLength(long, long + "x"), long.length);
    assert.equal(commonSuffixLength(long, "x" + long), long.length);
  });

  it("keeps all but the edited line of a long text", () => {
    const old = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const text = old.join("\r\n").replace("line 500", "line 500x");
    const { lines, prefix, suffix } = resplitLines(old, text, old.join("\r\n"));
    assert.equal(lines[500], "line 500x");
    assert.equal(prefix, 500);
    assert.equal(suffix, 499);
  });

  it("keeps both ends when whole lines are deleted or inserted", () => {
    const old = ["a", "b", "c", "d"];
    assert.deepEqual(resplitLines(old, "a\nd"), {
      lines: ["a", "d"],
      prefix: 1,
      suffix: 1,
    });
    assert.deepEqual(resplitLines(old, "a\nb\nx\ny\nc\nd"), {
      lines: ["a", "b", "x", "y", "c", "d"],
      prefix: 2,
      suffix: 2,
    });
  });
});
