import * as assert from "node:assert/strict";
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
});
