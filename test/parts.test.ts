// A part of a flow (`--lines A-B`): the diagram draws only the statements that
// start on those lines, drawn from the analysis of the whole flow (the states
// and numbers are those the whole flow reaches there), its elements keep their
// file lines, and the Markdown export limits its timeline and problems to the
// part — written in pieces as toMarkdown writes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { toMarkdown, toMermaid, writeMarkdown, type LineRange, type MermaidOptions } from '../server/src/language/mermaid';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

const ARTICLE = readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8');
const FLOWS = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test', 'fidelity'))].map((f) => readFileSync(f, 'utf8'));
const LINES = [...new Set(FLOWS.flatMap((t) => t.split('\n')))];

/** The statement lines of a diagram (arrows and notes, without the header), and its elements' kinds and file lines. */
const drawn = (mermaid: string) => mermaid.split('\n').filter((l) => /^ {2,}(?!participant |title )\S/.test(l));
const arrowLines = (elements: readonly { kind: string; line: number }[]) => elements.filter((e) => e.kind === 'arrow').map((e) => e.line);

const written = (text: string, options: MermaidOptions, size?: number) => {
  let out = '';
  const count = writeMarkdown(text, options, (chunk) => { out += chunk; }, size);
  return { out, count };
};

describe('a part of the article flow', () => {
  const a = analyze(ARTICLE);
  // Lines 7–9: Client's FIN, the Server's ACK(FIN + 1), the Server's FIN.
  const part = toMermaid(a, { lines: { from: 7, to: 9 } });

  it('draws only its statements, with the states the whole flow reaches there', () => {
    assert.deepEqual(drawn(part.mermaid), [
      '  P0->>P1: FIN',
      '  Note over P0: FIN_WAIT_1',
      '  Note over P1: CLOSE_WAIT',
      '  P1->>P0: ACK(FIN + 1)',
      '  Note over P0: FIN_WAIT_2',
      '  P1->>P0: FIN',
      '  Note over P0: TIME_WAIT',
      '  Note over P1: LAST_ACK',
    ]);
    assert.match(part.mermaid, /^ {2}title Three-way handshake and four-way teardown \(lines 7–9\)$/m);
    assert.equal(part.title, 'Three-way handshake and four-way teardown');
  });

  it('keeps the file lines (0-based) of its elements, for click-to-reveal', () => {
    assert.deepEqual(part.elements.map((e) => [e.kind, e.line]), [
      ['arrow', 6], ['note', 6], ['note', 6], ['arrow', 7], ['note', 7], ['arrow', 8], ['note', 8], ['note', 8],
    ]);
  });

  it('shows the inferred numbers of the whole flow, not of the part replayed alone', () => {
    const inferred = toMermaid(a, { lines: { from: 8, to: 8 }, inferred: true, labels: 'explicit' });
    assert.deepEqual(drawn(inferred.mermaid).slice(0, 1), ['  P1->>P0: ACK (seq=ISN_Server+1) ack=ISN_Client+2']);
    assert.match(inferred.mermaid, /title .* \(line 8\)$/m);
  });

  it('says in Markdown which lines it shows, and lists only their steps and problems', () => {
    const md = toMarkdown(a, { lines: { from: 7, to: 9 } });
    assert.match(md, /^# Three-way handshake and four-way teardown\n\n\*Lines 7–9 of the flow, with the states and numbers the whole flow reaches there\.\*\n\n```mermaid\n/);
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    assert.deepEqual(rows.map((r) => r.split('|').slice(1, 6).map((c) => c.trim())), [
      ['3', '', '(states before line 7)', 'ESTABLISHED', 'ESTABLISHED'],
      ['4', '7', 'Client -> Server', 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['5', '8', 'Server -> Client', 'FIN_WAIT_2', 'CLOSE_WAIT'],
      ['6', '9', 'Server -> Client', 'TIME_WAIT', 'LAST_ACK'],
    ]);
  });

  it('lists the problems of its lines only', () => {
    const text = 'A -> B : SYN seq=1\nA -> B : FIN\nB -> A : SYN+ACK seq=100 ack=2\nA -> B : ACK seq=999 ack=5\n';
    const problems = (lines?: LineRange) => toMarkdown(analyze(text), { lines }).split('## Diagnostics')[1].split('\n').filter((l) => l.startsWith('- line '));
    const all = problems();
    assert.ok(all.length >= 2, all.join('\n'));
    assert.deepEqual(problems({ from: 4, to: 4 }), all.filter((l) => l.startsWith('- line 4,')));
    assert.match(toMarkdown(analyze(text), { lines: { from: 1, to: 1 } }), /## Diagnostics\n\nNo errors or warnings\.\n$/);
  });

  it('names its lines without a title, and has nothing to draw on lines without statements', () => {
    assert.match(toMermaid(analyze('A -> B : SYN\n'), { lines: { from: 1, to: 1 } }).mermaid, /^ {2}title Line 1$/m);
    const empty = toMermaid(a, { lines: { from: 1, to: 3 } });
    assert.deepEqual([drawn(empty.mermaid), empty.elements], [[], []]);
    assert.equal(written(ARTICLE, { lines: { from: 1, to: 3 } }).count, 0);
    assert.equal(written(ARTICLE, { lines: { from: 1, to: 4 } }).count, 1);
  });

  it('draws the segments of a simultaneous block that start on its lines', () => {
    const text = 'endpoint A SYN_SENT\nendpoint B SYN_SENT\nsimultaneous {\n  A -> B : SYN seq=1\n  B -> A : SYN seq=100\n}\n';
    const one = toMermaid(analyze(text), { lines: { from: 5, to: 6 } });
    assert.deepEqual(arrowLines(one.elements), [4]);
    assert.match(one.mermaid, /par simultaneous\n {4}P1->>P0: SYN\b[^\n]*\n {2}end\n/);
  });
});

describe('any part of any flow', () => {
  const flowAndRange = fc.array(fc.constantFrom(...LINES, 'simultaneous {', '}', ''), { maxLength: 40 }).chain((lines) => fc.tuple(
    fc.constant(lines.join('\n')),
    fc.integer({ min: 1, max: lines.length + 1 }).chain((from) => fc.tuple(fc.constant(from), fc.integer({ min: from, max: lines.length + 2 }))),
  ));

  it('draws exactly the arrows of the whole diagram whose segments start in it, with the same labels', () => {
    fc.assert(fc.property(flowAndRange, fc.boolean(), ([text, [from, to]], inferred) => {
      const a = analyze(text);
      const whole = toMermaid(a, { inferred });
      const part = toMermaid(a, { inferred, lines: { from, to } });
      const inRange = (line: number) => line + 1 >= from && line + 1 <= to;
      assert.deepEqual(arrowLines(part.elements), arrowLines(whole.elements).filter(inRange));
      const arrowsOf = (m: string) => m.split('\n').filter((l) => /^\s*P\d+(->>|-x)P\d+:/.test(l)).map((l) => l.trim());
      const wholeArrows = arrowsOf(whole.mermaid);
      const kept = whole.elements.filter((e) => e.kind === 'arrow').map((e) => inRange(e.line));
      assert.deepEqual(arrowsOf(part.mermaid), wholeArrows.filter((_, i) => kept[i]));
      assert.ok(part.elements.every((e) => inRange(e.line)));
    }), { numRuns: 300 });
  });

  it('is written in pieces as toMarkdown writes it', () => {
    fc.assert(fc.property(flowAndRange, fc.integer({ min: 1, max: 300 }), ([text, [from, to]], size) => {
      const lines = { from, to };
      const { out, count } = written(text, { lines }, size);
      assert.equal(out, toMarkdown(analyze(text), { lines }));
      assert.equal(count > 0, toMermaid(analyze(text), { lines }).elements.length > 0);
    }), { numRuns: 300 });
  });
});
