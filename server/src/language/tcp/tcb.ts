// The per-endpoint transmission control block (RFC 9293 §3.3.1), as far as a
// flow file can know it. Undefined numbers are not known yet: they are learned
// from the first segment that shows them, never guessed.
import { SegmentQueue } from './segmentQueue';
import { Flag, type SegmentStmt } from '../syntax/ast';
import { diff, type Num } from './seqnum';
import { isSynchronized, State } from './states';

/** A segment as the checker resolved it: written values plus inferred ones. */
export interface ResolvedSegment {
  /** Flags, with the implied ACK included. */
  readonly flags: number;
  readonly seq: Num;
  readonly ack?: Num;
  /** Payload length in bytes. */
  readonly len: number;
  /** The sequence space it occupies: len + SYN + FIN. */
  readonly segLen: number;
  readonly stmt: SegmentStmt;
}

/** The sequence space a segment occupies: its payload, plus one for a SYN and one for a FIN. */
export function seqSpace(flags: number, len: number): number {
  return len + (flags & Flag.SYN ? 1 : 0) + (flags & Flag.FIN ? 1 : 0);
}

export interface Tcb {
  state: State;
  /** SYN_RCVD was reached from LISTEN: a reset returns it to LISTEN. */
  passive: boolean;
  iss?: Num;
  sndUna?: Num;
  sndNxt?: Num;
  irs?: Num;
  rcvNxt?: Num;
  /** Sequence number of this endpoint's own FIN, once sent. */
  fin?: Num;
  /** Sequence number the peer's FIN occupies, once received (in order or queued). */
  peerFin?: Num;
  /** The most recent SYN and FIN received from the peer: the words SYN and FIN in expressions. */
  lastSyn?: { seq: Num; stmt: SegmentStmt };
  lastFin?: { seq: Num; stmt: SegmentStmt };
  /** The segment that made this endpoint send its SYN (for related locations). */
  synStmt?: SegmentStmt;
  finStmt?: SegmentStmt;
  /** Received after a gap: payload and FIN wait for the gap to fill. */
  ooo: SegmentQueue;
  /** Own segments sent as lost and not acknowledged yet: retransmissions take their seq. */
  lost: ResolvedSegment[];
  /** A just-received segment this endpoint answers with RST (RFC 9293 §3.10.7.1–3). */
  answering?: ResolvedSegment;
  /** A SYN+ACK was sent (a second one is a retransmission). */
  synAckSent?: boolean;
  /** The SYN+ACK acknowledged the payload of the peer's SYN (TCP Fast Open): data may follow in SYN_RCVD. */
  fastOpen?: boolean;
  /** The statement that put the endpoint in its current state. */
  stateStmt?: SegmentStmt | undefined;
}

/**
 * The endpoint's own SYN is acknowledged (SND.UNA > ISS): it is synchronized,
 * and any SYN it sends now is an error, never a retransmission (spec v1.2 §5).
 */
export function ownSynAcknowledged(t: Tcb): boolean {
  if (isSynchronized(t.state)) return true;
  return t.iss !== undefined && t.sndUna !== undefined && (diff(t.sndUna, t.iss) ?? 0) > 0;
}

/** SYN_RCVD entered in the file by receiving a SYN, before sending its own: it has no ISN yet. */
export function awaitsOwnSyn(t: Tcb): boolean {
  return t.state === State.SYN_RCVD && t.iss === undefined && t.stateStmt !== undefined;
}

export function newTcb(state: State): Tcb {
  // Every field from the start, in one order: one object shape for every TCB keeps the checker's reads fast.
  return {
    state, passive: state === State.LISTEN, iss: undefined, sndUna: undefined, sndNxt: undefined, irs: undefined, rcvNxt: undefined,
    fin: undefined, peerFin: undefined, lastSyn: undefined, lastFin: undefined, synStmt: undefined, finStmt: undefined,
    ooo: SegmentQueue.EMPTY, lost: [], answering: undefined, synAckSent: undefined, fastOpen: undefined, stateStmt: undefined,
  };
}

/** Starts `t` afresh in `state` (the TCB object stays, so holders keep seeing it). */
export function resetTcb(t: Tcb, state: State): void {
  Object.assign(t, newTcb(state));
}

/** What the timeline keeps of a TCB after each statement. */
export interface TcbSnapshot {
  readonly state: State;
  readonly iss?: Num;
  readonly sndUna?: Num;
  readonly sndNxt?: Num;
  readonly irs?: Num;
  readonly rcvNxt?: Num;
  /** The out-of-order queue (shared with the TCB: it never changes once made). */
  readonly ooo?: SegmentQueue;
}
