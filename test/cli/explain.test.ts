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
    // Old IOS prints the outbound SPI as a signed decimal; the timeline gives it in hex.
    assert.match(
      stdout,
      /IPsec SA outbound 172\.16\.5\.1 -> 172\.16\.6\.2 for 10\.1\.1\.0 -> 10\.2\.2\.0, SPI 0xDE50E9EF/,
    );
    assert.match(
      stdout,
      /10\.1\.1\.0\/24 <-> 10\.2\.2\.0\/24 with 172\.16\.6\.2/,
    );
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

  it("gives the same explanation as JSON for tools: exchanges, verdict and findings", () => {
    const args = [
      "test/fixtures/seed/ex8-51.ioslog",
      "examples/tokyo.ios",
      "examples/broken/osaka.ios",
    ];
    const json = cli("explain", "--format", "json", ...args);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout);
    assert.equal(data.file, "test/fixtures/seed/ex8-51.ioslog");
    assert.equal(data.verdict.status, "FAILED");
    // The text's verdict line is the same status and words.
    const text = cli("explain", ...args).stdout;
    assert.ok(
      text.includes(`Verdict\n${data.verdict.status}: ${data.verdict.text}\n`),
    );
    const main = data.exchanges.find(
      (e: { kind: string }) => e.kind === "main",
    );
    assert.deepEqual(main, {
      startLine: 4,
      endLine: 13,
      router: "Tokyo",
      peer: "172.16.6.2",
      kind: "main",
      outcome: "in-progress",
      summary:
        "Main mode with 172.16.6.2 (initiator): no answer yet (1 retransmission)",
    });
    assert.ok(text.includes(main.summary));
    const retries = data.findings.find(
      (f: { code: string }) => f.code === "log-peer-not-responding",
    );
    assert.ok(retries, json.stdout);
    assert.ok(
      retries.fixes.some((f: { cli?: string[] }) =>
        f.cli?.includes("ip access-list extended 102"),
      ),
    );
    const bad = cli("explain", "--format", "xml", args[0]!);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "xml": use text or json/);
  });

  it("summarises a configuration the capture prints and reports what it reveals", () => {
    // Examples 8-56 and 8-57 in one console session: the debug, then Osaka's configuration.
    const { code, stdout } = cli(
      "explain",
      "test/fixtures/captures/osaka-no-key-with-config.ioslog",
    );
    assert.equal(code, 0);
    assert.match(
      stdout,
      /Osaka# show running-config\n {4}configuration of Osaka \(lines 30-35\): 1 ISAKMP policy, 1 pre-shared key; checked as a config/,
    );
    assert.match(
      stdout,
      /log-no-psk-for-peer: .*\n {4}fix \(Point Osaka's key at 172\.16\.5\.1 instead of 172\.16\.4\.1\):\n {6}no crypto isakmp key <key> address 172\.16\.4\.1\n {6}crypto isakmp key <key> address 172\.16\.5\.1/,
    );
    // The printed policy is checked as a config's: MD5 on line 32.
    assert.match(
      stdout,
      /line 32 +information weak-crypto: ISAKMP policy 10 uses MD5/,
    );
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
