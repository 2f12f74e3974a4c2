import * as assert from "node:assert/strict";
import type { AccessList } from "../../../../server/src/core/config/model";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  aclEntryText,
  appendTopLevel,
  deleteLine,
  deleteSection,
  insertAclEntry,
  insertChild,
  insertTopLevelAfter,
  replaceAclEntry,
  rewriteNumberedAcl,
} from "../../../../server/src/core/fixes/configEdits";
import { mergeEntriesInto } from "../../../../server/src/core/fixes/cryptoMapEdits";
import {
  choice,
  escapeSnippet,
  placeholder,
  snippetToCli,
} from "../../../../server/src/core/fixes/snippets";
import { applyEdits, expandSnippet } from "../../../support/applyEdits";

const acl = (text: string, name: string): AccessList => {
  const found = parseConfig(text).acls.get(name);
  assert.ok(found, name);
  return found;
};

describe("fixes/configEdits", () => {
  it("inserts a child with the section's indentation, after nested lines, in the file's line ending", () => {
    const text =
      "interface Gi0/0\r\n  ip address 192.0.2.1 255.255.255.0\r\n  no shutdown\r\n!\r\nend\r\n";
    const model = parseConfig(text);
    const after = applyEdits(text, [
      insertChild(model.tree, model.interfaces[0]!.node, "crypto map M"),
    ]);
    assert.equal(
      after,
      "interface Gi0/0\r\n  ip address 192.0.2.1 255.255.255.0\r\n  no shutdown\r\n  crypto map M\r\n!\r\nend\r\n",
    );
    const bare = parseConfig("crypto isakmp policy 10\nhostname R");
    assert.equal(
      applyEdits("crypto isakmp policy 10\nhostname R", [
        insertChild(bare.tree, bare.tree.roots[0]!, "group 14"),
      ]),
      "crypto isakmp policy 10\n group 14\nhostname R",
    );
  });

  it("appends top-level lines before `end`, or after the last written line", () => {
    const withEnd = "hostname R\n!\nend\n";
    const a = parseConfig(withEnd);
    assert.equal(
      applyEdits(withEnd, [
        appendTopLevel(a.tree, ["ip route 0.0.0.0 0.0.0.0 192.0.2.254"]),
      ]),
      "hostname R\n!\nip route 0.0.0.0 0.0.0.0 192.0.2.254\nend\n",
    );
    const noEnd = "hostname R\n\n\n";
    const b = parseConfig(noEnd);
    assert.equal(
      applyEdits(noEnd, [appendTopLevel(b.tree, ["x"])]),
      "hostname R\nx\n\n\n",
    );
    const section =
      "crypto map M 10 ipsec-isakmp\n set peer 1.1.1.1\nhostname R";
    const c = parseConfig(section);
    assert.equal(
      applyEdits(section, [
        insertTopLevelAfter(c.tree, c.tree.roots[0]!, [
          "crypto map M 20 ipsec-isakmp",
        ]),
      ]),
      "crypto map M 10 ipsec-isakmp\n set peer 1.1.1.1\ncrypto map M 20 ipsec-isakmp\nhostname R",
    );
  });

  it("deletes a line or a section, including the last line of a file without a final line break", () => {
    const text = "a\nb\n c\nd";
    const model = parseConfig(text);
    const [, b, d] = model.tree.roots;
    assert.equal(applyEdits(text, [deleteLine(model.tree, d!)]), "a\nb\n c");
    assert.equal(applyEdits(text, [deleteSection(model.tree, b!)]), "a\nd");
    assert.equal(applyEdits(text, [deleteLine(model.tree, b!)]), "a\n c\nd");
    const single = parseConfig("only");
    assert.equal(
      applyEdits("only", [deleteLine(single.tree, single.tree.roots[0]!)]),
      "",
    );
  });

  it("inserts into a numbered ACL: appended in place, or before a line with a console rewrite", () => {
    const text =
      "access-list 101 permit udp any any eq isakmp\naccess-list 101 deny esp any any\naccess-list 101 permit ip any any\n";
    const model = parseConfig(text);
    const list = model.acls.get("101")!;
    const end = insertAclEntry(
      model.tree,
      list,
      undefined,
      "permit ahp any any",
    );
    assert.deepEqual(end.cli, ["access-list 101 permit ahp any any"]);
    assert.match(
      applyEdits(text, end.edits),
      /permit ip any any\naccess-list 101 permit ahp any any\n$/,
    );
    const before = insertAclEntry(
      model.tree,
      list,
      list.entries[1],
      "permit esp host 1.1.1.1 any",
    );
    assert.deepEqual(before.cli, [
      "no access-list 101",
      "access-list 101 permit udp any any eq isakmp",
      "access-list 101 permit esp host 1.1.1.1 any",
      "access-list 101 deny esp any any",
      "access-list 101 permit ip any any",
    ]);
    assert.equal(
      applyEdits(text, before.edits),
      before.cli.slice(1).join("\n") + "\n",
    );
  });

  it("gathers a scattered numbered ACL where it starts when rewriting it", () => {
    const text =
      "access-list 5 permit host 1.1.1.1\nhostname R\naccess-list 5 deny any\n";
    const model = parseConfig(text);
    const list = model.acls.get("5")!;
    const change = insertAclEntry(
      model.tree,
      list,
      list.entries[1],
      "permit host 2.2.2.2",
    );
    assert.equal(
      applyEdits(text, change.edits),
      "access-list 5 permit host 1.1.1.1\naccess-list 5 permit host 2.2.2.2\naccess-list 5 deny any\nhostname R\n",
    );
    const rewrite = rewriteNumberedAcl(model.tree, list, [
      "access-list 5 permit any",
    ]);
    assert.equal(
      applyEdits(text, rewrite.edits),
      "access-list 5 permit any\nhostname R\n",
    );
    assert.deepEqual(rewrite.cli, [
      "no access-list 5",
      "access-list 5 permit any",
    ]);
  });

  it("inserts into a named ACL with a free sequence number, resequencing when there is none", () => {
    const text =
      "ip access-list extended E\n 10 permit esp any any\n 20 deny udp any any\n";
    const model = parseConfig(text);
    const list = model.acls.get("E")!;
    const change = insertAclEntry(
      model.tree,
      list,
      list.entries[1],
      "permit udp any any eq isakmp",
    );
    assert.deepEqual(change.cli, [
      "ip access-list extended E",
      " 15 permit udp any any eq isakmp",
    ]);
    assert.equal(
      applyEdits(text, change.edits),
      "ip access-list extended E\n 10 permit esp any any\n 15 permit udp any any eq isakmp\n 20 deny udp any any\n",
    );
    const tight =
      "ip access-list extended T\n 10 permit esp any any\n 11 deny udp any any\n";
    const t = parseConfig(tight);
    const tList = t.acls.get("T")!;
    const resequenced = insertAclEntry(
      t.tree,
      tList,
      tList.entries[1],
      "permit udp any any eq isakmp",
    );
    assert.deepEqual(resequenced.cli, [
      "ip access-list resequence T 10 10",
      "ip access-list extended T",
      " 15 permit udp any any eq isakmp",
    ]);
    assert.equal(
      applyEdits(tight, resequenced.edits),
      "ip access-list extended T\n 10 permit esp any any\n permit udp any any eq isakmp\n 11 deny udp any any\n",
    );
    const plain = "ip access-list extended P\n permit esp any any\n";
    const p = parseConfig(plain);
    const appended = insertAclEntry(
      p.tree,
      p.acls.get("P")!,
      undefined,
      "permit ahp any any",
    );
    assert.equal(
      applyEdits(plain, appended.edits),
      "ip access-list extended P\n permit esp any any\n permit ahp any any\n",
    );
  });

  it("replaces an entry: numbered ACLs are rewritten on the console, named ones by sequence number", () => {
    const numbered = acl(
      "access-list 101 permit ip any any\naccess-list 101 deny ip any any",
      "101",
    );
    const r = replaceAclEntry(
      numbered,
      numbered.entries[0]!,
      "permit ip host 1.1.1.1 any",
      [],
    );
    assert.deepEqual(r.cli, [
      "no access-list 101",
      "access-list 101 permit ip host 1.1.1.1 any",
      "access-list 101 deny ip any any",
    ]);
    const named = acl(
      "ip access-list extended N\n permit ip any any\n permit tcp any any",
      "N",
    );
    const n = replaceAclEntry(
      named,
      named.entries[1]!,
      "permit tcp host 2.2.2.2 any",
      [],
    );
    assert.deepEqual(n.cli, [
      "ip access-list extended N",
      " no 20",
      " 20 permit tcp host 2.2.2.2 any",
    ]);
    assert.equal(
      aclEntryText(named, named.entries[1]!.node),
      "permit tcp any any",
    );
  });

  it("renumbers the entries of one crypto map into another", () => {
    const text =
      "crypto map A 10 ipsec-isakmp\n set peer 1.1.1.1\ncrypto map B 10 ipsec-isakmp\n set peer 2.2.2.2\ncrypto map B 30 ipsec-isakmp\n";
    const model = parseConfig(text);
    const merge = mergeEntriesInto(model, model.cryptoMaps.get("A")!, "B");
    assert.deepEqual(merge.sequences, [40]);
    assert.match(
      applyEdits(text, merge.edits),
      /^crypto map B 40 ipsec-isakmp\n set peer 1\.1\.1\.1\n/,
    );
    assert.deepEqual(merge.cli, [
      "no crypto map A 10",
      "crypto map B 40 ipsec-isakmp",
      " set peer 1.1.1.1",
    ]);
  });
});

describe("fixes/snippets", () => {
  it("escapes literals, writes placeholders and choices, and turns them into console text", () => {
    assert.equal(escapeSnippet("a$b}c\\"), "a\\$b\\}c\\\\");
    assert.equal(placeholder(1, "next-hop"), "${1:next-hop}");
    assert.equal(choice(2, ["T1", "T2"], "set"), "${2|T1,T2|}");
    assert.equal(choice(2, ["T1"], "set"), "${2:T1}");
    assert.equal(choice(2, [], "set"), "${2:set}");
    assert.equal(
      snippetToCli("ip route 0.0.0.0 0.0.0.0 ${1:next-hop}"),
      "ip route 0.0.0.0 0.0.0.0 <next-hop>",
    );
    assert.equal(
      snippetToCli("set transform-set ${1|T1,T2|} \\$x"),
      "set transform-set <T1> $x",
    );
    assert.equal(
      expandSnippet("key ${1:key} x ${2|a,b|}", () => "K"),
      "key K x a",
    );
  });
});
