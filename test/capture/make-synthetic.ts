// Synthetic capture fixtures: one file per format and link type the reader
// supports, each with the packets it must decode to, and invalid files with
// the error each must give. `node --import tsx test/capture/make-synthetic.ts`
// rewrites test/fixtures/captures/{synthetic,invalid}; a test checks that the
// committed files are what this produces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureErrorCode } from '../../server/src/capture/errors';
import type { TcpPacket } from '../../server/src/capture/packet';
import { ACK, FIN, PSH, SYN } from '../../server/src/capture/tcp';
import {
  bsdLoopback,
  ETHERTYPE_IPV4,
  ethernet,
  expectedPacket,
  ipEthertype,
  ipPacket,
  ipv4,
  ipv6,
  linuxSll,
  linuxSll2,
  pcapFile,
  pcapngFile,
  tcpBytes,
  Writer,
  type Ends,
  type Ipv6Extension,
  type NgBlock,
  type PcapHeader,
  type Seg,
} from './builders';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'captures');

export interface SyntheticFixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Every TCP packet of the file, in order. */
  readonly packets: readonly TcpPacket[];
}

export interface InvalidFixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly code: CaptureErrorCode;
  readonly message: RegExp;
}

const SECOND = 1_000_000_000n;
const MS = 1_000_000n;
/** Whole seconds, so that binary pcapng resolutions represent the flows exactly. */
const T0 = 1_700_000_000n * SECOND;

const add = (a: number, n: number) => (a + n) >>> 0;

export const V4: Ends = { client: { address: '10.0.0.1', port: 40000 }, server: { address: '10.0.0.2', port: 80 } };
export const V4B: Ends = { client: { address: '192.168.1.10', port: 51000 }, server: { address: '192.168.1.20', port: 443 } };
export const V6: Ends = { client: { address: '2001:db8::1', port: 40001 }, server: { address: '2001:db8::2', port: 8080 } };

interface FlowOptions {
  readonly t0?: bigint;
  readonly step?: bigint;
  readonly isnClient?: number;
  readonly isnServer?: number;
  readonly clientData?: number;
  readonly serverData?: number;
}

const SYN_OPTIONS = { mss: 1460, sackPermitted: true, wscale: 7 };

/** Handshake, a request, a response, the client closes first. */
export function handshakeFlow(o: FlowOptions = {}): Seg[] {
  const c = o.isnClient ?? 1000;
  const s = o.isnServer ?? 5000;
  const request = o.clientData ?? 5;
  const response = o.serverData ?? 7;
  return timed(o, [
    { fromClient: true, flags: SYN, seq: c, ack: 0, window: 64240, len: 0, ...SYN_OPTIONS, timestamp: { value: 1, echo: 0 } },
    { fromClient: false, flags: SYN | ACK, seq: s, ack: add(c, 1), window: 65160, len: 0, ...SYN_OPTIONS, timestamp: { value: 2, echo: 1 } },
    { fromClient: true, flags: ACK, seq: add(c, 1), ack: add(s, 1), window: 502, len: 0 },
    { fromClient: true, flags: PSH | ACK, seq: add(c, 1), ack: add(s, 1), window: 502, len: request },
    { fromClient: false, flags: ACK, seq: add(s, 1), ack: add(c, 1 + request), window: 509, len: 0 },
    { fromClient: false, flags: PSH | ACK, seq: add(s, 1), ack: add(c, 1 + request), window: 509, len: response },
    { fromClient: true, flags: ACK, seq: add(c, 1 + request), ack: add(s, 1 + response), window: 502, len: 0 },
    { fromClient: true, flags: FIN | ACK, seq: add(c, 1 + request), ack: add(s, 1 + response), window: 502, len: 0 },
    { fromClient: false, flags: FIN | ACK, seq: add(s, 1 + response), ack: add(c, 2 + request), window: 509, len: 0 },
    { fromClient: true, flags: ACK, seq: add(c, 2 + request), ack: add(s, 2 + response), window: 502, len: 0 },
  ]);
}

