// The next version's analysis from the previous one and the edits: only the
// lines an edit touches are parsed again (whole `simultaneous` blocks, and on
// until the parser is outside a block where the previous parse was too), the
// statements below are moved, and the check resumes from the last checkpoint
// before the edit until its state joins the previous run's (check/resume.ts).
// The result equals a fresh `analyze` of the new text.
import { analyze, assemble, takeOver, type Analysis } from './analysis';
import { checkEdited } from './check/checker';
import { moveFinding, type Finding } from './check/diagnostic';
import type { Statement } from './syntax/ast';
import { moveStatement } from './syntax/move';
import { parseLines } from './syntax/parser';

/** Replaces the text from `start` to `end` with `text`; offsets are in the text as the edits before it left it. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The analysis of `previous.text` with `edits` applied in order. `previous` is
 * taken over: its statements after the edit move to the new analysis, so it must
 * not be read afterwards (a second call on it analyses the new text afresh).
 */
export function reanalyze(previous: Analysis, edits: readonly OffsetEdit[]): Analysis {
  const applied = applyEdits(previous.text, edits);
  const state = takeOver(previous);
  if (!state) return analyze(applied.text);
  if (!applied.changed) return assemble(previous.file, state.parseFindings, state.run);
  const old = previous.text;
  const text = applied.text;
  const delta = text.length - old.length;
  const stmts = previous.file.statements;

  // The lines the edit touches, widened to whole blocks.
  let from = lineStart(old, applied.start);
  let to = lineEnd(old, applied.oldEnd);
  let first = firstEndingAtOrAfter(stmts, old, from);
  if (first < stmts.length && stmts[first].start < from) from = lineStart(old, stmts[first].start);
  let after = firstStartingAtOrAfter(stmts, to);
  if (after > 0 && reach(stmts[after - 1], old) >= to) to = lineEnd(old, reach(stmts[after - 1], old));
  first = firstEndingAtOrAfter(stmts, old, from);

  // Parse again from there, until a line start past the edit where neither parse is inside a block.
  const parsed = parseLines(text, from, (at) => {
    if (at < to + delta) return false;
    const k = firstStartingAtOrAfter(stmts, at - delta);
    return k === 0 || reach(stmts[k - 1], old) < at - delta;
  });
  const stop = parsed.end - delta;
  after = firstStartingAtOrAfter(stmts, stop);

  if (delta) for (let k = after; k < stmts.length; k++) moveStatement(stmts[k], delta);
  const statements: Statement[] = stmts.slice(0, first).concat(parsed.file.statements, stmts.slice(after));
  const parseFindings: Finding[] = [
    ...state.parseFindings.filter((f) => f.start < from),
    ...parsed.findings,
    // At the end of a text without a final line break, a finding at `stop` belongs to the last line.
    ...(stop < old.length ? state.parseFindings : []).filter((f) => f.start >= stop).map((f) => (delta ? moveFinding(f, (x) => x + delta) : f)),
  ];
  const file = { text, statements };
  const lines = countLines(text, from, parsed.end) - countLines(old, from, stop);
  const run = checkEdited(
    file, state.run,
    { from: first, removed: after - first, added: parsed.file.statements.length, at: stop, delta, lines },
    { removed: stmts.slice(first, after), added: parsed.file.statements, from, at: stop, delta },
  );
  return assemble(file, parseFindings, run);
}

/** The new text, and the part of the old one the edits replaced: old[start, oldEnd) (the rest is unchanged, moved). */
function applyEdits(text: string, edits: readonly OffsetEdit[]): { text: string; changed: boolean; start: number; oldEnd: number } {
  let start = Infinity;
  let end = -1; // in the current text
  let oldEnd = -1;
  for (const e of edits) {
    const s = Math.max(0, Math.min(e.start, text.length));
    const t = Math.max(s, Math.min(e.end, text.length));
    if (end < 0) {
      oldEnd = t;
      end = s + e.text.length;
    } else {
      const reached = Math.max(end, t);
      oldEnd += reached - end;
      end = reached + e.text.length - (t - s);
    }
    start = Math.min(start, s);
    text = text.slice(0, s) + e.text + text.slice(t);
  }
  return { text, changed: end >= 0, start: end < 0 ? 0 : start, oldEnd };
}

function lineStart(text: string, offset: number): number {
  // lastIndexOf reads a negative position as 0.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the line after the one holding `offset` (the text's length on the last line). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Where a statement's influence on parsing ends: its end, or the end of the text for a block never closed. */
function reach(s: Statement, text: string): number {
  return s.kind === 'simultaneous' && !s.close ? text.length : s.end;
}

function firstEndingAtOrAfter(stmts: readonly Statement[], text: string, offset: number): number {
  let lo = 0;
  let hi = stmts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reach(stmts[mid], text) >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function firstStartingAtOrAfter(stmts: readonly Statement[], offset: number): number {
  let lo = 0;
  let hi = stmts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid].start >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Line breaks from `from` to `to`: `\n`, `\r\n`, or a lone `\r`. */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
