import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { tsFiles } from "../fuzz/support/regexCollect";
import { LspTestClient, REPO_ROOT } from "../support/lspClient";

/**
 * The extension runs nothing and reaches no network: checked three ways. The bundles are rebuilt
 * with esbuild's metafile to see which module brings in each process or network module of Node
 * (only the allow-listed library modules may, for the reasons written beside them); our own
 * sources import none and use none of the library functions that would; and the real bundles are
 * run with a guard that refuses and reports any such call while they do their whole job.
 */

/** Node modules that run programs or open connections. */
const FORBIDDEN = new Set([
  "child_process",
  "net",
  "http",
  "https",
  "http2",
  "tls",
  "dgram",
  "dns",
  "cluster",
  "worker_threads",
  "inspector",
]);

/**
 * Library modules allowed to import a forbidden module, and why that code never runs for us.
 * Keys are `module <- importer`.
 */
const ALLOWED: Record<string, string> = {
  "child_process <- node_modules/vscode-languageserver/lib/node/files.js":
    "Files.resolveGlobalNodePath/resolveModulePath (npm/yarn lookups); our server never calls the Files namespace (checked below)",
  "net <- node_modules/vscode-jsonrpc/lib/node/main.js":
    "the --pipe/--socket transports; the client starts the server over stdio or node IPC, never a socket",
  "child_process <- node_modules/vscode-languageclient/lib/node/main.js":
    "the client starts our own bundled server (dist/server.js) as a child process: the one process the extension starts",
  "child_process <- node_modules/vscode-languageclient/lib/node/processes.js":
    "terminates that same server process on Windows",
};

const BUNDLES = [
  { name: "server", entry: "server/src/lsp/main.ts" },
  { name: "cli", entry: "server/src/cli/bin.ts" },
  { name: "client", entry: "client/src/extension.ts" },
];

const builtin = (p: string): string | undefined => {
  const name = p.replace(/^node:/, "").split("/")[0]!;
  return builtinModules.includes(name) ? name : undefined;
};

const GUARD = path.join(__dirname, "guard.js");
const MARK = "IPSEC-LENS-FORBIDDEN";

