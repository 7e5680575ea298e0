// Incremental analysis equals a fresh one: after any sequence of edits
// (characters and whole lines inserted, deleted or replaced), over the examples,
// the fidelity flows and generated flows, every finding, inference, step,
// symbol and statement is what `analyze` gives for the final text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateFlow } from '../bench/generate';
import { analyze, statementsChecked, takeOver, type Analysis } from '../server/src/language/analysis';
import { CHECKPOINT_EVERY } from '../server/src/language/check/checkpoint';
import { reanalyze, type OffsetEdit } from '../server/src/language/incremental';
import { formatNum, resolve, type Num } from '../server/src/language/tcp/seqnum';
import type { TcbSnapshot } from '../server/src/language/tcp/tcb';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

const FLOWS = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test', 'fidelity'))].map((f) => readFileSync(f, 'utf8'));
const GENERATED = [generateFlow(2_500), generateFlow(12_000)];
const SOURCES = [...FLOWS, ...GENERATED];
/** Lines that change what the checker carries: declarations, blocks, symbols, the words SYN and FIN, timestamps. */
const LINES = [
  ...new Set(SOURCES.flatMap((t) => t.split('\n'))),
  'simultaneous {', '}', 'endpoint Client "c" SYN_SENT', 'title "x"', 'Client -> Server : ACK ack=SYN+1', 'Server -> Client : FIN seq=ISN_S+1',
  '9.5 Client -> Server : ACK', '0.1 Server -> Client : RST', 'Client: close', 'Server: ESTABLISHED', 'old Client -> Server : SYN seq=ISN_X',
];
const PIECES = ['\n', ' ', '}', '{', 'SYN', 'ACK', 'FIN', '+1', 'seq=', 'ack=ISN_C', '"', '#', '1', '0', '->', '-x', ':', 'x', 'Client', 'Server', '\r\n'];

/** Everything an analysis answers, as plain data (numbers as they print once the check ended). */
function observable(a: Analysis): unknown {
  const num = (n: Num | undefined) => (n === undefined ? undefined : formatNum(resolve(n)));
  const tcb = (s: TcbSnapshot) => ({ state: s.state, iss: num(s.iss), sndUna: num(s.sndUna), sndNxt: num(s.sndNxt), irs: num(s.irs), rcvNxt: num(s.rcvNxt) });
  const r = a.result;
  return {
    text: a.text,
    statements: JSON.stringify(a.file.statements, (k, v) => (k === 'block' ? v?.start : v)),
    findings: a.findings,
    diagnostics: a.diagnostics({ strict: true }),
    inferences: r.inferences,
    endpoints: r.endpoints.map((e) => ({ ...e, decl: e.decl?.start })),
    symbols: [...r.symbols.values()].map((s) => ({ name: s.name, value: s.value, uses: s.uses.map((u) => [u.start, u.end]), at: s.base.span?.start })),
    steps: r.steps.map((s) => ({
      n: s.n, stmt: [s.stmt.kind, s.stmt.start, s.stmt.end], endpoint: s.endpoint, outcome: s.outcome,
      before: s.before.map(tcb), after: s.after.map(tcb),
      segment: s.segment && { flags: s.segment.flags, seq: num(s.segment.seq), ack: num(s.segment.ack), len: s.segment.len, stmt: s.segment.stmt.start },
    })),
  };
}

/** An edit as data (so a failing case prints): where (any natural, taken modulo the text), what. */
type EditSpec =
  | { readonly op: 'insert'; readonly k: number; readonly text: string }
  | { readonly op: 'delete'; readonly k: number; readonly n: number; readonly text: string }
  | { readonly op: 'line'; readonly k: number; readonly text: string; readonly replace: boolean };

const at = (text: string, k: number) => k % (text.length + 1);
const lineBounds = (text: string, k: number) => {
  const start = text.lastIndexOf('\n', at(text, k) - 1) + 1;
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl + 1 };
};

function realize(e: EditSpec, t: string): OffsetEdit {
  const start = at(t, e.k);
  switch (e.op) {
    case 'insert': return { start, end: start, text: e.text };
    case 'delete': return { start, end: Math.min(t.length, start + e.n), text: e.text };
    case 'line': {
      const b = lineBounds(t, e.k);
      return { start: b.start, end: e.replace ? b.end : b.start, text: e.text };
    }
  }
}