/** The first data segment is lost; the receiver SACKs the second, then the first is retransmitted. */
export function lossyFlow(o: FlowOptions = {}): Seg[] {
  const c = o.isnClient ?? 7000;
  const s = o.isnServer ?? 9000;
  return timed(o, [
    { fromClient: true, flags: SYN, seq: c, ack: 0, window: 64240, len: 0, mss: 1440, sackPermitted: true, wscale: 8 },
    { fromClient: false, flags: SYN | ACK, seq: s, ack: add(c, 1), window: 64800, len: 0, mss: 1440, sackPermitted: true, wscale: 8 },
    { fromClient: true, flags: ACK, seq: add(c, 1), ack: add(s, 1), window: 252, len: 0 },
    { fromClient: true, flags: ACK, seq: add(c, 1), ack: add(s, 1), window: 252, len: 100 },
    { fromClient: true, flags: PSH | ACK, seq: add(c, 101), ack: add(s, 1), window: 252, len: 100 },
    { fromClient: false, flags: ACK, seq: add(s, 1), ack: add(c, 1), window: 253, len: 0, sack: [{ left: add(c, 101), right: add(c, 201) }] },
    { fromClient: true, flags: ACK, seq: add(c, 1), ack: add(s, 1), window: 252, len: 100 },
    { fromClient: false, flags: ACK, seq: add(s, 1), ack: add(c, 201), window: 253, len: 0 },
    { fromClient: true, flags: FIN | ACK, seq: add(c, 201), ack: add(s, 1), window: 252, len: 0 },
    { fromClient: false, flags: FIN | ACK, seq: add(s, 1), ack: add(c, 202), window: 253, len: 0 },
    { fromClient: true, flags: ACK, seq: add(c, 202), ack: add(s, 2), window: 252, len: 0 },
  ]);
}

function timed(o: FlowOptions, segs: Omit<Seg, 'timeNs'>[]): Seg[] {
  const t0 = o.t0 ?? T0;
  const step = o.step ?? 250n * MS;
  return segs.map((s, i) => ({ ...s, timeNs: t0 + BigInt(i) * step }));
}

// --- records with what they should decode to ------------------------------------------

/** A frame of a fixture; `tcp` when it holds a segment the reader must return. */
interface Item {
  readonly timeNs: bigint;
  readonly data: Uint8Array;
  readonly tcp?: { readonly seg: Seg; readonly ends: Ends };
  /** pcapng only: the interface, and the block type to write. */
  readonly iface?: number;
  readonly block?: 'epb' | 'pb' | 'spb';
}

function flowItems(segs: readonly Seg[], ends: Ends, wrap: (ip: Uint8Array, i: number) => Uint8Array, extra: Partial<Item> = {}): Item[] {
  return segs.map((seg, i) => ({ timeNs: seg.timeNs, data: wrap(ipPacket(seg, ends), i), tcp: { seg, ends }, ...extra }));
}

/** Merges frame lists by time, stable. */
function byTime(...lists: Item[][]): Item[] {
  return lists.flat().sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
}

function expected(items: readonly Item[]): TcpPacket[] {
  return items.flatMap((it, i) =>
    it.tcp ? [expectedPacket(it.tcp.seg, it.tcp.ends, i + 1, it.block === 'spb' ? undefined : it.timeNs)] : [],
  );
}

function pcapFixture(name: string, header: PcapHeader, items: Item[]): SyntheticFixture {
  return { name, bytes: pcapFile(header, items), packets: expected(items) };
}

const eth = (ip: Uint8Array) => ethernet(ip, ipEthertype(ip));
const le = { littleEndian: true, nanoseconds: false };

/** One IPv6 extension chain per packet, in turn: every kind the reader skips. */
const EXTENSION_CHAINS: readonly (readonly Ipv6Extension[])[] = [
  [{ type: 0, body: [0, 1, 4, 0, 0, 0, 0] }], // hop-by-hop, PadN
  [{ type: 43, body: [0, 0, 0, 0, 0, 0, 0] }], // routing, no segments left
  [{ type: 60, body: [1, 1, 12, ...Array(12).fill(0)] }], // destination options, 16 bytes
  [{ type: 44, body: [0, 0, 0, 0, 0, 0, 7] }], // atomic fragment: offset 0, last
  [{ type: 51, body: [4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, ...Array(12).fill(0)] }], // authentication header
  [
    { type: 0, body: [0, 1, 4, 0, 0, 0, 0] },
    { type: 43, body: [0, 0, 0, 0, 0, 0, 0] },
    { type: 44, body: [0, 0, 0, 0, 0, 0, 9] },
    { type: 60, body: [0, 1, 4, 0, 0, 0, 0] },
  ],
];

