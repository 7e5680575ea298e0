// A flow means the same wherever its numbers sit in the sequence space: shifting
// every absolute number by a constant mod 2^32 changes no state, outcome or code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { singleTerm, type Expr } from '../server/src/language/syntax/ast';
import { parse } from '../server/src/language/syntax/parser';
import { STATE_NAMES } from '../server/src/language/tcp/states';
import { EXAMPLES, flowFiles } from './helpers';

/** Adds k to every absolute seq/ack number (an expression that is one plain number). */
function shift(text: string, k: number): string {
  const { file } = parse(text);
  // A RST's seq 0 that the checker reports as wrong (TF314) is a position like any other.
  const wrongRstSeq = new Set(analyze(text).findings.filter((f) => f.code === 'TF314').map((f) => f.start));
  const edits: { start: number; end: number; value: number }[] = [];
  const visit = (expr: Expr | undefined) => {
    const t = expr && singleTerm(expr);
    if (t?.kind === 'number' && !t.negative) edits.push({ start: t.start, end: t.end, value: (t.value + k) % 2 ** 32 });
  };
  for (const s of file.statements) {
    for (const seg of s.kind === 'segment' ? [s] : s.kind === 'simultaneous' ? s.segments : []) {
      // A RST answering a SYN has seq 0 by definition (§3.10.7.1): that 0 is not a position.
      const answerSeq = seg.spec.flags & 8 && seg.spec.seq && text.slice(seg.spec.seq.start, seg.spec.seq.end) === '0' && !wrongRstSeq.has(seg.spec.seq.start);
      if (!answerSeq) visit(seg.spec.seq);
      visit(seg.spec.ack);
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + String(e.value) + out.slice(e.end);
  return out;
}

/** Everything the checker concludes, minus the numbers themselves: per step its line, both states and the outcome; every code by line. */
function timeline(text: string) {
  const a = analyze(text);
  const line = (offset: number) => a.lines.position(offset).line + 1;
  return {
    steps: a.result.steps.map((s) => `${line(s.stmt.start)} ${s.after.map((t) => STATE_NAMES[t.state]).join(' ')} ${s.outcome ?? '-'}`),
    codes: a.diagnostics({ strict: true }).map((d) => `${line(d.start)} ${d.code} ${d.severity}`).sort(),
  };
}

describe('sequence-space invariance', () => {
  const examples = flowFiles(EXAMPLES).map((f) => ({ wrong: f.includes('/errors/'), text: readFileSync(f, 'utf8') }));
  /** Each example's own timeline, computed once (inside a test: a checker that throws fails the test, not the file). */
  const original = new Map<string, ReturnType<typeof timeline>>();
  const timelineOf = (text: string) => original.get(text) ?? original.set(text, timeline(text)).get(text)!;

  it('shifting every number of an example by any constant mod 2^32 changes nothing but the numbers: states, outcomes, every code', () => {
    fc.assert(fc.property(fc.constantFrom(...examples), fc.integer({ min: 0, max: 2 ** 32 - 1 }), ({ text }, k) => {
      assert.deepEqual(timeline(shift(text, k)), timelineOf(text));
    }), { numRuns: 400 });
  });

  it('a wrong example stays wrong and a clean one clean, across the wrap of 2^32', () => {
    for (const { wrong, text } of examples) {
      for (const k of [2 ** 32 - 1, 2 ** 32 - 101, 2 ** 31]) {
        const errors = analyze(shift(text, k)).diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning');
        assert.equal(errors.length > 0, wrong, `${wrong ? 'an error example turned clean' : 'a clean example turned wrong'} when shifted by ${k}:\n${shift(text, k)}`);
      }
    }
  });

  it('the shift really moves numbers (the property is not vacuous)', () => {
    const t = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\n';
    assert.equal(shift(t, 2 ** 32 - 50), 'A -> B : SYN seq=50\nB -> A : SYN+ACK seq=250 ack=51\n');
    const moved = examples.filter(({ text }) => shift(text, 1) !== text).length;
    assert.ok(moved >= examples.length / 2, `only ${moved} of ${examples.length} examples have numbers to shift`);
  });

  it('shifting only one side\'s acknowledgments breaks a flow (the check can fail)', () => {
    const t = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=301\n';
    assert.notDeepEqual(timeline(t.replace('ack=301', 'ack=302')), timeline(t));
    assert.deepEqual(timeline(t.replace('ack=301', 'ack=302')).codes, ['3 TF406 error']);
  });
});
