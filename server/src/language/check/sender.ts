// The sender's rules (RFC 9293 §3.10.1–3.10.5 and the sequence-number rules of
// §3.4): what an endpoint may send in its state, with which numbers, and how
// sending changes its TCB. Omitted values are inferred here.
import { Flag, flagSpan, singleTerm, type SegmentStmt, type SpecItem } from '../syntax/ast';
import { plainValue, SegmentNode } from '../syntax/segmentNode';
import { add, diff, formatNum, isWritable, same, unify, unknownNumber, type Num } from '../tcp/seqnum';
import { State, STATE_NAMES } from '../tcp/states';
import { awaitsOwnSyn, ownSynAcknowledged, seqSpace, type ResolvedSegment, type Tcb } from '../tcp/tcb';
import { MAY_SEND } from '../tcp/transitions';
import { enter } from './apply';
import { fmt, replaceValueFix, rstSection, specSpan, type CheckContext, type Side } from './context';
import { evaluateField } from './expr';
import type { Fix } from './diagnostic';
import { flagInsertion, impliedAckFix } from './fixes';
import { explainCannotSend } from './messages';

const utf8 = new TextEncoder();

export function payloadLength(stmt: SegmentStmt): number {
  const spec = stmt.spec;
  const len = plainValue(spec, 'len');
  if (len !== undefined) return len;
  if (spec instanceof SegmentNode && spec.payloadBytes >= 0) return spec.payloadBytes;
  const payload = spec.payload;
  if (!payload) return 0;
  const v = payload.value;
  // ASCII is the common case: its length is its byte count.
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0x7f) return utf8.encode(v).length;
  return v.length;
}

/** An inferred seq/ack as a hint, and as text to write when it is a writable number. */
function inferredField(key: 'seq' | 'ack', value: Num): { label: string; insert?: string } {
  const label = `${key}=${formatNum(value)}`;
  return isWritable(value) ? { label, insert: ` ${label}` } : { label };
}

/** Runs the sender's rules for one segment; returns the segment as resolved. */
export function send(ctx: CheckContext, me: Side, peer: Side, stmt: SegmentStmt): ResolvedSegment {
  const t = me.tcb;
  const spec = stmt.spec;
  const len = payloadLength(stmt);
  const answering = spec.flags & Flag.RST ? t.answering : undefined;
  t.answering = undefined;

  const flags = resolveFlags(ctx, t, stmt, answering);
  const syn = (flags & Flag.SYN) !== 0;

  // Sequence number: written, or inferred (RFC 9293 §3.4 and the spec's inference rules).
  const inferredSeq = inferSeq(t, flags, len, stmt, answering);
  let seq: Num | undefined = evaluateField(ctx, spec, 'seq', t, inferredSeq);
  if (seq === undefined) {
    seq = inferredSeq ?? unknownNumber(me.name, syn && !(flags & Flag.ACK) ? 'ISN' : 'SND.NXT');
    if (!spec.seq) {
      const value = seq;
      ctx.infer('seq', stmt.specEnd, () => inferredField('seq', value));
    }
  }

  let ack: Num | undefined;
  if (flags & Flag.ACK) {
    const expectedAck = answering && !(answering.flags & Flag.ACK) ? add(answering.seq, answering.segLen) : t.rcvNxt;
    ack = evaluateField(ctx, spec, 'ack', t, expectedAck);
    if (ack === undefined) {
      ack = expectedAck ?? unknownNumber(me.name, 'RCV.NXT');
      if (!spec.ack) {
        const value = ack;
        ctx.infer('ack', stmt.specEnd, () => inferredField('ack', value));
      }
    }
  }

  const seg: ResolvedSegment = { flags, seq, ack, len, segLen: seqSpace(flags, len), stmt };
  if (flags & Flag.RST) sendRst(ctx, me, seg, answering);
  else if (syn) sendSyn(ctx, me, seg);
  else sendOther(ctx, me, peer, seg);
  if (seg.ack !== undefined && !answering && (plainValue(spec, 'ack') !== undefined || spec.ack)) checkAck(ctx, me, peer, seg);
  if (stmt.lost) t.lost.push(seg);
  return seg;
}

