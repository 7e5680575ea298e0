import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import type { InferenceKind } from '../../server/src/language/check/result';
import { inlayHints, type InlayHintOptions } from '../../server/src/language/services/inlayHints';
import { applyEdits, behaviour } from './util';

const FLOW = 'endpoint Client\nendpoint Server\nClient -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300\nClient -> Server : FIN\n';
const all = (text: string, options?: InlayHintOptions) => {
  const a = analyze(text);
  return inlayHints(a, { start: 0, end: text.length }, options);
};
const kinds = (hints: { kind: InferenceKind }[]) => new Set(hints.map((h) => h.kind));

describe('inlay hints', () => {
  it('shows every kind of inference, in offset order', () => {
    const hints = all(FLOW);
    assert.deepEqual(kinds(hints), new Set(['seq', 'ack', 'flag', 'state', 'initial']));
    for (let i = 1; i < hints.length; i++) assert.ok(hints[i - 1].offset <= hints[i].offset);
    const ack = hints.find((h) => h.kind === 'ack' && h.offset === FLOW.indexOf(' seq=300') + 8);
    assert.equal(ack?.label, 'ack=101');
    assert.ok(hints.some((h) => h.kind === 'state' && h.label === '→ Client: ESTABLISHED'));
    assert.ok(hints.some((h) => h.kind === 'flag' && h.label === '+ACK'));
  });

  it('switches each kind off on its own', () => {
    const options: Record<keyof InlayHintOptions, InferenceKind[]> = { states: ['state'], numbers: ['seq', 'ack'], flags: ['flag'], initialStates: ['initial'] };
    for (const [option, off] of Object.entries(options)) {
      const left = kinds(all(FLOW, { [option]: false }));
      for (const k of off) assert.ok(!left.has(k), `${option}: false hides ${k}`);
      assert.equal(left.size, 5 - off.length, `${option}: false keeps the other kinds`);
    }
  });

  it('keeps to the requested range', () => {
    const a = analyze(FLOW);
    const line = { start: FLOW.indexOf('Client -> Server : FIN'), end: FLOW.length };
    const hints = inlayHints(a, line);
    assert.ok(hints.length > 0);
    assert.ok(hints.every((h) => h.offset >= line.start));
  });

  it('offers no text for numbers no segment showed yet', () => {
    const hints = all('A -> B : SYN\nB -> A : SYN+ACK\n');
    const seq = hints.find((h) => h.kind === 'seq')!;
    assert.match(seq.label, /A's ISN/);
    assert.equal(seq.insert, undefined);
  });

  it('writes hints that, written, change nothing', () => {
    const hints = all(FLOW).filter((h) => h.insert !== undefined && h.kind !== 'state');
    const written = applyEdits(FLOW, hints.map((h) => ({ start: h.offset, end: h.offset, newText: h.insert! })));
    const before = analyze(FLOW);
    const after = analyze(written);
    assert.equal(behaviour({ ...after, findings: after.findings.filter((f) => f.code !== 'TF308') }), behaviour({ ...before, findings: before.findings.filter((f) => f.code !== 'TF308') }));
    assert.ok(!after.result.inferences.some((i) => i.kind === 'seq' || i.kind === 'ack' || i.kind === 'flag'), written);
  });
});
