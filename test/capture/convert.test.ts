// One connection to .tcpflow text: numbers, initial states, lost and crossing segments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertConnection } from '../../server/src/capture/convert';
import { ACK, CWR, ECE, FIN, PSH, RST, SYN, URG } from '../../server/src/capture/tcp';
import { CLIENT, connections, convert, seg } from './flows';
import { flowLines } from './helpers';

const SYNACK = SYN | ACK;
const DATA = PSH | ACK;
const FINACK = FIN | ACK;

/** Handshake from ISNs c and s, then the client's request of 5 bytes. */
function opening(c: number, s: number) {
  return [
    seg('C', SYN, c, 0, { mss: 1460, wscale: 7, win: 64240, ms: 0 }),
    seg('S', SYNACK, s, c + 1, { mss: 1400, wscale: 9, win: 65160, ms: 0.031 }),
    seg('C', ACK, c + 1, s + 1, { win: 502, ms: 0.05 }),
    seg('C', DATA, c + 1, s + 1, { len: 5, win: 502, ms: 1.2345678 }),
  ];
}

test('a connection is written in the explicit style', () => {
  const packets = [
    ...opening(1234, 999),
    seg('S', ACK, 1000, 1240, { ms: 1000 }),
    seg('C', FINACK, 1240, 1000, { ms: 1500 }),
    seg('S', FINACK, 1000, 1241, { ms: 1500.0004 }),
    seg('C', ACK, 1241, 1001, { ms: 1500.0006 }),
  ];
  const [conn] = connections(packets);
  assert.equal(
    convertConnection(conn, { source: 'trace.pcap' }),
    `# imported from trace.pcap, stream 0
endpoint Client "10.0.0.1:40000"
endpoint Server "10.0.0.2:80" LISTEN
0.000000 Client -> Server : SYN seq=1234 win=64240 mss=1460 wscale=7
0.000031 Server -> Client : SYN+ACK seq=999 ack=1235 win=65160 mss=1400 wscale=9
0.000050 Client -> Server : ACK seq=1235 ack=1000 win=502
0.001235 Client -> Server : PSH+ACK seq=1235 ack=1000 len=5 win=502
1.000000 Server -> Client : ACK seq=1000 ack=1240 win=100
1.500000 Client -> Server : FIN+ACK seq=1240 ack=1000 win=100
1.500000 Server -> Client : FIN+ACK seq=1000 ack=1241 win=100
1.500001 Client -> Server : ACK seq=1241 ack=1001 win=100
`,
  );
});

test('--relative counts from each side initial sequence number, across the 2^32 wrap', () => {
  const text = convert(opening(0xfffffffe, 0xffffff00), true);
  assert.deepStrictEqual(
    flowLines(text).map((l) => [l.fields.seq, l.fields.ack]),
    [
      [0, undefined],
      [0, 1],
      [1, 1],
      [1, 1],
    ],
  );
});

test('--relative starts a side seen mid-connection at 1, and keeps a RST from a closed port at 0', () => {
  const mid = convert([seg('C', DATA, 5000, 7000, { len: 10 }), seg('S', ACK, 7000, 5010)], true);
  assert.deepStrictEqual(flowLines(mid).map((l) => [l.fields.seq, l.fields.ack]), [[1, 1], [1, 11]]);
  const refused = convert([seg('C', SYN, 5000), seg('S', RST | ACK, 0, 5001)], true);
  assert.deepStrictEqual(flowLines(refused).map((l) => [l.fields.seq, l.fields.ack]), [[0, undefined], [0, 1]]);
});

test('initial states follow from how the capture starts', () => {
  const states = (text: string) => text.split('\n').filter((l) => l.startsWith('endpoint'));
  assert.deepStrictEqual(states(convert(opening(1, 2))), ['endpoint Client "10.0.0.1:40000"', 'endpoint Server "10.0.0.2:80" LISTEN']);
  // Refused: the server answers with RST from CLOSED.
  assert.deepStrictEqual(states(convert([seg('C', SYN, 1), seg('S', RST | ACK, 0, 2)])), [
    'endpoint Client "10.0.0.1:40000"',
    'endpoint Server "10.0.0.2:80" CLOSED',
  ]);
  // Mid-handshake: the SYN+ACK's receiver is the client.
  assert.deepStrictEqual(states(convert([seg('S', SYNACK, 50, 11), seg('C', ACK, 11, 51)])), [
    'endpoint Client "10.0.0.1:40000" SYN_SENT',
    'endpoint Server "10.0.0.2:80" SYN_RCVD',
  ]);
  // Mid-connection: the first packet's source is the client.
  assert.deepStrictEqual(states(convert([seg('S', DATA, 50, 11, { len: 3 }), seg('C', ACK, 11, 53)])), [
    'endpoint Client "10.0.0.2:80" ESTABLISHED',
    'endpoint Server "10.0.0.1:40000" ESTABLISHED',
  ]);
});