/** Adds the implied ACK (every segment but a SYN from CLOSED/LISTEN/SYN_SENT and a RST). */
function resolveFlags(ctx: CheckContext, t: Tcb, stmt: SegmentStmt, answering: ResolvedSegment | undefined): number {
  const written = stmt.spec.flags;
  if (written & Flag.ACK) return written;
  if (written & Flag.RST) {
    // A RST answering an ACK-less segment is <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1).
    return answering && !(answering.flags & Flag.ACK) ? written | Flag.ACK : written;
  }
  const opening = t.state === State.CLOSED || t.state === State.LISTEN || t.state === State.SYN_SENT;
  if (written & Flag.SYN && opening) return written;
  const items = ctx.items(stmt);
  const at = flagInsertion(stmt, items);
  ctx.infer('flag', at.offset, () => ({ label: at.text.trim(), insert: at.text }));
  ctx.report('TF308', specSpan(ctx, stmt), `ACK is implied: every segment after the SYN carries ACK (RFC 9293 §3.10.7.4); write it to be explicit`, {
    fixes: [impliedAckFix(stmt, items)],
  });
  return written | Flag.ACK;
}

function inferSeq(t: Tcb, flags: number, len: number, stmt: SegmentStmt, answering: ResolvedSegment | undefined): Num | undefined {
  const st = t.state;
  if (flags & Flag.RST) {
    if (answering) return answering.flags & Flag.ACK ? answering.ack : 0;
    return t.sndNxt;
  }
  if (flags & Flag.SYN) {
    if (ownSynAcknowledged(t)) return t.sndNxt; // an error (TF313), never a retransmission of the ISS
    if (!(flags & Flag.ACK) && (st === State.CLOSED || st === State.LISTEN)) return undefined; // a new ISS
    return t.iss; // a retransmitted SYN, or the SYN+ACK of a simultaneous open
  }
  if (flags & Flag.FIN && len === 0 && t.fin !== undefined) return t.fin;
  const payload = stmt.spec.payload?.value;
  const original = t.lost.find((l) => l.flags === flags && l.len === len && l.stmt.spec.payload?.value === payload);
  return original ? original.seq : t.sndNxt;
}

function sendRst(ctx: CheckContext, me: Side, seg: ResolvedSegment, answering: ResolvedSegment | undefined): void {
  const t = me.tcb;
  if (answering) return checkRstAnswer(ctx, me, seg, answering); // an answer: the state stays
  if (t.state === State.CLOSED) {
    ctx.report('TF301', specSpan(ctx, seg.stmt), `${me.name} is CLOSED and has nothing to reset: a RST from CLOSED only answers a segment it just received (RFC 9293 §3.10.7.1)`);
    return;
  }
  checkSeqOrder(ctx, me, seg);
  enter(me, 'send RST', seg.stmt);
}

