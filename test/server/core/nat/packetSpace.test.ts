import * as assert from "node:assert/strict";
import {
  parseIpv4,
  wildcardMatch,
  type WildcardMatch,
} from "../../../../server/src/core/ipv4/address";
import {
  ruleMatches,
  type AclRule,
} from "../../../../server/src/core/ipv4/acl";
import {
  boxContains,
  intersectBoxes,
  intersectWildcards,
  samplePackets,
  type PacketBox,
} from "../../../../server/src/core/nat/packetSpace";

const ip = (t: string): number => parseIpv4(t)!;
const wm = (a: string, w: string): WildcardMatch => wildcardMatch(ip(a), ip(w));
const box = (
  src: WildcardMatch,
  dst: WildcardMatch,
  protocol?: number,
): PacketBox => ({
  source: src,
  destination: dst,
  protocol,
  sourcePorts: [],
  destinationPorts: [],
});

describe("nat/packetSpace", () => {
  it("intersects wildcard matches, contiguous or not", () => {
    assert.deepEqual(
      intersectWildcards(
        wm("10.1.1.0", "0.0.0.255"),
        wm("10.1.1.128", "0.0.0.127"),
      ),
      wm("10.1.1.128", "0.0.0.127"),
    );
    assert.deepEqual(
      intersectWildcards(
        wm("10.1.0.1", "0.0.255.0"),
        wm("10.1.7.0", "0.0.0.255"),
      ),
      wm("10.1.7.1", "0.0.0.0"),
    );
    assert.equal(
      intersectWildcards(
        wm("10.1.1.0", "0.0.0.255"),
        wm("10.1.2.0", "0.0.0.255"),
      ),
      undefined,
    );
  });

  it("intersects boxes: protocols must agree and port conditions must leave a port", () => {
    const lan = box(wm("10.1.1.0", "0.0.0.255"), wm("10.2.2.0", "0.0.0.255"));
    assert.ok(
      intersectBoxes(
        lan,
        box(wm("0.0.0.0", "255.255.255.255"), wm("10.2.2.0", "0.0.0.255"), 6),
      ),
    );
    assert.equal(
      intersectBoxes({ ...lan, protocol: 17 }, { ...lan, protocol: 6 }),
      undefined,
    );
    const eq80 = {
      ...lan,
      protocol: 6,
      destinationPorts: [{ op: "eq" as const, ports: [80] }],
    };
    const gt100 = {
      ...lan,
      protocol: 6,
      destinationPorts: [{ op: "gt" as const, ports: [100] }],
    };
    assert.equal(intersectBoxes(eq80, gt100), undefined);
  });

  it("samples packets inside the box that step around every deny that can be escaped", () => {
    const lan = box(wm("10.1.1.0", "0.0.0.255"), wm("10.2.2.0", "0.0.0.255"));
    const denies: AclRule[] = [
      {
        action: "deny",
        protocol: undefined,
        source: wm("10.1.1.0", "0.0.0.127"),
        destination: wm("10.2.2.0", "0.0.0.255"),
      },
      {
        action: "deny",
        protocol: 6,
        source: wm("10.1.1.128", "0.0.0.127"),
        destination: wm("10.2.2.0", "0.0.0.255"),
      },
    ];
    const samples = samplePackets(lan, denies);
    assert.ok(samples.length > 0);
    assert.ok(samples.every((p) => boxContains(lan, p)));
    // UDP from the upper half escapes both denies.
    assert.ok(samples.some((p) => !denies.some((d) => ruleMatches(d, p))));
  });

  it("finds nothing to escape when the denies cover the box", () => {
    const lan = box(wm("10.1.1.0", "0.0.0.255"), wm("10.2.2.0", "0.0.0.255"));
    const all: AclRule = {
      action: "deny",
      protocol: undefined,
      source: wm("10.1.1.0", "0.0.0.255"),
      destination: wm("10.2.0.0", "0.0.255.255"),
    };
    assert.ok(samplePackets(lan, [all]).every((p) => ruleMatches(all, p)));
  });
});
