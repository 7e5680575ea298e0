import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from '../../server/src/language/analysis';
import { codeActions, fixesFor, resolveEdits } from '../../server/src/language/services/codeActions';
import { keepsFlow } from '../../server/src/language/services/editChecks';
import { formatNum } from '../../server/src/language/tcp/seqnum';
import { applyEdits, behaviour, examples, offsetOf } from './util';

const count = (a: Analysis, code: string) => a.findings.filter((f) => f.code === code).length;
const errors = (a: Analysis) => a.diagnostics().filter((d) => d.severity === 'error');
const withoutImplied = (a: Analysis): Analysis => ({ ...a, findings: a.findings.filter((f) => f.code !== 'TF308') });

describe('quick fixes', () => {
  it('every fix of every finding in the examples removes that finding', () => {
    let fixes = 0;
    for (const { name, text } of examples()) {
      const a = analyze(text);
      for (const f of a.findings) {
        for (const fix of fixesFor(a, f)) {
          const after = analyze(applyEdits(text, fix.edits));
          assert.ok(count(after, f.code) < count(a, f.code), `${name}: '${fix.title}' leaves ${f.code}`);
          fixes++;
        }
      }
    }
    assert.ok(fixes > 20, `${fixes} fixes applied`);
  });

  it('completes the handshake before data sent in SYN_RCVD', () => {
    const text = 'Client -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300 ack=101\nServer -> Client : PSH+ACK "welcome"\n';
    const a = analyze(text);
    const tf301 = a.findings.find((f) => f.code === 'TF301')!;
    const fix = fixesFor(a, tf301).find((x) => x.title.startsWith('Complete the handshake'))!;
    assert.equal(fix.edits[0].newText, 'Client -> Server : ACK\n');
    assert.deepEqual(errors(analyze(applyEdits(text, fix.edits))), []);
  });

  it('completes the handshake before data sent in SYN_SENT and in CLOSED, in the file\'s notation', () => {
    for (const text of [
      'Client -> Server: SYN(ISN_C)\nClient -> Server: PSH "GET"\n',
      'endpoint C\nendpoint S CLOSED\nC: timeout\nC -> S : PSH+ACK seq=1 ack=1 "x"\n',
    ]) {
      const a = analyze(text);
      const fix = fixesFor(a, a.findings.find((f) => f.code === 'TF301')!).find((x) => x.title.startsWith('Complete the handshake'));
      assert.ok(fix, text);
      const after = analyze(applyEdits(text, fix.edits));
      assert.equal(count(after, 'TF301'), 0, applyEdits(text, fix.edits));
    }
    const article = analyze('Client -> Server: SYN(ISN_C)\nClient -> Server: PSH "GET"\n');
    const fix = fixesFor(article, article.findings.find((f) => f.code === 'TF301')!).at(-1)!;
    assert.equal(fix.edits[0].newText, 'Server -> Client: SYN, ACK\nClient -> Server: ACK\n');
  });

  it('delivers the lost segment that an acknowledgment says arrived', () => {
    const text = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B : ACK\nB -x A : PSH+ACK "abc"\nA -> B : ACK ack=9\n';
    const a = analyze(text);
    const f = a.findings.find((x) => x.code === 'TF406')!;
    const fix = fixesFor(a, f).find((x) => x.title.startsWith('Deliver'))!;
    assert.match(fix.title, /line 4/);
    assert.deepEqual(errors(analyze(applyEdits(text, fix.edits))), []);
  });

  it('offers fixes only for findings shown with the severity settings', () => {
    const text = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B : FIN\n';
    const a = analyze(text);
    const line = { start: offsetOf(text, 'A -> B : FIN'), end: text.length };
    const titles = (strict: boolean) => codeActions(a, line, { strict }).filter((x) => x.kind === 'quickfix').map((x) => x.title);
    assert.deepEqual(titles(false), []);
    assert.deepEqual(titles(true), ['Write the implied ACK flag']);
  });

  it('writes the implied ACK of an empty segment after its colon', () => {
    const text = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B:\n';
    const a = analyze(text);
    const fix = fixesFor(a, a.findings.find((f) => f.code === 'TF308')!)[0];
    assert.equal(applyEdits(text, fix.edits).split('\n')[2], 'A -> B: ACK');
  });

  it('offers no fix that writes the number it replaces, or a number no segment showed', () => {
    // The server never sent its SYN: no ack could acknowledge it, and the message says so.
    const noSyn = 'endpoint Client\nendpoint Server LISTEN\nClient -> Server : SYN seq=100\nServer -> Client :\nClient -> Server : ACK seq=101 ack=301\n';
    const a = analyze(noSyn);
    const answered = a.findings.find((f) => f.code === 'TF309' && a.lines.position(f.start).line === 4)!;
    assert.deepEqual(fixesFor(a, answered), []);
    assert.match(answered.message, /has not sent its SYN yet/);
    assert.doesNotMatch(answered.message, /expects ack 301/);
    // RCV.NXT is a number no segment showed: there is nothing to write.
    const unknown = 'Client -> Server:\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\n';
    const b = analyze(unknown);
    for (const f of b.findings) for (const fix of fixesFor(b, f)) for (const e of fix.edits) assert.doesNotMatch(e.newText, /\./, `${f.code}: '${fix.title}'`);
  });

  it('offers a timeline fix only when it removes the finding', () => {
    // A is SYN_RCVD but never sent its SYN: an ACK from B cannot complete the handshake.
    const text = 'endpoint A\nendpoint B\nsimultaneous {\n   -> B : SYN seq=100\n  B -> A : SYN seq=300\nsimultaneous {\n  A -> B : SYN+ACK seq=100 ack=301\n  B -> A : SYN+ACK seq=300 ack=101\n}\nA -> B : PSH+ACK seq=101 ack=301 "hello"\n';
    const a = analyze(text);
    const tf301 = a.findings.filter((f) => f.code === 'TF301').at(-1)!;
    assert.deepEqual(fixesFor(a, tf301).map((x) => x.title), []);
  });

  it('leaves a line with a syntax error to the fixes of that error', () => {
    const text = 'endpoint Client\nendpoint Server LISTEN\nClient -> Server : SYN seq=1\nServer: close  SYN_RECIEVED\n';
    const a = analyze(text);
    const tf307 = a.findings.find((f) => f.code === 'TF307')!;
    assert.deepEqual(fixesFor(a, tf307), []);
    // An unknown flag is not changed into one the segment already has.
    const dup = analyze('Client -> Server : SYN SYNN seq=1\n');
    assert.deepEqual(fixesFor(dup, dup.findings.find((f) => f.code === 'TF102')!), []);
  });
});

