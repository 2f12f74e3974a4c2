import * as assert from "node:assert/strict";
import { runBundledCli as cli } from "../support/cli";

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
