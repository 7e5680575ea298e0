// A segment line as one small object over a row of typed arrays: a large flow
// keeps one per line, so its positions and plain numbers are stored in its
// parse's store and the spans, terms and payload it answers are made when
// asked. It is its own spec (the field names of a segment and of its spec do
// not clash).
import type { Span } from '../text';
import { type Expr, type Name, type NumberField, type SegmentSpec, type SegmentStmt, type SimultaneousStmt, type StringLit } from './ast';
import { unquote } from './lexer';

/** A plain number term, as the parser makes it. */
interface NumberTerm extends Span {
  readonly kind: 'number';
  readonly value: number;
  readonly negative: false;
}

/** `bits` above the flags (bits 0-7) and the calls (bits 8-15). */
export const LOST = 1 << 16;
const INVALID = 1 << 17;
const ACK_IS_CALL = 1 << 18;
/** The payload's text is its value (ASCII, no escape): its length in bytes is its length less the quotes. */
export const PLAIN_PAYLOAD = 1 << 19;
/** `mss=` or `wscale=` is written: kept whole (only a SYN carries them, so they take no columns). */
const OPTIONS = 1 << 20;

/** A number term packs into a small integer: its offset from the line start (22 bits) and its length (8 bits). */
const LENGTH_BITS = 8;
const MAX_OFFSET = 1 << 22;
const MAX_LENGTH = 1 << LENGTH_BITS;

/**
 * Where a written value stands: a packed plain number (its value is kept beside
 * it), the parsed expression otherwise (symbols, sums, a number too far along
 * its line or too long to pack), undefined when not written.
 */
type Slot<T> = number | T | undefined;

/** The packed place of a plain number at `offset` from its line start, `length` long; -1 when it does not pack. */
export function packedAt(offset: number, length: number): number {
  return offset < MAX_OFFSET && length < MAX_LENGTH ? (offset << LENGTH_BITS) | length : -1;
}

function slot<T extends Expr | NumberField>(e: T | undefined, lineStart: number): Slot<T> {
  if (!e || 'terms' in e || ('kind' in e && e.kind !== 'number')) return e;
  const at = packedAt(e.start - lineStart, e.end - e.start);
  return at < 0 ? e : at;
}

/** A value below 2^32 as a small integer (a double would be boxed): read back with `>>> 0`. */
function small(e: Expr | NumberField | undefined): number {
  return e && 'value' in e ? e.value | 0 : 0;
}

/** A segment line as the general parser read it: what `SegmentStore.add` packs into a row. */
export interface ReadSegment {
  readonly start: number;
  readonly end: number;
  readonly block?: SimultaneousStmt;
  readonly time?: NumberField;
  readonly old?: Span;
  readonly src: Name;
  readonly lost: boolean;
  readonly arrowStart: number;
  readonly dst: Name;
  readonly spec: SegmentSpec;
  readonly invalid: boolean;
  readonly specEnd: number;
}

/**
 * The columns of a store row, in order. A row is all a line of a large flow
 * keeps, and each column costs it memory traffic: what most lines do not
 * write (options, a payload's byte count) takes a bit or a kept value instead.
 */
export const enum Col {
  Start, End, SrcName, DstName, Origin, SrcAt, DstAt, Bits, ArrowAt, OldAt, SpecEndAt, TimeLength, PayloadAt, PayloadEndAt,
  SeqAt, AckAt, LenAt, WinAt, SeqValue, AckValue, LenValue, WinValue, Width,
}

/**
 * The parts of a segment that may be kept whole: the values, the first four
 * in column order from `Col.SeqAt` (the options are always kept whole), then
 * the payload.
 */
export const enum Part { Seq, Ack, Len, Win, Mss, Wscale, Payload, Count }
const PACKED_PARTS = Part.Mss;

/** The number term of a plain number, as the parser makes it. */
export function numberTerm(value: number, start: number, end: number): NumberTerm {
  return { kind: 'number', value, negative: false, start, end };
}

/** A slot cell: not written, or written as something kept whole (a packed number is 0 or more). */
const NOT_WRITTEN = -1;
const KEPT = -2;

/**
 * The rows of the segment nodes one parse makes, by column in typed arrays: a
 * large flow keeps one row per line and no objects for them. What does not
 * pack (an expression, a payload the general parser made) is kept whole beside
 * the rows. Payloads the common reader read are made from the parse's text when
 * asked; `detach` makes them and lets the text go.
 */
