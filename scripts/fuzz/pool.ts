// The runner: hands batches of input indices to worker threads and watches
// them. A worker that starts no new input within the time limit is hung: it is
// terminated, the input recorded as a hang, and a fresh worker takes the rest.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeCase, signature, type Finding } from './cases';
import { loadCorpus } from './corpus';
import type { FromWorker, ToWorker, WorkerData } from './protocol';
import { TARGETS, type FuzzInput } from './targets';

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  readonly workers: number;
  /** Per-input time limit. */
  readonly timeoutMs: number;
  readonly onProgress?: (s: FuzzSummary) => void;
}

export interface Hit {
  readonly index: number;
  readonly ops: readonly string[];
  readonly finding: Finding;
}

export interface FuzzSummary {
  readonly inputs: number;
  readonly ms: number;
  readonly hits: readonly Hit[];
}

const BATCH = 250;
const WATCH_MS = 100;
/** Heap of one worker: an input that needs more is a finding, not the end of the run. */
const HEAP_MB = 2048;
const WORKER = join(__dirname, 'worker-boot.mjs');

function spawn(seed: number): { worker: Worker; progress: Int32Array } {
  const state = new SharedArrayBuffer(3 * 4);
  const data: WorkerData = { seed, state };
  const worker = new Worker(WORKER, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
  return { worker, progress: new Int32Array(state) };
}

interface Slot {
  worker: Worker;
  progress: Int32Array;
  batch?: { from: number; to: number };
  tick: number;
  tickAt: number;
  /** Set once the worker is being replaced, so that its exit is not a second finding. */
  retired: boolean;
}

export function runFuzz(o: FuzzOptions): Promise<FuzzSummary> {
  const corpus = loadCorpus();
  const started = Date.now();
  const queue: { from: number; to: number }[] = [];
  for (let from = 0; from < o.count; from += BATCH) queue.push({ from, to: Math.min(o.count, from + BATCH) });
  const hits: Hit[] = [];
  let done = 0;

  return new Promise((resolve) => {
    const slots: Slot[] = [];
    const finishIfIdle = () => {
      if (queue.length || slots.some((s) => s.batch)) return;
      clearInterval(watch);
      for (const s of slots) {
        s.retired = true;
        void s.worker.terminate();
      }
      resolve({ inputs: done, ms: Date.now() - started, hits });
    };
    const feed = (s: Slot) => {
      const batch = queue.shift();
      s.batch = batch;
      if (!batch) return finishIfIdle();
      s.tick = Atomics.load(s.progress, 1);
      s.tickAt = Date.now();
      s.worker.postMessage({ type: 'batch', ...batch } satisfies ToWorker);
    };
    /** The input under way in `s` ends the worker: record it, requeue the rest of its batch, start afresh. */
    const replace = (s: Slot, kind: 'hang' | 'crash', detail: string) => {
      if (s.retired) return;
      s.retired = true;
      void s.worker.terminate();
      const batch = s.batch;
      if (batch) {
        const index = Math.max(batch.from, Math.min(Atomics.load(s.progress, 0), batch.to - 1));
        const target = TARGETS[Atomics.load(s.progress, 2)] ?? 'startup';
        hits.push({ index, ops: makeCase(corpus, o.seed, index).ops, finding: { kind, target, detail } });
        done += index - batch.from + 1;
        if (index + 1 < batch.to) queue.unshift({ from: index + 1, to: batch.to });
        o.onProgress?.({ inputs: done, ms: Date.now() - started, hits });
      }
      slots[slots.indexOf(s)] = start();
    };
    const start = (): Slot => {
      const { worker, progress } = spawn(o.seed);
      const s: Slot = { worker, progress, tick: 0, tickAt: Date.now(), retired: false };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'findings') for (const finding of m.findings) hits.push({ index: m.index, ops: m.ops, finding });
        else if (m.type === 'done') {
          done += s.batch!.to - s.batch!.from;
          o.onProgress?.({ inputs: done, ms: Date.now() - started, hits });
          feed(s);
        }
      });
      worker.on('error', (e) => replace(s, 'crash', `${e.name}: ${e.message.split('\n')[0]}`));
      worker.on('exit', (code) => replace(s, 'crash', `worker exited with code ${code}`));
      feed(s);
      return s;
    };
    const watch = setInterval(() => {
      const now = Date.now();
      for (const s of slots) {
        if (!s.batch || s.retired) continue;
        const tick = Atomics.load(s.progress, 1);
        if (tick !== s.tick) {
          s.tick = tick;
          s.tickAt = now;
        } else if (now - s.tickAt > o.timeoutMs) replace(s, 'hang', `no result within ${o.timeoutMs} ms`);
      }
    }, WATCH_MS);
    for (let i = 0; i < Math.max(1, o.workers); i++) slots.push(start());
    finishIfIdle();
  });
}

/** The first hit of each signature, in input order. */
export function firstOfEach(hits: readonly Hit[]): Map<string, { hit: Hit; count: number }> {
  const out = new Map<string, { hit: Hit; count: number }>();
  for (const hit of [...hits].sort((x, y) => x.index - y.index)) {
    const key = signature(hit.finding);
    const seen = out.get(key);
    if (seen) seen.count++;
    else out.set(key, { hit, count: 1 });
  }
  return out;
}

/** Minimises a hit in a worker of its own, giving up (undefined) after `limitMs`: a smaller input may hang too. */
export function minimiseInWorker(seed: number, input: FuzzInput, hit: Hit, limitMs: number): Promise<FuzzInput | undefined> {
  const { worker } = spawn(seed);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), limitMs);
    const finish = (r: FuzzInput | undefined) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    worker.on('message', (m: FromWorker) => m.type === 'minimised' && finish(m.input));
    worker.on('error', () => finish(undefined));
    worker.postMessage({ type: 'minimise', input, finding: hit.finding, index: hit.index } satisfies ToWorker);
  });
}
