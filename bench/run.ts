// `npm run bench`: every benchmark, each against a baseline measured in the same
// run, printed as a table. Not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

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

async function main(): Promise<void> {
  await parseCheck();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