export class SegmentStore {
  length = 0;
  private cells: Int32Array;
  private times: Float64Array;
  private readonly kept = new Map<number, Expr | NumberField | StringLit>();
  /** Endpoint names by index (a flow writes two, and a few mistakes), and the blocks of the rows in one. */
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly blocks = new Map<number, SimultaneousStmt>();

  constructor(private text: string | undefined, private capacity = 256) {
    this.cells = new Int32Array(capacity * Col.Width);
    this.times = new Float64Array(capacity);
  }

  /** A row holding the segment the general parser read. */
  add(s: ReadSegment): number {
    this.open();
    const row = this.length;
    const { start, spec } = s;
    this.put(Col.Bits, spec.flags | (spec.calls << 8) | (s.lost ? LOST : 0) | (s.invalid ? INVALID : 0) | (spec.ackIsCall ? ACK_IS_CALL : 0));
    this.put(Col.ArrowAt, s.arrowStart - start);
    this.put(Col.OldAt, s.old ? s.old.start - start : -1);
    this.put(Col.SpecEndAt, s.specEnd - start);
    if (s.time) {
      this.put(Col.TimeLength, s.time.end - start);
      this.putTime(s.time.value);
    }
    if (spec.payload) this.put(Col.PayloadAt, this.keep(row, Part.Payload, spec.payload));
    const values = [spec.seq, spec.ack, spec.len, spec.win];
    for (let part = 0; part < PACKED_PARTS; part++) {
      const at = slot(values[part], start);
      this.put(Col.SeqAt + part, at === undefined ? NOT_WRITTEN : typeof at === 'number' ? at : this.keep(row, part, at));
      this.put(Col.SeqValue + part, small(values[part]));
    }
    // A plain number is kept as the term a row would make of it, as the common reader keeps it.
    const option = (part: Part.Mss | Part.Wscale, e: NumberField | undefined) => {
      if (e) this.putOption(part, typeof slot(e, start) === 'number' ? numberTerm(e.value, e.start, e.end) : e);
    };
    option(Part.Mss, spec.mss);
    option(Part.Wscale, spec.wscale);
    return this.commit(start, s.end, s.block, this.nameId(s.src.text), s.src.start - start, this.nameId(s.dst.text), s.dst.start - start);
  }

  /** Where the open row's cells start (see `open`). */
  private openAt = 0;

  /** Opens the next row, for a line read a character at a time (`put`, then `commit`): its cells say that nothing is written. */
  open(): void {
    if (this.length === this.capacity) this.grow();
    const at = (this.openAt = this.length * Col.Width);
    const c = this.cells;
    c[at + Col.Bits] = 0;
    c[at + Col.OldAt] = -1;
    c[at + Col.TimeLength] = 0;
    this.times[this.length] = 0;
    c[at + Col.PayloadAt] = c[at + Col.PayloadEndAt] = NOT_WRITTEN;
    for (let part = 0; part < PACKED_PARTS; part++) {
      c[at + Col.SeqAt + part] = NOT_WRITTEN;
      c[at + Col.SeqValue + part] = 0;
    }
  }

  /** Keeps `mss=` or `wscale=` of the open row. */
  putOption(part: Part.Mss | Part.Wscale, value: NumberField): void {
    this.put(Col.Bits, this.got(Col.Bits) | OPTIONS);
    this.keep(this.length, part, value);
  }

  /** `mss=` or `wscale=` of `row`, when written. */
  option(row: number, part: Part.Mss | Part.Wscale): NumberField | undefined {
    return this.cell(row, Col.Bits) & OPTIONS ? this.keptAt<NumberField>(row, part) : undefined;
  }

  /** Writes a cell of the open row. */
  put(col: Col, value: number): void {
    this.cells[this.openAt + col] = value;
  }

  /** A cell of the open row. */
  got(col: Col): number {
    return this.cells[this.openAt + col];
  }

  putTime(value: number): void {
    this.times[this.length] = value;
  }

