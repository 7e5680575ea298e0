// What stands at an offset: the statement of its line, the step that replayed
// it, and the most specific thing under the cursor. Every editor service starts
// here, so they all agree on what a position means.
import type { Analysis } from '../analysis';
import type { Step } from '../check/result';
import {
  termsOf, type AssertionStmt, type EndpointStmt, type EventStmt, type Expr, type FlagName, type Name,
  type SegmentStmt, type SimultaneousStmt, type SpecItem, type Statement, type Term,
} from '../syntax/ast';
import type { State } from '../tcp/states';
import { lineEndAt, lineStartAt, type Span } from '../text';
import { itemsOf } from '../syntax/parser';

export const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;


/** The last index whose key is at or before `offset` (items sorted by key), or -1. */
export function lastAtOrBefore<T>(items: readonly T[], offset: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const startOf = (s: Span) => s.start;
const stepStart = (s: Step) => s.stmt.start;

export interface LineStatement {
  /** The statement written on the line (a segment inside a block is itself). */
  readonly stmt?: Exclude<Statement, SimultaneousStmt>;
  /** The `simultaneous` block around the line, when there is one. */
  readonly block?: SimultaneousStmt;
}

/** The statement on the line of `offset`, and its block. */
export function statementOnLine(a: Analysis, offset: number): LineStatement {
  const from = lineStartAt(a.text, offset);
  const to = lineEndAt(a.text, offset);
  const statements = a.file.statements;
  const i = lastAtOrBefore(statements, to, startOf);
  if (i < 0) return {};
  const s = statements[i];
  if (s.kind !== 'simultaneous') return s.start >= from ? { stmt: s } : {};
  if (s.end < from) return {};
  const j = lastAtOrBefore(s.segments, to, startOf);
  const seg = j >= 0 && s.segments[j].start >= from ? s.segments[j] : undefined;
  return { stmt: seg, block: s };
}

/** The step that replayed a statement (steps are in file order). */
export function stepOf(a: Analysis, stmt: Statement): Step | undefined {
  const steps = a.result.steps;
  const i = lastAtOrBefore(steps, stmt.start, stepStart);
  return i >= 0 && steps[i].stmt === stmt ? steps[i] : undefined;
}

/** The last step of a statement that ends at or before `offset`. */
export function stepBefore(a: Analysis, offset: number): Step | undefined {
  const steps = a.result.steps;
  for (let k = lastAtOrBefore(steps, offset, stepStart); k >= 0; k--) if (steps[k].stmt.end <= offset) return steps[k];
  return undefined;
}

type SymbolTerm = Term & { readonly kind: 'symbol' };
type WordTerm = Term & { readonly kind: 'word' };

/** What the cursor is on, most specific first. */
export type Target =
  | { readonly kind: 'endpoint'; readonly span: Name; readonly stmt: Statement }
  | { readonly kind: 'symbol'; readonly span: SymbolTerm; readonly stmt: SegmentStmt }
  | { readonly kind: 'word'; readonly span: WordTerm; readonly expr: Expr; readonly field: 'seq' | 'ack'; readonly stmt: SegmentStmt }
  | { readonly kind: 'flag'; readonly span: Span; readonly flag: FlagName; readonly item: SpecItem; readonly stmt: SegmentStmt }
  | { readonly kind: 'field'; readonly span: Span; readonly key: string; readonly item: SpecItem; readonly stmt: SegmentStmt }
  | { readonly kind: 'payload'; readonly span: Span; readonly stmt: SegmentStmt }
  | { readonly kind: 'state'; readonly span: Name; readonly state: State | undefined; readonly stmt: EndpointStmt | AssertionStmt }
  | { readonly kind: 'event'; readonly span: Span; readonly stmt: EventStmt }
  | { readonly kind: 'segment'; readonly span: Span; readonly stmt: SegmentStmt };

/** The field a call or a field item sets (`ACK(x)` sets ack, `SYN(x)` seq). */
function itemField(item: SpecItem): string | undefined {
  if (item.kind === 'call') return item.flag === 'ACK' ? 'ack' : 'seq';
  if (item.kind === 'field') return item.key.toLowerCase();
  return undefined;
}

function exprTarget(expr: Expr, item: SpecItem, stmt: SegmentStmt, offset: number): Target | undefined {
  const field = itemField(item);
  for (const t of termsOf(expr)) {
    if (!inside(t, offset)) continue;
    if (t.kind === 'symbol') return { kind: 'symbol', span: t, stmt };
    if (t.kind === 'word' && (field === 'seq' || field === 'ack')) return { kind: 'word', span: t, expr, field, stmt };
  }
  return undefined;
}

function itemTarget(item: SpecItem, stmt: SegmentStmt, offset: number): Target {
  switch (item.kind) {
    case 'flag':
      return { kind: 'flag', span: item, flag: item.flag, item, stmt };
    case 'call':
      if (offset <= item.nameEnd) return { kind: 'flag', span: { start: item.start, end: item.nameEnd }, flag: item.flag, item, stmt };
      return exprTarget(item.expr, item, stmt, offset) ?? { kind: 'field', span: item, key: itemField(item)!, item, stmt };
    case 'field':
      if (offset <= item.keyEnd) return { kind: 'field', span: { start: item.start, end: item.keyEnd }, key: item.key.toLowerCase(), item, stmt };
      return exprTarget(item.expr, item, stmt, offset) ?? { kind: 'field', span: item, key: item.key.toLowerCase(), item, stmt };
    case 'payload':
      return { kind: 'payload', span: item, stmt };
  }
}

function segmentTarget(text: string, stmt: SegmentStmt, offset: number): Target {
  if (inside(stmt.src, offset)) return { kind: 'endpoint', span: stmt.src, stmt };
  if (inside(stmt.dst, offset)) return { kind: 'endpoint', span: stmt.dst, stmt };
  for (const item of itemsOf(text, stmt)) if (inside(item, offset)) return itemTarget(item, stmt, offset);
  return { kind: 'segment', span: stmt, stmt };
}

/** The most specific target at `offset`; a segment line answers with the segment itself anywhere else on it. */
export function targetAt(a: Analysis, offset: number): Target | undefined {
  const { stmt } = statementOnLine(a, offset);
  if (!stmt) return undefined;
  switch (stmt.kind) {
    case 'segment':
      return segmentTarget(a.text, stmt, offset);
    case 'endpoint':
      if (inside(stmt.name, offset)) return { kind: 'endpoint', span: stmt.name, stmt };
      if (stmt.stateName && inside(stmt.stateName, offset)) return { kind: 'state', span: stmt.stateName, state: stmt.state, stmt };
      return undefined;
    case 'assertion':
      if (inside(stmt.endpoint, offset)) return { kind: 'endpoint', span: stmt.endpoint, stmt };
      if (inside(stmt.stateName, offset)) return { kind: 'state', span: stmt.stateName, state: stmt.state, stmt };
      return undefined;
    case 'event':
      if (inside(stmt.endpoint, offset)) return { kind: 'endpoint', span: stmt.endpoint, stmt };
      if (inside(stmt.word, offset)) return { kind: 'event', span: stmt.word, stmt };
      return undefined;
    case 'note':
      for (const n of stmt.endpoints) if (inside(n, offset)) return { kind: 'endpoint', span: n, stmt };
      return undefined;
    default:
      return undefined;
  }
}
