// Bundles the client (vscode external), the server and the CLI into dist/. Type checking is `tsc -b`.
const esbuild = require("esbuild");
const { version } = require("./package.json");

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  define: { IPSEC_LENS_VERSION: JSON.stringify(version) },
};

const builds = [
  {
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/client.js",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: ["server/src/lsp/main.ts"],
    outfile: "dist/server.js",
  },
  { ...common, entryPoints: ["server/src/cli/bin.ts"], outfile: "dist/cli.js" },
];

async function main() {
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