function withExtensions(seg: Seg, ends: Ends, chain: readonly Ipv6Extension[]): Uint8Array {
  const [src, dst] = seg.fromClient ? [ends.client, ends.server] : [ends.server, ends.client];
  return ipv6(src.address, dst.address, tcpBytes(seg, ends), chain);
}

/** IPv4 options, in turn: NOPs and end of list, router alert, a 12-byte timestamp option. */
const IPV4_OPTIONS = [[1, 1, 1, 0], [0x94, 4, 0, 0], [0x44, 12, 5, 0, 0, 0, 0, 1, 0, 0, 0, 2]];

export function syntheticFixtures(): SyntheticFixture[] {
  const vlanA = handshakeFlow({ clientData: 300, serverData: 120 });
  const vlanB = handshakeFlow({ t0: T0 + 100n * MS, isnClient: 3_000_000, isnServer: 4_000_000 });
  const ipv4Flow = handshakeFlow();
  const ipv6Flow = handshakeFlow({ isnClient: 0xfffffffe, isnServer: 0xfffffff0 });
  const ngA = handshakeFlow({ step: 125n * MS });
  const ngB = handshakeFlow({ t0: T0 + 62_500n * 1000n, step: 125n * MS, isnClient: 11, isnServer: 22 });
  const precise = handshakeFlow({ t0: T0 + 123_456_789n, step: 1_000_001n });
  return [
    pcapFixture('ethernet-big-endian.pcap', { littleEndian: false, nanoseconds: false, linkType: 1 }, flowItems(ipv4Flow, V4, eth)),
    pcapFixture('ethernet-nanoseconds.pcap', { littleEndian: true, nanoseconds: true, linkType: 1 }, flowItems(precise, V6, eth)),
    pcapFixture(
      'vlan.pcap',
      { ...le, linkType: 1, snaplen: 128 },
      byTime(
        flowItems(vlanA, V4, (ip) => ethernet(ip, ETHERTYPE_IPV4, [[0x8100, 100]])),
        flowItems(vlanB, V4B, (ip) => ethernet(ip, ETHERTYPE_IPV4, [[0x88a8, 200], [0x8100, 300]])),
        [{ timeNs: T0 + 10n * MS, data: ethernet(new Uint8Array(28), 0x0806) }], // ARP
      ),
    ),
    pcapFixture('linux-sll.pcap', { ...le, linkType: 113 }, flowItems(ipv4Flow, V4, (ip) => linuxSll(ip, ipEthertype(ip)))),
    pcapFixture('linux-sll2.pcap', { ...le, linkType: 276 }, flowItems(lossyFlow(), V6, (ip) => linuxSll2(ip, ipEthertype(ip)))),
    pcapFixture('null-little-endian.pcap', { ...le, linkType: 0 }, flowItems(ipv4Flow, V4, (ip) => bsdLoopback(ip, 2, true))),
    pcapFixture(
      'null-big-endian-ipv6.pcap',
      { littleEndian: false, nanoseconds: false, linkType: 0 },
      flowItems(ipv6Flow, V6, (ip) => bsdLoopback(ip, 30, false)),
    ),
    pcapFixture('loop.pcap', { ...le, linkType: 108 }, flowItems(ipv4Flow, V4, (ip) => bsdLoopback(ip, 2, false))),
    pcapFixture(
      'raw.pcap',
      { ...le, linkType: 101 },
      byTime(flowItems(vlanB, V4B, (ip) => ip), flowItems(ipv6Flow, V6, (ip) => ip)),
    ),
    pcapFixture('raw-ipv4.pcap', { ...le, linkType: 228 }, flowItems(ipv4Flow, V4, (ip) => ip)),
    pcapFixture('raw-ipv6.pcap', { ...le, linkType: 229 }, flowItems(ipv6Flow, V6, (ip) => ip)),
    pcapFixture('raw-dlt12.pcap', { ...le, linkType: 12 }, flowItems(ipv4Flow, V4, (ip) => ip)),
    pcapFixture('raw-dlt14.pcap', { ...le, linkType: 14 }, flowItems(ipv6Flow, V6, (ip) => ip)),
    pcapFixture(
      'ipv4-options.pcap',
      { ...le, linkType: 1 },
      byTime(
        ipv4Flow.map((seg, i) => {
          const [src, dst] = seg.fromClient ? [V4.client, V4.server] : [V4.server, V4.client];
          const ip = ipv4(src.address, dst.address, tcpBytes(seg, V4), { options: IPV4_OPTIONS[i % IPV4_OPTIONS.length] });
          return { timeNs: seg.timeNs, data: eth(ip), tcp: { seg, ends: V4 } };
        }),
        [
          // A later fragment of a TCP packet: no TCP header in it.
          { timeNs: T0 + 300n * MS, data: eth(ipv4('10.0.0.1', '10.0.0.2', new Uint8Array(40), { fragmentOffset: 185 })) },
          { timeNs: T0 + 600n * MS, data: eth(ipv4('10.0.0.1', '10.0.0.2', new Uint8Array(16), { protocol: 17 })) },
        ],
      ),
    ),
    pcapFixture(
      'ipv6-extensions.pcap',
      { ...le, linkType: 1 },
      byTime(
        ipv6Flow.map((seg, i) => ({
          timeNs: seg.timeNs,
          data: eth(withExtensions(seg, V6, EXTENSION_CHAINS[i % EXTENSION_CHAINS.length])),
          tcp: { seg, ends: V6 },
        })),
        [
          // A later fragment (offset 100), then ESP: neither shows a TCP header.
          { timeNs: T0 + 300n * MS, data: eth(ipv6('2001:db8::1', '2001:db8::2', new Uint8Array(24), [{ type: 44, body: [0, 0x03, 0x20, 0, 0, 0, 5] }])) },
          { timeNs: T0 + 600n * MS, data: eth(ipv6('2001:db8::1', '2001:db8::2', new Uint8Array(24), [], 50)) },
        ],
      ),
    ),
    pcapngTwoInterfaces(ngA, ngB),
    pcapngSections(precise, ipv4Flow),
  ];
}

