// Why a state cannot send something: the sentences behind TF301.
import { State, STATE_NAMES } from '../tcp/states';
import type { SendKind } from '../tcp/transitions';
import type { Side } from './context';

const WHAT: Record<SendKind, string> = {
  SYN: 'a SYN',
  'SYN+ACK': 'a SYN+ACK',
  ACK: 'an ACK',
  data: 'data',
  FIN: 'a FIN',
};

const WHY: Partial<Record<State, string>> = {
  [State.CLOSED]: 'it has no connection; it opens one by sending a SYN, or waits for one after `listen`',
  [State.LISTEN]: 'it waits for a SYN and has no connection yet; only a SYN of its own (an active open) or a RST answer may leave it',
  [State.SYN_SENT]: 'it has sent its SYN and waits for the peer\'s SYN; until then it sends only its SYN again or a RST',
  [State.SYN_RCVD]: 'the handshake is not complete until the peer acknowledges its SYN (ESTABLISHED); data sent now is the two-way-handshake mistake',
  [State.FIN_WAIT_1]: 'it has closed its sending side',
  [State.FIN_WAIT_2]: 'it has closed its sending side',
  [State.CLOSING]: 'it has closed its sending side',
  [State.LAST_ACK]: 'it has closed its sending side',
  [State.TIME_WAIT]: 'it has closed its sending side and only acknowledges',
};

const HINT: Partial<Record<SendKind, Partial<Record<State, string>>>> = {
  FIN: {
    [State.SYN_SENT]: ' (to give up before the handshake completes, write `NAME: close`: RFC 9293 §3.10.4 deletes the TCB without sending anything)',
    [State.LISTEN]: ' (to stop listening, write `NAME: close`)',
    [State.CLOSED]: '',
  },
};

/** "Client is SYN_SENT and cannot send data: it has sent its SYN ...". */
export function explainCannotSend(me: Side, kind: SendKind): string {
  const st = me.tcb.state;
  const reason = WHY[st] ? `: ${WHY[st]}` : '';
  const hint = (HINT[kind]?.[st] ?? '').replace('NAME', me.name);
  const explanation = reason || hint ? reason + hint : ': RFC 9293 §3.10 allows no such segment in this state';
  return `${me.name} is ${STATE_NAMES[st]} and cannot send ${WHAT[kind]}${explanation}`;
}
