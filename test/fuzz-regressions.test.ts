// Defects the fuzzer (npm run fuzz) found, each reproduced at its smallest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { completions } from '../server/src/language/services/completion';

describe('fuzz regressions', () => {
  it('completion at offset 0 of a text that starts with a line break replaces nothing before the cursor', () => {
    for (const text of ['\n', '\nClient -> Server : SYN seq=100\n']) {
      const items = completions(analyze(text), 0);
      assert.ok(items.length > 0);
      for (const c of items) assert.ok(c.start <= 0 && c.end === 0, `"${c.label}" replaces ${c.start}..${c.end}`);
    }
  });
});
