// Required before the tests: a failed `assert.ok(value)` without a message makes Node build one
// by reading the test file from the call site and parsing it as JavaScript, one token at a time;
// on a long TypeScript test file that parse (which fails on every type annotation) runs for
// minutes, and the whole run seems to hang. A message given here skips that parse.
const { inspect } = require("node:util");

for (const assert of [require("node:assert"), require("node:assert/strict")]) {
  const ok = assert.ok;
  assert.ok = function ok_(value, message) {
    if (value || arguments.length > 1) {
      // eslint-disable-next-line prefer-rest-params
      return ok.apply(this, arguments);
    }
    return ok.call(
      this,
      value,
      `expected a truthy value, got ${inspect(value)}`,
    );
  };
}
