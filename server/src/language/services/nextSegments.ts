// The segments that may come next at a point of the flow, most likely first,
// with the numbers the timeline's TCBs give: after a SYN the SYN+ACK with the
// right ack, after data the ACK, the FIN when a side may close.
import type { Analysis } from '../analysis';
import type { Step } from '../check/result';
import { Flag, type SimultaneousStmt } from '../syntax/ast';
import { add, diff } from '../tcp/seqnum';
import { State, STATE_NAMES } from '../tcp/states';
import type { ResolvedSegment, TcbSnapshot } from '../tcp/tcb';
import { statementOnLine, stepBefore, stepOf } from './locate';
import { notationOf, type SegmentDraft } from './notation';

export interface Proposal extends SegmentDraft {
  /** Why this segment fits here, in words. */
  readonly why: string;
  /** Lower is likelier. */
  readonly rank: number;
}

/** Where the flow stands before a line: both TCBs, and the last segment delivered. */
export interface FlowPoint {
  readonly names: readonly [string, string];
  readonly tcbs: readonly TcbSnapshot[];
  readonly last?: Step;
  /** Inside a `simultaneous` block: who already sends in it (above the line). */
  readonly sending: ReadonlySet<string>;
}

const DEFAULT_NAMES = ['Client', 'Server'];

function initialTcbs(a: Analysis): TcbSnapshot[] {
  const first = a.result.steps[0];
  if (first) return [...first.before];
  const states = a.result.endpoints.map((e) => e.initial);
  return [{ state: states[0] ?? State.CLOSED }, { state: states[1] ?? State.LISTEN }];
}

function endpointNames(a: Analysis): [string, string] {
  const names = a.result.endpoints.map((e) => e.name);
  for (const d of DEFAULT_NAMES) if (names.length < 2 && !names.includes(d)) names.push(d);
  return [names[0], names[1]];
}

function lastSegmentStep(a: Analysis, from: Step | undefined): Step | undefined {
  for (let i = from ? from.n - 1 : -1; i >= 0; i--) if (a.result.steps[i].segment) return a.result.steps[i];
  return undefined;
}

/** The `simultaneous` block whose body holds the line starting at `lineStart`. */
export function blockAround(a: Analysis, lineStart: number): SimultaneousStmt | undefined {
  const { block } = statementOnLine(a, lineStart);
  return block && lineStart > block.keyword.start && (!block.close || lineStart <= block.close.start) ? block : undefined;
}

export function flowPointAt(a: Analysis, lineStart: number): FlowPoint {
  const names = endpointNames(a);
  const block = blockAround(a, lineStart);
  if (block) {
    const above = block.segments.filter((s) => s.start < lineStart);
    const first = block.segments[0] && stepOf(a, block.segments[0]);
    const prev = stepBefore(a, block.start);
    return {
      names,
      tcbs: first?.before ?? prev?.after ?? initialTcbs(a),
      last: lastSegmentStep(a, prev),
      sending: new Set(above.map((s) => s.src.text)),
    };
  }
  const prev = stepBefore(a, lineStart);
  return { names, tcbs: prev?.after ?? initialTcbs(a), last: lastSegmentStep(a, prev), sending: new Set() };
}

/** Explicit style numbers the ISNs like the examples do; the article names them. */
function freshIsn(a: Analysis, name: string, index: number): string | number {
  if (!notationOf(a).article) return index === 0 ? 100 : 300;
  let symbol = `ISN_${name}`;
  for (let k = 2; a.result.symbols.has(symbol); k++) symbol = `ISN_${name}_${k}`;
  return symbol;
}

const has = (seg: ResolvedSegment | undefined, f: Flag) => seg !== undefined && (seg.flags & f) !== 0;

/** The RST that answers a segment (RFC 9293 §3.10.7.1): SEQ=SEG.ACK, or SEQ=0 ACK=SEG.SEQ+SEG.LEN. */
function rstAnswer(src: string, dst: string, seg: ResolvedSegment): Proposal {
  const why = 'answers the segment it just received with RST (RFC 9293 §3.10.7)';
  if (has(seg, Flag.ACK) && seg.ack !== undefined) return { src, dst, flags: Flag.RST, seq: seg.ack, why, rank: 0 };
  return { src, dst, flags: Flag.RST | Flag.ACK, seq: 0, ack: add(seg.seq, seg.segLen), why, rank: 0 };
}

