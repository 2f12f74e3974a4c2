import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyse, textAt } from "../../../support/configAnalysis";
import { corpus } from "../../../support/configFixtures";
import { checkCapture } from "../../../support/captureChecks";
import { REPO_ROOT } from "../../../support/paths";

const ASA = fs.readFileSync(
  path.join(REPO_ROOT, "test", "fixtures", "peers", "asa", "fw1.cfg"),
  "utf8",
);

describe("checks/platformChecks", () => {
  it("reports an ASA config once, at its version line, instead of IOS findings", () => {
    const findings = analyse(ASA);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, textAt(ASA, f.range)]),
      [["unsupported-platform", "information", "ASA Version 9.8(4)"]],
    );
    assert.match(
      findings[0]!.message,
      /^This looks like a Cisco ASA configuration: line 3 is the version line of an ASA\. IPsec Lens checks IOS and IOS-XE configs/,
    );
    assert.match(findings[0]!.message, /not checked/);
  });

  it("points at both lines that tell when there is no version line", () => {
    const text = corpus("cfg_ntc_asa_show-running-config-crypto-map.raw");
    const [finding, ...others] = analyse(text);
    assert.deepEqual(others, []);
    assert.equal(finding?.code, "unsupported-platform");
    assert.equal(
      textAt(text, finding!.range),
      "crypto map Standard-1 20 match address peer1",
    );
    assert.match(
      finding!.message,
      /line 1 is a crypto map entry's command written on the entry's own line/,
    );
    assert.deepEqual(
      finding!.related?.map((r) => [textAt(text, r.range), r.message]),
      [
        [
          "crypto map Standard-1 20 set pfs group5",
          "also a crypto map entry's command written on the entry's own line, as an ASA does (IOS writes `set` and `match` under `crypto map NAME SEQ ipsec-isakmp`)",
        ],
      ],
    );
  });
});

describe("checks/platformChecks: another platform's output in a capture", () => {
  const read = (name: string) =>
    fs.readFileSync(
      path.join(REPO_ROOT, "test", "fixtures", "captures", name),
      "utf8",
    );
  const asa = read("asa-show-ipsec-sa.ioslog");

  it("says once that an ASA's show output is not IOS, and gives it no IOS advice", () => {
    const found = checkCapture(asa);
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, f.range.start.line]),
      [["unsupported-platform", "information", 13]],
    );
    assert.match(
      found[0]!.message,
      /^This looks like Cisco ASA output: line 14 shows an ASA's fragmentation counters in `show crypto ipsec sa`\./,
    );
  });

  it("keeps the findings of the IOS debug beside it", () => {
    const ios = read("ios124-no-response.ioslog");
    const alone = checkCapture(ios).map((f) => f.code);
    assert.ok(alone.length > 0);
    const both = checkCapture(`${ios.trimEnd()}\n${asa}`).map((f) => f.code);
    assert.deepEqual(both, ["unsupported-platform", ...alone]);
  });

  it("leaves every IOS capture of the fixtures alone", () => {
    const dir = path.join(REPO_ROOT, "test", "fixtures", "captures");
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith(".ioslog") && !name.startsWith("asa-")) {
        assert.ok(
          !checkCapture(read(name)).some(
            (f) => f.code === "unsupported-platform",
          ),
          name,
        );
      }
    }
  });
});
