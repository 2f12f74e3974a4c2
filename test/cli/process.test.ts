import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateHub } from "../../bench/generators/hub";

const CLI = path.join(__dirname, "..", "..", "dist", "cli.js");

describe("cli as a process", () => {
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(CLI), "dist/cli.js is built (npm run build)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-cli-"));
    for (const f of generateHub(300)) {
      fs.writeFileSync(path.join(dir, f.name), f.text);
    }
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ends quietly when its reader stops early (| head)", async () => {
    // The report (about a megabyte) is far longer than a pipe holds, so the CLI is still
    // writing when the reader goes away, as `head` does after its lines.
    const child = spawn(
      process.execPath,
      [CLI, "tunnels", "--format", "json", dir],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let first = "";
    child.stdout.once("data", (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (c) => resolve(c)),
    );
    assert.match(first, /^\{\n {2}"pairs": \[/);
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });
});