/**
 * The numbers of a RST that answers a segment (RFC 9293 §3.10.7.1–4):
 * <SEQ=SEG.ACK><CTL=RST> when the segment had ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
function checkRstAnswer(ctx: CheckContext, me: Side, seg: ResolvedSegment, answered: ResolvedSegment): void {
  const { stmt } = seg;
  const section = `RFC 9293 ${rstSection(me.tcb.state)}`;
  const line = ctx.lineOf(answered.stmt);
  const related = ctx.related(answered.stmt, 'the segment this RST answers');
  const hadAck = (answered.flags & Flag.ACK) !== 0;
  const seqExpr = stmt.spec.seq;
  const expectedSeq: Num = hadAck && answered.ack !== undefined ? answered.ack : 0;
  if (seqExpr && !unify(seg.seq, expectedSeq)) {
    const why = hadAck
      ? `the segment it answers (line ${line}) carries ack ${fmt(expectedSeq)}, and a RST answering a segment with ACK takes its seq from that ack: <SEQ=SEG.ACK><CTL=RST>`
      : `the segment it answers (line ${line}) has no ACK, so the RST has seq 0 and acknowledges it instead: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>`;
    ctx.report('TF314', seqExpr, `${me.name}'s RST has seq ${fmt(seg.seq)}, not ${fmt(expectedSeq)}: ${why} (${section})`, {
      related, fixes: [replaceValueFix(`Use seq ${fmt(expectedSeq)}`, seqExpr, expectedSeq, isCallSeq(stmt))],
    });
  }
  const ackExpr = stmt.spec.ack;
  if (hadAck || !ackExpr || seg.ack === undefined) return;
  const expectedAck = add(answered.seq, answered.segLen);
  if (unify(seg.ack, expectedAck)) return;
  ctx.report('TF314', ackExpr, `${me.name}'s RST acknowledges ${fmt(seg.ack)}, not ${fmt(expectedAck)}: the segment it answers (line ${line}) has no ACK, so the RST acknowledges all of it, SEG.SEQ + SEG.LEN (a SYN and a FIN count one): <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (${section})`, {
    related, fixes: [replaceValueFix(`Acknowledge ${fmt(expectedAck)}`, ackExpr, expectedAck, !!stmt.spec.ackIsCall)],
  });
}

function sendSyn(ctx: CheckContext, me: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const st = t.state;
  const { stmt, seq } = seg;
  const synAck = (seg.flags & Flag.ACK) !== 0;
  const span = stmt.spec.seq ?? flagSpan(ctx.items(stmt), 'SYN') ?? specSpan(ctx, stmt);

  const open = () => {
    t.iss = seq;
    t.sndUna = seq;
    t.sndNxt = add(seq, seg.segLen);
    t.synStmt = stmt;
  };
  const sameIss = (what: string) => {
    if (t.iss === undefined) return open();
    if (unify(seq, t.iss)) return true;
    ctx.report('TF404', span, `${what} with seq ${fmt(seq)}, but ${me.name}'s ISN is ${fmt(t.iss)}: a retransmitted SYN keeps its sequence number (RFC 9293 §3.4.1)`, {
      related: ctx.related(t.synStmt, `${me.name}'s first SYN, with ISN ${fmt(t.iss)}`),
      fixes: stmt.spec.seq ? [replaceValueFix(`Use the ISN ${fmt(t.iss)}`, stmt.spec.seq, t.iss, isCallSeq(stmt))] : [],
    });
    return false;
  };

  if (ownSynAcknowledged(t)) return synInSynchronizedState(ctx, me, seg);
  if (!synAck) {
    if (st === State.CLOSED || st === State.LISTEN) {
      open();
      enter(me, 'send SYN', stmt);
      return;
    }
    // SYN_SENT: a retransmission of the SYN.
    if (sameIss(`${me.name} retransmits its SYN`)) retransmitted(ctx, me, seg, 'its SYN', t.synStmt);
    return;
  }
  if (st === State.SYN_RCVD) {
    if (t.iss === undefined) open();
    else if (sameIss(`${me.name} sends SYN+ACK`) && t.synAckSent) retransmitted(ctx, me, seg, 'its SYN+ACK', t.synStmt);
    t.synAckSent = true;
    checkSynAckAck(ctx, me, seg);
    return;
  }
  ctx.report('TF301', flagSpan(ctx.items(stmt), 'ACK') ?? span, explainCannotSend(me, 'SYN+ACK'), { related: stateRelated(ctx, me) });
}

/** Once its SYN is acknowledged, an endpoint never sends a SYN again (RFC 9293 §3.5; the peer answers with a challenge ACK, RFC 5961 §4). */
function synInSynchronizedState(ctx: CheckContext, me: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const { stmt } = seg;
  const written = stmt.spec.flags & Flag.ACK ? 'a SYN+ACK' : 'a SYN';
  ctx.report('TF313', flagSpan(ctx.items(stmt), 'SYN') ?? specSpan(ctx, stmt), `SYN in a synchronized state: ${me.name} is ${STATE_NAMES[t.state]} and its own SYN has been acknowledged, so ${written} from it now is neither a retransmission nor a new connection, whatever its seq (RFC 9293 §3.5); the peer answers it with a challenge ACK (RFC 5961 §4)`, {
    related: [...ctx.related(t.synStmt, `${me.name}'s SYN`), ...stateRelated(ctx, me)],
  });
}

function isCallSeq(stmt: SegmentStmt): boolean {
  return (stmt.spec.calls & ~Flag.ACK) !== 0;
}

