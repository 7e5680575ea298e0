import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { statesAt } from '../../server/src/language/services/statesAt';
import { STATE_NAMES } from '../../server/src/language/tcp/states';
import { examples } from './util';

describe('states at a line', () => {
  it('are the states after the last statement on or before the line, the initial ones before any', () => {
    for (const { name, text } of examples()) {
      const a = analyze(text);
      const lines = text.split('\n').length;
      let expected = a.result.endpoints.map((e) => STATE_NAMES[e.initial]);
      for (let line = 0; line < lines; line++) {
        for (const s of a.result.steps) if (a.lines.position(s.stmt.start).line === line) expected = s.after.map((t) => STATE_NAMES[t.state]);
        assert.deepEqual(statesAt(a, line).map((e) => e.state), expected, `${name}:${line + 1}`);
        assert.deepEqual(statesAt(a, line).map((e) => e.name), a.result.endpoints.map((e) => e.name));
      }
    }
  });
});
