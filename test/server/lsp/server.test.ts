import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
} from "vscode-languageserver-protocol";
import { LspTestClient, REPO_ROOT } from "../../support/lspClient";

const TOKYO = fs.readFileSync(
  path.join(REPO_ROOT, "examples", "tokyo.ios"),
  "utf8",
);
/** Tokyo with ISAKMP turned off: the seed's "ISAKMP Is Disabled" fault. */
const TOKYO_OFF = TOKYO.replace(
  "crypto isakmp policy 10",
  "no crypto isakmp enable\n!\ncrypto isakmp policy 10",
);
const OFF_LINE = TOKYO_OFF.split("\n").indexOf("no crypto isakmp enable");

const codes = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.map((d) => String(d.code));

describe("language server over stdio", function () {
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

  it("advertises incremental sync and the features it serves", async () => {
    const fresh = new LspTestClient();
    const result = await fresh.initialize();
    await fresh.shutdown();
    const caps = result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(caps.hoverProvider);
    assert.ok(caps.codeActionProvider);
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.foldingRangeProvider);
  });

  it("publishes diagnostics with the document version, a docs link and the right line", async () => {
    const uri = "file:///lab/tokyo-off.ios";
    await client.open(uri, "cisco-ios", TOKYO_OFF, 1);
    const published = await client.diagnostics(uri, 1);
    const off = published.diagnostics.find((d) => d.code === "isakmp-disabled");
    assert.ok(
      off,
      `expected isakmp-disabled, got ${codes(published.diagnostics).join(", ")}`,
    );
    assert.equal(off.range.start.line, OFF_LINE);
    assert.equal(off.severity, 1);
    assert.equal(off.source, "ipsec-lens");
    assert.match(
      off.codeDescription?.href ?? "",
      /docs\/diagnostics\.md#isakmp-disabled$/,
    );
  });

  it("fades what the router never uses: a key for no peer, the lines after `end`", async () => {
    const uri = "file:///lab/tokyo-faded.ios";
    const text = `${TOKYO.replace(
      "crypto isakmp key cisco address 172.16.6.2",
      "crypto isakmp key cisco address 172.16.6.2\ncrypto isakmp key cisco address 172.16.9.9",
    ).trimEnd()}\ncrypto map mjlnetmap 20 ipsec-isakmp\n set peer 172.16.9.9\n`;
    await client.open(uri, "cisco-ios", text, 1);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const tagsOf = (code: string) =>
      diagnostics.filter((d) => d.code === code).map((d) => d.tags ?? []);
    assert.deepEqual(tagsOf("unused-psk"), [[1]]);
    assert.deepEqual(tagsOf("lines-after-end"), [[1]]);
    // Everything else keeps its squiggle alone.
    assert.ok(
      diagnostics
        .filter((d) => d.code !== "unused-psk" && d.code !== "lines-after-end")
        .every((d) => d.tags === undefined),
    );
  });

  it("re-analyses after an incremental edit and drops the cured finding", async () => {
    const uri = "file:///lab/tokyo-edit.ios";
    await client.open(uri, "cisco-ios", TOKYO_OFF, 1);
    assert.ok(
      codes((await client.diagnostics(uri, 1)).diagnostics).includes(
        "isakmp-disabled",
      ),
    );
    // Delete the word "no " as a user would, then type nothing else.
    await client.change(uri, 2, [
      {
        range: {
          start: { line: OFF_LINE, character: 0 },
          end: { line: OFF_LINE, character: 3 },
        },
        text: "",
      },
    ]);
    const after = await client.diagnostics(uri, 2);
    assert.ok(
      !codes(after.diagnostics).includes("isakmp-disabled"),
      codes(after.diagnostics).join(", "),
    );
  });

  it("publishes only the last version after a burst of edits", async () => {
    const uri = "file:///lab/burst.ios";
    await client.open(uri, "cisco-ios", TOKYO, 1);
    await client.diagnostics(uri, 1);
    for (let v = 2; v <= 20; v++) {
      await client.change(uri, v, [
        {
          range: {
            start: { line: 0, character: 0 },
            end: { line: 0, character: 0 },
          },
          text: "!",
        },
      ]);
    }
    const last = await client.diagnostics(uri, 20);
    assert.equal(last.version, 20);
    const stale = client
      .allPublished()
      .filter(
        (p) =>
          p.uri === uri &&
          p.version !== undefined &&
          p.version > 1 &&
          p.version < 20,
      );
    assert.deepEqual(
      stale,
      [],
      "intermediate versions of a burst are not published",
    );
  });

  it("honours ipsecLens.diagnostics.severity from the client's settings", async () => {
    const uri = "file:///lab/tokyo-settings.ios";
    await client.open(uri, "cisco-ios", TOKYO_OFF, 1);
    await client.diagnostics(uri, 1);
    client.settings = {
      diagnostics: { severity: { "isakmp-disabled": "off" } },
    };
    const before = client.allPublished().length;
    await client.connection.sendNotification(
      "workspace/didChangeConfiguration",
      { settings: {} },
    );
    const republished = await waitFor(() =>
      client
        .allPublished()
        .slice(before)
        .find((p) => p.uri === uri),
    );
    assert.ok(!codes(republished.diagnostics).includes("isakmp-disabled"));
  });

  it("offers the quick fix and its console commands for a finding", async () => {
    const uri = "file:///lab/tokyo-fix.ios";
    await client.open(uri, "cisco-ios", TOKYO_OFF, 1);
    const off = (await client.diagnostics(uri, 1)).diagnostics.find(
      (d) => d.code === "isakmp-disabled",
    );
    assert.ok(off);
    const actions = await client.connection.sendRequest<CodeAction[]>(
      "textDocument/codeAction",
      {
        textDocument: { uri },
        range: off.range,
        context: { diagnostics: [off] },
      },
    );
    const fix = actions.find((a) => a.edit);
    assert.ok(fix, "a quick fix with an edit");
    const inserted = Object.values(fix.edit?.changes ?? {})
      .flat()
      .map((e) => e.newText)
      .join("\n");
    assert.match(inserted, /crypto isakmp enable/);
    const copy = actions.find(
      (a) => a.command?.command === "ipsecLens.copyAsCli",
    );
    assert.ok(copy, "a Copy as CLI action");
    assert.match(
      String(copy.command?.arguments?.[0]),
      /^configure terminal\n[\s\S]*crypto isakmp enable[\s\S]*\nend$/,
    );
  });

  it("answers code actions for the diagnostics asked about, each fix once, each finding its own", async () => {
    const text = fs.readFileSync(
      path.join(REPO_ROOT, "examples", "broken", "osaka.ios"),
      "utf8",
    );
    const uri = "file:///lab/osaka-broken.ios";
    await client.open(uri, "cisco-ios", text, 1);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const ask = (diagnostic: Diagnostic) =>
      client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
    const isakmp = diagnostics.find((d) => d.code === "acl-blocks-isakmp");
    assert.ok(isakmp, "osaka's ACL 102 blocks ISAKMP");
    const actions = await ask(isakmp);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, [...new Set(titles)], "no action twice");
    for (const action of actions) {
      assert.deepEqual(
        action.diagnostics?.map((d) => d.code),
        ["acl-blocks-isakmp"],
        action.title,
      );
    }
    assert.ok(!titles.some((t) => /non500-isakmp|4500/.test(t)), titles.join());
    // Two weak-crypto findings on one line (DES and group 1): each gets its own fix only.
    const weak = diagnostics.filter(
      (d) =>
        d.code === "weak-crypto" &&
        /\bgroup 1\b|\bDES\b/.test(String(d.message)),
    );
    const line = weak[0]!.range.start.line;
    const sameLine = weak.filter((d) => d.range.start.line === line);
    assert.ok(sameLine.length >= 2, "two weak-crypto findings share a line");
    const fixed = await Promise.all(sameLine.map(ask));
    const own = fixed.map((list) =>
      list.filter((a) => a.edit).map((a) => a.title),
    );
    for (let i = 0; i < own.length; i++) {
      for (let j = 0; j < own.length; j++) {
        if (i !== j) {
          assert.ok(
            !own[i]!.some((t) => own[j]!.includes(t)),
            `${own[i]!.join()} vs ${own[j]!.join()}`,
          );
        }
      }
    }
    // Asked about all three ACL findings at once, the shared removal is offered once.
    const acl = diagnostics.filter(
      (d) =>
        String(d.code).startsWith("acl-blocks") &&
        d.range.start.line === isakmp.range.start.line,
    );
    const all = await client.connection.sendRequest<CodeAction[]>(
      "textDocument/codeAction",
      {
        textDocument: { uri },
        range: isakmp.range,
        context: { diagnostics: acl },
      },
    );
    const allTitles = all.map((a) => a.title);
    assert.deepEqual(allTitles, [...new Set(allTitles)]);
  });

  it("sends a key placeholder as a snippet tab stop to a client with snippet edits, as <key> to others", async () => {
    const text = fs.readFileSync(
      path.join(REPO_ROOT, "examples", "broken", "tokyo.ios"),
      "utf8",
    );
    const keyFix = async (c: LspTestClient, uri: string) => {
      await c.open(uri, "cisco-ios", text, 1);
      const missing = (await c.diagnostics(uri, 1)).diagnostics.find(
        (d) => d.code === "missing-psk-for-peer",
      );
      assert.ok(missing, "tokyo has no key for its peer");
      const actions = await c.connection.sendRequest<CodeAction[]>(
        "textDocument/codeAction",
        {
          textDocument: { uri },
          range: missing.range,
          context: { diagnostics: [missing] },
        },
      );
      return actions.find((a) => /^Add crypto isakmp key/.test(a.title));
    };
    const plain = await keyFix(client, "file:///lab/tokyo-plain.ios");
    assert.match(
      JSON.stringify(plain?.edit?.changes),
      /crypto isakmp key <key> address/,
    );
    const snippets = new LspTestClient();
    await snippets.initialize(null, { snippetEdits: true });
    try {
      const snippet = await keyFix(snippets, "file:///lab/tokyo-snippet.ios");
      assert.equal(snippet?.edit?.changes, undefined);
      assert.match(
        JSON.stringify(snippet?.edit?.documentChanges),
        /"snippet":\{"kind":"snippet","value":"\\ncrypto isakmp key \$\{1:key\} address/,
      );
    } finally {
      await snippets.shutdown();
    }
  });

  it("answers hover, outline and folding on a config", async () => {
    const uri = "file:///lab/tokyo.ios";
    await client.open(uri, "cisco-ios", TOKYO, 1);
    const lines = TOKYO.split("\n");
    const policyLine = lines.indexOf("crypto isakmp policy 10");
    const hover = await client.connection.sendRequest<Hover | null>(
      "textDocument/hover",
      {
        textDocument: { uri },
        position: { line: policyLine, character: 15 },
      },
    );
    assert.ok(hover, "a hover on the policy");
    assert.match(JSON.stringify(hover.contents), /86400|24 h/);
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    assert.ok(symbols.some((s) => s.name === "Serial4/0"));
    assert.ok(
      symbols.some(
        (s) =>
          s.name.includes("mjlnetmap") &&
          s.children?.some((c) => c.name === "10"),
      ),
    );
    const folds = await client.connection.sendRequest<FoldingRange[]>(
      "textDocument/foldingRange",
      { textDocument: { uri } },
    );
    const serial = lines.indexOf("interface Serial4/0");
    assert.ok(folds.some((f) => f.startLine === serial && f.endLine > serial));
  });

  it("shows the IOS defaults a config leaves unwritten as inlay hints, those of the range asked, after edits too", async () => {
    const uri = "file:///lab/tokyo.ios";
    await client.open(uri, "cisco-ios", TOKYO, 1);
    const lines = TOKYO.split("\n");
    const hintsIn = (start: number, end: number) =>
      client.connection.sendRequest<InlayHint[]>("textDocument/inlayHint", {
        textDocument: { uri },
        range: {
          start: { line: start, character: 0 },
          end: { line: end, character: 0 },
        },
      });
    const policy = lines.indexOf("crypto isakmp policy 10");
    const map = lines.indexOf("crypto map mjlnetmap 10 ipsec-isakmp");
    const all = await hintsIn(0, lines.length);
    const end = (line: number) => ({
      line,
      character: lines[line]!.length,
    });
    assert.deepEqual(
      all.map((h) => [h.position, h.label]),
      [
        [end(policy), "encr des"],
        [end(policy), "group 1"],
        [end(policy), "lifetime 86400"],
        [end(policy + 5), "mode tunnel"],
        [end(map), "lifetime 3600 s / 4608000 KB"],
        [end(map), "no PFS"],
      ],
    );
    assert.ok(
      all.every(
        (h) =>
          typeof h.tooltip === "string" &&
          h.tooltip.startsWith("Without") &&
          h.paddingLeft,
      ),
    );
    // Only the hints of the range asked for (the editor asks for what is on screen).
    assert.deepEqual(
      (await hintsIn(map - 1, map + 2)).map((h) => h.label),
      ["lifetime 3600 s / 4608000 KB", "no PFS"],
    );
    // Writing `group 14` under the policy: its hint goes, the others move down.
    await client.change(uri, 2, [
      {
        range: {
          start: { line: policy + 1, character: 0 },
          end: { line: policy + 1, character: 0 },
        },
        text: " group 14\n",
      },
    ]);
    const edited = await hintsIn(0, lines.length + 1);
    assert.deepEqual(
      edited.map((h) => [h.position.line, h.label]),
      [
        [policy, "encr des"],
        [policy, "lifetime 86400"],
        [policy + 6, "mode tunnel"],
        [map + 1, "lifetime 3600 s / 4608000 KB"],
        [map + 1, "no PFS"],
      ],
    );
  });

  it("tells the user why a binary file is not analysed", async () => {
    const uri = "file:///lab/firmware.bin.txt";
    await client.open(
      uri,
      "cisco-ios",
      "\u0000\u0001\u0002ELF\u0000\u0000binary",
      1,
    );
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(codes(published.diagnostics), ["binary-content"]);
    assert.equal(published.diagnostics[0]!.severity, 3);
  });

  it("survives requests for unknown documents, positions outside the text and malformed params", async () => {
    const uri = "file:///lab/small.ios";
    await client.open(uri, "cisco-ios", "hostname R1\n", 1);
    const far = await client.connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 9999, character: 9999 },
    });
    assert.equal(far, null);
    const unknown = await client.connection.sendRequest(
      "textDocument/documentSymbol",
      { textDocument: { uri: "file:///nowhere.ios" } },
    );
    assert.deepEqual(unknown, []);
    // Malformed params get an error or an empty answer, never a dead server.
    const malformed = await client.connection
      .sendRequest("textDocument/hover", { nonsense: true })
      .catch(() => null);
    assert.equal(malformed, null);
    await client.connection
      .sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: null,
        context: {},
      })
      .catch(() => undefined);
    assert.ok(client.alive, "the server still runs");
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    assert.deepEqual(symbols, []);
  });

  it("clears diagnostics on close and exits cleanly on shutdown/exit", async () => {
    const uri = "file:///lab/close.ios";
    await client.open(uri, "cisco-ios", TOKYO_OFF, 1);
    await client.diagnostics(uri, 1);
    const before = client.allPublished().length;
    await client.connection.sendNotification("textDocument/didClose", {
      textDocument: { uri },
    });
    const cleared = await waitFor(() =>
      client
        .allPublished()
        .slice(before)
        .find((p) => p.uri === uri),
    );
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await client.shutdown(), 0);
  });
});

/** Polls until the probe returns a value (diagnostics arrive asynchronously). */
async function waitFor<T>(
  probe: () => T | undefined,
  timeoutMs = 10000,
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
