import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type {
  CompletionItem,
  Location,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { LspTestClient, REPO_ROOT } from "../../support/lspClient";

const TOKYO = fs.readFileSync(
  path.join(REPO_ROOT, "examples", "tokyo.ios"),
  "utf8",
);
const LINES = TOKYO.split("\n");
const MATCH_LINE = LINES.indexOf(" match address 101");
const ACL_LINE = LINES.findIndex((l) => l.startsWith("access-list 101"));
const SERIAL_LINE = LINES.indexOf("interface Serial4/0");

describe("language server: definition, references, rename, completion", function () {
  this.timeout(30000);
  let client: LspTestClient;
  const uri = "file:///lab/tokyo-nav.ios";

  before(async () => {
    client = new LspTestClient();
    const init = await client.initialize();
    const caps = init.capabilities;
    assert.ok(caps.definitionProvider);
    assert.ok(caps.referencesProvider);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.completionProvider);
    await client.open(uri, "cisco-ios", TOKYO, 1);
  });

  after(async () => {
    if (client.alive) {
      await client.shutdown();
    }
  });

  it("goes to the ACL from match address and finds its uses", async () => {
    const position = { line: MATCH_LINE, character: 16 };
    const defs = await client.connection.sendRequest<Location[]>(
      "textDocument/definition",
      {
        textDocument: { uri },
        position,
      },
    );
    assert.deepEqual(
      defs.map((d) => [d.uri, d.range.start.line]),
      [[uri, ACL_LINE]],
    );
    const refs = await client.connection.sendRequest<Location[]>(
      "textDocument/references",
      {
        textDocument: { uri },
        position,
        context: { includeDeclaration: true },
      },
    );
    assert.deepEqual(
      refs.map((r) => r.range.start.line),
      [MATCH_LINE, ACL_LINE],
    );
  });

  it("renames a transform set and refuses an interface with a message", async () => {
    const setLine = LINES.indexOf(" set transform-set mjlnet");
    const edit = await client.connection.sendRequest<WorkspaceEdit | null>(
      "textDocument/rename",
      {
        textDocument: { uri },
        position: { line: setLine, character: 20 },
        newName: "AES-SHA",
      },
    );
    assert.equal(edit?.changes?.[uri]?.length, 2);
    const refused = await client.connection
      .sendRequest("textDocument/prepareRename", {
        textDocument: { uri },
        position: { line: SERIAL_LINE, character: 12 },
      })
      .then(
        () => "answered",
        (error: Error) => error.message,
      );
    assert.match(refused, /cannot be renamed/);
    assert.ok(client.alive);
  });

  it("completes names and commands, in plain text for a client without snippets", async () => {
    const items = await client.connection.sendRequest<CompletionItem[]>(
      "textDocument/completion",
      {
        textDocument: { uri },
        position: { line: MATCH_LINE, character: " match address ".length },
      },
    );
    assert.ok(items.some((i) => i.label === "101"));
    const top = await client.connection.sendRequest<CompletionItem[]>(
      "textDocument/completion",
      {
        textDocument: { uri },
        position: { line: LINES.indexOf("ip classless"), character: 0 },
      },
    );
    const policy = top.find((i) => i.filterText === "crypto isakmp policy");
    assert.ok(policy, "crypto isakmp policy offered");
    // The test client announces no snippet support, so the text is plain.
    assert.equal(policy.insertTextFormat, 1);
  });
});
