import { checkCommand } from "./commands/check";
import { explainCommand } from "./commands/explain";
import { tunnelsCommand } from "./commands/tunnels";
import type { CliCommand } from "./commands/command";
import { EXIT, UsageError, type CliIo } from "./io";

/** Every subcommand; a new one is a file in commands/ listed here. */
export const COMMANDS: readonly CliCommand[] = [
  checkCommand,
  tunnelsCommand,
  explainCommand,
];

/** The help text. */
export function usage(): string {
  return [
    "Usage: ipsec-lens <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ipsec-lens ${c.usage}\n      ${c.summary}`),
    "",
    "Exit status: 0 no error found, 1 an error-severity finding, 2 a usage error or an unreadable path.",
    "",
  ].join("\n");
}

/** Runs the CLI on arguments (without node and the script); returns the exit code. Never throws. */
export function runCli(
  argv: readonly string[],
  io: CliIo,
  version: string,
): number {
  const [name, ...rest] = argv;
  if (
    name === undefined ||
    name === "--help" ||
    name === "-h" ||
    name === "help"
  ) {
    io.out(usage());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === "--version" || name === "-v") {
    io.out(`${version}\n`);
    return EXIT.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`ipsec-lens: unknown command "${name}"\n\n${usage()}`);
    return EXIT.USAGE;
  }
  try {
    return command.run(rest, io, version);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      io.err(
        `ipsec-lens: ${(error as Error).message}\n\nUsage: ipsec-lens ${command.usage}\n`,
      );
      return EXIT.USAGE;
    }
    io.err(
      `ipsec-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.USAGE;
  }
}
