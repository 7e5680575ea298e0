// `npm start`: builds the extension and opens it in the real VS Code workbench
// (code-server, installed on first use), served on 127.0.0.1, on a playground
// folder outside the repository, made from examples/ the first time.
// The extension is this folder itself, linked into code-server's extensions,
// so `npm run build` and a reload of the page pick up changes.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ROOT, ensureCodeServer, freePort, makeProfile, preparePlayground, startCodeServer } from './code-server';

const DEFAULT_PORT = 8093;

async function main(): Promise<number> {
  if (spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { stdio: 'inherit', cwd: ROOT }).status !== 0) return 1;
  const install = ensureCodeServer();
  if ('skip' in install) {
    console.error(`npm start: ${install.skip}; run it once as root to install it`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const profile = makeProfile(join(CACHE, 'start'));
  // One link, named as code-server names installed extensions; older versions' links go.
  const id = `${manifest.publisher}.${manifest.name}`;
  for (const e of readdirSync(profile.extensionsDir)) if (e.startsWith(`${id}-`)) rmSync(join(profile.extensionsDir, e), { recursive: true, force: true });
  symlinkSync(ROOT, join(profile.extensionsDir, `${id}-${manifest.version}`));

  const port = await freePort(Number(process.env.PORT) || DEFAULT_PORT);
  const playground = preparePlayground();
  const server = await startCodeServer(install.bin, profile, playground, port, 'inherit');
  console.log(`\ntcpflow in VS Code: open ${server.url}\nThe folder is ${playground} (TCPFLOW_PLAYGROUND chooses another).\n(Ctrl+C stops it)`);
  await new Promise<void>((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve());
  });
  await server.stop();
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
