import * as assert from "node:assert/strict";
import { pushAt } from "../../../../server/src/core/collections/multiMap";

describe("collections/multiMap", () => {
  it("creates a list for a key's first value", () => {
    const map = new Map<string, number[]>();
    pushAt(map, "a", 1);
    assert.deepEqual([...map], [["a", [1]]]);
  });

  it("appends to the same array, in the order the values come", () => {
    const map = new Map<string, number[]>();
    pushAt(map, "a", 1);
    const list = map.get("a");
    pushAt(map, "a", 2);
    pushAt(map, "a", 3);
    assert.equal(map.get("a"), list);
    assert.deepEqual(list, [1, 2, 3]);
  });

  it("grows a list the caller put in the map", () => {
    const own = [0];
    const map = new Map([["a", own]]);
    pushAt(map, "a", 1);
    assert.equal(map.get("a"), own);
    assert.deepEqual(own, [0, 1]);
  });

  it("keeps each key's values apart, keys in first-seen order", () => {
    const map = new Map<number, string[]>();
    pushAt(map, 2, "x");
    pushAt(map, 1, "y");
    pushAt(map, 2, "z");
    assert.deepEqual(
      [...map],
      [
        [2, ["x", "z"]],
        [1, ["y"]],
      ],
    );
  });
});
