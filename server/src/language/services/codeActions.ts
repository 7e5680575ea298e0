// Code actions: the quick fixes the checker computed for each finding, a few
// that need the timeline (complete the handshake, deliver a lost segment), and
// refactorings that write what the checker inferred into the file.
import type { Analysis } from '../analysis';
import { severityOf, type Finding, type Fix, type SeverityOptions, type TextEdit } from '../check/diagnostic';
import type { Inference } from '../check/result';
import { lineEndAt, lineStartAt, type Span } from '../text';
import { brokenLines, keepsFlow, keepsSyntax, resolves } from './editChecks';
import { handshakeFix } from './handshakeFix';
import { statementOnLine } from './locate';

export type ActionKind = 'quickfix' | 'refactor.rewrite';

export interface CodeAction {
  readonly title: string;
  readonly kind: ActionKind;
  /** Absent for an action whose edits are computed on demand (see `resolve`). */
  readonly edits?: readonly TextEdit[];
  /** Names the action for `resolveEdits` when `edits` is absent. */
  readonly lazy?: 'fillAll';
  readonly preferred?: boolean;
  /** The finding a quick fix resolves. */
  readonly finding?: Finding;
}

/** TF406 when the segment that carried the data is marked lost: it was delivered after all. */
function deliverLostFix(a: Analysis, f: Finding): Fix | undefined {
  if (f.code !== 'TF406') return undefined;
  for (const r of f.related ?? []) {
    const { stmt } = statementOnLine(a, r.start);
    if (stmt?.kind === 'segment' && stmt.lost) {
      const line = a.lines.position(stmt.start).line + 1;
      return { title: `Deliver the segment of line ${line} (-x → ->): the acknowledgment says it arrived`, edits: [{ start: stmt.arrow.start, end: stmt.arrow.end, newText: '->' }] };
    }
  }
  return undefined;
}

/**
 * Every fix for a finding: the checker's, then those that need the timeline;
 * none that would leave the text as it is, none of another finding that edits
 * a line with a syntax error (only that error's own fixes touch it), and none
 * of a syntax error that would add another.
 */
export function fixesFor(a: Analysis, f: Finding): Fix[] {
  const out = [...(f.fixes ?? [])];
  for (const extra of [handshakeFix(a, f), deliverLostFix(a, f)]) if (extra && resolves(a, f, extra)) out.push(extra);
  const broken = f.code.startsWith('TF1') ? new Set<number>() : brokenLines(a);
  const lineOf = (offset: number) => a.lines.position(offset).line;
  return out.filter((fix) => fix.edits.some((e) => a.text.slice(e.start, e.end) !== e.newText)
    && !fix.edits.some((e) => broken.has(lineOf(e.start)) || broken.has(lineOf(e.end)))
    && (!f.code.startsWith('TF1') || keepsSyntax(a, fix, f.code)));
}

const overlaps = (f: Span, r: Span) => f.start <= r.end && f.end >= r.start;

/** An inferred seq, ack or flag that can be written into the file. */
const fillable = (inf: Inference): inf is Inference & { insert: string } =>
  (inf.kind === 'seq' || inf.kind === 'ack' || inf.kind === 'flag') && inf.insert !== undefined;

/** Writes the fillable inferences within `span`. */
function fillEdits(a: Analysis, span: Span): TextEdit[] {
  const out: TextEdit[] = [];
  for (const inf of a.result.inferences) {
    if (fillable(inf) && inf.offset >= span.start && inf.offset <= span.end) out.push({ start: inf.offset, end: inf.offset, newText: inf.insert });
  }
  // Stable: inserts at one offset keep the checker's order (flag, then seq, then ack).
  return out.sort((x, y) => x.start - y.start);
}

/** Whether filling in the whole file keeps the flow, once per analysis. */
const fillAllKeepsFlow = new WeakMap<Analysis, boolean>();
function canFillAll(a: Analysis): boolean {
  let ok = fillAllKeepsFlow.get(a);
  if (ok === undefined) fillAllKeepsFlow.set(a, (ok = keepsFlow(a, resolveEdits(a, 'fillAll'))));
  return ok;
}

export function codeActions(a: Analysis, range: Span, severity: SeverityOptions = {}): CodeAction[] {
  const out: CodeAction[] = [];
  for (const f of a.findings) {
    if (f.start > range.end) break;
    if (!overlaps(f, range) || severityOf(f.code, severity) === 'off') continue;
    for (const fix of fixesFor(a, f)) out.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, preferred: fix.preferred, finding: f });
  }
  const lines = { start: lineStartAt(a.text, range.start), end: lineEndAt(a.text, range.end) };
  const here = fillEdits(a, lines);
  // A line is checked on its own only when the whole file's fill would change the flow (one analysis per version otherwise).
  if (here.length && (canFillAll(a) || keepsFlow(a, here))) out.push({ title: 'Fill in the inferred numbers of this line', kind: 'refactor.rewrite', edits: here });
  // Offered when anything outside these lines can be written; its edits (a whole file's) are made on demand.
  const elsewhere = a.result.inferences.some((inf) => fillable(inf) && (inf.offset < lines.start || inf.offset > lines.end));
  if (elsewhere && canFillAll(a)) out.push({ title: 'Fill in all inferred numbers', kind: 'refactor.rewrite', lazy: 'fillAll' });
  return out;
}

/** The edits of a lazy action. */
export function resolveEdits(a: Analysis, lazy: 'fillAll'): TextEdit[] {
  switch (lazy) {
    case 'fillAll': return fillEdits(a, { start: 0, end: a.text.length });
  }
}
