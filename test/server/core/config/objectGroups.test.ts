import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { aclEntryText } from "../../../../server/src/core/config/aclText";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { parseDocument } from "../../../../server/src/core/languageService";
import {
  definitionAt,
  referencesAt,
} from "../../../../server/src/core/navigation";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { configHoverAt, cursorIn } from "../../../support/configFixtures";

const TEXT = fixture("object-groups.ios");

/** The entries of the ACL lines, by the line's text. */
function entriesByLine(text: string, acl: string): Map<string, string[]> {
  const model = parseConfig(text);
  const out = new Map<string, string[]>();
  for (const e of model.acls.get(acl)!.entries) {
    const line = e.node.text.trim();
    out.set(line, [...(out.get(line) ?? []), aclEntryText(e)]);
  }
  return out;
}

function unreadableLines(text: string, acl: string): string[] {
  return parseConfig(text)
    .acls.get(acl)!
    .unreadable.map((n) => n.text.trim());
}

function hoverAt(fragment: string, text = TEXT): string {
  return configHoverAt(text, fragment);
}

describe("config/objectGroups", () => {
  describe("sections", () => {
    const model = parseConfig(TEXT);

    it("reads every member form of a network group, in order", () => {
      const local = model.objectGroups.get("LOCAL")!;
      assert.equal(local.kind, "network");
      assert.equal(textAt(TEXT, local.nameRange), "LOCAL");
      assert.deepEqual(
        local.members.map((m) => [m.kind, m.node.text.trim()]),
        [
          ["addresses", "host 192.0.2.10"],
          ["addresses", "10.1.0.0 255.255.0.0"],
          ["addresses", "range 10.9.0.1 10.9.0.6"],
          ["group", "group-object SERVERS"],
        ],
      );
      assert.deepEqual(
        model.objectGroups.get("ANYWHERE")!.members.map((m) => m.kind),
        ["addresses"],
      );
      assert.deepEqual(model.objectGroups.get("EMPTY")!.members, []);
      // A wildcard where IOS takes a subnet mask is not read.
      assert.deepEqual(
        model.objectGroups.get("BAD-MASK")!.members.map((m) => m.kind),
        ["unreadable"],
      );
    });

    it("reads every member form of a service group", () => {
      const group = model.objectGroups.get("EVERY-FORM")!;
      assert.equal(group.kind, "service");
      assert.deepEqual(
        group.members.map((m) =>
          m.kind === "services"
            ? m.services.map(
                (s) =>
                  `${s.protocol ?? "any"} ${JSON.stringify(s.sourcePort ?? null)} ${JSON.stringify(s.destinationPort ?? null)}`,
              )
            : m.kind,
        ),
        [
          ["any null null"],
          ["51 null null"],
          ["1 null null"],
          ['6 null {"op":"eq","ports":[22]}'],
          ['6 null {"op":"range","ports":[1000,2000]}'],
          ['6 {"op":"eq","ports":[80]} null'],
          ['17 {"op":"range","ports":[1,1023]} {"op":"eq","ports":[443]}'],
          [
            '6 null {"op":"eq","ports":[53]}',
            '17 null {"op":"eq","ports":[53]}',
          ],
          ["47 null null"],
          "group",
        ],
      );
      assert.deepEqual(
        model.objectGroups.get("JUNK")!.members.map((m) => m.kind),
        ["unreadable"],
      );
    });
  });

  describe("ACL lines", () => {
    const lines = entriesByLine(TEXT, "GROUPS");

    it("gives one entry per combination of the members, nested groups included", () => {
      assert.deepEqual(
        lines.get("permit ip object-group LOCAL object-group SERVERS"),
        [
          "permit ip host 192.0.2.10 → 10.5.5.0/24",
          "permit ip 10.1.0.0/16 → 10.5.5.0/24",
          // The range splits into the aligned blocks that cover it exactly.
          "permit ip host 10.9.0.1 → 10.5.5.0/24",
          "permit ip 10.9.0.2/31 → 10.5.5.0/24",
          "permit ip 10.9.0.4/31 → 10.5.5.0/24",
          "permit ip host 10.9.0.6 → 10.5.5.0/24",
          "permit ip 10.5.5.0/24 → 10.5.5.0/24",
        ],
      );
      assert.deepEqual(
        lines.get(
          "permit object-group IPSEC host 198.51.100.1 object-group ANYWHERE",
        ),
        [
          "permit udp host 198.51.100.1 → any eq 500",
          "permit udp host 198.51.100.1 → any eq 4500",
          "permit esp host 198.51.100.1 → any",
        ],
      );
      assert.deepEqual(
        lines.get("10 deny tcp object-group SERVERS eq 22 any log"),
        ["deny tcp 10.5.5.0/24 eq 22 → any"],
      );
      assert.equal(
        lines.get("permit object-group EVERY-FORM any any")?.length,
        13,
      );
      assert.deepEqual(
        lines.get("permit object-group EVERY-FORM any any")?.slice(7, 9),
        ["permit tcp any → any eq 53", "permit udp any → any eq 53"],
      );
      assert.deepEqual(
        entriesByLine(TEXT, "150").get(
          "access-list 150 permit udp object-group LOCAL any eq isakmp",
        )?.length,
        7,
      );
    });

    it("keeps the line's sequence, log and node on every entry, with ranges on its words", () => {
      const acl = parseConfig(TEXT).acls.get("GROUPS")!;
      const denied = acl.entries.filter((e) => e.action === "deny");
      assert.equal(denied.length, 1);
      assert.equal(denied[0]!.sequence, 10);
      assert.equal(denied[0]!.log, true);
      assert.equal(
        textAt(TEXT, denied[0]!.sourceRange),
        "object-group SERVERS",
      );
      assert.equal(textAt(TEXT, denied[0]!.sourcePortRange!), "eq 22");
      const first = acl.entries.filter((e) =>
        e.node.text.includes("object-group LOCAL object-group SERVERS"),
      );
      assert.equal(new Set(first.map((e) => e.node)).size, 1);
      assert.ok(first.every((e) => e.grouped && e.sequence === 10));
      const service = acl.entries.find((e) => e.protocolWord === "esp")!;
      assert.equal(
        textAt(TEXT, service.destinationRange),
        "object-group ANYWHERE",
      );
      // A service group's ports are its members', not words of the line.
      const isakmp = acl.entries.find(
        (e) => e.destinationPort?.ports[0] === 500,
      )!;
      assert.equal(isakmp.destinationPortRange, undefined);
      // Plain lines are entries as before.
      const plain = acl.entries[acl.entries.length - 1]!;
      assert.equal(plain.grouped, false);
      assert.equal(textAt(TEXT, plain.sourceRange), "10.1.0.0 0.0.255.255");
    });

    it("matches nothing for an empty group, and leaves unreadable what IOS's view of cannot be read", () => {
      assert.equal(lines.get("permit ip object-group EMPTY any"), undefined);
      assert.deepEqual(unreadableLines(TEXT, "GROUPS"), [
        // A nesting cycle, a member not read, a group not defined.
        "permit ip any object-group LOOP-A",
        "permit ip object-group BAD-MASK any",
        "permit object-group JUNK any any",
        "permit ip object-group MISSING any",
        // Ports on a line whose service group gives them; a network group as the protocol.
        "permit object-group IPSEC any eq 500 any",
        "permit object-group SERVERS any any",
      ]);
      // Object groups are for extended ACLs only.
      assert.deepEqual(unreadableLines(TEXT, "10"), [
        "access-list 10 permit object-group LOCAL",
      ]);
    });

    it("leaves a line unreadable past the bound on combinations", () => {
      const hosts = (n: number, base: number) =>
        Array.from(
          { length: n },
          (_, i) => ` host 10.${base}.${i >> 8}.${i & 255}`,
        );
      const text = [
        "object-group network A",
        ...hosts(40, 1),
        "object-group network B",
        ...hosts(30, 2),
        "ip access-list extended BIG",
        " permit ip object-group A object-group B",
        " permit ip object-group A any",
        "",
      ].join("\n");
      const acl = parseConfig(text).acls.get("BIG")!;
      assert.equal(acl.entries.length, 40);
      assert.deepEqual(
        acl.unreadable.map((n) => n.text.trim()),
        ["permit ip object-group A object-group B"],
      );
    });

    it("reads the lines naming a group again after an edit of the group, and only then", () => {
      const before = parseConfig(TEXT);
      const plain = before.acls.get("GROUPS")!.entries.at(-1)!;
      const grouped = before.acls
        .get("GROUPS")!
        .entries.filter((e) =>
          e.node.text.includes("LOCAL object-group SERVERS"),
        );
      assert.equal(grouped.length, 7);
      const edited = TEXT.replace(
        " 10.5.5.0 255.255.255.0",
        " 10.6.0.0 255.255.0.0\n host 10.7.7.7",
      );
      const after = parseConfig(edited, before);
      const lines = after.acls
        .get("GROUPS")!
        .entries.filter((e) =>
          e.node.text.includes("LOCAL object-group SERVERS"),
        )
        .map(aclEntryText);
      assert.equal(lines.length, 16);
      assert.ok(lines.includes("permit ip host 10.7.7.7 → host 10.7.7.7"));
      assert.ok(!lines.some((l) => l.includes("10.5.5.0")));
      // A later edit elsewhere keeps the entries read with the groups they name.
      const again = parseConfig(
        edited.replace("hostname Groups", "hostname G2"),
        after,
      );
      assert.deepEqual(
        again.acls
          .get("GROUPS")!
          .entries.filter((e) =>
            e.node.text.includes("LOCAL object-group SERVERS"),
          )
          .map(aclEntryText),
        lines,
      );
      const local = parseConfig(
        edited
          .replace("hostname Groups", "hostname G2")
          .replace(
            " permit ip 10.1.0.0 0.0.255.255 any",
            " permit ip 10.1.0.0 0.0.255.255 host 10.3.3.3",
          ),
        again,
      );
      assert.equal(
        local.acls
          .get("GROUPS")!
          .entries.filter((e) =>
            e.node.text.includes("LOCAL object-group SERVERS"),
          ).length,
        16,
      );
      assert.notEqual(local.acls.get("GROUPS")!.entries.at(-1), plain);
    });

    it("never throws on junk object-group lines", () => {
      const junk = [
        "object-group",
        "object-group network",
        "object-group service X extra",
        "object-group network N",
        " host",
        " range 10.0.0.9 10.0.0.1",
        " 10.0.0.0",
        " group-object",
        " group-object N extra",
        " host 300.1.1.1",
        "object-group service S",
        " tcp source",
        " udp eq",
        " tcp-udp range 5",
        " constructor",
        " __proto__ eq 1",
        " 999",
        "ip access-list extended J",
        " permit object-group",
        " permit ip object-group",
        " permit ip object-group N object-group",
        " permit object-group S object-group N object-group N eq",
        " permit ip object-group constructor any",
        "",
      ].join("\n");
      const model = parseConfig(junk);
      const acl = model.acls.get("J")!;
      assert.equal(acl.entries.length, 0);
      assert.equal(acl.unreadable.length, 5);
      assert.ok(analyse(junk).length >= 0);
    });
  });

  describe("names", () => {
    it("reports a group that is not defined, where an ACL line or a group names it", () => {
      const found = findingsOf(analyse(TEXT), "undefined-reference");
      assert.deepEqual(
        found.map((f) => textAt(TEXT, f.range)),
        ["MISSING"],
      );
      assert.match(
        found[0]!.message,
        /^Object group MISSING is used here but never defined/,
      );
      const nested = TEXT.replace(
        " group-object SERVERS",
        " group-object SERVRES",
      );
      assert.deepEqual(
        findingsOf(analyse(nested), "undefined-reference").map((f) =>
          textAt(nested, f.range),
        ),
        ["SERVRES", "MISSING"],
      );
    });

    it("goes to a group's definition and finds its uses", () => {
      const parsed = parseDocument(
        { uri: "file:///lab/r.ios", languageId: "cisco-ios", text: TEXT },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      const [definition] = definitionAt(
        parsed,
        cursorIn(TEXT, "permit ip object-group LOCAL object-group SERV|ERS"),
      );
      assert.equal(
        definition!.range.start.line,
        cursorIn(TEXT, "object-group network SERV|ERS").line,
      );
      const uses = referencesAt(
        parsed,
        cursorIn(TEXT, "object-group network SERV|ERS"),
        false,
      );
      assert.deepEqual(
        uses.map((u) => TEXT.split("\n")[u.range.start.line]!.trim()),
        [
          "group-object SERVERS",
          "permit ip object-group LOCAL object-group SERVERS",
          "10 deny tcp object-group SERVERS eq 22 any log",
          "permit object-group SERVERS any any",
        ],
      );
    });
  });

  describe("hovers", () => {
    it("shows what a group named in an ACL line holds, nested groups included", () => {
      const md = hoverAt("permit ip object-group LO|CAL object-group SERVERS");
      assert.match(md, /\*\*object-group network LOCAL\*\*/);
      assert.match(
        md,
        /- host 192\.0\.2\.10\n- 10\.1\.0\.0\/16\n- host 10\.9\.0\.1, 10\.9\.0\.2\/31, 10\.9\.0\.4\/31, host 10\.9\.0\.6\n/,
      );
      assert.match(md, /- group-object SERVERS/);
      assert.match(md, /With its nested groups: .*10\.5\.5\.0\/24\./);
      assert.match(md, /Used by:/);
      assert.match(
        hoverAt("permit object-group IP|SEC host"),
        /- udp eq 500\n- udp eq 4500\n- esp/,
      );
      assert.match(
        hoverAt("permit ip any object-group LOOP|-A"),
        /cannot all be read/,
      );
    });

    it("explains the object-group commands", () => {
      assert.match(
        hoverAt("object-group net|work LOCAL"),
        /network object group/,
      );
      assert.match(hoverAt(" 10.1.0.0 255.2|55.0.0"), /subnet mask/);
      assert.match(hoverAt(" tcp-ud|p eq domain"), /Both TCP and UDP/);
      assert.match(hoverAt(" group-obj|ect IPSEC"), /service object group/);
      // A network group's `group-object` line, not read as a subnet and its mask.
      assert.match(
        hoverAt(" group-obj|ect SERVERS"),
        /every member of another network object group/,
      );
      // Port conditions of every form, titled with the protocol the line wrote.
      assert.match(
        hoverAt(" udp sou|rce range 1 1023 eq 443"),
        /^`udp source range <first-port> <last-port> eq <port>\?`/,
      );
      assert.match(hoverAt(" tcp ran|ge 1000 2000"), /Destination ports from/);
      // A description of several words.
      assert.match(
        hoverAt(" descrip|tion the hub's networks"),
        /A comment kept with the group/,
      );
    });
  });
});
