import * as assert from "node:assert/strict";
import { outPieces } from "../../server/src/cli/io";

describe("cli/io", () => {
  it("writes many small pieces as a few megabyte writes, nothing lost or reordered", () => {
    const writes: string[] = [];
    const io = { out: (t: string) => writes.push(t), err: () => undefined };
    const pieces = Array.from(
      { length: 30_000 },
      (_, i) => `${String(i).padStart(6, "0")}${"x".repeat(94)}\n`,
    );
    outPieces(io, pieces);
    assert.equal(writes.join(""), pieces.join(""));
    // 3 MB of text: three full writes and the rest.
    assert.equal(writes.length, 3);
    assert.ok(writes.slice(0, -1).every((w) => w.length >= 1 << 20));
    writes.length = 0;
    outPieces(io, []);
    assert.deepEqual(writes, []);
  });
});
