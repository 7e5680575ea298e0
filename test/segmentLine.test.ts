// The common segment line reader takes a line only when the general parser
// would read it into the same node with no finding: over the examples and
// fixtures, generated flows, and random lines made of near-misses of the
// common form (every spelling it must refuse stands beside one it takes).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateFlow } from '../bench/generate';
import { itemsOf, parse } from '../server/src/language/syntax/parser';
import { SegmentNode } from '../server/src/language/syntax/segmentNode';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

/** The parse as data: statements (a segment's block by its start) and findings. */
function reading(text: string, common: boolean): string {
  return JSON.stringify(parse(text, { common }), (k, v) => (k === 'block' && v ? v.start : v));
}

/** The items of every segment, read again from the text (as services read them). */
function items(text: string, common: boolean): string {
  const segments = parse(text).file.statements.flatMap((s) => (s.kind === 'simultaneous' ? s.segments : s.kind === 'segment' ? [s] : []));
  return JSON.stringify(segments.map((s) => itemsOf(text, s, { common })));
}

function assertSameReading(text: string): void {
  assert.equal(reading(text, true), reading(text, false), JSON.stringify(text));
  assert.equal(items(text, true), items(text, false), JSON.stringify(text));
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const TIMES = ['', '', '0.000100 ', '12 ', '1.5\t', '0.1', '1. ', '0x1F ', '2MSL ', '123456789012345 ', '1234567890123456 ', '0.12345678901234567 ', '007 '];
// Names that start with another (`Cl`, `Client`, `Client2`), which the reader compares where they stand.
const NAMES = ['Client', 'Server', 'c_1', 'old', 'title', 'note', 'endpoint', 'x', 'Clïent', '1Client', '_', 'Client2', 'Cl'];
const ARROWS = [' -> ', '->', ' -x ', ' -X ', '-x', ' -xy ', ' - > ', ' > ', ' : ', ' ', '-> '];
const COLONS = [' : ', ':', ' ', ' :: ', '\t:\t'];
const ITEMS = [
  'SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'syn', 'Ack', 'SYNN', 'ACKS', 'seq', 'Flag',
  'seq=1000', 'SEQ=5', 'ack=1', 'Ack=4294967295', 'seq=4294967296', 'seq=9999999999', 'seq=12345678901', 'seq=0000000005', 'seq=00000000005',
  'len=0', 'len=1448', 'win=65535', 'win=65536', 'mss=1460', 'wscale=255', 'wscale=256', 'WScale=7', 'wsc=1',
  'seq=0x10', 'seq=1.5', 'seq=1.', 'seq=1+x', 'seq=1-x', 'seq=1-x2', 'seq=x', 'seq=SYN+1', 'seq =5', 'seq= 5', 'seq=', 'seq=5x',
  'SYN(5)', 'ACK(x)', 'FIN (1)', 'ACK (', 'PSH(1)',
  '"GET / HTTP/1.1"', '"it\'s"', "'x'", '"a\\"b"', '"\\\\"', '""', '"unterminated', '"é"',
  '+', ',', '|', '5', '-', '=', '(', ')', '{', '}', '->', '#c', '// c', '\uFEFF', '\t',
];
const ENDS = ['\n', '\r\n', '\r', '  \n', ' # lost\n', ' // note\r\n', ''];

const line = fc.tuple(pick(TIMES), pick(NAMES), pick(ARROWS), pick(NAMES), pick(COLONS), fc.array(fc.tuple(pick(ITEMS), pick([' ', '', '+', ', ', '  ', '\t'])), { maxLength: 7 }), pick(ENDS))
  .map(([time, src, arrow, dst, colon, items, end]) => time + src + arrow + dst + colon + items.map(([i, sep]) => i + sep).join('') + end);

// Lines of items alone: after a lone CR they must start a line of their own.
const HEADERS = ['', 'endpoint Client\nendpoint Server LISTEN\n', 'title "t"\n', 'simultaneous {\n', '}\n', 'Client: close\n', 'ACK\n', 'seq=5 "x"\n'];
const flow = fc.array(fc.oneof(line, pick(HEADERS)), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

describe('common segment lines', () => {
  it('read as the general parser reads them: examples, fixtures and generated flows', () => {
    const texts = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test'))].map((f) => readFileSync(f, 'utf8'));
    texts.push(generateFlow(60_000));
    for (const text of texts) assertSameReading(text);
  });

  it('read as the general parser reads them: random lines near the common form', () => {
    fc.assert(fc.property(flow, assertSameReading), { numRuns: 4000 });
  });

  it('take the lines a capture makes, with 32-bit numbers', () => {
    const text = 'endpoint Client\nendpoint Server LISTEN\n1700000000.123456 Client -> Server : SYN seq=3735928559 win=64240 mss=1460 wscale=7\n';
    // Both the reader and the general parser make the node; the reader's leaves no finding and a packed seq.
    const { file, findings } = parse(text);
    assert.deepEqual(findings, []);
    const seg = file.statements[2] as SegmentNode;
    assert.ok(seg instanceof SegmentNode);
    assert.equal(seg.plainValue('seq'), 3735928559);
    assert.equal(seg.timeNumber, 1700000000.123456);
    assertSameReading(text);
  });
});
