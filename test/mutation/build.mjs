// Run by `npm run mutate` in Stryker's sandbox, after the sources are
// instrumented: bundles the tests that exercise server/src/language/check and
// tcp into one CommonJS file, the fastest killers first. Each mutant then costs
// one plain `node` start instead of a TypeScript loader and a module graph.
// A listed file not in this branch yet is left out.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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

await esbuild.build({
  stdin: { contents: FILES.filter((f) => existsSync(`test/${f}`)).map((f) => `import './${f}';`).join('\n'), resolveDir: 'test', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  // Beside the tests, so that `__dirname` in test/helpers.ts still names test/.
  outfile: 'test/.mutation-suite.cjs',
  logLevel: 'warning',
});
