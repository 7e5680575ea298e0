// What several capture tests share: decoding fixtures, converting every
// connection of a capture, and asking tshark for its view of a file.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { convertConnection } from '../../server/src/capture/convert';
import { decodeTcpPacket, type TcpPacket } from '../../server/src/capture/packet';
import { readFrames } from '../../server/src/capture/reader';
import { scanCapture } from '../../server/src/capture/scan';
import { FIXTURES } from './make-synthetic';

export const LOOPBACK = join(FIXTURES, 'loopback');
export const SYNTHETIC = join(FIXTURES, 'synthetic');
export const INVALID = join(FIXTURES, 'invalid');
export const CAPTURE_SCRIPT = join(__dirname, 'capture-traces.py');

/** The loopback scenarios capture-traces.py records, each as NAME.pcap and NAME.pcapng. */
export const SCENARIOS = [
  'client-closes-first',
  'server-closes-first',
  'half-close',
  'rst-abort',
  'refused',
  'lost-data',
  'lost-fin',
  'simultaneous-close',
] as const;

export function filesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
}

export function tcpPackets(bytes: Uint8Array): TcpPacket[] {
  return readFrames(bytes).flatMap((f) => decodeTcpPacket(f) ?? []);
}

/** Every connection of a capture, converted. */
export function convertAll(bytes: Uint8Array, source: string, relative = false): string[] {
  const count = scanCapture(bytes).connections.length;
  return Array.from({ length: count }, (_, stream) =>
    convertConnection(scanCapture(bytes, (i) => i === stream).selected!, { source, relative }),
  );
}

export const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

function tsharkArgs(file: string, fields: readonly string[]): string[] {
  return ['-n', '-r', file, '-Y', 'tcp', '-T', 'fields', '-e', 'frame.number', ...fields.flatMap((f) => ['-e', f])];
}

function rowsOf(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
}

/** One row per TCP frame: the frame number, then the fields asked for. */
export function tsharkFields(file: string, fields: readonly string[]): string[][] {
  const run = spawnSync('tshark', tsharkArgs(file, fields), { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`tshark failed on ${file}: ${run.stderr}`);
  return rowsOf(run.stdout);
}

/** The same, without blocking: several tshark runs can overlap. */
export async function tsharkFieldsAsync(file: string, fields: readonly string[]): Promise<string[][]> {
  const { stdout } = await promisify(execFile)('tshark', tsharkArgs(file, fields), { timeout: 60_000 });
  return rowsOf(stdout);
}

/** The segment lines of a converted flow: who sent it, lost or not, and its fields. */
export interface FlowLine {
  readonly from: 'Client' | 'Server';
  readonly lost: boolean;
  readonly flags: string;
  readonly fields: Readonly<Record<string, number>>;
  readonly inBlock: boolean;
}

export function flowLines(text: string): FlowLine[] {
  const out: FlowLine[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line === 'simultaneous {') inBlock = true;
    else if (line === '}') inBlock = false;
    const m = /^\s*(?:[\d.]+ )?(Client|Server) (->|-x) (?:Client|Server) : (\S+) (.*)$/.exec(line);
    if (!m) continue;
    const fields = Object.fromEntries(m[4].split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
    out.push({ from: m[1] as FlowLine['from'], lost: m[2] === '-x', flags: m[3], fields, inBlock });
  }
  return out;
}

