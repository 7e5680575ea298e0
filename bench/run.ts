// `npm run bench`: every benchmark (or the groups named: `npm run bench --
// preview`), each against a baseline measured in the same run, printed as a
// table. Not a test: nothing here fails on a slow machine.
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
  console.log(`  nothing held between runs ${fmt(r.droppedMs).padStart(6)} ms  ${fmt(mbps(r.bytes, r.droppedMs)).padStart(7)} MB/s  ratio ${fmt(mbps(r.bytes, r.droppedMs) / scan, 3)} (a forced collection with no analysis alive makes V8 discard its optimized code; a host keeps one alive)`);
  console.log(`  with a missed segment  ${fmt(r.gapMs).padStart(8)} ms  ${fmt(mbps(r.bytes, r.gapMs)).padStart(7)} MB/s  ${fmt(r.gapMs / r.analyzeMs, 2)}× the flow without (${r.queued} segments queued behind the gap at the end)`);
  console.log(`  retained memory        ${fmt(r.retainedBytes / 1e6).padStart(8)} MB   (${fmt(r.retainedBytes / r.bytes)} bytes per byte of text, typed arrays included; target ≤ 8)`);
  console.log(`  12 edits in the middle of a 100k-line flow that change what follows, each timed from a collected heap: incremental median ${fmt(r.editMedianMs)} ms, max ${fmt(r.editMaxMs)} ms; fresh analysis median ${fmt(r.freshMedianMs)} ms; worst edit ${fmt(r.worstEditRatio, 2)}× its fresh analysis (target ≤ 1)`);
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

/** Import of a capture with one segment never captured against the same capture whole, both in this run. */
async function importHoleBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-bench-'));
  const capture = (name: string, bytes: number, holeAt?: number) => {
    const file = join(dir, name);
    return { file, packets: writeBulkCapture(file, bytes, holeAt) };
  };
  const row = (label: string, r: Record<string, number>) =>
    `  ${label.padEnd(26)}${fmt(r.ms).padStart(9)} ms  CPU ${fmt(r.cpuMs).padStart(9)} ms  peak RSS ${fmt(r.peakRssBytes / 1e6).padStart(7)} MB  (${r.uncaptured} segment${r.uncaptured === 1 ? '' : 's'} not captured)`;
  try {
    const whole = capture('whole.pcap', 200e6);
    const holed = capture('hole.pcap', 200e6, 0.01);
    // Alternated, the faster of two runs each: the machine's load weighs on both alike.
    const runs: Record<string, number>[][] = [[], []];
    for (let round = 0; round < 2; round++) {
      runs[0].push(await runBundled('import-run.ts', [whole.file]));
      runs[1].push(await runBundled('import-run.ts', [holed.file]));
    }
    const [a, b] = runs.map((r) => r.reduce((x, y) => (y.cpuMs < x.cpuMs ? y : x)));
    console.log(`\nImport of a 200 MB pcap (${whole.packets} packets), whole and without one data segment after the first 1% (never captured), the faster of 2 runs:`);
    console.log(row('whole', a));
    console.log(row('with the hole', b));
    console.log(
      `  ratio with/without hole: time ${fmt(b.ms / a.ms, 2)}, CPU ${fmt(b.cpuMs / a.cpuMs, 2)} (target ≤ 1.5), peak RSS ${fmt(b.peakRssBytes / a.peakRssBytes, 2)} (target ≤ 2)`,
    );
    console.log('\nImport of N segments after a segment never captured (each in a fresh process):');
    for (const n of [10_000, 20_000, 40_000]) {
      // A round of the bulk transfer is 370 bytes for 3 packets.
      const c = capture(`hole-${n}.pcap`, (n * 370) / 3, 0);
      console.log(row(`${c.packets} packets`, await runBundled('import-run.ts', [c.file])));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const GROUPS: Record<string, () => Promise<void>> = {
  'parse-check': parseCheck,
  import: async () => {
    await importBench();
    await importHoleBench();
  },
  lsp: lspLatency,
  'cli-large': cliLargeBench,
  preview: previewBench,
  vscode: vscodeBench,
};

/** `npm run bench -- GROUP ...` runs those groups only. */
async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((g) => !(g in GROUPS));
  if (unknown.length > 0) {
    console.error(`bench: no group ${unknown.join(', ')}; the groups are ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  for (const [name, run] of Object.entries(GROUPS)) if (asked.length === 0 || asked.includes(name)) await run();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
