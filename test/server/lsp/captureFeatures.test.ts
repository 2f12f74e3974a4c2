import * as assert from "node:assert/strict";
import type {
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
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
    // A capture's lenses come without titles; the editor resolves those it shows.
    const lenses = await client.connection.sendRequest<CodeLens[]>(
      "textDocument/codeLens",
      { textDocument: { uri } },
    );
    assert.ok(lenses.length > 0 && lenses.every((l) => !l.command));
    const resolved = await Promise.all(
      lenses.map((l) =>
        client.connection.sendRequest<CodeLens>("codeLens/resolve", l),
      ),
    );
    assert.ok(
      resolved.some(
        (l) =>
          l.command?.title ===
          "Quick mode with 172.16.6.2 (initiator): complete in 264 ms",
      ),
    );
    // A lens of an older version of the document resolves to no title, never to another's.
    const stale = await client.connection.sendRequest<CodeLens>(
      "codeLens/resolve",
      { ...lenses[0]!, data: [lenses[0]!.data[0], 999, lenses[0]!.data[2]] },
    );
    assert.equal(stale.command?.title, "");
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

  it("cuts a long outline to ipsecLens.outline.maxItems, exchanges before packets, and says so once", async () => {
    const uri = "file:///lab/tokyo-success.ioslog";
    await client.open(
      uri,
      "cisco-ios-log",
      exampleText("tokyo-success.ioslog"),
      1,
    );
    const request = () =>
      client.connection.sendRequest<DocumentSymbol[]>(
        "textDocument/documentSymbol",
        { textDocument: { uri } },
      );
    const full = await request();
    const total = full.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0);
    assert.deepEqual(client.shown, [], "nothing to tell under the limit");
    client.settings = { outline: { maxItems: full.length } };
    await client.connection.sendNotification(
      "workspace/didChangeConfiguration",
      {
        settings: { ipsecLens: client.settings },
      },
    );
    let cut = await request();
    for (let i = 0; i < 50 && cut.some((s) => s.children); i++) {
      await new Promise((r) => setTimeout(r, 20));
      cut = await request();
    }
    assert.deepEqual(
      cut.map((s) => s.name),
      full.map((s) => s.name),
    );
    assert.ok(cut.every((s) => !s.children));
    await request();
    assert.deepEqual(client.shown, [
      `IPsec Lens: the outline of tokyo-success.ioslog lists ${full.length} of its ${total} symbols (commands and exchanges first). Raise ipsecLens.outline.maxItems to see more.`,
    ]);
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

  it("reads a configuration the session prints: findings, hover and console fixes", async () => {
    // Examples 8-56 and 8-57: Osaka's debug, then its configuration with the key for 172.16.4.1.
    const uri = "file:///lab/osaka-session.ioslog";
    const text = seedText(56) + seedText(57);
    const keyLine = text
      .split("\n")
      .indexOf("crypto isakmp key cisco address 172.16.4.1");
    await client.open(uri, "cisco-ios-log", text, 1);
    const published = await client.diagnostics(uri, 1);
    const noKey = published.diagnostics.find(
      (d: Diagnostic) => d.code === "log-no-psk-for-peer",
    );
    assert.ok(noKey);
    assert.deepEqual(
      noKey.relatedInformation?.map((r) => [
        r.location.uri,
        r.location.range.start.line,
      ]),
      [[uri, keyLine]],
    );
    assert.ok(
      published.diagnostics.some(
        (d: Diagnostic) =>
          d.code === "weak-crypto" && d.range.start.line > keyLine - 4,
      ),
    );
    const hover = await client.connection.sendRequest<Hover>(
      "textDocument/hover",
      {
        textDocument: { uri },
        position: { line: keyLine, character: 8 },
      },
    );
    assert.match(JSON.stringify(hover.contents), /isakmp/i);
    const actions = await client.connection.sendRequest<
      { title: string; edit?: unknown; command?: { arguments?: unknown[] } }[]
    >("textDocument/codeAction", {
      textDocument: { uri },
      range: noKey.range,
      context: { diagnostics: [noKey] },
    });
    // The log is not edited: the fix is offered as console commands only.
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.edit === undefined));
    assert.deepEqual(actions[0]!.command?.arguments, [
      "! Replace every <...> placeholder below before pasting\nconfigure terminal\nno crypto isakmp key <key> address 172.16.4.1\ncrypto isakmp key <key> address 172.16.5.1\nend",
    ]);
  });
  it("folds a long capture within the editor's rangeLimit, outer folds first", async () => {
    const limited = new LspTestClient();
    await limited.initialize(null, { foldingRangeLimit: 50 });
    const uri = "file:///lab/long.ioslog";
    // An hour of the same show commands: each output folds, and the printed policy inside it.
    const text = Array.from({ length: 60 }, (_, i) =>
      [
        "Osaka#show crypto isakmp sa",
        "dst             src             state          conn-id slot",
        `172.16.6.2      172.16.5.1      QM_IDLE              ${i + 1}    0`,
        "Osaka#show running-config | section crypto isakmp",
        "crypto isakmp policy 10",
        " hash md5",
        " authentication pre-share",
        "crypto isakmp key cisco address 172.16.5.1",
      ].join("\n"),
    ).join("\n");
    await limited.open(uri, "cisco-ios-log", text, 1);
    const ask = (c: LspTestClient) =>
      c.connection.sendRequest<FoldingRange[]>("textDocument/foldingRange", {
        textDocument: { uri },
      });
    const folds = await ask(limited);
    await limited.shutdown();
    await client.open(uri, "cisco-ios-log", text, 1);
    const all = await ask(client);
    assert.ok(all.length > 50, `${all.length} folds without a limit`);
    assert.equal(folds.length, 50);
    // More outermost folds than the limit: the first 50 of them in the document.
    const outermost = all.filter(
      (f) =>
        !all.some(
          (o) =>
            o !== f && o.startLine <= f.startLine && f.endLine <= o.endLine,
        ),
    );
    assert.ok(outermost.length > 50 && all.length > outermost.length);
    assert.deepEqual(folds, outermost.slice(0, 50));
  });
});
