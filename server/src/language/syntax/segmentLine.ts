// The common segment line read straight from its characters, with no tokens,
// items or expressions made on the way: `[time] A -> B : FLAGS key=N ... "payload"`,
// with plain decimal numbers, known flags and fields each written once, and no
// finding to report. A captured flow is nearly all such lines. Anything else
// (a symbol, a call, a sum, `old`, a mistake of any kind) is left to the
// general parser, which reads the line from its start as if this had not looked:
// both read a common line into the same node (a property test holds them to it).
import { Flag, FLAG_NAMES, type SpecItem } from './ast';
import { unquote } from './lexer';
import { Col, LOST, numberTerm, packedAt, Part, PLAIN_PAYLOAD, type SegmentStore } from './segmentNode';

/** Character classes by code, below 128 (one load a character). */
const IDENT_START = 1;
const DIGIT = 2;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLASSES[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? IDENT_START : c >= 48 && c <= 57 ? DIGIT : 0;
}
// A character past the text's end (NaN) and any above 127 are in no class.
const isIdentStart = (c: number) => c < 128 && CLASSES[c] === IDENT_START;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentPart = (c: number) => c < 128 && CLASSES[c] !== 0;

const enum Field { Seq, Ack, Len, Win, Mss, Wscale }

/** A three-letter word folded to lower case, as an index below 26^3; -1 when a character is not a letter. */
function letters3(t: string, i: number): number {
  let key = 0;
  for (let k = i; k < i + 3; k++) {
    const c = (t.charCodeAt(k) | 32) - 97;
    if (c < 0 || c > 25) return -1;
    key = key * 26 + c;
  }
  return key;
}

/** Flags and fields by their three-letter words (all but `wscale`), read with one load: 0 for none, the value plus one otherwise. */
const FLAG_BY_LETTERS = new Uint8Array(26 ** 3);
const FIELD_BY_LETTERS = new Uint8Array(26 ** 3);
for (const [w, f] of [['SYN', Flag.SYN], ['ACK', Flag.ACK], ['FIN', Flag.FIN], ['RST', Flag.RST], ['PSH', Flag.PSH], ['URG', Flag.URG], ['ECE', Flag.ECE], ['CWR', Flag.CWR]] as const) {
  FLAG_BY_LETTERS[letters3(w, 0)] = f + 1;
}
for (const [w, f] of [['seq', Field.Seq], ['ack', Field.Ack], ['len', Field.Len], ['win', Field.Win], ['mss', Field.Mss]] as const) FIELD_BY_LETTERS[letters3(w, 0)] = f + 1;

/** The flag the word from `start` to `end` names (case folded; `key`: its `letters3`), undefined for any other word. */
function flagNamed(start: number, end: number, key: number): Flag | undefined {
  if (end - start !== 3) return undefined;
  return key < 0 || !FLAG_BY_LETTERS[key] ? undefined : ((FLAG_BY_LETTERS[key] - 1) as Flag);
}

/** The field the word from `start` to `end` names (case folded; `key`: its first three letters' `letters3`), undefined for any other word. */
function fieldNamed(t: string, start: number, end: number, key: number): Field | undefined {
  if (end - start === 6) return t.slice(start, end).toLowerCase() === 'wscale' ? Field.Wscale : undefined;
  if (end - start !== 3) return undefined;
  return key < 0 || !FIELD_BY_LETTERS[key] ? undefined : ((FIELD_BY_LETTERS[key] - 1) as Field);
}

/** The largest value of each field (the header field's width). */
const FIELD_MAX = [0xffffffff, 0xffffffff, 0xffffffff, 0xffff, 0xffff, 0xff];
/** Powers of ten a timestamp's fraction is divided by: exact doubles, so one division rounds as `Number()` does. */
const TENS = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** A decimal with at most this many digits is an integer below 2^53 before its point is placed. */
const MAX_EXACT_DIGITS = 15;

/** Reads common segment lines of one text into the open row of a parser's store. */
export class SegmentLineReader {
  /** After a successful `read`: the names' offsets, where the last token ends, and where the line's end token starts (a line break, or the text's end). */
  srcStart = 0;
  srcEnd = 0;
  dstStart = 0;
  dstEnd = 0;
  /** The names' ids in the store when it has them already (-1 otherwise: a new name is added with its row). */
  srcId = -1;
  dstId = -1;
  lastEnd = 0;
  lineEnd = 0;

  /** The value of the field read last. */
  private value = 0;
  /** The string read last is ASCII without escapes. */
  private ascii = false;

  /** Where a line is read into: `read` opens its next row, and the parser adds it. */
  store: SegmentStore;

