// The receiver's rules (RFC 9293 §3.10.7, RFC 5961 for RST and SYN in
// synchronized states): what an endpoint does with a segment that arrives, and
// how its TCB changes. Returns the outcome in words for the timeline.
import { Flag } from '../syntax/ast';
import { add, diff, isWritable, unify, type Num } from '../tcp/seqnum';
import { State } from '../tcp/states';
import { awaitsOwnSyn, type ResolvedSegment, type Tcb } from '../tcp/tcb';
import { SegmentQueue } from '../tcp/segmentQueue';
import { enter } from './apply';
import type { Code } from './catalogue';
import { deliverySpan, fmt, isn, replaceValueFix, rstSection, who, type CheckContext, type Side } from './context';

interface Delivery {
  readonly ctx: CheckContext;
  readonly me: Side;
  readonly peer: Side;
  readonly seg: ResolvedSegment;
  /** What the sender's rules already reported for this segment: one mistake, one report. */
  readonly senderCodes: Reported;
}

/** The codes the sender's rules reported for the segment. */
export interface Reported {
  has(code: Code): boolean;
}

export function receive(ctx: CheckContext, me: Side, peer: Side, seg: ResolvedSegment, senderCodes: Reported): string {
  me.tcb.answering = undefined;
  const d: Delivery = { ctx, me, peer, seg, senderCodes };
  switch (me.tcb.state) {
    case State.CLOSED: return inClosed(d);
    case State.LISTEN: return inListen(d);
    case State.SYN_SENT: return inSynSent(d);
    default: return inConnection(d);
  }
}

const has = (seg: ResolvedSegment, f: Flag) => (seg.flags & f) !== 0;

function answerWithRst(d: Delivery, why: string): string {
  const { ctx, me, seg } = d;
  ctx.report('TF309', deliverySpan(seg.stmt), `${who(me)} ${why}: it answers with RST (RFC 9293 ${rstSection(me.tcb.state)})`);
  me.tcb.answering = seg;
  return 'answered with RST';
}

function dropped(d: Delivery, why: string): string {
  d.ctx.report('TF310', deliverySpan(d.seg.stmt), `${who(d.me)} drops this segment: ${why}`);
  return 'dropped';
}

function inClosed(d: Delivery): string {
  if (has(d.seg, Flag.RST)) return dropped(d, 'a RST to a closed port is discarded');
  // A SYN to a closed port is a refused connection; anything else shows the peer still believes in a connection this side lost (RFC 9293 §3.5.2, Figure 10).
  const refused = has(d.seg, Flag.SYN) && !has(d.seg, Flag.ACK);
  return answerWithRst(d, refused ? 'has no connection (connection refused)' : 'has no connection for this segment (a half-open connection: the peer still has one)');
}

function inListen(d: Delivery): string {
  const { me, seg } = d;
  const t = me.tcb;
  if (has(seg, Flag.RST)) return dropped(d, 'LISTEN ignores a RST');
  if (has(seg, Flag.ACK)) return answerWithRst(d, 'receives an ACK with no connection to acknowledge');
  if (!has(seg, Flag.SYN)) return dropped(d, 'LISTEN accepts only a SYN');
  acceptSyn(t, seg);
  enter(me, 'recv SYN', seg.stmt);
  t.passive = true;
  return 'SYN accepted';
}

function acceptSyn(t: Tcb, seg: ResolvedSegment): void {
  t.irs = seg.seq;
  // A SYN's payload (TCP Fast Open) is accepted with it.
  t.rcvNxt = add(seg.seq, 1 + seg.len);
  t.lastSyn = { seq: seg.seq, stmt: seg.stmt };
}

function inSynSent(d: Delivery): string {
  const { me, seg } = d;
  const t = me.tcb;
  const ack = has(seg, Flag.ACK) ? seg.ack : undefined;
  const bad = ack === undefined ? undefined : unacceptableSynAck(t, ack);
  if (ack !== undefined && bad) {
    if (has(seg, Flag.RST)) return dropped(d, `the RST's ack ${fmt(ack)} does not acknowledge its SYN (expected ${fmt(bad.sndNxt)})`);
    return answerWithRst(d, `receives ack ${fmt(ack)}, which does not acknowledge its SYN (${isn(bad.iss)}): a half-open connection or an old duplicate`);
  }
  if (has(seg, Flag.RST)) {
    if (ack === undefined) return dropped(d, 'a RST without an acceptable ACK is ignored in SYN_SENT');
    enter(me, 'recv RST', seg.stmt);
    return 'connection refused';
  }
  if (!has(seg, Flag.SYN)) return dropped(d, 'SYN_SENT waits for a SYN');
  acceptSyn(t, seg);
  if (ack !== undefined) {
    t.sndUna = ack;
    enter(me, 'recv SYN+ACK', seg.stmt);
    return 'handshake: SYN+ACK accepted';
  }
  enter(me, 'recv SYN', seg.stmt);
  t.passive = false;
  return 'simultaneous open: SYN accepted';
}

