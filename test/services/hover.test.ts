import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { escapeMarkdown } from '../../server/src/language/markdown';
import { hover } from '../../server/src/language/services/hover';
import { EVENT_MEANINGS, FIELD_MEANINGS, FLAG_MEANINGS } from '../../server/src/language/services/meanings';
import { State, STATE_MEANINGS } from '../../server/src/language/tcp/states';
import { offsetOf } from './util';

const ARTICLE = [
  'title "Three-way handshake"',
  'Client -> Server: SYN(ISN_Client)',
  'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)',
  'Client -> Server: ACK(ISN_Server + 1)',
  'Client -> Server: FIN',
  'Server -> Client: ACK(FIN + 1)',
  'Client: FIN_WAIT_2   # holds',
  'Client: TIME_WAIT',
  '',
].join('\n');

const EXPLICIT = [
  'endpoint Client "10.0.0.1:40000"',
  'endpoint Server "10.0.0.2:80" LISTEN',
  'Client -> Server : SYN seq=100',
  'Server -> Client : SYN+ACK seq=300 ack=101',
  'Client -> Server : ACK',
  'Client -> Server : PSH+ACK "hello"',
  'Server -x Client : FIN',
  'Server: FIN_WAIT_1',
  'Client -> Server : SYN+ACK seq= # broken',
  '',
].join('\n');

const hoverText = (text: string, needle: string, delta = 0, n = 0) => {
  const a = analyze(text);
  const h = hover(a, offsetOf(text, needle, delta, n));
  assert.ok(h, `a hover on '${needle}'`);
  return { ...h, a, covered: text.slice(h.start, h.end) };
};

