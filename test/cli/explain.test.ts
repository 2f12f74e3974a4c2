import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../support/paths";

const CLI = path.join(REPO_ROOT, "dist", "cli.js");

/** Runs the bundled CLI from the repository root. */
function cli(...args: string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("ipsec-lens explain", function () {
  this.timeout(30000);

  it("prints the timeline and the verdict of a successful capture", () => {
    const { code, stdout } = cli("explain", "examples/tokyo-success.ioslog");
    assert.equal(code, 0);
    assert.match(stdout, /^IPsec Lens: capture explained/);
    assert.match(
      stdout,
      /Main mode with 172\.16\.6\.2 \(initiator\): complete in 164 ms/,
    );
    assert.match(stdout, /quick mode 3\/3 sent: HASH \(acknowledgement\)/);
    assert.match(stdout, /Verdict\nUP:/);
  });

  it("explains a failure and uses the configs given after the capture for the fixes", () => {
    const { code, stdout } = cli(
      "explain",
      "test/fixtures/seed/ex8-51.ioslog",
      "examples/tokyo.ios",
      "examples/broken/osaka.ios",
    );
    assert.equal(code, 0);
    assert.match(stdout, /log-peer-not-responding/);
    assert.match(
      stdout,
      /fix \(Permit IKE \(UDP 500\) from 172\.16\.5\.1 in ACL 102 on Osaka\):\n      ip access-list extended 102/,
    );
    assert.match(stdout, /Verdict\nFAILED:/);
  });

  it("reads any file name as a capture, and says so for a missing one", () => {
    const missing = cli("explain", "no/such/capture.txt");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const usage = cli("explain");
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /explain needs a capture file/);
  });

  it("is listed in the help", () => {
    assert.match(cli("--help").stdout, /ipsec-lens explain .*CAPTURE/);
  });
});
