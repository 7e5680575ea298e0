// The eleven connection states of RFC 9293 §3.3.2, their spellings and meanings.

export enum State {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RCVD,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT,
}

export const ALL_STATES: readonly State[] = [
  State.CLOSED, State.LISTEN, State.SYN_SENT, State.SYN_RCVD, State.ESTABLISHED, State.FIN_WAIT_1,
  State.FIN_WAIT_2, State.CLOSE_WAIT, State.CLOSING, State.LAST_ACK, State.TIME_WAIT,
];

/** The spelling tcpflow prints (the article's and Linux's, with RFC 9293 word breaks). */
export const STATE_NAMES: Record<State, string> = {
  [State.CLOSED]: 'CLOSED',
  [State.LISTEN]: 'LISTEN',
  [State.SYN_SENT]: 'SYN_SENT',
  [State.SYN_RCVD]: 'SYN_RCVD',
  [State.ESTABLISHED]: 'ESTABLISHED',
  [State.FIN_WAIT_1]: 'FIN_WAIT_1',
  [State.FIN_WAIT_2]: 'FIN_WAIT_2',
  [State.CLOSE_WAIT]: 'CLOSE_WAIT',
  [State.CLOSING]: 'CLOSING',
  [State.LAST_ACK]: 'LAST_ACK',
  [State.TIME_WAIT]: 'TIME_WAIT',
};

/** What each state means, after RFC 9293 §3.3.2. */
export const STATE_MEANINGS: Record<State, string> = {
  [State.CLOSED]: 'no connection state at all.',
  [State.LISTEN]: 'waiting for a connection request from any remote TCP peer and port.',
  [State.SYN_SENT]: 'waiting for a matching connection request after having sent a connection request.',
  [State.SYN_RCVD]: 'waiting for a confirming connection request acknowledgment after having both received and sent a connection request.',
  [State.ESTABLISHED]: 'an open connection: data received can be delivered to the user; the normal state for the data transfer phase.',
  [State.FIN_WAIT_1]: 'waiting for a connection termination request from the remote TCP peer, or an acknowledgment of the connection termination request previously sent.',
  [State.FIN_WAIT_2]: 'waiting for a connection termination request from the remote TCP peer.',
  [State.CLOSE_WAIT]: 'waiting for a connection termination request from the local user.',
  [State.CLOSING]: 'waiting for a connection termination request acknowledgment from the remote TCP peer.',
  [State.LAST_ACK]: 'waiting for an acknowledgment of the connection termination request previously sent to the remote TCP peer (which includes an acknowledgment of its connection termination request).',
  [State.TIME_WAIT]: 'waiting for enough time to pass to be sure the remote TCP peer received the acknowledgment of its connection termination request, and to avoid new connections being impacted by delayed segments from previous connections.',
};

/** Synchronized states (RFC 9293 §3.5.2): a connection exists and both ISNs are known. */
export function isSynchronized(s: State): boolean {
  return s >= State.ESTABLISHED;
}

// Every spelling reduces to a key: upper case, no separators, a few RFC/Linux synonyms.
const KEYS = new Map<string, State>();
for (const s of ALL_STATES) KEYS.set(stateKey(STATE_NAMES[s]), s);
KEYS.set('SYNRECEIVED', State.SYN_RCVD);
KEYS.set('SYNRECV', State.SYN_RCVD);
KEYS.set('ESTAB', State.ESTABLISHED); // ss(8)

function stateKey(spelling: string): string {
  return spelling.toUpperCase().replace(/[-_\s]/g, '');
}

/** The state a spelling names (`FIN_WAIT1`, `FIN-WAIT-1`, `syn_recv` ...), if any. */
export function parseState(spelling: string): State | undefined {
  return KEYS.get(stateKey(spelling));
}
