// The timeline of a check, stored by column: a flow of a million segments keeps
// a few typed arrays, not five objects per step. A step is read through a small
// view (`Step`), and its snapshots and resolved segment are made when asked.
// Snapshots are rows shared by consecutive steps until a TCB changes.
import type { SegmentStmt } from '../syntax/ast';
import { plainValue } from '../syntax/segmentNode';
import type { Num, SymNum } from '../tcp/seqnum';
import { SegmentQueue } from '../tcp/segmentQueue';
import type { State } from '../tcp/states';
import { seqSpace, type ResolvedSegment, type Tcb, type TcbSnapshot } from '../tcp/tcb';
import { moveInOrder } from './inOrder';
import type { Step, StepStmt } from './result';
import { payloadLength } from './sender';

/** A Num in a Float64Array cell: the number itself, or a marker (a symbol is kept beside the column). */
const NONE = -1;
const SYMBOL = -2;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
    if (typeof n === 'number') this.cells[i] = n;
    else if (n === undefined) this.cells[i] = NONE;
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
    if (typeof n === 'number') return v === n;
    return n === undefined ? v === NONE : v === SYMBOL && this.symbols.get(i) === n;
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

/** The numbers a snapshot keeps per endpoint, in order: ISS, SND.UNA, SND.NXT, IRS, RCV.NXT. */
const NUMS = 5;

/**
 * Snapshot rows: for each row, every endpoint's state, numbers and
 * out-of-order queue; or, for a derived row, the step that derives it (see
 * `Timeline.inOrderSnapshot`). Only written rows take cells: the numbers of a
 * cell (a written row's endpoint) are five consecutive doubles, and a queue is
 * kept once in a list that a cell holds the index of.
 */
class SnapshotRows {
  length = 0;
  /** Per row: the step that derives it, or -1 for a written row. */
  private derivations: Int32Array;
  /** Per row: how many derived rows lead to it from a written one (0 for a written row). */
  private depths: Uint8Array;
  /** Per row: where its cells are (a derived row's are those of the written row it derives from). */
  private cellsOf: Int32Array;
  /** Written rows (cells in use). */
  private written = 0;
  private states: Uint8Array;
  /** A cell's numbers are `NUMS` consecutive ones. */
  private readonly nums: NumColumn;
  private queueIds: Int32Array;
  /** Queues by index: the empty one first, then each distinct one as rows took it. */
  private readonly queues: SegmentQueue[] = [SegmentQueue.EMPTY];

  constructor(private readonly sides: number, private capacity: number, private cellCapacity = capacity) {
    this.derivations = new Int32Array(capacity);
    this.depths = new Uint8Array(capacity);
    this.cellsOf = new Int32Array(capacity);
    this.states = new Uint8Array(cellCapacity * sides);
    this.nums = new NumColumn(cellCapacity * sides * NUMS);
    this.queueIds = new Int32Array(cellCapacity * sides);
  }

  derivation(row: number): number {
    return this.derivations[row];
  }

  depth(row: number): number {
    return this.depths[row];
  }

  /** A row derived by step `step` from row `base`: it shares the cells of the written row `base` leads to, whose states and queues it has. */
  addDerived(step: number, base: number): number {
    const row = this.row();
    this.derivations[row] = step;
    this.depths[row] = this.depths[base] + 1;
    this.cellsOf[row] = this.cellsOf[base];
    return row;
  }

  /** Written row `row` equals the TCBs now. */
  same(row: number, sides: readonly Holder[]): boolean {
    const first = this.cellsOf[row];
    for (let s = 0; s < this.sides; s++) {
      const c = first + s;
      const t = sides[s].tcb;
      if (this.states[c] !== t.state || this.queues[this.queueIds[c]] !== t.ooo) return false;
      const at = c * NUMS;
      const n = this.nums;
      if (!n.holds(at, t.iss) || !n.holds(at + 1, t.sndUna) || !n.holds(at + 2, t.sndNxt) || !n.holds(at + 3, t.irs) || !n.holds(at + 4, t.rcvNxt)) return false;
    }
    return true;
  }

  add(sides: readonly Holder[]): number {
    const row = this.writtenRow();
    const first = this.cellsOf[row];
    for (let s = 0; s < this.sides; s++) this.write(first + s, sides[s].tcb);
    return row;
  }

  /** A written row holding `snapshots`. */
  addSnapshots(snapshots: readonly TcbSnapshot[]): number {
    const row = this.writtenRow();
    const first = this.cellsOf[row];
    for (let s = 0; s < this.sides; s++) this.write(first + s, snapshots[s]);
    return row;
  }

