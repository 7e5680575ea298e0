// Initial states when no `endpoint` line gives them (spec §4 Inference):
// the sender of the first bare SYN starts CLOSED and its peer LISTEN (both CLOSED
// when both open with a bare SYN, the two SYNs crossing in one `simultaneous`
// block: a SYN written after the first one arrived answers it, from SYN_RCVD);
// a first SYN+ACK starts its sender SYN_RCVD and the peer SYN_SENT; any other
// first segment starts both ESTABLISHED.
import { Flag, type SegmentStmt, type Statement } from '../syntax/ast';
import { State } from '../tcp/states';
import type { Names } from './names';
import { dstText, srcText } from '../syntax/segmentNode';

export function initialStates(statements: Iterable<Statement>, names: Names): State[] {
  const inferred = inferFrom(replayedSegments(statements, names), names);
  return names.endpoints.map((e, i) => e.decl?.state ?? inferred[i]);
}

/** The segments the checker replays, in order (a generator: inference reads only the first few). */
function* replayedSegments(statements: Iterable<Statement>, names: Names): Generator<SegmentStmt> {
  for (const stmt of statements) {
    for (const s of stmt.kind === 'segment' ? [stmt] : stmt.kind === 'simultaneous' ? stmt.segments : []) {
      if (!s.old && !s.invalid && names.indexOf(srcText(s)) >= 0 && names.indexOf(dstText(s)) >= 0 && srcText(s) !== dstText(s)) yield s;
    }
  }
}

const isBareSyn = (s: SegmentStmt) => (s.spec.flags & (Flag.SYN | Flag.ACK | Flag.RST)) === Flag.SYN;

function inferFrom(segments: Iterator<SegmentStmt>, names: Names): State[] {
  const first = segments.next().value as SegmentStmt | undefined;
  if (!first) return [State.CLOSED, State.CLOSED];
  const sender = names.indexOf(first.src.text);
  const at = (senderState: State, peerState: State) => (sender === 0 ? [senderState, peerState] : [peerState, senderState]);
  const f = first.spec.flags;
  if (isBareSyn(first)) {
    let peerFirst: SegmentStmt | undefined;
    for (let r = segments.next(); !r.done && !peerFirst; r = segments.next()) if (r.value.src.text !== first.src.text) peerFirst = r.value;
    const crossing = peerFirst && isBareSyn(peerFirst) && peerFirst.block !== undefined && peerFirst.block === first.block;
    return at(State.CLOSED, crossing ? State.CLOSED : State.LISTEN);
  }
  if ((f & (Flag.SYN | Flag.ACK | Flag.RST)) === (Flag.SYN | Flag.ACK)) return at(State.SYN_RCVD, State.SYN_SENT);
  return [State.ESTABLISHED, State.ESTABLISHED];
}
