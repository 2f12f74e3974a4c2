import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Scenario } from "./scenarios";

/**
 * Lays out a scenario's files in a new folder of their own, so that a quick fix never edits the
 * repository and no scenario sees another's files (peer analysis reads the whole workspace).
 */
export function prepareWorkspace(
  repoRoot: string,
  scenario: Scenario,
  parent: string = os.tmpdir(),
): string {
  const folder = fs.mkdtempSync(
    path.join(parent, `ipsec-lens-${scenario.id}-`),
  );
  for (const file of scenario.files) {
    const target = path.join(folder, file.to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file.from), target);
  }
  return folder;
}