  /** Copies written row `row` of `from` here. */
  copy(from: SnapshotRows, row: number): number {
    const to = this.writtenRow();
    for (let s = 0; s < this.sides; s++) {
      const c = this.cellsOf[to] + s;
      const o = from.cellsOf[row] + s;
      this.states[c] = from.states[o];
      this.queueIds[c] = this.queueId(from.queues[from.queueIds[o]], c);
      for (let k = 0; k < NUMS; k++) this.nums.copy(c * NUMS + k, from.nums, o * NUMS + k);
    }
    return to;
  }

  /** One endpoint's state in row `row` (a derived row reads its written row's). */
  state(row: number, side: number): State {
    return this.states[this.cellsOf[row] + side] as State;
  }

  /** The snapshots of written row `row`. */
  snapshots(row: number): TcbSnapshot[] {
    const out: TcbSnapshot[] = [];
    for (let s = 0; s < this.sides; s++) {
      const c = this.cellsOf[row] + s;
      const at = c * NUMS;
      const n = this.nums;
      out.push({
        state: this.states[c] as State, iss: n.get(at), sndUna: n.get(at + 1), sndNxt: n.get(at + 2), irs: n.get(at + 3), rcvNxt: n.get(at + 4),
        ooo: this.queues[this.queueIds[c]],
      });
    }
    return out;
  }

  /** Leaves room for a few more rows and not many more. */
  trim(): void {
    if (this.capacity > this.length * 1.25 + 16) this.resizeRows(Math.ceil(this.length * 1.125) + 16);
    if (this.cellCapacity > this.written * 1.25 + 16) this.resizeCells(Math.ceil(this.written * 1.125) + 16);
  }

  private row(): number {
    if (this.length === this.capacity) this.resizeRows(Math.ceil(this.capacity * 1.5));
    return this.length++;
  }

  /** A new written row, its cells to be filled. */
  private writtenRow(): number {
    const row = this.row();
    if (this.written === this.cellCapacity) this.resizeCells(Math.ceil(this.cellCapacity * 1.5) + 16);
    this.derivations[row] = -1;
    this.depths[row] = 0;
    this.cellsOf[row] = this.written++ * this.sides;
    return row;
  }

  private write(c: number, t: TcbSnapshot): void {
    this.states[c] = t.state;
    this.queueIds[c] = this.queueId(t.ooo ?? SegmentQueue.EMPTY, c);
    const at = c * NUMS;
    const n = this.nums;
    n.set(at, t.iss);
    n.set(at + 1, t.sndUna);
    n.set(at + 2, t.sndNxt);
    n.set(at + 3, t.irs);
    n.set(at + 4, t.rcvNxt);
  }

  /** The index of `q`: the cell before `c` (the same endpoint in the previous written row, or the other one) usually holds it already. */
  private queueId(q: SegmentQueue, c: number): number {
    if (q === SegmentQueue.EMPTY) return 0;
    for (let b = c - 1; b >= 0 && b >= c - this.sides; b--) if (this.queues[this.queueIds[b]] === q) return this.queueIds[b];
    return this.queues.push(q) - 1;
  }

  private resizeRows(capacity: number): void {
    this.capacity = capacity;
    this.derivations = resized(this.derivations, capacity, (n) => new Int32Array(n));
    this.depths = resized(this.depths, capacity, (n) => new Uint8Array(n));
    this.cellsOf = resized(this.cellsOf, capacity, (n) => new Int32Array(n));
  }

  private resizeCells(capacity: number): void {
    const cells = capacity * this.sides;
    this.cellCapacity = capacity;
    this.states = resized(this.states, cells, (n) => new Uint8Array(n));
    this.queueIds = resized(this.queueIds, cells, (n) => new Int32Array(n));
    this.nums.resize(cells * NUMS);
  }
}

/** Derived snapshot rows in a row at most (see `Timeline.inOrderSnapshot`). */
const MAX_DERIVED = 32;

/** No row yet (a compaction sets it next). */
const NO_ROW = -1;

/** Beside a step's flags: its seq, ack and length are its statement's plain values (`Timeline.inOrderStep`). */
const FROM_STATEMENT = 0x4000;

/** No resolved segment (a step that is not a replayed segment). */
const NO_SEGMENT = -1;

export class Timeline {
  /** Rows used (steps made, including those a resumed check replaced). */
  private length = 0;
  private readonly stmts: StepStmt[];
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
  private lastWord = 0;
  private readonly rows: SnapshotRows;

  /** `capacity`: the steps expected (a check expects one per statement, a piece check as many as its last piece had). */
  constructor(readonly sides: number, private capacity = 64) {
    // Made at its size: a long check grows it once, not by doubling.
    this.stmts = new Array<StepStmt>(capacity);
    this.numbers = new Int32Array(capacity);
    this.endpoints = new Uint8Array(capacity);
    this.outcomes = new Uint8Array(capacity);
    this.befores = new Int32Array(capacity);
    this.afters = new Int32Array(capacity);
    this.flags = new Int16Array(capacity);
    this.seqs = new NumColumn(capacity);
    this.acks = new NumColumn(capacity);
    this.lens = new NumColumn(capacity);
    // About one snapshot row per step (a segment delivered changes a TCB), most of them derived in a long flow: cells grow as written.
    this.rows = new SnapshotRows(sides, capacity, Math.min(capacity, 1024));
  }

