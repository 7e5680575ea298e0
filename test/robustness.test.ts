// The parser and checker survive any text: arbitrary unicode, token soup made
// of the language's own pieces, mangled examples and pathological sizes never
// throw, and every diagnostic's range lies inside the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
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
