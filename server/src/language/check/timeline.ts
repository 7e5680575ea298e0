// The timeline of a check, stored by column: a flow of a million segments keeps
// a few typed arrays, not five objects per step. A step is read through a small
// view (`Step`), and its snapshots and resolved segment are made when asked.
// Snapshots are rows shared by consecutive steps until a TCB changes.
import type { Num, SymNum } from '../tcp/seqnum';
import { SegmentQueue } from '../tcp/segmentQueue';
import type { State } from '../tcp/states';
import { seqSpace, type ResolvedSegment, type Tcb, type TcbSnapshot } from '../tcp/tcb';
import type { Step, StepStmt } from './result';

/** A Num in a Float64Array cell: the number itself, or a marker (a symbol is kept beside the column). */
const NONE = -1;
const SYMBOL = -2;

/** What holds an endpoint's TCB (the checker's sides). */
interface Holder {
  readonly tcb: Tcb;
}

/** Columns of numbers that grow together; `Float64Array` cells hold Nums, symbols beside them. */
class NumColumn {
  cells: Float64Array;
  private readonly symbols = new Map<number, SymNum>();

  constructor(capacity: number) {
    this.cells = new Float64Array(capacity);
  }

  set(i: number, n: Num | undefined): void {
    if (n === undefined) this.cells[i] = NONE;
    else if (typeof n === 'number') this.cells[i] = n;
    else {
      this.cells[i] = SYMBOL;
      this.symbols.set(i, n);
    }
  }

  /** Copies cell `from` of `other` into cell `i`. */
  copy(i: number, other: NumColumn, from: number): void {
    const v = other.cells[from];
    this.cells[i] = v;
    if (v === SYMBOL) this.symbols.set(i, other.symbols.get(from)!);
  }

  get(i: number): Num | undefined {
    const v = this.cells[i];
    return v >= 0 ? v : v === NONE ? undefined : this.symbols.get(i);
  }

  /** The cell holds exactly `n` (a symbol by identity, as `===` on Nums). */
  holds(i: number, n: Num | undefined): boolean {
    const v = this.cells[i];
    if (n === undefined) return v === NONE;
    return typeof n === 'number' ? v === n : v === SYMBOL && this.symbols.get(i) === n;
  }

  resize(capacity: number): void {
    const cells = new Float64Array(capacity);
    cells.set(this.cells.subarray(0, Math.min(capacity, this.cells.length)));
    this.cells = cells;
    for (const k of this.symbols.keys()) if (k >= capacity) this.symbols.delete(k);
  }
}

function resized<T extends Uint8Array | Int16Array | Int32Array>(a: T, capacity: number, make: (n: number) => T): T {
  const b = make(capacity);
  b.set(a.subarray(0, Math.min(capacity, a.length)));
  return b;
}

/** `n` queue cells: the first ones copied from `from`, the rest empty. */
function queueCells(n: number, from: readonly SegmentQueue[]): SegmentQueue[] {
  const cells = new Array<SegmentQueue>(n).fill(SegmentQueue.EMPTY);
  for (let i = Math.min(n, from.length) - 1; i >= 0; i--) cells[i] = from[i];
  return cells;
}

/** Snapshot rows: for each row, every endpoint's state, numbers and out-of-order queue. */
class SnapshotRows {
  length = 0;
  private states: Uint8Array;
  /** The numbers a snapshot keeps: ISS, SND.UNA, SND.NXT, IRS, RCV.NXT. */
  private readonly nums: readonly [NumColumn, NumColumn, NumColumn, NumColumn, NumColumn];
  /** Made full size (filled with the empty queue): a row's cells are written in place, never appended. */
  private queues: SegmentQueue[];

  constructor(private readonly sides: number, private capacity: number) {
    this.states = new Uint8Array(this.capacity * sides);
    const cells = capacity * sides;
    this.queues = queueCells(cells, []);
    this.nums = [new NumColumn(cells), new NumColumn(cells), new NumColumn(cells), new NumColumn(cells), new NumColumn(cells)];
  }