describe('fill in the inferred numbers', () => {
  it('writes every inferred seq, ack and flag of every example without changing what the flow does', () => {
    for (const { name, text } of examples()) {
      const a = analyze(text);
      const filled = analyze(applyEdits(text, resolveEdits(a, 'fillAll')));
      assert.equal(behaviour(withoutImplied(filled)), behaviour(withoutImplied(a)), name);
      const numbers = (x: Analysis) => x.result.steps.map((s) => s.segment && `${formatNum(s.segment.seq)} ${s.segment.ack === undefined ? '' : formatNum(s.segment.ack)}`);
      assert.deepEqual(numbers(filled), numbers(a), name);
      const left = filled.result.inferences.filter((i) => (i.kind === 'seq' || i.kind === 'ack' || i.kind === 'flag') && i.insert && !i.insert.includes('.'));
      assert.deepEqual(left, [], name);
    }
  });

  it('offers the line and the whole file, the whole file lazily', () => {
    const text = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B : ACK\nA -> B : FIN\n';
    const a = analyze(text);
    const actions = codeActions(a, { start: offsetOf(text, 'A -> B : ACK'), end: offsetOf(text, 'A -> B : ACK') });
    const line = actions.find((x) => x.title === 'Fill in the inferred numbers of this line')!;
    assert.equal(applyEdits(text, line.edits!).split('\n')[2], 'A -> B : ACK seq=2 ack=6');
    const all = actions.find((x) => x.title === 'Fill in all inferred numbers')!;
    assert.equal(all.edits, undefined);
    assert.equal(all.lazy, 'fillAll');
    assert.equal(applyEdits(text, resolveEdits(a, 'fillAll')).split('\n')[3], 'A -> B : FIN+ACK seq=2 ack=6');
  });

  it('fills an empty segment after its colon', () => {
    const text = 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nA -> B:\n';
    const a = analyze(text);
    const line = codeActions(a, { start: text.length - 2, end: text.length - 2 }).find((x) => x.title === 'Fill in the inferred numbers of this line')!;
    assert.equal(applyEdits(text, line.edits!).split('\n')[2], 'A -> B: ACK seq=2 ack=6');
    assert.equal(applyEdits(text, resolveEdits(a, 'fillAll')).split('\n')[2], 'A -> B: ACK seq=2 ack=6');
  });

  it('is not offered when writing the numbers would change the flow', () => {
    // The client's SYN is never shown: its numbers are pinned only later, against what the earlier lines were checked with.
    const text = 'Server -> Client: SYN+ACK\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\nClient -x Server: "lost"\nClient -> Server: "hello"\n';
    assert.ok(!keepsFlow(analyze(text), resolveEdits(analyze(text), 'fillAll')), 'the fill would change this flow');
    const a = analyze(text);
    const titles = codeActions(a, { start: 0, end: 0 }, { strict: true }).map((x) => x.title);
    assert.ok(!titles.includes('Fill in all inferred numbers'), titles.join(', '));
  });
});