  constructor(private readonly text: string, store: SegmentStore) {
    this.store = store;
  }

  /**
   * Reads the line whose first token starts at `start`; false when it is not a
   * common segment line. `items`, when given, gets the spec's items as the
   * general parser makes them (left partly filled on false).
   */
  read(start: number, items?: SpecItem[]): boolean {
    const t = this.text;
    const row = this.store;
    row.open();
    let i = start;
    if (isDigit(t.charCodeAt(i))) {
      i = this.timestamp(start);
      if (i < 0) return false;
      i = this.skip(i);
    }
    // The sender, the arrow, the receiver and the colon.
    if (!isIdentStart(t.charCodeAt(i))) return false;
    this.srcStart = i;
    i = this.srcEnd = (this.srcId = this.knownName(t, i)) >= 0 ? this.nameEnd : identEnd(t, i);
    i = this.skip(i);
    if (t.charCodeAt(i) !== 45 /* - */) return false;
    const d = t.charCodeAt(i + 1);
    if ((d === 120 || d === 88) /* x X */ && !isIdentPart(t.charCodeAt(i + 2))) row.put(Col.Bits, LOST);
    else if (d !== 62 /* > */) return false;
    row.put(Col.ArrowAt, i - start);
    i = this.skip(i + 2);
    if (!isIdentStart(t.charCodeAt(i))) return false;
    this.dstStart = i;
    i = this.dstEnd = (this.dstId = this.knownName(t, i)) >= 0 ? this.nameEnd : identEnd(t, i);
    i = this.skip(i);
    if (t.charCodeAt(i) !== 58 /* : */) return false;
    let lastEnd = i + 1;
    let itemEnd = lastEnd;
    /** Fields and flag words seen, one bit each: a second one is a duplicate (a finding). */
    let fields = 0;
    let words = 0;
    for (i = this.skip(lastEnd); ; i = this.skip(lastEnd)) {
      const c = t.charCodeAt(i);
      if (i >= t.length || c === 10 || c === 13) break;
      if (c === 43 || c === 44 || c === 124 /* + , | */) {
        lastEnd = i + 1;
        continue;
      }
      if (c === 34 /* " */) {
        const end = this.string(i);
        if (end < 0 || row.got(Col.PayloadAt) >= 0) return false;
        row.put(Col.PayloadAt, i - start);
        row.put(Col.PayloadEndAt, end - start);
        if (this.ascii) row.put(Col.Bits, row.got(Col.Bits) | PLAIN_PAYLOAD);
        lastEnd = itemEnd = end;
        items?.push({ kind: 'payload', text: { start: i, end, value: unquote(t.slice(i, end)) }, start: i, end });
        continue;
      }
      if (!isIdentStart(c)) return false;
      // A word of three letters (every flag, every field but `wscale`) is read once: its letters are its key.
      const key = letters3(t, i);
      const wordEnd = key >= 0 && !isIdentPart(t.charCodeAt(i + 3)) ? i + 3 : identEnd(t, i);
      const next = t.charCodeAt(wordEnd);
      if (next === 61 /* = */) {
        const field = fieldNamed(t, i, wordEnd, key);
        if (field === undefined || fields & (1 << field)) return false;
        fields |= 1 << field;
        const end = this.field(field, wordEnd + 1, start);
        if (end < 0) return false;
        lastEnd = itemEnd = end;
        items?.push({ kind: 'field', key: t.slice(i, wordEnd), keyEnd: wordEnd, expr: { kind: 'number', value: this.value, negative: false, start: wordEnd + 1, end }, start: i, end });
        continue;
      }
      // A call (`SYN(…)`) or a field with a blank before `=` ends the reading at the next item, which cannot start with `(` or `=`.
      const flag = flagNamed(i, wordEnd, key);
      if (flag === undefined || words & flag) return false;
      words |= flag;
      row.put(Col.Bits, row.got(Col.Bits) | flag);
      lastEnd = itemEnd = wordEnd;
      items?.push({ kind: 'flag', flag: FLAG_NAMES[31 - Math.clz32(flag)], start: i, end: wordEnd });
    }
    row.put(Col.SpecEndAt, itemEnd - start);
    this.lastEnd = lastEnd;
    this.lineEnd = i;
    return true;
  }

  /** Where the name `knownName` found ends. */
  private nameEnd = 0;