  /** Row `row` equals the TCBs now. */
  same(row: number, sides: readonly Holder[]): boolean {
    for (let s = 0; s < this.sides; s++) {
      const c = row * this.sides + s;
      const t = sides[s].tcb;
      if (this.states[c] !== t.state || this.queues[c] !== t.ooo) return false;
      // Written out: a field read by a computed name is a slow, megamorphic load on the hottest path (and a destructured tuple makes an iterator).
      const n = this.nums;
      if (!n[0].holds(c, t.iss) || !n[1].holds(c, t.sndUna) || !n[2].holds(c, t.sndNxt) || !n[3].holds(c, t.irs) || !n[4].holds(c, t.rcvNxt)) return false;
    }
    return true;
  }

  add(sides: readonly Holder[]): number {
    if (this.length === this.capacity) this.resize(Math.ceil(this.capacity * 1.5));
    const row = this.length++;
    for (let s = 0; s < this.sides; s++) {
      const c = row * this.sides + s;
      const t = sides[s].tcb;
      this.states[c] = t.state;
      this.queues[c] = t.ooo;
      const n = this.nums;
      n[0].set(c, t.iss);
      n[1].set(c, t.sndUna);
      n[2].set(c, t.sndNxt);
      n[3].set(c, t.irs);
      n[4].set(c, t.rcvNxt);
    }
    return row;
  }

  /** Copies row `row` of `from` here. */
  copy(from: SnapshotRows, row: number): number {
    if (this.length === this.capacity) this.resize(Math.ceil(this.capacity * 1.5));
    const to = this.length++;
    for (let s = 0; s < this.sides; s++) {
      const c = to * this.sides + s;
      const o = row * this.sides + s;
      this.states[c] = from.states[o];
      this.queues[c] = from.queues[o];
      for (let f = 0; f < this.nums.length; f++) this.nums[f].copy(c, from.nums[f], o);
    }
    return to;
  }

  state(row: number, side: number): State {
    return this.states[row * this.sides + side] as State;
  }

  snapshots(row: number): TcbSnapshot[] {
    const out: TcbSnapshot[] = [];
    for (let s = 0; s < this.sides; s++) {
      const c = row * this.sides + s;
      const n = this.nums;
      out.push({
        state: this.states[c] as State, iss: n[0].get(c), sndUna: n[1].get(c), sndNxt: n[2].get(c), irs: n[3].get(c), rcvNxt: n[4].get(c),
        ooo: this.queues[c],
      });
    }
    return out;
  }

  /** Leaves room for a few more rows and not many more. */
  trim(): void {
    if (this.capacity > this.length * 1.25 + 16) this.resize(Math.ceil(this.length * 1.125) + 16);
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    this.states = resized(this.states, capacity * this.sides, (n) => new Uint8Array(n));
    for (const c of this.nums) c.resize(capacity * this.sides);
    this.queues = queueCells(capacity * this.sides, this.queues);
  }
}

/** No resolved segment (a step that is not a replayed segment). */
const NO_SEGMENT = -1;

export class Timeline {
  /** Rows used (steps made, including those a resumed check replaced). */
  private length = 0;
  private readonly stmts: StepStmt[] = [];
  private numbers: Int32Array;
  private endpoints: Uint8Array;
  private outcomes: Uint8Array;
  private befores: Int32Array;
  private afters: Int32Array;
  /** The segment's flags with the implied ones, or NO_SEGMENT. */
  private flags: Int16Array;
  private readonly seqs: NumColumn;
  private readonly acks: NumColumn;
  private readonly lens: NumColumn;
  /** Outcome words, each stored once; 0 is no outcome. */
  private readonly words: (string | undefined)[] = [undefined];
  private readonly wordIndex = new Map<string, number>();
  private readonly rows: SnapshotRows;

