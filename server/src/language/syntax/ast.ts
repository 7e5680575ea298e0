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

/** One term of an expression: a number, a symbol, or the words SYN / FIN. */
export type Term =
  | { readonly kind: 'number'; readonly value: number; readonly negative: boolean; readonly span: Span }
  | { readonly kind: 'symbol'; readonly name: string; readonly negative: boolean; readonly span: Span }
  | { readonly kind: 'word'; readonly word: 'SYN' | 'FIN'; readonly negative: boolean; readonly span: Span };

export interface Expr extends Span {
  readonly terms: readonly Term[];
}

export type SpecItem =
  | { readonly kind: 'flag'; readonly flag: FlagName; readonly span: Span }
  /** `SYN(expr)`, `FIN(expr)`, `RST(expr)` set seq; `ACK(expr)` sets ack. */
  | { readonly kind: 'call'; readonly flag: 'SYN' | 'FIN' | 'RST' | 'ACK'; readonly expr: Expr; readonly name: Span; readonly span: Span }
  | { readonly kind: 'field'; readonly key: Name; readonly expr: Expr; readonly span: Span }
  | { readonly kind: 'payload'; readonly text: StringLit; readonly span: Span };

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

export interface NumberField {
  readonly value: number;
  readonly span: Span;
}

/** What a segment spec says, item order and duplicates resolved (the first wins). */
export interface SegmentSpec {
  /** Flags written, as a bit set of `Flag` (a call such as `ACK(x)` sets its flag). */
  readonly flags: number;
  /** Where each written flag stands (its call's name for a call). */
  readonly flagSpans: Partial<Record<FlagName, Span>>;
  readonly seq?: Expr;
  readonly ack?: Expr;
  /** True when ack was written as `ACK(expr)` (article notation): its fix keeps that form. */
  readonly ackIsCall?: boolean;
  readonly len?: NumberField;
  readonly win?: NumberField;
  readonly mss?: NumberField;
  readonly wscale?: NumberField;
  readonly payload?: StringLit;
}

export interface SegmentStmt {
  readonly kind: 'segment';
  readonly span: Span;
  readonly time?: { readonly value: number; readonly span: Span };
  /** The `old` prefix: a duplicate from an earlier incarnation. */
  readonly old?: Span;
  readonly src: Name;
  readonly lost: boolean;
  readonly arrow: Span;
  readonly dst: Name;
  readonly items: readonly SpecItem[];
  readonly spec: SegmentSpec;
  /** Where the segment spec ends (for inserting inferred items). */
  readonly specEnd: number;
  /** The line has a syntax error: the checker does not replay it (no cascade of findings). */
  readonly invalid: boolean;
  /** Set when the segment is inside a `simultaneous` block. */
  readonly block?: SimultaneousStmt;
}

export type EventName = 'listen' | 'close' | 'timeout' | 'wait2msl';

export interface EventStmt {
  readonly kind: 'event';
  readonly span: Span;
  readonly endpoint: Name;
  readonly event: EventName;
  readonly word: Span;
}

export interface AssertionStmt {
  readonly kind: 'assertion';
  readonly span: Span;
  readonly endpoint: Name;
  readonly stateName: Name;
  /** Undefined when the name is no state spelling. */
  readonly state: State | undefined;
}

export interface TitleStmt {
  readonly kind: 'title';
  readonly span: Span;
  readonly text: StringLit;
}

export interface EndpointStmt {
  readonly kind: 'endpoint';
  readonly span: Span;
  readonly name: Name;
  readonly label?: StringLit;
  readonly stateName?: Name;
  readonly state?: State;
}

export interface NoteStmt {
  readonly kind: 'note';
  readonly span: Span;
  readonly endpoints: readonly Name[];
  readonly text: StringLit;
}

export interface SimultaneousStmt {
  readonly kind: 'simultaneous';
  readonly span: Span;
  readonly keyword: Span;
  readonly segments: SegmentStmt[];
  /** The closing brace; absent when the block is unbalanced. */
  close?: Span;
}

export type Statement = TitleStmt | EndpointStmt | SegmentStmt | EventStmt | AssertionStmt | NoteStmt | SimultaneousStmt;

export interface FlowFile {
  readonly text: string;
  /** Top-level statements in order; segments of a block live in the block. */
  readonly statements: readonly Statement[];
}
