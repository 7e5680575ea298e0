// One benchmark process: parse + check throughput on a generated flow, against
// a raw character-scan loop over the same text in the same run, and memory.
// Run in a fresh process (with --expose-gc) so the memory figures are its own.
import { analyze, type Analysis } from '../server/src/language/analysis';
import { reanalyze } from '../server/src/language/incremental';
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
const droppedMs: number[] = [];
let sink = 0;
// Each analysis is timed as a host runs it: the one it serves from stays alive until the next replaces it (the
// language server's document, or the input of an incremental analysis). The collections forced between runs then
// leave V8 the object shapes its optimized code was made for.
let held: Analysis | undefined;
const serve = (t: string) => (held = analyze(t)).diagnostics().length;
for (let i = 0; i < RUNS; i++) {
  scanMs.push(time(() => (sink += rawScan(text))));
  gc();
  analyzeMs.push(time(() => (sink += serve(text))));
  gc();
  gapMs.push(time(() => (sink += serve(gapped))));
  gc();
}
// The same runs with nothing held between them: a full collection then finds no object of the shapes the optimized
// code checks for, V8 discards that code, and each run goes part of its way unoptimized while it is made again. A
// host's collections come from allocating, while an analysis lives, and an editor keeps each open document's; the
// bench forces them between runs instead: this row shows what that costs.
held = undefined;
for (let i = 0; i < RUNS; i++) {
  scanMs.push(time(() => (sink += rawScan(text))));
  gc();
  droppedMs.push(time(() => (sink += analyze(text).diagnostics().length)));
}
gc();

// The heap and the typed arrays' buffers outside it: an analysis keeps most of its numbers there.
const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
gc();
const before = used();
serve(text);
const kept = held!;
gc();
const retained = used() - before;
const queued = analyze(gapped).result.steps.at(-1)!.after[0].ooo?.length ?? 0;
const errors = kept.diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning').length;

// Edits in the middle that change what follows (a line commented out, a
// timestamp's first digit deleted), one after another on a 100,000-line flow:
// the incremental analysis re-checks the rest of the flow, and must cost about
// what a fresh analysis does, not more.
const EDITS = 12;
const editMs: number[] = [];
const freshMs: number[] = [];
const sample = generateFlow(200_000);
let edited = analyze(generateFlow(Math.round((100_000 * sample.length) / sample.split('\n').length)));
for (let i = 0; i < EDITS; i++) {
  const at = edited.text.indexOf('\n', Math.floor(edited.text.length / 2) + i * 97) + 1;
  const edit = i % 2 === 0 ? { start: at, end: at, text: '#' } : { start: at, end: at + 1, text: '' };
  // Each timed from a collected heap, as the throughput runs are: neither pays for the other's garbage.
  gc();
  editMs.push(time(() => (sink += (edited = reanalyze(edited, [edit])).diagnostics().length)));
  // The fresh analysis gets the new version's text as an editor builds it, joined from pieces of the old one (as the
  // edit's is): each pays for flattening its text once, not only the analysis that happens to read it first.
  const joined = edited.text.slice(0, at) + edited.text.slice(at);
  gc();
  freshMs.push(time(() => (sink += analyze(joined).diagnostics().length)));
}
const worst = editMs.reduce((w, ms, i) => Math.max(w, ms / freshMs[i]), 0);
gc();

process.stdout.write(JSON.stringify({
  editMedianMs: median(editMs), editMaxMs: Math.max(...editMs), freshMedianMs: median(freshMs), worstEditRatio: worst,
  bytes, lines: kept.result.steps.length, errors, sink,
  scanMs: median(scanMs), analyzeMs: median(analyzeMs), gapMs: median(gapMs), droppedMs: median(droppedMs), queued,
  retainedBytes: retained, peakRssBytes: process.resourceUsage().maxRSS * 1024,
}) + '\n');
