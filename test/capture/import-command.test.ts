// `tcpflow import`: options, exit codes, the connection list, and safe output files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { convertConnection } from '../../server/src/capture/convert';
import { scanCapture } from '../../server/src/capture/scan';
import { runImport } from '../../server/src/cli/commands/import';
import type { CliIO } from '../../server/src/cli/io';
import { SYN } from '../../server/src/capture/tcp';
import { ethernet, ETHERTYPE_IPV4, ipPacket, pcapFile } from './builders';
import { FIXTURES, handshakeFlow, V4 } from './make-synthetic';

const temp = mkdtempSync(join(tmpdir(), 'tcpflow-import-'));
after(() => rmSync(temp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => Buffer.alloc(0),
    cwd: FIXTURES,
  };
  const code = await runImport(args, io);
  return { code, stdout, stderr };
}

const VLAN = 'synthetic/vlan.pcap'; // two connections
const SINGLE = 'loopback/lost-data.pcap';

test('--help prints the usage', async () => {
  const r = await run('--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: tcpflow import \[options\] FILE\.pcap\|FILE\.pcapng\n/);
  assert.match(r.stdout, /--list/);
});

test('bad usage exits 2 with the reason and the usage', async () => {
  const cases: [string[], RegExp][] = [
    [[], /no capture file given/],
    [[SINGLE, VLAN], /one capture file at a time/],
    [[SINGLE, '--bogus'], /unknown option --bogus/],
    [[SINGLE, '--stream', 'x'], /--stream x: expected a whole number from 0/],
    [[SINGLE, '--port', '70000'], /--port 70000: expected a whole number from 0 to 65535/],
    [[SINGLE, '--stream', '0', '--port', '80'], /give one/],
    [[SINGLE, '--list', '-o', 'x.tcpflow'], /--list prints the connections/],
    [[SINGLE, '--force'], /--force only applies with -o FILE/],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^tcpflow import: [^\n]*\n$/, 'one line');
    assert.equal(r.stdout, '');
  }
});

test('a capture that cannot be read exits 2; one without TCP exits 1', async () => {
  const cases: [string, number, RegExp][] = [
    ['missing.pcap', 2, /^tcpflow import: missing\.pcap: cannot read it: no such file\n$/],
    ['invalid/text.pcap', 2, /not a pcap or pcapng file: it looks like text/],
    ['invalid/truncated-record.pcap', 2, /the file ends inside the packet record at byte \d+/],
    ['invalid/bad-block-length.pcapng', 2, /impossible length/],
    ['invalid/no-tcp.pcap', 1, /none of the 2 packets is a TCP segment/],
    ['synthetic', 2, /a folder, not a file/],
  ];
  for (const [file, code, message] of cases) {
    const r = await run(file);
    assert.equal(r.code, code, file);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});

const TABLE = `stream  client              server            packets  bytes   duration  handshake
     0  10.0.0.1:40000      10.0.0.2:80            10    420  2.250000s  yes
     1  192.168.1.10:51000  192.168.1.20:443       10     12  2.250000s  yes
`;

test('--list prints every connection; --port or --stream narrows it', async () => {
  assert.deepStrictEqual(await run(VLAN, '--list'), { code: 0, stdout: TABLE, stderr: '' });
  const [header, , second] = TABLE.split('\n');
  assert.deepStrictEqual(await run(VLAN, '--list', '--port', '443'), { code: 0, stdout: `${header}\n${second}\n`, stderr: '' });
  const missing = await run(VLAN, '--list', '--stream', '7');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /there is no stream 7; the capture holds 2 TCP connections \(streams 0 to 1\)/);
});

test('with several connections and none chosen, it lists them and exits 2', async () => {
  const r = await run(VLAN);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `tcpflow import: ${VLAN}: the capture holds 2 TCP connections; choose one with --stream N or --port P:\n${TABLE}`);
  assert.equal(r.stdout, '');
});

test('--stream and --port choose the connection to convert', async () => {
  const byStream = await run(VLAN, '--stream', '1');
  assert.equal(byStream.code, 0);
  assert.match(byStream.stdout, /^# imported from vlan\.pcap, stream 1\nendpoint Client "192\.168\.1\.10:51000"\n/);
  assert.deepStrictEqual(await run(VLAN, '--port', '443'), byStream);
  const none = await run(VLAN, '--port', '9');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no connection uses port 9; the capture holds:\n/);
});

test('a port used by several connections is not a choice', async () => {
  const other = { client: { address: '10.0.0.7', port: 41000 }, server: V4.server };
  const records = [...handshakeFlow(), ...handshakeFlow()].map((seg, i) => ({
    timeNs: seg.timeNs + BigInt(i),
    data: ethernet(ipPacket(seg, i < 10 ? V4 : other), ETHERTYPE_IPV4),
  }));
  writeFileSync(join(temp, 'two-on-80.pcap'), pcapFile({ littleEndian: true, nanoseconds: true, linkType: 1 }, records));
  const r = await run(join(temp, 'two-on-80.pcap'), '--port', '80');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /port 80 is used by 2 TCP connections; choose one with --stream N or --port P:\n/);
});

