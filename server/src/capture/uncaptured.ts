import { seqSpace, type TcpPacket } from './packet';
import type { Side } from './schedule';
import { seqAdd, seqLe, seqLt } from './serial';
import { ACK, RST, SYN } from './tcp';

// Segments the capture point never saw (a kernel drop while capturing): a
// sender's sequence numbers jump past everything it was seen to send, or the
// peer acknowledges more than that. The receiver cannot fill such a hole from
// the capture, so the flow states it: one segment holding the missing
// sequence space, delivered when the peer acknowledges any of it before the
// sender sends any of it again, lost otherwise (retransmitted, or never
// acknowledged).

/** The largest receive window (65535 << 14): a longer jump is no hole in one connection. */
const MAX_HOLE = 0x3fffc000;

export interface Uncaptured {
  /** Index of the first captured packet after the hole. */
  readonly before: number;
  readonly from: Side;
  readonly seq: number;
  readonly length: number;
  readonly delivered: boolean;
}

interface Hole {
  readonly before: number;
  readonly seq: number;
  readonly end: number;
  settled?: 'delivered' | 'lost';
}

/** The holes of a capture, in packet order; linear in the packets up to a log factor. */
export function findUncaptured(packets: readonly TcpPacket[], from: readonly Side[]): Uncaptured[] {
  const sent: (number | undefined)[] = [undefined, undefined];
  const holes: [Hole[], Hole[]] = [[], []];
  /** Per side, the first hole that no ack has settled yet. */
  const unacked = [0, 0];
  packets.forEach((p, i) => {
    if (p.flags & RST) return; // a RST's seq may answer a segment: it says nothing of what was sent
    const side = from[i];
    const own = holes[side];
    const end = seqAdd(p.seq, seqSpace(p));
    const max = sent[side];
    if (max === undefined || p.flags & SYN) {
      if (max === undefined || seqLt(max, end)) sent[side] = end;
    } else if (jumps(max, p.seq)) {
      own.push({ before: i, seq: max, end: p.seq });
      sent[side] = end;
    } else {
      if (seqLt(p.seq, max)) resend(own, unacked[side], p.seq, end);
      if (seqLt(max, end)) sent[side] = end;
    }
    if (p.flags & ACK) {
      const peer = 1 - side;
      const peerSent = sent[peer];
      // An ack beyond all the peer was seen to send acknowledges what the capture missed.
      if (peerSent !== undefined && jumps(peerSent, p.ack)) {
        holes[peer].push({ before: i, seq: peerSent, end: p.ack });
        sent[peer] = p.ack;
      }
      let k = unacked[peer];
      for (; k < holes[peer].length && seqLt(holes[peer][k].seq, p.ack); k++) holes[peer][k].settled ??= 'delivered';
      unacked[peer] = k;
    }
  });
  return [...holes[0].map((h) => uncaptured(h, 0)), ...holes[1].map((h) => uncaptured(h, 1))].sort((a, b) => a.before - b.before);
}

/** Whether `seq` lies beyond `sent`, by no more than a receive window. */
function jumps(sent: number, seq: number): boolean {
  return seqLt(sent, seq) && seqLe(seq, seqAdd(sent, MAX_HOLE));
}

/** The holes a captured segment sends again were not delivered before it (those before `lo` were). */
function resend(holes: Hole[], lo: number, seq: number, end: number): void {
  // Holes are disjoint and in sequence order: find the first that ends after seq.
  let hi = holes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seqLe(holes[mid].end, seq)) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < holes.length && seqLt(holes[k].seq, end); k++) holes[k].settled ??= 'lost';
}

function uncaptured(h: Hole, from: Side): Uncaptured {
  return { before: h.before, from, seq: h.seq, length: (h.end - h.seq) >>> 0, delivered: h.settled === 'delivered' };
}
