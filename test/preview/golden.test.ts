// The Mermaid text of every example, pinned: a change to the diagram is seen
// and reviewed (`npm run golden:update` rewrites the files). Also checks the
// invariants the preview relies on: chunks carry the same participants, and
// the elements point at arrows and notes that the chunk's text really draws.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { assertGolden, EXAMPLES, flowFiles, ROOT } from '../helpers';

const GOLDEN = join(ROOT, 'test', 'golden', 'mermaid');

const header = (text: string) => text.split('\n').filter((l) => /^ {2}participant /.test(l));
const arrows = (text: string) => text.split('\n').filter((l) => /^\s*P\d+(->>|-x)P\d+:/.test(l)).length;
const notes = (text: string) => text.split('\n').filter((l) => /^\s*Note over /.test(l)).length;

describe('Mermaid text of the examples', () => {
  for (const file of flowFiles(EXAMPLES)) {
    const name = relative(EXAMPLES, file);
    it(name, () => {
      const a = analyze(readFileSync(file, 'utf8'));
      const d = toMermaid(a);
      assertGolden(join(GOLDEN, name.replace(/\.tcpflow$/, '.mmd')), d.mermaid);

      const chunked = toMermaid(a, { chunkSize: 2 });
      for (const c of chunked.chunks) assert.deepEqual(header(c), header(d.mermaid), 'every chunk declares the same participants');
      chunked.chunks.forEach((c, i) => {
        const mine = chunked.elements.filter((e) => e.chunk === i);
        assert.equal(mine.filter((e) => e.kind === 'arrow').length, arrows(c), `arrows of chunk ${i}`);
        assert.equal(mine.filter((e) => e.kind === 'note').length, notes(c), `notes of chunk ${i}`);
      });
      assert.equal(chunked.elements.filter((e) => e.kind === 'arrow').length, arrows(d.mermaid));
    });
  }
});
