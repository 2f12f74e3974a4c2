import * as fs from "node:fs";
import type { Hover } from "vscode-languageserver-protocol";
import { BURST_GAP_MS } from "../server/src/lsp/diagnostics";
import { LspTestClient } from "../test/support/lspClient";
import { Random } from "./generators/random";

/** Generous: opening a 50 MB capture sends 50 MB of JSON before any analysis starts. */
const OPEN_TIMEOUT_MS = 300_000;

/** Percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) {
    return NaN;
  }
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ]!;
}

/** Edit-to-diagnostics after one-character edits in a big config. */
export interface EditTiming {
  openToDiagnosticsMs: number;
  /** Each edit's time from didChange sent to publishDiagnostics received. */
  editsMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** After a burst of typing: from the last keystroke to the diagnostics of its version. */
  typingMs: number;
  /** Isolated Enter keys at the end of random lines (each moves every line below). */
  newLineMedianMs: number;
  /**
   * Isolated one-character edits in crypto lines (`crypto ...`, `set ...`, `match ...`): where an
   * engineer working on a VPN types, and sections whose edit reads all the shared ones again.
   */
  cryptoEditMedianMs: number;
  /**
   * CPU time the server spent on each isolated edit (all its threads, from didChange to the
   * diagnostics): unlike the wall time it does not grow when other processes share the machine.
   */
  serverCpuMs: number[];
  serverCpuMedianMs: number;
}

/** CPU time of every thread of a process so far, in ms (Linux; undefined elsewhere). */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) {
    return undefined;
  }
  try {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(
        `/proc/${pid}/task/${task}/schedstat`,
        "utf8",
      );
      ns += Number(stat.split(" ")[0]);
    }
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

/** Opens the config, then makes isolated one-character edits and times each one's diagnostics. */
export async function measureEditToDiagnostics(
  file: string,
  edits: number,
): Promise<EditTiming> {
  const client = new LspTestClient();
  try {
    await client.initialize();
    const text = fs.readFileSync(file, "utf8");
    const lines = text.split("\n");
    const uri = "file:///bench/config-100k.ios";
    const opened = performance.now();
    await client.open(uri, "cisco-ios", text, 1);
    await client.diagnostics(uri, 1, OPEN_TIMEOUT_MS);
    const openToDiagnosticsMs = performance.now() - opened;
    const r = new Random(5);
    const editsMs: number[] = [];
    const serverCpuMs: number[] = [];
    for (let v = 2; v < edits + 2; v++) {
      // An isolated edit: the user pauses, types one character and waits for the squiggles.
      await sleep(BURST_GAP_MS + 200);
      const line = r.int(0, lines.length - 2);
      const character = r.int(0, lines[line]!.length);
      const cpuBefore = processCpuMs(client.pid);
      const started = performance.now();
      await client.change(uri, v, [
        {
          range: { start: { line, character }, end: { line, character } },
          text: "x",
        },
      ]);
      await client.diagnostics(uri, v, OPEN_TIMEOUT_MS);
      editsMs.push(performance.now() - started);
      const cpuAfter = processCpuMs(client.pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        serverCpuMs.push(cpuAfter - cpuBefore);
      }
      lines[line] =
        lines[line]!.slice(0, character) + "x" + lines[line]!.slice(character);
    }
    const sorted = [...editsMs].sort((a, b) => a - b);
    // Typing: ten characters 100 ms apart, then the time from the last one to its diagnostics.
    await sleep(BURST_GAP_MS + 200);
    let version = edits + 2;
    const line = r.int(0, lines.length - 2);
    let started = 0;
    for (let k = 0; k < 10; k++, version++) {
      if (k) {
        await sleep(100);
      }
      started = performance.now();
      await client.change(uri, version, [
        {
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          text: "y",
        },
      ]);
    }
    await client.diagnostics(uri, version - 1, OPEN_TIMEOUT_MS);
    const typingMs = performance.now() - started;
    lines[line] = "y".repeat(10) + lines[line]!;
    /** After a pause, inserts `insert` at the end of line `at` and times its diagnostics. */
    const appendIsolated = async (at: number, insert: string) => {
      await sleep(BURST_GAP_MS + 200);
      const end = lines[at]!.length;
      const began = performance.now();
      await client.change(uri, version, [
        {
          range: {
            start: { line: at, character: end },
            end: { line: at, character: end },
          },
          text: insert,
        },
      ]);
      await client.diagnostics(uri, version, OPEN_TIMEOUT_MS);
      version++;
      return performance.now() - began;
    };
    // Enter at the end of a line: a new line with the line's indent, which moves every line below.
    const newLineMs: number[] = [];
    for (let k = 0; k < 7; k++) {
      const at = r.int(0, lines.length - 2);
      const indent = /^\s*/.exec(lines[at]!)![0];
      newLineMs.push(await appendIsolated(at, `\n${indent}`));
      lines.splice(at + 1, 0, indent);
    }
    const cryptoLines = lines.flatMap((l, i) =>
      /^ ?(crypto|set|match) /.test(l) ? [i] : [],
    );
    const cryptoEditMs: number[] = [];
    for (let k = 0; k < 7; k++) {
      const at = cryptoLines[r.int(0, cryptoLines.length - 1)]!;
      cryptoEditMs.push(await appendIsolated(at, "1"));
      lines[at] += "1";
    }
    return {
      openToDiagnosticsMs,
      editsMs,
      medianMs: percentile(sorted, 50),
      minMs: sorted[0]!,
      maxMs: sorted[sorted.length - 1]!,
      typingMs,
      newLineMedianMs: percentile(
        [...newLineMs].sort((a, b) => a - b),
        50,
      ),
      cryptoEditMedianMs: percentile(
        [...cryptoEditMs].sort((a, b) => a - b),
        50,
      ),
      serverCpuMs,
      serverCpuMedianMs: percentile(
        [...serverCpuMs].sort((a, b) => a - b),
        50,
      ),
    };
  } finally {
    await client.shutdown();
  }
}

