import * as assert from "node:assert/strict";
import fc from "fast-check";
import { jsonChunks } from "../../../../server/src/core/text/jsonChunks";

describe("text/jsonChunks", () => {
  it("writes, piece by piece, exactly what JSON.stringify writes", () => {
    const member = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant(() => 1),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), member),
        fc.array(member, { maxLength: 6 }),
        fc.nat(6),
        (others, pairs, at) => {
          // The streamed array among other members, at any place.
          const entries: [string, unknown][] = Object.entries(others).filter(
            ([k]) => k !== "pairs",
          );
          entries.splice(Math.min(at, entries.length), 0, ["pairs", pairs]);
          const value = Object.fromEntries(entries) as { pairs: unknown[] };
          const chunks = [...jsonChunks(value, "pairs")];
          assert.equal(chunks.join(""), JSON.stringify(value, null, 2) + "\n");
          if (pairs.length > 1) {
            // One piece per element: no piece holds the whole array.
            assert.ok(chunks.length >= pairs.length + 2);
          }
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });

  it("writes an object with nothing to write as JSON.stringify does", () => {
    for (const value of [{}, { pairs: undefined }, { pairs: [] }]) {
      assert.equal(
        [...jsonChunks(value as { pairs?: unknown[] }, "pairs")].join(""),
        JSON.stringify(value, null, 2) + "\n",
      );
    }
  });
});
