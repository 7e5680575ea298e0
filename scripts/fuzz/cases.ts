// One fuzz case: the input made for (seed, index), and what running it finds.
import type { Corpus } from './corpus';
import { mutateBytes, mutateText } from './mutate';
import { Rng } from './rng';
import { runCapture, runText, type FuzzInput, type TargetName } from './targets';

/** Share of the inputs that are captures (they are cheaper than text, which goes through every service). */
const CAPTURE_SHARE = 0.2;

export interface Case {
  readonly index: number;
  readonly input: FuzzInput;
  /** The mutators applied, for the saved report. */
  readonly ops: readonly string[];
}

export function makeCase(corpus: Corpus, seed: number, index: number): Case {
  const r = new Rng(seed, index);
  if (r.chance(CAPTURE_SHARE) && corpus.captures.length) {
    const { bytes, ops } = mutateBytes(r, r.pick(corpus.captures), r.pick(corpus.captures));
    return { index, input: { kind: 'capture', bytes }, ops };
  }
  const { text, ops } = mutateText(r, r.pick(corpus.texts), r.pick(corpus.texts));
  return { index, input: { kind: 'text', text }, ops };
}

export interface Finding {
  /** `throw`, `hang`, `crash`, or an invariant's name. */
  readonly kind: string;
  readonly target: string;
  readonly detail: string;
}

/** Kinds whose cause (the detail up to its colon) does not depend on the service that shows them. */
const ONE_CAUSE = new Set(['lsp-position', 'surrogate-split']);

/** Groups findings that are one defect: same kind and target, numbers and quoted text aside. */
export function signature(f: Finding): string {
  if (ONE_CAUSE.has(f.kind)) return `${f.kind} ${f.detail.slice(0, f.detail.indexOf(':'))}`;
  const detail = f.detail.replace(/"[^"]*"/g, '"…"').replace(/TF\d{3}|\d+/g, (m) => (m.startsWith('TF') ? m : 'N'));
  return `${f.kind} ${f.target}: ${detail}`;
}

/** The place a throw comes from: its message and the first frame in tcpflow's own code. */
function describeThrow(e: unknown): string {
  if (!(e instanceof Error)) return `non-error thrown: ${String(e)}`;
  const frame = e.stack?.split('\n').find((l) => l.includes('/server/src/'))?.trim().replace(/^at /, '').replace(/:\d+\)?$/, '').replace(/.*\/server\/src\//, '') ?? '';
  return `${e.name}: ${e.message.split('\n')[0].slice(0, 200)}${frame ? ` (${frame})` : ''}`;
}

/** Every finding of one input; the generator for offsets and options comes from (seed, index), as when the input was made. */
export function evaluate(input: FuzzInput, seed: number, index: number, onTarget?: (name: TargetName) => void): Finding[] {
  const out: Finding[] = [];
  // A stream apart from the one that made the input.
  const r = new Rng(seed ^ 0x5bd1e995, index);
  let target = '';
  const seen = new Set<string>();
  const add = (f: Finding) => {
    // One of each defect per input: a lone CR shifts every later position.
    const key = signature(f);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  const report = (kind: string, detail: string) => add({ kind, target, detail });
  const run = (name: TargetName, body: () => void) => {
    target = name;
    onTarget?.(name);
    try {
      body();
    } catch (e) {
      add({ kind: 'throw', target: name, detail: describeThrow(e) });
    }
  };
  if (input.kind === 'text') runText(input.text, r, run, report);
  else runCapture(input.bytes, r, run, report);
  return out;
}
