// Mocha's spec output, then the totals alone on a line as "N passed, N failed" for CI to read.
// Pending (skipped) tests are counted apart and never as passed.
const Mocha = require("mocha");

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? {
        passes: 0,
        failures: 0,
        pending: 0,
      };
      const skipped = pending ? `, ${pending} skipped` : "";
      process.stdout.write(
        `\n${passes} passed, ${failures} failed${skipped}\n`,
      );
    });
  }
}

module.exports = SummaryReporter;
