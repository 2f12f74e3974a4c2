import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/lspClient";
import { manifestGrammars } from "../support/textmate";
import { grammarRegexes } from "./support/grammarRegexes";
import {
  collectRegexes,
  tsFiles,
  type FoundRegex,
} from "./support/regexCollect";
import { timeRegexes, type RegexTiming } from "./support/regexRunner";

/**
 * Every regular expression of the server and of both grammars meets inputs built against its own
 * shape (long runs of what it repeats, runs that almost match, its literal words repeated), each
 * about 50,000 characters. Nested or overlapping quantifiers show up as a run that never ends
 * (the worker is stopped) or as time that grows much faster than the input.
 */

const LENGTH = 50_000;
/** Linear regexes take a few ms on 50,000 characters; this leaves room for a busy CI machine. */
const BOUND_MS = 200;
/** Time at the full length over time at a tenth of it: about 10 when linear, 100 when quadratic. */
const SUPERLINEAR_RATIO = 30;
const HANG_MS = 4000;
/** Any regex answers a 40-character input in microseconds unless it backtracks exponentially. */
const SHORT_BOUND_MS = 50;

/** The same pattern written in several places is checked once and named with all of them. */
function dedupe(
  found: readonly FoundRegex[],
): { regex: FoundRegex; where: string[] }[] {
  const byKey = new Map<string, { regex: FoundRegex; where: string[] }>();
  for (const r of found) {
    const key = `${r.flags}/${r.source}`;
    const entry = byKey.get(key);
    if (entry) {
      entry.where.push(r.where);
    } else {
      byKey.set(key, { regex: r, where: [r.where] });
    }
  }
  return [...byKey.values()];
}

function failures(
  regexes: { regex: FoundRegex; where: string[] }[],
  timings: RegexTiming[],
): string[] {
  const out: string[] = [];
  for (const t of timings) {
    const { regex, where } = regexes[t.index]!;
    const name = `/${regex.source}/${regex.flags} at ${where.join(", ")}`;
    if (t.problem) {
      out.push(`${name}: ${t.problem}`);
    } else if (t.shortMs > SHORT_BOUND_MS) {
      // Oniguruma gives up after a retry limit instead of running forever: a catastrophic
      // pattern shows as a long time on a short input rather than as a hang.
      out.push(
        `${name}: ${Math.round(t.shortMs)} ms on ${t.short}: exponential backtracking`,
      );
    } else if (
      t.maxMs > BOUND_MS &&
      t.maxMs > SUPERLINEAR_RATIO * Math.max(t.tenthMs, 1)
    ) {
      out.push(
        `${name}: ${Math.round(t.maxMs)} ms on ${t.worst} (${t.tenthMs.toFixed(1)} ms at a tenth of the length: grows faster than linear)`,
      );
    }
  }
  return out;
}

describe("regex safety", function () {
  this.timeout(120_000);

  it("collects the server's regexes (literals and new RegExp with a literal)", () => {
    const found = collectRegexes(
      [path.join(__dirname, "support", "regexCollect.ts")],
      REPO_ROOT,
    );
    // The collector's own file holds no regex; a file of ours with known ones proves it reads both forms.
    assert.deepEqual(found, []);
    const sample = collectRegexes(
      [path.join(__dirname, "support", "grammarRegexes.ts")],
      REPO_ROOT,
    );
    assert.deepEqual(
      sample.map((r) => r.source),
      ["\\\\[1-9]"],
    );
    assert.ok(
      collectRegexes(tsFiles(path.join(REPO_ROOT, "server", "src")), REPO_ROOT)
        .length > 20,
    );
  });

  it("flags a catastrophic and a quadratic regex (so the checks below can fail)", async () => {
    const known = [
      {
        regex: { source: "^(a+)+$", flags: "", where: "nested" },
        where: ["nested"],
      },
      {
        regex: { source: "\\d+x", flags: "", where: "quadratic" },
        where: ["quadratic"],
      },
      {
        regex: { source: "\\d+", flags: "g", where: "linear" },
        where: ["linear"],
      },
    ];
    const timings = await timeRegexes(
      {
        engine: "js",
        regexes: known.map((k) => k.regex),
        length: LENGTH,
        boundMs: BOUND_MS,
      },
      1500,
    );
    const bad = failures(known, timings);
    assert.equal(bad.length, 2, bad.join("\n"));
    assert.match(bad[0]!, /nested: did not finish/);
    assert.match(
      bad[1]!,
      /quadratic: .*(grows faster than linear|did not finish)/,
    );
  });

  it("flags a catastrophic pattern in Oniguruma, which gives up instead of hanging", async () => {
    const known = [
      {
        regex: { source: "^(a+)+$", flags: "", where: "nested" },
        where: ["nested"],
      },
      {
        regex: { source: "\\bcrypto\\s+map\\b", flags: "", where: "plain" },
        where: ["plain"],
      },
    ];
    const timings = await timeRegexes(
      {
        engine: "oniguruma",
        regexes: known.map((k) => k.regex),
        length: LENGTH,
        boundMs: BOUND_MS,
      },
      HANG_MS,
    );
    const bad = failures(known, timings);
    assert.equal(bad.length, 1, bad.join("\n"));
    assert.match(bad[0]!, /nested: .*(exponential|did not finish)/);
  });

  it("every regex in server/src stays linear on adversarial input", async () => {
    const regexes = dedupe(
      collectRegexes(tsFiles(path.join(REPO_ROOT, "server", "src")), REPO_ROOT),
    );
    const timings = await timeRegexes(
      {
        engine: "js",
        regexes: regexes.map((r) => r.regex),
        length: LENGTH,
        boundMs: BOUND_MS,
      },
      HANG_MS,
    );
    assert.equal(timings.length, regexes.length, "every regex was run");
    const bad = failures(regexes, timings);
    assert.deepEqual(bad, [], `slow regexes:\n${bad.join("\n")}`);
  });

  for (const grammar of manifestGrammars()) {
    it(`every pattern of ${grammar.scopeName} stays linear in Oniguruma`, async () => {
      assert.ok(
        fs.existsSync(grammar.file),
        `the manifest lists ${path.relative(REPO_ROOT, grammar.file)}`,
      );
      const regexes = dedupe(grammarRegexes(grammar.file, REPO_ROOT));
      assert.ok(regexes.length > 0, "the grammar has patterns");
      const timings = await timeRegexes(
        {
          engine: "oniguruma",
          regexes: regexes.map((r) => r.regex),
          length: LENGTH,
          boundMs: BOUND_MS,
        },
        HANG_MS,
      );
      assert.equal(timings.length, regexes.length, "every pattern was run");
      const bad = failures(regexes, timings);
      assert.deepEqual(bad, [], `slow patterns:\n${bad.join("\n")}`);
    });
  }
});
