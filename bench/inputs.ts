import * as fs from "node:fs";
import * as path from "node:path";
import { generateCapture } from "./generators/capture";
import { generateConfig } from "./generators/config";
import { generateDmvpn } from "./generators/dmvpn";
import { generateHub } from "./generators/hub";
import { generateWorkspace, type WorkspaceFile } from "./generators/workspace";

/** Where generated inputs go (git-ignored). */
export const GENERATED = path.join(__dirname, "generated");

/** The seed of every generator: change it and every number changes with it. */
export const SEED = 7;

/** Paths of the generated inputs. */
export interface BenchInputs {
  /** 100,000-line config. */
  config: string;
  /** 10,000-line config (for scaling). */
  configSmall: string;
  /** 500,000-line capture. */
  capture: string;
  /** 50,000-line capture (for scaling). */
  captureSmall: string;
  /** 1,000-line capture (hover latency baseline). */
  captureTiny: string;
  /** A capture of (just under) 50 MB, for the memory run. */
  capture50mb: string;
  /** Folder of 1,000 configs forming 500 pairs. */
  workspace: string;
  /** Folder of 100 configs forming 50 pairs (for scaling). */
  workspaceSmall: string;
  /** Folder of a DMVPN hub and 300 spokes (44,850 spoke-to-spoke pairs). */
  dmvpn: string;
  /** Folder of a hub with 2,000 static crypto map peers and the 2,000 branches. */
  hub: string;
}

/** Writes every input (deterministic, so rewriting is harmless) and returns their paths. */
export function generateInputs(log: (m: string) => void): BenchInputs {
  fs.mkdirSync(GENERATED, { recursive: true });
  const file = (name: string, make: () => string): string => {
    const p = path.join(GENERATED, name);
    const started = performance.now();
    fs.writeFileSync(p, make());
    log(`generated ${name} in ${Math.round(performance.now() - started)} ms`);
    return p;
  };
  const folder = (name: string, files: readonly WorkspaceFile[]): string => {
    const dir = path.join(GENERATED, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) {
      fs.writeFileSync(path.join(dir, f.name), f.text);
    }
    log(`generated ${name}/ (${files.length} configs)`);
    return dir;
  };
  return {
    config: file("config-100k.ios", () =>
      generateConfig({ seed: SEED, scale: 1 }),
    ),
    configSmall: file("config-10k.ios", () =>
      generateConfig({ seed: SEED, scale: 0.1 }),
    ),
    capture: file("capture-500k.ioslog", () =>
      generateCapture({ seed: SEED, lines: 500_000 }),
    ),
    captureSmall: file("capture-50k.ioslog", () =>
      generateCapture({ seed: SEED, lines: 50_000 }),
    ),
    captureTiny: file("capture-1k.ioslog", () =>
      generateCapture({ seed: SEED, lines: 1_000 }),
    ),
    capture50mb: file("capture-50mb.ioslog", () =>
      generateCapture({
        seed: SEED + 1,
        lines: 2_000_000,
        maxBytes: 50_000_000,
      }),
    ),
    workspace: folder("workspace-1000", generateWorkspace(SEED, 500)),
    workspaceSmall: folder("workspace-100", generateWorkspace(SEED, 50)),
    dmvpn: folder("dmvpn-300", generateDmvpn(300)),
    hub: folder("hub-2000", generateHub(2000)),
  };
}
