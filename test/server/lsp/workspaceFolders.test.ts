import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  InitializeResult,
  PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";
import {
  isSummary,
  type ReportPair,
  type TunnelReportView,
} from "../../../server/src/core/peers/tunnelReport";
import { TUNNELS_REQUEST } from "../../../server/src/lsp/customMessages";
import { LspTestClient, REPO_ROOT } from "../../support/lspClient";

const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "peers", "policy");

/** True when Tokyo's diagnostics hold the policy mismatch against Osaka's config. */
const hasPolicyMismatch = (p: PublishDiagnosticsParams): boolean =>
  p.diagnostics.some((d) => d.code === "ike-policy-mismatch");

describe("workspace folders added and removed while the server runs", function () {
  this.timeout(30000);
  let root: string;
  let client: LspTestClient;
  let result: InitializeResult;

  const folder = (name: string) => ({
    uri: pathToFileURL(path.join(root, name)).toString(),
    name,
  });
  const tokyo = () =>
    pathToFileURL(path.join(root, "hq", "tokyo.ios")).toString();
  const osaka = () =>
    pathToFileURL(path.join(root, "branch", "osaka.ios")).toString();
  // The view's blocks are the pairs here (no DMVPN cloud to gather).
  const report = async () => ({
    pairs: (
      await client.connection.sendRequest<TunnelReportView>(TUNNELS_REQUEST, {})
    ).blocks.filter((b): b is ReportPair => !isSummary(b)),
  });
  const changeFolders = (
    added: ReturnType<typeof folder>[],
    removed: ReturnType<typeof folder>[],
  ) =>
    client.connection.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: { added, removed },
    });

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-folders-"));
    // Tokyo's folder is open from the start; Osaka's config sits in a folder added later.
    for (const [dir, name] of [
      ["hq", "tokyo.ios"],
      ["branch", "osaka.ios"],
    ] as const) {
      fs.mkdirSync(path.join(root, dir));
      fs.copyFileSync(path.join(FIXTURE, name), path.join(root, dir, name));
    }
    client = new LspTestClient();
    result = await client.connection.sendRequest<InitializeResult>(
      "initialize",
      {
        processId: process.pid,
        rootUri: folder("hq").uri,
        workspaceFolders: [folder("hq")],
        capabilities: {
          workspace: { configuration: true, workspaceFolders: true },
          textDocument: {
            publishDiagnostics: {
              relatedInformation: true,
              versionSupport: true,
            },
          },
        },
      },
    );
    await client.connection.sendNotification("initialized", {});
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("asks for folder change notifications", () => {
    assert.deepEqual(result.capabilities.workspace?.workspaceFolders, {
      supported: true,
      changeNotifications: true,
    });
  });

  it("indexes an added folder and re-publishes the open peer it pairs with", async () => {
    const text = fs.readFileSync(path.join(root, "hq", "tokyo.ios"), "utf8");
    await client.open(tokyo(), "cisco-ios", text, 1);
    const alone = await client.diagnostics(tokyo(), 1);
    assert.ok(!hasPolicyMismatch(alone));
    assert.deepEqual(
      (await report()).pairs.map((p) => p.outcome),
      ["MISSING_PEER"],
    );

    await changeFolders([folder("branch")], []);
    const paired = await client.diagnosticsWhere(tokyo(), hasPolicyMismatch);
    const policy = paired.diagnostics.find(
      (d) => d.code === "ike-policy-mismatch",
    );
    assert.equal(policy?.relatedInformation?.[0]?.location.uri, osaka());
    const r = await report();
    assert.deepEqual(
      r.pairs.map((p) => [p.outcome, ...[p.a.uri, p.b?.uri].sort()]),
      [["PHASE1_FAILED", osaka(), tokyo()]],
    );
  });

  it("drops a removed folder's configs and re-publishes the peer left alone", async () => {
    await changeFolders([], [folder("branch")]);
    const alone = await client.diagnosticsWhere(
      tokyo(),
      (p) => !hasPolicyMismatch(p),
    );
    assert.ok(!hasPolicyMismatch(alone));
    assert.deepEqual(
      (await report()).pairs.map((p) => p.outcome),
      ["MISSING_PEER"],
    );
  });
});