const edit: fc.Arbitrary<EditSpec> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), k: fc.nat(), text: fc.constantFrom(...PIECES) }),
  fc.record({ op: fc.constant('delete' as const), k: fc.nat(), n: fc.integer({ min: 1, max: 12 }), text: fc.constantFrom('', ...PIECES) }),
  fc.record({ op: fc.constant('line' as const), k: fc.nat(), text: fc.constantFrom('', ...LINES.map((l) => `${l}\n`)), replace: fc.boolean() }),
);

/** One change event: one edit, or several applied in order (as an editor may send them). */
const change = fc.array(edit, { minLength: 1, maxLength: 3 });

function applyAll(text: string, edits: readonly OffsetEdit[]): string {
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

function replay(source: string, changes: readonly EditSpec[][], everyStep: boolean): void {
  let text = source;
  let a = analyze(text);
  for (const specs of changes) {
    const edits: OffsetEdit[] = [];
    let t = text;
    for (const spec of specs) {
      const e = realize(spec, t);
      edits.push(e);
      t = applyAll(t, [e]);
    }
    text = t;
    a = reanalyze(a, edits);
    if (everyStep) assert.deepEqual(observable(a), observable(analyze(text)));
  }
  assert.deepEqual(observable(a), observable(analyze(text)));
}

describe('incremental analysis', () => {
  it('equals a fresh analysis after every change of a random sequence, over examples and generated flows', () => {
    fc.assert(
      fc.property(fc.nat(SOURCES.length - 1), fc.array(change, { minLength: 1, maxLength: 12 }), (i, changes) => replay(SOURCES[i], changes, true)),
      { numRuns: 1500 },
    );
  });

  it('equals a fresh analysis after long sequences of edits on one generated flow', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 20, maxLength: 60 }), (changes) => replay(GENERATED[1], changes, false)),
      { numRuns: 60 },
    );
  });

  it('every example keeps its answers when typed in line by line', () => {
    for (const source of FLOWS) {
      let a = analyze('');
      let text = '';
      for (const line of source.split(/(?<=\n)/)) {
        a = reanalyze(a, [{ start: text.length, end: text.length, text: line }]);
        text += line;
      }
      assert.deepEqual(observable(a), observable(analyze(source)));
    }
  });

  it('a local edit in the middle of a long flow checks a few statements, not the rest of the file', () => {
    const source = generateFlow(150_000);
    const lines = source.split('\n');
    const mid = lines.slice(0, lines.length >> 1).join('\n').length + 1;
    const line = lines[lines.length >> 1];
    const edits: [string, OffsetEdit][] = [
      ['a comment typed', { start: mid + line.length, end: mid + line.length, text: ' # x' }],
      ['a flag deleted', { start: mid + line.indexOf('ACK'), end: mid + line.indexOf('ACK') + 3, text: '' }],
      ['a line deleted', { start: mid, end: mid + line.length + 1, text: '' }],
      ['a line inserted', { start: mid, end: mid, text: `${line}\n` }],
      ['a line break', { start: mid + 5, end: mid + 5, text: '\n' }],
    ];
    for (const [what, e] of edits) {
      const a = reanalyze(analyze(source), [e]);
      const text = applyAll(source, [e]);
      assert.deepEqual(observable(a), observable(analyze(text)), what);
      assert.ok(statementsChecked(a)! <= 2 * CHECKPOINT_EVERY + 2, `${what}: ${statementsChecked(a)} statements checked of ${a.file.statements.length}`);
    }
  });

  it('edits that re-check the rest of the flow, one after another, leave no more replaced timeline rows than live ones', () => {
    let a = analyze(GENERATED[1]);
    for (let i = 0; i < 8; i++) {
      // A data line in the middle commented out: every later sequence number leaves a gap.
      const data = /^[0-9].*len=1448$/gm;
      data.lastIndex = a.text.length >> 1;
      const at = data.exec(a.text)!.index;
      a = reanalyze(a, [{ start: at, end: at, text: '#' }]);
      assert.ok(statementsChecked(a)! > a.result.steps.length / 4, `edit ${i} re-checks the rest of the flow`);
    }
    assert.deepEqual(observable(a), observable(analyze(a.text)));
    const log = takeOver(a)!.run.log!;
    assert.ok(log.timeline.wasted(log.steps.length) <= log.steps.length, `${log.timeline.wasted(log.steps.length)} replaced rows for ${log.steps.length} steps`);
  });

  it('a previous analysis taken over twice gives a fresh analysis the second time', () => {
    const a = analyze(GENERATED[0]);
    reanalyze(a, [{ start: 0, end: 0, text: '\n' }]);
    const again = reanalyze(a, [{ start: 0, end: 0, text: '# x\n' }]);
    assert.deepEqual(observable(again), observable(analyze(`# x\n${GENERATED[0]}`)));
  });
});
