import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readSettings, SETTINGS } from "../../../server/src/core/settings";
import { REPO_ROOT } from "../../support/lspClient";

const manifest = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
);

describe("settings", () => {
  it("the manifest declares exactly the settings of the code, with the same types and defaults", () => {
    const declared = manifest.contributes.configuration.properties as Record<
      string,
      { type: string; default: unknown; description: string }
    >;
    assert.deepEqual(
      Object.keys(declared).sort(),
      Object.keys(SETTINGS).sort(),
    );
    for (const [name, setting] of Object.entries(SETTINGS)) {
      assert.equal(declared[name]!.type, setting.type, name);
      assert.deepEqual(declared[name]!.default, setting.default, name);
      assert.equal(declared[name]!.description, setting.description, name);
    }
  });

  it("reads user values defensively", () => {
    const s = readSettings({
      revealSecrets: true,
      maxFileSize: -3,
      diagnostics: { severity: { "weak-crypto": "off", x: 1 } },
    });
    assert.equal(s.analysis.revealSecrets, true);
    assert.equal(s.analysis.maxFileSize, 50 * 1024 * 1024);
    assert.deepEqual(s.overrides, { "weak-crypto": "off" });
    assert.equal(s.problems.length, 1);
    assert.deepEqual(readSettings("garbage").overrides, {});
    assert.equal(readSettings("garbage").outlineMaxItems, 5000);
    assert.equal(
      readSettings({ outline: { maxItems: 12.7 } }).outlineMaxItems,
      12,
    );
    assert.equal(
      readSettings({ outline: { maxItems: 0 } }).outlineMaxItems,
      5000,
    );
    assert.equal(
      readSettings({ outline: { maxItems: "9" } }).outlineMaxItems,
      5000,
    );
    const days = (value: unknown) =>
      readSettings({ certificates: { expiryWarningDays: value } }).analysis
        .certificateExpiryDays;
    assert.equal(days(90), 90);
    assert.equal(days(0), 0);
    assert.equal(days(-1), 30);
    assert.equal(days("60"), 30);
    assert.equal(readSettings({}).analysis.certificateExpiryDays, 30);
  });
});
