import * as assert from "node:assert/strict";
import { captureAnnotations } from "../../../../server/src/core/annotations/captureAnnotations";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { hover } from "../../../../server/src/core/hover";
import { parseDocument } from "../../../../server/src/core/languageService";
import { seedText } from "../../../support/captures";
import { checkCapture } from "../../../support/captureChecks";

/** Every line wrapped in a colour and a reset, as a terminal program logging raw output saves it. */
const GREEN = "\x1b[32m";
function coloured(text: string): string {
  return text
    .split("\n")
    .map((l) => (l ? `${GREEN}${l}\x1b[0m` : l))
    .join("\n");
}

describe("capture/escape sequences", () => {
  const plain = seedText(66);
  const colour = coloured(plain);

  it("finds what the plain capture shows, on the same text, columns as logged", () => {
    const a = checkCapture(plain);
    const b = checkCapture(colour);
    assert.deepEqual(
      b.map((f) => f.code),
      a.map((f) => f.code),
    );
    assert.ok(a.length > 0);
    for (const [x, y] of a.map((f, i) => [f, b[i]!] as const)) {
      assert.equal(y.message, x.message);
      assert.equal(y.range.start.line, x.range.start.line);
      assert.equal(
        y.range.start.character,
        x.range.start.character + GREEN.length,
      );
      assert.deepEqual(
        y.related?.map((r) => r.range.start.character),
        x.related?.map((r) => r.range.start.character + GREEN.length),
      );
    }
    // The model reads the lines without the sequences.
    const model = parseCapture(colour);
    assert.equal(model.lines.join("\n"), plain);
    assert.equal(model.escapeShift?.get(0), GREEN.length);
  });

  it("explains words where they stand, and the sequences as what they are", () => {
    const doc = parseDocument(
      { uri: "file:///c.ioslog", languageId: "cisco-ios-log", text: colour },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    const line = plain.split("\n").findIndex((l) => l.includes("MM_KEY_EXCH"));
    assert.ok(line >= 0);
    const at = plain.split("\n")[line]!.indexOf("MM_KEY_EXCH");
    const word = hover(
      doc,
      { line, character: at + GREEN.length + 2 },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    assert.ok(word);
    assert.deepEqual(word.range.start, {
      line,
      character: at + GREEN.length,
    });
    const mark = hover(doc, { line, character: 1 }, DEFAULT_ANALYSIS_SETTINGS);
    assert.match(mark?.markdown ?? "", /Terminal escape sequences/);
    assert.deepEqual(mark?.range.end, { line, character: GREEN.length });
  });

  it("puts the inlays at the end of the text as logged", () => {
    const a = captureAnnotations(parseCapture(plain));
    const b = captureAnnotations(parseCapture(colour));
    assert.ok(a.length > 0);
    assert.deepEqual(
      b.map((x) => x.position.character),
      a.map((x) =>
        x.placement === "lens" ? 0 : x.position.character + GREEN.length,
      ),
    );
  });
});