  /** `capacity`: the steps expected (a check expects one per statement, a piece check as many as its last piece had). */
  constructor(readonly sides: number, private capacity = 64) {
    this.numbers = new Int32Array(capacity);
    this.endpoints = new Uint8Array(capacity);
    this.outcomes = new Uint8Array(capacity);
    this.befores = new Int32Array(capacity);
    this.afters = new Int32Array(capacity);
    this.flags = new Int16Array(capacity);
    this.seqs = new NumColumn(capacity);
    this.acks = new NumColumn(capacity);
    this.lens = new NumColumn(capacity);
    // About one snapshot row per step: a segment delivered changes a TCB.
    this.rows = new SnapshotRows(sides, capacity);
  }

  /** The snapshot row of the endpoints' TCBs now: `last` when they did not change since. */
  snapshot(sides: readonly Holder[], last: number): number {
    return last >= 0 && this.rows.same(last, sides) ? last : this.rows.add(sides);
  }

  snapshots(row: number): TcbSnapshot[] {
    return this.rows.snapshots(row);
  }

  /** One endpoint's state in snapshot row `row`. */
  state(row: number, side: number): State {
    return this.rows.state(row, side);
  }

  /** A new step: its view. */
  step(n: number, stmt: StepStmt, endpoint: number, before: number, after: number, segment: ResolvedSegment | undefined): Step {
    return segment
      ? this.segmentStep(n, stmt, endpoint, before, after, segment.flags, segment.seq, segment.ack, segment.len)
      : this.segmentStep(n, stmt, endpoint, before, after, NO_SEGMENT, undefined, undefined, undefined);
  }

  /** A new step of a segment resolved to these flags and numbers (NO_SEGMENT and none for another statement): its view. */
  segmentStep(n: number, stmt: StepStmt, endpoint: number, before: number, after: number, flags: number, seq: Num | undefined, ack: Num | undefined, len: number | undefined): Step {
    const i = this.add(n, stmt, endpoint, before, after);
    this.flags[i] = flags;
    this.seqs.set(i, seq);
    this.acks.set(i, ack);
    this.lens.set(i, len);
    return new StepView(this, i);
  }

  /** A row for a step, its segment columns left to the caller; returns its index. */
  private add(n: number, stmt: StepStmt, endpoint: number, before: number, after: number): number {
    if (this.length === this.capacity) this.resize(Math.ceil(this.capacity * 1.5));
    const i = this.length++;
    this.stmts[i] = stmt;
    this.numbers[i] = n;
    this.endpoints[i] = endpoint;
    this.outcomes[i] = 0;
    this.befores[i] = before;
    this.afters[i] = after;
    return i;
  }

  /**
   * A timeline holding only the steps `steps`, in their order, with only the
   * snapshot rows they and `last` use: for a long-lived timeline whose replaced
   * steps pile up, and for a piece check that hands its steps out and starts
   * afresh. The views move over to it; returns it and `last`'s row there (-1
   * for -1).
   */
  compacted(steps: readonly Step[], last: number, capacity = steps.length + 64): { timeline: Timeline; last: number } {
    const t = new Timeline(this.sides, capacity);
    const rowMap = new Int32Array(this.rows.length).fill(-1);
    const row = (r: number) => (rowMap[r] >= 0 ? rowMap[r] : (rowMap[r] = t.rows.copy(this.rows, r)));
    for (const s of steps) {
      const view = s as StepView;
      const i = view.index;
      const j = t.add(this.numbers[i], this.stmts[i], this.endpoints[i], row(this.befores[i]), row(this.afters[i]));
      t.outcomes[j] = t.word(this.words[this.outcomes[i]]);
      t.flags[j] = this.flags[i];
      t.seqs.copy(j, this.seqs, i);
      t.acks.copy(j, this.acks, i);
      t.lens.copy(j, this.lens, i);
      view.moveTo(t, j);
    }
    return { timeline: t, last: last < 0 ? -1 : row(last) };
  }