/** Interface 0 Ethernet in microseconds, interface 1 raw IPv6 in 2^-10 s; blocks the reader skips in between. */
function pcapngTwoInterfaces(a: Seg[], b: Seg[]): SyntheticFixture {
  const items = byTime(
    flowItems(a, V4, eth, { iface: 0 }).map((it, i) => (i === 3 || i === 6 ? { ...it, block: 'pb' as const } : it)),
    flowItems(b, V6, (ip) => ip, { iface: 1 }),
  );
  const blocks: NgBlock[] = [
    { kind: 'other', type: 4, body: new Writer(true).u16(1).u16(9).raw([10, 0, 0, 2, 0x68, 0x6f, 0x73, 0x74, 0]).pad4().u32(0).done() }, // name resolution
    ...items.map((it, i): NgBlock =>
      it.block === 'pb'
        ? { kind: 'pb', iface: it.iface!, timeNs: it.timeNs, data: it.data }
        : { kind: 'epb', iface: it.iface!, timeNs: it.timeNs, data: it.data, ...(i % 2 ? { comment: `frame ${i + 1}` } : {}) },
    ),
    { kind: 'other', type: 5, body: new Writer(true).u32(0).u32(0).u32(0).u32(0).done() }, // interface statistics
    { kind: 'other', type: 0x00000bad, body: new Writer(true).u32(32473).raw([1, 2, 3]).done() }, // custom
  ];
  const bytes = pcapngFile([
    {
      littleEndian: true,
      interfaces: [
        { linkType: 1, snaplen: 262144, name: 'eth0' },
        { linkType: 229, snaplen: 0, tsresol: 0x80 | 10, name: 'tun0' },
      ],
      blocks,
    },
  ]);
  return { name: 'two-interfaces.pcapng', bytes, packets: expected(items) };
}

/**
 * A big-endian section (nanoseconds, with a time offset), then a
 * little-endian one whose simple packet blocks have no timestamps and are cut
 * at the interface's 96-byte snapshot length.
 */
function pcapngSections(first: Seg[], second: Seg[]): SyntheticFixture {
  const a = flowItems(first, V6, eth);
  const b = flowItems(second, V4, (ip) => linuxSll(ip, ipEthertype(ip)), { block: 'spb' });
  const bytes = pcapngFile([
    {
      littleEndian: false,
      interfaces: [{ linkType: 1, tsresol: 9, tsoffset: 1_600_000_000n }],
      blocks: a.map((it) => ({ kind: 'epb', iface: 0, timeNs: it.timeNs, data: it.data })),
    },
    {
      littleEndian: true,
      interfaces: [{ linkType: 113, snaplen: 96 }],
      blocks: b.map((it) => ({ kind: 'spb', data: it.data })),
    },
  ]);
  return { name: 'sections.pcapng', bytes, packets: expected([...a, ...b]) };
}

