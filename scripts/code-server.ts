// code-server: the real VS Code workbench served to a browser, with a Node
// extension host, for `npm start`, the end-to-end tests and the benchmark.
// Installed once per machine by setup-code-server.sh into the user's cache.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

export const ROOT = join(__dirname, '..');
/**
 * The folder `npm start` opens: the user's own, outside the repository, so
 * that a flow written there is not taken for an example by the tests.
 */
export const PLAYGROUND = process.env.TCPFLOW_PLAYGROUND
  || join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'tcpflow', 'playground');
/** The last code-server whose engines.node is 20; it bundles VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tcpflow');
const INSTALL_DIR = process.env.TCPFLOW_CODE_SERVER_DIR || join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const BIN = join(INSTALL_DIR, 'node_modules', '.bin', 'code-server');
/** setup-code-server.sh's exit code for "cannot install here". */
const CANNOT_INSTALL = 77;

export type Install = { readonly bin: string } | { readonly skip: string };

/** Installs code-server unless it is there; `skip` says why it cannot be. */
export function ensureCodeServer(): Install {
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'setup-code-server.sh'), INSTALL_DIR], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CS_VERSION: CODE_SERVER_VERSION } });
  if (r.status === 0) return { bin: BIN };
  if (r.status === CANNOT_INSTALL) return { skip: `code-server ${CODE_SERVER_VERSION} is not installed in ${INSTALL_DIR} and cannot be installed without root` };
  throw new Error(`installing code-server failed (exit ${r.status ?? r.signal}); see the output above`);
}

/** Makes the playground on first use, a copy of examples/; later it is left as the user left it. */
export function preparePlayground(dir = PLAYGROUND): string {
  const inside = relative(ROOT, resolve(dir));
  if (!inside.startsWith('..') && !isAbsolute(inside)) throw new Error(`the playground ${dir} is inside the repository, where the tests would take its flows for examples: choose another (TCPFLOW_PLAYGROUND)`);
  if (existsSync(dir)) return dir;
  // Copied beside it, then moved into place: an interrupted copy is not taken for a playground.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(join(ROOT, 'examples'), partial, { recursive: true });
  renameSync(partial, dir);
  return dir;
}

/** A port nobody listens on now, on the loopback interface. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(freePort()));
    s.listen(preferred, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Profile {
  readonly extensionsDir: string;
  readonly userDataDir: string;
}

/** The profile's folders, first made with settings that keep the workbench quiet and predictable. */
export function makeProfile(dir: string, settings: Record<string, unknown> = {}): Profile {
  const profile = { extensionsDir: join(dir, 'extensions'), userDataDir: join(dir, 'user-data') };
  mkdirSync(profile.extensionsDir, { recursive: true });
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  const quiet = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.ignoreRecommendations': true,
    // No extension gallery is reachable: do not ask it for updates.
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
  };
  const file = join(profile.userDataDir, 'User', 'settings.json');
  // A kept profile keeps the user's own settings.
  if (!existsSync(file)) writeFileSync(file, JSON.stringify({ ...quiet, ...settings }, null, 2));
  return profile;
}

const profileArgs = (p: Profile) => ['--extensions-dir', p.extensionsDir, '--user-data-dir', p.userDataDir];

/** Installs a packaged extension into the profile, the way a user installs a .vsix. */
export function installVsix(bin: string, profile: Profile, vsix: string): void {
  const r = spawnSync(bin, ['--config', '/dev/null', ...profileArgs(profile), '--install-extension', vsix], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stdout}${r.stderr}`);
}

export interface Running {
  /** The workbench URL, with the folder opened. */
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts code-server on 127.0.0.1 in its own process group, so that stopping it
 * also ends the extension hosts and language servers it started.
 */
export async function startCodeServer(bin: string, profile: Profile, folder: string, port: number, log: 'inherit' | 'ignore' | number): Promise<Running> {
  const config = join(profile.userDataDir, 'code-server.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\ncert: false\n');
  const args = ['--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...profileArgs(profile), folder];
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the whole group is gone
    }
  };
  const stop = async () => {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const killed = setTimeout(killGroup, 5000);
    await exited;
    clearTimeout(killed);
    killGroup(); // extension hosts that outlived code-server
  };
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error('code-server was not ready within 30 s');
    }
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
  }
  return { url: `${base}/?folder=${encodeURIComponent(folder)}`, pid, stop };
}
