import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildTree,
  keywordAmong,
  keywordAt,
  KeywordSet,
  startsWith,
  updateTree,
  type ConfigNode,
  type ConfigTree,
} from "../../../../server/src/core/config/tree";

/**
 * Words are split when asked for, and lines are matched against keywords in their text. Both must
 * agree with the words a node gives, whatever the case, spacing or characters of the line.
 */

/** Every node of a tree, in line order. */
function nodesOf(tree: ConfigTree): ConfigNode[] {
  const out: ConfigNode[] = [];
  const visit = (node: ConfigNode): void => {
    out.push(node);
    node.children.forEach(visit);
  };
  tree.roots.forEach(visit);
  return out;
}

/** The words of a node as plain data (text and range). */
function plainWords(node: ConfigNode): unknown {
  return node.words.map((w) => [w.text, w.range]);
}

/** Words as IOS writes them, in odd cases and with characters whose lower case is ASCII. */
const word = fc.oneof(
  fc.constantFrom(
    "no",
    "NO",
    "No",
    "ip",
    "IP",
    "address",
    "crypto",
    "Crypto",
    "map",
    "isakmp",
    "key",
    "interface",
    "shutdown",
    "access-list",
    "\u212Aey", // KELVIN SIGN: lower-cases to "key"
    "\u0130p", // capital I with dot: lower-cases to two characters
    "ıp",
    "10.0.0.1",
  ),
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !/\s/.test(s)),
);
const space = fc.constantFrom(" ", "  ", "\t", "\u00a0", " \u3000 ");
const line = fc
  .tuple(
    fc.constantFrom("", " ", "  ", "\t"),
    fc.array(fc.tuple(word, space), { maxLength: 6 }),
    fc.constantFrom("", " ", "\t"),
  )
  .map(
    ([indent, parts, tail]) =>
      indent +
      parts
        .map(([w, s]) => w + s)
        .join("")
        .trimEnd() +
      tail,
  );
const config = fc.array(line, { minLength: 1, maxLength: 12 });

/** `startsWith` as the words say it. */
function startsWithByWords(node: ConfigNode, keywords: string[]): boolean {
  return (
    node.words.length >= keywords.length &&
    keywords.every((k, i) => node.words[i]!.text.toLowerCase() === k)
  );
}

describe("config/tree: lines the pager erased", () => {
  const erase = "\b".repeat(10);
  const more = ` --More-- ${erase}          ${erase}`;
  const text = [
    "crypto map VPN 10 ipsec-isakmp",
    " set peer 192.0.2.2",
    `${more} set transform-set TS`,
    `${more}interface Serial0/0`,
    " ip address 192.0.2.1 255.255.255.0",
    "",
  ].join("\n");

  it("places each line where the terminal showed it, its words at the columns written", () => {
    const tree = buildTree(text);
    assert.deepEqual(
      tree.roots.map((r) => [
        r.text.trim(),
        r.children.map((c) => c.text.trim()),
      ]),
      [
        [
          "crypto map VPN 10 ipsec-isakmp",
          ["set peer 192.0.2.2", "set transform-set TS"],
        ],
        ["interface Serial0/0", ["ip address 192.0.2.1 255.255.255.0"]],
      ],
    );
    // The node's text has the pager blanked, not removed: every column stays as written.
    const set = tree.roots[0]!.children[1]!;
    assert.equal(set.text.length, text.split("\n")[2]!.length);
    assert.equal(tree.lines[2], text.split("\n")[2]);
    assert.equal(set.words[0]!.text, "set");
    assert.equal(set.words[0]!.start, more.length + 1);
    assert.ok(startsWith(set, "set", "transform-set"));
  });

  it("leaves lines alone in a text without the pager, and an edit keeps the reading", () => {
    const plain = buildTree("hostname R1\n --More-- \n");
    assert.equal(plain.lines[1], " --More-- ");
    const edited = text.replace("192.0.2.2", "192.0.2.3");
    const updated = updateTree(buildTree(text), edited);
    assert.deepEqual(
      updated.roots.map((r) => r.children.length),
      buildTree(edited).roots.map((r) => r.children.length),
    );
    assert.equal(
      updated.roots[0]!.children[1]!.words[1]!.text,
      "transform-set",
    );
  });
});

