import * as assert from "node:assert/strict";
import {
  allCodes,
  applyFix,
  findingsOf,
  fixture,
  pairs,
  rangeText,
  onlyFindingOf,
} from "./support";

/**
 * A tunnel whose peer points at one of its router's addresses (the outside interface) while it
 * is sourced from another (a private loopback): a misconfiguration, not a router behind NAT.
 */
describe("a tunnel sourced from another address than its peer points at", () => {
  const ws = fixture("tunnel-source-loopback");

  it("is a peer-address-mismatch on the tunnel source, not a NAT crossing", () => {
    const [pa] = pairs(ws);
    assert.ok(pa);
    assert.equal(pa.nat, undefined);
    const found = onlyFindingOf(ws, "branch.ios", "peer-address-mismatch");
    assert.equal(
      rangeText(ws, "branch.ios", found.range),
      "tunnel source Loopback0",
    );
    assert.match(
      found.message,
      /^R1-HQ's interface Tunnel0 points at 203\.0\.113\.10, R2-BR's GigabitEthernet0\/0, but R2-BR's Tunnel0 talks from 10\.255\.0\.2 \(`tunnel source Loopback0`\): /,
    );
    assert.equal(findingsOf(ws, "hq.ios", "peer-address-mismatch").length, 1);
  });

  it("sources the tunnel from the interface the peer points at, and the pair comes up", () => {
    const [found] = findingsOf(ws, "branch.ios", "peer-address-mismatch");
    const fix = found!.fixes![0]!;
    assert.deepEqual(fix.cli, [
      "interface Tunnel0",
      " tunnel source GigabitEthernet0/0",
    ]);
    const fixed = applyFix(ws, "branch.ios", fix, ["branch.ios", "hq.ios"]);
    assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    assert.deepEqual(allCodes(fixed), []);
  });
});

/**
 * The crypto map counterpart: `crypto map NAME local-address Loopback0` while the peer points at
 * the outside interface. The map's IKE leaves from the loopback, which the peer does not expect.
 */
describe("a crypto map talking from another address than its peer points at", () => {
  const ws = fixture("crypto-map-local-address");

  it("is a peer-address-mismatch on the local-address line and on the peer's set peer", () => {
    const [pa] = pairs(ws);
    assert.notEqual(pa!.outcome, "ESTABLISHED");
    const found = onlyFindingOf(ws, "hq.ios", "peer-address-mismatch");
    assert.equal(
      rangeText(ws, "hq.ios", found.range),
      "crypto map VPN local-address Loopback0",
    );
    assert.match(
      found.message,
      /^BR's crypto map VPN 10 points at 203\.0\.113\.1, HQ's GigabitEthernet0\/0, but HQ's crypto map VPN talks from 172\.31\.0\.1 /,
    );
    assert.equal(findingsOf(ws, "br.ios", "peer-address-mismatch").length, 1);
  });

  it("makes the map talk from the interface the peer points at, and the pair comes up", () => {
    const [found] = findingsOf(ws, "hq.ios", "peer-address-mismatch");
    const fix = found!.fixes![0]!;
    assert.deepEqual(fix.cli, [
      "crypto map VPN local-address GigabitEthernet0/0",
    ]);
    const fixed = applyFix(ws, "hq.ios", fix, ["br.ios", "hq.ios"]);
    assert.equal(pairs(fixed)[0]!.outcome, "ESTABLISHED");
    assert.deepEqual(allCodes(fixed), []);
  });
});
