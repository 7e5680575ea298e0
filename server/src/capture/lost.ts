import { seqSpace, type TcpPacket } from './packet';
import type { Side } from './schedule';
import { ACK, FIN, RST, SYN } from './tcp';

/**
 * Which segments never reached their receiver: those a later segment of the
 * same sender retransmits (same seq, length and SYN/FIN/RST) while the peer
 * has acknowledged none of it, cumulatively or by SACK, in between. One pass:
 * each side's sequence space remembers when the peer last acknowledged each
 * part of it.
 */
export function findLost(packets: readonly TcpPacket[], from: readonly Side[]): boolean[] {
  const lost = packets.map(() => false);
  const spaces = [new AckedSpace(), new AckedSpace()];
  const lastCopy = new Map<string, number>();
  packets.forEach((p, i) => {
    const side = from[i];
    const acked = spaces[1 - side];
    if (p.flags & ACK) acked.acknowledge(p.ack, i);
    for (const b of p.options.sack) acked.sack(b.left, b.right, i);
    const space = seqSpace(p);
    if (space === 0) return; // a bare ACK is repeated, never retransmitted
    const key = `${side} ${p.seq} ${p.payloadLength} ${p.flags & (SYN | FIN | RST)}`;
    const copy = lastCopy.get(key);
    if (copy !== undefined) lost[copy] = spaces[side].lastAcknowledged(p.seq, space) < copy;
    lastCopy.set(key, i);
  });
  return lost;
}

interface Acked {
  readonly start: number;
  readonly end: number;
  /** The packet that acknowledged it last. */
  readonly at: number;
}

/**
 * One side's sequence numbers, unwrapped from the 2^32 circle around the last
 * one seen, each with the last packet that acknowledged it: below the
 * cumulative ack, and the SACKed ranges above, disjoint and in order.
 */
class AckedSpace {
  private ref: number | undefined;
  private refUnwrapped = 0;
  private cumulative: Acked = { start: -Infinity, end: -Infinity, at: -1 };
  private ranges: Acked[] = [];
  /** ranges[head..] are current. */
  private head = 0;

  private unwrap(seq: number): number {
    if (this.ref === undefined) this.ref = seq;
    const u = this.refUnwrapped + ((seq - this.ref) | 0);
    this.ref = seq;
    this.refUnwrapped = u;
    return u;
  }

  acknowledge(ack: number, at: number): void {
    const end = this.unwrap(ack);
    const previous = this.cumulative;
    this.cumulative = { start: -Infinity, end, at };
    this.assign(-Infinity, end, undefined);
    // A stale ack: beyond it, what the previous one acknowledged keeps its time.
    if (end < previous.end) this.fillGaps(end, previous.end, previous.at);
  }

  sack(left: number, right: number, at: number): void {
    const start = this.unwrap(left);
    const end = start + ((right - left) | 0);
    if (start < end) this.assign(start, end, { start, end, at });
  }

  /** The last packet that acknowledged any of the `length` numbers from `seq`; -1 if none did. */
  lastAcknowledged(seq: number, length: number): number {
    const start = this.unwrap(seq);
    const end = start + length;
    let last = start < this.cumulative.end ? this.cumulative.at : -1;
    for (let k = this.firstEndingAfter(start); k < this.ranges.length && this.ranges[k].start < end; k++) {
      last = Math.max(last, this.ranges[k].at);
    }
    return last;
  }

  /** Replaces what [start, end) held by `range` (or nothing). */
  private assign(start: number, end: number, range: Acked | undefined): void {
    const from = this.firstEndingAfter(start);
    let to = from;
    const kept: Acked[] = [];
    for (; to < this.ranges.length && this.ranges[to].start < end; to++) {
      const r = this.ranges[to];
      if (r.start < start) kept.push({ start: r.start, end: start, at: r.at });
      if (r.end > end) kept.push({ start: end, end: r.end, at: r.at });
    }
    if (range) kept.splice(kept.length && kept[0].start < start ? 1 : 0, 0, range);
    if (start === -Infinity && kept.length === 0) {
      this.head = to; // the usual cumulative ack: drop from the front
      if (this.head > 64 && this.head * 2 > this.ranges.length) {
        this.ranges = this.ranges.slice(this.head);
        this.head = 0;
      }
    } else if (to > from || kept.length > 0) {
      this.ranges.splice(from, to - from, ...kept);
    }
  }

  /** Acknowledged at `at` wherever no range holds [start, end) yet. */
  private fillGaps(start: number, end: number, at: number): void {
    const from = this.firstEndingAfter(start);
    const pieces: Acked[] = [];
    let next = start;
    let k = from;
    for (; k < this.ranges.length && this.ranges[k].start < end; k++) {
      const r = this.ranges[k];
      if (next < r.start) pieces.push({ start: next, end: r.start, at });
      pieces.push(r);
      next = Math.max(next, r.end);
    }
    if (next < end) pieces.push({ start: next, end, at });
    this.ranges = this.ranges.slice(0, from).concat(pieces, this.ranges.slice(k));
  }

  private firstEndingAfter(seq: number): number {
    let lo = this.head;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid].end <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