describe("config/tree: words on demand, keywords read in place", () => {
  it("keywordAt gives each word in lower case, and nothing past the last", () => {
    fc.assert(
      fc.property(config, (lines) => {
        for (const node of nodesOf(buildTree(lines.join("\n")))) {
          for (let i = 0; i <= node.words.length; i++) {
            assert.equal(
              keywordAt(node, i),
              node.words[i]?.text.toLowerCase() ?? "",
              JSON.stringify(node.text),
            );
          }
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("keywordAmong gives what keywordAt gives when it is one of the set, else nothing", () => {
    const set = [
      "no",
      "ip",
      "key",
      "crypto",
      "access-list",
      "interface",
      "map",
    ];
    const among = new KeywordSet(set);
    fc.assert(
      fc.property(config, (lines) => {
        for (const node of nodesOf(buildTree(lines.join("\n")))) {
          for (let i = 0; i <= node.words.length; i++) {
            const word = keywordAt(node, i);
            assert.equal(
              keywordAmong(node, i, among),
              set.includes(word) ? word : "",
              JSON.stringify(node.text),
            );
          }
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("startsWith agrees with the words for the line's own words and for others", () => {
    fc.assert(
      fc.property(
        config,
        fc.array(fc.constantFrom("ip", "key", "address", "no", "crypto")),
        (lines, others) => {
          for (const node of nodesOf(buildTree(lines.join("\n")))) {
            const own = node.words.map((w) => w.text.toLowerCase());
            const candidates = [
              own,
              own.slice(0, 1),
              own.slice(0, 2),
              [...own, "extra"],
              others,
              [],
            ];
            for (const keywords of candidates) {
              assert.equal(
                startsWith(node, ...keywords),
                startsWithByWords(node, keywords),
                `${JSON.stringify(node.text)} ${JSON.stringify(keywords)}`,
              );
            }
          }
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it("gives the same words however often and in whatever order they are asked for", () => {
    const tree = buildTree(
      "interface Tunnel0\n ip address 10.0.0.1 255.255.255.0\n no shutdown\nhostname r1\n",
    );
    const [tunnel, address, shutdown, hostname] = nodesOf(tree) as [
      ConfigNode,
      ConfigNode,
      ConfigNode,
      ConfigNode,
    ];
    const first = [tunnel, address, shutdown, hostname].map(plainWords);
    // Asked again out of order (the shared slot holds another line each time), then a third time.
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(
        [hostname, shutdown, address, tunnel].map(plainWords).reverse(),
        first,
      );
    }
    assert.deepEqual(plainWords(shutdown), [["shutdown", range(2, 4, 12)]]);
    assert.equal(shutdown.negated, true);
    assert.equal(
      address.words,
      address.words,
      "a line asked for again keeps its words",
    );
  });

  it("moves the words of lines below an insertion, whether they were asked for or not", () => {
    const tail =
      "interface Serial0\n ip address 10.0.0.1 255.0.0.0\nhostname b\nhostname c\nhostname d\n";
    const before = buildTree(`hostname a\n${tail}`);
    const [, , , hostB, hostC, hostD] = nodesOf(before);
    // b is never split, c is split once (it holds the shared slot), d twice (kept on the line).
    void hostD!.words;
    void hostB!.text;
    void hostC!.words;
    void hostD!.words;
    const edited = `hostname a\n!\n!\n${tail}`;
    const after = updateTree(before, edited);
    // Asked first, before any other line takes the slot.
    assert.deepEqual(hostC!.words[1]!.range, range(6, 9, 10));
    assert.equal(
      after.roots.at(-1),
      hostD,
      "the last sections are moved, not read again",
    );
    assert.deepEqual(
      nodesOf(after).map(plainWords),
      nodesOf(buildTree(edited)).map(plainWords),
    );
    assert.deepEqual(hostB!.words[1]!.range, range(5, 9, 10));
  });
});

function range(line: number, start: number, end: number): unknown {
  return {
    start: { line, character: start },
    end: { line, character: end },
  };
}
