// Every example is a test: clean examples produce no error or warning, and the
// codes reported on each line (errors, warnings, information) are exactly the
// `# expect:` annotations. Golden files pin the ranges and messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { assertGolden, diagnosticLine, EXAMPLES, expectations, flowFiles, ROOT } from './helpers';

const files = flowFiles(EXAMPLES);

describe('examples', () => {
  it('has the examples the project promises', () => {
    const names = files.map((f) => relative(EXAMPLES, f));
    for (const required of [
      'article-handshake-teardown.tcpflow', 'http-request.tcpflow', 'half-close.tcpflow', 'simultaneous-open.tcpflow',
      'simultaneous-close.tcpflow', 'connection-refused.tcpflow', 'abort.tcpflow', 'lost-syn.tcpflow', 'lost-data.tcpflow',
      'lost-fin.tcpflow', 'time-wait-retransmitted-fin.tcpflow', 'sequence-wraparound.tcpflow', 'old-duplicate-syn.tcpflow',
      'errors/two-way-handshake.tcpflow', 'errors/data-before-established.tcpflow', 'errors/ack-of-unsent-data.tcpflow',
      'errors/fin-in-syn-sent.tcpflow', 'errors/data-after-fin.tcpflow',
    ]) assert.ok(names.includes(required), `examples/${required} is missing`);
  });

  for (const file of files) {
    const name = relative(EXAMPLES, file);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const a = analyze(text);
      const diags = a.diagnostics();
      const isErrorExample = name.startsWith('errors/');

      const actual = new Map<number, string[]>();
      for (const d of diags) {
        if (d.severity === 'hint') continue;
        const line = a.lines.position(d.start).line + 1;
        actual.set(line, [...(actual.get(line) ?? []), d.code].sort());
      }
      assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expectations(text)), `codes by line in ${name}`);

      if (isErrorExample) assert.ok(diags.some((d) => d.severity === 'error'), `${name} shows no error`);
      else assert.deepEqual(diags.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => diagnosticLine(a, d)), []);

      // Golden file: exact ranges and messages, reviewed when they change.
      const golden = join(ROOT, 'test', 'golden', name.replace(/\.tcpflow$/, '.expected'));
      assertGolden(golden, diags.map((d) => diagnosticLine(a, d)).join('\n') + '\n');
    });
  }
});
