// What a CLI command may touch: its streams and the exit codes every command shares.
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input whole (for the `-` file name). */
  readonly readStdin: () => Promise<Buffer>;
  readonly cwd: string;
}

export const EXIT_OK = 0;
/** The input was read and has errors (check), or the command's work failed. */
export const EXIT_FINDINGS = 1;
/** Bad usage, or an input that could not be read. */
export const EXIT_USAGE = 2;

export type Command = (args: string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
  };
}
