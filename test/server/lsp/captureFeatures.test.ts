import * as assert from "node:assert/strict";
import type {
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  Hover,
  InlayHint,
} from "vscode-languageserver-protocol";
import { EXPLAIN_CAPTURE_REQUEST } from "../../../server/src/lsp/customMessages";
import { exampleText, seedText } from "../../support/captures";
import { LspTestClient } from "../../support/lspClient";

/** The capture features over the real server: diagnostics, hover, outline, inlay hints, lenses, Explain Capture. */
describe("language server: captures", function () {
  this.timeout(30000);
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

  it("advertises inlay hints and code lenses", async () => {
    const fresh = new LspTestClient();
    const result = await fresh.initialize();
    await fresh.shutdown();
    assert.ok(result.capabilities.inlayHintProvider);
    assert.ok(result.capabilities.codeLensProvider);
  });

  it("tells the story of a successful capture in place", async () => {
    const uri = "file:///lab/tokyo-success.ioslog";
    const text = exampleText("tokyo-success.ioslog");
    await client.open(uri, "cisco-ios-log", text, 1);
    const lines = text.split("\n");
    const hints = await client.connection.sendRequest<InlayHint[]>(
      "textDocument/inlayHint",
      {
        textDocument: { uri },
        range: {
          start: { line: 0, character: 0 },
          end: { line: lines.length, character: 0 },
        },
      },
    );
    const labels = hints.map((h) => String(h.label));
    assert.ok(labels.includes("main mode 3/6 sent: KE + nonce"));
    assert.ok(labels.includes("phase 1 complete in 164 ms"));
    const firstTen = await client.connection.sendRequest<InlayHint[]>(
      "textDocument/inlayHint",
      {
        textDocument: { uri },
        range: {
          start: { line: 0, character: 0 },
          end: { line: 10, character: 0 },
        },
      },
    );
    assert.ok(
      firstTen.length > 0 && firstTen.every((h) => h.position.line <= 10),
    );
    const lenses = await client.connection.sendRequest<CodeLens[]>(
      "textDocument/codeLens",
      { textDocument: { uri } },
    );
    assert.ok(
      lenses.some(
        (l) =>
          l.command?.title ===
          "Quick mode with 172.16.6.2 (initiator): complete in 264 ms",
      ),
    );
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    assert.ok(
      symbols.some(
        (s) =>
          s.name === "Main mode with 172.16.6.2" && s.children?.length === 6,
      ),
    );
    const line = lines.findIndex((l) => l.includes("New State = IKE_I_MM1"));
    const hover = await client.connection.sendRequest<Hover | null>(
      "textDocument/hover",
      {
        textDocument: { uri },
        position: { line, character: lines[line]!.indexOf("IKE_I_MM1") + 2 },
      },
    );
    assert.match(
      JSON.stringify(hover?.contents),
      /main mode, initiator, message 1\/6/,
    );
  });

  it("diagnoses a failed capture and explains it on request", async () => {
    const uri = "file:///lab/ex8-66.ioslog";
    await client.open(uri, "cisco-ios-log", seedText(66), 1);
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d: Diagnostic) => String(d.code)),
      ["log-psk-mismatch"],
    );
    const result = await client.connection.sendRequest<{ text: string }>(
      EXPLAIN_CAPTURE_REQUEST,
      { uri },
    );
    assert.match(
      result.text,
      /Verdict\nFAILED: The reply Tokyo got from 172\.16\.6\.2 at main mode 5\/6/,
    );
    const config = await client.connection.sendRequest<{ text: string }>(
      EXPLAIN_CAPTURE_REQUEST,
      { uri: "file:///nowhere.ioslog" },
    );
    assert.match(config.text, /not open/);
  });
});
