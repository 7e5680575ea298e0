// A segment line as one compact object: a large flow keeps one per line, so its
// positions and plain numbers are stored inline and the spans and terms it
// answers are made when asked. It is its own spec (the field names of a segment
// and of its spec do not clash).
import type { Span } from '../text';
import { type Expr, type Name, type NumberField, type SegmentSpec, type SegmentStmt, type SimultaneousStmt, type StringLit } from './ast';

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

/**
 * What a segment node packs besides its start, end, names and block: filled
 * for each line in one record a parser reuses, then copied into the node.
 */
export class SegmentFields {
  /** The sender's and receiver's names: their offsets from the line start, and their text. */
  srcAt = 0;
  srcText = '';
  dstAt = 0;
  dstText = '';
  /** flags, calls, LOST, INVALID, ACK_IS_CALL. */
  bits = 0;
  /** Offsets from the line start: the arrow (always two characters), the `old` prefix (three; -1 without), the end of the spec. */
  arrowAt = 0;
  oldAt = -1;
  specEndAt = 0;
  /** The timestamp starts the line: its length (0 without) and value. */
  timeLength = 0;
  timeValue = 0;
  payload: StringLit | undefined = undefined;
  /** Where seq, ack, len, win, mss and wscale stand. */
  seqAt: Slot<Expr> = undefined;
  ackAt: Slot<Expr> = undefined;
  lenAt: Slot<NumberField> = undefined;
  winAt: Slot<NumberField> = undefined;
  mssAt: Slot<NumberField> = undefined;
  wscaleAt: Slot<NumberField> = undefined;
  /** Their values, where they are packed numbers (see `small`). */
  seqValue = 0;
  ackValue = 0;
  lenValue = 0;
  winValue = 0;
  mssValue = 0;
  wscaleValue = 0;

  /** Fills the record from a segment as the parser read it, part by part (the arrow by its start). */
  read(
    start: number, time: NumberField | undefined, old: Span | undefined, src: Name, lost: boolean, arrowStart: number, dst: Name,
    spec: SegmentSpec, invalid: boolean, specEnd: number,
  ): this {
    this.srcAt = src.start - start;
    this.srcText = src.text;
    this.dstAt = dst.start - start;
    this.dstText = dst.text;
    this.payload = spec.payload;
    this.bits = spec.flags | (spec.calls << 8) | (lost ? LOST : 0) | (invalid ? INVALID : 0) | (spec.ackIsCall ? ACK_IS_CALL : 0);
    this.arrowAt = arrowStart - start;
    this.oldAt = old ? old.start - start : -1;
    this.specEndAt = specEnd - start;
    this.timeLength = time ? time.end - start : 0;
    this.timeValue = time ? time.value : 0;
    this.seqAt = slot(spec.seq, start);
    this.ackAt = slot(spec.ack, start);
    this.lenAt = slot(spec.len, start);
    this.winAt = slot(spec.win, start);
    this.mssAt = slot(spec.mss, start);
    this.wscaleAt = slot(spec.wscale, start);
    this.seqValue = small(spec.seq);
    this.ackValue = small(spec.ack);
    this.lenValue = small(spec.len);
    this.winValue = small(spec.win);
    this.mssValue = small(spec.mss);
    this.wscaleValue = small(spec.wscale);
    return this;
  }

  /** Empties the record for a line read field by field. */
  clear(): void {
    this.bits = 0;
    this.oldAt = -1;
    this.timeLength = 0;
    this.timeValue = 0;
    this.payload = undefined;
    this.seqAt = this.ackAt = this.lenAt = this.winAt = this.mssAt = this.wscaleAt = undefined;
    this.seqValue = this.ackValue = this.lenValue = this.winValue = this.mssValue = this.wscaleValue = 0;
  }
}

// Fields are declared, not defined: the constructor makes them, in one order (one shape, and one store each).
export class SegmentNode implements SegmentStmt, SegmentSpec {
  declare readonly kind: 'segment';
  declare start: number;
  declare end: number;
  /** The names as written (`src`/`dst` make their spans when asked). */
  declare readonly srcText: string;
  declare readonly dstText: string;
  declare readonly block: SimultaneousStmt | undefined;
  declare readonly payload: StringLit | undefined;
  /** As in `SegmentFields`. */
  declare private readonly srcAt: number;
  declare private readonly dstAt: number;
  declare private readonly bits: number;
  declare private readonly arrowAt: number;
  declare private readonly oldAt: number;
  declare private readonly specEndAt: number;
  declare private readonly timeLength: number;
  declare private readonly timeValue: number;
  declare private readonly seqAt: Slot<Expr>;
  declare private readonly ackAt: Slot<Expr>;
  declare private readonly lenAt: Slot<NumberField>;
  declare private readonly winAt: Slot<NumberField>;
  declare private readonly mssAt: Slot<NumberField>;
  declare private readonly wscaleAt: Slot<NumberField>;
  declare private readonly seqValue: number;
  declare private readonly ackValue: number;
  declare private readonly lenValue: number;
  declare private readonly winValue: number;
  declare private readonly mssValue: number;
  declare private readonly wscaleValue: number;

  static {
    Object.defineProperty(SegmentNode.prototype, 'kind', { value: 'segment' });
  }