test('a single connection converts without a choice, to standard output', async () => {
  const r = await run(SINGLE);
  const bytes = readFileSync(join(FIXTURES, SINGLE));
  const expected = convertConnection(scanCapture(bytes, () => true).selected!, { source: 'lost-data.pcap' });
  assert.deepStrictEqual(r, { code: 0, stdout: expected, stderr: '' });
  const relative = await run(SINGLE, '--relative');
  assert.match(relative.stdout, /relative sequence numbers\n[^]*: SYN seq=0 /);
});

test('-o writes the file, refuses to overwrite it without --force, and leaves no temporary file', async () => {
  const dir = join(temp, 'out');
  mkdirSync(dir);
  const out = join(dir, 'flow.tcpflow');
  const expected = (await run(SINGLE)).stdout;
  assert.deepStrictEqual(await run(SINGLE, '-o', out), { code: 0, stdout: '', stderr: '' });
  assert.equal(readFileSync(out, 'utf8'), expected);

  writeFileSync(out, 'keep me\n');
  const refused = await run(SINGLE, '-o', out);
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr, `tcpflow import: ${out}: exists; not replaced (use --force to replace it)\n`);
  assert.equal(readFileSync(out, 'utf8'), 'keep me\n');

  assert.equal((await run(SINGLE, '--output', out, '--force')).code, 0);
  assert.equal(readFileSync(out, 'utf8'), expected);
  assert.deepStrictEqual(readdirSync(dir), ['flow.tcpflow']);
});

test('--force never replaces the capture being imported', async () => {
  const dir = join(temp, 'self');
  mkdirSync(dir);
  const capture = join(dir, 'lost-data.pcap');
  writeFileSync(capture, readFileSync(join(FIXTURES, SINGLE)));
  const before = readFileSync(capture);
  const r = await run(capture, '-o', capture, '--force');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `tcpflow import: ${capture}: the capture being imported: not replaced\n`);
  assert.deepStrictEqual(readFileSync(capture), before);
});

test('an output that cannot be written exits 1 and leaves what was there', async () => {
  const missingDir = await run(SINGLE, '-o', join(temp, 'no', 'such', 'dir', 'x.tcpflow'));
  assert.equal(missingDir.code, 1);
  assert.match(missingDir.stderr, /no such file or folder/);
  const dir = join(temp, 'occupied');
  mkdirSync(join(dir, 'flow.tcpflow'), { recursive: true });
  const ontoFolder = await run(SINGLE, '-o', join(dir, 'flow.tcpflow'), '--force');
  assert.equal(ontoFolder.code, 1);
  assert.deepStrictEqual(readdirSync(dir), ['flow.tcpflow']);
  assert.deepStrictEqual(readdirSync(join(dir, 'flow.tcpflow')), []);
});

test('on a file system without hard links, -o still refuses to overwrite', async (t) => {
  const noLinks = t.mock.method(fsPromises, 'link', async () => {
    throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
  });
  const dir = join(temp, 'no-links');
  mkdirSync(dir);
  const out = join(dir, 'flow.tcpflow');
  assert.equal((await run(SINGLE, '-o', out)).code, 0);
  assert.equal(readFileSync(out, 'utf8'), (await run(SINGLE)).stdout);
  assert.equal((await run(SINGLE, '-o', out)).code, 2);
  assert.equal(noLinks.mock.callCount(), 2);
  assert.deepStrictEqual(readdirSync(dir), ['flow.tcpflow']);
});

/** A capture of `count` connections, one SYN each, from clients 10.x.y.z:40000 (the host part counts them) to 10.255.0.1:80. */
function manyConnections(count: number): Uint8Array {
  const frame = ethernet(ipPacket({ timeNs: 0n, fromClient: true, flags: SYN, seq: 1, ack: 0, window: 1024, len: 0 }, V4), ETHERTYPE_IPV4);
  const file = Buffer.alloc(24 + count * (16 + frame.length));
  file.set(pcapFile({ littleEndian: true, nanoseconds: false, linkType: 1 }, []));
  for (let i = 0, at = 24; i < count; i++, at += 16 + frame.length) {
    file.writeUInt32LE(frame.length, at + 8);
    file.writeUInt32LE(frame.length, at + 12);
    file.set(frame, at + 16);
    file.writeUInt32BE((10 << 24) | i, at + 16 + 14 + 12); // IPv4 source
    file.writeUInt32BE((10 << 24) | (255 << 16) | 1, at + 16 + 14 + 16); // IPv4 destination
  }
  return file;
}

test('--list of 200,000 connections prints them all', async () => {
  const file = join(temp, 'many.pcap');
  writeFileSync(file, manyConnections(200_000));
  const r = await run(file, '--list');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 200_002);
  // The widest client label is 10.2.255.255:40000.
  assert.equal(lines[0], 'stream  client              server         packets  bytes   duration  handshake');
  assert.equal(lines[1], '     0  10.0.0.0:40000      10.255.0.1:80        1      0  0.000000s  no');
  assert.equal(lines[200_000], '199999  10.3.13.63:40000    10.255.0.1:80        1      0  0.000000s  no');
  assert.equal(lines[200_001], '');
});