describe("security: the bundles run nothing and reach no network", function () {
  this.timeout(120_000);

  for (const bundle of BUNDLES) {
    it(`${bundle.name}: only allow-listed library modules import process or network modules`, async () => {
      const result = await build({
        entryPoints: [path.join(REPO_ROOT, bundle.entry)],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        write: false,
        metafile: true,
        external: ["vscode"],
        define: { IPSEC_LENS_VERSION: '"0.0.0"' },
        outfile: path.join(os.tmpdir(), "ipsec-lens-security.js"),
        logLevel: "silent",
      });
      const found: string[] = [];
      for (const [file, input] of Object.entries(result.metafile.inputs)) {
        for (const imported of input.imports) {
          const name = builtin(imported.path);
          if (name && FORBIDDEN.has(name)) {
            found.push(`${name} <- ${file}`);
          }
        }
      }
      const unexpected = found.filter((f) => !(f in ALLOWED));
      assert.deepEqual(
        unexpected,
        [],
        `unexpected imports in the ${bundle.name} bundle`,
      );
      if (bundle.name === "cli") {
        assert.deepEqual(
          found,
          [],
          "the CLI imports no process or network module at all",
        );
      }
    });
  }

  it("our sources import no process or network module and call no library function that would", () => {
    const files = [
      ...tsFiles(path.join(REPO_ROOT, "server", "src")),
      ...tsFiles(path.join(REPO_ROOT, "client", "src")),
    ];
    const problems: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const rel = path.relative(REPO_ROOT, file);
      const visit = (node: ts.Node): void => {
        let spec: string | undefined;
        if (
          ts.isImportDeclaration(node) &&
          ts.isStringLiteral(node.moduleSpecifier)
        ) {
          spec = node.moduleSpecifier.text;
          const named = node.importClause?.namedBindings;
          if (
            spec.startsWith("vscode-languageserver") &&
            named &&
            ts.isNamedImports(named) &&
            named.elements.some(
              (e) => (e.propertyName ?? e.name).text === "Files",
            )
          ) {
            problems.push(
              `${rel}: imports Files from ${spec} (it shells out to npm/yarn)`,
            );
          }
        } else if (
          ts.isCallExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === "require" &&
          node.arguments[0] &&
          ts.isStringLiteral(node.arguments[0])
        ) {
          spec = node.arguments[0].text;
        }
        const name = spec === undefined ? undefined : builtin(spec);
        if (name && FORBIDDEN.has(name)) {
          problems.push(`${rel}: imports ${spec}`);
        }
        if (
          ts.isPropertyAccessExpression(node) &&
          node.name.text === "telemetry"
        ) {
          problems.push(
            `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: uses .telemetry`,
          );
        }
        if (ts.isStringLiteral(node) && /^telemetry\//.test(node.text)) {
          problems.push(`${rel}: sends ${node.text}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    assert.deepEqual(problems, []);
  });

  it("no telemetry library or endpoint is bundled", () => {
    const markers =
      /applicationinsights|extension-telemetry|TelemetryReporter|dc\.services\.visualstudio\.com|sentry\.io|api\.segment\.io|mixpanel|google-analytics|amplitude\.com/i;
    for (const name of ["server.js", "cli.js", "client.js"]) {
      const text = fs.readFileSync(path.join(REPO_ROOT, "dist", name), "utf8");
      assert.doesNotMatch(text, markers, `dist/${name}`);
    }
  });

  it("the guard refuses what it should (so the runs below can fail)", () => {
    const run = spawnSync(
      process.execPath,
      ["--require", GUARD, "-e", 'require("child_process").execSync("true")'],
      { encoding: "utf8" },
    );
    assert.match(run.stderr, new RegExp(`${MARK} child_process.execSync`));
    const net = spawnSync(
      process.execPath,
      ["--require", GUARD, "-e", 'require("net").connect(9, "127.0.0.1")'],
      { encoding: "utf8" },
    );
    assert.match(net.stderr, new RegExp(`${MARK} net.connect`));
  });

  it("the bundled server does its whole job under the guard: no program run, no connection, no telemetry", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-guard-"));
    try {
      for (const name of ["tokyo.ios", "osaka.ios"]) {
        fs.copyFileSync(
          path.join(REPO_ROOT, "examples", "broken", name),
          path.join(dir, name),
        );
      }
      fs.copyFileSync(
        path.join(REPO_ROOT, "examples", "tokyo-success.ioslog"),
        path.join(dir, "debug.ioslog"),
      );
      const client = new LspTestClient(["--require", GUARD]);
      const telemetry: unknown[] = [];
      client.connection.onNotification("telemetry/event", (e: unknown) => {
        telemetry.push(e);
      });
      // Requests that would make the client act for the server: open a URL, edit files, ask the user.
      const requestsFromServer: string[] = [];
      for (const method of [
        "window/showDocument",
        "workspace/applyEdit",
        "window/showMessageRequest",
        "workspace/executeCommand",
      ]) {
        client.connection.onRequest(method, () => {
          requestsFromServer.push(method);
          return null;
        });
      }
      try {
        const root = `file://${dir}`;
        await client.initialize(root);
        const config = `${root}/tokyo.ios`;
        const capture = `${root}/debug.ioslog`;
        const configText = fs.readFileSync(path.join(dir, "tokyo.ios"), "utf8");
        await client.open(config, "cisco-ios", configText, 1);
        await client.open(
          capture,
          "cisco-ios-log",
          fs.readFileSync(path.join(dir, "debug.ioslog"), "utf8"),
          1,
        );
        const published = await client.diagnostics(config, 1);
        await client.diagnostics(capture, 1);
        const lines = configText.split("\n");
        for (const uri of [config, capture]) {
          for (let line = 0; line < 40; line++) {
            const at = {
              textDocument: { uri },
              position: { line, character: 4 },
            };
            await client.connection.sendRequest("textDocument/hover", at);
            await client.connection.sendRequest("textDocument/definition", at);
            await client.connection.sendRequest("textDocument/completion", at);
          }
          await client.connection.sendRequest("textDocument/documentSymbol", {
            textDocument: { uri },
          });
          await client.connection.sendRequest("textDocument/codeLens", {
            textDocument: { uri },
          });
          await client.connection.sendRequest("textDocument/inlayHint", {
            textDocument: { uri },
            range: {
              start: { line: 0, character: 0 },
              end: { line: lines.length, character: 0 },
            },
          });
        }
        for (const d of published.diagnostics) {
          await client.connection.sendRequest("textDocument/codeAction", {
            textDocument: { uri: config },
            range: d.range,
            context: { diagnostics: [d] },
          });
        }
        await client.connection
          .sendRequest("ipsecLens/tunnels", {})
          .catch(() => undefined);
        await client.connection
          .sendRequest("ipsecLens/explainCapture", { uri: capture })
          .catch(() => undefined);
        await client.connection.sendNotification(
          "workspace/didChangeWatchedFiles",
          {
            changes: [{ uri: `${root}/osaka.ios`, type: 2 }],
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.ok(client.alive, client.stderr.join(""));
      } finally {
        await client.shutdown();
      }
      const refused = client.stderr.filter((l) => l.includes(MARK));
      assert.deepEqual(
        refused,
        [],
        "the server tried to run a program or open a connection",
      );
      assert.deepEqual(telemetry, [], "the server sent telemetry");
      assert.deepEqual(
        requestsFromServer,
        [],
        "the server asked the client to open, edit or run nothing",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the bundled CLI does its whole job under the guard", () => {
    const examples = path.join(REPO_ROOT, "examples");
    for (const args of [
      ["check", examples],
      ["check", "--format", "sarif", examples],
      ["tunnels", examples],
      [
        "explain",
        path.join(examples, "tokyo-success.ioslog"),
        path.join(examples, "tokyo.ios"),
      ],
    ]) {
      const run = spawnSync(
        process.execPath,
        ["--require", GUARD, path.join(REPO_ROOT, "dist", "cli.js"), ...args],
        { encoding: "utf8" },
      );
      assert.ok(
        run.status === 0 || run.status === 1,
        `${args.join(" ")}: exit ${run.status}: ${run.stderr}`,
      );
      assert.doesNotMatch(run.stderr, new RegExp(MARK), args.join(" "));
    }
  });
});
