import { u16 } from './bytes';
import type { NetworkLayer } from './link';

// IPv4 and IPv6 headers, as far as needed to find a TCP segment and its length.
const PROTO_TCP = 6;
const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_AUTH = 51;
const IPV6_DEST_OPTIONS = 60;
/** Extension headers whose second byte is their length in 8-octet units, not counting the first 8. */
const IPV6_GENERIC_EXTENSIONS = new Set([IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTIONS, 135, 139, 140]);

export interface IpTcp {
  readonly src: string;
  readonly dst: string;
  /** Offset of the TCP header in the frame. */
  readonly tcpOffset: number;
  /** Length of the TCP segment (header and payload) according to the IP header. */
  readonly tcpLength: number;
}

/**
 * The TCP segment an IP packet carries; undefined for other protocols, for
 * fragments after the first (they hold no TCP header), and for headers the
 * snapshot length cut or that contradict themselves. `wireLength` (the
 * packet's length on the wire) stands in for a zero length field, which
 * segmentation offload leaves in oversized packets.
 */
export function tcpInIp(data: Uint8Array, layer: NetworkLayer, wireLength: number): IpTcp | undefined {
  return layer.version === 4 ? tcpInIpv4(data, layer.offset, wireLength) : tcpInIpv6(data, layer.offset, wireLength);
}

function tcpInIpv4(data: Uint8Array, at: number, wireLength: number): IpTcp | undefined {
  if (data.length < at + 20 || data[at] >> 4 !== 4) return undefined;
  const headerLength = (data[at] & 0x0f) * 4;
  const total = u16(data, at + 2) || wireLength;
  if (headerLength < 20 || data.length < at + headerLength || total < headerLength) return undefined;
  if (data[at + 9] !== PROTO_TCP || (u16(data, at + 6) & 0x1fff) !== 0) return undefined;
  return {
    src: formatIpv4(data.subarray(at + 12, at + 16)),
    dst: formatIpv4(data.subarray(at + 16, at + 20)),
    tcpOffset: at + headerLength,
    tcpLength: total - headerLength,
  };
}

function tcpInIpv6(data: Uint8Array, at: number, wireLength: number): IpTcp | undefined {
  if (data.length < at + 40 || data[at] >> 4 !== 6) return undefined;
  let remaining = u16(data, at + 4) || wireLength - 40;
  let next = data[at + 6];
  let pos = at + 40;
  while (next !== PROTO_TCP) {
    if (data.length < pos + 8) return undefined;
    let size: number;
    if (IPV6_GENERIC_EXTENSIONS.has(next)) size = (data[pos + 1] + 1) * 8;
    else if (next === IPV6_AUTH) size = (data[pos + 1] + 2) * 4;
    else if (next === IPV6_FRAGMENT && (u16(data, pos + 2) & 0xfff8) === 0) size = 8;
    else return undefined; // a later fragment, ESP, no next header, or unknown
    next = data[pos];
    pos += size;
    remaining -= size;
  }
  if (remaining < 0) return undefined;
  return {
    src: formatIpv6(data.subarray(at + 8, at + 24)),
    dst: formatIpv6(data.subarray(at + 24, at + 40)),
    tcpOffset: pos,
    tcpLength: remaining,
  };
}

function formatIpv4(bytes: Uint8Array): string {
  return bytes.join('.');
}

/** RFC 5952 text: lowercase, the longest run of zero groups (two or more, leftmost on a tie) as `::`. */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => u16(bytes, i * 2));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${formatIpv4(bytes.subarray(12))}`;
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const text = groups.map((g) => g.toString(16));
  if (best.start < 0) return text.join(':');
  return `${text.slice(0, best.start).join(':')}::${text.slice(best.start + best.length).join(':')}`;
}
