import * as assert from "node:assert/strict";
import fc from "fast-check";
import type {
  Keyring,
  PresharedKey,
} from "../../../../server/src/core/config/model";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { parseIpv4 } from "../../../../server/src/core/ipv4/address";
import {
  compareSecrets,
  decodeType7,
  encodeType7,
  findPresharedKey,
} from "../../../../server/src/core/peers/presharedKeys";

const ip = (s: string) => parseIpv4(s)!;

/** Looks up a key as the analysis does, resolving keyring local addresses written as addresses. */
function lookup(text: string, peer: string, local?: string, profile?: string) {
  const model = parseConfig(text);
  return findPresharedKey(
    model,
    {
      peer: ip(peer),
      peerNames: ["Osaka", "osaka.mjlnet.com"],
      local: local ? ip(local) : undefined,
      profile: profile
        ? model.isakmpProfiles.find((p) => p.name === profile)
        : undefined,
    },
    (ring) => ring.localAddress?.address,
  );
}

describe("peers/presharedKeys", () => {
  it("decodes type 7 with the public algorithm, and encodes back", () => {
    assert.equal(decodeType7("0822455D0A16"), "cisco");
    assert.equal(decodeType7("02050D480809"), "cisco");
    assert.equal(decodeType7("not-type-7"), undefined);
    assert.equal(decodeType7("0822455D0A1"), undefined);
    for (const text of ["cisco", "disco", "Tr0ub4dor&3", "a"]) {
      assert.equal(decodeType7(encodeType7(text, 7)), text);
    }
  });

  it("compares type 0 and type 7 by clear text; type 6 cannot be compared", () => {
    const range = {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    const zero = { type: 0 as const, value: "cisco", range };
    const seven = { type: 7 as const, value: "0822455D0A16", range };
    const six = {
      type: 6 as const,
      value: "FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB",
      range,
    };
    assert.equal(compareSecrets(zero, seven), "same");
    assert.equal(
      compareSecrets({ ...zero, value: "disco" }, seven),
      "different",
    );
    assert.equal(compareSecrets(zero, six), "unverifiable");
  });

  it("takes the most specific address key, global or in a keyring", () => {
    const text = [
      "crypto isakmp key wild address 0.0.0.0 0.0.0.0",
      "crypto keyring NET",
      " pre-shared-key address 172.16.6.0 255.255.255.0 key net",
      "crypto isakmp key host address 172.16.6.2",
    ].join("\n");
    assert.equal(lookup(text, "172.16.6.2").key?.secret.value, "host");
    assert.equal(lookup(text, "172.16.6.9").key?.secret.value, "net");
    assert.equal(lookup(text, "10.9.9.9").key?.secret.value, "wild");
  });

  it("covers a peer whose address no config shows (negotiated, DHCP) with a wildcard key only", () => {
    const text = [
      "crypto isakmp key net address 172.16.6.0 255.255.255.0",
      "crypto keyring BRANCHES",
      " pre-shared-key address 0.0.0.0 0.0.0.0 key wild",
    ].join("\n");
    const unknown = (t: string) =>
      findPresharedKey(
        parseConfig(t),
        { peerNames: [] },
        (ring) => ring.localAddress?.address,
      ).key?.secret.value;
    assert.equal(unknown(text), "wild");
    // `address 0.0.0.0` without a mask is every address too; a subnet key is not.
    assert.equal(
      unknown("crypto isakmp key bare address 0.0.0.0\nmore"),
      "bare",
    );
    assert.equal(unknown(text.split("\n")[0]!), undefined);
    // A key for the peer's name still comes first.
    const named = findPresharedKey(
      parseConfig(
        `${text}\ncrypto isakmp key byname hostname osaka.mjlnet.com`,
      ),
      { peerNames: ["Osaka", "osaka.mjlnet.com"] },
      (ring) => ring.localAddress?.address,
    );
    assert.equal(named.key?.secret.value, "byname");
  });

  it("skips keyrings bound to another local address, and prefers a bound one at equal specificity", () => {
    const text = [
      "crypto keyring A",
      " local-address 2.3.4.6",
      " pre-shared-key address 2.3.4.8 key psk2",
      "crypto keyring B",
      " pre-shared-key address 2.3.4.8 key psk5",
    ].join("\n");
    const bound = lookup(text, "2.3.4.8", "2.3.4.6");
    assert.equal(bound.key?.secret.value, "psk2");
    // The bound keyring wins by rule, so the choice is not ambiguous.
    assert.deepEqual(bound.ambiguous, []);
    assert.equal(lookup(text, "2.3.4.8", "2.3.4.7").key?.secret.value, "psk5");
  });

  it("searches only the keyrings of the isakmp profile the crypto map names", () => {
    const text = [
      "crypto isakmp key global address 172.16.6.2",
      "crypto keyring RING",
      " pre-shared-key address 172.16.6.2 key ring",
      "crypto isakmp profile P",
      " keyring RING",
    ].join("\n");
    assert.equal(
      lookup(text, "172.16.6.2", undefined, "P").key?.secret.value,
      "ring",
    );
  });

  it("lists equally specific keys with different secrets as ambiguous", () => {
    const text = [
      "crypto keyring A",
      " pre-shared-key address 2.3.4.8 key one",
      "crypto keyring B",
      " pre-shared-key address 2.3.4.8 key two",
    ].join("\n");
    const r = lookup(text, "2.3.4.8");
    assert.equal(r.key?.secret.value, "one");
    assert.deepEqual(
      r.ambiguous.map((k) => k.secret.value),
      ["two"],
    );
  });

  it("falls back to a hostname key when no address key covers the peer", () => {
    const text = "crypto isakmp key named hostname osaka.mjlnet.com\n";
    assert.equal(lookup(text, "172.16.6.2").key?.secret.value, "named");
    assert.equal(
      lookup("crypto isakmp key x hostname kyoto\n", "172.16.6.2").key,
      undefined,
    );
  });

  it("finds, among many keys, what scoring every key in order would", () => {
    // Enough keys for the lists to be looked up by prefix; masks with holes, hostname keys,
    // equally specific keys with other secrets, keyrings bound to a local address or not.
    const address = fc.constantFrom(
      "10.0.0.0",
      "10.0.0.1",
      "10.0.1.0",
      "10.1.0.0",
      "192.0.2.1",
      "0.0.0.0",
    );
    const mask = fc.constantFrom(
      "255.255.255.255",
      "255.255.255.0",
      "255.255.0.0",
      "255.0.0.0",
      "0.0.0.0",
      "255.0.255.0",
    );
    const key = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.nat(3), address, mask) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(3), fc.constant("host")) },
    );
    const line = (
      [secret, a, m]: [number, string, string?],
      ring: boolean,
    ): string =>
      m === undefined
        ? ring
          ? ` pre-shared-key hostname osaka.mjlnet.com key K${secret}`
          : `crypto isakmp key K${secret} hostname osaka.mjlnet.com`
        : ring
          ? ` pre-shared-key address ${a} ${m} key K${secret}`
          : `crypto isakmp key K${secret} address ${a} ${m}`;
    // Not bound, bound to the address the lookup is made from, or to another one.
    const ring = fc.record({
      bound: fc.constantFrom(undefined, "203.0.113.1", "198.51.100.1"),
      keys: fc.array(key, { maxLength: 20 }),
    });
    // The bits up to the mask's last one (a mask with holes counts its holes).
    const maskLength = (m: number) => (m === 0 ? 0 : 1 + Math.clz32(m & -m));
    // The lookup's rules, by a scan: most specific mask, then a bound keyring, then list order.
    const reference = (
      rings: readonly Keyring[],
      globals: readonly PresharedKey[],
      peer: number,
    ) => {
      const searched = rings.filter(
        (r) =>
          r.localAddress?.address === undefined ||
          r.localAddress.address === ip("203.0.113.1"),
      );
      const all = [
        ...searched.flatMap((r) => r.keys.map((k) => ({ k, r }))),
        ...globals.map((k) => ({ k, r: undefined as Keyring | undefined })),
      ];
      const score = ({ k, r }: (typeof all)[number]) =>
        !k.address ||
        (peer & k.address.mask) >>> 0 !==
          (k.address.address & k.address.mask) >>> 0
          ? -1
          : maskLength(k.address.mask >>> 0) * 2 + (r?.localAddress ? 1 : 0);
      let best: (typeof all)[number] | undefined;
      for (const c of all) {
        if (score(c) >= 0 && (!best || score(c) > score(best))) {
          best = c;
        }
      }
      return best
        ? {
            key: best.k,
            ambiguous: all
              .filter(
                (c) =>
                  c.k !== best.k &&
                  score(c) === score(best) &&
                  compareSecrets(c.k.secret, best.k.secret) === "different",
              )
              .map((c) => c.k),
          }
        : undefined;
    };
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 16, maxLength: 40 }),
        fc.array(ring, { maxLength: 3 }),
        fc.array(address, { minLength: 1, maxLength: 8 }),
        (globals, rings, peers) => {
          const text = [
            ...globals.map((k) => line(k as [number, string, string?], false)),
            ...rings.flatMap((r, i) => [
              `crypto keyring R${i}`,
              ...(r.bound ? [` local-address ${r.bound}`] : []),
              ...r.keys.map((k) => line(k as [number, string, string?], true)),
            ]),
          ].join("\n");
          const model = parseConfig(text + "\n");
          for (const peer of peers) {
            const found = findPresharedKey(
              model,
              { peer: ip(peer), peerNames: [], local: ip("203.0.113.1") },
              (r) => r.localAddress?.address,
            );
            const expected = reference(
              model.keyrings,
              model.globalKeys,
              ip(peer),
            );
            if (expected) {
              assert.equal(found.key, expected.key);
              assert.deepEqual(found.ambiguous, expected.ambiguous);
            } else {
              assert.equal(found.key?.address, undefined);
            }
          }
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });
});
