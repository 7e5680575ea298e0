// The timeline walked a piece at a time (`tcpflow states` on files too large
// for one syntax tree) hands out the steps of a whole analysis, in the same
// order, and each reads, when handed out, as the whole analysis shows it at the
// end — whatever the piece size; and `states` prints, in text and JSON, what
// the table and JSON of the whole analysis are, and the Markdown export what
// toMarkdown writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateFlow } from '../bench/generate';
import { runStates } from '../server/src/cli/commands/states';
import type { CliIO } from '../server/src/cli/io';
import { table } from '../server/src/cli/table';
import { analyze } from '../server/src/language/analysis';
import { timelineRow, timelineRows, type TimelineRow } from '../server/src/language/describe';
import { toMarkdown, writeMarkdown, type MermaidOptions } from '../server/src/language/mermaid';
import { timelineInPieces, type PieceSetup } from '../server/src/language/pieces';
import type { Finding } from '../server/src/language/check/diagnostic';
import type { Statement } from '../server/src/language/syntax/ast';
import { STATE_NAMES } from '../server/src/language/tcp/states';
import { LineIndex } from '../server/src/language/text';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

const FILES = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test', 'fidelity'))];
const FLOWS = FILES.map((f) => readFileSync(f, 'utf8'));
const LINES = [...new Set(FLOWS.flatMap((t) => t.split('\n')))];
// Symbols bound at first use and pinned later: rows shown before the pin must wait for it.
const SYMBOLIC = [
  'endpoint A', 'endpoint B LISTEN',
  'A -> B : SYN seq=X', 'B -> A : SYN+ACK seq=Y ack=X+1', 'A -> B : ACK seq=X+1 ack=Y+1',
  'A -> B : SYN seq=X', 'B -> A : SYN+ACK seq=300 ack=X+1', 'A -> B : ACK seq=101 ack=301',
  'A -> B : ACK seq=X+1 ack=Y+1 len=10', 'B -> A : ACK ack=X+11', 'A -> B : FIN+ACK', 'B -> A : ACK',
];

/** The rows as the walk hands them out, each formatted the moment it comes. */
function inPieces(text: string, size: number): { setup: PieceSetup; rows: TimelineRow[]; statements: Statement[]; findings: Finding[] } {
  const lines = new LineIndex(text);
  const rows: TimelineRow[] = [];
  const statements: Statement[] = [];
  const findings: Finding[] = [];
  let setup: PieceSetup | undefined;
  let n = 0;
  timelineInPieces(text, (s) => { setup = s; }, (piece) => {
    statements.push(...piece.statements);
    findings.push(...piece.findings);
    const steps = piece.steps;
    for (const s of steps) {
      assert.equal(s.n, ++n, 'steps in file order');
      rows.push(timelineRow(text, lines, s));
    }
  }, size);
  return { setup: setup!, rows, statements, findings };
}

function sameAsWhole(text: string, size: number): void {
  const a = analyze(text);
  const { setup, rows, statements, findings } = inPieces(text, size);
  assert.deepEqual(rows, timelineRows(a));
  assert.deepEqual(statements.map((s) => [s.kind, s.start, s.end]), a.file.statements.map((s) => [s.kind, s.start, s.end]));
  assert.deepEqual(findings, a.findings);
  const title = a.file.statements.find((s) => s.kind === 'title');
  assert.deepEqual(setup.title && [setup.title.start, setup.title.end], title && [title.start, title.end]);
  const ends = (es: PieceSetup['endpoints']) => es.map((e) => ({ name: e.name, label: e.label, initial: e.initial, initialInferred: e.initialInferred }));
  assert.deepEqual(ends(setup.endpoints), ends(a.result.endpoints));
}

/** `tcpflow states` in this process, its standard output. */
async function states(text: string, format: string): Promise<string> {
  let out = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: () => {}, readStdin: async () => Buffer.from(text), cwd: ROOT };
  assert.equal(await runStates(['--format', format, '-'], io), 0);
  return out;
}

