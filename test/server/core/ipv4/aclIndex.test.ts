import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  evaluateAcl,
  type AclRule,
  type Packet,
} from "../../../../server/src/core/ipv4/acl";
import {
  evaluateAclIndexed,
  firstRuleWhere,
  someRuleCovering,
} from "../../../../server/src/core/ipv4/aclIndex";
import {
  prefixToMask,
  wildcardCovers,
  wildcardMatch,
  wildcardsIntersect,
  type WildcardMatch,
} from "../../../../server/src/core/ipv4/address";

// Addresses from a few nearby blocks, so that rules, packets and boxes often overlap.
const BASES = [0x0a000000, 0x0a010100, 0x0a010180, 0xac100000, 0xc0a80101];
const address = fc
  .tuple(fc.constantFrom(...BASES), fc.integer({ min: 0, max: 0x3ff }))
  .map(([base, offset]) => (base + offset) >>> 0);

/** Any, hosts, prefixes of every length, non-contiguous wildcards, and addresses with bits under their wildcard. */
const match: fc.Arbitrary<WildcardMatch> = fc.oneof(
  fc.constant({ address: 0, wildcard: 0xffffffff }),
  address.map((a) => wildcardMatch(a, 0)),
  fc
    .tuple(address, fc.integer({ min: 0, max: 32 }))
    .map(([a, l]) => wildcardMatch(a, ~prefixToMask(l) >>> 0)),
  fc
    .tuple(address, fc.constantFrom(0x0000ff00, 0x00ff00ff, 0x000000fe))
    .map(([a, w]) => wildcardMatch(a, w)),
  fc.tuple(address, fc.integer({ min: 1, max: 24 })).map(([a, l]) => ({
    address: a | 1,
    wildcard: ~prefixToMask(32 - l) >>> 0,
  })),
);

const rule: fc.Arbitrary<AclRule> = fc.record({
  action: fc.constantFrom("permit" as const, "deny" as const),
  protocol: fc.constantFrom(undefined, 1, 6, 17, 50),
  source: match,
  destination: match,
  destinationPort: fc.option(
    fc.record({
      op: fc.constantFrom("eq" as const, "lt" as const, "gt" as const),
      ports: fc.constantFrom([80], [443], [500, 4500]),
    }),
    { nil: undefined },
  ),
});

const packet: fc.Arbitrary<Packet> = fc.record({
  protocol: fc.constantFrom(1, 6, 17, 50),
  source: address,
  destination: address,
  sourcePort: fc.constantFrom(undefined, 1024, 50000),
  destinationPort: fc.constantFrom(undefined, 80, 443, 500),
});

// Long enough to be indexed (the index starts at 32 entries), short ones too.
const rules = fc.oneof(
  fc.array(rule, { maxLength: 31 }),
  fc.array(rule, { minLength: 32, maxLength: 160, size: "max" }),
);

describe("ipv4/aclIndex", () => {
  it("gives the same first-match verdict, rule for rule, as a scan", () => {
    fc.assert(
      fc.property(
        rules,
        fc.array(packet, { minLength: 70, maxLength: 90 }),
        (list, packets) => {
          for (const p of packets) {
            const expected = evaluateAcl(list, p);
            const actual = evaluateAclIndexed(list, p);
            assert.equal(actual.action, expected.action);
            assert.equal(actual.rule, expected.rule);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("finds the first rule that meets a set of packets, and a rule that holds it whole, as a scan does", () => {
    const meets =
      (source: WildcardMatch, destination: WildcardMatch) => (r: AclRule) =>
        wildcardsIntersect(r.source, source) &&
        wildcardsIntersect(r.destination, destination) &&
        r.action === "deny";
    // The crypto ACL mirror question: a responder entry read backwards covers the proposal.
    const holds =
      (source: WildcardMatch, destination: WildcardMatch) => (r: AclRule) =>
        wildcardCovers(r.source, source) &&
        wildcardCovers(r.destination, destination) &&
        r.action === "permit";
    fc.assert(
      fc.property(
        rules,
        fc.array(fc.tuple(match, match), { minLength: 70, maxLength: 80 }),
        (list, boxes) => {
          for (const [source, destination] of boxes) {
            const test = meets(source, destination);
            assert.equal(
              firstRuleWhere(list, source, destination, test),
              list.find(test),
            );
            const whole = holds(source, destination);
            assert.equal(
              someRuleCovering(list, source, destination, whole),
              list.some(whole),
            );
          }
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it("answers for a list that grew after it was first indexed", () => {
    const deny = (a: number): AclRule => ({
      action: "deny",
      protocol: undefined,
      source: wildcardMatch(a, 0),
      destination: wildcardMatch(0, 0xffffffff),
    });
    const list: AclRule[] = [];
    for (let i = 0; i < 40; i++) {
      list.push(deny(0x0a000000 + i));
    }
    const probe = (s: number): Packet => ({
      protocol: 6,
      source: s,
      destination: 0xc0a80101,
    });
    // Enough questions for the list to be indexed (the first ones scan).
    for (let i = 0; i < 100; i++) {
      assert.equal(
        evaluateAclIndexed(list, probe(0x0a000000 + (i % 40))).rule,
        list[i % 40],
      );
    }
    assert.equal(evaluateAclIndexed(list, probe(0x0a0000ff)).rule, undefined);
    const late = deny(0x0a0000ff);
    list.push(late);
    assert.equal(evaluateAclIndexed(list, probe(0x0a0000ff)).rule, late);
  });
});