  /** The segment from `start` to `end`, with the rest of what it packs in `f` (copied: the record is reused). */
  constructor(start: number, end: number, block: SimultaneousStmt | undefined, f: SegmentFields) {
    this.start = start;
    this.end = end;
    this.srcText = f.srcText;
    this.dstText = f.dstText;
    this.block = block;
    this.srcAt = f.srcAt;
    this.dstAt = f.dstAt;
    this.payload = f.payload;
    this.bits = f.bits;
    this.arrowAt = f.arrowAt;
    this.oldAt = f.oldAt;
    this.specEndAt = f.specEndAt;
    this.timeLength = f.timeLength;
    this.timeValue = f.timeValue;
    this.seqAt = f.seqAt;
    this.ackAt = f.ackAt;
    this.lenAt = f.lenAt;
    this.winAt = f.winAt;
    this.mssAt = f.mssAt;
    this.wscaleAt = f.wscaleAt;
    this.seqValue = f.seqValue;
    this.ackValue = f.ackValue;
    this.lenValue = f.lenValue;
    this.winValue = f.winValue;
    this.mssValue = f.mssValue;
    this.wscaleValue = f.wscaleValue;
  }

  get spec(): SegmentSpec {
    return this;
  }

  get src(): Name {
    const start = this.start + this.srcAt;
    return { start, end: start + this.srcText.length, text: this.srcText };
  }

  get dst(): Name {
    const start = this.start + this.dstAt;
    return { start, end: start + this.dstText.length, text: this.dstText };
  }

  /** The timestamp's value (undefined without one), read without making its span. */
  get timeNumber(): number | undefined {
    return this.timeLength ? this.timeValue : undefined;
  }

  /** The value of seq, ack or len when written as one plain number, read without making its term; undefined otherwise. */
  plainValue(key: 'seq' | 'ack' | 'len'): number | undefined {
    // Spelled out: a property name built from `key` would be a new string on every read.
    const at = key === 'seq' ? this.seqAt : key === 'ack' ? this.ackAt : this.lenAt;
    if (typeof at !== 'number') return plainOf(at);
    return (key === 'seq' ? this.seqValue : key === 'ack' ? this.ackValue : this.lenValue) >>> 0;
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
    return this.ackAt === undefined ? undefined : (this.bits & ACK_IS_CALL) !== 0;
  }

  get specEnd(): number {
    return this.start + this.specEndAt;
  }

  get arrow(): Span {
    const start = this.start + this.arrowAt;
    return { start, end: start + 2 };
  }

  get old(): Span | undefined {
    if (this.oldAt < 0) return undefined;
    const start = this.start + this.oldAt;
    return { start, end: start + 3 };
  }

  get time(): NumberField | undefined {
    return this.timeLength ? { value: this.timeValue, start: this.start, end: this.start + this.timeLength } : undefined;
  }

  /** The sequence number: `seq=`, or the value of `SYN(…)`, `FIN(…)` or `RST(…)`. */
  get seq(): Expr | undefined {
    return this.term(this.seqAt, this.seqValue);
  }

  /** The acknowledgment number: `ack=` or the value of `ACK(…)`. */
  get ack(): Expr | undefined {
    return this.term(this.ackAt, this.ackValue);
  }

  /** `len=`: the payload length when no payload string is written. */
  get len(): NumberField | undefined {
    return this.term(this.lenAt, this.lenValue);
  }

  /** `win=`: the advertised receive window. */
  get win(): NumberField | undefined {
    return this.term(this.winAt, this.winValue);
  }

  /** `mss=`: the maximum segment size option. */
  get mss(): NumberField | undefined {
    return this.term(this.mssAt, this.mssValue);
  }

  /** `wscale=`: the window scale option. */
  get wscale(): NumberField | undefined {
    return this.term(this.wscaleAt, this.wscaleValue);
  }

  /** Moves the node by `d` characters: its own offsets are relative to its start; `move` moves a span or an expression of its own. */
  move(d: number, move: (s: Span | Expr, d: number) => void): void {
    this.start += d;
    this.end += d;
    if (this.payload) move(this.payload, d);
    // Only an expression kept whole has offsets of its own (packed numbers are relative to the start).
    const { seqAt, ackAt, lenAt, winAt, mssAt, wscaleAt } = this;
    if (typeof seqAt === 'object') move(seqAt, d);
    if (typeof ackAt === 'object') move(ackAt, d);
    if (typeof lenAt === 'object') move(lenAt, d);
    if (typeof winAt === 'object') move(winAt, d);
    if (typeof mssAt === 'object') move(mssAt, d);
    if (typeof wscaleAt === 'object') move(wscaleAt, d);
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

  private term<T>(at: Slot<T>, value: number): T | NumberTerm | undefined {
    if (typeof at !== 'number') return at;
    const start = this.start + (at >> LENGTH_BITS);
    return { kind: 'number', value: value >>> 0, negative: false, start, end: start + (at & (MAX_LENGTH - 1)) };
  }
}

/** A segment's timestamp value (undefined without one). */
export function timeOf(stmt: SegmentStmt): number | undefined {
  return stmt instanceof SegmentNode ? stmt.timeNumber : stmt.time?.value;
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
