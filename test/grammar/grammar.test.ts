import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  REPO_ROOT,
  SUITES,
  type SnapshotRun,
  type ToolRun,
  listAssertionFiles,
  listInputs,
  orphanSnapshots,
  runAssertions,
  runSnapshots,
} from "./snapshotRunner";

const UPDATE_HINT = "run `npm run test:grammar:update` and review the diff";

/** The verdict of one file in a tool run, or the whole output when the tool did not name it. */
function verdict(run: ToolRun, name: string): { ok: boolean; text: string } {
  return (
    run.perFile.get(name) ?? {
      ok: false,
      text: `the tool said nothing about ${name}:\n${run.output}`,
    }
  );
}

describe("TextMate grammars", function () {
  this.timeout(180_000);

  it("syntaxes/*.tmLanguage.json are generated from syntaxes/src", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "syntaxes", "src", "build.mjs"), "--check"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it("snapshots cover every example of the seed chapter", function () {
    const chapter = path.join(
      REPO_ROOT,
      "..",
      "shared",
      "seed",
      "000_b6e234904a1add06.txt",
    );
    const text = fs.readFileSync(chapter, "utf8");
    const examples = [...new Set(text.match(/Example 8-\d+/g) ?? [])];
    assert.ok(examples.length > 0, "the chapter names no example");
    const log = SUITES.find((suite) => suite.language === "cisco-ios-log");
    assert.ok(log);
    const snapshotted = new Set(listInputs(log).map((input) => input.name));
    const missing = examples
      .map((example) => `seed/ex8-${example.slice("Example 8-".length)}.ioslog`)
      .filter((name) => !snapshotted.has(name));
    assert.deepEqual(missing, [], "examples without a snapshot input");
  });

  for (const suite of SUITES) {
    describe(`${suite.language} snapshots`, () => {
      const inputs = listInputs(suite);
      let run: SnapshotRun | undefined;

      before(() => {
        run = runSnapshots(suite);
      });
      after(() => {
        run?.dispose();
      });

      it("vscode-tmgrammar-snap passes on every input", () => {
        assert.ok(inputs.length > 0, "no snapshot input");
        assert.ok(run);
        assert.equal(run.code, 0, run.output);
      });

      it("has no snapshot left without an input", () => {
        assert.deepEqual(orphanSnapshots(suite), [], UPDATE_HINT);
      });

      for (const input of inputs) {
        it(input.name, () => {
          assert.ok(
            fs.existsSync(input.snapshot),
            `${path.relative(REPO_ROOT, input.snapshot)} is missing: ${UPDATE_HINT}`,
          );
          assert.ok(run);
          const result = verdict(run, input.name);
          assert.ok(
            result.ok,
            `${result.text}\n(${UPDATE_HINT} if the change is wanted)`,
          );
        });
      }
    });

    describe(`${suite.language} assertions`, () => {
      const files = listAssertionFiles(suite);
      let run: ToolRun | undefined;

      before(() => {
        run = runAssertions(files);
      });

      it("vscode-tmgrammar-test passes on every assertion file", () => {
        assert.ok(files.length > 0, "no assertion file");
        assert.ok(run);
        assert.equal(run.code, 0, run.output);
      });

      for (const file of files) {
        it(path.basename(file), () => {
          assert.ok(run);
          const result = verdict(run, file);
          assert.ok(result.ok, result.text);
        });
      }
    });
  }
});
