/**
 * `npm run test:grammar:update`: regenerates every grammar snapshot under test/grammar/snapshots
 * with vscode-tmgrammar-snap --updateSnapshot, and deletes snapshots whose input is gone. Review
 * the diff before committing: a snapshot is only as right as the grammar that wrote it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  REPO_ROOT,
  SUITES,
  listInputs,
  orphanSnapshots,
  runSnapshots,
} from "./snapshotRunner";

let failed = false;
for (const suite of SUITES) {
  const run = runSnapshots(suite, { update: true });
  try {
    if (run.code !== 0) {
      failed = true;
      process.stderr.write(
        `${suite.language}: vscode-tmgrammar-snap failed\n${run.output}\n`,
      );
      continue;
    }
    let written = 0;
    for (const input of listInputs(suite)) {
      const generated = path.join(run.staging, `${input.name}.snap`);
      if (!fs.existsSync(generated)) {
        failed = true;
        process.stderr.write(
          `${suite.language}: no snapshot was written for ${input.name}\n`,
        );
        continue;
      }
      const text = fs.readFileSync(generated, "utf8");
      const old = fs.existsSync(input.snapshot)
        ? fs.readFileSync(input.snapshot, "utf8")
        : "";
      if (text !== old) {
        fs.mkdirSync(path.dirname(input.snapshot), { recursive: true });
        fs.writeFileSync(input.snapshot, text);
        written++;
        process.stdout.write(
          `updated ${path.relative(REPO_ROOT, input.snapshot)}\n`,
        );
      }
    }
    for (const orphan of orphanSnapshots(suite)) {
      fs.rmSync(path.join(REPO_ROOT, orphan));
      process.stdout.write(`removed ${orphan}\n`);
    }
    process.stdout.write(`${suite.language}: ${written} snapshot(s) changed\n`);
  } finally {
    run.dispose();
  }
}
process.exitCode = failed ? 1 : 0;
