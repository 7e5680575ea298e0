import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { completions, type Completion } from '../../server/src/language/services/completion';
import { ALL_STATES, STATE_NAMES } from '../../server/src/language/tcp/states';
import { at, examples } from './util';

const sorted = (cs: Completion[]) => [...cs].sort((x, y) => (x.sortText < y.sortText ? -1 : x.sortText > y.sortText ? 1 : 0));
const complete = (marked: string) => {
  const { a, offset } = at(marked);
  return sorted(completions(a, offset));
};
const segments = (marked: string) => complete(marked).filter((c) => c.kind === 'segment').map((c) => c.insert);

const HANDSHAKE = 'Client -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300 ack=101\nClient -> Server : ACK seq=101 ack=301\n';

describe('completion at the start of a line', () => {
  it('offers the SYN+ACK with the right ack after a SYN', () => {
    assert.equal(segments('Client -> Server : SYN seq=100\n|')[0], 'Server -> Client : SYN+ACK seq=300 ack=101');
    assert.equal(segments('Client -> Server : SYN seq=4294967295\n|')[0], 'Server -> Client : SYN+ACK seq=300 ack=0');
  });

  it('writes the article notation when the file uses it', () => {
    assert.equal(segments('Client -> Server: SYN(ISN_Client)\n|')[0], 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)');
    const teardown = 'Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\nClient -> Server: ACK(ISN_Server + 1)\nClient -> Server: FIN\n';
    const next = segments(`${teardown}|`);
    assert.equal(next[0], 'Server -> Client: ACK(FIN + 1)');
    assert.ok(next.includes('Server -> Client: FIN'), 'the server may close too');
  });

  it('acknowledges data, and offers the FIN to a side that may close', () => {
    const next = segments(`${HANDSHAKE}Client -> Server : PSH+ACK "hello"\n|`);
    assert.equal(next[0], 'Server -> Client : ACK seq=301 ack=106');
    assert.ok(next.includes('Server -> Client : FIN+ACK seq=301 ack=106'));
    assert.ok(next.includes('Client -> Server : FIN+ACK seq=106 ack=301'));
  });

  it('answers a SYN to a closed port with <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>', () => {
    assert.equal(segments('endpoint C\nendpoint S CLOSED\nC -> S : SYN seq=7000\n|')[0], 'S -> C : RST+ACK seq=0 ack=7001');
  });

  it('starts an empty file with a SYN, and proposes events and assertions by state', () => {
    assert.equal(segments('|')[0], 'Client -> Server : SYN seq=100');
    const labels = complete(`${HANDSHAKE}Client -> Server : FIN\nServer -> Client : ACK\nServer -> Client : FIN\nClient -> Server : ACK\n|`).map((c) => c.label);
    assert.ok(labels.includes('Client: wait 2MSL'));
    assert.ok(labels.includes('Client: TIME_WAIT'));
    assert.ok(labels.includes('Server: CLOSED'));
    assert.ok(!labels.includes('Client: listen'), 'listen needs CLOSED');
  });

  it('in a simultaneous block, proposes the endpoint that has not sent yet first', () => {
    const next = segments('endpoint A\nendpoint B CLOSED\nsimultaneous {\n  A -> B : SYN seq=100\n  |\n}\n');
    assert.equal(next[0], 'B -> A : SYN seq=300');
  });

  it('replaces what is typed from the start of the statement, after a timestamp', () => {
    const { a, offset } = at('0.5 Serv|');
    const c = sorted(completions(a, offset)).find((x) => x.kind === 'segment')!;
    assert.equal(a.text.slice(c.start, c.end), 'Serv');
  });

  it('proposes only segments that the checker accepts, at every line of every example', () => {
    let checked = 0;
    for (const { name, text } of examples()) {
      const lines = text.split('\n');
      for (let k = 0; k <= lines.length; k++) {
        const prefix = lines.slice(0, k).map((l) => `${l}\n`).join('');
        const a = analyze(prefix);
        if (a.diagnostics().some((d) => d.severity === 'error')) continue;
        for (const c of completions(a, prefix.length).filter((x) => x.kind === 'segment')) {
          const after = analyze(`${prefix}${c.insert}\n`).diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning');
          assert.deepEqual(after.map((d) => `${d.code} ${d.message}`), [], `${name} after line ${k}: ${c.insert}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 500, `${checked} proposals checked`);
  });
});

describe('completion inside a line', () => {
  it('after NAME: offers events and states, the current state first', () => {
    const cs = complete(`${HANDSHAKE}Client: |`);
    assert.equal(cs[0].label, 'ESTABLISHED');
    assert.equal(cs[0].preselect, true);
    const labels = cs.map((c) => c.label);
    for (const s of ALL_STATES) assert.ok(labels.includes(STATE_NAMES[s]));
    for (const e of ['listen', 'close', 'timeout', 'wait 2MSL']) assert.ok(labels.includes(e));
  });

  it('offers state names for an endpoint declaration', () => {
    assert.ok(complete('endpoint Server "10.0.0.2:80" L|').some((c) => c.label === 'LISTEN' && c.kind === 'state'));
    assert.deepEqual(complete('endpoint |'), []);
  });

  it('in a segment: the flags not yet written, the fields with the expected values', () => {
    const cs = complete(`${HANDSHAKE}Server -> Client : PSH |`);
    const labels = cs.map((c) => c.label);
    assert.ok(labels.includes('ACK') && labels.includes('FIN'));
    assert.ok(!labels.includes('PSH'));
    assert.ok(labels.includes('seq=301') && labels.includes('ack=101'));
    assert.ok(labels.includes('len=') && labels.includes('win='));
  });

  it('after ack= and inside ACK(: the RCV.NXT, FIN + 1 after a FIN, and the symbols', () => {
    const fin = 'A -> B : SYN(ISN_A)\nB -> A : SYN(ISN_B), ACK(ISN_A + 1)\nA -> B : ACK(ISN_B + 1)\nA -> B : FIN\n';
    const inCall = complete(`${fin}B -> A : ACK(|`).map((c) => c.label);
    assert.equal(inCall[0], 'ISN_A + 2');
    assert.ok(inCall.includes('FIN + 1'));
    assert.ok(inCall.includes('ISN_A') && inCall.includes('ISN_B'));
    const tight = complete(`${fin}B -> A : ACK ack=|`).map((c) => c.label);
    assert.equal(tight[0], 'ISN_A+2');
    assert.ok(tight.includes('FIN+1'));
  });

  it('offers the other endpoint after an arrow, endpoints in a note, nothing in comments or strings', () => {
    const afterArrow = complete(`${HANDSHAKE}Client -> |`).filter((c) => c.kind === 'endpoint').map((c) => c.label);
    assert.deepEqual(afterArrow, ['Server']);
    assert.deepEqual(complete(`${HANDSHAKE}note |`).map((c) => c.label).sort(), ['Client', 'Server']);
    assert.deepEqual(complete(`${HANDSHAKE}# Client |`), []);
    assert.deepEqual(complete(`${HANDSHAKE}Client -> Server : "abc |`), []);
  });
});
