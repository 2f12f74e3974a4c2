import * as assert from "node:assert/strict";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import type { OutlineSymbol } from "../../../../server/src/core/document";
import * as fs from "node:fs";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { parseDocument } from "../../../../server/src/core/languageService";
import {
  countSymbols,
  limitedOutline,
  limitOutline,
  outline,
} from "../../../../server/src/core/symbols";
import { captureOutline } from "../../../../server/src/core/symbols/captureSymbols";
import { captureFixturePaths, exampleText } from "../../../support/captures";

/** Names at every depth, children indented under their parent. */
function names(symbols: readonly OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${"  ".repeat(depth)}${s.name}`,
    ...names(s.children ?? [], depth + 1),
  ]);
}

describe("limitOutline", () => {
  const full = captureOutline(
    parseCapture(exampleText("tokyo-success.ioslog")),
  );
  const total = countSymbols(full);
  const withChildren = full.filter((s) => s.children?.length);

  it("the fixture has exchanges with packets to cut", () => {
    assert.ok(withChildren.length >= 2, "two exchanges with packets");
    assert.equal(
      total,
      full.length + full.reduce((n, s) => n + (s.children?.length ?? 0), 0),
    );
  });

  it("leaves an outline within the limit as it is", () => {
    const limited = limitOutline(full, total);
    assert.deepEqual(limited.symbols, full);
    assert.equal(limited.shown, total);
    assert.equal(limited.total, total);
  });

  it("lists every top-level entry before any packet, then whole packet lists in document order", () => {
    const first = withChildren[0]!;
    const second = withChildren[1]!;
    // Room for the top level, the first exchange's packets and all but one of the second's.
    const max =
      full.length + first.children!.length + second.children!.length - 1;
    const limited = limitOutline(full, max);
    assert.equal(limited.total, total);
    assert.deepEqual(
      limited.symbols.map((s) => s.name),
      full.map((s) => s.name),
    );
    const kept = limited.symbols.filter((s) => s.children);
    assert.deepEqual(
      names(kept),
      names([first]),
      "only the first exchange keeps its packets, all of them",
    );
    assert.equal(limited.shown, full.length + first.children!.length);
    assert.ok(limited.shown <= max);
  });

  it("keeps the first entries when even the top level is too long", () => {
    const limited = limitOutline(full, 2);
    assert.deepEqual(
      limited.symbols.map((s) => s.name),
      full.slice(0, 2).map((s) => s.name),
    );
    assert.ok(limited.symbols.every((s) => s.children === undefined));
    assert.equal(limited.shown, 2);
    assert.equal(limited.total, total);
  });

  it("does not change the outline it cuts", () => {
    const before = names(full);
    limitOutline(full, full.length + 1);
    assert.deepEqual(names(full), before);
  });

  it("gives for every capture fixture and limit what cutting the whole outline gives, packets built only where kept", () => {
    let cut = 0;
    for (const file of captureFixturePaths()) {
      const parsed = parseDocument(
        {
          uri: `file:///f/${file}`,
          languageId: "cisco-ios-log",
          text: fs.readFileSync(file, "utf8"),
        },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      const whole = outline(parsed);
      const total = countSymbols(whole);
      const top = whole.length;
      for (const max of new Set([
        1,
        2,
        5,
        top - 1,
        top,
        top + 1,
        top + 4,
        total - 1,
        total,
        total + 1,
      ])) {
        if (max < 1) {
          continue;
        }
        const expected = limitOutline(whole, max);
        assert.deepEqual(
          limitedOutline(parsed, max),
          expected,
          `${file} at ${max}`,
        );
        if (expected.shown < expected.total) {
          cut++;
        }
      }
    }
    assert.ok(cut > 50, `${cut} cut outlines compared`);
  });
});
