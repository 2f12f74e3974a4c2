import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  parseIpv4,
  prefixContains,
  prefixOf,
} from "../../../../server/src/core/ipv4/address";
import {
  PrefixMap,
  PrefixSet,
} from "../../../../server/src/core/ipv4/prefixSet";

const ip = (text: string): number => parseIpv4(text)!;

describe("ipv4/prefixSet", () => {
  it("covers the addresses of its hosts, subnets and the default prefix", () => {
    const set = new PrefixSet([
      prefixOf(ip("172.16.5.2"), 32),
      prefixOf(ip("10.1.0.0"), 16),
    ]);
    assert.equal(set.covers(ip("172.16.5.2")), true);
    assert.equal(set.covers(ip("172.16.6.2")), false);
    assert.equal(set.covers(ip("10.1.200.7")), true);
    assert.equal(set.covers(ip("10.2.0.1")), false);
    // A network written with host bits set still covers its whole subnet.
    set.add({ network: ip("192.0.2.77"), length: 24 });
    assert.equal(set.covers(ip("192.0.2.1")), true);
    assert.equal(new PrefixSet().covers(0), false);
    assert.equal(
      new PrefixSet([prefixOf(0, 0)]).covers(ip("203.0.113.9")),
      true,
    );
  });

  it("answers as testing every prefix would", () => {
    const prefix = fc
      .tuple(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(([address, length]) => prefixOf(address, length));
    fc.assert(
      fc.property(
        fc.array(prefix, { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }),
        (prefixes, addresses) => {
          const set = new PrefixSet(prefixes);
          for (const address of [
            ...addresses,
            ...prefixes.map((p) => p.network),
          ]) {
            assert.equal(
              set.covers(address),
              prefixes.some((p) => prefixContains(p, address)),
            );
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("finds the value of the longest prefix that covers an address, the first given for a prefix", () => {
    const map = new PrefixMap<string>();
    map.set(prefixOf(0, 0), "default");
    map.set(prefixOf(ip("172.16.5.0"), 24), "Serial4/0");
    map.set(prefixOf(ip("172.16.5.0"), 24), "ignored");
    map.set(prefixOf(ip("172.16.5.5"), 32), "host");
    assert.equal(map.longest(ip("172.16.5.5")), "host");
    assert.equal(map.longest(ip("172.16.5.9")), "Serial4/0");
    assert.equal(map.longest(ip("8.8.8.8")), "default");
    assert.equal(new PrefixMap<string>().longest(0), undefined);
  });
});
