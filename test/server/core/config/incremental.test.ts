import * as assert from "node:assert/strict";
import fc from "fast-check";
import { allFixtures } from "../../../fuzz/support/arbitraries";
import { configAnnotations } from "../../../../server/src/core/annotations/configAnnotations";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { LineAcl } from "../../../../server/src/core/config/aclLine";
import { LineObjectGroup } from "../../../../server/src/core/config/objectGroups";
import {
  buildTree,
  updateTree,
  type ConfigNode,
  type ConfigTree,
} from "../../../../server/src/core/config/tree";
import type { ConfigModel } from "../../../../server/src/core/config/model";
import { validate } from "../../../../server/src/core/languageService";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";

/**
 * The server re-reads only the sections an edit touched (`updateTree`). Whatever the edits, the
 * tree, model and findings must be those of a fresh parse of the final text.
 */

/** A tree as plain data: every node with its line, words (text and range) and children. */
function plainTree(tree: ConfigTree): unknown {
  const plain = (node: ConfigNode): unknown => ({
    line: node.line,
    lastLine: node.lastLine,
    indent: node.indent,
    text: node.text,
    negated: node.negated,
    parent: node.parent?.line,
    words: node.words.map((w) => [w.text, w.range]),
    children: node.children.map(plain),
  });
  return { lines: tree.lines, eol: tree.eol, roots: tree.roots.map(plain) };
}

/** A model as plain data: nodes stand for their line, so the comparison sees what they point at. */
function plainModel(model: ConfigModel): string {
  return JSON.stringify(
    { ...model, tree: undefined },
    (key, value: unknown) => {
      if (key === "parent" || key === "children") {
        return undefined;
      }
      if (value instanceof Map) {
        return [...value.entries()];
      }
      if (value instanceof LineAcl) {
        // Its entries are read when asked for: compare them, not whether they were read yet.
        return {
          name: value.name,
          kind: value.kind,
          numbered: value.numbered,
          nameRange: value.nameRange,
          nodes: value.nodes,
          remarks: value.remarks,
          entries: value.entries,
          unreadable: value.unreadable,
        };
      }
      if (value instanceof LineObjectGroup) {
        // Its members and expansion are read when asked for, like an ACL's entries.
        return {
          name: value.name,
          kind: value.kind,
          nameRange: value.nameRange,
          node: value.node,
          sections: value.sections,
          members: value.members,
        };
      }
      if (
        value &&
        typeof value === "object" &&
        "lastLine" in value &&
        "indent" in value
      ) {
        return `node@${(value as ConfigNode).line}`;
      }
      return value;
    },
  );
}

function findings(model: ConfigModel): unknown {
  return validate(
    { kind: "config", uri: "file:///r.ios", model },
    { settings: DEFAULT_ANALYSIS_SETTINGS, overrides: {} },
  );
}

/** An edit of a list of lines, as an editor makes them. */
type Edit =
  | { op: "type"; line: number; column: number; text: string }
  | { op: "erase"; line: number; column: number; count: number }
  | { op: "insertLines"; line: number; text: string[] }
  | { op: "deleteLines"; line: number; count: number }
  | { op: "indent"; line: number; spaces: number }
  | { op: "unindent"; line: number };

const SNIPPETS = [
  " ",
  "!",
  "no ",
  "x",
  "\t",
  "interface Tunnel9",
  " ip address 10.9.9.1 255.255.255.0",
  " set peer 172.16.6.2",
  "crypto map mjlnetmap 30 ipsec-isakmp",
  "banner motd ^C",
  "banner login #hello",
  "^C",
  "#",
  "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
  " match address 101",
  "access-list 101 deny ip any any",
  "access-list 1 permit 10.0.0.0",
  "ip access-list extended NAT",
  " permit ip 10.1.1.0 0.0.0.255 any",
  "route-map NONAT permit 10",
  "route-map NONAT deny 5",
  " match ip address 101",
  "  description nested",
  "ntp server 10.9.9.9",
  "ntp master 3",
  "sntp server ntp.example.net",
  "object-group network OG",
  " host 10.2.2.9",
  " group-object OG",
  " permit ip object-group OG any",
  "object-group service SVC",
  " udp eq isakmp",
  // IOS stops reading at a top-level `end`: one typed mid-file leaves the sections below unread.
  "end",
];