  /**
   * The store's id of the endpoint name at `i` when it is one of the first few
   * the store has (a flow's two, nearly always): compared where it stands, so
   * the name is read once and no string is made for it. -1 for any other.
   */
  private knownName(t: string, i: number): number {
    const names = this.store.nameList;
    for (let k = 0; k < names.length && k < 4; k++) {
      const name = names[k];
      let j = 0;
      while (j < name.length && name.charCodeAt(j) === t.charCodeAt(i + j)) j++;
      if (j === name.length && !isIdentPart(t.charCodeAt(i + j))) {
        this.nameEnd = i + j;
        return k;
      }
    }
    return -1;
  }

  /** Reads the line starting at `lineStart` (blanks first); returns where its first token starts, -1 when it is not a common segment line. */
  lineAt(lineStart: number): number {
    const start = this.skip(lineStart);
    return this.read(start) ? start : -1;
  }

  /** Reads a timestamp at `start`; returns where it ends, -1 when it is not a plain decimal. */
  private timestamp(start: number): number {
    const t = this.text;
    let i = start;
    let m = 0;
    // Each character read once: its digit value (out of 0-9 for any other character).
    for (let d = t.charCodeAt(i) - 48; d >= 0 && d <= 9; d = t.charCodeAt(++i) - 48) m = m * 10 + d;
    let fraction = 0;
    if (t.charCodeAt(i) === 46 /* . */ && isDigit(t.charCodeAt(i + 1))) {
      const point = ++i;
      for (let d = t.charCodeAt(i) - 48; d >= 0 && d <= 9; d = t.charCodeAt(++i) - 48) m = m * 10 + d;
      fraction = i - point;
    }
    // A hexadecimal number, a word such as 2MSL, or more digits than a double holds exactly.
    if (isIdentPart(t.charCodeAt(i)) || i - start - (fraction ? 1 : 0) > MAX_EXACT_DIGITS) return -1;
    this.store.put(Col.TimeLength, i - start);
    this.store.putTime(fraction ? m / TENS[fraction] : m);
    return i;
  }

  /** Reads the value of a field right after its `=` at `i`; returns where it ends, -1 when it is anything but a plain number in range. */
  private field(field: Field, i: number, lineStart: number): number {
    const t = this.text;
    const start = i;
    let v = 0;
    // Ten digits at most: every 32-bit value, and still an exact double.
    let d = t.charCodeAt(i) - 48;
    for (; d >= 0 && d <= 9 && i - start < 10; d = t.charCodeAt(++i) - 48) v = v * 10 + d;
    const c = d + 48;
    // Not a number, a longer one, a hexadecimal (`0x`) or out-of-range one, a word, or the start of a sum (`seq=1+x`, `seq=1-x`). A fraction's point ends the line's reading next.
    if (i === start || isIdentPart(c) || c === 43 || c === 45 || v > FIELD_MAX[field]) return -1;
    const at = packedAt(start - lineStart, i - start);
    if (at < 0) return -1;
    this.value = v;
    // The fields' columns are in the order of `Field`; values below 2^32 are kept as 32-bit integers (read back with `>>> 0`).
    const row = this.store;
    if (field === Field.Mss || field === Field.Wscale) row.putOption(field === Field.Mss ? Part.Mss : Part.Wscale, numberTerm(v, start, i));
    else {
      row.put(Col.SeqAt + field, at);
      row.put(Col.SeqValue + field, v | 0);
    }
    // `ack=` implies the ACK flag.
    if (field === Field.Ack) row.put(Col.Bits, row.got(Col.Bits) | Flag.ACK);
    return i;
  }

  /**
   * Reads the string starting at `i`; returns where it ends (after its closing
   * quote), -1 when it is not closed on its line. `ascii` then says whether its
   * text is its value (ASCII, no escape), so its length in bytes is its length.
   */
  private string(i: number): number {
    const t = this.text;
    const n = t.length;
    let ascii = true;
    for (i++; i < n; ) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.ascii = ascii;
        return i + 1;
      }
      if (c === 10 || c === 13) return -1;
      if (c === 92 /* \ */) {
        ascii = false;
        i += i + 1 < n && t.charCodeAt(i + 1) !== 10 && t.charCodeAt(i + 1) !== 13 ? 2 : 1;
      } else {
        if (c > 0x7f) ascii = false;
        i++;
      }
    }
    return -1;
  }

  /** Skips blanks and a comment, as the lexer does between tokens; returns where the next token starts. */
  private skip(i: number): number {
    const t = this.text;
    const n = t.length;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xfeff || (c === 13 && t.charCodeAt(i + 1) === 10)) i++;
      else if (c === 35 /* # */ || (c === 47 /* / */ && t.charCodeAt(i + 1) === 47)) {
        while (i < n && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++;
      } else return i;
    }
  }
}

function identEnd(t: string, i: number): number {
  i++;
  while (isIdentPart(t.charCodeAt(i))) i++;
  return i;
}

