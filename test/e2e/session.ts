// One end-to-end session: the packaged extension installed into a fresh
// code-server profile, a copy of examples/ as the workspace (tests edit and
// export there), and the workbench open in headless Chromium. Shared by the
// end-to-end tests and the VS Code benchmark.
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium';
import { ROOT, ensureCodeServer, freePort, installVsix, makeProfile, startCodeServer, type Install, type Running } from '../../scripts/code-server';
import { packageVsix } from '../../scripts/vsix';
import { Workbench } from './workbench';

/** Where screenshots and the logs of the last run go (git-ignored). */
export const SCREENSHOTS = join(ROOT, '.e2e-screenshots');

export interface Session {
  readonly workbench: Workbench;
  /** The log folder of the running workbench. */
  readonly logs: string;
  close(): Promise<void>;
}

export type Opened = { readonly session: Session } | { readonly skip: string };

/** Extra files for the workspace, by path relative to it. */
export type Fixtures = Readonly<Record<string, string>>;

/** code-server (installed now if it can be) and Chromium, or why a session cannot be had here. */
export function prerequisites(): Install {
  const install = ensureCodeServer();
  if ('skip' in install) return install;
  return existsSync(CHROMIUM) ? install : { skip: `no Chromium at ${CHROMIUM} (Debian package chromium)` };
}

export async function openSession(fixtures: Fixtures = {}): Promise<Opened> {
  const install = prerequisites();
  if ('skip' in install) return install;
  const vsix = packageVsix();

  mkdirSync(SCREENSHOTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'tcpflow-e2e-'));
  const workspace = join(tmp, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  for (const [path, text] of Object.entries(fixtures)) writeFileSync(join(workspace, path), text);
  const profile = makeProfile(join(tmp, 'profile'));
  let server: Running | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    keepLogs(profile.userDataDir);
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    installVsix(install.bin, profile, vsix);
    const log = openSync(join(SCREENSHOTS, 'code-server.log'), 'w');
    server = await startCodeServer(install.bin, profile, workspace, await freePort(), log);
    closeSync(log);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const workbench = new Workbench(page, join(SCREENSHOTS, 'console.log'));
    await workbench.load(server.url);
    return { session: { workbench, logs: join(profile.userDataDir, 'logs'), close } };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The extension host's and the language client's logs outlive the profile, for whoever reads the screenshots. */
function keepLogs(userDataDir: string): void {
  const logs = join(userDataDir, 'logs');
  const into = join(SCREENSHOTS, 'logs');
  rmSync(into, { recursive: true, force: true });
  if (!existsSync(logs)) return;
  for (const e of readdirSync(logs, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && /exthost|tcpflow|remoteagent/i.test(join(e.parentPath, e.name))) {
      const from = join(e.parentPath, e.name);
      cpSync(from, join(into, relative(logs, from)));
    }
  }
}
