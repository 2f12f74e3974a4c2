import * as assert from "node:assert/strict";
import { isIPv6 } from "node:net";
import fc from "fast-check";
import {
  formatIpv6,
  formatIpv6Prefix,
  ipv6PrefixContains,
  parseIpv6,
  parseIpv6Prefix,
  type Ipv6Address,
} from "../../../../server/src/core/ipv6/address";

/** The WHATWG URL parser's canonical form of an IPv6 address: an independent implementation. */
const urlForm = (text: string): string =>
  new URL(`http://[${text}]/`).hostname.slice(1, -1);

const ip6 = (text: string): Ipv6Address => {
  const value = parseIpv6(text);
  assert.ok(value !== undefined, `${text} should parse`);
  return value;
};

/** Eight 16-bit groups, biased toward zero groups (where `::` goes). */
const groups = fc.array(
  fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })),
  { minLength: 8, maxLength: 8 },
);

/** Any address, in the model's form (32 hex digits). */
const address = groups.map(
  (gs) =>
    gs.map((g) => g.toString(16).padStart(4, "0")).join("") as Ipv6Address,
);

describe("ipv6/address", () => {
  it("parses the text forms IOS configs use and prints them as IOS does", () => {
    assert.equal(formatIpv6(ip6("2001:db8:0:2::1")), "2001:DB8:0:2::1");
    assert.equal(
      formatIpv6(ip6("2001:0DB8:0000:0000:0000:0000:0000:0001")),
      "2001:DB8::1",
    );
    assert.equal(formatIpv6(ip6("::")), "::");
    assert.equal(formatIpv6(ip6("::1")), "::1");
    assert.equal(formatIpv6(ip6("FE80::")), "FE80::");
    // One zero group is not compressed; of two equal runs the first is.
    assert.equal(
      formatIpv6(ip6("2001:db8:0:1:1:1:1:1")),
      "2001:DB8:0:1:1:1:1:1",
    );
    assert.equal(formatIpv6(ip6("2001:0:0:1:0:0:1:1")), "2001::1:0:0:1:1");
    // The last 32 bits may be written as an IPv4 address.
    assert.equal(ip6("::ffff:192.0.2.1"), ip6("::ffff:c000:201"));
  });

  it("refuses text that is not an IPv6 address", () => {
    for (const bad of [
      "",
      "1",
      "192.0.2.1",
      "R2.example.com",
      ":::",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::1",
      "g::1",
      ":1:2:3:4:5:6:7",
      "1.2.3.4::",
      "::1.2.3",
      "::1/128",
    ]) {
      assert.equal(parseIpv6(bad), undefined, bad);
    }
  });

  it("prints every address in the canonical form the URL standard gives, and reads it back", () => {
    fc.assert(
      fc.property(address, (value) => {
        const text = formatIpv6(value);
        assert.equal(text.toLowerCase(), urlForm(text));
        assert.equal(parseIpv6(text), value);
        assert.equal(parseIpv6(text.toLowerCase()), value);
      }),
    );
  });

  it("accepts exactly the texts Node accepts as IPv6, with the value the URL parser reads", () => {
    const text = fc.oneof(
      // Uncompressed, with leading zeros kept on some groups.
      groups.map((gs) =>
        gs.map((g, i) => g.toString(16).padStart((i % 3) + 1, "0")).join(":"),
      ),
      address.map(formatIpv6),
      fc.stringMatching(/^[0-9a-fA-F:.]{0,24}$/),
    );
    fc.assert(
      fc.property(text, (t) => {
        const value = parseIpv6(t);
        assert.equal(value !== undefined, isIPv6(t), t);
        if (value !== undefined) {
          assert.equal(formatIpv6(value).toLowerCase(), urlForm(t), t);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads prefixes and tells which addresses they hold", () => {
    const p = parseIpv6Prefix("2001:DB8:0:2::/64");
    assert.ok(p);
    assert.equal(formatIpv6Prefix(p), "2001:DB8:0:2::/64");
    assert.ok(ipv6PrefixContains(p, ip6("2001:db8:0:2::1")));
    assert.ok(ipv6PrefixContains(p, ip6("2001:db8:0:2:ffff:ffff:ffff:ffff")));
    assert.ok(!ipv6PrefixContains(p, ip6("2001:db8:0:3::1")));
    const all = parseIpv6Prefix("::/0")!;
    assert.ok(ipv6PrefixContains(all, ip6("2001:db8::1")));
    const host = parseIpv6Prefix("2001:db8::1/128")!;
    assert.ok(ipv6PrefixContains(host, ip6("2001:db8::1")));
    assert.ok(!ipv6PrefixContains(host, ip6("2001:db8::2")));
    for (const bad of [
      "2001:db8::1",
      "2001:db8::/129",
      "2001:db8::/",
      "10.0.0.0/8",
      "x/64",
    ]) {
      assert.equal(parseIpv6Prefix(bad), undefined, bad);
    }
  });

  it("holds an address in a prefix exactly when their first LENGTH bits agree", () => {
    const bits = (a: Ipv6Address, length: number) =>
      BigInt(`0x${a}`).toString(2).padStart(128, "0").slice(0, length);
    fc.assert(
      fc.property(
        address,
        address,
        fc.integer({ min: 0, max: 128 }),
        (a, b, length) => {
          assert.equal(
            ipv6PrefixContains({ address: a, length }, b),
            bits(a, length) === bits(b, length),
          );
        },
      ),
    );
  });
});
