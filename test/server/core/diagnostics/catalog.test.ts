import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CATALOG,
  CODES,
  docsUrl,
} from "../../../../server/src/core/diagnostics/catalog";
import {
  parseSeverityOverrides,
  resolveSeverities,
} from "../../../../server/src/core/diagnostics/severityOverrides";
import { lineRange } from "../../../../server/src/core/text/position";
import { REPO_ROOT } from "../../../support/lspClient";

const DOCS = fs.readFileSync(
  path.join(REPO_ROOT, "docs", "diagnostics.md"),
  "utf8",
);

/** The docs section of a code: from its heading to the next heading. */
function section(code: string): string | undefined {
  const start = DOCS.indexOf(`\n### ${code}\n`);
  if (start < 0) {
    return undefined;
  }
  const next = DOCS.indexOf("\n#", start + 5);
  return DOCS.slice(start, next < 0 ? undefined : next);
}

describe("diagnostic catalogue", () => {
  it("uses stable kebab-case codes", () => {
    for (const code of CODES) {
      assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it("documents every code with meaning, cause, verification and fix", () => {
    for (const code of CODES) {
      const text = section(code);
      assert.ok(text, `docs/diagnostics.md has no section "### ${code}"`);
      for (const field of [
        "What it means",
        "Why the tunnel fails",
        "Verify",
        "Fix",
      ]) {
        const m = new RegExp(`\\*\\*${field}:\\*\\*\\s*(.+)`).exec(text);
        assert.ok(
          m && !/^TODO\b/.test(m[1]!.trim()),
          `${code}: "${field}" is missing or TODO`,
        );
      }
    }
    assert.ok(
      docsUrl("psk-mismatch").endsWith("docs/diagnostics.md#psk-mismatch"),
    );
  });

  it("documents no code that does not exist", () => {
    const documented = [...DOCS.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      documented.filter((c) => !(CODES as string[]).includes(c!)),
      [],
    );
  });
});

describe("severity overrides", () => {
  const finding = (code: keyof typeof CATALOG) => ({
    code,
    range: lineRange(0, 0, 1),
    message: "m",
  });

  it("applies defaults, overrides and off", () => {
    const { overrides, problems } = parseSeverityOverrides({
      "weak-crypto": "error",
      "crypto-acl-any": "off",
    });
    assert.deepEqual(problems, []);
    const resolved = resolveSeverities(
      [
        finding("weak-crypto"),
        finding("crypto-acl-any"),
        finding("psk-mismatch"),
      ],
      overrides,
    );
    assert.deepEqual(
      resolved.map((f) => [f.code, f.severity]),
      [
        ["weak-crypto", "error"],
        ["psk-mismatch", "error"],
      ],
    );
  });

  it("reports unknown codes and bad values without dropping the good ones", () => {
    const { overrides, problems } = parseSeverityOverrides({
      "weak-crypto": "hint",
      nope: "error",
      "psk-mismatch": "loud",
    });
    assert.deepEqual(overrides, { "weak-crypto": "hint" });
    assert.equal(problems.length, 2);
    assert.equal(parseSeverityOverrides("error").problems.length, 1);
  });
});
