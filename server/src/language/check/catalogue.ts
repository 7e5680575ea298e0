// The diagnostic catalogue: every code tcpflow reports, with its default and
// strict severities. Codes are stable: they are documented in docs/diagnostics.md
// and users configure severities by them.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';

export interface CodeInfo {
  readonly title: string;
  readonly severity: SeverityOrOff;
  /** The severity under `--strict`, when it differs. */
  readonly strict?: SeverityOrOff;
  /** Where RFC 9293 (or RFC 5961) defines the behaviour. */
  readonly rfc?: string;
}

export const CATALOGUE = {
  // TF1xx — syntax
  TF101: { title: 'unexpected token', severity: 'error' },
  TF102: { title: 'unknown flag', severity: 'error' },
  TF103: { title: 'number out of range', severity: 'error' },
  TF104: { title: 'unterminated string', severity: 'error' },
  TF105: { title: 'unknown field', severity: 'warning', strict: 'error' },
  TF106: { title: 'duplicate item', severity: 'warning', strict: 'error' },
  TF107: { title: 'unbalanced block', severity: 'error' },
  TF108: { title: 'decreasing timestamp', severity: 'warning', strict: 'error' },
  TF109: { title: 'bidirectional control character', severity: 'warning', strict: 'error' },
  // TF2xx — names
  TF201: { title: 'duplicate endpoint', severity: 'error' },
  TF202: { title: 'third endpoint', severity: 'error' },
  TF203: { title: 'segment to itself', severity: 'error' },
  TF204: { title: 'undeclared endpoint', severity: 'error' },
  TF205: { title: 'unknown state name', severity: 'error' },
  // TF3xx — state machine
  TF301: { title: 'cannot be sent in this state', severity: 'error', rfc: '3.10.4, 3.10.7' },
  TF302: { title: 'data or FIN after own FIN', severity: 'error', rfc: '3.10.4' },
  TF303: { title: 'data beyond the peer\'s FIN', severity: 'error', rfc: '3.10.7.4' },
  TF304: { title: 'SYN in a synchronized state (challenge ACK)', severity: 'info', strict: 'warning', rfc: 'RFC 5961 §4' },
  TF305: { title: 'RST not acceptable (challenge ACK or ignored)', severity: 'info', strict: 'warning', rfc: 'RFC 5961 §3' },
  TF306: { title: 'state assertion failed', severity: 'error' },
  TF307: { title: 'event not allowed in this state', severity: 'error', rfc: '3.10.1–3.10.6' },
  TF308: { title: 'implied ACK flag', severity: 'off', strict: 'warning', rfc: '3.10.7.4' },
  TF309: { title: 'answered with RST', severity: 'info', rfc: '3.10.7.1–3.10.7.3' },
  TF310: { title: 'dropped by the receiver\'s state', severity: 'info', rfc: '3.10.7' },
  TF311: { title: 'queued out of order', severity: 'info', rfc: '3.10.7.4' },
  TF312: { title: 'duplicate re-acknowledged', severity: 'info', rfc: '3.10.7.4' },
  TF313: { title: 'SYN in a synchronized state', severity: 'error', rfc: '3.5, RFC 5961 §4' },
  TF314: { title: 'RST numbers do not match the segment it answers', severity: 'error', rfc: '3.10.7.1–3.10.7.4' },
  // TF4xx — sequence and acknowledgment numbers
  TF401: { title: 'acknowledges unsent data', severity: 'error', rfc: '3.10.7.4' },
  TF402: { title: 'sequence gap', severity: 'error', rfc: '3.4' },
  TF403: { title: 'does not acknowledge the SYN', severity: 'error', rfc: '3.5, 3.10.7.4' },
  TF404: { title: 'retransmitted SYN with another ISN', severity: 'error', rfc: '3.4.1' },
  TF405: { title: 'retransmission', severity: 'info', rfc: '3.8.1' },
  TF406: { title: 'acknowledges data never received', severity: 'error', rfc: '3.4' },
  TF407: { title: 'ACK of SYN/FIN without + 1', severity: 'warning', strict: 'error', rfc: '3.4' },
  TF408: { title: 'keep-alive', severity: 'info', rfc: '3.8.4' },
  TF409: { title: 'SYN/FIN word before such a segment arrived', severity: 'error' },
  TF410: { title: 'stale acknowledgment', severity: 'hint', strict: 'warning', rfc: '3.4' },
  TF411: { title: 'unrelated symbols', severity: 'error' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CATALOGUE;

/** Syntax errors after which a line is left as it is, by the formatter and by the fixes of other findings. */
export const BREAKING: ReadonlySet<Code> = new Set<Code>(['TF101', 'TF102', 'TF103', 'TF104', 'TF107']);

export const ALL_CODES = Object.keys(CATALOGUE) as Code[];

/** The anchor of a code's entry in docs/diagnostics.md (hosts add the document's URI). */
export function docsAnchor(code: Code): string {
  return code.toLowerCase();
}

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, s);
}
