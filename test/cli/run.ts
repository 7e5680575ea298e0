// Running the built `tcpflow` as users do, in scratch folders, and the
// prerequisites of the tests that need more than Node (an unprivileged user
// when running as root, a browser). Under CI=true a missing prerequisite fails
// the test instead of skipping it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

export const BIN = join(ROOT, 'bin', 'tcpflow.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Runs as an unprivileged user: see `unprivileged`. */
  readonly as?: readonly string[];
}

export function tcpflow(args: readonly string[], options: RunOptions = {}): Run {
  const [command, ...prefix] = [...(options.as ?? []), process.execPath];
  const spawnOptions: SpawnSyncOptions = { cwd: options.cwd ?? ROOT, input: options.input, encoding: 'utf8', timeout: 120_000, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 };
  const r = spawnSync(command, [...prefix, BIN, ...args], spawnOptions);
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A scratch folder any user can enter (the unprivileged runs read it too). */
export function scratch(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tcpflow-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const onPath = (name: string) => (process.env.PATH ?? '').split(':').some((d) => {
  try {
    accessSync(join(d, name), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/**
 * The command prefix that drops root's privileges (root reads any file, so a
 * permission test would pass for the wrong reason), `[]` for a normal user,
 * or why it cannot be done here.
 */
export function unprivileged(): string[] | string {
  const uid = process.getuid?.();
  if (uid === undefined) return 'no Unix permissions on this platform';
  if (uid !== 0) return [];
  if (onPath('setpriv')) return ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
  if (onPath('runuser')) return ['runuser', '-u', 'nobody', '--'];
  return 'running as root without setpriv or runuser (Debian: util-linux) to drop privileges';
}

/** node:test's `skip`: the reason outside CI; in CI, false, and the test must fail on `missing`. */
export const skipUnlessCI = (missing: string | false): string | false => (process.env.CI === 'true' ? false : missing);

/** A flow of `n` acknowledgements after a handshake: n + 3 steps. */
export function longFlow(n: number): string {
  return 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=100 ack=2\nA -> B : ACK seq=2 ack=101\n' + 'A -> B : ACK\n'.repeat(n);
}

/** A process id that no process has now (one that has just ended). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}
