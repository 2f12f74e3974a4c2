import * as assert from "node:assert/strict";
import {
  parseIpv4,
  wildcardContains,
  wildcardMatch,
  type WildcardMatch,
} from "../../../../server/src/core/ipv4/address";
import type { AclRule } from "../../../../server/src/core/ipv4/acl";
import {
  ALL_PORTS,
  boxCovers,
  boxOfRule,
  intersectBoxes,
  intersectPortSets,
  intersectWildcardMatches,
  portSetOf,
  portSetToMatches,
  subtractBox,
  subtractFromRegion,
  subtractPortSets,
  subtractWildcardMatch,
  type TrafficBox,
} from "../../../../server/src/core/ipv4/trafficSet";

/** A match from `A W` text. */
function m(address: string, wildcard: string): WildcardMatch {
  return wildcardMatch(parseIpv4(address)!, parseIpv4(wildcard)!);
}

/** An ACL rule's box from its parts. */
function box(rule: Partial<AclRule>): TrafficBox {
  return boxOfRule({
    action: "permit",
    protocol: undefined,
    source: m("0.0.0.0", "255.255.255.255"),
    destination: m("0.0.0.0", "255.255.255.255"),
    ...rule,
  });
}

describe("ipv4/trafficSet", () => {
  it("reads port conditions as IOS matches them", () => {
    assert.deepEqual(portSetOf(undefined), ALL_PORTS);
    assert.deepEqual(portSetOf({ op: "eq", ports: [443, 80, 81] }), [
      [80, 81],
      [443, 443],
    ]);
    assert.deepEqual(portSetOf({ op: "neq", ports: [80] }), [
      [0, 79],
      [81, 65535],
    ]);
    assert.deepEqual(portSetOf({ op: "lt", ports: [1024] }), [[0, 1023]]);
    assert.deepEqual(portSetOf({ op: "gt", ports: [1023] }), [[1024, 65535]]);
    assert.deepEqual(portSetOf({ op: "lt", ports: [0] }), []);
    assert.deepEqual(portSetOf({ op: "range", ports: [1000, 2000] }), [
      [1000, 2000],
    ]);
  });

  it("intersects and subtracts port sets, and writes them back as conditions", () => {
    const web = portSetOf({ op: "range", ports: [80, 443] });
    const high = portSetOf({ op: "gt", ports: [100] });
    assert.deepEqual(intersectPortSets(web, high), [[101, 443]]);
    assert.deepEqual(subtractPortSets(web, high), [[80, 100]]);
    assert.deepEqual(subtractPortSets(ALL_PORTS, [[80, 80]]), [
      [0, 79],
      [81, 65535],
    ]);
    assert.equal(portSetToMatches(ALL_PORTS), undefined);
    assert.deepEqual(
      portSetToMatches(subtractPortSets(ALL_PORTS, [[22, 22]])),
      [{ op: "neq", ports: [22] }],
    );
    assert.deepEqual(
      portSetToMatches([
        [0, 9],
        [22, 22],
        [100, 200],
        [60000, 65535],
      ]),
      [
        { op: "lt", ports: [10] },
        { op: "eq", ports: [22] },
        { op: "range", ports: [100, 200] },
        { op: "gt", ports: [59999] },
      ],
    );
  });

  it("subtracts non-contiguous wildcards exactly, in disjoint pieces (checked address by address)", () => {
    // Both matches vary only the last octet, so every address they can hold is enumerated.
    const cases: [WildcardMatch, WildcardMatch][] = [
      [m("10.0.0.0", "0.0.0.255"), m("10.0.0.5", "0.0.0.0")],
      [m("10.0.0.0", "0.0.0.255"), m("10.0.0.1", "0.0.0.254")],
      [m("10.0.0.0", "0.0.0.170"), m("10.0.0.0", "0.0.0.15")],
      [m("10.0.0.16", "0.0.0.15"), m("10.0.0.0", "0.0.0.240")],
      [m("10.0.0.0", "0.0.0.15"), m("10.0.0.32", "0.0.0.15")],
    ];
    for (const [a, b] of cases) {
      const pieces = subtractWildcardMatch(a, b);
      const shared = intersectWildcardMatches(a, b);
      for (let last = 0; last < 256; last++) {
        const address = (parseIpv4("10.0.0.0")! + last) >>> 0;
        const expected =
          wildcardContains(a, address) && !wildcardContains(b, address);
        const holders = pieces.filter((p) => wildcardContains(p, address));
        assert.equal(holders.length, expected ? 1 : 0, `10.0.0.${last}`);
        assert.equal(
          shared !== undefined && wildcardContains(shared, address),
          wildcardContains(a, address) && wildcardContains(b, address),
        );
      }
    }
    // A prefix minus a prefix inside it gives prefixes, one per bit.
    assert.equal(
      subtractWildcardMatch(
        m("10.0.0.0", "0.0.255.255"),
        m("10.0.4.0", "0.0.0.255"),
      ).length,
      8,
    );
  });

  it("subtracts boxes across protocols and ports", () => {
    const ip = box({
      source: m("10.1.1.0", "0.0.0.255"),
      destination: m("10.2.2.0", "0.0.0.255"),
    });
    const web = box({
      protocol: 6,
      source: m("10.1.0.0", "0.0.255.255"),
      destination: m("10.2.0.0", "0.0.255.255"),
      destinationPort: { op: "eq", ports: [80] },
    });
    const rest = subtractBox(ip, web);
    // Every protocol but TCP, then TCP to every other port.
    assert.deepEqual(
      rest.map((b) => [b.protocol, b.except, b.destinationPorts]),
      [
        [undefined, [6], ALL_PORTS],
        [
          6,
          [],
          [
            [0, 79],
            [81, 65535],
          ],
        ],
      ],
    );
    assert.ok(!boxCovers(web, ip));
    assert.ok(boxCovers(ip, intersectBoxes(ip, web)!));
    assert.ok(boxCovers(box({}), web));
    // What the pieces lack is exactly the shared part.
    assert.equal(intersectBoxes(rest[0]!, web), undefined);
    assert.equal(intersectBoxes(rest[1]!, web), undefined);
    // A port condition means nothing for a protocol without ports.
    assert.deepEqual(
      box({ protocol: 50, destinationPort: { op: "eq", ports: [1] } })
        .destinationPorts,
      ALL_PORTS,
    );
  });

  it("gives up past its bound instead of growing a region without end", () => {
    // Any address minus one host per /24 of 10.0.0.0/16 splits into dozens of boxes each time.
    let region: TrafficBox[] | undefined = [box({})];
    let steps = 0;
    while (region && steps < 1000) {
      region = subtractFromRegion(
        region,
        box({
          source: wildcardMatch(parseIpv4("10.0.0.1")! + steps * 256, 0),
        }),
        64,
      );
      steps++;
    }
    assert.equal(region, undefined);
    assert.ok(steps < 10, String(steps));
  });
});
