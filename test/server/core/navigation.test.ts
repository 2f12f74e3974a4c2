import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/paths";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../server/src/core/document";
import {
  parseDocument,
  type ParsedDocument,
} from "../../../server/src/core/languageService";
import {
  definitionAt,
  prepareRename,
  referencesAt,
  renameAt,
  type TextEdit,
} from "../../../server/src/core/navigation";
import type { Range } from "../../../server/src/core/text/position";
import { corpus, cursorIn, example } from "../../support/configFixtures";

const TOKYO = example("tokyo.ios");
const CRYPTO_MAP = corpus("cfg_batfish_ios-crypto-map.cfg");

function parse(text: string): ParsedDocument {
  return parseDocument(
    { uri: "file:///lab/r.ios", languageId: "cisco-ios", text },
    DEFAULT_ANALYSIS_SETTINGS,
  );
}

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(range.start.line, range.end.line, "names sit on one line");
  return lines[range.start.line]!.slice(
    range.start.character,
    range.end.character,
  );
}

/** Line numbers (1-based) of ranges, for readable assertions. */
const lineNumbers = (ranges: { range: Range }[]): number[] =>
  ranges.map((r) => r.range.start.line + 1);

/** Applies edits to a text (from the end so offsets hold). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split("\n");
  const sorted = [...edits].sort((a, b) =>
    a.range.start.line === b.range.start.line
      ? b.range.start.character - a.range.start.character
      : b.range.start.line - a.range.start.line,
  );
  for (const e of sorted) {
    const line = lines[e.range.start.line]!;
    lines[e.range.start.line] =
      line.slice(0, e.range.start.character) +
      e.newText +
      line.slice(e.range.end.character);
  }
  return lines.join("\n");
}

function renameOk(
  text: string,
  fragment: string,
  newName: string,
): { edits: TextEdit[]; after: string } {
  const result = renameAt(parse(text), cursorIn(text, fragment), newName);
  assert.ok(result, `a rename at ${fragment}`);
  assert.ok(
    "edits" in result,
    `rename refused: ${"error" in result ? result.error : ""}`,
  );
  return { edits: result.edits, after: applyEdits(text, result.edits) };
}

function renameRefused(
  text: string,
  fragment: string,
  newName: string,
  reason: RegExp,
): void {
  const result = renameAt(parse(text), cursorIn(text, fragment), newName);
  assert.ok(result && "error" in result, `expected ${newName} to be refused`);
  assert.match(result.error, reason);
}

describe("navigation", () => {
  describe("go to definition", () => {
    it("goes from a use to the line that defines the object", () => {
      const parsed = parse(TOKYO);
      const acl = definitionAt(parsed, cursorIn(TOKYO, " match address 1|01"));
      assert.deepEqual(lineNumbers(acl), [
        TOKYO.split("\n").indexOf(
          "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        ) + 1,
      ]);
      assert.equal(acl[0]!.uri, "file:///lab/r.ios");
      assert.equal(textAt(TOKYO, acl[0]!.range), "101");
      const map = definitionAt(
        parsed,
        cursorIn(TOKYO, " crypto map mjl|netmap"),
      );
      assert.equal(map.length, 1);
      assert.equal(
        TOKYO.split("\n")[map[0]!.range.start.line],
        "crypto map mjlnetmap 10 ipsec-isakmp",
      );
      const set = definitionAt(
        parsed,
        cursorIn(TOKYO, " set transform-set mj|lnet"),
      );
      assert.equal(
        TOKYO.split("\n")[set[0]!.range.start.line],
        "crypto ipsec transform-set mjlnet esp-des esp-md5-hmac",
      );
    });

    it("finds profiles, keyrings, dynamic maps and interfaces", () => {
      const parsed = parse(CRYPTO_MAP);
      const lineOf = (fragment: string): string => {
        const found = definitionAt(parsed, cursorIn(CRYPTO_MAP, fragment));
        assert.equal(found.length, 1, fragment);
        return CRYPTO_MAP.split(/\r?\n/)[found[0]!.range.start.line]!.trim();
      };
      assert.equal(
        lineOf(" set isakmp-profile ISAKMP-PRO|FILE"),
        "crypto isakmp profile ISAKMP-PROFILE",
      );
      assert.equal(
        lineOf("   keyring KEYRING_MA|TCHED"),
        "crypto keyring KEYRING_MATCHED",
      );
      assert.equal(
        lineOf("ipsec-isakmp dynamic mydyn|amicmap"),
        "crypto dynamic-map mydynamicmap 5",
      );
      assert.equal(
        lineOf("tunnel protection ipsec profile IPSEC-PRO|FILE1"),
        "crypto ipsec profile IPSEC-PROFILE1",
      );
      assert.equal(
        lineOf(" tunnel source TenGigabit|Ethernet0/0"),
        "interface TenGigabitEthernet0/0",
      );
    });

    it("matches interface names across the forms IOS accepts", () => {
      const text =
        "interface FastEthernet0/0\n ip address 10.0.0.1 255.255.255.0\nip route 10.9.0.0 255.255.0.0 Fa0/0\ninterface Tunnel1\n tunnel source FastEthernet 0/0\n";
      const parsed = parse(text);
      const defs = definitionAt(parsed, cursorIn(text, "255.255.0.0 F|a0/0"));
      assert.deepEqual(lineNumbers(defs), [1]);
      const refs = referencesAt(
        parsed,
        cursorIn(text, "interface Fast|Ethernet0/0"),
        false,
      );
      assert.deepEqual(lineNumbers(refs), [3, 5]);
      assert.equal(textAt(text, refs[1]!.range), "FastEthernet 0/0");
    });

    it("leads a FlexVPN profile's virtual-template number to its Virtual-Template interface", () => {
      const text = readFileSync(
        join(REPO_ROOT, "test/fixtures/peers/flexvpn/hub.ios"),
        "utf8",
      );
      const parsed = parse(text);
      const defs = definitionAt(parsed, cursorIn(text, " virtual-template |1"));
      assert.deepEqual(lineNumbers(defs), [28]);
      const refs = referencesAt(
        parsed,
        cursorIn(text, "interface Virtual-|Template1"),
        false,
      );
      assert.deepEqual(lineNumbers(refs), [14]);
      assert.equal(textAt(text, refs[0]!.range), "1");
    });

    it("answers nothing off a name, for an undefined name, and for captures", () => {
      const parsed = parse(TOKYO);
      assert.deepEqual(definitionAt(parsed, cursorIn(TOKYO, " set pe|er")), []);
      const undefinedRef =
        "crypto map M 10 ipsec-isakmp\n match address NOPE\n";
      assert.deepEqual(
        definitionAt(parse(undefinedRef), cursorIn(undefinedRef, "NO|PE")),
        [],
      );
      const capture = parseDocument(
        {
          uri: "file:///x.ioslog",
          languageId: "cisco-ios-log",
          text: "ISAKMP: hello\n",
        },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      assert.deepEqual(definitionAt(capture, { line: 0, character: 2 }), []);
      assert.equal(prepareRename(capture, { line: 0, character: 2 }), null);
    });
  });

  describe("go to the peer", () => {
    const OSAKA = example("osaka.ios");
    const docs = [
      { uri: "file:///lab/tokyo.ios", text: TOKYO },
      { uri: "file:///lab/osaka.ios", text: OSAKA },
    ].map(({ uri, text }) =>
      parseDocument(
        { uri, languageId: "cisco-ios", text },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    const workspace = {
      configs: docs.flatMap((d) =>
        d.kind === "config" ? [{ uri: d.uri, model: d.model }] : [],
      ),
    };

    it("leads from set peer to the interface address of the peer's config", () => {
      const [tokyo] = docs;
      const [to, ...more] = definitionAt(
        tokyo!,
        cursorIn(TOKYO, "set peer 172.16.6|.2"),
        workspace,
      );
      assert.deepEqual(more, []);
      assert.equal(to?.uri, "file:///lab/osaka.ios");
      assert.equal(textAt(OSAKA, to!.range), "172.16.6.2");
      assert.equal(
        OSAKA.split("\n")[to!.range.start.line],
        " ip address 172.16.6.2 255.255.255.0",
      );
    });

    it("finds nothing without a workspace, for an address no other config owns, or on the router's own", () => {
      const [tokyo] = docs;
      const at = cursorIn(TOKYO, "set peer 172.16.6|.2");
      assert.deepEqual(definitionAt(tokyo!, at), []);
      assert.deepEqual(
        definitionAt(tokyo!, cursorIn(TOKYO, "ip route 0.0.0|.0"), workspace),
        [],
      );
      const own = cursorIn(TOKYO, "ip address 172.16.5|.1");
      assert.deepEqual(definitionAt(tokyo!, own, workspace), []);
    });
  });

  describe("find references", () => {
    it("lists every use, with or without the declaration", () => {
      const parsed = parse(CRYPTO_MAP);
      const at = cursorIn(CRYPTO_MAP, "crypto ipsec transform-set t|s1");
      const uses = referencesAt(parsed, at, false);
      assert.equal(uses.length, 4);
      assert.ok(uses.every((u) => textAt(CRYPTO_MAP, u.range) === "ts1"));
      const all = referencesAt(parsed, at, true);
      assert.equal(all.length, 5);
      assert.deepEqual(
        all,
        [...all].sort((a, b) => a.range.start.line - b.range.start.line),
      );
    });

    it("counts every line of a numbered ACL and every entry of a crypto map", () => {
      const text =
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\naccess-list 101 permit ip 10.1.3.0 0.0.0.255 10.2.2.0 0.0.0.255\ncrypto map M 10 ipsec-isakmp\n match address 101\ncrypto map M 20 ipsec-isakmp\n match address 101\ninterface Serial0/0\n crypto map M\n";
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          referencesAt(parsed, cursorIn(text, " match address 1|01"), true),
        ),
        [1, 2, 4, 6],
      );
      assert.deepEqual(
        lineNumbers(
          referencesAt(parsed, cursorIn(text, " crypto map |M"), true),
        ),
        [3, 5, 8],
      );
    });
  });

  describe("IPv6 access lists", () => {
    const text = readFileSync(
      join(REPO_ROOT, "test", "fixtures", "configs", "ipv6-traffic-filter.ios"),
      "utf8",
    );

    it("goes from a traffic filter to its IPv6 access list, and renames both", () => {
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          definitionAt(parsed, cursorIn(text, "traffic-filter WAN|-IN")),
        ),
        [text.split("\n").indexOf("ipv6 access-list WAN-IN") + 1],
      );
      const { edits, after } = renameOk(
        text,
        "ipv6 access-list WA|N-IN",
        "EDGE-IN",
      );
      assert.equal(edits.length, 2);
      assert.match(after, /^ ipv6 traffic-filter EDGE-IN in$/m);
      assert.match(after, /^ipv6 access-list EDGE-IN$/m);
    });
  });

  describe("IPv6 crypto maps, HSRP groups and certificate maps", () => {
    const fixture = (...parts: string[]) =>
      readFileSync(
        join(REPO_ROOT, "test", "fixtures", "peers", ...parts),
        "utf8",
      );

    it("renames an IPv6 crypto map with its interface, leaving the IPv4 map alone", () => {
      const text = fixture("ipv6-crypto-map", "hq.ios");
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          definitionAt(parsed, cursorIn(text, "ipv6 crypto map BRANCH|-V6")),
        ),
        [
          text
            .split("\n")
            .indexOf("crypto map ipv6 BRANCH-V6 10 ipsec-isakmp") + 1,
        ],
      );
      const { edits, after } = renameOk(
        text,
        "crypto map ipv6 BRANCH-|V6 10",
        "HQ-V6",
      );
      assert.equal(edits.length, 2);
      assert.match(after, /^crypto map ipv6 HQ-V6 10 ipsec-isakmp$/m);
      assert.match(after, /^ ipv6 crypto map HQ-V6$/m);
      assert.match(after, /^ crypto map BRANCH-V4$/m);
    });

    it("renames an HSRP group with the crypto map redundancy that names it", () => {
      const text = fixture("hsrp-failover", "hq-a.ios");
      const { edits, after } = renameOk(
        text,
        "standby 1 name VPN-|HA",
        "WAN-HA",
      );
      assert.equal(edits.length, 2);
      assert.match(after, /^ standby 1 name WAN-HA$/m);
      assert.match(after, /^ crypto map VPN redundancy WAN-HA$/m);
    });

    it("goes from match certificate to the certificate map, and renames both", () => {
      const text = fixture("ikev2", "certificate-map", "hq.ios");
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          definitionAt(parsed, cursorIn(text, "match certificate CERT|-MAP")),
        ),
        [
          text.split("\n").indexOf("crypto pki certificate map CERT-MAP 10") +
            1,
        ],
      );
      const { after } = renameOk(text, "match certificate CERT|-MAP", "PEERS");
      assert.match(after, /^crypto pki certificate map PEERS 10$/m);
      assert.match(after, /^ match certificate PEERS$/m);
    });
  });

  describe("rename", () => {
    it("renames a transform set everywhere and the config still resolves", () => {
      const { edits, after } = renameOk(
        CRYPTO_MAP,
        "crypto ipsec transform-set t|s1",
        "AES256-MD5",
      );
      assert.equal(edits.length, 5);
      assert.doesNotMatch(after, /\bts1\b/);
      const model = parse(after);
      assert.ok(model.kind === "config");
      const names = new Set(
        model.model.definitions
          .filter((d) => d.kind === "transform-set")
          .map((d) => d.name),
      );
      for (const r of model.model.references.filter(
        (x) => x.kind === "transform-set",
      )) {
        assert.ok(names.has(r.name), `${r.name} is defined after the rename`);
      }
    });

    it("renames a crypto map on its entries and interfaces, and a dynamic map with its users", () => {
      const map = renameOk(CRYPTO_MAP, "crypto map my|map 10", "VPN");
      assert.equal(map.edits.length, 5);
      assert.match(
        map.after,
        /crypto map VPN 30 ipsec-isakmp dynamic mydynamicmap/,
      );
      const dyn = renameOk(
        CRYPTO_MAP,
        "crypto dynamic-map mydyn|amicmap 15",
        "DYN",
      );
      assert.equal(dyn.edits.length, 3);
      assert.match(dyn.after, /crypto map mymap 30 ipsec-isakmp dynamic DYN\b/);
    });

    it("renames a route-map with all its clauses", () => {
      const text =
        "route-map NONAT permit 10\n match ip address 150\nroute-map NONAT permit 20\nip nat inside source route-map NONAT interface Gi0/0 overload\n";
      const { after } = renameOk(
        text,
        "ip nat inside source route-map NO|NAT",
        "NO-NAT",
      );
      assert.equal(after.match(/NO-NAT/g)?.length, 3);
    });

    it("keeps a numbered ACL in its number range and says why", () => {
      const { edits, after } = renameOk(TOKYO, " match address 1|01", "150");
      assert.equal(edits.length, 2);
      assert.match(after, /access-list 150 permit ip/);
      assert.match(after, / match address 150/);
      renameRefused(
        TOKYO,
        " match address 1|01",
        "CRYPTO",
        /numbered extended ACL.*100-199 or 2000-2699/,
      );
      renameRefused(TOKYO, " match address 1|01", "50", /number in 100-199/);
    });

    it("validates names: no spaces, a letter first for named ACLs, no clash", () => {
      const text =
        "ip access-list extended ACL\n permit ip any any\nip access-list extended OTHER\n permit ip any any\ncrypto map M 10 ipsec-isakmp\n match address ACL\n";
      renameRefused(text, " match address A|CL", "MY ACL", /spaces/);
      renameRefused(text, " match address A|CL", "", /empty/);
      renameRefused(text, " match address A|CL", "1abc", /begin with a letter/);
      renameRefused(
        text,
        " match address A|CL",
        "50",
        /number only in 100-199/,
      );
      renameRefused(
        text,
        " match address A|CL",
        "OTHER",
        /already names another access list/,
      );
      renameRefused(text, " match address A|CL", "WHAT?", /\?/);
      const same = renameOk(text, " match address A|CL", "ACL");
      assert.deepEqual(same.edits, []);
      const ok = renameOk(text, " match address A|CL", "VPN-TRAFFIC");
      assert.equal(ok.edits.length, 2);
    });

    it("follows an ACL into vty, SNMP, NTP, HTTP and distribute-list commands", () => {
      const text = [
        "ip access-list standard MGMT",
        " permit 192.0.2.10",
        "access-list 40 permit 10.0.0.0 0.255.255.255",
        "snmp-server community S3cret RO MGMT",
        "ntp access-group peer MGMT",
        "ip http access-class ipv4 MGMT",
        "router ospf 1",
        " distribute-list 40 in GigabitEthernet0/1",
        "line vty 0 4",
        " access-class MGMT in",
      ].join("\n");
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          referencesAt(parsed, cursorIn(text, " access-class MG|MT"), true),
        ),
        [1, 4, 5, 6, 10],
      );
      assert.deepEqual(
        lineNumbers(
          definitionAt(parsed, cursorIn(text, " distribute-list 4|0")),
        ),
        [3],
      );
      const { edits, after } = renameOk(
        text,
        "ip access-list standard MG|MT",
        "ADMIN-HOSTS",
      );
      assert.equal(edits.length, 5);
      assert.doesNotMatch(after, /MGMT/);
      assert.match(after, /^snmp-server community S3cret RO ADMIN-HOSTS$/m);
      assert.match(after, /^ access-class ADMIN-HOSTS in$/m);
      const numbered = renameOk(text, " distribute-list 4|0", "41");
      assert.match(numbered.after, /^access-list 41 permit/m);
      assert.match(numbered.after, /^ distribute-list 41 in/m);
    });

    it("renames a crypto identity with its `set identity` and `identity` uses", () => {
      const text = [
        "crypto identity from-mjlnet",
        " fqdn Niigata.mjlnet.com",
        "crypto map M 10 ipsec-isakmp",
        " set peer 192.0.2.2",
        " set identity from-mjlnet",
        "crypto map M 20 ipsec-isakmp",
        " set peer 192.0.2.3",
        " identity from-mjlnet",
      ].join("\n");
      const parsed = parse(text);
      assert.deepEqual(
        lineNumbers(
          definitionAt(parsed, cursorIn(text, " set identity from-mj|lnet")),
        ),
        [1],
      );
      assert.deepEqual(
        lineNumbers(
          referencesAt(parsed, cursorIn(text, "crypto identity fr|om"), false),
        ),
        [5, 8],
      );
      const { after } = renameOk(
        text,
        " set identity from-mj|lnet",
        "partners",
      );
      assert.match(after, /^crypto identity partners$/m);
      assert.match(after, /^ set identity partners$/m);
      assert.match(after, /^ identity partners$/m);
    });

    it("refuses to rename interfaces with the reason, at prepare and at rename", () => {
      const parsed = parse(TOKYO);
      const at = cursorIn(TOKYO, "interface Ser|ial4/0");
      const prepared = prepareRename(parsed, at);
      assert.ok(prepared && "error" in prepared);
      assert.match(prepared.error, /hardware/);
      renameRefused(
        TOKYO,
        "interface Ser|ial4/0",
        "Serial4/1",
        /cannot be renamed/,
      );
    });

    it("renames a firewall zone, class-map and policy-map everywhere, but no zone to self", () => {
      const text = [
        "zone security OUTSIDE",
        "class-map type inspect match-any MGMT",
        " match protocol ssh",
        "policy-map type inspect PM",
        " class type inspect MGMT",
        "  inspect",
        "zone-pair security OUT-SELF source OUTSIDE destination self",
        " service-policy type inspect PM",
        "interface GigabitEthernet0/0",
        " zone-member security OUTSIDE",
        "",
      ].join("\n");
      const parsed = parse(text);
      const renamed = (fragment: string, name: string) => {
        const result = renameAt(parsed, cursorIn(text, fragment), name);
        assert.ok(result && "edits" in result);
        return lineNumbers(result.edits);
      };
      assert.deepEqual(
        renamed("zone-member security OUT|SIDE", "WAN"),
        [1, 7, 10],
      );
      assert.deepEqual(renamed("class type inspect MG|MT", "SSH-CM"), [2, 5]);
      assert.deepEqual(renamed("policy-map type inspect P|M", "PM2"), [4, 8]);
      const definition = definitionAt(
        parsed,
        cursorIn(text, "service-policy type inspect P|M"),
      );
      assert.deepEqual(lineNumbers(definition), [4]);
      renameRefused(
        text,
        "zone security OUT|SIDE",
        "self",
        /the router's own zone/,
      );
    });

    it("prepares a rename with the name's range, and nothing off a name", () => {
      const parsed = parse(TOKYO);
      const prepared = prepareRename(
        parsed,
        cursorIn(TOKYO, " set transform-set mjl|net"),
      );
      assert.ok(prepared && "range" in prepared);
      assert.equal(prepared.placeholder, "mjlnet");
      assert.equal(textAt(TOKYO, prepared.range), "mjlnet");
      assert.equal(
        prepareRename(parsed, cursorIn(TOKYO, " set transform|-set")),
        null,
      );
      assert.equal(
        renameAt(parsed, cursorIn(TOKYO, "ip cl|assless"), "x"),
        null,
      );
    });
  });
});