/**
 * SND.UNA < ack ≤ SND.NXT, learning the ISS when the flow started without it.
 * Returns undefined when the ack is acceptable, else the ISS and SND.NXT it is judged by.
 */
function unacceptableSynAck(t: Tcb, ack: Num): { iss: Num; sndNxt: Num } | undefined {
  if (t.iss === undefined || t.sndNxt === undefined) t.sndUna = t.iss ??= add(ack, -1);
  const iss = t.iss;
  const sndNxt = (t.sndNxt ??= ack);
  unify(ack, add(iss, 1));
  const lo = diff(ack, t.sndUna ?? iss);
  const hi = diff(ack, sndNxt);
  return lo !== undefined && hi !== undefined && lo > 0 && hi <= 0 ? undefined : { iss, sndNxt };
}

/** SYN_RCVD and the synchronized states. */
function inConnection(d: Delivery): string {
  const { ctx, me, seg } = d;
  const t = me.tcb;
  if (has(seg, Flag.RST)) return rstInConnection(d);
  if (has(seg, Flag.SYN)) {
    const retransmittedPeerSyn = t.irs !== undefined && diff(seg.seq, t.irs) === 0;
    if (!retransmittedPeerSyn) {
      if (t.state === State.SYN_RCVD && t.passive) {
        // RFC 9293 §3.10.7.4 fourth: a passive SYN_RCVD gives the half-open connection up and listens again.
        dropped(d, `a SYN that does not repeat ${d.peer.name}'s SYN${t.irs === undefined ? '' : ` (IRS ${fmt(t.irs)})`} returns SYN_RCVD reached from LISTEN to LISTEN (RFC 9293 §3.10.7.4, fourth)`);
        enter(me, 'recv SYN', seg.stmt);
        return 'dropped: back to LISTEN';
      }
      // The sender's own rule already reported a SYN from a synchronized endpoint (TF313): one mistake, one report.
      if (d.senderCodes.has('TF313')) return 'challenge ACK';
      const peerSyn = t.irs === undefined ? '' : ` that does not repeat the peer's SYN (IRS ${fmt(t.irs)})`;
      ctx.report('TF304', deliverySpan(seg.stmt), `${who(me)} receives a SYN (seq ${fmt(seg.seq)})${peerSyn}: once a connection exists, it answers a new SYN with a challenge ACK (RFC 5961 §4)`);
      return 'challenge ACK';
    }
    // A SYN+ACK in SYN_RCVD that repeats the peer's SYN and acknowledges ours completes a simultaneous open.
    if (!(t.state === State.SYN_RCVD && seg.ack !== undefined && t.iss !== undefined && (diff(seg.ack, t.iss) ?? 0) > 0)) {
      return duplicate(d, 'a retransmission of the SYN it already has');
    }
  }
  const dataLen = seg.len + (has(seg, Flag.FIN) ? 1 : 0);
  // Sequence acceptability (§3.10.7.4 first). A SYN repeated above is judged by its ACK only.
  let offset = 0;
  if (!has(seg, Flag.SYN)) {
    const rcvNxt = (t.rcvNxt ??= seg.seq); // mid-connection: learn where the peer is
    unify(seg.seq, rcvNxt);
    offset = diff(seg.seq, rcvNxt) ?? 0;
    if (dataLen === 0 ? offset < 0 : offset + dataLen <= 0) {
      if (t.state === State.TIME_WAIT && has(seg, Flag.FIN)) enter(me, 'recv FIN', seg.stmt);
      return duplicate(d, dataLen === 0 ? `its seq ${fmt(seg.seq)} is below RCV.NXT ${fmt(t.rcvNxt)}` : `it has received everything up to ${fmt(t.rcvNxt)} already`);
    }
  }
  if (seg.ack === undefined) return dropped(d, 'once the handshake is under way, a segment without ACK is dropped (RFC 9293 §3.10.7.4 fifth)');
  const ackOutcome = processAck(d, seg.ack);
  if (ackOutcome) return ackOutcome;
  if (dataLen === 0 || has(seg, Flag.SYN)) return me.tcb.state === State.CLOSED ? 'connection closed' : 'accepted';
  if (dataBeyondPeerFin(d)) return 'rejected: data after FIN';
  if (offset > 0) {
    t.ooo = t.ooo.push(seg);
    if (has(seg, Flag.FIN)) t.peerFin ??= add(seg.seq, seg.len);
    ctx.report('TF311', deliverySpan(seg.stmt), `${who(me)} expects seq ${fmt(add(seg.seq, -offset))} (RCV.NXT) and receives ${fmt(seg.seq)}: ${offset === 1 ? '1 byte is' : `${offset} bytes are`} missing, so it queues this segment and sends a duplicate ACK`);
    return 'queued out of order';
  }
  acceptInOrder(me, seg);
  drainQueue(me);
  return 'accepted';
}

