import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from "vscode-languageserver-protocol/node";

/** The repository root, from test/support. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The bundled server the tests drive, exactly as the extension starts it. */
export const SERVER_BUNDLE = path.join(REPO_ROOT, "dist", "server.js");

/**
 * A real JSON-RPC client driving the bundled server over stdio: the same bytes VS Code would send.
 * Diagnostics are collected as they arrive so tests can wait for a given document version.
 */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly stderr: string[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: {
    test: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  private exited: Promise<number | null>;

  /** `nodeArgs` go before the bundle (the security test preloads a guard with `--require`). */
  constructor(nodeArgs: readonly string[] = []) {
    this.process = spawn(
      process.execPath,
      [...nodeArgs, SERVER_BUNDLE, "--stdio"],
      { stdio: "pipe" },
    );
    this.process.stderr.on("data", (chunk: Buffer) =>
      this.stderr.push(chunk.toString()),
    );
    this.exited = new Promise((resolve) =>
      this.process.once("exit", (code) => resolve(code)),
    );
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    this.connection.onNotification(
      "textDocument/publishDiagnostics",
      (params: PublishDiagnosticsParams) => {
        this.published.push(params);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          if (this.waiters[i]!.test(params)) {
            this.waiters[i]!.resolve(params);
            this.waiters.splice(i, 1);
          }
        }
      },
    );
    // Logs go to the client through window/logMessage; keep them for failure messages.
    this.connection.onNotification(
      "window/logMessage",
      (params: { message: string }) => {
        this.stderr.push(params.message);
      },
    );
    this.connection.onNotification(
      "window/showMessage",
      (params: { message: string }) => {
        this.shown.push(params.message);
      },
    );
    this.connection.onRequest(
      "workspace/configuration",
      (params: { items: unknown[] }) => params.items.map(() => this.settings),
    );
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.listen();
  }

  /** What the server reads from workspace/configuration for the `ipsecLens` section. */
  settings: unknown = {};

  /** The messages the server showed the user (window/showMessage), oldest first. */
  readonly shown: string[] = [];

  /** Runs initialize + initialized with a client that supports pull configuration (and a workspace root when given). */
  async initialize(
    rootUri: string | null = null,
    options: { snippetEdits?: boolean; foldingRangeLimit?: number } = {},
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>(
      "initialize",
      {
        processId: process.pid,
        rootUri,
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: false },
            ...(options.snippetEdits
              ? { workspaceEdit: { snippetEditSupport: true } }
              : {}),
          },
          textDocument: {
            publishDiagnostics: {
              relatedInformation: true,
              versionSupport: true,
              codeDescriptionSupport: true,
            },
            hover: { contentFormat: ["markdown", "plaintext"] },
            ...(options.foldingRangeLimit !== undefined
              ? { foldingRange: { rangeLimit: options.foldingRangeLimit } }
              : {}),
            codeAction: {
              codeActionLiteralSupport: {
                codeActionKind: { valueSet: ["quickfix"] },
              },
            },
          },
        },
        workspaceFolders: null,
      },
    );
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  /** Opens a document. */
  async open(
    uri: string,
    languageId: string,
    text: string,
    version = 1,
  ): Promise<void> {
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId, version, text },
    });
  }

  /** Sends incremental changes. */
  async change(
    uri: string,
    version: number,
    changes: {
      range?: {
        start: { line: number; character: number };
        end: { line: number; character: number };
      };
      text: string;
    }[],
  ): Promise<void> {
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  /** Waits for diagnostics of a document (of a given version when asked). */
  diagnostics(
    uri: string,
    version?: number,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams): boolean =>
      p.uri === uri && (version === undefined || p.version === version);
    const already = [...this.published].reverse().find(test);
    if (already) {
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no diagnostics for ${uri} v${version} within ${timeoutMs} ms; server said: ${this.stderr.join("")}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /**
   * Waits until the latest diagnostics of a document pass a test: the last publication when it
   * already does, else the next one that does (for re-publications the test cannot version).
   */
  diagnosticsWhere(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const latest = [...this.published].reverse().find((p) => p.uri === uri);
    if (latest && test(latest)) {
      return Promise.resolve(latest);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${uri} within ${timeoutMs} ms; server said: ${this.stderr.join("")}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Every publication seen so far, oldest first. */
  allPublished(): readonly PublishDiagnosticsParams[] {
    return this.published;
  }

  /** Shuts the server down politely and waits for it to exit; returns its exit code. */
  async shutdown(): Promise<number | null> {
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  /** The server's process id (the bench reads its peak memory from /proc). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Writes raw bytes to the server's stdin (tests of malformed JSON-RPC framing). */
  writeRaw(data: string): void {
    this.process.stdin.write(data);
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
}
