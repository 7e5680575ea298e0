// Output into a pipe waits for its reader: `tcpflow check big.tcpflow | less`
// must not pile the whole report up in the command's memory while the reader
// is slow (the report of a large capture with a missed segment runs to
// hundreds of megabytes).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateFlow } from '../../bench/generate';
import { ROOT } from '../helpers';
import { BIN, scratch, tcpflow } from './run';

/** How long the reader holds back: far longer than the check takes when nothing holds it. */
const HOLD_MS = 3000;

describe('output into a pipe', () => {
  it('waits for a reader that holds back, then arrives whole', async () => {
    const file = join(scratch('pipe'), 'gap.tcpflow');
    // A missed segment early: a finding on most of the lines after it, about a megabyte of report.
    writeFileSync(file, generateFlow(400_000).replace(/^(\S+ Server) -> (Client : PSH\+ACK)/m, '$1 -x $2'));
    const expected = tcpflow(['check', file]);
    assert.ok(expected.stdout.length > 512 * 1024, `${expected.stdout.length} bytes of report`);

    const child = spawn(process.execPath, [BIN, 'check', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Standard output is not read yet: the command must wait for it, not finish into its memory.
    const early = await Promise.race([exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('held'), HOLD_MS))]);
    assert.equal(early, 'held', `the command finished while its output was not read: ${stderr}`);
    assert.doesNotMatch(stderr, /checked/);

    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    assert.equal(await exited, expected.code);
    assert.equal(stdout, expected.stdout);
    assert.equal(stderr, expected.stderr);
  });
});
