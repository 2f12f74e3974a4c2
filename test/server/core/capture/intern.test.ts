import * as assert from "node:assert/strict";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { detached, Interner } from "../../../../server/src/core/capture/intern";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";

/** The collector, reachable from a test without starting node with --expose-gc. */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** A capture of about 16 MB whose IPSEC functions, states and peers no other test uses. */
function bigCapture(tag: string): string {
  const block = [
    `*Mar  1 00:13:31.891: IPSEC(${tag}_validate_proposal): transform proposal not supported`,
    `*Mar  1 00:13:31.891: ISAKMP (0:1): Old State = ${tag.toUpperCase()}_OLD_STATE  New State = ${tag.toUpperCase()}_NEW_STATE`,
    `*Mar  1 00:13:31.891: ISAKMP (0:1): found peer pre-shared key matching ${tag}.peer.example`,
    "*Mar  1 00:13:31.895: ISAKMP (0:1): sending packet to 172.16.6.2 my_port 500 peer_port 500 (I) MM_NO_STATE",
  ].join("\n");
  return Array.from({ length: 40_000 }, () => block).join("\n");
}

describe("capture/intern", () => {
  it("keeps its own copy of each string, equal to the one given", () => {
    const text = "x".repeat(1000) + "IKE_P1_COMPLETE" + "y".repeat(1000);
    const cut = text.slice(1000, 1015);
    assert.equal(detached(cut), cut);
    const table = new Interner(2);
    const a = table.intern(cut);
    assert.equal(a, "IKE_P1_COMPLETE");
    assert.equal(table.intern("IKE_P1_COMPLETE"), a);
    assert.equal(table.intern("b"), "b");
    // Full: strings are handed back as they are.
    assert.equal(table.intern("c"), "c");
  });

  it("lets a capture's text go once its model is dropped (tables outlive the parse)", () => {
    const gc = collector();
    const heap = (): number => {
      // The last regex subject is kept by V8 until the next match; match something small.
      /x/.test("x");
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    (() => {
      const text = bigCapture("leaktest");
      assert.ok(text.length > 15_000_000);
      const parsed = parseDocument(
        { uri: "file:///big.ioslog", languageId: "cisco-ios-log", text },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      validate(parsed, {
        settings: DEFAULT_ANALYSIS_SETTINGS,
        overrides: {},
      });
    })();
    const grown = heap() - before;
    assert.ok(
      grown < 8_000_000,
      `${Math.round(grown / 1e6)} MB still held after the model was dropped`,
    );
  });
});
