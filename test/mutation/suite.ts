// What `npm run mutate` runs against each mutant of the checker: the tests that
// exercise server/src/language/check and tcp, in one process (one start-up per
// mutant instead of one per file), the fastest killers first. A file not in
// this branch yet is left out.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FILES = [
  'checker.test.ts',
  'boundaries.test.ts',
  'protocol.test.ts',
  'examples.test.ts',
  'transitions.test.ts',
  'services/statesAt.test.ts',
  'services/inlayHints.test.ts',
  'services/hover.test.ts',
  'services/codeActions.test.ts',
  'properties.test.ts',
];

for (const f of FILES) {
  const path = join(__dirname, '..', f);
  if (existsSync(path)) require(path);
}