const EDIT: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    op: fc.constant("type" as const),
    line: fc.nat(),
    column: fc.nat(),
    text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 3 })),
  }),
  fc.record({
    op: fc.constant("erase" as const),
    line: fc.nat(),
    column: fc.nat(),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    op: fc.constant("insertLines" as const),
    line: fc.nat(),
    text: fc.array(fc.constantFrom(...SNIPPETS), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    op: fc.constant("deleteLines" as const),
    line: fc.nat(),
    count: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({
    op: fc.constant("indent" as const),
    line: fc.nat(),
    spaces: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({ op: fc.constant("unindent" as const), line: fc.nat() }),
);

function applyEdit(lines: string[], edit: Edit): string[] {
  const out = [...lines];
  const at = lines.length ? edit.line % lines.length : 0;
  const current = out[at] ?? "";
  switch (edit.op) {
    case "type": {
      const column = edit.column % (current.length + 1);
      out[at] = current.slice(0, column) + edit.text + current.slice(column);
      break;
    }
    case "erase": {
      const column = edit.column % (current.length + 1);
      out[at] = current.slice(0, column) + current.slice(column + edit.count);
      break;
    }
    case "insertLines":
      out.splice(at, 0, ...edit.text);
      break;
    case "deleteLines":
      out.splice(at, edit.count);
      break;
    case "indent":
      out[at] = " ".repeat(edit.spaces) + current;
      break;
    case "unindent":
      out[at] = current.trimStart();
      break;
  }
  return out;
}

/** Names defined by one section and used or continued by others, close together so edits hit them. */
const SHARED_NAMES = [
  "hostname r1",
  "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
  "route-map NONAT deny 10",
  " match ip address 101",
  "access-list 101 deny ip any any",
  "route-map NONAT permit 20",
  " match ip address 1",
  "access-list 1 permit 10.1.1.0 0.0.0.255",
  "ip access-list extended 101",
  " permit esp any any",
  "route-map NONA permit 5",
  "access-list 10 permit any",
  "access-list 1 deny any",
  "access-list 20 permit any",
  "ip nat inside source route-map NONAT interface Serial0/0 overload",
  "interface Serial0/0",
  " ip access-group 101 in",
  "object-group network OG",
  " 10.2.2.0 255.255.255.0",
  " group-object OG2",
  "object-group network OG2",
  " range 10.3.3.1 10.3.3.4",
  "object-group service SVC",
  " esp",
  "ip access-list extended 102",
  " permit ip object-group OG object-group OG2",
  " deny object-group SVC any object-group OG",
  "access-list 103 permit udp object-group OG eq 500 any",
  "",
].join("\n");

const CONFIGS = [
  ...allFixtures().filter(
    (f) => f.languageId === "cisco-ios" && f.text.length < 200_000,
  ),
  { name: "shared names", text: SHARED_NAMES, languageId: "cisco-ios" },
  { name: "shared names", text: SHARED_NAMES, languageId: "cisco-ios" },
  { name: "shared names", text: SHARED_NAMES, languageId: "cisco-ios" },
];

/** Any series of edits of one of `configs`: the patched model equals a fresh parse at every step. */
function sameAsFreshParse(configs: readonly { text: string }[]) {
  return fc.property(
    fc.integer({ min: 0, max: configs.length - 1 }),
    fc.array(EDIT, { minLength: 1, maxLength: 6 }),
    fc.constantFrom("\n", "\r\n"),
    (which, edits, eol) => {
      let lines = configs[which]!.text.split(/\r\n|\r|\n/);
      let model = parseConfig(lines.join(eol));
      for (const edit of edits) {
        lines = applyEdit(lines, edit);
        const text = lines.join(eol);
        model = parseConfig(text, model);
        const fresh = parseConfig(text);
        assert.deepEqual(plainTree(model.tree), plainTree(fresh.tree));
        assert.equal(plainModel(model), plainModel(fresh));
        // The inlay hints are read from the patched model: they must sit where a fresh parse puts them.
        assert.deepEqual(configAnnotations(model), configAnnotations(fresh));
      }
      assert.deepEqual(findings(model), findings(parseConfig(lines.join(eol))));
    },
  );
}

describe("config/incremental: re-reading only the edited sections", () => {
  it("has config fixtures to edit", () => {
    assert.ok(CONFIGS.length >= 10);
  });

  it("gives the tree, model and findings of a fresh parse after any series of edits", () => {
    fc.assert(sameAsFreshParse(CONFIGS), { numRuns: 400, seed: 7 });
  });

  it("patches IPv6 sections (routes, access lists, interface lines) as it patches the others", () => {
    const ipv6 = CONFIGS.filter((f) => /ipv6/.test(f.name));
    assert.ok(ipv6.length >= 4, ipv6.map((f) => f.name).join(", "));
    fc.assert(sameAsFreshParse(ipv6), { numRuns: 150, seed: 11 });
  });

  it("keeps the sections the edit did not touch (the point of it)", () => {
    const text = CONFIGS.find((f) => f.name.endsWith("seed-tokyo.ios"))!.text;
    const before = buildTree(text);
    const firstRoots = [...before.roots];
    const lines = text.split("\n");
    // Type into the last section: every earlier section is the same object afterwards.
    const lastLine = firstRoots[firstRoots.length - 1]!.line;
    lines[lastLine] = `${lines[lastLine]} `;
    const after = updateTree(before, lines.join("\n"));
    assert.equal(after.roots.length, firstRoots.length);
    assert.ok(after.roots.slice(0, -2).every((r, i) => r === firstRoots[i]));
    assert.notEqual(after.roots[after.roots.length - 1], firstRoots.at(-1));
  });

  it("moves the sections below an inserted line, ranges included", () => {
    const text =
      "hostname a\ninterface Serial0\n ip address 10.0.0.1 255.0.0.0\nhostname b\n";
    const before = buildTree(text);
    const lastWord = before.roots[2]!.words[1]!;
    assert.equal(lastWord.range.start.line, 3);
    const after = updateTree(before, `!\n!\n${text}`);
    assert.equal(after.roots[2]!.line, 5);
    assert.equal(after.roots[2]!.words[1]!.range.start.line, 5);
    assert.deepEqual(plainTree(after), plainTree(buildTree(`!\n!\n${text}`)));
  });

  it("reads the sections below a closing end again when the end is removed, and drops them when it returns", () => {
    const text =
      "hostname a\ncrypto map CMAP 10 ipsec-isakmp\n set peer 10.0.0.2\nend\ncrypto map CMAP 20 ipsec-isakmp\n";
    const cut = parseConfig(text);
    assert.deepEqual(
      cut.cryptoMaps.get("CMAP")!.entries.map((e) => e.sequence),
      [10],
    );
    const open = text.replace("end\n", "!\n");
    const reopened = parseConfig(open, cut);
    assert.equal(plainModel(reopened), plainModel(parseConfig(open)));
    assert.deepEqual(
      reopened.cryptoMaps.get("CMAP")!.entries.map((e) => e.sequence),
      [10, 20],
    );
    const closed = parseConfig(text, reopened);
    assert.equal(plainModel(closed), plainModel(parseConfig(text)));
    assert.equal(closed.closingEnd?.line, 3);
  });

  it("reads the tail again when an edit opens a banner that swallows it", () => {
    const text = "hostname a\ninterface Serial0\n description x\nhostname b\n";
    const before = buildTree(text);
    const edited = text.replace("hostname a", "banner motd ^C");
    const after = updateTree(before, edited);
    assert.deepEqual(plainTree(after), plainTree(buildTree(edited)));
    assert.equal(after.roots.length, 1);
  });
});

describe("config/incremental: model entries of local sections", () => {
  const text = [
    "hostname r1",
    "interface Serial0/0",
    " ip address 172.16.5.1 255.255.255.0",
    " crypto map vpn",
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
    "crypto map vpn 10 ipsec-isakmp",
    " match address 101",
    "line vty 0 4",
    " access-class 101 in",
    "",
  ].join("\n");

  it("replaces only the edited interface's entries and keeps the shared parts as they were", () => {
    const before = parseConfig(text);
    const edited = text.replace("172.16.5.1", "172.16.5.9");
    const after = parseConfig(edited, before);
    assert.equal(
      after.cryptoMaps,
      before.cryptoMaps,
      "crypto maps carried over",
    );
    assert.equal(after.acls.get("101"), before.acls.get("101"));
    assert.equal(after.interfaces[0]!.addresses[0]!.address, 0xac100509);
    assert.equal(plainModel(after), plainModel(parseConfig(edited)));
  });

  it("patches the model when lines are added below the shared sections, reading to the end", () => {
    const before = parseConfig(text);
    const grown = text.replace(
      "line vty 0 4\n",
      "line vty 0 4\n transport input ssh\n",
    );
    const after = parseConfig(grown, before);
    assert.equal(
      after.cryptoMaps,
      before.cryptoMaps,
      "crypto maps carried over",
    );
    assert.equal(after.references.at(-1)!.range.start.line, 9);
    assert.equal(plainModel(after), plainModel(parseConfig(grown)));
    const shrunk = parseConfig(text, after);
    assert.equal(shrunk.cryptoMaps, before.cryptoMaps);
    assert.equal(plainModel(shrunk), plainModel(parseConfig(text)));
  });

  it("patches ntp server lines like other local sections, but not ntp master", () => {
    const withNtp = `${text}ntp master 3\n`;
    const before = parseConfig(withNtp);
    assert.ok(before.ntpMaster);
    const servers = withNtp.replace("ntp master 3", "ntp server 10.9.9.9");
    const after = parseConfig(servers, before);
    assert.equal(after.ntpMaster, undefined);
    assert.equal(plainModel(after), plainModel(parseConfig(servers)));
    const more = `${servers}ntp server 10.9.9.10\n`;
    const again = parseConfig(more, after);
    assert.equal(again.cryptoMaps, after.cryptoMaps, "patched, not rebuilt");
    assert.deepEqual(
      again.ntpServers.map((n) => n.address),
      [0x0a090909, 0x0a09090a],
    );
    assert.equal(plainModel(again), plainModel(parseConfig(more)));
  });

  it("reuses the ACL entries of lines that moved, with their ranges moved", () => {
    const before = parseConfig(text);
    const entry = before.acls.get("101")!.entries[0]!;
    assert.equal(entry.sourceRange.start.line, 4);
    // Enter inside the interface: the model is read again, the ACL line (not re-read) lower.
    const grown = text.replace(" crypto map vpn\n", " \n crypto map vpn\n");
    const after = parseConfig(grown, before);
    assert.equal(after.acls.get("101")!.entries[0], entry, "the same entry");
    assert.equal(entry.sourceRange.start.line, 5);
    assert.equal(entry.destinationRange.end.line, 5);
    assert.equal(plainModel(after), plainModel(parseConfig(grown)));
    // And back up when the line goes away again.
    const shrunk = parseConfig(text, after);
    assert.equal(shrunk.acls.get("101")!.entries[0], entry);
    assert.equal(plainModel(shrunk), plainModel(parseConfig(text)));
  });

  it("splices an edited ACL line into its ACL", () => {
    const twoLines = text.replace(
      "crypto map vpn 10",
      "access-list 101 deny ip any any\ncrypto map vpn 10",
    );
    const before = parseConfig(twoLines);
    const edited = twoLines.replace(
      "deny ip any any",
      "deny ip host 10.9.9.9 any",
    );
    const after = parseConfig(edited, before);
    assert.equal(
      after.cryptoMaps,
      before.cryptoMaps,
      "crypto maps carried over",
    );
    assert.equal(after.acls.get("101")!.entries.length, 2);
    assert.equal(plainModel(after), plainModel(parseConfig(edited)));
  });

  describe("an edit that adds or removes lines above local sections only", () => {
    const local = [
      "hostname r2",
      "crypto map vpn 10 ipsec-isakmp",
      " match address 101",
      "ip route 10.8.0.0 255.255.0.0 172.16.5.2",
      "interface Serial0/0",
      " ip address 172.16.5.1 255.255.255.0",
      " crypto map vpn",
      "interface Serial0/1",
      " ip address 172.16.6.1 255.255.255.0",
      " ip address 172.16.7.1 255.0.255.0 secondary",
      "username admin password 7 0822455D0A16",
      "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      "ip route 10.9.0.0 255.255.0.0 Serial0/1",
      "route-map NONAT permit 10",
      " match ip address 101",
      "",
    ].join("\n");

    it("keeps the entries below, which follow their moved lines", () => {
      const before = parseConfig(local);
      const grown = local.replace(
        " crypto map vpn\n",
        " crypto map vpn\n description WAN\n",
      );
      const after = parseConfig(grown, before);
      assert.equal(after.cryptoMaps, before.cryptoMaps, "patched");
      // Not read again: the same objects, now one line lower.
      assert.equal(after.secrets[0], before.secrets[0]);
      assert.equal(after.routeMaps[0], before.routeMaps[0]);
      assert.equal(after.acls.get("101"), before.acls.get("101"));
      assert.equal(after.interfaces[1]!.nameRange.start.line, 8);
      assert.equal(after.acls.get("101")!.nameRange.start.line, 12);
      assert.equal(after.secrets[0]!.range.start.line, 11);
      assert.equal(after.routeMaps[0]!.nameRange.start.line, 14);
      assert.deepEqual(
        after.problems.map((p) => p.range.start.line),
        [10],
        "the bad netmask's problem moved with its line",
      );
      assert.equal(plainModel(after), plainModel(parseConfig(grown)));
      assert.deepEqual(findings(after), findings(parseConfig(grown)));
    });

    it("moves a crypto section below the edit without rebuilding the model", () => {
      const cryptoBelow = [
        "interface Serial0/0",
        " ip address 172.16.5.1 255.255.255.0",
        " crypto map vpn",
        "crypto isakmp key 0 secret1 address 172.16.6.2",
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac",
        "crypto map vpn 10 ipsec-isakmp",
        " set peer 172.16.6.2",
        " set transform-set TS",
        " match address 101",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "",
      ].join("\n");
      const before = parseConfig(cryptoBelow);
      const grown = cryptoBelow.replace(
        " crypto map vpn\n",
        " description WAN\n crypto map vpn\n",
      );
      const after = parseConfig(grown, before);
      assert.equal(after.cryptoMaps, before.cryptoMaps, "patched, not rebuilt");
      const entry = after.cryptoMaps.get("vpn")!.entries[0]!;
      assert.equal(entry.nameRange.start.line, 6);
      assert.equal(entry.peers[0]!.range.start.line, 7);
      assert.equal(after.transformSets[0]!.transforms[0]!.range.start.line, 5);
      assert.equal(after.globalKeys[0]!.targetRange.start.line, 4);
      assert.equal(plainModel(after), plainModel(parseConfig(grown)));
      assert.deepEqual(findings(after), findings(parseConfig(grown)));
    });

    it("tells the replaced sections from the moved ones when lines are removed", () => {
      // Removing three lines moves the sections below onto the removed lines' numbers.
      const before = parseConfig(local);
      const shrunk = local.replace(
        "interface Serial0/0\n ip address 172.16.5.1 255.255.255.0\n crypto map vpn\n",
        "",
      );
      const after = parseConfig(shrunk, before);
      assert.equal(after.cryptoMaps, before.cryptoMaps, "patched");
      assert.equal(after.acls.get("101"), before.acls.get("101"));
      assert.equal(after.acls.get("101")!.nameRange.start.line, 8);
      assert.equal(after.secrets[0], before.secrets[0]);
      assert.equal(after.secrets[0]!.range.start.line, 7);
      assert.deepEqual(
        after.interfaces.map((i) => [i.name, i.nameRange.start.line]),
        [["Serial0/1", 4]],
      );
      assert.equal(plainModel(after), plainModel(parseConfig(shrunk)));
      assert.deepEqual(findings(after), findings(parseConfig(shrunk)));
    });
  });

  it("reads every shared section again when the edit touches crypto, and keeps the local ones", () => {
    const before = parseConfig(text);
    const edited = text.replace("match address 101", "match address 102");
    const crypto = parseConfig(edited, before);
    assert.notEqual(crypto.cryptoMaps, before.cryptoMaps);
    assert.equal(
      crypto.interfaces[0],
      before.interfaces[0],
      "local entries kept",
    );
    assert.equal(crypto.acls.get("101"), before.acls.get("101"));
    assert.deepEqual(
      crypto.references
        .filter((r) => r.kind === "acl")
        .map((r) => [r.name, r.range.start.line]),
      [
        ["102", 6],
        ["101", 8],
      ],
    );
    assert.equal(plainModel(crypto), plainModel(parseConfig(edited)));
    assert.deepEqual(findings(crypto), findings(parseConfig(edited)));
    const again = parseConfig(text);
    const moved = parseConfig(`!\n${text}`, again);
    assert.equal(moved.cryptoMaps, again.cryptoMaps);
    assert.equal(moved.interfaces[0]!.node.line, 2);
    assert.equal(moved.interfaces[0]!.nameRange.start.line, 2);
    assert.equal(plainModel(moved), plainModel(parseConfig(`!\n${text}`)));
  });
});

describe("config/incremental: edits that move where a name is first defined", () => {
  const cases: [string, string, string][] = [
    [
      "an ACL defined below is named first above",
      "access-list 1 permit 10.1.1.0",
      "access-list 10 permit 10.1.1.0",
    ],
    [
      "an ACL defined right below is named first by an edited line",
      "access-list 1 deny any",
      "access-list 20 deny any",
    ],
    [
      "the ACL's first line is renamed away",
      "access-list 101 permit ip",
      "access-list 102 permit ip",
    ],
    [
      "a route-map's first clause is renamed away",
      "route-map NONAT deny 10",
      "route-map NONAX deny 10",
    ],
    [
      "a route-map defined below is named first above",
      "route-map NONAT deny 10",
      "route-map NONA deny 10",
    ],
    [
      "a named ACL continues a numbered one",
      " permit esp any any",
      " deny esp any any",
    ],
    [
      "an ACL line turns into a remark",
      "access-list 101 deny ip any any",
      "access-list 101 remark ip any any",
    ],
  ];
  for (const [title, from, to] of cases) {
    it(title, () => {
      assert.ok(SHARED_NAMES.includes(from));
      const edited = SHARED_NAMES.replace(from, to);
      const after = parseConfig(edited, parseConfig(SHARED_NAMES));
      const fresh = parseConfig(edited);
      assert.deepEqual(plainTree(after.tree), plainTree(fresh.tree));
      assert.equal(plainModel(after), plainModel(fresh));
      assert.deepEqual(findings(after), findings(fresh));
    });
  }
});
