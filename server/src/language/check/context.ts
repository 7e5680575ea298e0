// State shared by the rules of one check: the two TCBs, the symbols, and where
// findings and inferences go.
import type { Expr, SegmentStmt } from '../syntax/ast';
import { formatNum, isWritable, type Num, type SymbolBase } from '../tcp/seqnum';
import { STATE_NAMES } from '../tcp/states';
import type { Tcb } from '../tcp/tcb';
import { LineIndex, type Span } from '../text';
import type { Code } from './catalogue';
import type { Finding, Fix, Related } from './diagnostic';
import type { InferenceKind } from './result';

export interface Side {
  readonly index: number;
  readonly name: string;
  readonly tcb: Tcb;
}

export interface PendingInference {
  readonly kind: InferenceKind;
  readonly offset: number;
  /** Formatted when the check ends, so later pinning of symbols shows. */
  readonly render: () => { label: string; insert?: string };
}

export class CheckContext {
  readonly findings: Finding[] = [];
  readonly inferences: PendingInference[] = [];
  readonly symbols = new Map<string, { base: SymbolBase; uses: Span[] }>();

  constructor(readonly text: string) {}

  /** `fixes` may hold an undefined: a fix that cannot be written here is left out. */
  report(code: Code, span: Span, message: string, extra: { related?: Related[]; fixes?: (Fix | undefined)[]; tags?: 'unnecessary'[] } = {}): void {
    const { fixes, ...rest } = extra;
    this.findings.push({ code, start: span.start, end: span.end, message, ...rest, ...(fixes && { fixes: fixes.filter((f): f is Fix => f !== undefined) }) });
  }

  infer(kind: InferenceKind, offset: number, render: PendingInference['render']): void {
    this.inferences.push({ kind, offset, render });
  }

  private lines?: LineIndex;

  /** The 1-based line of a span, for messages that point at another statement. */
  lineOf(span: Span): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.position(span.start).line + 1;
  }

  related(stmt: SegmentStmt | undefined, message: string): Related[] {
    return stmt ? [{ start: stmt.start, end: stmt.end, message }] : [];
  }
}

/** `Server (SYN_RCVD)`. */
export const who = (s: Side): string => `${s.name} (${STATE_NAMES[s.tcb.state]})`;

export const fmt = (n: Num | undefined): string => (n === undefined ? '?' : formatNum(n));

/** A fix that replaces an expression with a value, in the notation the line uses; none for a number no segment showed yet (`Client.SND.NXT` is no syntax). */
export function replaceValueFix(title: string, expr: Expr, value: Num, spaced: boolean): Fix | undefined {
  if (!isWritable(value)) return undefined;
  return { title, edits: [{ start: expr.start, end: expr.end, newText: formatNum(value, spaced) }], preferred: true };
}

/** The span of a segment's spec (or its arrow when the spec is empty): where segment-wide findings go. */
export function specSpan(stmt: SegmentStmt): Span {
  return stmt.items.length ? { start: stmt.items[0].start, end: stmt.specEnd } : stmt.arrow;
}

/** The arrow and the receiver: where receiver outcomes go. */
export function deliverySpan(stmt: SegmentStmt): Span {
  return { start: stmt.arrow.start, end: stmt.dst.end };
}