// --- invalid files -----------------------------------------------------------------------

export function invalidFixtures(): InvalidFixture[] {
  const good = pcapFile({ ...le, linkType: 1 }, flowItems(handshakeFlow(), V4, eth));
  const blocks = flowItems(handshakeFlow(), V4, eth).map((it): NgBlock => ({ kind: 'epb', iface: 0, timeNs: it.timeNs, data: it.data }));
  const goodNg = pcapngFile([{ littleEndian: true, interfaces: [{ linkType: 1 }], blocks }]);
  const shbLength = new DataView(goodNg.buffer).getUint32(4, true);
  const patch = (bytes: Uint8Array, at: number, value: number) => {
    const out = bytes.slice();
    new DataView(out.buffer).setUint32(at, value, true);
    return out;
  };
  const ng = (version?: [number, number]) =>
    pcapngFile([{ littleEndian: true, version, interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', iface: 2, timeNs: T0, data: new Uint8Array(60) }] }]);
  return [
    { name: 'empty.pcap', bytes: new Uint8Array(0), code: 'empty', message: /empty/ },
    { name: 'text.pcap', bytes: new TextEncoder().encode('Client -> Server : SYN\n'), code: 'not-capture', message: /looks like text/ },
    { name: 'compressed.pcap.gz', bytes: Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3), code: 'not-capture', message: /gzip/ },
    { name: 'two-bytes.pcap', bytes: good.subarray(0, 2), code: 'not-capture', message: /only 2 bytes/ },
    { name: 'truncated-header.pcap', bytes: good.subarray(0, 20), code: 'truncated', message: /pcap file header/ },
    { name: 'truncated-record.pcap', bytes: good.subarray(0, good.length - 10), code: 'truncated', message: /packet record at byte \d+/ },
    { name: 'huge-record.pcap', bytes: patch(good, 24 + 8, 0x7fffffff), code: 'corrupt', message: /claims 2147483647 captured bytes/ },
    { name: 'no-packets.pcap', bytes: good.subarray(0, 24), code: 'no-tcp', message: /no packets/ },
    {
      name: 'no-tcp.pcap',
      bytes: pcapFile({ ...le, linkType: 1 }, [
        { timeNs: T0, data: ethernet(new Uint8Array(28), 0x0806) },
        { timeNs: T0, data: eth(ipv4('10.0.0.1', '10.0.0.2', new Uint8Array(16), { protocol: 17 })) },
      ]),
      code: 'no-tcp',
      message: /none of the 2 packets/,
    },
    {
      name: 'unsupported-link.pcap',
      bytes: pcapFile({ ...le, linkType: 147 }, flowItems(handshakeFlow(), V4, (ip) => ip)),
      code: 'no-tcp',
      message: /unsupported link type 147/,
    },
    { name: 'truncated-block.pcapng', bytes: goodNg.subarray(0, goodNg.length - 6), code: 'truncated', message: /inside the block at byte \d+/ },
    { name: 'bad-block-length.pcapng', bytes: patch(goodNg, shbLength + 4, 10), code: 'corrupt', message: /impossible length 10/ },
    { name: 'huge-block.pcapng', bytes: patch(goodNg, shbLength + 4, 0x40000000), code: 'corrupt', message: /claims 1073741824 bytes/ },
    { name: 'mismatched-trailer.pcapng', bytes: patch(goodNg, shbLength - 4, 60), code: 'corrupt', message: /differs/ },
    { name: 'bad-byte-order.pcapng', bytes: patch(goodNg, 8, 0x11223344), code: 'corrupt', message: /byte-order magic/ },
    { name: 'unknown-interface.pcapng', bytes: ng(), code: 'corrupt', message: /refers to interface 2/ },
    { name: 'version-2.pcapng', bytes: ng([2, 0]), code: 'unsupported', message: /version 2\.0/ },
  ];
}

function writeAll(): void {
  for (const [dir, fixtures] of [
    ['synthetic', syntheticFixtures()],
    ['invalid', invalidFixtures()],
  ] as const) {
    mkdirSync(join(FIXTURES, dir), { recursive: true });
    for (const f of fixtures) writeFileSync(join(FIXTURES, dir, f.name), f.bytes);
  }
}

if (require.main === module) writeAll();

