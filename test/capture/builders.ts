// Builds capture bytes from the top down: TCP segments, in IPv4/IPv6, in a link
// layer, in pcap or pcapng records. Shared by make-synthetic.ts and the tests.
import type { Endpoint, TcpPacket } from '../../server/src/capture/packet';
import type { SackBlock } from '../../server/src/capture/tcp';

export class Writer {
  private readonly bytes: number[] = [];

  constructor(private readonly littleEndian = false) {}

  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }

  u16(v: number): this {
    return this.littleEndian ? this.u8(v).u8(v >> 8) : this.u8(v >> 8).u8(v);
  }

  u32(v: number): this {
    return this.littleEndian ? this.u16(v).u16(v >>> 16) : this.u16(v >>> 16).u16(v);
  }

  u64(v: bigint): this {
    const high = Number((v >> 32n) & 0xffffffffn);
    const low = Number(v & 0xffffffffn);
    return this.littleEndian ? this.u32(low).u32(high) : this.u32(high).u32(low);
  }

  raw(data: Iterable<number>): this {
    for (const b of data) this.bytes.push(b);
    return this;
  }

  /** Zero bytes up to a multiple of four. */
  pad4(): this {
    while (this.bytes.length % 4) this.bytes.push(0);
    return this;
  }

  get length(): number {
    return this.bytes.length;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

// --- TCP flows ---------------------------------------------------------------

/** One segment of a synthetic flow. */
export interface Seg {
  readonly timeNs: bigint;
  readonly fromClient: boolean;
  readonly flags: number;
  readonly seq: number;
  readonly ack: number;
  readonly window: number;
  readonly len: number;
  readonly mss?: number;
  readonly wscale?: number;
  readonly sackPermitted?: boolean;
  readonly sack?: readonly SackBlock[];
  readonly timestamp?: { readonly value: number; readonly echo: number };
}

export interface Ends {
  readonly client: Endpoint;
  readonly server: Endpoint;
}

export function tcpBytes(seg: Seg, ends: Ends): Uint8Array {
  const [src, dst] = seg.fromClient ? [ends.client, ends.server] : [ends.server, ends.client];
  const options = new Writer();
  if (seg.mss !== undefined) options.u8(2).u8(4).u16(seg.mss);
  if (seg.sackPermitted) options.u8(4).u8(2);
  if (seg.timestamp) options.u8(8).u8(10).u32(seg.timestamp.value).u32(seg.timestamp.echo);
  if (seg.wscale !== undefined) options.u8(1).u8(3).u8(3).u8(seg.wscale);
  if (seg.sack?.length) {
    options.u8(1).u8(1).u8(5).u8(2 + 8 * seg.sack.length);
    for (const b of seg.sack) options.u32(b.left).u32(b.right);
  }
  while (options.length % 4) options.u8(1);
  const headerLength = 20 + options.length;
  return new Writer()
    .u16(src.port)
    .u16(dst.port)
    .u32(seg.seq)
    .u32(seg.ack)
    .u16(((headerLength / 4) << 12) | seg.flags)
    .u16(seg.window)
    .u16(0) // checksum: no reader here checks it
    .u16(0)
    .raw(options.done())
    .raw(Array.from({ length: seg.len }, (_, i) => 0x61 + (i % 26)))
    .done();
}

/** The packet the reader should decode from a segment in frame `frame`. */
export function expectedPacket(seg: Seg, ends: Ends, frame: number, timeNs: bigint | undefined): TcpPacket {
  const [src, dst] = seg.fromClient ? [ends.client, ends.server] : [ends.server, ends.client];
  return {
    frame,
    timeNs,
    src,
    dst,
    seq: seg.seq,
    ack: seg.ack,
    flags: seg.flags,
    window: seg.window,
    payloadLength: seg.len,
    options: {
      mss: seg.mss,
      wscale: seg.wscale,
      sackPermitted: seg.sackPermitted ?? false,
      sack: seg.sack ?? [],
      timestamp: seg.timestamp,
    },
  };
}

// --- IP ------------------------------------------------------------------------

export function addressBytes(address: string): number[] {
  if (!address.includes(':')) return address.split('.').map(Number);
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

export interface Ipv4Options {
  /** Header options (a multiple of 4 bytes). */
  readonly options?: readonly number[];
  readonly protocol?: number;
  /** Fragment offset in 8-byte units. */
  readonly fragmentOffset?: number;
  readonly moreFragments?: boolean;
}

export function ipv4(src: string, dst: string, payload: Uint8Array, o: Ipv4Options = {}): Uint8Array {
  const options = o.options ?? [];
  const headerLength = 20 + options.length;
  return new Writer()
    .u8(0x40 | (headerLength / 4))
    .u8(0)
    .u16(headerLength + payload.length)
    .u16(0x1234)
    .u16((o.moreFragments ? 0x2000 : 0) | (o.fragmentOffset ?? 0))
    .u8(64)
    .u8(o.protocol ?? 6)
    .u16(0)
    .raw(addressBytes(src))
    .raw(addressBytes(dst))
    .raw(options)
    .raw(payload)
    .done();
}

/** An IPv6 extension header: its type and its bytes after the next-header field. */
export interface Ipv6Extension {
  readonly type: number;
  readonly body: readonly number[];
}

export function ipv6(src: string, dst: string, payload: Uint8Array, extensions: readonly Ipv6Extension[] = [], protocol = 6): Uint8Array {
  const chain = [...extensions.map((e) => e.type), protocol];
  const ext = new Writer();
  extensions.forEach((e, i) => ext.u8(chain[i + 1]).raw(e.body));
  return new Writer()
    .u32(0x60000000)
    .u16(ext.length + payload.length)
    .u8(chain[0])
    .u8(64)
    .raw(addressBytes(src))
    .raw(addressBytes(dst))
    .raw(ext.done())
    .raw(payload)
    .done();
}

export function ipPacket(seg: Seg, ends: Ends): Uint8Array {
  const [src, dst] = seg.fromClient ? [ends.client, ends.server] : [ends.server, ends.client];
  const tcp = tcpBytes(seg, ends);
  return src.address.includes(':') ? ipv6(src.address, dst.address, tcp) : ipv4(src.address, dst.address, tcp);
}

// --- link layers ------------------------------------------------------------------

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;

export function ipEthertype(ip: Uint8Array): number {
  return ip[0] >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
}

/** `tags`: [TPID, TCI] pairs, outermost first. */
export function ethernet(payload: Uint8Array, ethertype: number, tags: readonly (readonly [number, number])[] = []): Uint8Array {
  const w = new Writer().raw([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]);
  for (const [tpid, tci] of tags) w.u16(tpid).u16(tci);
  return w.u16(ethertype).raw(payload).done();
}

export function linuxSll(payload: Uint8Array, ethertype: number): Uint8Array {
  return new Writer().u16(0).u16(1).u16(6).raw([2, 0, 0, 0, 0, 1, 0, 0]).u16(ethertype).raw(payload).done();
}

export function linuxSll2(payload: Uint8Array, ethertype: number): Uint8Array {
  return new Writer().u16(ethertype).u16(0).u32(1).u16(1).u8(0).u8(6).raw([2, 0, 0, 0, 0, 1, 0, 0]).raw(payload).done();
}

/** BSD loopback: the address family, in the writer's byte order (null) or big-endian (loop). */
export function bsdLoopback(payload: Uint8Array, family: number, littleEndian: boolean): Uint8Array {
  return new Writer(littleEndian).u32(family).raw(payload).done();
}

// --- files ----------------------------------------------------------------------------

export interface PcapRecord {
  readonly timeNs: bigint;
  readonly data: Uint8Array;
}

export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly linkType: number;
  readonly snaplen?: number;
}

export function pcapFile(h: PcapHeader, records: readonly PcapRecord[]): Uint8Array {
  const w = new Writer(h.littleEndian)
    .u32(h.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(h.snaplen ?? 262144)
    .u32(h.linkType);
  const unit = h.nanoseconds ? 1n : 1000n;
  for (const r of records) {
    const fraction = (r.timeNs % 1_000_000_000n) / unit;
    if (fraction * unit !== r.timeNs % 1_000_000_000n) throw new Error(`${r.timeNs} ns is not a whole number of units`);
    const captured = Math.min(r.data.length, h.snaplen ?? Infinity);
    w.u32(Number(r.timeNs / 1_000_000_000n)).u32(Number(fraction)).u32(captured).u32(r.data.length);
    w.raw(r.data.subarray(0, captured));
  }
  return w.done();
}

export interface NgInterface {
  readonly linkType: number;
  readonly snaplen?: number;
  /** if_tsresol: 10^-n, or 2^-n with the top bit set; microseconds when absent. */
  readonly tsresol?: number;
  /** if_tsoffset, in seconds. */
  readonly tsoffset?: bigint;
  readonly name?: string;
}

export type NgBlock =
  | { readonly kind: 'epb'; readonly iface: number; readonly timeNs: bigint; readonly data: Uint8Array; readonly comment?: string }
  | { readonly kind: 'pb'; readonly iface: number; readonly timeNs: bigint; readonly data: Uint8Array }
  | { readonly kind: 'spb'; readonly data: Uint8Array }
  | { readonly kind: 'other'; readonly type: number; readonly body: Uint8Array };

export interface NgSection {
  readonly littleEndian: boolean;
  readonly version?: readonly [number, number];
  readonly interfaces: readonly NgInterface[];
  readonly blocks: readonly NgBlock[];
}

export function pcapngFile(sections: readonly NgSection[]): Uint8Array {
  const w = new Writer();
  for (const s of sections) {
    const block = (type: number, body: (b: Writer) => void) => {
      const b = new Writer(s.littleEndian);
      body(b);
      b.pad4();
      const length = b.length + 12;
      w.raw(new Writer(s.littleEndian).u32(type).u32(length).raw(b.done()).u32(length).done());
    };
    const option = (b: Writer, code: number, value: Uint8Array) => b.u16(code).u16(value.length).raw(value).pad4();
    const text = (t: string) => new TextEncoder().encode(t);
    const [major, minor] = s.version ?? [1, 0];
    block(0x0a0d0d0a, (b) => {
      b.u32(0x1a2b3c4d).u16(major).u16(minor).u64(0xffffffffffffffffn);
      option(b, 4, text('tcpflow synthetic fixture')); // shb_userappl
      b.u32(0);
    });
    for (const i of s.interfaces) {
      block(1, (b) => {
        b.u16(i.linkType).u16(0).u32(i.snaplen ?? 0);
        if (i.name) option(b, 2, text(i.name));
        if (i.tsresol !== undefined) option(b, 9, Uint8Array.of(i.tsresol));
        if (i.tsoffset !== undefined) option(b, 14, new Writer(s.littleEndian).u64(BigInt.asUintN(64, i.tsoffset)).done());
        b.u32(0);
      });
    }
    for (const blk of s.blocks) {
      switch (blk.kind) {
        case 'epb':
        case 'pb': {
          const ticks = toTicks(blk.timeNs, s.interfaces[blk.iface]);
          block(blk.kind === 'epb' ? 6 : 2, (b) => {
            if (blk.kind === 'epb') b.u32(blk.iface);
            else b.u16(blk.iface).u16(0);
            b.u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(blk.data.length).u32(blk.data.length);
            b.raw(blk.data).pad4();
            if (blk.kind === 'epb' && blk.comment) option(b.pad4(), 1, text(blk.comment)).u32(0);
          });
          break;
        }
        case 'spb': {
          // No captured length: the data is cut at the snapshot length of interface 0.
          const snaplen = s.interfaces[0]?.snaplen || Infinity;
          block(3, (b) => b.u32(blk.data.length).raw(blk.data.subarray(0, snaplen)));
          break;
        }
        case 'other':
          block(blk.type, (b) => b.raw(blk.body));
          break;
      }
    }
  }
  return w.done();
}

/** Nanoseconds to an interface's timestamp units, which must represent them exactly. */
function toTicks(timeNs: bigint, i: NgInterface | undefined): bigint {
  const resolution = i?.tsresol ?? 6;
  const sinceOffset = timeNs - (i?.tsoffset ?? 0n) * 1_000_000_000n;
  const perSecond = resolution & 0x80 ? 1n << BigInt(resolution & 0x7f) : 10n ** BigInt(resolution);
  const ticks = (sinceOffset * perSecond) / 1_000_000_000n;
  if ((ticks * 1_000_000_000n) / perSecond !== sinceOffset) throw new Error(`${timeNs} ns is not a whole number of ticks`);
  return ticks;
}
