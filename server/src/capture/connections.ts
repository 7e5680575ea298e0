import { endpointLabel, sameEndpoint, type Endpoint, type TcpPacket } from './packet';
import { seqAdd } from './serial';
import { ACK, RST, SYN } from './tcp';
import { formatSeconds } from './time';

// Groups TCP segments into connections, both directions together, in order of
// first appearance; keeps statistics for all and the packets of the selected one.
export interface ConnectionSummary {
  /** Position among the capture's connections, from 0 (Wireshark's tcp.stream). */
  readonly index: number;
  /** The sender of the first bare SYN; without one, the first packet's source (its destination for a SYN+ACK). */
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly packets: number;
  /** TCP payload bytes, both directions. */
  readonly payloadBytes: number;
  /** The earliest and latest capture times, when the capture has times. */
  readonly firstTimeNs: bigint | undefined;
  readonly lastTimeNs: bigint | undefined;
  /** The SYN, the SYN+ACK answering it and the ACK of that were all captured. */
  readonly handshake: boolean;
}

/** How long the connection was seen, as `0.000451s`, or `-` without capture times. */
export function connectionDuration(c: ConnectionSummary): string {
  return c.firstTimeNs === undefined || c.lastTimeNs === undefined ? '-' : `${formatSeconds(c.lastTimeNs - c.firstTimeNs)}s`;
}

/** A connection as listings show it (`import --list`, the editor's choice of connection): plain JSON. */
export interface ConnectionListing {
  readonly index: number;
  readonly client: string;
  readonly server: string;
  readonly packets: number;
  readonly payloadBytes: number;
  /** As connectionDuration gives it. */
  readonly duration: string;
  readonly handshake: boolean;
}

export function connectionListing(c: ConnectionSummary): ConnectionListing {
  return {
    index: c.index,
    client: endpointLabel(c.client),
    server: endpointLabel(c.server),
    packets: c.packets,
    payloadBytes: c.payloadBytes,
    duration: connectionDuration(c),
    handshake: c.handshake,
  };
}

export interface Connection {
  readonly summary: ConnectionSummary;
  readonly packets: readonly TcpPacket[];
}

/** Decides, when a connection first appears, whether to keep its packets. */
export type ConnectionFilter = (index: number, ends: readonly [Endpoint, Endpoint]) => boolean;

type Side = 0 | 1;

class Tracked {
  packets = 0;
  payloadBytes = 0;
  firstTimeNs: bigint | undefined;
  lastTimeNs: bigint | undefined;
  /** Per side: the seq of its bare SYN, and whether it sent anything else. */
  readonly bareSyn: (number | undefined)[] = [undefined, undefined];
  readonly sentOther = [false, false];
  firstBareSyn: Side | undefined;
  startsWithSynAck = false;
  /** The client's SYN was answered by a SYN+ACK with this seq. */
  synAckSeq: number | undefined;
  handshake = false;

  constructor(
    readonly index: number,
    /** ends[0] is the first packet's source. */
    readonly ends: readonly [Endpoint, Endpoint],
    readonly kept: TcpPacket[] | undefined,
  ) {}

  side(p: TcpPacket): Side {
    return sameEndpoint(p.src, this.ends[0]) ? 0 : 1;
  }

  /** A bare SYN that is not this connection's own (re)transmitted SYN opens a new incarnation of the 4-tuple. */
  isNewIncarnation(p: TcpPacket): boolean {
    if ((p.flags & (SYN | ACK)) !== SYN) return false;
    const side = this.side(p);
    const syn = this.bareSyn[side];
    return this.sentOther[side] || (syn !== undefined && syn !== p.seq);
  }

  add(p: TcpPacket): void {
    const side = this.side(p);
    if (this.packets === 0) this.startsWithSynAck = (p.flags & (SYN | ACK)) === (SYN | ACK);
    this.packets++;
    this.payloadBytes += p.payloadLength;
    // Merged captures are not always in time order.
    if (p.timeNs !== undefined) {
      if (this.firstTimeNs === undefined || p.timeNs < this.firstTimeNs) this.firstTimeNs = p.timeNs;
      if (this.lastTimeNs === undefined || p.timeNs > this.lastTimeNs) this.lastTimeNs = p.timeNs;
    }
    if ((p.flags & (SYN | ACK)) === SYN) {
      this.bareSyn[side] ??= p.seq;
      this.firstBareSyn ??= side;
    } else {
      this.sentOther[side] = true;
    }
    this.followHandshake(p, side);
    this.kept?.push(p);
  }

  private followHandshake(p: TcpPacket, side: Side): void {
    const client = this.firstBareSyn;
    if (client === undefined || p.flags & RST) return;
    const clientSyn = this.bareSyn[client]!;
    if (side !== client && (p.flags & (SYN | ACK)) === (SYN | ACK) && p.ack === seqAdd(clientSyn, 1)) {
      this.synAckSeq = p.seq;
    } else if (side === client && this.synAckSeq !== undefined && (p.flags & (SYN | ACK)) === ACK) {
      this.handshake ||= p.ack === seqAdd(this.synAckSeq, 1);
    }
  }

  summary(): ConnectionSummary {
    const client: Side = this.firstBareSyn ?? (this.startsWithSynAck ? 1 : 0);
    return {
      index: this.index,
      client: this.ends[client],
      server: this.ends[1 - client],
      packets: this.packets,
      payloadBytes: this.payloadBytes,
      firstTimeNs: this.firstTimeNs,
      lastTimeNs: this.lastTimeNs,
      handshake: this.handshake,
    };
  }
}

export class ConnectionTracker {
  private readonly all: Tracked[] = [];
  private readonly current = new Map<string, Tracked>();
  private chosen?: Tracked;
  /** Indices of the connections the filter accepted, in order. */
  readonly matches: number[] = [];

  /** Keeps the packets of the first connection `keep` accepts. */
  constructor(private readonly keep: ConnectionFilter = () => false) {}

  add(p: TcpPacket): void {
    const key = tupleKey(p);
    let conn = this.current.get(key);
    if (!conn || conn.isNewIncarnation(p)) {
      const index = this.all.length;
      const ends = [p.src, p.dst] as const;
      const accepted = this.keep(index, ends);
      if (accepted) this.matches.push(index);
      conn = new Tracked(index, ends, accepted && !this.chosen ? [] : undefined);
      if (conn.kept) this.chosen = conn;
      this.all.push(conn);
      this.current.set(key, conn);
    }
    conn.add(p);
  }

  summaries(): ConnectionSummary[] {
    return this.all.map((c) => c.summary());
  }

  /** The first accepted connection, with its packets in capture order. */
  selected(): Connection | undefined {
    const conn = this.chosen;
    return conn && { summary: conn.summary(), packets: conn.kept! };
  }
}

function tupleKey(p: TcpPacket): string {
  const a = endpointLabel(p.src);
  const b = endpointLabel(p.dst);
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}
