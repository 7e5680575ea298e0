// The semantics of spec §5, rule by rule: small flows, and for each every code
// it produces (errors, warnings and information), both endpoints' final states,
// what the receiver did with the last segment and that segment's flags and
// numbers as resolved (the inferred ones included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { caseFile, HANDSHAKE } from './checkerCases';


const { cases, pinAll } = caseFile('checker-cases.expected');

cases('receiver in CLOSED and LISTEN (§3.10.7.1, §3.10.7.2)', {
  'a SYN to a closed port is answered with RST': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=1', codes: ['TF309'], states: 'SYN_SENT CLOSED', outcome: 'answered with RST', segment: 'SYN seq=1',
  },
  'the RST answering a SYN is <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> and refuses': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=1\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection refused', segment: 'RST+ACK seq=0 ack=2',
  },
  'the RST answering a SYN with data acknowledges the data too': {
    flow: 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=1 "hey"\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection refused', segment: 'RST+ACK seq=0 ack=5',
  },
  'the RST answering an ACK-bearing segment takes its seq from SEG.ACK, without ACK': {
    flow: 'endpoint A ESTABLISHED\nendpoint B CLOSED\nA -> B : ACK seq=7 ack=40\nB -> A : RST', codes: ['TF309'], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=40',
  },
  'a RST to CLOSED is dropped': {
    flow: 'endpoint A ESTABLISHED\nendpoint B CLOSED\nold A -> B : RST seq=5', codes: ['TF310'], states: 'ESTABLISHED CLOSED', outcome: 'dropped', segment: 'RST seq=5',
  },
  'LISTEN accepts a SYN': { flow: 'A -> B : SYN seq=1', codes: [], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1' },
  'LISTEN answers an ACK with RST': {
    flow: 'endpoint A ESTABLISHED\nendpoint B LISTEN\nA -> B : ACK seq=1 ack=1', codes: ['TF309'], states: 'ESTABLISHED LISTEN', outcome: 'answered with RST', segment: 'ACK seq=1 ack=1',
  },
  'LISTEN ignores a RST': {
    flow: 'endpoint A ESTABLISHED\nendpoint B LISTEN\nA -> B : RST seq=1', codes: ['TF310'], states: 'CLOSED LISTEN', outcome: 'dropped', segment: 'RST seq=1',
  },
  'LISTEN drops anything else': {
    flow: 'endpoint A\nendpoint B LISTEN\nold A -> B : FIN seq=1', codes: ['TF310'], states: 'CLOSED LISTEN', outcome: 'dropped', segment: 'FIN seq=1',
  },
  'LISTEN answering with RST stays LISTEN; the RST at RCV.NXT resets the peer': {
    flow: 'endpoint A ESTABLISHED\nendpoint B LISTEN\nA -> B : ACK seq=1 ack=9\nB -> A : RST', codes: ['TF309'], states: 'CLOSED LISTEN', outcome: 'connection reset', segment: 'RST seq=9',
  },
});

cases('receiver in SYN_SENT (§3.10.7.3)', {
  'SYN+ACK acknowledging the SYN establishes': {
    flow: 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=7 ack=2', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=7 ack=2',
  },
  'a bare SYN means simultaneous open': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}', codes: [], states: 'SYN_RCVD SYN_RCVD', outcome: 'simultaneous open: SYN accepted', segment: 'SYN seq=7',
  },
  'an ACK that does not acknowledge the SYN is answered with RST': {
    flow: 'endpoint A\nendpoint B ESTABLISHED\nA -> B : SYN seq=1\nB -> A : ACK seq=50 ack=99', codes: ['TF304', 'TF309'], states: 'SYN_SENT ESTABLISHED', outcome: 'answered with RST', segment: 'ACK seq=50 ack=99',
  },
  'a RST with an acceptable ACK refuses': {
    flow: 'A -> B : SYN seq=1\nold B -> A : RST+ACK seq=0 ack=2', codes: [], states: 'CLOSED SYN_RCVD', outcome: 'connection refused', segment: 'RST+ACK seq=0 ack=2',
  },
  'a RST without ACK is ignored': {
    flow: 'A -> B : SYN seq=1\nold B -> A : RST seq=0', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: 'RST seq=0',
  },
  'a RST whose ACK is not acceptable is ignored': {
    flow: 'A -> B : SYN seq=1\nold B -> A : RST+ACK seq=0 ack=77', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: 'RST+ACK seq=0 ack=77',
  },
  'a segment with neither SYN nor RST (and no ACK) is dropped': {
    flow: 'A -> B : SYN seq=1\nold B -> A : seq=9 "x"', codes: ['TF310'], states: 'SYN_SENT SYN_RCVD', outcome: 'dropped', segment: '(no flags) seq=9 len=1',
  },
  'a SYN payload (TCP Fast Open) is accepted with it': {
    flow: 'A -> B : SYN seq=1 "hi"\nB -> A : SYN+ACK seq=7 ack=4\nB -> A : "answer"', codes: [], states: 'ESTABLISHED SYN_RCVD', outcome: 'accepted', segment: 'ACK seq=8 ack=4 len=6',
  },
});