function duplicate(d: Delivery, why: string): string {
  d.ctx.report('TF312', deliverySpan(d.seg.stmt), `${who(d.me)} receives a duplicate (${why}) and acknowledges again what it has`);
  return 'duplicate: re-acknowledged';
}

/** RFC 5961 §3.2: only a RST at exactly RCV.NXT resets; another in the window gets a challenge ACK. */
function rstInConnection(d: Delivery): string {
  const { ctx, me, seg } = d;
  const t = me.tcb;
  const rcvNxt = t.rcvNxt;
  const off = rcvNxt === undefined ? 0 : unify(seg.seq, rcvNxt) ? 0 : diff(seg.seq, rcvNxt);
  if (off === 0 || rcvNxt === undefined) {
    const wasPassive = t.state === State.SYN_RCVD && t.passive;
    enter(me, 'recv RST', seg.stmt);
    return wasPassive ? 'reset: back to LISTEN' : 'connection reset';
  }
  const challenge = off !== undefined && off > 0;
  if (d.senderCodes.has('TF314')) return challenge ? 'challenge ACK' : 'ignored';
  ctx.report('TF305', deliverySpan(seg.stmt), `${who(me)} receives a RST with seq ${fmt(seg.seq)}, but RCV.NXT is ${fmt(rcvNxt)}: ${challenge ? 'it answers with a challenge ACK and stays (RFC 5961 §3.2)' : 'it is outside the window and ignored'}`, {
    fixes: seg.stmt.spec.seq ? [replaceValueFix(`Reset at RCV.NXT (${fmt(rcvNxt)})`, seg.stmt.spec.seq, rcvNxt, (seg.stmt.spec.calls & Flag.RST) !== 0)] : [],
  });
  return challenge ? 'challenge ACK' : 'ignored';
}

/** The sender's rules already reported this acknowledgment number as wrong. */
const ackReported = (d: Delivery) => d.senderCodes.has('TF406') || d.senderCodes.has('TF403');