  /** Rows in use that no live step holds: worth a compaction when they outnumber the live ones. */
  wasted(live: number): number {
    return this.length - live;
  }

  /** Leaves room for a few more steps and not many more (a check's end). */
  trim(): void {
    if (this.capacity > this.length * 1.25 + 64) this.resize(Math.ceil(this.length * 1.125) + 64);
    this.rows.trim();
  }

  setOutcome(i: number, outcome: string | undefined): void {
    this.outcomes[i] = this.word(outcome);
  }

  /** The index of an outcome's words (0 for none). */
  private word(outcome: string | undefined): number {
    if (outcome === undefined) return 0;
    let w = this.wordIndex.get(outcome);
    if (w === undefined) {
      w = this.words.push(outcome) - 1;
      this.wordIndex.set(outcome, w);
    }
    return w;
  }

  setAfter(i: number, row: number): void {
    this.afters[i] = row;
  }

  setNumber(i: number, n: number): void {
    this.numbers[i] = n;
  }

  number(i: number): number {
    return this.numbers[i];
  }

  stmt(i: number): StepStmt {
    return this.stmts[i];
  }

  endpoint(i: number): number {
    return this.endpoints[i];
  }

  outcome(i: number): string | undefined {
    return this.words[this.outcomes[i]];
  }

  before(i: number): number {
    return this.befores[i];
  }

  after(i: number): number {
    return this.afters[i];
  }

  segment(i: number): ResolvedSegment | undefined {
    const flags = this.flags[i];
    if (flags === NO_SEGMENT) return undefined;
    const len = this.lens.get(i) as number;
    return { flags, seq: this.seqs.get(i)!, ack: this.acks.get(i), len, segLen: seqSpace(flags, len), stmt: this.stmts[i] as ResolvedSegment['stmt'] };
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    this.numbers = resized(this.numbers, capacity, (n) => new Int32Array(n));
    this.endpoints = resized(this.endpoints, capacity, (n) => new Uint8Array(n));
    this.outcomes = resized(this.outcomes, capacity, (n) => new Uint8Array(n));
    this.befores = resized(this.befores, capacity, (n) => new Int32Array(n));
    this.afters = resized(this.afters, capacity, (n) => new Int32Array(n));
    this.flags = resized(this.flags, capacity, (n) => new Int16Array(n));
    this.seqs.resize(capacity);
    this.acks.resize(capacity);
    this.lens.resize(capacity);
    this.stmts.length = Math.min(this.stmts.length, capacity);
  }
}

/** One step, read from its timeline. */
class StepView implements Step {
  constructor(private timeline: Timeline, private at: number) {}

  get index(): number {
    return this.at;
  }

  /** The step's row moved to `timeline` (a compaction). */
  moveTo(timeline: Timeline, index: number): void {
    this.timeline = timeline;
    this.at = index;
  }

  get n(): number {
    return this.timeline.number(this.at);
  }

  set n(n: number) {
    this.timeline.setNumber(this.at, n);
  }

  get stmt(): StepStmt {
    return this.timeline.stmt(this.at);
  }

  get endpoint(): number {
    return this.timeline.endpoint(this.at);
  }

  get outcome(): string | undefined {
    return this.timeline.outcome(this.at);
  }

  get before(): readonly TcbSnapshot[] {
    return this.timeline.snapshots(this.timeline.before(this.at));
  }

  get after(): readonly TcbSnapshot[] {
    return this.timeline.snapshots(this.timeline.after(this.at));
  }

  get states(): readonly State[] {
    const row = this.timeline.after(this.at);
    const states: State[] = [];
    for (let side = 0; side < this.timeline.sides; side++) states.push(this.timeline.state(row, side));
    return states;
  }

  get segment(): ResolvedSegment | undefined {
    return this.timeline.segment(this.at);
  }
}

/** Where a step view stands in its timeline (for the checker, which writes what a delivery changed). */
export function stepIndex(step: Step): number {
  return (step as StepView).index;
}
