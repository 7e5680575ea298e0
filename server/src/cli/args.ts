// Argument parsing shared by the commands: `--help` and usage errors are
// answered the same way everywhere, in one line.
import { complain, EXIT_OK, EXIT_USAGE, shown, type CliIO } from './io';

/** Every command accepts -h/--help; spread this into its parseArgs options. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate closest to what was typed, when it is close enough to be a typo or a prefix. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const prefixed = candidates.filter((c) => typed.length > 2 && c.startsWith(typed));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(typed.length / 3)) + 1;
  for (const c of candidates) {
    const dist = distance(typed, c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best;
}

/** The long options a command's help lists (`--strict`, ...): what a typo is compared with. */
const optionsIn = (help: string) => [...new Set(help.match(/(?<![\w-])--[a-zA-Z][\w-]*/g) ?? [])];

/** parseArgs's error as one line in tcpflow's words (its own has unbalanced quotes and no suggestion). */
function usageMessage(command: string, help: string, e: Error & { code?: string }): string {
  const option = /'(-[^'\s]*)/.exec(e.message)?.[1] ?? '';
  const see = `(see tcpflow ${command} --help)`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      // A single letter is too short to guess from.
      const guess = option.startsWith('--') ? closest(option, optionsIn(help)) : undefined;
      return `unknown option ${shown(option)} ${guess ? `(did you mean ${guess}?)` : see}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const long = /--[\w-]+/.exec(e.message)?.[0] ?? option;
      if (/ argument is ambiguous/.test(e.message)) return `${long} needs a value: one that starts with - is written ${long}=VALUE`;
      return / argument missing/.test(e.message) ? `${long} needs a value ${see}` : `${long} takes no value ${see}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${shown(/'([^']*)'/.exec(e.message)?.[1] ?? '')} ${see}`;
    default:
      return `${shown(e.message.split('\n')[0])} ${see}`;
  }
}

/**
 * Runs the command's parseArgs call; returns its result, or the exit code when
 * the command is already answered (help printed, or a usage error explained).
 */
export function parseCommandArgs<T extends { values: { help?: boolean } }>(command: string, help: string, io: CliIO, parse: () => T): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (e) {
    complain(io, command, usageMessage(command, help, e as Error));
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.stdout(help);
    return EXIT_OK;
  }
  return parsed;
}
