import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/cryptoAclChecks", () => {
  const text = fixture("crypto-acls.ios");

  describe("crypto-acl-reversed", () => {
    it("flags an entry with the local LAN as destination and a remote one as source (seed 8-36)", () => {
      const found = findingsOf(analyse(text), "crypto-acl-reversed");
      const [f] = found;
      assert.equal(found.length, 1);
      assert.ok(f);
      assert.equal(
        textAt(text, f.range),
        "10.2.2.0 0.0.0.255 eq www 10.1.1.0 0.0.0.255",
      );
      assert.match(
        f.message,
        /10\.1\.1\.0\/24 is this router's own side.*FastEthernet0\/0/,
      );
      assert.ok(
        f.related?.some(
          (r) => textAt(text, r.range) === "ip address 10.1.1.1 255.255.255.0",
        ),
      );
    });

    it("swaps source and destination with their ports, and rewrites the numbered ACL on the console", () => {
      const [result] = assertFixesCure(text, "crypto-acl-reversed");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.match(
        result.after,
        /^access-list 101 permit tcp 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255 eq www$/m,
      );
      assert.deepEqual(result.fix.cli, [
        "no access-list 101",
        "access-list 101 permit tcp 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255 eq www",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.3.3.0 0.0.0.255",
      ]);
    });

    it("replaces only the entry in a named ACL, by its sequence number", () => {
      const named = fixture("seed-tokyo.ios")
        .replace("match address 101", "match address VPN")
        .replace(
          "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
          "ip access-list extended VPN\n permit icmp 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        );
      const [result] = assertFixesCure(named, "crypto-acl-reversed");
      assert.deepEqual(result?.fix.cli, [
        "ip access-list extended VPN",
        " no 20",
        " 20 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("stays quiet on the seed's correct ACL, summaries that touch both sides, and unknown networks", () => {
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "crypto-acl-reversed"),
        [],
      );
      const summary = fixture("seed-tokyo.ios").replace(
        "permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "permit ip 10.0.0.0 0.255.255.255 10.1.1.0 0.0.0.255",
      );
      assert.deepEqual(findingsOf(analyse(summary), "crypto-acl-reversed"), []);
      const unknown = fixture("seed-tokyo.ios").replace(
        "permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "permit ip host 1.1.1.1 host 2.2.2.2",
      );
      assert.deepEqual(findingsOf(analyse(unknown), "crypto-acl-reversed"), []);
      // An ACL no crypto map uses is no crypto ACL.
      const unused =
        fixture("seed-tokyo.ios") +
        "access-list 150 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255\n";
      assert.deepEqual(findingsOf(analyse(unused), "crypto-acl-reversed"), []);
    });
  });

  describe("crypto-acl-any", () => {
    it("flags `any` in a crypto ACL permit, on the any", () => {
      const [f] = findingsOf(analyse(text), "crypto-acl-any");
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.equal(textAt(text, f.range), "any");
      assert.equal(f.range.start.line, 34);
      assert.match(
        f.message,
        /ANYWHERE.*any source and destination.*routing protocol/,
      );
    });

    it("offers the one LAN as source, or placeholders; each cures", () => {
      const results = assertFixesCure(text, "crypto-acl-any", {
        "local-network": "10.1.1.0",
        wildcard: "0.0.0.255",
        "remote-network": "10.8.8.0",
      });
      const lan = results.find((r) =>
        /local network 10\.1\.1\.0 0\.0\.0\.255/.test(r.fix.title),
      );
      assert.ok(lan);
      assert.match(lan.after, /^ permit ip 10\.1\.1\.0 0\.0\.0\.255 any$/m);
      assert.deepEqual(lan.fix.cli, [
        "ip access-list extended ANYWHERE",
        " no 10",
        " 10 permit ip 10.1.1.0 0.0.0.255 any",
      ]);
      assert.ok(
        results.some((r) =>
          /^ permit ip any 10\.8\.8\.0 0\.0\.0\.255$/m.test(r.after),
        ),
      );
    });

    it("reports a line with object groups once, without rewriting its groups", () => {
      const grouped = fixture("seed-tokyo.ios").replace(
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        [
          "object-group network REMOTE",
          " 10.2.2.0 255.255.255.0",
          " any",
          "object-group network PEERS-LANS",
          " 10.2.2.0 255.255.255.0",
          " 10.1.1.0 255.255.255.0",
          "access-list 101 permit ip 10.1.1.0 0.0.0.255 object-group REMOTE",
          "access-list 101 permit ip object-group PEERS-LANS 10.1.1.0 0.0.0.255",
        ].join("\n"),
      );
      const found = analyse(grouped);
      const any = findingsOf(found, "crypto-acl-any");
      assert.deepEqual(
        any.map((f) => textAt(grouped, f.range)),
        ["object-group REMOTE"],
      );
      assert.deepEqual(any[0]!.fixes ?? [], []);
      // One combination of the second line is reversed (10.2.2.0/24 to the local LAN).
      const reversed = findingsOf(found, "crypto-acl-reversed");
      assert.equal(reversed.length, 1);
      assert.match(
        reversed[0]!.message,
        /permits 10\.2\.2\.0\/24 to 10\.1\.1\.0\/24/,
      );
      assert.deepEqual(reversed[0]!.fixes ?? [], []);
    });

    it("stays quiet on deny lines and on ACLs without any", () => {
      const deny = text.replace(
        " permit ip any any",
        " deny udp any any eq rip\n permit ip 10.1.1.0 0.0.0.255 10.8.8.0 0.0.0.255",
      );
      assert.deepEqual(findingsOf(analyse(deny), "crypto-acl-any"), []);
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "crypto-acl-any"),
        [],
      );
    });
  });

  describe("crypto-acl-permits-nothing", () => {
    const tokyo = fixture("seed-tokyo.ios");
    const denyOnly = tokyo.replace(
      /^access-list 101 permit (.*)$/m,
      "access-list 101 deny $1",
    );

    it("flags an entry whose crypto ACL only denies, on its match address", () => {
      const [f, ...rest] = findingsOf(
        analyse(denyOnly),
        "crypto-acl-permits-nothing",
      );
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(f.severity, "error");
      assert.equal(textAt(denyOnly, f.range), "101");
      assert.match(
        f.message,
        /^Access list 101 \(crypto map mjlnetmap 10\) has only deny lines: .* encrypts nothing, never starts IKE/,
      );
    });

    it("adds a permit from the router's one LAN, and the finding is gone", () => {
      const [result] = assertFixesCure(denyOnly, "crypto-acl-permits-nothing", {
        "remote-network": "10.2.2.0",
        wildcard: "0.0.0.255",
      });
      assert.deepEqual(result!.fix.cli, [
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 <remote-network> <wildcard>",
      ]);
      assert.match(
        result!.after,
        /^access-list 101 permit ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255$/m,
      );
    });

    it("says nothing while one permit line is left", () => {
      assert.deepEqual(
        findingsOf(analyse(tokyo), "crypto-acl-permits-nothing"),
        [],
      );
    });
  });

  describe("gre-not-encrypted", () => {
    const gre = fixture("gre-over-ipsec.ios");

    it("flags a GRE tunnel to a crypto map's peer whose packets the crypto ACL does not permit", () => {
      const found = findingsOf(analyse(gre), "gre-not-encrypted");
      assert.deepEqual(
        found.map((f) => textAt(gre, f.range)),
        ["203.0.113.2"],
      );
      assert.match(
        found[0]!.message,
        /^Tunnel0 sends GRE \(protocol 47\) from 198\.51\.100\.1 to 203\.0\.113\.2, the peer of crypto map VPN 10, but ACL 101 of that entry does not permit it/,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => textAt(gre, r.range)),
        ["tunnel source GigabitEthernet0/0", "match address 101"],
      );
    });

    it("adds the tunnel's GRE packets to the crypto ACL, and the finding is gone", () => {
      const [result] = assertFixesCure(gre, "gre-not-encrypted");
      assert.deepEqual(result!.fix.cli, [
        "no access-list 101",
        "access-list 101 permit gre host 198.51.100.1 host 203.0.113.2",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("leaves a protected tunnel, and an ACL that already permits the GRE packets, alone", () => {
      const protectedTunnel = gre.replace(
        " tunnel destination 203.0.113.2\n",
        " tunnel destination 203.0.113.2\n tunnel protection ipsec profile P\n",
      );
      const permitted = gre.replace(
        "access-list 101 permit ip",
        "access-list 101 permit gre host 198.51.100.1 host 203.0.113.2\naccess-list 101 permit ip",
      );
      for (const text of [protectedTunnel, permitted]) {
        assert.deepEqual(findingsOf(analyse(text), "gre-not-encrypted"), []);
      }
    });
  });
});
