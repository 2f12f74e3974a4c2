import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";
import type { TrustMode } from "../../scenarios/scenarios";
import { defineScenarioTests } from "./scenarios";

/**
 * The entry @vscode/test-electron loads inside VS Code's extension host. It is bundled by
 * runTest.js, so the scenario tests are declared by a function call rather than found as files.
 * runTest.js passes the trust mode, the repository root and where to write the totals.
 */
export async function run(): Promise<void> {
  const repoRoot = requiredEnv("IPSEC_LENS_REPO");
  const mode = requiredEnv("IPSEC_LENS_TRUST_MODE") as TrustMode;
  const resultsFile = requiredEnv("IPSEC_LENS_RESULTS");
  const mocha = new Mocha({ ui: "bdd", color: true, timeout: 120_000 });
  mocha.suite.emit(
    Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE,
    globalThis,
    "scenarios",
    mocha,
  );
  defineScenarioTests(repoRoot, mode);
  const runner = await new Promise<Mocha.Runner>((resolve) => {
    const started = mocha.run(() => resolve(started));
  });
  const { passes = 0, failures = 0 } = runner.stats ?? {};
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, JSON.stringify({ passes, failures }));
  if (failures > 0) {
    throw new Error(`${failures} scenario(s) failed in ${mode} mode`);
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this suite with npm run test:vscode`,
    );
  }
  return value;
}