/** Hover latency at random positions of an open capture. */
export interface HoverTiming {
  lines: number;
  openToDiagnosticsMs: number;
  p50Ms: number;
  p95Ms: number;
  /** Share of the positions that had something to say (a sanity check that hovers do work). */
  answered: number;
}

/** One capture open in a server of its own, ready for hovers. */
interface HoverTarget {
  client: LspTestClient;
  uri: string;
  /** Line lengths only: the bench's own heap stays small while it times. */
  lengths: Int32Array;
  openToDiagnosticsMs: number;
  times: number[];
  answered: number;
}

async function openForHover(file: string): Promise<HoverTarget> {
  const client = new LspTestClient();
  await client.initialize();
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  const lengths = Int32Array.from(lines, (l) => l.length);
  const uri = `file:///bench/${file.split("/").pop()}`;
  const opened = performance.now();
  await client.open(uri, "cisco-ios-log", text, 1);
  await client.diagnostics(uri, 1, OPEN_TIMEOUT_MS);
  const openToDiagnosticsMs = performance.now() - opened;
  // Warm the request path so the first hover's JIT work does not count.
  for (let i = 0; i < 20; i++) {
    await client.connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: i, character: 0 },
    });
  }
  return { client, uri, lengths, openToDiagnosticsMs, times: [], answered: 0 };
}

async function timeHover(target: HoverTarget, r: Random): Promise<void> {
  const line = r.int(0, target.lengths.length - 2);
  const character = r.int(0, target.lengths[line]!);
  const started = performance.now();
  const result = await target.client.connection.sendRequest<Hover | null>(
    "textDocument/hover",
    { textDocument: { uri: target.uri }, position: { line, character } },
  );
  target.times.push(performance.now() - started);
  if (result) {
    target.answered++;
  }
}

function hoverTiming(target: HoverTarget): HoverTiming {
  const times = [...target.times].sort((a, b) => a - b);
  return {
    lines: target.lengths.length,
    openToDiagnosticsMs: target.openToDiagnosticsMs,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    answered: target.answered / times.length,
  };
}

/**
 * Hover latency on a big and a small capture, each open in a server of its own, `count` hovers at
 * random positions of each. The requests alternate between the two servers (one in flight at a
 * time): a p95 of sub-millisecond round trips is mostly the machine's jitter, and timing one
 * capture after the other let a quiet or a busy minute decide the ratio (1.2x and 2.2x in two
 * back-to-back runs of the same code). Interleaved, both see the same minute.
 */