  /** Adds the open row, for a node from `start` to `end` sent by `src` to `dst` (name ids, and the names' offsets from `start`): returns it. */
  commit(start: number, end: number, block: SimultaneousStmt | undefined, src: number, srcAt: number, dst: number, dstAt: number): number {
    const row = this.length++;
    const at = this.openAt;
    const c = this.cells;
    c[at + Col.Start] = c[at + Col.Origin] = start;
    c[at + Col.End] = end;
    c[at + Col.SrcName] = src;
    c[at + Col.SrcAt] = srcAt;
    c[at + Col.DstName] = dst;
    c[at + Col.DstAt] = dstAt;
    if (block) this.blocks.set(row, block);
    return row;
  }

  /** Makes every payload still to be read from the text, and forgets the text (a store of a few lines must not hold a whole version of it). */
  detach(): void {
    const text = this.text;
    if (text === undefined) return;
    for (let row = 0; row < this.length; row++) {
      const at = row * Col.Width;
      const p = this.cells[at + Col.PayloadAt];
      if (p >= 0) this.cells[at + Col.PayloadAt] = this.keep(row, Part.Payload, this.payloadFrom(text, row, this.cells[at + Col.Origin]));
    }
    this.text = undefined;
  }

  /** Leaves few spare rows (a parse's end): a quarter more are left in place, since rows never written cost no memory pages. */
  trim(): void {
    if (this.capacity > this.length * 1.25 + 64) this.resize(this.length);
  }

  cell(row: number, col: Col): number {
    return this.cells[row * Col.Width + col];
  }

  name(row: number, col: Col.SrcName | Col.DstName): string {
    return this.names[this.cell(row, col)];
  }

  block(row: number): SimultaneousStmt | undefined {
    return this.blocks.size ? this.blocks.get(row) : undefined;
  }

  time(row: number): number {
    return this.times[row];
  }

  /** The expression, field or payload kept whole as part `part` of `row`. */
  keptAt<T>(row: number, part: Part): T {
    return this.kept.get(row * Part.Count + part) as T;
  }

  /** The payload of `row`, whose node starts at `start` now. */
  payload(row: number, start: number): StringLit | undefined {
    const at = this.cell(row, Col.PayloadAt);
    if (at === NOT_WRITTEN) return undefined;
    if (at === KEPT) return this.keptAt<StringLit>(row, Part.Payload);
    const lit = this.payloadFrom(this.text!, row, this.cell(row, Col.Origin));
    const d = start - this.cell(row, Col.Origin);
    return d === 0 ? lit : { start: lit.start + d, end: lit.end + d, value: lit.value };
  }

  /** Moves row `row` by `d` characters: its start and end, and what it keeps whole (`move` moves one of those). */
  move(row: number, d: number, move: (s: Span | Expr, d: number) => void): void {
    this.cells[row * Col.Width + Col.Start] += d;
    this.cells[row * Col.Width + Col.End] += d;
    for (let part = 0; part < Part.Count; part++) {
      const kept = part === Part.Mss || part === Part.Wscale ? this.option(row, part) !== undefined : this.cell(row, part === Part.Payload ? Col.PayloadAt : Col.SeqAt + part) === KEPT;
      if (kept) move(this.keptAt<Span>(row, part), d);
    }
  }

  private payloadFrom(text: string, row: number, origin: number): StringLit {
    const start = origin + this.cell(row, Col.PayloadAt);
    const end = origin + this.cell(row, Col.PayloadEndAt);
    return { start, end, value: unquote(text.slice(start, end)) };
  }

  /** The endpoint names of the rows so far, by id. */
  get nameList(): readonly string[] {
    return this.names;
  }

  /** The index of a name: the names of a flow are few, and mostly the same string each time (the parser reuses the words it read). */
  nameId(name: string): number {
    const names = this.names;
    for (let k = 0; k < names.length && k < 4; k++) if (names[k] === name) return k;
    let id = this.nameIndex.get(name);
    if (id === undefined) {
      id = names.push(name) - 1;
      this.nameIndex.set(name, id);
    }
    return id;
  }

  private keep(row: number, part: Part, o: Expr | NumberField | StringLit): number {
    this.kept.set(row * Part.Count + part, o);
    return KEPT;
  }

  private grow(): void {
    this.resize(Math.max(64, Math.ceil(this.capacity * 1.5)));
  }

  private resize(capacity: number): void {
    const cells = new Int32Array(capacity * Col.Width);
    cells.set(this.cells.subarray(0, Math.min(this.cells.length, cells.length)));
    const times = new Float64Array(capacity);
    times.set(this.times.subarray(0, Math.min(this.times.length, capacity)));
    this.cells = cells;
    this.times = times;
    this.capacity = capacity;
  }
}

