// Fidelity to the RFCs: flows written from RFC 9293, RFC 5961 and RFC 7413
// (each cites its section), independent of the checker's own examples.
// A legal flow checks with no error and no warning; a faulty flow has exactly
// one fault, and every annotated line gets exactly its `# expect:` codes
// (error, warning and info; hints are not compared).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { analyze, type Analysis } from '../server/src/language/analysis';
import { diagnosticLine, expectations, flowFiles, ROOT } from './helpers';

const DIR = join(ROOT, 'test', 'fidelity');
const LEGAL = flowFiles(join(DIR, 'legal'));
const FAULTY = flowFiles(join(DIR, 'faulty'));
const COMPARED = new Set(['error', 'warning', 'info']);
const SERIOUS = new Set(['error', 'warning']);

function diagnostics(a: Analysis) {
  return a.diagnostics().map((d) => ({ d, line: a.lines.position(d.start).line + 1, text: diagnosticLine(a, d) }));
}

test('the fidelity suite has at least 22 legal and 22 faulty flows', () => {
  assert.ok(LEGAL.length >= 22, `${LEGAL.length} legal flows`);
  assert.ok(FAULTY.length >= 22, `${FAULTY.length} faulty flows`);
});

for (const file of LEGAL) {
  test(`legal ${basename(file)}: no error and no warning`, () => {
    const text = readFileSync(file, 'utf8');
    assert.equal(expectations(text).size, 0, 'a legal flow has no `# expect:` line');
    const serious = diagnostics(analyze(text)).filter((x) => SERIOUS.has(x.d.severity));
    assert.deepEqual(serious.map((x) => x.text), []);
  });
}

for (const file of FAULTY) {
  test(`faulty ${basename(file)}: exactly the annotated codes`, () => {
    const text = readFileSync(file, 'utf8');
    const expected = expectations(text);
    assert.equal(expected.size, 1, 'a faulty flow marks exactly one line');
    const all = diagnostics(analyze(text));
    for (const [line, codes] of expected) {
      const here = all.filter((x) => x.line === line && COMPARED.has(x.d.severity));
      assert.deepEqual(
        here.map((x) => x.d.code).sort(),
        codes,
        `line ${line}:\n${here.map((x) => x.text).join('\n')}`,
      );
      assert.ok(
        here.some((x) => SERIOUS.has(x.d.severity)),
        `line ${line} carries the fault, so it has an error or a warning:\n${here.map((x) => x.text).join('\n')}`,
      );
    }
    const stray = all.filter((x) => !expected.has(x.line) && SERIOUS.has(x.d.severity));
    assert.deepEqual(stray.map((x) => x.text), []);
  });
}
