import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import type { ResolvedFinding } from "../../../../server/src/core/diagnostics/severityOverrides";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";
import { applyEdits } from "../../../support/applyEdits";
import {
  analyse,
  findingsOf,
  serious,
  SHARED,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { REPO_ROOT } from "../../../support/paths";

/** A NAT fixture's text. */
function nat(name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "nat", name),
    "utf8",
  );
}

/** The line of a text at a 0-based number. */
function lineOf(text: string, line: number): string {
  return text.split(/\r\n|\r|\n/)[line]!;
}

/** Every check (config and peer) on one file of a workspace made of the given files. */
function analyseIn(
  files: Record<string, string>,
  target: string,
): ResolvedFinding[] {
  const settings = DEFAULT_ANALYSIS_SETTINGS;
  const configs = Object.entries(files).map(([uri, text]) => ({
    uri,
    model: parseConfig(text),
  }));
  const self = configs.find((c) => c.uri === target)!;
  return validate(
    { kind: "config", uri: target, model: self.model },
    { settings, overrides: {}, workspace: { configs } },
    (family, error) => {
      throw new Error(`check family ${family} threw: ${String(error)}`);
    },
  );
}

describe("checks/natChecks", () => {
  describe("the NAT lines of the model", () => {
    it("reads NVI rules, port statics, /prefix masks and route-map match interface", () => {
      const model = parseConfig(
        [
          "interface Gi0/0",
          " ip nat enable",
          "ip nat source list NAT interface Gi0/0 overload",
          "ip nat inside source static tcp 10.1.1.6 443 198.51.100.6 8443 extendable",
          "ip nat inside source static network 10.1.1.0 192.0.2.0 /24 no-alias",
          "route-map RM permit 10",
          " match ip address A B",
          " match interface GigabitEthernet 0/2 Dialer1",
          " match ip next-hop 1",
        ].join("\n"),
      );
      assert.ok(model.interfaces[0]!.natEnable);
      const [nvi, port, network] = model.natRules;
      assert.equal(nvi!.nvi, true);
      assert.equal(nvi!.side, "inside");
      assert.equal(nvi!.acl?.name, "NAT");
      assert.equal(port!.protocol, "tcp");
      assert.equal(port!.localPort, 443);
      assert.equal(port!.global, parseIpv4Strict("198.51.100.6"));
      assert.equal(network!.mask, parseIpv4Strict("255.255.255.0"));
      const clause = model.routeMaps[0]!;
      assert.deepEqual(
        clause.matchAcls.map((r) => r.name),
        ["A", "B"],
      );
      assert.deepEqual(
        clause.matchInterfaces.map((r) => r.name),
        ["GigabitEthernet0/2", "Dialer1"],
      );
      assert.equal(clause.otherMatches.length, 1);
    });
  });

  describe("nat-not-exempted", () => {
    it("stays quiet on a pair that exempts the VPN traffic (named ACL on one side, numbered on the other)", () => {
      const files = {
        "file:///hq.ios": nat("named-exempt-hq.ios"),
        "file:///branch.ios": nat("numbered-exempt-branch.ios"),
      };
      for (const uri of Object.keys(files)) {
        assert.deepEqual(
          serious(analyseIn(files, uri)).map((f) => f.code),
          [],
          uri,
        );
      }
    });

    it("flags both routers of a pair without exemption, on the NAT rule", () => {
      const files = {
        "file:///hq.ios": nat("named-missing-hq.ios"),
        "file:///branch.ios": nat("numbered-missing-branch.ios"),
      };
      for (const [uri, text] of Object.entries(files)) {
        const found = findingsOf(analyseIn(files, uri), "nat-not-exempted");
        assert.equal(found.length, 1, uri);
        assert.equal(found[0]!.severity, "error");
        assert.match(
          textAt(text, found[0]!.range),
          /^ip nat inside source list \S+ interface \S+ overload$/,
        );
      }
    });

    it("names the protected traffic, the map and the NAT line that translates it", () => {
      const text = nat("named-missing-hq.ios");
      const [f] = findingsOf(analyse(text), "nat-not-exempted");
      assert.ok(f);
      assert.match(f.message, /10\.1\.1\.0\/24 → 10\.2\.2\.0\/24/);
      assert.match(f.message, /crypto map VPN 10/);
      assert.match(f.message, /VPN-TRAFFIC/);
      const related = (f.related ?? []).map((r) => textAt(text, r.range));
      assert.ok(related.includes("permit ip 10.1.1.0 0.0.0.255 any"));
      assert.ok(
        related.includes("permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255"),
      );
      assert.ok(related.includes("ip nat outside"));
    });

    it("named ACL: inserts the deny before the permit, indented as its siblings, and it cures", () => {
      const text = nat("named-missing-hq.ios");
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.equal(result.fix.isPreferred, true);
      assert.deepEqual(result.fix.cli, [
        "ip access-list extended NAT",
        " 5 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      assert.match(
        result.after,
        /^ip access-list extended NAT\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255\n permit ip 10\.1\.1\.0 0\.0\.0\.255 any$/m,
      );
      assert.deepEqual(serious(analyse(result.after)), []);
    });

    it("reads NAT and crypto ACLs written with object groups, and denies before the group line", () => {
      const text = nat("named-missing-hq.ios").replace(
        "ip access-list extended NAT\n permit ip 10.1.1.0 0.0.0.255 any\nip access-list extended VPN-TRAFFIC\n permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n",
        [
          "object-group network LAN",
          " 10.1.1.0 255.255.255.0",
          "object-group network REMOTE",
          " 10.2.2.0 255.255.255.0",
          " 10.2.3.0 255.255.255.0",
          "ip access-list extended NAT",
          " permit ip object-group LAN any",
          "ip access-list extended VPN-TRAFFIC",
          " permit ip object-group LAN object-group REMOTE",
          "",
        ].join("\n"),
      );
      const [f] = findingsOf(analyse(text), "nat-not-exempted");
      assert.ok(f);
      assert.match(f.message, /10\.1\.1\.0\/24 → 10\.2\.2\.0\/24/);
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.match(
        result.after,
        /^ip access-list extended NAT\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255\n deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.3\.0 0\.0\.0\.255\n permit ip object-group LAN any$/m,
      );
      assert.deepEqual(serious(analyse(result.after)), []);
    });

    it("numbered ACL: the console rewrites the whole ACL with the deny first; the text gains one line", () => {
      const text = nat("numbered-missing-branch.ios");
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.deepEqual(result.fix.cli, [
        "no access-list 110",
        "access-list 110 remark NAT for both LANs",
        "access-list 110 deny ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        "access-list 110 permit ip 10.2.2.0 0.0.0.255 any",
        "access-list 110 permit ip 10.2.3.0 0.0.0.255 any",
      ]);
      assert.match(
        result.after,
        /^access-list 110 remark NAT for both LANs\naccess-list 110 deny ip 10\.2\.2\.0 0\.0\.0\.255 10\.1\.1\.0 0\.0\.0\.255\naccess-list 110 permit ip 10\.2\.2\.0 0\.0\.0\.255 any$/m,
      );
    });

    it("named ACL with sequence numbers: takes a free number below the permit", () => {
      const text = nat("sequenced-hq.ios");
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.match(
        result.after,
        /^ 5 deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255\n 10 permit ip 10\.1\.1\.0 0\.0\.0\.255 any$/m,
      );
      assert.deepEqual(result.fix.cli, [
        "ip access-list extended NAT",
        " 5 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("named ACL without a free number: resequences first, in the text and on the console", () => {
      const text = nat("sequenced-full-hq.ios");
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.deepEqual(result.fix.cli, [
        "ip access-list resequence NAT 10 10",
        "ip access-list extended NAT",
        " 5 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      assert.match(
        result.after,
        /^ 5 deny ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255\n 10 permit ip 10\.1\.1\.0 0\.0\.0\.255 any\n 20 permit ip 10\.1\.2\.0 0\.0\.0\.255 any$/m,
      );
    });

    it("a deny that covers half the LAN is no exemption: the other half is found and the fix goes after that deny", () => {
      const text = nat("partial-deny-hq.ios");
      const [f] = findingsOf(analyse(text), "nat-not-exempted");
      assert.ok(f);
      assert.match(f.message, /10\.1\.1\.(12[89]|1[3-9]\d|2\d\d)\b/);
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.deepEqual(result!.fix.cli, [
        "ip access-list extended NAT",
        " 15 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("two denies that together cover the LAN exempt it", () => {
      assert.deepEqual(
        findingsOf(analyse(nat("split-deny-hq.ios")), "nat-not-exempted"),
        [],
      );
    });

    it("a deny of TCP alone leaves UDP translated", () => {
      const [f] = findingsOf(
        analyse(nat("tcp-only-deny-hq.ios")),
        "nat-not-exempted",
      );
      assert.ok(f);
      assert.match(f.message, /\budp\b/);
      assertFixesCure(nat("tcp-only-deny-hq.ios"), "nat-not-exempted");
    });

    it("route-map NAT: denies in the clause's ACL (preferred) or adds a deny clause; both cure", () => {
      const text = nat("routemap-missing-hq.ios");
      const results = assertFixesCure(text, "nat-not-exempted");
      assert.equal(results.length, 2);
      const [acl, clause] = results;
      assert.equal(acl!.fix.isPreferred, true);
      assert.deepEqual(acl!.fix.cli, [
        "ip access-list extended NAT-ACL",
        " 5 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      assert.deepEqual(clause!.fix.cli, [
        "ip access-list extended NAT-RM-VPN",
        " permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "route-map NAT-RM deny 5",
        " match ip address NAT-RM-VPN",
      ]);
      assert.match(
        clause!.after,
        /^route-map NAT-RM deny 5\n match ip address NAT-RM-VPN\nroute-map NAT-RM permit 10$/m,
      );
    });

    it("route-map with two translating clauses: an ACL deny in the first would not cure, so only the deny clause is offered", () => {
      const text = nat("routemap-two-clauses-hq.ios");
      const results = assertFixesCure(text, "nat-not-exempted");
      assert.equal(results.length, 1);
      assert.equal(results[0]!.fix.isPreferred, true);
      assert.match(results[0]!.fix.title, /deny 5/);
    });

    it("route-maps that exempt (ACL deny, deny clause) or only match another interface stay quiet", () => {
      for (const name of [
        "routemap-exempt-hq.ios",
        "routemap-denyclause-hq.ios",
        "routemap-other-interface-hq.ios",
      ]) {
        assert.deepEqual(serious(analyse(nat(name))), [], name);
      }
    });

    it("standard ACL: offers a route-map over an extended ACL, which cures", () => {
      const text = nat("standard-acl-hq.ios");
      const [f] = findingsOf(analyse(text), "nat-not-exempted");
      assert.match(f!.message, /[Ss]tandard ACL 1/);
      const [result] = assertFixesCure(text, "nat-not-exempted");
      assert.ok(result);
      assert.match(
        result.after,
        /^ip nat inside source route-map NAT-NO-VPN interface GigabitEthernet0\/0 overload$/m,
      );
      assert.deepEqual(result.fix.cli, [
        "ip access-list extended NAT-NO-VPN",
        " deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        " permit ip 10.1.1.0 0.0.0.255 any",
        "route-map NAT-NO-VPN permit 10",
        " match ip address NAT-NO-VPN",
        "no ip nat inside source list 1 interface GigabitEthernet0/0 overload",
        "ip nat inside source route-map NAT-NO-VPN interface GigabitEthernet0/0 overload",
      ]);
    });

    it("NVI (ip nat enable / ip nat source) and a dynamic-map hub are checked too", () => {
      for (const name of ["nvi-hq.ios", "dynmap-hub.ios"]) {
        const text = nat(name);
        assert.equal(
          findingsOf(analyse(text), "nat-not-exempted").length,
          1,
          name,
        );
        assertFixesCure(text, "nat-not-exempted");
      }
    });

    it("no finding without an inside interface, or when NAT translates into the tunnel on purpose", () => {
      for (const name of ["no-inside-hq.ios", "nat-into-tunnel-hq.ios"]) {
        assert.deepEqual(serious(analyse(nat(name))), [], name);
      }
    });
  });

  describe("static-nat-breaks-vpn", () => {
    it("flags a host static and a port static inside the protected network", () => {
      const text = nat("static-nat-hq.ios");
      const found = findingsOf(analyse(text), "static-nat-breaks-vpn");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        [
          "ip nat inside source static 10.1.1.5 198.51.100.5",
          "ip nat inside source static tcp 10.1.1.6 443 198.51.100.6 443 extendable",
        ],
      );
      assert.ok(found.every((f) => f.severity === "warning"));
      assert.match(found[0]!.message, /10\.2\.2\.0\/24/);
      // The port static takes only TCP 443: the message says so.
      assert.match(
        found[1]!.message,
        /^Static port NAT of 10\.1\.1\.6 TCP port 443 to 198\.51\.100\.6 also applies to VPN traffic: what the host sends from TCP port 443 toward 10\.2\.2\.0\/24 .* The host's other traffic is not translated by this rule\./,
      );
    });

    it("offers policy NAT with a route-map, keeping the keywords in IOS order, and it cures", () => {
      const text = nat("static-nat-hq.ios");
      const results = assertFixesCure(text, "static-nat-breaks-vpn");
      assert.equal(results.length, 2);
      assert.deepEqual(results[0]!.fix.cli, [
        "ip access-list extended NAT-10-1-1-5-NO-VPN",
        " deny ip host 10.1.1.5 10.2.2.0 0.0.0.255",
        " permit ip host 10.1.1.5 any",
        "route-map NAT-10-1-1-5-NO-VPN permit 10",
        " match ip address NAT-10-1-1-5-NO-VPN",
        "no ip nat inside source static 10.1.1.5 198.51.100.5",
        "ip nat inside source static 10.1.1.5 198.51.100.5 route-map NAT-10-1-1-5-NO-VPN",
      ]);
      assert.match(
        results[1]!.after,
        /^ip nat inside source static tcp 10\.1\.1\.6 443 198\.51\.100\.6 443 extendable route-map NAT-10-1-1-6-NO-VPN$/m,
      );
      for (const r of results) {
        assert.equal(
          findingsOf(r.findings, "static-nat-breaks-vpn").length,
          1,
          "the other static is still flagged",
        );
      }
    });

    it("a static with a route-map that leaves the VPN out stays quiet", () => {
      assert.deepEqual(serious(analyse(nat("static-policy-hq.ios"))), []);
    });
  });

  describe("nat-t-disabled and ah-through-nat across a NAT path", () => {
    const hq = nat("natt-hq.ios");
    const branch = nat("natt-branch.ios");
    const files = { "file:///hq.ios": hq, "file:///branch.ios": branch };

    it("alone, HQ (public, peer public) shows no NAT path", () => {
      assert.deepEqual(
        findingsOf(analyse(hq), "nat-t-disabled", "ah-through-nat"),
        [],
      );
    });

    it("with the branch in the workspace, HQ's NAT-T off is flagged, pointing at the branch's private address", () => {
      const [f] = findingsOf(
        analyseIn(files, "file:///hq.ios"),
        "nat-t-disabled",
      );
      assert.ok(f);
      assert.equal(f.severity, "warning");
      assert.equal(
        textAt(hq, f.range),
        "no crypto ipsec nat-transparency udp-encapsulation",
      );
      assert.match(f.message, /203\.0\.113\.10/);
      const remote = f.related?.find((r) => r.uri === "file:///branch.ios");
      assert.ok(remote);
      assert.equal(
        lineOf(branch, remote.range.start.line),
        " ip address 192.168.1.2 255.255.255.0",
      );
    });

    it("the peer's public NAT address is not taken for a wrong peer address, on either side", () => {
      for (const uri of Object.keys(files)) {
        assert.deepEqual(
          findingsOf(analyseIn(files, uri), "peer-address-mismatch"),
          [],
          uri,
        );
      }
    });

    it("the fix removes the line and the finding goes", () => {
      const [f] = findingsOf(
        analyseIn(files, "file:///hq.ios"),
        "nat-t-disabled",
      );
      const fix = f!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "crypto ipsec nat-transparency udp-encapsulation",
      ]);
      const after = applyEdits(hq, fix.edits);
      assert.doesNotMatch(after, /nat-transparency/);
      const again = analyseIn(
        { ...files, "file:///hq.ios": after },
        "file:///hq.ios",
      );
      assert.deepEqual(findingsOf(again, "nat-t-disabled"), []);
    });

    it("AH on both ends of the NAT path is flagged on the AH transform, once per router", () => {
      for (const [uri, text] of Object.entries(files)) {
        const found = findingsOf(analyseIn(files, uri), "ah-through-nat");
        assert.equal(found.length, 1, uri);
        assert.equal(textAt(text, found[0]!.range), "ah-sha-hmac");
      }
    });

    it("the AH finding across the path offers ESP authentication, and the fix cures it", () => {
      const found = findingsOf(
        analyseIn(files, "file:///hq.ios"),
        "ah-through-nat",
      );
      const fix = found[0]!.fixes![0]!;
      assert.equal(
        fix.title,
        "Use esp-sha-hmac instead of ah-sha-hmac (change the peer to match)",
      );
      assert.deepEqual(fix.cli, [
        "crypto ipsec transform-set AHTS esp-sha-hmac esp-aes 256",
      ]);
      const after = applyEdits(hq, fix.edits);
      assert.match(
        after,
        /^crypto ipsec transform-set AHTS esp-sha-hmac esp-aes 256$/m,
      );
      const again = analyseIn(
        { ...files, "file:///hq.ios": after },
        "file:///hq.ios",
      );
      assert.deepEqual(findingsOf(again, "ah-through-nat"), []);
      // The branch alone (behind NAT by its own addresses) gets the same cure.
      assertFixesCure(branch, "ah-through-nat");
    });

    it("a router talking from a private address to a public peer is behind NAT even alone", () => {
      const off = branch.replace(
        "crypto isakmp nat keepalive 20\n",
        "crypto isakmp nat keepalive 20\nno crypto ipsec nat-transparency udp-encapsulation\n",
      );
      const found = findingsOf(
        analyse(off),
        "nat-t-disabled",
        "ah-through-nat",
      );
      assert.deepEqual(found.map((f) => f.code).sort(), [
        "ah-through-nat",
        "nat-t-disabled",
      ]);
      assert.match(found[0]!.message, /192\.168\.1\.2/);
    });

    it("leaves AH on an interface that does NAT to the single-config check (no duplicate)", () => {
      const natting = branch.replace(
        " ip address 192.168.1.2 255.255.255.0\n",
        " ip address 192.168.1.2 255.255.255.0\n ip nat outside\n",
      );
      const found = findingsOf(analyse(natting), "ah-through-nat");
      assert.equal(found.length, 1);
      assert.match(found[0]!.message, /ip nat outside/);
    });

    it("the seed's Tokyo and Osaka (private addresses on both ends) cross no NAT", () => {
      const tokyo = fs.readFileSync(
        path.join(REPO_ROOT, "examples", "tokyo.ios"),
        "utf8",
      );
      const osaka = fs.readFileSync(
        path.join(REPO_ROOT, "examples", "osaka.ios"),
        "utf8",
      );
      const pair = { "file:///tokyo.ios": tokyo, "file:///osaka.ios": osaka };
      for (const uri of Object.keys(pair)) {
        assert.deepEqual(
          findingsOf(
            analyseIn(pair, uri),
            "nat-not-exempted",
            "static-nat-breaks-vpn",
            "nat-t-disabled",
            "ah-through-nat",
          ),
          [],
        );
      }
    });
  });

  describe("nat-t-disabled and ah-through-nat with both ends behind NAT", () => {
    const read = (name: string) =>
      fs.readFileSync(
        path.join(REPO_ROOT, "test", "fixtures", "peers", "nat-both", name),
        "utf8",
      );
    const NO_NATT = "no crypto ipsec nat-transparency udp-encapsulation";
    const withNatTOff = (text: string) =>
      text.replace(
        "crypto ipsec transform-set",
        `${NO_NATT}\ncrypto ipsec transform-set`,
      );
    const withAh = (text: string) =>
      text.replace("esp-des esp-md5-hmac", "ah-sha-hmac esp-des");
    const tokyo = read("tokyo.ios");
    const osaka = read("osaka.ios");

    it("NAT-T off on one side: nat-t-disabled on that side's line, with its fix, naming both NAT paths", () => {
      const files = {
        "file:///tokyo.ios": withNatTOff(tokyo),
        "file:///osaka.ios": osaka,
      };
      const [f, ...rest] = findingsOf(
        analyseIn(files, "file:///tokyo.ios"),
        "nat-t-disabled",
      );
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(f.severity, "warning");
      assert.equal(textAt(files["file:///tokyo.ios"], f.range), NO_NATT);
      assert.match(f.message, /this router and Osaka both sit behind NAT/);
      assert.match(f.message, /198\.51\.100\.20/);
      assert.deepEqual(f.fixes?.[0]?.cli, [
        "crypto ipsec nat-transparency udp-encapsulation",
      ]);
      // The evidence includes Osaka's private address, in Osaka's file.
      const remote = f.related?.filter((r) => r.uri === "file:///osaka.ios");
      assert.ok(
        remote?.some(
          (r) =>
            lineOf(osaka, r.range.start.line) ===
            " ip address 192.168.2.2 255.255.255.0",
        ),
      );
      assert.deepEqual(
        findingsOf(analyseIn(files, "file:///osaka.ios"), "nat-t-disabled"),
        [],
      );
    });

    it("AH on both ends is flagged on each end's AH transform", () => {
      const files = {
        "file:///tokyo.ios": withAh(tokyo),
        "file:///osaka.ios": withAh(osaka),
      };
      for (const [uri, text] of Object.entries(files)) {
        const found = findingsOf(analyseIn(files, uri), "ah-through-nat");
        assert.equal(found.length, 1, uri);
        assert.equal(textAt(text, found[0]!.range), "ah-sha-hmac");
        assert.match(found[0]!.message, /each points at the NAT device/);
      }
    });
  });

  describe("the shared corpus", () => {
    const corpus = path.join(SHARED, "corpus");
    const configs = fs
      .readdirSync(corpus)
      .filter((f) => f.startsWith("cfg_"))
      .map((f) => ({
        uri: `file:///${f}`,
        text: fs.readFileSync(path.join(corpus, f), "utf8"),
      }));

    it("holds configs to check", () => {
      assert.ok(configs.length >= 10);
      assert.ok(
        configs.some((c) => c.uri.endsWith("cfg_batfish_aws-cisco_host.cfg")),
      );
      assert.ok(
        configs.some((c) =>
          c.uri.endsWith("cfg_lab-validation_exitgw_csr1000v-16.4.cfg"),
        ),
      );
    });

    it("gets no NAT finding, alone or as one workspace", () => {
      const codes = [
        "nat-not-exempted",
        "static-nat-breaks-vpn",
        "nat-t-disabled",
        "ah-through-nat",
      ] as const;
      const files = Object.fromEntries(configs.map((c) => [c.uri, c.text]));
      for (const c of configs) {
        const settings = DEFAULT_ANALYSIS_SETTINGS;
        const alone = validate(
          parseDocument(
            { uri: c.uri, languageId: "cisco-ios", text: c.text },
            settings,
          ),
          { settings, overrides: {} },
        );
        assert.deepEqual(findingsOf(alone, ...codes), [], c.uri);
        assert.deepEqual(
          findingsOf(analyseIn(files, c.uri), ...codes),
          [],
          c.uri,
        );
      }
    });
  });
});

/** Parses an address the test knows is valid. */
function parseIpv4Strict(text: string): number {
  const parts = text.split(".").map(Number);
  return (
    (((parts[0]! << 24) >>> 0) +
      (parts[1]! << 16) +
      (parts[2]! << 8) +
      parts[3]!) >>>
    0
  );
}
