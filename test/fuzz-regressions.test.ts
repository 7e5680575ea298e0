// Defects the fuzzer (npm run fuzz) found, each reproduced at its smallest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { codeActions } from '../server/src/language/services/codeActions';
import { completions } from '../server/src/language/services/completion';
import { applyEdits } from './services/util';

describe('fuzz regressions', () => {
  it('completion at offset 0 of a text that starts with a line break replaces nothing before the cursor', () => {
    for (const text of ['\n', '\nClient -> Server : SYN seq=100\n']) {
      const items = completions(analyze(text), 0);
      assert.ok(items.length > 0);
      for (const c of items) assert.ok(c.start <= 0 && c.end === 0, `"${c.label}" replaces ${c.start}..${c.end}`);
    }
  });

  it('code actions on a long line with thousands of findings look up each finding\'s line only when its fix needs it', () => {
    // 20,000 unknown flags on one 100 kB line: scanning the line once per finding took seconds.
    const text = `Client -> Server : ${'XYZ '.repeat(20_000)}`;
    const a = analyze(text);
    assert.ok(a.findings.length >= 20_000);
    let scans = 0;
    const counted = new Proxy(a, { get: (t, k) => (k === 'text' && scans++, Reflect.get(t, k)) });
    codeActions(counted, { start: 0, end: text.length });
    assert.ok(scans < 100, `the text was read ${scans} times`);
  });

  it('a did-you-mean fix never writes a flag or field the segment already has', () => {
    // Each fix would trade the unknown item for a duplicate (TF106).
    for (const text of ['A -> B : ACK ac', 'A -> B : SYN\ufeffYN', 'A -> B : AC=1 ack=0', 'A -> B : ACK(1) ak=2', 'A -> B : SYN(1) sek=2']) {
      const a = analyze(text);
      assert.ok(a.findings.some((f) => f.code === 'TF102' || f.code === 'TF105'), text);
      for (const action of codeActions(a, { start: 0, end: text.length })) {
        const after = analyze(applyEdits(text, action.edits ?? []));
        assert.ok(!after.findings.some((f) => f.code === 'TF106'), `"${action.title}" on ${JSON.stringify(text)} makes a duplicate`);
      }
    }
    // Without the item already there, the guess is still offered.
    assert.deepEqual(codeActions(analyze('A -> B : ak=2'), { start: 0, end: 13 }).map((c) => c.title).filter((t) => t.startsWith('Change')), ["Change to 'ack'"]);
  });

  it('no fix writes a number no segment showed yet (Client.SND.NXT is no syntax)', () => {
    // The server acknowledges ISN_Client+1 while the client's sequence numbers are still unknown.
    const text = 'Client->Server:ACK(S)\nServer->Client:SYN(r)ACK(ISN_Client)\nServer->Client SYN(I)ACK(ISN_Client+1)';
    const a = analyze(text);
    assert.ok(a.findings.some((f) => f.code === 'TF406' && f.message.includes("Client's SND.NXT")));
    const syntax = (t: string) => analyze(t).findings.filter((f) => f.code.startsWith('TF1')).length;
    for (const action of codeActions(a, { start: 0, end: text.length })) {
      for (const e of action.edits ?? []) assert.ok(!e.newText.includes('SND.NXT'), `"${action.title}" writes ${e.newText}`);
      assert.ok(syntax(applyEdits(text, action.edits ?? [])) <= syntax(text), `"${action.title}" breaks the syntax`);
    }
  });

  it('"Send FIN instead" is offered for a close event followed by a comment only, never by text the segment would take as its spec', () => {
    const open = 'A -> B : SYN\nB -> A : SYN+ACK\nA -> B : ACK\n';
    const titles = (text: string) => codeActions(analyze(text), { start: 0, end: text.length }).map((c) => c.title);
    assert.ok(titles(`${open}A: close   # bye\r\n`).includes('Send FIN instead (A -> B : FIN)'));
    for (const junk of [' t', ' "x"', ' ack=1']) {
      assert.ok(!titles(`${open}A: close${junk}`).some((t) => t.startsWith('Send FIN')), `A: close${junk}`);
    }
  });

  it("\"Insert ':'\" is offered only where a segment can follow the colon", () => {
    const titles = (text: string) => codeActions(analyze(text), { start: 0, end: text.length }).map((c) => c.title);
    assert.ok(!titles('t->e=').includes("Insert ':'"), 't->e= stays an error after a colon');
    assert.ok(titles('A -> B SYN').includes("Insert ':'"));
    assert.ok(titles('A -> B').includes("Insert ':'"));
  });

  it("the two-way-handshake fix writes a SYN flag, not a SYN(...) call, on a line that writes its own seq", () => {
    const text = 'A->B:SYN(4)  \nB -> A:ACK(0)seq=3';
    const a = analyze(text);
    const fix = codeActions(a, { start: 0, end: text.length }).find((c) => c.title.startsWith("Send B's SYN"));
    assert.ok(fix, 'the fix is offered');
    const after = analyze(applyEdits(text, fix.edits ?? []));
    assert.deepEqual(after.findings.filter((f) => f.code.startsWith('TF1')).map((f) => f.code), []);
  });

  it('a syntax error\'s fix that would make the rest of its line read differently is not offered', () => {
    const syntax = (t: string) => analyze(t).findings.filter((f) => f.code.startsWith('TF1')).map((f) => f.code).sort();
    for (const text of ['t->r:PSH+ACK PSH(', 'B->A AK(ack=', 'B->A:0 en=i', 't->r SN(', 'r->q IN=83648', 't->q""l""ack=4']) {
      const before = syntax(text);
      for (const action of codeActions(analyze(text), { start: 0, end: text.length })) {
        const after = syntax(applyEdits(text, action.edits ?? []));
        for (const code of new Set(after)) {
          assert.ok(after.filter((c) => c === code).length <= before.filter((c) => c === code).length, `"${action.title}" on ${JSON.stringify(text)} adds ${code}`);
        }
      }
    }
  });
});