// Fields are declared, not defined: the constructor makes them, in one order (one shape, and one store each).
export class SegmentNode implements SegmentStmt, SegmentSpec {
  declare readonly kind: 'segment';
  /** The segment is row `row` of `store`. */
  declare private readonly store: SegmentStore;
  declare private readonly row: number;

  static {
    Object.defineProperty(SegmentNode.prototype, 'kind', { value: 'segment' });
  }

  /** The segment in row `row` of `store`. */
  constructor(store: SegmentStore, row: number) {
    this.store = store;
    this.row = row;
  }

  get start(): number {
    return this.store.cell(this.row, Col.Start);
  }

  get end(): number {
    return this.store.cell(this.row, Col.End);
  }

  /** The names as written (`src`/`dst` make their spans when asked). */
  get srcText(): string {
    return this.store.name(this.row, Col.SrcName);
  }

  get dstText(): string {
    return this.store.name(this.row, Col.DstName);
  }

  get block(): SimultaneousStmt | undefined {
    return this.store.block(this.row);
  }

  get spec(): SegmentSpec {
    return this;
  }

  get src(): Name {
    const start = this.start + this.store.cell(this.row, Col.SrcAt);
    return { start, end: start + this.srcText.length, text: this.srcText };
  }

  get dst(): Name {
    const start = this.start + this.store.cell(this.row, Col.DstAt);
    return { start, end: start + this.dstText.length, text: this.dstText };
  }

  get payload(): StringLit | undefined {
    return this.store.payload(this.row, this.start);
  }

  /** The payload's length in bytes when its text shows it without unquoting (ASCII, no escapes); -1 otherwise (ask the payload). */
  get payloadBytes(): number {
    const at = this.store.cell(this.row, Col.PayloadAt);
    return at >= 0 && this.bits & PLAIN_PAYLOAD ? this.store.cell(this.row, Col.PayloadEndAt) - at - 2 : -1;
  }

  get hasTime(): boolean {
    return this.store.cell(this.row, Col.TimeLength) !== 0;
  }

  /** `a`'s timestamp is later than `b`'s (both written). */
  static timeAfter(a: SegmentNode, b: SegmentNode): boolean {
    return a.store.time(a.row) > b.store.time(b.row);
  }

  /** The timestamp's value (undefined without one), read without making its span. */
  get timeNumber(): number | undefined {
    return this.store.cell(this.row, Col.TimeLength) ? this.store.time(this.row) : undefined;
  }

  /** The value of seq, ack or len when written as one plain number, read without making its term; undefined otherwise. */
  plainValue(key: 'seq' | 'ack' | 'len'): number | undefined {
    const slot = key === 'seq' ? Part.Seq : key === 'ack' ? Part.Ack : Part.Len;
    const at = this.store.cell(this.row, Col.SeqAt + slot);
    if (at === NOT_WRITTEN) return undefined;
    if (at === KEPT) return plainOf(this.store.keptAt<Expr>(this.row, slot));
    return this.store.cell(this.row, Col.SeqValue + slot) >>> 0;
  }

  private get bits(): number {
    return this.store.cell(this.row, Col.Bits);
  }

  get lost(): boolean {
    return (this.bits & LOST) !== 0;
  }

  get invalid(): boolean {
    return (this.bits & INVALID) !== 0;
  }

  get flags(): number {
    return this.bits & 0xff;
  }

  get calls(): number {
    return (this.bits >> 8) & 0xff;
  }

  get ackIsCall(): boolean | undefined {
    return this.store.cell(this.row, Col.AckAt) === NOT_WRITTEN ? undefined : (this.bits & ACK_IS_CALL) !== 0;
  }

  get specEnd(): number {
    return this.start + this.store.cell(this.row, Col.SpecEndAt);
  }

  get arrow(): Span {
    const start = this.start + this.store.cell(this.row, Col.ArrowAt);
    return { start, end: start + 2 };
  }

  get old(): Span | undefined {
    const at = this.store.cell(this.row, Col.OldAt);
    if (at < 0) return undefined;
    const start = this.start + at;
    return { start, end: start + 3 };
  }

