// Argument parsing shared by the commands: `--help` and usage errors are
// answered the same way everywhere.
import { EXIT_OK, EXIT_USAGE, type CliIO } from './io';

/** Every command accepts -h/--help; spread this into its parseArgs options. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Runs the command's parseArgs call; returns its result, or the exit code when
 * the command is already answered (help printed, or a usage error explained).
 */
export function parseCommandArgs<T extends { values: { help?: boolean } }>(command: string, help: string, io: CliIO, parse: () => T): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (e) {
    io.stderr(`tcpflow ${command}: ${(e as Error).message}\n\n${help}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.stdout(help);
    return EXIT_OK;
  }
  return parsed;
}
