import { runCli } from "./main";

declare const IPSEC_LENS_VERSION: string;

/** Entry point of the bundled CLI (dist/cli.js). */
const code = runCli(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
  typeof IPSEC_LENS_VERSION === "string" ? IPSEC_LENS_VERSION : "0.0.0",
);
process.exitCode = code;
