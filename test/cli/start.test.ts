// `npm start` opens a playground outside the repository (a flow written there
// must not become an example the tests check and write golden files for), and
// installing code-server waits for another apt instead of failing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { PLAYGROUND, preparePlayground } from '../../scripts/code-server';
import { flowFiles, EXAMPLES, ROOT } from '../helpers';
import { scratch } from './run';

const outside = (dir: string) => {
  const r = relative(ROOT, dir);
  return r.startsWith('..') || isAbsolute(r);
};

describe('the npm start playground', () => {
  it('is outside the repository by default', () => {
    assert.ok(outside(PLAYGROUND), PLAYGROUND);
  });

  it('starts as a copy of the examples and then stays as the user leaves it', () => {
    const dir = join(scratch('playground'), 'playground');
    assert.equal(preparePlayground(dir), dir);
    const names = (d: string) => flowFiles(d).map((f) => relative(d, f));
    assert.deepEqual(names(dir), names(EXAMPLES));
    writeFileSync(join(dir, 'mine.tcpflow'), 'A -> B : SYN\n');
    writeFileSync(join(dir, 'abort.tcpflow'), '# edited\n');
    preparePlayground(dir);
    assert.equal(readFileSync(join(dir, 'mine.tcpflow'), 'utf8'), 'A -> B : SYN\n');
    assert.equal(readFileSync(join(dir, 'abort.tcpflow'), 'utf8'), '# edited\n');
    assert.ok(!readdirSync(join(dir, '..')).some((n) => n.endsWith('.partial')));
  });

  it('is refused inside the repository', () => {
    assert.throws(() => preparePlayground(join(ROOT, 'examples')), /inside the repository/);
    assert.throws(() => preparePlayground(join(ROOT, 'playground')), /inside the repository/);
  });
});

describe('setup-code-server.sh', () => {
  it('waits for the dpkg lock held by another apt instead of failing', () => {
    const dir = scratch('setup');
    const bin = join(dir, 'bin');
    const log = join(dir, 'apt.log');
    mkdirSync(bin);
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    // Nothing installed, root, and an apt-get that fails as a locked one does unless told to wait.
    tool('dpkg-query', 'exit 1');
    tool('id', 'echo 0');
    tool('apt-get', `echo "$*" >> "${log}"\ncase "$*" in *DPkg::Lock::Timeout=*) exit 0;; *) exit 100;; esac`);
    // Stops the install right after the packages: npm is not run for real.
    tool('npm', 'exit 3');
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'setup-code-server.sh'), join(dir, 'code-server')], {
      encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const calls = readFileSync(log, 'utf8').trimEnd().split('\n');
    assert.equal(calls.length, 2, r.stderr);
    assert.match(calls[0], /-o DPkg::Lock::Timeout=\d+ .*\bupdate$/);
    assert.match(calls[1], /-o DPkg::Lock::Timeout=\d+ .*\binstall -y ripgrep /);
  });
});
