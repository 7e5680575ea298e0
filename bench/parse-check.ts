// One benchmark process: parse + check throughput on a generated flow, against
// a raw character-scan loop over the same text in the same run, and memory.
// Run in a fresh process (with --expose-gc) so the memory figures are its own.
import { analyze } from '../server/src/language/analysis';
import { generateFlow } from './generate';

const MB = Number(process.argv[2] ?? 10);
const RUNS = Number(process.argv[3] ?? 5);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Classifies every character the way a lexer would, without making tokens. */
function rawScan(text: string): number {
  let boundaries = 0;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const cls = c === 10 ? 1 : c === 32 || c === 9 ? 2 : (c >= 48 && c <= 57) ? 3 : ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 ? 4 : 5;
    if (cls !== prev) boundaries++;
    prev = cls;
  }
  return boundaries;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const text = generateFlow(MB * 1e6);
const bytes = Buffer.byteLength(text);
// The same flow from a capture that missed the server's first data segment: the
// client queues every later segment of the server's behind the gap, to the end.
const FIRST_DATA = /^(\S+ Server) -> (Client : PSH\+ACK)/m;
const gapped = text.replace(FIRST_DATA, '$1 -x $2');
const scanMs: number[] = [];
const analyzeMs: number[] = [];
const gapMs: number[] = [];
let sink = 0;
for (let i = 0; i < RUNS; i++) {
  scanMs.push(time(() => (sink += rawScan(text))));
  gc();
  analyzeMs.push(time(() => (sink += analyze(text).diagnostics().length)));
  gc();
  gapMs.push(time(() => (sink += analyze(gapped).diagnostics().length)));
  gc();
}

gc();
const before = process.memoryUsage().heapUsed;
const kept = analyze(text);
kept.diagnostics();
gc();
const retained = process.memoryUsage().heapUsed - before;
const queued = analyze(gapped).result.steps.at(-1)!.after[0].ooo?.length ?? 0;
const errors = kept.diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning').length;

process.stdout.write(JSON.stringify({
  bytes, lines: kept.result.steps.length, errors, sink,
  scanMs: median(scanMs), analyzeMs: median(analyzeMs), gapMs: median(gapMs), queued,
  retainedBytes: retained, peakRssBytes: process.resourceUsage().maxRSS * 1024,
}) + '\n');
