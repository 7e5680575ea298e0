// A file checked a piece at a time (for files too large for one syntax tree)
// gets exactly the findings of a whole analysis, in the same order, whatever
// the piece size: over the examples, the fidelity flows, generated flows and
// token soups made of the language's own pieces.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateFlow } from '../bench/generate';
import { analyze } from '../server/src/language/analysis';
import type { Finding } from '../server/src/language/check/diagnostic';
import { checkInPieces } from '../server/src/language/pieces';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

const FLOWS = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test', 'fidelity'))].map((f) => readFileSync(f, 'utf8'));
const LINES = [...new Set(FLOWS.flatMap((t) => t.split('\n')))];

function inPieces(text: string, size: number): Finding[] {
  const out: Finding[] = [];
  checkInPieces(text, (fs) => out.push(...fs), size);
  return out;
}

describe('checking in pieces', () => {
  it('every example and fidelity flow, in pieces of 1 to 400 characters', () => {
    for (const text of FLOWS) {
      const whole = analyze(text).findings;
      for (const size of [1, 40, 400]) assert.deepEqual(inPieces(text, size), whole);
    }
  });

  it('generated flows', () => {
    for (const bytes of [5_000, 60_000]) {
      const text = generateFlow(bytes);
      assert.deepEqual(inPieces(text, 700), analyze(text).findings);
    }
  });

  it('random flows made of example lines, in random piece sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES, 'simultaneous {', '}', 'endpoint C', ''), { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), (lines, size) => {
        const text = lines.join('\n');
        assert.deepEqual(inPieces(text, size), analyze(text).findings);
      }),
      { numRuns: 800 },
    );
  });
});
