// Real Linux TCP connections captured on loopback: the committed ones, and
// fresh ones when this machine can capture. Each converts to the flow its
// scenario produces, checks clean, and reads as tshark reads it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { scanCapture } from '../../server/src/capture/scan';
import { ACK, RST } from '../../server/src/capture/tcp';
import { prerequisite } from '../helpers';
import { errorsAndWarnings } from './clean';
import {
  CAPTURE_SCRIPT,
  convertAll,
  flowLines,
  hasTshark,
  LOOPBACK,
  SCENARIOS,
  tcpPackets,
  tsharkFields,
  type FlowLine,
} from './helpers';

type Scenario = (typeof SCENARIOS)[number];

const firstFin = (lines: readonly FlowLine[]) => lines.find((l) => l.flags.includes('FIN'));

/** What each scenario's converted flow must show. */
const EXPECT: Record<Scenario, (lines: readonly FlowLine[], text: string) => void> = {
  'client-closes-first': (lines) => assert.equal(firstFin(lines)?.from, 'Client'),
  'server-closes-first': (lines) => assert.equal(firstFin(lines)?.from, 'Server'),
  'half-close': (lines) => {
    const fin = lines.indexOf(firstFin(lines)!);
    assert.equal(lines[fin].from, 'Client');
    assert.ok(
      lines.slice(fin + 1).some((l) => l.from === 'Server' && l.fields.len > 0),
      'the server sends data after the client half-closed',
    );
  },
  'rst-abort': (lines) => {
    assert.deepStrictEqual([lines.at(-1)?.from, lines.at(-1)?.flags], ['Client', 'RST+ACK']);
    assert.equal(firstFin(lines), undefined);
  },
  refused: (lines, text) => {
    assert.match(text, /endpoint Server "[^"]+" CLOSED\n/);
    assert.deepStrictEqual(lines.map((l) => l.flags), ['SYN', 'RST+ACK']);
    assert.equal(lines[1].fields.seq, 0);
    assert.equal(lines[1].fields.ack, (lines[0].fields.seq + 1) >>> 0);
  },
  'lost-data': (lines) => {
    const lost = lines.filter((l) => l.lost);
    assert.equal(lost.length, 1);
    assert.ok(lost[0].fields.len > 0);
    const again = lines.slice(lines.indexOf(lost[0]) + 1).find((l) => l.from === lost[0].from && l.fields.seq === lost[0].fields.seq);
    assert.deepStrictEqual([again?.lost, again?.fields.len], [false, lost[0].fields.len]);
  },
  'lost-fin': (lines) => {
    const lost = lines.filter((l) => l.lost);
    assert.deepStrictEqual(lost.map((l) => [l.from, l.flags]), [['Client', 'FIN+ACK']]);
    const again = lines.slice(lines.indexOf(lost[0]) + 1).find((l) => l.flags.includes('FIN'));
    assert.deepStrictEqual([again?.from, again?.lost, again?.fields.seq], ['Client', false, lost[0].fields.seq]);
  },
  'simultaneous-close': (lines) => {
    // Each side's first FIN was sent before the other's arrived.
    const fins = ['Client', 'Server'].map((side) => lines.find((l) => l.from === side && l.flags.includes('FIN')));
    assert.deepStrictEqual(fins.map((l) => l?.inBlock), [true, true]);
    const between = lines.slice(lines.indexOf(fins[0]!), lines.indexOf(fins[1]!) + 1);
    assert.ok(between.every((l) => l.inBlock), 'in the same block');
  },
};

function checkConversion(file: string, scenario: Scenario): void {
  const bytes = readFileSync(file);
  const scan = scanCapture(bytes);
  assert.equal(scan.connections.length, 1);
  assert.equal(scan.connections[0].handshake, scenario !== 'refused');
  for (const relative of [false, true]) {
    const [text] = convertAll(bytes, basename(file), relative);
    const lines = flowLines(text);
    assert.equal(lines.length, scan.tcpPackets, 'one line per segment');
    if (!relative) EXPECT[scenario](lines, text);
    assert.deepStrictEqual(errorsAndWarnings(text), [], `${relative ? '--relative ' : ''}${text}`);
  }
}

/**
 * tshark reads the same raw numbers, and --relative gives Wireshark's relative
 * numbers, except for a RST from a side that never showed its numbers (a
 * refused SYN's answer): it keeps seq 0, which the language reads as such.
 */
