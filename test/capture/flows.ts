// Hand-written TCP packets for converter and grouping tests: `seg('C', SYN, 100)`.
import { ConnectionTracker, type Connection } from '../../server/src/capture/connections';
import { convertConnection } from '../../server/src/capture/convert';
import type { Endpoint, TcpPacket } from '../../server/src/capture/packet';
import type { SackBlock } from '../../server/src/capture/tcp';

export const CLIENT: Endpoint = { address: '10.0.0.1', port: 40000 };
export const SERVER: Endpoint = { address: '10.0.0.2', port: 80 };

export interface SegOptions {
  readonly len?: number;
  readonly win?: number;
  /** Milliseconds; by default one per packet. */
  readonly ms?: number | null;
  readonly mss?: number;
  readonly wscale?: number;
  readonly sack?: readonly SackBlock[];
  readonly ends?: readonly [Endpoint, Endpoint];
}

let frame = 0;

export function seg(from: 'C' | 'S', flags: number, seq: number, ack = 0, o: SegOptions = {}): TcpPacket {
  frame++;
  const [client, server] = o.ends ?? [CLIENT, SERVER];
  return {
    frame,
    timeNs: o.ms === null ? undefined : BigInt(Math.round((o.ms ?? frame) * 1e6)),
    src: from === 'C' ? client : server,
    dst: from === 'C' ? server : client,
    seq: seq >>> 0,
    ack: ack >>> 0,
    flags,
    window: o.win ?? 100,
    payloadLength: o.len ?? 0,
    options: { mss: o.mss, wscale: o.wscale, sackPermitted: false, sack: o.sack ?? [] },
  };
}

/** Every connection of the packets, grouped as a capture scan groups them. */
export function connections(packets: readonly TcpPacket[]): Connection[] {
  const count = track(packets, () => false).summaries().length;
  return Array.from({ length: count }, (_, n) => track(packets, (i) => i === n).selected()!);
}

function track(packets: readonly TcpPacket[], keep: (index: number) => boolean): ConnectionTracker {
  const tracker = new ConnectionTracker(keep);
  for (const p of packets) tracker.add(p);
  return tracker;
}

/** The .tcpflow text of the one connection the packets form, without its header comment. */
export function convert(packets: readonly TcpPacket[], relative = false): string {
  const [conn, ...more] = connections(packets);
  if (more.length) throw new Error(`the packets form ${more.length + 1} connections`);
  return convertConnection(conn, { source: 'test.pcap', relative }).split('\n').slice(1).join('\n');
}