/** SYN_RCVD's SYN+ACK must acknowledge exactly the SYN received (and its payload). */
function checkSynAckAck(ctx: CheckContext, me: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const ackExpr = seg.stmt.spec.ack;
  if (seg.ack === undefined || t.rcvNxt === undefined) return;
  // A SYN that carried data (TCP Fast Open) may be acknowledged with its data
  // (IRS+1+len: the data is accepted) or without it (IRS+1: the peer sends it again).
  const withoutData = t.irs !== undefined && diff(t.rcvNxt, t.irs) !== 1 ? add(t.irs, 1) : undefined;
  if (unify(seg.ack, t.rcvNxt)) {
    if (withoutData !== undefined) t.fastOpen = true;
    return;
  }
  if (withoutData !== undefined && same(seg.ack, withoutData)) {
    t.rcvNxt = withoutData;
    return;
  }
  if (!ackExpr) return;
  const expected = withoutData === undefined ? `ack ${fmt(t.rcvNxt)} (RCV.NXT = IRS + 1)` : `ack ${fmt(withoutData)} (IRS + 1), or ${fmt(t.rcvNxt)} to accept the SYN's data`;
  ctx.report('TF403', ackExpr, `the SYN+ACK must acknowledge the SYN ${me.name} received: ${expected}, not ${fmt(seg.ack)}`, {
    related: ctx.related(t.lastSyn?.stmt, 'the SYN being acknowledged'),
    fixes: [replaceValueFix(`Acknowledge ${fmt(t.rcvNxt)}`, ackExpr, t.rcvNxt, !!seg.stmt.spec.ackIsCall)],
  });
}

/** Data, FIN and pure ACK segments. */
function sendOther(ctx: CheckContext, me: Side, peer: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const { stmt, seq, len } = seg;
  const fin = (seg.flags & Flag.FIN) !== 0;
  if (awaitsOwnSyn(t)) return twoWayHandshake(ctx, me, peer, seg);
  const priorFin = t.fin;
  const may = MAY_SEND[t.state];
  const mayData = may.includes('data') || (t.state === State.SYN_RCVD && t.fastOpen === true);
  // After its own FIN, anything beyond SND.NXT is reported as TF302, not also as a gap.
  const d = checkSeqOrder(ctx, me, seg, priorFin === undefined);
  const end = add(seq, len);
  const newBytes = len > 0 && (t.sndNxt === undefined || (diff(end, t.sndNxt) ?? 1) > 0);
  const dataSpan = () => stmt.spec.payload ?? stmt.spec.len ?? specSpan(ctx, stmt);

  if (fin) {
    const finSpan = flagSpan(ctx.items(stmt), 'FIN') ?? specSpan(ctx, stmt);
    if (priorFin !== undefined) {
      if (diff(end, priorFin) === 0) return retransmitted(ctx, me, seg, 'its FIN', t.finStmt);
      ctx.report('TF302', finSpan, `${me.name} already sent its FIN (seq ${fmt(priorFin)}, line ${ctx.lineOf(t.finStmt!)}): after its own FIN an endpoint sends nothing new, only retransmissions and ACKs`, {
        related: ctx.related(t.finStmt, `${me.name}'s FIN`),
      });
    } else if (!may.includes('FIN')) {
      ctx.report('TF301', finSpan, explainCannotSend(me, 'FIN'), { related: stateRelated(ctx, me) });
    } else {
      t.fin = end;
      t.finStmt = stmt;
      enter(me, 'send FIN', stmt);
    }
  }
  if (newBytes) {
    if (priorFin !== undefined) {
      ctx.report('TF302', dataSpan(), `${me.name} already sent its FIN (line ${ctx.lineOf(t.finStmt!)}): no new data may follow it (RFC 9293 §3.10.2: SEND after CLOSE is an error)`, {
        related: ctx.related(t.finStmt, `${me.name}'s FIN`),
      });
    } else if (!mayData) {
      ctx.report('TF301', dataSpan(), explainCannotSend(me, 'data'), { related: stateRelated(ctx, me) });
    }
  } else if (!fin && len === 0 && !may.includes('ACK')) {
    ctx.report('TF301', flagSpan(ctx.items(stmt), 'ACK') ?? specSpan(ctx, stmt), explainCannotSend(me, 'ACK'), { related: stateRelated(ctx, me) });
  }
  // A keep-alive needs nothing outstanding; otherwise SND.NXT − 1 repeats the last byte (a retransmission or a zero-window probe).
  const idle = t.sndUna !== undefined && t.sndNxt !== undefined && diff(t.sndUna, t.sndNxt) === 0;
  if (d === -1 && len <= 1 && !fin && idle) {
    ctx.report('TF408', stmt.spec.seq ?? specSpan(ctx, stmt), `keep-alive: seq ${fmt(seq)} is SND.NXT − 1${len ? ' with one byte' : ''}, so ${me.name}'s peer answers with an ACK (RFC 9293 §3.8.4)`);
  } else if (d !== undefined && d < 0 && (len > 0 || fin)) {
    retransmitted(ctx, me, seg, 'data', originalOf(t, seg));
  }
  if (t.sndNxt !== undefined && (diff(add(seq, seg.segLen), t.sndNxt) ?? 0) > 0) t.sndNxt = add(seq, seg.segLen);
}