test('a simultaneous open declares both endpoints closed and sends both SYNs together', () => {
  const text = convert([seg('C', SYN, 100), seg('S', SYN, 300), seg('S', SYNACK, 300, 101), seg('C', SYNACK, 100, 301)]);
  assert.match(text, /endpoint Server "10\.0\.0\.2:80" CLOSED\n/);
  assert.deepStrictEqual(flowLines(text).map((l) => [l.from, l.flags, l.inBlock]), [
    ['Client', 'SYN', true],
    ['Server', 'SYN', true],
    ['Server', 'SYN+ACK', false],
    ['Client', 'SYN+ACK', false],
  ]);
});

test('flags are joined in a fixed order; ack only with ACK, len only with a payload', () => {
  const all = SYN | FIN | RST | PSH | ACK | URG | ECE | CWR;
  const [line] = flowLines(convert([seg('C', all, 7, 9, { len: 3 }), seg('S', RST, 9)]));
  assert.equal(line.flags, 'SYN+FIN+RST+PSH+ACK+URG+ECE+CWR');
  assert.deepStrictEqual(line.fields, { seq: 7, ack: 9, len: 3, win: 100 });
  const [, rst] = flowLines(convert([seg('C', SYN, 7), seg('S', RST, 0)]));
  assert.deepStrictEqual(rst.fields, { seq: 0, win: 100 });
});

test('IPv6 endpoints are labelled [address]:port', () => {
  const ends = [{ address: '2001:db8::1', port: 1 }, { address: '::1', port: 2 }] as const;
  const text = convert([seg('C', SYN, 1, 0, { ends }), seg('S', SYNACK, 1, 2, { ends })]);
  assert.match(text, /endpoint Client "\[2001:db8::1\]:1"\nendpoint Server "\[::1\]:2" LISTEN/);
});

test('timestamps are relative, never decrease, and are left out when the capture has none', () => {
  const times = (text: string) => text.split('\n').flatMap((l) => /^([\d.]+) /.exec(l)?.[1] ?? []);
  assert.deepStrictEqual(times(convert([seg('C', SYN, 1, 0, { ms: 5000 }), seg('S', SYNACK, 1, 2, { ms: 4000 }), seg('C', ACK, 2, 2, { ms: 5000.5 })])), [
    '0.000000',
    '0.000000',
    '0.000500',
  ]);
  assert.deepStrictEqual(times(convert([seg('C', SYN, 1, 0, { ms: null }), seg('S', SYNACK, 1, 2, { ms: null })])), []);
});

test('a segment retransmitted before being acknowledged was lost', () => {
  const lines = flowLines(
    convert([
      ...opening(100, 500),
      seg('C', DATA, 106, 501, { len: 5 }),
      seg('S', ACK, 501, 101, { sack: [] }),
      seg('C', DATA, 101, 501, { len: 5 }),
      seg('C', DATA, 101, 501, { len: 5 }),
      seg('S', ACK, 501, 111),
    ]),
  );
  assert.deepStrictEqual(lines.map((l) => [l.lost, l.fields.seq, l.fields.len ?? 0]), [
    [false, 100, 0],
    [false, 500, 0],
    [false, 101, 0],
    [true, 101, 5],
    [false, 106, 5],
    [false, 501, 0],
    [true, 101, 5],
    [false, 101, 5],
    [false, 501, 0],
  ]);
});

test('a retransmission is no loss when the original was acknowledged or SACKed before it', () => {
  const acked = flowLines(convert([...opening(100, 500), seg('S', ACK, 501, 106), seg('C', DATA, 101, 501, { len: 5 })]));
  assert.ok(acked.every((l) => !l.lost));
  const sacked = flowLines(
    convert([
      ...opening(100, 500),
      seg('C', DATA, 106, 501, { len: 5 }),
      seg('S', ACK, 501, 101, { sack: [{ left: 106, right: 111 }] }),
      seg('C', DATA, 106, 501, { len: 5 }),
    ]),
  );
  assert.deepStrictEqual(sacked.map((l) => l.lost), [false, false, false, false, false, false, false]);
});

