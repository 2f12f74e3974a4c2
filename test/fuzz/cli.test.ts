import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { runCli } from "../../server/src/cli/main";
import {
  allFixtures,
  fuzzParameters,
  mutate,
  mutatedFixture,
  randomBytes,
} from "./support/arbitraries";
import { BASE_MS, MS_PER_CHAR } from "./support/pipeline";

/**
 * The CLI, run in-process on temporary files: damaged fixtures, random bytes and random arguments.
 * It must answer with an exit status (0, 1, or 2 for usage errors), never an internal error, and
 * its JSON and SARIF must stay valid JSON.
 */

interface Run {
  code: number;
  out: string;
  err: string;
  ms: number;
}

function run(argv: string[]): Run {
  let out = "";
  let err = "";
  const started = performance.now();
  const code = runCli(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    "0.0.0-fuzz",
  );
  return { code, out, err, ms: performance.now() - started };
}

function assertSane(r: Run, argv: string[], bytes: number): void {
  const what = `ipsec-lens ${argv.join(" ")}`;
  assert.ok([0, 1, 2].includes(r.code), `${what}: exit ${r.code}`);
  assert.doesNotMatch(r.err, /internal error/, `${what}: ${r.err}`);
  // Generous: files are read, analysed and formatted; a second chance absorbs a GC pause.
  assert.ok(
    r.ms < 2 * (BASE_MS + MS_PER_CHAR * bytes) + 500,
    `${what}: ${Math.round(r.ms)} ms for ${bytes} bytes`,
  );
}

describe("fuzz: the CLI on any file and any arguments", function () {
  this.timeout(120_000);
  let dir: string;
  let counter = 0;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-fuzz-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes files into a fresh folder of the temp dir and returns their paths. */
  function write(files: { name: string; data: string | Buffer }[]): string[] {
    const sub = path.join(dir, String(counter++));
    fs.mkdirSync(sub);
    return files.map((f) => {
      const p = path.join(sub, f.name);
      fs.writeFileSync(p, f.data);
      return p;
    });
  }

  it("check, tunnels and explain on damaged fixtures, in every format", () => {
    fc.assert(
      fc.property(
        fc.array(mutatedFixture(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom("text", "json", "sarif"),
        (inputs, format) => {
          const files = write(
            inputs.map(({ fixture, mutations, eol }, i) => ({
              name: `${i}-${path.basename(fixture.name)}`,
              data: mutate(fixture.text, mutations, eol),
            })),
          );
          const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
          const check = ["check", "--format", format, ...files];
          const r = run(check);
          assertSane(r, check, bytes);
          assert.notEqual(r.code, 2, `${check.join(" ")}: ${r.err}`);
          if (format !== "text") {
            assert.doesNotThrow(
              () => JSON.parse(r.out),
              `${format} output is JSON`,
            );
          }
          const tunnels = [
            "tunnels",
            "--format",
            format === "sarif" ? "json" : format,
            ...files,
          ];
          assertSane(run(tunnels), tunnels, bytes);
          const explain = ["explain", ...files];
          assertSane(run(explain), explain, bytes);
        },
      ),
      fuzzParameters(40),
    );
  });

  it("check on random bytes named as configs, captures and plain text", () => {
    fc.assert(
      fc.property(
        randomBytes(),
        fc.constantFrom(
          "r1.ios",
          "debug.ioslog",
          "notes.txt",
          "router-confg",
          "x.log",
        ),
        (data, name) => {
          const files = write([{ name, data }]);
          const argv = ["check", "--format", "json", ...files];
          const r = run(argv);
          assertSane(r, argv, data.length);
          assert.doesNotThrow(() => JSON.parse(r.out));
        },
      ),
      fuzzParameters(60),
    );
  });

  it("random arguments give an exit status and a message, never an internal error", () => {
    const fixture = allFixtures()[0]!;
    const [file] = write([{ name: "r1.ios", data: fixture.text }]);
    // A folder of its own: the shared temp dir holds every file the tests above wrote, and
    // `check DIR DIR` on it was a workspace of hundreds of files timed against one file's bound.
    const home = path.dirname(file!);
    const missing = path.join(home, "no-such-file.ios");
    const word = fc.oneof(
      fc.constantFrom(
        "check",
        "tunnels",
        "explain",
        "help",
        "--help",
        "-h",
        "--version",
        "-v",
        "--format",
        "text",
        "json",
        "sarif",
        "xml",
        "--config",
        "--reveal-secrets",
        "--max-file-size",
        "0",
        "-1",
        "1e99",
        "NaN",
        "10",
        "--",
        "-",
        "--unknown",
        "=",
        file!,
        missing,
        home,
      ),
      fc
        .string({ maxLength: 8 })
        .filter((s) => !s.startsWith("/") && !s.includes("..")),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (argv) => {
        // Relative words would be read from the working directory: keep them inside this test's folder.
        const safe = argv.map((a) =>
          a.startsWith("-") ||
          [
            "check",
            "tunnels",
            "explain",
            "help",
            "text",
            "json",
            "sarif",
            "xml",
            "0",
            "-1",
            "1e99",
            "NaN",
            "10",
            "=",
          ].includes(a) ||
          path.isAbsolute(a)
            ? a
            : path.join(home, a),
        );
        const r = run(safe);
        assertSane(r, safe, 10_000);
      }),
      fuzzParameters(150),
    );
  });
});
