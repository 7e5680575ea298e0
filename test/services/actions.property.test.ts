// Every code action and every formatting result, on mutated examples: the text
// it produces has no new syntax finding (TF1xx), a quick fix removes the finding
// it names, a refactoring keeps what the flow does, and formatting keeps it too
// and is idempotent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, type Analysis } from '../../server/src/language/analysis';
import type { Finding, TextEdit } from '../../server/src/language/check/diagnostic';
import { codeActions, fixesFor, resolveEdits } from '../../server/src/language/services/codeActions';
import { format } from '../../server/src/language/services/format';
import { applyEdits, behaviour, examples } from './util';

const EXAMPLES = examples();

/** Words a mutation inserts: pieces of the language, and near-misses of them. */
const WORDS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'syn', '+', ',', 'seq=1', 'ack=1', 'seq=0', 'ack=4294967295', '"x"', '""', ':', '->', '-x', '{', '}',
  'old', 'simultaneous {', 'close', 'listen', 'LISTEN', 'ESTABLISHED', 'SYN_RCVD', '0.5', 'len=3', 'win=0', 'mss=1460', 'SYN(ISN)', 'ACK(FIN+1)', 'FIN+1',
  'SYN+1', 'Client', 'Server', 'A', 'endpoint', 'note', 'title', '# c', 'foo=1', 'timeout', 'wait 2MSL', '1', '100'];

type Mutation = (lines: string[], r: number[]) => string[];

const pick = <T>(xs: readonly T[], r: number): T => xs[r % xs.length];
const tokens = (line: string) => line.split(/(\s+)/);
const MUTATIONS: Record<string, Mutation> = {
  deleteLine: (ls, [i]) => ls.filter((_, k) => k !== i % ls.length),
  duplicateLine: (ls, [i]) => ls.flatMap((l, k) => (k === i % ls.length ? [l, l] : [l])),
  swapLines: (ls, [i]) => {
    const k = i % Math.max(1, ls.length - 1);
    return ls.map((l, j) => (j === k ? ls[k + 1] ?? l : j === k + 1 ? ls[k] : l));
  },
  emptySpec: (ls, [i]) => ls.map((l, k) => (k === i % ls.length && l.includes(':') ? l.slice(0, l.indexOf(':') + 1) : l)),
  deleteWord: (ls, [i, j]) => ls.map((l, k) => (k === i % ls.length ? tokens(l).filter((_, w) => w !== (j % Math.max(1, tokens(l).length))).join('') : l)),
  insertWord: (ls, [i, j, w]) => ls.map((l, k) => {
    if (k !== i % ls.length) return l;
    const t = tokens(l);
    t.splice(j % (t.length + 1), 0, ` ${pick(WORDS, w)} `);
    return t.join('');
  }),
  changeNumber: (ls, [i, j, n]) => ls.map((l, k) => {
    if (k !== i % ls.length) return l;
    let m = 0;
    return l.replace(/\d+/g, (d) => (m++ === j % 4 ? String([0, 1, 2, 101, 4294967295, n][n % 6]) : d));
  }),
  dropNumbers: (ls, [i]) => ls.map((l, k) => (k === i % ls.length ? l.replace(/\b(seq|ack)=\S+/gi, '') : l)),
  insertLine: (ls, [i, w]) => [...ls.slice(0, i % (ls.length + 1)), pick(WORDS, w), ...ls.slice(i % (ls.length + 1))],
};

/** An example with a few mutations, its lines ending with \n, \r\n or a lone \r. */
const mutated = fc.tuple(
  fc.constantFrom(...EXAMPLES),
  fc.array(fc.tuple(fc.constantFrom(...Object.keys(MUTATIONS)), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 3 }),
  fc.constantFrom('\n', '\r\n', '\r'),
).map(([ex, ms, eol]) => {
  let lines = ex.text.split('\n');
  for (const [m, r] of ms) lines = MUTATIONS[m](lines, r);
  return lines.join(eol);
});

const syntaxCodes = (a: Analysis) => a.findings.filter((f) => f.code.startsWith('TF1')).map((f) => f.code).sort();