cases('receiver in SYN_RCVD and synchronized states (§3.10.7.4, RFC 5961)', {
  'the ACK of the SYN establishes': { flow: HANDSHAKE, codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'an ACK that does not acknowledge the SYN is an error and answered with RST': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=300', codes: ['TF403'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=300',
  },
  'an old duplicate with a bad ACK in SYN_RCVD is only answered with RST': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nold A -> B : ACK seq=101 ack=5', codes: ['TF309'], states: 'ESTABLISHED SYN_RCVD', outcome: 'answered with RST', segment: 'ACK seq=101 ack=5',
  },
  'a retransmitted SYN in SYN_RCVD is a duplicate': {
    flow: 'A -> B : SYN seq=100\nB -x A : SYN+ACK seq=300 ack=101\nA -> B : SYN seq=100', codes: ['TF405', 'TF312'], states: 'SYN_SENT SYN_RCVD', outcome: 'duplicate: re-acknowledged', segment: 'SYN seq=100',
  },
  'a SYN+ACK repeating the SYN and acking ours completes a simultaneous open': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nA -> B : SYN+ACK seq=1 ack=8', codes: [], states: 'SYN_RCVD ESTABLISHED', outcome: 'accepted', segment: 'SYN+ACK seq=1 ack=8',
  },
  'a duplicate data segment is re-acknowledged': {
    flow: HANDSHAKE + 'A -> B : "abc"\nA -> B : seq=101 "abc"', codes: ['TF405', 'TF312'], states: 'ESTABLISHED ESTABLISHED', outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=101 ack=301 len=3',
  },
  'a segment after a gap is queued, the gap filling drains the queue': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : "def"\nA -> B : seq=101 "abc"\nB -> A : ACK ack=107', codes: ['TF311', 'TF405'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=301 ack=107',
  },
  'a zero-length segment after a gap is not queued': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : ACK', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=104 ack=301',
  },
  'a RST at exactly RCV.NXT resets': { flow: HANDSHAKE + 'A -> B : RST', codes: [], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=101' },
  'a RST elsewhere in the window gets a challenge ACK': {
    flow: HANDSHAKE + 'old A -> B : RST seq=150', codes: ['TF305'], states: 'ESTABLISHED ESTABLISHED', outcome: 'challenge ACK', segment: 'RST seq=150',
  },
  'a RST below RCV.NXT is ignored': { flow: HANDSHAKE + 'old A -> B : RST seq=50', codes: ['TF305'], states: 'ESTABLISHED ESTABLISHED', outcome: 'ignored', segment: 'RST seq=50' },
  'a RST in SYN_RCVD reached from LISTEN returns it to LISTEN': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nold A -> B : RST seq=101', codes: [], states: 'ESTABLISHED LISTEN', outcome: 'reset: back to LISTEN', segment: 'RST seq=101',
  },
  'a RST in SYN_RCVD reached by a simultaneous open closes': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nold A -> B : RST seq=2', codes: [], states: 'SYN_RCVD CLOSED', outcome: 'connection reset', segment: 'RST seq=2',
  },
  'a new SYN in a synchronized state gets a challenge ACK': {
    flow: HANDSHAKE + 'old A -> B : SYN seq=9000', codes: ['TF304'], states: 'ESTABLISHED ESTABLISHED', outcome: 'challenge ACK', segment: 'SYN seq=9000',
  },
  'an ACK of unsent data is an error and dropped': {
    flow: HANDSHAKE + 'old A -> B : ACK seq=101 ack=999', codes: ['TF401'], states: 'ESTABLISHED ESTABLISHED', outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=101 ack=999',
  },
  'a segment without ACK after the handshake is dropped': {
    flow: HANDSHAKE + 'old A -> B : seq=101 "x"', codes: ['TF310'], states: 'ESTABLISHED ESTABLISHED', outcome: 'dropped', segment: '(no flags) seq=101 len=1',
  },
  'data beyond the peer FIN is an error': {
    flow: HANDSHAKE + 'A -> B : FIN\nold A -> B : ACK seq=102 ack=301 "late"', codes: ['TF303'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'rejected: data after FIN', segment: 'ACK seq=102 ack=301 len=4',
  },
  'data sent before the FIN may arrive late': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : FIN\nA -> B : seq=101 "abc"', codes: ['TF311', 'TF405'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=3',
  },
});

