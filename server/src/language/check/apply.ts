// Moves an endpoint through the transition table; entering CLOSED or LISTEN
// starts a fresh TCB (RFC 9293: the TCB is deleted, or returns to LISTEN).
import type { SegmentStmt } from '../syntax/ast';
import { State } from '../tcp/states';
import { resetTcb } from '../tcp/tcb';
import { transition, type TcpEvent } from '../tcp/transitions';
import type { Side } from './context';

/** Applies `event`; returns false (and changes nothing) when the table has no row for it. */
export function enter(side: Side, event: TcpEvent, stmt?: SegmentStmt): boolean {
  const t = side.tcb;
  const row = transition(t.state, event, t.passive);
  if (!row) return false;
  if ((row.to === State.CLOSED || row.to === State.LISTEN) && row.to !== t.state) {
    resetTcb(t, row.to);
  }
  if (row.to !== t.state) t.stateStmt = stmt;
  t.state = row.to;
  return true;
}
