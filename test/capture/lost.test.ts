// Which captured segments were lost: the one-pass finder answers what the
// definition says, on any sequence of segments, including around the 2^32 wrap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findLost } from '../../server/src/capture/lost';
import { seqSpace, type TcpPacket } from '../../server/src/capture/packet';
import type { Side } from '../../server/src/capture/schedule';
import { seqAdd, seqLt } from '../../server/src/capture/serial';
import { ACK, FIN, PSH, RST, SYN } from '../../server/src/capture/tcp';
import { CLIENT, SERVER } from './flows';

/** The definition, scanning: a later copy (same side, seq, length, SYN/FIN/RST) with no peer ack or SACK of it in between. */
function lostByDefinition(packets: readonly TcpPacket[], from: readonly Side[]): boolean[] {
  return packets.map((p, i) => {
    if (seqSpace(p) === 0) return false;
    const end = seqAdd(p.seq, seqSpace(p));
    const same = (q: TcpPacket, k: number) =>
      from[k] === from[i] && q.seq === p.seq && q.payloadLength === p.payloadLength && (q.flags & (SYN | FIN | RST)) === (p.flags & (SYN | FIN | RST));
    const j = packets.findIndex((q, k) => k > i && same(q, k));
    if (j < 0) return false;
    return !packets.slice(i + 1, j).some((q, n) => {
      if (from[i + 1 + n] === from[i]) return false;
      if (q.flags & ACK && seqLt(p.seq, q.ack)) return true;
      // A SACK block holds [left, right): an empty or inverted one holds nothing.
      return q.options.sack.some((b) => seqLt(b.left, b.right) && seqLt(b.left, end) && seqLt(p.seq, b.right));
    });
  });
}

const near = (base: number) => fc.integer({ min: -40, max: 40 }).map((d) => seqAdd(base, d));

function segments(base: [number, number]) {
  const segment = fc.record({
    side: fc.constantFrom<Side>(0, 0, 0, 0, 0, 1),
    flags: fc.constantFrom(ACK, PSH | ACK, PSH | ACK, PSH | ACK, PSH, FIN | ACK, SYN, SYN | ACK, RST | ACK),
    // Few numbers, so that copies and acks of them are frequent.
    seqOffset: fc.integer({ min: -1, max: 3 }).map((n) => n * 5),
    len: fc.constantFrom(0, 5, 5, 5, 10),
    ack: fc.integer({ min: -3, max: 7 }).map((n) => n * 5),
    sack: fc.oneof(fc.constant<[number, number][]>([]), fc.array(fc.tuple(fc.integer({ min: -10, max: 40 }), fc.integer({ min: -5, max: 20 })), { maxLength: 3 })),
  });
  return fc.array(segment, { minLength: 10, maxLength: 60, size: 'max' }).map((segs) => {
    const from = segs.map((s) => s.side);
    const packets = segs.map((s, i): TcpPacket => ({
      frame: i + 1,
      timeNs: undefined,
      src: s.side === 0 ? CLIENT : SERVER,
      dst: s.side === 0 ? SERVER : CLIENT,
      seq: seqAdd(base[s.side], s.seqOffset),
      ack: seqAdd(base[1 - s.side], s.ack),
      flags: s.flags,
      window: 100,
      payloadLength: s.len,
      options: {
        sackPermitted: false,
        sack: s.sack.map(([left, width]) => ({ left: seqAdd(base[1 - s.side], left), right: seqAdd(base[1 - s.side], left + width) })),
      },
    }));
    return { packets, from };
  });
}

test('the lost segments are those the definition gives, wherever the numbers lie on the circle', () => {
  const bases = fc.tuple(fc.constantFrom(1000, 0xffffffe0, 0x7fffffe0), near(5000)) as fc.Arbitrary<[number, number]>;
  let lost = 0;
  fc.assert(
    fc.property(bases.chain(segments), ({ packets, from }) => {
      const expected = lostByDefinition(packets, from);
      lost += expected.filter(Boolean).length;
      assert.deepStrictEqual(findLost(packets, from), expected);
    }),
    { numRuns: 3000 },
  );
  assert.ok(lost > 3000, `the runs hold ${lost} lost segments`);
});