/** The ACK field (§3.10.7.4 fifth). Returns an outcome when it ends processing. */
function processAck(d: Delivery, ack: Num): string | undefined {
  const { ctx, me, seg } = d;
  const t = me.tcb;
  if (awaitsOwnSyn(t)) {
    const what = isWritable(ack) ? `ack ${fmt(ack)}` : 'an ACK';
    return answerWithRst(d, `receives ${what}, but it has not sent its SYN yet, so it has no ISN and nothing to acknowledge`);
  }
  if (t.sndNxt === undefined) {
    if (t.state !== State.SYN_RCVD || t.stateStmt) {
      t.sndUna = ack; // mid-connection: this endpoint has sent at least this much
      return undefined;
    }
    // A flow that starts in SYN_RCVD (its SYN+ACK went before the file): this ACK shows the ISN.
    t.iss = add(ack, -1);
    t.sndUna = t.iss;
    t.sndNxt = ack;
  }
  unify(ack, t.sndNxt);
  const beyond = diff(ack, t.sndNxt);
  if (t.state === State.SYN_RCVD) {
    const lo = t.sndUna === undefined ? 1 : diff(ack, t.sndUna);
    if (lo === undefined || lo <= 0 || beyond === undefined || beyond > 0) {
      if (seg.stmt.old) return answerWithRst(d, `receives an old duplicate whose ack ${fmt(ack)} does not acknowledge its SYN`);
      const expr = seg.stmt.spec.ack;
      // Without its SYN sent (no ISN), no ack is acceptable: there is no number to suggest.
      const synSent = t.iss !== undefined;
      const why = synSent ? `${who(me)} expects ack ${fmt(t.sndNxt)}` : `${who(me)} has not sent its SYN yet, so it has no ISN to acknowledge,`;
      if (!ackReported(d)) ctx.report('TF403', expr ?? deliverySpan(seg.stmt), `ack ${fmt(ack)} does not acknowledge ${me.name}'s SYN${t.iss === undefined ? '' : ` (${isn(t.iss)})`}: ${why} and answers this segment with RST`, {
        related: ctx.related(t.synStmt, `${me.name}'s SYN+ACK`),
        fixes: expr && synSent ? [replaceValueFix(`Acknowledge the SYN (${fmt(t.sndNxt)})`, expr, t.sndNxt, !!seg.stmt.spec.ackIsCall)] : [],
      });
      t.answering = seg;
      return 'answered with RST';
    }
    enter(me, 'recv ACK of SYN', seg.stmt);
  }
  if (beyond !== undefined && beyond > 0) {
    const expr = seg.stmt.spec.ack;
    if (!ackReported(d)) ctx.report('TF401', expr ?? deliverySpan(seg.stmt), `ack ${fmt(ack)} acknowledges data ${me.name} never sent: ${who(me)} has sent up to ${fmt(t.sndNxt)} (SND.NXT); it drops the segment and answers with an ACK`, {
      fixes: expr ? [replaceValueFix(`Acknowledge SND.NXT (${fmt(t.sndNxt)})`, expr, t.sndNxt, !!seg.stmt.spec.ackIsCall)] : [],
    });
    return 'dropped: acknowledges unsent data';
  }
  if (t.sndUna === undefined || (diff(ack, t.sndUna) ?? 0) > 0) {
    t.sndUna = ack;
    if (t.lost.length) t.lost = t.lost.filter((l) => (diff(add(l.seq, l.segLen), ack) ?? 0) > 0);
  }
  if (t.fin !== undefined && (diff(ack, t.fin) ?? 0) > 0) {
    // Our FIN is acknowledged.
    if (t.state === State.LAST_ACK) {
      enter(me, 'recv ACK of FIN', seg.stmt);
      return 'connection closed';
    }
    if (t.state === State.FIN_WAIT_1 || t.state === State.CLOSING) enter(me, 'recv ACK of FIN', seg.stmt);
  }
  return undefined;
}

/** Data at or beyond the peer's FIN (§3.10.7.4 seventh: the peer has closed). */
function dataBeyondPeerFin(d: Delivery): boolean {
  const { ctx, me, seg } = d;
  const finAt = me.tcb.peerFin;
  if (finAt === undefined || seg.len === 0) return false;
  if ((diff(add(seg.seq, seg.len), finAt) ?? 0) <= 0) return false; // sent before the FIN, arriving late
  if (!d.senderCodes.has('TF302')) {
    ctx.report('TF303', d.seg.stmt.spec.payload ?? deliverySpan(seg.stmt), `${who(me)} already received ${d.peer.name}'s FIN at seq ${fmt(finAt)}: data at or beyond it cannot exist, the peer has closed its sending side`, {
      related: ctx.related(me.tcb.lastFin?.stmt, `${d.peer.name}'s FIN`),
    });
  }
  return true;
}

function acceptInOrder(me: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const end = add(seg.seq, seg.len);
  if ((diff(end, t.rcvNxt!) ?? 0) > 0) t.rcvNxt = end;
  if (has(seg, Flag.FIN) && diff(end, t.rcvNxt!) === 0) {
    t.rcvNxt = add(end, 1);
    t.peerFin = end;
    t.lastFin = { seq: end, stmt: seg.stmt };
    enter(me, 'recv FIN', seg.stmt);
  }
}

/** Segments queued after a gap are taken once the gap fills. */
function drainQueue(me: Side): void {
  const t = me.tcb;
  if (!t.ooo.length) return;
  // In sequence order, each queued segment either fits at RCV.NXT now or waits:
  // one sort and one pass, however long the queue.
  const base = t.rcvNxt!;
  const order = (s: ResolvedSegment) => diff(s.seq, base) ?? Number.MAX_SAFE_INTEGER;
  const arrived = t.ooo.toArray();
  const queued = [...arrived].sort((x, y) => order(x) - order(y));
  let taken = 0;
  while (taken < queued.length && (diff(queued[taken].seq, t.rcvNxt!) ?? 1) <= 0) acceptInOrder(me, queued[taken++]);
  // The queue is kept in sequence order; unchanged, it stays the same object (snapshots keep sharing it).
  if (taken || queued.some((s, i) => s !== arrived[i])) t.ooo = SegmentQueue.of(queued.slice(taken));
}

