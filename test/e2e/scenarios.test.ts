import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { SCENARIOS, TRUST_MODES, type Scenario } from "../scenarios/scenarios";
import { prepareWorkspace } from "../scenarios/workspace";
import { REPO_ROOT, TEST_RESULTS } from "../support/paths";
import { packageVsix } from "../support/vsix";
import {
  installExtension,
  startCodeServer,
  type RunningCodeServer,
} from "./codeServer";
import { playScenario } from "./play";
import { removeOnExit } from "./processes";
import { ensureCodeServer, type CodeServerInstall } from "./setup";
import { until, Workbench } from "./workbench";

/**
 * The real editor: the packaged .vsix installed into code-server (VS Code's workbench served to
 * a browser), Chromium driven by playwright-core through the shared scenarios, once in a trusted
 * folder and once in Restricted Mode. Setup is cached in .e2e-cache/ (see setup.ts).
 */

/** Debian's Chromium; playwright-core brings no browser of its own. */
const CHROMIUM = process.env["IPSEC_LENS_CHROMIUM"] ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const SHOTS = path.join(TEST_RESULTS, "e2e");

/**
 * With IPSEC_LENS_README_IMAGES=1, the trusted run also writes the README's pictures:
 * scenario id + shot suffix -> file under docs/images/.
 */
const README_IMAGES: ReadonlyMap<string, string> = new Map([
  ["config-quick-fix-menu", "config-quick-fix.png"],
  ["capture-hover", "capture-hover.png"],
  ["config-defaults", "config-defaults.png"],
  ["config-certificate-hover", "certificate-hover.png"],
]);

describe("IPsec Lens in a real editor (code-server + Chromium)", function () {
  let install: CodeServerInstall;
  let profileDir: string;
  let extensionsDir: string;
  let browser: Browser | undefined;
  let removeProfile: (() => void) | undefined;

  before(async function () {
    // A first run installs Node 24 and code-server (minutes); later runs find them cached.
    this.timeout(30 * 60 * 1000);
    install = ensureCodeServer();
    const vsix = packageVsix();
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-e2e-"));
    removeProfile = removeOnExit(profileDir);
    extensionsDir = installExtension(install, vsix, profileDir).extensionsDir;
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
    });
  });

  after(async function () {
    await browser?.close();
    removeProfile?.();
  });

  for (const mode of TRUST_MODES) {
    describe(
      mode === "trusted" ? "in a trusted folder" : "in Restricted Mode",
      function () {
        let server: RunningCodeServer | undefined;

        before(async function () {
          this.timeout(120_000);
          server = await startCodeServer(install, {
            mode,
            profileDir,
            extensionsDir,
            logDir: SHOTS,
          });
        });

        after(async function () {
          await server?.stop();
        });

        for (const scenario of SCENARIOS) {
          it(scenario.title, async function () {
            assert.ok(
              server && browser,
              "code-server and Chromium are running",
            );
            await play(browser, server, scenario, mode);
          });
        }
      },
    );
  }
});

/** Opens a fresh window on a fresh copy of the scenario's files, plays it, always shoots. */
async function play(
  browser: Browser,
  server: RunningCodeServer,
  scenario: Scenario,
  mode: string,
): Promise<void> {
  const folder = prepareWorkspace(REPO_ROOT, scenario);
  const removeFolder = removeOnExit(folder);
  let workbench: Workbench;
  try {
    workbench = await Workbench.open(browser, server.folderUrl(folder));
  } catch (error) {
    removeFolder();
    throw error;
  }
  const shoot = async (suffix?: string): Promise<string> => {
    const name = suffix ? `${scenario.id}-${suffix}` : scenario.id;
    const file = path.join(SHOTS, `${mode}-${name}.png`);
    await workbench.screenshot(file);
    const readme = README_IMAGES.get(name);
    if (
      readme &&
      mode === "trusted" &&
      process.env["IPSEC_LENS_README_IMAGES"] === "1"
    ) {
      const target = path.join(REPO_ROOT, "docs", "images", readme);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
    }
    return file;
  };
  let passed = false;
  try {
    if (mode === "restricted") {
      await until(
        "the Restricted Mode indicator",
        () => workbench.isRestricted(),
        (restricted) => restricted,
      );
    } else {
      assert.equal(await workbench.isRestricted(), false, "a trusted window");
    }
    await playScenario({ workbench, folder, shoot }, scenario);
    passed = true;
  } finally {
    if (!passed) {
      await shoot("failure").catch(() => undefined);
    }
    await workbench.close();
    removeFolder();
  }
}
