// Every numeric rule of the checker at its edge (one below, at, one above) and
// every path through the receiver, including the rare ones: a FIN that arrives
// out of order and data beyond it, a queue drained in pieces, the inferred
// numbers of every kind of RST. Expectations come from spec §4–§5 and RFC 9293.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { ALL_CODES, docsAnchor } from '../server/src/language/check/catalogue';
import { fmt } from '../server/src/language/check/context';
import { usesOf } from '../server/src/language/check/names';
import { ALL_STATES, STATE_MEANINGS, STATE_NAMES } from '../server/src/language/tcp/states';
import { add, diff, formatNum, resolve, same, u32, unify, unknownNumber, type Num } from '../server/src/language/tcp/seqnum';
import { caseFile, HANDSHAKE } from './checkerCases';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

const EE = 'ESTABLISHED ESTABLISHED';

const { cases, pinAll } = caseFile('boundary-cases.expected');

cases('sender: seq against SND.NXT (§3.4)', {
  'SND.NXT + 1 leaves a one-byte gap': {
    flow: HANDSHAKE + 'A -> B : seq=102 "x"', codes: ['TF402', 'TF311'], states: EE, outcome: 'queued out of order', segment: 'ACK seq=102 ack=301 len=1',
  },
  'SND.NXT is in order': { flow: HANDSHAKE + 'A -> B : seq=101 "x"', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1' },
  'SND.NXT − 1 with one byte and nothing outstanding is a keep-alive': {
    flow: HANDSHAKE + 'A -> B : seq=100 "x"', codes: ['TF408', 'TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=100 ack=301 len=1',
  },
  'SND.NXT − 1 with two bytes is a retransmission carrying one new byte': {
    flow: HANDSHAKE + 'A -> B : seq=100 "xy"', codes: ['TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=100 ack=301 len=2',
  },
  'SND.NXT − 1 with a FIN is no keep-alive': {
    flow: HANDSHAKE + 'A -> B : FIN seq=100', codes: ['TF405', 'TF312'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=100 ack=301',
  },
  'SND.NXT − 2 without data is neither a keep-alive nor a retransmission': {
    flow: HANDSHAKE + 'A -> B : ACK seq=99', codes: ['TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=99 ack=301',
  },
  'SND.NXT − 2 with data is a retransmission': {
    flow: HANDSHAKE + 'A -> B : seq=99 "xy"', codes: ['TF405', 'TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=99 ack=301 len=2',
  },
  'a gap of 2^31 − 1 is still ahead': {
    flow: HANDSHAKE + 'A -> B : seq=2147483748 "x"', codes: ['TF402', 'TF311'], states: EE, outcome: 'queued out of order', segment: 'ACK seq=2147483748 ack=301 len=1',
  },
  '2^31 ahead is behind in serial-number arithmetic': {
    flow: HANDSHAKE + 'A -> B : seq=2147483749 "x"', codes: ['TF405', 'TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=2147483749 ack=301 len=1',
  },
  'after a gap the sender carries on from the new seq: one gap, one report': {
    flow: HANDSHAKE + 'A -> B : seq=105 "x"\nA -> B : "y"', codes: ['TF402', 'TF311', 'TF311'], states: EE, outcome: 'queued out of order', segment: 'ACK seq=106 ack=301 len=1',
  },
});

cases('sender: ack against RCV.NXT', {
  'RCV.NXT + 1 acknowledges a byte never received': {
    flow: HANDSHAKE + 'A -> B : ACK ack=302', codes: ['TF406'], states: EE, outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=101 ack=302',
  },
  'RCV.NXT is right': { flow: HANDSHAKE + 'A -> B : ACK ack=301', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'RCV.NXT − 1 is stale (a warning in strict mode)': {
    flow: HANDSHAKE + 'A -> B : ACK ack=300', codes: ['TF410'], strict: true, states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=300',
  },
  'RCV.NXT − 1 is silent by default (a hint)': { flow: HANDSHAKE + 'A -> B : ACK ack=300', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=300' },
  'the acknowledgment of a lost segment is the sender\'s error; the receiver did send that far': {
    flow: HANDSHAKE + 'A -x B : "abc"\nB -> A : ACK ack=104', codes: ['TF406'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=104',
  },
});

cases('sender: the SYN+ACK acknowledges exactly the SYN', {
  'IRS': { flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=100', codes: ['TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=300 ack=100' },
  'IRS + 1': { flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=101' },
  'IRS + 2': { flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=102', codes: ['TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=300 ack=102' },
  'Fast Open: IRS + 1 + len + 1': {
    flow: 'A -> B : SYN seq=100 "hi"\nB -> A : SYN+ACK seq=300 ack=104', codes: ['TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=300 ack=104',
  },
  'Fast Open: IRS + len acknowledges part of the data, which no stack does': {
    flow: 'A -> B : SYN seq=100 "hi"\nB -> A : SYN+ACK seq=300 ack=102', codes: ['TF403'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=102',
  },
  'Fast Open accepted: the server may send data before the handshake completes': {
    flow: 'A -> B : SYN seq=100 "hi"\nB -> A : SYN+ACK seq=300 ack=103\nB -> A : "yo"', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'accepted', segment: 'ACK seq=301 ack=103 len=2',
  },
  'Fast Open declined: the server may not': {
    flow: 'A -> B : SYN seq=100 "hi"\nB -> A : SYN+ACK seq=300 ack=101\nB -> A : "yo"', codes: ['TF301'], states: 'ESTABLISHED SYN_RCVD', outcome: 'accepted', segment: 'ACK seq=301 ack=101 len=2',
  },
  'a retransmitted SYN+ACK while the SYN is unacknowledged is information': {
    flow: 'A -> B : SYN seq=100\nB -x A : SYN+ACK seq=300 ack=101\nB -> A : SYN+ACK', codes: ['TF405'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=101',
  },
});

cases('sender: the ack of SYN_RCVD after its SYN+ACK is checked like any other', {
  'an ACK from SYN_RCVD acknowledging more than arrived': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nB -> A : ACK ack=102', codes: ['TF406'], states: 'ESTABLISHED SYN_RCVD', outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=301 ack=102',
  },
  'a FIN from SYN_RCVD acknowledging more than arrived': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nB -> A : FIN ack=102', codes: ['TF406'], states: 'ESTABLISHED FIN_WAIT_1', outcome: 'dropped: acknowledges unsent data', segment: 'FIN+ACK seq=301 ack=102',
  },
});

cases('sender: a retransmitted SYN keeps its ISN (§3.4.1)', {
  'ISN − 1': { flow: 'A -x B : SYN seq=100\nA -> B : SYN seq=99', codes: ['TF404'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=99' },
  'ISN': { flow: 'A -x B : SYN seq=100\nA -> B : SYN seq=100', codes: ['TF405'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=100' },
  'ISN + 1': { flow: 'A -x B : SYN seq=100\nA -> B : SYN seq=101', codes: ['TF404'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=101' },
  'a SYN sent again without seq takes the ISS (the first one arrived)': {
    flow: 'A -> B : SYN seq=1\nA -> B : SYN', codes: ['TF405', 'TF312'], states: 'SYN_SENT SYN_RCVD', outcome: 'duplicate: re-acknowledged', segment: 'SYN seq=1',
  },
  'the SYN+ACK of a simultaneous open without seq takes the ISS': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nA -> B : SYN+ACK', codes: [], states: 'SYN_RCVD ESTABLISHED', outcome: 'accepted', segment: 'SYN+ACK seq=1 ack=8',
  },
  'a SYN+ACK with another ISN': {
    flow: 'A -> B : SYN seq=100\nB -x A : SYN+ACK seq=300 ack=101\nB -> A : SYN+ACK seq=301 ack=101', codes: ['TF404'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=301 ack=101',
  },
});

cases('sender: FIN and data after the own FIN', {
  'a FIN one past the own FIN is new (and in order for the receiver)': {
    flow: HANDSHAKE + 'A -> B : FIN\nA -> B : FIN seq=102', codes: ['TF302'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=102 ack=301',
  },
  'a FIN one before the own FIN is new (and below SND.NXT)': {
    flow: HANDSHAKE + 'A -> B : "a"\nA -> B : FIN\nA -> B : FIN seq=101', codes: ['TF302', 'TF405', 'TF312'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=101 ack=301',
  },
  'the FIN at its own number is a retransmission': {
    flow: HANDSHAKE + 'A -> B : "a"\nA -> B : FIN\nA -> B : FIN seq=102', codes: ['TF405', 'TF312'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=102 ack=301',
  },
  'data ending at SND.NXT after the FIN is no new data, but the receiver sees it beyond the FIN': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nA -> B : seq=101 "abcd"', codes: ['TF311', 'TF405', 'TF303'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'rejected: data after FIN', segment: 'ACK seq=101 ack=301 len=4',
  },
  'data one byte past SND.NXT after the FIN is new: one report, by the sender': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nA -> B : seq=102 "abcd"', codes: ['TF311', 'TF302', 'TF405'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'rejected: data after FIN', segment: 'ACK seq=102 ack=301 len=4',
  },
  'data retransmitted before the FIN fills the gap and delivers the FIN': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nA -> B : seq=101 "abc"', codes: ['TF311', 'TF405'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=3',
  },
  'data on the ACK that closes LAST_ACK: an error of the sender, and the connection closes': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nA -> B : ACK "x"', codes: ['TF302'], states: 'TIME_WAIT CLOSED', outcome: 'connection closed', segment: 'ACK seq=102 ack=302 len=1',
  },
  'data in FIN_WAIT_2 after the own FIN is an error': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK\nA -> B : "x"', codes: ['TF302'], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'rejected: data after FIN', segment: 'ACK seq=102 ack=301 len=1',
  },
  'data from CLOSE_WAIT is allowed': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : "late"', codes: [], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=102 len=4',
  },
  'a FIN from CLOSE_WAIT → LAST_ACK': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK\nB -> A : FIN', codes: [], states: 'TIME_WAIT LAST_ACK', outcome: 'accepted', segment: 'FIN+ACK seq=301 ack=102',
  },
  'a FIN from LAST_ACK (a second, new one) is an error': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nB -> A : FIN seq=302', codes: ['TF302'], states: 'TIME_WAIT LAST_ACK', outcome: 'accepted', segment: 'FIN+ACK seq=302 ack=102',
  },
});

cases('sender: what each state may send', {
  'data from SYN_SENT': { flow: 'A -> B : SYN seq=1\nA -x B : "x"', codes: ['TF301'], states: 'SYN_SENT SYN_RCVD', outcome: 'lost', segment: "ACK seq=2 ack=A's RCV.NXT len=1" },
  'an ACK from SYN_SENT': { flow: 'A -> B : SYN seq=1\nA -x B : ACK', codes: ['TF301'], states: 'SYN_SENT SYN_RCVD', outcome: 'lost', segment: "ACK seq=2 ack=A's RCV.NXT" },
  'a SYN+ACK from ESTABLISHED never in SYN_RCVD is a SYN in a synchronized state (v1.2)': {
    flow: 'endpoint A ESTABLISHED\nendpoint B ESTABLISHED\nA -x B : SYN+ACK seq=1 ack=1', codes: ['TF313'], states: EE, outcome: 'lost', segment: 'SYN+ACK seq=1 ack=1',
  },
  'a SYN+ACK from LISTEN': { flow: 'endpoint A LISTEN\nendpoint B\nA -x B : SYN+ACK seq=1 ack=1', codes: ['TF301'], states: 'LISTEN SYN_SENT', outcome: 'lost', segment: 'SYN+ACK seq=1 ack=1' },
  'a bare SYN from LISTEN (an active open) → SYN_SENT': {
    flow: 'endpoint A LISTEN\nendpoint B LISTEN\nA -> B : SYN seq=5', codes: [], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=5',
  },
  'an ACK from TIME_WAIT (acknowledging the FIN again)': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nA -> B : ACK\nA -x B : ACK', codes: [], states: 'TIME_WAIT CLOSED', outcome: 'lost', segment: 'ACK seq=102 ack=302',
  },
});

cases('sender: why a state cannot send (declared states, numbers unknown)', {
  'data from CLOSED': { flow: 'endpoint A CLOSED\nendpoint B LISTEN\nA -x B : seq=1 "x"', codes: ['TF301'], states: 'CLOSED LISTEN', outcome: 'lost', segment: "ACK seq=1 ack=A's RCV.NXT len=1" },
  'a FIN from CLOSED': { flow: 'endpoint A CLOSED\nendpoint B LISTEN\nA -x B : FIN seq=1', codes: ['TF301'], states: 'CLOSED LISTEN', outcome: 'lost', segment: "FIN+ACK seq=1 ack=A's RCV.NXT" },
  'an ACK from LISTEN': { flow: 'endpoint A LISTEN\nendpoint B CLOSED\nA -x B : ACK seq=1 ack=1', codes: ['TF301'], states: 'LISTEN CLOSED', outcome: 'lost', segment: 'ACK seq=1 ack=1' },
  'a FIN from LISTEN': { flow: 'endpoint A LISTEN\nendpoint B CLOSED\nA -x B : FIN seq=1', codes: ['TF301'], states: 'LISTEN CLOSED', outcome: 'lost', segment: "FIN+ACK seq=1 ack=A's RCV.NXT" },
  'data from FIN_WAIT_1 declared without its FIN': {
    flow: 'endpoint A FIN_WAIT_1\nendpoint B CLOSE_WAIT\nA -x B : seq=1 ack=1 "x"', codes: ['TF301'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'lost', segment: 'ACK seq=1 ack=1 len=1',
  },
  'data from FIN_WAIT_2': { flow: 'endpoint A FIN_WAIT_2\nendpoint B CLOSE_WAIT\nA -x B : seq=1 ack=1 "x"', codes: ['TF301'], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'lost', segment: 'ACK seq=1 ack=1 len=1' },
  'a FIN from FIN_WAIT_2': { flow: 'endpoint A FIN_WAIT_2\nendpoint B CLOSE_WAIT\nA -x B : FIN seq=1 ack=1', codes: ['TF301'], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'lost', segment: 'FIN+ACK seq=1 ack=1' },
  'data from CLOSING': { flow: 'endpoint A CLOSING\nendpoint B CLOSING\nA -x B : seq=1 ack=1 "x"', codes: ['TF301'], states: 'CLOSING CLOSING', outcome: 'lost', segment: 'ACK seq=1 ack=1 len=1' },
  'data from LAST_ACK': { flow: 'endpoint A LAST_ACK\nendpoint B TIME_WAIT\nA -x B : seq=1 ack=1 "x"', codes: ['TF301'], states: 'LAST_ACK TIME_WAIT', outcome: 'lost', segment: 'ACK seq=1 ack=1 len=1' },
  'data from TIME_WAIT': { flow: 'endpoint A TIME_WAIT\nendpoint B LAST_ACK\nA -x B : seq=1 ack=1 "x"', codes: ['TF301'], states: 'TIME_WAIT LAST_ACK', outcome: 'lost', segment: 'ACK seq=1 ack=1 len=1' },
  'an empty spec is a pure ACK (the flag goes at the end)': {
    flow: HANDSHAKE + 'A -> B :', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301',
  },
  'the implied ACK after a flag call': {
    flow: 'A -> B : SYN(X)\nB -> A : SYN(Y)\nA -> B : FIN(X + 1)', codes: [], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=X+1 ack=Y+1',
  },
});

cases('events: close offers a FIN where a FIN closes', {
  'close in SYN_RCVD': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nB: close', codes: ['TF307'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=101',
  },
  'close in ESTABLISHED': { flow: HANDSHAKE + 'B: close', codes: ['TF307'], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'close in CLOSE_WAIT': { flow: HANDSHAKE + 'A -> B : FIN\nB: close', codes: ['TF307'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=101 ack=301' },
  'close in FIN_WAIT_1: nothing left to close': { flow: HANDSHAKE + 'A -> B : FIN\nA: close', codes: ['TF307'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=101 ack=301' },
  'listen in SYN_SENT': { flow: 'A -> B : SYN seq=1\nA: listen', codes: ['TF307'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1' },
  'wait 2MSL in FIN_WAIT_2': { flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK\nA: wait 2MSL', codes: ['TF307'], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=102' },
});

cases('names (TF2xx)', {
  'a note names endpoints too: an undeclared one is an error': {
    flow: 'endpoint A\nendpoint B\nnote A, Bee "x"\nA -> B : SYN seq=1', codes: ['TF204'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'a note may introduce an endpoint when none is declared': {
    flow: 'note B "server"\nA -> B : SYN seq=1', codes: [], states: 'SYN_RCVD SYN_SENT', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'an endpoint declared twice: the fix removes the whole line': {
    flow: 'endpoint A\nendpoint B LISTEN\nendpoint A\nA -> B : SYN seq=1', codes: ['TF201'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'an endpoint declared twice on the last line, without a newline': {
    flow: 'endpoint A\nendpoint B LISTEN\nA -> B : SYN seq=1\nendpoint A', codes: ['TF201'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'a third endpoint in a note': {
    flow: 'A -> B : SYN seq=1\nnote C "x"', codes: ['TF202'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
});

cases('related locations point at where the state was entered', {
  'a retransmitted FIN received in TIME_WAIT does not move where TIME_WAIT began': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nB -> A : FIN\nA: close', codes: ['TF405', 'TF312', 'TF307'], states: 'TIME_WAIT LAST_ACK', outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=301 ack=102',
  },
  'a LISTEN endpoint that aborts keeps listening, and where it began': {
    flow: 'endpoint A LISTEN\nendpoint B CLOSED\nA -> B : RST seq=1\nA -x B : RST', codes: ['TF310'], states: 'LISTEN CLOSED', outcome: 'lost', segment: 'RST seq=1',
  },
  'a timeout in CLOSED keeps the answer pending': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=1\nB: timeout\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection refused', segment: 'RST+ACK seq=0 ack=2',
  },
});

cases('receiver in SYN_SENT: SND.UNA < SEG.ACK ≤ SND.NXT (§3.10.7.3)', {
  'ISS': { flow: 'A -> B : SYN seq=1\nold B -> A : SYN+ACK seq=7 ack=1', codes: ['TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=7 ack=1' },
  'ISS + 1': { flow: 'A -> B : SYN seq=1\nold B -> A : SYN+ACK seq=7 ack=2', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=2' },
  'ISS + 2': { flow: 'A -> B : SYN seq=1\nold B -> A : SYN+ACK seq=7 ack=3', codes: ['TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=7 ack=3' },
  'with SYN data, the last byte + 1': {
    flow: 'A -> B : SYN seq=1 "ab"\nold B -> A : SYN+ACK seq=7 ack=4', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=4',
  },
  'with SYN data, one beyond': {
    flow: 'A -> B : SYN seq=1 "ab"\nold B -> A : SYN+ACK seq=7 ack=5', codes: ['TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=7 ack=5',
  },
  'across the wrap: ISS 2^32 − 1 is acknowledged by 0': {
    flow: 'A -> B : SYN seq=4294967295\nB -> A : SYN+ACK seq=7 ack=0', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=0',
  },
  'a RST+ACK at ISS is ignored': {
    flow: 'A -> B : SYN seq=1\nold B -> A : RST+ACK seq=0 ack=1', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: 'RST+ACK seq=0 ack=1',
  },
  'a RST+ACK at ISS + 2 is ignored': {
    flow: 'A -> B : SYN seq=1\nold B -> A : RST+ACK seq=0 ack=3', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: 'RST+ACK seq=0 ack=3',
  },
  'an ACK without SYN that acknowledges the SYN is dropped, not answered': {
    flow: 'A -> B : SYN seq=1\nold B -> A : ACK seq=7 ack=2', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: 'ACK seq=7 ack=2',
  },
  'a flow that starts in SYN_SENT learns the ISS from the SYN+ACK': {
    flow: 'endpoint A SYN_SENT\nendpoint B SYN_RCVD\nB -> A : SYN+ACK seq=7 ack=50\nA -> B : ACK', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=50 ack=8',
  },
});

cases('receiver in SYN_RCVD: the ACK of the SYN (§3.10.7.4)', {
  'ISS': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=300', codes: ['TF403'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=300',
  },
  'ISS + 1': { flow: HANDSHAKE, codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'ISS + 2, reported once (by the sender)': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=302', codes: ['TF406'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=302',
  },
  'ISS + 2 from an old duplicate': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nold A -> B : ACK seq=101 ack=302', codes: ['TF309'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=302',
  },
  'ISS from an old duplicate': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nold A -> B : ACK seq=101 ack=300', codes: ['TF309'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=300',
  },
  'a flow that starts in SYN_RCVD learns the ISS from the first ACK': {
    flow: 'endpoint A ESTABLISHED\nendpoint B SYN_RCVD\nA -> B : seq=1 ack=5 "x"\nB -> A : ACK', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=5 ack=2',
  },
  'data after the SYN+ACK in SYN_RCVD is taken with the ACK': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : "GET"\nB -> A : ACK', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=104',
  },
});

cases('receiver: sequence acceptability against RCV.NXT (§3.10.7.4 first)', {
  'no data, RCV.NXT − 1: a duplicate': { flow: HANDSHAKE + 'old A -> B : ACK seq=100 ack=301', codes: ['TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=100 ack=301' },
  'no data, RCV.NXT': { flow: HANDSHAKE + 'old A -> B : ACK seq=101 ack=301', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'no data, RCV.NXT + 1: accepted, never queued': { flow: HANDSHAKE + 'old A -> B : ACK seq=102 ack=301', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=102 ack=301' },
  'two bytes ending at RCV.NXT: a duplicate': {
    flow: HANDSHAKE + 'old A -> B : ACK seq=99 ack=301 "ab"', codes: ['TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=99 ack=301 len=2',
  },
  'two bytes, one of them new: accepted, RCV.NXT moves by one': {
    flow: HANDSHAKE + 'A -> B : seq=100 "ab"\nB -> A : ACK', codes: ['TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=102',
  },
  'two bytes at RCV.NXT + 1: queued': {
    flow: HANDSHAKE + 'old A -> B : ACK seq=102 ack=301 "ab"\nB -> A : ACK', codes: ['TF311'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=101',
  },
  'a FIN alone at RCV.NXT − 1 is a duplicate': {
    flow: HANDSHAKE + 'old A -> B : FIN+ACK seq=100 ack=301', codes: ['TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=100 ack=301',
  },
  'a FIN alone at RCV.NXT + 1 is queued': {
    flow: HANDSHAKE + 'old A -> B : FIN+ACK seq=102 ack=301', codes: ['TF311'], states: EE, outcome: 'queued out of order', segment: 'FIN+ACK seq=102 ack=301',
  },
  'an old duplicate without seq has an unknown one': {
    flow: 'endpoint A ESTABLISHED\nendpoint B CLOSED\nold A -> B : RST', codes: ['TF310'], states: 'ESTABLISHED CLOSED', outcome: 'dropped', segment: "RST seq=A's old seq",
  },
  'the first segment mid-connection sets RCV.NXT (its ack shows SND.UNA, not SND.NXT)': {
    flow: 'endpoint A ESTABLISHED\nendpoint B ESTABLISHED\nold A -> B : ACK seq=500 ack=9 "x"\nB -> A : ACK', codes: [], states: EE, outcome: 'accepted', segment: "ACK seq=B's SND.NXT ack=501",
  },
});

cases('receiver: the ACK field (§3.10.7.4 fifth)', {
  'SND.NXT + 1 is unsent data': {
    flow: HANDSHAKE + 'old A -> B : ACK seq=101 ack=302', codes: ['TF401'], states: EE, outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=101 ack=302',
  },
  'SND.NXT': { flow: HANDSHAKE + 'old A -> B : ACK seq=101 ack=301', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'unsent data after data was sent: SND.NXT + 1': {
    flow: HANDSHAKE + 'B -> A : "abc"\nold A -> B : ACK seq=101 ack=305', codes: ['TF401'], states: EE, outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=101 ack=305',
  },
  'the FIN acknowledged at its own number is not acknowledged': {
    flow: HANDSHAKE + 'A -> B : FIN\nold B -> A : ACK seq=301 ack=101', codes: [], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=101',
  },
  'the FIN acknowledged one past its number is': {
    flow: HANDSHAKE + 'A -> B : FIN\nold B -> A : ACK seq=301 ack=102', codes: [], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=102',
  },
  'LAST_ACK: an ACK short of the FIN keeps it': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nold A -> B : ACK seq=102 ack=301', codes: [], states: 'TIME_WAIT LAST_ACK', outcome: 'accepted', segment: 'ACK seq=102 ack=301',
  },
  'CLOSING: the ACK of the FIN → TIME_WAIT, short of it stays': {
    flow: HANDSHAKE + 'simultaneous {\n A -> B : FIN\n B -> A : FIN\n}\nold B -> A : ACK seq=302 ack=101', codes: [], states: 'CLOSING CLOSING', outcome: 'accepted', segment: 'ACK seq=302 ack=101',
  },
  'an old acknowledgment does not move SND.UNA back: the keep-alive still counts': {
    flow: HANDSHAKE + 'A -> B : "abc"\nB -> A : ACK\nold B -> A : ACK seq=301 ack=101\nA -> B : ACK seq=103', codes: ['TF408', 'TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=103 ack=301',
  },
  'a lost segment acknowledged up to its end is no longer the one retransmitted': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : seq=101 "abc"\nB -> A : ACK\nA -> B : "abc"', codes: ['TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=104 ack=301 len=3',
  },
  'a lost segment acknowledged short of its end is still retransmitted': {
    flow: HANDSHAKE + 'A -x B : "abc"\nold A -> B : ACK seq=101 ack=301 "ab"\nB -> A : ACK\nA -> B : "abc"', codes: ['TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=3',
  },
});

cases('receiver: data and FIN beyond the peer\'s FIN', {
  'data ending at the FIN arrives late and is taken': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nold A -> B : ACK seq=101 ack=301 "abc"', codes: ['TF311'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=3',
  },
  'data one byte past the FIN is an error': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nold A -> B : ACK seq=101 ack=301 "abcd"', codes: ['TF311', 'TF303'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'rejected: data after FIN', segment: 'ACK seq=101 ack=301 len=4',
  },
  'a FIN out of order, then data beyond it, out of order too': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nold A -> B : ACK seq=105 ack=301 "zz"', codes: ['TF311', 'TF303'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'rejected: data after FIN', segment: 'ACK seq=105 ack=301 len=2',
  },
  'a FIN out of order, then data inside the gap: queued, and the FIN waits': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nold A -> B : ACK seq=102 ack=301 "bc"', codes: ['TF311', 'TF311'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'queued out of order', segment: 'ACK seq=102 ack=301 len=2',
  },
  'the last missing byte drains both and delivers the FIN': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nold A -> B : ACK seq=102 ack=301 "bc"\nold A -> B : ACK seq=101 ack=301 "a"\nB -> A : ACK', codes: ['TF311', 'TF311'], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=105',
  },
  'data after an in-order FIN, one past the FIN\'s number': {
    flow: HANDSHAKE + 'A -> B : FIN\nold A -> B : ACK seq=102 ack=301 "x"', codes: ['TF303'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'rejected: data after FIN', segment: 'ACK seq=102 ack=301 len=1',
  },
});

cases('receiver: the out-of-order queue', {
  'a fill short of the queued segment leaves it queued': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : "def"\nA -> B : seq=101 "ab"\nB -> A : ACK', codes: ['TF311', 'TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=103',
  },
  'the rest of the fill drains it': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : "def"\nA -> B : seq=101 "ab"\nA -> B : seq=103 "c"\nB -> A : ACK', codes: ['TF311', 'TF405', 'TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=107',
  },
  'queued segments are taken in sequence order, whatever order they came in': {
    flow: HANDSHAKE + 'A -x B : "a"\nA -x B : "b"\nA -> B : "c"\nA -> B : seq=102 "b"\nA -> B : seq=101 "a"\nB -> A : ACK', codes: ['TF311', 'TF311', 'TF405', 'TF405'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=104',
  },
  'a queued segment overlapping what arrived is taken for its new bytes': {
    flow: HANDSHAKE + 'A -x B : "abcd"\nold A -> B : ACK seq=102 ack=301 "bcd"\nold A -> B : ACK seq=101 ack=301 "abc"\nB -> A : ACK', codes: ['TF311'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=105',
  },
  'a queued segment the fill covers entirely changes nothing': {
    flow: HANDSHAKE + 'A -x B : "abc"\nold A -> B : ACK seq=102 ack=301 "b"\nold A -> B : ACK seq=101 ack=301 "abc"\nB -> A : ACK', codes: ['TF311'], states: EE, outcome: 'accepted', segment: 'ACK seq=301 ack=104',
  },
});

cases('receiver: RST against RCV.NXT (RFC 5961 §3.2)', {
  'RCV.NXT − 1: ignored': { flow: HANDSHAKE + 'old A -> B : RST seq=100', codes: ['TF305'], states: EE, outcome: 'ignored', segment: 'RST seq=100' },
  'RCV.NXT: reset': { flow: HANDSHAKE + 'old A -> B : RST seq=101', codes: [], states: 'ESTABLISHED CLOSED', outcome: 'connection reset', segment: 'RST seq=101' },
  'RCV.NXT + 1: challenge ACK': { flow: HANDSHAKE + 'old A -> B : RST seq=102', codes: ['TF305'], states: EE, outcome: 'challenge ACK', segment: 'RST seq=102' },
  'a RST in FIN_WAIT_2 at RCV.NXT closes': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK\nB -> A : RST', codes: [], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=301',
  },
  'a RST to an endpoint that never learned RCV.NXT resets': {
    flow: 'endpoint A ESTABLISHED\nendpoint B ESTABLISHED\nold A -> B : RST seq=77', codes: [], states: 'ESTABLISHED CLOSED', outcome: 'connection reset', segment: 'RST seq=77',
  },
});

cases('receiver: SYN in SYN_RCVD and synchronized states', {
  'the peer\'s SYN again, one above its IRS: challenge ACK': {
    flow: HANDSHAKE + 'old A -> B : SYN seq=101', codes: ['TF304'], states: EE, outcome: 'challenge ACK', segment: 'SYN seq=101',
  },
  'the peer\'s SYN again at its IRS: a duplicate': { flow: HANDSHAKE + 'old A -> B : SYN seq=100', codes: ['TF312'], states: EE, outcome: 'duplicate: re-acknowledged', segment: 'SYN seq=100' },
  'a SYN+ACK in SYN_RCVD acking one below our ISS + 1 is a duplicate, not a completion': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nold A -> B : SYN+ACK seq=1 ack=7', codes: ['TF312'], states: 'SYN_RCVD SYN_RCVD', outcome: 'duplicate: re-acknowledged', segment: 'SYN+ACK seq=1 ack=7',
  },
  'a SYN+ACK in ESTABLISHED repeating the peer\'s SYN is a duplicate': {
    flow: 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=7 ack=2\nold B -> A : SYN+ACK seq=7 ack=2', codes: ['TF312'], states: 'ESTABLISHED SYN_RCVD', outcome: 'duplicate: re-acknowledged', segment: 'SYN+ACK seq=7 ack=2',
  },
});

cases('inferred RST numbers (spec §4: <SEQ=SEG.ACK>, <SEQ=0><ACK=SEG.SEQ+SEG.LEN>, <SEQ=SND.NXT>)', {
  'answering a FIN without ACK: the FIN counts one': {
    flow: 'endpoint A ESTABLISHED\nendpoint B CLOSED\nold A -> B : FIN seq=10\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST+ACK seq=0 ack=11',
  },
  'answering a SYN across the wrap': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=4294967295\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection refused', segment: 'RST+ACK seq=0 ack=0',
  },
  'answering an unacceptable ACK in SYN_RCVD: seq = SEG.ACK': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nold A -> B : ACK seq=101 ack=5\nB -> A : RST', codes: ['TF309', 'TF305'], states: 'ESTABLISHED SYN_RCVD', outcome: 'ignored', segment: 'RST seq=5',
  },
  'an abort after data: SND.NXT': {
    flow: HANDSHAKE + 'A -> B : "hello"\nA -> B : RST', codes: [], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=106',
  },
  'an abort after the own FIN: SND.NXT counts the FIN': {
    flow: HANDSHAKE + 'A -> B : FIN\nA -> B : RST', codes: [], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=102',
  },
  'a RST from an endpoint the answer closed answers nothing: CLOSED has no SND.NXT': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=1\nB -> A : RST\nA -x B : RST', codes: ['TF309', 'TF301'], states: 'CLOSED CLOSED', outcome: 'lost', segment: "RST seq=A's SND.NXT",
  },
});

cases('expressions: symbols bound at first use, words, arithmetic (spec §4)', {
  'a symbol first used in an ack is bound to what makes it right, and checked later': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=ISN+1\nA -> B : ACK seq=ISN+1 ack=301', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301',
  },
  'a later use that contradicts the binding is an error': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=ISN+1\nA -> B : ACK seq=ISN+2 ack=301', codes: ['TF402'], states: EE, outcome: 'accepted', segment: 'ACK seq=102 ack=301',
  },
  'a symbol subtracted at first use is solved too': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=102-K', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=101',
  },
  'a new symbol beside a known one is solved against the known one': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN+ACK seq=7 ack=X+K', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=X+1',
  },
  'a new symbol subtracted beside a known one': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN+ACK seq=7 ack=X+3-K', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=X+1',
  },
  'a symbol minus itself cancels': {
    flow: HANDSHAKE + 'A -> B : seq=X-X+101 "a"', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1',
  },
  'two new symbols in one expression are unrelated unknowns': {
    flow: HANDSHAKE + 'A -> B : seq=X+Y "a"', codes: ['TF411'], states: EE, outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1',
  },
  'a subtracted new symbol with nothing to solve against': {
    flow: 'A -> B : SYN seq=5-X', codes: ['TF411'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: "SYN seq=A's ISN",
  },
  'the word SYN is the peer\'s SYN': {
    flow: 'A -> B : SYN seq=5\nB -> A : SYN+ACK seq=9 ack=SYN+1', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=9 ack=6',
  },
  'ACK(SYN) without + 1 is a warning, and the wrong ack': {
    flow: 'A -> B : SYN seq=5\nB -> A : SYN+ACK seq=9 ack=SYN', codes: ['TF407', 'TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=9 ack=5',
  },
  'a word in a longer expression is plain arithmetic': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK ack=FIN-1+2', codes: [], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=102',
  },
  'the word FIN after data is the FIN\'s own number': {
    flow: HANDSHAKE + 'A -> B : FIN "bye"\nB -> A : ACK(FIN + 1)', codes: [], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=105',
  },
  'the word FIN means the most recent FIN, not an earlier one': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nA -> B : ACK(FIN + 1)', codes: [], states: 'TIME_WAIT CLOSED', outcome: 'connection closed', segment: 'ACK seq=102 ack=302',
  },
  'a symbol bound to another symbol, subtracted': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN+ACK seq=7 ack=Y\nA -> B: ACK seq=X+X+2-Y ack=8', codes: [], states: EE, outcome: 'accepted', segment: 'ACK seq=X+1 ack=8',
  },
  'a new symbol beside the other endpoint\'s symbol cannot be solved': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(Y + K)', codes: ['TF411'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=Y ack=X+1',
  },
  'a fix for a seq written as a call is spaced like the call (FIN(X + 1))': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nA -> B: FIN(X + 5)', codes: ['TF402', 'TF311'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'queued out of order', segment: 'FIN+ACK seq=X+5 ack=Y+1',
  },
  'a fix for a seq call beside an ACK call is spaced too': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nA -> B: FIN(X + 5), ACK(Y + 1)', codes: ['TF402', 'TF311'], states: 'FIN_WAIT_1 ESTABLISHED', outcome: 'queued out of order', segment: 'FIN+ACK seq=X+5 ack=Y+1',
  },
  'a fix for seq=, beside an ACK call, is written like seq= (X+1)': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1) seq=X+5 "d"', codes: ['TF402', 'TF311'], states: EE, outcome: 'queued out of order', segment: 'ACK seq=X+5 ack=Y+1 len=1',
  },
  'a fix for a RST written as a call is spaced': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nold A -> B: RST(X + 5)', codes: ['TF305'], states: EE, outcome: 'challenge ACK', segment: 'RST seq=X+5',
  },
  'a fix for a RST call with data is spaced too': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nold A -> B: RST(X + 5) "x"', codes: ['TF305'], states: EE, outcome: 'challenge ACK', segment: 'RST seq=X+5 len=1',
  },
  'a fix for a RST written with seq= is not, even beside an ACK call': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nold A -> B: RST seq=X+5, ACK(Y + 1)', codes: ['TF305'], states: EE, outcome: 'challenge ACK', segment: 'RST+ACK seq=X+5 ack=Y+1',
  },
  'a fix for a RST written with seq= is not': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 1)\nA -> B: ACK(Y + 1)\nold A -> B : RST seq=X+5', codes: ['TF305'], states: EE, outcome: 'challenge ACK', segment: 'RST seq=X+5',
  },
  'the SYN+ACK fix in the call notation': {
    flow: 'A -> B: SYN(X)\nB -> A: SYN(Y), ACK(X + 2)', codes: ['TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=Y ack=X+2',
  },
  'the SYN+ACK fix in the ack= notation': {
    flow: 'A -> B: SYN(X)\nB -> A : SYN+ACK seq=Y ack=X+2', codes: ['TF403', 'TF309'], states: 'SYN_SENT SYN_RCVD', outcome: 'answered with RST', segment: 'SYN+ACK seq=Y ack=X+2',
  },
  'hex numbers': { flow: 'A -> B : SYN seq=0xFF\nB -> A : SYN+ACK seq=0x10 ack=0x100', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=16 ack=256' },
});

describe('symbols after a check', () => {
  it('shows each symbol\'s value and every use', () => {
    const a = analyze('A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=102-K\nA -> B : ACK seq=101 ack=301+K-K');
    assert.deepEqual([...a.result.symbols.values()].map((s) => `${s.name}=${s.value} ${s.uses.length}`), ['K=1 3']);
  });
});

describe('the timeline', () => {
  it('a step\'s states are its TCBs\' states after it, on every example', () => {
    for (const file of flowFiles(EXAMPLES)) {
      for (const step of analyze(readFileSync(file, 'utf8')).result.steps) assert.deepEqual(step.states, step.after.map((t) => t.state), `${file}: step ${step.n}`);
    }
  });

  it('keeps what a step left unchanged: both TCBs, or the one the segment did not reach', () => {
    const steps = analyze(HANDSHAKE + 'A: ESTABLISHED\nold A -> B : ACK seq=101 ack=301 "x"').result.steps;
    assert.deepEqual(steps[3].after, steps[2].after, 'an assertion changes nothing');
    assert.deepEqual(steps[3].before, steps[2].after);
    assert.notDeepEqual(steps[4].after, steps[3].after, 'B received a byte');
    assert.deepEqual(steps[4].after[0], steps[3].after[0], 'A is unchanged');
    assert.notDeepEqual(steps[4].after[1], steps[3].after[1]);
    assert.equal(steps[4].after[1].rcvNxt, 102);
  });

  it('an endpoint is first written in its declaration, and counts every use', () => {
    const a = analyze('endpoint A\nendpoint B\nA -> B : SYN seq=1\nB -> A : SYN+ACK seq=1 ack=2\nA: ESTABLISHED');
    assert.deepEqual(a.result.endpoints.map((e) => [e.first.start, usesOf(a.file, e)]), [[9, 4], [20, 3]]);
  });

  it('a segment with a name in error is a step that changes nothing, attributed to its sender where known', () => {
    const self = analyze(HANDSHAKE + 'B -> B : FIN').result.steps[3];
    assert.deepEqual([self.endpoint, self.after, self.segment, self.outcome], [1, self.before, undefined, undefined]);
    const unknown = analyze('endpoint A\nendpoint B\nC -> A : SYN seq=1\nA -> B : SYN seq=1').result.steps;
    assert.deepEqual(unknown.map((s) => [s.endpoint, s.outcome]), [[0, undefined], [0, 'SYN accepted']]);
  });
});

describe('states', () => {
  it('every state has its meaning from RFC 9293 §3.3.2, as hovers show it', () => {
    for (const s of ALL_STATES) assert.match(STATE_MEANINGS[s], /^[a-z][^]{20,}\.$/, STATE_NAMES[s]);
    assert.equal(new Set(ALL_STATES.map((s) => STATE_MEANINGS[s])).size, ALL_STATES.length);
  });
});

describe('the diagnostic catalogue', () => {
  it('every code has its anchor in docs/diagnostics.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    for (const code of ALL_CODES) assert.ok(doc.includes(`<a id="${docsAnchor(code)}"></a>`), `${code}: anchor ${docsAnchor(code)}`);
    assert.equal(docsAnchor('TF301'), 'tf301');
  });
});

describe('sequence numbers mod 2^32 (seqnum)', () => {
  const sym = (name: string, anonymous = false) => ({ base: { name, anonymous }, off: 0 }) as { base: { name: string; anonymous: boolean; value?: Num }; off: number };

  it('u32 and add wrap at 2^32 both ways', () => {
    assert.deepEqual([u32(-1), u32(2 ** 32), u32(2 ** 32 + 5), u32(7)], [2 ** 32 - 1, 0, 5, 7]);
    assert.equal(add(2 ** 32 - 1, 1), 0);
    assert.equal(add(0, -1), 2 ** 32 - 1);
    assert.deepEqual(add(sym('X'), -1), { base: sym('X').base, off: 2 ** 32 - 1 });
  });

  it('diff is signed serial-number distance, with its edge at 2^31', () => {
    assert.deepEqual([diff(5, 4), diff(4, 5), diff(4, 4)], [1, -1, 0]);
    assert.equal(diff(0, 2 ** 32 - 1), 1);
    assert.equal(diff(2 ** 31 - 1, 0), 2 ** 31 - 1);
    assert.equal(diff(2 ** 31, 0), -(2 ** 31));
    assert.equal(diff(2 ** 31 + 1, 0), -(2 ** 31 - 1));
  });

  it('a symbol compares with itself plus an offset, not with a number or another symbol', () => {
    const x = sym('X');
    assert.equal(diff(add(x, 3), x), 3);
    assert.equal(diff(x, add(x, 1)), -1);
    assert.equal(diff(x, 5), undefined);
    assert.equal(diff(5, x), undefined);
    assert.equal(diff(x, sym('Y')), undefined);
    assert.equal(same(x, add(x, 0)), true);
    assert.equal(same(x, add(x, 1)), false);
  });

  it('unify pins a free symbol to what it is compared with, and resolves through chains', () => {
    const x = sym('X');
    assert.equal(unify(add(x, 1), 101), true);
    assert.equal(resolve(x), 100);
    assert.equal(diff(x, 100), 0);
    assert.equal(unify(x, 101), false, 'pinned: no second value');

    const y = sym('Y');
    assert.equal(unify(7, y), true, 'a number against a symbol pins it too');
    assert.equal(resolve(add(y, 2)), 9);

    const anon = sym('A.ISS', true);
    const user = sym('ISN');
    assert.equal(unify(user, anon), true, 'the anonymous side is the one pinned');
    assert.equal(user.base.value, undefined);
    assert.equal(formatNum(anon), 'ISN');
    const anon2 = sym('B.ISS', true);
    assert.equal(unify(anon2, user), true);
    assert.equal(anon2.base.value !== undefined && user.base.value === undefined, true);
    assert.equal(unify(sym('P'), sym('Q')), false, 'two user symbols are never merged');
  });

  it('formats numbers and symbol offsets', () => {
    const x = sym('ISN_Client');
    assert.equal(formatNum(4294967295), '4294967295');
    assert.equal(formatNum(x), 'ISN_Client');
    assert.equal(formatNum(add(x, 1)), 'ISN_Client+1');
    assert.equal(formatNum(add(x, 1), true), 'ISN_Client + 1');
    assert.equal(formatNum(add(x, -1)), 'ISN_Client-1');
    assert.equal(formatNum(add(x, -2), true), 'ISN_Client - 2');
    assert.equal(formatNum(add(x, 2 ** 31 - 1)), 'ISN_Client+2147483647');
    assert.equal(formatNum(add(x, 2 ** 31)), 'ISN_Client-2147483648');
    assert.equal(formatNum(unknownNumber('A', 'ISN')), "A's ISN", 'a number no segment showed, named in words');
    assert.equal(fmt(add(x, 1)), 'ISN_Client+1');
  });
});

pinAll();
