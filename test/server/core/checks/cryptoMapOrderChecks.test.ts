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

    describe("lines taken by several earlier lines, by ports, by non-contiguous wildcards", () => {
      const parts = fixture("shadowed-parts.ios");
      const partsFound = findingsOf(analyse(parts), "crypto-acl-shadowed");
      /** The finding on a line of the fixture. */
      const on = (lineText: string) => {
        const f = partsFound.find((x) => textAt(parts, x.range) === lineText);
        assert.ok(f, `no finding on ${lineText}`);
        return f;
      };

      it("flags exactly the lines taken whole or crosswise, not a port-specific line first", () => {
        assert.deepEqual(
          partsFound.map((f) => textAt(parts, f.range)),
          [
            "permit ip 10.1.0.0 0.0.1.255 10.9.9.0 0.0.0.255",
            "permit ip 10.2.0.0 0.0.1.255 10.8.8.0 0.0.0.255",
            "permit tcp 10.3.1.0 0.0.0.255 10.7.7.0 0.0.0.255 eq 443",
            "permit ip 10.4.4.0 0.0.0.255 10.6.6.0 0.0.0.255",
            "permit udp host 10.5.9.1 host 10.6.9.1 gt 1500",
            "permit ip 10.11.5.0 0.0.0.255 172.21.0.0 0.0.255.255",
            "permit ip 10.12.0.0 0.0.255.255 172.22.0.0 0.0.255.255",
          ],
        );
      });

      it("sees a line that two lines of one earlier entry take together", () => {
        const f = on("permit ip 10.1.0.0 0.0.1.255 10.9.9.0 0.0.0.255");
        assert.match(
          f.message,
          /^crypto map UNION 20 protects 10\.1\.0\.0\/23 to 10\.9\.9\.0\/24 toward peer 198\.51\.100\.2, but crypto map UNION 10, tried first, already permits all of it with 2 lines together \(10\.1\.0\.0\/24 to 10\.9\.0\.0\/16; 10\.1\.1\.0\/24 to 10\.9\.0\.0\/16\) toward peer 198\.51\.100\.1: .*Move crypto map UNION 20 before 10/,
        );
        assert.deepEqual(
          f.related?.map((r) => textAt(parts, r.range)),
          [
            "permit ip 10.1.0.0 0.0.0.255 10.9.0.0 0.0.255.255",
            "permit ip 10.1.1.0 0.0.0.255 10.9.0.0 0.0.255.255",
            "crypto map UNION 20 ipsec-isakmp",
          ],
        );
      });

      it("says which peer gets which part when earlier entries for several peers take a line together", () => {
        const f = on("permit ip 10.2.0.0 0.0.1.255 10.8.8.0 0.0.0.255");
        assert.match(
          f.message,
          /but earlier entries for other peers, tried first, permit all of it between them: crypto map PEERS 10 takes 10\.2\.0\.0\/24 to 10\.8\.8\.0\/24 toward peer 198\.51\.100\.1; crypto map PEERS 20 takes 10\.2\.1\.0\/24 to 10\.8\.8\.0\/24 toward peer 198\.51\.100\.3\. .*deny this traffic at the top of ACLs PEERS-A and PEERS-C\.$/,
        );
        // No sequence number is free below 10: the fix denies at the top of both earlier ACLs.
        const [cured] = assertFixesCure(
          parts.replace("crypto map PEERS 10 ", "crypto map PEERS 1 "),
          "crypto-acl-shadowed",
        ).filter((r) => r.fix.title.includes("PEERS-A"));
        assert.equal(
          cured?.fix.title,
          "Deny this traffic at the top of ACLs PEERS-A and PEERS-C",
        );
        assert.deepEqual(cured.fix.cli, [
          "ip access-list extended PEERS-A",
          " 5 deny ip 10.2.0.0 0.0.1.255 10.8.8.0 0.0.0.255",
          "ip access-list extended PEERS-C",
          " 5 deny ip 10.2.0.0 0.0.1.255 10.8.8.0 0.0.0.255",
        ]);
      });

      it("matches protocols and ports as IOS does: ip covers tcp 443, tcp 80 takes part of ip", () => {
        assert.match(
          on("permit tcp 10.3.1.0 0.0.0.255 10.7.7.0 0.0.0.255 eq 443").message,
          /^crypto map PORTS 20 protects 10\.3\.1\.0\/24 to 10\.7\.7\.0\/24 eq 443 \(tcp\) toward peer 198\.51\.100\.2, but crypto map PORTS 10, tried first, already permits it \(10\.3\.0\.0\/16 to 10\.7\.0\.0\/16\)/,
        );
        const web = on("permit ip 10.4.4.0 0.0.0.255 10.6.6.0 0.0.0.255");
        assert.match(
          web.message,
          /but crypto map PORTS 30, tried first, permits part of it, 10\.4\.4\.0\/24 to 10\.6\.6\.0\/24 eq 80 \(tcp\), toward peer 198\.51\.100\.3 \(its line: 10\.4\.0\.0\/16 to 10\.6\.0\.0\/16 eq 80 \(tcp\)\)/,
        );
        assert.match(
          on("permit udp host 10.5.9.1 host 10.6.9.1 gt 1500").message,
          /permits part of it, host 10\.5\.9\.1 to host 10\.6\.9\.1 range 1501 2000 \(udp\), toward peer 198\.51\.100\.7/,
        );
        const cured = assertFixesCure(parts, "crypto-acl-shadowed").find((r) =>
          r.fix.title.includes("ACL PORTS-30"),
        );
        assert.deepEqual(cured?.fix.cli, [
          "ip access-list extended PORTS-30",
          " 5 deny tcp 10.4.4.0 0.0.0.255 10.6.6.0 0.0.0.255 eq 80",
        ]);
        const udp = assertFixesCure(parts, "crypto-acl-shadowed").find((r) =>
          r.fix.title.includes("ACL PORTS-70"),
        );
        assert.deepEqual(udp?.fix.cli, [
          "ip access-list extended PORTS-70",
          " 5 deny udp host 10.5.9.1 host 10.6.9.1 range 1501 2000",
        ]);
      });

      it("crosses and covers non-contiguous wildcards exactly", () => {
        assert.match(
          on("permit ip 10.11.5.0 0.0.0.255 172.21.0.0 0.0.255.255").message,
          /but crypto map ODD 30, tried first, permits part of it, host 10\.11\.5\.0 to 172\.21\.0\.0\/24, toward peer 198\.51\.100\.3/,
        );
        assert.match(
          on("permit ip 10.12.0.0 0.0.255.255 172.22.0.0 0.0.255.255").message,
          /permit all of it between them: crypto map ODD 50 takes 10\.12\.0\.0 wildcard 0\.0\.254\.255 \(non-contiguous, 32768 addresses\) to 172\.22\.0\.0\/16 toward peer 198\.51\.100\.5; crypto map ODD 60 takes 10\.12\.1\.0 wildcard 0\.0\.254\.255/,
        );
        // With the odd third octets gone, half the line reaches its own entry: the rest, taken by
        // a line that reaches outside it (any destination), is reported as a part.
        const half = findingsOf(
          analyse(
            parts.replace(
              " permit ip 10.12.1.0 0.0.254.255 any\n",
              " permit ip 10.13.1.0 0.0.254.255 any\n",
            ),
          ),
          "crypto-acl-shadowed",
        ).find((f) => f.message.startsWith("crypto map ODD 70 "));
        assert.match(
          half!.message,
          /crypto map ODD 50, tried first, permits part of it, 10\.12\.0\.0 wildcard 0\.0\.254\.255 \(non-contiguous, 32768 addresses\) to 172\.22\.0\.0\/16,/,
        );
      });

      it("follows a deny above the earlier line: the rest of the line is its part", () => {
        // Entry 10's ACL denies 10.1.0.0/24 to 10.9.9.0/24 first: entry 20 keeps that part and
        // the other line of entry 10 takes 10.1.1.0/24 (a part reaching outside 20's line).
        const denied = parts.replace(
          "ip access-list extended UNION-A\n",
          "ip access-list extended UNION-A\n deny ip 10.1.0.0 0.0.0.255 10.9.9.0 0.0.0.255\n",
        );
        const [f, ...rest] = findingsOf(
          analyse(denied),
          "crypto-acl-shadowed",
        ).filter((x) => x.message.startsWith("crypto map UNION 20 "));
        assert.deepEqual(rest, []);
        assert.match(
          f!.message,
          /but crypto map UNION 10, tried first, permits part of it, 10\.1\.1\.0\/24 to 10\.9\.9\.0\/24, toward peer 198\.51\.100\.1 \(its line: 10\.1\.1\.0\/24 to 10\.9\.0\.0\/16\)/,
        );
      });
    });
  });
  describe("crypto-acl-shadowed with object groups", () => {
    const text = fixture("object-group-acls.ios");

    it("flags the group line whose member an earlier entry's group already holds, once", () => {
      const found = findingsOf(analyse(text), "crypto-acl-shadowed");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        ["permit ip object-group HQ object-group SITE2"],
      );
      assert.match(
        found[0]!.message,
        /^crypto map VPN 20 protects 10\.1\.1\.0\/24 to host 10\.30\.0\.9 toward peer 198\.51\.100\.2, but crypto map VPN 10, tried first, already permits the same traffic/,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => [textAt(text, r.range), r.message]),
        [
          [
            "permit ip object-group HQ object-group DC",
            "tried first: crypto map VPN 10, ACL TO-DC",
          ],
          ["crypto map VPN 20 ipsec-isakmp", "crypto map VPN 20, ACL TO-SITE2"],
        ],
      );
      // Deleting the group line would drop its other member too: no such fix.
      assert.deepEqual(found[0]!.fixes ?? [], []);
    });

    it("counts lines, not combinations, and denies only the combinations taken", () => {
      // Both members of SITE2 in DC's group: one line, two shadowed combinations.
      const both = text.replace(
        " 10.20.0.0 255.255.0.0\n",
        " 10.20.0.0 255.255.0.0\n 10.40.1.0 255.255.255.0\n",
      );
      const [all] = findingsOf(analyse(both), "crypto-acl-shadowed");
      assert.ok(all);
      assert.doesNotMatch(all.message, /more line/);
      // Part of a line, crosswise: entry 10's line is wider on the source and narrower on the
      // destination, and takes 10.40.1.0/25 of the host's traffic.
      const part = text
        .replace(
          " 10.20.0.0 255.255.0.0\n",
          " 10.20.0.0 255.255.0.0\n 10.40.1.0 255.255.255.128\n",
        )
        .replace(
          " host 10.30.0.9\n!\nobject-group service",
          " host 10.40.9.9\n!\nobject-group service",
        )
        .replace(
          " permit ip object-group HQ object-group SITE2",
          " permit ip host 10.1.1.5 object-group SITE2",
        );
      const found = findingsOf(analyse(part), "crypto-acl-shadowed");
      assert.equal(found.length, 1);
      assert.equal(
        textAt(part, found[0]!.range),
        "permit ip host 10.1.1.5 object-group SITE2",
      );
      const denies = found[0]!.fixes!.flatMap((f) => f.cli ?? []);
      assert.ok(
        denies.some((l) =>
          /deny ip host 10\.1\.1\.5 10\.40\.1\.0 0\.0\.0\.127/.test(l),
        ),
        denies.join("\n"),
      );
      assert.ok(
        !denies.some((l) => l.includes("object-group")),
        denies.join("\n"),
      );
    });
  });
});
