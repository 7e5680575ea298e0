// What an edit does to a flow, for the code actions that must keep their
// promise: a fix removes its finding, a fill keeps what the flow does, and
// neither touches a line that only its syntax error's own fixes may change.
import { analyze, type Analysis } from '../analysis';
import { BREAKING } from '../check/catalogue';
import { parse } from '../syntax/parser';
import type { Finding, Fix, TextEdit } from '../check/diagnostic';

/** Applies sorted, non-overlapping edits. */
function applied(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** What a flow does, position-free: each step's states after it, outcome, flags and length. */
const replayOf = (a: Analysis) => JSON.stringify(a.result.steps.map((s) => [s.after.map((t) => t.state), s.outcome, s.segment?.flags, s.segment?.len]));

/** True when no code occurs more often in `after` than in `before`. */
function noNewFindings(before: Analysis, after: Analysis): boolean {
  const left = new Map<string, number>();
  for (const f of before.findings) left.set(f.code, (left.get(f.code) ?? 0) + 1);
  for (const f of after.findings) {
    const n = left.get(f.code) ?? 0;
    if (n === 0) return false;
    left.set(f.code, n - 1);
  }
  return true;
}

/** Characters parsed to verify syntax fixes, per analysis, and the most a version may spend. */
const verified = new WeakMap<Analysis, number>();
const VERIFY_BUDGET = 1_000_000;

/**
 * True when a syntax error's fix removes it and adds no other: a guess (a did-you-mean,
 * removing a duplicate) on a line already broken may make the rest of the line
 * read differently. The language is line-oriented, so the lines the fix edits
 * are parsed alone, before and after: a cost of the line, not of the file.
 */
export function keepsSyntax(a: Analysis, fix: Fix, code: string): boolean {
  const edits = [...fix.edits].sort((x, y) => x.start - y.start);
  if (!edits.length) return true;
  const from = a.lines.lineStart(a.lines.position(edits[0].start).line);
  const to = a.lines.lineEnd(a.lines.position(edits[edits.length - 1].end).line);
  // Bounded work per version: on a pathological line (thousands of errors on one long line) fixes past the budget are not offered.
  const spent = (verified.get(a) ?? 0) + 2 * (to - from);
  if (spent > VERIFY_BUDGET) return false;
  verified.set(a, spent);
  const lines = a.text.slice(from, to);
  const count = (text: string) => {
    const n = new Map<string, number>();
    for (const f of parse(text).findings) if (f.code.startsWith('TF1')) n.set(f.code, (n.get(f.code) ?? 0) + 1);
    return n;
  };
  const before = count(lines);
  const after = count(applied(lines, edits.map((e) => ({ ...e, start: e.start - from, end: e.end - from }))));
  for (const [c, n] of after) if (n > (before.get(c) ?? 0)) return false;
  // And it removes its own finding: one fewer of its code on these lines.
  return (after.get(code) ?? 0) < (before.get(code) ?? 0);
}

/**
 * True when writing the inferences keeps what the flow does. A number the
 * checker pinned only after the line was replayed (in a flow with errors) may
 * contradict what that line was checked against: written, it would change the flow.
 */
export function keepsFlow(a: Analysis, edits: readonly TextEdit[]): boolean {
  const b = analyze(applied(a.text, edits));
  return replayOf(b) === replayOf(a) && noNewFindings(a, b);
}

/**
 * True when, after the fix, the finding's line has no finding of its code. The
 * timeline fixes are guesses from the states before the line; in a flow broken
 * earlier the guess may not hold, and such a fix is not offered.
 */
export function resolves(a: Analysis, f: Finding, fix: Fix): boolean {
  const edits = [...fix.edits].sort((x, y) => x.start - y.start);
  const b = analyze(applied(a.text, edits));
  let at = f.start;
  for (const e of edits) if (e.end <= f.start) at += e.newText.length - (e.end - e.start);
  const line = b.lines.position(at).line;
  return !b.findings.some((g) => g.code === f.code && b.lines.position(g.start).line === line);
}

/** Lines with a syntax error that leaves them unusable (once per analysis). */
const broken = new WeakMap<Analysis, Set<number>>();
export function brokenLines(a: Analysis): Set<number> {
  let lines = broken.get(a);
  if (!lines) broken.set(a, (lines = new Set(a.findings.filter((g) => BREAKING.has(g.code)).map((g) => a.lines.position(g.start).line))));
  return lines;
}
