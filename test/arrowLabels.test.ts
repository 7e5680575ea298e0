// The words on the arrows in the two notations: the article's (each segment
// spec as written) and the explicit one (flags and resolved numbers), and
// `auto`, which picks the article's for a file that writes a flag call. Written
// text is still escaped and broken to the arrow's width, and the Markdown
// export in pieces settles `auto` for the whole file as toMermaid does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { LAYOUT, labelWidth, ROOM } from '../server/src/language/labels';
import { toMarkdown, toMermaid, writeMarkdown, type MermaidOptions } from '../server/src/language/mermaid';
import { EXAMPLES, flowFiles } from './helpers';

/** The label of every arrow, in order, as Mermaid text (entity codes, `<br/>` between lines). */
const labelsOf = (text: string, options: MermaidOptions = {}) =>
  toMermaid(analyze(text), options).mermaid.split('\n').flatMap((l) => /^\s*P\d+(?:->>|-x)P\d+: (.*)$/.exec(l)?.[1] ?? []);

/** A label as it reads once drawn: entity codes decoded, lines joined by a blank. */
const shown = (label: string) => label.replace(/<br\/>/g, ' ').replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));

const ARTICLE = readFileSync(`${EXAMPLES}/article-handshake-teardown.tcpflow`, 'utf8');

