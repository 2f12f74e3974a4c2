import * as assert from "node:assert/strict";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../server/src/core/document";
import { foldingBlocks, outerFolds } from "../../../server/src/core/folding";
import { parseDocument } from "../../../server/src/core/languageService";
import { captureFixturePaths } from "../../support/captures";
import { corpus, example } from "../../support/configFixtures";
import * as fs from "node:fs";
import type { FoldingBlock } from "../../../server/src/core/document";

function folds(text: string) {
  return foldingBlocks(
    parseDocument(
      { uri: "file:///r.ios", languageId: "cisco-ios", text },
      DEFAULT_ANALYSIS_SETTINGS,
    ),
  );
}

describe("folding", () => {
  it("folds every section of a config", () => {
    const text = example("tokyo.ios");
    const lines = text.split("\n");
    const blocks = folds(text);
    for (const head of [
      "crypto isakmp policy 10",
      "crypto map mjlnetmap 10 ipsec-isakmp",
      "interface Serial4/0",
    ]) {
      const start = lines.indexOf(head);
      assert.ok(
        blocks.some((b) => b.startLine === start && b.endLine > start),
        head,
      );
    }
    const map = lines.indexOf("crypto map mjlnetmap 10 ipsec-isakmp");
    assert.equal(
      blocks.find((b) => b.startLine === map)!.endLine,
      lines.indexOf(" match address 101"),
    );
  });

  it("folds the unindented lines of one numbered ACL together", () => {
    const text =
      "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\naccess-list 101 permit ip 10.1.2.0 0.0.0.255 any\naccess-list 101 deny ip any any\naccess-list 102 permit ip any any\n";
    assert.deepEqual(folds(text), [{ startLine: 0, endLine: 2 }]);
  });

  it("folds blocks of comment text, not bare `!` separators", () => {
    const blocks = folds(
      corpus("cfg_batfish_aws-generated_vpn-03701a53bba3c48b7.txt"),
    );
    const comments = blocks.filter((b) => b.kind === "comment");
    assert.ok(comments.length >= 5, `${comments.length} comment blocks`);
    assert.ok(comments[0]!.startLine === 0 || comments[0]!.startLine === 1);
    assert.deepEqual(folds("!\n!\nhostname R\n!\n"), []);
  });

  it("folds a capture's commands with their output, and the sections of a printed configuration", () => {
    const text = [
      "Osaka#show crypto isakmp sa",
      "dst             src             state          conn-id slot",
      "172.16.6.2      172.16.5.1      QM_IDLE              9    0",
      "Osaka#show running-config",
      "Building configuration...",
      "!",
      "crypto isakmp policy 10",
      " hash md5",
      " authentication pre-share",
      "!",
      "! Keys",
      "! for the branch offices",
      "crypto isakmp key cisco address 172.16.5.1",
      "Osaka#debug crypto isakmp",
      "Crypto ISAKMP debugging is on",
      "Osaka#",
    ].join("\n");
    const blocks = foldingBlocks(
      parseDocument(
        { uri: "file:///c.ioslog", languageId: "cisco-ios-log", text },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    assert.deepEqual(blocks, [
      { startLine: 0, endLine: 2 },
      { startLine: 3, endLine: 12 },
      { startLine: 6, endLine: 8 },
      { startLine: 10, endLine: 11, kind: "comment" },
    ]);
  });

  it("folds each exchange of a capture, main mode ending where quick mode begins", () => {
    const text = example("tokyo-success.ioslog");
    const lines = text.split("\n");
    const blocks = foldingBlocks(
      parseDocument(
        { uri: "file:///t.ioslog", languageId: "cisco-ios-log", text },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    const main = lines.findIndex((l) => l.includes("received ke message"));
    const fold = blocks.find((b) => b.startLine === main);
    assert.ok(fold, "main mode folds");
    const quick = blocks.find((b) => b.startLine === fold.endLine + 1);
    assert.ok(
      quick && quick.endLine > quick.startLine,
      "quick mode folds after it",
    );
    assert.match(lines[quick.startLine]!, /ISAKMP/);
  });

  it("never gives a capture two folds that cross (an editor would drop one)", () => {
    for (const file of captureFixturePaths()) {
      const text = fs.readFileSync(file, "utf8");
      const blocks = foldingBlocks(
        parseDocument(
          { uri: "file:///t.ioslog", languageId: "cisco-ios-log", text },
          DEFAULT_ANALYSIS_SETTINGS,
        ),
      );
      for (const a of blocks) {
        for (const b of blocks) {
          const crosses =
            a.startLine < b.startLine &&
            b.startLine <= a.endLine &&
            b.endLine > a.endLine;
          assert.ok(!crosses, `${file}: ${JSON.stringify([a, b])}`);
        }
      }
    }
  });
  describe("within an editor's limit", () => {
    // Two shows, the second printing a config with a section and a comment block inside it.
    const blocks = [
      { startLine: 0, endLine: 2 },
      { startLine: 3, endLine: 12 },
      { startLine: 6, endLine: 8 },
      { startLine: 10, endLine: 11, kind: "comment" as const },
      { startLine: 13, endLine: 15 },
    ];

    it("keeps every fold when they fit", () => {
      assert.deepEqual(outerFolds(blocks, 5), blocks);
    });

    it("drops the innermost folds first, keeping the first ones of the level it cuts", () => {
      assert.deepEqual(outerFolds(blocks, 4), [
        { startLine: 0, endLine: 2 },
        { startLine: 3, endLine: 12 },
        { startLine: 6, endLine: 8 },
        { startLine: 13, endLine: 15 },
      ]);
      assert.deepEqual(outerFolds(blocks, 2), [
        { startLine: 0, endLine: 2 },
        { startLine: 3, endLine: 12 },
      ]);
      assert.deepEqual(outerFolds(blocks, 0), []);
    });

    it("keeps the outer folds of a long capture: each show and exchange before what nests in them", () => {
      const one = fs.readFileSync(
        captureFixturePaths().find((f) =>
          f.endsWith("tokyo-osaka-printed-configs.ioslog"),
        )!,
        "utf8",
      );
      const text = Array.from({ length: 40 }, () => one).join("\n");
      const all = foldingBlocks(
        parseDocument(
          { uri: "file:///t.ioslog", languageId: "cisco-ios-log", text },
          DEFAULT_ANALYSIS_SETTINGS,
        ),
      );
      const inside = (k: FoldingBlock, d: FoldingBlock) =>
        d.startLine <= k.startLine &&
        k.endLine <= d.endLine &&
        (d.startLine !== k.startLine || d.endLine !== k.endLine);
      const nestedOnes = all.filter((k) => all.some((d) => inside(k, d)));
      assert.ok(nestedOnes.length > 0, "the capture has nested folds");
      const limit = all.length - nestedOnes.length + 3;
      const kept = outerFolds(all, limit);
      assert.equal(kept.length, limit);
      // Nothing kept lies inside a fold that was dropped.
      const dropped = all.filter((b) => !kept.includes(b));
      for (const k of kept) {
        assert.ok(!dropped.some((d) => inside(k, d)), JSON.stringify(k));
      }
    });
  });
});
