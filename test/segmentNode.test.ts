// A segment node answers exactly the segment it was made from, before and after
// it moves: numbers packed in its store's row and expressions kept as objects
// alike (a number far along its line or with many digits does not pack).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import type { Expr, SegmentStmt, Term } from '../server/src/language/syntax/ast';
import { reanalyze } from '../server/src/language/incremental';
import { moveStatement } from '../server/src/language/syntax/move';
import { parse, parseLines } from '../server/src/language/syntax/parser';
import { SegmentNode, SegmentStore } from '../server/src/language/syntax/segmentNode';

type Plain = Omit<SegmentStmt, 'kind'>;

/** Offsets and lengths on both sides of what packs. */
const offset = fc.oneof(fc.nat(300), fc.integer({ min: 2 ** 22 - 2, max: 2 ** 22 + 2 }));
const length = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 254, max: 258 }));
const u32 = fc.oneof(fc.constantFrom(0, 2 ** 30, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1), fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([h, l]) => h * 0x10000 + l));

function flow(lineStart: number) {
  const at = (o: number, n: number) => ({ start: lineStart + o, end: lineStart + o + n });
  const number = fc.tuple(offset, length, u32).map(([o, n, value]) => ({ kind: 'number' as const, value, negative: false, ...at(o, n) }));
  const symbol = fc.tuple(offset, fc.boolean()).map(([o, negative]): Term => ({ kind: 'symbol', name: 'ISN_C', negative, ...at(o, 5) }));
  const compound = fc.tuple(number, symbol).map(([a, b]): Expr => ({ start: a.start, end: Math.max(a.end, b.end), terms: [a, b] }));
  const expr = fc.oneof(number, symbol, compound);
  const name = (text: string) => offset.map((o) => ({ ...at(o, text.length), text }));
  return fc.record({
    end: fc.nat(1000).map((n) => lineStart + 2 ** 23 + n),
    time: fc.option(fc.tuple(length, fc.double({ min: 0, max: 1e6, noNaN: true })).map(([n, value]) => ({ value, ...at(0, n) })), { nil: undefined }),
    old: fc.option(offset.map((o) => at(o, 3)), { nil: undefined }),
    src: name('Client'),
    lost: fc.boolean(),
    arrow: offset.map((o) => at(o, 2)),
    dst: name('Server'),
    flags: fc.nat(0xff),
    calls: fc.nat(0xff),
    seq: fc.option(expr, { nil: undefined }),
    ack: fc.option(fc.tuple(expr, fc.boolean()), { nil: undefined }),
    len: fc.option(number, { nil: undefined }),
    win: fc.option(number, { nil: undefined }),
    mss: fc.option(number, { nil: undefined }),
    wscale: fc.option(number, { nil: undefined }),
    payload: fc.option(offset.map((o) => ({ ...at(o, 5), value: 'GET' })), { nil: undefined }),
    invalid: fc.boolean(),
    specEnd: offset.map((o) => lineStart + o),
  }).map(({ flags, calls, seq, ack, len, win, mss, wscale, payload, ...head }): Plain => ({
    start: lineStart, ...head, block: undefined,
    spec: { flags, calls, seq, ack: ack?.[0], ackIsCall: ack?.[1], len, win, mss, wscale, payload },
  }));
}

const segment = fc.nat(2 ** 24).chain((start) => fc.tuple(flow(start), fc.integer({ min: -start, max: 2 ** 24 })));

/** The segment as JSON data, every position moved by `d`. */
function data(s: Plain | SegmentNode, d = 0): unknown {
  return JSON.parse(JSON.stringify({ kind: 'segment', ...(s instanceof SegmentNode ? s.toJSON() : s) }), (k, v) => (k === 'start' || k === 'end' || k === 'specEnd' ? v + d : v));
}

describe('segment node', () => {
  it('answers the segment it was made from, and moves with every position', () => {
    fc.assert(fc.property(segment, ([plain, d]) => {
      const expected = data(plain);
      const store = new SegmentStore(undefined);
      const node = new SegmentNode(store, store.add({ ...plain, arrowStart: plain.arrow.start }));
      assert.deepEqual(data(node), expected);
      moveStatement(node, d);
      assert.deepEqual(data(node), data(expected as Plain, d));
    }), { numRuns: 300 });
  });

  it('reads payloads from the text of a whole parse, and keeps them once a partial parse lets its text go', () => {
    const text = 'Client -> Server : SYN seq=1\nServer -> Client : SYN+ACK seq=5 ack=2\nClient -> Server : PSH+ACK seq=2 ack=6 "GET \\"/\\" é"\n0.5 Client -> Server : ACK seq=12 ack=6 "plain" # note\n';
    const whole = parse(text).file.statements;
    const partial = parseLines(text, 0, () => false).file.statements;
    assert.equal(JSON.stringify(partial), JSON.stringify(whole));
    assert.deepEqual(whole.map((s) => (s as SegmentStmt).spec.payload?.value), [undefined, undefined, 'GET "/" é', 'plain']);
    // A partial parse is one version's few lines: its nodes must not hold that version's whole text.
    assert.ok(partial.every((s) => (s as unknown as { store: { text?: string } }).store.text === undefined));
  });

  it('keeps a number too long to pack where an edit above moves it', () => {
    const zeros = '0'.repeat(300);
    const text = `Client -> Server : SYN seq=1000\nServer -> Client : SYN+ACK seq=${zeros}5000 ack=1001 win=${zeros}100\n`;
    const after = reanalyze(analyze(text), [{ start: 0, end: 0, text: '# moved\n' }]);
    const { seq, win } = (after.file.statements[1] as SegmentStmt).spec;
    assert.deepEqual([seq, win].map((t) => t && after.text.slice(t.start, t.end)), [`${zeros}5000`, `${zeros}100`]);
    assert.equal(JSON.stringify(after.file.statements), JSON.stringify(analyze(after.text).file.statements));
  });
});
