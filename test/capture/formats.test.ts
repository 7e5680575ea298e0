// Every file format, link type and header variant decodes to the expected TCP packets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChunkBuffer } from '../../server/src/capture/chunks';
import { formatIpv6 } from '../../server/src/capture/ip';
import { networkLayer } from '../../server/src/capture/link';
import { CaptureReader, readFrames } from '../../server/src/capture/reader';
import { scanCapture } from '../../server/src/capture/scan';
import { decodeTcpHeader } from '../../server/src/capture/tcp';
import { prerequisite } from '../helpers';
import { addressBytes, Writer } from './builders';
import { hasTshark, INVALID, LOOPBACK, SCENARIOS, SYNTHETIC, tcpPackets, tsharkFieldsAsync } from './helpers';
import { invalidFixtures, syntheticFixtures } from './make-synthetic';

const synthetic = syntheticFixtures();

for (const fixture of synthetic) {
  test(`${fixture.name} decodes to its packets`, () => {
    assert.deepStrictEqual(tcpPackets(readFileSync(join(SYNTHETIC, fixture.name))), fixture.packets);
  });
}

test('the committed synthetic and invalid fixtures are what make-synthetic.ts writes', () => {
  for (const [dir, fixtures] of [
    [SYNTHETIC, synthetic],
    [INVALID, invalidFixtures()],
  ] as const) {
    for (const f of fixtures) assert.deepStrictEqual(new Uint8Array(readFileSync(join(dir, f.name))), f.bytes, f.name);
  }
});

test('the fixtures cover every format, byte order, resolution and link type', () => {
  const file = (name: string) => synthetic.find((f) => f.name === name)!.bytes;
  const linkTypes = new Set(synthetic.flatMap((f) => readFrames(f.bytes).map((fr) => fr.linkType)));
  assert.deepStrictEqual([...linkTypes].sort((a, b) => a - b), [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]);
  const magic = (name: string) => Buffer.from(file(name).subarray(0, 4)).toString('hex');
  assert.equal(magic('ethernet-big-endian.pcap'), 'a1b2c3d4');
  assert.equal(magic('ethernet-nanoseconds.pcap'), '4d3cb2a1');
  assert.equal(magic('two-interfaces.pcapng'), '0a0d0d0a');
  assert.equal(scanCapture(file('two-interfaces.pcapng')).format, 'pcapng');
  assert.equal(scanCapture(file('ethernet-big-endian.pcap')).format, 'pcap');
});

test('nanosecond and binary-fraction timestamps keep their precision', () => {
  const times = (name: string) => tcpPackets(readFileSync(join(SYNTHETIC, name))).map((p) => p.timeNs);
  assert.equal(times('ethernet-nanoseconds.pcap')[1], 1_700_000_000_124_456_790n);
  // Interface 1 counts 2^-10 s: 62.5 ms is 64 ticks.
  assert.equal(times('two-interfaces.pcapng')[1], 1_700_000_000_062_500_000n);
  // Big-endian section with if_tsoffset, then simple packet blocks without time.
  const sections = times('sections.pcapng');
  assert.equal(sections[0], 1_700_000_000_123_456_789n);
  assert.equal(sections[10], undefined);
});

test('a snapshot length cuts the data, not the segment length', () => {
  const packets = tcpPackets(readFileSync(join(SYNTHETIC, 'vlan.pcap')));
  const frames = readFrames(readFileSync(join(SYNTHETIC, 'vlan.pcap')));
  const request = packets.find((p) => p.payloadLength === 300)!;
  assert.equal(frames[request.frame - 1].data.length, 128);
  assert.equal(frames[request.frame - 1].originalLength, 14 + 4 + 20 + 20 + 300);
});

test('SACK blocks, timestamps and window scale are read from the options', () => {
  const packets = tcpPackets(readFileSync(join(SYNTHETIC, 'linux-sll2.pcap')));
  assert.deepStrictEqual(packets[5].options.sack, [{ left: 7101, right: 7201 }]);
  assert.equal(packets[0].options.wscale, 8);
  const tsPackets = tcpPackets(readFileSync(join(SYNTHETIC, 'linux-sll.pcap')));
  assert.deepStrictEqual(tsPackets[1].options.timestamp, { value: 2, echo: 1 });
});

test('the loopback captures read the same as pcap and as pcapng', () => {
  for (const name of SCENARIOS) {
    const pcap = tcpPackets(readFileSync(join(LOOPBACK, `${name}.pcap`)));
    const pcapng = tcpPackets(readFileSync(join(LOOPBACK, `${name}.pcapng`)));
    assert.ok(pcap.length > 0, name);
    assert.deepStrictEqual(pcapng, pcap, name);
  }
});

