// The preview's diagram source is the same whether the whole diagram came at
// once or its outline first and its chunks when asked: the same chunks, the
// same error marks, and each line found in the chunk that draws it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { chunkedDiagram } from '../../server/src/language/mermaid';
import { DiagramSource } from '../../client/webview/source';
import { EXAMPLES, flowFiles } from '../helpers';
import { diagramOf, longFlow } from './browser';

const withError = (text: string) => `${text}Server -> Client : SYN seq=1\n`;

describe('the preview\'s diagram source', () => {
  it('is the same from the whole diagram and from the outline and its chunks', () => {
    const texts = [...flowFiles(EXAMPLES).map((f) => withError(readFileSync(f, 'utf8'))), longFlow(100), withError(longFlow(50))];
    for (const text of texts) {
      for (const chunkSize of [1, 5, 12]) {
        const whole = diagramOf(text, chunkSize);
        const fromWhole = DiagramSource.whole(whole);
        const d = chunkedDiagram(analyze(text), { chunkSize });
        const lazy = DiagramSource.outline({ version: 1, title: d.title, participants: d.participants, chunkLines: d.chunkLines, errors: d.errors, syntaxErrors: whole.syntaxErrors });
        assert.equal(lazy.count, fromWhole.count);
        assert.deepEqual(lazy.errors, fromWhole.errors);
        assert.equal(lazy.text(0), undefined, 'no text before it is supplied');
        assert.deepEqual(lazy.toAsk([0, 1, 0]), [0, 1].slice(0, lazy.count));
        assert.deepEqual(lazy.toAsk([0]), [], 'a chunk asked for is not asked for again');
        for (let i = 0; i < lazy.count; i++) lazy.supply(d.chunk(i)!);
        for (let i = 0; i < lazy.count; i++) {
          assert.equal(lazy.text(i), fromWhole.text(i));
          assert.deepEqual(lazy.elementsOf(i), fromWhole.elementsOf(i));
        }
        for (const e of whole.elements) {
          assert.equal(lazy.chunkOfLine(e.line), e.chunk, `line ${e.line}`);
          assert.equal(fromWhole.chunkOfLine(e.line), e.chunk, `line ${e.line}`);
        }
      }
    }
  });
});
