import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CancellationToken,
  CancellationTokenSource,
  DocumentSymbolRequest,
  type Diagnostic,
  type DocumentSymbol,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { generateCapture } from "../../../bench/generators/capture";
import { generateConfig } from "../../../bench/generators/config";
import { Random } from "../../../bench/generators/random";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../server/src/core/document";
import {
  parseDocument,
  validate,
} from "../../../server/src/core/languageService";
import {
  EXPLAIN_CAPTURE_REQUEST,
  TUNNELS_REQUEST,
} from "../../../server/src/lsp/customMessages";
import { toDiagnostic } from "../../../server/src/lsp/convert";
import { LspTestClient, REPO_ROOT } from "../../support/lspClient";

/**
 * The bundled server under abuse: a thousand edits faster than it can analyse, cancelled requests,
 * broken JSON-RPC, and every request at positions outside the document. It must stay up, answer,
 * and in the end publish exactly what a fresh analysis of the final text says.
 */

const BROKEN_TOKYO = fs.readFileSync(
  path.join(REPO_ROOT, "examples", "broken", "tokyo.ios"),
  "utf8",
);

/** Text typed into the document: IOS lines and fragments, line breaks of every kind, junk. */
const SNIPPETS = [
  "crypto isakmp key cisco address 172.16.6.2\n",
  "crypto map mjlnetmap 20 ipsec-isakmp\n set peer 10.9.9.9\n",
  " set transform-set NOPE\n",
  "access-list 102 permit ip any any\n",
  "no crypto isakmp enable\n",
  "interface Tunnel0\n tunnel protection ipsec profile P\n",
  " match address 199\n",
  "\n",
  "\r\n",
  "\r",
  "!",
  " ",
  "x",
  "10.1.1.",
  "255.255.255.0",
  "\t",
  "é",
  "\u0000",
  "crypto",
  " 7 0822455D0A16",
];

/** A random valid position in the document. */
function position(
  doc: TextDocument,
  r: Random,
): { line: number; character: number } {
  const offset = r.int(0, doc.getText().length);
  return doc.positionAt(offset);
}

/** One random change as the editor sends it (ranges refer to the text before this change). */
function randomChange(
  doc: TextDocument,
  r: Random,
): {
  range?: {
    start: { line: number; character: number };
    end: { line: number; character: number };
  };
  text: string;
} {
  const roll = r.next();
  if (roll < 0.005) {
    // A whole-document replacement (format document, undo all...).
    return { text: doc.getText().split("\n").reverse().join("\n") };
  }
  const a = position(doc, r);
  if (roll < 0.55) {
    return { range: { start: a, end: a }, text: r.pick(SNIPPETS) };
  }
  const startOffset = doc.offsetAt(a);
  const end = doc.positionAt(startOffset + r.int(0, 40));
  return { range: { start: a, end }, text: roll < 0.8 ? "" : r.pick(SNIPPETS) };
}

const key = (d: Diagnostic): string =>
  JSON.stringify([
    d.range,
    d.code,
    d.severity,
    d.message,
    d.relatedInformation ?? null,
    d.tags ?? null,
  ]);