/** Findings of `after` that `before` did not have (as a multiset of codes). */
function added(before: readonly string[], after: readonly string[]): string[] {
  const left = [...before];
  return after.filter((c) => {
    const i = left.indexOf(c);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** Where an offset of the text before the edits is after them (text inserted at the offset goes before it). */
function mapOffset(edits: readonly TextEdit[], offset: number): number {
  let delta = 0;
  for (const e of [...edits].sort((x, y) => x.start - y.start)) {
    if (e.end <= offset) delta += e.newText.length - (e.end - e.start);
    else if (e.start < offset) return e.start + delta;
  }
  return offset + delta;
}

/** Findings with the finding's code on the line it maps to. */
function onLine(a: Analysis, code: string, line: number): Finding[] {
  return a.findings.filter((g) => g.code === code && a.lines.position(g.start).line === line);
}

function checkFix(text: string, a: Analysis, f: Finding, title: string, edits: readonly TextEdit[]): void {
  const out = applyEdits(text, edits);
  const b = analyze(out);
  const where = `'${title}' for ${f.code} (${f.message}) in\n${text}\n→\n${out}`;
  assert.notEqual(out, text, `${where}: changes nothing`);
  assert.deepEqual(added(syntaxCodes(a), syntaxCodes(b)), [], `${where}: adds syntax findings`);
  // Gone from its line, or (a line removed) fewer in the file.
  const line = a.lines.position(f.start).line;
  const mapped = b.lines.position(mapOffset(edits, f.start)).line;
  const fewer = (x: Analysis) => x.findings.filter((g) => g.code === f.code).length;
  assert.ok(onLine(b, f.code, mapped).length < onLine(a, f.code, line).length || fewer(b) < fewer(a), `${where}: leaves its finding`);
}

/** The steps the flow replays, without the codes. */
const steps = (a: Analysis) => JSON.parse(behaviour(a)).steps;

describe('code actions on mutated examples', () => {
  it('every quick fix removes its finding and adds no syntax finding', () => {
    let applied = 0;
    fc.assert(fc.property(mutated, (text) => {
      const a = analyze(text);
      for (const f of a.findings) for (const fix of fixesFor(a, f)) {
        checkFix(text, a, f, fix.title, fix.edits);
        applied++;
      }
    }), { numRuns: 300, includeErrorInReport: true });
    assert.ok(applied > 100, `${applied} fixes applied`);
  });

  it('filling in inferred numbers adds no finding and keeps what the flow does', () => {
    fc.assert(fc.property(mutated, fc.nat(), (text, n) => {
      const a = analyze(text);
      const at = n % (text.length + 1);
      for (const action of codeActions(a, { start: at, end: at }, { strict: true })) {
        if (action.kind !== 'refactor.rewrite') continue;
        const edits = action.edits ?? resolveEdits(a, action.lazy!);
        const out = applyEdits(text, edits);
        const b = analyze(out);
        const where = `'${action.title}' in\n${text}\n→\n${out}`;
        assert.deepEqual(added(a.findings.map((f) => f.code), b.findings.map((f) => f.code)), [], `${where}: adds findings`);
        assert.deepEqual(steps(b), steps(a), `${where}: changes the flow`);
      }
    }), { numRuns: 300, includeErrorInReport: true });
  });
});

describe('formatting mutated examples', () => {
  it('adds no syntax finding, keeps what the flow does, and is idempotent', () => {
    fc.assert(fc.property(mutated, (text) => {
      const a = analyze(text);
      const once = applyEdits(text, format(a));
      const b = analyze(once);
      assert.deepEqual(added(syntaxCodes(a), syntaxCodes(b)), [], `adds syntax findings:\n${text}\n→\n${once}`);
      assert.deepEqual(steps(b), steps(a), `changes the flow:\n${text}\n→\n${once}`);
      assert.deepEqual(b.findings.map((f) => f.code).sort(), a.findings.map((f) => f.code).sort(), `changes the findings:\n${text}\n→\n${once}`);
      assert.equal(applyEdits(once, format(b)), once, `formats again:\n${once}`);
    }), { numRuns: 300, includeErrorInReport: true });
  });
});
