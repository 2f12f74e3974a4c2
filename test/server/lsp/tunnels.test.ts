import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  CodeLens,
  InitializeResult,
} from "vscode-languageserver-protocol";
import {
  isSummary,
  type ReportPair,
  type TunnelReportView,
} from "../../../server/src/core/peers/tunnelReport";
import { generateDmvpn } from "../../../bench/generators/dmvpn";
import {
  SHOW_TUNNELS_COMMAND,
  TUNNELS_REQUEST,
} from "../../../server/src/lsp/customMessages";
import { LspTestClient, REPO_ROOT } from "../../support/lspClient";

const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "peers", "policy");

/** The tunnel report's view, and its pairs (the workspaces here have no spoke pairs to gather). */
async function tunnels(client: LspTestClient): Promise<{
  view: TunnelReportView;
  pairs: ReportPair[];
}> {
  const view = await client.connection.sendRequest<TunnelReportView>(
    TUNNELS_REQUEST,
    {},
  );
  return {
    view,
    pairs: view.blocks.filter((b): b is ReportPair => !isSummary(b)),
  };
}

describe("tunnels over the language server (workspace index)", function () {
  this.timeout(30000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-lsp-"));
    for (const name of ["tokyo.ios", "osaka.ios"]) {
      fs.copyFileSync(path.join(FIXTURE, name), path.join(root, name));
    }
    client = new LspTestClient();
    const rootUri = pathToFileURL(root).toString();
    const result = await client.connection.sendRequest<InitializeResult>(
      "initialize",
      {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: "lab" }],
        capabilities: {
          workspace: {
            configuration: true,
            didChangeWatchedFiles: { dynamicRegistration: false },
          },
          textDocument: {
            publishDiagnostics: {
              relatedInformation: true,
              versionSupport: true,
            },
          },
        },
      },
    );
    assert.ok(result.capabilities.codeLensProvider);
    await client.connection.sendNotification("initialized", {});
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const uri = (name: string) => pathToFileURL(path.join(root, name)).toString();
  const report = () => tunnels(client);
  const lenses = () =>
    client.connection.sendRequest<CodeLens[]>("textDocument/codeLens", {
      textDocument: { uri: uri("tokyo.ios") },
    });

  it("reports the pair of two configs on disk, neither open", async () => {
    const r = await report();
    assert.deepEqual(
      r.pairs.map((p) => p.outcome),
      ["PHASE1_FAILED"],
    );
    assert.deepEqual(
      r.pairs
        .map((p) => [p.a.uri, p.b?.uri])
        .flat()
        .sort(),
      [uri("osaka.ios"), uri("tokyo.ios")],
    );
  });

  it("publishes the peer finding on the open file, related to the file on disk", async () => {
    const text = fs.readFileSync(path.join(root, "tokyo.ios"), "utf8");
    await client.open(uri("tokyo.ios"), "cisco-ios", text, 1);
    const published = await client.diagnostics(uri("tokyo.ios"), 1);
    const policy = published.diagnostics.find(
      (d) => d.code === "ike-policy-mismatch",
    );
    assert.ok(policy, JSON.stringify(published.diagnostics.map((d) => d.code)));
    assert.equal(
      policy.relatedInformation?.[0]?.location.uri,
      uri("osaka.ios"),
    );
    const [lens] = await lenses();
    assert.equal(lens?.command?.title, "IPsec Osaka: phase 1 fails");
    assert.equal(lens?.command?.command, SHOW_TUNNELS_COMMAND);
  });

  it("follows a change on disk to the peer's config", async () => {
    const osaka = path.join(root, "osaka.ios");
    fs.writeFileSync(
      osaka,
      fs.readFileSync(osaka, "utf8").replace(" hash md5\n", ""),
    );
    await client.connection.sendNotification(
      "workspace/didChangeWatchedFiles",
      {
        changes: [{ uri: uri("osaka.ios"), type: 2 }],
      },
    );
    const r = await report();
    assert.deepEqual(
      r.pairs.map((p) => p.outcome),
      ["ESTABLISHED"],
    );
    const [lens] = await lenses();
    assert.equal(lens?.command?.title, "IPsec Osaka: comes up");
    await client.change(uri("tokyo.ios"), 2, [
      { text: fs.readFileSync(path.join(root, "tokyo.ios"), "utf8") },
    ]);
    const published = await client.diagnostics(uri("tokyo.ios"), 2);
    assert.ok(
      !published.diagnostics.some((d) => d.code === "ike-policy-mismatch"),
    );
  });

  it("leaves a configuration an open capture prints aside when the router has a file", async () => {
    const printed = fs.readFileSync(path.join(FIXTURE, "osaka.ios"), "utf8");
    await client.open(
      uri("osaka-session.ioslog"),
      "cisco-ios-log",
      `Osaka#show running-config\n${printed}Osaka#\n`,
      1,
    );
    const r = await report();
    // The disk's Osaka, which now matches Tokyo (above), as the lens says.
    assert.deepEqual(
      r.pairs.map((p) => p.outcome),
      ["ESTABLISHED"],
    );
  });
});

