// State shared by the rules of one check: the two TCBs, the symbols, and where
// findings and inferences go.
import type { Expr, SegmentStmt, SpecItem } from '../syntax/ast';
import { itemsOf } from '../syntax/parser';
import { formatNum, isWritable, resolve, type Num, type SymbolBase } from '../tcp/seqnum';
import { State, STATE_NAMES } from '../tcp/states';
import type { Tcb } from '../tcp/tcb';
import { LineIndex, type Span } from '../text';
import type { Code } from './catalogue';
import type { Finding, Fix, Related } from './diagnostic';
import type { Inference, InferenceKind } from './result';

export interface Side {
  readonly index: number;
  readonly name: string;
  readonly tcb: Tcb;
}

export interface PendingInference {
  readonly kind: InferenceKind;
  /** Moved by an incremental check when text before it changes. */
  offset: number;
  /** Formatted when the check ends, so later pinning of symbols shows. */
  readonly render: () => { label: string; insert?: string };
  /** The rendering, kept while the symbols it shows keep their values. */
  rendered?: Inference;
}

export interface SymbolEntry {
  readonly base: SymbolBase;
  readonly uses: Span[];
}

/** A change to the symbol table: a declaration (no `use`) or one more use of a known symbol. */
export interface SymbolChange {
  readonly name: string;
  readonly entry: SymbolEntry;
  readonly use?: Span;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NOTHING_MORE = {};

export class CheckContext {
  /** How many messages named a line number (they change when lines are inserted above the statement). */
  lineRefs = 0;

  /** A resumed check starts from the previous check's findings, inferences and symbols, cut back to its checkpoint. */
  constructor(
    readonly text: string,
    readonly findings: Finding[] = [],
    readonly inferences: PendingInference[] = [],
    readonly symbols = new Map<string, SymbolEntry>(),
    /** Every change to `symbols`, in order: an incremental check undoes and replays them. */
    readonly symbolLog: SymbolChange[] = [],
  ) {}

  /** The items of a segment's spec (parsed again: only findings and fixes need them). */
  items(stmt: SegmentStmt): readonly SpecItem[] {
    return itemsOf(this.text, stmt);
  }

  declare(name: string, entry: SymbolEntry): void {
    this.symbols.set(name, entry);
    this.symbolLog.push({ name, entry });
  }

  use(entry: SymbolEntry, span: Span): void {
    entry.uses.push(span);
    this.symbolLog.push({ name: entry.base.name, entry, use: span });
  }

  /** Fixes that could not be written (undefined) are left out. */
  report(code: Code, span: Span, message: string, extra: { related?: readonly Related[]; fixes?: (Fix | undefined)[]; tags?: 'unnecessary'[] } = NOTHING_MORE): void {
    // Built key by key, not spread: a long flow may have a finding on most lines.
    const f: Mutable<Finding> = { code, start: span.start, end: span.end, message };
    if ('related' in extra) f.related = extra.related;
    if ('tags' in extra) f.tags = extra.tags;
    // The caller's list when every fix in it was made (a flow with a finding on most lines makes one list per finding, not two).
    if (extra.fixes) f.fixes = extra.fixes.includes(undefined) ? extra.fixes.filter((x): x is Fix => x !== undefined) : (extra.fixes as Fix[]);
    this.findings.push(f);
  }

  infer(kind: InferenceKind, offset: number, render: PendingInference['render']): void {
    this.inferences.push({ kind, offset, render });
  }

  private lines?: LineIndex;

  /** The 1-based line of a span, for messages that point at another statement. */
  lineOf(span: Span): number {
    this.lineRefs++;
    this.lines ??= new LineIndex(this.text);
    return this.lines.position(span.start).line + 1;
  }

  related(stmt: SegmentStmt | undefined, message: string): readonly Related[] {
    return stmt ? [{ start: stmt.start, end: stmt.end, message }] : NO_RELATED;
  }
}

/** No related location (one list for every finding without one). */
const NO_RELATED: readonly Related[] = Object.freeze([]);

/** `Server (SYN_RCVD)`. */
export const who = (s: Side): string => `${s.name} (${STATE_NAMES[s.tcb.state]})`;

export const fmt = (n: Num): string => formatNum(n);

/** The subsection of RFC 9293 §3.10.7 by which a state answers a segment with RST (synchronized states and SYN_RCVD: .4). */
export function rstSection(state: State): string {
  const sub = state === State.CLOSED ? 1 : state === State.LISTEN ? 2 : state === State.SYN_SENT ? 3 : 4;
  return `§3.10.7.${sub}`;
}

/** An ISN for a message: `ISN 300`, or the user's own symbol alone (`ISN_Server`, not `ISN ISN_Server`). */
export const isn = (n: Num): string => (typeof resolve(n) === 'number' ? `ISN ${fmt(n)}` : fmt(n));

/** A fix that replaces an expression with a value, in the notation the line uses; none for a number no segment showed. */
export function replaceValueFix(title: string, expr: Expr, value: Num, spaced: boolean): Fix | undefined {
  if (!isWritable(value)) return undefined;
  return { title, edits: [{ start: expr.start, end: expr.end, newText: formatNum(value, spaced) }], preferred: true };
}

/** The span of a segment's spec (or its arrow when the spec is empty): where segment-wide findings go. */
export function specSpan(ctx: CheckContext, stmt: SegmentStmt): Span {
  const first = ctx.items(stmt)[0];
  return first ? { start: first.start, end: stmt.specEnd } : stmt.arrow;
}

/** The arrow and the receiver: where receiver outcomes go. */
export function deliverySpan(stmt: SegmentStmt): Span {
  return { start: stmt.arrow.start, end: stmt.dst.end };
}
