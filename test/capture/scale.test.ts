// Converting a connection is linear in its segments whatever they hold: a hole
// the capture never saw, a retransmission long after the loss, acks that show
// nothing received for a long while. Work is counted as bytes allocated
// (v8's GC profiler) and packet fields read, compared for N and 2N segments:
// never a timing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import type { Connection } from '../../server/src/capture/connections';
import { convertConnection } from '../../server/src/capture/convert';
import { scanCapture } from '../../server/src/capture/scan';
import { ACK, FIN, PSH, SYN } from '../../server/src/capture/tcp';
import { ethernet, ETHERTYPE_IPV4, ipPacket, pcapFile, type Seg } from './builders';
import { errorsAndWarnings } from './clean';
import { flowLines } from './helpers';
import { V4 } from './make-synthetic';

type Shape = (n: number) => Omit<Seg, 'timeNs'>[];

const C = 1000;
const S = 5000;
const MSS = 100;

function handshake(): Omit<Seg, 'timeNs'>[] {
  return [
    { fromClient: true, flags: SYN, seq: C, ack: 0, window: 64240, len: 0, mss: 1460 },
    { fromClient: false, flags: SYN | ACK, seq: S, ack: C + 1, window: 65160, len: 0, mss: 1460 },
    { fromClient: true, flags: ACK, seq: C + 1, ack: S + 1, window: 502, len: 0 },
  ];
}

/** Client data from `from`, the server acking every other segment; `skip` segments never captured after the first. */
function upload(n: number, skip: number): Omit<Seg, 'timeNs'>[] {
  const out: Omit<Seg, 'timeNs'>[] = [];
  for (let i = 0, seq = C + 1; i <= n + skip; i++, seq += MSS) {
    if (i >= 1 && i <= skip) continue;
    out.push({ fromClient: true, flags: PSH | ACK, seq, ack: S + 1, window: 502, len: MSS });
    if (i % 2) out.push({ fromClient: false, flags: ACK, seq: S + 1, ack: seq + MSS, window: 509, len: 0 });
  }
  return out;
}

/** A kernel drop at the capture point: one segment after the first was never captured, nor retransmitted. */
const hole: Shape = (n) => [...handshake(), ...upload(n, 1)];

/** The first data segment is lost; the receiver holds everything after it until the retransmission, N segments later. */
const lateRetransmission: Shape = (n) => {
  const out = [...handshake()];
  for (let i = 0, seq = C + 1; i <= n; i++, seq += MSS) {
    out.push({ fromClient: true, flags: PSH | ACK, seq, ack: S + 1, window: 502, len: MSS });
    if (i > 0) out.push({ fromClient: false, flags: ACK, seq: S + 1, ack: C + 1, window: 509, len: 0 });
  }
  out.push({ fromClient: true, flags: PSH | ACK, seq: C + 1, ack: S + 1, window: 502, len: MSS });
  out.push({ fromClient: false, flags: ACK, seq: S + 1, ack: C + 1 + (n + 1) * MSS, window: 509, len: 0 });
  return out;
};

/** N segments, the receiver repeating its ack of the first after each, then all N sent again. */
const goBackN: Shape = (n) => {
  const out = [...handshake()];
  for (let i = 0; i < n; i++) {
    out.push({ fromClient: true, flags: PSH | ACK, seq: C + 1 + i * MSS, ack: S + 1, window: 502, len: MSS });
    out.push({ fromClient: false, flags: ACK, seq: S + 1, ack: C + 1, window: 509, len: 0 });
  }
  for (let i = 0; i < n; i++) out.push({ fromClient: true, flags: PSH | ACK, seq: C + 1 + i * MSS, ack: S + 1, window: 502, len: MSS });
  return out;
};

/** Both sides send data and keep acking only the handshake: every ack shows the peer's data in flight. */
const staleAcks: Shape = (n) => {
  const out = [...handshake()];
  for (let i = 0; i < n; i++) {
    const client = i % 2 === 0;
    const seq = (client ? C + 1 : S + 1) + Math.floor(i / 2) * MSS;
    out.push({ fromClient: client, flags: PSH | ACK, seq, ack: client ? S + 1 : C + 1, window: 502, len: MSS });
  }
  return out;
};

function connection(segs: readonly Omit<Seg, 'timeNs'>[]): Connection {
  const records = segs.map((seg, i) => {
    const timeNs = BigInt(i) * 1000n;
    return { timeNs, data: ethernet(ipPacket({ ...seg, timeNs }, V4), ETHERTYPE_IPV4) };
  });
  return scanCapture(pcapFile({ littleEndian: true, nanoseconds: false, linkType: 1 }, records), () => true).selected!;
}

