import { runCli } from "./main";

declare const IPSEC_LENS_VERSION: string;

// A reader that stops early (`ipsec-lens tunnels DIR | head`) closes the pipe: the rest of the
// output has nowhere to go, which is not an error of ours. Node would print a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
      process.exit(process.exitCode ?? 0);
    }
    throw error;
  });
}

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
