// Properties over generated input: the parser and checker survive any text, and
// a legal flow stays legal when every absolute number is shifted mod 2^32.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { singleTerm, type Expr } from '../server/src/language/syntax/ast';
import { parse } from '../server/src/language/syntax/parser';
import { EXAMPLES, flowFiles } from './helpers';

/** Pieces of the language, so random text often gets deep into the checker. */
const PIECES = [
  'A', 'B', 'C', '->', '-x', ':', 'SYN', 'ACK', 'FIN', 'RST', 'PSH', 'SYN(', 'ACK(', ')', '+', '-', ',', '|', 'seq=', 'ack=',
  'len=', 'win=', '0', '1', '100', '4294967295', '4294967296', '0xFFFFFFFF', 'ISN_A', 'FIN + 1', 'SYN+1', '"data"', '"', '\\"',
  'endpoint', 'title', 'note', 'old', 'simultaneous {', '}', 'listen', 'close', 'timeout', 'wait 2MSL', 'ESTABLISHED',
  'FIN-WAIT-1', 'TIME_WAIT', 'LISTEN', '# c', '//', '0.5', ' ', ' ', '\n', '\n', '\r\n', '\t', 'é', '😀', '\u0000',
];
const flowish = fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }).map((xs) => xs.join(' '));

function assertWellFormed(text: string): void {
  const a = analyze(text);
  for (const d of a.diagnostics({ strict: true })) {
    assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `range ${d.start}-${d.end} of ${d.code} inside the text`);
    assert.ok(d.message.length > 0);
  }
  for (const s of a.result.steps) assert.ok(s.stmt.end <= text.length);
}

describe('robustness', () => {
  it('never throws on arbitrary unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (t) => assertWellFormed(t)), { numRuns: 600 });
  });

  it('never throws on token soup made of the language\'s own pieces', () => {
    fc.assert(fc.property(flowish, (t) => assertWellFormed(t)), { numRuns: 1500 });
  });

  it('never throws on examples with random lines deleted, duplicated or swapped', () => {
    const texts = flowFiles(EXAMPLES).map((f) => readFileSync(f, 'utf8').split('\n'));
    const mutated = fc.tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('del', 'dup', 'swap')), { maxLength: 6 }))
      .map(([lines, ops]) => {
        const out = [...lines];
        for (const [i, j, op] of ops) {
          const a = i % out.length;
          const b = j % out.length;
          if (op === 'del') out.splice(a, 1);
          else if (op === 'dup') out.splice(a, 0, out[b]);
          else [out[a], out[b]] = [out[b], out[a]];
          if (!out.length) out.push('');
        }
        return out.join('\n');
      });
    fc.assert(fc.property(mutated, (t) => assertWellFormed(t)), { numRuns: 800 });
  });

  it('handles pathological sizes: one very long line, many lines, deep queues', () => {
    assertWellFormed('A -> B : ' + 'SYN '.repeat(50_000));
    assertWellFormed('A -> B : SYN seq=1\n'.repeat(20_000));
    let q = 'A -> B : ACK seq=1 ack=1\n';
    for (let i = 0; i < 3000; i++) q += `A -> B : seq=${1000 + i * 10} len=10\n`;
    assertWellFormed(q);
  });
});

/** Adds k to every absolute seq/ack number (an expression that is one plain number). */
function shift(text: string, k: number): string {
  const { file } = parse(text);
  const edits: { start: number; end: number; value: number }[] = [];
  const visit = (expr: Expr | undefined) => {
    const t = expr && singleTerm(expr);
    if (t?.kind === 'number' && !t.negative) edits.push({ start: t.start, end: t.end, value: (t.value + k) % 2 ** 32 });
  };
  for (const s of file.statements) {
    for (const seg of s.kind === 'segment' ? [s] : s.kind === 'simultaneous' ? s.segments : []) {
      // A RST answering a SYN has seq 0 by definition (§3.10.7.1): that 0 is not a position.
      if (!(seg.spec.flags & 8 && seg.spec.seq && text.slice(seg.spec.seq.start, seg.spec.seq.end) === '0')) visit(seg.spec.seq);
      visit(seg.spec.ack);
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + String(e.value) + out.slice(e.end);
  return out;
}

describe('sequence-space invariance', () => {
  const clean = flowFiles(EXAMPLES).filter((f) => !f.includes('/errors/')).map((f) => readFileSync(f, 'utf8'));
  const serious = (t: string) => analyze(t).diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code);

  it('shifting every number of a legal flow by any constant mod 2^32 keeps it legal', () => {
    fc.assert(fc.property(fc.constantFrom(...clean), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (text, k) => {
      assert.deepEqual(serious(shift(text, k)), []);
    }), { numRuns: 400 });
  });

  it('the shift really moves numbers (the property is not vacuous)', () => {
    const t = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\n';
    assert.equal(shift(t, 2 ** 32 - 50), 'A -> B : SYN seq=4294967346\nB -> A : SYN+ACK seq=4294967546 ack=4294967347\n'.replace('4294967346', '50').replace('4294967546', '250').replace('4294967347', '51'));
  });

  it('shifting only one side\'s acknowledgments breaks a flow (the check can fail)', () => {
    const t = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=301\n';
    assert.deepEqual(serious(t.replace('ack=301', 'ack=302')), ['TF406']);
  });
});