describe("language server under stress", function () {
  this.timeout(120_000);
  let client: LspTestClient;

  beforeEach(async () => {
    client = new LspTestClient();
    await client.initialize();
  });

  afterEach(async () => {
    if (client.alive) {
      await client.shutdown();
    }
  });

  it("after 1,000 rapid random edits publishes exactly the diagnostics of the final text", async () => {
    const uri = "file:///stress/tokyo.ios";
    let mirror = TextDocument.create(uri, "cisco-ios", 1, BROKEN_TOKYO);
    await client.open(uri, "cisco-ios", BROKEN_TOKYO, 1);
    const r = new Random(2024);
    const EDITS = 1000;
    for (let v = 2; v <= EDITS + 1; v++) {
      // Sometimes several changes in one notification, applied one after another.
      const changes = [];
      for (let k = r.chance(0.1) ? 3 : 1; k > 0; k--) {
        const change = randomChange(mirror, r);
        changes.push(change);
        mirror = TextDocument.update(mirror, [change], v);
      }
      await client.change(uri, v, changes);
    }
    const last = await client.diagnostics(uri, EDITS + 1, 60_000);
    // Anything published after the last version would be stale; give late timers time to fire.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const forUri = client.allPublished().filter((p) => p.uri === uri);
    const versions = forUri.map((p) => p.version ?? -1);
    assert.deepEqual(
      versions.filter((v, i) => i > 0 && v < versions[i - 1]!),
      [],
      `versions go back in time: ${versions.join(",")}`,
    );
    assert.equal(
      forUri[forUri.length - 1]!.version,
      EDITS + 1,
      "the last publication is of the last version",
    );
    assert.ok(
      forUri.length < 50,
      `the burst was debounced (${forUri.length} publications)`,
    );

    const text = mirror.getText();
    const parsed = parseDocument(
      { uri, languageId: "cisco-ios", text },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    const fresh = validate(parsed, {
      settings: DEFAULT_ANALYSIS_SETTINGS,
      overrides: {},
      // The server's workspace holds its open configs: this one.
      workspace: {
        configs: parsed.kind === "config" ? [{ uri, model: parsed.model }] : [],
      },
    }).map((f) => toDiagnostic(f, uri));
    assert.deepEqual(
      last.diagnostics.map(key).sort(),
      fresh.map(key).sort(),
      "published diagnostics equal a fresh analysis of the final text",
    );
    // The server's view of the text is the mirror's: a hover past the last line answers empty, one on it does not crash.
    await client.connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: mirror.lineCount, character: 0 },
    });
    assert.ok(client.alive);
  });

  it("honours $/cancelRequest: cancelled requests answer empty or cancelled, at once", async () => {
    const uri = "file:///stress/big.ios";
    await client.open(
      uri,
      "cisco-ios",
      generateConfig({ seed: 3, scale: 0.3 }),
      1,
    );
    await client.diagnostics(uri, 1, 60_000);
    const request = (
      token?: CancellationTokenSource,
    ): Promise<DocumentSymbol[] | "cancelled"> =>
      client.connection
        .sendRequest(
          DocumentSymbolRequest.type,
          { textDocument: { uri } },
          token?.token ?? CancellationToken.None,
        )
        .then((symbols) => (symbols ?? []) as DocumentSymbol[])
        .catch((error: { code?: number }) => {
          if (error.code === -32800) {
            return "cancelled" as const;
          }
          throw error;
        });
    const full = await request();
    assert.ok(
      Array.isArray(full) && full.length > 0,
      "the outline of the big config is not empty",
    );
    const kept = request();
    const cancelled = Array.from({ length: 19 }, () => {
      const source = new CancellationTokenSource();
      const answer = request(source);
      source.cancel();
      return answer;
    });
    const answers = await Promise.all(cancelled);
    const honoured = answers.filter(
      (a) => a === "cancelled" || (Array.isArray(a) && a.length === 0),
    );
    assert.ok(
      honoured.length >= 15,
      `${honoured.length} of 19 cancelled requests were honoured`,
    );
    const keptAnswer = await kept;
    assert.ok(
      Array.isArray(keptAnswer) && keptAnswer.length === full.length,
      "the request not cancelled got its full answer",
    );
  });

  it("survives malformed JSON-RPC, unknown methods and nonsense params", async () => {
    const uri = "file:///stress/tokyo.ios";
    await client.open(uri, "cisco-ios", BROKEN_TOKYO, 1);
    const before = await client.diagnostics(uri, 1);
    // Broken frames: bad JSON, JSON that is not JSON-RPC, a header without a length.
    for (const body of [
      "{not json",
      '{"hello":1}',
      "[]",
      "null",
      '{"jsonrpc":"2.0","id":"x"}',
    ]) {
      client.writeRaw(
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    const unknown = await client.connection
      .sendRequest("ipsecLens/noSuchMethod", { a: 1 })
      .then(
        () => "answered",
        (error: { code?: number }) => error.code,
      );
    assert.equal(unknown, -32601, "an unknown method is MethodNotFound");
    const nonsense: [string, unknown][] = [
      ["textDocument/hover", null],
      [
        "textDocument/hover",
        { textDocument: { uri }, position: { line: "1", character: {} } },
      ],
      [
        "textDocument/hover",
        { textDocument: { uri: 42 }, position: { line: 1, character: 1 } },
      ],
      ["textDocument/definition", { textDocument: {}, position: null }],
      [
        "textDocument/references",
        { textDocument: { uri }, position: { line: 1, character: 1 } },
      ],
      ["textDocument/completion", { textDocument: { uri }, position: [] }],
      [
        "textDocument/rename",
        {
          textDocument: { uri },
          position: { line: 5, character: 5 },
          newName: null,
        },
      ],
      ["textDocument/prepareRename", { textDocument: { uri } }],
      [
        "textDocument/codeAction",
        {
          textDocument: { uri },
          range: { start: null, end: 5 },
          context: null,
        },
      ],
      ["textDocument/codeLens", { textDocument: null }],
      ["textDocument/inlayHint", { textDocument: { uri }, range: "all" }],
      ["textDocument/foldingRange", {}],
      ["textDocument/documentSymbol", { textDocument: { uri: "not a uri" } }],
      [TUNNELS_REQUEST, { junk: true }],
      [EXPLAIN_CAPTURE_REQUEST, [1, 2, 3]],
    ];
    for (const [method, params] of nonsense) {
      await client.connection
        .sendRequest(method, params)
        .catch(() => undefined);
    }
    // Notifications with nonsense: changes out of range, unknown documents, a bad language.
    await client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: "file:///stress/unknown.ios", version: 2 },
      contentChanges: [{ text: "x" }],
    });
    await client.connection.sendNotification("textDocument/didOpen", {
      textDocument: {
        uri: "file:///stress/odd.txt",
        languageId: "klingon",
        version: 1,
        text: "qapla",
      },
    });
    await client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: {
            start: { line: 9999, character: 9999 },
            end: { line: 99999, character: 0 },
          },
          text: "!",
        },
      ],
    });
    assert.ok(
      client.alive,
      `the server still runs; it said: ${client.stderr.join("")}`,
    );
    const after = await client.diagnostics(uri, 2, 20_000);
    // Appending "!" (a comment) past the end changes nothing the checks see.
    assert.deepEqual(
      after.diagnostics.map(key).sort(),
      before.diagnostics.map(key).sort(),
    );
    const hover = await client.connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(hover === null || typeof hover === "object");
  });

  it("answers every request at positions outside the document without an error in its log", async () => {
    const config = "file:///stress/osaka.ios";
    const capture = "file:///stress/debug.ioslog";
    await client.open(config, "cisco-ios", BROKEN_TOKYO, 1);
    await client.open(
      capture,
      "cisco-ios-log",
      generateCapture({ seed: 5, lines: 400 }),
      1,
    );
    await client.diagnostics(config, 1);
    await client.diagnostics(capture, 1);
    const logBefore = client.stderr.length;
    const far = [
      { line: 100_000, character: 0 },
      { line: 0, character: 100_000 },
      { line: 5, character: 2 ** 31 - 1 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
    ];
    for (const uri of [config, capture]) {
      for (const p of far) {
        const at = { textDocument: { uri }, position: p };
        const span = {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: p },
        };
        await client.connection.sendRequest("textDocument/hover", at);
        await client.connection.sendRequest("textDocument/definition", at);
        await client.connection.sendRequest("textDocument/references", {
          ...at,
          context: { includeDeclaration: true },
        });
        await client.connection.sendRequest("textDocument/completion", at);
        await client.connection
          .sendRequest("textDocument/prepareRename", at)
          .catch(() => undefined);
        await client.connection
          .sendRequest("textDocument/rename", { ...at, newName: "X" })
          .catch(() => undefined);
        await client.connection.sendRequest("textDocument/codeAction", {
          ...span,
          context: { diagnostics: [] },
        });
        await client.connection.sendRequest("textDocument/inlayHint", span);
      }
      await client.connection.sendRequest("textDocument/codeLens", {
        textDocument: { uri },
      });
      await client.connection.sendRequest("textDocument/foldingRange", {
        textDocument: { uri },
      });
      await client.connection.sendRequest("textDocument/documentSymbol", {
        textDocument: { uri },
      });
    }
    assert.ok(client.alive);
    const failures = client.stderr
      .slice(logBefore)
      .filter((line) => /failed/i.test(line));
    assert.deepEqual(
      failures,
      [],
      "no handler threw on a position outside the document",
    );
  });

  it("tells why a file over ipsecLens.maxFileSize is not analysed, and analyses it once the limit allows", async () => {
    client.settings = { maxFileSize: 2000 };
    await client.connection.sendNotification(
      "workspace/didChangeConfiguration",
      { settings: {} },
    );
    const uri = "file:///stress/big-tokyo.ios";
    const text = BROKEN_TOKYO + "\n!\n".repeat(1500);
    await client.open(uri, "cisco-ios", text, 1);
    const skipped = await waitForPublication(client, uri, (p) =>
      p.diagnostics.some((d) => d.code === "file-too-large"),
    );
    assert.deepEqual(
      skipped.diagnostics.map((d) => d.code),
      ["file-too-large"],
    );
    const message = skipped.diagnostics[0]!.message;
    assert.match(
      typeof message === "string" ? message : message.value,
      /ipsecLens\.maxFileSize/,
    );
    client.settings = {};
    await client.connection.sendNotification(
      "workspace/didChangeConfiguration",
      { settings: {} },
    );
    const analysed = await waitForPublication(
      client,
      uri,
      (p) => !p.diagnostics.some((d) => d.code === "file-too-large"),
    );
    assert.ok(
      analysed.diagnostics.length > 0,
      "the broken Tokyo config has findings once analysed",
    );
  });

  it("stops analysing a document that turns binary, and resumes when it is text again", async () => {
    const uri = "file:///stress/flip.ios";
    await client.open(uri, "cisco-ios", BROKEN_TOKYO, 1);
    const text = await client.diagnostics(uri, 1);
    assert.ok(text.diagnostics.length > 0);
    await client.change(uri, 2, [
      {
        range: {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        },
        text: "\u0000\u0001\u0002\u0003",
      },
    ]);
    const binary = await client.diagnostics(uri, 2);
    assert.deepEqual(
      binary.diagnostics.map((d) => d.code),
      ["binary-content"],
    );
    await client.change(uri, 3, [
      {
        range: {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 4 },
        },
        text: "",
      },
    ]);
    const back = await client.diagnostics(uri, 3);
    assert.deepEqual(
      back.diagnostics.map(key).sort(),
      text.diagnostics.map(key).sort(),
    );
  });
});

/** Waits for a publication of the document that passes the test. */
async function waitForPublication(
  client: LspTestClient,
  uri: string,
  test: (p: PublishDiagnosticsParams) => boolean,
  timeoutMs = 20_000,
): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client
      .allPublished()
      .filter((p) => p.uri === uri)
      .reverse()
      .find(test);
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no matching diagnostics for ${uri}; server said: ${client.stderr.join("")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
