import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/language/analysis';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/language/services/semanticTokens';
import { Lexer } from '../../server/src/language/syntax/lexer';
import { Tok } from '../../server/src/language/syntax/tokens';
import { examples } from './util';

const FLOW = [
  '# a comment',
  'title "t"',
  'endpoint A "a" LISTEN',
  'endpoint B',
  '0.5 B -> A : SYN(ISN_B) mss=1460 "x" // trailing',
  'old A -x B : ACK ack=FIN+1',
  'B: listen',
  'B: SYN_SENT',
  '',
].join('\r\n');

const named = (text: string) => {
  const a = analyze(text);
  return semanticTokens(a).map((t) => ({
    text: text.slice(t.start, t.end),
    type: TOKEN_TYPES[t.type],
    modifiers: TOKEN_MODIFIERS.filter((_, i) => t.modifiers & (1 << i)),
  }));
};

describe('semantic tokens', () => {
  it('classifies every word of a flow', () => {
    const tokens = named(FLOW);
    const typeOf = (text: string, n = 0) => tokens.filter((t) => t.text === text)[n]?.type;
    assert.equal(typeOf('# a comment'), 'comment');
    assert.equal(typeOf('// trailing'), 'comment', 'a comment ends before \\r');
    assert.equal(typeOf('title'), 'keyword');
    assert.equal(typeOf('"t"'), 'string');
    assert.equal(typeOf('A'), 'class');
    assert.equal(typeOf('LISTEN'), 'type');
    assert.equal(typeOf('0.5'), 'number');
    assert.equal(typeOf('->'), 'operator');
    assert.equal(typeOf('SYN'), 'enumMember');
    assert.equal(typeOf('ISN_B'), 'variable');
    assert.equal(typeOf('mss'), 'property');
    assert.equal(typeOf('1460'), 'number');
    assert.equal(typeOf('old'), 'keyword');
    assert.equal(typeOf('FIN'), 'enumMember');
    assert.equal(typeOf('listen'), 'function');
    assert.equal(typeOf('SYN_SENT'), 'type');
  });

  it('marks declarations and what the checker works out', () => {
    const tokens = named(FLOW);
    const mods = (text: string, n = 0) => tokens.filter((t) => t.text === text)[n]?.modifiers;
    assert.deepEqual(mods('A'), ['declaration']);
    assert.deepEqual(mods('A', 1), []);
    assert.deepEqual(mods('B'), ['declaration']);
    assert.deepEqual(mods('ISN_B'), ['declaration', 'inferred']);
    assert.deepEqual(mods('FIN'), ['inferred']);
    const undeclared = named('C -> D : SYN\nD -> C : SYN+ACK\n').filter((t) => t.text === 'C');
    assert.deepEqual(undeclared.map((t) => t.modifiers), [['declaration', 'inferred'], []], 'C is created by its first use');
  });

  it('gives sorted, non-overlapping, single-line tokens for every example; a range gives the tokens it touches', () => {
    for (const { name, text } of examples()) {
      const a = analyze(text);
      const all = semanticTokens(a);
      for (let i = 0; i < all.length; i++) {
        assert.ok(all[i].end > all[i].start, name);
        assert.ok(!text.slice(all[i].start, all[i].end).includes('\n'), name);
        if (i) assert.ok(all[i].start >= all[i - 1].end, `${name}: token ${i} overlaps`);
      }
      const mid = { start: Math.floor(text.length / 3), end: Math.floor((2 * text.length) / 3) };
      const ranged = semanticTokens(a, mid);
      assert.deepEqual(ranged, all.filter((t) => t.end >= mid.start && t.start <= mid.end), name);
    }
  });

  it('mark as comments what the lexer skips from # or // to the line end, and only that, in any range', () => {
    // The oracle: every blank the lexer skips between two tokens, over the whole text.
    const comments = (text: string) => {
      const out: { start: number; end: number }[] = [];
      const lx = new Lexer(text);
      for (let k = lx.next(); ; k = lx.next()) {
        const gap = text.slice(lx.gapStart, lx.start);
        const at = gap.search(/#|\/\//);
        if (at >= 0) out.push({ start: lx.gapStart + at, end: text.charCodeAt(lx.start - 1) === 13 ? lx.start - 1 : lx.start });
        if (k === Tok.EOF) return out;
      }
    };
    const piece = fc.constantFrom('A -> B : ACK', ' # c', '"a#b"', ' // x', '"x//y" # z', '\n', '\r\n', '\r', 'title "t#"', '#', '//', '"', ' ', 'seq=1', '\\"', '/');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.nat(), (parts, x, y) => {
      const text = parts.join('');
      const range = { start: Math.min(x, y) % (text.length + 1), end: Math.max(x, y) % (text.length + 1) };
      if (range.start > range.end) [range.start, range.end] = [range.end, range.start];
      const found = semanticTokens(analyze(text), range).filter((t) => TOKEN_TYPES[t.type] === 'comment').map(({ start, end }) => ({ start, end }));
      assert.deepEqual(found, comments(text).filter((c) => c.end >= range.start && c.start <= range.end), JSON.stringify(text));
    }), { numRuns: 3000 });
  });
});
