// A capture that missed one segment: the receiver queues everything after the
// gap, for the rest of the flow. Each step's TCBs must share that queue, not
// copy it: a copy per step is quadratic and ran a 40,000-segment flow out of
// memory (in the editor, commenting out one segment of a large capture did).
// Checked in child processes with a small heap, so the failure is a crash,
// never a slow test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { reanalyze } from '../server/src/language/incremental';
import { steppingView } from '../server/src/language/stepping';
import { ROOT } from './helpers';

/** The handshake, a lost data segment, then `n` segments the receiver must queue behind it. */
function flowWithGap(n: number): string {
  const lines = ['endpoint Client', 'endpoint Server LISTEN', 'Client -> Server : SYN seq=0', 'Server -> Client : SYN+ACK seq=0 ack=1', 'Client -> Server : ACK seq=1 ack=1', 'Client -x Server : ACK seq=1 ack=1 len=100'];
  for (let i = 0; i < n; i++) lines.push(`Client -> Server : ACK seq=${101 + i * 100} ack=1 len=100`);
  return lines.join('\n') + '\n';
}

const HEAP_MB = 400;
const SEGMENTS = 40_000;
const dir = mkdtempSync(join(tmpdir(), 'tcpflow-gap-'));
const file = join(dir, 'gap.tcpflow');
writeFileSync(file, flowWithGap(SEGMENTS));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a script (TypeScript, through tsx) in a child with a heap of HEAP_MB. */
function inSmallHeap(script: string) {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('a segment missing from a long flow', () => {
  it(`is analysed, and re-analysed after an edit, in ${HEAP_MB} MB of heap with ${SEGMENTS} segments queued`, () => {
    const r = inSmallHeap(`
      const { readFileSync } = require('node:fs');
      const { analyze } = require('./server/src/language/analysis');
      const { reanalyze } = require('./server/src/language/incremental');
      const text = readFileSync(${JSON.stringify(file)}, 'utf8');
      let a = analyze(text);
      const queued = a.result.steps[a.result.steps.length - 1].after[1].ooo.length;
      // Commenting out the lost segment and back: each version re-checks the whole queue.
      const at = text.indexOf('Client -x');
      a = reanalyze(a, [{ start: at, end: at, text: '#' }]);
      a = reanalyze(a, [{ start: at, end: at + 1, text: '' }]);
      console.log(JSON.stringify({ queued, findings: a.findings.length }));`);
    assert.equal(r.status, 0, `the child failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-600)}`);
    const { queued, findings } = JSON.parse(r.stdout) as { queued: number; findings: number };
    assert.equal(queued, SEGMENTS);
    assert.ok(findings >= SEGMENTS, `a TF311 on each queued segment: ${findings}`);
  });

  it(`is checked by the CLI in ${HEAP_MB} MB of heap`, () => {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, join(ROOT, 'bin', 'tcpflow.js'), 'check', file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `status ${r.status}, signal ${r.signal}: ${r.stderr.slice(-600)}`);
    assert.match(r.stderr, /1 file checked/);
  });

  it('with thousands of lost segments never acknowledged, is analysed in the same heap', () => {
    const lost = ['Client -> Server : SYN seq=0', 'Server -> Client : SYN+ACK seq=0 ack=1', 'Client -> Server : ACK seq=1 ack=1'];
    for (let i = 0; i < 60_000; i++) lost.push(`Client -x Server : ACK seq=${1 + i * 100} ack=1 len=100`);
    const path = join(dir, 'lost.tcpflow');
    writeFileSync(path, lost.join('\n') + '\n');
    const r = inSmallHeap(`
      const { readFileSync } = require('node:fs');
      const { analyze } = require('./server/src/language/analysis');
      const { reanalyze } = require('./server/src/language/incremental');
      const text = readFileSync(${JSON.stringify(path)}, 'utf8');
      let a = analyze(text);
      const at = text.lastIndexOf('Client -x');
      a = reanalyze(a, [{ start: at, end: at, text: '#' }]);
      console.log(a.result.steps.length);`);
    assert.equal(r.status, 0, `the child failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-600)}`);
    assert.equal(Number(r.stdout), 60_002);
  });

  it('keeps the queue of each step as it was then', () => {
    const a = analyze(flowWithGap(5));
    const queues = a.result.steps.map((s) => s.after[1].ooo?.length ?? 0);
    assert.deepEqual(queues, [0, 0, 0, 0, 1, 2, 3, 4, 5]);
    const view = steppingView(a).at(-1);
    assert.ok(JSON.stringify(view).includes('101..201, 201..301, 301..401, 401..501, 501..601'), JSON.stringify(view));
    const edited = reanalyze(analyze(flowWithGap(5)), []);
    assert.deepEqual(edited.result.steps.map((s) => s.after[1].ooo?.length ?? 0), queues);
  });
});
