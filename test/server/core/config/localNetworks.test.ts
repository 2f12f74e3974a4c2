import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  localNetworkOf,
  singleLanNetwork,
} from "../../../../server/src/core/config/localNetworks";
import type { CryptoView } from "../../../../server/src/core/config/cryptoPeers";
import type { Interface } from "../../../../server/src/core/config/model";
import {
  invert,
  prefixOf,
  prefixToMask,
  wildcardMatch,
  wildcardsIntersect,
  type WildcardMatch,
} from "../../../../server/src/core/ipv4/address";

const BASES = [0x0a000000, 0x0a010100, 0xac100000];
const address = fc
  .tuple(fc.constantFrom(...BASES), fc.integer({ min: 0, max: 0x1ff }))
  .map(([base, offset]) => (base + offset) >>> 0);

const IFACES = [
  "gigabitethernet0/0",
  "gigabitethernet0/1",
  "loopback0",
  "serial0/0",
].map((key) => ({ key, name: key }) as unknown as Interface);

const view = fc
  .array(
    fc.tuple(
      address,
      fc.integer({ min: 8, max: 32 }),
      fc.constantFrom(...IFACES),
    ),
    { maxLength: 40, size: "max" },
  )
  .map(
    (nets) =>
      ({
        localNetworks: nets.map(([a, l, iface]) => ({
          prefix: prefixOf(a, l),
          iface,
        })),
      }) as unknown as CryptoView,
  );

const match: fc.Arbitrary<WildcardMatch> = fc.oneof(
  fc.constant({ address: 0, wildcard: 0xffffffff }),
  fc
    .tuple(address, fc.integer({ min: 0, max: 32 }))
    .map(([a, l]) => wildcardMatch(a, invert(prefixToMask(l)))),
  fc
    .tuple(address, fc.constantFrom(0x0000ff00, 0x000000fe))
    .map(([a, w]) => wildcardMatch(a, w)),
);

/** The definitions the index replaces: a scan in the view's order. */
function scanLocal(v: CryptoView, m: WildcardMatch) {
  if (m.wildcard === 0xffffffff) {
    return undefined;
  }
  return v.localNetworks.find((n) =>
    wildcardsIntersect(
      {
        address: n.prefix.network,
        wildcard: invert(prefixToMask(n.prefix.length)),
      },
      m,
    ),
  );
}

function scanLan(v: CryptoView, excluded: Interface[]) {
  const lans = v.localNetworks.filter(
    (n) =>
      !excluded.includes(n.iface) &&
      n.prefix.length < 32 &&
      !/^loopback/i.test(n.iface.key),
  );
  return lans.length === 1 ? lans[0]!.prefix : undefined;
}

describe("config/localNetworks", () => {
  it("finds the first local network a match touches, as a scan does", () => {
    fc.assert(
      fc.property(
        view,
        fc.array(match, { minLength: 1, maxLength: 20 }),
        (v, matches) => {
          for (const m of matches) {
            assert.equal(localNetworkOf(v, m), scanLocal(v, m));
          }
        },
      ),
      { seed: 3, numRuns: 400 },
    );
  });

  it("names the single LAN network outside the crypto interfaces, as a scan does", () => {
    fc.assert(
      fc.property(view, fc.subarray(IFACES), (v, excluded) => {
        assert.deepEqual(singleLanNetwork(v, excluded), scanLan(v, excluded));
      }),
      { seed: 5, numRuns: 400 },
    );
  });
});
