import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRegistry } from "vscode-tmgrammar-test/dist/common/index";
import { REPO_ROOT, SUITES, listInputs } from "./snapshotRunner";

// The engine's types, reached through the test tool that bundles it (vscode-textmate is not a
// dependency of ours on its own).
type Registry = ReturnType<typeof createRegistry>;
type IGrammar = NonNullable<Awaited<ReturnType<Registry["loadGrammar"]>>>;
type StackElement = Parameters<IGrammar["tokenizeLine"]>[1];

/**
 * The grammars run in the editor on whatever a user opens, so no input may make a regex
 * backtrack without end. These tests tokenize long adversarial lines, built from the pieces the
 * grammars look for, with the engine VS Code uses (vscode-textmate on Oniguruma), and check that
 * no line is slow and that the time grows linearly with the length of a line.
 */

/** Pieces that start, nearly complete or repeat what the grammars' regexes look for. */
const PIECES = [
  "1.",
  "1.1.1.1 ",
  "255.255.255.0 ",
  "0.0.0.255 ",
  "10.0.0.0/24 ",
  "172.16.6.2:500",
  "(10.1.1.0/255.255.255.0/0/0)",
  "2001:db8::",
  "::1:",
  "aa:",
  "ISAKMP (0:1): ",
  "ISAKMP:(1001):",
  "ISAKMP",
  "IPSEC(",
  "IKEv2:(SESSION ID = 1,SA ID = 1):",
  "%CRYPTO-4-",
  "%A-1-",
  "#pkts ",
  "#send errors 1 ",
  "Old State = ",
  "New State = ",
  "Input = IKE_",
  "IKE_",
  "QM_",
  "MM_NO_STATE ",
  "(I) ",
  "payload ",
  "does not ",
  "not acceptable",
  "retransmitting phase ",
  "Mar 7 16:14:29.027 GMT: ",
  "*Mar  1 ",
  "00:00:00:",
  "1d02h:",
  "000123: ",
  "Tokyo#",
  "Tokyo(config-if)#",
  "interface ",
  "Serial",
  "GigabitEthernet",
  "0/",
  "esp-",
  "-hmac",
  "crypto map ",
  "crypto isakmp key ",
  "pre-shared-key ",
  "key ",
  "password ",
  "secret 7 ",
  "permit ip ",
  "deny udp ",
  "eq isakmp ",
  "(1 match",
  "network ",
  "area ",
  "banner ",
  "certificate ",
  "Hostname/Address  Preshared Key",
  "0x",
  "ABCDEF01",
  "!",
  "\t",
  " ",
  "  ",
  "-",
  "_",
  "=",
  ":",
  "/",
  '"',
  "(",
  ")",
  "x",
  "abc ",
  "é",
  "\u0000",
];

/** A small deterministic generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Repeats a text to the given length. */
function repeat(text: string, length: number): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/** The adversarial lines of one length: every piece repeated, with and without a line prefix, and random mixes. */
function adversarialLines(length: number): string[] {
  const prefixes = [
    "",
    " ",
    "deny udp ",
    "Mar 7 16:14:29.027 GMT: ISAKMP (0:1): ",
    "Tokyo(config)#",
    "interface ",
  ];
  const lines: string[] = [];
  for (const piece of PIECES) {
    for (const prefix of prefixes) {
      lines.push(prefix + repeat(piece, length - prefix.length));
    }
  }
  const next = random(20240607);
  for (let i = 0; i < 60; i++) {
    let line = "";
    while (line.length < length) {
      line += PIECES[Math.floor(next() * PIECES.length)];
    }
    lines.push(line.slice(0, length));
  }
  return lines;
}

/**
 * CPU milliseconds this process spends tokenizing a line on its own. CPU time, not wall time,
 * so that other work on a busy machine does not show up as a slow grammar.
 */
function cpuTime(grammar: IGrammar, line: string): number {
  const start = process.cpuUsage();
  grammar.tokenizeLine(line, null);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe("TextMate grammars under adversarial input", function () {
  this.timeout(240_000);

  const registry = createRegistry([
    {
      path: path.join(REPO_ROOT, "syntaxes", "cisco-ios.tmLanguage.json"),
      scopeName: "source.cisco-ios",
    },
    {
      path: path.join(REPO_ROOT, "syntaxes", "cisco-ios-log.tmLanguage.json"),
      scopeName: "source.cisco-ios-log",
    },
  ]);

  for (const suite of SUITES) {
    describe(suite.language, () => {
      let grammar: IGrammar;

      before(async () => {
        const loaded = await registry.loadGrammar(suite.scope);
        assert.ok(loaded, `cannot load ${suite.scope}`);
        grammar = loaded;
        // Compile every regex before anything is timed.
        grammar.tokenizeLine("warm up 1.1.1.1 ISAKMP: x", null);
      });

      it("tokenizes long lines in time that grows linearly with their length", () => {
        const short = adversarialLines(500);
        const long = adversarialLines(2000);
        // Interleaved, so that both lengths meet the same conditions.
        const shortTimes: number[] = [];
        const longTimes: number[] = [];
        long.forEach((line, i) => {
          shortTimes.push(cpuTime(grammar, short[i] ?? ""));
          longTimes.push(cpuTime(grammar, line));
        });
        const slowest = longTimes
          .map((ms, i) => ({ ms, line: long[i] ?? "" }))
          .sort((a, b) => b.ms - a.ms)[0];
        // The slowest of these lines takes about 15 ms of CPU today. Oniguruma stops a search
        // after ten million backtracking steps, so a runaway regex shows up as lines that each
        // take a second or more rather than as a hang: the bound sits far between the two.
        assert.ok(
          slowest !== undefined && slowest.ms < 250,
          `${slowest?.ms.toFixed(0)} ms of CPU on ${JSON.stringify(slowest?.line.slice(0, 80))}...`,
        );
        const sum = (times: number[]): number =>
          times.reduce((a, b) => a + b, 0);
        assert.ok(
          sum(longTimes) < 15_000,
          `${sum(longTimes).toFixed(0)} ms of CPU in all`,
        );
        // Four times longer lines: four times the work when linear, sixteen when quadratic.
        const ratio = sum(longTimes) / Math.max(sum(shortTimes), 1);
        assert.ok(
          ratio < 10,
          `4x longer lines took ${ratio.toFixed(1)}x the time`,
        );
      });

      it("carries its state across mangled real lines without error", () => {
        // Real inputs with lines cut, joined and repeated at random keep multi-line rules
        // (banners, certificates, show output) opening and closing at odd places.
        const next = random(7);
        const source = listInputs(suite)
          .flatMap((input) =>
            fs.readFileSync(input.source, "utf8").split(/\r?\n/),
          )
          .filter((line) => line.length > 0);
        let stack: StackElement = null;
        const start = Date.now();
        for (let i = 0; i < 3000; i++) {
          const a = source[Math.floor(next() * source.length)] ?? "";
          const b = source[Math.floor(next() * source.length)] ?? "";
          const cut = Math.floor(next() * a.length);
          const line =
            next() < 0.5
              ? a.slice(0, cut) + b
              : a.slice(cut) + " " + b.slice(cut);
          const result = grammar.tokenizeLine(line, stack);
          const last = result.tokens[result.tokens.length - 1];
          assert.ok(
            last !== undefined && last.endIndex >= line.length,
            "tokens stop short",
          );
          stack = result.ruleStack;
        }
        assert.ok(
          Date.now() - start < 30_000,
          "3000 mangled lines took over 30 s",
        );
      });
    });
  }
});