/** What `states` printed when it held the whole analysis: its table and its JSON. */
function wholeText(text: string): string {
  const a = analyze(text);
  const start = ['0', '', '(initial states)', ...a.result.endpoints.map((e) => STATE_NAMES[e.initial]), '', ''];
  return table([['step', 'line', 'statement', ...a.result.endpoints.map((e) => e.name), 'segment', 'receiver'], start,
    ...timelineRows(a).map((r) => [String(r.step), String(r.line), r.what, ...r.states, r.detail, r.outcome])], { header: true });
}

function wholeJson(text: string): string {
  const a = analyze(text);
  const endpoints = a.result.endpoints.map((e) => ({ name: e.name, label: e.label, initial: STATE_NAMES[e.initial], initialInferred: e.initialInferred }));
  return JSON.stringify({ file: '<stdin>', endpoints, steps: timelineRows(a) }, null, 2) + '\n';
}

describe('the timeline in pieces', () => {
  it('every example and fidelity flow, in pieces of 1 to 400 characters', () => {
    for (const text of FLOWS) for (const size of [1, 40, 400]) sameAsWhole(text, size);
  });

  it('generated flows', () => {
    for (const bytes of [5_000, 60_000]) sameAsWhole(generateFlow(bytes), 700);
  });

  it('random flows made of example lines and symbols pinned late, in random piece sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES, ...SYMBOLIC, 'simultaneous {', '}', ''), { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), (lines, size) => {
        sameAsWhole(lines.join('\n'), size);
      }),
      { numRuns: 800 },
    );
  });
});

describe('tcpflow states, streamed', () => {
  it('prints the whole analysis\'s table and JSON for every example and fidelity flow', async () => {
    for (const text of FLOWS) {
      assert.equal(await states(text, 'text'), wholeText(text));
      assert.equal(await states(text, 'json'), wholeJson(text));
    }
  });

  it('and for random flows, with no step at all among them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...LINES, ...SYMBOLIC, 'simultaneous {', '}', ''), { maxLength: 30 }), async (lines) => {
        const text = lines.join('\n');
        assert.equal(await states(text, 'text'), wholeText(text));
        assert.equal(await states(text, 'json'), wholeJson(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the Markdown export in pieces', () => {
  const written = (text: string, options: MermaidOptions & { fileName?: string }, size?: number) => {
    let out = '';
    writeMarkdown(text, options, (chunk) => { out += chunk; }, size);
    return out;
  };

  it('lists diagnostics too many to keep from the diagram\'s walk with a walk of their own, as toMarkdown does', () => {
    // One finding a line (an endpoint not declared): more than the diagram's walk keeps.
    const text = `endpoint A\nendpoint B\n${'C -> A : SYN\n'.repeat(10_050)}`;
    const whole = toMarkdown(analyze(text), {});
    assert.equal(whole.match(/TF204/g)?.length, 10_050);
    for (const size of [4_000, undefined]) assert.equal(written(text, {}, size), whole);
  });

  it('is toMarkdown of the whole analysis for every example and fidelity flow, in pieces of 1 character to the default', () => {
    for (const [i, text] of FLOWS.entries()) {
      for (const options of [{ fileName: FILES[i] }, { inferred: true, timestamps: true }]) {
        const whole = toMarkdown(analyze(text), options);
        for (const size of [1, 40, 400, undefined]) assert.equal(written(text, options, size), whole);
      }
    }
  });

  it('and for random flows with symbols pinned late, in random piece sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES, ...SYMBOLIC, 'simultaneous {', '}', ''), { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), (lines, size, inferred) => {
        const text = lines.join('\n');
        assert.equal(written(text, { inferred }, size), toMarkdown(analyze(text), { inferred }));
      }),
      { numRuns: 500 },
    );
  });
});
