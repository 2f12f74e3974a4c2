import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { LspTestClient } from "../test/support/lspClient";
import type { WorkspaceTiming } from "./coreBench";

/** How long indexing the workspace takes, and how it was measured. */
export interface IndexTiming {
  ms: number;
  /** What the server itself reported for its scan, when it did. */
  serverReportedMs?: number;
  configs?: number;
  how: string;
}

const INDEX_SOURCE = path.join(
  __dirname,
  "..",
  "server",
  "src",
  "lsp",
  "workspaceIndex.ts",
);

/** The server's log line at the end of a scan. */
const INDEXED = /workspace index: (\d+) Cisco IOS config\(s\) in (\d+) ms/;

/**
 * Starts the real server on the folder and waits for its "workspace index" log line: the time
 * from `initialize` to that line is what a user waits before peer checks know every config.
 * Without a workspace index in the server, the core's parse of every config stands in, and says so.
 */
export async function measureWorkspaceIndex(
  dir: string,
  core: WorkspaceTiming,
): Promise<IndexTiming> {
  if (!fs.existsSync(INDEX_SOURCE)) {
    return {
      ms: core.parseMs,
      how: "no server/src/lsp/workspaceIndex.ts: core read + parse of every config",
    };
  }
  const client = new LspTestClient();
  try {
    const started = performance.now();
    await client.initialize(pathToFileURL(dir).toString());
    const deadline = Date.now() + 120_000;
    for (;;) {
      const line = client.stderr.map((l) => INDEXED.exec(l)).find(Boolean);
      if (line) {
        return {
          ms: performance.now() - started,
          serverReportedMs: Number(line[2]),
          configs: Number(line[1]),
          how: `server over stdio, initialize -> "workspace index" log (${line[1]} configs; the server timed its scan at ${line[2]} ms)`,
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no workspace index log within 120 s: ${client.stderr.join("")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.shutdown();
  }
}
