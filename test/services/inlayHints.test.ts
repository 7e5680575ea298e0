import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import type { InferenceKind } from '../../server/src/language/check/result';
import fc from 'fast-check';
import { codeLenses } from '../../server/src/language/services/codeLenses';
import { COLUMN, inlayHints, MAX_HINT_LENGTH, type InlayHintOptions } from '../../server/src/language/services/inlayHints';
import { applyEdits, behaviour, examples } from './util';

const FLOW = 'endpoint Client\nendpoint Server\nClient -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300\nClient -> Server : FIN\n';
const all = (text: string, options: InlayHintOptions = { detail: 'full' }) => {
  const a = analyze(text);
  return inlayHints(a, { start: 0, end: text.length }, options);
};
const kinds = (hints: { kind: InferenceKind }[]) => new Set(hints.map((h) => h.kind));

describe('inlay hints in full detail', () => {
  it('shows every kind of inference, in offset order', () => {
    const hints = all(FLOW);
    assert.deepEqual(kinds(hints), new Set(['seq', 'ack', 'flag', 'state', 'initial']));
    for (let i = 1; i < hints.length; i++) assert.ok(hints[i - 1].offset <= hints[i].offset);
    const ack = hints.find((h) => h.kind === 'ack' && h.offset === FLOW.indexOf(' seq=300') + 8);
    assert.equal(ack?.label, 'ack=101');
    assert.ok(hints.some((h) => h.kind === 'state' && h.label === '→ Client: ESTABLISHED'));
    assert.ok(hints.some((h) => h.kind === 'flag' && h.label === '+ACK'));
  });

  it('switches each kind off on its own', () => {
    const options: Record<Exclude<keyof InlayHintOptions, 'detail'>, InferenceKind[]> = { states: ['state'], numbers: ['seq', 'ack'], flags: ['flag'], initialStates: ['initial'] };
    for (const [option, off] of Object.entries(options)) {
      const left = kinds(all(FLOW, { detail: 'full', [option]: false }));
      for (const k of off) assert.ok(!left.has(k), `${option}: false hides ${k}`);
      assert.equal(left.size, 5 - off.length, `${option}: false keeps the other kinds`);
    }
  });

  it('keeps to the requested range', () => {
    const a = analyze(FLOW);
    const line = { start: FLOW.indexOf('Client -> Server : FIN'), end: FLOW.length };
    const hints = inlayHints(a, line, { detail: 'full' });
    assert.ok(hints.length > 0);
    assert.ok(hints.every((h) => h.offset >= line.start));
  });

  it('offers no text for numbers no segment showed yet', () => {
    const hints = all('A -> B : SYN\nB -> A : SYN+ACK\n');
    const seq = hints.find((h) => h.kind === 'seq')!;
    assert.match(seq.label, /A's ISN/);
    assert.equal(seq.insert, undefined);
  });

  it('writes hints that, written, change nothing', () => {
    const hints = all(FLOW).filter((h) => h.insert !== undefined && h.kind !== 'state');
    const written = applyEdits(FLOW, hints.map((h) => ({ start: h.offset, end: h.offset, newText: h.insert! })));
    const before = analyze(FLOW);
    const after = analyze(written);
    assert.equal(behaviour({ ...after, findings: after.findings.filter((f) => f.code !== 'TF308') }), behaviour({ ...before, findings: before.findings.filter((f) => f.code !== 'TF308') }));
    assert.ok(!after.result.inferences.some((i) => i.kind === 'seq' || i.kind === 'ack' || i.kind === 'flag'), written);
  });
});

const ARTICLE = examples().find((e) => e.name === 'article-handshake-teardown.tcpflow')!.text;

/** Per line: its hints, and where its code starts (the first character that is not a blank). */
function byLine(text: string, options: InlayHintOptions = {}) {
  const lines = new Map<number, { labels: string[]; firstCode: number; offsets: number[] }>();
  const a = analyze(text);
  for (const h of inlayHints(a, { start: 0, end: text.length }, options)) {
    const { line } = a.lines.position(h.offset);
    const start = a.lines.lineStart(line);
    const firstCode = start + (/^\s*/.exec(text.slice(start))?.[0].length ?? 0);
    const entry = lines.get(line) ?? { labels: [], firstCode, offsets: [] };
    entry.labels.push(h.label);
    entry.offsets.push(h.offset);
    lines.set(line, entry);
  }
  return lines;
}

/** The checks of a calm editor: at most one state hint per line, none longer than VS Code shows, none before the code. */
function assertCalm(text: string, name: string): void {
  const a = analyze(text);
  const hints = inlayHints(a, { start: 0, end: text.length });
  const perLine = new Map<number, number>();
  for (const h of hints) {
    assert.ok(h.label.length <= MAX_HINT_LENGTH, `${name}: '${h.label}' is longer than ${MAX_HINT_LENGTH}`);
    assert.notEqual(h.kind, 'flag', `${name}: no implied flags in the compact detail`);
    const { line, character } = a.lines.position(h.offset);
    const lineText = text.slice(a.lines.lineStart(line), h.offset);
    assert.ok(character === 0 ? false : lineText.trim() !== '', `${name}: a hint before the code of line ${line + 1}`);
    if (h.kind === 'state') perLine.set(line, (perLine.get(line) ?? 0) + 1);
  }
  for (const [line, n] of perLine) assert.equal(n, 1, `${name}: ${n} state hints on line ${line + 1}`);
}

describe('inlay hints in the compact detail (the default)', () => {
  it('gives the article\'s flow one short hint per line that changes a state, both endpoints in a fixed order', () => {
    const lines = byLine(ARTICLE);
    const shown = [...lines.values()].map((l) => l.labels);
    assert.deepEqual(shown, [
      [`SYN_SENT${COLUMN}SYN_RCVD`],
      [`ESTABLISHED${COLUMN}SYN_RCVD`],
      [`ESTABLISHED${COLUMN}ESTABLISHED`],
      [`FIN_WAIT_1${COLUMN}CLOSE_WAIT`],
      [`FIN_WAIT_2${COLUMN}CLOSE_WAIT`],
      [`TIME_WAIT${COLUMN}LAST_ACK`],
      [`TIME_WAIT${COLUMN}CLOSED`],
      [`CLOSED${COLUMN}CLOSED`],
    ]);
    assertCalm(ARTICLE, 'article');
  });

  it('says in the tooltip which endpoint moved from where', () => {
    const a = analyze(ARTICLE);
    const fin = inlayHints(a, { start: 0, end: ARTICLE.length }).find((h) => h.label.startsWith('FIN_WAIT_1'))!;
    assert.equal(fin.tooltip, 'Client: ESTABLISHED → FIN_WAIT_1\nServer: ESTABLISHED → CLOSE_WAIT');
    assert.equal(fin.offset, ARTICLE.indexOf('Client -> Server: FIN') + 'Client -> Server: FIN'.length);
  });

  it('shows inferred numbers only on a line whose numbers are in question', () => {
    const text = 'endpoint Client\nendpoint Server\nClient -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300 ack=101\nClient -> Server : ACK ack=301\nClient -> Server : PSH+ACK ack=999 "hi"\n';
    const a = analyze(text);
    const wrong = a.lines.position(text.indexOf('ack=999')).line;
    assert.ok(a.findings.some((f) => f.code.startsWith('TF4') && a.lines.position(f.start).line === wrong), 'the ack of unsent data is a TF4xx finding');
    const numbers = inlayHints(a, { start: 0, end: text.length }).filter((h) => h.kind === 'seq' || h.kind === 'ack');
    assert.deepEqual(numbers.map((h) => [a.lines.position(h.offset).line, h.label]), [[wrong, 'seq=101']]);
    assert.ok(all(text).filter((h) => h.kind === 'seq').length > 1, 'the full detail shows every inferred seq');
  });

  it('puts undeclared initial states in a code lens above the first segment, not in a hint', () => {
    const a = analyze(ARTICLE);
    assert.ok(!inlayHints(a, { start: 0, end: ARTICLE.length }).some((h) => h.kind === 'initial'));
    assert.ok(!all(ARTICLE).some((h) => h.kind === 'initial'), 'not in the full detail either');
    assert.deepEqual(codeLenses(a).map((l) => [a.lines.position(l.offset), l.title]), [
      [{ line: 3, character: 0 }, `Client starts CLOSED${COLUMN}Server starts LISTEN`],
    ]);
    const declared = analyze('endpoint Client\nendpoint Server LISTEN\nClient -> Server : SYN\n');
    assert.deepEqual(codeLenses(declared), []);
    assert.deepEqual(inlayHints(declared, { start: 0, end: 100 }).filter((h) => h.kind === 'initial').map((h) => h.label), ['CLOSED']);
  });

  it('keeps every example calm', () => {
    for (const { name, text } of examples()) assertCalm(text, name);
  });

  it('keeps any flow calm', () => {
    const line = fc.constantFrom(...new Set(examples().flatMap((e) => e.text.split('\n'))), 'simultaneous {', '}', '  Client -> Server : FIN', '  Server -> Client : FIN');
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (lines) => assertCalm(lines.join('\n'), lines.join('\n'))), { numRuns: 300 });
  });
});
