import type { Connection, ConnectionSummary } from './connections';
import { findLost } from './lost';
import { endpointLabel, sameEndpoint, type TcpPacket } from './packet';
import { schedule, type Line, type Side } from './schedule';
import { seqAdd } from './serial';
import { ACK, CWR, ECE, FIN, PSH, RST, SYN, URG } from './tcp';
import { formatSeconds } from './time';
import { findUncaptured, type Uncaptured } from './uncaptured';

// One captured connection as a `.tcpflow` file in the explicit style.
export interface ConvertOptions {
  /** The capture's name, for the header comment. */
  readonly source: string;
  /** seq and ack relative to each side's initial sequence number. */
  readonly relative?: boolean;
}

const NAMES = ['Client', 'Server'] as const;

const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [SYN, 'SYN'],
  [FIN, 'FIN'],
  [RST, 'RST'],
  [PSH, 'PSH'],
  [ACK, 'ACK'],
  [URG, 'URG'],
  [ECE, 'ECE'],
  [CWR, 'CWR'],
];

export function convertConnection(conn: Connection, options: ConvertOptions): string {
  const { summary, packets } = conn;
  const from = packets.map((p): Side => (sameEndpoint(p.src, summary.client) ? 0 : 1));
  const items = schedule(capturedLines(conn, from));
  const states = initialStates(packets, from);
  const base = options.relative ? relativeBases(packets, from) : [0, 0];
  const clock = relativeClock(packets);
  const seq = (l: Line) => seqAdd(l.packet.seq, -base[l.from]);
  const render = (l: Line): string => {
    const head = `${NAMES[l.from]} ${l.lost ? '-x' : '->'} ${NAMES[1 - l.from]} :`;
    // Its ack and window were never seen: the checker infers the ack.
    if (l.uncaptured) return `${head} ACK seq=${seq(l)} len=${l.packet.payloadLength}   # not captured`;
    const time = clock(l.packet);
    return `${time === undefined ? '' : `${time} `}${head} ${segmentSpec(l.packet, base[l.from], base[1 - l.from])}`;
  };
  // Notes stand outside blocks: a block's notes come before it.
  const notes = (lines: readonly Line[]) =>
    lines.flatMap((l) =>
      l.uncaptured ? [`note ${NAMES[l.from]} "${l.packet.payloadLength} bytes from seq ${seq(l)} were not captured${l.lost ? '' : ' (the peer acknowledged them)'}"`] : [],
    );
  const out = [
    `# imported from ${options.source}, stream ${summary.index}${options.relative ? ', relative sequence numbers' : ''}`,
    endpointLine(0, endpointLabel(summary.client), states[0]),
    endpointLine(1, endpointLabel(summary.server), states[1]),
  ];
  for (const item of items) {
    if ('line' in item) out.push(...notes([item.line]), render(item.line));
    else out.push(...notes(item.block), 'simultaneous {', ...item.block.map((l) => `  ${render(l)}`), '}');
  }
  return `${out.join('\n')}\n`;
}

/** The captured segments, lost or not, with the segments the capture missed where the sender's numbers show them. */
function capturedLines({ summary, packets }: Connection, from: readonly Side[]): Line[] {
  const lost = findLost(packets, from);
  const holes = findUncaptured(packets, from);
  const lines: Line[] = [];
  let h = 0;
  packets.forEach((packet, i) => {
    for (; h < holes.length && holes[h].before === i; h++) lines.push(missedLine(holes[h], summary));
    lines.push({ packet, from: from[i], lost: lost[i] });
  });
  return lines;
}

function missedLine(hole: Uncaptured, summary: ConnectionSummary): Line {
  const ends = [summary.client, summary.server];
  const packet: TcpPacket = {
    frame: 0,
    timeNs: undefined,
    src: ends[hole.from],
    dst: ends[1 - hole.from],
    seq: hole.seq,
    ack: 0,
    flags: ACK,
    window: 0,
    payloadLength: hole.length,
    options: { sackPermitted: false, sack: [] },
  };
  return { packet, from: hole.from, lost: !hole.delivered, uncaptured: true };
}

function endpointLine(side: Side, label: string, state: string | undefined): string {
  return `endpoint ${NAMES[side]} "${label}"${state ? ` ${state}` : ''}`;
}

/**
 * Declared initial states. From a bare SYN the checker infers the client's
 * CLOSED; the server is LISTEN unless its first segment shows a closed port
 * (a RST) or a simultaneous open (its own bare SYN). A capture starting at the
 * SYN+ACK is mid-handshake; any other start is mid-connection.
 */
function initialStates(packets: readonly TcpPacket[], from: readonly Side[]): readonly [string | undefined, string | undefined] {
  const first = packets[0].flags & (SYN | ACK);
  if (first === (SYN | ACK)) return ['SYN_SENT', 'SYN_RCVD'];
  if (first !== SYN) return ['ESTABLISHED', 'ESTABLISHED'];
  const reply = packets.find((_, i) => from[i] === 1);
  const closed = reply !== undefined && ((reply.flags & RST) !== 0 || (reply.flags & (SYN | ACK)) === SYN);
  return [undefined, closed ? 'CLOSED' : 'LISTEN'];
}

/**
 * Each side's initial sequence number as Wireshark's relative numbers take
 * it: its SYN's seq, else one before the first seq or ack that shows its
 * numbers. A RST from a side not yet seen keeps its raw seq (0 when it
 * answers a SYN), which the checker reads as such.
 */
function relativeBases(packets: readonly TcpPacket[], from: readonly Side[]): readonly [number, number] {
  const base: (number | undefined)[] = [undefined, undefined];
  packets.forEach((p, i) => {
    const side = from[i];
    if (p.flags & RST) return;
    base[side] ??= p.flags & SYN ? p.seq : seqAdd(p.seq, -1);
    if (p.flags & ACK) base[1 - side] ??= seqAdd(p.ack, -1);
  });
  return [base[0] ?? 0, base[1] ?? 0];
}

/** Seconds since the first timestamped packet, 6 decimals, never decreasing (the language requires it). */
function relativeClock(packets: readonly TcpPacket[]): (p: TcpPacket) => string | undefined {
  const start = packets.find((p) => p.timeNs !== undefined)?.timeNs;
  let last = 0n;
  return (p) => {
    if (p.timeNs === undefined || start === undefined) return undefined;
    if (p.timeNs - start > last) last = p.timeNs - start;
    return formatSeconds(last);
  };
}

function segmentSpec(p: TcpPacket, ownBase: number, peerBase: number): string {
  const parts = [FLAG_NAMES.filter(([bit]) => p.flags & bit).map(([, name]) => name).join('+')];
  parts.push(`seq=${seqAdd(p.seq, -ownBase)}`);
  if (p.flags & ACK) parts.push(`ack=${seqAdd(p.ack, -peerBase)}`);
  if (p.payloadLength > 0) parts.push(`len=${p.payloadLength}`);
  parts.push(`win=${p.window}`);
  if (p.flags & SYN) {
    if (p.options.mss !== undefined) parts.push(`mss=${p.options.mss}`);
    if (p.options.wscale !== undefined) parts.push(`wscale=${p.options.wscale}`);
  }
  return parts.filter((s) => s !== '').join(' ');
}
