// The syntax tree. Every node carries the source span it was parsed from;
// nodes that the parser had to invent for recovery are simply absent (optional).
import type { Span } from '../text';
import type { State } from '../tcp/states';

export interface Name extends Span {
  readonly text: string;
}

export interface StringLit extends Span {
  /** The unescaped value. */
  readonly value: string;
}

export type FlagName = 'SYN' | 'ACK' | 'FIN' | 'RST' | 'PSH' | 'URG' | 'ECE' | 'CWR';
export const FLAG_NAMES: readonly FlagName[] = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR'];

// Every node is itself a Span (its start and end offsets): no separate range
// objects, which keeps a large file's tree small.

/** One term of an expression: a number, a symbol, or the words SYN / FIN. */
export type Term = Span &
  (
    | { readonly kind: 'number'; readonly value: number; readonly negative: boolean }
    | { readonly kind: 'symbol'; readonly name: string; readonly negative: boolean }
    | { readonly kind: 'word'; readonly word: 'SYN' | 'FIN'; readonly negative: boolean }
  );

/** Two or more terms; a single term is its own expression (no wrapper object). */
export interface CompoundExpr extends Span {
  readonly terms: readonly Term[];
}

export type Expr = Term | CompoundExpr;

export function termsOf(e: Expr): readonly Term[] {
  return 'terms' in e ? e.terms : [e];
}

/** The expression when it is one term. */
export function singleTerm(e: Expr): Term | undefined {
  return 'terms' in e ? undefined : e;
}

export type SpecItem = Span &
  (
    | { readonly kind: 'flag'; readonly flag: FlagName }
    /** `SYN(expr)`, `FIN(expr)`, `RST(expr)` set seq; `ACK(expr)` sets ack. `nameEnd`: where the flag word ends. */
    | { readonly kind: 'call'; readonly flag: 'SYN' | 'FIN' | 'RST' | 'ACK'; readonly expr: Expr; readonly nameEnd: number }
    /** `key=expr`; the key stands from `start` to `keyEnd`. */
    | { readonly kind: 'field'; readonly key: string; readonly keyEnd: number; readonly expr: Expr }
    | { readonly kind: 'payload'; readonly text: StringLit }
  );

export const KNOWN_FIELDS = ['seq', 'ack', 'len', 'win', 'mss', 'wscale'] as const;
export type FieldName = (typeof KNOWN_FIELDS)[number];

export const enum Flag {
  SYN = 1,
  ACK = 2,
  FIN = 4,
  RST = 8,
  PSH = 16,
  URG = 32,
  ECE = 64,
  CWR = 128,
}

export const FLAG_BITS: Record<FlagName, Flag> = {
  SYN: Flag.SYN, ACK: Flag.ACK, FIN: Flag.FIN, RST: Flag.RST, PSH: Flag.PSH, URG: Flag.URG, ECE: Flag.ECE, CWR: Flag.CWR,
};

export interface NumberField extends Span {
  readonly value: number;
}

/** What a segment spec says, item order and duplicates resolved (the first wins). */
export interface SegmentSpec {
  /** Flags written, as a bit set of `Flag` (a call such as `ACK(x)` sets its flag; so does `ack=`). */
  readonly flags: number;
  readonly seq?: Expr;
  readonly ack?: Expr;
  /** True when ack was written as `ACK(expr)` (article notation): its fix keeps that form. */
  readonly ackIsCall?: boolean;
  /** The flags written as calls (`SYN(ISN_Client)`, `ACK(FIN + 1)`), as a bit set of `Flag`, duplicates included. */
  readonly calls: number;
  readonly len?: NumberField;
  readonly win?: NumberField;
  readonly mss?: NumberField;
  readonly wscale?: NumberField;
  readonly payload?: StringLit;
}

/**
 * A segment line. The parser makes each one a compact `SegmentNode`: its spans
 * and number terms are made anew when asked, so compare them by offset, never
 * by identity, and do not keep them to mutate.
 */
export interface SegmentStmt extends Span {
  readonly kind: 'segment';
  readonly time?: NumberField;
  /** The `old` prefix: a duplicate from an earlier incarnation. */
  readonly old?: Span;
  readonly src: Name;
  readonly lost: boolean;
  readonly arrow: Span;
  readonly dst: Name;
  /** What the items say. The items themselves are not kept (few lines are ever asked for them): `itemsOf` parses them again. */
  readonly spec: SegmentSpec;
  /** Where the segment spec ends (for inserting inferred items): after its last item, or after the colon when it has none. */
  readonly specEnd: number;
  /** The line has a syntax error: the checker does not replay it (no cascade of findings). */
  readonly invalid: boolean;
  /** Set when the segment is inside a `simultaneous` block. */
  readonly block?: SimultaneousStmt;
}

export type EventName = 'listen' | 'close' | 'timeout' | 'wait2msl';

export interface EventStmt extends Span {
  readonly kind: 'event';
  readonly endpoint: Name;
  readonly event: EventName;
  readonly word: Span;
}

export interface AssertionStmt extends Span {
  readonly kind: 'assertion';
  readonly endpoint: Name;
  readonly stateName: Name;
  /** Undefined when the name is no state spelling. */
  readonly state: State | undefined;
}

export interface TitleStmt extends Span {
  readonly kind: 'title';
  readonly text: StringLit;
}

export interface EndpointStmt extends Span {
  readonly kind: 'endpoint';
  readonly name: Name;
  readonly label?: StringLit;
  readonly stateName?: Name;
  readonly state?: State;
}

export interface NoteStmt extends Span {
  readonly kind: 'note';
  readonly endpoints: readonly Name[];
  readonly text: StringLit;
}

export interface SimultaneousStmt {
  readonly kind: 'simultaneous';
  /** Grows as segment lines are parsed: the block ends with its `}` or its last line. */
  start: number;
  end: number;
  readonly keyword: Span;
  readonly segments: SegmentStmt[];
  /** The closing brace; absent when the block is unbalanced. */
  close?: Span;
}

export type Statement = TitleStmt | EndpointStmt | SegmentStmt | EventStmt | AssertionStmt | NoteStmt | SimultaneousStmt;

/** Where a written flag stands: the flag word, or a call's flag word, or `ack=`'s key for ACK. */
export function flagSpan(items: readonly SpecItem[], flag: FlagName): Span | undefined {
  for (const item of items) {
    if ((item.kind === 'flag' || item.kind === 'call') && item.flag === flag) {
      return item.kind === 'call' ? { start: item.start, end: item.nameEnd } : item;
    }
    if (flag === 'ACK' && item.kind === 'field' && item.key.toLowerCase() === 'ack') return { start: item.start, end: item.keyEnd };
  }
  return undefined;
}

/** The statement writes a flag call (`SYN(ISN_Client)`, `ACK(FIN + 1)`): the article's notation. */
export function writesFlagCall(stmt: Statement): boolean {
  if (stmt.kind === 'simultaneous') return stmt.segments.some(writesFlagCall);
  return stmt.kind === 'segment' && stmt.spec.calls !== 0;
}

export interface FlowFile {
  readonly text: string;
  /** Top-level statements in order; segments of a block live in the block. */
  readonly statements: readonly Statement[];
}
