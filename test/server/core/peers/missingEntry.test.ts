import * as assert from "node:assert/strict";
import type { Fix } from "../../../../server/src/core/diagnostics/finding";
import { snippetToCli } from "../../../../server/src/core/fixes/snippets";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import {
  renderTunnelReportText,
  reportOf,
} from "../../../../server/src/core/peers/tunnelReport";
import {
  allFindings,
  applyFix,
  findingsOf,
  fixture,
  pairs,
  rangeText,
  workspace,
  type Workspace,
} from "./support";

const NAMES = ["kyoto.ios", "osaka.ios", "tokyo.ios"];

/** The fix Osaka's one-sided-peer finding offers to write the entry it lacks. */
function addFix(ws: Workspace): Fix {
  const [finding] = findingsOf(ws, "osaka.ios", "one-sided-peer");
  assert.ok(finding, "Osaka has a one-sided-peer finding");
  const fix = finding.fixes?.find((f) => f.title.startsWith("Add crypto map"));
  assert.ok(fix, "the finding offers to add the entry");
  return fix;
}

/** The fix as a user applies it: the key placeholder typed over with a key. */
function typed(fix: Fix, key: string): Fix {
  return {
    ...fix,
    edits: fix.edits.map((e) => ({
      ...e,
      newText: e.newText.replace("${1:key}", key),
    })),
  };
}

/** The pairs as `router <-> router: outcome` (names in alphabetical order), sorted. */
function outcomes(ws: Workspace): string[] {
  return pairs(ws)
    .map((p) => {
      const ends = [
        p.pair.a.router.name,
        p.pair.b?.router.name ?? p.pair.peerRouter?.name ?? "?",
      ].sort();
      return `${ends.join(" <-> ")}: ${p.outcome}${p.pair.missing ? ` (${p.pair.missing})` : ""}`;
    })
    .sort();
}

/** The lines a fix inserts, in file order, each edit's text split at its line breaks. */
function insertedLines(fix: Fix): string[] {
  return fix.edits.flatMap((e) =>
    snippetToCli(e.newText)
      .split(/\r\n|\r|\n/)
      .filter((l) => l !== ""),
  );
}

/** Splices lines into a text after the given 0-based lines (the original numbering). */
function spliced(text: string, after: [number, string[]][]): string {
  const lines = text.split("\n");
  for (const [line, added] of [...after].sort((a, b) => b[0] - a[0])) {
    lines.splice(line + 1, 0, ...added);
  }
  return lines.join("\n");
}

