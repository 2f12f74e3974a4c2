import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  InlayHint,
  PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";
import { runCli } from "../../server/src/cli/main";
import { LspTestClient, REPO_ROOT } from "../support/lspClient";

/**
 * Secrets stay masked everywhere a user or a CI log can read them: the CLI's text, JSON and SARIF,
 * and the server's diagnostics, hovers, lenses, hints, outline and completions. The fixtures are
 * the seed's pair with different keys (`cisco` and `disco`), type 7 passwords, and a capture where
 * the key was typed and shown, and printed in a configuration (read as a config, with fixes). With revealSecrets on, the keys do appear: the detector works.
 */

const DIR = path.join(REPO_ROOT, "test", "fixtures", "secrets");
const FILES = ["tokyo.ios", "osaka.ios", "tokyo-keys.ioslog"].map((f) =>
  path.join(DIR, f),
);

/** The secrets of the fixtures: clear keys as whole words, and type 7 strings (trivially reversible). */
const LEAKS: RegExp[] = [
  /(?<![\w./-])cisco(?![\w.-])/,
  /(?<![\w./-])disco(?![\w.-])/,
  /0822455D0A16/,
  /070C285F4D06/,
];

function leaks(text: string): string[] {
  return LEAKS.filter((re) => re.test(text)).map((re) => {
    const m = re.exec(text)!;
    return `${re.source} in …${text.slice(Math.max(0, m.index - 60), m.index + 20)}…`;
  });
}

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = runCli(
    argv,
    { out: (t) => (out += t), err: (t) => (err += t) },
    "0.0.0",
  );
  return { code, out, err };
}

describe("security: secrets stay masked", function () {
  this.timeout(60_000);

  const runs: [string, string[]][] = [
    ["check (text)", ["check", ...FILES]],
    ["check (json)", ["check", "--format", "json", ...FILES]],
    ["check (sarif)", ["check", "--format", "sarif", ...FILES]],
    ["tunnels (text)", ["tunnels", FILES[0]!, FILES[1]!]],
    ["tunnels (json)", ["tunnels", "--format", "json", FILES[0]!, FILES[1]!]],
    ["explain", ["explain", FILES[2]!, FILES[0]!, FILES[1]!]],
    [
      "explain (json)",
      ["explain", "--format", "json", FILES[2]!, FILES[0]!, FILES[1]!],
    ],
    ["check (github)", ["check", "--format", "github", ...FILES]],
    [
      "tunnels (markdown)",
      ["tunnels", "--format", "markdown", FILES[0]!, FILES[1]!],
    ],
  ];
  for (const [name, argv] of runs) {
    it(`the CLI's ${name} shows no key or type 7 password`, () => {
      const r = cli(argv);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      assert.deepEqual(leaks(r.out + r.err), []);
    });
  }

  it("the CLI shows the keys with --reveal-secrets (the detector above can fail)", () => {
    const r = cli(["check", "--reveal-secrets", ...FILES]);
    assert.ok(leaks(r.out).length > 0, r.out);
  });

  it("the server's diagnostics, hovers, lenses, hints, outline and completions show no secret", async () => {
    const client = new LspTestClient();
    try {
      await client.initialize(pathToFileURL(DIR).toString());
      const docs = FILES.map((file) => ({
        uri: pathToFileURL(file).toString(),
        languageId: file.endsWith(".ioslog") ? "cisco-ios-log" : "cisco-ios",
        text: fs.readFileSync(file, "utf8"),
      }));
      for (const d of docs) {
        await client.open(d.uri, d.languageId, d.text, 1);
      }
      const seen: string[] = [];
      for (const d of docs) {
        // Wait for the publication that knows the peer (the index may publish twice).
        await client.diagnostics(d.uri, 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const p of client.allPublished()) {
        seen.push(JSON.stringify(p));
      }
      assert.ok(
        client
          .allPublished()
          .some((p) => p.diagnostics.some((x) => x.code === "psk-mismatch")),
        "the peers' keys were compared (psk-mismatch published)",
      );
      for (const d of docs) {
        const lines = d.text.split("\n");
        for (let line = 0; line < lines.length; line++) {
          for (
            let character = 0;
            character <= lines[line]!.length;
            character++
          ) {
            const at = {
              textDocument: { uri: d.uri },
              position: { line, character },
            };
            seen.push(
              JSON.stringify(
                await client.connection.sendRequest("textDocument/hover", at),
              ),
            );
          }
          const end = {
            textDocument: { uri: d.uri },
            position: { line, character: lines[line]!.length },
          };
          seen.push(
            JSON.stringify(
              await client.connection.sendRequest(
                "textDocument/completion",
                end,
              ),
            ),
          );
        }
        const whole = {
          start: { line: 0, character: 0 },
          end: { line: lines.length, character: 0 },
        };
        seen.push(
          JSON.stringify(
            await client.connection.sendRequest("textDocument/codeLens", {
              textDocument: { uri: d.uri },
            }),
          ),
        );
        const hints = await client.connection.sendRequest<InlayHint[]>(
          "textDocument/inlayHint",
          { textDocument: { uri: d.uri }, range: whole },
        );
        // Configs have hints (the IOS defaults they leave unwritten): the check reads them.
        if (d.languageId === "cisco-ios") {
          assert.ok(hints.length > 0, `inlay hints of ${d.uri}`);
        }
        seen.push(JSON.stringify(hints));
        seen.push(
          JSON.stringify(
            await client.connection.sendRequest("textDocument/documentSymbol", {
              textDocument: { uri: d.uri },
            }),
          ),
        );
      }
      const found = seen.flatMap(leaks);
      assert.deepEqual(found.slice(0, 10), [], `${found.length} leaks`);

      // With the setting on, the mismatch names the keys: proof the check above looks at real text.
      client.settings = { revealSecrets: true };
      const before = client.allPublished().length;
      await client.connection.sendNotification(
        "workspace/didChangeConfiguration",
        { settings: {} },
      );
      const revealed = await waitFor(() =>
        client
          .allPublished()
          .slice(before)
          .find((p: PublishDiagnosticsParams) =>
            p.diagnostics.some((x) => x.code === "psk-mismatch"),
          ),
      );
      assert.ok(
        leaks(JSON.stringify(revealed)).length > 0,
        JSON.stringify(revealed.diagnostics.map((x) => x.message)),
      );
      assert.ok(client.alive);
    } finally {
      await client.shutdown();
    }
  });
});

async function waitFor<T>(
  probe: () => T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error("timed out waiting");
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
