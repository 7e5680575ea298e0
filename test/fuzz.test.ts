// The short seeded fuzz run (npm run fuzz does a million): the same mutators,
// targets and invariants, deterministic, failing on any finding. Reproduce a
// finding with `npm run fuzz -- --count 3000 --seed 1`, which saves it minimised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstOfEach, runFuzz } from '../scripts/fuzz/pool';

const COUNT = 3000;
const SEED = 1;

test(`${COUNT} mutated inputs (seed ${SEED}): no throw, hang or broken invariant`, { timeout: 15 * 60_000 }, async () => {
  // A generous limit per input: a hang is an input that never ends, not a slow one.
  const s = await runFuzz({ count: COUNT, seed: SEED, workers: 2, timeoutMs: 30_000 });
  assert.equal(s.inputs, COUNT);
  const found = [...firstOfEach(s.hits)].map(([sig, { hit, count }]) => `${count}× ${sig} (first: input ${hit.index})`);
  assert.deepEqual(found, [], `findings:\n${found.join('\n')}`);
});