describe("peers/missingEntry", () => {
  describe("one-sided (Tokyo points at Osaka, Osaka only at Kyoto)", () => {
    const ws = fixture("one-sided");

    it("offers on Osaka an entry back to Tokyo, and on Tokyo only the removal of its entry", () => {
      const fix = addFix(ws);
      assert.equal(fix.title, "Add crypto map mjlnetmap 20 on Osaka for Tokyo");
      assert.equal(fix.isPreferred, true);
      assert.equal(fix.snippet, true);
      const [tokyo] = findingsOf(ws, "tokyo.ios", "one-sided-peer");
      assert.deepEqual(
        tokyo?.fixes?.map((f) => f.title),
        ["Remove crypto map mjlnetmap 10 (no peer answers)"],
      );
    });

    it("inserts the key placeholder, the entry after the map's last entry and the mirrored ACL after the ACLs", () => {
      const fix = addFix(ws);
      const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
      assert.equal(
        fixed.text("osaka.ios"),
        spliced(ws.text("osaka.ios"), [
          [17, ["crypto isakmp key <key> address 172.16.5.1"]],
          [
            24,
            [
              "crypto map mjlnetmap 20 ipsec-isakmp",
              " set peer 172.16.5.1",
              " set transform-set mjlnet",
              " match address 102",
            ],
          ],
          [
            41,
            ["access-list 102 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255"],
          ],
        ]).replace("<key>", "${1:key}"),
      );
    });

    it("pairs Tokyo with Osaka once the key is typed, and keeps Kyoto's tunnel up", () => {
      const before = outcomes(ws);
      assert.deepEqual(before, [
        "Kyoto <-> Osaka: ESTABLISHED",
        "Osaka <-> Tokyo: MISSING_PEER (one-sided)",
      ]);
      const fixed = applyFix(
        ws,
        "osaka.ios",
        typed(addFix(ws), "cisco"),
        NAMES,
      );
      assert.deepEqual(outcomes(fixed), [
        "Kyoto <-> Osaka: ESTABLISHED",
        "Osaka <-> Tokyo: ESTABLISHED",
      ]);
      for (const name of NAMES) {
        assert.deepEqual(findingsOf(fixed, name, "one-sided-peer"), []);
      }
    });

    it("with a wrong key typed, the new pair fails on the key, not on pairing", () => {
      const fixed = applyFix(
        ws,
        "osaka.ios",
        typed(addFix(ws), "disco"),
        NAMES,
      );
      assert.ok(
        outcomes(fixed).includes("Osaka <-> Tokyo: PHASE1_KEY_MISMATCH"),
        outcomes(fixed).join("; "),
      );
    });

    it("gives the same change as console commands, without configure terminal or end", () => {
      const fix = addFix(ws);
      assert.deepEqual(fix.cli, [
        "crypto isakmp key <key> address 172.16.5.1",
        "crypto map mjlnetmap 20 ipsec-isakmp",
        " set peer 172.16.5.1",
        " set transform-set mjlnet",
        " match address 102",
        "access-list 102 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      ]);
      assert.deepEqual([...fix.cli!].sort(), insertedLines(fix).sort());
    });

    it("never writes a pre-shared key (every key of the three configs is cisco)", () => {
      assert.match(ws.text("tokyo.ios"), /crypto isakmp key cisco address/);
      for (const reveal of [false, true]) {
        const [osaka] = findingsOf(ws, "osaka.ios", "one-sided-peer", {
          revealSecrets: reveal,
        });
        for (const fix of osaka?.fixes ?? []) {
          assert.doesNotMatch(JSON.stringify(fix), /cisco/i);
        }
      }
    });

    it("removes Tokyo's entry and the map from its interface on Tokyo's side", () => {
      const [tokyo] = findingsOf(ws, "tokyo.ios", "one-sided-peer");
      const fix = tokyo!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "interface Serial4/0",
        " no crypto map mjlnetmap",
        "no crypto map mjlnetmap 10",
      ]);
      const fixed = applyFix(ws, "tokyo.ios", fix, NAMES);
      assert.doesNotMatch(fixed.text("tokyo.ios"), /crypto map/);
      assert.deepEqual(outcomes(fixed), ["Kyoto <-> Osaka: ESTABLISHED"]);
    });

    it("writes CRLF line endings into a CRLF config", () => {
      const crlf = workspace(
        ...NAMES.map((name) => ({
          name,
          text: ws.text(name).replace(/\n/g, "\r\n"),
        })),
      );
      const fix = addFix(crlf);
      for (const e of fix.edits) {
        assert.doesNotMatch(e.newText.replace(/\r\n/g, ""), /[\r\n]/);
      }
      const fixed = applyFix(crlf, "osaka.ios", typed(fix, "cisco"), NAMES);
      assert.ok(
        outcomes(fixed).includes("Osaka <-> Tokyo: ESTABLISHED"),
        outcomes(fixed).join("; "),
      );
    });
  });

  describe("one-sided-pfs (AES-256/SHA with PFS group 2, named ACL; Osaka holds a wildcard key)", () => {
    const ws = fixture("one-sided-pfs");

    it("adds Tokyo's transform set, PFS and the named mirror ACL; no key line, since Osaka's wildcard key covers Tokyo", () => {
      const fix = addFix(ws);
      assert.equal(fix.title, "Add crypto map mjlnetmap 20 on Osaka for Tokyo");
      assert.equal(fix.snippet, undefined);
      const fixed = applyFix(ws, "osaka.ios", fix, NAMES);
      assert.equal(
        fixed.text("osaka.ios"),
        spliced(ws.text("osaka.ios"), [
          [19, ["crypto ipsec transform-set strong esp-aes 256 esp-sha-hmac"]],
          [
            24,
            [
              "crypto map mjlnetmap 20 ipsec-isakmp",
              " set peer 172.16.5.1",
              " set transform-set strong",
              " set pfs group2",
              " match address VPN-OSAKA",
            ],
          ],
          [
            39,
            [
              "ip access-list extended VPN-OSAKA",
              " permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
              " permit tcp host 10.2.2.20 eq 443 10.1.9.0 0.0.0.255",
            ],
          ],
        ]),
      );
      assert.deepEqual(fix.cli, [
        "crypto ipsec transform-set strong esp-aes 256 esp-sha-hmac",
        "crypto map mjlnetmap 20 ipsec-isakmp",
        " set peer 172.16.5.1",
        " set transform-set strong",
        " set pfs group2",
        " match address VPN-OSAKA",
        "ip access-list extended VPN-OSAKA",
        " permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        " permit tcp host 10.2.2.20 eq 443 10.1.9.0 0.0.0.255",
      ]);
      assert.deepEqual([...fix.cli!].sort(), insertedLines(fix).sort());
      assert.deepEqual(outcomes(fixed), [
        "Kyoto <-> Osaka: ESTABLISHED",
        "Osaka <-> Tokyo: ESTABLISHED",
      ]);
      for (const code of [
        "transform-set-mismatch",
        "pfs-mismatch",
        "crypto-acl-not-mirrored",
      ] as const) {
        assert.deepEqual(findingsOf(fixed, "osaka.ios", code), [], code);
      }
    });

    it("names the added set anew when Osaka already uses Tokyo's set name for other transforms", () => {
      const osaka = ws
        .text("osaka.ios")
        .replace(/mjlnet\b/g, "strong")
        .replace("address 0.0.0.0 0.0.0.0", "address 172.16.7.7");
      const taken = workspace(
        { name: "kyoto.ios", text: ws.text("kyoto.ios") },
        { name: "osaka.ios", text: osaka },
        { name: "tokyo.ios", text: ws.text("tokyo.ios") },
      );
      const fix = addFix(taken);
      assert.equal(fix.snippet, true);
      assert.ok(
        fix.cli!.includes(
          "crypto ipsec transform-set strong-2 esp-aes 256 esp-sha-hmac",
        ),
      );
      assert.ok(fix.cli!.includes(" set transform-set strong-2"));
      const fixed = applyFix(taken, "osaka.ios", typed(fix, "cisco"), NAMES);
      assert.ok(
        outcomes(fixed).includes("Osaka <-> Tokyo: ESTABLISHED"),
        outcomes(fixed).join("; "),
      );
    });
  });

  describe("variants of the one-sided fixture", () => {
    const base = fixture("one-sided");
    const withTexts = (texts: Record<string, string>): Workspace =>
      workspace(
        ...NAMES.map((name) => ({
          name,
          text: texts[name] ?? base.text(name),
        })),
      );

    it("creates Tokyo's map on Osaka's interface when Osaka has no crypto map at all", () => {
      const osaka = base
        .text("osaka.ios")
        .replace(/crypto map mjlnetmap 10[^!]*!\n/, "")
        .replace(" crypto map mjlnetmap\n", "");
      const ws = workspace(
        { name: "osaka.ios", text: osaka },
        { name: "tokyo.ios", text: base.text("tokyo.ios") },
      );
      const fix = addFix(ws);
      assert.equal(fix.title, "Add crypto map mjlnetmap 10 on Osaka for Tokyo");
      assert.deepEqual(fix.cli, [
        "crypto isakmp key <key> address 172.16.5.1",
        "crypto map mjlnetmap 10 ipsec-isakmp",
        " set peer 172.16.5.1",
        " set transform-set mjlnet",
        " match address 102",
        "access-list 102 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        "interface Serial2/0",
        " crypto map mjlnetmap",
      ]);
      const fixed = applyFix(ws, "osaka.ios", typed(fix, "cisco"), [
        "osaka.ios",
        "tokyo.ios",
      ]);
      assert.match(
        fixed.text("osaka.ios"),
        / encapsulation ppp\n crypto map mjlnetmap\n/,
      );
      assert.deepEqual(outcomes(fixed), ["Osaka <-> Tokyo: ESTABLISHED"]);
    });

    it("leaves IKEv2 out and says IKEv1 when Osaka lacks Tokyo's IKEv2 profile", () => {
      const tokyo = base
        .text("tokyo.ios")
        .replace(" set transform-set mjlnet\n", "$& set ikev2-profile PROF\n");
      const fix = addFix(withTexts({ "tokyo.ios": tokyo }));
      assert.equal(
        fix.title,
        "Add crypto map mjlnetmap 20 on Osaka for Tokyo (IKEv1)",
      );
      assert.ok(!fix.cli!.some((l) => l.includes("ikev2")));
    });

    it("copies the IKEv2 profile when Osaka defines one of that name, without an ISAKMP key", () => {
      const tokyo = base
        .text("tokyo.ios")
        .replace(" set transform-set mjlnet\n", "$& set ikev2-profile PROF\n");
      const osaka = base
        .text("osaka.ios")
        .replace(
          "!\ncrypto ipsec",
          "!\ncrypto ikev2 profile PROF\n match identity remote address 172.16.5.1 255.255.255.255\n authentication local pre-share\n authentication remote pre-share\n!\ncrypto ipsec",
        );
      const fix = addFix(withTexts({ "tokyo.ios": tokyo, "osaka.ios": osaka }));
      assert.equal(fix.title, "Add crypto map mjlnetmap 20 on Osaka for Tokyo");
      assert.equal(fix.snippet, undefined);
      assert.deepEqual(fix.cli!.slice(0, 5), [
        "crypto map mjlnetmap 20 ipsec-isakmp",
        " set peer 172.16.5.1",
        " set transform-set mjlnet",
        " set ikev2-profile PROF",
        " match address 102",
      ]);
    });

    it("uses Tokyo's local-address as the peer Osaka points at", () => {
      const tokyo = base
        .text("tokyo.ios")
        .replace(
          "!\ninterface FastEthernet0/0",
          "crypto map mjlnetmap local-address Loopback0\n!\ninterface Loopback0\n ip address 192.0.2.1 255.255.255.255\n!\ninterface FastEthernet0/0",
        );
      const fix = addFix(withTexts({ "tokyo.ios": tokyo }));
      assert.ok(fix.cli!.includes(" set peer 192.0.2.1"), fix.cli!.join("\n"));
      assert.ok(fix.cli!.includes("crypto isakmp key <key> address 192.0.2.1"));
    });
  });

  describe("a tunnel that points back without protection (R2 protects Tunnel0, R1 does not)", () => {
    const ws = fixture("gre-one-side");
    const GRE = ["r1.ios", "r2.ios"];

    /** The fix R1's finding offers to protect its tunnel. */
    function protectFix(w: Workspace): Fix {
      const [finding] = findingsOf(w, "r1.ios", "one-sided-peer");
      assert.ok(finding, "R1 has a one-sided-peer finding");
      const fix = finding.fixes?.find((f) => f.title.startsWith("Protect"));
      assert.ok(fix, "the finding offers to protect the tunnel");
      return fix;
    }

    it("says R1's tunnel has no protection, on its interface, instead of that nothing points back", () => {
      const [r1] = findingsOf(ws, "r1.ios", "one-sided-peer");
      assert.equal(r1?.range.start.line, 19);
      assert.match(
        r1!.message,
        /^R2's interface Tunnel0 protects the tunnel to this router with IPsec \(`tunnel protection ipsec profile GRE-PROT`\), but this Tunnel0 toward R2 has no `tunnel protection`: its GRE packets leave unencrypted/,
      );
      const [r2] = findingsOf(ws, "r2.ios", "one-sided-peer");
      assert.match(
        r2!.message,
        /^R1's Tunnel0 points back at this router but has no tunnel protection/,
      );
      assert.deepEqual(r2!.fixes ?? [], []);
      const [pair] = pairs(ws);
      assert.equal(pair!.outcome, "MISSING_PEER");
    });

    it("protects it with R1's own profile that fits R2's, and the tunnel comes up", () => {
      const fix = protectFix(ws);
      assert.equal(
        fix.title,
        "Protect R1's Tunnel0 with IPsec profile GRE-PROT",
      );
      assert.deepEqual(fix.cli, [
        "interface Tunnel0",
        " tunnel protection ipsec profile GRE-PROT",
      ]);
      const fixed = applyFix(ws, "r1.ios", fix, GRE);
      assert.match(
        fixed.text("r1.ios"),
        / tunnel destination 192\.168\.25\.2\n tunnel protection ipsec profile GRE-PROT\n/,
      );
      assert.deepEqual(outcomes(fixed), ["R1 <-> R2: ESTABLISHED"]);
      for (const name of GRE) {
        assert.deepEqual(findingsOf(fixed, name, "one-sided-peer"), []);
      }
    });

    it("writes a profile mirroring R2's, and a key placeholder, when R1 has neither", () => {
      const bare = workspace(
        {
          name: "r1.ios",
          text: ws
            .text("r1.ios")
            .replace("crypto isakmp key cisco address 192.168.25.2\n", "")
            .replace(
              "crypto ipsec profile GRE-PROT\n set transform-set TS\n",
              "",
            ),
        },
        { name: "r2.ios", text: ws.text("r2.ios") },
      );
      const fix = protectFix(bare);
      assert.equal(
        fix.title,
        "Protect R1's Tunnel0 with IPsec profile GRE-PROT",
      );
      assert.equal(fix.snippet, true);
      assert.deepEqual(fix.cli, [
        "crypto isakmp key <key> address 192.168.25.2",
        "crypto ipsec profile GRE-PROT",
        " set transform-set TS",
        "interface Tunnel0",
        " tunnel protection ipsec profile GRE-PROT",
      ]);
      const fixed = applyFix(bare, "r1.ios", typed(fix, "cisco"), GRE);
      assert.deepEqual(outcomes(fixed), ["R1 <-> R2: ESTABLISHED"]);
    });

    it("the tunnel report names what R1's tunnel lacks", () => {
      const report = reportOf(analyseWorkspace(ws.view));
      assert.equal(
        report.pairs[0]!.peerTunnel,
        "Tunnel0 has no tunnel protection",
      );
      assert.match(
        renderTunnelReportText(report),
        /<->  R1 \(Tunnel0 has no tunnel protection\)/,
      );
    });
  });

  describe("a tunnel whose crypto map selects other traffic than its GRE (R2 protects Tunnel0)", () => {
    const ws = fixture("gre-map-other-traffic");
    const GRE = ["r1.ios", "r2.ios"];

    it("says R1's map selects the LANs, not the GRE, on both routers, instead of that no tunnel points back", () => {
      const r1 = findingsOf(ws, "r1.ios", "one-sided-peer");
      const onTunnel = r1.find((f) =>
        rangeText(ws, "r1.ios", f.range).startsWith("interface Tunnel0"),
      );
      assert.ok(onTunnel, "R1's Tunnel0 carries the finding");
      assert.match(
        onTunnel.message,
        /^R2's interface Tunnel0 protects the tunnel to this router with IPsec \(`tunnel protection ipsec profile GRE-PROT`\), but this Tunnel0 toward R2 has no `tunnel protection`: its GRE packets leave unencrypted, since R1's crypto map GREMAP 10 toward this router selects other traffic \(ACL 150\), not `gre host 192\.168\.15\.1 host 192\.168\.25\.2`/,
      );
      assert.match(onTunnel.message, /`proxy identities not supported`/);
      assert.match(
        onTunnel.message,
        /or permit the tunnel's GRE in crypto map GREMAP 10's ACL\.$/,
      );
      for (const name of GRE) {
        for (const f of findingsOf(ws, name, "one-sided-peer")) {
          assert.doesNotMatch(f.message, /no tunnel interface/, name);
        }
      }
      const [r2] = findingsOf(ws, "r2.ios", "one-sided-peer").filter((f) =>
        f.message.startsWith("R1's Tunnel0"),
      );
      assert.match(
        r2!.message,
        /^R1's Tunnel0 points back at this router but has no tunnel protection, while this interface Tunnel0 protects its end/,
      );
      const onMap = r1.find((f) =>
        rangeText(ws, "r1.ios", f.range).startsWith("192.168.25.2"),
      );
      assert.match(
        onMap!.message,
        /^R2 owns 192\.168\.25\.2, but no crypto map entry of R2 points back at this router, so R2 has nothing to build the tunnel with\. \(R2's Tunnel0 does point back, but its `tunnel protection` negotiates that tunnel's GRE only, not this entry's flows\.\)$/,
      );
      const report = reportOf(analyseWorkspace(ws.view));
      assert.deepEqual(
        report.pairs.map((p) => p.peerTunnel),
        [undefined, "Tunnel0 has no tunnel protection"],
      );
    });

    it("protecting R1's tunnel brings it up; the map's LAN entry stays one-sided", () => {
      const [finding] = findingsOf(ws, "r1.ios", "one-sided-peer").filter((f) =>
        f.message.startsWith("R2's interface Tunnel0"),
      );
      const fix = finding!.fixes?.find((f) => f.title.startsWith("Protect"));
      assert.ok(fix, "the finding offers to protect the tunnel");
      const fixed = applyFix(ws, "r1.ios", fix, GRE);
      assert.deepEqual(outcomes(fixed), [
        "R1 <-> R2: ESTABLISHED",
        "R1 <-> R2: MISSING_PEER (one-sided)",
      ]);
    });

    it("permitting the GRE in R1's ACL (the single-config fix) pairs the map with the tunnel", () => {
      const [gre] = allFindings(ws, "r1.ios").filter(
        (f) => f.code === "gre-not-encrypted",
      );
      assert.ok(gre, "R1's own analysis finds the unencrypted GRE");
      const fixed = applyFix(ws, "r1.ios", gre.fixes![0]!, GRE);
      assert.deepEqual(outcomes(fixed), ["R1 <-> R2: ESTABLISHED"]);
    });
  });
});
