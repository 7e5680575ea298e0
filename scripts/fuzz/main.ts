// `npm run fuzz -- [--count N] [--seed S] [--workers W] [--timeout MS]`:
// mutated examples and capture fixtures through every target; prints a summary,
// saves each distinct finding minimised under fuzz-findings/, exits 1 on any.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCase } from './cases';
import { loadCorpus, ROOT } from './corpus';
import { firstOfEach, minimiseInWorker, runFuzz, type FuzzSummary, type Hit } from './pool';
import type { FuzzInput } from './targets';

const USAGE = 'usage: npm run fuzz -- [--count N] [--seed S] [--workers W] [--timeout MS]';
const OUT = join(ROOT, 'fuzz-findings');
const MINIMISE_LIMIT_MS = 30_000;

function options(argv: string[]): { count: number; seed: number; workers: number; timeoutMs: number } {
  const o = { count: 1_000_000, seed: 1, workers: 2, timeout: 10_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof typeof o;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isInteger(value) || value < 0) {
      console.error(`fuzz: bad option ${argv[i]} ${argv[i + 1] ?? ''}\n${USAGE}`);
      process.exit(2);
    }
    o[key] = value;
  }
  return { count: o.count, seed: o.seed, workers: Math.max(1, o.workers), timeoutMs: o.timeout };
}

/** One line: inputs, time, rate, and the findings by class. */
function summaryLine(s: FuzzSummary, seed: number): string {
  const count = (p: (k: string) => boolean) => s.hits.filter((h) => p(h.finding.kind)).length;
  const special = new Set(['throw', 'hang', 'crash']);
  const rate = s.inputs / (s.ms / 1000);
  return `fuzz: ${s.inputs} inputs in ${(s.ms / 1000).toFixed(1)} s (${rate.toFixed(0)} inputs/s), seed ${seed}: ` +
    `${count((k) => k === 'throw')} throws, ${count((k) => k === 'hang')} hangs, ${count((k) => k === 'crash')} crashes, ${count((k) => !special.has(k))} invariant breaks`;
}

const extension = (input: FuzzInput) => (input.kind === 'text' ? 'tcpflow' : 'pcap');
const contents = (input: FuzzInput) => (input.kind === 'text' ? input.text : input.bytes);

async function save(seed: number, hit: Hit, count: number, signature: string): Promise<string> {
  const original = makeCase(loadCorpus(), seed, hit.index).input;
  // Hangs are saved as found: each probe of a minimisation could take the whole time limit.
  const small = hit.finding.kind === 'hang' ? undefined : await minimiseInWorker(seed, original, hit, MINIMISE_LIMIT_MS);
  const dir = join(OUT, `${hit.finding.kind}-${hit.finding.target}-${createHash('sha1').update(signature).digest('hex').slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `original.${extension(original)}`), contents(original));
  if (small) writeFileSync(join(dir, `minimised.${extension(small)}`), contents(small));
  // The text again as JSON: a file written as UTF-8 turns a lone surrogate into U+FFFD.
  const exact = small?.kind === 'text' ? { minimisedText: small.text } : {};
  const record = { signature, seed, index: hit.index, occurrences: count, mutations: hit.ops, ...hit.finding, minimised: !!small, ...exact };
  writeFileSync(join(dir, 'finding.json'), `${JSON.stringify(record, null, 2)}\n`);
  return dir;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  let last = 0;
  const summary = await runFuzz({
    ...o,
    onProgress: (partial) => {
      if (Date.now() - last < 30_000) return;
      last = Date.now();
      console.error(`${summaryLine(partial, o.seed)} (of ${o.count})`);
    },
  });
  const groups = firstOfEach(summary.hits);
  for (const [signature, { hit, count }] of groups) {
    const dir = await save(o.seed, hit, count, signature);
    console.log(`${String(count).padStart(8)}  ${signature.slice(0, 160)}\n          first input ${hit.index}, saved in ${dir.slice(ROOT.length + 1)}`);
  }
  const byKind = new Map<string, number>();
  for (const h of summary.hits) byKind.set(h.finding.kind, (byKind.get(h.finding.kind) ?? 0) + 1);
  if (byKind.size) console.log(`by kind: ${[...byKind].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(summaryLine(summary, o.seed));
  process.exitCode = summary.hits.length ? 1 : 0;
}

void main();
