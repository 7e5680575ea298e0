import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/language/analysis';
import { format, type FormatOptions } from '../../server/src/language/services/format';
import { applyEdits, behaviour, examples } from './util';

const formatted = (text: string, options?: FormatOptions) => applyEdits(text, format(analyze(text), options));
/** What the flow does, with the codes found in any order (formatting may reorder flags within a line). */
const meaning = (text: string) => {
  const b = JSON.parse(behaviour(analyze(text)));
  return JSON.stringify({ ...b, codes: [...b.codes].sort() });
};

function assertSafe(text: string, label: string): string {
  const once = formatted(text);
  assert.equal(meaning(once), meaning(text), `${label}: formatting changed the flow\n${once}`);
  assert.equal(formatted(once), once, `${label}: formatting twice changed the text again`);
  assert.equal(once.split('\n').length, text.split('\n').length, `${label}: lines stay lines`);
  return once;
}

describe('formatting', () => {
  it('keeps every example the same flow, and formats it once and for all', () => {
    for (const { name, text } of examples()) assertSafe(text, name);
  });

  it('normalises case, flag order, spacing, alignment and block indentation (a colon written touching its name keeps touching)', () => {
    const messy = [
      'title   "messy"   ',
      'endpoint   a "x"   listen',
      'endpoint b',
      '0.1 b -> a : ack syn seq=5 ACK( 0+1 ) # c',
      '0.25 old a->b:   fin   psh  , ack=FIN+1 "x"',
      'a:fin-wait-1',
      '   # comment',
      'simultaneous {',
      'a -> b : Fin|Ack',
      '      b -x a : fin+ack SEQ=isn',
      '}',
      'b: Wait 2msl',
      '',
    ].join('\n');
    assert.equal(assertSafe(messy, 'messy'), [
      'title "messy"',
      'endpoint a "x" LISTEN',
      'endpoint b',
      '0.1 b      -> a: SYN+ACK seq=5 ACK(0 + 1) # c',
      '0.25 old a -> b: FIN+PSH, ack=FIN+1 "x"',
      'a: FIN-WAIT-1',
      '# comment',
      'simultaneous {',
      '  a -> b: FIN+ACK',
      '  b -x a: FIN+ACK seq=isn',
      '}',
      'b: wait 2MSL',
      '',
    ].join('\n'));
  });

  it('aligns colons with the notation the file uses, and indents blocks as asked', () => {
    const article = 'Client -> Server: SYN(ISN_Client)\nServer   ->   Client: SYN(ISN_Server),ACK(ISN_Client+1)\n';
    assert.equal(formatted(article), 'Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\n');
    const block = 'simultaneous {\nA -> B : SYN seq=1\nBob -> A : SYN seq=2\n}\n';
    assert.equal(formatted(block, { indent: '\t' }), 'simultaneous {\n\tA   -> B : SYN seq=1\n\tBob -> A : SYN seq=2\n}\n');
  });

  it('formats an endpoint declared without a state', () => {
    for (const [text, expected] of [
      ['endpoint  Client\n', 'endpoint Client\n'],
      ['ENDPOINT Client\n', 'endpoint Client\n'],
      ['endpoint Client  "web"\n', 'endpoint Client "web"\n'],
    ]) assert.equal(formatted(text), expected);
  });

  it('leaves lines with syntax errors as they are, and keeps \\r\\n', () => {
    const text = 'A  ->  B : SYNN seq=1\r\nA  ->  B : SYN seq=1\r\nA B : x\r\n';
    assert.equal(formatted(text), 'A  ->  B : SYNN seq=1\r\nA -> B : SYN seq=1\r\nA B : x\r\n');
  });

  it('never changes what a generated flow does, and is idempotent', () => {
    const name = fc.constantFrom('A', 'B', 'Client');
    const flag = fc.constantFrom('SYN', 'syn', 'ACK', 'ack', 'FIN', 'Fin', 'RST', 'PSH', 'URG', 'ECE', 'CWR');
    const sep = fc.constantFrom(' ', '  ', '+', ',', ' , ', '|', '\t');
    const value = fc.constantFrom('1', '100', '0x10', 'X', 'X+1', 'FIN+1', 'SYN+1', 'Y-2');
    const item = fc.oneof(flag, value.map((v) => `seq=${v}`), value.map((v) => `ACK=${v}`), value.map((v) => `ACK( ${v.replace('+', ' + ')} )`), fc.constant('"data"'), fc.constant('len=5'), fc.constant('foo=1'));
    const segment = fc.tuple(fc.option(fc.constantFrom('0.5', '1', '10.25')), fc.boolean(), name, fc.constantFrom('->', '-x', '  ->'), name, fc.constantFrom(':', ' : ', ':  '), fc.array(fc.tuple(item, sep), { maxLength: 5 }), fc.option(fc.constantFrom('# c', '  // c')))
      .map(([t, old, s, arrow, d, colon, items, comment]) => `${t ? `${t} ` : ''}${old ? 'old ' : ''}${s} ${arrow} ${d}${colon}${items.map(([i, p]) => i + p).join('')}${comment ?? ''}`);
    const other = fc.constantFrom('endpoint A', 'endpoint B listen', 'A: established', 'B:close', 'A : wait 2msl', 'note A, B "n"', 'title "t"', '# comment', '', 'simultaneous {', '}', 'A -> B : SYNN', '  B: LISTEN');
    const flow = fc.array(fc.oneof({ weight: 3, arbitrary: segment }, { weight: 1, arbitrary: other }), { maxLength: 14 }).map((lines) => lines.join('\n') + '\n');
    fc.assert(fc.property(flow, (text) => {
      assertSafe(text, JSON.stringify(text));
    }), { numRuns: 400 });
  });
});
