// The segment most of a long flow is made of, checked on numbers alone: data or
// a pure ACK between two ESTABLISHED endpoints, sent at SND.NXT, acknowledging
// RCV.NXT, arriving at the receiver's RCV.NXT and acknowledging no more than it
// sent, with nothing lost, queued or closing on either side. Nothing is
// reported or inferred for such a segment and no state changes, so it needs
// only the numbers the sender's and the receiver's rules would move; anything
// else goes through those rules (a property test holds the two to the same
// results).
import { Flag } from '../syntax/ast';
import { State } from '../tcp/states';
import type { Num } from '../tcp/seqnum';
import type { Tcb } from '../tcp/tcb';

/**
 * Sends `seq`/`ack`/`len` with `flags` from `me` to `peer` and delivers it,
 * as the sender's and the receiver's rules would, when it is such a segment;
 * returns false, having changed nothing, when it is not.
 */
export function exchangeInOrder(me: Tcb, peer: Tcb, flags: number, seq: number, ack: number, len: number): boolean {
  if ((flags & (Flag.SYN | Flag.FIN | Flag.RST | Flag.ACK)) !== Flag.ACK || len >= 0x8000_0000) return false;
  if (me.state !== State.ESTABLISHED || peer.state !== State.ESTABLISHED) return false;
  // ESTABLISHED has sent no FIN; the receiver must have no queue to drain, no FIN ahead and no lost segment an ACK could clear.
  if (peer.peerFin !== undefined || peer.ooo.length || peer.lost.length) return false;
  if (typeof me.sndNxt !== 'number' || typeof me.sndUna !== 'number' || seq !== me.sndNxt || ack !== me.rcvNxt) return false;
  const peerSndNxt = peer.sndNxt;
  if (typeof peer.rcvNxt !== 'number' || typeof peerSndNxt !== 'number' || typeof peer.sndUna !== 'number' || seq !== peer.rcvNxt) return false;
  // Acknowledging what the receiver never sent is dropped and reported (TF401).
  if (distance(ack, peerSndNxt) > 0) return false;

  me.answering = undefined;
  peer.answering = undefined;
  moveInOrder(me, peer, seq, ack, len);
  return true;
}

/** The numbers such a segment moves, once it is known to be one; `me`/`peer` may be TCBs or snapshots being made. */
export function moveInOrder(
  me: { sndNxt?: Num }, peer: { sndUna?: Num; rcvNxt?: Num }, seq: number, ack: number, len: number,
): void {
  // The sender (§3.10.2): SND.NXT moves past the data.
  const end = (seq + len) >>> 0;
  if (distance(end, me.sndNxt as number) > 0) me.sndNxt = end;
  // The receiver (§3.10.7.4): the ACK moves SND.UNA, the data RCV.NXT.
  if (distance(ack, peer.sndUna as number) > 0) peer.sndUna = ack;
  if (distance(end, peer.rcvNxt as number) > 0) peer.rcvNxt = end;
}

/** a − b as a signed serial-number distance (what `diff` answers for two 32-bit numbers): the difference wrapped to 32 signed bits. */
const distance = (a: number, b: number): number => (a - b) | 0;