/**
 * SYN_RCVD answers the peer's SYN with its own SYN first. An ACK, data or a FIN
 * before it is the two-way-handshake mistake: the endpoint never sent its ISN,
 * so the peer has nothing to acknowledge, and the connection cannot open.
 */
function twoWayHandshake(ctx: CheckContext, me: Side, peer: Side, seg: ResolvedSegment): void {
  const { stmt } = seg;
  const what = seg.flags & Flag.FIN ? 'a FIN' : seg.len > 0 ? 'data' : 'an ACK';
  const span = (seg.flags & Flag.FIN ? flagSpan(ctx.items(stmt), 'FIN') : seg.len > 0 ? stmt.spec.payload ?? stmt.spec.len : flagSpan(ctx.items(stmt), 'ACK')) ?? specSpan(ctx, stmt);
  const pureAck = seg.len === 0 && !(seg.flags & Flag.FIN);
  ctx.report('TF301', span, `${me.name} is SYN_RCVD and cannot send ${what} yet: it answers ${peer.name}'s SYN with its own SYN (a SYN+ACK) first. ${me.name} has not sent its SYN yet, so it has no ISN and ${peer.name} cannot acknowledge it; the connection cannot open with two segments: this is why the handshake takes three (RFC 9293 §3.5)`, {
    related: ctx.related(me.tcb.stateStmt, `${peer.name}'s SYN, which ${me.name} has not answered with its own SYN`),
    fixes: pureAck ? [sendSynFix(me, stmt, ctx.items(stmt))] : [],
  });
}

/** Makes the line the SYN+ACK it should be, in the notation the line uses. */
function sendSynFix(me: Side, stmt: SegmentStmt, items: readonly SpecItem[]): Fix {
  const first = items[0];
  const edit = !first
    ? { start: stmt.specEnd, end: stmt.specEnd, newText: ' SYN+ACK' }
    // A call when the line uses calls and writes no seq of its own (SYN(x) sets the seq: with seq= too it would be a duplicate).
    : { start: first.start, end: first.start, newText: stmt.spec.calls && !stmt.spec.seq ? `SYN(ISN_${me.name}), ` : first.kind === 'flag' ? 'SYN+' : 'SYN ' };
  return { title: `Send ${me.name}'s SYN with the ACK (SYN+ACK)`, edits: [edit], preferred: true };
}

function originalOf(t: Tcb, seg: ResolvedSegment): SegmentStmt | undefined {
  return t.lost.find((l) => diff(l.seq, seg.seq) === 0)?.stmt;
}

/** Compares seq with SND.NXT: a gap is an error, less is a retransmission. Returns seq − SND.NXT. */
function checkSeqOrder(ctx: CheckContext, me: Side, seg: ResolvedSegment, reportGap = true): number | undefined {
  const t = me.tcb;
  const { stmt, seq } = seg;
  // Mid-connection: the first segment shows where the sender is, unless the peer
  // already acknowledged more (then this one is a retransmission).
  const sndNxt = t.sndNxt ?? (t.sndUna !== undefined && (diff(t.sndUna, seq) ?? 0) > 0 ? t.sndUna : seq);
  t.sndNxt = sndNxt;
  t.sndUna ??= seq;
  if (unify(seq, sndNxt)) return 0;
  const d = diff(seq, sndNxt);
  const span = () => stmt.spec.seq ?? specSpan(ctx, stmt);
  if (d === undefined) {
    ctx.report('TF411', span(), `seq ${fmt(seq)} cannot be compared with ${me.name}'s SND.NXT ${fmt(sndNxt)}: they are different unknown numbers; write one in terms of the other`);
  } else if (d > 0 && reportGap) {
    ctx.report('TF402', span(), `seq ${fmt(seq)} leaves a gap: ${me.name} (${STATE_NAMES[t.state]}) has sent up to ${fmt(sndNxt)} (SND.NXT), so ${d === 1 ? '1 byte' : `${d} bytes`} before this segment ${d === 1 ? 'was' : 'were'} never sent${seg.len > 0 || seg.flags & Flag.FIN ? '; the receiver queues it and waits for them' : ''}`, {
      fixes: stmt.spec.seq ? [replaceValueFix(`Use SND.NXT (${fmt(sndNxt)})`, stmt.spec.seq, sndNxt, isCallSeq(stmt))] : [],
    });
  }
  if (d !== undefined && d > 0) t.sndNxt = seq; // carry on from here: one gap, one report
  return d;
}

