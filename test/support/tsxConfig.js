// Required before tsx/cjs: tsx then compiles the sources with test/tsconfig.tsx.json, the base
// options the shipped bundle is built with (class fields assigned, not defined), so tests run the
// code as users get it. The root tsconfig.json lists no files, so tsx would otherwise fall back to
// its own defaults.
process.env.TSX_TSCONFIG_PATH ??= require("node:path").join(
  __dirname,
  "..",
  "tsconfig.tsx.json",
);
