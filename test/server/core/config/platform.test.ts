import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { foreignPlatform } from "../../../../server/src/core/config/platform";
import { analyse, fixture } from "../../../support/configAnalysis";
import { allConfigs, corpus } from "../../../support/configFixtures";
import { REPO_ROOT } from "../../../support/paths";

const ASA = fs.readFileSync(
  path.join(REPO_ROOT, "test", "fixtures", "peers", "asa", "fw1.cfg"),
  "utf8",
);

/** The platform and the 1-based evidence lines of a config text. */
function detected(text: string): [string, number[]] | undefined {
  const foreign = foreignPlatform(parseConfig(text));
  return foreign
    ? [foreign.platform, foreign.evidence.map((e) => e.node.line + 1)]
    : undefined;
}

describe("config/platform", () => {
  it("knows an ASA running-config by its version line", () => {
    assert.deepEqual(detected(ASA), ["Cisco ASA", [3]]);
  });

  it("knows an ASA fragment without a version line by two of its one-line crypto commands", () => {
    // The corpus's `show running-config crypto map` of an ASA: nothing but one-line entries.
    assert.deepEqual(
      detected(corpus("cfg_ntc_asa_show-running-config-crypto-map.raw")),
      ["Cisco ASA", [1, 2]],
    );
    const withoutVersion = ASA.split("\n")
      .filter((l) => !l.startsWith("ASA Version"))
      .join("\n");
    // `crypto ipsec ikev1 transform-set` (line 25), then the first one-line crypto map command.
    assert.deepEqual(detected(withoutVersion), ["Cisco ASA", [25, 26]]);
  });

  it("does not take one pasted ASA line for an ASA: IOS checks still run on that config", () => {
    const text = fixture("map-faults.ios").replace(
      /^hostname .*$/m,
      (hostname) => `${hostname}\ncrypto map PASTED 10 set peer 192.0.2.77`,
    );
    assert.match(text, /^crypto map PASTED 10 set peer/m);
    assert.equal(detected(text), undefined);
    const codes = new Set(analyse(text).map((f) => f.code));
    assert.ok(codes.has("crypto-map-incomplete"), [...codes].join(", "));
    assert.ok(!codes.has("unsupported-platform"));
  });

  it("finds no other platform in any IOS config of the fixtures, the examples or the corpus", () => {
    const dirs = ["configs", "peers"].map((d) =>
      path.join(REPO_ROOT, "test", "fixtures", d),
    );
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(full);
        } else if (!full.endsWith(path.join("asa", "fw1.cfg"))) {
          files.push(full);
        }
      }
    };
    dirs.forEach(walk);
    const texts = [
      ...files.map((f) => ({ name: f, text: fs.readFileSync(f, "utf8") })),
      ...allConfigs().filter((c) => !c.name.includes("_asa_")),
    ];
    assert.ok(texts.length > 40, `only ${texts.length} configs`);
    for (const { name, text } of texts) {
      assert.equal(detected(text), undefined, name);
    }
  });
});