test('frames do not depend on how the file is cut into chunks', () => {
  const files = [...synthetic.map((f) => f.bytes), new Uint8Array(readFileSync(join(LOOPBACK, 'lost-data.pcapng')))];
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 40 }), (bytes, sizes) => {
      const reader = new CaptureReader();
      const frames = [];
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length];
        frames.push(...reader.push(bytes.subarray(at, at + size)));
        at += size;
      }
      reader.end();
      assert.deepStrictEqual(frames, readFrames(bytes));
    }),
    { numRuns: 200 },
  );
});

test('the chunk buffer hands out records across chunk boundaries and counts offsets', () => {
  const buf = new ChunkBuffer();
  buf.append(Uint8Array.of(1, 2));
  buf.append(Uint8Array.of(3));
  assert.equal(buf.peek(4), undefined);
  buf.append(Uint8Array.of(4, 5));
  assert.deepStrictEqual(buf.take(3), Uint8Array.of(1, 2, 3));
  assert.equal(buf.offset, 3);
  assert.deepStrictEqual(buf.take(2), Uint8Array.of(4, 5));
  assert.equal(buf.available, 0);
});

test('IPv6 addresses are written as RFC 5952 says', () => {
  const cases: [string, string][] = [
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['0:0:0:0:0:ffff:c000:201', '::ffff:192.0.2.1'],
  ];
  for (const [full, short] of cases) assert.equal(formatIpv6(Uint8Array.from(addressBytes(full))), short, full);
});

test('link headers that carry no IP, or too few bytes, yield no network layer', () => {
  assert.equal(networkLayer(1, new Writer().raw(Array(12).fill(0)).u16(0x0806).done()), undefined); // ARP
  assert.equal(networkLayer(1, new Writer().raw(Array(12).fill(0)).u16(0x8100).done()), undefined); // tag cut off
  assert.equal(networkLayer(0, new Writer(true).u32(7).done()), undefined); // unknown family
  assert.equal(networkLayer(101, Uint8Array.of(0x50)), undefined); // IP version 5
  assert.equal(networkLayer(276, new Uint8Array(10)), undefined);
  assert.equal(networkLayer(147, new Uint8Array(60)), undefined);
  assert.deepStrictEqual(networkLayer(0, new Writer().u32(2).done()), { offset: 4, version: 4 }); // big-endian family
});

test('a TCP header with an impossible data offset or cut options is handled', () => {
  const header = (offsetWords: number, options: number[]) =>
    new Writer().u16(1).u16(2).u32(3).u32(4).u16((offsetWords << 12) | 0x12).u16(5).u32(0).raw(options).done();
  assert.equal(decodeTcpHeader(header(4, []), 0, 20), undefined);
  assert.equal(decodeTcpHeader(header(6, [2, 4, 5, 0xb4]), 0, 20), undefined); // longer than the segment
  // MSS read, then a window-scale option cut by the snapshot length.
  const cut = decodeTcpHeader(header(7, [2, 4, 5, 0xb4, 3, 3]), 0, 28)!;
  assert.equal(cut.options.mss, 1460);
  assert.equal(cut.options.wscale, undefined);
  assert.equal(cut.flags, 0x12);
});

// tshark takes most of a second to start: it checks the fixtures with the
// most structure to get wrong (every link type is checked above).
const CROSS_CHECKED = [
  'two-interfaces.pcapng',
  'sections.pcapng',
  'vlan.pcap',
  'linux-sll2.pcap',
  'ipv4-options.pcap',
  'ipv6-extensions.pcap',
];

test('tshark reads the synthetic fixtures as we do', async (t) => {
  if (!prerequisite(t, hasTshark ? false : 'tshark is not installed (apt-get install tshark)')) return;
  const fields = ['tcp.seq_raw', 'tcp.ack_raw', 'tcp.len', 'tcp.flags', 'tcp.srcport', 'tcp.dstport'];
  await Promise.all(
    synthetic.filter((f) => CROSS_CHECKED.includes(f.name)).map(async (f) => {
      const rows = await tsharkFieldsAsync(join(SYNTHETIC, f.name), fields);
      const ours = f.packets.map((p) => [p.frame, p.seq, p.ack, p.payloadLength, p.flags, p.src.port, p.dst.port]);
      const theirs = rows.map(([frame, seq, ack, len, flags, sport, dport]) =>
        [frame, seq, ack, len, parseInt(flags, 16), sport, dport].map(Number),
      );
      assert.deepStrictEqual(theirs, ours, f.name);
    }),
  );
});
