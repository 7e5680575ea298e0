import { seqSpace, type TcpPacket } from './packet';
import type { Side } from './schedule';
import { seqAdd, seqLt } from './serial';
import { ACK, FIN, RST, SYN } from './tcp';

/**
 * Which segments never reached their receiver: those a later segment of the
 * same sender retransmits (same seq, length and SYN/FIN/RST) while the peer
 * has acknowledged none of it, cumulatively or by SACK, in between.
 */
export function findLost(packets: readonly TcpPacket[], from: readonly Side[]): boolean[] {
  const lost = packets.map(() => false);
  const nextCopy = new Map<string, number>();
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i];
    if (seqSpace(p) === 0) continue; // a bare ACK is repeated, never retransmitted
    const key = `${from[i]} ${p.seq} ${p.payloadLength} ${p.flags & (SYN | FIN | RST)}`;
    const j = nextCopy.get(key);
    nextCopy.set(key, i);
    if (j !== undefined) lost[i] = !acknowledgedBetween(packets, from, i, j);
  }
  return lost;
}

function acknowledgedBetween(packets: readonly TcpPacket[], from: readonly Side[], i: number, j: number): boolean {
  const p = packets[i];
  const end = seqAdd(p.seq, seqSpace(p));
  for (let k = i + 1; k < j; k++) {
    if (from[k] === from[i]) continue;
    const q = packets[k];
    if (q.flags & ACK && seqLt(p.seq, q.ack)) return true;
    if (q.options.sack.some((b) => seqLt(b.left, end) && seqLt(p.seq, b.right))) return true;
  }
  return false;
}
