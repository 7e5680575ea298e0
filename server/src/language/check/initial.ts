// Initial states when no `endpoint` line gives them (spec §4 Inference):
// the sender of the first bare SYN starts CLOSED and its peer LISTEN (both CLOSED
// when both open with a bare SYN); a first SYN+ACK starts its sender SYN_RCVD
// and the peer SYN_SENT; any other first segment starts both ESTABLISHED.
import { Flag, type FlowFile, type SegmentStmt } from '../syntax/ast';
import { State } from '../tcp/states';
import { forEachStatement, type Names } from './names';

export function initialStates(file: FlowFile, names: Names): State[] {
  const segments: SegmentStmt[] = [];
  forEachStatement(file, (s) => {
    if (s.kind === 'segment' && !s.old && !s.invalid && names.indexOf(s.src.text) >= 0 && names.indexOf(s.dst.text) >= 0 && s.src.text !== s.dst.text) segments.push(s);
  });
  const inferred = inferFrom(segments, names);
  return names.endpoints.map((e, i) => e.decl?.state ?? inferred[i]);
}

const isBareSyn = (s: SegmentStmt) => (s.spec.flags & (Flag.SYN | Flag.ACK | Flag.RST)) === Flag.SYN;

function inferFrom(segments: readonly SegmentStmt[], names: Names): State[] {
  const first = segments[0];
  if (!first) return [State.CLOSED, State.CLOSED];
  const sender = names.indexOf(first.src.text);
  const at = (senderState: State, peerState: State) => (sender === 0 ? [senderState, peerState] : [peerState, senderState]);
  const f = first.spec.flags;
  if (isBareSyn(first)) {
    const peerFirst = segments.find((s) => s.src.text !== first.src.text);
    return at(State.CLOSED, peerFirst && isBareSyn(peerFirst) ? State.CLOSED : State.LISTEN);
  }
  if ((f & (Flag.SYN | Flag.ACK | Flag.RST)) === (Flag.SYN | Flag.ACK)) return at(State.SYN_RCVD, State.SYN_SENT);
  return [State.ESTABLISHED, State.ESTABLISHED];
}
