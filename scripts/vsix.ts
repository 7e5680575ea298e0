// The packaged extension, as `npm run package` makes it: what the end-to-end
// tests install and what test/package.test.ts inspects.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './code-server';

export function vsixPath(): string {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(ROOT, `${name}-${version}.vsix`);
}

/** Runs `npm run package`: a production build, then vsce. */
export function packageVsix(): string {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return vsixPath();
}
