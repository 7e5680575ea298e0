// What a CLI command may touch: its streams and the exit codes every command shares.
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input (for the `-` file name); more than `limit` bytes is an InputError. */
  readonly readStdin: (limit: number) => Promise<Buffer>;
  readonly cwd: string;
  /** Standard error is a terminal: progress is shown there (absent: it is not). */
  readonly stderrIsTTY?: boolean;
}

export const EXIT_OK = 0;
/** The input was read and has errors (check), or the command's work failed. */
export const EXIT_FINDINGS = 1;
/** Bad usage, or an input that could not be read. */
export const EXIT_USAGE = 2;

export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Every message of a command has one form: `tcpflow CMD: what: problem`. */
export function complain(io: CliIO, command: string, message: string): void {
  io.stderr(`tcpflow ${command}: ${message}\n`);
}

/** A file name or argument as printed: control characters cannot start new lines or move the cursor. */
export function shown(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