describe("tunnels over the language server: configurations printed in captures", function () {
  this.timeout(30000);

  it("pairs a configuration an open capture prints with the workspace's files", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-lsp-"));
    fs.copyFileSync(
      path.join(FIXTURE, "tokyo.ios"),
      path.join(root, "tokyo.ios"),
    );
    const client = new LspTestClient();
    try {
      await client.initialize(pathToFileURL(root).toString());
      const capture = pathToFileURL(
        path.join(root, "osaka-session.ioslog"),
      ).toString();
      const printed = fs.readFileSync(path.join(FIXTURE, "osaka.ios"), "utf8");
      await client.open(
        capture,
        "cisco-ios-log",
        `Osaka#show running-config\n${printed}Osaka#\n`,
        1,
      );
      const r = await tunnels(client);
      assert.deepEqual(
        r.pairs.map((p) => p.outcome),
        ["PHASE1_FAILED"],
      );
      const ends = r.pairs.flatMap((p) => [p.a.uri, p.b?.uri]);
      assert.ok(
        ends.some((u) => u?.startsWith(`${capture}#running-config-`)),
        ends.join(", "),
      );
      // The capture's own diagnostics pair the printed Osaka with Tokyo's file...
      const mismatch = (p: { diagnostics: { code?: unknown }[] }) =>
        p.diagnostics.some((d) => d.code === "ike-policy-mismatch");
      await client.diagnosticsWhere(capture, mismatch);
      // ...and follow a change of that file on disk without an edit of the capture.
      const tokyo = path.join(root, "tokyo.ios");
      // Tokyo takes Osaka's MD5, so the policies now agree.
      fs.writeFileSync(
        tokyo,
        fs
          .readFileSync(tokyo, "utf8")
          .replace(
            "crypto isakmp policy 10\n",
            "crypto isakmp policy 10\n hash md5\n",
          ),
      );
      await client.connection.sendNotification(
        "workspace/didChangeWatchedFiles",
        {
          changes: [{ uri: pathToFileURL(tokyo).toString(), type: 2 }],
        },
      );
      await client.diagnosticsWhere(capture, (p) => !mismatch(p));
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("tunnels over the language server: a DMVPN cloud", function () {
  this.timeout(60000);

  it("sends the healthy spoke pairs of a big cloud as one summary, not one by one", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-lsp-"));
    for (const f of generateDmvpn(40)) {
      fs.writeFileSync(path.join(root, f.name), f.text);
    }
    const client = new LspTestClient();
    try {
      await client.initialize(pathToFileURL(root).toString());
      const { view, pairs } = await tunnels(client);
      // 40 hub pairs and 780 spoke pairs, the latter gathered into one block.
      assert.equal(view.pairCount, 820);
      assert.equal(pairs.length, 40);
      const summaries = view.blocks.filter(isSummary);
      assert.deepEqual(
        summaries.map((s) => [s.count, s.spokes.length]),
        [[780, 40]],
      );
      assert.ok(JSON.stringify(view).length < 200_000);
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
