import * as assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../server/src/core/document";
import { collectGarbage } from "../../../server/src/lsp/memory";
import { ModelCache } from "../../../server/src/lsp/modelCache";

/** A capture of about `chars` characters. */
function capture(chars: number): string {
  const line =
    "*Mar  1 00:01:02.123: ISAKMP:(1001): processing SA payload. message ID = 0\n";
  return line.repeat(Math.ceil(chars / line.length));
}

function edited(doc: TextDocument): TextDocument {
  return TextDocument.update(
    doc,
    [
      {
        range: {
          start: { line: 3, character: 0 },
          end: { line: 3, character: 0 },
        },
        text: "x",
      },
    ],
    doc.version + 1,
  );
}

describe("lsp/modelCache: memory between versions", () => {
  it("collects garbage before re-reading an edited big capture, not for small files or configs", () => {
    let collections = 0;
    const cache = new ModelCache(
      () => DEFAULT_ANALYSIS_SETTINGS,
      () => collections++,
    );
    let big = TextDocument.create(
      "file:///big.ioslog",
      "cisco-ios-log",
      1,
      capture(9_000_000),
    );
    assert.equal(cache.get(big).kind, "capture");
    assert.equal(collections, 0, "nothing to reclaim on the first read");
    big = edited(big);
    const parsed = cache.get(big);
    assert.equal(parsed.kind, "capture");
    assert.equal(collections, 1);
    assert.equal(cache.get(big), parsed, "the same version is not read again");
    assert.equal(collections, 1);

    let small = TextDocument.create(
      "file:///small.ioslog",
      "cisco-ios-log",
      1,
      capture(10_000),
    );
    cache.get(small);
    small = edited(small);
    cache.get(small);
    let config = TextDocument.create(
      "file:///r1.ios",
      "cisco-ios",
      1,
      "interface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n".repeat(200_000),
    );
    cache.get(config);
    config = edited(config);
    cache.get(config);
    assert.equal(collections, 1);
  });

  it("collectGarbage really frees what nothing references", async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ payload: new Array(1000).fill("x") });
    })();
    // A WeakRef keeps its target for the rest of the job that made it.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collectGarbage(), true);
    assert.equal(ref!.deref(), undefined);
  });

  it("holds nothing of the old version while it collects before reading the new one", async () => {
    let freed: boolean | undefined;
    const refs: WeakRef<object>[] = [];
    const cache = new ModelCache(
      () => DEFAULT_ANALYSIS_SETTINGS,
      () => {
        collectGarbage();
        freed = refs[0]!.deref() === undefined;
      },
    );
    let big = TextDocument.create(
      "file:///big.ioslog",
      "cisco-ios-log",
      1,
      capture(9_000_000),
    );
    refs.push(new WeakRef(cache.get(big)));
    big = edited(big);
    // A WeakRef keeps its target for the rest of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    cache.get(big);
    assert.equal(
      freed,
      true,
      "the old model was still reachable during the collection",
    );
  });
});