/** Bytes allocated on the heap while `run` runs: what each collection found, plus what is left. */
function allocatedBytes(run: () => void): number {
  const profiler = new v8.GCProfiler();
  let last = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  run();
  const end = v8.getHeapStatistics().used_heap_size;
  let total = 0;
  for (const gc of profiler.stop().statistics) {
    total += gc.beforeGC.heapStatistics.usedHeapSize - last;
    last = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return total + end - last;
}

/** What converting a connection costs: bytes allocated, and reads of its packets' fields. */
function convertWork(shape: Shape, n: number): { allocated: number; reads: number } {
  const conn = connection(shape(n));
  let reads = 0;
  const counted = conn.packets.map((p) => new Proxy(p, { get: (target, key) => (reads++, Reflect.get(target, key)) }));
  const allocated = allocatedBytes(() => convertConnection({ ...conn, packets: counted }, { source: 'scale.pcap' }));
  return { allocated, reads };
}

for (const [name, shape] of [
  ['a hole the capture never saw', hole],
  ['a retransmission long after the loss', lateRetransmission],
  ['every segment sent again after a long silence', goBackN],
  ['acks that show the peer data in flight for long', staleAcks],
] as const) {
  test(`converting is linear with ${name}`, () => {
    convertWork(shape, 500); // compiled code from here on
    const n = 5000;
    const once = convertWork(shape, n);
    const twice = convertWork(shape, 2 * n);
    // Linear work doubles; quadratic work quadruples.
    assert.ok(twice.allocated < 3 * once.allocated, `${n} segments: ${once.allocated} bytes allocated; ${2 * n}: ${twice.allocated}`);
    assert.ok(twice.reads < 3 * once.reads, `${n} segments: ${once.reads} packet fields read; ${2 * n}: ${twice.reads}`);
  });
}

test('a segment never captured is written where the sender shows it, and the flow checks clean', () => {
  const text = convertConnection(connection([...hole(6), ...closing(C + 1 + 8 * MSS)]), { source: 'hole.pcap' });
  assert.match(text, /\nnote Client "100 bytes from seq 1101 were not captured \(the peer acknowledged them\)"\nClient -> Server : ACK seq=1101 len=100 {3}# not captured\n/);
  const seqs = flowLines(text).filter((l) => l.from === 'Client' && l.fields.len > 0).map((l) => l.fields.seq);
  assert.deepStrictEqual(seqs, [1001, 1101, 1201, 1301, 1401, 1501, 1601, 1701]);
  assert.deepStrictEqual(errorsAndWarnings(text), [], text);
});

test('a segment never captured and retransmitted, or never acknowledged, was lost', () => {
  const retransmitted = [...handshake(), ...upload(3, 1)];
  retransmitted.splice(retransmitted.length - 2, 0, { fromClient: true, flags: PSH | ACK, seq: C + 1 + MSS, ack: S + 1, window: 502, len: MSS });
  const text = convertConnection(connection(retransmitted), { source: 'lost.pcap' });
  assert.match(text, /\nClient -x Server : ACK seq=1101 len=100 {3}# not captured\n/);
  assert.match(text, /note Client "100 bytes from seq 1101 were not captured"/);
  assert.deepStrictEqual(errorsAndWarnings(text), [], text);
  // The server never acks beyond the hole.
  const unacked = [...handshake(), ...upload(3, 1).filter((s) => s.fromClient)];
  const flow = convertConnection(connection(unacked), { source: 'unacked.pcap' });
  assert.match(flow, /\nClient -x Server : ACK seq=1101 len=100 {3}# not captured\n/);
  assert.deepStrictEqual(errorsAndWarnings(flow), [], flow);
});

test('--relative numbers hold for a segment never captured', () => {
  const text = convertConnection(connection(hole(2)), { source: 'hole.pcap', relative: true });
  assert.match(text, /\nnote Client "100 bytes from seq 101 were not captured \(the peer acknowledged them\)"\nClient -> Server : ACK seq=101 len=100 {3}# not captured\n/);
  assert.deepStrictEqual(errorsAndWarnings(text), [], text);
});

function closing(c: number): Omit<Seg, 'timeNs'>[] {
  return [
    { fromClient: true, flags: FIN | ACK, seq: c, ack: S + 1, window: 502, len: 0 },
    { fromClient: false, flags: FIN | ACK, seq: S + 1, ack: c + 1, window: 509, len: 0 },
    { fromClient: true, flags: ACK, seq: c + 1, ack: S + 2, window: 502, len: 0 },
  ];
}
