// What `export --force` may replace (a regular file that is not an input of
// the same run, keeping its permissions), and what an interrupted export
// leaves behind (nothing: its temporary file and its browser profile are
// removed, and those of a killed run are swept by the next one).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeWriteOps, writeAtomic, type WriteOps } from '../../server/src/files/atomicWrite';
import { runInterruptTasks } from '../../server/src/files/cleanup';
import { BROWSER } from '../preview/browser';
import { BIN, deadPid, longFlow, scratch, skipUnlessCI, tcpflow, write } from './run';

const FLOW = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=100 ack=2\n';
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('export --force', () => {
  it('never replaces an input of the same run, under its own name or another', () => {
    const dir = scratch('force-input');
    const input = write(dir, 'flow.tcpflow', FLOW);
    linkSync(input, join(dir, 'alias.md'));
    for (const target of [input, join(dir, 'alias.md')]) {
      const r = tcpflow(['export', input, '--format', 'md', '-o', target, '--force']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `tcpflow export: ${target}: an input of this export: not replaced\n`);
      assert.equal(readFileSync(input, 'utf8'), FLOW);
    }
  });

  it('refuses a FIFO and a symbolic link, and replaces nothing behind them', () => {
    // The case of `-o /dev/stdout --force` (a symbolic link) as root, without risking the system's.
    const dir = scratch('force-special');
    const input = write(dir, 'flow.tcpflow', FLOW);
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    write(dir, 'real.md', 'keep me');
    symlinkSync(join(dir, 'real.md'), join(dir, 'link.md'));
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'dangling.md'));
    const cases: [string, string][] = [
      [join(dir, 'pipe.md'), 'a named pipe (FIFO)'],
      [join(dir, 'link.md'), 'a symbolic link'],
      [join(dir, 'dangling.md'), 'a symbolic link'],
    ];
    for (const [target, what] of cases) {
      const r = tcpflow(['export', input, '--format', 'md', '-o', target, '--force']);
      assert.equal(r.code, 1, target);
      assert.equal(r.stderr, `tcpflow export: ${target}: ${what}, not a file: not replaced\n`);
    }
    assert.ok(statSync(join(dir, 'pipe.md')).isFIFO());
    assert.equal(readFileSync(join(dir, 'link.md'), 'utf8'), 'keep me');
    assert.equal(existsSync(join(dir, 'nowhere.md')), false);
    assert.deepEqual(temps(dir), []);
  });

  it('keeps the permissions of the file it replaces', () => {
    const dir = scratch('force-mode');
    const input = write(dir, 'flow.tcpflow', FLOW);
    for (const mode of [0o600, 0o640, 0o664]) {
      const target = write(dir, `private-${mode.toString(8)}.md`, 'old');
      execFileSync('chmod', [mode.toString(8), target]);
      assert.equal(tcpflow(['export', input, '--format', 'md', '-o', target, '--force']).code, 0);
      assert.match(readFileSync(target, 'utf8'), /sequenceDiagram/);
      assert.equal(statSync(target).mode & 0o777, mode);
    }
  });
});

describe('the shared atomic write', () => {
  it('refuses what is not a regular file, for the extension too', async () => {
    const dir = scratch('atomic-special');
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    await assert.rejects(writeAtomic(nodeWriteOps, join(dir, 'folder'), Buffer.from('x'), true), { code: 'ENOTREG', message: 'a folder, not a file: not replaced' });
    await assert.rejects(writeAtomic(nodeWriteOps, join(dir, 'dangling'), Buffer.from('x'), true), { code: 'ENOTREG' });
    assert.equal(existsSync(join(dir, 'nowhere')), false, 'nothing written through the link');
    assert.deepEqual(readdirSync(dir).sort(), ['dangling', 'folder']);
  });

  it('removes its temporary file when the process is interrupted in the middle of a write', async () => {
    const dir = scratch('atomic-interrupt');
    let started!: () => void;
    const writing = new Promise<void>((resolve) => { started = resolve; });
    const slow: WriteOps<string> = {
      ...nodeWriteOps,
      write: async (path, data) => {
        writeFileSync(path, data.subarray(0, 2));
        started();
        await new Promise(() => undefined); // a disk that never finishes
      },
    };
    void writeAtomic(slow, join(dir, 'out.png'), Buffer.from('whole'), false);
    await writing;
    assert.equal(temps(dir).length, 1);
    await runInterruptTasks(); // what SIGINT, SIGTERM and SIGHUP run
    assert.deepEqual(readdirSync(dir), []);
  });

  it('sweeps the temporary files of processes that were killed, and only those', async () => {
    const dir = scratch('atomic-sweep');
    const stale = write(dir, `.out.md.${deadPid()}-0123456789ab.tmp`, 'half');
    const live = write(dir, `.out.md.${process.pid}-0123456789ab.tmp`, 'being written');
    const other = write(dir, '.notes.tmp', 'not ours');
    await writeAtomic(nodeWriteOps, join(dir, 'out.md'), Buffer.from('whole'), false);
    assert.equal(existsSync(stale), false);
    assert.ok(existsSync(live) && existsSync(other));
  });
});

const browserMissing = BROWSER ? false : 'no Chromium or Chrome on this machine (install chromium or set TCPFLOW_BROWSER)';

describe('an interrupted image export', { skip: skipUnlessCI(browserMissing) }, () => {
  it('leaves neither a temporary file nor a browser profile, and ends with 128 + the signal', async () => {
    if (browserMissing) assert.fail(browserMissing);
    const dir = scratch('interrupt');
    const tmp = join(dir, 'tmp');
    const out = join(dir, 'out');
    mkdirSync(tmp);
    mkdirSync(out);
    const stale = join(tmp, `tcpflow-chromium-${deadPid()}-AbCdEf`);
    mkdirSync(join(stale, 'Default'), { recursive: true });
    const input = write(dir, 'long.tcpflow', longFlow(3000));
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const child = spawn(process.execPath, [BIN, 'export', input, '--format', 'png', '-o', join(out, 'long.png')], {
        env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      // Interrupted once the browser runs: its profile exists.
      while (!readdirSync(tmp).some((n) => n.startsWith(`tcpflow-chromium-${child.pid}-`))) {
        assert.equal(child.exitCode, null, `the export ended before it was interrupted: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(existsSync(stale), false, 'the profile of a killed export is swept');
      child.kill(signal);
      assert.equal(await exited, code, stderr);
      assert.deepEqual(readdirSync(tmp), [], `no profile left after ${signal}`);
      assert.deepEqual(readdirSync(out), [], `no temporary file or partial image after ${signal}`);
    }
  });
});