function retransmitted(ctx: CheckContext, me: Side, seg: ResolvedSegment, what: string, original: SegmentStmt | undefined): void {
  const sndNxt = me.tcb.sndNxt;
  ctx.report('TF405', seg.stmt.spec.seq ?? specSpan(ctx, seg.stmt), `${me.name} retransmits ${what} (seq ${fmt(seg.seq)}${sndNxt === undefined ? '' : ` is below SND.NXT ${fmt(sndNxt)}`})`, {
    related: ctx.related(original, 'the original transmission'),
  });
}

/** The acknowledgment a sender writes must not exceed what it received (RCV.NXT). */
function checkAck(ctx: CheckContext, me: Side, peer: Side, seg: ResolvedSegment): void {
  const t = me.tcb;
  const spec = seg.stmt.spec;
  const ack = seg.ack!;
  // The written expression is made only when it is more than a number, or for a report.
  const plain = plainValue(spec, 'ack') !== undefined;
  const only = plain ? undefined : singleTerm(spec.ack!);
  if (only?.kind === 'word' && !only.negative) {
    const w = only.word;
    ctx.report('TF407', only, `ACK(${w}) acknowledges the ${w}'s own sequence number, not the ${w}: a ${w} occupies one sequence number, so its acknowledgment is ${w} + 1`, {
      fixes: [{ title: `Change to ${w} + 1`, edits: [{ start: only.start, end: only.end, newText: spec.ackIsCall ? `${w} + 1` : `${w}+1` }], preferred: true }],
    });
  }
  if (t.rcvNxt === undefined) {
    t.rcvNxt = ack; // mid-connection: the first ACK shows what was received
    return;
  }
  if (seg.flags & Flag.SYN && t.state === State.SYN_RCVD) return; // checked as the SYN+ACK's own rule
  if (unify(ack, t.rcvNxt)) return;
  const d = diff(ack, t.rcvNxt);
  const expr = spec.ack!;
  const spaced = !!spec.ackIsCall;
  if (d === undefined) {
    ctx.report('TF411', expr, `ack ${fmt(ack)} cannot be compared with ${me.name}'s RCV.NXT ${fmt(t.rcvNxt)}: they are different unknown numbers; write one in terms of the other`);
  } else if (d > 0) {
    const lost = peer.tcb.lost.find((l) => (diff(add(l.seq, l.segLen), ack) ?? 1) <= 0 && (diff(add(l.seq, l.segLen), t.rcvNxt!) ?? 0) > 0);
    ctx.report('TF406', expr, `ack ${fmt(ack)} acknowledges data ${me.name} never received: ${me.name} (${STATE_NAMES[t.state]}) has received up to ${fmt(t.rcvNxt)} (RCV.NXT)${lost ? '; the segment that would fill the difference was lost' : ''}`, {
      related: ctx.related(lost?.stmt, 'this segment was lost'),
      fixes: [replaceValueFix(`Acknowledge RCV.NXT (${fmt(t.rcvNxt)})`, expr, t.rcvNxt, spaced)],
    });
  } else {
    ctx.report('TF410', expr, `stale acknowledgment: ${me.name} has received up to ${fmt(t.rcvNxt)} (RCV.NXT) but acknowledges only ${fmt(ack)}`, {
      fixes: [replaceValueFix(`Acknowledge RCV.NXT (${fmt(t.rcvNxt)})`, expr, t.rcvNxt, spaced)],
    });
  }
}

function stateRelated(ctx: CheckContext, me: Side) {
  return ctx.related(me.tcb.stateStmt, `${me.name} entered ${STATE_NAMES[me.tcb.state]} here`);
}