  /** The snapshot row of the endpoints' TCBs now: `last` when they did not change since. */
  snapshot(sides: readonly Holder[], last: number): number {
    return last >= 0 && this.same(last, sides) ? last : this.rows.add(sides);
  }

  /**
   * The snapshot row after step `i`, a common segment checked on its numbers
   * (inOrder.ts): derived from the step's before row and its numbers when
   * read, not written (a long flow is mostly such steps). A row is written
   * instead after MAX_DERIVED derived ones in a row, which bounds a read.
   */
  inOrderSnapshot(i: number, sides: readonly Holder[]): number {
    const depth = this.rows.depth(this.befores[i]);
    return depth >= MAX_DERIVED ? this.rows.add(sides) : this.rows.addDerived(i, this.befores[i]);
  }

  snapshots(row: number): readonly TcbSnapshot[] {
    const step = this.rows.derivation(row);
    if (step < 0) return this.rows.snapshots(row);
    if (row === this.derivedRow) return this.derived;
    // Copied field by field (a spread reads the fields by name, one at a time).
    const after = this.snapshots(this.befores[step]).map((s): Mutable<TcbSnapshot> => ({
      state: s.state, iss: s.iss, sndUna: s.sndUna, sndNxt: s.sndNxt, irs: s.irs, rcvNxt: s.rcvNxt, ooo: s.ooo,
    }));
    const me = this.endpoints[step];
    moveInOrder(after[me], after[1 - me], this.seqOf(step) as number, this.ackOf(step) as number, this.lenOf(step));
    this.derivedRow = row;
    return (this.derived = after);
  }

  /** The derived row read last, and its snapshots: steps are mostly read in order, each row derived from the one before. */
  private derivedRow = -1;
  private derived: readonly TcbSnapshot[] = [];

  /** Every endpoint's state in snapshot row `row`. */
  states(row: number): State[] {
    const states: State[] = [];
    for (let side = 0; side < this.sides; side++) states.push(this.state(row, side));
    return states;
  }

  /** One endpoint's state in snapshot row `row` (a derived row has its written row's states). */
  state(row: number, side: number): State {
    return this.rows.state(row, side);
  }

  /** Row `row` equals the TCBs now. */
  private same(row: number, sides: readonly Holder[]): boolean {
    if (this.rows.derivation(row) < 0) return this.rows.same(row, sides);
    const snapshots = this.snapshots(row);
    return sides.every(({ tcb: t }, s) => {
      const n = snapshots[s];
      return n.state === t.state && n.ooo === t.ooo && n.iss === t.iss && n.sndUna === t.sndUna && n.sndNxt === t.sndNxt && n.irs === t.irs && n.rcvNxt === t.rcvNxt;
    });
  }

  /**
   * Row `row` of this timeline, copied into `to`, where `stepMap` and
   * `rowMap` tell where the steps and rows copied so far went: a derived row
   * stays derived when the step that derives it and that step's before row
   * were copied, and is written otherwise (its step was replaced by an edit).
   */
  private copyRow(to: Timeline, row: number, stepMap: Int32Array, rowMap: Int32Array): number {
    const step = this.rows.derivation(row);
    if (step < 0) return to.rows.copy(this.rows, row);
    const base = stepMap[step] >= 0 ? rowMap[this.befores[step]] : -1;
    if (base >= 0 && to.rows.depth(base) < MAX_DERIVED) return to.rows.addDerived(stepMap[step], base);
    return to.rows.addSnapshots(this.snapshots(row));
  }

  /** A new step: its row. */
  step(n: number, stmt: StepStmt, endpoint: number, before: number, after: number, segment: ResolvedSegment | undefined): number {
    return segment
      ? this.segmentStep(n, stmt, endpoint, before, after, segment.flags, segment.seq, segment.ack, segment.len)
      : this.segmentStep(n, stmt, endpoint, before, after, NO_SEGMENT, undefined, undefined, undefined);
  }

  /** A new step of a segment resolved to these flags and numbers (NO_SEGMENT and none for another statement): its row. */
  segmentStep(n: number, stmt: StepStmt, endpoint: number, before: number, after: number, flags: number, seq: Num | undefined, ack: Num | undefined, len: number | undefined): number {
    const i = this.add(n, stmt, endpoint, before, after);
    this.flags[i] = flags;
    this.seqs.set(i, seq);
    this.acks.set(i, ack);
    this.lens.set(i, len);
    return i;
  }

