// How the commands speak when something is wrong: one line in one form,
// `tcpflow COMMAND: what: problem`, a suggestion for a mistyped option, no
// stack trace (unless TCPFLOW_DEBUG=1), and a quiet end when the reader of the
// output goes away.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { closest } from '../../server/src/cli/args';
import { internalError } from '../../server/src/cli/failure';
import { shown } from '../../server/src/cli/io';
import { BIN, longFlow, scratch, tcpflow, write } from './run';

const dir = scratch('messages');
const flow = 'examples/abort.tcpflow';

describe('a mistyped option', () => {
  it('gets one line with balanced quotes and the option meant', () => {
    const r = tcpflow(['check', '--strictt', flow]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'tcpflow check: unknown option --strictt (did you mean --strict?)\n');
    assert.equal(tcpflow(['export', flow, '--fromat', 'md']).stderr, 'tcpflow export: unknown option --fromat (did you mean --format?)\n');
    assert.equal(tcpflow(['states', '--jsn', flow]).stderr, 'tcpflow states: unknown option --jsn (see tcpflow states --help)\n');
    assert.equal(tcpflow(['check', '-x', flow]).stderr, 'tcpflow check: unknown option -x (see tcpflow check --help)\n');
  });

  it('a missing or unexpected value is named the same way', () => {
    assert.equal(tcpflow(['check', flow, '--format']).stderr, 'tcpflow check: --format needs a value (see tcpflow check --help)\n');
    assert.equal(tcpflow(['check', '--strict=yes', flow]).stderr, 'tcpflow check: --strict takes no value (see tcpflow check --help)\n');
  });

  it('a mistyped command too', () => {
    const r = tcpflow(['chekc', flow]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'tcpflow: unknown command chekc (did you mean check?)\n');
  });

  it('suggests the option one typing slip away from a real one', () => {
    const options = ['--strict', '--severity', '--verbose', '--format', '--max-size', '--help'];
    fc.assert(fc.property(fc.constantFrom(...options), fc.nat(), fc.constantFrom('drop', 'double', 'swap'), (option, at, slip) => {
      const i = 2 + (at % (option.length - 3));
      const typed = slip === 'drop' ? option.slice(0, i) + option.slice(i + 1)
        : slip === 'double' ? option.slice(0, i) + option[i] + option.slice(i)
        : option.slice(0, i) + option[i + 1] + option[i] + option.slice(i + 2);
      if (typed !== option) assert.equal(closest(typed, options), option, typed);
    }));
  });
});

describe('one form for every message', () => {
  const missing = join(dir, 'missing.tcpflow');
  const cases: [string, string[]][] = [
    ['check', ['check', missing]],
    ['check', ['check', '--format', 'xml', flow]],
    ['check', ['check']],
    ['states', ['states', missing]],
    ['states', ['states', 'examples']],
    ['states', ['states', flow, flow]],
    ['states', ['states']],
    ['export', ['export', missing, '--format', 'md']],
    ['export', ['export', flow, '--format', 'gif']],
    ['export', ['export', flow]],
    ['export', ['export', flow, 'examples/lost-syn.tcpflow', '--format', 'mmd', '-o', '-']],
  ];
  for (const [command, args] of cases) {
    it(`tcpflow ${args.join(' ')}`, () => {
      const r = tcpflow(args);
      assert.equal(r.code, 2);
      for (const line of r.stderr.trimEnd().split('\n')) {
        assert.match(line, new RegExp(`^tcpflow ${command}: \\S`), 'every line names the command');
        assert.equal((line.match(/'/g) ?? []).length % 2, 0, `balanced quotes: ${line}`);
        assert.doesNotMatch(line, /directory|ENOENT|EACCES|Error:|\n {4}at /, line);
      }
    });
  }

  it('prints file names with their control characters escaped', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => {
      assert.doesNotMatch(shown(name), /[\x00-\x1f\x7f-\x9f]/);
    }));
    const r = tcpflow(['check', 'evil\n\x1b[2Jname.tcpflow']);
    assert.equal(r.stderr.split('\n')[0], 'tcpflow check: evil\\x0a\\x1b[2Jname.tcpflow: no such file or folder');
  });
});

describe('no stack trace', () => {
  it('states of a flow of 125,000 steps prints the whole table', () => {
    // Before: RangeError: Maximum call stack size exceeded (a spread of every row into Math.max).
    const file = write(dir, 'long.tcpflow', longFlow(125_000));
    const r = tcpflow(['states', file]);
    assert.equal(r.code, 0, r.stderr.slice(0, 500));
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2 + 1 + 125_003);
    assert.match(lines.at(-1)!, /^125003\s+125003\s+A -> B\s+ESTABLISHED\s+ESTABLISHED\s+ACK seq=2 ack=101\s+accepted$/);
  });

  it('a command piped into head ends quietly, as a Unix tool does (status 141, SIGPIPE)', () => {
    const file = write(dir, 'piped.tcpflow', longFlow(5000));
    const errors = join(dir, 'piped.err');
    for (const args of [['states', file], ['states', '--format', 'json', file], ['export', file, '--format', 'md', '-o', '-']]) {
      const script = `"$0" "$@" 2>"${errors}" | head -n 1; echo "\${PIPESTATUS[0]}"`;
      const r = spawnSync('bash', ['-c', script, process.execPath, BIN, ...args], { encoding: 'utf8' });
      const [first, status] = r.stdout.trimEnd().split('\n');
      assert.ok(first.length > 0, 'head printed the first line');
      assert.equal(readFileSync(errors, 'utf8'), '', `nothing on standard error for ${args.join(' ')}`);
      assert.equal(status, '141');
    }
  });

  it('an internal error is one line; TCPFLOW_DEBUG=1 adds the stack', () => {
    const e = new TypeError('x is undefined\nsecond line');
    const line = internalError(e, {});
    assert.equal(line, 'internal error: x is undefined (a defect in tcpflow: TCPFLOW_DEBUG=1 shows where, to report it)');
    const debug = internalError(e, { TCPFLOW_DEBUG: '1' });
    assert.match(debug, /^internal error: x is undefined\nTypeError: x is undefined\nsecond line\n {4}at /);
  });
});
