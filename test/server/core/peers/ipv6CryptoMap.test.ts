import * as assert from "node:assert/strict";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  allCodes,
  applyFix,
  edited,
  findingsOf,
  fixture,
  pairs,
  type Workspace,
} from "./support";

/**
 * IPv6 crypto maps (`crypto map ipv6 NAME SEQ`, applied by `ipv6 crypto map NAME`, matching an
 * `ipv6 access-list`): a dual-stack head office and branch with one IPv4 and one IPv6 map each on
 * the same uplink. The IPv6 maps pair by their IPv6 addresses and are judged like IPv4 ones.
 */

const NAMES = ["branch.ios", "hq.ios"];

/** Each pair as `label <-> label: outcome` (the initiator's direction first). */
function outcomes(ws: Workspace): string[] {
  return pairs(ws)
    .map(
      (pa) =>
        `${pa.pair.a.label} <-> ${pa.pair.b?.label ?? "-"}: ${pa.forward?.outcome ?? "-"}/${pa.reverse?.outcome ?? "-"}`,
    )
    .sort();
}

describe("IPv6 crypto maps between two configs", () => {
  const ws = fixture("ipv6-crypto-map");

  it("pairs the IPv6 maps by their IPv6 addresses, apart from the IPv4 maps on the same uplink", () => {
    assert.deepEqual(outcomes(ws), [
      "crypto map HQ-V4 10 <-> crypto map BRANCH-V4 10: ESTABLISHED/ESTABLISHED",
      "crypto map ipv6 HQ-V6 10 <-> crypto map ipv6 BRANCH-V6 10: ESTABLISHED/ESTABLISHED",
    ]);
    assert.deepEqual(allCodes(ws), []);
    const text = renderTunnelReportText(reportOf(analyseWorkspace(ws.view)));
    assert.match(
      text,
      /ESTABLISHED {2}BRANCH crypto map ipv6 HQ-V6 10 \(2001:DB8:FFFF:1::2\) {2}<-> {2}HQ crypto map ipv6 BRANCH-V6 10 \(2001:DB8:FFFF:1::1\)/,
    );
    assert.match(text, /proxies 2001:DB8:20::\/48 to 2001:DB8:10::\/48/);
  });

  it("reports IPv6 crypto ACLs that are not mirror images, with a fix that writes the mirror", () => {
    const wider = edited(ws, "branch.ios", [
      " permit ipv6 2001:DB8:20::/48 2001:DB8:10::/48",
      " permit ipv6 2001:DB8:20::/48 2001:DB8::/32",
    ]);
    assert.deepEqual(outcomes(wider), [
      "crypto map HQ-V4 10 <-> crypto map BRANCH-V4 10: ESTABLISHED/ESTABLISHED",
      "crypto map ipv6 HQ-V6 10 <-> crypto map ipv6 BRANCH-V6 10: PHASE2_FAILED/ESTABLISHED",
    ]);
    const [found] = findingsOf(wider, "branch.ios", "crypto-acl-not-mirrored");
    assert.ok(found);
    assert.equal(
      found.message,
      "Crypto ACL HQ-V6-TRAFFIC on BRANCH and BRANCH-V6-TRAFFIC on HQ are not mirror images. BRANCH cannot initiate: HQ rejects its proxies 2001:DB8:20::/48 to 2001:DB8::/32 (quick mode fails, PROPOSAL_NOT_CHOSEN); HQ can initiate: its proxies fall inside BRANCH's ACL read backwards.",
    );
    const fix = found.fixes!.find((f) =>
      f.title.startsWith("Replace ACL HQ-V6-TRAFFIC on BRANCH"),
    );
    assert.ok(fix);
    assert.deepEqual(fix.cli, [
      "no ipv6 access-list HQ-V6-TRAFFIC",
      "ipv6 access-list HQ-V6-TRAFFIC",
      " permit ipv6 2001:DB8:20::/48 2001:DB8:10::/48",
    ]);
    const fixed = applyFix(wider, "branch.ios", fix, NAMES);
    assert.deepEqual(
      findingsOf(fixed, "branch.ios", "crypto-acl-not-mirrored"),
      [],
    );
    assert.deepEqual(outcomes(fixed), outcomes(ws));
  });

  it("judges the IPv6 pair's keys and transform sets, leaving the IPv4 pair alone", () => {
    const broken = edited(
      ws,
      "branch.ios",
      ["key Dual-Stack-Key address ipv6", "key Dual-Stack-Kee address ipv6"],
      [
        "crypto map ipv6 HQ-V6 10 ipsec-isakmp\n set peer 2001:DB8:FFFF:1::1\n set transform-set AES256-SHA256",
        "crypto map ipv6 HQ-V6 10 ipsec-isakmp\n set peer 2001:DB8:FFFF:1::1\n set transform-set AES128",
      ],
      [
        " mode tunnel\n",
        " mode tunnel\ncrypto ipsec transform-set AES128 esp-aes esp-sha256-hmac\n",
      ],
    );
    const psk = findingsOf(broken, "hq.ios", "psk-mismatch");
    assert.equal(psk.length, 1);
    // HQ's key serves its IPv4 peer too: the branch's IPv6 key is the odd one out.
    assert.match(
      psk[0]!.message,
      /^BRANCH's pre-shared key for 2001:DB8:FFFF:1::1 \(\*+\) does not match HQ's key for 2001:DB8:FFFF:1::2 \(\*+\)\. BRANCH's key is the one that differs: HQ's key is matched elsewhere \(by another peer, or by BRANCH the other way\)\./,
    );
    const [transform] = findingsOf(broken, "hq.ios", "transform-set-mismatch");
    assert.ok(transform);
    assert.match(
      transform.message,
      /crypto map ipv6 BRANCH-V6 10 .*crypto map ipv6 HQ-V6 10|crypto map ipv6 HQ-V6 10 .*crypto map ipv6 BRANCH-V6 10/,
    );
    assert.deepEqual(outcomes(broken), [
      "crypto map HQ-V4 10 <-> crypto map BRANCH-V4 10: ESTABLISHED/ESTABLISHED",
      "crypto map ipv6 HQ-V6 10 <-> crypto map ipv6 BRANCH-V6 10: PHASE1_KEY_MISMATCH/PHASE1_KEY_MISMATCH",
    ]);
  });
});
