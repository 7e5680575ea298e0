// The short seeded fuzz run (npm run fuzz does a million): the same mutators,
// targets and invariants, deterministic, failing on any finding. Reproduce a
// finding with `npm run fuzz -- --count 3000 --seed 1`, which saves it minimised.
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { makeCase } from '../scripts/fuzz/cases';
import { loadCorpus } from '../scripts/fuzz/corpus';
import { checkEdits, checkMarkup, checkMermaid, mapOffset } from '../scripts/fuzz/invariants';
import { firstOfEach, runFuzz } from '../scripts/fuzz/pool';

const COUNT = 3000;
const SEED = 1;

describe('the fuzzer\'s own checks', () => {
  const reports = (f: (report: (kind: string, detail: string) => void) => void) => {
    const out: string[] = [];
    f((kind) => out.push(kind));
    return out;
  };

  it('finds live markup outside code fences only', () => {
    assert.deepEqual(reports((r) => checkMarkup('# <SCRIPT src=x>\n', 'md', r)), ['unsafe-output']);
    assert.deepEqual(reports((r) => checkMarkup('- [x](javascript:alert(1))\n', 'md', r)), ['unsafe-output']);
    assert.deepEqual(reports((r) => checkMarkup('```mermaid\nA: [x](javascript:alert(1))\n```\n', 'md', r)), []);
    assert.deepEqual(reports((r) => checkMarkup('**A** endpoint `"TCP<script>alert(1)</script>"`\n', 'md', r)), [], 'a code span is literal');
    assert.deepEqual(reports((r) => checkMarkup('``a`b`` <script>\n', 'md', r)), ['unsafe-output'], 'markup after a code span is live');
    assert.deepEqual(reports((r) => checkMermaid('sequenceDiagram\n  P0->>P1: SYN<br/>seq=1\n', r)), [], "the core's line break");
    assert.deepEqual(reports((r) => checkMermaid('sequenceDiagram\n  P0->>P1: #60;script#62;\n', r)), []);
    assert.deepEqual(reports((r) => checkMermaid('sequenceDiagram\n  P0->>P1: <b>\n', r)), ['unsafe-output']);
  });

  it('maps an offset through edits, and loses it when an edit replaces it', () => {
    const edits = [{ start: 2, end: 2, newText: 'xx' }, { start: 10, end: 14, newText: '' }];
    assert.equal(mapOffset(edits, 2), 4);
    assert.equal(mapOffset(edits, 12), undefined);
    assert.equal(mapOffset(edits, 20), 18);
  });

  it('rejects overlapping edits and edits outside the text', () => {
    assert.deepEqual(reports((r) => checkEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }], 'x', r)), ['edits-overlap']);
    assert.deepEqual(reports((r) => checkEdits('abc', [{ start: 2, end: 5, newText: '' }], 'x', r)), ['range']);
  });

  it('makes the same input for the same seed and index', () => {
    const corpus = loadCorpus();
    assert.deepEqual(makeCase(corpus, 5, 17), makeCase(corpus, 5, 17));
    assert.notDeepEqual(makeCase(corpus, 5, 17).input, makeCase(corpus, 6, 17).input);
  });
});

test(`${COUNT} mutated inputs (seed ${SEED}): no throw, hang or broken invariant`, { timeout: 15 * 60_000 }, async () => {
  // A generous limit per input: a hang is an input that never ends, not a slow one.
  const s = await runFuzz({ count: COUNT, seed: SEED, workers: 2, timeoutMs: 30_000 });
  assert.equal(s.inputs, COUNT);
  const found = [...firstOfEach(s.hits)].map(([sig, { hit, count }]) => `${count}× ${sig} (first: input ${hit.index})`);
  assert.deepEqual(found, [], `findings:\n${found.join('\n')}`);
});