function checkWithTshark(file: string): void {
  const bytes = readFileSync(file);
  const packets = tcpPackets(bytes);
  const [text] = convertAll(bytes, basename(file), true);
  const rows = tsharkFields(file, ['tcp.seq_raw', 'tcp.ack_raw', 'tcp.len', 'tcp.flags', 'tcp.seq', 'tcp.ack']);
  assert.equal(rows.length, packets.length);
  flowLines(text).forEach((line, i) => {
    const p = packets[i];
    const [frame, seqRaw, ackRaw, len, flags, seq, ack] = rows[i];
    assert.deepStrictEqual([p.frame, p.seq, p.ack, p.payloadLength, p.flags], [frame, seqRaw, ackRaw, len, parseInt(flags, 16)].map(Number));
    if (!(p.flags & RST)) assert.equal(line.fields.seq, Number(seq), `frame ${frame} relative seq`);
    if (p.flags & ACK) assert.equal(line.fields.ack, Number(ack), `frame ${frame} relative ack`);
  });
}

/** The capture without the record of frame `drop` (from 1), as if the capture point had missed it. */
function withoutFrame(bytes: Uint8Array, drop: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = [0xa1b2c3d4, 0xa1b23c4d].includes(view.getUint32(0, true));
  const kept: Uint8Array[] = [bytes.subarray(0, 24)];
  for (let at = 24, frame = 1; at < bytes.length; frame++) {
    const next = at + 16 + view.getUint32(at + 8, littleEndian);
    if (frame !== drop) kept.push(bytes.subarray(at, next));
    at = next;
  }
  return Buffer.concat(kept);
}

test('a committed loopback capture missing any one data segment converts clean, the segment written as not captured', () => {
  for (const scenario of SCENARIOS) {
    const bytes = readFileSync(join(LOOPBACK, `${scenario}.pcap`));
    const packets = tcpPackets(bytes);
    for (const p of packets.filter((q) => q.payloadLength > 0)) {
      // A lost original leaves its retransmission: nothing is missing then.
      const resent = packets.some((q) => q !== p && q.src.port === p.src.port && q.seq === p.seq && q.payloadLength === p.payloadLength);
      for (const relative of [false, true]) {
        const [text] = convertAll(withoutFrame(bytes, p.frame), `${scenario}.pcap`, relative);
        const where = `${scenario} without frame ${p.frame}${relative ? ', relative' : ''}:\n${text}`;
        assert.equal(/\n(Client|Server) -> (Client|Server) : ACK seq=\d+ len=\d+ {3}# not captured\n/.test(text), !resent, where);
        assert.deepStrictEqual(errorsAndWarnings(text), [], where);
      }
    }
  }
});

/** `skipped`: what the capture script printed for the scenarios it could not run. */
async function checkCaptures(t: TestContext, dir: string, skipped = ''): Promise<void> {
  for (const scenario of SCENARIOS) {
    const reason = new RegExp(`^${scenario}: (skipped .*)$`, 'm').exec(skipped)?.[1];
    const pcap = join(dir, `${scenario}.pcap`);
    await t.test(scenario, (st) => {
      if (!prerequisite(st, reason ?? false)) return;
      checkConversion(pcap, scenario);
      // The pcapng copy, where editcap made one, holds the same packets.
      const pcapng = `${pcap}ng`;
      if (existsSync(pcapng)) {
        assert.deepStrictEqual(tcpPackets(readFileSync(pcapng)), tcpPackets(readFileSync(pcap)));
        checkConversion(pcapng, scenario);
      }
    });
    await t.test(`${scenario}: as tshark reads it`, (st) => {
      if (!prerequisite(st, reason ?? (hasTshark ? false : 'tshark is not installed (apt-get install tshark)'))) return;
      checkWithTshark(pcap);
    });
  }
}

test('the committed loopback captures', async (t) => {
  await checkCaptures(t, LOOPBACK);
});

/** Why this machine cannot capture, if it cannot. */
function cannotCapture(): string | undefined {
  if (process.getuid?.() !== 0) return 'capturing needs root';
  for (const tool of ['unshare', 'tcpdump', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

test('fresh loopback captures', { timeout: 180_000 }, async (t) => {
  if (!prerequisite(t, cannotCapture() ?? false)) return;
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-loopback-'));
  try {
    const run = spawnSync('python3', [CAPTURE_SCRIPT, dir], { encoding: 'utf8', timeout: 150_000 });
    if (!prerequisite(t, run.status === 77 && run.stderr.trim())) return;
    assert.equal(run.status, 0, run.stderr);
    await checkCaptures(t, dir, run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
