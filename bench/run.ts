// `npm run bench`: every benchmark, each against a baseline measured in the same
// run, printed as a table. Not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { writeBulkCapture } from './capture-file';
import { cliLargeBench } from './cli-large';
import { lspLatency } from './lsp-latency';
import { previewBench } from './preview';
import { vscodeBench } from './vscode';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist', 'bench');

/** Bundles a benchmark like the shipped code is bundled, and runs it in a fresh process. */
async function runBundled(entry: string, args: string[], nodeArgs: string[] = []): Promise<Record<string, number>> {
  mkdirSync(OUT, { recursive: true });
  const outfile = join(OUT, entry.replace(/\.ts$/, '.js'));
  await esbuild.build({ entryPoints: [join(ROOT, 'bench', entry)], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  const r = spawnSync(process.execPath, [...nodeArgs, outfile, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${entry} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const fmt = (n: number, d = 1) => n.toFixed(d);

async function parseCheck(): Promise<void> {
  const r = await runBundled('parse-check.ts', ['10', '5'], ['--expose-gc']);
  const scan = mbps(r.bytes, r.scanMs);
  const full = mbps(r.bytes, r.analyzeMs);
  console.log(`\nParse + check, generated flow of ${fmt(r.bytes / 1e6)} MB (${r.lines} statements, ${r.errors} errors/warnings), median of 5:`);
  console.log(`  raw character scan     ${fmt(r.scanMs).padStart(8)} ms  ${fmt(scan).padStart(7)} MB/s  (baseline)`);
  console.log(`  parse + check          ${fmt(r.analyzeMs).padStart(8)} ms  ${fmt(full).padStart(7)} MB/s  ratio ${fmt(full / scan, 3)} (target ≥ 0.333)`);
  console.log(`  retained heap          ${fmt(r.retainedBytes / 1e6).padStart(8)} MB   (${fmt(r.retainedBytes / r.bytes)} bytes per byte of text)`);
  console.log(`  peak RSS of the process ${fmt(r.peakRssBytes / 1e6).padStart(7)} MB`);
}

async function importBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-bench-'));
  try {
    const file = join(dir, 'bulk.pcap');
    const packets = writeBulkCapture(file, 50e6);
    const bytes = statSync(file).size;
    const r = await runBundled('import-run.ts', [file]);
    const ours = mbps(bytes, r.ms);
    console.log(`\nImport of a ${fmt(bytes / 1e6)} MB pcap (${packets} packets, one connection):`);
    console.log(`  tcpflow import        ${fmt(r.ms).padStart(8)} ms  ${fmt(ours).padStart(7)} MB/s  peak RSS ${fmt(r.peakRssBytes / 1e6)} MB, flow ${fmt(r.flowBytes / 1e6)} MB`);
    const t0 = process.hrtime.bigint();
    const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.seq', '-e', 'tcp.ack', '-e', 'tcp.len', '-e', 'tcp.flags'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const tsharkMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (tshark.error || tshark.status !== 0) console.log('  tshark                 not installed: no comparison');
    else console.log(`  tshark -T fields      ${fmt(tsharkMs).padStart(8)} ms  ${fmt(mbps(bytes, tsharkMs)).padStart(7)} MB/s  tcpflow is ${fmt(tsharkMs / r.ms, 2)}× tshark's speed`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- lsp parse-check`: only the groups named (all of them without a name). */
const GROUPS: Record<string, () => Promise<void>> = {
  'parse-check': parseCheck,
  import: importBench,
  lsp: lspLatency,
  'cli-large': cliLargeBench,
  preview: previewBench,
  vscode: vscodeBench,
};

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const unknown = named.filter((g) => !(g in GROUPS));
  if (unknown.length) throw new Error(`unknown benchmark group ${unknown.join(', ')}: the groups are ${Object.keys(GROUPS).join(', ')}`);
  for (const [name, run] of Object.entries(GROUPS)) if (!named.length || named.includes(name)) await run();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