export async function measureHover(
  bigFile: string,
  smallFile: string,
  count: number,
): Promise<{ big: HoverTiming; small: HoverTiming }> {
  const big = await openForHover(bigFile);
  try {
    const small = await openForHover(smallFile);
    try {
      const r = new Random(11);
      for (let i = 0; i < count; i++) {
        // Alternate which goes first, so neither always follows the other's reply.
        const [first, second] = i % 2 ? [big, small] : [small, big];
        await timeHover(first, r);
        await timeHover(second, r);
      }
      return { big: hoverTiming(big), small: hoverTiming(small) };
    } finally {
      await small.client.shutdown();
    }
  } finally {
    await big.client.shutdown();
  }
}

/** Memory of the server around a big capture. */
export interface MemoryTiming {
  bytes: number;
  openToDiagnosticsMs: number;
  /** Peak resident set size of the server process (VmHWM), MB. */
  peakRssMb: number;
  /** Resident set size once the analysis is done, MB. */
  rssAfterMb: number;
  /** Peak resident set size after one more edit (two versions may overlap), MB. */
  peakAfterEditMb: number;
}

/** Opens the big capture in a fresh server, asks for diagnostics, outline and hovers, reads peak RSS. */
export async function measureMemory(file: string): Promise<MemoryTiming> {
  const client = new LspTestClient();
  try {
    await client.initialize();
    const text = fs.readFileSync(file, "utf8");
    const uri = "file:///bench/capture-50mb.ioslog";
    const opened = performance.now();
    await client.open(uri, "cisco-ios-log", text, 1);
    await client.diagnostics(uri, 1, OPEN_TIMEOUT_MS);
    const openToDiagnosticsMs = performance.now() - opened;
    await client.connection.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri },
    });
    for (let line = 0; line < 200; line += 7) {
      await client.connection.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line, character: 30 },
      });
    }
    const kb = (field: string): number => {
      const status = fs.readFileSync(`/proc/${client.pid}/status`, "utf8");
      return Number(
        new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN,
      );
    };
    const peakRssMb = kb("VmHWM") / 1024;
    const rssAfterMb = kb("VmRSS") / 1024;
    // Then one edit: the new version is parsed while the old one may still be referenced.
    await client.change(uri, 2, [
      {
        range: {
          start: { line: 10, character: 0 },
          end: { line: 10, character: 0 },
        },
        text: "x",
      },
    ]);
    await client.diagnostics(uri, 2, OPEN_TIMEOUT_MS);
    return {
      bytes: Buffer.byteLength(text),
      openToDiagnosticsMs,
      peakRssMb,
      rssAfterMb,
      peakAfterEditMb: kb("VmHWM") / 1024,
    };
  } finally {
    await client.shutdown();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One editor request's cost on an open document. */
export interface RequestTiming {
  method: string;
  /** Median of the timed runs, from request sent to reply received. */
  medianMs: number;
  /** Size of the reply as JSON. */
  bytes: number;
}

/**
 * The requests an editor sends for a whole document when it opens one (outline and breadcrumbs,
 * folding, code lenses; inlay hints for the first screen), timed through the server once the
 * document is analysed: none of them is in the targets, but each answers on the server's
 * one thread, so a slow or huge reply delays the hovers behind it.
 */
export async function measureDocumentRequests(
  file: string,
  languageId: "cisco-ios" | "cisco-ios-log",
  runs = 5,
): Promise<RequestTiming[]> {
  const client = new LspTestClient();
  try {
    // VS Code keeps 5,000 folds (editor.foldingMaximumRegions) and says so at initialize.
    await client.initialize(null, { foldingRangeLimit: 5000 });
    const uri = `file:///bench/requests-${languageId}`;
    await client.open(uri, languageId, fs.readFileSync(file, "utf8"), 1);
    await client.diagnostics(uri, 1, OPEN_TIMEOUT_MS);
    const textDocument = { uri };
    const requests: [string, object][] = [
      ["textDocument/documentSymbol", { textDocument }],
      ["textDocument/foldingRange", { textDocument }],
      ["textDocument/codeLens", { textDocument }],
      [
        "textDocument/inlayHint",
        {
          textDocument,
          range: {
            start: { line: 0, character: 0 },
            end: { line: 60, character: 0 },
          },
        },
      ],
    ];
    const out: RequestTiming[] = [];
    for (const [method, params] of requests) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const reply: unknown = await client.connection.sendRequest(
          method,
          params,
        );
        times.push(performance.now() - started);
        bytes = Buffer.byteLength(JSON.stringify(reply ?? null));
      }
      times.sort((a, b) => a - b);
      out.push({ method, medianMs: percentile(times, 50), bytes });
    }
    return out;
  } finally {
    await client.shutdown();
  }
}
