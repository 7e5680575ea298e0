// What a check yields besides diagnostics: the endpoints, the timeline of both
// TCBs statement by statement, and the inferences an editor shows as hints.
import type { AssertionStmt, EndpointStmt, EventStmt, SegmentStmt } from '../syntax/ast';
import type { Num, SymbolBase } from '../tcp/seqnum';
import type { State } from '../tcp/states';
import type { ResolvedSegment, TcbSnapshot } from '../tcp/tcb';
import type { Span } from '../text';
import type { Finding } from './diagnostic';

export interface Endpoint {
  readonly name: string;
  readonly decl?: EndpointStmt;
  readonly label?: string;
  readonly initial: State;
  /** True when no `endpoint` line gave the initial state. */
  readonly initialInferred: boolean;
  /** Where the name is first written: its declaration's name, or its first use (`usesOf` counts them all). */
  readonly first: Span;
}

export type StepStmt = SegmentStmt | EventStmt | AssertionStmt;

export interface Step {
  /** 1-based step number, in file order (a resumed check renumbers the steps it keeps). */
  readonly n: number;
  readonly stmt: StepStmt;
  /** Both endpoints' TCBs before and after the step, in `endpoints` order (made when read). */
  readonly before: readonly TcbSnapshot[];
  readonly after: readonly TcbSnapshot[];
  /** Each endpoint's state after the step (what `after` says of states, without the rest of the TCBs). */
  readonly states: readonly State[];
  /** Each endpoint's state before the step (what `before` says of states). */
  readonly statesBefore: readonly State[];
  /** For a segment: its resolved numbers and flags. */
  readonly segment?: ResolvedSegment;
  /** Index of the sending endpoint (segments) or the endpoint concerned. */
  readonly endpoint: number;
  /** What the receiver did with the segment, in words ("lost", "queued out of order", ...). */
  readonly outcome?: string;
}

export type InferenceKind = 'seq' | 'ack' | 'flag' | 'state' | 'initial';

export interface Inference {
  readonly kind: InferenceKind;
  /** Where an editor shows it. */
  readonly offset: number;
  /** What to show, e.g. `seq=ISN_Client+1`, `+ACK`, `Server: ESTABLISHED`. */
  readonly label: string;
  /** Text that writes the inference into the file at `offset`; absent for state hints and for numbers no segment showed yet (`Client.ISS`). */
  readonly insert?: string;
}

export interface SymbolInfo {
  readonly name: string;
  readonly base: SymbolBase;
  /** Every place the symbol is written, first use first. */
  readonly uses: Span[];
  /** The value it stands for, formatted (itself while nothing pins it). */
  readonly value: string;
}

export interface CheckResult {
  readonly endpoints: readonly Endpoint[];
  readonly steps: readonly Step[];
  readonly findings: readonly Finding[];
  readonly inferences: readonly Inference[];
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
}

export type { Num };
