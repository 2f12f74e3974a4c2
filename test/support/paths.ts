import * as path from "node:path";

/** The repository root, from test/support. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where the real-editor suites write screenshots and logs (git ignores it). */
export const TEST_RESULTS = path.join(REPO_ROOT, "test-results");
