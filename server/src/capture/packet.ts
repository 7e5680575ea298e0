import type { Frame } from './frame';
import { tcpInIp } from './ip';
import { networkLayer } from './link';
import { decodeTcpHeader, FIN, SYN, type TcpOptions } from './tcp';

// A captured TCP segment, stripped of its link and IP layers.
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface TcpPacket {
  /** Frame number in the capture file. */
  readonly frame: number;
  readonly timeNs: bigint | undefined;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly window: number;
  /** Payload bytes on the wire (the capture may hold fewer). */
  readonly payloadLength: number;
  readonly options: TcpOptions;
}

/** The TCP segment in a frame, or undefined when it holds none that can be read. */
export function decodeTcpPacket(frame: Frame): TcpPacket | undefined {
  const layer = networkLayer(frame.linkType, frame.data);
  if (!layer) return undefined;
  const ip = tcpInIp(frame.data, layer, frame.originalLength - layer.offset);
  if (!ip) return undefined;
  const tcp = decodeTcpHeader(frame.data, ip.tcpOffset, ip.tcpLength);
  if (!tcp) return undefined;
  return {
    frame: frame.number,
    timeNs: frame.timeNs,
    src: { address: ip.src, port: tcp.srcPort },
    dst: { address: ip.dst, port: tcp.dstPort },
    seq: tcp.seq,
    ack: tcp.ack,
    flags: tcp.flags,
    window: tcp.window,
    payloadLength: ip.tcpLength - tcp.headerLength,
    options: tcp.options,
  };
}

/** `ip:port`, with IPv6 addresses in brackets. */
export function endpointLabel(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && a.address === b.address;
}

/** Sequence numbers a segment occupies: its payload, and one each for SYN and FIN. */
export function seqSpace(p: TcpPacket): number {
  return p.payloadLength + (p.flags & SYN ? 1 : 0) + (p.flags & FIN ? 1 : 0);
}