describe('hover on a segment', () => {
  it('shows both endpoints before → after, the numbers with how they were written, the flags and the receiver', () => {
    const h = hoverText(ARTICLE, 'Server -> Client: SYN', 7);
    assert.equal(h.covered, 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)');
    assert.match(h.markdown, /`Client`: SYN_SENT → \*\*ESTABLISHED\*\*/);
    assert.match(h.markdown, /`Server`: SYN_RCVD \(unchanged\)/);
    assert.match(h.markdown, /flags `SYN\+ACK`/);
    // Written as the value it is: said once.
    assert.match(h.markdown, /^- ack `ISN_Client\+1`$/m);
    const outcome = h.a.result.steps[1].outcome!;
    assert.ok(h.markdown.includes(`\`Client\`: ${escapeMarkdown(outcome)}`), outcome);
  });

  it('explains inferred numbers and implied flags', () => {
    const h = hoverText(EXPLICIT, 'Client -> Server : ACK', 17);
    assert.match(h.markdown, /seq `101` = `Client`'s SND\.NXT \*\(inferred\)\*/);
    assert.match(h.markdown, /ack `301` = `Client`'s RCV\.NXT: everything it has received \*\(inferred\)\*/);
    const fin = hoverText(ARTICLE, 'Client -> Server: FIN', 7);
    assert.match(fin.markdown, /flags `FIN\+ACK` \*\(ACK implied\)\*/);
  });

  it('says what a symbol pinned by a later number stands for', () => {
    const text = 'A -> B : SYN(ISN_A)\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK(ISN_A + 1)\n';
    const h = hoverText(text, 'A -> B : ACK', 2);
    assert.match(h.markdown, /seq `101`/);
    const sym = hoverText(text, 'ISN_A', 1);
    assert.match(sym.markdown, /symbol `= 100`/);
    assert.match(sym.markdown, /bound on line 1/);
    assert.match(sym.markdown, /used 2 times/);
  });

  it('puts the transition first, then the term under the cursor', () => {
    for (const [needle, delta, term] of [['SYN(ISN_Server)', 1, FLAG_MEANINGS.SYN], ['ISN_Server), ACK', 2, 'symbol'], ['Client: SYN(', 2, 'endpoint']] as const) {
      const h = hoverText(ARTICLE, needle, delta);
      const transition = h.markdown.indexOf('`Client`: SYN_SENT → **ESTABLISHED**');
      const rule = h.markdown.indexOf('\n---\n');
      assert.ok(transition >= 0 && rule > transition, `${needle}: the transition first\n${h.markdown}`);
      assert.ok(h.markdown.indexOf(term, rule) > rule, `${needle}: then the term\n${h.markdown}`);
    }
    const seq = hoverText(EXPLICIT, 'seq=300', 1);
    assert.match(seq.markdown, /^\*\*`Server` → `Client`\*\*\n\n- `Client`: SYN_SENT → \*\*ESTABLISHED\*\*/);
    assert.ok(seq.markdown.endsWith(`**seq**: ${FIELD_MEANINGS.seq}`), seq.markdown);
  });

  it('on a finding, shows the transition and not the facts of the term', () => {
    const text = 'A -> B : SYN(ISN_A)\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK(ISN_A + 1)\n';
    const a = analyze(text);
    const at = offsetOf(text, 'ISN_A', 1, 1);
    assert.ok(a.findings.some((f) => f.start <= at && at <= f.end), 'the ack is wrong there');
    const h = hoverText(text, 'ISN_A', 1, 1);
    assert.match(h.markdown, /^\*\*`A` → `B`\*\*/);
    assert.match(h.markdown, /ack `101` = `ISN_A \+ 1`/);
    assert.doesNotMatch(h.markdown, /symbol|---/);
  });

  it('resolves the word FIN to the FIN it stands for', () => {
    const h = hoverText(ARTICLE, 'FIN + 1', 0);
    assert.equal(h.covered, 'FIN');
    assert.match(h.markdown, /`FIN = ISN_Client\+1` \(the FIN of line 5\)/);
  });

  it('marks a lost segment and the payload length', () => {
    assert.match(hoverText(EXPLICIT, 'Server -x', 7).markdown, /never delivered/);
    const p = hoverText(EXPLICIT, '"hello"', 2);
    assert.match(p.markdown, /5 bytes, sequence numbers `101` … `105`/);
  });

  it('says a broken line is not replayed', () => {
    assert.match(hoverText(EXPLICIT, '# broken', 2).markdown, /Not replayed/);
  });
});

describe('hover on words', () => {
  it('gives a state its RFC 9293 meaning, and whether the assertion holds', () => {
    const holds = hoverText(ARTICLE, 'FIN_WAIT_2', 1);
    assert.ok(holds.markdown.includes(STATE_MEANINGS[State.FIN_WAIT_2]));
    assert.match(holds.markdown, /the assertion holds/);
    const fails = hoverText(ARTICLE, 'TIME_WAIT', 1);
    assert.match(fails.markdown, /`Client` is \*\*FIN_WAIT_2\*\* here/);
    assert.match(hoverText(EXPLICIT, 'LISTEN', 1).markdown, /initial state of `Server`/);
  });

  it('explains flags, fields and events', () => {
    assert.ok(hoverText(EXPLICIT, 'PSH', 1).markdown.includes(FLAG_MEANINGS.PSH));
    const seq = hoverText(EXPLICIT, 'seq=100', 1);
    assert.equal(seq.covered, 'seq');
    assert.ok(seq.markdown.includes(FIELD_MEANINGS.seq));
    const call = hoverText(ARTICLE, 'ACK(ISN_Client', 1);
    assert.ok(call.markdown.includes(FLAG_MEANINGS.ACK));
    assert.match(call.markdown, /sets the flag and ack/);
    const ev = hoverText('A -> B : SYN\nB -> A : SYN+ACK\nA -> B : ACK\nA -> B : FIN\nB -> A : ACK\nB -> A : FIN\nA -> B : ACK\nA: wait 2MSL\n', 'wait', 1);
    assert.equal(ev.covered, 'wait 2MSL');
    assert.ok(ev.markdown.includes(EVENT_MEANINGS.wait2msl));
    assert.match(ev.markdown, /TIME_WAIT → \*\*CLOSED\*\*/);
  });

  it('describes an endpoint: label, initial state (declared or inferred), state here', () => {
    const declared = hoverText(EXPLICIT, 'Server', 1, 2);
    assert.match(declared.markdown, /`"10\.0\.0\.2:80"`/);
    assert.match(declared.markdown, /starts \*\*LISTEN\*\* \(declared on line 2\)/);
    const inferred = hoverText(ARTICLE, 'Client', 1);
    assert.match(inferred.markdown, /starts \*\*CLOSED\*\* \(inferred: it sends the first SYN\)/);
    assert.match(inferred.markdown, /`Client`: CLOSED → \*\*SYN_SENT\*\*/);
    assert.match(hoverText(ARTICLE, 'Client: FIN_WAIT_2', 1).markdown, /here: FIN_WAIT_2/);
    assert.match(hoverText('endpoint A\nendpoint B\nC: close\n', 'C', 0).markdown, /not an endpoint of this flow/);
    // On a segment, the finding about the name says it; the hover adds the transition (none: not replayed).
    assert.match(hoverText('endpoint A\nendpoint B\nA -> C : SYN\n', 'C', 0).markdown, /Not replayed/);
  });

  it('has nothing to say on a title or a comment line', () => {
    const a = analyze('title "x"\n# a comment\n');
    assert.equal(hover(a, 3), undefined);
    assert.equal(hover(a, 14), undefined);
  });
});