cases('closing transitions', {
  'FIN: ESTABLISHED → CLOSE_WAIT, the sender → FIN_WAIT_1': {
    flow: HANDSHAKE + 'A -> B : FIN', codes: [], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=101 ack=301',
  },
  'ACK of the FIN: FIN_WAIT_1 → FIN_WAIT_2': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK', codes: [], states: 'FIN_WAIT_2 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=102',
  },
  'FIN in FIN_WAIT_2 → TIME_WAIT; LAST_ACK + ACK → CLOSED': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK\nB -> A : FIN\nA -> B : ACK', codes: [], states: 'TIME_WAIT CLOSED', outcome: 'connection closed', segment: 'ACK seq=102 ack=302',
  },
  'FIN+ACK of our FIN in FIN_WAIT_1 → TIME_WAIT directly': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN', codes: [], states: 'TIME_WAIT LAST_ACK', outcome: 'accepted', segment: 'FIN+ACK seq=301 ack=102',
  },
  'FIN in SYN_RCVD → CLOSE_WAIT': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : FIN', codes: [], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=101 ack=301',
  },
  'FIN from SYN_RCVD → FIN_WAIT_1': {
    flow: 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nB -> A : FIN', codes: [], states: 'CLOSE_WAIT FIN_WAIT_1', outcome: 'accepted', segment: 'FIN+ACK seq=301 ack=101',
  },
  'simultaneous close goes through CLOSING': {
    flow: HANDSHAKE + 'simultaneous {\n A -> B : FIN\n B -> A : FIN\n}', codes: [], states: 'CLOSING CLOSING', outcome: 'accepted', segment: 'FIN+ACK seq=301 ack=101',
  },
  'CLOSING + ACK of the FIN → TIME_WAIT': {
    flow: HANDSHAKE + 'simultaneous {\n A -> B : FIN\n B -> A : FIN\n}\nB -> A : ACK', codes: [], states: 'TIME_WAIT CLOSING', outcome: 'accepted', segment: 'ACK seq=302 ack=102',
  },
  'TIME_WAIT re-acknowledges a retransmitted FIN': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nA -x B : ACK\nB -> A : FIN', codes: ['TF405', 'TF312'], states: 'TIME_WAIT LAST_ACK', outcome: 'duplicate: re-acknowledged', segment: 'FIN+ACK seq=301 ack=102',
  },
});

