import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Code } from "../../../../server/src/core/diagnostics/catalog";
import { SHARED, analyse, serious } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";

const CORPUS = path.join(SHARED, "corpus");
const HEADER_END = "! ===== END CORPUS HEADER =====";

/**
 * Corpus configs whose headers say they are broken on purpose (or a parser test rather than a
 * deployment), with the errors and warnings those faults must produce. Every other IOS config of
 * the corpus is a working config.
 */
const BROKEN_ON_PURPOSE: Record<string, { header: RegExp; codes: Code[] }> = {
  // "'set transform-set <transform_set>' is a literal placeholder and the map is not applied to any interface"
  "cfg_batfish_crypto-vrf.cfg": {
    header: /placeholder and the map is not applied/,
    codes: ["crypto-map-not-applied", "undefined-reference"],
  },
  // "Good negative case: undefined ipsec profile reference + incomplete isakmp profile."
  "cfg_batfish_ios-ipsec-gh-5849.cfg": {
    header: /negative case: undefined ipsec profile/i,
    codes: ["undefined-reference", "unused-psk"],
  },
  // A parser unit test, not a deployment: crypto map mymap 10 and 20 match the same ACL toward
  // two peers, so entry 20 never carries that traffic from this router.
  "cfg_batfish_ios-crypto-map.cfg": {
    header:
      /kind\s*: IOS config \(parser unit-test\)[\s\S]*multiple crypto map sequences/,
    codes: ["crypto-acl-shadowed"],
  },
  // "Negative case: undefined ipsec profile." Its tunnel also has no destination.
  "cfg_batfish_ios-ipsec-ghe-5274.cfg": {
    header: /negative case: undefined ipsec profile/i,
    codes: ["tunnel-incomplete", "undefined-reference"],
  },
};

function corpusConfigs(): string[] {
  assert.ok(fs.existsSync(CORPUS), `the shared corpus is missing at ${CORPUS}`);
  return fs
    .readdirSync(CORPUS)
    .filter((f) => /^cfg_.*\.(cfg|txt)$/.test(f))
    .sort();
}

function codesOf(text: string): Code[] {
  return [...new Set(serious(analyse(text)).map((f) => f.code))].sort();
}

describe("checks on real configs", () => {
  it("finds the IOS configs of the corpus (and leaves the ASA one out)", () => {
    const files = corpusConfigs();
    assert.ok(files.length >= 10, files.join(", "));
    assert.ok(!files.some((f) => f.endsWith(".raw")));
  });

  it("reports no error or warning on the working seed pair", () => {
    for (const name of ["tokyo.ios", "osaka.ios"]) {
      const text = fs.readFileSync(
        path.join(REPO_ROOT, "examples", name),
        "utf8",
      );
      assert.deepEqual(
        serious(analyse(text)).map((f) => `${f.code}: ${f.message}`),
        [],
        name,
      );
    }
  });

  it("reports no error or warning on every working config of the corpus", () => {
    for (const file of corpusConfigs()) {
      if (BROKEN_ON_PURPOSE[file]) {
        continue;
      }
      const text = fs.readFileSync(path.join(CORPUS, file), "utf8");
      assert.deepEqual(
        serious(analyse(text)).map((f) => `${f.code}: ${f.message}`),
        [],
        file,
      );
    }
  });

  it("reports the faults the corpus headers describe", () => {
    for (const [file, expected] of Object.entries(BROKEN_ON_PURPOSE)) {
      const text = fs.readFileSync(path.join(CORPUS, file), "utf8");
      const header = text.slice(0, text.indexOf(HEADER_END));
      assert.match(
        header,
        expected.header,
        `${file}: the header no longer says it is broken`,
      );
      assert.deepEqual(codesOf(text), [...expected.codes].sort(), file);
    }
  });

  it("shows in each broken example the faults its header lists", () => {
    for (const name of ["tokyo.ios", "osaka.ios"]) {
      const text = fs.readFileSync(
        path.join(REPO_ROOT, "examples", "broken", name),
        "utf8",
      );
      const listed = /^! Single-config findings: (.+)$/m.exec(text);
      assert.ok(listed, `${name} has no "Single-config findings" header line`);
      const expected = listed[1]!
        .split(",")
        .map((c) => c.trim())
        .sort();
      assert.deepEqual(codesOf(text), expected, name);
    }
  });
});
