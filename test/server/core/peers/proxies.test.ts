import * as assert from "node:assert/strict";
import fc from "fast-check";
import { parseConfig } from "../../../../server/src/core/config/parser";
import type { AccessList } from "../../../../server/src/core/config/model";
import {
  checkProxies,
  coversMirror,
  isExactMirror,
  mirrorEntryText,
} from "../../../../server/src/core/peers/proxies";

/** The ACL named 101 (or the first) of a config text. */
function acl(text: string) {
  return [...parseConfig(text).acls.values()][0]!;
}

describe("peers/proxies", () => {
  const tokyoWide = acl(
    "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n",
  );
  const osaka = acl(
    "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255\n",
  );
  const tokyo = acl(
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n",
  );

  it("lets the narrower side initiate and not the wider one (Examples 8-84 to 8-88)", () => {
    assert.equal(checkProxies(osaka, tokyoWide).rejected.length, 0);
    assert.equal(checkProxies(tokyoWide, osaka).accepted.length, 0);
    assert.equal(isExactMirror(tokyoWide, osaka), false);
    assert.ok(isExactMirror(tokyo, osaka));
  });

  it("reads ports and protocols backwards", () => {
    const a = acl(
      "ip access-list extended A\n permit tcp host 10.1.1.10 eq 22 host 10.2.2.10\n",
    );
    const b = acl(
      "ip access-list extended B\n permit tcp host 10.2.2.10 host 10.1.1.10 eq 22\n",
    );
    const wrongPort = acl(
      "ip access-list extended C\n permit tcp host 10.2.2.10 eq 22 host 10.1.1.10\n",
    );
    const udp = acl(
      "ip access-list extended D\n permit udp host 10.2.2.10 host 10.1.1.10 eq 22\n",
    );
    assert.ok(isExactMirror(a, b));
    assert.equal(checkProxies(a, wrongPort).rejected.length, 1);
    assert.equal(checkProxies(a, udp).rejected.length, 1);
  });

  it("ignores deny entries and accepts everything without a responder ACL (dynamic map)", () => {
    const withDeny = acl(
      "access-list 101 deny ip host 10.1.1.5 any\naccess-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n",
    );
    assert.deepEqual(checkProxies(withDeny, osaka).rejected, []);
    assert.equal(checkProxies(withDeny, undefined).accepted.length, 1);
  });

  it("judges as comparing every entry with every other would, mirrors found by key, by prefix or not", () => {
    // A small universe, so exact mirrors, wider and narrower entries all come up often; a
    // wildcard with holes cannot be found by prefix.
    const address = fc.constantFrom(
      "any",
      "host 10.0.0.1",
      "host 10.0.0.2",
      "10.0.0.0 0.0.0.255",
      "10.0.0.7 0.0.0.255",
      "10.0.0.0 0.0.255.255",
      "10.0.1.0 0.0.0.255",
      "10.0.0.128 0.0.0.127",
      "10.0.0.0 0.255.255.255",
      "10.0.0.1 0.0.255.0",
    );
    const port = fc.constantFrom(
      "",
      " eq 22",
      " eq 22 80",
      " gt 1023",
      " range 1 5",
    );
    const entry = fc
      .record({
        action: fc.constantFrom("permit", "permit", "deny"),
        protocol: fc.constantFrom("ip", "tcp", "udp", "esp"),
        source: address,
        sourcePort: port,
        destination: address,
        destinationPort: port,
      })
      .map((e) => {
        const ports = e.protocol === "tcp" || e.protocol === "udp";
        return {
          line: ` ${e.action} ${e.protocol} ${e.source}${ports ? e.sourcePort : ""} ${e.destination}${ports ? e.destinationPort : ""}`,
          mirror: ` ${e.action} ${e.protocol} ${e.destination}${ports ? e.destinationPort : ""} ${e.source}${ports ? e.sourcePort : ""}`,
        };
      });
    const list = (name: string, lines: string[]) =>
      acl(`ip access-list extended ${name}\n${lines.join("\n")}\n`);
    const referenceAccepted = (i: AccessList, r: AccessList) =>
      i.entries
        .filter((e) => e.action === "permit")
        .filter((e) => r.entries.some((x) => coversMirror(x, e)));
    const referenceExact = (a: AccessList, b: AccessList) => {
      const pa = a.entries.filter((e) => e.action === "permit");
      const pb = b.entries.filter((e) => e.action === "permit");
      return (
        pa.length === pb.length &&
        pa.every((e) =>
          pb.some((r) => coversMirror(r, e) && coversMirror(e, r)),
        )
      );
    };
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 8 }),
        fc.array(entry, { maxLength: 5 }),
        fc.boolean(),
        (entries, extra, shuffle) => {
          const a = list(
            "A",
            entries.map((e) => e.line),
          );
          // Mostly the mirror of A, in another order, with some entries of its own.
          const mirrored = entries.map((e) => e.mirror);
          const b = list("B", [
            ...(shuffle ? mirrored.reverse() : mirrored),
            ...extra.map((e) => e.line),
          ]);
          for (const [i, r] of [
            [a, b],
            [b, a],
          ] as const) {
            assert.deepEqual(
              checkProxies(i, r).accepted,
              referenceAccepted(i, r),
            );
            assert.equal(isExactMirror(i, r), referenceExact(i, r));
          }
        },
      ),
      { seed: 7, numRuns: 600 },
    );
  });

  it("writes the mirror of an entry", () => {
    const e = acl(
      "ip access-list extended A\n permit tcp 10.1.1.0 0.0.0.255 eq 22 host 10.2.2.10\n",
    ).entries[0]!;
    assert.equal(
      mirrorEntryText(e),
      "permit tcp host 10.2.2.10 10.1.1.0 0.0.0.255 eq 22",
    );
  });
});