cases('sender rules (§3.10.1–3.10.5, §3.4)', {
  'a FIN in SYN_SENT cannot be sent': { flow: 'A -> B : SYN seq=1\nA -x B : FIN', codes: ['TF301'], states: 'SYN_SENT SYN_RCVD', outcome: 'lost', segment: "FIN+ACK seq=2 ack=A's RCV.NXT" },
  'data in SYN_RCVD (without Fast Open) cannot be sent': {
    flow: 'A -> B : SYN seq=1\nB -> A : SYN+ACK seq=5 ack=2\nB -> A : "x"', codes: ['TF301'], states: 'ESTABLISHED SYN_RCVD', outcome: 'accepted', segment: 'ACK seq=6 ack=2 len=1',
  },
  'a RST from CLOSED must answer something': {
    flow: 'endpoint A CLOSED\nendpoint B ESTABLISHED\nA -> B : RST seq=1', codes: ['TF301'], states: 'CLOSED CLOSED', outcome: 'connection reset', segment: 'RST seq=1',
  },
  'an abort from LISTEN stays LISTEN': {
    flow: 'endpoint A LISTEN\nendpoint B CLOSED\nA -> B : RST seq=1', codes: ['TF310'], states: 'LISTEN CLOSED', outcome: 'dropped', segment: 'RST seq=1',
  },
  'an abort is <SEQ=SND.NXT><CTL=RST>': {
    flow: HANDSHAKE + 'A -> B : "abcd"\nB -x A : RST', codes: [], states: 'ESTABLISHED CLOSED', outcome: 'lost', segment: 'RST seq=301',
  },
  'a RST answering from SYN_SENT leaves its state and resets the half-open peer': {
    flow: 'endpoint A\nendpoint B ESTABLISHED\nA -> B : SYN seq=1\nB -> A : ACK seq=50 ack=99\nA -> B : RST', codes: ['TF304', 'TF309'], states: 'SYN_SENT CLOSED', outcome: 'connection reset', segment: 'RST seq=99',
  },
  'a sequence gap is an error': {
    flow: HANDSHAKE + 'A -> B : seq=150 "x"', codes: ['TF402', 'TF311'], states: 'ESTABLISHED ESTABLISHED', outcome: 'queued out of order', segment: 'ACK seq=150 ack=301 len=1',
  },
  'an ack of what was never received is an error': {
    flow: HANDSHAKE + 'A -> B : ACK ack=302', codes: ['TF406'], states: 'ESTABLISHED ESTABLISHED', outcome: 'dropped: acknowledges unsent data', segment: 'ACK seq=101 ack=302',
  },
  'ACK(FIN) without + 1 is a warning': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : ACK(FIN)', codes: ['TF407'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'ACK seq=301 ack=101',
  },
  'the word FIN before any FIN arrived is an error': {
    flow: HANDSHAKE + 'B -> A : ACK(FIN + 1)', codes: ['TF409'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=301 ack=101',
  },
  'a keep-alive is information': {
    flow: HANDSHAKE + 'A -> B : ACK seq=100', codes: ['TF408', 'TF312'], states: 'ESTABLISHED ESTABLISHED', outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=100 ack=301',
  },
  'a retransmitted SYN with another ISN is an error': {
    flow: 'A -> B : SYN seq=1\nA -x B : SYN seq=2', codes: ['TF404'], states: 'SYN_SENT SYN_RCVD', outcome: 'lost', segment: 'SYN seq=2',
  },
  'a retransmitted SYN takes the ISS': {
    flow: 'A -x B : SYN seq=1\nA -> B : SYN', codes: ['TF405'], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'the implied ACK is silent by default': {
    flow: HANDSHAKE + 'A -> B : "x"', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1',
  },
  'the implied ACK is a warning in strict mode': {
    flow: HANDSHAKE + 'A -> B : "x"', codes: ['TF308'], strict: true, states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1',
  },
  'a lost segment keeps its seq for the retransmission': {
    flow: HANDSHAKE + 'A -x B : "abc"\nA -> B : "abc"', codes: ['TF405'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=3',
  },
  'a FIN retransmitted without seq takes its FIN number': {
    flow: HANDSHAKE + 'A -> B : "ab"\nA -x B : FIN\nA -> B : FIN', codes: ['TF405'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'accepted', segment: 'FIN+ACK seq=103 ack=301',
  },
  'nothing new after the own FIN': {
    flow: HANDSHAKE + 'A -> B : FIN\nA -> B : FIN seq=150', codes: ['TF302', 'TF311'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'queued out of order', segment: 'FIN+ACK seq=150 ack=301',
  },
  'no new data after the own FIN (one mistake, one report: the receiver adds no TF303)': {
    flow: HANDSHAKE + 'A -> B : FIN\nA -> B : "more"', codes: ['TF302'], states: 'FIN_WAIT_1 CLOSE_WAIT', outcome: 'rejected: data after FIN', segment: 'ACK seq=102 ack=301 len=4',
  },
});

cases('regressions', {
  'a flag after ack= or a call is no duplicate': {
    flow: HANDSHAKE + 'A -> B : seq=101 ack=301 ACK\nA -> B : ACK(301) ACK', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301',
  },
  'a repeated flag word is a duplicate': {
    flow: HANDSHAKE + 'A -> B : ACK ACK', codes: ['TF106'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301',
  },
  'Fast Open: the server may decline the SYN data (ack = IRS + 1), the client sends it again': {
    flow: 'A -> B : SYN seq=100 "hello"\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=301 "hello"', codes: ['TF405'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=5',
  },
  'Fast Open: the server may accept the SYN data (ack = IRS + 1 + len)': {
    flow: 'A -> B : SYN seq=100 "hello"\nB -> A : SYN+ACK seq=300 ack=106\nA -> B : ACK seq=106 ack=301', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=106 ack=301',
  },
  'Fast Open: any other ack of the SYN is an error': {
    flow: 'A -> B : SYN seq=100 "hello"\nB -> A : SYN+ACK seq=300 ack=103', codes: ['TF403'], states: 'ESTABLISHED SYN_RCVD', outcome: 'handshake: SYN+ACK accepted', segment: 'SYN+ACK seq=300 ack=103',
  },
  'a keep-alive may carry one byte': {
    flow: HANDSHAKE + 'A -> B : "abc"\nB -> A : ACK\nA -> B : seq=103 "x"', codes: ['TF408', 'TF312'], states: 'ESTABLISHED ESTABLISHED', outcome: 'duplicate: re-acknowledged', segment: 'ACK seq=103 ack=301 len=1',
  },
  'mid-connection: a segment below what the peer acknowledged is a retransmission, not a reason for TF401': {
    flow: 'A -> B : seq=100 ack=300 "GET"\nB -> A : seq=200 ack=103 "OK"\nA -> B : ack=300', codes: ['TF312', 'TF405'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=103 ack=300',
  },
  'an out-of-range number is one error, and its line is not replayed': {
    flow: 'A -> B : SYN seq=100 ack=4294967296 win=5', codes: ['TF103'], states: 'CLOSED CLOSED', outcome: '', segment: '',
  },
  'N-x inside key=value is a subtraction, not a lost arrow; the seq falls back to SND.NXT': {
    flow: HANDSHAKE + 'A -> B : seq=X-x "a"', codes: ['TF411'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301 len=1',
  },
  'a declared SYN_RCVD endpoint learns its ISN from the ACK': {
    flow: 'endpoint A ESTABLISHED\nendpoint B SYN_RCVD\nA -> B : seq=1 ack=5 "x"\nB: ESTABLISHED', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=1 ack=5 len=1',
  },
  'a server SYN written without ACK after the client SYN arrived answers it (implied ACK)': {
    flow: 'A -> B: SYN(ISN_A)\nB -> A: SYN(ISN_B)\nA -> B: ACK(ISN_B + 1)', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=ISN_A+1 ack=ISN_B+1',
  },
});

cases('events and assertions', {
  'listen: CLOSED → LISTEN': {
    flow: 'endpoint A CLOSED\nendpoint B CLOSED\nB: listen\nA -> B : SYN seq=1', codes: [], states: 'SYN_SENT SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'listen on a LISTEN endpoint is accepted as an assertion': {
    flow: 'B: listen\nA -> B : SYN seq=1', codes: [], states: 'SYN_RCVD SYN_SENT', outcome: 'SYN accepted', segment: 'SYN seq=1',
  },
  'listen elsewhere is an error': {
    flow: HANDSHAKE + 'A: listen', codes: ['TF307'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301',
  },
  'close in SYN_SENT deletes the TCB': { flow: 'A -> B : SYN seq=1\nA: close', codes: [], states: 'CLOSED SYN_RCVD', outcome: 'SYN accepted', segment: 'SYN seq=1' },
  'close in LISTEN deletes the TCB': { flow: 'endpoint A\nendpoint B LISTEN\nB: close', codes: [], states: 'CLOSED CLOSED', outcome: '', segment: '' },
  'close in ESTABLISHED is an error': { flow: HANDSHAKE + 'A: close', codes: ['TF307'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'timeout closes from any state': { flow: HANDSHAKE + 'A: timeout', codes: [], states: 'CLOSED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'wait 2MSL ends TIME_WAIT': {
    flow: HANDSHAKE + 'A -> B : FIN\nB -> A : FIN\nA -> B : ACK\nA: wait 2MSL', codes: [], states: 'CLOSED CLOSED', outcome: 'connection closed', segment: 'ACK seq=102 ack=302',
  },
  'wait 2MSL outside TIME_WAIT is an error': { flow: HANDSHAKE + 'A: wait 2MSL', codes: ['TF307'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'a failed assertion is an error': { flow: HANDSHAKE + 'A: CLOSE_WAIT', codes: ['TF306'], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
  'a true assertion is silent': { flow: HANDSHAKE + 'B: ESTABLISHED', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=101 ack=301' },
});

cases('initial states (spec §4 Inference)', {
  'a first SYN+ACK starts its sender SYN_RCVD and the peer SYN_SENT': {
    flow: 'B -> A : SYN+ACK seq=7 ack=2\nA -> B : ACK', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=2 ack=8',
  },
  'any other first segment starts both ESTABLISHED': {
    flow: 'A -> B : ACK seq=5 ack=9 "x"\nB -> A : ACK seq=9 ack=6', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=9 ack=6',
  },
  'mid-connection: numbers are learned, not guessed': {
    flow: 'A -> B : seq=1000 ack=2000 len=10\nB -> A : seq=2000 ack=1010 len=5\nA -> B : ACK ack=2005', codes: [], states: 'ESTABLISHED ESTABLISHED', outcome: 'accepted', segment: 'ACK seq=1010 ack=2005',
  },
  'mid-connection: data the first ACK did not cover is out of order': {
    flow: 'A -> B : seq=1000 ack=2000 len=10\nB -> A : seq=2500 ack=1010 len=5', codes: ['TF311'], states: 'ESTABLISHED ESTABLISHED', outcome: 'queued out of order', segment: 'ACK seq=2500 ack=1010 len=5',
  },
  'both endpoints sending a bare SYN in one block start CLOSED': {
    flow: 'simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nA: SYN_RCVD', codes: [], states: 'SYN_RCVD SYN_RCVD', outcome: 'simultaneous open: SYN accepted', segment: 'SYN seq=7',
  },
});

describe('symbols', () => {
  it('binds a symbol at its first use and shows derived numbers symbolically', () => {
    const a = analyze('A -> B: SYN(ISN_A)\nB -> A: SYN(ISN_B), ACK(ISN_A + 1)\nA -> B: ACK(ISN_B + 1)\nA -> B: FIN');
    assert.deepEqual(a.diagnostics(), []);
    assert.equal(a.result.symbols.get('ISN_A')?.value, 'ISN_A');
    const seqHint = a.result.inferences.find((i) => i.kind === 'seq' && i.label.startsWith('seq=ISN_A'));
    assert.equal(seqHint?.label, 'seq=ISN_A+1');
  });

  it('a symbol is pinned by the first concrete number compared with it', () => {
    const a = analyze('A -> B: SYN(X)\nB -> A: SYN+ACK seq=7 ack=101');
    assert.deepEqual(a.diagnostics(), []);
    assert.equal(a.result.symbols.get('X')?.value, '100');
  });

  it('an inferred number no segment showed is a hint only, never text to write', () => {
    const a = analyze('Client -> Server : SYN\nServer -> Client : SYN+ACK\nClient -> Server : ACK seq=101 ack=301');
    const seq = a.result.inferences.filter((i) => i.kind === 'seq');
    assert.ok(seq.some((i) => i.label === 'seq=100' && i.insert === ' seq=100'), 'pinned later by seq=101: writable');
    for (const i of a.result.inferences) if (i.insert) assert.doesNotMatch(i.insert, /\./, i.label);
    const unknown = analyze('Client -> Server : SYN').result.inferences.find((i) => i.kind === 'seq');
    assert.equal(unknown?.label, "seq=Client's ISN");
    assert.equal(unknown?.insert, undefined);
  });

  it('confusing the two ISNs is caught', () => {
    const a = analyze('A -> B: SYN(ISN_A)\nB -> A: SYN(ISN_B), ACK(ISN_B + 1)');
    assert.deepEqual(a.diagnostics().map((d) => d.code).sort(), ['TF309', 'TF403']);
  });
});

pinAll();
