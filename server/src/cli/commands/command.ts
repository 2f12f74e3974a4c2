import type { CliIo } from "../io";

/** A subcommand of the CLI. */
export interface CliCommand {
  name: string;
  /** The synopsis after `ipsec-lens `. */
  usage: string;
  /** One line for the help text. */
  summary: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(args: string[], io: CliIo, version: string): number;
}
