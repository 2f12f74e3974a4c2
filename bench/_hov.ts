import * as fs from "node:fs";
import { LspTestClient } from "../test/support/lspClient";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const file = process.argv[2]!; const wait = Number(process.argv[3] ?? 0);
  const client = new LspTestClient();
  await client.initialize();
  const text = fs.readFileSync(file, "utf8"); const lines = text.split("\n");
  const uri = "file:///bench/x.ioslog";
  await client.open(uri, "cisco-ios-log", text, 1);
  await client.diagnostics(uri, 1, 120000);
  await sleep(wait);
  for (let i = 0; i < 20; i++) await client.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: i, character: 0 } });
  let seed = 11; const rnd = (a: number, b: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return a + (seed % (b - a + 1)); };
  const t0 = performance.now(); const times: [number, number][] = [];
  for (let i = 0; i < 1000; i++) {
    const line = rnd(0, lines.length - 2); const character = rnd(0, lines[line]!.length);
    const s = performance.now();
    await client.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line, character } });
    times.push([performance.now() - s, s - t0]);
  }
  const sorted = times.map((t) => t[0]).sort((a, b) => a - b);
  const slow = times.filter((t) => t[0] > 2).map((t) => `${t[0].toFixed(1)}@${t[1].toFixed(0)}`);
  console.log(file.split("/").pop(), "wait", wait, "p50", sorted[500]!.toFixed(2), "p95", sorted[950]!.toFixed(2), "slow>2ms:", slow.length, slow.slice(0, 12).join(" "));
  await client.shutdown();
})();
