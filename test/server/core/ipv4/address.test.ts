import * as assert from "node:assert/strict";
import {
  describeWildcard,
  formatIpv4,
  maskToPrefix,
  parseIpv4,
  prefixContains,
  prefixOf,
  wildcardContains,
  wildcardCovers,
  wildcardMatch,
  wildcardsIntersect,
} from "../../../../server/src/core/ipv4/address";
import { lookupRoute } from "../../../../server/src/core/ipv4/routing";

const ip = (text: string): number => {
  const value = parseIpv4(text);
  assert.ok(value !== undefined, `${text} should parse`);
  return value;
};
const wc = (a: string, w: string) => wildcardMatch(ip(a), ip(w));

describe("ipv4/address", () => {
  it("parses and formats dotted quads, rejecting malformed ones", () => {
    assert.equal(formatIpv4(ip("172.16.6.2")), "172.16.6.2");
    assert.equal(ip("255.255.255.255"), 0xffffffff);
    for (const bad of [
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "a.b.c.d",
      "",
      "1..2.3",
      "01234.1.1.1",
    ]) {
      assert.equal(parseIpv4(bad), undefined, bad);
    }
  });

  it("converts masks to prefix lengths and refuses masks with holes", () => {
    assert.equal(maskToPrefix(ip("255.255.255.0")), 24);
    assert.equal(maskToPrefix(ip("0.0.0.0")), 0);
    assert.equal(maskToPrefix(ip("255.255.255.255")), 32);
    assert.equal(maskToPrefix(ip("255.0.255.0")), undefined);
  });

  it("tests prefix membership", () => {
    const net = prefixOf(ip("172.16.5.1"), 24);
    assert.equal(formatIpv4(net.network), "172.16.5.0");
    assert.ok(prefixContains(net, ip("172.16.5.200")));
    assert.ok(!prefixContains(net, ip("172.16.6.2")));
  });

  it("matches contiguous and non-contiguous wildcards", () => {
    assert.ok(wildcardContains(wc("10.1.1.0", "0.0.0.255"), ip("10.1.1.77")));
    assert.ok(!wildcardContains(wc("10.1.1.0", "0.0.0.255"), ip("10.1.2.1")));
    // 10.0.x.1 for any x: the third octet is free, the last is fixed.
    const holes = wc("10.0.0.1", "0.0.255.0");
    assert.ok(wildcardContains(holes, ip("10.0.77.1")));
    assert.ok(!wildcardContains(holes, ip("10.0.77.2")));
    assert.match(describeWildcard(holes), /non-contiguous, 256 addresses/);
    assert.equal(
      describeWildcard(wc("10.1.0.0", "0.0.255.255")),
      "10.1.0.0/16",
    );
  });

  it("decides coverage and intersection of wildcard matches (the seed's asymmetric ACLs)", () => {
    const tokyo = wc("10.1.0.0", "0.0.255.255");
    const osaka = wc("10.1.1.0", "0.0.0.255");
    assert.ok(wildcardCovers(tokyo, osaka));
    assert.ok(!wildcardCovers(osaka, tokyo));
    assert.ok(wildcardsIntersect(tokyo, osaka));
    assert.ok(!wildcardsIntersect(osaka, wc("10.2.2.0", "0.0.0.255")));
  });
});

describe("ipv4/routing", () => {
  const routes = [
    { prefix: prefixOf(0, 0), distance: 1, value: "default" },
    { prefix: prefixOf(ip("172.16.5.0"), 24), distance: 0, value: "Serial4/0" },
    { prefix: prefixOf(ip("172.16.0.0"), 16), distance: 1, value: "summary" },
    {
      prefix: prefixOf(ip("172.16.0.0"), 16),
      distance: 200,
      value: "floating",
    },
  ];

  it("picks the longest prefix, then the lowest distance", () => {
    assert.equal(lookupRoute(routes, ip("172.16.5.9"))?.value, "Serial4/0");
    assert.equal(lookupRoute(routes, ip("172.16.6.2"))?.value, "summary");
    assert.equal(lookupRoute(routes, ip("8.8.8.8"))?.value, "default");
    assert.equal(lookupRoute(routes.slice(1), ip("8.8.8.8")), undefined);
  });
});
