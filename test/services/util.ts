// Shared by the service tests: a cursor marker in a flow, and applying edits.
import { readFileSync } from 'node:fs';
import { analyze, type Analysis } from '../../server/src/language/analysis';
import type { TextEdit } from '../../server/src/language/check/diagnostic';
import { STATE_NAMES } from '../../server/src/language/tcp/states';
import { EXAMPLES, flowFiles } from '../helpers';

/** A flow with `|` where the cursor is: the analysis of the text without it, and the offset. */
export function at(marked: string): { a: Analysis; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | in the flow');
  return { a: analyze(marked.slice(0, offset) + marked.slice(offset + 1)), offset };
}

/** Offset of the n-th (0-based) occurrence of `needle` in `text`, plus `delta`. */
export function offsetOf(text: string, needle: string, delta = 0, n = 0): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' not found`);
  }
  return i + delta;
}

/** Applies non-overlapping edits; inserts at one offset keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((x, y) => x.e.start - y.e.start || x.i - y.i).map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export const examples = (): { name: string; text: string }[] =>
  flowFiles(EXAMPLES).map((f) => ({ name: f.slice(EXAMPLES.length + 1), text: readFileSync(f, 'utf8') }));

/** What a flow does, position-free: each step's states after it, outcome and resolved flags/length, and the codes found. */
export function behaviour(a: Analysis): string {
  return JSON.stringify({
    codes: a.findings.map((f) => f.code),
    steps: a.result.steps.map((s) => [s.stmt.kind, s.after.map((t) => STATE_NAMES[t.state]), s.outcome, s.segment?.flags, s.segment?.len]),
  });
}
