// The command run as a process: its standard streams, and how it ends when
// something outside it intervenes (a signal, a reader that went away, a defect).
import { cleanUpOnSignals, exitAfterCleanUp } from '../files/cleanup';
import { InputError } from './errors';
import { internalError } from './failure';
import { describeFsError } from './inputs';
import type { CliIO } from './io';
import { tooLarge } from './limits';

/** 128 + SIGPIPE: what a shell reports for a Unix tool whose reader closed the pipe. */
const EXIT_BROKEN_PIPE = 141;

function endOnStreamErrors(): void {
  for (const [stream, name] of [[process.stdout, 'standard output'], [process.stderr, 'standard error']] as const) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // `tcpflow states big.tcpflow | head`: the reader has what it wanted; stop quietly.
      if (e.code === 'EPIPE') return exitAfterCleanUp(EXIT_BROKEN_PIPE);
      if (stream !== process.stderr) process.stderr.write(`tcpflow: ${name}: ${describeFsError(e)}\n`);
      exitAfterCleanUp(2);
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (e: unknown) => {
      process.stderr.write(`tcpflow: ${internalError(e)}\n`);
      exitAfterCleanUp(2);
    });
  }
}

/**
 * Writes into a pipe wait for its reader. Node queues what a pipe cannot take
 * at once, and a command that writes as it checks never lets the queue drain:
 * `tcpflow check big.tcpflow | less` would hold the whole report in memory.
 * Files and terminals are written at once already.
 */
function waitForReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle?.setBlocking?.(true);
  }
}

export function processIO(): CliIO {
  cleanUpOnSignals();
  endOnStreamErrors();
  waitForReaders();
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async (limit) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of process.stdin) {
        size += (c as Buffer).length;
        // Stop at once: an endless producer (`yes |`) must not fill the memory.
        if (size > limit) throw new InputError(`<stdin>: ${tooLarge(limit)}`);
        chunks.push(c as Buffer);
      }
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
