// A diagram's chunks drawn when asked are the chunks of the whole diagram:
// the same texts, the same elements, and an outline that says where each
// chunk starts and which lines have errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/language/analysis';
import { chunkedDiagram, toMermaid, type MermaidOptions } from '../../server/src/language/mermaid';
import { EXAMPLES, flowFiles } from '../helpers';

function assertSame(text: string, options: MermaidOptions & { chunkSize: number }, name: string): void {
  const a = analyze(text);
  const whole = toMermaid(a, options);
  const lazy = chunkedDiagram(a, options);
  assert.equal(lazy.chunkLines.length, whole.chunks.length, `${name}: chunk count`);
  assert.equal(lazy.title, whole.title, name);
  whole.chunks.forEach((chunk, i) => {
    const c = lazy.chunk(i)!;
    assert.equal(c.text, chunk, `${name}: chunk ${i}`);
    assert.deepEqual(c.elements, whole.elements.filter((e) => e.chunk === i), `${name}: elements of chunk ${i}`);
    const first = c.elements[0];
    if (first) assert.equal(lazy.chunkLines[i], first.line, `${name}: first line of chunk ${i}`);
  });
  assert.equal(lazy.chunk(whole.chunks.length), undefined);
  assert.equal(lazy.chunk(-1), undefined);
  const errorLines = [...new Set(whole.elements.filter((e) => e.error).map((e) => `${e.line}:${e.chunk}`))];
  assert.deepEqual(lazy.errors.map((e) => `${e.line}:${e.chunk}`), errorLines, `${name}: errors`);
  assert.equal(lazy.participants > 0, /^\s*participant /m.test(whole.mermaid), `${name}: participants`);
}

describe('chunks drawn when asked', () => {
  it('equal the chunks of the whole diagram for every example, in every notation', () => {
    for (const file of flowFiles(EXAMPLES)) {
      const text = readFileSync(file, 'utf8');
      for (const labels of ['article', 'explicit'] as const) {
        for (const chunkSize of [1, 3, 12]) assertSame(text, { chunkSize, labels, inferred: chunkSize === 3, timestamps: chunkSize === 1 }, `${file} ${labels} ${chunkSize}`);
      }
    }
  });

  it('equal them for any mix of statements, errors included', () => {
    const line = fc.constantFrom(
      'A -> B : SYN seq=100', 'B -> A : SYN+ACK seq=300 ack=101', 'A -> B : ACK', 'A -> B : PSH+ACK len=10 "data"',
      'B -x A : ACK', 'A -> B : RST', 'note A, B "a note"', 'note A "<b>"', 'A -> B : SYNN', 'A -> A : SYN', 'title "T"',
      'A: close', 'A -> B : FIN+ACK', '[ A -> B : ACK | B -> A : ACK ]', '',
    );
    const part = fc.option(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.nat(20)).map(([from, n]) => ({ from, to: from + n })), { nil: undefined });
    fc.assert(fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), part, (lines, chunkSize, range) => {
      assertSame(lines.join('\n') + '\n', { chunkSize, lines: range }, `${lines.join(' / ')} lines ${JSON.stringify(range)}`);
    }), { numRuns: 300 });
  });

  it('has nothing to draw in an empty flow', () => {
    const lazy = chunkedDiagram(analyze(''), { chunkSize: 12 });
    assert.equal(lazy.participants, 0);
    assert.deepEqual(lazy.chunkLines, [0]);
    assert.equal(lazy.chunk(0)!.text, toMermaid(analyze(''), { chunkSize: 12 }).chunks[0]);
  });
});
