// Bad input gives a CaptureError with a clear message: never another exception,
// never a hang, and the same outcome however the bytes arrive.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { convertConnection } from '../../server/src/capture/convert';
import { CaptureError } from '../../server/src/capture/errors';
import { scanCaptureFile } from '../../server/src/capture/file';
import { CaptureScanner, scanCapture } from '../../server/src/capture/scan';
import { ACK, PSH } from '../../server/src/capture/tcp';
import { ethernet, ETHERTYPE_IPV4, ipPacket, pcapFile, Writer } from './builders';
import { filesIn, INVALID, LOOPBACK, SYNTHETIC } from './helpers';
import { invalidFixtures, V4 } from './make-synthetic';

const FUZZ_TIMEOUT = { timeout: 120_000 };

for (const fixture of invalidFixtures()) {
  test(`${fixture.name}: ${fixture.code}`, async () => {
    const check = (e: unknown) => e instanceof CaptureError && e.code === fixture.code && fixture.message.test(e.message);
    assert.throws(() => scanCapture(fixture.bytes), check);
    await assert.rejects(scanCaptureFile(join(INVALID, fixture.name)), check);
  });
}

/** What reading a file comes to: its frames and converted connections, or the code of the CaptureError. */
function outcome(bytes: Uint8Array, chunkSize = bytes.length || 1): string {
  try {
    const scanner = new CaptureScanner();
    for (let at = 0; at < bytes.length; at += chunkSize) scanner.push(bytes.subarray(at, at + chunkSize));
    const scan = scanner.finish();
    const flows = scan.connections.slice(0, 3).map((c) =>
      convertConnection(scanCapture(bytes, (i) => i === c.index).selected!, { source: 'fuzz', relative: c.index % 2 === 1 }),
    );
    return `${scan.frames} frames, ${scan.connections.length} connections\n${flows.join('')}`;
  } catch (e) {
    if (e instanceof CaptureError) return `error ${e.code}`;
    throw e;
  }
}

const valid = [...filesIn(SYNTHETIC), ...filesIn(LOOPBACK)].map((f) => new Uint8Array(readFileSync(f)));

test('random bytes give a CaptureError', FUZZ_TIMEOUT, () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      assert.match(outcome(bytes), /^error /);
    }),
    { numRuns: 500 },
  );
});

test('random bytes after a capture header never throw anything else', FUZZ_TIMEOUT, () => {
  const headers = [
    valid[0].subarray(0, 24), // big-endian pcap
    new Writer(true).u32(0xa1b23c4d).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1).done(),
    pcapngPrefix(readFileSync(join(SYNTHETIC, 'two-interfaces.pcapng'))),
  ];
  fc.assert(
    fc.property(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 64 }), (header, tail, chunk) => {
      const bytes = new Uint8Array([...header, ...tail]);
      assert.equal(outcome(bytes, chunk), outcome(bytes));
    }),
    { numRuns: 1000 },
  );
});

test('captures with bytes overwritten or cut short never throw anything else, whatever the chunks', FUZZ_TIMEOUT, () => {
  const mutation = fc.record({
    file: fc.constantFrom(...valid),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
    cut: fc.option(fc.nat()),
    chunk: fc.integer({ min: 1, max: 300 }),
  });
  fc.assert(
    fc.property(mutation, ({ file, edits, cut, chunk }) => {
      const bytes = file.slice(0, cut === null ? file.length : cut % (file.length + 1));
      for (const { at, value } of edits) if (bytes.length) bytes[at % bytes.length] = value;
      assert.equal(outcome(bytes, chunk), outcome(bytes));
    }),
    { numRuns: 1500 },
  );
});

/** The section header and interface blocks of a pcapng file: the part before its first packet. */
function pcapngPrefix(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let at = 0;
  while ([0x0a0d0d0a, 1].includes(view.getUint32(at, true))) at += view.getUint32(at + 4, true);
  return bytes.subarray(0, at);
}

const temp = mkdtempSync(join(tmpdir(), 'tcpflow-capture-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('files that cannot be read give an io error', async () => {
  const io = (pattern: RegExp) => (e: unknown) => e instanceof CaptureError && e.code === 'io' && pattern.test(e.message);
  await assert.rejects(scanCaptureFile(join(temp, 'missing.pcap')), io(/no such file/));
  await assert.rejects(scanCaptureFile(temp), io(/a folder, not a file/));
  const fifo = join(temp, 'fifo.pcap');
  // A FIFO without a writer would block a reader forever: it is refused before opening.
  if (spawnSync('mkfifo', [fifo]).status === 0) await assert.rejects(scanCaptureFile(fifo), io(/not a regular file/));
});

test('a capture streamed in chunks keeps memory bounded, whatever the file size', FUZZ_TIMEOUT, () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const segment = (i: number) => {
    const seg = { timeNs: BigInt(i) * 1000n, fromClient: true, flags: PSH | ACK, seq: i * 1000, ack: 1, window: 1, len: 1000 };
    return { timeNs: seg.timeNs, data: ethernet(ipPacket(seg, V4), ETHERTYPE_IPV4) };
  };
  // 64 records, not a whole number of 64 KiB chunks: records straddle chunks.
  const template = pcapFile({ littleEndian: true, nanoseconds: false, linkType: 1 }, Array.from({ length: 64 }, (_, i) => segment(i)));
  const records = template.subarray(24);
  const scanner = new CaptureScanner();
  scanner.push(template.subarray(0, 24));
  gc();
  const baseline = process.memoryUsage().arrayBuffers;
  let growth = 0;
  const chunkSize = 64 * 1024;
  const total = records.length * 4096; // about 280 MB
  for (let sent = 0, i = 0; sent < total; sent += chunkSize, i++) {
    // A fresh buffer per chunk, as a file stream gives.
    const chunk = new Uint8Array(Math.min(chunkSize, total - sent));
    for (let k = 0; k < chunk.length; k++) chunk[k] = records[(sent + k) % records.length];
    scanner.push(chunk);
    if (i % 512 === 0) {
      gc();
      growth = Math.max(growth, process.memoryUsage().arrayBuffers - baseline);
    }
  }
  assert.equal(scanner.finish().frames, 64 * 4096);
  // Keeping the chunks would grow by the whole 280 MB; allow for allocator noise.
  assert.ok(growth < 16 * 1024 * 1024, `memory grew by ${growth} bytes while reading ${total}`);
});