  /**
   * A new step of a common segment checked on its numbers (inOrder.ts): its
   * seq, ack and length are its statement's plain values, read from it when
   * asked rather than written here. Its row.
   */
  inOrderStep(n: number, stmt: SegmentStmt, endpoint: number, before: number, flags: number): number {
    const i = this.add(n, stmt, endpoint, before, before);
    this.flags[i] = flags | FROM_STATEMENT;
    return i;
  }

  private seqOf(i: number): Num | undefined {
    return this.flags[i] & FROM_STATEMENT ? plainValue((this.stmts[i] as SegmentStmt).spec, 'seq') : this.seqs.get(i);
  }

  private ackOf(i: number): Num | undefined {
    return this.flags[i] & FROM_STATEMENT ? plainValue((this.stmts[i] as SegmentStmt).spec, 'ack') : this.acks.get(i);
  }

  private lenOf(i: number): number {
    return this.flags[i] & FROM_STATEMENT ? payloadLength(this.stmts[i] as SegmentStmt) : (this.lens.get(i) as number);
  }

  /** The steps `steps` lists, as views of this timeline. */
  views(steps: StepRows): Step[] {
    const out: Step[] = [];
    for (let k = 0; k < steps.length; k++) out.push(new StepView(this, steps.at(k)));
    return out;
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
   * afresh. `steps` is rewritten to the rows there (views made before keep
   * reading this timeline); returns it and `last`'s row there (-1 for -1).
   */
  compacted(steps: StepRows, last: number, capacity = steps.length + 64): { timeline: Timeline; last: number } {
    const t = new Timeline(this.sides, capacity);
    const rowMap = new Int32Array(this.rows.length).fill(-1);
    // Where each live step went: a row derived by a live step stays derived there.
    const stepMap = new Int32Array(this.length).fill(-1);
    const row = (r: number) => (rowMap[r] >= 0 ? rowMap[r] : (rowMap[r] = this.copyRow(t, r, stepMap, rowMap)));
    for (let k = 0; k < steps.length; k++) {
      const i = steps.at(k);
      const j = t.add(this.numbers[i], this.stmts[i], this.endpoints[i], row(this.befores[i]), NO_ROW);
      stepMap[i] = j;
      t.outcomes[j] = t.word(this.words[this.outcomes[i]]);
      t.flags[j] = this.flags[i];
      t.seqs.copy(j, this.seqs, i);
      t.acks.copy(j, this.acks, i);
      t.lens.copy(j, this.lens, i);
      t.afters[j] = row(this.afters[i]);
      steps.set(k, j);
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
    // Most steps of a long flow have the outcome the step before had.
    if (outcome === this.words[this.lastWord]) return this.lastWord;
    let w = this.wordIndex.get(outcome);
    if (w === undefined) {
      w = this.words.push(outcome) - 1;
      this.wordIndex.set(outcome, w);
    }
    return (this.lastWord = w);
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
    if (this.flags[i] === NO_SEGMENT) return undefined;
    const flags = this.flags[i] & ~FROM_STATEMENT;
    const len = this.lenOf(i);
    return { flags, seq: this.seqOf(i)!, ack: this.ackOf(i), len, segLen: seqSpace(flags, len), stmt: this.stmts[i] as ResolvedSegment['stmt'] };
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
  constructor(private readonly timeline: Timeline, private readonly at: number) {}

  get n(): number {
    return this.timeline.number(this.at);
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
    return this.timeline.states(this.timeline.after(this.at));
  }

  get statesBefore(): readonly State[] {
    return this.timeline.states(this.timeline.before(this.at));
  }

  get segment(): ResolvedSegment | undefined {
    return this.timeline.segment(this.at);
  }
}

/**
 * The steps of a check, in file order, as rows of its timeline: a long flow
 * keeps one number per step, and its views are made when a result's steps are read.
 */
export class StepRows {
  length = 0;
  private rows: Int32Array;

  constructor(capacity = 64) {
    this.rows = new Int32Array(capacity);
  }

  push(row: number): void {
    if (this.length === this.rows.length) this.rows = resized(this.rows, Math.ceil(this.rows.length * 1.5) + 16, (n) => new Int32Array(n));
    this.rows[this.length++] = row;
  }

  at(k: number): number {
    return this.rows[k];
  }

  set(k: number, row: number): void {
    this.rows[k] = row;
  }

  /** Takes out the steps from the `from`th on: returns them. */
  splice(from: number): StepRows {
    const tail = new StepRows(Math.max(16, this.length - from));
    tail.rows.set(this.rows.subarray(from, this.length));
    tail.length = Math.max(0, this.length - from);
    this.length = Math.min(this.length, from);
    return tail;
  }
}