function proposalsFrom(a: Analysis, p: FlowPoint, i: number): Proposal[] {
  const me = p.names[i];
  const peer = p.names[1 - i];
  const x = p.tcbs[i] ?? { state: State.CLOSED };
  const y = p.tcbs[1 - i] ?? { state: State.LISTEN };
  const last = p.last;
  const received = last?.stmt.kind === 'segment' && !last.stmt.lost && last.stmt.dst.text === me ? last.segment : undefined;
  const out: Proposal[] = [];
  const base = { src: me, dst: peer };
  if (received && last?.outcome === 'answered with RST') out.push(rstAnswer(me, peer, received));
  const seq = x.sndNxt;
  const ack = x.rcvNxt;
  const st = x.state;
  const abort = (): Proposal => ({ ...base, flags: Flag.RST, seq, why: `aborts the connection: ${me} → CLOSED`, rank: 9 });

  switch (st) {
    case State.CLOSED:
    case State.LISTEN:
      // An active open; from LISTEN it is rare outside a simultaneous open.
      if ((y.state === State.LISTEN || y.state === State.CLOSED || y.state === State.SYN_SENT) && !received) {
        out.push({ ...base, flags: Flag.SYN, freshIsn: freshIsn(a, me, i), why: `opens the connection: ${me} ${STATE_NAMES[st]} → SYN_SENT`, rank: st === State.LISTEN ? 6 : last ? 4 : 1 });
      }
      break;
    case State.SYN_SENT:
      out.push({ ...base, flags: Flag.SYN, seq: x.iss, why: `retransmits ${me}'s SYN (same ISN)`, rank: 8 });
      break;
    case State.SYN_RCVD: {
      const answersSyn = has(received, Flag.SYN);
      out.push({
        ...base, flags: Flag.SYN | Flag.ACK, ...(x.iss === undefined ? { freshIsn: freshIsn(a, me, i) } : { seq: x.iss }), ack,
        why: answersSyn ? `answers ${peer}'s SYN: ${me} sends its own SYN and acknowledges ${peer}'s` : `retransmits ${me}'s SYN+ACK`,
        rank: answersSyn ? 1 : 8,
      });
      out.push(abort());
      break;
    }
    case State.ESTABLISHED:
    case State.CLOSE_WAIT:
      out.push(ackOf(base, x, y, received));
      out.push({ ...base, flags: Flag.PSH | Flag.ACK, seq, ack, payload: true, why: `sends data to ${peer}`, rank: 2 });
      out.push({ ...base, flags: Flag.FIN | Flag.ACK, seq, ack, why: `closes ${me}'s sending side: ${me} → ${st === State.CLOSE_WAIT ? 'LAST_ACK' : 'FIN_WAIT_1'}`, rank: st === State.CLOSE_WAIT ? 1.5 : 3 });
      out.push(abort());
      break;
    case State.FIN_WAIT_1:
    case State.CLOSING:
    case State.LAST_ACK:
      out.push(ackOf(base, x, y, received));
      if (seq !== undefined) out.push({ ...base, flags: Flag.FIN | Flag.ACK, seq: add(seq, -1), ack, why: `retransmits ${me}'s FIN`, rank: 8 });
      break;
    case State.FIN_WAIT_2:
    case State.TIME_WAIT:
      out.push(ackOf(base, x, y, received));
      break;
  }
  return out;
}

/** The ACK of what the peer sent; likeliest right after the peer's SYN+ACK, data or FIN. */
function ackOf(base: { src: string; dst: string }, x: TcbSnapshot, y: TcbSnapshot, received: ResolvedSegment | undefined): Proposal {
  const outstanding = y.sndNxt !== undefined && y.sndUna !== undefined && (diff(y.sndNxt, y.sndUna) ?? 0) > 0;
  const fresh = received !== undefined && received.segLen > 0;
  const ofFin = has(received, Flag.FIN) && x.rcvNxt !== undefined && diff(x.rcvNxt, add(received!.seq, received!.len + 1)) === 0;
  const what = has(received, Flag.SYN) ? `completes the handshake: ${base.src} acknowledges ${base.dst}'s SYN`
    : ofFin ? `acknowledges ${base.dst}'s FIN`
    : received?.len ? `acknowledges ${base.dst}'s data`
    : `acknowledges what ${base.src} received`;
  return { ...base, flags: Flag.ACK, seq: x.sndNxt, ack: x.rcvNxt, ackOfFin: ofFin, why: what, rank: fresh || outstanding ? 1 : 7 };
}

/** Every proposal at a point of the flow (see flowPointAt), likeliest first. */
export function nextSegments(a: Analysis, p: FlowPoint): Proposal[] {
  // A file that declares its endpoints needs both declared before a segment can name them.
  if (a.result.endpoints.length < 2 && a.result.endpoints.some((e) => e.decl)) return [];
  const all = [0, 1].flatMap((i) => proposalsFrom(a, p, i).map((pr) => ({ pr, order: orderKey(p, pr) })));
  return all.sort((u, v) => u.order - v.order).map((x) => x.pr);
}

/** Rank first; in a block, endpoints that have not sent yet first; then the receiver of the last segment. */
function orderKey(p: FlowPoint, pr: Proposal): number {
  const blocked = p.sending.has(pr.src) ? 100 : 0;
  const responder = p.last?.stmt.kind === 'segment' && p.last.stmt.dst.text === pr.src ? 0 : 0.5;
  return blocked + pr.rank + responder;
}

/** `Client: SYN_SENT`, the states at a point, for completion details. */
export function statesText(p: FlowPoint): string {
  return p.names.map((n, i) => `${n}: ${STATE_NAMES[p.tcbs[i]?.state ?? State.CLOSED]}`).join(', ');
}

