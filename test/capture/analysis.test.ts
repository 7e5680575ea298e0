// Every connection of every synthetic capture converts to a flow the checker
// accepts with no error and no warning (the loopback captures, committed and
// fresh, are checked the same way in loopback.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsAndWarnings } from './clean';
import { convertAll } from './helpers';
import { syntheticFixtures } from './make-synthetic';

for (const fixture of syntheticFixtures()) {
  test(`${fixture.name} converts to flows that check clean`, () => {
    for (const relative of [false, true]) {
      for (const text of convertAll(fixture.bytes, fixture.name, relative)) {
        assert.deepStrictEqual(errorsAndWarnings(text), [], text);
      }
    }
  });
}
