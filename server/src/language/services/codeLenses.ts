// Code lenses: the initial states that no `endpoint` line declares, above the
// line where the endpoints first appear. Shown there rather than as hints at
// the start of the line, they never push the first segment out of view, and
// they name the columns of the state hints that follow (`CLOSED │ LISTEN`).
import type { Analysis } from '../analysis';

export interface CodeLens {
  /** Start of the line the lens stands above. */
  readonly offset: number;
  readonly title: string;
  readonly tooltip: string;
}

const TOOLTIP = 'Initial states inferred from the first segments (an `endpoint NAME STATE` line declares one)';

export function codeLenses(a: Analysis): CodeLens[] {
  const byLine = new Map<number, string[]>();
  for (const inf of a.result.inferences) {
    // The checker gives these first, at the start of the line of the endpoint's first use.
    if (inf.kind !== 'initial') break;
    if (inf.insert !== undefined) continue;
    const titles = byLine.get(inf.offset) ?? [];
    titles.push(inf.label);
    byLine.set(inf.offset, titles);
  }
  return [...byLine].map(([offset, titles]) => ({ offset, title: titles.join(' │ '), tooltip: TOOLTIP }));
}