test('repeated bare ACKs are never lost; a retransmitted FIN is', () => {
  const lines = flowLines(
    convert([
      ...opening(100, 500),
      seg('S', ACK, 501, 106),
      seg('S', ACK, 501, 106),
      seg('C', FINACK, 106, 501),
      seg('C', FINACK, 106, 501),
      seg('S', FINACK, 501, 107),
    ]),
  );
  assert.deepStrictEqual(lines.slice(4).map((l) => [l.flags, l.lost]), [
    ['ACK', false],
    ['ACK', false],
    ['FIN+ACK', true],
    ['FIN+ACK', false],
    ['FIN+ACK', false],
  ]);
});

test('FINs that crossed go in one simultaneous block', () => {
  const text = convert([
    ...opening(100, 500),
    seg('S', ACK, 501, 106),
    seg('C', FINACK, 106, 501),
    seg('S', FINACK, 501, 106),
    seg('S', ACK, 502, 107),
    seg('C', ACK, 107, 502),
  ]);
  const untimed = text.replace(/^( *)[\d.]+ /gm, '$1');
  assert.ok(
    untimed.includes(
      [
        'Server -> Client : ACK seq=501 ack=106 win=100',
        'simultaneous {',
        '  Client -> Server : FIN+ACK seq=106 ack=501 win=100',
        '  Server -> Client : FIN+ACK seq=501 ack=106 win=100',
        '}',
        'Server -> Client : ACK seq=502 ack=107 win=100',
      ].join('\n'),
    ),
    text,
  );
});

test('a block grows while later segments still show the peer data in flight', () => {
  const lines = flowLines(
    convert([
      ...opening(100, 500),
      seg('S', DATA, 501, 101, { len: 10 }),
      seg('S', DATA, 511, 101, { len: 10 }),
      seg('C', ACK, 106, 501),
      seg('C', ACK, 106, 521),
    ]),
  );
  assert.deepStrictEqual(lines.slice(3).map((l) => [l.from, l.inBlock]), [
    ['Client', true],
    ['Server', true],
    ['Server', true],
    ['Client', true],
    ['Client', false],
  ]);
});

test('no block is made when a segment inside it would ack what its sender has not received yet', () => {
  // The server's data crossed the request; the client acked it; the server's
  // next segment still misses the request: sending it before the request
  // arrives would need the client's ack sent before the server's data.
  const lines = flowLines(
    convert([
      ...opening(100, 500),
      seg('S', DATA, 501, 101, { len: 10 }),
      seg('C', ACK, 106, 511),
      seg('S', DATA, 511, 101, { len: 10 }),
    ]),
  );
  assert.deepStrictEqual(lines.slice(3).map((l) => [l.from, l.inBlock]), [
    ['Client', true],
    ['Server', true],
    ['Client', false],
    ['Server', false],
  ]);
});

test('lost segments never arrive, and data after a hole waits for it', () => {
  const lines = flowLines(
    convert([
      ...opening(100, 500),
      seg('C', DATA, 106, 501, { len: 5 }),
      seg('S', ACK, 501, 101),
      seg('C', DATA, 101, 501, { len: 5 }),
      seg('S', ACK, 501, 111),
    ]),
  );
  assert.deepStrictEqual(lines.map((l) => l.lost), [false, false, false, true, false, false, false, false]);
  assert.ok(lines.every((l) => !l.inBlock), 'the acks show nothing in flight');
});

test('a SYN retransmitted while the SYN+ACK was on its way crossed it', () => {
  const lines = flowLines(convert([seg('C', SYN, 100), seg('S', SYNACK, 500, 101), seg('C', SYN, 100), seg('C', ACK, 101, 501)]));
  assert.deepStrictEqual(lines.map((l) => [l.flags, l.lost, l.inBlock]), [
    ['SYN', false, false],
    ['SYN+ACK', false, true],
    ['SYN', false, true],
    ['ACK', false, false],
  ]);
});

test('the client is the sender of the first bare SYN', () => {
  const [conn] = connections([seg('S', ACK, 9, 9), seg('C', SYN, 1)]);
  assert.deepStrictEqual(conn.summary.client, CLIENT);
});