describe('arrow labels in the article notation', () => {
  it('show the article example as written, by default and on request', () => {
    const written = [
      'SYN(ISN_Client)', 'SYN(ISN_Server), ACK(ISN_Client + 1)', 'ACK(ISN_Server + 1)', 'FIN', 'ACK(FIN + 1)', 'FIN', 'ACK(FIN + 1)',
    ];
    assert.deepEqual(labelsOf(ARTICLE).map(shown), written);
    assert.deepEqual(labelsOf(ARTICLE, { labels: 'article' }).map(shown), written);
    assert.deepEqual(labelsOf(ARTICLE, { labels: 'auto' }).map(shown), written);
  });

  it('show the resolved numbers when explicit is asked', () => {
    assert.deepEqual(labelsOf(ARTICLE, { labels: 'explicit' }), [
      'SYN seq=ISN_Client', 'SYN+ACK seq=ISN_Server ack=ISN_Client+1', 'ACK ack=ISN_Server+1', 'FIN', 'ACK ack=ISN_Client+2', 'FIN', 'ACK ack=ISN_Server+2',
    ]);
  });

  it('leave every example without a flag call as the explicit form draws it', () => {
    let explicit = 0;
    for (const file of flowFiles(EXAMPLES)) {
      const text = readFileSync(file, 'utf8');
      if (/\b(SYN|ACK|FIN|RST)\s*\(/i.test(text.replace(/#.*$/gm, ''))) continue;
      explicit++;
      const a = analyze(text);
      for (const inferred of [false, true]) {
        assert.equal(toMermaid(a, { inferred }).mermaid, toMermaid(a, { inferred, labels: 'explicit' }).mermaid, file);
      }
    }
    assert.ok(explicit >= 20, `${explicit} explicit examples`);
  });

  it('draw a whole file as written once one segment writes a flag call (auto), each line in its own notation', () => {
    const mixed = 'A -> B : SYN seq=X\nB -> A : SYN+ACK seq=300 ack=X+1\nA -> B : ACK(301)\n';
    assert.deepEqual(labelsOf(mixed), ['SYN seq=X', 'SYN+ACK seq=300 ack=X+1', 'ACK(301)']);
    assert.deepEqual(labelsOf(mixed, { labels: 'explicit' }), ['SYN seq=X', 'SYN+ACK seq=300 ack=X+1', 'ACK ack=301']);
    const noCall = mixed.replace('ACK(301)', 'ACK ack=301');
    assert.deepEqual(labelsOf(noCall), labelsOf(noCall, { labels: 'explicit' }));
    assert.deepEqual(labelsOf(noCall, { labels: 'article' }), ['SYN seq=X', 'SYN+ACK seq=300 ack=X+1', 'ACK ack=301']);
    // A flag call inside a simultaneous block counts too.
    const block = 'endpoint A SYN_SENT\nendpoint B SYN_SENT\nsimultaneous {\nA -> B : SYN(100)\nB -> A : SYN seq=300\n}\n';
    assert.deepEqual(labelsOf(block), ['SYN(100)', 'SYN seq=300']);
  });

  it('keep the items in their order and their separators, blanks collapsed, without the comment', () => {
    const odd = 'A -> B : SYN(100)\nB -> A :   ACK(  101 )  ,   SYN(\t300 )   # the server, answering <b>\nA -> B : ACK(301)|"GET /"+len=5 # data\n';
    assert.deepEqual(labelsOf(odd).map(shown), ['SYN(100)', 'ACK(101), SYN(300)', 'ACK(301)|"GET /"+len=5']);
  });

  it('drop what a line with a syntax error has between its items', () => {
    const broken = 'A -> B : SYN(100)\nB -> A : SYN(300) 42 ACK(101)\n';
    assert.deepEqual(labelsOf(broken).map(shown), ['SYN(100)', 'SYN(300) ACK(101)']);
  });

  it('keep the timestamp and old prefixes, and name an empty spec', () => {
    const timed = '0.5 A -> B : SYN(100)\nold A -> B : SYN(90)\nB -> A :\n';
    assert.deepEqual(labelsOf(timed, { timestamps: true }).slice(0, 2), ['0.5s SYN(100)', 'old SYN(90)']);
    assert.deepEqual(labelsOf(timed, { labels: 'article' })[2], labelsOf(timed, { labels: 'explicit' })[2]);
  });

  it('append the implied flags and inferred numbers in parentheses when inferred is on', () => {
    assert.deepEqual(labelsOf(ARTICLE, { inferred: true }).map(shown), [
      'SYN(ISN_Client)',
      'SYN(ISN_Server), ACK(ISN_Client + 1)',
      'ACK(ISN_Server + 1) (seq=ISN_Client+1)',
      'FIN (+ACK) (seq=ISN_Client+1) (ack=ISN_Server+1)',
      'ACK(FIN + 1) (seq=ISN_Server+1)',
      'FIN (+ACK) (seq=ISN_Server+1) (ack=ISN_Client+2)',
      'ACK(FIN + 1) (seq=ISN_Client+2)',
    ]);
  });

  it('shorten a payload as the explicit form does', () => {
    const long = 'x'.repeat(100);
    const flow = `endpoint A ESTABLISHED\nendpoint B ESTABLISHED\nA -> B : ACK(1) seq=1 "${long}"\n`;
    const [article] = labelsOf(flow);
    const [explicit] = labelsOf(flow, { labels: 'explicit' });
    const payload = (label: string) => /#34;.*#34;/.exec(label.replace(/<br\/>/g, ''))![0];
    assert.equal(payload(article), payload(explicit));
    assert.ok(shown(article).includes('…'), article);
  });

  it('escape hostile text: a payload never becomes Mermaid or HTML', () => {
    const flow = 'endpoint A ESTABLISHED\nendpoint B ESTABLISHED\nA -> B : ACK(1) seq=1 "a;b#c<d>-->>e"\nB -> A : ACK(2) "<br/>&amp;"\n';
    const labels = labelsOf(flow);
    // Entity codes are wide: the label is broken into lines, maybe inside a word.
    const squash = (t: string) => t.replace(/\s/g, '');
    assert.deepEqual(labels.map((l) => squash(shown(l))), ['ACK(1)seq=1"a;b#c<d>-->>e"', 'ACK(2)"<br/>&amp;"']);
    for (const label of labels) assert.doesNotMatch(label.replace(/<br\/>/g, '').replace(/#\d+;/g, ''), /[<>;#"&\n]/);
  });

  it('break a long label to the arrow\'s width', () => {
    const wide = Array.from({ length: 12 }, (_, i) => `ISN_Client_number_${i}`).join(' + ');
    const [label] = labelsOf(`A -> B : SYN(${wide})\n`);
    const lines = label.split('<br/>');
    assert.ok(lines.length > 1, label);
    for (const line of lines) assert.ok(labelWidth(line, LAYOUT.fontPx) <= ROOM.arrow, line);
    assert.equal(shown(label), `SYN(${wide})`);
  });
});

/** Random segment lines in the article notation, with odd blanks, separators, comments and any payload text. */
const symbol = fc.constantFrom('ISN_Client', 'ISN_Server', 'X', 'FIN', 'SYN', '100', '4294967295');
const expr = fc.array(fc.tuple(fc.constantFrom(' + ', '+', ' - ', '  +\t'), symbol), { maxLength: 3 }).chain((rest) => symbol.map((first) => first + rest.map(([op, s]) => op + s).join('')));
const blank = fc.constantFrom('', ' ', '  ', '\t');
const item = fc.oneof(
  fc.tuple(fc.constantFrom('SYN', 'ACK', 'FIN', 'RST', 'ack'), blank, expr, blank).map(([f, b1, e, b2]) => `${f}(${b1}${e}${b2})`),
  fc.constantFrom('FIN', 'PSH', 'ACK', 'seq=7', 'len=3', 'win=100'),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
);
const segmentLine = fc.tuple(
  fc.constantFrom('A -> B', 'B -> A', 'A -x B', 'old A -> B', '1.5 B -> A'),
  fc.array(fc.tuple(item, fc.constantFrom(' ', ', ', ' | ', '+', ' ,')), { minLength: 1, maxLength: 4 }),
  fc.constantFrom('', ' # a comment; <b>#</b>', '#-->>'),
).map(([head, items, comment]) => `${head} : ${items.map(([i, sep], n) => (n ? sep : '') + i).join('')}${comment}`);
const flow = fc.array(segmentLine, { minLength: 1, maxLength: 12 }).map((lines) => ['endpoint A', 'endpoint B', ...lines].join('\n') + '\n');

describe('article labels of random flows', () => {
  it('hold no raw <, >, ;, # or line break: only entity codes and <br/>', () => {
    fc.assert(fc.property(flow, fc.boolean(), fc.boolean(), (text, inferred, timestamps) => {
      for (const label of labelsOf(text, { labels: 'article', inferred, timestamps })) {
        assert.doesNotMatch(label.replace(/<br\/>/g, '').replace(/#\d+;/g, ''), /[<>;#\n\r]/, label);
      }
    }), { numRuns: 300 });
  });

  it('are what the Markdown export in pieces writes, auto settled for the whole file', () => {
    const written = (text: string, options: MermaidOptions, size: number) => {
      let out = '';
      writeMarkdown(text, options, (chunk) => { out += chunk; }, size);
      return out;
    };
    // The only flag call comes last: the first pieces are drawn before it is parsed.
    const explicitThenCall = fc.tuple(fc.array(fc.constantFrom('A -> B : SYN seq=1', 'B -> A : SYN+ACK seq=9 ack=2', 'A -> B : ACK "hi"'), { maxLength: 8 }), segmentLine)
      .map(([lines, last]) => ['endpoint A', 'endpoint B', ...lines, last].join('\n') + '\n');
    fc.assert(fc.property(fc.oneof(flow, explicitThenCall), fc.constantFrom<MermaidOptions['labels']>(undefined, 'auto', 'article', 'explicit'), fc.integer({ min: 1, max: 200 }), (text, labels, size) => {
      assert.equal(written(text, { labels }, size), toMarkdown(analyze(text), { labels }));
    }), { numRuns: 200 });
  });
});
