import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/cryptoMapOrderChecks", () => {
  describe("crypto-acl-shadowed", () => {
    const text = fixture("shadowed-entries.ios");
    const found = findingsOf(analyse(text), "crypto-acl-shadowed");

    it("flags the lines an earlier entry for another peer already permits, once per entry", () => {
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        [
          "permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
          "permit ip 10.1.1.0 0.0.0.255 172.16.3.0 0.0.0.255",
        ],
      );
      assert.match(
        found[0]!.message,
        /^crypto map VPN 20 protects 10\.1\.1\.0\/24 to 10\.2\.2\.0\/24 \(and 1 more line of ACL TO-SITE2\) toward peer 198\.51\.100\.2, but crypto map VPN 10, tried first, already permits it \(10\.1\.1\.0\/24 to 10\.0\.0\.0\/8\) toward peer 198\.51\.100\.1: .*Move crypto map VPN 20 before 10/,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => [textAt(text, r.range), r.message]),
        [
          [
            "permit ip 10.1.1.0 0.0.0.255 10.0.0.0 0.255.255.255",
            "tried first: crypto map VPN 10, ACL TO-DC",
          ],
          ["crypto map VPN 20 ipsec-isakmp", "crypto map VPN 20, ACL TO-SITE2"],
          [
            "permit ip 10.1.1.0 0.0.0.255 10.2.3.0 0.0.0.255",
            "also shadowed by crypto map VPN 10",
          ],
        ],
      );
      assert.match(
        found[1]!.message,
        /^crypto map VPN 60 .* crypto map VPN 30, tried first, already permits the same traffic toward peer 198\.51\.100\.3/,
      );
    });

    it("lets a deny pass traffic on, and leaves entries for the same peer alone", () => {
      // Entry 40's network is denied by entry 10's ACL; entry 50 goes to entry 10's peer.
      assert.ok(
        !found.some((f) => /VPN (40|50) /.test(f.message)),
        found.map((f) => f.message).join("\n"),
      );
      const withoutDeny = text.replace(
        " deny ip 10.1.1.0 0.0.0.255 10.4.4.0 0.0.0.255\n",
        "",
      );
      assert.ok(
        findingsOf(analyse(withoutDeny), "crypto-acl-shadowed").some((f) =>
          f.message.startsWith("crypto map VPN 40 "),
        ),
      );
    });

    it("renumbers the shadowed entry before the one that takes its traffic, and the finding is gone", () => {
      const results = assertFixesCure(text, "crypto-acl-shadowed");
      assert.deepEqual(
        results.slice(0, 1).map((r) => [r.fix.title, r.fix.cli]),
        [
          [
            "Renumber crypto map VPN 20 to 9, before crypto map VPN 10",
            [
              "no crypto map VPN 20",
              "crypto map VPN 9 ipsec-isakmp",
              " set peer 198.51.100.2",
              " set transform-set T",
              " match address TO-SITE2",
            ],
          ],
        ],
      );
      // TO-SITE6 holds nothing but the copy: the entry goes, not its only line.
      assert.equal(
        results[1]!.fix.title,
        "Remove crypto map VPN 60, whose traffic crypto map VPN 30 already carries",
      );
      assert.deepEqual(results[1]!.fix.cli, ["no crypto map VPN 60"]);
      const partly = text.replace(
        "ip access-list extended TO-SITE6\n permit ip 10.1.1.0 0.0.0.255 172.16.3.0 0.0.0.255\n",
        "ip access-list extended TO-SITE6\n permit ip 10.1.1.0 0.0.0.255 172.16.3.0 0.0.0.255\n permit ip 10.1.1.0 0.0.0.255 172.16.6.0 0.0.0.255\n",
      );
      const copy = assertFixesCure(partly, "crypto-acl-shadowed").find((r) =>
        r.fix.title.startsWith("Remove from ACL TO-SITE6"),
      );
      assert.deepEqual(copy?.fix.cli, [
        "ip access-list extended TO-SITE6",
        " no permit ip 10.1.1.0 0.0.0.255 172.16.3.0 0.0.0.255",
      ]);
      assert.match(
        results[0]!.after,
        /^crypto map VPN 9 ipsec-isakmp\n set peer 198\.51\.100\.2$/m,
      );
    });

    it("denies the traffic at the top of the earlier ACL when no sequence number is free", () => {
      const first = text.replace("crypto map VPN 10 ", "crypto map VPN 1 ");
      const [result] = assertFixesCure(first, "crypto-acl-shadowed").filter(
        (r) => r.fix.title.startsWith("Deny"),
      );
      assert.deepEqual(result?.fix.cli, [
        "ip access-list extended TO-DC",
        " 3 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        " 6 deny ip 10.1.1.0 0.0.0.255 10.2.3.0 0.0.0.255",
      ]);
      assert.match(
        result!.after,
        /^ip access-list extended TO-DC\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.3\.0 0\.0\.0\.255\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.4\.4\.0/m,
      );
    });
    it("flags an earlier line that takes part of a later one crosswise, not a specific-first order", () => {
      const crossed = fixture("crossed-entries.ios");
      const [f, ...rest] = findingsOf(analyse(crossed), "crypto-acl-shadowed");
      assert.deepEqual(rest, []);
      assert.equal(
        textAt(crossed, f!.range),
        "permit ip 10.1.1.0 0.0.0.255 10.4.0.0 0.0.255.255",
      );
      assert.equal(
        f!.message,
        "crypto map VPN 20 protects 10.1.1.0/24 to 10.4.0.0/16 toward peer 198.51.100.2, but crypto map VPN 10, tried first, permits part of it, 10.1.1.0/24 to 10.4.4.0/24, toward peer 198.51.100.1 (its line: 10.1.0.0/16 to 10.4.4.0/24): IOS encrypts those packets for crypto map VPN 10's peer and the rest for this one. Decide which peer carries 10.1.1.0/24 to 10.4.4.0/24: deny it at the top of ACL TO-A to leave it to crypto map VPN 20, or take it out of ACL TO-B.",
      );
      const [cured] = assertFixesCure(crossed, "crypto-acl-shadowed");
      assert.deepEqual(cured!.fix.cli, [
        "ip access-list extended TO-A",
        " 5 deny ip 10.1.1.0 0.0.0.255 10.4.4.0 0.0.0.255",
      ]);
    });
  });
});
