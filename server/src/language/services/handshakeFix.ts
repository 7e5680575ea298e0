// The quick fix for data sent before the handshake completes (TF301): insert
// the steps that are missing before the line, so the sender is ESTABLISHED
// when its data goes out.
import type { Analysis } from '../analysis';
import type { Finding, Fix } from '../check/diagnostic';
import { Flag, type SegmentStmt } from '../syntax/ast';
import { State } from '../tcp/states';
import type { TcbSnapshot } from '../tcp/tcb';
import { eolOf, lineStartAt } from '../text';
import { statementOnLine, stepOf } from './locate';
import { notationOf, renderSegment, type Notation } from './notation';

type Line = { readonly from: 'me' | 'peer'; readonly flags: number } | { readonly listen: 'peer' };

/** What is missing for the sender to be ESTABLISHED, given both states before the line. */
function missingSteps(me: TcbSnapshot, peer: TcbSnapshot): Line[] | undefined {
  const synAck = Flag.SYN | Flag.ACK;
  switch (me.state) {
    case State.SYN_RCVD:
      // Its SYN never went out (no ISN): no ACK the peer could send would complete the handshake.
      if (me.iss === undefined) return undefined;
      if (peer.state === State.ESTABLISHED) return [{ from: 'peer', flags: Flag.ACK }];
      if (peer.state === State.SYN_SENT) return [{ from: 'me', flags: synAck }, { from: 'peer', flags: Flag.ACK }];
      return undefined;
    case State.SYN_SENT:
      return peer.state === State.SYN_RCVD ? [{ from: 'peer', flags: synAck }, { from: 'me', flags: Flag.ACK }] : undefined;
    case State.CLOSED:
    case State.LISTEN: {
      const open: Line[] = [{ from: 'me', flags: Flag.SYN }, { from: 'peer', flags: synAck }, { from: 'me', flags: Flag.ACK }];
      if (peer.state === State.LISTEN) return open;
      return peer.state === State.CLOSED ? [{ listen: 'peer' }, ...open] : undefined;
    }
    default:
      return undefined;
  }
}

function render(n: Notation, stmt: SegmentStmt, line: Line): string {
  const me = stmt.src.text;
  const peer = stmt.dst.text;
  if ('listen' in line) return `${peer}: listen`;
  const [src, dst] = line.from === 'me' ? [me, peer] : [peer, me];
  return renderSegment(n, { src, dst, flags: line.flags }).text;
}

/** For a TF301 on data sent in SYN_RCVD, SYN_SENT, CLOSED or LISTEN (outside a block): insert the missing steps. */
export function handshakeFix(a: Analysis, f: Finding): Fix | undefined {
  // The code first: finding the statement scans its line, and a long line may hold thousands of findings.
  if (f.code !== 'TF301') return undefined;
  const { stmt, block } = statementOnLine(a, f.start);
  if (block || stmt?.kind !== 'segment') return undefined;
  const step = stepOf(a, stmt);
  if (!step?.segment?.len) return undefined;
  const me = step.before[step.endpoint];
  const peer = step.before[1 - step.endpoint];
  const lines = me && peer ? missingSteps(me, peer) : undefined;
  if (!lines) return undefined;
  const n = notationOf(a);
  const at = lineStartAt(a.text, stmt.start);
  const indent = a.text.slice(at, stmt.start).match(/^[ \t]*/)![0];
  const texts = lines.map((l) => render(n, stmt, l));
  return {
    title: `Complete the handshake first: insert ${texts.map((t) => `'${t}'`).join(', ')}`,
    edits: [{ start: at, end: at, newText: texts.map((t) => `${indent}${t}${eolOf(a.text)}`).join('') }],
    preferred: true,
  };
}
