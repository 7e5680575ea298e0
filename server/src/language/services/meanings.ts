// What the words of the language mean, for hovers and completion details.
import type { EventName, FlagName } from '../syntax/ast';

export const FLAG_MEANINGS: Record<FlagName, string> = {
  SYN: 'synchronize sequence numbers: opens a connection; the SYN occupies one sequence number (its seq is the ISN)',
  ACK: 'the acknowledgment field is significant: ack is the next sequence number the sender expects to receive',
  FIN: 'no more data from the sender: closes its sending side; the FIN occupies one sequence number',
  RST: 'reset the connection',
  PSH: 'push: the receiver delivers the data to the application without waiting for more',
  URG: 'the urgent pointer field is significant',
  ECE: 'ECN-Echo: congestion experienced (RFC 3168)',
  CWR: 'congestion window reduced (RFC 3168)',
};

export const FIELD_MEANINGS: Record<string, string> = {
  seq: 'sequence number: the number of the first byte of the segment (of the SYN or FIN when it carries no data)',
  ack: 'acknowledgment number: the next sequence number the sender expects from its peer (RCV.NXT)',
  len: 'payload length in bytes (defaults to the byte length of the payload string)',
  win: 'receive window: how many bytes the sender can accept beyond ack',
  mss: 'maximum segment size option (on a SYN): the largest payload the sender accepts',
  wscale: 'window scale option (on a SYN): the window field is shifted left by this many bits (RFC 7323)',
};

export const EVENT_MEANINGS: Record<EventName, string> = {
  listen: 'passive OPEN (RFC 9293 §3.10.1): a CLOSED endpoint starts to LISTEN for a SYN',
  close: 'CLOSE (RFC 9293 §3.10.4): deletes a LISTEN or SYN_SENT endpoint (→ CLOSED); an open connection closes by sending FIN instead',
  timeout: 'user timeout (RFC 9293 §3.10.8): the connection is given up, from any state (→ CLOSED)',
  wait2msl: 'the time-wait timeout (RFC 9293 §3.10.8): after 2 MSL, TIME_WAIT ends (→ CLOSED)',
};
