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
import { checkInPieces, timelineInPieces, type PieceSetup } from '../server/src/language/pieces';
import { writesFlagCall } from '../server/src/language/syntax/ast';
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

  it('settles the endpoints, the title and the notation as a whole analysis does, reading only the lines that may declare them', () => {
    const TRICKY = [
      'endpoint C', '  endpoint D LISTEN', '\tendpoint E "e"', 'title "t"', 'TITLE "u"', 'simultaneous {', '}', 'A -> B : SYN(x)', '# endpoint F (', 'A -> B : ACK # (',
      'C -> D : ACK(1)', 'endpointX -> C : SYN', '0.5 C -> D : SYN', 'old C -> D : FIN(9)', '\ufeffendpoint G', '',
    ];
    const joiner = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...LINES, ...TRICKY), joiner), { maxLength: 40 }), (lines) => {
        const text = lines.map(([l, j]) => l + j).join('');
        let setup: PieceSetup | undefined;
        timelineInPieces(text, (s) => (setup = s), () => undefined, 64);
        const a = analyze(text);
        const whole = {
          endpoints: a.result.endpoints.map((e) => [e.name, e.decl?.start, e.initial]),
          title: a.file.statements.find((s) => s.kind === 'title')?.start,
          calls: a.file.statements.some(writesFlagCall),
        };
        assert.deepEqual({ endpoints: setup!.endpoints.map((e) => [e.name, e.decl?.start, e.initial]), title: setup!.title?.start, calls: setup!.writesFlagCall }, whole);
      }),
      { numRuns: 1500 },
    );
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