  get time(): NumberField | undefined {
    const length = this.store.cell(this.row, Col.TimeLength);
    return length ? { value: this.store.time(this.row), start: this.start, end: this.start + length } : undefined;
  }

  /** The sequence number: `seq=`, or the value of `SYN(…)`, `FIN(…)` or `RST(…)`. */
  get seq(): Expr | undefined {
    return this.term(Part.Seq);
  }

  /** The acknowledgment number: `ack=` or the value of `ACK(…)`. */
  get ack(): Expr | undefined {
    return this.term(Part.Ack);
  }

  /** `len=`: the payload length when no payload string is written. */
  get len(): NumberField | undefined {
    return this.term(Part.Len);
  }

  /** `win=`: the advertised receive window. */
  get win(): NumberField | undefined {
    return this.term(Part.Win);
  }

  /** `mss=`: the maximum segment size option. */
  get mss(): NumberField | undefined {
    return this.store.option(this.row, Part.Mss);
  }

  /** `wscale=`: the window scale option. */
  get wscale(): NumberField | undefined {
    return this.store.option(this.row, Part.Wscale);
  }

  /** Moves the node by `d` characters: its own offsets are relative to its start; `move` moves a span or an expression kept whole. */
  move(d: number, move: (s: Span | Expr, d: number) => void): void {
    this.store.move(this.row, d, move);
  }

  /** The plain shape the parser read (for comparisons of statements as JSON). */
  toJSON(): SegmentStmt {
    return {
      kind: 'segment', start: this.start, end: this.end, time: this.time, old: this.old, src: this.src, lost: this.lost, arrow: this.arrow,
      dst: this.dst, spec: this.plainSpec(), invalid: this.invalid, specEnd: this.specEnd, block: this.block,
    };
  }

  private plainSpec(): SegmentSpec {
    return {
      flags: this.flags, calls: this.calls, seq: this.seq, ack: this.ack, ackIsCall: this.ackIsCall,
      len: this.len, win: this.win, mss: this.mss, wscale: this.wscale, payload: this.payload,
    };
  }

  private term<T extends Expr | NumberField>(slot: Part): T | undefined {
    const at = this.store.cell(this.row, Col.SeqAt + slot);
    if (at === NOT_WRITTEN) return undefined;
    if (at === KEPT) return this.store.keptAt<T>(this.row, slot);
    const start = this.start + (at >> LENGTH_BITS);
    const value = this.store.cell(this.row, Col.SeqValue + slot) >>> 0;
    return numberTerm(value, start, start + (at & (MAX_LENGTH - 1))) as T;
  }
}

/** A segment's timestamp value (undefined without one). */
export function timeOf(stmt: SegmentStmt): number | undefined {
  return stmt instanceof SegmentNode ? stmt.timeNumber : stmt.time?.value;
}

/** The segment has a timestamp. */
export function hasTime(stmt: SegmentStmt): boolean {
  return stmt instanceof SegmentNode ? stmt.hasTime : stmt.time !== undefined;
}

/** `b`'s timestamp is earlier than `a`'s, both written (compared where they are stored: no number is made for either). */
export function timeDecreases(a: SegmentStmt, b: SegmentStmt): boolean {
  if (a instanceof SegmentNode && b instanceof SegmentNode) return a.hasTime && b.hasTime && SegmentNode.timeAfter(a, b);
  const ta = timeOf(a);
  const tb = timeOf(b);
  return ta !== undefined && tb !== undefined && tb < ta;
}

/** The value of a spec's seq, ack or len when it is one plain number; undefined when not written or when it is more than a number. */
export function plainValue(spec: SegmentSpec, key: 'seq' | 'ack' | 'len'): number | undefined {
  return spec instanceof SegmentNode ? spec.plainValue(key) : plainOf(spec[key]);
}

/** The value of a plain number field or a positive number term. */
function plainOf(e: Expr | NumberField | undefined): number | undefined {
  return e && 'value' in e && !('negative' in e && e.negative) ? e.value : undefined;
}

/** The sender's name as written (without making its span). */
export function srcText(stmt: SegmentStmt): string {
  return stmt instanceof SegmentNode ? stmt.srcText : stmt.src.text;
}

/** The receiver's name as written (without making its span). */
export function dstText(stmt: SegmentStmt): string {
  return stmt instanceof SegmentNode ? stmt.dstText : stmt.dst.text;
}
