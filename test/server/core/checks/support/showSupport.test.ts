import * as assert from "node:assert/strict";
import { parseCapture } from "../../../../../server/src/core/capture/parser";
import {
  listSome,
  nearestBlock,
} from "../../../../../server/src/core/checks/support/showSupport";

describe("checks/support/showSupport", () => {
  it("finds the same router's output of a kind nearest to a block, the earlier one on a tie", () => {
    const key = (address: string) =>
      `show crypto isakmp key\nHostname/Address        Preshared Key\n${address}              cisco`;
    const model = parseCapture(
      [
        `Tokyo#${key("172.16.5.2")}`,
        `Osaka#${key("172.16.5.1")}`,
        'Tokyo#show crypto map\nCrypto Map "M" 10 ipsec-isakmp\n        Peer = 172.16.6.2',
        `Tokyo#${key("172.16.6.2")}`,
        "Tokyo#",
      ].join("\n"),
    );
    const map = model.shows.find((b) => b.kind === "crypto-map")!;
    const keysOf = (b: ReturnType<typeof nearestBlock>) =>
      b?.data?.kind === "isakmp-key"
        ? b.data.keys.map((k) => k.address.text)
        : [];
    // Tokyo's key blocks sit 5 lines before and 3 after the map: the later one is nearer.
    assert.deepEqual(keysOf(nearestBlock(model, map, "isakmp-key")), [
      "172.16.6.2",
    ]);
    assert.equal(nearestBlock(model, map, "ip-route"), undefined);
    const osaka = model.shows.find(
      (b) => b.router === "Osaka" && b.kind === "isakmp-key",
    )!;
    // Osaka's own output is the nearest of its kind for Osaka, whatever lies between.
    assert.equal(nearestBlock(model, osaka, "isakmp-key"), osaka);
  });

  it("lists a few items and counts the rest", () => {
    assert.equal(listSome([]), "");
    assert.equal(listSome(["a", "b"]), "a, b");
    assert.equal(
      listSome(["a", "b", "c", "d", "e", "f", "g"]),
      "a, b, c, d, e and 2 more",
    );
    assert.equal(listSome(["a", "b", "c"], 2), "a, b and 1 more");
  });
});
