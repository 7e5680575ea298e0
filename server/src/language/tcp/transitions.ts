// The RFC 9293 state machine as data: one row per transition, each with the
// section that defines it, so the table can be read against the RFC line by line.
import { ALL_STATES, State } from './states';

export type TcpEvent =
  // user calls (§3.10.1–3.10.6) and timers (§3.10.8)
  | 'listen'
  | 'close'
  | 'timeout'
  | 'wait 2MSL'
  // what the endpoint sends
  | 'send SYN'
  | 'send FIN'
  | 'send RST'
  // what the endpoint receives and accepts (§3.10.7)
  | 'recv SYN'
  | 'recv SYN+ACK'
  | 'recv ACK of SYN'
  | 'recv ACK of FIN'
  | 'recv FIN'
  | 'recv RST';

export interface Transition {
  readonly from: State;
  readonly event: TcpEvent;
  readonly to: State;
  /** Only when SYN_RCVD was (true) or was not (false) reached from LISTEN. */
  readonly passive?: boolean;
  readonly rfc: string;
}

const row = (from: State, event: TcpEvent, to: State, rfc: string, passive?: boolean): Transition => ({ from, event, to, rfc, passive });
const fromEvery = (event: TcpEvent, to: State, rfc: string, except: readonly State[] = []): Transition[] =>
  ALL_STATES.filter((s) => !except.includes(s)).map((s) => row(s, event, to, rfc));

export const TRANSITIONS: readonly Transition[] = [
  // Opening
  row(State.CLOSED, 'listen', State.LISTEN, '3.10.1 OPEN, passive'),
  row(State.CLOSED, 'send SYN', State.SYN_SENT, '3.10.1 OPEN, active'),
  row(State.LISTEN, 'send SYN', State.SYN_SENT, '3.10.1 OPEN / 3.10.2 SEND in LISTEN'),
  row(State.LISTEN, 'recv SYN', State.SYN_RCVD, '3.10.7.2 LISTEN, third: SYN bit'),
  row(State.SYN_SENT, 'recv SYN+ACK', State.ESTABLISHED, '3.10.7.3 SYN-SENT, fourth: SND.UNA > ISS'),
  row(State.SYN_SENT, 'recv SYN', State.SYN_RCVD, '3.10.7.3 SYN-SENT, fourth: otherwise (simultaneous open)'),
  row(State.SYN_RCVD, 'recv ACK of SYN', State.ESTABLISHED, '3.10.7.4 fifth: SYN-RECEIVED, SND.UNA < SEG.ACK =< SND.NXT'),
  // Closing
  row(State.LISTEN, 'close', State.CLOSED, '3.10.4 CLOSE in LISTEN'),
  row(State.SYN_SENT, 'close', State.CLOSED, '3.10.4 CLOSE in SYN-SENT'),
  row(State.SYN_RCVD, 'send FIN', State.FIN_WAIT_1, '3.10.4 CLOSE in SYN-RECEIVED'),
  row(State.ESTABLISHED, 'send FIN', State.FIN_WAIT_1, '3.10.4 CLOSE in ESTABLISHED'),
  row(State.CLOSE_WAIT, 'send FIN', State.LAST_ACK, '3.10.4 CLOSE in CLOSE-WAIT'),
  row(State.SYN_RCVD, 'recv FIN', State.CLOSE_WAIT, '3.10.7.4 eighth: FIN bit'),
  row(State.ESTABLISHED, 'recv FIN', State.CLOSE_WAIT, '3.10.7.4 eighth: FIN bit'),
  row(State.FIN_WAIT_1, 'recv ACK of FIN', State.FIN_WAIT_2, '3.10.7.4 fifth: FIN-WAIT-1'),
  row(State.FIN_WAIT_1, 'recv FIN', State.CLOSING, '3.10.7.4 eighth: FIN-WAIT-1 (FIN not acknowledged)'),
  row(State.FIN_WAIT_2, 'recv FIN', State.TIME_WAIT, '3.10.7.4 eighth: FIN-WAIT-2'),
  row(State.CLOSING, 'recv ACK of FIN', State.TIME_WAIT, '3.10.7.4 fifth: CLOSING'),
  row(State.LAST_ACK, 'recv ACK of FIN', State.CLOSED, '3.10.7.4 fifth: LAST-ACK'),
  row(State.TIME_WAIT, 'recv FIN', State.TIME_WAIT, '3.10.7.4 eighth: TIME-WAIT, restart the 2 MSL timeout'),
  row(State.TIME_WAIT, 'wait 2MSL', State.CLOSED, '3.10.8 time-wait timeout'),
  // Resets and timeouts
  row(State.SYN_SENT, 'recv RST', State.CLOSED, '3.10.7.3 SYN-SENT, second: RST with acceptable ACK'),
  row(State.SYN_RCVD, 'recv RST', State.LISTEN, '3.10.7.4 second: SYN-RECEIVED from a passive OPEN', true),
  row(State.SYN_RCVD, 'recv RST', State.CLOSED, '3.10.7.4 second: SYN-RECEIVED from an active OPEN', false),
  row(State.SYN_RCVD, 'recv SYN', State.LISTEN, '3.10.7.4 fourth: SYN-RECEIVED from a passive OPEN returns to LISTEN', true),
  ...fromEvery('recv RST', State.CLOSED, '3.10.7.4 second: synchronized states; RFC 5961 §3.2', [State.CLOSED, State.LISTEN, State.SYN_SENT, State.SYN_RCVD]),
  row(State.LISTEN, 'send RST', State.LISTEN, '3.10.7.2 LISTEN answers with RST and stays'),
  row(State.SYN_RCVD, 'send RST', State.LISTEN, '3.10.5 ABORT in SYN-RECEIVED from a passive OPEN', true),
  row(State.SYN_RCVD, 'send RST', State.CLOSED, '3.10.5 ABORT in SYN-RECEIVED from an active OPEN', false),
  ...fromEvery('send RST', State.CLOSED, '3.10.5 ABORT', [State.LISTEN, State.SYN_RCVD]),
  ...fromEvery('timeout', State.CLOSED, '3.10.8 user timeout'),
];

const INDEX = new Map<string, Transition[]>();
for (const t of TRANSITIONS) {
  const key = `${t.from}|${t.event}`;
  INDEX.set(key, [...(INDEX.get(key) ?? []), t]);
}

/** The transition for an event in a state, if the RFC defines one. */
export function transition(from: State, event: TcpEvent, passive: boolean): Transition | undefined {
  return INDEX.get(`${from}|${event}`)?.find((t) => t.passive === undefined || t.passive === passive);
}

/** What a state may send as new (not retransmitted) segments, after RFC 9293 §3.10.2 SEND and §3.10.4 CLOSE. */
export type SendKind = 'SYN' | 'SYN+ACK' | 'ACK' | 'data' | 'FIN';

export const MAY_SEND: Record<State, readonly SendKind[]> = {
  [State.CLOSED]: ['SYN'],
  [State.LISTEN]: ['SYN'],
  [State.SYN_SENT]: [],
  [State.SYN_RCVD]: ['SYN+ACK', 'ACK', 'FIN'],
  [State.ESTABLISHED]: ['ACK', 'data', 'FIN'],
  [State.FIN_WAIT_1]: ['ACK'],
  [State.FIN_WAIT_2]: ['ACK'],
  [State.CLOSE_WAIT]: ['ACK', 'data', 'FIN'],
  [State.CLOSING]: ['ACK'],
  [State.LAST_ACK]: ['ACK'],
  [State.TIME_WAIT]: ['ACK'],
};
