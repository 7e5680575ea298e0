// What the commands read: only regular files, at most --max-size bytes (files
// and standard input alike), standard input once; an input that cannot be read
// is reported in one line and the others are still done, with exit 2.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { formatSize, parseSize } from '../../server/src/cli/limits';
import { EXAMPLES } from '../helpers';
import { scratch, skipUnlessCI, tcpflow, unprivileged, write } from './run';

const dir = scratch('inputs');
const clean = write(dir, 'clean.tcpflow', 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=100 ack=2\nA -> B : ACK seq=2 ack=101\n');

describe('inputs that are not regular files', () => {
  it('refuses a character device at once, naming what it is, and checks the other inputs', () => {
    // Before: /dev/zero was read until the memory ran out.
    const r = tcpflow(['check', '/dev/zero', clean]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tcpflow check: \/dev\/zero: a character device, not a file$/m);
    assert.match(r.stderr, /^tcpflow check: 1 file checked; 1 input could not be read$/m);
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.tcpflow');
    execFileSync('mkfifo', [fifo]);
    for (const command of ['check', 'states']) {
      const r = tcpflow([command, fifo]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`^tcpflow ${command}: .*pipe\\.tcpflow: a named pipe \\(FIFO\\), not a file \\(to read a pipe, give - and redirect it to standard input\\)$`, 'm'));
    }
    assert.equal(tcpflow(['export', fifo, '--format', 'mmd', '-o', '-']).code, 2);
  });

  it('says a folder is a folder where one file is expected', () => {
    const r = tcpflow(['states', EXAMPLES]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tcpflow states: .*examples: a folder, not a file$/m);
  });
});

describe('the size limit', () => {
  const big = write(dir, 'big.tcpflow', `${'# padding padding padding padding padding padding padding\n'.repeat(20_000)}A -> B : SYN seq=1\n`);

  it('refuses a file over the limit and reads it with a higher --max-size', () => {
    const r = tcpflow(['check', '--max-size', '512K', big]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /big\.tcpflow: larger than the 512 KiB limit \(--max-size raises it\)$/m);
    assert.equal(tcpflow(['check', '--max-size', '2M', big]).code, 0);
    assert.equal(tcpflow(['states', '--max-size', '512K', big]).code, 2);
    assert.equal(tcpflow(['export', '--max-size', '512K', big, '--format', 'mmd', '-o', '-']).code, 2);
  });

  it('reads standard input up to the same limit', () => {
    const r = tcpflow(['check', '--max-size', '512K', '-'], { input: Buffer.alloc(1024 * 1024, 'x') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tcpflow check: <stdin>: larger than the 512 KiB limit/m);
    assert.equal(tcpflow(['check', '-'], { input: 'A -> B : SYN seq=1\n' }).code, 0);
  });

  it('refuses a size it cannot read', () => {
    const r = tcpflow(['check', '--max-size', 'lots', clean]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'tcpflow check: --max-size lots: expected a size such as 64M, 512K or 1G\n');
  });

  it('parses what it prints, for every size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (bytes) => {
      const text = formatSize(bytes).replace(/ (.)iB$/, '$1').replace(/ bytes$/, '');
      assert.equal(parseSize(text), bytes);
    }));
  });
});

describe('standard input', () => {
  it('is given once: - - is bad usage, not an empty second file', () => {
    const r = tcpflow(['check', '-', '-'], { input: 'A -> B : SYN seq=1\n' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'tcpflow check: - (standard input) is given more than once; it can be read only once\n');
    assert.equal(r.stdout, '');
  });
});

describe('an input that cannot be read', () => {
  it('is reported, and the other inputs are still checked (a missing file as a binary one)', () => {
    const binary = write(dir, 'binary.tcpflow', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]));
    for (const bad of [join(dir, 'missing.tcpflow'), binary]) {
      const r = tcpflow(['check', bad, join(EXAMPLES, 'errors', 'two-way-handshake.tcpflow')]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stdout, /two-way-handshake\.tcpflow:7:28: error TF301/);
      assert.match(r.stderr, /^tcpflow check: 1 file checked: \d+ errors?; 1 input could not be read$/m);
    }
  });

  it('exports the other inputs', () => {
    const out = scratch('inputs-out');
    const r = tcpflow(['export', join(dir, 'missing.tcpflow'), clean, '--format', 'mmd', '-o', `${out}/`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tcpflow export: .*missing\.tcpflow: no such file or folder$/m);
    assert.equal(r.stderr.split('\n').length, 2, 'one line: no progress when standard error is not a terminal');
    assert.match(readFileSync(join(out, 'clean.mmd'), 'utf8'), /^sequenceDiagram\n/);
  });

  const as = unprivileged();
  describe('for lack of permission', { skip: skipUnlessCI(typeof as === 'string' && as) }, () => {
    const tree = scratch('locked');
    let prefix: string[] = [];
    before(() => {
      if (typeof as === 'string') assert.fail(as);
      prefix = as;
      mkdirSync(join(tree, 'flows', 'locked'), { recursive: true });
      write(tree, 'flows/ok.tcpflow', 'A -> B : SYN seq=1\n');
      write(tree, 'flows/locked/hidden.tcpflow', 'A -> B : SYN seq=1\n');
      chmodSync(write(tree, 'flows/secret.tcpflow', 'A -> B : SYN seq=1\n'), 0);
      chmodSync(join(tree, 'flows', 'locked'), 0);
    });

    it('is never counted as clean, in text or in JSON', () => {
      const r = tcpflow(['check', 'flows/secret.tcpflow'], { cwd: tree, as: prefix });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'tcpflow check: flows/secret.tcpflow: permission denied\ntcpflow check: 0 files checked; 1 input could not be read\n');
      const json = tcpflow(['check', '--format', 'json', 'flows/secret.tcpflow', 'flows/ok.tcpflow'], { cwd: tree, as: prefix });
      assert.equal(json.code, 2);
      assert.deepEqual(JSON.parse(json.stdout), [
        { file: 'flows/secret.tcpflow', error: 'flows/secret.tcpflow: permission denied' },
        { file: 'flows/ok.tcpflow', diagnostics: [] },
      ]);
    });

    it('in a folder: an unreadable subfolder is one line, not a stack trace, and the rest is checked', () => {
      const r = tcpflow(['check', 'flows'], { cwd: tree, as: prefix });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, [
        'tcpflow check: flows/locked: permission denied',
        'tcpflow check: flows/secret.tcpflow: permission denied',
        'tcpflow check: 1 file checked; 2 inputs could not be read',
        '',
      ].join('\n'));
    });
  });
});
