import * as assert from "node:assert/strict";
import {
  copyFinding,
  withLazyFixes,
  type Finding,
  type Fix,
} from "../../../../server/src/core/diagnostics/finding";
import { resolveSeverities } from "../../../../server/src/core/diagnostics/severityOverrides";
import { lineRange } from "../../../../server/src/core/text/position";

function lazyFinding(): { finding: Finding; builds: () => number } {
  let builds = 0;
  const finding = withLazyFixes(
    {
      code: "acl-blocks-esp",
      range: lineRange(3, 0, 10),
      message: "Access list EDGE denies ESP.",
    },
    (): Fix[] => {
      builds++;
      return [{ title: "Permit esp", edits: [], cli: ["permit esp any any"] }];
    },
  );
  return { finding, builds: () => builds };
}

describe("diagnostics/finding: fixes built on first read", () => {
  it("builds the fixes only when read, and once", () => {
    const { finding, builds } = lazyFinding();
    assert.equal(builds(), 0);
    assert.equal(finding.fixes?.[0]?.title, "Permit esp");
    assert.equal(finding.fixes?.[0]?.title, "Permit esp");
    assert.equal(builds(), 1);
  });

  it("stays unbuilt through severity resolution, then reads like plain data", () => {
    const { finding, builds } = lazyFinding();
    const [resolved] = resolveSeverities([finding], {
      "acl-blocks-esp": "warning",
    });
    assert.equal(builds(), 0);
    assert.equal(resolved!.severity, "warning");
    assert.equal(resolved!.message, "Access list EDGE denies ESP.");
    // Serialised (the CLI's JSON) and compared as data, the fixes are there.
    const json = JSON.parse(JSON.stringify(resolved)) as Finding;
    assert.deepEqual(json.fixes, [
      { title: "Permit esp", edits: [], cli: ["permit esp any any"] },
    ]);
    assert.equal(builds(), 1);
  });

  it("a copy that replaces the fixes takes the new ones", () => {
    const { finding, builds } = lazyFinding();
    const copy = copyFinding<Finding>(finding, { fixes: [] });
    assert.deepEqual(copy.fixes, []);
    assert.equal(builds(), 1, "a spread copy reads the old fixes once");
  });
});
