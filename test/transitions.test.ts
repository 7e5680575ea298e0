// The transition table, state by state, against RFC 9293 (§3.3.2 figure 5 and
// the event processing of §3.10), written out here independently of the table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_STATES, parseState, State, STATE_NAMES } from '../server/src/language/tcp/states';
import { MAY_SEND, transition, TRANSITIONS, type TcpEvent } from '../server/src/language/tcp/transitions';

const EVENTS: TcpEvent[] = [
  'listen', 'close', 'timeout', 'wait 2MSL', 'send SYN', 'send FIN', 'send RST',
  'recv SYN', 'recv SYN+ACK', 'recv ACK of SYN', 'recv ACK of FIN', 'recv FIN', 'recv RST',
];

const {
  CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT,
} = State;

/** RFC 9293, per state: event → next state. Absent: the RFC defines no transition. */
const RFC: Record<State, Partial<Record<TcpEvent, State>>> = {
  [CLOSED]: { listen: LISTEN, 'send SYN': SYN_SENT, timeout: CLOSED, 'send RST': CLOSED },
  [LISTEN]: { 'send SYN': SYN_SENT, 'recv SYN': SYN_RCVD, close: CLOSED, timeout: CLOSED, 'send RST': LISTEN },
  [SYN_SENT]: { 'recv SYN+ACK': ESTABLISHED, 'recv SYN': SYN_RCVD, close: CLOSED, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [SYN_RCVD]: { 'recv ACK of SYN': ESTABLISHED, 'send FIN': FIN_WAIT_1, 'recv FIN': CLOSE_WAIT, timeout: CLOSED },
  [ESTABLISHED]: { 'send FIN': FIN_WAIT_1, 'recv FIN': CLOSE_WAIT, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [FIN_WAIT_1]: { 'recv ACK of FIN': FIN_WAIT_2, 'recv FIN': CLOSING, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [FIN_WAIT_2]: { 'recv FIN': TIME_WAIT, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [CLOSE_WAIT]: { 'send FIN': LAST_ACK, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [CLOSING]: { 'recv ACK of FIN': TIME_WAIT, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [LAST_ACK]: { 'recv ACK of FIN': CLOSED, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
  [TIME_WAIT]: { 'wait 2MSL': CLOSED, 'recv FIN': TIME_WAIT, 'recv RST': CLOSED, timeout: CLOSED, 'send RST': CLOSED },
};

describe('RFC 9293 transition table', () => {
  for (const state of ALL_STATES) {
    it(`${STATE_NAMES[state]}: every event leads where RFC 9293 says`, () => {
      for (const event of EVENTS) {
        // SYN_RCVD's resets depend on how it was reached; checked separately below.
        if (state === SYN_RCVD && (event === 'recv RST' || event === 'send RST')) continue;
        assert.equal(transition(state, event, false)?.to, RFC[state][event], `${STATE_NAMES[state]} + ${event}`);
      }
    });
  }

  it('SYN_RCVD returns to LISTEN on a reset when it came from LISTEN, else to CLOSED (§3.10.7.4, §3.10.5)', () => {
    assert.equal(transition(SYN_RCVD, 'recv RST', true)?.to, LISTEN);
    assert.equal(transition(SYN_RCVD, 'recv RST', false)?.to, CLOSED);
    assert.equal(transition(SYN_RCVD, 'send RST', true)?.to, LISTEN);
    assert.equal(transition(SYN_RCVD, 'send RST', false)?.to, CLOSED);
  });

  it('every row names the RFC section it comes from', () => {
    for (const t of TRANSITIONS) assert.match(t.rfc, /^\d+\.\d+/, `${STATE_NAMES[t.from]} + ${t.event}`);
  });

  it('no two rows claim the same state, event and qualifier', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}|${t.event}|${t.passive}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('what each state may send as new segments (§3.10.2 SEND, §3.10.4 CLOSE)', () => {
    assert.deepEqual(MAY_SEND[CLOSED], ['SYN']);
    assert.deepEqual(MAY_SEND[SYN_SENT], []);
    for (const s of [ESTABLISHED, CLOSE_WAIT]) assert.ok(MAY_SEND[s].includes('data') && MAY_SEND[s].includes('FIN'));
    for (const s of [FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT]) assert.deepEqual(MAY_SEND[s], ['ACK']);
    assert.ok(!MAY_SEND[SYN_RCVD].includes('data'), 'no data before the handshake completes');
  });

  it('accepts the article, RFC and Linux spellings of state names', () => {
    const spellings: [string, State][] = [
      ['FIN_WAIT1', FIN_WAIT_1], ['FIN_WAIT_1', FIN_WAIT_1], ['FIN-WAIT-1', FIN_WAIT_1], ['fin-wait-2', FIN_WAIT_2],
      ['SYN_RCVD', SYN_RCVD], ['SYN_RECEIVED', SYN_RCVD], ['SYN-RECEIVED', SYN_RCVD], ['SYN_RECV', SYN_RCVD],
      ['SYN-SENT', SYN_SENT], ['TIME-WAIT', TIME_WAIT], ['CLOSE_WAIT', CLOSE_WAIT], ['LAST-ACK', LAST_ACK],
      ['established', ESTABLISHED], ['Listen', LISTEN], ['CLOSING', CLOSING], ['CLOSED', CLOSED],
    ];
    for (const [s, state] of spellings) assert.equal(parseState(s), state, s);
    assert.equal(parseState('SYN_RECIEVED'), undefined);
    assert.equal(parseState('CLOSE'), undefined, 'close is the event, not a state');
  });
});
