// Positions agree with LSP: `\r\n`, `\n` and a lone `\r` each end one line, in
// the lexer, the line index and every service that counts lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/language/analysis';
import { completions } from '../../server/src/language/services/completion';
import { foldingRanges } from '../../server/src/language/services/folding';
import { format } from '../../server/src/language/services/format';
import { LineIndex } from '../../server/src/language/text';
import { offset } from '../../server/src/lsp/convert';
import { applyEdits, examples } from './util';

/** Each finding's code and LSP range, as a client sees it. */
const findings = (text: string) => {
  const a = analyze(text);
  return a.findings.map((f) => `${f.code} ${JSON.stringify(a.lines.position(f.start))}-${JSON.stringify(a.lines.position(f.end))}`);
};

const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
/** Text made of the characters that matter to line counting and UTF-16 positions. */
const anyText = fc.array(fc.constantFrom('a', ' ', '#', '\n', '\r', '\r\n', '\ud83d\ude00', '\ud800', '\udc00', '"'), { maxLength: 40 }).map((p) => p.join(''));

describe('line ends', () => {
  it('the line index places every offset where an LSP text document does, and back', () => {
    fc.assert(fc.property(anyText, (text) => {
      const doc = TextDocument.create('file:///x.tcpflow', 'tcpflow', 1, text);
      const lines = new LineIndex(text);
      const a = analyze(text);
      assert.equal(lines.lineCount, doc.lineCount);
      for (let o = 0; o <= text.length; o++) {
        // Between the `\r` and `\n` of one line end there is no position to agree on.
        if (text[o - 1] === '\r' && text[o] === '\n') continue;
        assert.deepEqual(lines.position(o), doc.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
        assert.equal(offset(a, doc.positionAt(o)), o);
      }
      for (let l = 0; l <= lines.lineCount; l++) {
        for (const character of [0, 1, 1000]) assert.equal(offset(a, { line: l, character }), doc.offsetAt({ line: l, character }), `${l}:${character} of ${JSON.stringify(text)}`);
      }
    }), { numRuns: 500 });
  });

  it('every example reports the same findings at the same lines and columns whatever its line ends', () => {
    for (const { name, text } of examples()) {
      const lf = text.replace(/\r\n?/g, '\n');
      const expected = findings(lf);
      for (const eol of ['\r', '\r\n']) assert.deepEqual(findings(lf.replace(/\n/g, eol)), expected, `${name} with ${JSON.stringify(eol)}`);
    }
  });

  it('a file with lone CR line ends that starts with a comment is checked, not read as one comment', () => {
    const lf = '# a comment\nC -> S : SYN seq=1\nS -> C : SYN+ACK seq=9 ack=5\n';
    assert.ok(findings(lf).some((f) => f.startsWith('TF403')), 'the LF flow has a finding');
    assert.deepEqual(findings(lf.replace(/\n/g, '\r')), findings(lf));
  });

  it('mixed line ends: formatting and folding count the lines LSP counts', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('# c', 'C -> S : syn seq=1', 'S->C:SYN+ACK seq=9 ack=2', ''), lineEnd), { maxLength: 12 }), (parts) => {
      const text = parts.map(([l, e]) => l + e).join('');
      const doc = TextDocument.create('file:///x.tcpflow', 'tcpflow', 1, text);
      const a = analyze(text);
      for (const f of foldingRanges(a)) assert.ok(f.endLine < doc.lineCount && f.startLine < f.endLine);
      const once = applyEdits(text, format(a));
      assert.equal(TextDocument.create('file:///y', 'tcpflow', 1, once).lineCount, doc.lineCount, 'formatting keeps the lines');
      const ends = (t: string) => t.match(/\r\n|\r|\n/g) ?? [];
      assert.deepEqual(ends(once), ends(text), 'formatting keeps each line end as written');
    }), { numRuns: 300 });
  });

  it('a lone surrogate at the end gives a range within the text', () => {
    for (const text of ['C -> S : SYN\n\ud800', '\ud800', 'C -> S : SYN "x\ud800']) {
      const a = analyze(text);
      for (const f of a.findings) assert.ok(f.end <= text.length, `${f.code} ${f.start}-${f.end} past ${text.length}`);
    }
  });

  it('completion at the start of a file whose first line is empty replaces from the cursor', () => {
    const cs = completions(analyze('\nC -> S : SYN seq=1\n'), 0);
    assert.ok(cs.length > 0);
    for (const c of cs) assert.ok(c.start === 0 && c.end === 0, `${c.label}: ${c.start}-${c.end}`);
  });
});
