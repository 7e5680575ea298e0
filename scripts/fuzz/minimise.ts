// Delta debugging (ddmin): the smallest input that still shows the finding,
// removing chunks of lines first, then of characters (or of bytes).
import { evaluate, signature, type Finding } from './cases';
import type { FuzzInput } from './targets';

/** Probes at most; each is a full evaluation of a candidate. */
const MAX_PROBES = 3000;

/** ddmin over a list of units: removes complements of ever finer chunks while `fails` holds. */
function ddmin<T>(units: T[], fails: (xs: T[]) => boolean, budget: { probes: number }): T[] {
  let n = 2;
  while (units.length >= 2 && budget.probes > 0) {
    const size = Math.ceil(units.length / n);
    let reduced = false;
    for (let i = 0; i < units.length && budget.probes > 0; i += size) {
      const rest = [...units.slice(0, i), ...units.slice(i + size)];
      budget.probes--;
      if (fails(rest)) {
        units = rest;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= units.length) break;
      n = Math.min(units.length, n * 2);
    }
  }
  return units;
}

const linesOf = (t: string) => t.split(/(?<=\n)/);

/** The smallest input found that still yields a finding with the same signature. */
export function minimise(input: FuzzInput, finding: Finding, seed: number, index: number): FuzzInput {
  const want = signature(finding);
  const shows = (candidate: FuzzInput) => evaluate(candidate, seed, index).some((f) => signature(f) === want);
  const budget = { probes: MAX_PROBES };
  if (input.kind === 'text') {
    const text = (t: string): FuzzInput => ({ kind: 'text', text: t });
    const lines = ddmin(linesOf(input.text), (ls) => shows(text(ls.join(''))), budget);
    const chars = ddmin([...lines.join('')], (cs) => shows(text(cs.join(''))), budget);
    return text(chars.join(''));
  }
  const bytes = (b: number[]): FuzzInput => ({ kind: 'capture', bytes: Uint8Array.from(b) });
  return bytes(ddmin([...input.bytes], (b) => shows(bytes(b)), budget));
}
