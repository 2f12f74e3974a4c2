import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { offeredFixes } from "../../../server/src/core/codeActions";
import { analyse } from "../../support/configAnalysis";
import { REPO_ROOT } from "../../support/paths";

const OSAKA = fs.readFileSync(
  path.join(REPO_ROOT, "examples", "broken", "osaka.ios"),
  "utf8",
);

describe("codeActions: offeredFixes", () => {
  const findings = analyse(OSAKA);

  it("offers a fix that several findings share once, naming all of them", () => {
    const acl = findings.filter((f) => f.code.startsWith("acl-blocks"));
    assert.ok(acl.length >= 2, acl.map((f) => f.code).join());
    const offered = offeredFixes(findings, acl[0]!.range, acl);
    const titles = offered.map((o) => o.fix.title);
    assert.deepEqual(titles, [...new Set(titles)]);
    const removal = offered.find((o) =>
      /^Remove access list/.test(o.fix.title),
    );
    assert.ok(removal, titles.join());
    assert.ok(removal.findings.length >= 2);
  });

  it("answers only for the findings asked about, matched by code, range and message", () => {
    const weak = findings.filter(
      (f) =>
        f.code === "weak-crypto" &&
        f.range.start.line ===
          findings.find((g) => g.code === "weak-crypto")!.range.start.line,
    );
    assert.ok(weak.length >= 2, "two weak-crypto findings on one line");
    const [a, b] = weak;
    const forA = offeredFixes(findings, a!.range, [a!]);
    assert.ok(forA.length > 0);
    assert.ok(forA.every((o) => o.findings.every((f) => f === a)));
    const forB = offeredFixes(findings, b!.range, [b!]);
    assert.ok(forB.every((o) => o.findings.every((f) => f === b)));
    // Nothing asked: every finding in range, as before.
    assert.ok(
      offeredFixes(findings, a!.range).length >= forA.length + forB.length,
    );
  });
});
